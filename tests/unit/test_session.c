/*
 * test_session.c - the session state machine, bytes in and bytes out, with
 * no socket: feed requests whole and byte by byte, drain the output in
 * chunks of every size, and compare with what the contract says.
 */
#include <stdlib.h>
#include <string.h>

#include "../../servers/core/session.h"
#include "tap.h"

static struct config cfg = {
    .model = "test",
    .proto = PROTO_HTTP,
    .idle_timeout_s = 60,
    .header_timeout_s = 10,
};
static struct stats stats;

struct out {
	char *buf;
	size_t len;
};

/* Sends everything the session offers, in pieces of at most `chunk`. */
static void drain(struct session *s, struct out *o, size_t chunk)
{
	const char *p;
	size_t len;

	while ((p = session_wbuf(s, &len)) != NULL) {
		if (len > chunk)
			len = chunk;
		o->buf = realloc(o->buf, o->len + len + 1);
		memcpy(o->buf + o->len, p, len);
		o->len += len;
		o->buf[o->len] = 0;
		session_sent(s, len);
	}
}

/*
 * Feeds `in` in pieces of `piece` bytes, draining output in pieces of
 * `chunk`, firing any /delay timer at once.  Returns the output.
 */
static struct out run(const char *in, size_t in_len, size_t piece, size_t chunk,
		      int eof, unsigned *want_out)
{
	struct session s;
	struct out o = {0};
	size_t off = 0, room, n;
	char *buf;

	session_init(&s, &cfg, &stats);
	for (;;) {
		drain(&s, &o, chunk);
		if (session_take_timer(&s) >= 0) {
			session_timer_fired(&s);
			continue;
		}
		if (session_want(&s) & WANT_CLOSE)
			break;
		if (off == in_len) {
			if (eof && !s.read_eof) {
				session_received(&s, 0);
				continue;
			}
			break;
		}
		buf = session_rbuf(&s, &room);
		if (!buf)
			break; /* not reading: e.g. closing after an error */
		n = in_len - off < piece ? in_len - off : piece;
		if (n > room)
			n = room;
		memcpy(buf, in + off, n);
		off += n;
		session_received(&s, n);
	}
	drain(&s, &o, chunk);
	*want_out = session_want(&s);
	session_free(&s);
	return o;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static const char hello_resp[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13"
    "\r\n\r\nHello, World!";

/* Runs one case three ways: whole, byte by byte, odd pieces. */
static void check(const char *name, const char *in, const char *expect,
		  int expect_close)
{
	static const size_t pieces[][2] = {{1 << 20, 1 << 20}, {1, 1}, {7, 3}};
	unsigned want;

	for (size_t i = 0; i < 3; i++) {
		struct out o =
		    run(in, strlen(in), pieces[i][0], pieces[i][1], 0, &want);
		TAP_OK(o.buf && !strcmp(o.buf, expect), "%s (pieces %zu/%zu)",
		       name, pieces[i][0], pieces[i][1]);
		if (!o.buf || strcmp(o.buf, expect))
			printf("#   got: %s\n", o.buf ? o.buf : "(nothing)");
		TAP_OK(!!(want & WANT_CLOSE) == expect_close, "%s closes: %d",
		       name, expect_close);
		free(o.buf);
	}
}

static void test_http(void)
{
	unsigned want;

	check("GET /", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", hello_resp, 0);
	check("HTTP/1.0 closes", "GET / HTTP/1.0\r\n\r\n",
	      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 13\r\nConnection: close\r\n\r\nHello, World!",
	      1);
	check("HTTP/1.0 keep-alive",
	      "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
	      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 13\r\nConnection: keep-alive\r\n\r\n"
	      "Hello, World!",
	      0);
	check("delay answers after the timer",
	      "GET /delay?ms=5 HTTP/1.1\r\n\r\n", hello_resp, 0);
	check("cpu", "GET /cpu?us=10 HTTP/1.1\r\n\r\n", hello_resp, 0);
	check("echo body",
	      "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde",
	      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 5\r\n\r\nabcde",
	      0);
	check("bytes", "GET /bytes?n=70 HTTP/1.1\r\n\r\n",
	      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 70\r\n\r\nabcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	      "KLMNOPQRSTUVWXYZ0123456789\r\nabcdef",
	      0);
	check("404 keeps the connection", "GET /nope HTTP/1.1\r\n\r\n",
	      "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 10\r\n\r\nNot Found\n",
	      0);
	check("bad request closes", "GARBAGE\r\n\r\n",
	      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 12\r\nConnection: close\r\n\r\nBad Request\n",
	      1);
	check("bad parameter closes", "GET /delay?ms=x HTTP/1.1\r\n\r\n",
	      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 12\r\nConnection: close\r\n\r\nBad Request\n",
	      1);
	check("body too large",
	      "POST /echo HTTP/1.1\r\nContent-Length: "
	      "2000000\r\n\r\n",
	      "HTTP/1.1 413 Content Too Large\r\nContent-Type: text/plain\r\n"
	      "Content-Length: 18\r\nConnection: close\r\n\r\n"
	      "Content Too Large\n",
	      1);

	/* Pipelining: mixed requests in one buffer come back in order. */
	{
		const char *in =
		    "GET / HTTP/1.1\r\n\r\n"
		    "GET /delay?ms=1 HTTP/1.1\r\n\r\n"
		    "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
		    "GET /bytes?n=3 HTTP/1.1\r\n\r\n"
		    "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
		    "GET / HTTP/1.1\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 0, &want);
		TAP_OK(o.buf && count(o.buf, "HTTP/1.1 200") == 5,
		       "pipelined: five answers, none after Connection: close");
		TAP_OK(o.buf && strstr(o.buf, "\r\n\r\nxyzHTTP") &&
			   strstr(o.buf, "\r\n\r\nabcHTTP"),
		       "pipelined: bodies in order");
		TAP_OK(want & WANT_CLOSE, "pipelined: closes after close");
		free(o.buf);
	}

	/*
	 * Backpressure: 500 pipelined requests, output never drained.  The
	 * session must stop reading once both buffers are full.
	 */
	{
		struct session s;
		const char *req = "GET / HTTP/1.1\r\n\r\n";
		size_t room, total = 0;
		char *buf;

		session_init(&s, &cfg, &stats);
		for (int i = 0; i < 5000; i++) {
			buf = session_rbuf(&s, &room);
			if (!buf)
				break;
			if (room > strlen(req))
				room = strlen(req);
			memcpy(buf, req, room);
			session_received(&s, room);
			total += room;
		}
		TAP_OK(!(session_want(&s) & WANT_READ) &&
			   (session_want(&s) & WANT_WRITE),
		       "backpressure: a non-reading client stops our reads");
		TAP_OK(total < SESSION_IN_CAP + SESSION_OUT_CAP,
		       "backpressure: at most %zu bytes taken (%zu)",
		       (size_t)SESSION_IN_CAP + SESSION_OUT_CAP, total);
		session_free(&s);
	}

	/* Big /bytes bodies are streamed: exact length, periodic pattern. */
	{
		const char *in = "GET /bytes?n=1000003 HTTP/1.1\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 4093, 0, &want);
		char *body = o.buf ? strstr(o.buf, "\r\n\r\n") : NULL;
		int ok = body && o.len - (size_t)(body + 4 - o.buf) == 1000003;

		for (size_t i = 64; ok && i < 1000003; i++)
			ok = body[4 + i] == body[4 + i - 64];
		TAP_OK(ok, "bytes: 1000003-byte body streamed in odd chunks");
		free(o.buf);
	}

	/* Half-close: the answer still goes out, then the session closes. */
	{
		const char *in = "GET / HTTP/1.1\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 1, &want);
		TAP_OK(o.buf && !strcmp(o.buf, hello_resp) &&
			   (want & WANT_CLOSE),
		       "half-close: answered, then closed");
		free(o.buf);
	}

	/* A head cut off by EOF is dropped, not answered. */
	{
		const char *in = "GET / HTTP/1.1\r\nHost:";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 1, &want);
		TAP_OK(!o.buf && (want & WANT_CLOSE), "eof mid-head closes");
		free(o.buf);
	}

	/* The header deadline applies only while a head is incomplete. */
	{
		struct session s;
		size_t room;
		char *buf;

		session_init(&s, &cfg, &stats);
		int64_t idle = session_deadline(&s);
		buf = session_rbuf(&s, &room);
		memcpy(buf, "GET / HT", 8);
		session_received(&s, 8);
		TAP_OK(session_deadline(&s) < idle + 1000 &&
			   session_deadline(&s) <= s.head_start_ms + 10000,
		       "header deadline while the head is incomplete");
		session_free(&s);
	}
}

static void test_echo(void)
{
	struct session s;
	struct out o = {0};
	char in[100000];
	size_t off = 0, room, n;
	char *buf;

	cfg.proto = PROTO_ECHO;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7 + i / 251);
	session_init(&s, &cfg, &stats);
	while (off < sizeof(in)) {
		buf = session_rbuf(&s, &room);
		if (!buf) {
			drain(&s, &o, 1000);
			continue;
		}
		n = sizeof(in) - off < 777 ? sizeof(in) - off : 777;
		if (n > room)
			n = room;
		memcpy(buf, in + off, n);
		off += n;
		session_received(&s, n);
		if (off % 5 == 0)
			drain(&s, &o, 313);
	}
	session_received(&s, 0);
	drain(&s, &o, 1 << 20);
	TAP_OK(o.len == sizeof(in) && !memcmp(o.buf, in, sizeof(in)),
	       "echo: 100000 bytes back byte for byte");
	TAP_OK(session_want(&s) & WANT_CLOSE, "echo: closes after EOF");
	session_free(&s);
	free(o.buf);
	cfg.proto = PROTO_HTTP;
}

int main(void)
{
	test_http();
	test_echo();
	return tap_done();
}
