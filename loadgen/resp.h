/*
 * resp.h - parsing the head of an HTTP/1.x response.
 *
 * Like picohttpparser, it never does I/O and never allocates: it takes the
 * bytes received so far and says how many the head took, or that more are
 * needed, or that they are not an HTTP response.
 */
#ifndef LOADGEN_RESP_H
#define LOADGEN_RESP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A head longer than this is treated as malformed. */
#define RESP_HEAD_MAX (16384)

#define RESP_INCOMPLETE (-2)
#define RESP_BAD	(-1)

struct resp {
	int status;
	/* -1 when the response has no Content-Length. */
	int64_t content_length;
	/* The server will close after this response. */
	bool close;
};

/*
 * Parses the response head at buf[0..len).  Returns the head's length,
 * RESP_INCOMPLETE when the blank line has not arrived yet, or RESP_BAD
 * when the bytes cannot be an HTTP/1.x response head with a usable
 * length: a bad status line, a bad or repeated Content-Length,
 * Transfer-Encoding (our servers never send it), or a head over
 * RESP_HEAD_MAX.  A 1xx, 204 or 304 response has a length of 0.
 */
int resp_parse(const char *buf, size_t len, struct resp *r);

#endif
