/*
 * clock.h - monotonic time.  Never gettimeofday(): wall time jumps.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds on the monotonic clock. */
static inline int64_t clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Milliseconds on the coarse monotonic clock: a few ns to read, a few ms
 * of resolution.  Good enough for timeouts measured in seconds, and cheap
 * enough to read on every request.
 */
static inline int64_t clock_coarse_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps for ms milliseconds, resuming after signals. */
void clock_sleep_ms(long ms);

/* Burns us microseconds of this thread's CPU time (for /cpu). */
void clock_burn_cpu_us(long us);

#endif
