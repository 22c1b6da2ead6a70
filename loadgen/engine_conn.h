/*
 * engine_conn.h - inside the HTTP and echo modes: a thread's state and
 * its connections, shared by engine.c (the thread's loop, the ramp, the
 * open-loop schedule, the run) and engine_conn.c (one connection's state
 * machine: connect, write the queued requests, read and check the
 * answers).
 *
 * A struct worker and its connections belong to one thread; nothing in
 * them is read by another until the threads are joined.
 */
#ifndef LOADGEN_ENGINE_CONN_H
#define LOADGEN_ENGINE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "engine.h"
#include "hist.h"
#include "loop.h"
#include "ramp.h"

#define ENGINE_RBUF_SIZE (64 * 1024)
/*
 * Echo messages are cut from a pattern that repeats every 251 bytes (a
 * prime), starting where the connection's byte stream stands, so a byte
 * that is lost, doubled or moved shows up unless it moves by a multiple
 * of 251.
 */
#define ENGINE_PATTERN_PERIOD (251)

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

/* Queues c to be (re)opened at the ramp's pace; once only. */
void conn_openq_push(struct worker *w, struct conn *c);

/* True when the open loop could put one more request on c right now. */
bool conn_has_room(const struct worker *w, const struct conn *c);

/* Open loop: offers c for the next due request if it has room. */
void conn_avail_push(struct worker *w, struct conn *c);

/* Queues one request on c, due at due, handed over at now. */
void conn_queue(struct worker *w, struct conn *c, uint64_t due, uint64_t now);

/*
 * Closes c, counting kind (-1: an orderly close), and decides what
 * becomes of it: reopened at once, queued for the ramp, or left.
 */
void conn_close(struct worker *w, struct conn *c, int kind, uint64_t now);

/* Starts c's non-blocking connect (a failure closes and counts it). */
void conn_connect(struct worker *w, struct conn *c, uint64_t now);

/* Writes every queued, unsent request on c; now is the caller's clock. */
void conn_flush(struct worker *w, struct conn *c, uint64_t now);

/* Handles the loop's events ev for c. */
void conn_on_event(struct worker *w, struct conn *c, uint32_t ev);

#endif
