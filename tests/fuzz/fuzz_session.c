/*
 * fuzz_session.c - libFuzzer harness for the protocol core (session.c and
 * http.c): one connection's whole life, with the harness as the model.
 *
 * The input is a client's byte stream with a small header:
 *
 *   byte 0      mode: bit 0 echo protocol (else HTTP), bit 1 end with the
 *               client's end of file (else the client stays, silent),
 *               bit 2 small writes (else mostly whole ones), bit 3 a
 *               model that serves WebSocket (GET /ws, GET /chat), bit 4
 *               a database configured (the harness answers for it)
 *   bytes 1-8   a seed for the harness's own choices
 *   bytes 9-    the stream
 *
 * The harness does what a model does, in an order the seed picks: reads
 * (the stream cut at chosen points, as many bytes as the session has room
 * for, or fewer), partial writes, /delay timers fired some steps after they
 * were handed out, the write side shut when the lingering close asks.
 * After every step it checks the session's invariants: buffers within
 * their caps, offsets in order, no wanting of nothing, no reading while a
 * /delay is pending, no output after the write side is shut.
 *
 * Every byte the session sends goes through a strict response parser.
 * For HTTP the expected responses come from a shadow framing of the same
 * stream, made with the real head parser (http_parse_request, tested on
 * its own in test_http.c): which requests are HEADs (no body), which
 * expect a 100 Continue, which are echoes (the body must come back), which
 * end the connection.  The output must be exactly one well-formed
 * response per request, in order, each with a status line, Server, Date,
 * Content-Type and a Content-Length matching its body, and nothing else.
 * Echo must give back the stream byte for byte.  Without mode bit 3, /ws
 * and /chat are 404.  With it, /chat is a page and GET /ws may switch to
 * WebSocket: the harness then plays the model's side of a broadcast (it
 * pushes the frame to the one subscriber there is, the sender, and says
 * done) and stops reading the output as HTTP: frames are session_ws.c's
 * to judge (tests/unit), but a crash, a leak or a backlog over its cap is
 * caught here all the same.  The database endpoints answer 503 without a
 * database (mode bit 4 clear); with one, the harness plays the model's
 * side (session_take_db, session_db_done) some steps later, failing the
 * request (503) or filling it with made-up rows and fortunes full of
 * characters to escape, and the answer must be a 200 of the right type
 * or a 503.  Leaks are LeakSanitizer's
 * to find; over-reads and overflows AddressSanitizer's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../servers/core/clock.h"
#include "../../servers/core/db.h"
#include "../../servers/core/http.h"
#include "../../servers/core/session.h"
#include "../../servers/core/session_ws.h"

/* A violated invariant: say which, and crash so libFuzzer keeps the input. */
#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_session: %s:%d: %s: ", __FILE__, \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/* Steps without an end are a hang: more than any input can need. */
#define MAX_STEPS    (20 * 1000 * 1000)
#define MAX_REQUESTS (4096)

/*
 * The core calls these two from clock.c.  The harness links session.c and
 * http.c without clock.c and provides them itself, because here the
 * harness is the model: a /cpu request must not burn a real second of
 * fuzzing time, and a blocking sleep is never called (timers are fired by
 * hand).  The arguments are still checked.
 */
void clock_burn_cpu_us(long us)
{
	CHECK(us >= 0 && us <= 1000000, "/cpu for %ld us", us);
}

void clock_sleep_ms(long ms)
{
	(void)ms;
	CHECK(0, "the session never sleeps by itself");
}

/* splitmix64: the harness's choices, all from the input's seed. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [1, max], max >= 1, biased towards the ends. */
static size_t pick(uint64_t *rng, size_t max)
{
	uint64_t r = rng_next(rng);

	switch (r & 3) {
	case 0:
		return 1;
	case 1:
		return max;
	default:
		return 1 + (size_t)((r >> 2) % max);
	}
}

/* ---- the shadow framing of the request stream */

enum kind {
	K_HELLO, /* "/", "/delay", "/cpu": Hello, World!, 400 or 405 */
	K_BYTES, /* "/bytes": the pattern, 400 or 405 */
	K_ECHO,	 /* POST /echo: the body back */
	K_405,	 /* another method on /echo */
	K_404,	 /* another path */
	K_WS,	 /* /ws: 404 without WebSocket; else 101, 400, 426; 405 */
	K_CHAT,	 /* /chat: 404 without WebSocket; else the page; 405 */
	K_JSON,	 /* /json: the JSON hello; 405 */
	K_DB,	 /* the database endpoints: 200, 503, 400 (/dbsleep); 405 */
	K_BAD,	 /* the head parser refused it: status, then close */
	K_LARGE, /* Content-Length over the cap: 413, then close */
};

struct shadow_req {
	enum kind kind;
	int status;	     /* K_BAD: the parser's status */
	int head_only;	     /* a HEAD: no body in the answer */
	int get;	     /* a GET or a HEAD */
	int want_continue;   /* a 100 Continue must come first (if kept) */
	int keep_alive;	     /* the request's own wish */
	int minor_version;   /* 0 or 1 */
	uint64_t cl;	     /* its Content-Length, 0 when none */
	const uint8_t *body; /* K_ECHO: its body in the stream */
	uint64_t body_avail; /* how much of it the stream holds */
};

struct shadow {
	struct shadow_req req[MAX_REQUESTS];
	size_t n;
};

static int span_is(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

static void shadow_frame(struct shadow *sh, const uint8_t *in, size_t len)
{
	struct http_request req;
	size_t pos = 0;
	int r;

	sh->n = 0;
	while (sh->n < MAX_REQUESTS) {
		struct shadow_req *q = &sh->req[sh->n];

		memset(q, 0, sizeof(*q));
		r = http_parse_request((const char *)in + pos, len - pos, &req);
		if (r == 0)
			return;
		sh->n++;
		if (r < 0) {
			q->kind = K_BAD;
			q->status = -r;
			q->minor_version = 1;
			return;
		}
		q->head_only = span_is(req.method, req.method_len, "HEAD");
		q->get =
		    q->head_only || span_is(req.method, req.method_len, "GET");
		q->keep_alive = req.keep_alive;
		q->minor_version = req.minor_version;
		q->cl =
		    req.content_length > 0 ? (uint64_t)req.content_length : 0;
		if (q->cl > HTTP_MAX_BODY) {
			q->kind = K_LARGE;
			return;
		}
		q->want_continue =
		    req.expect_continue && req.minor_version >= 1 && q->cl > 0;
		if (span_is(req.path, req.path_len, "/echo") &&
		    span_is(req.method, req.method_len, "POST"))
			q->kind = K_ECHO;
		else if (span_is(req.path, req.path_len, "/bytes"))
			q->kind = K_BYTES;
		else if (span_is(req.path, req.path_len, "/json"))
			q->kind = K_JSON;
		else if (span_is(req.path, req.path_len, "/db") ||
			 span_is(req.path, req.path_len, "/queries") ||
			 span_is(req.path, req.path_len, "/fortunes") ||
			 span_is(req.path, req.path_len, "/updates") ||
			 span_is(req.path, req.path_len, "/dbsleep"))
			q->kind = K_DB;
		else if (span_is(req.path, req.path_len, "/") ||
			 span_is(req.path, req.path_len, "/plaintext") ||
			 span_is(req.path, req.path_len, "/delay") ||
			 span_is(req.path, req.path_len, "/cpu"))
			q->kind = K_HELLO;
		else if (span_is(req.path, req.path_len, "/echo"))
			q->kind = K_405;
		else if (span_is(req.path, req.path_len, "/ws"))
			q->kind = K_WS;
		else if (span_is(req.path, req.path_len, "/chat"))
			q->kind = K_CHAT;
		else
			q->kind = K_404;
		pos += (size_t)r;
		q->body = in + pos;
		q->body_avail = len - pos < q->cl ? len - pos : q->cl;
		if (q->body_avail < q->cl || !q->keep_alive)
			return;
		pos += (size_t)q->cl;
	}
}

/* ---- the response checker */

#define PATTERN64                                                              \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\r\n"

struct checker {
	const struct shadow *sh;
	int echo;	       /* echo protocol: compare with the stream */
	int ws;		       /* the model serves WebSocket */
	int db;		       /* a database is configured */
	int upgraded;	       /* a 101 came: the rest is frames */
	const uint8_t *stream; /* echo: what came in */
	size_t stream_len;
	uint64_t out_total; /* bytes sent so far */
	size_t cur;	    /* HTTP: the request being answered */
	char head[1024];    /* the response head being read */
	size_t head_len;
	int continued;	    /* cur had its 100 Continue */
	int in_body;	    /* reading a body */
	uint64_t body_left; /* of it */
	uint64_t body_pos;  /* bytes of it seen */
	int status;	    /* of the response being read */
	int closing;	    /* it said Connection: close */
	int done;	    /* a closing response is complete: nothing more */
	uint64_t responses; /* final responses completed */
};

/* Parses "Name: value\r\n" at *p in the head; returns the value's length. */
static size_t header(const char **p, const char *end, const char *name,
		     const char **value)
{
	size_t n = strlen(name);
	const char *eol;

	CHECK((size_t)(end - *p) > n && !memcmp(*p, name, n) &&
		  (*p)[n] == ':' && (*p)[n + 1] == ' ',
	      "expected the %s header at %.40s", name, *p);
	*value = *p + n + 2;
	eol = memchr(*value, '\r', (size_t)(end - *value));
	CHECK(eol && eol + 1 < end && eol[1] == '\n', "%s: no CRLF", name);
	*p = eol + 2;
	return (size_t)(eol - *value);
}

/* A complete response head is in ck->head (with its CRLF CRLF). */
static void check_head(struct checker *ck)
{
	const struct shadow_req *q;
	const char *p = ck->head, *end = ck->head + ck->head_len - 2;
	const char *v, *reason;
	uint64_t cl = 0, expect_len;
	size_t n, i;
	int status;

	CHECK(!ck->done, "bytes after the closing response");
	CHECK(!ck->upgraded, "an HTTP head after the upgrade");
	CHECK(ck->cur < ck->sh->n, "response %zu, only %zu requests", ck->cur,
	      ck->sh->n);
	q = &ck->sh->req[ck->cur];
	CHECK(ck->head_len >= 17 && !memcmp(p, "HTTP/1.1 ", 9),
	      "status line %.30s", p);
	status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	CHECK(p[9] >= '1' && p[9] <= '5' && p[10] >= '0' && p[10] <= '9' &&
		  p[11] >= '0' && p[11] <= '9' && p[12] == ' ',
	      "status %.3s", p + 9);
	reason = http_reason(status);
	n = strlen(reason);
	CHECK(!memcmp(p + 13, reason, n) && p[13 + n] == '\r' &&
		  p[14 + n] == '\n',
	      "reason phrase of %d", status);
	p += 15 + n;

	if (status == 101) {
		/* Switching protocols: what follows is WebSocket frames. */
		CHECK(ck->ws && q->kind == K_WS && q->get && !q->head_only,
		      "a 101 for request %zu", ck->cur);
		CHECK(memmem(ck->head, ck->head_len,
			     "\r\nSec-WebSocket-Accept: ", 24) != NULL,
		      "a 101 without Sec-WebSocket-Accept");
		ck->upgraded = 1;
		return;
	}
	if (status == 100) {
		/* An interim response: exactly the status line. */
		CHECK(p == end, "a 100 with headers");
		CHECK(q->want_continue && !ck->continued,
		      "a 100 request %zu did not ask for (or a second one)",
		      ck->cur);
		ck->continued = 1;
		return;
	}
	n = header(&p, end, "Server", &v);
	CHECK(span_is(v, n, "threads-vs-events"), "Server: %.*s", (int)n, v);
	n = header(&p, end, "Date", &v);
	CHECK(n == HTTP_DATE_LEN && v[3] == ',' && !memcmp(v + 25, " GMT", 4),
	      "Date: %.*s", (int)n, v);
	n = header(&p, end, "Content-Type", &v);
	CHECK(span_is(v, n, "text/plain") ||
		  ((q->kind == K_CHAT || q->kind == K_DB) && status == 200 &&
		   span_is(v, n, "text/html; charset=utf-8")) ||
		  ((q->kind == K_JSON || q->kind == K_DB) && status == 200 &&
		   span_is(v, n, "application/json")),
	      "Content-Type: %.*s", (int)n, v);
	n = header(&p, end, "Content-Length", &v);
	CHECK(n >= 1 && n <= 10, "Content-Length: %.*s", (int)n, v);
	for (i = 0; i < n; i++) {
		CHECK(v[i] >= '0' && v[i] <= '9', "Content-Length digits");
		cl = cl * 10 + (uint64_t)(v[i] - '0');
	}
	ck->closing = 0;
	if (status == 426) {
		/* RFC 6455, 4.4: say what to upgrade to. */
		n = header(&p, end, "Upgrade", &v);
		CHECK(span_is(v, n, "websocket"), "426 Upgrade: %.*s", (int)n,
		      v);
		n = header(&p, end, "Sec-WebSocket-Version", &v);
		CHECK(span_is(v, n, "13"), "426 version");
	}
	if (p < end) {
		n = header(&p, end, "Connection", &v);
		if (span_is(v, n, "close"))
			ck->closing = 1;
		else
			CHECK(span_is(v, n, "keep-alive") &&
				  q->minor_version == 0 && q->keep_alive,
			      "Connection: %.*s", (int)n, v);
	} else {
		CHECK(q->minor_version == 1 || !q->keep_alive,
		      "an HTTP/1.0 keep-alive answer must say so");
	}
	CHECK(p == end, "more headers: %.40s", p);

	/* The status and the framing the request calls for. */
	switch (q->kind) {
	case K_BAD:
		CHECK(status == q->status && ck->closing, "bad head: %d",
		      status);
		break;
	case K_LARGE:
		CHECK(status == 413 && ck->closing, "too large: %d", status);
		break;
	case K_ECHO:
		CHECK(status == 200 && cl == q->cl, "echo: %d, %llu", status,
		      (unsigned long long)cl);
		break;
	case K_405:
		CHECK(status == 405, "another method on /echo: %d", status);
		break;
	case K_404:
		CHECK(status == 404, "another path: %d", status);
		break;
	case K_JSON:
		CHECK(status == (q->get ? 200 : 405), "/json: %d", status);
		break;
	case K_DB:
		/* 400: a /dbsleep with a bad ms, which closes. */
		if (q->get)
			CHECK((status == 200 && ck->db) || status == 503 ||
				  (status == 400 && ck->closing),
			      "a database endpoint: %d (database %d)", status,
			      ck->db);
		else
			CHECK(status == 405, "another method: %d", status);
		break;
	case K_WS:
	case K_CHAT:
		/* Only a model with WebSocket serves them. */
		if (!q->get)
			CHECK(status == 405 || (!ck->ws && status == 404),
			      "/ws or /chat, not a GET: %d", status);
		else if (!ck->ws)
			CHECK(status == 404, "/ws or /chat: %d", status);
		else if (q->kind == K_CHAT)
			CHECK(status == 200, "/chat: %d", status);
		else
			CHECK((status == 400 || status == 426) && ck->closing,
			      "/ws not upgraded: %d", status);
		break;
	default:
		if (q->get)
			CHECK(status == 200 || (status == 400 && ck->closing),
			      "GET: %d", status);
		else
			CHECK(status == 405, "another method: %d", status);
		break;
	}
	if (!q->keep_alive)
		CHECK(ck->closing, "the request asked to close");
	if (ck->closing)
		CHECK(!q->keep_alive || status >= 400,
		      "closing a keep-alive connection after a %d", status);
	/*
	 * 100 Continue exactly when the body is wanted: never before a
	 * refusal that closes (400, 413, 426, a head the parser refused).
	 */
	if (status == 400 || status == 413 || status == 426 || q->kind == K_BAD)
		CHECK(!ck->continued, "a 100 before a %d", status);
	else if (q->want_continue)
		CHECK(ck->continued, "no 100 Continue before the %d", status);

	if (status == 200 && q->kind == K_HELLO)
		expect_len = 13;
	else if (status == 200 && q->kind == K_JSON)
		expect_len = 27;
	else if (status == 200 && q->kind == K_CHAT)
		expect_len = cl; /* the page, not checked byte by byte */
	else if (status == 200)
		expect_len = cl; /* /bytes and echo: checked above or below */
	else
		expect_len = strlen(http_reason(status)) + 1;
	CHECK(cl == expect_len, "Content-Length %llu for a %d",
	      (unsigned long long)cl, status);
	ck->status = status;
	ck->body_left = q->head_only ? 0 : cl;
	ck->body_pos = 0;
	ck->in_body = 1;
}

/* Checks n body bytes at p against what the response must hold. */
static void check_body(struct checker *ck, const uint8_t *p, size_t n)
{
	const struct shadow_req *q = &ck->sh->req[ck->cur];
	static const char pattern[] = PATTERN64;
	const char *want = NULL;

	if (ck->status == 200 && q->kind == K_ECHO) {
		CHECK(ck->body_pos + n <= q->body_avail,
		      "echoed bytes the client never sent");
		CHECK(!memcmp(p, q->body + ck->body_pos, n), "echo differs");
	} else if (ck->status == 200 && q->kind == K_CHAT) {
		/* The page: its length is the framing's to check. */
	} else if (ck->status == 200 && q->kind == K_DB) {
		/* Rendered rows: JSON, the HTML table, or /dbsleep's line
		 * (tests/unit checks them byte by byte). */
		CHECK(ck->body_pos > 0 || n == 0 || strchr("[{<s", p[0]),
		      "a database answer starting with %c", p[0]);
	} else if (ck->status == 200 && q->kind == K_BYTES) {
		for (size_t i = 0; i < n; i++)
			CHECK(p[i] == (uint8_t)pattern[(ck->body_pos + i) % 64],
			      "/bytes pattern at %llu",
			      (unsigned long long)(ck->body_pos + i));
	} else {
		want = ck->status != 200   ? http_reason(ck->status)
		       : q->kind == K_JSON ? "{\"message\":\"Hello, World!\"}"
					   : "Hello, World!";
		for (size_t i = 0; i < n; i++) {
			uint64_t at = ck->body_pos + i;
			char c = at < strlen(want) ? want[at] : '\n';

			CHECK(p[i] == (uint8_t)c, "body byte %llu",
			      (unsigned long long)at);
		}
	}
	ck->body_pos += n;
}

static void end_response(struct checker *ck)
{
	ck->in_body = 0;
	ck->head_len = 0;
	ck->continued = 0;
	ck->responses++;
	ck->cur++;
	if (ck->closing)
		ck->done = 1;
}

/* Takes n bytes the session sent. */
static void checker_feed(struct checker *ck, const uint8_t *p, size_t n)
{
	size_t k;

	if (ck->upgraded) {
		ck->out_total += n; /* frames: session_ws.c's */
		return;
	}
	if (ck->echo) {
		CHECK(ck->out_total + n <= ck->stream_len &&
			  !memcmp(p, ck->stream + ck->out_total, n),
		      "echo differs at %llu",
		      (unsigned long long)ck->out_total);
		ck->out_total += n;
		return;
	}
	ck->out_total += n;
	while (n) {
		if (ck->in_body) {
			k = n < ck->body_left ? n : (size_t)ck->body_left;
			check_body(ck, p, k);
			p += k;
			n -= k;
			ck->body_left -= k;
			if (ck->body_left == 0)
				end_response(ck);
			continue;
		}
		CHECK(ck->head_len < sizeof(ck->head), "a head over 1 KiB");
		ck->head[ck->head_len++] = (char)*p++;
		n--;
		if (ck->head_len >= 4 &&
		    !memcmp(ck->head + ck->head_len - 4, "\r\n\r\n", 4)) {
			check_head(ck);
			if (ck->in_body && ck->body_left == 0)
				end_response(ck);
			else if (!ck->in_body)
				ck->head_len = 0; /* a 100 */
		}
	}
}

/*
 * The connection is over (closed, or idle with nothing left to do): every
 * request the shadow framed has its answer, whole, unless the session
 * closed early after an error or the client left in the middle of an
 * echo body.
 */
static void checker_end(struct checker *ck, int eof)
{
	const struct shadow_req *q;

	if (ck->echo) {
		CHECK(ck->out_total == ck->stream_len, "echoed %llu of %zu",
		      (unsigned long long)ck->out_total, ck->stream_len);
		return;
	}
	if (ck->upgraded)
		return;
	if (ck->done) {
		CHECK(ck->head_len == 0 && !ck->in_body,
		      "bytes after the closing response");
		return;
	}
	if (ck->in_body) {
		q = &ck->sh->req[ck->cur];
		CHECK(q->kind == K_ECHO && ck->status == 200 &&
			  ck->body_pos == q->body_avail &&
			  q->body_avail < q->cl,
		      "response %zu cut short (%llu of %llu body bytes)",
		      ck->cur, (unsigned long long)ck->body_pos,
		      (unsigned long long)(ck->body_pos + ck->body_left));
		CHECK(ck->cur + 1 == ck->sh->n, "requests after a cut body");
		return;
	}
	CHECK(ck->head_len == 0, "a response head cut short");
	CHECK(ck->cur == ck->sh->n, "%zu responses to %zu requests (eof %d)",
	      ck->cur, ck->sh->n, eof);
}

/* ---- the model */

static void check_invariants(const struct session *s)
{
	CHECK(s->in_off <= s->in_len && s->in_len <= SESSION_IN_CAP,
	      "input %zu..%zu", s->in_off, s->in_len);
	CHECK(s->in || s->in_len == 0, "bytes in a missing buffer");
	CHECK(s->out_off <= s->out_len && s->out_len <= SESSION_OUT_CAP,
	      "output %zu..%zu", s->out_off, s->out_len);
	CHECK(s->out || s->out_len == 0, "bytes in a missing buffer");
	CHECK(s->pattern_pos < 64, "pattern position %u", s->pattern_pos);
	CHECK(s->state <= ST_DB, "state %d", (int)s->state);
	CHECK(s->state != ST_WS || !s->ws ||
		  s->ws->out_len <= SESSION_WS_BACKLOG + WS_MAX_CLOSE_FRAME,
	      "WebSocket backlog %zu", s->ws ? s->ws->out_len : 0);
	CHECK(s->state != ST_WS || !s->ws || s->ws->msg_len <= s->ws->msg_cap,
	      "message %zu in %zu", s->ws->msg_len, s->ws->msg_cap);
	CHECK(s->state != ST_LINGER ||
		  s->drained <= SESSION_LINGER_MAX + SESSION_IN_CAP,
	      "drained %zu", s->drained);
	CHECK(s->body_left <= HTTP_MAX_BODY && s->discard_left <= HTTP_MAX_BODY,
	      "body %llu, discard %llu", (unsigned long long)s->body_left,
	      (unsigned long long)s->discard_left);
}

static struct stats stats;

/*
 * The model's side of a database request: fail it, or answer it with
 * made-up rows (the ids the session chose, checked) and fortunes that
 * need escaping, as a real run would fill them.
 */
static void fake_db(struct db_req *req, uint64_t *rng)
{
	static const char *const msgs[] = {
	    "<script>alert(\"x\");</script>", "a & b > c 'd'",
	    "\xe3\x83\x95\xe3\x83\xac", "", "plain"};

	CHECK(req->kind <= DB_SLEEP, "kind %d", (int)req->kind);
	if (req->kind == DB_SLEEP)
		CHECK(req->n >= 0 && req->n <= DB_MAX_SLEEP_MS, "sleep %d",
		      req->n);
	else
		CHECK(req->n >= 1 && req->n <= DB_MAX_QUERIES, "n %d", req->n);
	if ((rng_next(rng) & 3) == 0) {
		req->failed = 1;
		return;
	}
	if (req->kind == DB_FORTUNES) {
		for (int i = 0; i < (int)(rng_next(rng) % 13); i++) {
			const char *m = msgs[rng_next(rng) % 5];

			CHECK(db_add_fortune(req, i + 1, m, strlen(m)) == 0,
			      "fortune %d", i);
		}
		return;
	}
	if (req->kind == DB_SLEEP)
		return;
	for (int i = 0; i < req->n; i++) {
		CHECK(req->rows[i].id >= 1 && req->rows[i].id <= DB_WORLD_ROWS,
		      "id %d", req->rows[i].id);
		req->rows[i].number = 1 + (int)(rng_next(rng) % DB_WORLD_ROWS);
	}
}

static void run(const uint8_t *in, size_t len, unsigned mode, uint64_t rng,
		struct shadow *sh)
{
	struct config cfg = {
	    .model = "fuzz",
	    .proto = (mode & 1) ? PROTO_ECHO : PROTO_HTTP,
	    .idle_timeout_s = 60,
	    .header_timeout_s = 10,
	    .protocols = (mode & 8) ? PROTOCOL_WS : 0,
	    .db = (mode & 16) ? "fuzz" : NULL,
	};
	struct db_req *db = NULL; /* handed out, not yet answered */
	int db_wait = 0;
	struct checker ck = {0};
	struct session s;
	size_t off = 0, room, n, len_w;
	int eof_at_end = (mode & 2) != 0, small = (mode & 4) != 0;
	int eof_sent = 0, shut = 0, timer = 0, timer_wait = 0;
	unsigned want;
	long steps = 0;
	const char *w;
	char *r;

	ck.sh = sh;
	ck.echo = cfg.proto == PROTO_ECHO;
	ck.ws = (cfg.protocols & PROTOCOL_WS) != 0;
	ck.db = cfg.db != NULL;
	ck.stream = in;
	ck.stream_len = len;
	if (!ck.echo)
		shadow_frame(sh, in, len);
	session_init(&s, &cfg, &stats);
	for (;;) {
		int can_read, can_write, did = 0;

		check_invariants(&s);
		CHECK(++steps < MAX_STEPS, "no end after %ld steps", steps);
		long ms = session_take_timer(&s);
		if (ms >= 0) {
			CHECK(ms <= 60000 && !timer, "timer %ld ms", ms);
			timer = 1;
			timer_wait = (int)(rng_next(&rng) % 4);
		}
		struct db_req *req = session_take_db(&s);
		if (req) {
			CHECK(ck.db && !db, "a database request (database %d)",
			      ck.db);
			db = req;
			db_wait = (int)(rng_next(&rng) % 4);
		}
		want = session_want(&s);
		if (want & WANT_CLOSE)
			break;
		if (want & WANT_BROADCAST) {
			/*
			 * The model's part of a broadcast, with one
			 * connection: every subscriber is the sender.
			 */
			const void *frame = session_take_broadcast(&s, &n);

			CHECK(ck.ws && frame && n > 0, "broadcast %zu", n);
			if (session_is_subscriber(&s))
				session_push(&s, frame, n);
			session_broadcast_done(&s);
			continue;
		}
		CHECK(want & (WANT_READ | WANT_WRITE | WANT_TIMER | WANT_DB),
		      "wants nothing: state %d", (int)s.state);
		CHECK(!(want & WANT_DB) || db, "a database request never "
					       "handed out");
		CHECK(!(want & WANT_DB) || !(want & WANT_READ),
		      "reads during a database request");
		CHECK(!(want & WANT_TIMER) || timer,
		      "a timer never handed out");
		CHECK(!(want & WANT_TIMER) || !(want & WANT_READ),
		      "reads during a /delay");
		CHECK(!shut || !(want & WANT_WRITE),
		      "output after the shutdown");
		w = session_wbuf(&s, &len_w);
		CHECK(!!(want & WANT_WRITE) == (w != NULL && len_w > 0),
		      "WANT_WRITE %d with %zu bytes to send",
		      !!(want & WANT_WRITE), len_w);
		can_write = w != NULL;
		can_read = (want & WANT_READ) &&
			   (off < len || (eof_at_end && !eof_sent));

		/* One action, picked by the seed among the possible ones. */
		switch (rng_next(&rng) % 4) {
		case 0:
			if (timer && timer_wait-- <= 0) {
				timer = 0;
				session_timer_fired(&s);
				did = 1;
			}
			if (db && db_wait-- <= 0) {
				fake_db(db, &rng);
				db = NULL;
				session_db_done(&s);
				did = 1;
			}
			break;
		case 1:
		case 2:
			if (can_write) {
				n = small ? pick(&rng, len_w) : len_w;
				if (!small && (rng_next(&rng) & 7) == 0)
					n = pick(&rng, len_w);
				checker_feed(&ck, (const uint8_t *)w, n);
				session_sent(&s, n);
				did = 1;
			}
			break;
		default:
			if (can_read) {
				r = session_rbuf(&s, &room);
				if (s.failed)
					break;
				CHECK(r && room > 0, "WANT_READ, no room");
				if (off == len) {
					session_received(&s, 0);
					eof_sent = 1;
				} else {
					n = len - off < room ? len - off : room;
					n = pick(&rng, n);
					memcpy(r, in + off, n);
					off += n;
					session_received(&s, n);
				}
				did = 1;
			}
			break;
		}
		if (session_shut_wr_due(&s)) {
			CHECK(!shut, "shut twice");
			session_shut_wr_done(&s);
			shut = 1;
		}
		if (did || (rng_next(&rng) & 1))
			continue;
		/* Nothing done this step: is anything left to do at all? */
		if (!can_write && !timer && !db && !can_read)
			break; /* idle: the client is silent, all answered */
	}
	want = session_want(&s);
	if (want & WANT_CLOSE)
		CHECK(session_wbuf(&s, &len_w) == NULL || s.failed,
		      "closing with bytes unsent");
	checker_end(&ck, eof_sent);
	session_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct shadow sh; /* 200 KiB: too big for the stack */
	uint64_t seed = 0;
	unsigned mode;
	uint8_t *copy;

	if (size < 9)
		return 0;
	mode = data[0];
	memcpy(&seed, data + 1, 8);
	/* An exact-size copy, so ASan sees a read past the end. */
	copy = malloc(size - 9 ? size - 9 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 9, size - 9);
	run(copy, size - 9, mode, seed, &sh);
	free(copy);
	return 0;
}
