/*
 * config.c - the shared command line (see config.h).
 */
#include "config.h"

#include <getopt.h>
#include <limits.h>
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
		"POST /echo) or a raw echo protocol.  Prints `listening on\n"
		"HOST:PORT` when ready; SIGINT or SIGTERM stops it with a\n"
		"summary line.\n"
		"\n"
		"options:\n"
		"  --proto http|echo     protocol to serve (default http)\n"
		"  --host ADDR           address to listen on (default "
		"127.0.0.1)\n"
		"  --port N              port; 0 picks a free one (default "
		"8080)\n"
		"  --workers N           worker threads, thread-pool only "
		"(default 16)\n"
		"  --stack-kib N         stack size of the threads this model "
		"creates\n"
		"                        (default: the system's)\n"
		"  --blocking            event loops: serve /delay with a "
		"blocking sleep\n"
		"                        inside the loop (the worst sin, on "
		"purpose)\n"
		"  --idle-timeout S      close idle keep-alive connections "
		"(default 60)\n"
		"  --header-timeout S    close clients whose request head is "
		"late\n"
		"                        (default 10)\n"
		"  --help                this text\n"
		"\n"
		"Flags a model has no use for are accepted and ignored.\n",
		model, about, model, GIT_REV);
}

static void bad_flag(const char *model, const char *about, const char *what,
		     const char *value)
{
	fprintf(stderr, "%s: %s: '%s'\n\n", model, what, value);
	usage(stderr, model, about);
	exit(2);
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

void config_parse(struct config *cfg, const char *model, const char *about,
		  int argc, char **argv)
{
	enum {
		O_PROTO = 256,
		O_HOST,
		O_PORT,
		O_WORKERS,
		O_STACK,
		O_BLOCKING,
		O_IDLE,
		O_HEADER,
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
}
