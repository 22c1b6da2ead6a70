/*
 * engine.h - the load generator's engine: one epoll loop per thread.
 *
 * Every thread owns its connections, its read buffer, its counters and its
 * two histograms; nothing is shared while the run is on.  main() reads
 * the threads' results after joining them and merges them into one
 * struct engine_result.
 */
#ifndef LOADGEN_ENGINE_H
#define LOADGEN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "hist.h"
#include "ws.h"

/* The kinds of error, in the order the JSON lists them. */
enum err_kind {
	ERR_CONNECT,  /* connect failed or timed out; idle conn lost */
	ERR_READ,     /* read failed, or the peer closed mid-response */
	ERR_WRITE,    /* write failed */
	ERR_TIMEOUT,  /* no complete response within --timeout */
	ERR_STATUS,   /* non-2xx status, or a response that does not parse */
	ERR_MISMATCH, /* echo bytes differ from what was sent */
	ERR_KINDS,
};

extern const char *const engine_err_names[ERR_KINDS];

struct engine_result {
	/* Responses completed inside the measured window. */
	uint64_t requests;
	uint64_t bytes_read;
	uint64_t bytes_written;
	/* Connects that succeeded, over the whole run. */
	uint64_t connections_opened;
	/* Idle connections still connected at the end. */
	uint64_t idle_connected;
	/* --idle-request: idle connections whose request was answered. */
	uint64_t idle_answered;
	/* Errors over the whole run, warmup included. */
	uint64_t errors[ERR_KINDS];
	uint64_t errors_total;
	/* Open loop: requests that were due but not sent by the end. */
	uint64_t backlog;
	/* Latency from the intended send time, and from the actual one. */
	struct hist latency;
	struct hist latency_raw;
	/* Length of the measured window. */
	double duration_s;
	/* CPU time of the worker threads inside the measured window. */
	double user_s;
	double sys_s;
	/* The busiest thread's CPU time over the window's length. */
	double max_thread_busy;
	/* ws:// only: the chat's own figures (ws.c). */
	struct ws_result ws;
};

/*
 * Runs the whole test: ramp, warmup, measured window.  Fills res (whose
 * histograms it initialises; free them with engine_result_free).
 * Returns 0 or -errno when the run could not start.
 */
int engine_run(const struct config *cfg, struct engine_result *res);

/*
 * Zeroes res and sets up its two latency histograms (a mode with more
 * sets those up itself).  Returns 0 or -ENOMEM.
 */
int engine_result_init(struct engine_result *res);

/* Adds the kinds of error up into res->errors_total. */
void engine_result_total(struct engine_result *res);

void engine_result_free(struct engine_result *res);

#endif
