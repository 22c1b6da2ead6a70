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
 * Closing after an error: a lingering close.  When the session closes the
 * connection while the client may still be sending (after a 400, 413,
 * 414, 431, 501, or with unread pipelined input), a plain close() with
 * unread bytes makes the kernel send a reset, and the reset can destroy
 * the error response before the client reads it.  So, once the last
 * response is sent, the session lingers: session_shut_wr_due() says so,
 * the model shuts down the write side (shutdown(SHUT_WR): the client sees
 * the response, then end of file) and tells session_shut_wr_done(); the
 * session keeps wanting to read, throws away what comes, and wants to
 * close on the client's end of file, after SESSION_LINGER_MAX bytes, or at
 * its deadline (SESSION_LINGER_MS later; session_deadline() says when).
 * Models that write through net_write() get all of this for free: it
 * makes the call below after every write.  A model that writes by itself
 * (libuv's uv_try_write, io_uring submissions, a blocking write) adds one
 * call wherever its writes have gone out and nothing is in flight:
 *
 *	net_shut_wr(fd, &c->session);	(net.h)
 *
 * A model that forgets it still closes within SESSION_LINGER_MS, but its
 * clients wait for that instead of reading end of file at once.
 *
 * The database (GET /db, /queries, /fortunes, /updates, /dbsleep; db.h):
 * handed out like a /delay.  The session chooses everything the request
 * needs (kind, row count, random ids, the updates' new numbers), stops
 * taking input, and session_want() says WANT_DB; session_take_db()
 * hands the model the struct db_req, once.  The model runs it its own
 * way (a thread blocks on a pooled connection, an event loop pipelines it
 * on a non-blocking one), sets req->failed if it could not, and calls
 * session_db_done(): the session renders the rows (JSON, or the fortunes'
 * HTML table, sorted and escaped) or answers 503, and goes on with any
 * pipelined requests.  The request stays the session's: the model must
 * not free it, and must not free the session while the request is out
 * (mark the connection closed and free it when the request comes back,
 * as with an offloaded /delay).  Without a database (no --db, no
 * DATABASE_URL) the session answers 503 itself and the model never sees
 * WANT_DB.
 *
 * WebSocket and broadcast (GET /ws, the chat; served only by models whose
 * about lists PROTOCOL_WS).  After the 101 answer the session speaks RFC
 * 6455 and the websocket-shootout JSON protocol (session_ws.c), and
 * session_is_subscriber() turns true: from then on the model counts the
 * connection among the subscribers that get every broadcast, until it
 * closes.  An echo is the session's own business.  A broadcast crosses
 * connections, so the model carries it, in the way a /delay is handed
 * out: the session stops taking input, session_want() says
 * WANT_BROADCAST, and session_take_broadcast() hands the model the
 * finished frame, once.  The model calls
 * session_push(sub, frame, len) for every subscriber (the sender
 * included), then session_broadcast_done(sender), which answers the
 * sender with its broadcastResult and goes on with the input.
 *
 * session_push() never blocks and never waits for the subscriber: it
 * appends the frame to the subscriber's output when its backlog stays
 * within SESSION_WS_BACKLOG, and otherwise drops it and closes that
 * subscriber with 1008 (its close frame goes out if it reads again within
 * SESSION_WS_CLOSE_MS; then the connection is closed regardless).  So one
 * subscriber that stops reading slows nobody else.  It returns 1 when what
 * the subscriber waits for changed (it had nothing to send before, or it
 * is now closing): an event loop re-arms it, a thread-per-connection model
 * wakes its thread.  A session is only ever touched by one thread at a
 * time: a threaded model holds the subscriber's own lock around
 * session_push() as around every other call on it, and the frame stays
 * valid and unchanged until session_broadcast_done(sender), whatever is
 * pushed into the sender meanwhile.  A WebSocket has no idle timeout (a
 * chat client may stay quiet for hours); once a close is sent, the close
 * handshake has SESSION_WS_CLOSE_MS to finish.
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
/* Lingering close: how long, and how many bytes, to drain at most. */
#define SESSION_LINGER_MS  (2000)
#define SESSION_LINGER_MAX (64 * 1024)
/* A WebSocket subscriber's output backlog, at most; more: close 1008. */
#define SESSION_WS_BACKLOG (256 * 1024)
/* The close handshake's time limit, once a close frame is sent. */
#define SESSION_WS_CLOSE_MS (2000)

enum session_want {
	WANT_READ = 1 << 0,  /* give me bytes: session_rbuf, session_received */
	WANT_WRITE = 1 << 1, /* send my bytes: session_wbuf, session_sent */
	WANT_TIMER = 1 << 2, /* a /delay is pending: no reading meanwhile */
	WANT_CLOSE = 1 << 3, /* done: close the connection now */
	WANT_BROADCAST = 1 << 4, /* session_take_broadcast has one (ST_WS) */
	WANT_DB = 1 << 5,	 /* a database request is pending: no reading */
};

enum session_state {
	ST_HEAD,    /* reading a request head (or echo bytes) */
	ST_BODY,    /* streaming a POST /echo body back out */
	ST_DELAY,   /* waiting for the model's timer */
	ST_BYTES,   /* streaming a /bytes body from the pattern */
	ST_CLOSING, /* sending the last response, then closing */
	ST_LINGER,  /* last response sent: drain the input, then close */
	ST_WS,	    /* a WebSocket, after GET /ws (session_ws.c) */
	ST_DB,	    /* waiting for the model to run a database request */
};

struct db_req;

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
	uint64_t discard_left;	 /* a body nobody takes: bytes to skip */
	uint64_t pattern_left;	 /* ST_BYTES: response body bytes to go */
	unsigned pattern_pos;	 /* ST_BYTES: where in the pattern we are */
	long delay_ms;		 /* ST_DELAY: how long, or -1 once handed out */
	int keep_alive;		 /* of the request being answered */
	int minor_version;	 /* of the request being answered */
	int head_only;		 /* it is a HEAD: GET's head, no body */
	int read_eof;		 /* the peer sent FIN */
	int failed;		 /* out of memory: close at once */
	int linger;		 /* ST_CLOSING: linger once the output is out */
	int shut_wr;		 /* ST_LINGER: the model shut the write side */
	size_t drained;		 /* ST_LINGER: bytes thrown away so far */
	int64_t linger_until_ms; /* ST_LINGER: close at the latest then */
	int64_t head_start_ms;	 /* when the first byte of this head came */
	int64_t last_io_ms;	 /* when bytes last moved either way */
	struct session_ws *ws;	 /* ST_WS: the WebSocket's state */
	const char *page_end;	 /* ST_BYTES: the end of a constant page
				    (/chat) or of a rendered database
				    answer, streamed instead of the pattern */
	struct db_req *db;	 /* the database request, kept for reuse */
	int db_handed;		 /* ST_DB: session_take_db() gave it out */
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
 * header deadline while a request head is incomplete, the end of the
 * lingering close while lingering, the idle deadline otherwise, and
 * INT64_MAX while a /delay timer or a database request is pending.
 */
int64_t session_deadline(const struct session *s);

/*
 * Nonzero when the model should shut down the write side now (lingering
 * close, above): every response is sent and the session only drains.  It
 * stays nonzero until session_shut_wr_done().  net_shut_wr() (net.h)
 * makes both calls.
 */
int session_shut_wr_due(const struct session *s);

/* The model has shut down the write side (or tried: it need not succeed). */
void session_shut_wr_done(struct session *s);

/*
 * The session speaks WebSocket and takes broadcasts: the model adds it to
 * its subscribers the first time this is true, and removes it when it
 * closes the connection.  It turns false again once the session is
 * closing; pushes to it are then dropped.
 */
int session_is_subscriber(const struct session *s);

/*
 * When a broadcast is waiting to be delivered and was not handed out yet:
 * returns its frame (ready to send as it is) and *len, and marks it handed
 * out.  Otherwise returns NULL.  The frame stays valid until
 * session_broadcast_done(s).
 */
const void *session_take_broadcast(struct session *s, size_t *len);

/*
 * Delivers a broadcast frame to subscriber s: appends it to s's output, or
 * drops it and closes s with 1008 when s's backlog would pass
 * SESSION_WS_BACKLOG.  Never blocks.  Returns 1 when the model must
 * re-arm s or wake its thread (it had nothing to send before, or it is now
 * closing), 0 otherwise (also when s is no subscriber).
 */
int session_push(struct session *s, const void *frame, size_t len);

/*
 * The model has pushed the frame session_take_broadcast() handed out to
 * every subscriber: s (the sender) gets its broadcastResult and goes on
 * with its input (which may hand out the next broadcast).
 */
void session_broadcast_done(struct session *s);

/*
 * When a database request is pending and was not handed out yet: returns
 * it and marks it handed out.  Otherwise returns NULL.  It stays valid
 * (and the session's) until session_db_done().
 */
struct db_req *session_take_db(struct session *s);

/*
 * The model has run the request session_take_db() handed out (or failed
 * to: req->failed): answer it (200 with the rendered rows, or 503), go on
 * with input.
 */
void session_db_done(struct session *s);

#endif
