/*
 * http.h - an incremental HTTP/1.1 request-head parser that never does I/O.
 *
 * In the spirit of picohttpparser: the caller hands in the bytes it has
 * buffered so far, the parser either finds a complete request head in them or
 * says it needs more.  It allocates nothing, keeps no state between calls and
 * touches no globals, so every thread of every model can share it.  All the
 * pointers it returns point into the caller's buffer.
 *
 * Limits (docs/DESIGN.md): a request line longer than HTTP_MAX_REQUEST_LINE is
 * answered 414, a head longer than HTTP_MAX_HEAD (or with more than
 * HTTP_MAX_HEADERS header lines) 431.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#define HTTP_MAX_REQUEST_LINE (4096)
#define HTTP_MAX_HEAD	      (8192)
#define HTTP_MAX_HEADERS      (64)

struct http_request {
	const char *method; /* "GET", "POST", ... (not NUL-terminated) */
	size_t method_len;
	const char *path; /* "/delay": the target up to '?' */
	size_t path_len;
	const char *query; /* "ms=10": after '?', or NULL when there is none */
	size_t query_len;
	int minor_version;   /* 0 for HTTP/1.0, 1 for HTTP/1.1 */
	int keep_alive;	     /* the version's default, changed by Connection: */
	int expect_continue; /* an Expect: 100-continue header came */
	long long content_length; /* -1 when there is no Content-Length */
};

/*
 * Parses the request head at the start of buf[0..len).
 *
 * Returns the length of the complete head (request line, headers and the
 * empty line) when there is one, 0 when the head is not complete yet (call
 * again with more bytes), or a negative HTTP status when the request is bad
 * and must be answered with that status and the connection closed:
 *   -400 malformed request line or header, invalid or duplicate
 *        Content-Length, Transfer-Encoding together with Content-Length
 *   -414 request line longer than HTTP_MAX_REQUEST_LINE
 *   -431 head longer than HTTP_MAX_HEAD or more than HTTP_MAX_HEADERS headers
 *   -501 Transfer-Encoding (we do not implement chunked bodies)
 *   -505 a well-formed version other than HTTP/1.0 and HTTP/1.1
 * Lines may end in CRLF or bare LF; empty lines before the request line
 * are skipped and count in the returned length.  *req is only meaningful
 * after a positive return.
 *
 * The answer never changes its mind: for any prefix of an input it is
 * either 0 or exactly the whole input's answer, so a caller may stop
 * reading as soon as it gets a non-zero answer.  When a request has several
 * problems, the one that shows first in the byte stream decides (http.c
 * lists the precedence).
 */
int http_parse_request(const char *buf, size_t len, struct http_request *req);

/*
 * Finds "name=value" in a query string ("ms=10&x=1") and parses value as a
 * decimal integer in [min, max]: digits only, no sign, no spaces.  Names
 * match exactly and the first pair with the name decides.  Returns 0 and
 * sets *out, or -1 (leaving *out alone) when the name is missing or the
 * value is not such an integer.  query may be NULL.
 */
int http_query_int(const char *query, size_t query_len, const char *name,
		   long long min, long long max, long long *out);

/* The reason phrase of a status code we send ("OK", "Not Found", ...). */
const char *http_reason(int status);

/* The length of an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
#define HTTP_DATE_LEN (29)

/*
 * Writes the IMF-fixdate (RFC 9110, 5.6.7) of unix_s, seconds since the
 * epoch in UTC, into out: exactly HTTP_DATE_LEN bytes, no NUL.  Pure
 * arithmetic: no locale, no time zone lock (gmtime_r takes one in glibc),
 * no static buffer.  Years 0 to 9999 only; others are clamped.
 */
void http_date(long long unix_s, char *out);

#endif
