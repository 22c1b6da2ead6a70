/*
 * config.h - the load generator's configuration and its parsing.
 *
 * Parsing never prints and never exits: it returns -EINVAL and leaves a
 * one-line message in the caller's buffer, so main() decides how to fail
 * and the unit tests can check every case.
 */
#ifndef LOADGEN_CONFIG_H
#define LOADGEN_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define CONFIG_MAX_SOURCE_IPS (64)
#define CONFIG_MAX_PIPELINE   (1024)
#define CONFIG_ERR_LEN	      (256)

enum proto { PROTO_HTTP, PROTO_ECHO, PROTO_WS };

struct config {
	/* The target, as given and as parsed. */
	const char *url;
	enum proto proto;
	char host[256];
	char port[8];
	char path[2048];
	struct sockaddr_storage addr;
	socklen_t addr_len;

	uint32_t connections;
	uint32_t threads;
	uint64_t duration_ns;
	uint64_t warmup_ns;
	double rate;
	uint32_t pipeline;
	uint64_t size;
	uint32_t idle;
	/* --idle-request: each idle connection makes one request first. */
	bool idle_request;
	bool new_conn;
	/* Local addresses to bind before connect; none means the kernel's. */
	struct in_addr source_ips[CONFIG_MAX_SOURCE_IPS];
	uint32_t nsource_ips;
	uint64_t connect_timeout_ns;
	uint64_t timeout_ns;
	double ramp;
	const char *json_path;
	const char *method;
	uint64_t body_size;
	/* ws:// (ws.c): how many subscribers broadcast, and --step. */
	uint32_t broadcasters;
	uint32_t step;
	/* --start-at: CLOCK_REALTIME ns to wait for before the run; 0: none. */
	uint64_t start_at_ns;
	/* How far past start_at_ns the run began (set by main, reported). */
	uint64_t start_late_ns;
	bool help;
};

/* Fills c with the defaults (wrk's: 10 connections, 2 threads, 10 s). */
void config_defaults(struct config *c);

/*
 * Parses the command line into c.  Returns 0, or -EINVAL with a one-line
 * message in err.  Sets c->help and returns 0 for --help.
 */
int config_parse(struct config *c, int argc, char **argv, char *err,
		 size_t err_len);

/*
 * Parses "http://HOST:PORT/PATH", "ws://HOST:PORT/PATH" or
 * "echo://HOST:PORT" into c (proto,
 * host, port, path) without resolving HOST.  Returns 0 or -EINVAL.
 */
int config_parse_url(struct config *c, const char *url, char *err,
		     size_t err_len);

/*
 * Parses a duration: a number with an optional unit (ms, s, m, h); no
 * unit means seconds.  "1.5s", "500ms", "2m".  Returns 0 or -EINVAL.
 */
int config_parse_duration(const char *s, uint64_t *ns);

/*
 * Parses "127.0.0.1,127.0.0.2" or a count "4" (127.0.0.1 to 127.0.0.4).
 * Returns 0 or -EINVAL.
 */
int config_parse_source_ips(struct config *c, const char *s);

/* The usage text for --help. */
extern const char config_usage[];

#endif
