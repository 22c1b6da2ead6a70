/*
 * session_ws.c - a session after GET /ws: RFC 6455 frames carrying the
 * websocket-shootout chat protocol, and the broadcast handed to the model.
 *
 * See session.h for the contract with the models and session_ws.h for
 * what a WebSocket session holds.  As in session.c: bytes in, bytes out,
 * no sockets, no globals, no locks (a threaded model holds the session's
 * lock around every call, session_push() included).
 *
 * The chat protocol's errors.  A message that is not a chat message (not
 * one JSON object, no "type" of "echo" or "broadcast", no "payload", or a
 * binary message) is answered with close 1003, "unsupported data": RFC
 * 6455 keeps 1007 for data inconsistent with the message's own type (bad
 * UTF-8 in a text message), which the frame reader already reports, so a
 * client seeing 1007 knows its encoding is broken and one seeing 1003
 * knows we do not accept what it said.  1003's own example in the RFC is
 * a text-only endpoint receiving binary, which is our case too.
 *
 * Every reply needs room: an echo, a pong or a broadcast's two frames are
 * taken only when they fit under SESSION_WS_BACKLOG, otherwise the input
 * waits (the client is not reading its answers: back-pressure, as for
 * HTTP).  Pushes from the model cannot wait, so a push that does not fit
 * closes the subscriber with 1008.  One close frame always fits: the ring
 * keeps room for it beyond the backlog.
 */
#include "session_ws.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define WS_RING_SIZE (SESSION_WS_BACKLOG + WS_MAX_CLOSE_FRAME)
/* The message buffer: the largest message, rebuilt as a broadcast. */
#define WS_BCAST_PREFIX	 "{\"type\":\"broadcast\",\"payload\":"
#define WS_RESULT_PREFIX "{\"type\":\"broadcastResult\",\"payload\":"
#define WS_MSG_MAX                                                             \
	(WS_MAX_HEADER + sizeof(WS_BCAST_PREFIX) + WS_MAX_MESSAGE + 1)
#define WS_MSG_MIN (256)
/* A pong is the largest reply to a control frame. */
#define WS_CONTROL_REPLY (2 + WS_MAX_CONTROL)

/*
 * GET /chat: a teacher opens it in two tabs and types in either.  The page
 * says whether its WebSocket is open (and sets body[data-state], which
 * tests/chat/chat.py waits for), and keeps the newest message in view.  It
 * also says which model serves it: session.c sends the page's first lines,
 * `<!doctype html>` and an <html> element whose data-model and data-kind
 * are the model's --about name and kind, before this constant rest.
 */
const char session_chat_page[] =
    "<head><meta charset=\"utf-8\"><title>chat</title>\n"
    "<style>body{font:16px sans-serif;max-width:40em;margin:2em auto;"
    "padding:0 1em}\n"
    "#status{color:#a00}#status.open{color:#070}\n"
    "#log{list-style:none;margin:0 0 1em;padding:0 .5em;height:15em;"
    "overflow-y:auto;border:1px solid #888}\n"
    "#log li{padding:.3em 0;border-bottom:1px solid #ddd}\n"
    "#form{display:flex;gap:.5em}#text{flex:1}\n"
    "input,button{font:inherit;padding:.3em}</style></head>\n"
    "<body>\n"
    "<h1>chat</h1>\n"
    "<p id=\"model\"></p>\n"
    "<p>Open this page in a second tab and type in either one: every "
    "message goes to every page connected to this server, each over its "
    "own WebSocket (GET /ws).</p>\n"
    "<p id=\"status\">connecting&hellip;</p>\n"
    "<ul id=\"log\"></ul>\n"
    "<form id=\"form\"><input id=\"text\" autocomplete=\"off\" autofocus "
    "placeholder=\"type a message, then Enter\">\n"
    "<button id=\"send\">Send</button></form>\n"
    "<script>\n"
    "// One WebSocket to /ws; a message typed here is broadcast, and every\n"
    "// broadcast, ours included, is appended to the list.\n"
    "const log = document.getElementById(\"log\");\n"
    "const text = document.getElementById(\"text\");\n"
    "const status = document.getElementById(\"status\");\n"
    "const about = document.documentElement.dataset;\n"
    "document.getElementById(\"model\").textContent = \"served by \" +\n"
    "  about.model + \" (\" + about.kind + \")\";\n"
    "document.title = \"chat: \" + about.model;\n"
    "function add(line) {\n"
    "  const li = document.createElement(\"li\");\n"
    "  li.textContent = line;\n"
    "  log.appendChild(li);\n"
    "  log.scrollTop = log.scrollHeight;\n"
    "}\n"
    "function say(state, line) {\n"
    "  document.body.dataset.state = status.className = state;\n"
    "  status.textContent = line;\n"
    "}\n"
    "const scheme = location.protocol === \"https:\" ? \"wss://\" : "
    "\"ws://\";\n"
    "const ws = new WebSocket(scheme + location.host + \"/ws\");\n"
    "ws.onopen = () => say(\"open\", \"connected to \" + ws.url);\n"
    "ws.onclose = (e) => say(\"closed\", \"disconnected (close code \" +\n"
    "  e.code + \"): reload the page to connect again\");\n"
    "ws.onmessage = (e) => {\n"
    "  const m = JSON.parse(e.data);\n"
    "  if (m.type === \"broadcast\") add(String(m.payload));\n"
    "};\n"
    "document.getElementById(\"form\").onsubmit = (e) => {\n"
    "  e.preventDefault();\n"
    "  if (!text.value || ws.readyState !== WebSocket.OPEN) return;\n"
    "  ws.send(JSON.stringify({type: \"broadcast\", payload: text.value}));\n"
    "  text.value = \"\";\n"
    "};\n"
    "</script>\n"
    "</body>\n"
    "</html>\n";
const size_t session_chat_page_len = sizeof(session_chat_page) - 1;

int session_ws_start(struct session *s)
{
	struct session_ws *w = calloc(1, sizeof(*w));

	if (!w) {
		s->failed = 1;
		return -ENOMEM;
	}
	ws_reader_init(&w->reader);
	w->phase = WS_OPEN;
	s->ws = w;
	s->state = ST_WS;
	s->head_start_ms = 0;
	return 0;
}

void session_ws_free(struct session *s)
{
	if (!s->ws)
		return;
	free(s->ws->msg);
	free(s->ws->out);
	free(s->ws);
	s->ws = NULL;
}

/* The ring */

static size_t ring_room(const struct session_ws *w)
{
	return WS_RING_SIZE - w->out_len;
}

/* Room for n more bytes of data frames, under the backlog cap. */
static int ring_fits(const struct session_ws *w, size_t n)
{
	return w->out_len + n <= SESSION_WS_BACKLOG;
}

/* Appends p[0..n); the caller made sure it fits.  -ENOMEM: s failed. */
static int ring_add(struct session *s, const void *p, size_t n)
{
	struct session_ws *w = s->ws;
	size_t tail, first;

	if (!w->out) {
		/*
		 * Allocated at full size but touched only as far as used: the
		 * ring starts over at its beginning whenever it empties.
		 */
		w->out = malloc(WS_RING_SIZE);
		if (!w->out) {
			s->failed = 1;
			return -ENOMEM;
		}
	}
	tail = (w->out_head + w->out_len) % WS_RING_SIZE;
	first = WS_RING_SIZE - tail < n ? WS_RING_SIZE - tail : n;
	memcpy(w->out + tail, p, first);
	memcpy(w->out, (const char *)p + first, n - first);
	w->out_len += n;
	return 0;
}

/* Appends a frame header for a len-byte payload. */
static int ring_header(struct session *s, int opcode, size_t len)
{
	uint8_t h[WS_MAX_HEADER];

	return ring_add(s, h, ws_frame_header(h, opcode, 1, len));
}

/* Bytes on the wire of a one-frame message of len bytes. */
static size_t frame_size(size_t len)
{
	return ws_frame_header_len(len) + len;
}

int session_ws_pending(const struct session *s)
{
	return s->ws && s->ws->out_len > 0;
}

const char *session_ws_wbuf(struct session *s, size_t *len)
{
	struct session_ws *w = s->ws;
	size_t n;

	if (!w || w->out_len == 0) {
		*len = 0;
		return NULL;
	}
	n = WS_RING_SIZE - w->out_head;
	*len = w->out_len < n ? w->out_len : n;
	return w->out + w->out_head;
}

void session_ws_sent(struct session *s, size_t n)
{
	struct session_ws *w = s->ws;

	w->out_head = (w->out_head + n) % WS_RING_SIZE;
	w->out_len -= n;
	if (w->out_len == 0)
		w->out_head = 0;
	/* Room was made: input held back for it can go on. */
	session_ws_process(s);
}

/* Closing */

/*
 * Sends a close frame with code (0: an empty one) and stops taking data.
 * peer_closed: the peer's close came first, so the handshake is done.
 */
static void ws_close(struct session *s, unsigned code, const char *reason,
		     int peer_closed)
{
	struct session_ws *w = s->ws;
	uint8_t f[WS_MAX_CLOSE_FRAME];

	if (w->phase == WS_OPEN) {
		/* One close frame always fits: the ring keeps room for it. */
		if (ring_room(w) >= WS_MAX_CLOSE_FRAME)
			ring_add(s, f, ws_close_frame(f, code, reason));
		w->close_by_ms = clock_coarse_ms() + SESSION_WS_CLOSE_MS;
	}
	w->phase = peer_closed ? WS_CLOSED : WS_CLOSING;
	/* From now on the reader only looks for the peer's close. */
	if (!w->reader.failed)
		w->reader.failed = 1;
	w->msg_ready = 0;
	w->msg_len = 0;
	if (w->bcast == 1)
		w->bcast = 0; /* built but never taken: nobody will */
}

/* Messages */

/* Appends p[0..n) of the message being assembled. */
static int msg_add(struct session *s, const uint8_t *p, size_t n)
{
	struct session_ws *w = s->ws;
	size_t cap = w->msg_cap ? w->msg_cap : WS_MSG_MIN;
	char *m;

	/* WS_MAX_HEADER more: a broadcast is rebuilt in place, with a header.
	 */
	while (cap < w->msg_len + n + WS_MAX_HEADER)
		cap *= 2;
	if (cap > WS_MSG_MAX)
		cap = WS_MSG_MAX; /* the reader never lets a message past it */
	if (cap != w->msg_cap) {
		m = realloc(w->msg, cap);
		if (!m) {
			s->failed = 1;
			return -ENOMEM;
		}
		w->msg = m;
		w->msg_cap = cap;
	}
	memcpy(w->msg + w->msg_len, p, n);
	w->msg_len += n;
	return 0;
}

/*
 * Rebuilds the message as {"type":"broadcast","payload":X} with its frame
 * header, in place: X moves behind the new prefix (memmove: the old
 * and new places may overlap) and the frame is msg[0..bcast_len).
 */
static void build_broadcast(struct session_ws *w, const char *x, size_t xlen)
{
	size_t body = sizeof(WS_BCAST_PREFIX) - 1 + xlen + 1;
	size_t hlen = ws_frame_header_len(body);
	char *dst = w->msg + hlen + sizeof(WS_BCAST_PREFIX) - 1;

	memmove(dst, x, xlen);
	ws_frame_header((uint8_t *)w->msg, WS_OP_TEXT, 1, body);
	memcpy(w->msg + hlen, WS_BCAST_PREFIX, sizeof(WS_BCAST_PREFIX) - 1);
	dst[xlen] = '}';
	w->bcast_len = hlen + body;
	w->bcast_payload = dst;
	w->bcast_payload_len = xlen;
}

/*
 * Answers the complete message in msg.  Returns 0, or -EAGAIN when its
 * answer does not fit yet: the message waits for the output to drain.
 */
static int ws_message(struct session *s)
{
	struct session_ws *w = s->ws;
	const char *x = NULL;
	size_t xlen = 0, result;
	int type = WS_CHAT_BAD;

	if (w->msg_opcode == WS_OP_TEXT)
		type = ws_chat_parse(w->msg, w->msg_len, &x, &xlen);
	if (type == WS_CHAT_BAD) {
		ws_close(s, WS_CLOSE_UNSUPPORTED, "not a chat message", 0);
		return 0;
	}
	if (type == WS_CHAT_ECHO) {
		/* The message goes back unchanged. */
		if (!ring_fits(w, frame_size(w->msg_len)))
			return -EAGAIN;
		if (ring_header(s, WS_OP_TEXT, w->msg_len) == 0)
			ring_add(s, w->msg, w->msg_len);
	} else {
		/*
		 * The sender gets the broadcast too, then its result: room for
		 * both, before the model delivers anything.
		 */
		result = sizeof(WS_RESULT_PREFIX) - 1 + xlen + 1;
		if (!ring_fits(w, frame_size(result) +
				      frame_size(sizeof(WS_BCAST_PREFIX) - 1 +
						 xlen + 1)))
			return -EAGAIN;
		build_broadcast(w, x, xlen);
		w->bcast = 1;
	}
	stats_add(&s->stats->requests, 1);
	w->msg_ready = 0;
	w->msg_len = 0;
	return 0;
}

/* One event from the reader. */
static void ws_event(struct session *s, const struct ws_event *ev)
{
	struct session_ws *w = s->ws;
	uint8_t f[WS_MAX_HEADER];

	switch (ev->kind) {
	case WS_EV_NONE:
		break;
	case WS_EV_DATA:
		if (w->phase != WS_OPEN)
			break;
		if (msg_add(s, ev->data, ev->len) == 0) {
			w->msg_opcode = ev->opcode;
			w->msg_ready = ev->fin;
		}
		break;
	case WS_EV_PING:
		if (w->phase == WS_OPEN &&
		    ring_add(s, f,
			     ws_frame_header(f, WS_OP_PONG, 1, ev->len)) == 0)
			ring_add(s, ev->data, ev->len);
		break;
	case WS_EV_PONG:
		break;
	case WS_EV_CLOSE:
		/* Echo the peer's code (RFC 6455, 5.5.1); none for none. */
		ws_close(s, ev->code == WS_CLOSE_NO_STATUS ? 0 : ev->code, NULL,
			 1);
		break;
	case WS_EV_ERROR:
		ws_close(s, ev->code,
			 ev->code == WS_CLOSE_TOO_BIG	 ? "message over 64 KiB"
			 : ev->code == WS_CLOSE_BAD_DATA ? "invalid UTF-8"
							 : "protocol error",
			 ev->opcode == WS_OP_CLOSE);
		break;
	}
}

void session_ws_process(struct session *s)
{
	struct session_ws *w = s->ws;
	struct ws_event ev;
	size_t n;

	for (;;) {
		if (s->failed || w->bcast)
			break; /* the model delivers the broadcast first */
		if (w->msg_ready) {
			if (ws_message(s))
				break; /* no room for the answer yet */
			continue;
		}
		if (w->phase == WS_CLOSED) {
			s->in_off = s->in_len; /* nothing more is read */
			break;
		}
		/* A ping's pong must fit before the ping is taken. */
		if (w->phase == WS_OPEN && !ring_fits(w, WS_CONTROL_REPLY))
			break;
		n = ws_read(&w->reader, (uint8_t *)s->in + s->in_off,
			    s->in_len - s->in_off, &ev);
		s->in_off += n;
		if (n == 0 && ev.kind == WS_EV_NONE)
			break;
		ws_event(s, &ev);
	}
}

unsigned session_ws_want(const struct session *s, int http_pending)
{
	const struct session_ws *w = s->ws;
	unsigned want = 0;
	int pending = http_pending || w->out_len > 0;

	if (pending)
		want |= WANT_WRITE;
	if (w->phase == WS_CLOSED || s->read_eof)
		return pending ? want : WANT_CLOSE;
	/* A broadcast for the model: no input until it is delivered. */
	if (w->bcast == 1)
		want |= WANT_BROADCAST;
	if (!w->bcast && s->in_len - s->in_off < SESSION_IN_CAP)
		want |= WANT_READ;
	return want;
}

int64_t session_ws_deadline(const struct session *s)
{
	/*
	 * No idle timeout: a chat client may stay quiet for hours, and a
	 * subscriber only listens.  Once a close is sent, the handshake (and
	 * a subscriber closed for its backlog) has SESSION_WS_CLOSE_MS.
	 */
	return s->ws->phase == WS_OPEN ? INT64_MAX : s->ws->close_by_ms;
}

/* The model's side (session.h) */

int session_is_subscriber(const struct session *s)
{
	return s->state == ST_WS && s->ws->phase == WS_OPEN;
}

const void *session_take_broadcast(struct session *s, size_t *len)
{
	struct session_ws *w = s->ws;

	*len = 0;
	if (s->state != ST_WS || w->bcast != 1)
		return NULL;
	w->bcast = 2;
	*len = w->bcast_len;
	return w->msg;
}

int session_push(struct session *s, const void *frame, size_t len)
{
	struct session_ws *w = s->ws;
	int idle;

	if (s->state != ST_WS || w->phase != WS_OPEN || s->failed)
		return 0;
	idle = s->out_len == s->out_off && w->out_len == 0;
	if (!ring_fits(w, len)) {
		/* A subscriber that does not read: 1008, nobody waits. */
		ws_close(s, WS_CLOSE_POLICY, "backlog over the cap", 0);
		return 1;
	}
	if (ring_add(s, frame, len) < 0)
		return 1; /* failed: it wants to close */
	return idle;
}

void session_broadcast_done(struct session *s)
{
	struct session_ws *w = s->ws;
	size_t result;

	if (s->state != ST_WS || w->bcast != 2)
		return;
	w->bcast = 0;
	result = sizeof(WS_RESULT_PREFIX) - 1 + w->bcast_payload_len + 1;
	if (w->phase == WS_OPEN && !ring_fits(w, frame_size(result))) {
		/*
		 * Room was there when the broadcast was handed out; in a
		 * threaded model other broadcasts may have filled it since.
		 */
		ws_close(s, WS_CLOSE_POLICY, "backlog over the cap", 0);
	} else if (w->phase == WS_OPEN) {
		if (ring_header(s, WS_OP_TEXT, result) == 0 &&
		    ring_add(s, WS_RESULT_PREFIX,
			     sizeof(WS_RESULT_PREFIX) - 1) == 0 &&
		    ring_add(s, w->bcast_payload, w->bcast_payload_len) == 0)
			ring_add(s, "}", 1);
	}
	session_ws_process(s);
}
