/*
 * config.h - the command line every server shares (DESIGN.md, "Server
 * contract").  Every model accepts every flag; a flag a model has no use for
 * is accepted and ignored, so the harness can start any model the same way.
 */
#ifndef CONFIG_H
#define CONFIG_H

enum proto { PROTO_HTTP, PROTO_ECHO };

struct config {
	const char *model; /* the binary's model name, for messages */
	enum proto proto;  /* --proto http|echo */
	const char *host;  /* --host ADDR */
	int port;	   /* --port N (0 picks a free port) */
	int workers;	   /* --workers N (thread-pool) */
	int stack_kib;	   /* --stack-kib N (0: the system's default) */
	int blocking;	   /* --blocking: event loops sleep inline for /delay */
	int idle_timeout_s;   /* --idle-timeout S */
	int header_timeout_s; /* --header-timeout S */
};

/*
 * Parses argv into *cfg (defaults first).  `about` is one paragraph on the
 * model, printed by --help.  On --help it prints usage to stdout and exits
 * 0; on a bad flag it prints the problem and usage to stderr and exits 2.
 */
void config_parse(struct config *cfg, const char *model, const char *about,
		  int argc, char **argv);

#endif
