/*
 * chat.h - the websocket-shootout's chat messages, as the load generator
 * writes and checks them.
 *
 * A client sends {"type":"broadcast","payload":"..."}; the server sends
 * the same broadcast to every subscriber and {"type":"broadcastResult",
 * "payload":"..."} back to the sender.  Our payload carries the
 * broadcast's due time, its sender, its number k and a check of the
 * three, then --size bytes of a pattern that depends on k:
 *
 *   t<due>s<sender>k<k>h<check>p<pad>     (numbers in hex)
 *
 * so a corrupted byte anywhere fails the check or the pattern.  Like
 * wscodec.h, nothing here does I/O or allocates.
 */
#ifndef LOADGEN_CHAT_H
#define LOADGEN_CHAT_H

#include <stddef.h>
#include <stdint.h>

enum chat_type { CHAT_BROADCAST, CHAT_RESULT };

struct chat_msg {
	enum chat_type type;
	uint64_t due; /* CLOCK_MONOTONIC ns */
	uint32_t sender;
	uint64_t k;
};

/* The most bytes chat_broadcast writes for a --size of size. */
#define CHAT_BROADCAST_MAX(size) (128 + (size_t)(size))

/*
 * Writes broadcast k, due at due, from sender, padded with size bytes,
 * into buf (CHAT_BROADCAST_MAX(size) bytes).  Returns its length.
 */
size_t chat_broadcast(char *buf, uint64_t due, uint32_t sender, uint64_t k,
		      uint64_t size);

/*
 * Parses a text message from the server into m.  Returns 0, or -1 when
 * it is not a broadcast or broadcastResult of ours with a payload of
 * this size that passes its check.
 */
int chat_parse(const char *p, size_t n, uint64_t size, struct chat_msg *m);

#endif
