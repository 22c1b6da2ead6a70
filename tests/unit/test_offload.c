/*
 * test_offload.c - the --offload pool (servers/core/offload.h) with real
 * threads and a real eventfd.
 *
 * The loop's side is played by poll(2) on offload_fd(), exactly as a model
 * watches it.  Each test has its own pool, static: pool threads are never
 * stopped, so their struct offload must outlive the test function.  Every wait
 * has a timeout, so a lost wake-up (jobs done but the eventfd not readable)
 * fails a check instead of hanging the test.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../servers/core/clock.h"
#include "../../servers/core/offload.h"
#include "tap.h"

/* Long enough for a loaded, sanitized machine; a lost wake-up is forever. */
#define WAIT_MS (5000)

struct job_slot {
	struct offload_job job;
	int back; /* times offload_done handed it back */
	int64_t back_ms;
};

/* 1 when fd becomes readable within ms, 0 when not. */
static int readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	return n > 0 && (p.revents & POLLIN);
}

/*
 * Waits for and takes finished jobs until `want` came back or a wait
 * times out.  Records each job's return in its slot; *order gets the slots
 * in the order they came back (if not NULL).  Returns how many came back.
 */
static int collect(struct offload *o, int want, struct job_slot **order)
{
	struct offload_job *job;
	struct job_slot *slot;
	int got = 0;

	while (got < want && readable(offload_fd(o), WAIT_MS)) {
		for (job = offload_done(o); job; job = job->next) {
			slot = job->data;
			slot->back++;
			slot->back_ms = clock_ms();
			if (order && got < want)
				order[got] = slot;
			got++;
		}
	}
	return got;
}

static void submit(struct offload *o, struct job_slot *s, long ms)
{
	memset(s, 0, sizeof(*s));
	s->job.ms = ms;
	s->job.data = s;
	offload_submit(o, &s->job);
}

/* Two workers, four jobs of 100 ms: two rounds, so about 200 ms. */
static void test_parallel(void)
{
	static struct offload o;
	struct job_slot slots[4];
	int64_t t0, took;
	int ok = 1, got;

	TAP_OK(offload_start(&o, 2, 0) == 0 && o.threads == 2 &&
		   offload_fd(&o) >= 0,
	       "offload_start: 2 threads and an eventfd");
	TAP_OK(!readable(offload_fd(&o), 0),
	       "the eventfd is not readable before any job is done");
	TAP_OK(offload_done(&o) == NULL,
	       "offload_done with nothing done returns NULL at once");
	t0 = clock_ms();
	for (int i = 0; i < 4; i++)
		submit(&o, &slots[i], 100);
	got = collect(&o, 4, NULL);
	took = clock_ms() - t0;
	for (int i = 0; i < 4; i++)
		ok &= slots[i].back == 1 && slots[i].back_ms - t0 >= 100;
	TAP_OK(got == 4 && ok,
	       "4 jobs of 100 ms on 2 workers: each back once, none early "
	       "(%d back)",
	       got);
	TAP_OK(took >= 200 && took < 2000,
	       "2 workers run 2 at a time: 4 x 100 ms took %lld ms (>= 200)",
	       (long long)took);
	TAP_OK(!readable(offload_fd(&o), 0),
	       "the eventfd is reset once offload_done took every job");
}

/* One worker runs jobs in submission order; offload_done keeps it. */
static void test_fifo(void)
{
	enum { N = 50 };
	static struct offload o;
	struct job_slot slots[N], *order[N];
	int ok = 1, got;

	TAP_OK(offload_start(&o, 1, 64) == 0 && o.threads == 1,
	       "offload_start: 1 thread with a 64 KiB stack");
	for (int i = 0; i < N; i++)
		submit(&o, &slots[i], i % 3);
	got = collect(&o, N, order);
	for (int i = 0; i < got && i < N; i++)
		ok &= order[i] == &slots[i] && slots[i].back == 1;
	TAP_OK(got == N && ok,
	       "1 worker: %d jobs come back once each, oldest first", got);
}

/*
 * Many short jobs on four workers, submitted in bursts while earlier ones
 * finish: the pattern where a wake-up would get lost if the eventfd were
 * written or reset at the wrong moment.  Every job must come back, once,
 * with the eventfd readable whenever any is waiting.
 */
static void test_burst(void)
{
	enum { N = 20000, BURST = 100 };
	static struct offload o;
	struct job_slot *slots = calloc(N, sizeof(*slots));
	struct offload_job *job;
	int got = 0, sent = 0, once = 1, wakes = 0;

	if (!slots) {
		TAP_OK(0, "calloc");
		return;
	}
	TAP_OK(offload_start(&o, 4, 0) == 0, "offload_start: 4 threads");
	while (got < N) {
		for (int i = 0; i < BURST && sent < N; i++, sent++)
			submit(&o, &slots[sent], 0);
		if (!readable(offload_fd(&o), WAIT_MS))
			break; /* lost wake-up: jobs out, eventfd silent */
		wakes++;
		for (job = offload_done(&o); job; job = job->next) {
			((struct job_slot *)job->data)->back++;
			got++;
		}
	}
	for (int i = 0; i < N; i++)
		once &= slots[i].back == 1;
	TAP_OK(got == N && once,
	       "%d jobs of 0 ms on 4 workers in bursts of %d: all back once "
	       "(%d back, %d wake-ups)",
	       N, BURST, got, wakes);
	free(slots);
}

/* A thread that cannot be made is a clean -errno, not a crash. */
static void test_start_fails(void)
{
	static struct offload o;
	int err;

	/* 1 TiB stacks: the mmap is refused, so pthread_create fails. */
	err = offload_start(&o, 2, 1024 * 1024 * 1024);
	TAP_OK(err < 0 && o.threads == 0 && o.event_fd == -1,
	       "offload_start with 1 TiB stacks fails cleanly (%s), eventfd "
	       "closed",
	       strerror(-err));
}

int main(void)
{
	test_parallel();
	test_fifo();
	test_burst();
	test_start_fails();
	return tap_done();
}
