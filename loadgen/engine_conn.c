/*
 * engine_conn.c - one HTTP or echo connection: its state machine.
 *
 * A connection is CLOSED (waiting to be opened), CONNECTING, OPEN, or
 * DEAD (an idle connection that was lost).  While open it holds a ring of
 * queued requests: written in one write() from the thread's request
 * buffer, answered in order, each answer parsed (resp.h) or, for echo,
 * compared with the pattern byte for byte.  A failure closes and counts
 * this connection only; what happens to it next is conn_close's choice.
 */
#include "engine_conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "resp.h"

static void count_error(struct worker *w, enum err_kind kind)
{
	w->errors[kind]++;
}

void conn_connect(struct worker *w, struct conn *c, uint64_t now);
void conn_flush(struct worker *w, struct conn *c, uint64_t now);

void conn_openq_push(struct worker *w, struct conn *c)
{
	if (c->in_openq)
		return;
	w->openq[(w->openq_head + w->openq_len) % w->nconns] =
	    (uint32_t)(c - w->conns);
	w->openq_len++;
	c->in_openq = true;
}

/* True when the open loop could put one more request on c right now. */
bool conn_has_room(const struct worker *w, const struct conn *c)
{
	if (c->idle)
		return false;
	if (w->cfg->new_conn)
		return c->state == CONN_CLOSED && !c->in_openq;
	return c->state == CONN_OPEN && c->w_left == 0 &&
	       c->q_count < w->cfg->pipeline;
}

void conn_avail_push(struct worker *w, struct conn *c)
{
	if (!w->open_loop || c->in_avail || !conn_has_room(w, c))
		return;
	w->avail[w->navail++] = (uint32_t)(c - w->conns);
	c->in_avail = true;
}

void conn_queue(struct worker *w, struct conn *c, uint64_t due, uint64_t now)
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
void conn_close(struct worker *w, struct conn *c, int kind, uint64_t now)
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
		conn_openq_push(w, c);
	} else if (w->open_loop) {
		if (w->cfg->new_conn)
			conn_avail_push(w, c);
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
void conn_connect(struct worker *w, struct conn *c, uint64_t now)
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
void conn_flush(struct worker *w, struct conn *c, uint64_t now)
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
			conn_avail_push(w, c);
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
		conn_avail_push(w, c);
}

void conn_on_event(struct worker *w, struct conn *c, uint32_t ev)
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
			conn_avail_push(w, c);
	}
}
