/*
 * clock.h - the load generator's clocks: the run's time and its CPU time.
 *
 * Latency is measured on CLOCK_MONOTONIC, never the wall clock, so that
 * an NTP step cannot make a response take negative or ten minutes.  A
 * thread's CPU is read from its own clock and from getrusage(), once at
 * each end of a measured window, never in the hot path.
 */
#ifndef LOADGEN_CLOCK_H
#define LOADGEN_CLOCK_H

#include <stdint.h>
#include <time.h>

/* What a thread has spent so far, in the units the report prints. */
struct clock_cpu {
	uint64_t thread_ns; /* CLOCK_THREAD_CPUTIME_ID */
	double user_s;	    /* getrusage(RUSAGE_THREAD) */
	double sys_s;
};

/* The run's clock: nanoseconds on CLOCK_MONOTONIC. */
static inline uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Reads the calling thread's CPU time into cpu. */
void clock_cpu_read(struct clock_cpu *cpu);

/* Adds what the thread spent from start to end into sum. */
void clock_cpu_add(struct clock_cpu *sum, const struct clock_cpu *start,
		   const struct clock_cpu *end);

#endif
