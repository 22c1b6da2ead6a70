/*
 * clock.c - sleeping and burning CPU on purpose, for /delay and /cpu.
 */
#include "clock.h"

#include <errno.h>
#include <stdint.h>

void clock_sleep_ms(long ms)
{
	struct timespec due;
	int err;

	if (ms <= 0)
		return;
	/*
	 * Sleeping until an absolute deadline, rather than for a duration,
	 * lets a signal interrupt the sleep any number of times without the
	 * total drifting: after EINTR we simply sleep until the same moment.
	 */
	if (clock_gettime(CLOCK_MONOTONIC, &due) < 0)
		return;
	due.tv_sec += ms / 1000;
	due.tv_nsec += (ms % 1000) * 1000000L;
	if (due.tv_nsec >= 1000000000L) {
		due.tv_sec++;
		due.tv_nsec -= 1000000000L;
	}
	/* clock_nanosleep returns the error number instead of setting errno. */
	do {
		err =
		    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
	} while (err == EINTR);
}

/* Nanoseconds on the given clock, or -1 if the clock cannot be read. */
static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) < 0)
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * How many rounds of arithmetic between two looks at the clock.  Reading
 * the thread CPU clock is a system call (it has no vDSO fast path), so
 * looking after every round would burn the time in the kernel instead of
 * in the serving thread's own code; a few hundred rounds take about a
 * microsecond, which keeps the overshoot small.
 */
#define CLOCK_BURN_ROUNDS (256)

void clock_burn_cpu_us(long us)
{
	clockid_t id = CLOCK_THREAD_CPUTIME_ID;
	int64_t start;
	int64_t due;
	uint64_t x = 88172645463325252ULL;
	/* The result goes here so the compiler cannot drop the work. */
	volatile uint64_t sink;

	if (us <= 0)
		return;
	start = clock_ns(id);
	if (start < 0) {
		/*
		 * Without a thread CPU clock, wall time is the best we have;
		 * on an idle machine it is the same thing.
		 */
		id = CLOCK_MONOTONIC;
		start = clock_ns(id);
		if (start < 0)
			return;
	}
	due = start + (int64_t)us * 1000;
	do {
		int i;

		/* xorshift64: real, dependent arithmetic the CPU must do. */
		for (i = 0; i < CLOCK_BURN_ROUNDS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		sink = x;
	} while (clock_ns(id) < due);
	(void)sink;
}
