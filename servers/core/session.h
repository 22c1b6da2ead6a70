/*
 * session.h - one connection's protocol state: bytes in, bytes out.
 *
 * A session never touches a socket.  The server model reads from the socket
 * into session_rbuf() and reports the count with session_received(); it asks
 * session_wbuf() what to send and reports what went out with session_sent().
 * After every call it asks session_want() what the connection waits for
 * next and turns that into its own way of waiting: FD_SET, EPOLL_CTL_MOD,
 * uv_read_start, ev_io_set, or simply the next blocking read() or write() in
 * a thread.  That is the whole interface between the protocol and a model,
 * so every server file differs only in how it waits.
 *
 * A /delay request cannot be answered at once.  The session then stops
 * processing input and session_take_timer() hands the model the number of
 * milliseconds to wait, once: a thread sleeps, an event loop arms a timer,
 * an event loop with --blocking sleeps inline (on purpose).  When the wait
 * is over the model calls session_timer_fired() and the session answers and
 * goes on with any pipelined requests.
 *
 * Memory is bounded: the input buffer holds at most SESSION_IN_CAP bytes
 * and the output buffer SESSION_OUT_CAP.  When the output is full the
 * session stops consuming input and, once the input buffer is full too,
 * stops wanting to read: a client that sends and never reads is left to the
 * kernel's socket buffers.  Large bodies (/bytes) are streamed from a
 * constant pattern, never built in memory.  The buffers are allocated on
 * first use, so an idle connection that never sent anything costs only
 * sizeof(struct session).
 */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "stats.h"

#define SESSION_IN_CAP	(16 * 1024)
#define SESSION_OUT_CAP (16 * 1024)
#define HTTP_MAX_BODY	(1024 * 1024)

enum session_want {
	WANT_READ = 1 << 0,  /* give me bytes: session_rbuf, session_received */
	WANT_WRITE = 1 << 1, /* send my bytes: session_wbuf, session_sent */
	WANT_TIMER = 1 << 2, /* a /delay is pending: no reading meanwhile */
	WANT_CLOSE = 1 << 3, /* done: close the connection now */
};

enum session_state {
	ST_HEAD,    /* reading a request head (or echo bytes) */
	ST_BODY,    /* streaming a POST /echo body back out */
	ST_DELAY,   /* waiting for the model's timer */
	ST_BYTES,   /* streaming a /bytes body from the pattern */
	ST_CLOSING, /* sending the last response, then closing */
};

struct session {
	const struct config *cfg;
	struct stats *stats;
	enum session_state state;
	char *in;	    /* input buffer, SESSION_IN_CAP bytes, or NULL */
	size_t in_off;	    /* first byte of `in` not yet consumed */
	size_t in_len;	    /* end of the bytes buffered in `in` */
	char *out;	    /* output buffer, SESSION_OUT_CAP bytes, or NULL */
	size_t out_off;	    /* first byte of `out` not yet sent */
	size_t out_len;	    /* end of the bytes in `out` */
	uint64_t body_left; /* ST_BODY: request body bytes to go */
	uint64_t pattern_left; /* ST_BYTES: response body bytes to go */
	unsigned pattern_pos;  /* ST_BYTES: where in the pattern we are */
	long delay_ms;	       /* ST_DELAY: how long, or -1 once handed out */
	int keep_alive;	       /* of the request being answered */
	int minor_version;     /* of the request being answered */
	int read_eof;	       /* the peer sent FIN */
	int failed;	       /* out of memory: close at once */
	int64_t head_start_ms; /* when the first byte of this head came */
	int64_t last_io_ms;    /* when bytes last moved either way */
};

/* Starts a session for a connection just accepted. */
void session_init(struct session *s, const struct config *cfg,
		  struct stats *stats);

/* Frees the buffers.  The model closes the socket itself. */
void session_free(struct session *s);

/*
 * Where to read into, and *room how many bytes fit.  *room is 0 (and the
 * result NULL) when the session does not want input now.  Allocates the
 * input buffer on first use; returns NULL with *room 0 if that fails, and
 * the session then wants to close.
 */
char *session_rbuf(struct session *s, size_t *room);

/*
 * The model read n bytes into session_rbuf(); n == 0 means end of file.
 * Parses and answers as many complete requests as fit in the output buffer.
 */
void session_received(struct session *s, size_t n);

/*
 * The next bytes to send and *len their count (NULL and 0: nothing to
 * send).  The bytes stay where they are until session_sent() reports them
 * sent, whatever else the session is given meanwhile, so a model may hand
 * them to an asynchronous write (uv_write) and keep reading.
 */
const char *session_wbuf(struct session *s, size_t *len);

/* The model sent n of the bytes session_wbuf() offered. */
void session_sent(struct session *s, size_t n);

/* What the connection waits for now: a mix of enum session_want. */
unsigned session_want(const struct session *s);

/*
 * When a /delay is pending and has not been handed out yet: returns its
 * milliseconds (>= 0) and marks it handed out.  Otherwise returns -1.
 */
long session_take_timer(struct session *s);

/* The model's wait for the /delay is over: answer it, go on with input. */
void session_timer_fired(struct session *s);

/*
 * The monotonic time in ms at which this connection must be closed: the
 * header deadline while a request head is incomplete, the idle deadline
 * otherwise, and INT64_MAX while a /delay timer is pending.
 */
int64_t session_deadline(const struct session *s);

#endif
