/*
 * config.c - command line, URL and unit parsing for the load generator.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char config_usage[] =
    "usage: loadgen [options] URL\n"
    "  URL is http://HOST:PORT/PATH, echo://HOST:PORT or ws://HOST:PORT/ws\n"
    "\n"
    "  -c, --connections N    connections kept busy (default 10)\n"
    "  -t, --threads N        threads, one epoll loop each (default 2)\n"
    "  -d, --duration T       measured time: 10, 10s, 500ms, 2m (default 10s)\n"
    "      --warmup T         run this long first, left out of the figures\n"
    "  -R, --rate R           open loop: R requests/s in all, on a fixed\n"
    "                         schedule; latency counts from the intended\n"
    "                         send time (default 0: closed loop, like wrk)\n"
    "      --pipeline N       requests in flight per connection (default 1)\n"
    "      --size N           echo message size in bytes (default 64)\n"
    "      --idle N           extra connections opened first and held idle\n"
    "      --idle-request     each idle connection first sends one request\n"
    "                         (the run's) and reads its answer, then holds\n"
    "                         the keep-alive connection silent: how real\n"
    "                         idle connections look (Apache's event MPM\n"
    "                         parks a connection cheaply only once it has\n"
    "                         been used)\n"
    "      --new-conn         a new connection for every request (batch)\n"
    "      --ramp R           connections opened per second (default 5000)\n"
    "      --source-ips L     local addresses to connect from, round robin:\n"
    "                         127.0.0.1,127.0.0.2 or a count, 4 meaning\n"
    "                         127.0.0.1 to 127.0.0.4\n"
    "      --connect-timeout T  give up on a connect (default 5s)\n"
    "      --timeout T        give up on a response (default 10s)\n"
    "      --method M         HTTP method, GET or POST (default GET)\n"
    "      --body-size N      HTTP request body bytes (POST; default 0)\n"
    "      --json FILE        write one JSON object with every figure\n"
    "      --start-at NS      connect, then wait until this wall-clock time\n"
    "                         (CLOCK_REALTIME, ns since the epoch) before the\n"
    "                         run: loadgens on several hosts start together\n"
    "\n"
    "  ws://HOST:PORT/ws drives the websocket-shootout chat: -c subscribers\n"
    "  are opened at --ramp and held; --broadcasters of them send\n"
    "  broadcasts at --rate in all (open loop, required), each carrying its\n"
    "  send time; every receipt gives a delivery latency, every\n"
    "  broadcastResult a round trip.  --size is the payload's padding.\n"
    "      --broadcasters P   subscribers that broadcast (default 1)\n"
    "      --step S           the shootout's figure: add S subscribers at a\n"
    "                         time, up to -c, -d of broadcasts each, and\n"
    "                         report the most whose round trip p95 stays\n"
    "                         under 250 ms\n"
    "  -h, --help             this text\n"
    "\n"
    "Exit status: 0 clean run, 1 when any error was counted, 2 bad usage or\n"
    "an unreachable server.\n";

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->connections = 10;
	c->threads = 2;
	c->duration_ns = 10ull * 1000000000;
	c->pipeline = 1;
	c->size = 64;
	c->connect_timeout_ns = 5ull * 1000000000;
	c->timeout_ns = 10ull * 1000000000;
	c->ramp = 5000;
	c->method = "GET";
}

int config_parse_duration(const char *s, uint64_t *ns)
{
	char *end;
	double v, mult;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return -EINVAL;
	if (*end == '\0' || strcmp(end, "s") == 0)
		mult = 1e9;
	else if (strcmp(end, "ms") == 0)
		mult = 1e6;
	else if (strcmp(end, "us") == 0)
		mult = 1e3;
	else if (strcmp(end, "m") == 0)
		mult = 60e9;
	else if (strcmp(end, "h") == 0)
		mult = 3600e9;
	else
		return -EINVAL;
	if (v * mult > 1e18)
		return -EINVAL;
	*ns = (uint64_t)llround(v * mult);
	return 0;
}

/* A non-negative number with an optional k or M suffix, at most max. */
static int parse_scaled(const char *s, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return -EINVAL;
	if (*end == 'k' || *end == 'K')
		v *= 1e3, end++;
	else if (*end == 'M')
		v *= 1e6, end++;
	if (*end != '\0' || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A whole count with an optional k or M suffix, within [lo, hi]. */
static int parse_count(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	double v;

	if (parse_scaled(s, (double)hi, &v) < 0 || v != floor(v) ||
	    v < (double)lo)
		return -EINVAL;
	*out = (uint64_t)v;
	return 0;
}

/*
 * A wall-clock time in whole nanoseconds since the epoch (digits only: a
 * double would round it to a quarter of a microsecond and more).
 */
static int parse_start_at(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v == 0)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A rate (requests/s) with an optional k or M suffix; fractions allowed. */
static int parse_rate(const char *s, double *out)
{
	return parse_scaled(s, 1e9, out);
}

int config_parse_source_ips(struct config *c, const char *s)
{
	char buf[CONFIG_MAX_SOURCE_IPS * 16 + 1];
	char *save = NULL, *tok;
	uint64_t n, i;

	if (strchr(s, '.') == NULL) {
		/* The count form: 127.0.0.1 up to 127.0.0.N. */
		if (parse_count(s, 1, CONFIG_MAX_SOURCE_IPS, &n) < 0)
			return -EINVAL;
		for (i = 0; i < n; i++)
			c->source_ips[i].s_addr =
			    htonl(INADDR_LOOPBACK + (uint32_t)i);
		c->nsource_ips = (uint32_t)n;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	c->nsource_ips = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (c->nsource_ips == CONFIG_MAX_SOURCE_IPS)
			return -EINVAL;
		if (inet_pton(AF_INET, tok, &c->source_ips[c->nsource_ips]) !=
		    1)
			return -EINVAL;
		c->nsource_ips++;
	}
	return c->nsource_ips ? 0 : -EINVAL;
}

int config_parse_url(struct config *c, const char *url, char *err,
		     size_t err_len)
{
	const char *p, *hp, *slash, *colon;
	size_t hlen;
	char *end;
	long port;

	if (strncmp(url, "http://", 7) == 0) {
		c->proto = PROTO_HTTP;
		p = url + 7;
	} else if (strncmp(url, "echo://", 7) == 0) {
		c->proto = PROTO_ECHO;
		p = url + 7;
	} else if (strncmp(url, "ws://", 5) == 0) {
		c->proto = PROTO_WS;
		p = url + 5;
	} else {
		snprintf(err, err_len,
			 "bad URL '%s': want http://HOST:PORT/PATH, "
			 "ws://HOST:PORT/PATH or echo://HOST:PORT",
			 url);
		return -EINVAL;
	}
	slash = strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	if (c->proto == PROTO_ECHO && *slash && strcmp(slash, "/") != 0) {
		snprintf(err, err_len, "bad URL '%s': echo:// takes no path",
			 url);
		return -EINVAL;
	}
	/* [v6addr]:port or host:port. */
	if (*p == '[') {
		hp = memchr(p, ']', (size_t)(slash - p));
		if (!hp)
			goto bad_host;
		hlen = (size_t)(hp - p - 1);
		p++;
		colon = hp + 1;
		if (colon < slash && *colon != ':')
			goto bad_host;
	} else {
		colon = memchr(p, ':', (size_t)(slash - p));
		hlen = (size_t)((colon ? colon : slash) - p);
	}
	if (hlen == 0 || hlen >= sizeof(c->host))
		goto bad_host;
	memcpy(c->host, p, hlen);
	c->host[hlen] = '\0';
	if (colon && colon < slash) {
		errno = 0;
		port = strtol(colon + 1, &end, 10);
		if (end != slash || end == colon + 1 || port < 1 ||
		    port > 65535 || errno)
			goto bad_port;
	} else if (c->proto == PROTO_HTTP || c->proto == PROTO_WS) {
		port = 80;
	} else {
		goto bad_port;
	}
	snprintf(c->port, sizeof(c->port), "%ld", port);
	if (strlen(*slash ? slash : "/") >= sizeof(c->path)) {
		snprintf(err, err_len, "bad URL '%s': path too long", url);
		return -EINVAL;
	}
	strcpy(c->path, *slash ? slash : "/");
	if (strpbrk(c->path, " \r\n")) {
		snprintf(err, err_len, "bad URL '%s': space in path", url);
		return -EINVAL;
	}
	c->url = url;
	return 0;
bad_host:
	snprintf(err, err_len, "bad URL '%s': no host", url);
	return -EINVAL;
bad_port:
	snprintf(err, err_len, "bad URL '%s': want a port 1-65535", url);
	return -EINVAL;
}

enum {
	OPT_RATE = 'R',
	OPT_PIPELINE = 256,
	OPT_SIZE,
	OPT_IDLE,
	OPT_IDLE_REQUEST,
	OPT_NEW_CONN,
	OPT_WARMUP,
	OPT_SOURCE_IPS,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_RAMP,
	OPT_JSON,
	OPT_METHOD,
	OPT_BODY_SIZE,
	OPT_BROADCASTERS,
	OPT_STEP,
	OPT_START_AT,
};

static const struct option config_options[] = {
    {"connections", required_argument, NULL, 'c'},
    {"threads", required_argument, NULL, 't'},
    {"duration", required_argument, NULL, 'd'},
    {"rate", required_argument, NULL, OPT_RATE},
    {"pipeline", required_argument, NULL, OPT_PIPELINE},
    {"size", required_argument, NULL, OPT_SIZE},
    {"idle", required_argument, NULL, OPT_IDLE},
    {"idle-request", no_argument, NULL, OPT_IDLE_REQUEST},
    {"new-conn", no_argument, NULL, OPT_NEW_CONN},
    {"warmup", required_argument, NULL, OPT_WARMUP},
    {"source-ips", required_argument, NULL, OPT_SOURCE_IPS},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"ramp", required_argument, NULL, OPT_RAMP},
    {"json", required_argument, NULL, OPT_JSON},
    {"method", required_argument, NULL, OPT_METHOD},
    {"body-size", required_argument, NULL, OPT_BODY_SIZE},
    {"broadcasters", required_argument, NULL, OPT_BROADCASTERS},
    {"step", required_argument, NULL, OPT_STEP},
    {"start-at", required_argument, NULL, OPT_START_AT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The ws:// mode's own rules, and the flags it has no use for. */
static int config_check_ws(struct config *c, char *err, size_t err_len)
{
	if (c->proto != PROTO_WS) {
		if (c->broadcasters || c->step) {
			snprintf(err, err_len,
				 "--broadcasters and --step are for ws://");
			return -EINVAL;
		}
		return 0;
	}
	if (c->broadcasters == 0)
		c->broadcasters = 1;
	if (c->rate <= 0) {
		snprintf(err, err_len,
			 "ws:// needs --rate R (broadcasts per second in all)");
		return -EINVAL;
	}
	if (c->pipeline > 1 || c->new_conn || c->idle || c->body_size ||
	    strcmp(c->method, "GET") != 0) {
		snprintf(err, err_len,
			 "ws:// takes no --pipeline, --new-conn, --idle, "
			 "--method or --body-size");
		return -EINVAL;
	}
	if (c->size > 60000) {
		snprintf(err, err_len, "ws:// takes --size up to 60000");
		return -EINVAL;
	}
	if (c->broadcasters > c->connections) {
		snprintf(err, err_len, "--broadcasters %u is more than -c %u",
			 c->broadcasters, c->connections);
		return -EINVAL;
	}
	if (c->step &&
	    (c->step > c->connections || c->step < c->broadcasters)) {
		snprintf(err, err_len,
			 "--step takes --broadcasters to -c subscribers");
		return -EINVAL;
	}
	return 0;
}

/*
 * --idle-request needs idle connections to send on, a request to send
 * (http:// only: echo:// has no request and ws:// no idle connections),
 * and connections that stay open (--new-conn closes each after use).
 */
static int config_check_idle_request(const struct config *c, char *err,
				     size_t err_len)
{
	if (!c->idle_request)
		return 0;
	if (c->proto != PROTO_HTTP) {
		snprintf(
		    err, err_len,
		    "--idle-request is for http:// URLs (echo:// and ws:// "
		    "have no request to send)");
		return -EINVAL;
	}
	if (c->idle == 0) {
		snprintf(err, err_len, "--idle-request needs --idle N");
		return -EINVAL;
	}
	if (c->new_conn) {
		snprintf(err, err_len,
			 "--idle-request holds used connections open; "
			 "--new-conn closes every one after its request");
		return -EINVAL;
	}
	return 0;
}

int config_parse(struct config *c, int argc, char **argv, char *err,
		 size_t err_len)
{
	const char *name;
	uint64_t n = 0;
	int opt, idx, rc = 0;

	/* getopt keeps its state in globals; start it afresh every call. */
	optind = 0;
	opterr = 0;
	for (;;) {
		idx = -1;
		opt =
		    getopt_long(argc, argv, ":c:t:d:R:h", config_options, &idx);
		if (opt == -1)
			break;
		name = idx >= 0 ? config_options[idx].name : NULL;
		switch (opt) {
		case 'c':
			rc = parse_count(optarg, 1, 1000000, &n);
			c->connections = (uint32_t)n;
			break;
		case 't':
			rc = parse_count(optarg, 1, 1024, &n);
			c->threads = (uint32_t)n;
			break;
		case 'd':
			rc = config_parse_duration(optarg, &c->duration_ns);
			if (rc == 0 && c->duration_ns == 0)
				rc = -EINVAL;
			break;
		case OPT_RATE:
			rc = parse_rate(optarg, &c->rate);
			break;
		case OPT_PIPELINE:
			rc = parse_count(optarg, 1, CONFIG_MAX_PIPELINE, &n);
			c->pipeline = (uint32_t)n;
			break;
		case OPT_SIZE:
			rc = parse_count(optarg, 1, 64u << 20, &c->size);
			break;
		case OPT_IDLE:
			rc = parse_count(optarg, 0, 1000000, &n);
			c->idle = (uint32_t)n;
			break;
		case OPT_IDLE_REQUEST:
			c->idle_request = true;
			break;
		case OPT_NEW_CONN:
			c->new_conn = true;
			break;
		case OPT_WARMUP:
			rc = config_parse_duration(optarg, &c->warmup_ns);
			break;
		case OPT_SOURCE_IPS:
			rc = config_parse_source_ips(c, optarg);
			break;
		case OPT_CONNECT_TIMEOUT:
			rc = config_parse_duration(optarg,
						   &c->connect_timeout_ns);
			if (rc == 0 && c->connect_timeout_ns < 1000000)
				rc = -EINVAL;
			break;
		case OPT_TIMEOUT:
			rc = config_parse_duration(optarg, &c->timeout_ns);
			if (rc == 0 && c->timeout_ns < 1000000)
				rc = -EINVAL;
			break;
		case OPT_RAMP:
			rc = parse_rate(optarg, &c->ramp);
			if (rc == 0 && c->ramp < 1)
				rc = -EINVAL;
			break;
		case OPT_JSON:
			c->json_path = optarg;
			break;
		case OPT_METHOD:
			if (strcmp(optarg, "GET") == 0 ||
			    strcmp(optarg, "POST") == 0)
				c->method = optarg;
			else
				rc = -EINVAL;
			break;
		case OPT_BODY_SIZE:
			rc = parse_count(optarg, 0, 1u << 20, &c->body_size);
			break;
		case OPT_BROADCASTERS:
			rc = parse_count(optarg, 1, 1000000, &n);
			c->broadcasters = (uint32_t)n;
			break;
		case OPT_STEP:
			rc = parse_count(optarg, 1, 1000000, &n);
			c->step = (uint32_t)n;
			break;
		case OPT_START_AT:
			rc = parse_start_at(optarg, &c->start_at_ns);
			break;
		case 'h':
			c->help = true;
			return 0;
		case ':':
			snprintf(err, err_len, "option '%s' needs a value",
				 argv[optind - 1]);
			return -EINVAL;
		default:
			snprintf(err, err_len, "unknown option '%s'",
				 argv[optind - 1]);
			return -EINVAL;
		}
		if (rc < 0) {
			if (name)
				snprintf(err, err_len,
					 "bad value '%s' for --%s", optarg,
					 name);
			else
				snprintf(err, err_len, "bad value '%s' for -%c",
					 optarg, opt);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		snprintf(err, err_len,
			 optind >= argc ? "no URL given"
					: "more than one URL given");
		return -EINVAL;
	}
	rc = config_parse_url(c, argv[optind], err, err_len);
	if (rc < 0)
		return rc;
	if (c->threads > c->connections)
		c->threads = c->connections;
	if (c->body_size && strcmp(c->method, "POST") != 0) {
		snprintf(err, err_len, "--body-size needs --method POST");
		return -EINVAL;
	}
	rc = config_check_idle_request(c, err, err_len);
	if (rc < 0)
		return rc;
	return config_check_ws(c, err, err_len);
}
