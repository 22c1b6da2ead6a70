/*
 * timerq.c - the binary min-heap of timerq.h.
 *
 * The heap holds pointers to nodes that live in the callers' structs, and
 * every move of a pointer updates that node's slot.  So a node always knows
 * where it is, and removing it (a connection closing in the middle of its
 * /delay) needs no search: swap the last entry into its slot and sift that
 * one up or down.
 */
#include "timerq.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "clock.h"

#define TIMERQ_MIN_CAP (16)

void timerq_init(struct timerq *q)
{
	q->heap = NULL;
	q->len = 0;
	q->cap = 0;
}

void timerq_free(struct timerq *q)
{
	free(q->heap);
	timerq_init(q);
}

/* Puts n at slot i and tells it so. */
static inline void timerq_place(struct timerq *q, size_t i,
				struct timerq_node *n)
{
	q->heap[i] = n;
	n->slot = i;
}

/* Moves the node at slot i towards the root while it is due earlier. */
static void timerq_sift_up(struct timerq *q, size_t i)
{
	struct timerq_node *n = q->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (q->heap[parent]->due_ms <= n->due_ms)
			break;
		timerq_place(q, i, q->heap[parent]);
		i = parent;
	}
	timerq_place(q, i, n);
}

/* Moves the node at slot i towards the leaves while a child is earlier. */
static void timerq_sift_down(struct timerq *q, size_t i)
{
	struct timerq_node *n = q->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= q->len)
			break;
		if (child + 1 < q->len &&
		    q->heap[child + 1]->due_ms < q->heap[child]->due_ms)
			child++;
		if (n->due_ms <= q->heap[child]->due_ms)
			break;
		timerq_place(q, i, q->heap[child]);
		i = child;
	}
	timerq_place(q, i, n);
}

int timerq_add(struct timerq *q, struct timerq_node *n, int64_t due_ms)
{
	/* Adding an armed node moves it to its new deadline. */
	if (timerq_armed(n)) {
		int64_t old = n->due_ms;

		n->due_ms = due_ms;
		if (due_ms < old)
			timerq_sift_up(q, n->slot);
		else
			timerq_sift_down(q, n->slot);
		return 0;
	}
	if (q->len == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : TIMERQ_MIN_CAP;
		struct timerq_node **heap;

		if (cap > SIZE_MAX / sizeof(*heap))
			return -ENOMEM;
		heap = realloc(q->heap, cap * sizeof(*heap));
		if (heap == NULL)
			return -ENOMEM;
		q->heap = heap;
		q->cap = cap;
	}
	n->due_ms = due_ms;
	timerq_place(q, q->len++, n);
	timerq_sift_up(q, n->slot);
	return 0;
}

void timerq_remove(struct timerq *q, struct timerq_node *n)
{
	size_t i = n->slot;
	struct timerq_node *last;

	if (!timerq_armed(n))
		return;
	n->slot = TIMERQ_NONE;
	last = q->heap[--q->len];
	if (last == n)
		return;
	/*
	 * The last node fills the hole.  It may be earlier than the hole's
	 * parent (it came from another subtree) or later than the hole's
	 * children, so it may have to go either way.
	 */
	timerq_place(q, i, last);
	if (i > 0 && last->due_ms < q->heap[(i - 1) / 2]->due_ms)
		timerq_sift_up(q, i);
	else
		timerq_sift_down(q, i);
}

int timerq_wait_ms(const struct timerq *q, int64_t now_ms, int max_ms)
{
	int64_t due;
	uint64_t left;

	if (q->len == 0)
		return max_ms;
	due = q->heap[0]->due_ms;
	if (due <= now_ms)
		return 0;
	/* Unsigned, so that a far deadline (INT64_MAX) cannot overflow. */
	left = (uint64_t)due - (uint64_t)now_ms;
	if (max_ms >= 0 && left > (uint64_t)max_ms)
		return max_ms;
	if (left > INT_MAX)
		return INT_MAX;
	return (int)left;
}

int timerq_add_after(struct timerq *q, struct timerq_node *n, long ms)
{
	return timerq_add(q, n, clock_ms() + ms + 1);
}
