/*
 * test_ws.c - the WebSocket core (servers/core/ws.c): handshake, frame
 * reader, frame writer, UTF-8 and the chat scanner.
 *
 * The reader is tested as http.c is: every stream is fed whole, then byte
 * by byte, then in random pieces, and each run must give the same
 * transcript of events.  Before every call the caller's unread bytes are
 * copied flush against an inaccessible page, so a read one byte too far
 * crashes instead of passing by luck.  The streams start with RFC 6455's
 * own examples (section 5.7) and then break every rule the reader knows,
 * each with the close code it must answer.
 *
 * The last tests drive a whole session (session.h) with no socket: the
 * upgrade, an echo, a broadcast handed to the "model" and pushed to other
 * sessions, the backlog cap and its close 1008, GET /chat.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../servers/core/session.h"
#include "../../servers/core/ws.h"
#include "tap.h"

/* The guarded area: `size` usable bytes followed by a PROT_NONE page. */
struct guard {
	uint8_t *base;
	size_t size;
};

static struct guard guard;

static void guard_init(size_t min_size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (min_size + page - 1) / page * page;
	void *p;

	p = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect((char *)p + size, page, PROT_NONE))
		abort();
	guard.base = p;
	guard.size = size;
}

/* Copies src[0..n) to end exactly at the inaccessible page. */
static uint8_t *guard_place(const uint8_t *src, size_t n)
{
	uint8_t *p = guard.base + guard.size - n;

	if (n > guard.size)
		abort();
	memmove(p, src, n);
	return p;
}

/* A growable byte string. */
struct buf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

static void buf_add(struct buf *b, const void *src, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/*
 * Appends a client frame to b.  mask NULL: unmasked.  ext forces the
 * length's encoding (0: shortest, 126 or 127: that form).  rsv is the
 * three reserved bits.
 */
static void frame(struct buf *b, int fin, int rsv, int opcode,
		  const uint8_t *mask, const void *payload, size_t len, int ext)
{
	uint8_t h[14];
	size_t n = 0, i;
	const uint8_t *p = payload;
	uint8_t c;

	h[n++] = (uint8_t)((fin ? 0x80 : 0) | rsv << 4 | opcode);
	if (!ext)
		ext = len < 126 ? 0 : len <= 0xffff ? 126 : 127;
	if (ext == 0) {
		h[n++] = (uint8_t)((mask ? 0x80 : 0) | len);
	} else if (ext == 126) {
		h[n++] = (uint8_t)((mask ? 0x80 : 0) | 126);
		h[n++] = (uint8_t)(len >> 8);
		h[n++] = (uint8_t)len;
	} else {
		h[n++] = (uint8_t)((mask ? 0x80 : 0) | 127);
		for (i = 0; i < 8; i++)
			h[n++] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
	}
	if (mask) {
		memcpy(h + n, mask, 4);
		n += 4;
	}
	buf_add(b, h, n);
	for (i = 0; i < len; i++) {
		c = p[i] ^ (mask ? mask[i % 4] : 0);
		buf_add(b, &c, 1);
	}
}

static const uint8_t key1[4] = {0x37, 0xfa, 0x21, 0x3d}; /* RFC 5.7's */

/* A masked client frame with key1: the usual case. */
static void mframe(struct buf *b, int fin, int opcode, const char *payload)
{
	frame(b, fin, 0, opcode, key1, payload, strlen(payload), 0);
}

static void close_frame(struct buf *b, unsigned code, const char *reason)
{
	uint8_t p[200];
	size_t n = 0;

	p[n++] = (uint8_t)(code >> 8);
	p[n++] = (uint8_t)code;
	memcpy(p + n, reason, strlen(reason));
	n += strlen(reason);
	frame(b, 1, 0, WS_OP_CLOSE, key1, p, n, 0);
}

/*
 * The transcript of a stream: one word per event, messages whole.
 * TEXT:<text> (TEXT#<len> when longer than 100 bytes) BINARY:<len>
 * PING:<data> PONG:<data> CLOSE:<code>:<reason> ERROR:<code>, separated by
 * spaces.
 */
struct reader_run {
	struct ws_reader r;
	struct buf pending; /* bytes given to the reader, not consumed yet */
	struct buf msg;	    /* the message being assembled */
	struct buf out;	    /* the transcript */
	int errors;
};

static void run_event(struct reader_run *rr, const struct ws_event *ev)
{
	char word[64];

	switch (ev->kind) {
	case WS_EV_NONE:
		return;
	case WS_EV_DATA:
		buf_add(&rr->msg, ev->data, ev->len);
		if (!ev->fin)
			return;
		if (ev->opcode == WS_OP_TEXT && rr->msg.len > 100) {
			/* Long texts are written by length. */
			snprintf(word, sizeof(word), " TEXT#%zu", rr->msg.len);
			buf_str(&rr->out, word);
		} else if (ev->opcode == WS_OP_TEXT) {
			buf_str(&rr->out, " TEXT:");
			buf_add(&rr->out, rr->msg.p, rr->msg.len);
		} else {
			snprintf(word, sizeof(word), " BINARY:%zu",
				 rr->msg.len);
			buf_str(&rr->out, word);
		}
		rr->msg.len = 0;
		return;
	case WS_EV_PING:
	case WS_EV_PONG:
		buf_str(&rr->out, ev->kind == WS_EV_PING ? " PING:" : " PONG:");
		buf_add(&rr->out, ev->data, ev->len);
		return;
	case WS_EV_CLOSE:
		snprintf(word, sizeof(word), " CLOSE:%u:", ev->code);
		buf_str(&rr->out, word);
		buf_add(&rr->out, ev->data, ev->len);
		return;
	case WS_EV_ERROR:
		snprintf(word, sizeof(word), " ERROR:%u", ev->code);
		buf_str(&rr->out, word);
		rr->msg.len = 0;
		rr->errors++;
		return;
	}
}

/* Hands n more bytes to the reader and takes every event they give. */
static void run_feed(struct reader_run *rr, const uint8_t *p, size_t n)
{
	struct ws_event ev;
	uint8_t *g;
	size_t used;

	buf_add(&rr->pending, p, n);
	for (;;) {
		g = guard_place(rr->pending.p, rr->pending.len);
		used = ws_read(&rr->r, g, rr->pending.len, &ev);
		if (used > rr->pending.len)
			abort();
		run_event(rr, &ev);
		memmove(rr->pending.p, rr->pending.p + used,
			rr->pending.len - used);
		rr->pending.len -= used;
		if (used == 0 && ev.kind == WS_EV_NONE)
			break;
	}
}

/* Feeds in[0..n) in pieces of `step` bytes (0: random sizes). */
static char *transcript(const uint8_t *in, size_t n, size_t step,
			unsigned *seed)
{
	struct reader_run rr;
	size_t i = 0, k;
	char *t;

	memset(&rr, 0, sizeof(rr));
	ws_reader_init(&rr.r);
	buf_str(&rr.out, "");
	while (i < n) {
		k = step ? step : 1 + (size_t)rand_r(seed) % 200;
		if (k > n - i)
			k = n - i;
		run_feed(&rr, in + i, k);
		i += k;
	}
	t = strdup(rr.out.len ? (char *)rr.out.p + 1 : "");
	buf_free(&rr.pending);
	buf_free(&rr.msg);
	buf_free(&rr.out);
	return t;
}

/* Checks one stream's transcript whole, byte by byte and in pieces. */
static void check_stream(const char *name, const struct buf *in,
			 const char *want)
{
	unsigned seed = 7;
	char *whole = transcript(in->p, in->len, in->len ? in->len : 1, &seed);
	char *bytes = transcript(in->p, in->len, 1, &seed);
	char *pieces = transcript(in->p, in->len, 0, &seed);
	int ok_whole = strcmp(whole, want) == 0;

	TAP_OK(ok_whole, "%s: whole gives \"%.80s\"", name, want);
	if (!ok_whole)
		printf("#   got \"%.200s\"\n", whole);
	TAP_OK(strcmp(bytes, want) == 0, "%s: byte by byte", name);
	TAP_OK(strcmp(pieces, want) == 0, "%s: random pieces", name);
	free(whole);
	free(bytes);
	free(pieces);
}

/* RFC 6455, section 5.7, and the rules around them. */
static void test_rfc_examples(void)
{
	static const uint8_t hello_unmasked[] = {0x81, 0x05, 0x48, 0x65,
						 0x6c, 0x6c, 0x6f};
	static const uint8_t hello_masked[] = {
	    0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
	static const uint8_t frag_unmasked[] = {0x01, 0x03, 0x48, 0x65, 0x6c,
						0x80, 0x02, 0x6c, 0x6f};
	static const uint8_t ping_unmasked[] = {0x89, 0x05, 0x48, 0x65,
						0x6c, 0x6c, 0x6f};
	static const uint8_t pong_masked[] = {
	    0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
	struct buf b = {0};
	uint8_t *big = malloc(65536 + 1);
	size_t i;

	for (i = 0; i <= 65536; i++)
		big[i] = (uint8_t)i;
	buf_add(&b, hello_masked, sizeof(hello_masked));
	check_stream("5.7 single-frame masked text \"Hello\"", &b,
		     "TEXT:Hello");
	b.len = 0;
	buf_add(&b, hello_unmasked, sizeof(hello_unmasked));
	check_stream("5.7 single-frame unmasked text: a client must mask", &b,
		     "ERROR:1002");
	b.len = 0;
	buf_add(&b, frag_unmasked, sizeof(frag_unmasked));
	check_stream("5.7 fragmented unmasked text: a client must mask", &b,
		     "ERROR:1002");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "Hel");
	mframe(&b, 1, WS_OP_CONT, "lo");
	check_stream("5.7 fragmented text, masked", &b, "TEXT:Hello");
	b.len = 0;
	buf_add(&b, ping_unmasked, sizeof(ping_unmasked));
	check_stream("5.7 unmasked ping: a client must mask", &b, "ERROR:1002");
	b.len = 0;
	mframe(&b, 1, WS_OP_PING, "Hello");
	check_stream("5.7 masked ping \"Hello\"", &b, "PING:Hello");
	b.len = 0;
	buf_add(&b, pong_masked, sizeof(pong_masked));
	check_stream("5.7 masked pong \"Hello\"", &b, "PONG:Hello");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_BINARY, key1, big, 256, 0);
	check_stream("5.7 256-byte binary, 16-bit length", &b, "BINARY:256");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_BINARY, key1, big, 65536, 0);
	check_stream("5.7 64 KiB binary, 64-bit length (the limit)", &b,
		     "BINARY:65536");
	buf_free(&b);
	free(big);
}

static void test_frames(void)
{
	static const uint8_t rsv_key[4] = {1, 2, 3, 4};
	struct buf b = {0};
	char *big = malloc(65537 + 1);
	char word[40];
	int op, bit;

	memset(big, 'a', 65537);
	big[65537] = 0;

	mframe(&b, 1, WS_OP_TEXT, "");
	check_stream("empty text message", &b, "TEXT:");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "");
	mframe(&b, 0, WS_OP_CONT, "");
	mframe(&b, 1, WS_OP_CONT, "abc");
	check_stream("empty fragments, then the text", &b, "TEXT:abc");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "Hel");
	mframe(&b, 1, WS_OP_PING, "x");
	mframe(&b, 1, WS_OP_PONG, "y");
	mframe(&b, 1, WS_OP_CONT, "lo");
	mframe(&b, 1, WS_OP_TEXT, "again");
	check_stream("control frames between fragments", &b,
		     "PING:x PONG:y TEXT:Hello TEXT:again");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_TEXT, rsv_key, "x", 1, 0);
	frame(&b, 1, 0, WS_OP_TEXT, key1, "y", 1, 0);
	check_stream("two mask keys", &b, "TEXT:x TEXT:y");
	b.len = 0;
	mframe(&b, 1, WS_OP_BINARY, "\xff\xfe");
	check_stream("binary is not UTF-8 checked", &b, "BINARY:2");

	for (bit = 1; bit <= 4; bit <<= 1) {
		b.len = 0;
		frame(&b, 1, bit, WS_OP_TEXT, key1, "x", 1, 0);
		snprintf(word, sizeof(word), "reserved bit %d set", bit);
		check_stream(word, &b, "ERROR:1002");
	}
	for (op = 3; op <= 15; op++) {
		if (op >= WS_OP_CLOSE && op <= WS_OP_PONG)
			continue;
		b.len = 0;
		frame(&b, 1, 0, op, key1, "x", 1, 0);
		snprintf(word, sizeof(word), "reserved opcode %d", op);
		check_stream(word, &b, "ERROR:1002");
	}
	b.len = 0;
	frame(&b, 1, 0, WS_OP_PING, key1, big, 126, 0);
	check_stream("126-byte ping", &b, "ERROR:1002");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_PING, key1, big, 125, 0);
	check_stream(
	    "125-byte ping (the limit)", &b,
	    "PING:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaa");
	b.len = 0;
	mframe(&b, 0, WS_OP_PING, "x");
	check_stream("fragmented ping", &b, "ERROR:1002");
	b.len = 0;
	mframe(&b, 1, WS_OP_CONT, "x");
	check_stream("continuation with no message open", &b, "ERROR:1002");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "x");
	mframe(&b, 1, WS_OP_TEXT, "y");
	check_stream("new message while one is open", &b, "ERROR:1002");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_TEXT, key1, "hello", 5, 126);
	check_stream("length not in its shortest form (16-bit)", &b,
		     "ERROR:1002");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_TEXT, key1, big, 200, 127);
	check_stream("length not in its shortest form (64-bit)", &b,
		     "ERROR:1002");
	b.len = 0;
	buf_add(&b, "\x81\xff\x80\x00\x00\x00\x00\x00\x00\x01", 10);
	mframe(&b, 1, WS_OP_TEXT, "never seen");
	check_stream("length with the top bit set: framing lost", &b,
		     "ERROR:1002");

	b.len = 0;
	frame(&b, 1, 0, WS_OP_TEXT, key1, big, 65537, 0);
	check_stream("65537-byte message", &b, "ERROR:1009");
	b.len = 0;
	frame(&b, 0, 0, WS_OP_TEXT, key1, big, 40000, 0);
	frame(&b, 1, 0, WS_OP_CONT, key1, big, 25537, 0);
	check_stream("fragments adding up to 65537 bytes", &b, "ERROR:1009");
	b.len = 0;
	frame(&b, 0, 0, WS_OP_TEXT, key1, big, 40000, 0);
	frame(&b, 1, 0, WS_OP_CONT, key1, big, 25536, 0);
	check_stream("fragments adding up to 65536 bytes (the limit)", &b,
		     "TEXT#65536");
	buf_free(&b);
	free(big);
}

/* UTF-8 in text messages, checked as the pieces arrive. */
static void test_utf8_messages(void)
{
	struct buf b = {0};

	mframe(&b, 1, WS_OP_TEXT,
	       "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
	check_stream("UTF-8 text (Greek)", &b,
		     "TEXT:\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "\xce");
	mframe(&b, 0, WS_OP_CONT, "\xba\xe1");
	mframe(&b, 1, WS_OP_CONT, "\xbd\xb9");
	check_stream("characters split across fragments are fine", &b,
		     "TEXT:\xce\xba\xe1\xbd\xb9");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "ok\xff");
	check_stream("bad UTF-8 in a single frame", &b, "ERROR:1007");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "fine so far");
	mframe(&b, 0, WS_OP_CONT, "\xc0\x80");
	mframe(&b, 1, WS_OP_CONT, "never reached");
	check_stream("bad UTF-8 in a middle fragment fails there", &b,
		     "ERROR:1007");
	b.len = 0;
	mframe(&b, 0, WS_OP_TEXT, "ends inside a character \xe1\xbd");
	mframe(&b, 1, WS_OP_CONT, "");
	check_stream("text that ends inside a character", &b, "ERROR:1007");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "\xed\xa0\x80");
	check_stream("a UTF-16 surrogate (ED A0 80)", &b, "ERROR:1007");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "\xf4\x90\x80\x80");
	check_stream("past U+10FFFF (F4 90 80 80)", &b, "ERROR:1007");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "\xe0\x80\xaf");
	check_stream("overlong (E0 80 AF)", &b, "ERROR:1007");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "\xf4\x8f\xbf\xbf");
	check_stream("U+10FFFF itself", &b, "TEXT:\xf4\x8f\xbf\xbf");
	buf_free(&b);
}

/* The close handshake, and what comes after an error. */
static void test_close(void)
{
	static const unsigned bad[] = {0,    999,  1004, 1005, 1006,
				       1015, 1016, 2999, 5000, 65535};
	static const unsigned good[] = {1000, 1001, 1002, 1003, 1007,
					1011, 1014, 3000, 4999};
	struct buf b = {0};
	char name[64], want[64];
	size_t i;

	frame(&b, 1, 0, WS_OP_CLOSE, key1, "", 0, 0);
	check_stream("empty close: no status (1005)", &b, "CLOSE:1005:");
	b.len = 0;
	close_frame(&b, 1000, "bye");
	check_stream("close 1000 with a reason", &b, "CLOSE:1000:bye");
	b.len = 0;
	frame(&b, 1, 0, WS_OP_CLOSE, key1, "\x03", 1, 0);
	check_stream("close with a 1-byte payload", &b, "ERROR:1002");
	b.len = 0;
	close_frame(&b, 1000, "\xff");
	check_stream("close reason with bad UTF-8", &b, "ERROR:1007");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b.len = 0;
		close_frame(&b, bad[i], "");
		snprintf(name, sizeof(name), "close code %u may not be sent",
			 bad[i]);
		check_stream(name, &b, "ERROR:1002");
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		b.len = 0;
		close_frame(&b, good[i], "");
		snprintf(name, sizeof(name), "close code %u", good[i]);
		snprintf(want, sizeof(want), "CLOSE:%u:", good[i]);
		check_stream(name, &b, want);
	}
	/* After an error the reader skips frames but still sees a close. */
	b.len = 0;
	buf_add(&b, "\x81\x05Hello", 7);
	mframe(&b, 1, WS_OP_TEXT, "skipped");
	mframe(&b, 1, WS_OP_PING, "skipped too");
	close_frame(&b, 1000, "");
	check_stream("unmasked frame, then the client's close", &b,
		     "ERROR:1002 CLOSE:1000:");
	b.len = 0;
	{
		char *big = calloc(1, 70000);

		frame(&b, 1, 0, WS_OP_TEXT, key1, big, 70000, 0);
		free(big);
	}
	close_frame(&b, 1009, "");
	check_stream("oversized message skipped, then the close", &b,
		     "ERROR:1009 CLOSE:1009:");
	b.len = 0;
	mframe(&b, 1, WS_OP_TEXT, "\xff\xfe in the middle of a long frame");
	close_frame(&b, 1007, "");
	check_stream("bad UTF-8: the rest of the frame skipped, then the close",
		     &b, "ERROR:1007 CLOSE:1007:");
	buf_free(&b);
}

static void test_utf8_function(void)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
	    {"", 1},
	    {"plain ASCII, longer than eight bytes", 1},
	    {"\x7f", 1},
	    {"\xc2\x80", 1},
	    {"\xdf\xbf", 1},
	    {"\xe0\xa0\x80", 1},
	    {"\xef\xbf\xbf", 1},
	    {"\xf0\x90\x80\x80", 1},
	    {"\xf4\x8f\xbf\xbf", 1},
	    {"\x80", 0},
	    {"\xbf", 0},
	    {"\xc0\xaf", 0},
	    {"\xc1\xbf", 0},
	    {"\xc2", 0},
	    {"\xc2\x41", 0},
	    {"\xe0\x9f\xbf", 0},
	    {"\xed\xbf\xbf", 0},
	    {"\xf0\x8f\xbf\xbf", 0},
	    {"\xf4\x90\x80\x80", 0},
	    {"\xf5\x80\x80\x80", 0},
	    {"\xfe", 0},
	    {"\xff", 0},
	    {"abcdefgh\xe2\x82\xac"
	     "abcdefgh",
	     1},
	    {"abcdefg\xe2\x82", 0},
	};
	size_t i, k, n;
	uint32_t st;
	int whole, bytes, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = strlen(cases[i].s);
		st = 0;
		whole =
		    ws_utf8_check(&st, (const uint8_t *)cases[i].s, n) == 0 &&
		    st == 0;
		st = 0;
		bad = 0;
		for (k = 0; k < n && !bad; k++)
			bad = ws_utf8_check(&st,
					    (const uint8_t *)cases[i].s + k, 1);
		bytes = !bad && st == 0;
		TAP_OK(whole == cases[i].ok && bytes == cases[i].ok,
		       "UTF-8 case %zu is %s, whole and byte by byte", i,
		       cases[i].ok ? "valid" : "invalid");
	}
}

/* Random streams: whole, byte by byte and pieces always agree. */
static void test_random_streams(void)
{
	static const int ops[] = {
	    WS_OP_CONT, WS_OP_TEXT, WS_OP_BINARY, WS_OP_CLOSE, WS_OP_PING,
	    WS_OP_PONG, 3};
	unsigned seed = 12345, s2;
	struct buf b = {0};
	uint8_t payload[300], mask[4];
	char *a, *c, *d;
	int i, f, nframes, agree = 0, errors = 0;
	size_t len, k;

	for (i = 0; i < 3000; i++) {
		b.len = 0;
		nframes = 1 + rand_r(&seed) % 6;
		for (f = 0; f < nframes; f++) {
			len = (size_t)(rand_r(&seed) % 4 == 0
					   ? rand_r(&seed) % 300
					   : rand_r(&seed) % 20);
			for (k = 0; k < len; k++)
				payload[k] = (uint8_t)(rand_r(&seed) % 4
							   ? (int)('a' + k % 26)
							   : rand_r(&seed));
			for (k = 0; k < 4; k++)
				mask[k] = (uint8_t)rand_r(&seed);
			frame(&b, rand_r(&seed) % 3 != 0,
			      rand_r(&seed) % 30 == 0, ops[rand_r(&seed) % 7],
			      rand_r(&seed) % 20 ? mask : NULL, payload, len,
			      0);
		}
		/* Sometimes a flipped bit anywhere in the stream. */
		if (rand_r(&seed) % 3 == 0 && b.len)
			b.p[rand_r(&seed) % b.len] ^=
			    (uint8_t)(1 << rand_r(&seed) % 8);
		s2 = seed;
		a = transcript(b.p, b.len, b.len ? b.len : 1, &s2);
		c = transcript(b.p, b.len, 1, &s2);
		d = transcript(b.p, b.len, 0, &s2);
		if (strcmp(a, c) == 0 && strcmp(a, d) == 0)
			agree++;
		else
			printf("# stream %d: \"%s\" / \"%s\" / \"%s\"\n", i, a,
			       c, d);
		errors += strstr(a, "ERROR") != NULL;
		free(a);
		free(c);
		free(d);
	}
	TAP_OK(agree == 3000,
	       "3000 random streams (%d with an error): whole, byte by byte "
	       "and random pieces agree (%d did)",
	       errors, agree);
	buf_free(&b);
}

static void test_writer(void)
{
	uint8_t out[WS_MAX_CLOSE_FRAME + 16];
	size_t n;

	n = ws_frame_header(out, WS_OP_TEXT, 1, 5);
	TAP_OK(n == 2 && out[0] == 0x81 && out[1] == 0x05,
	       "5.7: server \"Hello\" text header is 81 05");
	n = ws_frame_header(out, WS_OP_PONG, 1, 5);
	TAP_OK(n == 2 && out[0] == 0x8a && out[1] == 0x05,
	       "5.7: unmasked pong header is 8a 05");
	n = ws_frame_header(out, WS_OP_TEXT, 0, 3);
	TAP_OK(n == 2 && out[0] == 0x01 && out[1] == 0x03,
	       "5.7: first fragment header is 01 03");
	n = ws_frame_header(out, WS_OP_BINARY, 1, 256);
	TAP_OK(n == 4 && memcmp(out, "\x82\x7e\x01\x00", 4) == 0,
	       "5.7: 256-byte binary header is 82 7E 0100");
	n = ws_frame_header(out, WS_OP_BINARY, 1, 65536);
	TAP_OK(n == 10 &&
		   memcmp(out, "\x82\x7f\x00\x00\x00\x00\x00\x01\x00\x00",
			  10) == 0,
	       "5.7: 64 KiB binary header is 82 7F 0000000000010000");
	TAP_OK(ws_frame_header_len(125) == 2 && ws_frame_header_len(126) == 4 &&
		   ws_frame_header_len(65535) == 4 &&
		   ws_frame_header_len(65536) == 10,
	       "header lengths at the boundaries");
	n = ws_close_frame(out, WS_CLOSE_TOO_BIG, "too big");
	TAP_OK(n == 11 && memcmp(out, "\x88\x09\x03\xf1too big", 11) == 0,
	       "close frame 1009 with a reason");
	n = ws_close_frame(out, 0, "ignored");
	TAP_OK(n == 2 && out[0] == 0x88 && out[1] == 0, "empty close frame");
	{
		char reason[300];

		memset(reason, 'r', sizeof(reason) - 1);
		reason[sizeof(reason) - 1] = 0;
		n = ws_close_frame(out, 1000, reason);
		TAP_OK(n == 2 + WS_MAX_CONTROL && out[1] == WS_MAX_CONTROL,
		       "a long close reason is cut to fit 125 bytes");
	}
}

static const char *rfc_head = "GET /chat HTTP/1.1\r\n"
			      "Host: server.example.com\r\n"
			      "Upgrade: websocket\r\n"
			      "Connection: Upgrade\r\n"
			      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
			      "Origin: http://example.com\r\n"
			      "Sec-WebSocket-Protocol: chat, superchat\r\n"
			      "Sec-WebSocket-Version: 13\r\n"
			      "\r\n";

static void test_handshake(void)
{
	static const struct {
		const char *name;
		const char *head;
		int minor;
		int want;
	} cases[] = {
	    {"browser style (Connection: keep-alive, Upgrade; case)",
	     "GET /ws HTTP/1.1\r\nhost: x\r\nconnection: keep-alive, "
	     "Upgrade\r\n"
	     "upgrade: WebSocket\r\nsec-websocket-version: 13\r\n"
	     "sec-websocket-key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 0},
	    {"bare LF line ends",
	     "GET /ws HTTP/1.1\nUpgrade: websocket\nConnection: upgrade\n"
	     "Sec-WebSocket-Version: 13\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\n\n",
	     1, 0},
	    {"no Upgrade header: 426",
	     "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 426},
	    {"Upgrade to something else: 426",
	     "GET /ws HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 426},
	    {"version 8: 426",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 8\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 426},
	    {"no version: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"two versions: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"Connection without upgrade: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: close\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"Connection: upgrades is not upgrade: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: "
	     "upgrades\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"no key: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n\r\n",
	     1, 400},
	    {"two keys: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"a key of 15 bytes: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4P\r\n\r\n",
	     1, 400},
	    {"a key that is not base64: 400",
	     "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCg*MDQ4PEA==\r\n\r\n",
	     1, 400},
	    {"HTTP/1.0: 400",
	     "GET /ws HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	     "Sec-WebSocket-Version: 13\r\n"
	     "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n",
	     0, 400},
	};
	const char *key = NULL;
	char accept[WS_ACCEPT_LEN + 1] = {0};
	size_t i;
	int r;

	r = ws_handshake(rfc_head, strlen(rfc_head), 1, &key);
	TAP_OK(r == 0 && key &&
		   memcmp(key, "dGhlIHNhbXBsZSBub25jZQ==", 24) == 0,
	       "1.3: the RFC's handshake is accepted and its key found");
	ws_accept("dGhlIHNhbXBsZSBub25jZQ==", accept);
	TAP_OK(strcmp(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == 0,
	       "1.3: key dGhlIHNhbXBsZSBub25jZQ== gives accept "
	       "s3pPLMBiTxaQ9kYGzzhZRbK+xOo= (got %s)",
	       accept);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		key = NULL;
		r = ws_handshake(cases[i].head, strlen(cases[i].head),
				 cases[i].minor, &key);
		TAP_OK(r == cases[i].want && (r != 0 || key != NULL),
		       "handshake: %s (got %d)", cases[i].name, r);
	}
}

/* The first 50 bytes of s, control characters shown as '.'. */
static const char *printable(const char *s)
{
	static char out[51];
	size_t i;

	for (i = 0; i < 50 && s[i]; i++)
		out[i] = (unsigned char)s[i] < 0x20 ? '.' : s[i];
	out[i] = 0;
	return out;
}

static void test_chat(void)
{
	static const struct {
		const char *msg;
		int type;
		const char *payload;
	} cases[] = {
	    {"{\"type\":\"echo\",\"payload\":\"hi\"}", WS_CHAT_ECHO, "\"hi\""},
	    {"{\"type\":\"broadcast\",\"payload\":42}", WS_CHAT_BROADCAST,
	     "42"},
	    {" {\r\n \"payload\" : {\"a\":[1,2.5e-3,true,false,null]} ,\t"
	     "\"type\" : \"broadcast\" } ",
	     WS_CHAT_BROADCAST, "{\"a\":[1,2.5e-3,true,false,null]}"},
	    {"{\"type\":\"echo\",\"x\":1,\"payload\":[],\"y\":{}}",
	     WS_CHAT_ECHO, "[]"},
	    {"{\"type\":\"echo\",\"payload\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t"
	     "\\u00e9\xc3\xa9\"}",
	     WS_CHAT_ECHO, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\xc3\xa9\""},
	    {"{\"type\":\"echo\",\"payload\":-0.5E+10}", WS_CHAT_ECHO,
	     "-0.5E+10"},
	    {"", WS_CHAT_BAD, NULL},
	    {"[]", WS_CHAT_BAD, NULL},
	    {"{}", WS_CHAT_BAD, NULL},
	    {"{\"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\"}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"subscribe\",\"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":1,\"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"Echo\",\"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"type\":\"echo\",\"payload\":1}", WS_CHAT_BAD,
	     NULL},
	    {"{\"type\":\"echo\",\"payload\":1,\"payload\":2}", WS_CHAT_BAD,
	     NULL},
	    {"{\"type\":\"echo\",\"payload\":1} x", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":1,}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":01}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":1.}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":.5}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":1e}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":-}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":tru}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":\"\\x\"}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":\"\\u12\"}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":\"tab\there\"}", WS_CHAT_BAD,
	     NULL},
	    {"{\"type\":\"echo\",\"payload\":\"open}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":[1,2}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":{\"a\"}}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":{1:2}}", WS_CHAT_BAD, NULL},
	    {"{type:\"echo\",\"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\" \"payload\":1}", WS_CHAT_BAD, NULL},
	    {"{\"type\":\"echo\",\"payload\":1", WS_CHAT_BAD, NULL},
	};
	char deep[200];
	const char *p;
	size_t i, n, pl;
	int r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = NULL;
		pl = 0;
		r = ws_chat_parse(cases[i].msg, strlen(cases[i].msg), &p, &pl);
		TAP_OK(r == cases[i].type &&
			   (r == WS_CHAT_BAD ||
			    (pl == strlen(cases[i].payload) &&
			     memcmp(p, cases[i].payload, pl) == 0)),
		       "chat: case %zu gives %d (got %d): %s", i, cases[i].type,
		       r, printable(cases[i].msg));
		/* Every proper prefix of a message is not a message. */
		if (r != WS_CHAT_BAD) {
			int prefixes_bad = 1;

			for (n = 0; n < strlen(cases[i].msg); n++)
				if (ws_chat_parse(cases[i].msg, n, &p, &pl) !=
					WS_CHAT_BAD &&
				    cases[i].msg[n] != ' ')
					prefixes_bad = 0;
			TAP_OK(prefixes_bad, "chat: case %zu cut short is bad",
			       i);
		}
	}
	/* Nesting: WS_CHAT_MAX_DEPTH levels pass, one more does not. */
	for (int depth = WS_CHAT_MAX_DEPTH; depth <= WS_CHAT_MAX_DEPTH + 1;
	     depth++) {
		n = (size_t)snprintf(deep, sizeof(deep),
				     "{\"type\":\"echo\",\"payload\":");
		for (int d = 0; d < depth; d++)
			deep[n++] = '[';
		for (int d = 0; d < depth; d++)
			deep[n++] = ']';
		deep[n++] = '}';
		r = ws_chat_parse(deep, n, &p, &pl);
		TAP_OK(r == (depth <= WS_CHAT_MAX_DEPTH ? WS_CHAT_ECHO
							: WS_CHAT_BAD),
		       "chat: payload nested %d deep is %s", depth,
		       depth <= WS_CHAT_MAX_DEPTH ? "accepted" : "refused");
	}
}

/* Sessions: the model's side, with no socket */

static struct config ws_cfg = {
    .proto = PROTO_HTTP,
    .idle_timeout_s = 60,
    .header_timeout_s = 10,
    .protocols = PROTOCOL_WS,
};
static struct stats ws_stats;

/* Hands n bytes to s, step bytes at a time (the model's reads). */
static void sess_feed(struct session *s, const void *p, size_t n, size_t step)
{
	const char *q = p;
	size_t room, k;
	char *dst;

	while (n) {
		dst = session_rbuf(s, &room);
		if (!dst)
			return; /* it wants no input now */
		k = n < step ? n : step;
		k = k < room ? k : room;
		memcpy(dst, q, k);
		session_received(s, k);
		q += k;
		n -= k;
	}
}

/* Takes everything s has to send (the model's writes). */
static void sess_drain(struct session *s, struct buf *out)
{
	const char *p;
	size_t len;

	while ((p = session_wbuf(s, &len)) != NULL && len) {
		buf_add(out, p, len);
		session_sent(s, len);
	}
}

/*
 * Splits server frames off the front of b: returns the next one's opcode
 * and payload in *pl (payload length *n), or -1 when none is whole.
 */
static int next_frame(struct buf *b, size_t *off, const uint8_t **pl, size_t *n)
{
	const uint8_t *p = b->p + *off;
	size_t left = b->len - *off, hl = 2, len;

	if (left < 2 || (p[1] & 0x80))
		return -1;
	len = p[1] & 0x7f;
	if (len == 126) {
		hl = 4;
		len = left >= 4 ? (size_t)p[2] << 8 | p[3] : 0;
	} else if (len == 127) {
		hl = 10;
		len = 0;
		for (size_t i = 2; i < 10 && left >= 10; i++)
			len = len << 8 | p[i];
	}
	if (left < hl + len)
		return -1;
	*pl = p + hl;
	*n = len;
	*off += hl + len;
	return p[0] & 0xf;
}

static const char ws_request[] =
    "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";

/* A session after a good upgrade; *off skips the 101 in out. */
static void sess_open(struct session *s, struct buf *out, size_t *off)
{
	char *end;

	session_init(s, &ws_cfg, &ws_stats);
	sess_feed(s, ws_request, strlen(ws_request), 1000);
	sess_drain(s, out);
	end = out->len ? strstr((char *)out->p, "\r\n\r\n") : NULL;
	*off = end ? (size_t)(end + 4 - (char *)out->p) : out->len;
}

static void test_session_upgrade(void)
{
	struct session s;
	struct buf in = {0}, out = {0};
	const uint8_t *pl;
	size_t off, n, step;
	int op, ok_all = 1;

	for (step = 1; step <= 1000; step = step == 1 ? 7 : step * 10) {
		session_init(&s, &ws_cfg, &ws_stats);
		in.len = out.len = 0;
		/* The handshake and two frames right behind it, in one go. */
		buf_str(&in, ws_request);
		mframe(&in, 1, WS_OP_TEXT, "{\"type\":\"echo\",\"payload\":1}");
		mframe(&in, 1, WS_OP_PING, "hi");
		sess_feed(&s, in.p, in.len, step);
		sess_drain(&s, &out);
		off = 0;
		if (!strstr((char *)out.p,
			    "HTTP/1.1 101 Switching Protocols\r\n") ||
		    !strstr((char *)out.p, "Sec-WebSocket-Accept: "
					   "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
			ok_all = 0;
		off = (size_t)(strstr((char *)out.p, "\r\n\r\n") + 4 -
			       (char *)out.p);
		op = next_frame(&out, &off, &pl, &n);
		if (op != WS_OP_TEXT ||
		    n != strlen("{\"type\":\"echo\",\"payload\":1}"))
			ok_all = 0;
		op = next_frame(&out, &off, &pl, &n);
		if (op != WS_OP_PONG || n != 2 || memcmp(pl, "hi", 2) != 0)
			ok_all = 0;
		if (!session_is_subscriber(&s) ||
		    session_deadline(&s) != INT64_MAX)
			ok_all = 0;
		session_free(&s);
	}
	TAP_OK(ok_all, "session: 101 with the accept, then echo and pong, "
		       "fed 1, 7, 10, 100, 1000 bytes at a time; no idle "
		       "deadline");

	/* Without PROTOCOL_WS in the model's about: 404, as before. */
	ws_cfg.protocols = 0;
	session_init(&s, &ws_cfg, &ws_stats);
	out.len = 0;
	sess_feed(&s, ws_request, strlen(ws_request), 1000);
	sess_drain(&s, &out);
	TAP_OK(out.len && strncmp((char *)out.p, "HTTP/1.1 404", 12) == 0 &&
		   !session_is_subscriber(&s),
	       "session: a model without \"ws\" answers GET /ws with 404");
	session_free(&s);
	ws_cfg.protocols = PROTOCOL_WS;

	/* A bad handshake: 400, closing. */
	session_init(&s, &ws_cfg, &ws_stats);
	out.len = 0;
	{
		static const char no_key[] =
		    "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n"
		    "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n";

		sess_feed(&s, no_key, sizeof(no_key) - 1, 1000);
	}
	sess_drain(&s, &out);
	TAP_OK(out.len && strncmp((char *)out.p, "HTTP/1.1 400", 12) == 0 &&
		   strstr((char *)out.p, "Connection: close") &&
		   !session_is_subscriber(&s),
	       "session: no key: 400 and Connection: close");
	session_free(&s);

	/* GET /chat: the page, streamed. */
	session_init(&s, &ws_cfg, &ws_stats);
	out.len = 0;
	sess_feed(&s, "GET /chat HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n", 40,
		  1000);
	sess_drain(&s, &out);
	TAP_OK(
	    strstr((char *)out.p, "Content-Type: text/html; charset=utf-8") &&
		strstr((char *)out.p, "new WebSocket(") &&
		strstr((char *)out.p, "</html>\nHTTP/1.1 200 OK") &&
		strstr((char *)out.p, "Hello, World!"),
	    "session: GET /chat streams the page, then the next request");
	session_free(&s);
	buf_free(&in);
	buf_free(&out);
}

static void test_session_broadcast(void)
{
	struct session s[3];
	struct buf in = {0}, out[3] = {{0}};
	size_t off[3], len, n, i;
	const uint8_t *pl;
	const void *frame;
	const char *want = "{\"type\":\"broadcast\",\"payload\":[1,{\"a\":2}]}";
	const char *result =
	    "{\"type\":\"broadcastResult\",\"payload\":[1,{\"a\":2}]}";
	int ok = 1, op;

	for (i = 0; i < 3; i++)
		sess_open(&s[i], &out[i], &off[i]);
	/* Payload first, spaces: the frame is rebuilt in canonical form. */
	mframe(&in, 1, WS_OP_TEXT,
	       " { \"payload\" : [1,{\"a\":2}] , \"type\" : \"broadcast\" } ");
	mframe(&in, 1, WS_OP_TEXT, "{\"type\":\"echo\",\"payload\":\"after\"}");
	sess_feed(&s[0], in.p, in.len, 1000);
	TAP_OK((session_want(&s[0]) & WANT_BROADCAST) &&
		   !(session_want(&s[0]) & WANT_READ),
	       "broadcast: the sender wants it delivered and reads no more");
	frame = session_take_broadcast(&s[0], &len);
	TAP_OK(frame && len == 2 + strlen(want) &&
		   memcmp((const char *)frame + 2, want, strlen(want)) == 0 &&
		   session_take_broadcast(&s[0], &n) == NULL,
	       "broadcast: handed out once, as {\"type\":\"broadcast\","
	       "\"payload\":X}");
	for (i = 0; i < 3; i++)
		ok &= session_push(&s[i], frame, len) == (i != 0 ? 1 : 1);
	session_broadcast_done(&s[0]);
	for (i = 0; i < 3; i++)
		sess_drain(&s[i], &out[i]);
	for (i = 0; i < 3; i++) {
		op = next_frame(&out[i], &off[i], &pl, &n);
		ok &= op == WS_OP_TEXT && n == strlen(want) &&
		      memcmp(pl, want, n) == 0;
	}
	TAP_OK(ok, "broadcast: every subscriber, the sender too, gets it");
	op = next_frame(&out[0], &off[0], &pl, &n);
	TAP_OK(op == WS_OP_TEXT && n == strlen(result) &&
		   memcmp(pl, result, n) == 0,
	       "broadcast: then the sender gets broadcastResult");
	op = next_frame(&out[0], &off[0], &pl, &n);
	TAP_OK(op == WS_OP_TEXT && n == 33,
	       "broadcast: and the input goes on (the echo behind it)");

	/* The cap: s[2] stops reading; pushes go on until 1008. */
	{
		static char big[8192];
		int pushes = 0, r = 0;
		size_t before;

		memset(big, 'b', sizeof(big));
		/* The first push says re-arm: it had nothing to send. */
		pushes = session_push(&s[2], big, sizeof(big)) == 1;
		while ((r = session_push(&s[2], big, sizeof(big))) == 0 &&
		       pushes < 1000)
			pushes++;
		TAP_OK(pushes == SESSION_WS_BACKLOG / (int)sizeof(big) &&
			   r == 1,
		       "cap: %d pushes of 8 KiB fill the backlog, the next "
		       "one closes it and says re-arm",
		       pushes);
		TAP_OK(!session_is_subscriber(&s[2]) &&
			   session_push(&s[2], big, 10) == 0 &&
			   session_deadline(&s[2]) != INT64_MAX,
		       "cap: past it, the subscriber is closing, pushes are "
		       "dropped, and it has a deadline");
		before = out[2].len;
		sess_drain(&s[2], &out[2]);
		TAP_OK(out[2].len - before ==
			       (size_t)pushes * sizeof(big) + 24 &&
			   memcmp(out[2].p + out[2].len - 24,
				  "\x88\x16\x03\xf0"
				  "backlog over the cap",
				  24) == 0,
		       "cap: its backlog, then close 1008 with a reason");
		TAP_OK(session_want(&s[2]) == WANT_READ,
		       "cap: then it waits for the client's close");
		in.len = 0;
		close_frame(&in, 1008, "");
		sess_feed(&s[2], in.p, in.len, 1000);
		TAP_OK(session_want(&s[2]) == WANT_CLOSE,
		       "cap: the client's close ends it");
	}
	/* The others were not slowed: s[1] still takes pushes. */
	TAP_OK(session_push(&s[1], "x", 1) == 1 && session_is_subscriber(&s[1]),
	       "cap: the other subscribers go on");
	for (i = 0; i < 3; i++) {
		session_free(&s[i]);
		buf_free(&out[i]);
	}
	buf_free(&in);
}

int main(void)
{
	guard_init(256 * 1024);
	test_rfc_examples();
	test_frames();
	test_utf8_messages();
	test_close();
	test_utf8_function();
	test_writer();
	test_handshake();
	test_chat();
	test_random_streams();
	test_session_upgrade();
	test_session_broadcast();
	return tap_done();
}
