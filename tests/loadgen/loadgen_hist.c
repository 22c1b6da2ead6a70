/*
 * loadgen_hist.c - the latency histogram against samples whose
 * percentiles are known exactly.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../loadgen/hist.h"
#include "../unit/tap.h"

/* Relative error of got against want. */
static double rel_err(uint64_t got, uint64_t want)
{
	return fabs((double)got - (double)want) / (double)want;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The exact percentile of sorted samples, by the same rank rule. */
static uint64_t exact_pct(const uint64_t *v, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);

	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

int main(void)
{
	static const double pcts[] = {50, 90, 99, 99.9, 99.99, 100};
	struct hist h, h2, m;
	uint64_t *v, x, worst_err_i = 0;
	double worst = 0;
	size_t i, n = 200000, p;
	uint32_t b, prev = 0;
	int mono = 1, cover = 1;

	TAP_OK(hist_init(&h) == 0 && hist_init(&h2) == 0 && hist_init(&m) == 0,
	       "histograms allocate");
	TAP_OK(hist_percentile(&h, 50) == 0 && hist_mean(&h) == 0,
	       "an empty histogram reports 0");

	/* Buckets: monotonic, gap-free, and each within 1/1024 of itself. */
	for (x = 1; x < HIST_MAX_NS; x = x * 17 / 16 + 1) {
		b = hist_index(x);
		if (b < prev)
			mono = 0;
		prev = b;
		if (x < hist_bucket_low(b) || x > hist_bucket_high(b))
			cover = 0;
		if ((double)(hist_bucket_high(b) - hist_bucket_low(b)) >
		    (double)x / 1024.0 + 1)
			cover = 0;
	}
	TAP_OK(mono, "bucket index grows with the value");
	TAP_OK(cover, "every value lies in its bucket, width <= value/1024");
	for (b = 1; b < h.nbuckets; b++)
		if (hist_bucket_low(b) != hist_bucket_high(b - 1) + 1)
			break;
	TAP_OK(b == h.nbuckets, "buckets follow each other without gaps");
	TAP_OK(hist_index(HIST_MAX_NS * 10) == h.nbuckets - 1,
	       "values over 60 s land in the last bucket");

	/* A single value is reported as itself (min/max clamping). */
	hist_record(&h, 1234567);
	TAP_OK(hist_percentile(&h, 50) == 1234567 &&
		   hist_percentile(&h, 99.99) == 1234567,
	       "one sample: every percentile is that sample");
	hist_reset(&h);

	/* Log-uniform random samples from 1 us to 60 s. */
	v = malloc(n * sizeof(*v));
	if (!v)
		return 1;
	srand(42);
	for (i = 0; i < n; i++) {
		double e = (double)rand() / RAND_MAX * log(60e9 / 1e3);

		v[i] = (uint64_t)(1e3 * exp(e));
		hist_record(i % 2 ? &h : &h2, v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	hist_merge(&m, &h);
	hist_merge(&m, &h2);
	TAP_OK(m.total == n, "merge keeps every sample (%llu)",
	       (unsigned long long)m.total);
	for (p = 0; p < sizeof(pcts) / sizeof(pcts[0]); p++) {
		double e = rel_err(hist_percentile(&m, pcts[p]),
				   exact_pct(v, n, pcts[p]));

		if (e > worst) {
			worst = e;
			worst_err_i = p;
		}
	}
	TAP_OK(worst < 0.001,
	       "log-uniform 1us-60s: percentiles within 0.1%% (worst %.5f%% "
	       "at p%g)",
	       worst * 100, pcts[worst_err_i]);
	TAP_OK(m.max_ns == v[n - 1], "max is exact");

	/* Uniform 1..100000 us in steps of 1 us: known percentiles. */
	hist_reset(&m);
	for (i = 1; i <= 100000; i++)
		hist_record(&m, i * 1000);
	TAP_OK(rel_err(hist_percentile(&m, 50), 50000000) < 0.001 &&
		   rel_err(hist_percentile(&m, 90), 90000000) < 0.001 &&
		   rel_err(hist_percentile(&m, 99), 99000000) < 0.001 &&
		   rel_err(hist_percentile(&m, 99.9), 99900000) < 0.001,
	       "uniform 1..100000 us: p50 %.1f p90 %.1f p99 %.1f us",
	       (double)hist_percentile(&m, 50) / 1e3,
	       (double)hist_percentile(&m, 90) / 1e3,
	       (double)hist_percentile(&m, 99) / 1e3);
	TAP_OK(fabs(hist_mean(&m) - 50000500.0) < 1, "mean is exact (%.1f ns)",
	       hist_mean(&m));

	/* A bimodal tail: 99% at 100 us, 1% at 1 s. */
	hist_reset(&m);
	for (i = 0; i < 9900; i++)
		hist_record(&m, 100000);
	for (i = 0; i < 100; i++)
		hist_record(&m, 1000000000);
	TAP_OK(rel_err(hist_percentile(&m, 99), 100000) < 0.001 &&
		   rel_err(hist_percentile(&m, 99.9), 1000000000) < 0.001,
	       "bimodal: p99 is the mode, p99.9 the tail");
	free(v);
	hist_free(&h);
	hist_free(&h2);
	hist_free(&m);
	return tap_done();
}
