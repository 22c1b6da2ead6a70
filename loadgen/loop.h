/*
 * loop.h - the per-thread harness both modes run on: one epoll loop per
 * thread, and the threads started together or not at all.
 *
 * Each thread owns its struct loop and everything registered in it;
 * nothing here is shared between threads, so nothing needs a lock.  A
 * connection keeps EPOLLIN for its whole life and asks for EPOLLOUT only
 * while a write waits for room (loop_want_out), which on loopback is
 * almost never: one request costs no epoll_ctl at all.
 */
#ifndef LOADGEN_LOOP_H
#define LOADGEN_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

/* The events one wait returns at the most. */
#define LOOP_MAX_EVENTS (256)

struct loop {
	int epfd;
	/* The kernel predates epoll_pwait2 (5.11): wait in milliseconds. */
	bool no_pwait2;
};

/* Creates the epoll instance.  Returns 0 or -errno. */
int loop_init(struct loop *l);
void loop_free(struct loop *l);

/*
 * Watches fd for EPOLLIN and EPOLLOUT, with ptr as the event's data:
 * EPOLLOUT reports the end of a non-blocking connect.  Returns 0 or
 * -errno.
 */
int loop_add(struct loop *l, int fd, void *ptr);

/* Adds or drops EPOLLOUT (EPOLLIN stays).  Returns 0 or -errno. */
int loop_want_out(struct loop *l, int fd, void *ptr, bool on);

/*
 * Waits for events until deadline (CLOCK_MONOTONIC ns; now is the
 * caller's reading), to the nanosecond where the kernel allows.  Returns
 * the number of events in evs (0 when interrupted) or -errno.
 */
int loop_wait(struct loop *l, struct epoll_event evs[LOOP_MAX_EVENTS],
	      uint64_t now, uint64_t deadline);

/*
 * Runs fn(args + i * size) for i in [0, n) on n threads and returns when
 * every one has returned.  The threads start only once all n exist: when
 * one cannot be created, none runs fn (so none waits forever at a barrier
 * for a thread that never came) and the error is returned.  Returns 0 or
 * -errno.
 */
int loop_threads(uint32_t n, void (*fn)(void *), void *args, size_t size);

#endif
