/*
 * stats.h - the three counters every server prints when it stops.
 *
 * The threaded models bump them from many threads, so they are atomics;
 * relaxed ordering is enough, because nobody orders other memory by them.
 */
#ifndef STATS_H
#define STATS_H

#include <stdatomic.h>
#include <stdio.h>

struct stats {
	atomic_ulong accepted; /* connections accepted */
	atomic_ulong requests; /* requests answered (echo: reads echoed) */
	atomic_ulong refused;  /* connections closed for lack of a resource */
};

static inline void stats_add(atomic_ulong *counter, unsigned long n)
{
	atomic_fetch_add_explicit(counter, n, memory_order_relaxed);
}

/* Prints the one summary line of docs/DESIGN.md to stdout and flushes it. */
static inline void stats_print(struct stats *st, const char *model)
{
	printf("%s: stopped: %lu connections accepted, %lu requests served, "
	       "%lu connections refused\n",
	       model, atomic_load(&st->accepted), atomic_load(&st->requests),
	       atomic_load(&st->refused));
	fflush(stdout);
}

#endif
