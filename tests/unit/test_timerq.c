/*
 * test_timerq.c - the deadline heap against a brute-force model.
 *
 * Random adds, re-arms and removes run on a set of nodes; after every step
 * the heap must hold exactly the armed nodes, every node must sit in the
 * slot it believes it is in, every parent must be due no later than its
 * children, and the peek must be the earliest deadline of the model.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../servers/core/timerq.h"
#include "tap.h"

#define NODES (300)
#define STEPS (20000)

struct model_node {
	struct timerq_node node;
	int armed;
	int64_t due;
};

/* xorshift64*, so that a failure repeats exactly. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Checks the heap against the model; returns 1 when all is well. */
static int consistent(const struct timerq *q, const struct model_node *m,
		      size_t count)
{
	size_t i;
	size_t armed = 0;
	int64_t min = INT64_MAX;

	for (i = 0; i < count; i++) {
		if (m[i].armed != timerq_armed(&m[i].node))
			return 0;
		if (!m[i].armed)
			continue;
		armed++;
		if (m[i].due < min)
			min = m[i].due;
		if (m[i].node.slot >= q->len ||
		    q->heap[m[i].node.slot] != &m[i].node ||
		    m[i].node.due_ms != m[i].due)
			return 0;
	}
	if (armed != q->len || q->len > q->cap)
		return 0;
	for (i = 1; i < q->len; i++) {
		if (q->heap[(i - 1) / 2]->due_ms > q->heap[i]->due_ms)
			return 0;
	}
	if (q->len == 0)
		return timerq_peek(q) == NULL;
	return timerq_peek(q)->due_ms == min;
}

static void check_random(void)
{
	struct model_node m[NODES];
	struct timerq q;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	int step;
	int ok = 1;
	int adds = 0, removes = 0, rearms = 0;
	int64_t last;
	size_t i;

	timerq_init(&q);
	for (i = 0; i < NODES; i++) {
		timerq_node_init(&m[i].node);
		m[i].armed = 0;
		m[i].due = 0;
	}
	for (step = 0; step < STEPS && ok; step++) {
		uint64_t r = rng_next(&seed);
		struct model_node *n = &m[r % NODES];
		/* A small range of deadlines, so that ties are common. */
		int64_t due = (int64_t)((r >> 20) % 1000);

		switch ((r >> 40) % 3) {
		case 0:
		case 1:
			if (n->armed)
				rearms++;
			else
				adds++;
			if (timerq_add(&q, &n->node, due) != 0) {
				ok = 0;
				break;
			}
			n->armed = 1;
			n->due = due;
			break;
		default:
			/* Removing an unarmed node must be harmless. */
			removes++;
			timerq_remove(&q, &n->node);
			n->armed = 0;
			break;
		}
		if (!consistent(&q, m, NODES)) {
			printf("# inconsistent after step %d\n", step);
			ok = 0;
		}
	}
	TAP_OK(ok, "%d random steps (%d adds, %d re-arms, %d removes)", step,
	       adds, rearms, removes);

	/* Draining by peek and remove gives the deadlines in order. */
	last = INT64_MIN;
	while (ok && timerq_peek(&q) != NULL) {
		struct timerq_node *n = timerq_peek(&q);

		if (n->due_ms < last)
			ok = 0;
		last = n->due_ms;
		timerq_remove(&q, n);
		/* The node is the first member of its model_node. */
		((struct model_node *)n)->armed = 0;
		if (!consistent(&q, m, NODES))
			ok = 0;
	}
	TAP_OK(ok && q.len == 0, "draining gives deadlines in order");
	timerq_free(&q);
	TAP_OK(q.heap == NULL && q.len == 0 && q.cap == 0,
	       "timerq_free leaves an empty queue");
}

static void check_wait(void)
{
	struct timerq q;
	struct timerq_node a, b;

	timerq_init(&q);
	timerq_node_init(&a);
	timerq_node_init(&b);
	TAP_OK(timerq_peek(&q) == NULL && !timerq_armed(&a),
	       "empty queue, unarmed node");
	TAP_OK(timerq_wait_ms(&q, 1000, 500) == 500,
	       "wait: empty queue gives max_ms");
	TAP_OK(timerq_wait_ms(&q, 1000, -1) == -1,
	       "wait: empty queue, no cap, gives -1");
	TAP_OK(timerq_add(&q, &a, 1300) == 0 && timerq_armed(&a),
	       "add arms the node");
	TAP_OK(timerq_wait_ms(&q, 1000, 500) == 300, "wait: time left");
	TAP_OK(timerq_wait_ms(&q, 1000, 100) == 100, "wait: capped at max_ms");
	TAP_OK(timerq_wait_ms(&q, 1000, -1) == 300, "wait: no cap");
	TAP_OK(timerq_wait_ms(&q, 1300, 500) == 0, "wait: due now");
	TAP_OK(timerq_wait_ms(&q, 5000, 500) == 0, "wait: overdue");
	TAP_OK(timerq_add(&q, &b, 1100) == 0 && timerq_peek(&q) == &b,
	       "the earlier node comes first");
	TAP_OK(timerq_wait_ms(&q, 1000, 500) == 100, "wait: the earliest");
	TAP_OK(timerq_add(&q, &b, 2000) == 0 && timerq_peek(&q) == &a &&
		   q.len == 2,
	       "re-adding an armed node moves it");
	timerq_remove(&q, &a);
	TAP_OK(!timerq_armed(&a) && timerq_peek(&q) == &b && q.len == 1,
	       "remove disarms");
	timerq_remove(&q, &a);
	TAP_OK(q.len == 1, "removing twice is harmless");
	TAP_OK(timerq_add(&q, &b, INT64_MAX) == 0 &&
		   timerq_wait_ms(&q, 0, 500) == 500 &&
		   timerq_wait_ms(&q, 0, -1) == INT_MAX,
	       "wait: a deadline at INT64_MAX");
	TAP_OK(timerq_add(&q, &b, INT64_MIN) == 0 &&
		   timerq_wait_ms(&q, 0, 500) == 0,
	       "wait: a deadline at INT64_MIN");
	timerq_remove(&q, &b);
	TAP_OK(timerq_wait_ms(&q, 1000, 7) == 7,
	       "wait: empty again after the last remove");
	timerq_free(&q);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	check_random();
	check_wait();
	return tap_done();
}
