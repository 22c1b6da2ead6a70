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

#include "clock.h"
#include "http.h"

/* Room a response head needs; below it we stop taking requests. */
#define OUT_RESERVE (512)

static const char hello_body[] = "Hello, World!";

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
	s->in = s->out = NULL;
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
 * Appends a response head.  The caller has reserved OUT_RESERVE bytes.
 * HTTP/1.0 clients asked for keep-alive get told it is on; HTTP/1.1 ones
 * get told when it is off.
 */
static void out_head(struct session *s, int status, uint64_t content_length,
		     int minor_version)
{
	out_str(s, "HTTP/1.1 ");
	out_u64(s, (uint64_t)status);
	out_str(s, " ");
	out_str(s, http_reason(status));
	out_str(s, "\r\nContent-Type: text/plain\r\nContent-Length: ");
	out_u64(s, content_length);
	if (!s->keep_alive)
		out_str(s, "\r\nConnection: close");
	else if (minor_version == 0)
		out_str(s, "\r\nConnection: keep-alive");
	out_str(s, "\r\n\r\n");
}

/* A complete response with the 13-byte hello body. */
static void answer_hello(struct session *s, int minor_version)
{
	out_head(s, 200, sizeof(hello_body) - 1, minor_version);
	out_add(s, hello_body, sizeof(hello_body) - 1);
	stats_add(&s->stats->requests, 1);
	s->state = s->keep_alive ? ST_HEAD : ST_CLOSING;
}

/*
 * An error answer: the reason phrase as the body.  Malformed requests and
 * requests over a limit close the connection (we cannot trust where the
 * next request starts); a 404 or 405 on a well-formed request without a
 * body keeps it open.
 */
static void answer_error(struct session *s, int status, int minor_version,
			 int keep_open)
{
	const char *reason = http_reason(status);

	if (!keep_open)
		s->keep_alive = 0;
	out_head(s, status, strlen(reason) + 1, minor_version);
	out_str(s, reason);
	out_str(s, "\n");
	stats_add(&s->stats->requests, 1);
	s->state = s->keep_alive ? ST_HEAD : ST_CLOSING;
	if (s->state == ST_CLOSING)
		s->in_off = s->in_len; /* ignore whatever else came */
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

/* Answers one parsed request, or sets the state that will answer it. */
static void dispatch(struct session *s, const struct http_request *req)
{
	int v = req->minor_version;
	int get = method_is(req, "GET");
	long long n;

	s->keep_alive = req->keep_alive;
	s->minor_version = v;
	if (req->content_length > HTTP_MAX_BODY) {
		answer_error(s, 413, v, 0);
		return;
	}
	if (path_is(req, "/echo")) {
		if (!method_is(req, "POST")) {
			answer_error(s, 405, v, req->content_length <= 0);
			return;
		}
		n = req->content_length > 0 ? req->content_length : 0;
		out_head(s, 200, (uint64_t)n, v);
		stats_add(&s->stats->requests, 1);
		s->body_left = (uint64_t)n;
		s->state = ST_BODY;
		return;
	}
	/*
	 * The other endpoints take no body.  Rather than skip one, we answer
	 * and close: rare, and it keeps the state machine small.
	 */
	if (req->content_length > 0)
		s->keep_alive = 0;
	if (path_is(req, "/")) {
		if (!get)
			answer_error(s, 405, v, 1);
		else
			answer_hello(s, v);
	} else if (path_is(req, "/delay")) {
		if (!get)
			answer_error(s, 405, v, 1);
		else if (http_query_int(req->query, req->query_len, "ms", 0,
					60000, &n))
			answer_error(s, 400, v, 0);
		else {
			s->delay_ms = (long)n;
			s->state = ST_DELAY;
		}
	} else if (path_is(req, "/cpu")) {
		if (!get)
			answer_error(s, 405, v, 1);
		else if (http_query_int(req->query, req->query_len, "us", 0,
					1000000, &n))
			answer_error(s, 400, v, 0);
		else {
			clock_burn_cpu_us((long)n);
			answer_hello(s, v);
		}
	} else if (path_is(req, "/bytes")) {
		if (!get)
			answer_error(s, 405, v, 1);
		else if (http_query_int(req->query, req->query_len, "n", 0,
					64LL * 1024 * 1024, &n))
			answer_error(s, 400, v, 0);
		else {
			out_head(s, 200, (uint64_t)n, v);
			stats_add(&s->stats->requests, 1);
			s->pattern_left = (uint64_t)n;
			s->pattern_pos = 0;
			s->state = n ? ST_BYTES
				     : (s->keep_alive ? ST_HEAD : ST_CLOSING);
		}
	} else {
		answer_error(s, 404, v, 1);
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
			s->state = s->keep_alive ? ST_HEAD : ST_CLOSING;
			continue;
		}
		if (s->state != ST_HEAD || avail == 0)
			break;
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
			/* HTTP/1.0 is safe to assume for a head we can't read.
			 */
			answer_error(s, -r, 1, 0);
			break;
		}
		s->in_off += (size_t)r;
		dispatch(s, &req);
	}
compact:
	if (s->in_off == s->in_len)
		s->in_off = s->in_len = 0;
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
	s->in_len += n;
	process(s);
}

const char *session_wbuf(struct session *s, size_t *len)
{
	size_t n;

	if (s->out_len > s->out_off) {
		*len = s->out_len - s->out_off;
		return s->out + s->out_off;
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
		if (s->pattern_left == 0)
			s->state = s->keep_alive ? ST_HEAD : ST_CLOSING;
	}
	/* Room was made: requests held back by a full buffer can go on. */
	if (s->state == ST_HEAD || s->state == ST_BODY)
		process(s);
}

unsigned session_want(const struct session *s)
{
	unsigned want = 0;
	int pending = s->out_len > s->out_off ||
		      (s->state == ST_BYTES && s->pattern_left);

	if (s->failed)
		return WANT_CLOSE;
	if (pending)
		want |= WANT_WRITE;
	if (s->state == ST_CLOSING)
		return pending ? want : WANT_CLOSE;
	if (s->state == ST_DELAY)
		return want | WANT_TIMER;
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
	answer_hello(s, s->minor_version);
	process(s);
}

int64_t session_deadline(const struct session *s)
{
	int64_t idle = s->last_io_ms + (int64_t)s->cfg->idle_timeout_s * 1000;
	int64_t head;

	if (s->state == ST_DELAY)
		return INT64_MAX;
	if (s->head_start_ms) {
		head =
		    s->head_start_ms + (int64_t)s->cfg->header_timeout_s * 1000;
		return head < idle ? head : idle;
	}
	return idle;
}
