/*
 * test_session.c - the session state machine, bytes in and bytes out, with
 * no socket: feed requests whole and byte by byte, drain the output in
 * chunks of every size, and compare with what the contract says.
 *
 * run() plays the model: it reads, writes, fires /delay timers at once and
 * shuts the write side when the session says so (the lingering close), as
 * net_read/net_write do.  Every response carries a Date that changes each
 * second, so the runner checks its format and then replaces its value with
 * "D" before comparing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../servers/core/http.h"
#include "../../servers/core/net.h"
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

/*
 * How a run ended: the session kept the connection, closed it, is
 * lingering (write side shut, draining), or lingered and then closed.
 */
enum end { KEEP, CLOSE, LINGER, LINGERED };
static const char *const end_names[] = {"keeps", "closes", "lingers",
					"lingers, then closes"};

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

/* A well-formed IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
static int date_ok(const char *d)
{
	static const char shape[] = "Aaa, 00 Aaa 0000 00:00:00 GMT";

	for (size_t i = 0; i < HTTP_DATE_LEN; i++) {
		char c = d[i], k = shape[i];

		if ((k == 'A' && !(c >= 'A' && c <= 'Z')) ||
		    (k == 'a' && !(c >= 'a' && c <= 'z')) ||
		    (k == '0' && !(c >= '0' && c <= '9')) ||
		    (k != 'A' && k != 'a' && k != '0' && c != k))
			return 0;
	}
	return 1;
}

/*
 * Replaces every "\r\nDate: <IMF-fixdate>" with "\r\nDate: D", in place.
 * Returns the number of bad dates seen (they are left as they are).
 */
static int normalize(struct out *o)
{
	static const char key[] = "\r\nDate: ";
	size_t klen = sizeof(key) - 1, r = 0, w = 0;
	int bad = 0;

	if (!o->buf)
		return 0;
	while (r < o->len) {
		if (r + klen + HTTP_DATE_LEN <= o->len &&
		    !memcmp(o->buf + r, key, klen)) {
			memmove(o->buf + w, key, klen);
			w += klen;
			r += klen;
			if (date_ok(o->buf + r)) {
				o->buf[w++] = 'D';
				r += HTTP_DATE_LEN;
			} else {
				bad++;
			}
			continue;
		}
		o->buf[w++] = o->buf[r++];
	}
	o->len = w;
	o->buf[w] = 0;
	return bad;
}

/*
 * Feeds `in` in pieces of `piece` bytes, draining output in pieces of
 * `chunk`, firing any /delay timer at once and shutting the write side
 * when asked.  With eof, ends the input with end of file.  Returns the
 * output (dates normalized) and how the session ended.
 */
static struct out run(const char *in, size_t in_len, size_t piece, size_t chunk,
		      int eof, enum end *end)
{
	struct session s;
	struct out o = {0};
	size_t off = 0, room, n;
	int shut = 0;
	unsigned want;
	char *buf;

	session_init(&s, &cfg, &stats);
	for (;;) {
		drain(&s, &o, chunk);
		if (session_shut_wr_due(&s)) {
			session_shut_wr_done(&s);
			shut++;
		}
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
	want = session_want(&s);
	/* Lingering: shut once, read only, nothing more to send. */
	if (shut == 1 && s.state == ST_LINGER && want == WANT_READ)
		*end = LINGER;
	else if (shut == 0 && (want & WANT_CLOSE))
		*end = CLOSE;
	else if (shut == 1 && want == WANT_CLOSE)
		*end = LINGERED;
	else if (shut == 0 && s.state != ST_LINGER && !(want & WANT_CLOSE))
		*end = KEEP;
	else
		*end = (enum end) - 1;
	session_free(&s);
	if (normalize(&o))
		*end = (enum end) - 1; /* a bad Date fails every check */
	return o;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* The head every response starts with, after its status line. */
#define H                                                                      \
	"\r\nServer: threads-vs-events\r\nDate: D\r\n"                         \
	"Content-Type: text/plain"
#define OK_HEAD(len) "HTTP/1.1 200 OK" H "\r\nContent-Length: " len "\r\n\r\n"
#define HELLO	     OK_HEAD("13") "Hello, World!"
#define CONTINUE     "HTTP/1.1 100 Continue\r\n\r\n"
#define NOT_FOUND    "HTTP/1.1 404 Not Found" H "\r\nContent-Length: 10\r\n\r\n"
#define NOT_ALLOWED                                                            \
	"HTTP/1.1 405 Method Not Allowed" H "\r\nContent-Length: 19\r\n\r\n"
#define BAD_REQUEST                                                            \
	"HTTP/1.1 400 Bad Request" H "\r\nContent-Length: 12\r\n"              \
	"Connection: close\r\n\r\nBad Request\n"
#define TOO_LARGE_HEAD                                                         \
	"HTTP/1.1 413 Content Too Large" H "\r\nContent-Length: 18\r\n"        \
	"Connection: close\r\n\r\n"

/* Runs one case three ways: whole, byte by byte, odd pieces. */
static void check_n(const char *name, const char *in, size_t in_len,
		    const char *expect, enum end expect_end)
{
	static const size_t pieces[][2] = {{1 << 20, 1 << 20}, {1, 1}, {7, 3}};
	enum end end;

	for (size_t i = 0; i < 3; i++) {
		struct out o =
		    run(in, in_len, pieces[i][0], pieces[i][1], 0, &end);
		TAP_OK(o.buf && !strcmp(o.buf, expect), "%s (pieces %zu/%zu)",
		       name, pieces[i][0], pieces[i][1]);
		if (!o.buf || strcmp(o.buf, expect))
			printf("#   got: %s\n", o.buf ? o.buf : "(nothing)");
		TAP_OK(end == expect_end, "%s: %s (pieces %zu/%zu)", name,
		       end_names[expect_end], pieces[i][0], pieces[i][1]);
		free(o.buf);
	}
}

static void check(const char *name, const char *in, const char *expect,
		  enum end expect_end)
{
	check_n(name, in, strlen(in), expect, expect_end);
}

static void test_http(void)
{
	enum end end;

	check("GET /", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", HELLO, KEEP);
	check("HTTP/1.0 closes", "GET / HTTP/1.0\r\n\r\n",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
	      "Connection: close\r\n\r\nHello, World!",
	      CLOSE);
	check("HTTP/1.0 keep-alive",
	      "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
	      "Connection: keep-alive\r\n\r\nHello, World!",
	      KEEP);
	check("delay answers after the timer",
	      "GET /delay?ms=5 HTTP/1.1\r\n\r\n", HELLO, KEEP);
	check("cpu", "GET /cpu?us=10 HTTP/1.1\r\n\r\n", HELLO, KEEP);
	check("echo body",
	      "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde",
	      OK_HEAD("5") "abcde", KEEP);
	check("bytes", "GET /bytes?n=70 HTTP/1.1\r\n\r\n",
	      OK_HEAD("70") "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
			    "KLMNOPQRSTUVWXYZ0123456789\r\nabcdef",
	      KEEP);
	check("404 keeps the connection", "GET /nope HTTP/1.1\r\n\r\n",
	      NOT_FOUND "Not Found\n", KEEP);
	check("bad request lingers", "GARBAGE\r\n\r\n", BAD_REQUEST, LINGER);
	check("bad parameter lingers", "GET /delay?ms=x HTTP/1.1\r\n\r\n",
	      BAD_REQUEST, LINGER);
	check("body too large lingers",
	      "POST /echo HTTP/1.1\r\nContent-Length: "
	      "2000000\r\n\r\n",
	      TOO_LARGE_HEAD "Content Too Large\n", LINGER);
	check("Connection: close with nothing after closes at once",
	      "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
	      "Connection: close\r\n\r\nHello, World!",
	      CLOSE);
	/*
	 * Connection: close with a request behind it: the session lingers
	 * when it has seen the bytes behind (whole), and cannot know when
	 * they have not come yet (byte by byte).
	 */
	{
		const char *in = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
				 "GET / HTTP/1.1\r\n\r\n";
		const char *want =
		    "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
		    "Connection: close\r\n\r\nHello, World!";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 0, &end);

		TAP_OK(o.buf && !strcmp(o.buf, want) && end == LINGER,
		       "Connection: close with a request seen behind lingers");
		free(o.buf);
		o = run(in, strlen(in), 1, 1, 0, &end);
		TAP_OK(o.buf && !strcmp(o.buf, want) && end == CLOSE,
		       "Connection: close, nothing seen behind yet: closes");
		free(o.buf);
	}

	/* Pipelining: mixed requests in one buffer come back in order. */
	{
		const char *in =
		    "GET / HTTP/1.1\r\n\r\n"
		    "GET /delay?ms=1 HTTP/1.1\r\n\r\n"
		    "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
		    "GET /bytes?n=3 HTTP/1.1\r\n\r\n"
		    "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"
		    "GET / HTTP/1.1\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 0, &end);
		TAP_OK(o.buf && count(o.buf, "HTTP/1.1 200") == 5,
		       "pipelined: five answers, none after Connection: close");
		TAP_OK(o.buf && strstr(o.buf, "\r\n\r\nxyzHTTP") &&
			   strstr(o.buf, "\r\n\r\nabcHTTP"),
		       "pipelined: bodies in order");
		TAP_OK(end == LINGER,
		       "pipelined: lingers after close (a request was left)");
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
		struct out o = run(in, strlen(in), 1 << 20, 4093, 0, &end);
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
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 1, &end);
		TAP_OK(o.buf && !strcmp(o.buf, HELLO) && end == CLOSE,
		       "half-close: answered, then closed");
		free(o.buf);
	}

	/* A client that sent its FIN behind a bad request. */
	{
		const char *in = "GARBAGE\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 1, &end);
		TAP_OK(o.buf && !strcmp(o.buf, BAD_REQUEST) && end == LINGERED,
		       "bad request then end of file: lingers until the end "
		       "of file, then closes");
		free(o.buf);
	}

	/* A head cut off by EOF is dropped, not answered. */
	{
		const char *in = "GET / HTTP/1.1\r\nHost:";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 1, &end);
		TAP_OK(!o.buf && end == CLOSE, "eof mid-head closes");
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

/* HEAD: GET's status and headers, Content-Length included, and no body. */
static void test_head(void)
{
	check("HEAD /", "HEAD / HTTP/1.1\r\n\r\n", OK_HEAD("13"), KEEP);
	check("HEAD /bytes", "HEAD /bytes?n=70 HTTP/1.1\r\n\r\n", OK_HEAD("70"),
	      KEEP);
	check("HEAD /bytes?n=0", "HEAD /bytes?n=0 HTTP/1.1\r\n\r\n",
	      OK_HEAD("0"), KEEP);
	check("HEAD /delay waits and answers the head",
	      "HEAD /delay?ms=1 HTTP/1.1\r\n\r\n", OK_HEAD("13"), KEEP);
	check("HEAD /cpu", "HEAD /cpu?us=1 HTTP/1.1\r\n\r\n", OK_HEAD("13"),
	      KEEP);
	check("HEAD /echo is GET's 405", "HEAD /echo HTTP/1.1\r\n\r\n",
	      NOT_ALLOWED, KEEP);
	check("HEAD /nope is 404", "HEAD /nope HTTP/1.1\r\n\r\n", NOT_FOUND,
	      KEEP);
	check("HEAD with a bad parameter is 400 without a body",
	      "HEAD /delay?ms=x HTTP/1.1\r\n\r\n",
	      "HTTP/1.1 400 Bad Request" H "\r\nContent-Length: 12\r\n"
	      "Connection: close\r\n\r\n",
	      LINGER);
	check("HEAD, HTTP/1.0", "HEAD / HTTP/1.0\r\n\r\n",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
	      "Connection: close\r\n\r\n",
	      CLOSE);
	check("HEAD pipelined between GETs",
	      "GET / HTTP/1.1\r\n\r\nHEAD /bytes?n=5 HTTP/1.1\r\n\r\n"
	      "GET /bytes?n=2 HTTP/1.1\r\n\r\n",
	      HELLO OK_HEAD("5") OK_HEAD("2") "ab", KEEP);
	check("a bad head after a HEAD has its body",
	      "HEAD / HTTP/1.1\r\n\r\nGARBAGE\r\n\r\n",
	      OK_HEAD("13") BAD_REQUEST, LINGER);
	check("head is case-sensitive: Head is 405", "Head / HTTP/1.1\r\n\r\n",
	      NOT_ALLOWED "Method Not Allowed\n", KEEP);
}

/* Expect: 100-continue. */
static void test_expect(void)
{
	enum end end;

	check("Expect: 100-continue on POST /echo",
	      "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 5\r\n\r\nabcde",
	      CONTINUE OK_HEAD("5") "abcde", KEEP);
	check("Expect in any case",
	      "POST /echo HTTP/1.1\r\nexpect: 100-CONTINUE\r\n"
	      "Content-Length: 1\r\n\r\nz",
	      CONTINUE OK_HEAD("1") "z", KEEP);
	check("Expect over the body cap: 413, no 100",
	      "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 1048577\r\n\r\n",
	      TOO_LARGE_HEAD "Content Too Large\n", LINGER);
	check("Expect with no body: no 100",
	      "POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 0\r\n\r\n",
	      OK_HEAD("0"), KEEP);
	check("Expect from HTTP/1.0: no 100",
	      "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\n"
	      "Content-Length: 2\r\nConnection: keep-alive\r\n\r\nhi",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 2\r\n"
	      "Connection: keep-alive\r\n\r\nhi",
	      KEEP);
	check("Expect on GET / with a body: 100, the answer, body skipped",
	      "GET / HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 3\r\n\r\nxyzGET / HTTP/1.1\r\n\r\n",
	      CONTINUE HELLO HELLO, KEEP);
	check("Expect on a bad parameter: 400, no 100",
	      "GET /delay?ms=x HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 3\r\n\r\nxyz",
	      BAD_REQUEST, LINGER);
	check("another expectation is ignored",
	      "POST /echo HTTP/1.1\r\nExpect: 200-ok\r\n"
	      "Content-Length: 1\r\n\r\nq",
	      OK_HEAD("1") "q", KEEP);

	/*
	 * A WebSocket upgrade with a body is refused (400, closing): no 100
	 * before it.  Found by fuzz_session (corpus: regress-ws-expect).
	 */
	cfg.protocols = PROTOCOL_WS;
	check("Expect on a GET /ws upgrade with a body: 400, no 100",
	      "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n"
	      "Connection: Upgrade\r\n"
	      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
	      "Sec-WebSocket-Version: 13\r\nExpect: 100-continue\r\n"
	      "Content-Length: 3\r\n\r\nabc",
	      BAD_REQUEST, LINGER);
	check("Expect on GET /ws without the upgrade: 426, no 100",
	      "GET /ws HTTP/1.1\r\nExpect: 100-continue\r\n"
	      "Content-Length: 1\r\n\r\nx",
	      "HTTP/1.1 426 Upgrade Required" H "\r\nContent-Length: 17\r\n"
	      "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
	      "Connection: close\r\n\r\nUpgrade Required\n",
	      LINGER);
	cfg.protocols = 0;

	/* The 100 goes out before a byte of the body has come. */
	{
		const char *in = "POST /echo HTTP/1.1\r\nExpect: 100-continue"
				 "\r\nContent-Length: 4\r\n\r\n";
		struct out o = run(in, strlen(in), 1 << 20, 1 << 20, 0, &end);
		TAP_OK(o.buf && !strcmp(o.buf, CONTINUE OK_HEAD("4")) &&
			   end == KEEP,
		       "100 Continue sent with the body still to come");
		free(o.buf);
	}
}

/*
 * A body on an endpoint that takes none is read and thrown away; the
 * connection goes on and the next request is answered.
 */
static void test_discard(void)
{
	enum end end;

	check("GET / with a body, then GET /",
	      "GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET / "
	      "HTTP/1.1\r\n\r\n",
	      HELLO HELLO, KEEP);
	check("GET /delay with a body",
	      "GET /delay?ms=1 HTTP/1.1\r\nContent-Length: 4\r\n\r\nGET "
	      "GET / HTTP/1.1\r\n\r\n",
	      HELLO HELLO, KEEP);
	check("GET /cpu with a body",
	      "GET /cpu?us=1 HTTP/1.1\r\nContent-Length: 2\r\n\r\n\r\n"
	      "GET / HTTP/1.1\r\n\r\n",
	      HELLO HELLO, KEEP);
	check("GET /bytes with a body",
	      "GET /bytes?n=3 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
	      "GET / HTTP/1.1\r\n\r\n",
	      OK_HEAD("3") "abc" HELLO, KEEP);
	check("404 with a body",
	      "PUT /nope HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
	      "GET / HTTP/1.1\r\n\r\n",
	      NOT_FOUND "Not Found\n" HELLO, KEEP);
	check("405 with a body (POST /)",
	      "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
	      "GET / HTTP/1.1\r\n\r\n",
	      NOT_ALLOWED "Method Not Allowed\n" HELLO, KEEP);
	check("405 with a body (GET /echo)",
	      "GET /echo HTTP/1.1\r\nContent-Length: 1\r\n\r\nx"
	      "GET / HTTP/1.1\r\n\r\n",
	      NOT_ALLOWED "Method Not Allowed\n" HELLO, KEEP);
	check("HEAD with a body",
	      "HEAD / HTTP/1.1\r\nContent-Length: 2\r\n\r\nxx"
	      "GET / HTTP/1.1\r\n\r\n",
	      OK_HEAD("13") HELLO, KEEP);
	check("a body that looks like a request is not one",
	      "GET / HTTP/1.1\r\nContent-Length: 19\r\n\r\n"
	      "GET /nope HTTP/1.1\r\n"
	      "GET / HTTP/1.1\r\n\r\n",
	      HELLO HELLO, KEEP);
	check("HTTP/1.0 GET / with a body: answered, then lingers",
	      "GET / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
	      "HTTP/1.1 200 OK" H "\r\nContent-Length: 13\r\n"
	      "Connection: close\r\n\r\nHello, World!",
	      LINGER);

	/* A body bigger than the input buffer, in odd pieces. */
	{
		size_t body = 300000, head_len, n;
		char head[128];
		char *in;

		head_len = (size_t)snprintf(head, sizeof(head),
					    "GET /bytes?n=1 HTTP/1.1\r\n"
					    "Content-Length: %zu\r\n\r\n",
					    body);
		n = head_len + body + strlen("GET / HTTP/1.1\r\n\r\n");
		in = malloc(n + 1);
		if (!in)
			abort();
		memcpy(in, head, head_len);
		memset(in + head_len, 'G', body);
		strcpy(in + head_len + body, "GET / HTTP/1.1\r\n\r\n");
		for (size_t piece = 1000; piece <= 1 << 20; piece *= 1021) {
			struct out o = run(in, n, piece, 777, 0, &end);
			TAP_OK(o.buf &&
				   !strcmp(o.buf, OK_HEAD("1") "a" HELLO) &&
				   end == KEEP,
			       "a %zu-byte body skipped (pieces %zu)", body,
			       piece);
			free(o.buf);
		}
		free(in);
	}
}

/* Feeds n bytes to a lingering session; returns what session_want says. */
static unsigned feed(struct session *s, size_t n)
{
	size_t room;
	char *buf;

	while (n) {
		buf = session_rbuf(s, &room);
		if (!buf)
			break;
		if (room > n)
			room = n;
		memset(buf, 'x', room);
		session_received(s, room);
		n -= room;
	}
	return session_want(s);
}

/* The lingering close, step by step, as a model sees it. */
static void test_linger(void)
{
	struct session s;
	struct out o = {0};
	size_t room;
	char *buf;
	int64_t t0;
	const char *in = "POST /echo HTTP/1.1\r\nContent-Length: 9999999\r\n"
			 "\r\nbody bytes that will never be read";

	session_init(&s, &cfg, &stats);
	buf = session_rbuf(&s, &room);
	memcpy(buf, in, strlen(in));
	session_received(&s, strlen(in));
	TAP_OK(session_want(&s) == WANT_WRITE && !session_shut_wr_due(&s),
	       "linger: the 413 is sent first, nothing read meanwhile");
	{
		const char *p;
		size_t len;

		p = session_wbuf(&s, &len);
		session_sent(&s, len - 1); /* a partial write */
		TAP_OK(p && !session_shut_wr_due(&s) &&
			   session_want(&s) == WANT_WRITE,
		       "linger: no shutdown while a byte is unsent");
	}
	drain(&s, &o, 1 << 20);
	t0 = s.linger_until_ms - SESSION_LINGER_MS;
	TAP_OK(session_shut_wr_due(&s) && session_want(&s) == WANT_READ,
	       "linger: once sent, the write side is due to shut");
	TAP_OK(session_deadline(&s) == s.linger_until_ms &&
		   t0 <= s.last_io_ms + 50,
	       "linger: the deadline is %d ms away", SESSION_LINGER_MS);
	session_shut_wr_done(&s);
	TAP_OK(!session_shut_wr_due(&s), "linger: shut only once");
	TAP_OK(feed(&s, SESSION_IN_CAP * 3) == WANT_READ && s.in_len == 0 &&
		   session_wbuf(&s, &room) == NULL,
	       "linger: %d bytes drained and thrown away, nothing answered",
	       SESSION_IN_CAP * 3);
	TAP_OK(feed(&s, SESSION_LINGER_MAX) == WANT_CLOSE,
	       "linger: closes after %d bytes", SESSION_LINGER_MAX);
	session_free(&s);
	free(o.buf);

	/* The client's end of file ends the lingering at once. */
	session_init(&s, &cfg, &stats);
	buf = session_rbuf(&s, &room);
	memcpy(buf, "BAD\r\n\r\n", 7);
	session_received(&s, 7);
	o.buf = NULL;
	o.len = 0;
	drain(&s, &o, 1 << 20);
	session_shut_wr_done(&s);
	feed(&s, 100);
	buf = session_rbuf(&s, &room);
	session_received(&s, 0);
	TAP_OK(buf && session_want(&s) == WANT_CLOSE,
	       "linger: end of file closes");
	session_free(&s);
	free(o.buf);

	/* Keep-alive connections never linger. */
	session_init(&s, &cfg, &stats);
	buf = session_rbuf(&s, &room);
	memcpy(buf, "GET /nope HTTP/1.1\r\n\r\n", 22);
	session_received(&s, 22);
	o.buf = NULL;
	o.len = 0;
	drain(&s, &o, 1 << 20);
	TAP_OK(!session_shut_wr_due(&s) && session_want(&s) == WANT_READ &&
		   s.state == ST_HEAD,
	       "linger: a 404 keeps the connection, no shutdown");
	session_free(&s);
	free(o.buf);
}

/*
 * The same through a real socket pair: net_write() sends the 400 and shuts
 * the write side, so the client reads the answer, then end of file, while
 * its own bytes are still drained (net_read) instead of being refused.
 */
static void test_linger_socket(void)
{
	struct session s;
	char buf[4096];
	ssize_t n;
	size_t got = 0;
	int sv[2], eof = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0) {
		TAP_OK(0, "socketpair: %s", strerror(errno));
		return;
	}
	session_init(&s, &cfg, &stats);
	(void)!write(sv[1], "GARBAGE\r\n\r\nmore body", 20);
	TAP_OK(net_read(sv[0], &s) == 1 && net_write(sv[0], &s) == 0 &&
		   s.shut_wr && session_want(&s) == WANT_READ,
	       "net_write: the 400 out, the write side shut, draining");
	while ((n = read(sv[1], buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	eof = n == 0;
	TAP_OK(got > 12 && !memcmp(buf, "HTTP/1.1 400 ", 13) && eof,
	       "the client reads the 400, then end of file (%zu bytes)", got);
	TAP_OK(write(sv[1], "still sending", 13) == 13 &&
		   net_read(sv[0], &s) == 1 && session_want(&s) == WANT_READ &&
		   s.drained == 13,
	       "the client's later bytes are drained");
	close(sv[1]);
	TAP_OK(net_read(sv[0], &s) == 1 && session_want(&s) == WANT_CLOSE,
	       "the client's end of file ends the lingering");
	session_free(&s);
	close(sv[0]);
}

/* Date and Server on every response; the date is cached per second. */
static void test_headers(void)
{
	struct session s;
	struct out o = {0};
	size_t room;
	char *buf, *d1, *d2;
	const char *two = "GET / HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\n";

	session_init(&s, &cfg, &stats);
	buf = session_rbuf(&s, &room);
	memcpy(buf, two, strlen(two));
	session_received(&s, strlen(two));
	drain(&s, &o, 1 << 20);
	d1 = o.buf ? strstr(o.buf, "\r\nDate: ") : NULL;
	d2 = d1 ? strstr(d1 + 1, "\r\nDate: ") : NULL;
	TAP_OK(d1 && d2 && date_ok(d1 + 8) && date_ok(d2 + 8),
	       "Date on both responses, IMF-fixdate");
	TAP_OK(o.buf && count(o.buf, "\r\nServer: threads-vs-events\r\n") == 2,
	       "Server: threads-vs-events on both responses");
	session_free(&s);
	free(o.buf);
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
	TAP_OK(!session_shut_wr_due(&s), "echo: never lingers");
	session_free(&s);
	free(o.buf);
	cfg.proto = PROTO_HTTP;
}

int main(void)
{
	test_http();
	test_head();
	test_expect();
	test_discard();
	test_linger();
	test_linger_socket();
	test_headers();
	test_echo();
	return tap_done();
}
