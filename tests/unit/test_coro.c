/*
 * test_coro.c - coroutines: switches keep every coroutine's state, a
 * finished one says so, an overflow hits the guard page, an absurd stack
 * is refused; and what a switch costs against ucontext's swapcontext.
 *
 * Usage: test_coro [--bench]   (--bench: 1,000,000 round trips, not
 * 100,000, for the figure quoted in servers/core/coro.c)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../../servers/core/coro.h"
#include "tap.h"

#define COROS  (64)
#define ROUNDS (1000)

struct worker {
	struct coro co;
	unsigned id;
	uint64_t hash; /* what the worker computed, across its yields */
	double x;      /* floating point, kept across yields too */
	unsigned yields;
};

/* A value live across every yield, in registers or on the stack. */
static void work(void *arg)
{
	struct worker *w = arg;
	uint64_t h = 1469598103934665603ULL ^ w->id;
	double x = w->id;

	for (unsigned i = 0; i < ROUNDS; i++) {
		h = (h ^ i) * 1099511628211ULL;
		x = x * 0.5 + i;
		w->yields++;
		coro_yield(&w->co);
	}
	w->hash = h;
	w->x = x;
}

static void expected(unsigned id, uint64_t *hash, double *x)
{
	uint64_t h = 1469598103934665603ULL ^ id;
	double d = id;

	for (unsigned i = 0; i < ROUNDS; i++) {
		h = (h ^ i) * 1099511628211ULL;
		d = d * 0.5 + i;
	}
	*hash = h;
	*x = d;
}

static void interleaved(void)
{
	static struct worker w[COROS];
	int created = 1, done = 0, order = 1;

	memset(w, 0, sizeof(w));
	for (unsigned i = 0; i < COROS; i++) {
		w[i].id = i;
		if (coro_create(&w[i].co, 64 * 1024, work, &w[i]))
			created = 0;
	}
	TAP_OK(created, "%d coroutines with 64 KiB stacks created", COROS);
	if (!created)
		return;
	/* Round-robin: every coroutine's state must survive the others. */
	for (unsigned r = 0; r <= ROUNDS; r++) {
		for (unsigned i = 0; i < COROS; i++) {
			if (w[i].co.done)
				continue;
			if (coro_resume(&w[i].co))
				done++;
			else if (w[i].yields != r + 1)
				order = 0;
		}
	}
	TAP_OK(order, "each resume runs exactly to the next yield");
	TAP_OK(done == COROS, "every coroutine reports done once (%d of %d)",
	       done, COROS);
	int same = 1;
	for (unsigned i = 0; i < COROS; i++) {
		uint64_t h;
		double x;

		expected(i, &h, &x);
		if (w[i].hash != h || w[i].x != x)
			same = 0;
		coro_free(&w[i].co);
	}
	TAP_OK(same,
	       "integer and floating-point state survives %d switches "
	       "among %d coroutines",
	       2 * ROUNDS * COROS, COROS);
}

/* Recurses until the stack runs out. */
static unsigned deep(unsigned n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	if (n > 1000000) /* never: 16 KiB hold some 30 frames */
		return 0;
	return deep(n + 1) + frame[0];
}

static void overflow(void *arg)
{
	(void)arg;
	deep(0);
}

static void guard_page(void)
{
	struct coro co;
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		/* Quiet: under ASan the child would print a whole report. */
		dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
		if (coro_create(&co, 16 * 1024, overflow, NULL) == 0)
			coro_resume(&co);
		_exit(0); /* reached only if the overflow went unnoticed */
	}
	TAP_OK(pid > 0 && waitpid(pid, &status, 0) == pid &&
		   ((WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) ||
		    (WIFEXITED(status) && WEXITSTATUS(status) != 0)),
	       "a stack overflow faults on the guard page (status 0x%x)",
	       status);
}

static void refused(void)
{
	struct coro co;
	int err = coro_create(&co, (size_t)1 << 40, overflow, NULL);

	TAP_OK(err == -ENOMEM, "a 1 TiB stack is refused with -ENOMEM (%d)",
	       err);
}

/* ---- the cost of a switch */

static struct coro bench_co;
static volatile int bench_stop;

static void ping(void *arg)
{
	(void)arg;
	while (!bench_stop)
		coro_yield(&bench_co);
}

static ucontext_t uc_main, uc_co;

static void uc_ping(void)
{
	for (;;)
		swapcontext(&uc_co, &uc_main);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void cost(long rounds)
{
	static char uc_stack[64 * 1024];
	double t0, ours, theirs;

	if (coro_create(&bench_co, 64 * 1024, ping, NULL)) {
		TAP_OK(0, "bench coroutine created");
		return;
	}
	t0 = now_ns();
	for (long i = 0; i < rounds; i++)
		coro_resume(&bench_co);
	ours = (now_ns() - t0) / (2.0 * rounds);
	bench_stop = 1;
	coro_resume(&bench_co);
	coro_free(&bench_co);
#if defined(__SANITIZE_ADDRESS__)
	/* ASan wraps swapcontext (and warns about it): no fair comparison. */
	printf("# %ld round trips: coro switch %.1f ns per switch\n", rounds,
	       ours);
	TAP_OK(1, "# SKIP under ASan: swapcontext is intercepted");
	return;
#endif

	getcontext(&uc_co);
	uc_co.uc_stack.ss_sp = uc_stack;
	uc_co.uc_stack.ss_size = sizeof(uc_stack);
	uc_co.uc_link = NULL;
	makecontext(&uc_co, uc_ping, 0);
	t0 = now_ns();
	for (long i = 0; i < rounds; i++)
		swapcontext(&uc_main, &uc_co);
	theirs = (now_ns() - t0) / (2.0 * rounds);

	printf("# %ld round trips: coro switch %.1f ns, swapcontext %.1f ns "
	       "per switch (%.0fx)\n",
	       rounds, ours, theirs, theirs / ours);
#ifdef CORO_USE_UCONTEXT
	TAP_OK(1, "# SKIP built on ucontext: nothing to compare");
#else
	TAP_OK(ours < theirs,
	       "a coro switch (%.1f ns) is cheaper than "
	       "swapcontext (%.1f ns)",
	       ours, theirs);
#endif
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	interleaved();
	guard_page();
	refused();
	cost(argc > 1 && !strcmp(argv[1], "--bench") ? 1000000 : 100000);
	return tap_done();
}
