/*
 * engine.c - one epoll loop per thread, driving HTTP or echo connections.
 *
 * Notes on what makes a load generator cheap, and so able to outrun the
 * server it measures (wrk pays two epoll_ctl calls per request here):
 *
 * - EPOLLIN stays registered for a connection's whole life, level
 *   triggered.  EPOLLOUT is added only when a write would block and
 *   removed when the backlog is gone; on loopback that almost never
 *   happens, so a request costs one write() and one read() and nothing
 *   else.
 * - One read() of up to 64 KiB per readiness event, and every response in
 *   it is parsed before the next wait.  Pipelined requests go out in one
 *   write() from a buffer that holds them back to back.
 * - The clock is read once per read(), not once per response.
 * - Each thread has its own histograms and counters; main() merges them
 *   after the threads are joined, so no cache line bounces between cores.
 *
 * Open loop: request k of the whole run is due at t0 + k / rate, and
 * thread i sends every k with k % threads == i.  A request is sent on any
 * connection that has room for it (fewer than --pipeline in flight); when
 * none has, it waits, and the wait counts, because latency runs from the
 * due time.  That is how a stalled server shows up in the tail instead of
 * silently slowing the generator down (the "coordinated omission" of
 * closed-loop tools).
 */
#include "engine.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "loop.h"
#include "net.h"
#include "ramp.h"
#include "resp.h"

#define ENGINE_RBUF_SIZE (64 * 1024)
/*
 * Echo messages are cut from a pattern that repeats every 251 bytes (a
 * prime), starting where the connection's byte stream stands, so a byte
 * that is lost, doubled or moved shows up unless it moves by a multiple
 * of 251.
 */
#define ENGINE_PATTERN_PERIOD (251)

const char *const engine_err_names[ERR_KINDS] = {
    "connect", "read", "write", "timeout", "status", "mismatch",
};

enum conn_state {
	CONN_CLOSED,	 /* not open; waiting in the open queue or for work */
	CONN_CONNECTING, /* connect() in progress */
	CONN_OPEN,
	CONN_DEAD, /* an idle connection that was lost: not reopened */
};

struct conn {
	int fd;
	uint8_t state;
	bool idle;
	bool want_out; /* EPOLLOUT is registered */
	bool in_avail; /* on the thread's open-loop stack of free conns */
	bool in_openq;
	uint32_t index; /* over all threads: picks the source address */
	uint64_t t_connect;
	/*
	 * Requests queued on this connection, oldest first, in a ring of
	 * --pipeline slots: when each was due and when it was written.  The
	 * newest q_unsent of them have not been handed to write() yet.
	 */
	uint64_t *q_due;
	uint64_t *q_sent;
	uint32_t q_head;
	uint32_t q_count;
	uint32_t q_unsent;
	/* The rest of the current write. */
	const char *w_ptr;
	size_t w_left;
	/* HTTP: body bytes still to come, and whether the server will close. */
	uint64_t body_left;
	bool close_after;
	/* HTTP: a response head cut by the end of a read, kept for the next. */
	char *carry;
	uint32_t carry_len;
	/* Echo: stream positions queued, written, received; messages done. */
	uint64_t send_pos;
	uint64_t written;
	uint64_t recv_pos;
	uint64_t recv_done;
};

struct worker {
	const struct config *cfg;
	uint32_t id;
	struct loop loop;
	bool open_loop;

	struct conn *conns;
	uint32_t nconns;
	/* Connections waiting to be opened, at the ramp's pace. */
	uint32_t *openq;
	uint32_t openq_head;
	uint32_t openq_len;
	struct ramp ramp;
	/* Open loop: connections that can take one more request. */
	uint32_t *avail;
	uint32_t navail;
	uint64_t sched_k;
	uint64_t t0;

	char *rbuf;
	/* What a batch of --pipeline requests looks like on the wire. */
	char *wbuf;
	size_t req_len;

	uint64_t measure_start;
	uint64_t end;
	uint64_t next_scan;
	bool measuring;
	struct clock_cpu cpu_start;
	struct clock_cpu cpu_end;
	uint64_t t_measured;
	uint64_t t_ended;

	uint64_t requests;
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint64_t opened;
	uint64_t idle_connected;
	uint64_t idle_answered;
	uint64_t errors[ERR_KINDS];
	struct hist lat;
	struct hist lat_raw;
	/* Open loop: requests due before the end that were never sent. */
	uint64_t backlog;
	uint64_t *qmem;
	int rc;
};

/* When request k of thread w is due, on the run's global schedule. */
static uint64_t sched_due(const struct worker *w, uint64_t k)
{
	long double global_k = (long double)k * w->cfg->threads + w->id;

	return w->t0 + (uint64_t)(global_k * 1e9L / w->cfg->rate);
}

static void count_error(struct worker *w, enum err_kind kind)
{
	w->errors[kind]++;
}

static void conn_connect(struct worker *w, struct conn *c, uint64_t now);
static void conn_flush(struct worker *w, struct conn *c, uint64_t now);

static void openq_push(struct worker *w, struct conn *c)
{
	if (c->in_openq)
		return;
	w->openq[(w->openq_head + w->openq_len) % w->nconns] =
	    (uint32_t)(c - w->conns);
	w->openq_len++;
	c->in_openq = true;
}

/* True when the open loop could put one more request on c right now. */
static bool conn_has_room(const struct worker *w, const struct conn *c)
{
	if (c->idle)
		return false;
	if (w->cfg->new_conn)
		return c->state == CONN_CLOSED && !c->in_openq;
	return c->state == CONN_OPEN && c->w_left == 0 &&
	       c->q_count < w->cfg->pipeline;
}

static void avail_push(struct worker *w, struct conn *c)
{
	if (!w->open_loop || c->in_avail || !conn_has_room(w, c))
		return;
	w->avail[w->navail++] = (uint32_t)(c - w->conns);
	c->in_avail = true;
}

static void conn_queue(struct worker *w, struct conn *c, uint64_t due,
		       uint64_t now)
{
	uint32_t slot = (c->q_head + c->q_count) % w->cfg->pipeline;

	c->q_due[slot] = due;
	c->q_sent[slot] = now;
	c->q_count++;
	c->q_unsent++;
}

/*
 * Closes c.  kind is the error to count, or -1 for an orderly close.
 * What happens next depends on why: an idle connection is never reopened;
 * after an error the connection waits its turn in the ramp-paced open
 * queue, so a refusing server is not hammered; after an orderly close the
 * closed loop reconnects at once and the open loop offers the slot again.
 */
static void conn_close(struct worker *w, struct conn *c, int kind, uint64_t now)
{
	/*
	 * An idle connection is never closed on purpose: losing one is an
	 * error, even when the server said it would close (--idle-request).
	 */
	if (c->idle && kind < 0)
		kind = ERR_CONNECT;
	if (kind >= 0)
		count_error(w, (enum err_kind)kind);
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	if (c->idle && c->state == CONN_OPEN)
		w->idle_connected--;
	c->state = c->idle ? CONN_DEAD : CONN_CLOSED;
	c->want_out = false;
	c->q_head = c->q_count = c->q_unsent = 0;
	c->w_ptr = NULL;
	c->w_left = 0;
	c->body_left = 0;
	c->close_after = false;
	c->carry_len = 0;
	c->send_pos = c->written = c->recv_pos = c->recv_done = 0;
	if (c->idle || now >= w->end)
		return;
	if (kind >= 0) {
		openq_push(w, c);
	} else if (w->open_loop) {
		if (w->cfg->new_conn)
			avail_push(w, c);
		else
			conn_connect(w, c, now);
	} else {
		conn_connect(w, c, now);
	}
}

/* Closed loop: a fresh batch of --pipeline requests, all due now. */
static void conn_start_batch(struct worker *w, struct conn *c, uint64_t now)
{
	uint32_t i;

	for (i = 0; i < w->cfg->pipeline; i++)
		conn_queue(w, c, now, now);
}

/*
 * Starts a non-blocking connect.  Both EPOLLIN and EPOLLOUT are
 * registered: EPOLLOUT reports the end of the connect, and is dropped
 * right after unless a write is waiting.
 */
static void conn_connect(struct worker *w, struct conn *c, uint64_t now)
{
	int fd;

	c->t_connect = now;
	fd = net_connect(w->cfg, c->index);
	if (fd < 0)
		goto fail;
	c->fd = fd;
	if (loop_add(&w->loop, fd, c) < 0)
		goto fail;
	c->want_out = true;
	c->state = CONN_CONNECTING;
	if (!c->idle && !w->open_loop && c->q_count == 0)
		conn_start_batch(w, c, now);
	return;
fail:
	c->state = CONN_CONNECTING;
	conn_close(w, c, ERR_CONNECT, now);
}

static int conn_set_out(struct worker *w, struct conn *c, bool on)
{
	int rc = loop_want_out(&w->loop, c->fd, c, on);

	if (rc == 0)
		c->want_out = on;
	return rc;
}

/* Writes what is left of the current batch; returns 0 or -1 if closed. */
static int conn_write(struct worker *w, struct conn *c, uint64_t now)
{
	enum net_status st = NET_OK;
	size_t n = 0;

	if (c->w_left) {
		st = net_write(c->fd, c->w_ptr, c->w_left, &n);
		c->w_ptr += n;
		c->w_left -= n;
		c->written += n;
		if (now >= w->measure_start)
			w->bytes_written += n;
	}
	if (st == NET_ERROR) {
		conn_close(w, c, ERR_WRITE, now);
		return -1;
	}
	if ((c->w_left != 0) != c->want_out &&
	    conn_set_out(w, c, c->w_left != 0) < 0) {
		conn_close(w, c, ERR_WRITE, now);
		return -1;
	}
	return 0;
}

/*
 * Hands every queued, unsent request to write() in one go.  now is the
 * caller's clock reading, taken just before: one read of the clock serves
 * a whole read-parse-write turn.
 */
static void conn_flush(struct worker *w, struct conn *c, uint64_t now)
{
	uint32_t i, slot;

	if (c->state != CONN_OPEN || c->w_left || c->q_unsent == 0)
		return;
	/*
	 * With a new connection per request, latency counts from the start
	 * of the connect (the queue time); otherwise from this write.
	 */
	if (!w->cfg->new_conn) {
		for (i = c->q_count - c->q_unsent; i < c->q_count; i++) {
			slot = (c->q_head + i) % w->cfg->pipeline;
			c->q_sent[slot] = now;
		}
	} else {
		now = c->t_connect;
	}
	if (w->cfg->proto == PROTO_HTTP) {
		c->w_ptr = w->wbuf;
		c->w_left = w->req_len * c->q_unsent;
	} else {
		c->w_ptr = w->wbuf + c->send_pos % ENGINE_PATTERN_PERIOD;
		c->w_left = w->cfg->size * c->q_unsent;
		c->send_pos += c->w_left;
	}
	c->q_unsent = 0;
	conn_write(w, c, now);
}

/* A response has completed at time now: record it, free its slot. */
static void conn_complete(struct worker *w, struct conn *c, uint64_t now)
{
	uint32_t slot = c->q_head;

	if (now >= w->measure_start) {
		w->requests++;
		hist_record(&w->lat, now - c->q_due[slot]);
		if (w->open_loop)
			hist_record(&w->lat_raw, now - c->q_sent[slot]);
	}
	c->q_head = (c->q_head + 1) % w->cfg->pipeline;
	c->q_count--;
}

static uint32_t conn_in_flight(const struct conn *c)
{
	return c->q_count - c->q_unsent;
}

/*
 * Parses every HTTP response in buf.  Returns 0, or -1 when c was closed
 * (an error, or the server said it would close).
 */
static int conn_parse_http(struct worker *w, struct conn *c, const char *buf,
			   size_t len, uint64_t now)
{
	struct resp r;
	size_t k;
	int n;

	while (len) {
		if (c->body_left) {
			k = len < c->body_left ? len : (size_t)c->body_left;
			buf += k;
			len -= k;
			c->body_left -= k;
			if (c->body_left)
				break;
			goto complete;
		}
		if (conn_in_flight(c) == 0) {
			/* Bytes nobody asked for: the framing is off. */
			conn_close(w, c, ERR_STATUS, now);
			return -1;
		}
		n = resp_parse(buf, len, &r);
		if (n == RESP_INCOMPLETE) {
			if (!c->carry) {
				c->carry = malloc(RESP_HEAD_MAX);
				if (!c->carry) {
					conn_close(w, c, ERR_READ, now);
					return -1;
				}
			}
			memcpy(c->carry, buf, len);
			c->carry_len = (uint32_t)len;
			return 0;
		}
		if (n == RESP_BAD) {
			conn_close(w, c, ERR_STATUS, now);
			return -1;
		}
		buf += n;
		len -= (size_t)n;
		if (r.status < 200 || r.status > 299)
			count_error(w, ERR_STATUS);
		c->close_after = r.close;
		c->body_left = (uint64_t)r.content_length;
		if (c->body_left)
			continue;
	complete:
		conn_complete(w, c, now);
		if (c->close_after) {
			/* Requests the server will never answer are lost. */
			conn_close(w, c, c->q_count ? ERR_READ : -1, now);
			return -1;
		}
	}
	c->carry_len = 0;
	return 0;
}

/* Compares echoed bytes with what was sent; returns 0 or -1 if closed. */
static int conn_parse_echo(struct worker *w, struct conn *c, const char *buf,
			   size_t len, uint64_t now)
{
	const char *want = w->wbuf + c->recv_pos % ENGINE_PATTERN_PERIOD;

	if (len > c->written - c->recv_pos || memcmp(buf, want, len) != 0) {
		conn_close(w, c, ERR_MISMATCH, now);
		return -1;
	}
	c->recv_pos += len;
	while (c->q_count && c->recv_pos >= (c->recv_done + 1) * w->cfg->size) {
		c->recv_done++;
		conn_complete(w, c, now);
	}
	return 0;
}

/* After responses: the closed loop sends the next batch at once. */
static void conn_next(struct worker *w, struct conn *c, uint64_t now)
{
	if (w->open_loop) {
		if (w->cfg->new_conn && c->q_count == 0)
			conn_close(w, c, -1, now);
		else
			avail_push(w, c);
		return;
	}
	if (c->q_count)
		return;
	if (w->cfg->new_conn) {
		conn_close(w, c, -1, now);
		return;
	}
	if (now >= w->end)
		return;
	conn_start_batch(w, c, now);
	conn_flush(w, c, now);
}

/*
 * --idle-request: bytes on an idle connection, the answer to its one
 * request.  They go through the same parser as every response, at time 0:
 * before any measured window, so conn_complete leaves the answer out of
 * the figures and the busy connections' path needs no test of its own.
 * Anything after the answer was asked for by nobody, and the parser
 * closes the connection with a status error.
 */
static void conn_idle_answer(struct worker *w, struct conn *c, const char *buf,
			     size_t len)
{
	bool waiting = c->q_count != 0;

	if (conn_parse_http(w, c, buf, len, 0) == 0 && waiting &&
	    c->q_count == 0)
		w->idle_answered++;
}

static void conn_on_read(struct worker *w, struct conn *c)
{
	char *buf = w->rbuf;
	enum net_status st;
	size_t n;
	uint64_t now;

	if (c->carry_len)
		memcpy(buf, c->carry, c->carry_len);
	st = net_read(c->fd, buf + c->carry_len, ENGINE_RBUF_SIZE, &n);
	now = clock_now_ns();
	if (st == NET_RETRY)
		return;
	if (st == NET_ERROR) {
		conn_close(w, c, c->idle ? ERR_CONNECT : ERR_READ, now);
		return;
	}
	if (n == 0) {
		/* A close between requests is orderly; within one, not. */
		if (c->idle)
			conn_close(w, c, ERR_CONNECT, now);
		else if (c->q_count || c->carry_len || c->body_left)
			conn_close(w, c, ERR_READ, now);
		else
			conn_close(w, c, -1, now);
		return;
	}
	if (c->idle) {
		if (w->cfg->idle_request)
			conn_idle_answer(w, c, buf, c->carry_len + n);
		return;
	}
	if (now >= w->measure_start)
		w->bytes_read += n;
	if (w->cfg->proto == PROTO_HTTP) {
		if (conn_parse_http(w, c, buf, c->carry_len + n, now))
			return;
	} else if (conn_parse_echo(w, c, buf, n, now)) {
		return;
	}
	conn_next(w, c, now);
}

static void conn_on_connected(struct worker *w, struct conn *c)
{
	uint64_t now = clock_now_ns();

	if (net_connect_result(c->fd) < 0) {
		conn_close(w, c, ERR_CONNECT, now);
		return;
	}
	c->state = CONN_OPEN;
	w->opened++;
	if (c->idle) {
		w->idle_connected++;
		/*
		 * --idle-request: one request first, as every real keep-alive
		 * connection had; conn_write drops EPOLLOUT once it is out.
		 */
		if (w->cfg->idle_request) {
			conn_queue(w, c, now, now);
			conn_flush(w, c, now);
		} else if (conn_set_out(w, c, false) < 0) {
			conn_close(w, c, ERR_CONNECT, now);
		}
		return;
	}
	if (c->q_unsent)
		conn_flush(w, c, now);
	else if (conn_set_out(w, c, false) < 0)
		conn_close(w, c, ERR_CONNECT, now);
	if (c->state == CONN_OPEN)
		avail_push(w, c);
}

static void worker_on_event(struct worker *w, struct conn *c, uint32_t ev)
{
	if (c->state == CONN_CONNECTING) {
		if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			conn_on_connected(w, c);
		return;
	}
	if (c->state != CONN_OPEN)
		return;
	if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP))
		conn_on_read(w, c);
	if (c->state == CONN_OPEN && (ev & EPOLLOUT) && c->w_left) {
		uint64_t now = clock_now_ns();

		if (conn_write(w, c, now) == 0 && c->w_left == 0)
			avail_push(w, c);
	}
}

/* Opens queued connections as fast as the ramp allows. */
static void worker_ramp(struct worker *w, uint64_t now)
{
	struct conn *c;

	ramp_fill(&w->ramp, now);
	while (w->openq_len && ramp_take(&w->ramp)) {
		c = &w->conns[w->openq[w->openq_head]];
		w->openq_head = (w->openq_head + 1) % w->nconns;
		w->openq_len--;
		c->in_openq = false;
		if (w->open_loop && w->cfg->new_conn && !c->idle)
			avail_push(w, c);
		else
			conn_connect(w, c, now);
	}
}

/* Closes connections whose connect or oldest request is overdue. */
static void worker_scan(struct worker *w, uint64_t now)
{
	const struct config *cfg = w->cfg;
	struct conn *c;
	uint32_t i;

	for (i = 0; i < w->nconns; i++) {
		c = &w->conns[i];
		if (c->state == CONN_CONNECTING &&
		    now - c->t_connect > cfg->connect_timeout_ns)
			conn_close(w, c, ERR_CONNECT, now);
		else if (c->state == CONN_OPEN && c->q_count &&
			 now - c->q_sent[c->q_head] > cfg->timeout_ns)
			conn_close(w, c, ERR_TIMEOUT, now);
	}
}

/* Open loop: sends every request that is due, while a connection has room. */
static void worker_dispatch(struct worker *w, uint64_t now)
{
	uint64_t due;
	struct conn *c;

	while (w->navail && (due = sched_due(w, w->sched_k)) <= now) {
		c = &w->conns[w->avail[--w->navail]];
		c->in_avail = false;
		if (!conn_has_room(w, c))
			continue;
		conn_queue(w, c, due, now);
		w->sched_k++;
		if (w->cfg->new_conn) {
			conn_connect(w, c, now);
		} else {
			conn_flush(w, c, now);
			avail_push(w, c);
		}
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void worker_main(void *arg)
{
	struct worker *w = arg;
	const struct config *cfg = w->cfg;
	struct epoll_event evs[LOOP_MAX_EVENTS];
	uint64_t now, deadline, scan_every;
	int n, i;

	scan_every = min_u64(
	    100000000u, min_u64(cfg->timeout_ns, cfg->connect_timeout_ns) / 4);
	now = clock_now_ns();
	ramp_start(&w->ramp, now);
	w->next_scan = now + scan_every;
	for (;;) {
		if (!w->measuring && now >= w->measure_start) {
			w->measuring = true;
			w->t_measured = now;
			clock_cpu_read(&w->cpu_start);
		}
		if (now >= w->end)
			break;
		if (w->openq_len)
			worker_ramp(w, now);
		if (now >= w->next_scan) {
			worker_scan(w, now);
			w->next_scan = now + scan_every;
		}
		deadline = min_u64(w->end, w->next_scan);
		if (!w->measuring)
			deadline = min_u64(deadline, w->measure_start);
		if (w->open_loop && now >= w->t0) {
			worker_dispatch(w, now);
			if (w->navail)
				deadline =
				    min_u64(deadline, sched_due(w, w->sched_k));
		} else if (w->open_loop) {
			deadline = min_u64(deadline, w->t0);
		}
		if (w->openq_len)
			deadline =
			    min_u64(deadline, now + ramp_wait_ns(&w->ramp));
		n = loop_wait(&w->loop, evs, now, deadline);
		if (n < 0) {
			w->rc = n;
			break;
		}
		for (i = 0; i < n; i++)
			worker_on_event(w, evs[i].data.ptr, evs[i].events);
		now = clock_now_ns();
	}
	w->t_ended = now;
	clock_cpu_read(&w->cpu_end);
	if (w->open_loop && w->end > w->t0 + 1000000) {
		/*
		 * Request k was due a millisecond or more before the end when
		 * k < x; the last millisecond's requests are cut off by the
		 * end itself, not by a lack of connections.
		 */
		double x =
		    ((double)(w->end - 1000000 - w->t0) * cfg->rate / 1e9 -
		     w->id) /
		    cfg->threads;
		uint64_t due = x > 0 ? (uint64_t)ceil(x) : 0;

		w->backlog = due > w->sched_k ? due - w->sched_k : 0;
	}
}

/* The bytes of one request, repeated --pipeline times, or the pattern. */
static int worker_build_wbuf(struct worker *w)
{
	const struct config *cfg = w->cfg;
	char head[4096];
	size_t len, i, body = cfg->body_size;
	int n;

	if (cfg->proto == PROTO_ECHO) {
		len = ENGINE_PATTERN_PERIOD +
		      (size_t)(cfg->size * cfg->pipeline > ENGINE_RBUF_SIZE
				   ? cfg->size * cfg->pipeline
				   : ENGINE_RBUF_SIZE);
		w->wbuf = malloc(len);
		if (!w->wbuf)
			return -ENOMEM;
		for (i = 0; i < len; i++)
			w->wbuf[i] = (char)(i % ENGINE_PATTERN_PERIOD);
		return 0;
	}
	if (body)
		n = snprintf(head, sizeof(head),
			     "%s %s HTTP/1.1\r\nHost: %s:%s\r\n"
			     "Content-Length: %zu\r\n\r\n",
			     cfg->method, cfg->path, cfg->host, cfg->port,
			     body);
	else
		n = snprintf(head, sizeof(head),
			     "%s %s HTTP/1.1\r\nHost: %s:%s\r\n\r\n",
			     cfg->method, cfg->path, cfg->host, cfg->port);
	if (n < 0 || (size_t)n >= sizeof(head))
		return -EINVAL;
	w->req_len = (size_t)n + body;
	w->wbuf = malloc(w->req_len * cfg->pipeline);
	if (!w->wbuf)
		return -ENOMEM;
	for (i = 0; i < cfg->pipeline; i++) {
		char *p = w->wbuf + i * w->req_len;

		memcpy(p, head, (size_t)n);
		memset(p + n, 'x', body);
	}
	return 0;
}

static int worker_init(struct worker *w, const struct config *cfg, uint32_t id,
		       uint32_t first_index)
{
	uint32_t nactive, nidle, i;
	uint64_t *q;
	int rc;

	memset(w, 0, sizeof(*w));
	w->cfg = cfg;
	w->id = id;
	w->loop.epfd = -1;
	w->open_loop = cfg->rate > 0;
	nactive = cfg->connections / cfg->threads +
		  (id < cfg->connections % cfg->threads);
	nidle = cfg->idle / cfg->threads + (id < cfg->idle % cfg->threads);
	w->nconns = nactive + nidle;
	ramp_init(&w->ramp, cfg->ramp / cfg->threads);
	if ((rc = hist_init(&w->lat)) < 0 || (rc = hist_init(&w->lat_raw)) < 0)
		return rc;
	w->conns = calloc(w->nconns, sizeof(*w->conns));
	w->openq = calloc(w->nconns, sizeof(*w->openq));
	w->avail = calloc(w->nconns, sizeof(*w->avail));
	w->rbuf = malloc(ENGINE_RBUF_SIZE + RESP_HEAD_MAX);
	q = calloc((size_t)w->nconns * cfg->pipeline * 2, sizeof(*q));
	w->qmem = q;
	if (!w->conns || !w->openq || !w->avail || !w->rbuf || !q)
		return -ENOMEM;
	rc = worker_build_wbuf(w);
	if (rc < 0)
		return rc;
	rc = loop_init(&w->loop);
	if (rc < 0)
		return rc;
	/* Idle connections are opened first, so they are in place. */
	for (i = 0; i < w->nconns; i++) {
		struct conn *c = &w->conns[i];

		c->fd = -1;
		c->idle = i < nidle;
		c->index = first_index + i;
		c->q_due = q + (size_t)i * cfg->pipeline * 2;
		c->q_sent = c->q_due + cfg->pipeline;
		openq_push(w, c);
	}
	return 0;
}

static void worker_free(struct worker *w)
{
	uint32_t i;

	/* Workers after one that failed to start were never set up. */
	if (!w->cfg)
		return;
	free(w->qmem);
	if (w->conns) {
		for (i = 0; i < w->nconns; i++) {
			if (w->conns[i].fd >= 0)
				close(w->conns[i].fd);
			free(w->conns[i].carry);
		}
	}
	loop_free(&w->loop);
	free(w->conns);
	free(w->openq);
	free(w->avail);
	free(w->rbuf);
	free(w->wbuf);
	hist_free(&w->lat);
	hist_free(&w->lat_raw);
}

int engine_run(const struct config *cfg, struct engine_result *res)
{
	struct worker *ws;
	uint64_t start, ramp_ns, measure_start, end, max_end = 0;
	uint32_t t, index = 0;
	int rc, k;

	if (cfg->proto == PROTO_WS)
		return ws_run(cfg, res); /* the chat: ws.c */
	rc = engine_result_init(res);
	if (rc < 0)
		return rc;
	ws = calloc(cfg->threads, sizeof(*ws));
	if (!ws)
		return -ENOMEM;
	for (t = 0; t < cfg->threads; t++) {
		rc = worker_init(&ws[t], cfg, t, index);
		if (rc < 0)
			goto cleanup;
		index += ws[t].nconns;
	}
	/*
	 * The warmup, and then the measured window, start when the ramp has
	 * had time to open every connection.
	 */
	start = clock_now_ns();
	ramp_ns = (uint64_t)((double)(cfg->connections + cfg->idle) /
			     cfg->ramp * 1e9);
	measure_start = start + ramp_ns + cfg->warmup_ns;
	end = measure_start + cfg->duration_ns;
	for (t = 0; t < cfg->threads; t++) {
		ws[t].t0 = start + ramp_ns;
		ws[t].measure_start = measure_start;
		ws[t].end = end;
	}
	rc = loop_threads(cfg->threads, worker_main, ws, sizeof(*ws));
	if (rc < 0)
		goto cleanup;
	for (t = 0; t < cfg->threads; t++) {
		struct worker *w = &ws[t];
		double busy;

		if (w->rc < 0 && rc == 0)
			rc = w->rc;
		res->requests += w->requests;
		res->bytes_read += w->bytes_read;
		res->bytes_written += w->bytes_written;
		res->connections_opened += w->opened;
		res->idle_connected += w->idle_connected;
		res->idle_answered += w->idle_answered;
		for (k = 0; k < ERR_KINDS; k++)
			res->errors[k] += w->errors[k];
		if (w->open_loop)
			res->backlog += w->backlog;
		hist_merge(&res->latency, &w->lat);
		hist_merge(&res->latency_raw,
			   w->open_loop ? &w->lat_raw : &w->lat);
		res->user_s += w->cpu_end.user_s - w->cpu_start.user_s;
		res->sys_s += w->cpu_end.sys_s - w->cpu_start.sys_s;
		busy = (double)(w->cpu_end.thread_ns - w->cpu_start.thread_ns) /
		       (double)(w->t_ended - w->t_measured);
		if (busy > res->max_thread_busy)
			res->max_thread_busy = busy;
		if (w->t_ended > max_end)
			max_end = w->t_ended;
	}
	engine_result_total(res);
	/*
	 * Responses count from measure_start, whenever a thread noticed it,
	 * so the window runs from there too.
	 */
	res->duration_s = (double)(max_end - measure_start) / 1e9;
cleanup:
	for (t = 0; t < cfg->threads; t++)
		worker_free(&ws[t]);
	free(ws);
	return rc;
}

int engine_result_init(struct engine_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = hist_init(&res->latency)) < 0 ||
	    (rc = hist_init(&res->latency_raw)) < 0)
		return rc;
	return 0;
}

void engine_result_total(struct engine_result *res)
{
	int k;

	res->errors_total = 0;
	for (k = 0; k < ERR_KINDS; k++)
		res->errors_total += res->errors[k];
}

void engine_result_free(struct engine_result *res)
{
	hist_free(&res->latency);
	hist_free(&res->latency_raw);
	hist_free(&res->ws.rtt);
}
