/*
 * wscodec.h - the client's side of RFC 6455: the upgrade request, the
 * server's answer to it, and frames.
 *
 * Like resp.h, it never does I/O and never allocates: it takes the bytes
 * received so far and says how many a head or frame took, that more are
 * needed (WSCODEC_INCOMPLETE) or that they are not what a WebSocket
 * server sends (WSCODEC_BAD), pointing into the caller's buffer.
 *
 * Every connection sends RFC 6455's own sample key, so every handshake
 * must be answered with its known Sec-WebSocket-Accept; the server cannot
 * tell, and the load generator needs no SHA-1.
 */
#ifndef LOADGEN_WSCODEC_H
#define LOADGEN_WSCODEC_H

#include <stddef.h>
#include <stdint.h>

#define WSCODEC_INCOMPLETE (-2)
#define WSCODEC_BAD	   (-1)

/* An answer head longer than this is treated as bad. */
#define WSCODEC_HEAD_MAX (8 * 1024)

#define WSCODEC_TEXT  (0x1)
#define WSCODEC_CLOSE (0x8)
#define WSCODEC_PING  (0x9)
#define WSCODEC_PONG  (0xa)

struct wscodec_frame {
	int opcode;
	const char *payload; /* into the caller's buffer */
	size_t len;
};

/*
 * Writes the upgrade request for path on host:port into buf[0..cap).
 * Returns its length, or -1 when it does not fit.
 */
int wscodec_request(char *buf, size_t cap, const char *path, const char *host,
		    const char *port);

/*
 * Parses the answer to the upgrade at buf[0..len): "HTTP/1.1 101 " with
 * the sample key's Sec-WebSocket-Accept.  Returns the head's length,
 * WSCODEC_INCOMPLETE before its blank line, or WSCODEC_BAD for any other
 * answer, or when WSCODEC_HEAD_MAX bytes or more have no blank line.
 */
long wscodec_answer(const char *buf, size_t len);

/*
 * Parses one server frame at buf[0..len).  A server frame is unmasked,
 * unfragmented (FIN set), has no reserved bits and, head included, is at
 * most max bytes.  Returns the frame's whole length with f filled,
 * WSCODEC_INCOMPLETE, or WSCODEC_BAD.  The opcode is not judged.
 */
long wscodec_frame_parse(const char *buf, size_t len, size_t max,
			 struct wscodec_frame *f);

/* The bytes a client frame with an n-byte payload takes. */
size_t wscodec_frame_size(size_t n);

/*
 * Writes a client frame (FIN set, masked with mask) carrying p[0..n)
 * into out, which has room for wscodec_frame_size(n) bytes.  Returns
 * that size.
 */
size_t wscodec_frame_write(char *out, int opcode, const char *p, size_t n,
			   uint32_t mask);

#endif
