/*
 * session_ws.h - the WebSocket half of a session, inside the core.
 *
 * session.c answers GET /ws with 101 Switching Protocols and hands the
 * connection over with session_ws_start(); from then on the session is in
 * ST_WS and its calls (rbuf/received, wbuf/sent, want, deadline, free)
 * come here.  The model-facing functions (session_take_broadcast,
 * session_push, session_broadcast_done, session_is_subscriber) are
 * declared in session.h with the rest of the contract; this header is for
 * session.c alone.
 *
 * What a WebSocket session holds, allocated on upgrade and only as needed:
 *
 *   - the frame reader (ws.h) and the message being assembled, grown up to
 *     WS_MAX_MESSAGE plus room to rebuild a broadcast in place;
 *   - the output, a ring of SESSION_WS_BACKLOG bytes plus room for one
 *     close frame.  A ring because bytes offered by session_wbuf() must
 *     stay where they are until sent (libuv writes them asynchronously),
 *     while broadcasts keep arriving behind them: a flat buffer could only
 *     make room by moving them.  When the ring empties it starts over at
 *     its beginning, so a subscriber that keeps up touches only its first
 *     pages.
 */
#ifndef SESSION_WS_H
#define SESSION_WS_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"
#include "ws.h"

enum session_ws_phase {
	WS_OPEN,    /* messages flow both ways */
	WS_CLOSING, /* we sent a close: waiting for the peer's, data ignored */
	WS_CLOSED,  /* both closes done (or given up): flush, then close */
};

struct session_ws {
	struct ws_reader reader;
	enum session_ws_phase phase;
	int64_t close_by_ms; /* CLOSING, CLOSED: close the socket by then */
	/* The message being assembled; complete when msg_ready. */
	char *msg;
	size_t msg_len;
	size_t msg_cap;
	int msg_opcode;
	int msg_ready;
	/* A broadcast: 0 none, 1 built and waiting for the model, 2 taken. */
	int bcast;
	size_t bcast_len;	   /* the frame is msg[0..bcast_len) */
	const char *bcast_payload; /* X, inside msg, for broadcastResult */
	size_t bcast_payload_len;
	/* The output ring: out_len bytes from out_head, wrapping at the end. */
	char *out;
	size_t out_head;
	size_t out_len;
};

/*
 * Switches s to WebSocket mode; the 101 response is already in its output.
 * Bytes after the request head are frames, taken by the next
 * session_ws_process().  Returns 0, or -ENOMEM (s then wants to close).
 */
int session_ws_start(struct session *s);

void session_ws_free(struct session *s);

/* Takes frames from the input buffer as far as it can. */
void session_ws_process(struct session *s);

/* The ring's next contiguous bytes to send (after the HTTP output). */
const char *session_ws_wbuf(struct session *s, size_t *len);

void session_ws_sent(struct session *s, size_t n);

/* Bytes are waiting in the ring. */
int session_ws_pending(const struct session *s);

/* session_want() in ST_WS; http_pending: the HTTP output holds bytes. */
unsigned session_ws_want(const struct session *s, int http_pending);

/* session_deadline() in ST_WS. */
int64_t session_ws_deadline(const struct session *s);

/* GET /chat: the page, text/html, whose script chats over /ws. */
extern const char session_chat_page[];
extern const size_t session_chat_page_len;

#endif
