/*
 * loadgen_parse.c - command line, URL, duration and response head parsing.
 */
#include <string.h>

#include "../../loadgen/config.h"
#include "../../loadgen/resp.h"
#include "../unit/tap.h"

/* Parses a command line given as a NULL-terminated list of words. */
static int parse(struct config *c, char *err, const char **words)
{
	char *argv[32];
	int argc = 0;

	while (words[argc] && argc < 31) {
		argv[argc] = (char *)words[argc];
		argc++;
	}
	argv[argc] = NULL;
	config_defaults(c);
	return config_parse(c, argc, argv, err, CONFIG_ERR_LEN);
}

/* resp_parse on a string, whole. */
static int head(const char *s, struct resp *r)
{
	return resp_parse(s, strlen(s), r);
}

int main(void)
{
	struct config c;
	struct resp r;
	char err[CONFIG_ERR_LEN];
	uint64_t ns = 0;
	const char *ok200 = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n";
	size_t i;
	int all;

	TAP_OK(config_parse_duration("10", &ns) == 0 && ns == 10000000000ull,
	       "duration 10 is seconds");
	TAP_OK(config_parse_duration("500ms", &ns) == 0 && ns == 500000000,
	       "duration 500ms");
	TAP_OK(config_parse_duration("2m", &ns) == 0 && ns == 120000000000ull,
	       "duration 2m");
	TAP_OK(config_parse_duration("1.5s", &ns) == 0 && ns == 1500000000,
	       "duration 1.5s");
	TAP_OK(config_parse_duration("10x", &ns) < 0 &&
		   config_parse_duration("", &ns) < 0 &&
		   config_parse_duration("-1", &ns) < 0,
	       "bad durations are refused");

	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "-c", "100", "-t", "4", "-d",
				      "3s", "http://127.0.0.1:8080/delay?ms=5",
				      NULL}) == 0 &&
		   c.connections == 100 && c.threads == 4 &&
		   c.duration_ns == 3000000000ull && c.proto == PROTO_HTTP &&
		   strcmp(c.host, "127.0.0.1") == 0 &&
		   strcmp(c.port, "8080") == 0 &&
		   strcmp(c.path, "/delay?ms=5") == 0,
	       "wrk-style command line with a query path");
	TAP_OK(parse(&c, err,
		     (const char *[]){
			 "loadgen",    "--rate",      "10k",
			 "--pipeline", "8",	      "--size",
			 "1024",       "--idle",      "500",
			 "--new-conn", "--warmup",    "2",
			 "--ramp",     "1000",	      "--connect-timeout",
			 "500ms",      "--timeout",   "3s",
			 "--json",     "/tmp/x.json", "echo://localhost:9000",
			 NULL}) == 0 &&
		   c.rate == 10000 && c.pipeline == 8 && c.size == 1024 &&
		   c.idle == 500 && c.new_conn &&
		   c.warmup_ns == 2000000000ull && c.ramp == 1000 &&
		   c.connect_timeout_ns == 500000000 &&
		   c.timeout_ns == 3000000000ull && c.proto == PROTO_ECHO &&
		   strcmp(c.json_path, "/tmp/x.json") == 0,
	       "every long flag");
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--source-ips",
				      "127.0.0.1,127.0.0.2",
				      "http://127.0.0.1:1/", NULL}) == 0 &&
		   c.nsource_ips == 2 &&
		   c.source_ips[1].s_addr == htonl(0x7f000002),
	       "--source-ips as a list");
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--source-ips", "4",
				      "http://127.0.0.1:1/", NULL}) == 0 &&
		   c.nsource_ips == 4 &&
		   c.source_ips[3].s_addr == htonl(0x7f000004),
	       "--source-ips as a count");
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--idle", "5",
				      "--idle-request", "http://h:1/", NULL}) ==
		       0 &&
		   c.idle == 5 && c.idle_request,
	       "--idle-request with --idle");
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--idle-request",
				      "http://h:1/", NULL}) < 0 &&
		   strstr(err, "--idle N"),
	       "--idle-request without --idle: %s", err);
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--idle", "5",
				      "--idle-request", "echo://h:1", NULL}) <
		   0,
	       "--idle-request on echo://: %s", err);
	TAP_OK(
	    parse(&c, err,
		  (const char *[]){"loadgen", "--idle", "5", "--idle-request",
				   "--new-conn", "http://h:1/", NULL}) < 0,
	    "--idle-request with --new-conn: %s", err);
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "-c", "1", "-t", "8",
				      "http://h:1", NULL}) == 0 &&
		   c.threads == 1 && strcmp(c.path, "/") == 0,
	       "threads are capped at connections; empty path is /");
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "--bogus", "http://h:1/",
				      NULL}) < 0 &&
		   strstr(err, "--bogus"),
	       "an unknown flag is named: %s", err);
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "-c", "abc", "http://h:1/",
				      NULL}) < 0 &&
		   strstr(err, "abc"),
	       "a bad value is named: %s", err);
	TAP_OK(parse(&c, err, (const char *[]){"loadgen", "ftp://h:1/", NULL}) <
		   0,
	       "a bad scheme is refused: %s", err);
	TAP_OK(parse(&c, err,
		     (const char *[]){"loadgen", "http://h:99999/", NULL}) < 0,
	       "a bad port is refused: %s", err);
	TAP_OK(parse(&c, err, (const char *[]){"loadgen", "echo://h", NULL}) <
		   0,
	       "echo:// needs a port: %s", err);
	TAP_OK(parse(&c, err, (const char *[]){"loadgen", NULL}) < 0,
	       "no URL: %s", err);
	TAP_OK(parse(&c, err, (const char *[]){"loadgen", "-c", NULL}) < 0,
	       "a flag without its value: %s", err);

	TAP_OK(head(ok200, &r) == (int)strlen(ok200) && r.status == 200 &&
		   r.content_length == 13 && !r.close,
	       "a plain 200 head");
	all = 1;
	for (i = 0; i < strlen(ok200); i++)
		if (resp_parse(ok200, i, &r) != RESP_INCOMPLETE)
			all = 0;
	TAP_OK(all, "every prefix of a head is incomplete");
	TAP_OK(head("HTTP/1.1 404 Not Found\r\ncontent-length:0\r\n"
		    "Connection: close\r\n\r\n",
		    &r) > 0 &&
		   r.status == 404 && r.content_length == 0 && r.close,
	       "status, lower-case Content-Length, Connection: close");
	TAP_OK(head("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", &r) > 0 &&
		   r.close,
	       "HTTP/1.0 without keep-alive closes");
	TAP_OK(head("HTTP/1.1 200 OK\r\n\r\n", &r) == RESP_BAD,
	       "a 200 without Content-Length is refused");
	TAP_OK(head("HTTP/1.1 204 No Content\r\n\r\n", &r) > 0 &&
		   r.content_length == 0,
	       "a 204 has no body");
	TAP_OK(head("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
		    "Content-Length: 2\r\n\r\n",
		    &r) == RESP_BAD,
	       "two Content-Lengths are refused");
	TAP_OK(head("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", &r) ==
		   RESP_BAD,
	       "a bad Content-Length is refused");
	TAP_OK(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		    &r) == RESP_BAD,
	       "chunked is refused");
	TAP_OK(head("Hello, World!HTTP/1.1 200 OK\r\n", &r) == RESP_BAD,
	       "body bytes where a head should start are refused at once");
	TAP_OK(head("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n", &r) ==
		   RESP_BAD,
	       "a bad status code is refused");
	return tap_done();
}
