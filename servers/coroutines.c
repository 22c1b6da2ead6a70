/*
 * coroutines.c - one coroutine per connection, blocking-style code, one
 * thread switching them over epoll.
 *
 * How it works.  Each connection is served by code written exactly like
 * thread-per-conn's thread: wait for bytes, read them, write the answer,
 * sleep for a /delay, in plain sequence (diff the two files: the connection
 * code is the same, line for line).  But each connection runs as a
 * coroutine on a small stack of its own (core/coro.h), and one thread runs
 * them all.  Where a thread would block, the coroutine tells the scheduler
 * what it waits for (its socket in epoll, its deadline in a timer heap) and
 * yields; the scheduler, an ordinary epoll loop, resumes it when that has
 * happened.  The code reads like threads and runs like an event loop: the
 * C counterpart of gevent's greenlets and asyncio's coroutines (without the
 * `await`), and of State Threads and libdill.
 *
 * Notes on the model and its traps:
 * - A connection costs its struct conn, its session and the stack pages its
 *   coroutine has touched (an idle one touches one or two 4 KiB pages): no
 *   kernel task, no kernel stack, which is where threads' memory goes.
 *   Measured at 5,000 idle connections: 4.4 KiB each, against 8.6 KiB of
 *   user memory plus a 16 KiB kernel stack for thread-per-conn and 0.3 KiB
 *   for epoll (RSS and /proc/meminfo's KernelStack).
 * - --stack-kib sets how much stack each coroutine may use (default 64 KiB,
 *   at least 16).  The connection code here touches a single 4 KiB page of
 *   it (two under AddressSanitizer, whose frames are several times larger:
 *   measured with /proc/PID/smaps), but C code one adds can need far more:
 *   glibc's resolver or printf family alone take several KiB.
 *   64 KiB leaves that room and costs only address space: untouched pages
 *   are never backed by memory.  Too small a stack overflows into the
 *   guard page and the whole process dies, as with threads, and a stack
 *   cannot grow (Go grows goroutine stacks by copying them; C cannot move
 *   a stack that pointers point into).
 * - A switch is a few instructions and no system call (core/coro.c), but
 *   only one coroutine runs at a time: one that does not yield stalls every
 *   other connection, exactly as in any event loop.  /cpu burns the one
 *   thread, and --blocking shows the sin on purpose: /delay then sleeps the
 *   whole thread inside the coroutine.
 * - The trap of every coroutine library: a call that blocks for real (a DNS
 *   lookup, a synchronous database driver, a disk read) blocks everyone,
 *   although the code looks like thread code.  gevent monkey-patches the
 *   standard library for that.  Here --offload hands the /delay sleep to
 *   the core's thread pool and the coroutine waits for the job to return.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep) is
 *   where that trap is avoided for real, as asyncpg or a gevent-patched
 *   psycopg avoid it: the connection code calls conn_query where
 *   thread-per-conn's thread calls db_pool_run, and reads the same, but
 *   the coroutine only hands its request to the scheduler and parks.
 *   The scheduler sends it down the least busy of --db-pool non-blocking
 *   libpq connections (core/dbset.h), pipelined, their sockets in the
 *   same epoll set as the clients', and resumes the coroutine when its
 *   answer is in.  libpq runs on the scheduler's stack, never on a small
 *   coroutine stack.  --blocking calls blocking libpq in the coroutine
 *   itself, the synchronous driver nobody patched: the whole thread
 *   waits for each round trip, on the coroutine's stack (libpq's connect
 *   wants some of it: mind --stack-kib).  --offload runs the queries in
 *   the pool, each thread with a connection of its own, and the
 *   coroutine waits for the job as for a /delay.  A coroutine parked on
 *   the database has no deadline of its own: the database's timeouts
 *   bound its wait (core/db.h).
 * - Timeouts.  Each wait puts the session's deadline in the timer heap, as
 *   thread-per-conn's poll() has a timeout; if the deadline comes first,
 *   the coroutine is resumed with "timed out" and closes its connection.
 *   Only the coroutine ever closes its connection: nothing is freed under
 *   it while it is suspended in its own stack frames.  The scheduler frees
 *   the stack and the struct once the coroutine has returned.
 * - epoll interest stays in the set between requests (no epoll_ctl for a
 *   GET / after a GET /).  Before a sleep the socket leaves the set: epoll
 *   reports EPOLLHUP and EPOLLERR even with no events asked, and, level-
 *   triggered, a client that resets during a /delay would wake the loop
 *   again and again until the delay ends.
 * - Broadcast (GET /ws, the chat): one thread, so, as in epoll.c, nothing
 *   is locked; the sender appends the frame to every subscriber's session.
 *   Each subscriber's coroutine is parked in conn_wait on its socket, as
 *   thread-per-conn's thread sits in poll() on its socket and its eventfd,
 *   and waits for "readable, or my output has bytes": a push that gives
 *   it bytes wakes it (conn_wake), no system call, by moving its deadline
 *   timer to now, so the scheduler resumes it on this very turn and it
 *   writes its own socket.  The timer is the wake-up because it is already
 *   the one way back besides epoll, and every resume disarms it: a
 *   coroutine can never be resumed twice for one wait.  Measured with
 *   1,000 subscribers and 10 broadcasts a second, server on one core:
 *   about 10 us of server CPU per delivery, as epoll.c's 11 us, where
 *   thread-per-conn's eventfd wake-ups cost 21 us.
 * - SIGTERM is unblocked only inside epoll_pwait(), on the scheduler's own
 *   stack: a signal handler never runs on a small coroutine stack.
 *
 * When it wins: many connections each holding a long sequential
 * conversation (several round trips, proxies, clients of other servers):
 * the code of threads at the cost of an event loop, in memory between the
 * two.  When it does not: CPU-bound work (one core, like any single loop)
 * and code that calls blocking libraries unawares.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/coro.h"
#include "core/db.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/offload.h"
#include "core/session.h"
#include "core/sublist.h"
#include "core/timerq.h"

#define MAX_EVENTS	  (256)
#define STACK_KIB_DEFAULT (64)
#define STACK_KIB_MIN	  (16)
#define DB_TICK_MS	  (1000)
/* conn->ready: woken by a push; a bit epoll_wait never reports (EPOLLET). */
#define CONN_WOKEN (1u << 31)

static struct about about = {
    .name = "coroutines",
    .kind = "coroutines",
    .summary =
	"One coroutine per connection, blocking-style code: each connection\n"
	"reads, answers and sleeps on its own small stack, and one thread\n"
	"switches between them over epoll.",
    .threads = THREADS_ONE,
    .per_connection = "coroutine",
    .honours = HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS |
	       HONOURS_STACK_KIB | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	unsigned watching; /* EPOLLIN/EPOLLOUT as epoll has them, 0: none */
	unsigned ready;	   /* what resumed a wait: events, CONN_WOKEN, or
			      0 the deadline */
	struct timerq_node timer; /* the wait's deadline, or the /delay */
	struct offload_job job;	  /* a /delay or a query in the pool */
	struct coro coro;
	struct sub sub; /* a WebSocket subscriber */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static size_t stack_bytes; /* --stack-kib */
static int epoll_fd;
static struct timerq timers;
static struct offload pool; /* --offload */
static struct conn **conns; /* by descriptor: every live connection */
static int conns_cap;
/* Every WebSocket subscriber, for broadcasts (one thread: no lock). */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), their
 * epoll data (&db_marks[i]), the requests coroutines have handed over
 * for the scheduler to send; --blocking's own connection. */
static struct db_set dbs;
static char *db_marks;
static struct db_req *db_handed, **db_handed_tail = &db_handed;
static struct db_link blocking_link;

/* Runs in the coroutine; conn_resume frees c and its stack afterwards. */
static void conn_close(struct conn *c)
{
	timerq_remove(&timers, &c->timer);
	conns[c->fd] = NULL;
	close(c->fd);
	session_free(&c->session);
}

/*
 * Waits until the socket is ready for events (POLLIN, POLLOUT or both), but
 * not past the session's deadline: puts the socket in epoll and the
 * deadline in the timer heap, and yields until the scheduler resumes us for
 * one or the other (or a push wakes us: conn_wake).  Returns 0 when it is
 * ready (or woken), -1 when the deadline passed or epoll failed: either way
 * the connection is done.
 */
static int conn_wait(struct conn *c, short events)
{
	struct epoll_event ev = {.data.ptr = c};
	int64_t due = session_deadline(&c->session);

	if (due <= clock_coarse_ms())
		return -1;
	ev.events =
	    (events & POLLIN ? EPOLLIN : 0) | (events & POLLOUT ? EPOLLOUT : 0);
	if (ev.events != c->watching) {
		if (epoll_ctl(epoll_fd,
			      c->watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
			      c->fd, &ev) < 0)
			return -1;
		c->watching = ev.events;
	}
	if (timerq_add(&timers, &c->timer, due))
		return -1;
	c->ready = 0;
	coro_yield(&c->coro); /* until conn_ready or fire_timers */
	timerq_remove(&timers, &c->timer);
	return c->ready ? 0 : -1;
}

/*
 * A push left c, a subscriber suspended in conn_wait, bytes to send (or
 * closed it): its timer, armed by that wait, moves to now, so fire_timers
 * resumes it on this turn, and c->ready says why.  Should epoll report c
 * first, conn_ready resumes it and the wait disarms the timer: one resume.
 */
static void conn_wake(struct conn *c)
{
	c->ready = CONN_WOKEN;
	timerq_add(&timers, &c->timer, 0); /* armed: moved, never fails */
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, never blocking.  A subscriber whose output was empty is
 * woken; all but from are suspended in conn_wait, one thread running.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	for (struct sub *s = subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		if (session_push(&c->session, frame, len) && c != from)
			conn_wake(c);
	}
}

/*
 * The rest of a WebSocket subscriber's life, in its coroutine.  Other
 * coroutines push into its session, but only while it is suspended: one
 * thread runs them all, so no lock.  It waits for its socket, as wanted,
 * or for a push that wakes it.
 */
static void ws_serve(struct conn *c)
{
	const void *frame;
	unsigned want;
	short events;
	size_t len;

	sub_join(&subscribers, &c->sub, c);
	while (net_write(c->fd, &c->session) == 0) {
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if (want & WANT_BROADCAST) {
			frame = session_take_broadcast(&c->session, &len);
			broadcast(c, frame, len);
			session_broadcast_done(&c->session);
			continue;
		}
		events = (short)((want & WANT_READ ? POLLIN : 0) |
				 (want & WANT_WRITE ? POLLOUT : 0));
		if (conn_wait(c, events) < 0)
			break;
		if ((c->ready & (EPOLLIN | EPOLLHUP | EPOLLERR)) &&
		    net_read(c->fd, &c->session) < 0)
			break;
	}
	sub_leave(&subscribers, &c->sub);
}

/*
 * Sleeps ms for a /delay, where thread-per-conn's thread sleeps: in the
 * timer heap, or in a pool thread (--offload), the coroutine yielding
 * meanwhile; or, with --blocking, the whole thread, stalling everyone.
 * Returns 0, or -1 when the timer cannot be armed (out of memory).
 */
static int conn_sleep(struct conn *c, long ms)
{
	if (cfg.blocking) {
		clock_sleep_ms(ms);
		return 0;
	}
	/* Out of the epoll set meanwhile: see the notes on EPOLLHUP. */
	if (c->watching) {
		epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
		c->watching = 0;
	}
	if (cfg.offload) {
		c->job.ms = ms;
		c->job.db = NULL;
		offload_submit(&pool, &c->job);
	} else if (timerq_add_after(&timers, &c->timer, ms)) {
		return -1;
	}
	coro_yield(&c->coro); /* until fire_timers or offload_back */
	return 0;
}

/*
 * Runs a database request where thread-per-conn's thread borrows a
 * connection and blocks on it: the coroutine hands req to the scheduler
 * (db_run sends it, on its own stack) and parks until db_answer resumes
 * it; or it waits for a pool thread (--offload); or, with --blocking,
 * blocks the whole thread in libpq, stalling everyone.
 */
static void conn_query(struct conn *c, struct db_req *req)
{
	if (cfg.blocking) {
		db_link_run(&blocking_link, cfg.db, req);
		return;
	}
	/* Out of the epoll set meanwhile: see the notes on EPOLLHUP. */
	if (c->watching) {
		epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
		c->watching = 0;
	}
	if (cfg.offload) {
		c->job.db = req;
		offload_submit(&pool, &c->job);
	} else {
		req->data = c;
		req->next = NULL;
		*db_handed_tail = req;
		db_handed_tail = &req->next;
	}
	coro_yield(&c->coro); /* until db_answer or offload_back */
}

/*
 * The connection's coroutine: send what is ready, ask the session what it
 * wants next and wait for exactly that, until it wants to close.  Answers
 * that came before a /delay go out before the sleep, as far as the socket
 * takes them; what is left waits for the sleep to end.
 */
static void conn_coroutine(void *arg)
{
	struct conn *c = arg;
	unsigned want;
	long ms;
	int rc = 0;
	struct db_req *req;

	while (rc == 0 && net_write(c->fd, &c->session) == 0) {
		if (session_is_subscriber(&c->session)) {
			ws_serve(c); /* after GET /ws, until it closes */
			break;
		}
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if ((ms = session_take_timer(&c->session)) >= 0) {
			rc = conn_sleep(c, ms);
			session_timer_fired(&c->session);
		} else if ((req = session_take_db(&c->session))) {
			conn_query(c, req); /* hand over, park, resume */
			session_db_done(&c->session);
		} else if (want & WANT_WRITE) {
			rc = conn_wait(c, POLLOUT); /* the socket is full */
		} else if (want & WANT_READ) {
			/*
			 * Wait first, read after: the input buffer is only
			 * allocated once bytes are there, so an idle
			 * connection costs no buffer.
			 */
			rc = conn_wait(c, POLLIN);
			if (rc == 0 && net_read(c->fd, &c->session) < 0)
				rc = -1;
		} else {
			break; /* wants nothing: cannot happen, never spin */
		}
	}
	conn_close(c);
}

/* Runs c's coroutine until it yields; frees it once it has returned. */
static void conn_resume(struct conn *c)
{
	if (coro_resume(&c->coro)) {
		coro_free(&c->coro);
		free(c);
	}
}

static void conn_open(int fd)
{
	struct conn *c;

	if (fd >= conns_cap)
		goto refuse; /* cannot happen: descriptors stay below the limit
			      */
	c = calloc(1, sizeof(*c));
	if (!c)
		goto refuse;
	c->fd = fd;
	timerq_node_init(&c->timer);
	c->job.data = c;
	session_init(&c->session, &cfg, &stats);
	if (coro_create(&c->coro, stack_bytes, conn_coroutine, c) != 0) {
		session_free(&c->session);
		free(c);
		goto refuse;
	}
	conns[fd] = c;
	conn_resume(c); /* to its first wait */
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/* epoll says the socket is ready: resume the coroutine waiting for it. */
static void conn_ready(struct conn *c, unsigned events)
{
	c->ready = events;
	conn_resume(c);
}

/*
 * Resumes the coroutines whose deadline or /delay is due, or that a push
 * woke.  c->ready is left as the wait set it: 0 (the deadline), or
 * CONN_WOKEN.
 */
static void fire_timers(int64_t now)
{
	struct timerq_node *n;

	while ((n = timerq_peek(&timers)) != NULL && n->due_ms <= now) {
		timerq_remove(&timers, n);
		conn_resume(container_of(n, struct conn, timer));
	}
}

/* The pool's eventfd is readable: resume the coroutines it slept for. */
static void offload_back(void)
{
	struct offload_job *job, *next;

	for (job = offload_done(&pool); job; job = next) {
		next = job->next;
		conn_resume(job->data);
	}
}

/*
 * The database set's: watch connection i's socket for want.  A renewed
 * socket is added afresh: the old one left the set when libpq closed it,
 * or, on a connect's step, it is still there (EEXIST) and only modified.
 * Should epoll_ctl fail, the socket goes unwatched and its requests fail
 * by the query timeout.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	struct epoll_event ev = {.data.ptr = &db_marks[i]};

	(void)s;
	if (fd < 0)
		return; /* closed: gone from the set with its socket */
	ev.events = (want & DB_WANT_READ ? EPOLLIN : 0) |
		    (want & DB_WANT_WRITE ? EPOLLOUT : 0);
	if (!renew || (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0 &&
		       errno == EEXIST))
		epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev);
}

/* The database set's: req is finished (or failed): resume its
 * coroutine, parked in conn_query. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	conn_resume(req->data);
}

/*
 * After the batch, on the scheduler's stack: the requests the coroutines
 * handed over go down the pipelines, and the finished ones resume their
 * coroutines, which may hand over the next.
 */
static void db_run(void)
{
	struct db_req *req;

	do {
		while ((req = db_handed) != NULL) {
			db_handed = req->next;
			if (!db_handed)
				db_handed_tail = &db_handed;
			db_set_submit(&dbs, req);
		}
		db_set_answer(&dbs);
	} while (db_handed);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_ready(int i, unsigned events)
{
	db_set_ready(
	    &dbs, i,
	    (events & (EPOLLIN | EPOLLHUP | EPOLLERR) ? DB_WANT_READ : 0) |
		(events & EPOLLOUT ? DB_WANT_WRITE : 0));
}

static void accept_all(int listen_fd)
{
	net_accept_all(listen_fd, &stats, conn_open);
}

int main(int argc, char **argv)
{
	struct epoll_event events[MAX_EVENTS];
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	struct epoll_event wake = {.events = EPOLLIN, .data.ptr = &pool};
	sigset_t stop, unblocked;
	int listen_fd, n, timeout, err, woken;
	int64_t now, next_tick;
	void *p;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	stack_bytes =
	    (size_t)(cfg.stack_kib ? cfg.stack_kib : STACK_KIB_DEFAULT);
	if (stack_bytes < STACK_KIB_MIN)
		stack_bytes = STACK_KIB_MIN;
	stack_bytes *= 1024;
	timerq_init(&timers);
	conns_cap = net_fd_limit();
	conns = calloc((size_t)conns_cap, sizeof(*conns));
	if (!conns) {
		perror("coroutines: calloc");
		return 1;
	}
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (epoll_fd < 0) {
		perror("coroutines: epoll_create1");
		return 1;
	}
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD,
					 offload_fd(&pool), &wake) < 0) {
			fprintf(stderr, "coroutines: offload pool: %s\n",
				strerror(err < 0 ? -err : errno));
			return 1;
		}
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_marks = calloc((size_t)cfg.db_pool, 1);
		if (!db_marks || db_set_init(&dbs, cfg.db, cfg.db_pool,
					     db_watch, db_answer, NULL) < 0) {
			perror("coroutines: calloc");
			return 1;
		}
	}
	listen_fd = net_listen(&cfg, 1);
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) < 0) {
		perror("coroutines: epoll_ctl");
		return 1;
	}

	/*
	 * The scheduler.  No sweep for timeouts: every waiting coroutine has
	 * its deadline in the heap, so the heap's earliest entry is the wait.
	 * Only the database connections want a tick, once a second.
	 */
	next_tick = clock_ms() + DB_TICK_MS;
	while (!net_stop_requested) {
		timeout = timerq_wait_ms(&timers, clock_ms(),
					 dbs.n ? DB_TICK_MS : -1);
		n = epoll_pwait(epoll_fd, events, MAX_EVENTS, timeout,
				&unblocked);
		woken = 0;
		for (int i = 0; i < n; i++) {
			p = events[i].data.ptr;
			if (p == NULL)
				accept_all(listen_fd);
			else if (p == &pool)
				woken = 1;
			else if ((char *)p >= db_marks &&
				 (char *)p < db_marks + dbs.n)
				db_ready((int)((char *)p - db_marks),
					 events[i].events);
			else
				conn_ready(p, events[i].events);
		}
		if (woken)
			offload_back();
		now = clock_ms();
		fire_timers(now);
		if (dbs.n && now >= next_tick) {
			db_set_tick(&dbs);
			next_tick = now + DB_TICK_MS;
		}
		db_run();
	}
	stats_print(&stats, "coroutines");
	return 0;
}
