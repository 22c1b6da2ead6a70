/*
 * ws_conn.h - inside the ws:// mode: a thread's state and its subscriber
 * connections, shared by ws.c (the run: schedule, phases, threads) and
 * ws_conn.c (one connection: connect, handshake, frames, messages).
 *
 * Nothing here is shared between threads but struct ws_shared, which is
 * touched only between barriers (and its atomics once per window).
 */
#ifndef LOADGEN_WS_CONN_H
#define LOADGEN_WS_CONN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "engine.h"
#include "hist.h"
#include "loop.h"
#include "ramp.h"

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

/* Whether broadcast due time due falls in the measured window. */
static inline bool ws_in_window(const struct wsw *w, uint64_t due)
{
	return due >= w->sh->measure_start && due < w->sh->end;
}

/* Counts an error of this kind for the run and for the step. */
void wc_error(struct wsw *w, enum err_kind kind);

/* Closes c for good, counting kind (-1: none). */
void wc_close(struct wsw *w, struct wconn *c, int kind);

/* Starts c's connect; the handshake follows when it completes. */
void wc_connect(struct wsw *w, struct wconn *c, uint64_t now);

/* Handles the loop's events ev for c. */
void wc_on_event(struct wsw *w, struct wconn *c, uint32_t ev);

/*
 * Queues broadcast k, due at due, on c and writes what the socket takes.
 * Returns 0, or -1 when it could not be queued and c was closed.
 */
int wc_broadcast(struct wsw *w, struct wconn *c, uint64_t due, uint64_t k);

/* Closes c's socket and frees its buffers. */
void wc_free(struct wconn *c);

#endif
