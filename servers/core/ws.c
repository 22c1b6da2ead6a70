/*
 * ws.c - the WebSocket handshake, frame reader and writer, and chat
 * message scanner of ws.h.
 *
 * Why not wslay (Debian's libwslay-dev)?  Its frame-level API
 * (wslay_frame_recv) pulls bytes through a callback into a 4 KiB buffer of
 * its own, inside a context it mallocs per connection, and checks only a
 * control frame's length and FIN bit and the length's shortest form: the
 * mask, reserved bits and opcodes, the order of fragments, UTF-8 and the
 * message limit would all still be ours to write, and it reports every
 * breach as one WSLAY_ERR_PROTO without the close code.  Its event-level
 * API checks all of that, but it buffers whole messages in its own memory
 * and queues outgoing frames in an unbounded list of its own, which is
 * exactly the backlog the session must own and cap (1008).  What it would
 * save us is about 60 lines of header decoding, at the price of a copy of
 * every byte, an allocation per connection and a callback shape that no
 * other part of the core has.  So the framing is written here, in the
 * bytes-in, bytes-out shape of http.c, and tested against RFC 6455's own
 * examples (tests/unit/test_ws.c).
 *
 * The reader keeps its state in the caller's struct ws_reader and decides
 * only from bytes it has: a frame header is judged once all of it (2 to 14
 * bytes) is there, a control frame once all of it (at most 131 bytes) is
 * there, a data frame's payload piece by piece.  So any split of the input
 * gives the same events, which the tests check by feeding every case whole
 * and byte by byte.
 */
#include "ws.h"

#include <nettle/base64.h>
#include <nettle/sha1.h>
#include <string.h>

#define WS_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

/* The handshake */

static unsigned char ws_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Whether p[0..n) equals the lower-case string lower, ignoring case. */
static int ws_equals_ci(const char *p, size_t n, const char *lower)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower[i] == '\0' ||
		    ws_lower((unsigned char)p[i]) != (unsigned char)lower[i])
			return 0;
	return lower[n] == '\0';
}

static int ws_is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Whether the comma-separated list p[0..n) ("keep-alive, Upgrade") holds
 * the token lower, ignoring case and the spaces around each element.
 */
static int ws_list_has(const char *p, size_t n, const char *lower)
{
	const char *end = p + n, *a, *b;

	while (p < end) {
		a = p;
		while (p < end && *p != ',')
			p++;
		b = p;
		while (a < b && ws_is_ows(*a))
			a++;
		while (b > a && ws_is_ows(b[-1]))
			b--;
		if (ws_equals_ci(a, (size_t)(b - a), lower))
			return 1;
		if (p < end)
			p++; /* the comma */
	}
	return 0;
}

static int ws_is_base64(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* A key is the base64 of 16 bytes: 22 characters and "==" (4.1). */
static int ws_key_ok(const char *key, size_t n)
{
	struct base64_decode_ctx ctx;
	uint8_t raw[BASE64_DECODE_LENGTH(WS_KEY_LEN)];
	size_t raw_len = 0, i;

	if (n != WS_KEY_LEN || key[22] != '=' || key[23] != '=')
		return 0;
	for (i = 0; i < 22; i++)
		if (!ws_is_base64((unsigned char)key[i]))
			return 0;
	/* nettle has the last word: exactly 16 bytes, cleanly padded. */
	base64_decode_init(&ctx);
	return base64_decode_update(&ctx, &raw_len, raw, n, key) &&
	       base64_decode_final(&ctx) && raw_len == 16;
}

int ws_handshake(const char *head, size_t len, int minor_version,
		 const char **key)
{
	const char *p = head, *end = head + len, *nl, *line_end, *colon, *v,
		   *ve;
	const char *the_key = NULL, *version = NULL;
	size_t key_len = 0, version_len = 0;
	int upgrade = 0, connection = 0, keys = 0, versions = 0, first = 1;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		line_end = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
		if (line_end == p && !first)
			break; /* the empty line ends the head */
		if (first) {
			first = 0; /* the request line */
			p = nl + (nl < end);
			continue;
		}
		colon = memchr(p, ':', (size_t)(line_end - p));
		if (colon) {
			v = colon + 1;
			ve = line_end;
			while (v < ve && ws_is_ows(*v))
				v++;
			while (ve > v && ws_is_ows(ve[-1]))
				ve--;
			if (ws_equals_ci(p, (size_t)(colon - p), "upgrade"))
				upgrade |= ws_list_has(v, (size_t)(ve - v),
						       "websocket");
			else if (ws_equals_ci(p, (size_t)(colon - p),
					      "connection"))
				connection |=
				    ws_list_has(v, (size_t)(ve - v), "upgrade");
			else if (ws_equals_ci(p, (size_t)(colon - p),
					      "sec-websocket-key")) {
				the_key = v;
				key_len = (size_t)(ve - v);
				keys++;
			} else if (ws_equals_ci(p, (size_t)(colon - p),
						"sec-websocket-version")) {
				version = v;
				version_len = (size_t)(ve - v);
				versions++;
			}
		}
		p = nl + (nl < end);
	}
	if (minor_version < 1)
		return 400; /* an upgrade needs HTTP/1.1 */
	if (!upgrade)
		return 426;
	if (!connection || versions != 1 || keys != 1)
		return 400;
	if (version_len != 2 || memcmp(version, "13", 2) != 0)
		return 426;
	if (!ws_key_ok(the_key, key_len))
		return 400;
	*key = the_key;
	return 0;
}

void ws_accept(const char *key, char *out)
{
	struct sha1_ctx ctx;
	uint8_t digest[SHA1_DIGEST_SIZE];

	sha1_init(&ctx);
	sha1_update(&ctx, WS_KEY_LEN, (const uint8_t *)key);
	sha1_update(&ctx, sizeof(WS_GUID) - 1, (const uint8_t *)WS_GUID);
	sha1_digest(&ctx, sizeof(digest), digest);
	base64_encode_raw(out, sizeof(digest), digest);
}

/* UTF-8 */

/*
 * The decoder's state is 0 between characters; inside one it packs the
 * continuation bytes still due (bits 0-1) and the range the next one must
 * fall in (bits 8-15 and 16-23).  The range is what rules out overlong
 * forms (E0 A0.., F0 90..), UTF-16 surrogates (ED ..9F) and code points
 * past U+10FFFF (F4 ..8F) with no table: the core keeps no static data.
 */
static uint32_t ws_utf8_state(unsigned need, unsigned lo, unsigned hi)
{
	return need | lo << 8 | hi << 16;
}

int ws_utf8_check(uint32_t *state, const uint8_t *p, size_t n)
{
	uint32_t st = *state;
	uint64_t word;
	unsigned c;
	size_t i = 0;

	while (i < n) {
		if (st == 0) {
			/* Plain ASCII, the common case, 8 bytes at a time. */
			while (n - i >= 8) {
				memcpy(&word, p + i, 8);
				if (word & 0x8080808080808080ull)
					break;
				i += 8;
			}
			if (i == n)
				break;
			c = p[i++];
			if (c < 0x80)
				continue;
			if (c >= 0xc2 && c <= 0xdf)
				st = ws_utf8_state(1, 0x80, 0xbf);
			else if (c == 0xe0)
				st = ws_utf8_state(2, 0xa0, 0xbf);
			else if (c == 0xed)
				st = ws_utf8_state(2, 0x80, 0x9f);
			else if (c >= 0xe1 && c <= 0xef)
				st = ws_utf8_state(2, 0x80, 0xbf);
			else if (c == 0xf0)
				st = ws_utf8_state(3, 0x90, 0xbf);
			else if (c >= 0xf1 && c <= 0xf3)
				st = ws_utf8_state(3, 0x80, 0xbf);
			else if (c == 0xf4)
				st = ws_utf8_state(3, 0x80, 0x8f);
			else
				return -1; /* 80..C1 or F5..FF cannot start */
			continue;
		}
		c = p[i++];
		if (c < ((st >> 8) & 0xff) || c > ((st >> 16) & 0xff))
			return -1;
		st =
		    (st & 3) == 1 ? 0 : ws_utf8_state((st & 3) - 1, 0x80, 0xbf);
	}
	*state = st;
	return 0;
}

/* Reading frames */

void ws_reader_init(struct ws_reader *r)
{
	memset(r, 0, sizeof(*r));
}

/* XORs p[0..n) with the masking key, starting at key byte *pos. */
static void ws_unmask(uint8_t *p, size_t n, const uint8_t mask[4], uint8_t *pos)
{
	uint8_t rot[8];
	uint64_t word, key8;
	size_t i = 0;
	unsigned k;

	for (k = 0; k < 8; k++)
		rot[k] = mask[(*pos + k) & 3];
	memcpy(&key8, rot, 8);
	for (; i + 8 <= n; i += 8) {
		memcpy(&word, p + i, 8);
		word ^= key8;
		memcpy(p + i, &word, 8);
	}
	for (k = 0; i < n; i++, k++)
		p[i] ^= rot[k];
	*pos = (uint8_t)((*pos + n) & 3);
}

static void ws_fail(struct ws_reader *r, struct ws_event *ev, unsigned code,
		    int opcode)
{
	r->failed = r->failed ? r->failed : 1;
	ev->kind = WS_EV_ERROR;
	ev->code = code;
	ev->opcode = opcode;
}

/* Codes a close frame may carry (RFC 6455, 7.4.1 and 7.4.2; IANA). */
static int ws_close_code_ok(unsigned code)
{
	return (code >= 1000 && code <= 1003) ||
	       (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/* The whole of a control frame's payload is here: report it. */
static void ws_control(struct ws_reader *r, int opcode, uint8_t *p, size_t n,
		       struct ws_event *ev)
{
	uint32_t utf8 = 0;
	unsigned code;

	ev->data = p;
	ev->len = n;
	ev->opcode = opcode;
	if (r->failed && opcode != WS_OP_CLOSE)
		return; /* after an error only the peer's close matters */
	if (opcode == WS_OP_PING) {
		ev->kind = WS_EV_PING;
	} else if (opcode == WS_OP_PONG) {
		ev->kind = WS_EV_PONG;
	} else if (opcode == WS_OP_CLOSE) {
		code = n >= 2 ? (unsigned)p[0] << 8 | p[1] : WS_CLOSE_NO_STATUS;
		if (!r->failed &&
		    (n == 1 || (n >= 2 && !ws_close_code_ok(code)))) {
			ws_fail(r, ev, WS_CLOSE_PROTOCOL, opcode);
			return;
		}
		if (!r->failed && n > 2 &&
		    (ws_utf8_check(&utf8, p + 2, n - 2) || utf8 != 0)) {
			ws_fail(r, ev, WS_CLOSE_BAD_DATA, opcode);
			return;
		}
		ev->kind = WS_EV_CLOSE;
		ev->code = code;
		ev->data = n >= 2 ? p + 2 : p;
		ev->len = n >= 2 ? n - 2 : 0;
	}
}

/* The last byte of a message has arrived. */
static void ws_message_end(struct ws_reader *r, struct ws_event *ev)
{
	ev->fin = 1;
	if (r->msg_opcode == WS_OP_TEXT && r->utf8 != 0)
		ws_fail(r, ev, WS_CLOSE_BAD_DATA, WS_OP_CONT);
	r->msg_opcode = 0;
	r->msg_len = 0;
	r->utf8 = 0;
}

/* Inside a data frame: the next piece of its payload. */
static size_t ws_read_payload(struct ws_reader *r, uint8_t *buf, size_t len,
			      struct ws_event *ev)
{
	size_t n = len < r->frame_left ? len : (size_t)r->frame_left;

	if (n == 0)
		return 0;
	r->frame_left -= n;
	if (r->failed) {
		/* Skipping the rest of a frame after an error. */
		r->in_frame = r->frame_left != 0;
		return n;
	}
	ws_unmask(buf, n, r->mask, &r->mask_pos);
	ev->kind = WS_EV_DATA;
	ev->opcode = r->msg_opcode;
	ev->data = buf;
	ev->len = n;
	if (r->msg_opcode == WS_OP_TEXT && ws_utf8_check(&r->utf8, buf, n)) {
		/* The rest of this frame is skipped. */
		ws_fail(r, ev, WS_CLOSE_BAD_DATA, WS_OP_CONT);
		r->in_frame = r->frame_left != 0;
		return n;
	}
	if (r->frame_left == 0) {
		r->in_frame = 0;
		if (r->frame_fin)
			ws_message_end(r, ev);
	}
	return n;
}

/* The checks of a frame header, in RFC order; 0 when it is fine. */
static unsigned ws_header_breach(const struct ws_reader *r, int fin, int rsv,
				 int opcode, int masked, uint64_t plen)
{
	int control = opcode & 8;

	if (rsv)
		return WS_CLOSE_PROTOCOL; /* no extension was negotiated */
	if ((opcode > WS_OP_BINARY && opcode < WS_OP_CLOSE) ||
	    opcode > WS_OP_PONG)
		return WS_CLOSE_PROTOCOL;
	if (!masked)
		return WS_CLOSE_PROTOCOL; /* 5.1: clients always mask */
	if (control)
		return !fin || plen > WS_MAX_CONTROL ? WS_CLOSE_PROTOCOL : 0;
	if (opcode == WS_OP_CONT && !r->msg_opcode)
		return WS_CLOSE_PROTOCOL; /* nothing to continue */
	if (opcode != WS_OP_CONT && r->msg_opcode)
		return WS_CLOSE_PROTOCOL; /* the open message is unfinished */
	if (plen > WS_MAX_MESSAGE || r->msg_len + plen > WS_MAX_MESSAGE)
		return WS_CLOSE_TOO_BIG;
	return 0;
}

size_t ws_read(struct ws_reader *r, uint8_t *buf, size_t len,
	       struct ws_event *ev)
{
	size_t hlen, ext, i;
	uint64_t plen;
	int fin, rsv, opcode, masked, control;
	unsigned breach;

	memset(ev, 0, sizeof(*ev));
	ev->kind = WS_EV_NONE;
	if (r->failed == 2)
		return len; /* framing lost: everything is skipped */
	if (r->in_frame)
		return ws_read_payload(r, buf, len, ev);
	if (len < 2)
		return 0;
	fin = buf[0] >> 7;
	rsv = (buf[0] >> 4) & 7;
	opcode = buf[0] & 0xf;
	masked = buf[1] >> 7;
	plen = buf[1] & 0x7f;
	ext = plen == 126 ? 2 : plen == 127 ? 8 : 0;
	hlen = 2 + ext + (masked ? 4 : 0);
	if (len < hlen)
		return 0;
	if (ext) {
		plen = 0;
		for (i = 0; i < ext; i++)
			plen = plen << 8 | buf[2 + i];
		if (plen >> 63) {
			/* 5.2: the top bit must be 0.  No length: no framing.
			 */
			ws_fail(r, ev, WS_CLOSE_PROTOCOL, opcode);
			r->failed = 2;
			return len;
		}
		if ((ext == 2 && plen < 126) || (ext == 8 && plen <= 0xffff)) {
			/* 5.2: "the minimal number of bytes MUST be used". */
			if (!r->failed)
				ws_fail(r, ev, WS_CLOSE_PROTOCOL, opcode);
		}
	}
	if (masked)
		memcpy(r->mask, buf + hlen - 4, 4);
	else
		memset(r->mask, 0, 4);
	r->mask_pos = 0;
	control = opcode & 8;
	breach = ev->kind == WS_EV_ERROR
		     ? 0
		     : (r->failed ? 0
				  : ws_header_breach(r, fin, rsv, opcode,
						     masked, plen));
	if (breach)
		ws_fail(r, ev, breach, opcode);
	if (control && plen <= WS_MAX_CONTROL && ev->kind != WS_EV_ERROR) {
		/* Control frames are reported whole. */
		if (len - hlen < plen)
			return 0;
		ws_unmask(buf + hlen, (size_t)plen, r->mask, &r->mask_pos);
		ws_control(r, opcode, buf + hlen, (size_t)plen, ev);
		return hlen + (size_t)plen;
	}
	if (r->failed) {
		/* Keep the framing: skip this frame's payload. */
		r->frame_left = plen;
		r->in_frame = plen != 0;
		return hlen;
	}
	if (opcode != WS_OP_CONT) {
		r->msg_opcode = (uint8_t)opcode;
		r->msg_len = 0;
		r->utf8 = 0;
	}
	r->msg_len += plen;
	r->frame_fin = (uint8_t)fin;
	r->frame_left = plen;
	r->in_frame = plen != 0;
	if (plen == 0) {
		/* An empty frame is a piece of its own: it may end a message.
		 */
		ev->kind = WS_EV_DATA;
		ev->opcode = r->msg_opcode;
		ev->data = buf + hlen;
		if (fin)
			ws_message_end(r, ev);
	}
	return hlen;
}

/* Building frames */

size_t ws_frame_header_len(uint64_t len)
{
	return len < 126 ? 2 : len <= 0xffff ? 4 : 10;
}

size_t ws_frame_header(uint8_t *out, int opcode, int fin, uint64_t len)
{
	size_t i;

	out[0] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0xf));
	if (len < 126) {
		out[1] = (uint8_t)len;
		return 2;
	}
	if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (uint8_t)(len >> 8);
		out[3] = (uint8_t)len;
		return 4;
	}
	out[1] = 127;
	for (i = 0; i < 8; i++)
		out[2 + i] = (uint8_t)(len >> (56 - 8 * i));
	return 10;
}

size_t ws_close_frame(uint8_t *out, unsigned code, const char *reason)
{
	size_t rlen = reason ? strlen(reason) : 0;

	if (code == 0)
		return ws_frame_header(out, WS_OP_CLOSE, 1, 0);
	if (rlen > WS_MAX_CONTROL - 2)
		rlen = WS_MAX_CONTROL - 2;
	ws_frame_header(out, WS_OP_CLOSE, 1, 2 + rlen);
	out[2] = (uint8_t)(code >> 8);
	out[3] = (uint8_t)code;
	if (rlen)
		memcpy(out + 4, reason, rlen);
	return 4 + rlen;
}

/* The chat protocol: a strict JSON scanner that only finds things */

struct ws_json {
	const unsigned char *p;
	const unsigned char *end;
};

static void ws_json_space(struct ws_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int ws_json_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* A string, from its opening quote; returns 0 or -1. */
static int ws_json_string(struct ws_json *j)
{
	unsigned char c;
	int k;

	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	while (j->p < j->end) {
		c = *j->p++;
		if (c == '"')
			return 0;
		if (c < 0x20)
			return -1; /* control characters must be escaped */
		if (c != '\\')
			continue;
		if (j->p >= j->end)
			return -1;
		c = *j->p++;
		if (c == 'u') {
			for (k = 0; k < 4; k++)
				if (j->p >= j->end || !ws_json_hex(*j->p++))
					return -1;
		} else if (!memchr("\"\\/bfnrt", c, 8)) {
			return -1;
		}
	}
	return -1;
}

static int ws_json_digits(struct ws_json *j)
{
	const unsigned char *start = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start ? 0 : -1;
}

static int ws_json_number(struct ws_json *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (ws_json_digits(j))
		return -1;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (ws_json_digits(j))
			return -1;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (ws_json_digits(j))
			return -1;
	}
	return 0;
}

static int ws_json_literal(struct ws_json *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

/* Any value, with its containers checked down to depth levels. */
static int ws_json_value(struct ws_json *j, int depth)
{
	unsigned char open, close;

	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '"':
		return ws_json_string(j);
	case 't':
		return ws_json_literal(j, "true");
	case 'f':
		return ws_json_literal(j, "false");
	case 'n':
		return ws_json_literal(j, "null");
	case '{':
	case '[':
		break;
	default:
		return ws_json_number(j);
	}
	if (depth == 0)
		return -1;
	open = *j->p++;
	close = open == '{' ? '}' : ']';
	ws_json_space(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (open == '{') {
			if (ws_json_string(j))
				return -1;
			ws_json_space(j);
			if (j->p >= j->end || *j->p++ != ':')
				return -1;
			ws_json_space(j);
		}
		if (ws_json_value(j, depth - 1))
			return -1;
		ws_json_space(j);
		if (j->p >= j->end)
			return -1;
		if (*j->p == close) {
			j->p++;
			return 0;
		}
		if (*j->p++ != ',')
			return -1;
		ws_json_space(j);
	}
}

/* Whether the JSON text [a, b) is exactly the string literal lit. */
static int ws_json_is(const unsigned char *a, const unsigned char *b,
		      const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(b - a) == n && memcmp(a, lit, n) == 0;
}

int ws_chat_parse(const char *msg, size_t len, const char **payload,
		  size_t *payload_len)
{
	struct ws_json j = {(const unsigned char *)msg,
			    (const unsigned char *)msg + len};
	const unsigned char *key, *key_end, *val;
	const unsigned char *pay = NULL, *pay_end = NULL;
	int type = 0;

	ws_json_space(&j);
	if (j.p >= j.end || *j.p++ != '{')
		return WS_CHAT_BAD;
	ws_json_space(&j);
	for (;;) {
		key = j.p;
		if (ws_json_string(&j))
			return WS_CHAT_BAD;
		key_end = j.p;
		ws_json_space(&j);
		if (j.p >= j.end || *j.p++ != ':')
			return WS_CHAT_BAD;
		ws_json_space(&j);
		val = j.p;
		if (ws_json_value(&j, WS_CHAT_MAX_DEPTH))
			return WS_CHAT_BAD;
		if (ws_json_is(key, key_end, "\"type\"")) {
			if (type)
				return WS_CHAT_BAD; /* a second type */
			if (ws_json_is(val, j.p, "\"echo\""))
				type = WS_CHAT_ECHO;
			else if (ws_json_is(val, j.p, "\"broadcast\""))
				type = WS_CHAT_BROADCAST;
			else
				return WS_CHAT_BAD;
		} else if (ws_json_is(key, key_end, "\"payload\"")) {
			if (pay)
				return WS_CHAT_BAD; /* a second payload */
			pay = val;
			pay_end = j.p;
		}
		ws_json_space(&j);
		if (j.p >= j.end)
			return WS_CHAT_BAD;
		if (*j.p == '}')
			break;
		if (*j.p++ != ',')
			return WS_CHAT_BAD;
		ws_json_space(&j);
	}
	j.p++;
	ws_json_space(&j);
	if (j.p != j.end || !type || !pay)
		return WS_CHAT_BAD;
	*payload = (const char *)pay;
	*payload_len = (size_t)(pay_end - pay);
	return type;
}
