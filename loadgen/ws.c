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
 * broadcasts sent) change hands.  This file is the run; one connection
 * is ws_conn.c, its frames and handshake wscodec.c, its messages chat.c.
 */
#include "ws.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wscodec.h"
#include "ws_conn.h"

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

/* Sends every broadcast of ours that is due by now (and before end). */
static void ws_send_due(struct wsw *w, uint64_t now)
{
	const struct config *cfg = w->cfg;
	struct wconn *c;
	uint64_t due;
	uint32_t b;

	while (w->k != UINT64_MAX && (due = ws_due(w, w->k)) <= now &&
	       due < w->sh->end) {
		b = (uint32_t)(w->k % cfg->broadcasters);
		c = &w->conns[b / cfg->threads];
		if (c->state != WC_OPEN || c->out_len > WS_OUT_CAP) {
			w->backlog++; /* its sender is gone, or stuck */
			ws_next_k(w);
			continue;
		}
		if (wc_broadcast(w, c, due, w->k) == 0 &&
		    ws_in_window(w, due)) {
			w->step_sent++;
			w->sent++;
		}
		ws_next_k(w);
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
			if (ws_in_window(w, due)) {
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
	for (i = 0; w->conns && i < w->nconns; i++)
		wc_free(&w->conns[i]);
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
