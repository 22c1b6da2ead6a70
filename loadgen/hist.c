/*
 * hist.c - the log-linear histogram described in hist.h.
 */
#include "hist.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Bucket layout.  Values below 2 * HIST_SUB_COUNT map to themselves.  A
 * larger value v with its top bit at position msb is shifted right by
 * s = msb - HIST_SUB_BITS, which leaves v >> s in [1024, 2047]; its bucket
 * is s * 1024 + (v >> s).  The ranges for consecutive s follow each other
 * without gaps, so the index grows with the value.
 */
uint32_t hist_index(uint64_t ns)
{
	unsigned msb, shift;

	if (ns > HIST_MAX_NS)
		ns = HIST_MAX_NS;
	if (ns < 2 * HIST_SUB_COUNT)
		return (uint32_t)ns;
	msb = 63u - (unsigned)__builtin_clzll(ns);
	shift = msb - HIST_SUB_BITS;
	return (uint32_t)(shift * HIST_SUB_COUNT + (ns >> shift));
}

uint64_t hist_bucket_low(uint32_t i)
{
	uint32_t shift;

	if (i < 2 * HIST_SUB_COUNT)
		return i;
	shift = i / HIST_SUB_COUNT - 1;
	return (uint64_t)(i - shift * HIST_SUB_COUNT) << shift;
}

uint64_t hist_bucket_high(uint32_t i)
{
	return hist_bucket_low(i + 1) - 1;
}

int hist_init(struct hist *h)
{
	memset(h, 0, sizeof(*h));
	h->nbuckets = hist_index(HIST_MAX_NS) + 1;
	h->counts = calloc(h->nbuckets, sizeof(*h->counts));
	if (!h->counts)
		return -ENOMEM;
	h->min_ns = UINT64_MAX;
	return 0;
}

void hist_free(struct hist *h)
{
	free(h->counts);
	h->counts = NULL;
}

void hist_reset(struct hist *h)
{
	memset(h->counts, 0, h->nbuckets * sizeof(*h->counts));
	h->total = 0;
	h->sum_ns = 0;
	h->max_ns = 0;
	h->min_ns = UINT64_MAX;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	uint32_t i;

	for (i = 0; i < dst->nbuckets; i++)
		dst->counts[i] += src->counts[i];
	dst->total += src->total;
	dst->sum_ns += src->sum_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	if (src->min_ns < dst->min_ns)
		dst->min_ns = src->min_ns;
}

uint64_t hist_percentile(const struct hist *h, double p)
{
	uint64_t rank, seen = 0, v;
	uint32_t i;

	if (h->total == 0)
		return 0;
	rank = (uint64_t)ceil(p / 100.0 * (double)h->total);
	if (rank < 1)
		rank = 1;
	if (rank > h->total)
		rank = h->total;
	for (i = 0; i < h->nbuckets; i++) {
		seen += h->counts[i];
		if (seen >= rank)
			break;
	}
	if (i == h->nbuckets)
		return h->max_ns;
	v = hist_bucket_low(i) + (hist_bucket_high(i) - hist_bucket_low(i)) / 2;
	if (v > h->max_ns)
		v = h->max_ns;
	if (v < h->min_ns)
		v = h->min_ns;
	return v;
}

double hist_mean(const struct hist *h)
{
	return h->total ? h->sum_ns / (double)h->total : 0.0;
}
