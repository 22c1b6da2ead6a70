/*
 * hist.h - a log-linear latency histogram in the manner of HdrHistogram.
 *
 * Values are nanoseconds.  Below 2048 ns every value has its own bucket;
 * above, each power of two is cut into 1024 equal buckets, so a recorded
 * value is known to within 1/1024 of itself (about three significant
 * digits) from 1 us up to HIST_MAX_NS (60 s).  Larger values land in the
 * last bucket, but the exact maximum and sum are kept beside the buckets.
 *
 * Each load generator thread owns one histogram and records into it
 * without locks; the threads' histograms are merged once, at the end.
 */
#ifndef LOADGEN_HIST_H
#define LOADGEN_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS  (10)
#define HIST_SUB_COUNT (1u << HIST_SUB_BITS)
#define HIST_MAX_NS    (60ull * 1000 * 1000 * 1000)

struct hist {
	uint64_t *counts;
	uint32_t nbuckets;
	uint64_t total;
	uint64_t min_ns;
	uint64_t max_ns;
	/* Sum in nanoseconds; a double so long runs cannot overflow it. */
	double sum_ns;
};

/* Allocates the buckets.  Returns 0 or -ENOMEM. */
int hist_init(struct hist *h);
void hist_free(struct hist *h);
void hist_reset(struct hist *h);

/* The bucket a value falls in; exposed for the unit tests. */
uint32_t hist_index(uint64_t ns);

/* The smallest and largest value that share bucket i. */
uint64_t hist_bucket_low(uint32_t i);
uint64_t hist_bucket_high(uint32_t i);

static inline void hist_record(struct hist *h, uint64_t ns)
{
	h->counts[hist_index(ns)]++;
	h->total++;
	h->sum_ns += (double)ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
	if (ns < h->min_ns)
		h->min_ns = ns;
}

/* Adds every sample of src into dst. */
void hist_merge(struct hist *dst, const struct hist *src);

/*
 * The value at percentile p (0 < p <= 100): the middle of the bucket that
 * holds the ceil(p/100 * total)-th smallest sample, clamped to the exact
 * min and max.  Returns 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct hist *h, double p);

/* The mean in nanoseconds, or 0 for an empty histogram. */
double hist_mean(const struct hist *h);

#endif
