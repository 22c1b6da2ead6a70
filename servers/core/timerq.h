/*
 * timerq.h - a binary min-heap of deadlines, for the loops that have no
 * timers of their own (select, epoll, the thread pool's dispatcher).
 *
 * Each entry is a struct timerq_node embedded in the caller's connection
 * struct; the node remembers its heap slot, so removing a connection that
 * closes during its /delay is O(log n) and leaves nothing pointing at freed
 * memory.
 */
#ifndef TIMERQ_H
#define TIMERQ_H

#include <stddef.h>
#include <stdint.h>

struct timerq_node {
	int64_t due_ms; /* monotonic deadline */
	size_t slot;	/* index in the heap, or TIMERQ_NONE */
};

#define TIMERQ_NONE ((size_t)-1)

/*
 * The struct that holds member ptr: container_of(n, struct conn, timer)
 * is the connection whose timer node n is.
 */
#define container_of(ptr, type, member)                                        \
	((type *)(void *)((char *)(ptr)-offsetof(type, member)))

struct timerq {
	struct timerq_node **heap;
	size_t len;
	size_t cap;
};

/* Starts an empty queue; it allocates nothing until the first add. */
void timerq_init(struct timerq *q);
/*
 * Frees the heap and leaves q empty and reusable.  It does not touch the
 * nodes, which may already be freed; a node still armed must not be used
 * with this queue again.
 */
void timerq_free(struct timerq *q);
static inline void timerq_node_init(struct timerq_node *n)
{
	n->slot = TIMERQ_NONE;
}
static inline int timerq_armed(const struct timerq_node *n)
{
	return n->slot != TIMERQ_NONE;
}
/*
 * Adds n due at due_ms.  Returns 0 or -ENOMEM (n is then left unarmed).
 * If n is already armed in q, it is moved to the new deadline instead.
 */
int timerq_add(struct timerq *q, struct timerq_node *n, int64_t due_ms);
/*
 * Adds n due no sooner than ms milliseconds from now.  clock_ms() drops
 * the fraction of the current millisecond, so the deadline is one more:
 * a /delay?ms=N is answered after N ms, never a fraction early.
 */
int timerq_add_after(struct timerq *q, struct timerq_node *n, long ms);
/* Removes n if it is armed; harmless otherwise. */
void timerq_remove(struct timerq *q, struct timerq_node *n);
/* The earliest node, or NULL. */
static inline struct timerq_node *timerq_peek(const struct timerq *q)
{
	return q->len ? q->heap[0] : NULL;
}
/*
 * Milliseconds from now_ms until the earliest deadline (0 if it is due),
 * capped at max_ms; max_ms when the queue is empty.  A negative max_ms
 * means no cap, as in poll(2) and epoll_wait(2): then an empty queue gives
 * max_ms and a far deadline INT_MAX.
 */
int timerq_wait_ms(const struct timerq *q, int64_t now_ms, int max_ms);

#endif
