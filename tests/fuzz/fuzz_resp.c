/*
 * fuzz_resp.c - libFuzzer harness for loadgen's response head parser
 * (loadgen/resp.c), the code that reads every byte our servers and the
 * peers send back.
 *
 * The input is the bytes received so far, in an exact-size buffer so
 * AddressSanitizer sees any read past them.  Checked: resp_parse answers
 * RESP_INCOMPLETE, RESP_BAD or a head length; a head length is at least a
 * status line, within the bytes and RESP_HEAD_MAX, and ends in CRLF CRLF;
 * the fields are sane (a status of three digits, a length >= 0); the head
 * alone gives the same answer, and a prefix that cuts the head's end off
 * never gives a head (the engine calls again with more bytes, so an
 * answer must not depend on bytes after the head).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../loadgen/resp.h"

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_resp: %s:%d: %s: ", __FILE__,    \
				__LINE__, #cond);                              \
			fprintf(stderr, __VA_ARGS__);                          \
			fprintf(stderr, "\n");                                 \
			abort();                                               \
		}                                                              \
	} while (0)

/* resp_parse on an exact-size copy of buf[0..len). */
static int parse(const uint8_t *buf, size_t len, struct resp *r)
{
	char *copy = malloc(len ? len : 1);
	int n;

	if (!copy)
		abort();
	memcpy(copy, buf, len);
	n = resp_parse(copy, len, r);
	free(copy);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resp r, r2;
	size_t cut;
	int n, n2;

	memset(&r, 0x5a, sizeof(r));
	n = parse(data, size, &r);
	if (n < 0) {
		CHECK(n == RESP_BAD || n == RESP_INCOMPLETE, "answer %d", n);
		CHECK(n != RESP_INCOMPLETE || size <= RESP_HEAD_MAX,
		      "incomplete after %zu bytes", size);
		return 0;
	}
	CHECK(n >= 16 && (size_t)n <= size && n <= RESP_HEAD_MAX,
	      "head of %d in %zu bytes", n, size);
	CHECK(!memcmp(data + n - 4, "\r\n\r\n", 4), "head does not end");
	CHECK(memcmp(data, "HTTP/1.", 7) == 0, "no HTTP/1.");
	CHECK(r.status >= 0 && r.status <= 999, "status %d", r.status);
	CHECK(r.content_length >= 0, "length %lld",
	      (long long)r.content_length);
	CHECK(r.close == 0 || r.close == 1, "close %d", (int)r.close);

	memset(&r2, 0xa5, sizeof(r2));
	n2 = parse(data, (size_t)n, &r2);
	CHECK(n2 == n && r2.status == r.status &&
		  r2.content_length == r.content_length && r2.close == r.close,
	      "the head alone gives %d", n2);
	/* Prefixes that cut the head's end off: never a head. */
	for (cut = 1; cut <= 4 && cut <= (size_t)n; cut++) {
		n2 = parse(data, (size_t)n - cut, &r2);
		CHECK(n2 == RESP_INCOMPLETE || n2 == RESP_BAD,
		      "a head cut by %zu bytes gives %d", cut, n2);
	}
	n2 = parse(data, (size_t)n / 2, &r2);
	CHECK(n2 == RESP_INCOMPLETE || n2 == RESP_BAD, "half a head gives %d",
	      n2);
	return 0;
}
