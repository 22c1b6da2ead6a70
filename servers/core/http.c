/*
 * http.c - the request-head parser of http.h.
 *
 * The parser keeps no state between calls, so a caller that has received
 * part of a head simply calls again with more bytes.  That only works if the
 * answer never changes its mind: for every prefix of an input the result
 * must be either 0 ("need more") or the very answer the whole input gets.
 * Everything below is arranged so that a decision is taken only when no
 * later byte can change it, and the tests check exactly that by feeding
 * every case byte by byte.
 *
 * The bytes are read once, in order, and the first problem found decides:
 *
 *   1. Empty lines before the request line are skipped (RFC 9112, 2.2);
 *      they count in the returned length and against HTTP_MAX_HEAD.  A
 *      bare CR, there or anywhere else, is 400.
 *   2. The request line is checked byte by byte as it arrives, so garbage
 *      (a TLS handshake, a bad method) is answered 400 at once instead of
 *      waiting for a line end that may never come.  Among its first
 *      HTTP_MAX_REQUEST_LINE bytes a byte that cannot continue a valid
 *      request line is 400; a line that goes on past that limit is 414
 *      (unless the byte right after the limit is a CR or LF the line
 *      cannot end with yet, which is 400);
 *      a complete, well-formed line with a version other than HTTP/1.0
 *      and HTTP/1.1 is 505.
 *   3. Each header line is checked when its line end arrives (memchr finds
 *      it): the (HTTP_MAX_HEADERS + 1)th header line is 431, then a
 *      malformed line, a bad or duplicate Content-Length, and Content-Length
 *      together with Transfer-Encoding (whichever comes second) are 400.
 *   4. Transfer-Encoding alone is 501 once the empty line ends the head: a
 *      Content-Length further down would have made it 400.
 *   5. A head that has not ended within the first HTTP_MAX_HEAD bytes is
 *      431, unless one of the above decided earlier.  This check is done
 *      by parsing only the first HTTP_MAX_HEAD bytes and answering 431 when
 *      they leave the head incomplete, which keeps it consistent with the
 *      rest for free: the answer depends on those bytes alone.
 */
#include "http.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

/*
 * The RFC 9110 token characters ("tchar": ALPHA, DIGIT and
 * !#$%&'*+-.^_`|~) as two 64-bit masks, one bit per ASCII code.  They are
 * constants rather than a lookup table because the core keeps no static
 * data at all.
 */
#define HTTP_TCHAR_LO (0x03ff6cfa00000000ULL) /* codes 0..63 */
#define HTTP_TCHAR_HI (0x57ffffffc7fffffeULL) /* codes 64..127 */

static inline int http_is_tchar(unsigned char c)
{
	if (c < 64)
		return (int)((HTTP_TCHAR_LO >> c) & 1);
	if (c < 128)
		return (int)((HTTP_TCHAR_HI >> (c - 64)) & 1);
	return 0;
}

/*
 * A request-target byte: anything visible, including bytes above 0x7f,
 * but no space and no control character.
 */
static inline int http_is_target_char(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

static inline int http_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Optional whitespace (OWS): space or horizontal tab. */
static inline int http_is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static inline unsigned char http_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Whether p[0..n) equals the lower-case string lower, ignoring case. */
static int http_equals_ci(const unsigned char *p, size_t n, const char *lower)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lower[i] == '\0' ||
		    http_lower(p[i]) != (unsigned char)lower[i])
			return 0;
	}
	return lower[n] == '\0';
}

/*
 * Parses p[0..n) as a non-empty run of decimal digits into *out.  No sign,
 * no spaces.  Returns 0, or -EINVAL for anything else and -ERANGE when the
 * value does not fit in a long long.
 */
static int http_parse_digits(const unsigned char *p, size_t n, long long *out)
{
	long long v = 0;
	size_t i;

	if (n == 0)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		int d;

		if (!http_is_digit(p[i]))
			return -EINVAL;
		d = p[i] - '0';
		if (v > (LLONG_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * Parses the request line at the start of b[0..n).  Returns the length of
 * the line with its line end, 0 when more bytes are needed, or a negative
 * status.
 *
 * Every loop stops at lim, the smaller of n and HTTP_MAX_REQUEST_LINE, so
 * no more than the allowed bytes are ever looked at as line content.  Ending
 * up at lim means either that the bytes ran out (need more) or that the
 * line is already too long; see short_line below.
 */
static int http_parse_request_line(const unsigned char *b, size_t n,
				   struct http_request *req)
{
	const char *prefix = "HTTP/";
	size_t lim = n < HTTP_MAX_REQUEST_LINE ? n : HTTP_MAX_REQUEST_LINE;
	size_t i = 0;
	size_t start;
	size_t k;
	int major;

	/* The method: one or more token characters, then one space. */
	while (i < lim && http_is_tchar(b[i]))
		i++;
	if (i == lim)
		goto short_line;
	if (i == 0 || b[i] != ' ')
		return -400;
	req->method = (const char *)b;
	req->method_len = i;
	i++;

	/* The target, in origin form: a path and an optional query. */
	if (i == lim)
		goto short_line;
	if (b[i] != '/')
		return -400;
	start = i;
	while (i < lim && http_is_target_char(b[i]) && b[i] != '?')
		i++;
	req->path = (const char *)b + start;
	req->path_len = i - start;
	req->query = NULL;
	req->query_len = 0;
	if (i < lim && b[i] == '?') {
		start = ++i;
		while (i < lim && http_is_target_char(b[i]))
			i++;
		req->query = (const char *)b + start;
		req->query_len = i - start;
	}
	if (i == lim)
		goto short_line;
	if (b[i] != ' ')
		return -400;
	i++;

	/* The version: exactly "HTTP/" DIGIT "." DIGIT. */
	for (k = 0; prefix[k] != '\0'; k++, i++) {
		if (i == lim)
			goto short_line;
		if (b[i] != (unsigned char)prefix[k])
			return -400;
	}
	if (i == lim)
		goto short_line;
	if (!http_is_digit(b[i]))
		return -400;
	major = b[i++] - '0';
	if (i == lim)
		goto short_line;
	if (b[i] != '.')
		return -400;
	i++;
	if (i == lim)
		goto short_line;
	if (!http_is_digit(b[i]))
		return -400;
	req->minor_version = b[i++] - '0';

	/*
	 * The line end, CRLF or a bare LF.  Its bytes do not count against
	 * the limit, so here i may equal HTTP_MAX_REQUEST_LINE and still be
	 * fine; any other byte there makes the line too long.
	 */
	if (i == n)
		return 0;
	if (b[i] == '\r') {
		if (i + 1 == n)
			return 0;
		if (b[i + 1] != '\n')
			return -400;
		i++;
	} else if (b[i] != '\n') {
		return i == HTTP_MAX_REQUEST_LINE ? -414 : -400;
	}
	if (major != 1 || req->minor_version > 1)
		return -505;
	return (int)(i + 1);

short_line:
	/*
	 * We stopped at lim in the middle of the line.  If that is because
	 * the bytes ran out, wait for more.  Otherwise HTTP_MAX_REQUEST_LINE
	 * acceptable bytes have been seen and the line has not ended: the
	 * byte after them would have to be a line end, which is malformed
	 * this early (400), or it makes the line too long (414).  Both
	 * answers depend only on bytes already seen, so more bytes cannot
	 * change them.
	 */
	if (n <= HTTP_MAX_REQUEST_LINE)
		return 0;
	if (b[HTTP_MAX_REQUEST_LINE] == '\r' ||
	    b[HTTP_MAX_REQUEST_LINE] == '\n')
		return -400;
	return -414;
}

/* What the headers seen so far said about the message. */
struct http_head_info {
	int has_length;	     /* a Content-Length was seen */
	int has_encoding;    /* a Transfer-Encoding was seen */
	int conn_close;	     /* Connection: close */
	int conn_keep;	     /* Connection: keep-alive */
	int expect_continue; /* Expect: 100-continue */
};

/*
 * Reads the comma-separated options of a Connection header.  Unknown
 * options (Upgrade, TE, ...) are ignored; they concern proxies.
 */
static void http_parse_connection(const unsigned char *v, size_t n,
				  struct http_head_info *info)
{
	size_t i = 0;

	while (i < n) {
		size_t start;
		size_t end;

		while (i < n && (v[i] == ',' || http_is_ows(v[i])))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && http_is_ows(v[end - 1]))
			end--;
		if (http_equals_ci(v + start, end - start, "close"))
			info->conn_close = 1;
		else if (http_equals_ci(v + start, end - start, "keep-alive"))
			info->conn_keep = 1;
	}
}

/*
 * Checks one header line, line[0..n) without its line end, and records what
 * it means.  Returns 0 or a negative status.
 */
static int http_parse_header(const unsigned char *line, size_t n,
			     struct http_request *req,
			     struct http_head_info *info)
{
	size_t i = 0;
	size_t name_len;
	const unsigned char *v;
	size_t v_len;

	/*
	 * A line that starts with whitespace continues the previous one
	 * (obs-fold).  RFC 9112, 5.2 lets a server reject it, and we do:
	 * unfolding would need a copy, and proxies disagree on what it means.
	 */
	if (http_is_ows(line[0]))
		return -400;
	while (i < n && http_is_tchar(line[i]))
		i++;
	/* No whitespace is allowed before the colon (RFC 9112, 5.1). */
	if (i == 0 || i == n || line[i] != ':')
		return -400;
	name_len = i++;

	while (i < n && http_is_ows(line[i]))
		i++;
	while (n > i && http_is_ows(line[n - 1]))
		n--;
	v = line + i;
	v_len = n - i;
	for (i = 0; i < v_len; i++) {
		if ((v[i] < ' ' && v[i] != '\t') || v[i] == 0x7f)
			return -400;
	}

	/*
	 * Only four names matter to us; comparing lengths first keeps every
	 * other header down to one switch.
	 */
	switch (name_len) {
	case 14:
		if (!http_equals_ci(line, name_len, "content-length"))
			break;
		if (info->has_length || info->has_encoding)
			return -400;
		if (http_parse_digits(v, v_len, &req->content_length) < 0)
			return -400;
		info->has_length = 1;
		break;
	case 17:
		if (!http_equals_ci(line, name_len, "transfer-encoding"))
			break;
		/* Both framings at once is the stuff of request smuggling. */
		if (info->has_length)
			return -400;
		info->has_encoding = 1;
		break;
	case 10:
		if (http_equals_ci(line, name_len, "connection"))
			http_parse_connection(v, v_len, info);
		break;
	case 6:
		/*
		 * 100-continue is the only expectation there is (RFC 9110,
		 * 10.1.1); any other is ignored rather than answered 417.
		 */
		if (http_equals_ci(line, name_len, "expect") &&
		    http_equals_ci(v, v_len, "100-continue"))
			info->expect_continue = 1;
		break;
	default:
		break;
	}
	return 0;
}

/*
 * Parses a head in b[0..len), where len never exceeds HTTP_MAX_HEAD: the
 * caller turns "incomplete within HTTP_MAX_HEAD bytes" into 431.
 */
static int http_parse_head(const unsigned char *b, size_t len,
			   struct http_request *req)
{
	struct http_head_info info = {0};
	size_t pos = 0;
	int headers = 0;
	int r;

	/* Empty lines before the request line are tolerated and skipped. */
	for (;;) {
		if (pos == len)
			return 0;
		if (b[pos] == '\n') {
			pos++;
		} else if (b[pos] == '\r') {
			if (pos + 1 == len)
				return 0;
			if (b[pos + 1] != '\n')
				return -400;
			pos += 2;
		} else {
			break;
		}
	}

	r = http_parse_request_line(b + pos, len - pos, req);
	if (r <= 0)
		return r;
	pos += (size_t)r;
	req->content_length = -1;

	for (;;) {
		const unsigned char *line = b + pos;
		const unsigned char *lf = memchr(line, '\n', len - pos);
		size_t n;

		if (lf == NULL)
			return 0;
		n = (size_t)(lf - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		pos = (size_t)(lf - b) + 1;
		if (n == 0)
			break;
		if (++headers > HTTP_MAX_HEADERS)
			return -431;
		r = http_parse_header(line, n, req, &info);
		if (r < 0)
			return r;
	}

	if (info.has_encoding)
		return -501;
	if (info.conn_close)
		req->keep_alive = 0;
	else if (info.conn_keep)
		req->keep_alive = 1;
	else
		req->keep_alive = req->minor_version >= 1;
	req->expect_continue = info.expect_continue;
	return (int)pos;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req)
{
	size_t view = len < HTTP_MAX_HEAD ? len : HTTP_MAX_HEAD;
	int r;

	r = http_parse_head((const unsigned char *)buf, view, req);
	if (r == 0 && len >= HTTP_MAX_HEAD)
		return -431;
	return r;
}

int http_query_int(const char *query, size_t query_len, const char *name,
		   long long min, long long max, long long *out)
{
	const unsigned char *q = (const unsigned char *)query;
	size_t name_len = strlen(name);
	size_t i = 0;

	if (query == NULL)
		return -1;
	while (i < query_len) {
		size_t start = i;
		size_t eq;
		long long v;

		while (i < query_len && q[i] != '&')
			i++;
		/* The pair is q[start..i); the name ends at the first '='. */
		eq = start;
		while (eq < i && q[eq] != '=')
			eq++;
		if (eq - start == name_len &&
		    memcmp(q + start, name, name_len) == 0) {
			/* The first pair with this name decides. */
			if (eq == i)
				return -1;
			if (http_parse_digits(q + eq + 1, i - eq - 1, &v) < 0)
				return -1;
			if (v < min || v > max)
				return -1;
			*out = v;
			return 0;
		}
		i++;
	}
	return -1;
}

const char *http_reason(int status)
{
	switch (status) {
	case 100:
		return "Continue";
	case 101:
		return "Switching Protocols";
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 426:
		return "Upgrade Required";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

/* Two decimal digits of v (0..99). */
static char *http_put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

void http_date(long long unix_s, char *out)
{
	/* Day and month names as one string each, three letters apiece. */
	const char *days = "ThuFriSatSunMonTueWed"; /* 1970-01-01: Thursday */
	const char *months = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long days_since, secs, z, era, doe, yoe, doy, mp;
	long long year, month, day;
	char *p = out;

	/* 0000-01-01 and 9999-12-31 23:59:59. */
	if (unix_s < -62167219200LL)
		unix_s = -62167219200LL;
	if (unix_s > 253402300799LL)
		unix_s = 253402300799LL;
	days_since = unix_s / 86400;
	secs = unix_s % 86400;
	if (secs < 0) {
		secs += 86400;
		days_since--;
	}
	/*
	 * Civil date from a day count: Howard Hinnant's days_to_civil, in
	 * 400-year eras of 146097 days that start on March 1st, so the leap
	 * day falls at the end of the year it belongs to.
	 */
	z = days_since + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	day = doy - (153 * mp + 2) / 5 + 1;
	month = mp < 10 ? mp + 3 : mp - 9;
	year = yoe + era * 400 + (month <= 2);

	memcpy(p, days + 3 * (((days_since % 7) + 7) % 7), 3);
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	p = http_put2(p, (int)day);
	*p++ = ' ';
	memcpy(p, months + 3 * (month - 1), 3);
	p += 3;
	*p++ = ' ';
	p = http_put2(p, (int)(year / 100));
	p = http_put2(p, (int)(year % 100));
	*p++ = ' ';
	p = http_put2(p, (int)(secs / 3600));
	*p++ = ':';
	p = http_put2(p, (int)(secs / 60 % 60));
	*p++ = ':';
	p = http_put2(p, (int)(secs % 60));
	memcpy(p, " GMT", 4);
}
