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
 *
 * This file is the thread's loop and the run; one connection's state
 * machine is engine_conn.c, the epoll loop and the threads' start loop.c,
 * sockets net.c.  The ws:// mode (ws.c) runs on the same three.
 */
#include "engine.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_conn.h"
#include "resp.h"

const char *const engine_err_names[ERR_KINDS] = {
    "connect", "read", "write", "timeout", "status", "mismatch",
};

/* When request k of thread w is due, on the run's global schedule. */
static uint64_t sched_due(const struct worker *w, uint64_t k)
{
	long double global_k = (long double)k * w->cfg->threads + w->id;

	return w->t0 + (uint64_t)(global_k * 1e9L / w->cfg->rate);
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
			conn_avail_push(w, c);
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
			conn_avail_push(w, c);
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
			conn_on_event(w, evs[i].data.ptr, evs[i].events);
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
		conn_openq_push(w, c);
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
