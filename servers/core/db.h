/*
 * db.h - the database endpoints' shared half: what a request asks of
 * PostgreSQL, how its answer is rendered, and three ways to run it.
 *
 * The session never touches the database, as it never touches a socket.
 * A database request (GET /db, /queries, /fortunes, /updates, /dbsleep)
 * is handed out the way a /delay is: the session stops taking input,
 * session_want() says WANT_DB, and session_take_db() hands the model a
 * struct db_req, once, with everything chosen already (the kind, the row
 * count, the random ids, the updates' new numbers).  The model runs it
 * its own way, and calls session_db_done(): the session renders the rows
 * (JSON, or the fortunes' HTML table, sorted and escaped here, the extra
 * fortune added) or answers 503 when req->failed says so, then goes on
 * with any pipelined requests.  Each model's file shows only how it waits:
 *
 *   a thread          db_pool_run(&pool, req): borrows a connection
 *                     (waiting at most DB_POOL_WAIT_MS), blocks on it,
 *                     gives it back
 *   a child process   db_link_run(&link, conninfo, req): its own
 *                     connection, blocking (the model caps how many
 *                     children hold one)
 *   an event loop     db_async_submit(&conn, req), the connection's
 *                     db_async_fd() watched for db_async_want() in its own
 *                     poller, db_async_ready() when it is ready, and the
 *                     finished requests taken with db_async_done(), as
 *                     offload_done() hands back finished jobs
 *
 * TechEmpower's rules hold everywhere: one query per row (no IN lists),
 * no caching, no ORDER BY for the fortunes (the server sorts).  The
 * statements are prepared once per connection.  A non-blocking
 * connection pipelines (PQenterPipelineMode) with a PQpipelineSync after
 * every query, so each query is its own transaction: /updates never holds
 * a lock across rows, so concurrent updates never deadlock.
 *
 * Wiring an event loop (dbset.c does exactly this, for every loop model):
 *   1. at start, db_async_init() --db-pool connections (each connects
 *      on demand, when a request finds it the least busy);
 *   2. after every call on a connection, watch db_async_fd() for
 *      db_async_want() (-1: nothing to watch).  The descriptor changes
 *      when it reconnects; the old socket left the poller when libpq
 *      closed it, so add or modify, never delete a number you no longer
 *      own;
 *   3. on WANT_DB: req = session_take_db(), req->data = the client
 *      connection, db_async_submit() on the least busy connection
 *      (db_async_load()).  The client connection must outlive the
 *      request: one that closes meanwhile is freed when it comes back;
 *   4. when the descriptor is ready, db_async_ready(&conn, DB_WANT_*);
 *      about once a second, db_async_ready(&conn, 0) (timeouts,
 *      expired waits);
 *   5. after each batch of events, every req from db_async_done():
 *      session_db_done() on its session, then on as after a read.
 * --blocking calls db_link_run() inline instead; --offload sets the
 * offload job's db (offload.h) and pool.db_conninfo.
 *
 * Failure: a request on a connection that is down, or that breaks while
 * the request runs (halfway through sending it included), fails
 * (req->failed, a 503): none is ever lost.  A broken connection is
 * closed and reconnected by itself, at most once every DB_RETRY_MS, and
 * never while a request waits: a database that is down costs each
 * request one failed connect at most (libpq's connect_timeout,
 * DB_CONNECT_TIMEOUT_S) and usually nothing.  A blocking link cut while
 * idle (the database restarted) reconnects and runs the request once
 * more, since none of it ran.  No connection free (a pool all borrowed,
 * a pipeline full or stuck behind a slow query) means waiting at most
 * DB_POOL_WAIT_MS, then 503.
 *
 * Functions return 0 or -errno.  Nothing here is static: the threaded
 * models share it.
 */
#ifndef DB_H
#define DB_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define DB_WORLD_ROWS	     (10000)	 /* world's ids are 1..DB_WORLD_ROWS */
#define DB_MAX_QUERIES	     (500)	 /* /queries and /updates clamp to it */
#define DB_MAX_FORTUNES	     (64)	 /* rows of fortune we take, at most */
#define DB_FORTUNE_TEXT	     (16 * 1024) /* their messages' bytes, at most */
#define DB_MAX_SLEEP_MS	     (10000)	 /* GET /dbsleep?ms=N */
#define DB_POOL_WAIT_MS	     (1000) /* a request waits this long for room */
#define DB_PIPELINE_MAX	     (64)   /* requests in one connection's pipeline */
#define DB_RETRY_MS	     (500)  /* a failed connect is retried after */
#define DB_CONNECT_TIMEOUT_S (2)    /* libpq's connect_timeout */
/* A query in a pipeline that has not answered by then fails (the
 * longest legitimate one is a /dbsleep of DB_MAX_SLEEP_MS). */
#define DB_QUERY_TIMEOUT_MS (DB_MAX_SLEEP_MS + 5000)

enum db_kind {
	DB_WORLD,    /* GET /db: one row, answered as an object */
	DB_QUERIES,  /* GET /queries: n rows, an array */
	DB_FORTUNES, /* GET /fortunes: every fortune, an HTML table */
	DB_UPDATES,  /* GET /updates: n rows read, then written */
	DB_SLEEP,    /* GET /dbsleep: SELECT pg_sleep(n / 1000.0) */
	DB_PREPARE,  /* db_async's own: the statements, once a connection */
};

/* A growing output buffer for a rendered body. */
struct db_buf {
	char *p;
	size_t len;
	size_t cap;
};

struct db_world {
	int id;
	int number; /* randomNumber: as read, or (updates) the new one */
};

struct db_fortune {
	int id;
	unsigned off; /* its message in db_req.text */
	unsigned len;
};

struct db_req {
	enum db_kind kind;
	int n;	    /* rows (world kinds), or milliseconds (DB_SLEEP) */
	int failed; /* set by the runner: answer 503 */
	struct db_world rows[DB_MAX_QUERIES]; /* ids chosen by the session */
	int fresh[DB_MAX_QUERIES];	      /* updates: the new numbers */
	int nfortunes;
	struct db_fortune fortunes[DB_MAX_FORTUNES + 1];
	size_t text_len;
	char text[DB_FORTUNE_TEXT];
	/* The model's own, and the runners' bookkeeping. */
	void *data;	     /* the model's: its connection */
	struct db_req *next; /* queues (db_async, a model's lists) */
	int units;	     /* db_async: queries sent, each with a sync */
	int units_done;	     /* db_async: their syncs seen */
	uint64_t rng;	     /* the session's random numbers */
	int64_t since_ms;    /* db_async: when it was sent */
	struct db_buf body;  /* the session's rendering of the answer */
};

/* ---- the pure part: choosing, clamping, rendering (no database) */

/*
 * The `queries` parameter as TechEmpower reads it: missing, empty, not a
 * number, 0 or negative give 1; over DB_MAX_QUERIES gives DB_MAX_QUERIES.
 */
int db_clamp_queries(const char *query, size_t query_len);

/* A random world id, 1..DB_WORLD_ROWS, from *rng (xorshift, never 0). */
int db_random_id(uint64_t *rng);

/*
 * Sets req up for one request: kind, n, fresh random ids (and the
 * updates' new numbers) from req->rng; clears the results.
 */
void db_req_prepare(struct db_req *req, enum db_kind kind, int n);

/*
 * Renders req's answer into *b (from its start): JSON for the world
 * kinds (an object for DB_WORLD, an array otherwise), the HTML table for
 * DB_FORTUNES (the extra fortune added, sorted by message, escaped), and
 * "slept N ms" for DB_SLEEP.  Returns 0 or -ENOMEM.
 */
int db_render(struct db_req *req, struct db_buf *b);

/* The Content-Type of db_render's body for this kind. */
const char *db_content_type(enum db_kind kind);

/* Adds a fortune row to req (a runner's call); -ENOSPC when full. */
int db_add_fortune(struct db_req *req, int id, const char *msg, size_t len);

/* Sorts req's fortunes by message, bytewise (UTF-8 sorts by code point). */
void db_sort_fortunes(struct db_req *req);

/* Appends s[0..len) HTML-escaped (& < > " ') to *b. */
int db_html_escape(struct db_buf *b, const char *s, size_t len);

void db_buf_free(struct db_buf *b);

/* ---- blocking: one connection, for a thread or a child process */

struct pg_conn; /* libpq's PGconn, kept out of the models' includes */

struct db_link {
	struct pg_conn *pg;  /* NULL while down */
	int64_t retry_at_ms; /* no new connect before this */
};

/*
 * Runs req on the link with blocking libpq, one round trip per query,
 * connecting (and preparing) first when the link is down, unless the
 * last connect failed within DB_RETRY_MS.  Failures set req->failed and
 * close the link.  conninfo is a libpq string or URI.
 */
void db_link_run(struct db_link *l, const char *conninfo, struct db_req *req);

void db_link_close(struct db_link *l);

/* ---- blocking: a pool of links for the threads of one process */

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed; /* signalled when a link comes back */
	const char *conninfo;
	struct db_link *links; /* size of them */
	int *idle;	       /* indices of the links not borrowed */
	int nidle;
	int size;
};

/* Makes size links, all down (they connect on first use). */
int db_pool_init(struct db_pool *p, const char *conninfo, int size);

/*
 * Borrows a link, waiting at most DB_POOL_WAIT_MS (then req->failed: a
 * 503 for an exhausted pool), runs req on it (db_link_run), gives it
 * back.
 */
void db_pool_run(struct db_pool *p, struct db_req *req);

/* ---- non-blocking: one pipelined connection for an event loop */

enum db_async_want {
	DB_WANT_READ = 1 << 0,
	DB_WANT_WRITE = 1 << 1,
};

enum db_async_state {
	DBA_DOWN,	/* no connection; retry_at_ms says when to try */
	DBA_CONNECTING, /* PQconnectPoll in progress */
	DBA_PREPARING,	/* the statements are on their way */
	DBA_READY,
};

struct db_async {
	const char *conninfo;
	struct pg_conn *pg;
	enum db_async_state state;
	int64_t retry_at_ms;
	int64_t since_ms;	/* when the connect started */
	int poll_want;		/* while connecting: DB_WANT_* */
	int flush_pending;	/* PQflush said 1: want write */
	int stage;		/* where in a query's results we are */
	struct db_req *waiting; /* no room in the pipeline yet: FIFO */
	struct db_req **waiting_tail;
	int nwaiting;
	struct db_req *sent; /* in the pipeline, oldest first */
	struct db_req **sent_tail;
	int nsent;
	struct db_req *done; /* finished, for db_async_done() */
	struct db_req **done_tail;
	struct db_req prepare; /* the DB_PREPARE batch */
};

/* Sets a up, down; it connects on its first submit. */
void db_async_init(struct db_async *a, const char *conninfo);

/*
 * Queues req: sends it down the pipeline at once when there is room, or
 * keeps it until there is (the connect is done, the pipeline has less
 * than DB_PIPELINE_MAX requests and its oldest has waited less than
 * DB_POOL_WAIT_MS), and fails it after waiting DB_POOL_WAIT_MS (the
 * once-a-second db_async_ready(a, 0) notices).  When the connection is
 * down and its retry is not due yet, req fails at once.  A failed
 * request comes back from db_async_done() with req->failed.  The model
 * then re-reads db_async_fd() and db_async_want().
 */
void db_async_submit(struct db_async *a, struct db_req *req);

/* The descriptor to watch now, or -1 (down: nothing to watch). */
int db_async_fd(const struct db_async *a);

/* What to watch it for: DB_WANT_READ and/or DB_WANT_WRITE. */
unsigned db_async_want(const struct db_async *a);

/*
 * The descriptor is ready (or, with events 0, time has passed: the
 * model calls this about once a second: a connect or a query that takes
 * too long fails, and so do requests that waited too long for room):
 * connects, sends, reads what there is, finishes requests.
 * Afterwards the fd and what to watch may have changed.
 */
void db_async_ready(struct db_async *a, unsigned events);

/* Takes every finished request, oldest first, linked by `next`. */
struct db_req *db_async_done(struct db_async *a);

/* Requests in flight or waiting: nonzero while any are. */
int db_async_busy(const struct db_async *a);

/*
 * How busy the connection is, to pick among several: requests in flight
 * and waiting, far more when it takes no more now; 0 when down and free
 * to connect, INT_MAX when down and waiting to retry.
 */
int db_async_load(const struct db_async *a);

#endif
