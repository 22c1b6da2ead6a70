/*
 * ws.h - WebSocket (RFC 6455) for the server side: bytes in, bytes out.
 *
 * Like http.h, nothing here touches a socket, allocates or keeps global
 * state; every function works on the caller's buffers, so every thread of
 * every model can share it.  Four parts:
 *
 *   - the opening handshake: ws_handshake() checks the head of a GET /ws
 *     request, ws_accept() computes Sec-WebSocket-Accept (SHA-1 and base64
 *     from nettle);
 *   - reading client frames: a struct ws_reader, kept by the caller, turns
 *     bytes into events (a piece of a message, a ping, a pong, a close, an
 *     error with the close code to answer) and unmasks the payload in
 *     place.  It is incremental: any split of the input into pieces gives
 *     the same events, so a caller hands it whatever a read() returned;
 *   - building server frames (unmasked): ws_frame_header(), ws_close_frame();
 *   - the chat protocol's one question, "what type is this message, and
 *     where is its payload?": ws_chat_parse().
 *
 * The rules the reader enforces, and the close code each breach gets:
 *   1002 an unmasked frame, a reserved bit set, a reserved opcode, a control
 *        frame that is fragmented or longer than 125 bytes, a continuation
 *        with no message open, a new message while one is open, a length
 *        not in its shortest form or with the top bit set, a close frame
 *        with a 1-byte payload or a code no one may send;
 *   1007 bad UTF-8 in a text message (checked as each piece arrives, so a
 *        bad byte fails at once, however the message is fragmented) or in
 *        a close reason;
 *   1009 a message longer than the reader's limit (WS_MAX_MESSAGE), known
 *        from the frame header, before any of the payload arrives.
 * After an error the reader keeps the frame boundaries, skips payloads and
 * checks nothing, so that the caller can still see the client's answering
 * close frame (the close handshake) and then close.
 */
#ifndef WS_H
#define WS_H

#include <stddef.h>
#include <stdint.h>

#define WS_MAX_MESSAGE (64 * 1024) /* docs/DESIGN.md: more gets close 1009 */
#define WS_MAX_CONTROL (125)	   /* payload of a ping, pong or close */
#define WS_MAX_HEADER  (10)	   /* a server frame's header: 2 + 8 bytes */
#define WS_KEY_LEN     (24)	   /* base64 of the client's 16-byte nonce */
#define WS_ACCEPT_LEN  (28)	   /* base64 of a SHA-1 digest */
/* A whole close frame: header, code and the longest reason. */
#define WS_MAX_CLOSE_FRAME (2 + WS_MAX_CONTROL)

enum ws_opcode {
	WS_OP_CONT = 0x0,
	WS_OP_TEXT = 0x1,
	WS_OP_BINARY = 0x2,
	WS_OP_CLOSE = 0x8,
	WS_OP_PING = 0x9,
	WS_OP_PONG = 0xa,
};

/* The close codes we send (RFC 6455, 7.4.1). */
enum ws_close_code {
	WS_CLOSE_NORMAL = 1000,
	WS_CLOSE_PROTOCOL = 1002,    /* the peer broke the framing rules */
	WS_CLOSE_UNSUPPORTED = 1003, /* data we do not accept */
	WS_CLOSE_NO_STATUS =
	    1005,		  /* a close frame without a code: never sent */
	WS_CLOSE_BAD_DATA = 1007, /* bad UTF-8 in a text message */
	WS_CLOSE_POLICY = 1008,	  /* our policy: a backlog over the cap */
	WS_CLOSE_TOO_BIG = 1009,  /* a message over the limit */
};

/*
 * Checks the head of a GET /ws request (request line to empty line, as
 * http_parse_request() accepted it) for a WebSocket upgrade, RFC 6455,
 * 4.2.1.  minor_version is the request's HTTP minor version.
 *
 * Returns 0 and points *key at the Sec-WebSocket-Key value (WS_KEY_LEN
 * bytes inside head), or the status to answer instead:
 *   426 no "Upgrade: websocket", or a Sec-WebSocket-Version other than 13
 *       (the answer carries "Sec-WebSocket-Version: 13" and says what to
 *       upgrade to);
 *   400 HTTP/1.0, Connection without the "upgrade" token, a missing or
 *       repeated key or version, a key that is not the base64 of 16 bytes.
 */
int ws_handshake(const char *head, size_t len, int minor_version,
		 const char **key);

/*
 * Writes Sec-WebSocket-Accept for key (WS_KEY_LEN bytes) into out:
 * base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), exactly
 * WS_ACCEPT_LEN bytes, no NUL.
 */
void ws_accept(const char *key, char *out);

/* Reading client frames */

enum ws_event_kind {
	WS_EV_NONE,  /* nothing to report: need more bytes (or bytes skipped) */
	WS_EV_DATA,  /* the next piece of a text or binary message */
	WS_EV_PING,  /* a ping: answer with a pong carrying data */
	WS_EV_PONG,  /* a pong: nothing to do */
	WS_EV_CLOSE, /* the peer's close frame: answer it, then close */
	WS_EV_ERROR, /* a breach: send a close with `code`, stop reading data */
};

struct ws_event {
	enum ws_event_kind kind;
	int opcode;    /* DATA: the message's (TEXT or BINARY); ERROR: the
			  frame's, WS_OP_CLOSE when the peer's close was bad */
	int fin;       /* DATA: this piece ends the message */
	uint8_t *data; /* DATA, PING, PONG: payload, unmasked, in the caller's
			  buffer; CLOSE: the reason */
	size_t len;
	unsigned code; /* CLOSE: the peer's code (1005 when it gave none);
			  ERROR: the code to close with */
};

struct ws_reader {
	uint64_t frame_left; /* payload bytes of the open frame still to come */
	uint64_t msg_len;    /* bytes of the open message so far */
	uint32_t utf8;	     /* UTF-8 decoder state inside a text message */
	uint8_t mask[4];     /* the open frame's masking key */
	uint8_t mask_pos;    /* payload offset of the next byte, mod 4 */
	uint8_t in_frame;    /* a data frame's header was read */
	uint8_t frame_fin;   /* ... and it is its message's last frame */
	uint8_t msg_opcode;  /* TEXT or BINARY while a message is open, or 0 */
	uint8_t failed;	     /* 1: an error was reported; 2: framing lost */
};

void ws_reader_init(struct ws_reader *r);

/*
 * Reads at most one event from buf[0..len) and returns how many bytes it
 * consumed.  The caller drops those bytes and calls again with the rest
 * (and later with more) until it gets 0 bytes and WS_EV_NONE.  Payload
 * bytes are unmasked in place, so buf must be writable; ev->data points
 * into it and stays valid until the caller reuses those bytes.
 *
 * Data frames are reported piece by piece, as their payload arrives, so a
 * message may be larger than the caller's input buffer; the last piece of
 * a message has ev->fin set (possibly with ev->len 0).  Control frames
 * (at most 2 + 4 + 125 bytes on the wire) are reported whole: until one
 * has fully arrived the reader consumes nothing, so the caller must have
 * room for 131 bytes.
 */
size_t ws_read(struct ws_reader *r, uint8_t *buf, size_t len,
	       struct ws_event *ev);

/* Building server frames (never masked, RFC 6455, 5.1) */

/*
 * Writes the header of a frame carrying len payload bytes into out (room
 * for WS_MAX_HEADER) and returns its length: 2, 4 or 10.
 */
size_t ws_frame_header(uint8_t *out, int opcode, int fin, uint64_t len);

/* The header length ws_frame_header() will use for len payload bytes. */
size_t ws_frame_header_len(uint64_t len);

/*
 * Writes a whole close frame into out (room for WS_MAX_CLOSE_FRAME):
 * code, then reason (truncated to fit).  code 0 means no code and no
 * reason: an empty close, the answer to a close that carried none.
 * Returns the frame's length.
 */
size_t ws_close_frame(uint8_t *out, unsigned code, const char *reason);

/*
 * Checks incrementally that p[0..n) continues valid UTF-8 from *state
 * (0 at the start of a text).  Returns 0 and updates *state, or -1 on a
 * bad byte.  The text is complete and valid when *state is 0 at its end.
 */
int ws_utf8_check(uint32_t *state, const uint8_t *p, size_t n);

/* The chat protocol (websocket-shootout) */

enum ws_chat_type {
	WS_CHAT_BAD = -1,      /* not a chat message: close 1003 */
	WS_CHAT_ECHO = 1,      /* {"type":"echo","payload":X} */
	WS_CHAT_BROADCAST = 2, /* {"type":"broadcast","payload":X} */
};

/* How deep a payload's arrays and objects may nest. */
#define WS_CHAT_MAX_DEPTH (32)

/*
 * Reads a chat message: one JSON object, checked strictly (RFC 8259
 * grammar, nesting up to WS_CHAT_MAX_DEPTH, no duplicate "type" or
 * "payload"), whose top-level "type" is the string "echo" or "broadcast"
 * and which has a top-level "payload" of any JSON value.  Other keys are
 * allowed and ignored.  Returns the type and points *payload at the
 * payload's JSON text inside msg (*payload_len bytes), or WS_CHAT_BAD.
 * msg is valid UTF-8 already (a text message); keys are compared as they
 * are written, so "typ\u0065" is not "type".
 */
int ws_chat_parse(const char *msg, size_t len, const char **payload,
		  size_t *payload_len);

#endif
