/*
 * session.c - one connection's protocol state machine: HTTP/1.1 and echo.
 *
 * See session.h for the contract with the server models.  Everything here
 * is bytes in, bytes out: no sockets, no globals, no locks.  A session is
 * only ever touched by one thread at a time (the thread-pool hands whole
 * connections between threads), so it needs none.
 */
#include "session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "http.h"
#include "session_ws.h"

/*
 * Room a response head needs (a 100 Continue, the head, an error body:
 * about 300 bytes at most); below it we stop taking requests.
 */
#define OUT_RESERVE (512)

#define SERVER_NAME "threads-vs-events"
#define CONTINUE    "HTTP/1.1 100 Continue\r\n\r\n"

static const char hello_body[] = "Hello, World!";
static const char json_body[] = "{\"message\":\"Hello, World!\"}";

/*
 * /bytes bodies are streamed from this constant, 64 bytes repeated: never
 * built in memory, so a 64 MiB response costs nothing but the sending.
 */
#define PATTERN_PERIOD (64)
#define P64	       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\r\n"
#define P1K	       P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64 P64
#define P16K	       P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K P1K
static const char pattern[] = P16K;

void session_init(struct session *s, const struct config *cfg,
		  struct stats *stats)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->stats = stats;
	s->state = ST_HEAD;
	s->delay_ms = -1;
	s->last_io_ms = clock_coarse_ms();
}

void session_free(struct session *s)
{
	free(s->in);
	free(s->out);
	session_ws_free(s);
	if (s->db) {
		db_buf_free(&s->db->body);
		free(s->db);
	}
	s->in = s->out = NULL;
	s->db = NULL;
}

static size_t out_room(const struct session *s)
{
	return SESSION_OUT_CAP - s->out_len;
}

/* Makes sure the output buffer exists and has `need` bytes free. */
static int out_reserve(struct session *s, size_t need)
{
	if (!s->out) {
		s->out = malloc(SESSION_OUT_CAP);
		if (!s->out) {
			s->failed = 1;
			return -ENOMEM;
		}
	}
	/*
	 * No compaction here: bytes that session_wbuf() offered must stay put
	 * until they are sent, because libuv writes them asynchronously.  The
	 * buffer starts over when it has been sent in full (session_sent).
	 */
	return out_room(s) >= need ? 0 : -ENOBUFS;
}

static void out_add(struct session *s, const char *p, size_t n)
{
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
}

static void out_str(struct session *s, const char *str)
{
	out_add(s, str, strlen(str));
}

static void out_u64(struct session *s, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	out_add(s, tmp + i, sizeof(tmp) - i);
}

/*
 * The Date header's text, formatted at most once a second.  The core keeps
 * no shared mutable state (the threaded models share it), so the cache is
 * per thread: a thread-local needs no lock and no atomics, and each
 * thread formats the date once in a second it answers in, however many
 * responses it sends.  A coroutine or an event loop runs on one thread
 * and shares one cache; thread-per-connection pays one formatting per
 * thread per second, a few dozen nanoseconds.
 */
static _Thread_local struct {
	long long second;
	char text[HTTP_DATE_LEN];
} date_cache = {.second = -1};

static const char *date_now(void)
{
	struct timespec ts;

	/* The coarse clock is a vDSO read: cheap enough for every response. */
	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	if ((long long)ts.tv_sec != date_cache.second) {
		http_date((long long)ts.tv_sec, date_cache.text);
		date_cache.second = (long long)ts.tv_sec;
	}
	return date_cache.text;
}

/*
 * Appends a response head.  The caller has reserved OUT_RESERVE bytes.
 * HTTP/1.0 clients asked for keep-alive get told it is on; HTTP/1.1 ones
 * get told when it is off.  For a HEAD the caller then leaves the body
 * out; the head is the same, Content-Length included (RFC 9110, 9.3.2).
 */
static void out_head_as(struct session *s, int status, const char *type,
			uint64_t content_length)
{
	out_str(s, "HTTP/1.1 ");
	out_u64(s, (uint64_t)status);
	out_str(s, " ");
	out_str(s, http_reason(status));
	out_str(s, "\r\nServer: " SERVER_NAME "\r\nDate: ");
	out_add(s, date_now(), HTTP_DATE_LEN);
	out_str(s, "\r\nContent-Type: ");
	out_str(s, type);
	out_str(s, "\r\nContent-Length: ");
	out_u64(s, content_length);
	if (status == 426) /* RFC 6455, 4.4: what to upgrade to */
		out_str(s,
			"\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13");
	if (!s->keep_alive)
		out_str(s, "\r\nConnection: close");
	else if (s->minor_version == 0)
		out_str(s, "\r\nConnection: keep-alive");
	out_str(s, "\r\n\r\n");
}

static void out_head(struct session *s, int status, uint64_t content_length)
{
	out_head_as(s, status, "text/plain", content_length);
}

/*
 * The response is out (or its head is, with its body to stream): on to the
 * next request, or to closing.  A close with input left unread (pipelined
 * requests after a Connection: close, a body still to come) lingers, so
 * the client reads our answer rather than a reset.
 */
static void next_request(struct session *s)
{
	if (s->keep_alive) {
		s->state = ST_HEAD;
		return;
	}
	s->state = ST_CLOSING;
	if (s->in_off < s->in_len || s->discard_left)
		s->linger = 1;
}

/* A complete response with a small constant body. */
static void answer_const(struct session *s, const char *type, const char *body,
			 size_t len)
{
	out_head_as(s, 200, type, len);
	if (!s->head_only)
		out_add(s, body, len);
	stats_add(&s->stats->requests, 1);
	next_request(s);
}

/* A complete response with the 13-byte hello body. */
static void answer_hello(struct session *s)
{
	answer_const(s, "text/plain", hello_body, sizeof(hello_body) - 1);
}

/*
 * An error answer: the reason phrase as the body.  Malformed requests and
 * requests over a limit close the connection (we cannot trust where the
 * next request starts), with a lingering close: the client may still be
 * sending the body we refused.  A 404 or 405 on a well-formed request
 * keeps it open (its body, if any, is skipped).
 */
static void answer_error(struct session *s, int status, int keep_open)
{
	const char *reason = http_reason(status);

	if (!keep_open) {
		s->keep_alive = 0;
		s->linger = 1;
	}
	out_head(s, status, strlen(reason) + 1);
	if (!s->head_only) {
		out_str(s, reason);
		out_str(s, "\n");
	}
	stats_add(&s->stats->requests, 1);
	next_request(s);
	if (s->state == ST_CLOSING) {
		s->in_off = s->in_len; /* ignore whatever else came */
		s->discard_left = 0;
	}
}

static int path_is(const struct http_request *req, const char *path)
{
	size_t n = strlen(path);
	return req->path_len == n && memcmp(req->path, path, n) == 0;
}

static int method_is(const struct http_request *req, const char *method)
{
	size_t n = strlen(method);
	return req->method_len == n && memcmp(req->method, method, n) == 0;
}

/*
 * Routes a request that takes no body (everything but POST /echo) and
 * answers it, or sets the state that will.  *n is the parsed parameter.
 */
enum route {
	R_HELLO,
	R_DELAY,
	R_CPU,
	R_BYTES,
	R_WS,
	R_CHAT,
	R_JSON,
	R_DB, /* *n: the rows or milliseconds, *kind: which */
	R_404,
	R_405,
	R_400
};

static enum route route(const struct http_request *req, int get, long long *n,
			enum db_kind *kind)
{
	if (path_is(req, "/")) {
		return get ? R_HELLO : R_405;
	} else if (path_is(req, "/plaintext")) {
		return get ? R_HELLO : R_405;
	} else if (path_is(req, "/json")) {
		return get ? R_JSON : R_405;
	} else if (path_is(req, "/db")) {
		*kind = DB_WORLD;
		*n = 1;
		return get ? R_DB : R_405;
	} else if (path_is(req, "/queries") || path_is(req, "/updates")) {
		*kind = path_is(req, "/queries") ? DB_QUERIES : DB_UPDATES;
		*n = db_clamp_queries(req->query, req->query_len);
		return get ? R_DB : R_405;
	} else if (path_is(req, "/fortunes")) {
		*kind = DB_FORTUNES;
		*n = 1;
		return get ? R_DB : R_405;
	} else if (path_is(req, "/dbsleep")) {
		if (!get)
			return R_405;
		*kind = DB_SLEEP;
		return http_query_int(req->query, req->query_len, "ms", 0,
				      DB_MAX_SLEEP_MS, n)
			   ? R_400
			   : R_DB;
	} else if (path_is(req, "/delay")) {
		if (!get)
			return R_405;
		return http_query_int(req->query, req->query_len, "ms", 0,
				      60000, n)
			   ? R_400
			   : R_DELAY;
	} else if (path_is(req, "/cpu")) {
		if (!get)
			return R_405;
		return http_query_int(req->query, req->query_len, "us", 0,
				      1000000, n)
			   ? R_400
			   : R_CPU;
	} else if (path_is(req, "/bytes")) {
		if (!get)
			return R_405;
		return http_query_int(req->query, req->query_len, "n", 0,
				      64LL * 1024 * 1024, n)
			   ? R_400
			   : R_BYTES;
	} else if (path_is(req, "/echo")) {
		return R_405; /* POST /echo never gets here */
	} else if (path_is(req, "/ws")) {
		return get ? R_WS : R_405;
	} else if (path_is(req, "/chat")) {
		return get ? R_CHAT : R_405;
	}
	return R_404;
}

/*
 * Expect: 100-continue (RFC 9110, 10.1.1): the client waits for a word
 * before sending its body.  We say 100 Continue whenever we will read the
 * body, to echo it or to skip it; a request refused outright (413, 400)
 * gets its final status instead and no 100.  HTTP/1.0 clients never get
 * a 100: they would not know it.
 */
static void continue_if_expected(struct session *s,
				 const struct http_request *req)
{
	if (req->expect_continue && req->minor_version >= 1 &&
	    req->content_length > 0)
		out_str(s, CONTINUE);
}

/*
 * GET /ws: 101 and on to WebSocket (session_ws.c), or 400 or 426 and the
 * connection closes.  The head runs from the request line to where the
 * input now stands.  A HEAD cannot switch protocols: 426, like a GET
 * without the upgrade headers; an upgrade with a body is 400.
 */
static void answer_upgrade(struct session *s, const struct http_request *req)
{
	const char *key = NULL;
	char accept[WS_ACCEPT_LEN];
	int status = 426;

	if (!s->head_only)
		status = ws_handshake(req->method,
				      (size_t)(s->in + s->in_off - req->method),
				      req->minor_version, &key);
	if (status == 0 && s->discard_left)
		status = 400;
	if (status) {
		answer_error(s, status, 0);
		return;
	}
	ws_accept(key, accept);
	out_str(s, "HTTP/1.1 101 Switching Protocols\r\nServer: " SERVER_NAME
		   "\r\nDate: ");
	out_add(s, date_now(), HTTP_DATE_LEN);
	out_str(s, "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		   "Sec-WebSocket-Accept: ");
	out_add(s, accept, WS_ACCEPT_LEN);
	out_str(s, "\r\n\r\n");
	stats_add(&s->stats->requests, 1);
	session_ws_start(s);
}

/*
 * GET /chat: the page is a constant, streamed as /bytes streams its
 * pattern, so it needs no more room in the output than a head does.
 */
static void answer_chat(struct session *s)
{
	out_head_as(s, 200, "text/html; charset=utf-8", session_chat_page_len);
	stats_add(&s->stats->requests, 1);
	if (s->head_only) {
		next_request(s);
		return;
	}
	s->pattern_left = session_chat_page_len;
	s->page_end = session_chat_page + session_chat_page_len;
	s->state = ST_BYTES;
}

/*
 * A database request: chosen here (ids, new numbers), run by the model
 * (session_take_db, session_db_done).  Without a database configured
 * there is nobody to run it: 503 at once.  The request is allocated on
 * a connection's first one and kept for the next.
 */
static void start_db(struct session *s, enum db_kind kind, int n)
{
	struct timespec ts;

	if (!s->cfg->db) {
		answer_error(s, 503, 1);
		return;
	}
	if (!s->db) {
		s->db = calloc(1, sizeof(*s->db));
		if (!s->db) {
			answer_error(s, 503, 1);
			return;
		}
		/* Seeded per connection: its address and the clock. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		s->db->rng = ((uint64_t)(uintptr_t)s * 0x9e3779b97f4a7c15ULL) ^
			     ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec;
	}
	db_req_prepare(s->db, kind, n);
	s->db_handed = 0;
	s->state = ST_DB;
}

/* Answers one parsed request, or sets the state that will answer it. */
static void dispatch(struct session *s, const struct http_request *req)
{
	uint64_t body =
	    req->content_length > 0 ? (uint64_t)req->content_length : 0;
	int get;
	long long n = 0;
	enum route r;
	enum db_kind kind = DB_WORLD;

	s->keep_alive = req->keep_alive;
	s->minor_version = req->minor_version;
	s->head_only = method_is(req, "HEAD");
	get = s->head_only || method_is(req, "GET");
	if (body > HTTP_MAX_BODY) {
		answer_error(s, 413, 0);
		return;
	}
	if (path_is(req, "/echo") && method_is(req, "POST")) {
		continue_if_expected(s, req);
		out_head(s, 200, body);
		stats_add(&s->stats->requests, 1);
		s->body_left = body;
		s->state = ST_BODY;
		return;
	}
	r = route(req, get, &n, &kind);
	if (r == R_400) {
		answer_error(s, 400, 0);
		return;
	}
	/*
	 * The other endpoints take no body.  One that comes anyway is read
	 * and thrown away once the answer is on its way (process() skips it
	 * before the next head), and the connection goes on, as nginx does.
	 * Not so a WebSocket upgrade: it reads no body (one makes it a 400
	 * that closes), so it never says 100 Continue.
	 */
	if (r != R_WS || !(s->cfg->protocols & PROTOCOL_WS))
		continue_if_expected(s, req);
	s->discard_left = body;
	switch (r) {
	case R_HELLO:
		answer_hello(s);
		break;
	case R_DELAY:
		s->delay_ms = (long)n;
		s->state = ST_DELAY;
		break;
	case R_JSON:
		answer_const(s, "application/json", json_body,
			     sizeof(json_body) - 1);
		break;
	case R_DB:
		start_db(s, kind, (int)n);
		break;
	case R_CPU:
		clock_burn_cpu_us((long)n);
		answer_hello(s);
		break;
	case R_BYTES:
		out_head(s, 200, (uint64_t)n);
		stats_add(&s->stats->requests, 1);
		if (n && !s->head_only) {
			s->pattern_left = (uint64_t)n;
			s->pattern_pos = 0;
			s->state = ST_BYTES;
		} else {
			next_request(s);
		}
		break;
	case R_WS:
	case R_CHAT:
		/* Only a model that carries broadcasts serves the chat. */
		if (!(s->cfg->protocols & PROTOCOL_WS))
			answer_error(s, 404, 1);
		else if (r == R_WS)
			answer_upgrade(s, req);
		else
			answer_chat(s);
		break;
	case R_404:
		answer_error(s, 404, 1);
		break;
	default:
		answer_error(s, 405, 1);
		break;
	}
}

/* Echo protocol: whatever came in goes out, as far as there is room. */
static void process_echo(struct session *s)
{
	size_t n = s->in_len - s->in_off;

	if (n == 0 || out_reserve(s, 1))
		return;
	if (n > out_room(s))
		n = out_room(s);
	out_add(s, s->in + s->in_off, n);
	s->in_off += n;
	stats_add(&s->stats->requests, 1);
}

/*
 * Takes as many requests from the input as the output has room for.  Stops
 * at a /delay (the model's timer resumes us), at a /bytes body (sending
 * resumes us), or when the output is full (sending resumes us).
 */
static void process(struct session *s)
{
	struct http_request req;
	size_t avail, n;
	int r;

	if (s->cfg->proto == PROTO_ECHO) {
		process_echo(s);
		goto compact;
	}
	for (;;) {
		if (s->state == ST_WS) {
			session_ws_process(s); /* frames, after GET /ws */
			break;
		}
		avail = s->in_len - s->in_off;
		if (s->state == ST_BODY) {
			n = avail;
			if (n > s->body_left)
				n = (size_t)s->body_left;
			if (n && !out_reserve(s, 1)) {
				if (n > out_room(s))
					n = out_room(s);
				out_add(s, s->in + s->in_off, n);
				s->in_off += n;
				s->body_left -= n;
			}
			if (s->body_left)
				break;
			next_request(s);
			continue;
		}
		if (s->state != ST_HEAD || avail == 0)
			break;
		if (s->discard_left) {
			n = avail;
			if (n > s->discard_left)
				n = (size_t)s->discard_left;
			s->in_off += n;
			s->discard_left -= n;
			continue;
		}
		if (out_reserve(s, OUT_RESERVE))
			break; /* full: wait for the peer to read */
		r = http_parse_request(s->in + s->in_off, avail, &req);
		if (r == 0) {
			if (s->head_start_ms == 0)
				s->head_start_ms = clock_coarse_ms();
			break;
		}
		s->head_start_ms = 0;
		if (r < 0) {
			/*
			 * A head we cannot read: no HEAD to honour, and
			 * HTTP/1.1 framing with Connection: close is what any
			 * client understands.
			 */
			s->head_only = 0;
			s->minor_version = 1;
			answer_error(s, -r, 0);
			break;
		}
		s->in_off += (size_t)r;
		dispatch(s, &req);
	}
compact:
	if (s->in_off == s->in_len)
		s->in_off = s->in_len = 0;
}

/* Bytes are waiting to be sent. */
static int out_pending(const struct session *s)
{
	return s->out_len > s->out_off ||
	       (s->state == ST_BYTES && s->pattern_left) ||
	       (s->state == ST_WS && session_ws_pending(s));
}

/*
 * After every call from the model: a closing session whose last response
 * is out starts lingering, unless the client has already said it is done
 * (then a plain close is clean: nothing is left unread).  The deadline is
 * set here, not when the model shuts the write side, so a model that
 * never does still closes in time.
 */
static void settle(struct session *s)
{
	if (s->state != ST_CLOSING || !s->linger || s->read_eof ||
	    out_pending(s))
		return;
	s->state = ST_LINGER;
	s->in_off = s->in_len = 0; /* unread input is thrown away */
	s->drained = 0;
	s->linger_until_ms = clock_coarse_ms() + SESSION_LINGER_MS;
}

char *session_rbuf(struct session *s, size_t *room)
{
	*room = 0;
	if (!(session_want(s) & WANT_READ))
		return NULL;
	if (!s->in) {
		s->in = malloc(SESSION_IN_CAP);
		if (!s->in) {
			s->failed = 1;
			return NULL;
		}
	}
	if (s->in_off > 0) {
		memmove(s->in, s->in + s->in_off, s->in_len - s->in_off);
		s->in_len -= s->in_off;
		s->in_off = 0;
	}
	*room = SESSION_IN_CAP - s->in_len;
	return *room ? s->in + s->in_len : NULL;
}

void session_received(struct session *s, size_t n)
{
	s->last_io_ms = clock_coarse_ms();
	if (n == 0) {
		s->read_eof = 1;
		return;
	}
	if (s->state == ST_LINGER) {
		/* Draining: count the bytes and forget them. */
		s->drained += n;
		return;
	}
	s->in_len += n;
	process(s);
	settle(s);
}

const char *session_wbuf(struct session *s, size_t *len)
{
	size_t n;

	if (s->out_len > s->out_off) {
		*len = s->out_len - s->out_off;
		return s->out + s->out_off;
	}
	if (s->state == ST_WS)
		return session_ws_wbuf(s, len);
	if (s->state == ST_BYTES && s->pattern_left && s->page_end) {
		*len = (size_t)s->pattern_left; /* a constant page: /chat */
		return s->page_end - s->pattern_left;
	}
	if (s->state == ST_BYTES && s->pattern_left) {
		n = sizeof(pattern) - 1 - PATTERN_PERIOD;
		if (n > s->pattern_left)
			n = (size_t)s->pattern_left;
		*len = n;
		return pattern + s->pattern_pos;
	}
	*len = 0;
	return NULL;
}

void session_sent(struct session *s, size_t n)
{
	s->last_io_ms = clock_coarse_ms();
	if (s->out_len > s->out_off) {
		s->out_off += n;
		if (s->out_off == s->out_len)
			s->out_off = s->out_len = 0;
	} else if (s->state == ST_BYTES) {
		s->pattern_left -= n;
		s->pattern_pos =
		    (unsigned)((s->pattern_pos + n) % PATTERN_PERIOD);
		if (s->pattern_left == 0) {
			s->page_end = NULL;
			next_request(s);
		}
	} else if (s->state == ST_WS) {
		session_ws_sent(s, n);
	}
	/* Room was made: requests held back by a full buffer can go on. */
	if (s->state == ST_HEAD || s->state == ST_BODY)
		process(s);
	settle(s);
}

unsigned session_want(const struct session *s)
{
	unsigned want = 0;
	int pending = out_pending(s);

	if (s->failed)
		return WANT_CLOSE;
	if (s->state == ST_WS)
		return session_ws_want(s, s->out_len > s->out_off);
	if (pending)
		want |= WANT_WRITE;
	if (s->state == ST_LINGER)
		return s->read_eof || s->drained >= SESSION_LINGER_MAX
			   ? WANT_CLOSE
			   : WANT_READ;
	if (s->state == ST_CLOSING)
		/* Lingering is settle()'s to start, once nothing is pending. */
		return pending ? want : WANT_CLOSE;
	if (s->state == ST_DELAY)
		return want | WANT_TIMER;
	if (s->state == ST_DB)
		return want | WANT_DB;
	if (s->read_eof)
		/*
		 * No more input will come; what is buffered was processed as
		 * far as it goes, so once the output is out, we are done.
		 */
		return pending ? want : WANT_CLOSE;
	if (s->in_len - s->in_off < SESSION_IN_CAP)
		want |= WANT_READ;
	return want;
}

long session_take_timer(struct session *s)
{
	long ms = s->delay_ms;

	if (s->state != ST_DELAY || ms < 0)
		return -1;
	s->delay_ms = -1;
	return ms;
}

void session_timer_fired(struct session *s)
{
	if (s->state != ST_DELAY)
		return;
	/*
	 * OUT_RESERVE bytes were free when the request was taken and nothing
	 * was added since, so the answer fits.
	 */
	if (out_reserve(s, OUT_RESERVE))
		return;
	answer_hello(s);
	process(s);
	settle(s);
}

int64_t session_deadline(const struct session *s)
{
	int64_t idle = s->last_io_ms + (int64_t)s->cfg->idle_timeout_s * 1000;
	int64_t head;

	if (s->state == ST_DELAY || s->state == ST_DB)
		return INT64_MAX;
	if (s->state == ST_LINGER)
		return s->linger_until_ms;
	if (s->state == ST_WS)
		return session_ws_deadline(s);
	if (s->head_start_ms) {
		head =
		    s->head_start_ms + (int64_t)s->cfg->header_timeout_s * 1000;
		return head < idle ? head : idle;
	}
	return idle;
}

int session_shut_wr_due(const struct session *s)
{
	return s->state == ST_LINGER && !s->shut_wr;
}

void session_shut_wr_done(struct session *s)
{
	s->shut_wr = 1;
}

struct db_req *session_take_db(struct session *s)
{
	if (s->state != ST_DB || s->db_handed)
		return NULL;
	s->db_handed = 1;
	return s->db;
}

void session_db_done(struct session *s)
{
	struct db_req *req = s->db;

	if (s->state != ST_DB || !s->db_handed)
		return;
	s->db_handed = 0;
	/* As for a /delay: the room was there when the request was taken. */
	if (out_reserve(s, OUT_RESERVE))
		return;
	if (req->failed || db_render(req, &req->body)) {
		answer_error(s, 503, 1);
	} else {
		out_head_as(s, 200, db_content_type(req->kind), req->body.len);
		stats_add(&s->stats->requests, 1);
		if (s->head_only || req->body.len == 0) {
			next_request(s);
		} else {
			/* Streamed from the rendering, as /chat's page is. */
			s->pattern_left = req->body.len;
			s->page_end = req->body.p + req->body.len;
			s->state = ST_BYTES;
		}
	}
	process(s);
	settle(s);
}
