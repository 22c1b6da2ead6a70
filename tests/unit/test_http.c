/*
 * test_http.c - the request-head parser, in the way picohttpparser is
 * tested: every case is fed whole and then byte by byte, and every input is
 * placed flush against an inaccessible page so that reading one byte too
 * far crashes instead of passing by luck.
 *
 * The byte-by-byte run checks the property the servers rely on: the parser
 * keeps no state, so for every prefix of an input it must answer either 0
 * ("need more") or exactly what the whole input gets, and once it has
 * answered, more bytes must not change its mind.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../servers/core/http.h"
#include "tap.h"

/* want: the whole input is one head. */
#define ALL (INT_MAX)
/* query: the target has no '?'. */
#define NO_QUERY (NULL)

struct http_case {
	const char *name;
	const char *in;
	size_t in_len; /* 0: strlen(in) */
	int want;      /* the whole input's answer, or ALL */
	/* Expected fields of a good head; not checked when method is NULL. */
	const char *method;
	const char *path;
	const char *query;
	int minor_version;
	int keep_alive;
	long long content_length;
};

/*
 * The guarded area: `size` usable bytes followed by a PROT_NONE page.  An
 * input of n bytes is copied to end exactly at the inaccessible page.
 */
struct guard {
	char *base;
	size_t size;
};

static int guard_init(struct guard *g, size_t min_size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (min_size + page - 1) / page * page;
	void *p;

	p = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mprotect((char *)p + size, page, PROT_NONE) < 0)
		return -1;
	g->base = p;
	g->size = size;
	return 0;
}

static const char *guard_place(struct guard *g, const char *src, size_t n)
{
	char *p = g->base + g->size - n;

	if (n > g->size)
		abort();
	memcpy(p, src, n);
	return p;
}

static int field_is(const char *p, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(p, want, n) == 0;
}

static int fields_match(const struct http_request *req,
			const struct http_case *c)
{
	if (!field_is(req->method, req->method_len, c->method))
		return 0;
	if (!field_is(req->path, req->path_len, c->path))
		return 0;
	if (c->query == NO_QUERY) {
		if (req->query != NULL || req->query_len != 0)
			return 0;
	} else if (req->query == NULL ||
		   !field_is(req->query, req->query_len, c->query)) {
		return 0;
	}
	return req->minor_version == c->minor_version &&
	       req->keep_alive == c->keep_alive &&
	       req->content_length == c->content_length;
}

static void check_case(struct guard *g, const struct http_case *c)
{
	size_t n = c->in_len ? c->in_len : strlen(c->in);
	int want = c->want == ALL ? (int)n : c->want;
	struct http_request req;
	const char *p;
	int r;
	int prev = 0;
	size_t k;
	size_t first = 0; /* the shortest prefix with an answer */
	int ok = 1;

	p = guard_place(g, c->in, n);
	r = http_parse_request(p, n, &req);
	TAP_OK(r == want, "%s: whole input gives %d (got %d)", c->name, want,
	       r);
	if (r == want && want > 0 && c->method != NULL)
		TAP_OK(fields_match(&req, c), "%s: fields", c->name);

	for (k = 0; k <= n; k++) {
		p = guard_place(g, c->in, k);
		r = http_parse_request(p, k, &req);
		if ((r != 0 && r != want) || (prev != 0 && r != prev) ||
		    (r > 0 && (size_t)r > k)) {
			ok = 0;
			printf("# prefix of %zu bytes gives %d\n", k, r);
			break;
		}
		if (r != 0 && prev == 0)
			first = k;
		prev = r;
	}
	TAP_OK(ok && prev == want, "%s: byte by byte (answer at %zu of %zu)",
	       c->name, first, n);
	/* A good head is answered exactly when its last byte arrives. */
	if (ok && want > 0)
		TAP_OK(first == (size_t)want, "%s: answered at the head's end",
		       c->name);
}

/* One case per entry reads better than clang-format's layout of a table. */
/* clang-format off */
#define GOOD(n, in, m, path, q, minor, ka, cl)                                \
	{ n, in, 0, ALL, m, path, q, minor, ka, cl }
#define BAD(n, in, status)                                                     \
	{ n, in, 0, status, NULL, NULL, NULL, 0, 0, 0 }
#define BAD_N(n, in, status)                                                   \
	{ n, in, sizeof(in) - 1, status, NULL, NULL, NULL, 0, 0, 0 }

static const struct http_case cases[] = {
	/* Good heads. */
	GOOD("minimal GET", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 1, -1),
	GOOD("no headers", "GET / HTTP/1.1\r\n\r\n", "GET", "/", NO_QUERY, 1, 1,
	     -1),
	GOOD("query", "GET /delay?ms=10 HTTP/1.1\r\nHost: a\r\n\r\n", "GET",
	     "/delay", "ms=10", 1, 1, -1),
	GOOD("empty query", "GET /x? HTTP/1.1\r\n\r\n", "GET", "/x", "", 1, 1,
	     -1),
	GOOD("second ? stays in query", "GET /a?b?c=1 HTTP/1.1\r\n\r\n", "GET",
	     "/a", "b?c=1", 1, 1, -1),
	GOOD("odd but legal target", "GET /%41/#x?a=%20 HTTP/1.1\r\n\r\n",
	     "GET", "/%41/#x", "a=%20", 1, 1, -1),
	GOOD("obs-text in target", "GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n", "GET",
	     "/caf\xc3\xa9", NO_QUERY, 1, 1, -1),
	GOOD("HTTP/1.0 closes", "GET / HTTP/1.0\r\n\r\n", "GET", "/", NO_QUERY,
	     0, 0, -1),
	GOOD("HTTP/1.0 keep-alive",
	     "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", "/",
	     NO_QUERY, 0, 1, -1),
	GOOD("HTTP/1.0 Keep-Alive any case",
	     "GET / HTTP/1.0\r\nCONNECTION:Keep-Alive\r\n\r\n", "GET", "/",
	     NO_QUERY, 0, 1, -1),
	GOOD("HTTP/1.1 Connection: close",
	     "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 0, -1),
	GOOD("Connection: CLOSE",
	     "GET / HTTP/1.1\r\nconnection: CLOSE \r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 0, -1),
	GOOD("close wins in one header",
	     "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", "GET",
	     "/", NO_QUERY, 0, 0, -1),
	GOOD("close wins across headers",
	     "GET / HTTP/1.1\r\nConnection: close\r\n"
	     "Connection: keep-alive\r\n\r\n", "GET", "/", NO_QUERY, 1, 0, -1),
	GOOD("Connection list with other options",
	     "GET / HTTP/1.0\r\nConnection: Upgrade, ,\tkeep-alive ,x\r\n\r\n",
	     "GET", "/", NO_QUERY, 0, 1, -1),
	GOOD("Connection: closed is not close",
	     "GET / HTTP/1.1\r\nConnection: closed, xclose\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 1, -1),
	GOOD("bare LF", "GET / HTTP/1.1\nHost: x\n\n", "GET", "/", NO_QUERY, 1,
	     1, -1),
	GOOD("mixed line ends", "GET / HTTP/1.1\nHost: x\r\nA: b\n\r\n", "GET",
	     "/", NO_QUERY, 1, 1, -1),
	GOOD("leading CRLF", "\r\nGET / HTTP/1.1\r\n\r\n", "GET", "/", NO_QUERY,
	     1, 1, -1),
	GOOD("several leading empty lines", "\n\r\n\nGET / HTTP/1.1\r\n\r\n",
	     "GET", "/", NO_QUERY, 1, 1, -1),
	GOOD("POST with Content-Length",
	     "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\n", "POST",
	     "/echo", NO_QUERY, 1, 1, 5),
	GOOD("Content-Length with OWS and any case",
	     "POST /echo HTTP/1.1\r\ncontent-LENGTH:\t 0 \t\r\n\r\n", "POST",
	     "/echo", NO_QUERY, 1, 1, 0),
	GOOD("Content-Length leading zeros",
	     "POST /echo HTTP/1.1\r\nContent-Length: 007\r\n\r\n", "POST",
	     "/echo", NO_QUERY, 1, 1, 7),
	GOOD("Content-Length LLONG_MAX",
	     "POST /echo HTTP/1.1\r\n"
	     "Content-Length: 9223372036854775807\r\n\r\n", "POST", "/echo",
	     NO_QUERY, 1, 1, 9223372036854775807LL),
	GOOD("names that only look like ours",
	     "GET / HTTP/1.1\r\nContent-Lengthy: x\r\nTransfer-Encodings: x\r\n"
	     "Connections: close\r\nX-Content-Length: 1\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 1, -1),
	GOOD("empty header values", "GET / HTTP/1.1\r\nA:\r\nB: \t \r\n\r\n",
	     "GET", "/", NO_QUERY, 1, 1, -1),
	GOOD("tab and obs-text in a value",
	     "GET / HTTP/1.1\r\nA: x\ty \xc3\xa9\xff\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 1, -1),
	GOOD("other methods", "M-SEARCH / HTTP/1.1\r\n\r\n", "M-SEARCH", "/",
	     NO_QUERY, 1, 1, -1),
	GOOD("every tchar in a method", "!#$%&'*+-.^_`|~09azAZ / HTTP/1.1\n\n",
	     "!#$%&'*+-.^_`|~09azAZ", "/", NO_QUERY, 1, 1, -1),
	GOOD("every tchar in a name",
	     "GET / HTTP/1.1\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n", "GET", "/",
	     NO_QUERY, 1, 1, -1),

	/* Incomplete heads. */
	BAD("nothing", "", 0),
	BAD("only empty lines", "\r\n\n\r", 0),
	BAD("request line without end", "GET / HTTP/1.1", 0),
	BAD("request line ending in CR", "GET / HTTP/1.1\r", 0),
	BAD("no empty line", "GET / HTTP/1.1\r\nHost: x\r\n", 0),
	BAD("empty line half there", "GET / HTTP/1.1\r\nHost: x\r\n\r", 0),

	/* 400: the request line. */
	BAD("bad method char", "G(ET / HTTP/1.1\r\n\r\n", -400),
	BAD("control char in method", "GE\x01T / HTTP/1.1\r\n\r\n", -400),
	BAD("tab after method", "GET\t/ HTTP/1.1\r\n\r\n", -400),
	BAD("empty method", " / HTTP/1.1\r\n\r\n", -400),
	BAD("TLS handshake", "\x16\x03\x01\x02\x00\x01", -400),
	BAD("missing version", "GET /\r\n\r\n", -400),
	BAD("empty version", "GET / \r\n\r\n", -400),
	BAD("missing target", "GET HTTP/1.1\r\n\r\n", -400),
	BAD("two spaces", "GET  / HTTP/1.1\r\n\r\n", -400),
	BAD("lower-case version", "GET / http/1.1\r\n\r\n", -400),
	BAD("junk after version", "GET / HTTP/1.1x\r\n\r\n", -400),
	BAD("space after version", "GET / HTTP/1.1 \r\n\r\n", -400),
	BAD("two-digit minor", "GET / HTTP/1.10\r\n\r\n", -400),
	BAD("two-digit major", "GET / HTTP/11.1\r\n\r\n", -400),
	BAD("no minor", "GET / HTTP/1\r\n\r\n", -400),
	BAD("no dot", "GET / HTTP/1-1\r\n\r\n", -400),
	BAD("target not starting with /", "GET x HTTP/1.1\r\n\r\n", -400),
	BAD("asterisk form", "OPTIONS * HTTP/1.1\r\n\r\n", -400),
	BAD("absolute form", "GET http://a/ HTTP/1.1\r\n\r\n", -400),
	BAD("space in target", "GET /a b HTTP/1.1\r\n\r\n", -400),
	BAD("control char in target", "GET /a\x01 HTTP/1.1\r\n\r\n", -400),
	BAD("DEL in target", "GET /a\x7f HTTP/1.1\r\n\r\n", -400),
	BAD("tab in query", "GET /a?b\tc HTTP/1.1\r\n\r\n", -400),
	BAD("bare CR in request line", "GET / HTTP/1.1\rX\r\n\r\n", -400),
	BAD("bare CR before request line", "\rGET / HTTP/1.1\r\n\r\n", -400),
	BAD("LF inside request line", "GET /\n HTTP/1.1\r\n\r\n", -400),
	BAD("bad request line, headers incomplete", "GET / HTTP/1\r\nHost:",
	    -400),

	/* 400: header lines. */
	BAD("header without colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", -400),
	BAD("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", -400),
	BAD("tab before colon", "GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", -400),
	BAD("empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n", -400),
	BAD("bad name char", "GET / HTTP/1.1\r\nX@Y: x\r\n\r\n", -400),
	BAD("obs-fold with space", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",
	    -400),
	BAD("obs-fold with tab", "GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n", -400),
	BAD("whitespace-only line", "GET / HTTP/1.1\r\n \r\n\r\n", -400),
	BAD("control char in value", "GET / HTTP/1.1\r\nA: b\x01" "c\r\n\r\n",
	    -400),
	BAD("DEL in value", "GET / HTTP/1.1\r\nA: b\x7f\r\n\r\n", -400),
	BAD("bare CR in value", "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", -400),
	BAD("CR CR LF", "GET / HTTP/1.1\r\nA: b\r\r\n\r\n", -400),
	BAD("bare CR as empty line", "GET / HTTP/1.1\r\n\r\r\n", -400),
	BAD("bad header, head incomplete", "GET / HTTP/1.1\r\nA b\r\nHost: x",
	    -400),

	/* 400: Content-Length and Transfer-Encoding. */
	BAD("Content-Length not a number",
	    "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", -400),
	BAD("Content-Length negative",
	    "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", -400),
	BAD("Content-Length with plus",
	    "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", -400),
	BAD("Content-Length with inner space",
	    "POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", -400),
	BAD("Content-Length empty",
	    "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", -400),
	BAD("Content-Length list",
	    "POST / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n", -400),
	BAD("Content-Length hex",
	    "POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", -400),
	BAD("Content-Length just over LLONG_MAX",
	    "POST / HTTP/1.1\r\nContent-Length: 9223372036854775808\r\n\r\n",
	    -400),
	BAD("Content-Length overflowing",
	    "POST / HTTP/1.1\r\nContent-Length: 999999999999999999999\r\n\r\n",
	    -400),
	BAD("duplicate Content-Length, same value",
	    "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n",
	    -400),
	BAD("duplicate Content-Length, other value",
	    "POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n",
	    -400),
	BAD("Transfer-Encoding then Content-Length",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 5\r\n\r\n", -400),
	BAD("Content-Length then Transfer-Encoding",
	    "POST / HTTP/1.1\r\nContent-Length: 5\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", -400),

	/* 501 and 505. */
	BAD("Transfer-Encoding",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", -501),
	BAD("transfer-encoding any case",
	    "POST / HTTP/1.1\r\ntransfer-ENCODING: gzip, chunked\r\n\r\n",
	    -501),
	BAD("Transfer-Encoding, then a bad header",
	    "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nA b\r\n\r\n",
	    -400),
	BAD("HTTP/2.0", "GET / HTTP/2.0\r\n\r\n", -505),
	BAD("HTTP/1.2", "GET / HTTP/1.2\r\n\r\n", -505),
	BAD("HTTP/0.9", "GET / HTTP/0.9\n\n", -505),
	BAD("HTTP/3.0, headers incomplete", "GET / HTTP/3.0\r\nHost: x", -505),

	/* Inputs with NUL bytes, so with lengths from sizeof. */
	BAD_N("NUL in target", "GET /a\0b HTTP/1.1\r\n\r\n", -400),
	BAD_N("NUL in value", "GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", -400),
	BAD_N("NUL in method", "G\0T / HTTP/1.1\r\n\r\n", -400),
	BAD_N("NUL as a line", "GET / HTTP/1.1\r\n\0\r\n\r\n", -400),
};
/* clang-format on */

/* A head followed by a body or by another request: only the head counts. */
static void check_pipelined(struct guard *g)
{
	const char *two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
			  "GET /b?n=1 HTTP/1.0\nConnection: keep-alive\n\n";
	const char *body = "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
			   "hello";
	size_t first = strlen("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
	size_t n = strlen(two);
	struct http_request req;
	const char *p;
	int r;

	p = guard_place(g, two, n);
	r = http_parse_request(p, n, &req);
	TAP_OK(r == (int)first && field_is(req.path, req.path_len, "/a"),
	       "pipelined: the first head's length (%d)", r);
	r = http_parse_request(p + first, n - first, &req);
	TAP_OK(r == (int)(n - first) &&
		   field_is(req.path, req.path_len, "/b") &&
		   req.query != NULL &&
		   field_is(req.query, req.query_len, "n=1") &&
		   req.minor_version == 0 && req.keep_alive == 1,
	       "pipelined: then the second head (%d)", r);

	n = strlen(body);
	p = guard_place(g, body, n);
	r = http_parse_request(p, n, &req);
	TAP_OK(r == (int)(n - 5) && req.content_length == 5,
	       "head followed by its body: the head's length (%d)", r);
}

/* A generated case: n bytes built by the caller. */
static void check_built(struct guard *g, const char *name, const char *in,
			size_t n, int want)
{
	struct http_case c = {name, in, n, want, NULL, NULL, NULL, 0, 0, 0};

	check_case(g, &c);
}

/* Appends a string to a buffer the caller made big enough. */
static size_t put(char *buf, size_t at, const char *s)
{
	size_t n = strlen(s);

	memcpy(buf + at, s, n);
	return at + n;
}

static size_t put_run(char *buf, size_t at, char ch, size_t n)
{
	memset(buf + at, ch, n);
	return at + n;
}

/*
 * Builds a request line whose content (without its line end) is exactly
 * `content` bytes long: "GET /aaa...a HTTP/1.1".
 */
static size_t put_request_line(char *buf, size_t content)
{
	size_t at = put(buf, 0, "GET /");
	at = put_run(buf, at, 'a', content - strlen("GET / HTTP/1.1"));
	return put(buf, at, " HTTP/1.1");
}

static void check_limits(struct guard *g)
{
	enum { MAX_RL = HTTP_MAX_REQUEST_LINE, MAX_HEAD = HTTP_MAX_HEAD };
	size_t cap = 3 * MAX_HEAD;
	char *buf = malloc(cap);
	struct http_request req;
	size_t at;
	int i;

	if (buf == NULL)
		abort();

	at = put_request_line(buf, MAX_RL);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "request line of exactly the limit (CRLF)", buf, at,
		    (int)at);
	at = put_request_line(buf, MAX_RL);
	at = put(buf, at, "\n\n");
	check_built(g, "request line of exactly the limit (LF)", buf, at,
		    (int)at);
	at = put_request_line(buf, MAX_RL + 1);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "request line one over the limit", buf, at, -414);
	at = put(buf, 0, "GET /");
	at = put_run(buf, at, 'a', 2 * MAX_RL);
	check_built(g, "endless target (no line end yet)", buf, at, -414);
	at = put(buf, 0, "GET /");
	at = put_run(buf, at, 'a', MAX_RL);
	at = put(buf, at, "\x01 HTTP/1.1\r\n\r\n");
	check_built(g, "bad byte only past the limit", buf, at, -414);
	at = put_run(buf, 0, 'A', MAX_RL);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "method filling the limit, then CRLF", buf, at, -400);
	at = put_request_line(buf, MAX_RL);
	at = put(buf, at, "\rX\r\n\r\n");
	check_built(g, "bare CR right after the limit", buf, at, -400);
	at = put_request_line(buf, MAX_RL);
	at = put(buf, at, "X\r\n\r\n");
	check_built(g, "version running past the limit", buf, at, -414);

	/* A head of exactly HTTP_MAX_HEAD bytes, padded in one header. */
	at = put(buf, 0, "GET / HTTP/1.1\r\nX: ");
	at = put_run(buf, at, 'v', MAX_HEAD - at - 4);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "head of exactly HTTP_MAX_HEAD", buf, at, MAX_HEAD);
	at = put(buf, 0, "GET / HTTP/1.1\r\nX: ");
	at = put_run(buf, at, 'v', MAX_HEAD - at - 3);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "head one over HTTP_MAX_HEAD", buf, at, -431);
	at = put(buf, 0, "GET / HTTP/1.1\nX: ");
	at = put_run(buf, at, 'v', MAX_HEAD - at - 2);
	at = put(buf, at, "\n\n");
	check_built(g, "head of exactly HTTP_MAX_HEAD, bare LF", buf, at,
		    MAX_HEAD);
	at = put(buf, 0, "GET / HTTP/1.1\nX: ");
	at = put_run(buf, at, 'v', MAX_HEAD - at - 1);
	at = put(buf, at, "\n\n");
	check_built(g, "head one over HTTP_MAX_HEAD, bare LF", buf, at, -431);
	at = put(buf, 0, "GET / HTTP/1.1\r\nX: ");
	at = put_run(buf, at, 'v', MAX_HEAD - at - 3);
	at = put(buf, at, "\r\n\r\n");
	check_built(g, "last CR at HTTP_MAX_HEAD", buf, at - 1, -431);
	at = put(buf, 0, "GET / HTTP/1.1\r\nX: ");
	at = put_run(buf, at, 'v', 2 * MAX_HEAD);
	check_built(g, "endless header line", buf, at, -431);
	at = put(buf, 0, "GET / HTTP/1.1\r\nX: ");
	at = put_run(buf, at, 'v', 2 * MAX_HEAD);
	at = put(buf, at, "\x01\r\n\r\n");
	check_built(g, "bad byte only past HTTP_MAX_HEAD", buf, at, -431);
	at = put_run(buf, 0, '\n', MAX_HEAD + 10);
	check_built(g, "endless empty lines", buf, at, -431);
	at = put_run(buf, 0, '\n', MAX_HEAD - 100);
	at = put(buf, at, "GET / HTTP/1.1\r\n\r\n");
	check_built(g, "empty lines before a head, within the limit", buf, at,
		    (int)at);
	at = put_run(buf, 0, '\n', MAX_HEAD - 10);
	at = put(buf, at, "GET / HTTP/1.1\r\n\r\n");
	check_built(g, "empty lines pushing the head over the limit", buf, at,
		    -431);

	/* Header counts. */
	at = put(buf, 0, "GET / HTTP/1.1\r\n");
	for (i = 0; i < HTTP_MAX_HEADERS; i++)
		at = put(buf, at, "A: b\r\n");
	at = put(buf, at, "\r\n");
	check_built(g, "HTTP_MAX_HEADERS headers", buf, at, (int)at);
	at = put(buf, 0, "GET / HTTP/1.1\r\n");
	for (i = 0; i < HTTP_MAX_HEADERS + 1; i++)
		at = put(buf, at, "A: b\r\n");
	at = put(buf, at, "\r\n");
	check_built(g, "one header too many", buf, at, -431);
	at = put(buf, 0, "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n");
	for (i = 0; i < HTTP_MAX_HEADERS; i++)
		at = put(buf, at, "A: b\r\n");
	at = put(buf, at, "\r\n");
	check_built(g, "Transfer-Encoding and too many headers", buf, at, -431);

	/* The same head through the whole parse keeps its fields. */
	at = put(buf, 0, "GET /q?");
	at = put_run(buf, at, 'x', 3000);
	at = put(buf, at, " HTTP/1.1\r\n\r\n");
	TAP_OK(http_parse_request(guard_place(g, buf, at), at, &req) ==
		       (int)at &&
		   req.query_len == 3000 && req.path_len == 2,
	       "long query keeps its length");
	free(buf);
}

/* RFC 9110 tchar, written out the slow way. */
static int ref_tchar(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Copies the string s into in (64 bytes) and returns its length. */
static size_t set(char *in, const char *s)
{
	size_t n = strlen(s);

	memcpy(in, s, n + 1);
	return n;
}

/* Every byte value in each place that restricts bytes. */
static void check_every_byte(struct guard *g)
{
	char in[64];
	struct http_request req;
	int c;
	int method_ok = 1, name_ok = 1, target_ok = 1, value_ok = 1;

	for (c = 0; c < 256; c++) {
		int r;
		size_t n;

		n = set(in, "GxT / HTTP/1.1\r\n\r\n");
		in[1] = (char)c;
		r = http_parse_request(guard_place(g, in, n), n, &req);
		if ((r == (int)n) != ref_tchar(c)) {
			printf("# method byte 0x%02x gives %d\n", c, r);
			method_ok = 0;
		}

		n = set(in, "GET / HTTP/1.1\r\nAxB: v\r\n\r\n");
		in[17] = (char)c;
		r = http_parse_request(guard_place(g, in, n), n, &req);
		/* "A:B: v" is the header A with the value "B: v". */
		if ((r == (int)n) != (ref_tchar(c) || c == ':')) {
			printf("# name byte 0x%02x gives %d\n", c, r);
			name_ok = 0;
		}

		n = set(in, "GET /x HTTP/1.1\r\n\r\n");
		in[5] = (char)c;
		r = http_parse_request(guard_place(g, in, n), n, &req);
		if ((r == (int)n) != (c > ' ' && c != 0x7f)) {
			printf("# target byte 0x%02x gives %d\n", c, r);
			target_ok = 0;
		}

		n = set(in, "GET / HTTP/1.1\r\nA: vxv\r\n\r\n");
		in[20] = (char)c;
		r = http_parse_request(guard_place(g, in, n), n, &req);
		if ((r == (int)n) != (c == '\t' || (c >= ' ' && c != 0x7f))) {
			printf("# value byte 0x%02x gives %d\n", c, r);
			value_ok = 0;
		}
	}
	TAP_OK(method_ok, "every byte value in a method");
	TAP_OK(name_ok, "every byte value in a header name");
	TAP_OK(target_ok, "every byte value in a target");
	TAP_OK(value_ok, "every byte value in a header value");
}

/* xorshift64*, so that a failing input repeats exactly. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/*
 * Random mutations of good heads: whatever the bytes, every prefix must
 * answer 0 or the whole input's answer, once answered the answer must hold,
 * a head's length never exceeds the bytes given, and nothing is read past
 * the end.
 */
static void check_mutations(struct guard *g)
{
	static const char *const seeds[] = {
	    "GET /delay?ms=10 HTTP/1.1\r\nHost: a\r\n\r\n",
	    "POST /e HTTP/1.0\r\nContent-Length: 2\r\nConnection: x\r\n\r\n",
	    "\r\nGET / HTTP/1.1\nTransfer-Encoding: x\n\n",
	};
	/* Bytes that matter to the grammar, and a few that never do. */
	static const char alphabet[] = " \t\r\n\r\n:/?.HTTP10aZ\x01\x7f\x80,";
	char in[128];
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	int iter;
	int ok = 1;
	int answers[4] = {0}; /* good, incomplete, 400, other errors */

	for (iter = 0; iter < 20000 && ok; iter++) {
		const char *base = seeds[rng_next(&seed) % 3];
		size_t n = strlen(base);
		int edits = 1 + (int)(rng_next(&seed) % 4);
		int whole, prev = 0;
		size_t k;
		struct http_request req;

		memcpy(in, base, n);
		while (edits-- > 0) {
			uint64_t r = rng_next(&seed);
			size_t at = (size_t)(r % (n + 1));
			char ch = alphabet[(r >> 32) % (sizeof(alphabet) - 1)];

			switch ((r >> 48) % 3) {
			case 0: /* replace */
				if (at < n)
					in[at] = ch;
				break;
			case 1: /* insert */
				if (n + 1 < sizeof(in)) {
					memmove(in + at + 1, in + at, n - at);
					in[at] = ch;
					n++;
				}
				break;
			default: /* delete */
				if (at < n) {
					memmove(in + at, in + at + 1,
						n - at - 1);
					n--;
				}
				break;
			}
		}
		whole = http_parse_request(guard_place(g, in, n), n, &req);
		for (k = 0; k <= n; k++) {
			int r =
			    http_parse_request(guard_place(g, in, k), k, &req);

			if ((r != 0 && r != whole) ||
			    (prev != 0 && r != prev) ||
			    (r > 0 && (size_t)r > k)) {
				printf("# iteration %d, prefix %zu: %d, whole "
				       "%d\n",
				       iter, k, r, whole);
				ok = 0;
				break;
			}
			prev = r;
		}
		answers[whole > 0	? 0
			: whole == 0	? 1
			: whole == -400 ? 2
					: 3]++;
	}
	TAP_OK(ok,
	       "%d mutated heads: prefixes agree (%d good, %d incomplete, "
	       "%d 400, %d other)",
	       iter, answers[0], answers[1], answers[2], answers[3]);
}

static int query(struct guard *g, const char *q, const char *name,
		 long long min, long long max, long long *out)
{
	size_t n = strlen(q);

	return http_query_int(guard_place(g, q, n), n, name, min, max, out);
}

static void check_query(struct guard *g)
{
	long long v;

	v = 0;
	TAP_OK(query(g, "ms=10", "ms", 0, 60000, &v) == 0 && v == 10,
	       "query: ms=10");
	TAP_OK(query(g, "x=1&ms=10&y=2", "ms", 0, 60000, &v) == 0 && v == 10,
	       "query: in the middle");
	TAP_OK(query(g, "&&ms=3&", "ms", 0, 10, &v) == 0 && v == 3,
	       "query: empty pairs around");
	TAP_OK(query(g, "a=1=2&ms=3", "ms", 0, 10, &v) == 0 && v == 3,
	       "query: '=' inside another value");
	TAP_OK(query(g, "ms=007", "ms", 0, 10, &v) == 0 && v == 7,
	       "query: leading zeros");
	TAP_OK(query(g, "ms=0", "ms", 0, 10, &v) == 0 && v == 0,
	       "query: zero at the lower bound");
	TAP_OK(query(g, "ms=60000", "ms", 0, 60000, &v) == 0 && v == 60000,
	       "query: the upper bound");
	TAP_OK(query(g, "n=9223372036854775807", "n", 0, LLONG_MAX, &v) == 0 &&
		   v == LLONG_MAX,
	       "query: LLONG_MAX");
	TAP_OK(query(g, "ms=5&ms=6", "ms", 0, 10, &v) == 0 && v == 5,
	       "query: the first of two decides");

	v = 42;
	TAP_OK(query(g, "ms=60001", "ms", 0, 60000, &v) == -1,
	       "query: over the upper bound");
	TAP_OK(query(g, "n=0", "n", 1, 10, &v) == -1,
	       "query: under the lower bound");
	TAP_OK(query(g, "n=9223372036854775808", "n", 0, LLONG_MAX, &v) == -1,
	       "query: just over LLONG_MAX");
	TAP_OK(query(g, "n=99999999999999999999999", "n", 0, LLONG_MAX, &v) ==
		   -1,
	       "query: overflowing");
	TAP_OK(query(g, "ms=", "ms", 0, 10, &v) == -1, "query: empty value");
	TAP_OK(query(g, "ms", "ms", 0, 10, &v) == -1, "query: no '='");
	TAP_OK(query(g, "ms=-1", "ms", -10, 10, &v) == -1,
	       "query: no sign allowed");
	TAP_OK(query(g, "ms=+1", "ms", 0, 10, &v) == -1, "query: no plus");
	TAP_OK(query(g, "ms= 1", "ms", 0, 10, &v) == -1, "query: no space");
	TAP_OK(query(g, "ms=1a", "ms", 0, 10, &v) == -1,
	       "query: junk after digits");
	TAP_OK(query(g, "ms=x&ms=6", "ms", 0, 10, &v) == -1,
	       "query: a bad first value is not skipped");
	TAP_OK(query(g, "mss=1", "ms", 0, 10, &v) == -1, "query: longer name");
	TAP_OK(query(g, "xms=1", "ms", 0, 10, &v) == -1,
	       "query: name with a prefix");
	TAP_OK(query(g, "m=1", "ms", 0, 10, &v) == -1, "query: shorter name");
	TAP_OK(query(g, "MS=1", "ms", 0, 10, &v) == -1,
	       "query: names are case-sensitive");
	TAP_OK(query(g, "", "ms", 0, 10, &v) == -1, "query: empty query");
	TAP_OK(http_query_int(NULL, 0, "ms", 0, 10, &v) == -1,
	       "query: no query at all");
	TAP_OK(v == 42, "query: *out untouched on failure");

	/* query_len is the end, even when the bytes go on. */
	TAP_OK(http_query_int(guard_place(g, "ms=123&x", 8), 4, "ms", 0, 1000,
			      &v) == 0 &&
		   v == 1,
	       "query: stops at query_len");
	TAP_OK(http_query_int(guard_place(g, "ms=123", 6), 2, "ms", 0, 1000,
			      &v) == -1,
	       "query: a name cut by query_len has no value");
}

static void check_reasons(void)
{
	static const struct {
		int status;
		const char *reason;
	} reasons[] = {
	    {100, "Continue"},
	    {200, "OK"},
	    {400, "Bad Request"},
	    {404, "Not Found"},
	    {405, "Method Not Allowed"},
	    {413, "Content Too Large"},
	    {414, "URI Too Long"},
	    {431, "Request Header Fields Too Large"},
	    {500, "Internal Server Error"},
	    {501, "Not Implemented"},
	    {503, "Service Unavailable"},
	    {505, "HTTP Version Not Supported"},
	    {299, "Unknown"},
	    {-1, "Unknown"},
	};
	size_t i;
	int ok = 1;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		if (strcmp(http_reason(reasons[i].status), reasons[i].reason)) {
			printf("# %d: %s\n", reasons[i].status,
			       http_reason(reasons[i].status));
			ok = 0;
		}
	}
	TAP_OK(ok, "reason phrases");
}

/* Expect: 100-continue is found in any case and only as the whole value. */
static void check_expect(struct guard *g)
{
	static const struct {
		const char *in;
		int expect;
	} heads[] = {
	    {"POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", 1},
	    {"POST /echo HTTP/1.1\r\nEXPECT:\t100-Continue \r\n\r\n", 1},
	    {"POST /echo HTTP/1.0\r\nexpect: 100-continue\r\n\r\n", 1},
	    {"POST /echo HTTP/1.1\r\nExpect: 100-continued\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\nExpect: 100-continue, x\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\nExpects: 100-continue\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\nX-Expect: 100-continue\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\n\r\n", 0},
	    {"POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n"
	     "Expect: other\r\n\r\n",
	     1},
	};
	struct http_request req;
	int ok = 1;

	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		size_t n = strlen(heads[i].in);
		char name[32];
		struct http_case c = {name, heads[i].in, n, (int)n, NULL,
				      NULL, NULL,	 0, 0,	    0};
		int r;

		snprintf(name, sizeof(name), "Expect head %zu", i);
		check_case(g, &c);
		memset(&req, 0xff, sizeof(req));
		r = http_parse_request(guard_place(g, heads[i].in, n), n, &req);
		if (r != (int)n || req.expect_continue != heads[i].expect) {
			printf("# Expect head %zu: %d, expect_continue %d\n", i,
			       r, req.expect_continue);
			ok = 0;
		}
	}
	TAP_OK(ok, "Expect: 100-continue recognized exactly");
}

/* http_date against glibc's gmtime_r and strftime in the C locale. */
static void check_date(void)
{
	static const struct {
		long long t;
		const char *text;
	} known[] = {
	    {0, "Thu, 01 Jan 1970 00:00:00 GMT"},
	    {784111777, "Sun, 06 Nov 1994 08:49:37 GMT"},
	    {951782400, "Tue, 29 Feb 2000 00:00:00 GMT"},
	    {4107542399LL, "Sun, 28 Feb 2100 23:59:59 GMT"},
	    {4107542400LL, "Mon, 01 Mar 2100 00:00:00 GMT"},
	    {-1, "Wed, 31 Dec 1969 23:59:59 GMT"},
	    {253402300799LL, "Fri, 31 Dec 9999 23:59:59 GMT"},
	    {253402300800LL, "Fri, 31 Dec 9999 23:59:59 GMT"},
	    {-62167219200LL, "Sat, 01 Jan 0000 00:00:00 GMT"},
	    {-62167219201LL, "Sat, 01 Jan 0000 00:00:00 GMT"},
	};
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	char got[HTTP_DATE_LEN + 1], want[64];
	int ok = 1, i;

	got[HTTP_DATE_LEN] = 0;
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		http_date(known[k].t, got);
		if (strcmp(got, known[k].text)) {
			printf("# %lld: %s, expected %s\n", known[k].t, got,
			       known[k].text);
			ok = 0;
		}
	}
	TAP_OK(ok, "http_date: known dates, leap days, the clamps");

	ok = 1;
	for (i = 0; i < 200000 && ok; i++) {
		/* Years 1 to 9999, seconds spread over the whole range. */
		long long t = (long long)(rng_next(&seed) % 315537897600ULL) -
			      62135596800LL;
		time_t tt = (time_t)t;
		struct tm tm;

		http_date(t, got);
		if (!gmtime_r(&tt, &tm) ||
		    strftime(want, sizeof(want), "%a, %d %b %Y %H:%M:%S GMT",
			     &tm) == 0)
			continue;
		/* strftime writes years below 1000 without padding. */
		if (tm.tm_year + 1900 < 1000)
			continue;
		if (strcmp(got, want)) {
			printf("# %lld: %s, glibc says %s\n", t, got, want);
			ok = 0;
		}
	}
	TAP_OK(ok, "http_date: %d random times agree with gmtime_r", i);
}

int main(void)
{
	struct guard g;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (guard_init(&g, 4 * HTTP_MAX_HEAD) < 0) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&g, &cases[i]);
	check_pipelined(&g);
	check_limits(&g);
	check_every_byte(&g);
	check_mutations(&g);
	check_query(&g);
	check_reasons();
	check_expect(&g);
	check_date();
	return tap_done();
}
