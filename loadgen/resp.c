/*
 * resp.c - the HTTP/1.x response head parser described in resp.h.
 */
#include "resp.h"

#include <string.h>
#include <strings.h>

/* Compares a header name of length n with a lower-case literal. */
static bool name_is(const char *name, size_t n, const char *lit, size_t litn)
{
	return n == litn && strncasecmp(name, lit, n) == 0;
}

/* True when the comma-separated value has the token "close". */
static bool has_close(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i + 5 <= n; i++)
		if (strncasecmp(v + i, "close", 5) == 0)
			return true;
	return false;
}

int resp_parse(const char *buf, size_t len, struct resp *r)
{
	const char *end, *p, *eol, *colon, *v;
	size_t head_len, vlen;
	int64_t cl = -1;
	bool keep_alive = false, http10;
	int i;

	end = memmem(buf, len, "\r\n\r\n", 4);
	if (!end) {
		/* Fail early on what can never become a status line. */
		if (len >= 5 && memcmp(buf, "HTTP/", 5) != 0)
			return RESP_BAD;
		return len > RESP_HEAD_MAX ? RESP_BAD : RESP_INCOMPLETE;
	}
	head_len = (size_t)(end - buf) + 4;
	if (head_len > RESP_HEAD_MAX)
		return RESP_BAD;
	/* "HTTP/1.x NNN" then a space or the end of the line. */
	if (head_len < 16 || memcmp(buf, "HTTP/1.", 7) != 0 ||
	    (buf[7] != '0' && buf[7] != '1') || buf[8] != ' ')
		return RESP_BAD;
	http10 = buf[7] == '0';
	r->status = 0;
	for (i = 9; i < 12; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return RESP_BAD;
		r->status = r->status * 10 + (buf[i] - '0');
	}
	if (buf[12] != ' ' && buf[12] != '\r')
		return RESP_BAD;
	r->close = false;
	p = (const char *)memchr(buf, '\n', head_len) + 1;
	while (p < end + 2) {
		eol = memchr(p, '\n', (size_t)(end + 4 - p));
		if (!eol || eol == p || eol[-1] != '\r')
			return RESP_BAD;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p)
			return RESP_BAD;
		v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		vlen = (size_t)(eol - 1 - v);
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		if (name_is(p, (size_t)(colon - p), "content-length", 14)) {
			size_t k;

			if (cl >= 0 || vlen == 0 || vlen > 15)
				return RESP_BAD;
			cl = 0;
			for (k = 0; k < vlen; k++) {
				if (v[k] < '0' || v[k] > '9')
					return RESP_BAD;
				cl = cl * 10 + (v[k] - '0');
			}
		} else if (name_is(p, (size_t)(colon - p), "connection", 10)) {
			if (has_close(v, vlen))
				r->close = true;
			else if (vlen == 10 &&
				 strncasecmp(v, "keep-alive", 10) == 0)
				keep_alive = true;
		} else if (name_is(p, (size_t)(colon - p), "transfer-encoding",
				   17)) {
			return RESP_BAD;
		}
		p = eol + 1;
	}
	if (http10 && !keep_alive)
		r->close = true;
	if (r->status < 200 || r->status == 204 || r->status == 304)
		cl = 0;
	r->content_length = cl;
	return cl < 0 ? RESP_BAD : (int)head_len;
}
