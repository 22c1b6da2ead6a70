/*
 * clock.c - a thread's CPU time, read at the ends of a measured window.
 */
#include "clock.h"

#include <sys/resource.h>
#include <sys/time.h>

static double clock_tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void clock_cpu_read(struct clock_cpu *cpu)
{
	struct timespec ts;
	struct rusage ru;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	cpu->thread_ns =
	    (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	getrusage(RUSAGE_THREAD, &ru);
	cpu->user_s = clock_tv_s(ru.ru_utime);
	cpu->sys_s = clock_tv_s(ru.ru_stime);
}

void clock_cpu_add(struct clock_cpu *sum, const struct clock_cpu *start,
		   const struct clock_cpu *end)
{
	sum->thread_ns += end->thread_ns - start->thread_ns;
	sum->user_s += end->user_s - start->user_s;
	sum->sys_s += end->sys_s - start->sys_s;
}
