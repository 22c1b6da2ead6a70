/*
 * ws.c - ws://HOST:PORT/PATH: the websocket-shootout chat as a load.
 *
 * How a run goes.  -c subscribers are opened at --ramp, each with the
 * WebSocket handshake, and held open.  The first --broadcasters of them
 * (spread over the threads) send {"type":"broadcast","payload":...} on an
 * open-loop schedule: broadcast k of the run is due at t0 + k / rate and
 * goes out from broadcaster k % P, whatever became of broadcast k - 1.
 * Every payload carries its due time, its sender, k and a check of the
 * three (t<due>s<sender>k<k>h<check>p, in hex), then --size bytes of a
 * pattern, so that:
 *
 *   - each receipt of a broadcast, by any subscriber, gives a delivery
 *     latency: receipt time minus due time.  Counting from the due time,
 *     not from the write, puts a stalled server (or a stalled sender) in
 *     the tail instead of quietly slowing the schedule down;
 *   - each broadcastResult gives the sender's round trip, due time to
 *     result: the websocket-shootout's own measure;
 *   - a corrupted byte anywhere in a payload fails the check or the
 *     pattern and is counted (mismatch), never recorded as a delivery.
 *
 * Deliveries are counted exactly: a broadcast due inside the measured
 * window must reach every subscriber connected when the window ends, so
 * after the window the threads stop sending and drain until every one of
 * those deliveries (and every broadcastResult) has come, or --timeout has
 * passed.  What never came is "missing".
 *
 * --step S is the shootout's figure: S subscribers more per step, up to
 * -c, and in each step -d of broadcasts; a step passes when the round
 * trip's p95 stays under 250 ms (results still missing at the end of the
 * drain count with the age they had then) with nothing lost.  The answer
 * is the largest passing step's subscriber count.
 *
 * Threads work as in engine.c, on the same harness (loop.h, net.h): one
 * epoll loop each, their own connections (connection i belongs to thread
 * i % threads), histograms and counters, nothing shared while running.
 * They meet at a barrier between phases (connected; window over; drained;
 * step judged), where a few shared numbers (the window's times, the
 * broadcasts sent) change hands.  The frames and the handshake are
 * wscodec.c's, the messages chat.c's; this file is the run.
 */
#include "ws.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"
#include "clock.h"
#include "config.h"
#include "engine.h"
#include "loop.h"
#include "net.h"
#include "ramp.h"
#include "wscodec.h"

#define WS_RBUF_SIZE (64 * 1024)
/* The largest server frame we take: a 64 KiB message, rebuilt, headed. */
#define WS_CARRY_MAX (80 * 1024)
/* A connection's unsent bytes, at most; past it a due broadcast waits. */
#define WS_OUT_CAP (1024 * 1024)
#define WS_SCAN_NS (100 * 1000 * 1000ull)

enum wc_state {
	WC_CLOSED,     /* not opened yet */
	WC_CONNECTING, /* connect() in progress */
	WC_HANDSHAKE,  /* request sent, waiting for 101 */
	WC_OPEN,
	WC_DEAD, /* lost: never reopened */
};

struct wconn {
	int fd;
	uint8_t state;
	bool want_out;
	uint32_t index; /* over all threads */
	uint64_t t_connect;
	/* Bytes of a frame (or of the handshake's answer) cut by a read. */
	char *carry;
	uint32_t carry_len;
	/* Unsent bytes: frames waiting for room in the socket. */
	char *out;
	size_t out_off;
	size_t out_len;
	size_t out_cap;
	/* A broadcaster: due times of its broadcasts awaiting a result. */
	uint64_t *fifo;
	uint32_t fifo_head;
	uint32_t fifo_len;
	uint32_t fifo_cap;
};

struct ws_shared {
	pthread_barrier_t barrier;
	uint32_t threads;
	/* Set by thread 0 between barriers; read by all after them. */
	uint32_t target; /* subscribers for this step */
	uint64_t t0;
	uint64_t measure_start;
	uint64_t end;
	uint64_t k0; /* the step's first broadcast number */
	bool stop;
	atomic_bool failed; /* a thread could not go on: stop after this step */
	/* Added up by every thread after its window. */
	atomic_uint_fast64_t sent;
	atomic_uint_fast64_t open;
};

struct wsw {
	const struct config *cfg;
	struct ws_shared *sh;
	struct engine_result *res;
	uint32_t id;
	struct loop loop;
	struct wconn *conns;
	uint32_t nconns;
	uint32_t nopen; /* connections that have opened, over the run */
	uint32_t nlive; /* connections open now */
	uint32_t next_open;
	struct ramp ramp;
	uint64_t next_scan;
	char *rbuf;
	char *req;
	size_t req_len;
	uint32_t rng;
	/* The schedule: the next broadcast number this thread owns. */
	uint64_t k;
	/* This step's counts. */
	uint64_t step_sent;
	uint64_t step_received;
	uint64_t step_results;
	uint64_t step_errors;
	struct hist step_rtt;
	/* The whole run's. */
	uint64_t sent;
	uint64_t received;
	uint64_t results;
	uint64_t backlog;
	uint64_t bytes_read;
	uint64_t bytes_written;
	uint64_t errors[ERR_KINDS];
	struct hist lat;
	struct hist rtt;
	/* CPU inside the measured windows, and the windows' length. */
	struct clock_cpu cpu;
	uint64_t window_ns;
	int rc;
};

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void wc_error(struct wsw *w, enum err_kind kind)
{
	w->errors[kind]++;
	w->step_errors++;
}

/* When broadcast k is due. */
static uint64_t ws_due(const struct wsw *w, uint64_t k)
{
	return w->sh->t0 +
	       (uint64_t)((long double)(k - w->sh->k0) * 1e9L / w->cfg->rate);
}

/* Whether this thread sends broadcast k: its broadcaster is ours. */
static bool ws_owns(const struct wsw *w, uint64_t k)
{
	return (k % w->cfg->broadcasters) % w->cfg->threads == w->id;
}

static void ws_next_k(struct wsw *w)
{
	/* Owned numbers are at most 2 * threads apart; none if id >= P. */
	if (w->id >= w->cfg->broadcasters) {
		w->k = UINT64_MAX;
		return;
	}
	do
		w->k++;
	while (!ws_owns(w, w->k));
}

static void wc_close(struct wsw *w, struct wconn *c, int kind)
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

static bool in_window(const struct wsw *w, uint64_t due)
{
	return due >= w->sh->measure_start && due < w->sh->end;
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
		if (in_window(w, m.due)) {
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
	if (in_window(w, m.due)) {
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

static void wc_connect(struct wsw *w, struct wconn *c, uint64_t now)
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

static void wc_on_event(struct wsw *w, struct wconn *c, uint32_t ev)
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

/* Sends every broadcast of ours that is due by now (and before end). */
static void ws_send_due(struct wsw *w, uint64_t now)
{
	const struct config *cfg = w->cfg;
	char *buf = w->rbuf; /* free between reads */
	struct wconn *c;
	uint64_t due;
	uint32_t b;
	size_t n;

	while (w->k != UINT64_MAX && (due = ws_due(w, w->k)) <= now &&
	       due < w->sh->end) {
		b = (uint32_t)(w->k % cfg->broadcasters);
		c = &w->conns[b / cfg->threads];
		if (c->state != WC_OPEN || c->out_len > WS_OUT_CAP) {
			w->backlog++; /* its sender is gone, or stuck */
			ws_next_k(w);
			continue;
		}
		n = chat_broadcast(buf, due, c->index, w->k, cfg->size);
		if (fifo_push(c, due) < 0 ||
		    wc_frame(w, c, WSCODEC_TEXT, buf, n) < 0) {
			wc_close(w, c, ERR_WRITE);
			ws_next_k(w);
			continue;
		}
		if (in_window(w, due)) {
			w->step_sent++;
			w->sent++;
		}
		ws_next_k(w);
		wc_flush(w, c);
	}
}

/* Opens queued connections as fast as the ramp allows. */
static void ws_ramp(struct wsw *w, uint32_t target, uint64_t now)
{
	ramp_fill(&w->ramp, now);
	while (w->next_open < target && ramp_take(&w->ramp))
		wc_connect(w, &w->conns[w->next_open++], now);
}

/* Connects and handshakes that take longer than --connect-timeout fail. */
static void ws_scan(struct wsw *w, uint64_t now)
{
	struct wconn *c;
	uint32_t i;

	for (i = 0; i < w->next_open; i++) {
		c = &w->conns[i];
		if ((c->state == WC_CONNECTING || c->state == WC_HANDSHAKE) &&
		    now - c->t_connect > w->cfg->connect_timeout_ns)
			wc_close(w, c, ERR_CONNECT);
	}
}

/* Waits for events until deadline; returns -1 on a failing wait. */
static int ws_poll(struct wsw *w, uint64_t deadline)
{
	struct epoll_event evs[LOOP_MAX_EVENTS];
	uint64_t now = clock_now_ns();
	int n, i;

	n = loop_wait(&w->loop, evs, now, deadline);
	if (n < 0) {
		w->rc = n;
		return -1;
	}
	for (i = 0; i < n; i++)
		wc_on_event(w, evs[i].data.ptr, evs[i].events);
	now = clock_now_ns();
	if (now >= w->next_scan) {
		ws_scan(w, now);
		w->next_scan = now + WS_SCAN_NS;
	}
	return 0;
}

/* This thread's share of the first target subscribers. */
static uint32_t ws_share(const struct wsw *w, uint32_t target)
{
	uint32_t t = w->cfg->threads;

	return target > w->id ? (target - w->id + t - 1) / t : 0;
}

/* Opens this thread's share of the step's subscribers. */
static int ws_connect_phase(struct wsw *w)
{
	uint32_t target = ws_share(w, w->sh->target), i;
	uint64_t now = clock_now_ns(), wait;
	bool pending;

	ramp_start(&w->ramp, now);
	for (;;) {
		ws_ramp(w, target, now);
		pending = w->next_open < target;
		for (i = 0; i < w->next_open && !pending; i++)
			pending = w->conns[i].state == WC_CONNECTING ||
				  w->conns[i].state == WC_HANDSHAKE;
		if (!pending)
			return 0;
		wait =
		    w->next_open < target ? ramp_wait_ns(&w->ramp) : WS_SCAN_NS;
		if (ws_poll(w, now + (wait < WS_SCAN_NS ? wait : WS_SCAN_NS)) <
		    0)
			return -1;
		now = clock_now_ns();
	}
}

/* Sends on schedule until the window ends. */
static int ws_run_phase(struct wsw *w)
{
	uint64_t now = clock_now_ns(), deadline;
	struct clock_cpu cpu0, cpu1;
	bool measuring = false;

	/* The first number this thread owns (k0 - 1 + 1 wraps to 0). */
	w->k = w->sh->k0 - 1;
	ws_next_k(w);
	while (now < w->sh->end) {
		if (!measuring && now >= w->sh->measure_start) {
			measuring = true;
			clock_cpu_read(&cpu0);
		}
		ws_send_due(w, now);
		deadline = w->sh->end;
		if (!measuring && w->sh->measure_start < deadline)
			deadline = w->sh->measure_start;
		if (w->k != UINT64_MAX && ws_due(w, w->k) < deadline)
			deadline = ws_due(w, w->k);
		if (ws_poll(w, deadline) < 0)
			return -1;
		now = clock_now_ns();
	}
	/* Broadcasts due just before the end, if the last wake-up was late. */
	ws_send_due(w, w->sh->end - 1);
	if (measuring) {
		clock_cpu_read(&cpu1);
		clock_cpu_add(&w->cpu, &cpu0, &cpu1);
		w->window_ns += w->sh->end - w->sh->measure_start;
	}
	return 0;
}

/* My broadcasts of the window still waiting for their result. */
static uint64_t ws_pending_results(const struct wsw *w)
{
	return w->step_sent > w->step_results ? w->step_sent - w->step_results
					      : 0;
}

/*
 * Reads until every delivery and result of the window has come, or
 * --timeout after the window.  m: broadcasts sent in the window by all.
 */
static int ws_drain_phase(struct wsw *w, uint64_t m)
{
	uint64_t limit = w->sh->end + w->cfg->timeout_ns;
	uint64_t now = clock_now_ns();

	while (now < limit) {
		if (w->step_received >= m * w->nlive &&
		    ws_pending_results(w) == 0)
			break;
		if (ws_poll(w, now + WS_SCAN_NS < limit ? now + WS_SCAN_NS
							: limit) < 0)
			return -1;
		now = clock_now_ns();
	}
	return 0;
}

/*
 * Results still missing after the drain: their age so far is a lower
 * bound of their round trip, which is what the step's p95 gets.
 */
static uint64_t ws_late_results(struct wsw *w, uint64_t now)
{
	uint64_t late = 0, due;
	uint32_t i, j;

	for (i = 0; i < w->next_open; i++) {
		struct wconn *c = &w->conns[i];

		for (j = 0; j < c->fifo_len; j++) {
			due = c->fifo[(c->fifo_head + j) % c->fifo_cap];
			if (in_window(w, due)) {
				hist_record(&w->step_rtt, now - due);
				late++;
			}
		}
	}
	return late;
}

static void ws_wait(struct wsw *w)
{
	pthread_barrier_wait(&w->sh->barrier);
}

/* Thread 0, between barriers: the next window's times. */
static void ws_plan_window(struct wsw *w, bool first)
{
	struct ws_shared *sh = w->sh;
	uint64_t now = clock_now_ns();

	/* Numbers keep counting up from step to step, so none is reused. */
	sh->k0 = first ? 0 : sh->k0 + 1000000000ull;
	sh->t0 = now + 1000000; /* a millisecond: every thread is back */
	sh->measure_start = sh->t0 + (first ? w->cfg->warmup_ns : 0);
	sh->end = sh->measure_start + w->cfg->duration_ns;
	atomic_store(&sh->sent, 0);
	atomic_store(&sh->open, 0);
}

/* Thread 0, after a step's drain: judge it and plan the next. */
static void ws_judge_step(struct wsw *ws, uint32_t nthreads, uint64_t m,
			  uint64_t open)
{
	struct ws_shared *sh = ws->sh;
	struct ws_result *r = &ws->res->ws;
	struct ws_step *st;
	struct hist h;
	uint64_t received = 0, errors = 0, expected = m * open;
	uint32_t t;

	if (hist_init(&h) < 0) {
		sh->stop = true;
		return;
	}
	for (t = 0; t < nthreads; t++) {
		hist_merge(&h, &ws[t].step_rtt);
		received += ws[t].step_received;
		errors += ws[t].step_errors;
	}
	if (r->nsteps < WS_MAX_STEPS) {
		st = &r->steps[r->nsteps++];
		st->clients = (uint32_t)open;
		st->broadcasts = m;
		st->deliveries = received;
		st->missing = expected > received ? expected - received : 0;
		st->rtt_p95_ns = hist_percentile(&h, 95);
		st->rtt_p99_ns = hist_percentile(&h, 99);
		st->ok = h.total > 0 && st->rtt_p95_ns < WS_STEP_LIMIT_NS &&
			 st->missing == 0 && errors == 0 && open == sh->target;
		if (st->ok)
			r->max_clients = st->clients;
		sh->stop = !st->ok || sh->target >= ws->cfg->connections;
	} else {
		sh->stop = true;
	}
	hist_free(&h);
	if (!sh->stop) {
		sh->target += ws->cfg->step;
		if (sh->target > ws->cfg->connections)
			sh->target = ws->cfg->connections;
	}
}

static void ws_thread(void *arg)
{
	struct wsw *w = arg, *all = w - w->id;
	struct ws_shared *sh = w->sh;
	uint64_t m, open;
	bool first = true;

	w->next_scan = clock_now_ns() + WS_SCAN_NS;
	for (;;) {
		if (ws_connect_phase(w) < 0)
			atomic_store(&sh->failed, true);
		ws_wait(w);
		if (w->id == 0)
			ws_plan_window(w, first);
		ws_wait(w);
		first = false;
		w->step_sent = w->step_received = w->step_results = 0;
		w->step_errors = 0;
		hist_reset(&w->step_rtt);
		if (ws_run_phase(w) < 0)
			atomic_store(&sh->failed, true);
		atomic_fetch_add(&sh->sent, w->step_sent);
		atomic_fetch_add(&sh->open, w->nlive);
		ws_wait(w);
		m = atomic_load(&sh->sent);
		open = atomic_load(&sh->open);
		if (ws_drain_phase(w, m) < 0)
			atomic_store(&sh->failed, true);
		if (w->cfg->step)
			ws_late_results(w, clock_now_ns());
		else
			w->errors[ERR_TIMEOUT] += ws_pending_results(w);
		ws_wait(w);
		if (w->id == 0) {
			struct ws_result *r = &w->res->ws;

			r->broadcasts += m;
			r->expected += m * open;
			r->subscribers = (uint32_t)open;
			if (w->cfg->step)
				ws_judge_step(all, sh->threads, m, open);
			else
				sh->stop = true;
		}
		ws_wait(w);
		if (sh->stop || atomic_load(&sh->failed))
			break;
	}
}

static int ws_thread_init(struct wsw *w, const struct config *cfg,
			  struct ws_shared *sh, struct engine_result *res,
			  uint32_t id)
{
	size_t req_cap = 512 + strlen(cfg->path) + strlen(cfg->host);
	uint32_t i;
	int n, rc;

	memset(w, 0, sizeof(*w));
	w->cfg = cfg;
	w->sh = sh;
	w->res = res;
	w->id = id;
	w->loop.epfd = -1;
	w->rng = 2463534242u + id * 7919u;
	w->nconns = ws_share(w, cfg->connections);
	ramp_init(&w->ramp, cfg->ramp / cfg->threads);
	if ((rc = hist_init(&w->lat)) < 0 || (rc = hist_init(&w->rtt)) < 0 ||
	    (rc = hist_init(&w->step_rtt)) < 0)
		return rc;
	w->conns = calloc(w->nconns ? w->nconns : 1, sizeof(*w->conns));
	w->rbuf = malloc(WS_CARRY_MAX + WS_RBUF_SIZE);
	w->req = malloc(req_cap);
	if (!w->conns || !w->rbuf || !w->req)
		return -ENOMEM;
	n = wscodec_request(w->req, req_cap, cfg->path, cfg->host, cfg->port);
	if (n < 0)
		return -EINVAL;
	w->req_len = (size_t)n;
	for (i = 0; i < w->nconns; i++) {
		w->conns[i].fd = -1;
		w->conns[i].index = i * cfg->threads + id;
	}
	return loop_init(&w->loop);
}

static void ws_thread_free(struct wsw *w)
{
	uint32_t i;

	if (!w->cfg)
		return;
	for (i = 0; w->conns && i < w->nconns; i++) {
		if (w->conns[i].fd >= 0)
			close(w->conns[i].fd);
		free(w->conns[i].carry);
		free(w->conns[i].out);
		free(w->conns[i].fifo);
	}
	loop_free(&w->loop);
	free(w->conns);
	free(w->rbuf);
	free(w->req);
	hist_free(&w->lat);
	hist_free(&w->rtt);
	hist_free(&w->step_rtt);
}

int ws_run(const struct config *cfg, struct engine_result *res)
{
	struct ws_shared sh;
	struct wsw *ws;
	uint32_t t;
	double window_s = 0;
	int rc, k;

	if ((rc = engine_result_init(res)) < 0 ||
	    (rc = hist_init(&res->ws.rtt)) < 0)
		return rc;
	memset(&sh, 0, sizeof(sh));
	sh.threads = cfg->threads;
	sh.target = cfg->step ? cfg->step : cfg->connections;
	ws = calloc(cfg->threads, sizeof(*ws));
	if (!ws)
		return -ENOMEM;
	for (t = 0; t < cfg->threads; t++) {
		rc = ws_thread_init(&ws[t], cfg, &sh, res, t);
		if (rc < 0)
			goto out;
	}
	/*
	 * The barrier counts on every thread: loop_threads starts all of
	 * them or none.
	 */
	pthread_barrier_init(&sh.barrier, NULL, cfg->threads);
	rc = loop_threads(cfg->threads, ws_thread, ws, sizeof(*ws));
	pthread_barrier_destroy(&sh.barrier);
	if (rc < 0)
		goto out;
	for (t = 0; t < cfg->threads; t++) {
		struct wsw *w = &ws[t];
		double busy;

		if (w->rc < 0 && rc == 0)
			rc = w->rc;
		res->requests += w->received;
		res->bytes_read += w->bytes_read;
		res->bytes_written += w->bytes_written;
		res->connections_opened += w->nopen;
		res->backlog += w->backlog;
		for (k = 0; k < ERR_KINDS; k++)
			res->errors[k] += w->errors[k];
		hist_merge(&res->latency, &w->lat);
		hist_merge(&res->latency_raw, &w->lat);
		hist_merge(&res->ws.rtt, &w->rtt);
		res->ws.deliveries += w->received;
		res->ws.results += w->results;
		res->user_s += w->cpu.user_s;
		res->sys_s += w->cpu.sys_s;
		busy = w->window_ns
			   ? (double)w->cpu.thread_ns / (double)w->window_ns
			   : 0;
		if (busy > res->max_thread_busy)
			res->max_thread_busy = busy;
		if (t == 0)
			window_s = (double)w->window_ns / 1e9;
	}
	res->ws.missing = res->ws.expected > res->ws.deliveries
			      ? res->ws.expected - res->ws.deliveries
			      : 0;
	/* More deliveries than broadcasts times subscribers: duplicates. */
	if (res->ws.deliveries > res->ws.expected)
		res->errors[ERR_MISMATCH] +=
		    res->ws.deliveries - res->ws.expected;
	engine_result_total(res);
	res->duration_s = window_s;
out:
	for (t = 0; t < cfg->threads; t++)
		ws_thread_free(&ws[t]);
	free(ws);
	return rc;
}
