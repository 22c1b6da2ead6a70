/*
 * loadgen_ws.c - the WebSocket codec (wscodec.c) and the chat's messages
 * (chat.c): every case whole and cut short at every byte, each input
 * placed against an inaccessible page so that an over-read crashes.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../loadgen/chat.h"
#include "../../loadgen/wscodec.h"
#include "../unit/tap.h"

#define ANSWER_OK                                                              \
	"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"           \
	"Connection: Upgrade\r\n"                                              \
	"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"

/* Two pages: the second inaccessible; inputs end where it begins. */
static char *guard;
static size_t page;

/* Copies p[0..n) so that its last byte is the last readable one. */
static const char *at_edge(const char *p, size_t n)
{
	char *dst = guard + page - n;

	memcpy(dst, p, n);
	return dst;
}

static long answer(const char *s, size_t n)
{
	return wscodec_answer(at_edge(s, n), n);
}

/* A server frame (unmasked, FIN set) of opcode op carrying n bytes. */
static size_t server_frame(char *out, int op, const char *p, size_t n)
{
	size_t hl = n < 126 ? 2 : n <= 0xffff ? 4 : 10, i;

	out[0] = (char)(0x80 | op);
	if (n < 126) {
		out[1] = (char)n;
	} else if (n <= 0xffff) {
		out[1] = 126;
		out[2] = (char)(n >> 8);
		out[3] = (char)n;
	} else {
		out[1] = 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (char)((uint64_t)n >> (56 - 8 * i));
	}
	memcpy(out + hl, p, n);
	return hl + n;
}

static long frame(const char *p, size_t n, size_t max, struct wscodec_frame *f)
{
	return wscodec_frame_parse(at_edge(p, n), n, max, f);
}

static void test_answer(void)
{
	const char *ok = ANSWER_OK;
	size_t n = strlen(ok), i;
	char big[WSCODEC_HEAD_MAX + 16];
	int all = 1;

	TAP_OK(answer(ok, n) == (long)n, "a 101 with the right accept");
	for (i = 0; i < n; i++)
		all &= answer(ok, i) == WSCODEC_INCOMPLETE;
	TAP_OK(all, "a 101 cut short anywhere is incomplete");
	TAP_OK(answer("HTTP/1.1 101 OK\r\nsec-websocket-accept:"
		      "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\nxx",
		      strlen("HTTP/1.1 101 OK\r\nsec-websocket-accept:"
			     "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n") +
			  2) > 0,
	       "the field name in any case, no space, bytes after the head");
	TAP_OK(answer("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: "
		      "s3pPLMBiTxaQ9kYGzzhZRbK+xOX=\r\n\r\n",
		      strlen("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: "
			     "s3pPLMBiTxaQ9kYGzzhZRbK+xOX=\r\n\r\n")) ==
		   WSCODEC_BAD,
	       "a wrong accept is bad");
	TAP_OK(answer("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: s3p\r\n\r\n",
		      strlen("HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: "
			     "s3p\r\n\r\n")) == WSCODEC_BAD,
	       "a short accept is bad");
	TAP_OK(answer("HTTP/1.1 101 OK\r\n\r\n", 19) == WSCODEC_BAD,
	       "no accept is bad");
	TAP_OK(answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 38) ==
		   WSCODEC_BAD,
	       "a 200 is bad");
	memset(big, 'x', sizeof(big));
	TAP_OK(answer(big, WSCODEC_HEAD_MAX - 1) == WSCODEC_INCOMPLETE &&
		   answer(big, WSCODEC_HEAD_MAX) == WSCODEC_BAD,
	       "%d bytes without a blank line are bad", WSCODEC_HEAD_MAX);
}

static void test_request(void)
{
	char buf[512];
	int n = wscodec_request(buf, sizeof(buf), "/ws", "127.0.0.1", "80");

	TAP_OK(n > 0 && (size_t)n == strlen(buf) &&
		   strncmp(buf, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:80\r\n",
			   38) == 0 &&
		   strstr(buf,
			  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n") &&
		   strcmp(buf + n - 4, "\r\n\r\n") == 0,
	       "the upgrade request");
	TAP_OK(wscodec_request(buf, 40, "/ws", "127.0.0.1", "80") == -1,
	       "a request that does not fit is refused");
}

/* A frame of each length class, whole and cut short at every byte. */
static void test_frame_lengths(void)
{
	static char payload[70000], buf[70016];
	const size_t lens[] = {0, 1, 125, 126, 65535, 65536, 69999};
	struct wscodec_frame f;
	size_t i, j, n;
	int all;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (char)(i * 7);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = server_frame(buf, WSCODEC_TEXT, payload, lens[i]);
		memset(&f, 0, sizeof(f));
		TAP_OK(frame(buf, n, 80 * 1024, &f) == (long)n &&
			   f.opcode == WSCODEC_TEXT && f.len == lens[i] &&
			   memcmp(f.payload, payload, lens[i]) == 0,
		       "a %zu-byte frame whole", lens[i]);
		all = 1;
		/* Every cut of a small frame; the head and tail of a big. */
		for (j = 0; j < n; j += (j < 20 || j > n - 20) ? 1 : 997)
			all &=
			    frame(buf, j, 80 * 1024, &f) == WSCODEC_INCOMPLETE;
		TAP_OK(all, "a %zu-byte frame cut short is incomplete",
		       lens[i]);
	}
	n = server_frame(buf, WSCODEC_TEXT, payload, 1000);
	TAP_OK(frame(buf, n, 1001, &f) == WSCODEC_BAD &&
		   frame(buf, 4, 1001, &f) == WSCODEC_BAD &&
		   frame(buf, n, 1004, &f) == (long)n,
	       "a frame over the limit is bad as soon as its head is in");
	buf[1] = 127;
	memset(buf + 2, 0xff, 8);
	TAP_OK(frame(buf, 10, 80 * 1024, &f) == WSCODEC_BAD,
	       "a 2^64-1 byte length is bad");
}

static void test_frame_bad(void)
{
	struct wscodec_frame f;
	char buf[64], two[64];
	size_t n;

	n = server_frame(buf, WSCODEC_TEXT, "hi", 2);
	buf[1] |= (char)0x80;
	TAP_OK(frame(buf, n, 1024, &f) == WSCODEC_BAD, "a masked frame is bad");
	n = server_frame(buf, WSCODEC_TEXT, "hi", 2);
	buf[0] &= 0x7f;
	TAP_OK(frame(buf, n, 1024, &f) == WSCODEC_BAD,
	       "a fragment (no FIN) is bad");
	n = server_frame(buf, WSCODEC_TEXT, "hi", 2);
	buf[0] |= 0x40;
	TAP_OK(frame(buf, n, 1024, &f) == WSCODEC_BAD, "a reserved bit is bad");
	n = server_frame(two, WSCODEC_PING, "abc", 3);
	n += server_frame(two + n, WSCODEC_TEXT, "de", 2);
	TAP_OK(frame(two, n, 1024, &f) == 5 && f.opcode == WSCODEC_PING &&
		   f.len == 3 && memcmp(f.payload, "abc", 3) == 0,
	       "two frames back to back: the first is taken alone");
}

static void test_frame_write(void)
{
	static char p[70000], out[70016];
	const size_t lens[] = {0, 5, 125, 126, 65535, 65536};
	const unsigned char *h = (const unsigned char *)out;
	uint32_t mask = 0x01020304u;
	unsigned char m[4];
	size_t i, j, n, hl;
	int same;

	memcpy(m, &mask, 4);
	for (i = 0; i < sizeof(p); i++)
		p[i] = (char)(i * 13);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = wscodec_frame_write(out, WSCODEC_TEXT, p, lens[i], mask);
		hl = lens[i] < 126 ? 2 : lens[i] <= 0xffff ? 4 : 10;
		same = n == wscodec_frame_size(lens[i]) &&
		       n == hl + 4 + lens[i] && h[0] == 0x81 && (h[1] & 0x80) &&
		       memcmp(out + hl, m, 4) == 0;
		for (j = 0; same && j < lens[i]; j++)
			same = (char)(out[hl + 4 + j] ^ m[j & 3]) == p[j];
		TAP_OK(same, "a %zu-byte client frame, masked", lens[i]);
	}
	n = wscodec_frame_write(out, WSCODEC_PONG, p, 70000, mask);
	/* 70000 is 0x11170. */
	TAP_OK(h[1] == (0x80 | 127) && h[2] == 0 && h[6] == 0 && h[7] == 1 &&
		   h[8] == 0x11 && h[9] == 0x70,
	       "a 64-bit length, most significant byte first");
}

static void test_chat(void)
{
	char buf[CHAT_BROADCAST_MAX(300)], res[CHAT_BROADCAST_MAX(300) + 8];
	const char *pay;
	struct chat_msg m;
	size_t n, i, pl, rl;
	int all;

	n = chat_broadcast(buf, 0x123456789abcull, 42, 7, 300);
	memset(&m, 0, sizeof(m));
	TAP_OK(n <= sizeof(buf) &&
		   chat_parse(at_edge(buf, n), n, 300, &m) == 0 &&
		   m.type == CHAT_BROADCAST && m.due == 0x123456789abcull &&
		   m.sender == 42 && m.k == 7,
	       "a broadcast reads back");
	TAP_OK(chat_parse(buf, n, 299, &m) < 0 &&
		   chat_parse(buf, n, 301, &m) < 0,
	       "a payload of another --size is refused");
	/* The server's answer to the sender: same payload, other type. */
	pay = strstr(buf, "\"payload\":\"") + 11;
	pl = (size_t)(buf + n - 2 - pay);
	rl = (size_t)sprintf(res,
			     "{\"type\":\"broadcastResult\", \"payload\" : "
			     "\"%.*s\"}",
			     (int)pl, pay);
	TAP_OK(chat_parse(at_edge(res, rl), rl, 300, &m) == 0 &&
		   m.type == CHAT_RESULT && m.sender == 42 && m.k == 7,
	       "a broadcastResult, with spaces around the colon");
	all = 1;
	for (i = 0; i < pl + 1; i++) {
		/* Every byte of the payload and its closing quote. */
		char *b = buf + (pay - buf) + i;

		*b ^= 1;
		all &= chat_parse(at_edge(buf, n), n, 300, &m) < 0;
		*b ^= 1;
	}
	TAP_OK(all, "any one payload byte changed is refused");
	all = 1;
	for (i = 0; i < 9; i++) {
		buf[9 + i] ^= 1; /* the letters of "broadcast" */
		all &= chat_parse(buf, n, 300, &m) < 0;
		buf[9 + i] ^= 1;
	}
	TAP_OK(all, "an unknown type is refused");
	all = 1;
	for (i = 0; i <= (size_t)(pay - buf) + pl; i++)
		all &= chat_parse(at_edge(buf, i), i, 300, &m) < 0;
	TAP_OK(all, "a broadcast cut before its payload's end is refused");
}

int main(void)
{
	page = (size_t)sysconf(_SC_PAGESIZE) * 32;
	guard = mmap(NULL, page + 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED || mprotect(guard + page, 4096, PROT_NONE)) {
		printf("not ok 1 - mmap a guard page\n1..1\n");
		return 1;
	}
	test_request();
	test_answer();
	test_frame_lengths();
	test_frame_bad();
	test_frame_write();
	test_chat();
	return tap_done();
}
