/*
 * config.c - the shared command line (see config.h).
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GIT_REV
#define GIT_REV "unknown"
#endif

static void usage(FILE *f, const char *model, const char *about)
{
	fprintf(f,
		"usage: %s [options]\n"
		"\n"
		"%s\n"
		"\n"
		"The threads-vs-events test server, %s model (revision %s).\n"
		"Serves HTTP/1.1 (GET /, /delay?ms=N, /cpu?us=N, /bytes?n=N,\n"
		"POST /echo, and TechEmpower's /json, /plaintext, /db,\n"
		"/queries, /fortunes, /updates) or a raw echo protocol.  Prints `listening on\n"
		"HOST:PORT` when ready; SIGINT or SIGTERM stops it with a\n"
		"summary line.  A model whose --about lists \"ws\" also\n"
		"serves GET /ws (a WebSocket chat: echo and broadcast) and\n"
		"GET /chat (a page that chats over it).\n"
		"\n"
		"options:\n"
		"  --proto http|echo     protocol to serve (default http)\n"
		"  --host ADDR           address to listen on (default "
		"127.0.0.1)\n"
		"  --port N              port; 0 picks a free one (default "
		"8080)\n"
		"  --workers N           threads of the thread-pool and of "
		"--offload\n"
		"                        (default 16); loops of a per-core "
		"model\n"
		"                        (default: one per usable CPU)\n"
		"  --stack-kib N         stack size of the threads this model "
		"creates\n"
		"                        (default: the system's)\n"
		"  --blocking            event loops: serve /delay with a "
		"blocking sleep\n"
		"                        inside the loop (the worst sin, on "
		"purpose)\n"
		"  --offload             event loops: serve /delay with a "
		"blocking sleep\n"
		"                        in a pool of --workers threads, the "
		"answer\n"
		"                        handed back to the loop\n"
		"  --db CONNINFO         PostgreSQL for GET /db, /queries,\n"
		"                        /fortunes, /updates, /dbsleep (a libpq\n"
		"                        string or URI; default $DATABASE_URL;\n"
		"                        without either they answer 503)\n"
		"  --db-pool N           database connections of the model's "
		"pool\n"
		"                        (default %d; --about lists the "
		"models\n"
		"                        that honour it)\n"
		"  --idle-timeout S      close idle keep-alive connections "
		"(default 60)\n"
		"  --header-timeout S    close clients whose request head is "
		"late\n"
		"                        (default 10)\n"
		"  --about               print what this model is as one JSON "
		"line\n"
		"  --help                this text\n"
		"\n"
		"Flags a model has no use for are accepted and ignored.\n",
		model, about, model, GIT_REV, CONFIG_DB_POOL);
}

static void bad_flag(const char *model, const char *about, const char *what,
		     const char *value)
{
	fprintf(stderr, "%s: %s: '%s'\n\n", model, what, value);
	usage(stderr, model, about);
	exit(2);
}

int config_usable_cpus(void)
{
	cpu_set_t set;
	int n;

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	n = CPU_COUNT(&set);
	return n > 0 ? n : 1;
}

/* A JSON string, or null for NULL.  Our strings are plain ASCII. */
static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* The --about line (config.h), for the flags given. */
static void print_about(const struct config *cfg, const struct about *a)
{
	static const struct {
		unsigned bit;
		const char *flag;
	} flags[] = {{HONOURS_WORKERS, "--workers"},
		     {HONOURS_STACK_KIB, "--stack-kib"},
		     {HONOURS_BLOCKING, "--blocking"},
		     {HONOURS_OFFLOAD, "--offload"},
		     {HONOURS_DB_POOL, "--db-pool"}};
	int threads = 1, processes = 1, first = 1;

	if (a->threads == THREADS_POOL)
		threads = 1 + cfg->workers;
	else if (a->threads == THREADS_PER_CORE)
		threads = cfg->workers;
	if (cfg->offload && (a->honours & HONOURS_OFFLOAD))
		threads += cfg->workers;
	printf("{\"name\":");
	json_str(a->name);
	printf(",\"kind\":");
	json_str(a->kind);
	printf(",\"threads\":%d,\"processes\":%d,\"per_connection\":",
	       threads, processes);
	json_str(a->per_connection);
	printf(",\"library\":");
	json_str(a->library);
	printf(",\"library_version\":");
	json_str(a->library_version);
	printf(",\"honours\":[");
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!(a->honours & flags[i].bit))
			continue;
		printf("%s", first ? "" : ",");
		json_str(flags[i].flag);
		first = 0;
	}
	printf("],\"poller\":");
	json_str(a->poller);
	printf(",\"protocols\":[\"http\",\"echo\"%s],\"revision\":",
	       a->protocols & PROTOCOL_WS ? ",\"ws\"" : "");
	json_str(GIT_REV);
	printf("}\n");
	fflush(stdout);
}

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

void config_parse(struct config *cfg, const struct about *a, int argc,
		  char **argv)
{
	const char *model = a->name, *about = a->summary;
	int want_about = 0;
	enum {
		O_PROTO = 256,
		O_HOST,
		O_PORT,
		O_WORKERS,
		O_STACK,
		O_BLOCKING,
		O_IDLE,
		O_HEADER,
		O_OFFLOAD,
		O_DB,
		O_DB_POOL,
		O_ABOUT,
		O_HELP
	};
	static const struct option opts[] = {
	    {"proto", required_argument, NULL, O_PROTO},
	    {"host", required_argument, NULL, O_HOST},
	    {"port", required_argument, NULL, O_PORT},
	    {"workers", required_argument, NULL, O_WORKERS},
	    {"stack-kib", required_argument, NULL, O_STACK},
	    {"blocking", no_argument, NULL, O_BLOCKING},
	    {"idle-timeout", required_argument, NULL, O_IDLE},
	    {"header-timeout", required_argument, NULL, O_HEADER},
	    {"offload", no_argument, NULL, O_OFFLOAD},
	    {"db", required_argument, NULL, O_DB},
	    {"db-pool", required_argument, NULL, O_DB_POOL},
	    {"about", no_argument, NULL, O_ABOUT},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	int c;

	memset(cfg, 0, sizeof(*cfg));
	cfg->model = model;
	cfg->proto = PROTO_HTTP;
	cfg->host = "127.0.0.1";
	cfg->port = 8080;
	cfg->workers = 16;
	cfg->idle_timeout_s = 60;
	cfg->header_timeout_s = 10;
	cfg->protocols = a->protocols;
	cfg->db = getenv("DATABASE_URL");
	cfg->db_pool = CONFIG_DB_POOL;

	opterr = 0; /* we print our own messages */
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_PROTO:
			if (!strcmp(optarg, "http"))
				cfg->proto = PROTO_HTTP;
			else if (!strcmp(optarg, "echo"))
				cfg->proto = PROTO_ECHO;
			else
				bad_flag(model, about,
					 "--proto takes http or echo", optarg);
			break;
		case O_HOST:
			cfg->host = optarg;
			break;
		case O_PORT:
			if (parse_int(optarg, 0, 65535, &cfg->port))
				bad_flag(model, about,
					 "--port takes 0 to 65535", optarg);
			break;
		case O_WORKERS:
			if (parse_int(optarg, 1, 100000, &cfg->workers))
				bad_flag(model, about,
					 "--workers takes 1 to 100000", optarg);
			cfg->workers_given = 1;
			break;
		case O_STACK:
			if (parse_int(optarg, 0, INT_MAX, &cfg->stack_kib))
				bad_flag(model, about,
					 "--stack-kib takes a size in KiB",
					 optarg);
			break;
		case O_BLOCKING:
			cfg->blocking = 1;
			break;
		case O_OFFLOAD:
			cfg->offload = 1;
			break;
		case O_DB:
			cfg->db = optarg;
			break;
		case O_DB_POOL:
			if (parse_int(optarg, 1, 10000, &cfg->db_pool))
				bad_flag(model, about,
					 "--db-pool takes 1 to 10000", optarg);
			break;
		case O_ABOUT:
			want_about = 1;
			break;
		case O_IDLE:
			if (parse_int(optarg, 1, 86400, &cfg->idle_timeout_s))
				bad_flag(model, about,
					 "--idle-timeout takes 1 to 86400 "
					 "seconds",
					 optarg);
			break;
		case O_HEADER:
			if (parse_int(optarg, 1, 86400, &cfg->header_timeout_s))
				bad_flag(model, about,
					 "--header-timeout takes 1 to 86400 "
					 "seconds",
					 optarg);
			break;
		case 'h':
		case O_HELP:
			usage(stdout, model, about);
			exit(0);
		default:
			bad_flag(model, about, "unknown or incomplete option",
				 argv[optind - 1]);
		}
	}
	if (optind < argc)
		bad_flag(model, about, "unexpected argument", argv[optind]);
	if (cfg->db && !*cfg->db)
		cfg->db = NULL; /* an empty DATABASE_URL: no database */
	if (cfg->blocking && cfg->offload)
		bad_flag(model, about, "--blocking and --offload exclude each other",
			 "--offload");
	/* One loop per core unless told otherwise. */
	if (a->threads == THREADS_PER_CORE && !cfg->workers_given)
		cfg->workers = config_usable_cpus();
	if (want_about) {
		print_about(cfg, a);
		exit(0);
	}
}
