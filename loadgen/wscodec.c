/*
 * wscodec.c - the WebSocket upgrade and frames, client side.
 */
#include "wscodec.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WSCODEC_KEY    "dGhlIHNhbXBsZSBub25jZQ=="
#define WSCODEC_ACCEPT "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
#define WSCODEC_STATUS "HTTP/1.1 101 "
#define WSCODEC_FIELD  "sec-websocket-accept:"

int wscodec_request(char *buf, size_t cap, const char *path, const char *host,
		    const char *port)
{
	int n = snprintf(buf, cap,
			 "GET %s HTTP/1.1\r\nHost: %s:%s\r\n"
			 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
			 "Sec-WebSocket-Key: " WSCODEC_KEY "\r\n"
			 "Sec-WebSocket-Version: 13\r\n\r\n",
			 path, host, port);

	return n < 0 || (size_t)n >= cap ? -1 : n;
}

/* True when the field line at p (up to end) carries the right accept. */
static bool wscodec_accepts(const char *p, const char *end)
{
	size_t fl = sizeof(WSCODEC_FIELD) - 1, al = sizeof(WSCODEC_ACCEPT) - 1;

	if ((size_t)(end - p) < fl || strncasecmp(p, WSCODEC_FIELD, fl) != 0)
		return false;
	for (p += fl; p < end && *p == ' '; p++)
		;
	return (size_t)(end - p) >= al && memcmp(p, WSCODEC_ACCEPT, al) == 0;
}

long wscodec_answer(const char *buf, size_t len)
{
	const char *end = memmem(buf, len, "\r\n\r\n", 4), *h;
	size_t sl = sizeof(WSCODEC_STATUS) - 1;
	bool accepted = false;

	if (!end)
		return len >= WSCODEC_HEAD_MAX ? WSCODEC_BAD
					       : WSCODEC_INCOMPLETE;
	if (len < sl || memcmp(buf, WSCODEC_STATUS, sl) != 0)
		return WSCODEC_BAD;
	/* Each field starts after a '\n'; the last one ends at end. */
	for (h = memchr(buf, '\n', (size_t)(end - buf)); h;
	     h = memchr(h + 1, '\n', (size_t)(end - h - 1)))
		if (wscodec_accepts(h + 1, end))
			accepted = true;
	return accepted ? end + 4 - buf : WSCODEC_BAD;
}

long wscodec_frame_parse(const char *buf, size_t len, size_t max,
			 struct wscodec_frame *f)
{
	const uint8_t *b = (const uint8_t *)buf;
	uint64_t n;
	size_t hl, i;

	if (len < 2)
		return WSCODEC_INCOMPLETE;
	/* Masked, reserved bits, or fragmented: no server frame of ours. */
	if ((b[1] & 0x80) || (b[0] & 0x70) || !(b[0] & 0x80))
		return WSCODEC_BAD;
	n = b[1] & 0x7f;
	hl = n == 126 ? 4 : n == 127 ? 10 : 2;
	if (len < hl)
		return WSCODEC_INCOMPLETE;
	if (n == 126)
		n = (uint64_t)b[2] << 8 | b[3];
	else if (n == 127)
		for (n = 0, i = 2; i < 10; i++)
			n = n << 8 | b[i];
	if (n > max || n + hl > max)
		return WSCODEC_BAD;
	if (len < hl + n)
		return WSCODEC_INCOMPLETE;
	f->opcode = b[0] & 0xf;
	f->payload = buf + hl;
	f->len = (size_t)n;
	return (long)(hl + n);
}

size_t wscodec_frame_size(size_t n)
{
	return (n < 126 ? 2 : n <= 0xffff ? 4 : 10) + 4 + n;
}

size_t wscodec_frame_write(char *out, int opcode, const char *p, size_t n,
			   uint32_t mask)
{
	uint8_t *h = (uint8_t *)out, m[4];
	size_t i, hl = n < 126 ? 2 : n <= 0xffff ? 4 : 10;

	h[0] = (uint8_t)(0x80 | opcode);
	if (n < 126) {
		h[1] = (uint8_t)(0x80 | n);
	} else if (n <= 0xffff) {
		h[1] = 0x80 | 126;
		h[2] = (uint8_t)(n >> 8);
		h[3] = (uint8_t)n;
	} else {
		h[1] = 0x80 | 127;
		for (i = 0; i < 8; i++)
			h[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
	}
	memcpy(m, &mask, 4);
	memcpy(h + hl, m, 4);
	h += hl + 4;
	for (i = 0; i < n; i++)
		h[i] = (uint8_t)p[i] ^ m[i & 3];
	return hl + 4 + n;
}
