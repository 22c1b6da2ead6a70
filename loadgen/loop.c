/*
 * loop.c - one epoll loop per thread, and starting the threads.
 */
#include "loop.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

/* The gate every thread waits at until all have been created. */
struct loop_gate {
	pthread_mutex_t lock;
	pthread_cond_t opened;
	bool open;
	bool go; /* false: a thread could not be created, do nothing */
};

struct loop_thread {
	struct loop_gate *gate;
	pthread_t tid;
	void (*fn)(void *);
	void *arg;
};

int loop_init(struct loop *l)
{
	l->no_pwait2 = false;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	return l->epfd < 0 ? -errno : 0;
}

void loop_free(struct loop *l)
{
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = -1;
}

int loop_add(struct loop *l, int fd, void *ptr)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = ptr};

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int loop_want_out(struct loop *l, int fd, void *ptr, bool on)
{
	struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0),
				 .data.ptr = ptr};

	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

int loop_wait(struct loop *l, struct epoll_event evs[LOOP_MAX_EVENTS],
	      uint64_t now, uint64_t deadline)
{
	uint64_t d = deadline > now ? deadline - now : 0;
	struct timespec ts;
	int n;

	if (!l->no_pwait2) {
		ts.tv_sec = (time_t)(d / 1000000000u);
		ts.tv_nsec = (long)(d % 1000000000u);
		n = epoll_pwait2(l->epfd, evs, LOOP_MAX_EVENTS, &ts, NULL);
		if (n >= 0)
			return n;
		if (errno != ENOSYS)
			return errno == EINTR ? 0 : -errno;
		l->no_pwait2 = true;
	}
	n = epoll_wait(l->epfd, evs, LOOP_MAX_EVENTS,
		       (int)((d + 999999) / 1000000));
	if (n >= 0)
		return n;
	return errno == EINTR ? 0 : -errno;
}

static void *loop_thread_main(void *arg)
{
	struct loop_thread *t = arg;
	struct loop_gate *g = t->gate;
	bool go;

	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->opened, &g->lock);
	go = g->go;
	pthread_mutex_unlock(&g->lock);
	if (!go)
		return NULL;
	/* Wake for the open-loop schedule within a microsecond, not 50. */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	t->fn(t->arg);
	return NULL;
}

int loop_threads(uint32_t n, void (*fn)(void *), void *args, size_t size)
{
	struct loop_gate gate = {.lock = PTHREAD_MUTEX_INITIALIZER,
				 .opened = PTHREAD_COND_INITIALIZER};
	struct loop_thread *ts;
	uint32_t i, started = 0;
	int rc = 0, k;

	ts = calloc(n, sizeof(*ts));
	if (!ts)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ts[i].gate = &gate;
		ts[i].fn = fn;
		ts[i].arg = (char *)args + i * size;
		k = pthread_create(&ts[i].tid, NULL, loop_thread_main, &ts[i]);
		if (k != 0) {
			rc = -k;
			break;
		}
		started++;
	}
	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	gate.go = rc == 0;
	pthread_cond_broadcast(&gate.opened);
	pthread_mutex_unlock(&gate.lock);
	for (i = 0; i < started; i++)
		pthread_join(ts[i].tid, NULL);
	free(ts);
	return rc;
}
