/*
 * test_clock.c - sleeping and burning CPU take at least what was asked.
 *
 * Only lower bounds are checked: a loaded CI machine may take any amount
 * longer, and a test that asserts an upper bound on time fails at random.
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "../../servers/core/clock.h"
#include "tap.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static int64_t ns_on(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it;
	int64_t t0, t1;

	setvbuf(stdout, NULL, _IOLBF, 0);

	t0 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	clock_burn_cpu_us(20000);
	t1 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	TAP_OK(t1 - t0 >= 20000000, "burn 20000 us: %lld us of thread CPU",
	       (long long)((t1 - t0) / 1000));

	t0 = ns_on(CLOCK_MONOTONIC);
	clock_sleep_ms(20);
	t1 = ns_on(CLOCK_MONOTONIC);
	TAP_OK(t1 - t0 >= 20000000, "sleep 20 ms: slept %lld us",
	       (long long)((t1 - t0) / 1000));

	/*
	 * Not a speed bound: however loaded the machine, a thread that really
	 * sleeps uses next to no CPU, while one that spins uses all of it.
	 */
	t0 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	clock_sleep_ms(20);
	t1 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	TAP_OK(t1 - t0 < 10000000, "sleeping does not spin (%lld us)",
	       (long long)((t1 - t0) / 1000));

	clock_burn_cpu_us(0);
	clock_burn_cpu_us(-5);
	clock_sleep_ms(0);
	clock_sleep_ms(-5);
	TAP_OK(1, "zero and negative amounts return");

	/*
	 * A signal every 5 ms, without SA_RESTART, interrupts the sleep
	 * several times; it must still last the whole 60 ms.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_interval.tv_usec = 5000;
	it.it_value.tv_usec = 5000;
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = ns_on(CLOCK_MONOTONIC);
	clock_sleep_ms(60);
	t1 = ns_on(CLOCK_MONOTONIC);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	TAP_OK(t1 - t0 >= 60000000,
	       "sleep 60 ms through %d signals: slept %lld us", (int)alarms,
	       (long long)((t1 - t0) / 1000));
	TAP_OK(alarms > 0, "the signals did arrive");

	/* CPU time, not wall time: signals do not shorten a burn. */
	alarms = 0;
	it.it_interval.tv_usec = 1000;
	it.it_value.tv_usec = 1000;
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	clock_burn_cpu_us(20000);
	t1 = ns_on(CLOCK_THREAD_CPUTIME_ID);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	TAP_OK(t1 - t0 >= 20000000,
	       "burn 20000 us through %d signals: %lld us of thread CPU",
	       (int)alarms, (long long)((t1 - t0) / 1000));
	return tap_done();
}
