/*
 * config.h - the command line every server shares (DESIGN.md, "Server
 * contract"), and what a model says about itself (--about).
 *
 * Every model accepts every flag; a flag a model has no use for is accepted
 * and ignored, so the harness can start any model the same way.  The
 * harness never guesses what a model is from its name: it runs `--about`
 * and reads one JSON line (see struct about).
 */
#ifndef CONFIG_H
#define CONFIG_H

enum proto { PROTO_HTTP, PROTO_ECHO };

struct config {
	const char *model; /* the binary's model name, for messages */
	enum proto proto;  /* --proto http|echo */
	const char *host;  /* --host ADDR */
	int port;	   /* --port N (0 picks a free port) */
	int workers;	   /* --workers N (thread-pool, offload, per-core) */
	int workers_given; /* --workers was on the command line */
	int stack_kib;	   /* --stack-kib N (0: the system's default) */
	int blocking;	   /* --blocking: event loops sleep inline for /delay */
	int offload;	   /* --offload: event loops sleep in a pool thread */
	int idle_timeout_s;   /* --idle-timeout S */
	int header_timeout_s; /* --header-timeout S */
	unsigned protocols;   /* PROTOCOL_*: the model's, from struct about */
	const char *db;	      /* --db CONNINFO, else $DATABASE_URL, or NULL */
	int db_pool;	      /* --db-pool N: database connections (db.h) */
};

/* --db-pool's default: connections per pool, or per event loop. */
#define CONFIG_DB_POOL (8)

/* Which optional flags a model honours (struct about's `honours`). */
enum about_honours {
	HONOURS_WORKERS = 1 << 0,   /* --workers N */
	HONOURS_STACK_KIB = 1 << 1, /* --stack-kib N */
	HONOURS_BLOCKING = 1 << 2,  /* --blocking */
	HONOURS_OFFLOAD = 1 << 3,   /* --offload (with --workers) */
	HONOURS_DB_POOL = 1 << 4,   /* --db-pool N */
};

/*
 * Protocols beyond http and echo (struct about's `protocols`).  A model
 * lists "ws" once it carries broadcasts between its connections
 * (session.h); only then does the session serve GET /ws and GET /chat.
 */
enum about_protocols {
	PROTOCOL_WS = 1 << 0, /* GET /ws: WebSocket chat, and GET /chat */
};

/* How many threads a model runs, apart from any per connection. */
enum about_threads {
	THREADS_ONE,	  /* one thread (plus --workers under --offload) */
	THREADS_POOL,	  /* a dispatcher plus --workers */
	THREADS_PER_CORE, /* --workers loops, default: the usable CPUs */
};

/*
 * What a model is.  `--about` prints it as one JSON line and exits 0:
 *
 *   {"name":"epoll","kind":"event-loop","threads":1,"processes":1,
 *    "per_connection":null,"library":null,"library_version":null,
 *    "honours":["--blocking","--offload"],"poller":"epoll",
 *    "protocols":["http","echo"],"revision":"329b55c"}
 *
 * `threads` counts the threads the model runs with the flags given (for
 * example --workers 4 --offload), `per_connection` names what it adds per
 * connection ("thread", "process", "coroutine" or null).
 */
struct about {
	const char *name;	    /* binary name: "epoll" */
	const char *kind;	    /* DESIGN.md's kinds: "event-loop", ... */
	const char *summary;	    /* one paragraph on the model, for --help */
	enum about_threads threads; /* its fixed threads */
	const char *per_connection; /* "thread", "process", "coroutine", NULL */
	const char *library;	    /* "libuv", "libev", ..., or NULL */
	const char *library_version; /* set at run time, before config_parse */
	unsigned honours;	     /* HONOURS_* */
	const char *poller; /* what waits underneath: "select", "poll",
			       "epoll", "io_uring", or NULL (blocking) */
	unsigned protocols; /* PROTOCOL_*, beyond http and echo */
};

/*
 * Parses argv into *cfg (defaults first).  On --help it prints usage to
 * stdout and exits 0; on --about it prints the JSON line above and exits
 * 0; on a bad flag it prints the problem and usage to stderr and exits 2.
 */
void config_parse(struct config *cfg, const struct about *about, int argc,
		  char **argv);

/* The CPUs this process may run on (sched_getaffinity), at least 1. */
int config_usable_cpus(void);

#endif
