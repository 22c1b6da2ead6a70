/*
 * ws_conn.c - one subscriber of the ws:// mode: connect, the upgrade,
 * frames in and out, and what each chat message counts.
 *
 * Reads and writes go through net.h's wrappers, frames through
 * wscodec.h, messages through chat.h; a failure closes and counts this
 * connection only, never the run.
 */
#include "ws_conn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"
#include "net.h"
#include "wscodec.h"

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

void wc_error(struct wsw *w, enum err_kind kind)
{
	w->errors[kind]++;
	w->step_errors++;
}

void wc_close(struct wsw *w, struct wconn *c, int kind)
{
	if (kind >= 0)
		wc_error(w, (enum err_kind)kind);
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	if (c->state == WC_OPEN)
		w->nlive--;
	c->state = WC_DEAD;
	c->carry_len = 0;
	c->out_off = c->out_len = 0;
	c->fifo_len = 0;
}

static int wc_set_out(struct wsw *w, struct wconn *c, bool on)
{
	int rc = loop_want_out(&w->loop, c->fd, c, on);

	if (rc == 0)
		c->want_out = on;
	return rc;
}

/* Writes what is queued; returns 0, or -1 when c was closed. */
static int wc_flush(struct wsw *w, struct wconn *c)
{
	enum net_status st = NET_OK;
	size_t n = 0;

	if (c->out_len > c->out_off) {
		st = net_write(c->fd, c->out + c->out_off,
			       c->out_len - c->out_off, &n);
		c->out_off += n;
		w->bytes_written += n;
	}
	if (st == NET_ERROR) {
		wc_close(w, c, ERR_WRITE);
		return -1;
	}
	if (c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if ((c->out_len != 0) != c->want_out &&
	    wc_set_out(w, c, c->out_len != 0) < 0) {
		wc_close(w, c, ERR_WRITE);
		return -1;
	}
	return 0;
}

/* Room for n more bytes in c's queue; -1 when out of memory. */
static int wc_reserve(struct wsw *w, struct wconn *c, size_t n)
{
	size_t cap = c->out_cap ? c->out_cap : 4096;
	char *p;

	if (c->out_off && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_off) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	while (cap < c->out_len + n)
		cap *= 2;
	if (cap != c->out_cap) {
		p = realloc(c->out, cap);
		if (!p) {
			wc_close(w, c, ERR_WRITE);
			return -1;
		}
		c->out = p;
		c->out_cap = cap;
	}
	return 0;
}

/* Queues a masked client frame (FIN set) carrying p[0..n). */
static int wc_frame(struct wsw *w, struct wconn *c, int opcode, const char *p,
		    size_t n)
{
	if (wc_reserve(w, c, wscodec_frame_size(n)) < 0)
		return -1;
	c->out_len += wscodec_frame_write(c->out + c->out_len, opcode, p, n,
					  xorshift(&w->rng));
	return 0;
}

static int fifo_push(struct wconn *c, uint64_t due)
{
	uint32_t cap = c->fifo_cap ? c->fifo_cap * 2 : 64, i;
	uint64_t *f;

	if (c->fifo_len == c->fifo_cap) {
		f = malloc(cap * sizeof(*f));
		if (!f)
			return -1;
		for (i = 0; i < c->fifo_len; i++)
			f[i] = c->fifo[(c->fifo_head + i) % c->fifo_cap];
		free(c->fifo);
		c->fifo = f;
		c->fifo_cap = cap;
		c->fifo_head = 0;
	}
	c->fifo[(c->fifo_head + c->fifo_len) % c->fifo_cap] = due;
	c->fifo_len++;
	return 0;
}

/* One text message from the server, received at now. */
static void ws_message(struct wsw *w, struct wconn *c, const char *p, size_t n,
		       uint64_t now)
{
	struct chat_msg m;
	uint64_t first;

	if (chat_parse(p, n, w->cfg->size, &m) < 0) {
		wc_error(w, ERR_MISMATCH);
		return;
	}
	if (m.type == CHAT_BROADCAST) {
		if (ws_in_window(w, m.due)) {
			w->step_received++;
			w->received++;
			hist_record(&w->lat, now > m.due ? now - m.due : 0);
		}
		return;
	}
	if (m.sender != c->index || c->fifo_len == 0) {
		wc_error(w, ERR_MISMATCH);
		return;
	}
	/* Results come back in order: it must be the oldest one. */
	first = c->fifo[c->fifo_head];
	c->fifo_head = (c->fifo_head + 1) % c->fifo_cap;
	c->fifo_len--;
	if (first != m.due) {
		wc_error(w, ERR_MISMATCH);
		return;
	}
	if (ws_in_window(w, m.due)) {
		w->step_results++;
		w->results++;
		hist_record(&w->rtt, now - m.due);
		hist_record(&w->step_rtt, now - m.due);
	}
}

/*
 * Takes every whole frame in buf[0..len); returns the bytes used, or -1
 * when c was closed.
 */
static long ws_frames(struct wsw *w, struct wconn *c, const char *buf,
		      size_t len, uint64_t now)
{
	struct wscodec_frame f;
	size_t used = 0;
	long n;

	while ((n = wscodec_frame_parse(buf + used, len - used, WS_CARRY_MAX,
					&f)) > 0) {
		if (f.opcode == WSCODEC_TEXT) {
			ws_message(w, c, f.payload, f.len, now);
		} else if (f.opcode == WSCODEC_PING) {
			if (wc_frame(w, c, WSCODEC_PONG, f.payload, f.len) <
				0 ||
			    wc_flush(w, c) < 0)
				return -1;
		} else if (f.opcode == WSCODEC_CLOSE) {
			/* The server closed on us. */
			wc_close(w, c, ERR_READ);
			return -1;
		} else if (f.opcode != WSCODEC_PONG) {
			wc_close(w, c, ERR_STATUS);
			return -1;
		}
		used += (size_t)n;
	}
	if (n == WSCODEC_BAD) {
		wc_close(w, c, ERR_STATUS);
		return -1;
	}
	return (long)used;
}

/* The answer to our handshake: 101 with the right accept.  -1: closed. */
static long ws_handshake_answer(struct wsw *w, struct wconn *c, const char *buf,
				size_t len)
{
	long n = wscodec_answer(buf, len);

	if (n == WSCODEC_INCOMPLETE)
		return 0;
	if (n < 0) {
		wc_close(w, c, ERR_STATUS);
		return -1;
	}
	c->state = WC_OPEN;
	w->nopen++;
	w->nlive++;
	return n;
}

static void wc_on_read(struct wsw *w, struct wconn *c)
{
	char *buf = w->rbuf;
	enum net_status st;
	size_t len, got;
	long used, more;
	uint64_t now;

	if (c->carry_len)
		memcpy(buf, c->carry, c->carry_len);
	st = net_read(c->fd, buf + c->carry_len, WS_RBUF_SIZE, &got);
	if (st == NET_RETRY)
		return;
	if (st == NET_ERROR || got == 0) {
		wc_close(w, c, ERR_READ);
		return;
	}
	now = clock_now_ns();
	w->bytes_read += got;
	len = c->carry_len + got;
	used = 0;
	if (c->state == WC_HANDSHAKE) {
		used = ws_handshake_answer(w, c, buf, len);
		if (used < 0)
			return;
	}
	if (c->state == WC_OPEN) {
		more = ws_frames(w, c, buf + used, len - (size_t)used, now);
		if (more < 0)
			return;
		used += more;
	}
	c->carry_len = (uint32_t)(len - (size_t)used);
	if (c->carry_len) {
		if (!c->carry && !(c->carry = malloc(WS_CARRY_MAX))) {
			wc_close(w, c, ERR_READ);
			return;
		}
		memmove(c->carry, buf + used, c->carry_len);
	}
}

void wc_connect(struct wsw *w, struct wconn *c, uint64_t now)
{
	int fd;

	c->t_connect = now;
	c->state = WC_CONNECTING;
	fd = net_connect(w->cfg, c->index);
	if (fd < 0) {
		wc_close(w, c, ERR_CONNECT);
		return;
	}
	c->fd = fd;
	if (loop_add(&w->loop, fd, c) < 0) {
		wc_close(w, c, ERR_CONNECT);
		return;
	}
	c->want_out = true;
}

/* The connect finished: send the handshake. */
static void wc_on_connected(struct wsw *w, struct wconn *c)
{
	if (net_connect_result(c->fd) < 0) {
		wc_close(w, c, ERR_CONNECT);
		return;
	}
	c->state = WC_HANDSHAKE;
	if (wc_reserve(w, c, w->req_len) < 0)
		return;
	memcpy(c->out + c->out_len, w->req, w->req_len);
	c->out_len += w->req_len;
	wc_flush(w, c);
}

void wc_on_event(struct wsw *w, struct wconn *c, uint32_t ev)
{
	if (c->state == WC_CONNECTING) {
		if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			wc_on_connected(w, c);
		return;
	}
	if (c->state != WC_OPEN && c->state != WC_HANDSHAKE)
		return;
	if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP))
		wc_on_read(w, c);
	if ((c->state == WC_OPEN || c->state == WC_HANDSHAKE) &&
	    (ev & EPOLLOUT))
		wc_flush(w, c);
}

int wc_broadcast(struct wsw *w, struct wconn *c, uint64_t due, uint64_t k)
{
	char *buf = w->rbuf; /* free between reads */
	size_t n = chat_broadcast(buf, due, c->index, k, w->cfg->size);

	if (fifo_push(c, due) < 0 || wc_frame(w, c, WSCODEC_TEXT, buf, n) < 0) {
		wc_close(w, c, ERR_WRITE);
		return -1;
	}
	wc_flush(w, c);
	return 0;
}

void wc_free(struct wconn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->carry);
	free(c->out);
	free(c->fifo);
}
