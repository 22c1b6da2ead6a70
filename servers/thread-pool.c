/*
 * thread-pool.c - a fixed pool of worker threads fed by an epoll dispatcher.
 *
 * How it works.  Two kinds of threads.  The dispatcher (the main thread)
 * owns the sockets: it accepts, and it watches every connection that waits
 * for its client in one epoll set, as epoll.c does.  When a connection is
 * ready the dispatcher does not serve it: it puts it on the ready queue.
 * A fixed pool of --workers threads takes connections off that queue and
 * does the request work with plain sequential code: read, answer, burn the
 * CPU for /cpu, sleep for /delay.  When the socket has no more to give (a
 * read or write would block: EAGAIN) the worker hands the connection back
 * to the dispatcher, which watches it again.  An idle keep-alive
 * connection costs a place in the epoll set, not a thread, and the pool
 * caps the requests in progress: with 16 workers, /delay?ms=10 tops out at
 * 16 / 10 ms = 1600 requests a second, however many clients wait.
 *
 * The ownership rule.  A connection belongs to exactly one thread at a
 * time, and only its owner touches it:
 * - the dispatcher, from accept until it queues the connection as ready,
 *   and again from when it takes it off the return queue;
 * - one worker, from taking it off the ready queue until it puts it on
 *   the return queue (and wakes the dispatcher through an eventfd).
 * The two queues are the only hand-over points, and their mutexes order
 * each owner's accesses after the last owner's.  Every epoll_ctl, every
 * close and the timeout sweep happen in the dispatcher.  EPOLLONESHOT
 * disarms a connection as epoll reports it, so a connection a worker holds
 * is never reported again; the dispatcher re-arms it (EPOLL_CTL_MOD) when
 * it comes back.  The dispatcher's `armed` flag marks the connections it
 * owns and epoll watches: the sweep closes only those, so it can never
 * free a connection under a worker.  Workers never close a socket: one to
 * close goes back like any other, so a descriptor number cannot be reused
 * by accept while the dispatcher's table still points at the old one.
 *
 * Broadcast (GET /ws, the chat) is the one exception to the rule, and
 * the hard part of this model: a worker serving the sender must reach
 * subscribers that sit idle in the dispatcher's epoll set or that other
 * workers are serving.  So every connection has a lock, held around every
 * call on its session by whoever makes it, and the subscribers are in a
 * registry under a lock of its own (lock order: the registry, then a
 * connection; nobody holds a connection's lock while taking a queue's).
 * The sender pushes the frame into each subscriber's session under the
 * subscriber's lock (an append that never blocks), and never writes
 * another connection's socket: a client that stops reading cannot stall
 * the walk, the trap of the websocket-shootout's Go server.  Whoever owns
 * the subscriber writes it.  One held by a worker or waiting on a queue
 * needs nothing more: its worker writes before handing it back, and the
 * dispatcher re-arms it from what its session wants then.  One idle in
 * epoll (armed) is made writable by the sender itself: an EPOLL_CTL_MOD
 * adding EPOLLOUT, one-shot as always, made under the subscriber's lock,
 * where `armed` is read and written, so it cannot re-arm a connection
 * that a worker holds.  It can re-arm one that epoll has just reported
 * and the dispatcher has not yet taken: then epoll may report it a second
 * time, and conn_ready hands over only a connection still armed, so the
 * stale report is dropped; and the dispatcher closes connections only
 * after a whole batch of reports (take_returns, sweep), so no stale
 * report in hand can point at freed memory.
 *
 * Notes on the model and its traps:
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): the
 *   worker borrows one of --db-pool connections (core/db.h's db_pool)
 *   and blocks on it, one round trip per query, holding its place in
 *   the pool as it does for a /delay.  With fewer connections than
 *   workers, workers queue for a connection; one that waits over
 *   DB_POOL_WAIT_MS answers 503.  With more, the extra connections idle:
 *   the workers are the limit.
 * - The hand-off costs: each request crosses two queues and wakes two
 *   threads, and re-arming is one epoll_ctl per request.  That is the
 *   price of not pinning a thread per idle connection; compare epoll.c
 *   (no hand-off) and thread-per-conn (no dispatcher).
 * - A sleeping worker holds its place: when every worker sleeps in a
 *   /delay, ready connections wait in the queue, even for GET /.  The
 *   pool size trades memory and context switches against queueing delay.
 * - Sockets are non-blocking, so a client that never reads costs a
 *   watched socket, not a worker, and its idle deadline still applies.
 * - A worker serves a connection until it would block; a client that
 *   pipelines without pause keeps its worker for as long as it does.
 * - A broadcast to N subscribers costs the sender's worker N lock pairs
 *   and up to N epoll_ctl calls, and each idle subscriber's delivery
 *   crosses the dispatcher and the ready queue to reach a worker that
 *   writes it: the hand-off once per subscriber per broadcast.  Measured
 *   with 1,000 subscribers and 10 broadcasts a second, server on one
 *   core: about 17 us of server CPU per delivery, against 11 us for
 *   epoll.c and 21 us for thread-per-conn's eventfd wake-ups.
 * - Signals: as in epoll.c, SIGINT and SIGTERM are blocked everywhere (the
 *   workers inherit the mask) and unblocked only inside the dispatcher's
 *   epoll_pwait().  On stop it prints the summary and exits without
 *   waiting for the workers: exit() ends them, sleeping ones included.
 *
 * When it wins: request work that has to block (a synchronous database
 * driver, file I/O, CPU work) with many idle keep-alive clients: threads
 * and requests in flight stay bounded, whatever the number of connections.
 * When it does not: cheap requests, where the hand-off costs more than the
 * work itself.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/net.h"
#include "core/session.h"
#include "core/sublist.h"

#define MAX_EVENTS (256)
#define SWEEP_MS   (1000)

static struct about about = {
    .name = "thread-pool",
    .kind = "thread-pool",
    .summary =
	"A fixed pool of --workers threads does the request work (blocking\n"
	"sleeps, CPU burns); a dispatcher thread watches the waiting\n"
	"connections with epoll(7) and queues the ready ones for the pool.",
    .threads = THREADS_POOL,
    .honours = HONOURS_WORKERS | HONOURS_STACK_KIB | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	int armed;	      /* in epoll, owned by the dispatcher: written by
				 it only, under lock; read by senders */
	int failed;	      /* a worker saw the socket fail: close it */
	pthread_mutex_t lock; /* held around every call on the session */
	struct conn *next;    /* on a queue */
	struct sub sub;	      /* on the subscribers list (a WebSocket) */
	struct session session;
};

/* A FIFO of connections changing hands between threads. */
struct connq {
	pthread_mutex_t lock;
	pthread_cond_t nonempty; /* idle workers wait on the ready queue */
	struct conn *head, *tail;
};

static struct config cfg;
static struct db_pool db_pool; /* the database connections, borrowed */
static struct stats stats;
static int epoll_fd;
static int wake_fd; /* eventfd: the return queue is no longer empty */
static struct connq ready = {PTHREAD_MUTEX_INITIALIZER,
			     PTHREAD_COND_INITIALIZER, NULL, NULL};
static struct connq returned = {PTHREAD_MUTEX_INITIALIZER,
				PTHREAD_COND_INITIALIZER, NULL, NULL};
static struct conn **conns; /* by descriptor, for the sweep: dispatcher */
static int conns_cap;
/*
 * Every WebSocket subscriber, for broadcasts.  Lock order: this lock, then
 * a subscriber's own.
 */
static pthread_mutex_t subscribers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sub_list subscribers;

/* Appends c to q and wakes one waiter.  Returns 1 if q was empty. */
static int connq_push(struct connq *q, struct conn *c)
{
	int was_empty;

	pthread_mutex_lock(&q->lock);
	c->next = NULL;
	was_empty = q->head == NULL;
	if (was_empty)
		q->head = c;
	else
		q->tail->next = c;
	q->tail = c;
	pthread_mutex_unlock(&q->lock);
	pthread_cond_signal(&q->nonempty);
	return was_empty;
}

/* Takes the first connection off q, waiting for one if need be. */
static struct conn *connq_wait(struct connq *q)
{
	struct conn *c;

	pthread_mutex_lock(&q->lock);
	while (q->head == NULL)
		pthread_cond_wait(&q->nonempty, &q->lock);
	c = q->head;
	q->head = c->next;
	if (q->head == NULL)
		q->tail = NULL;
	pthread_mutex_unlock(&q->lock);
	return c;
}

/* Takes every connection off q at once: a list linked by next. */
static struct conn *connq_take_all(struct connq *q)
{
	struct conn *list;

	pthread_mutex_lock(&q->lock);
	list = q->head;
	q->head = q->tail = NULL;
	pthread_mutex_unlock(&q->lock);
	return list;
}

/*
 * Puts c on the subscribers list, or (on = 0) takes it off.  Once off, no
 * sender can reach c: a sender holds the registry lock for its whole walk.
 */
static void conn_subscribe(struct conn *c, int on)
{
	pthread_mutex_lock(&subscribers_lock);
	if (on)
		sub_join(&subscribers, &c->sub, c);
	else
		sub_leave(&subscribers, &c->sub);
	pthread_mutex_unlock(&subscribers_lock);
}

/*
 * Dispatcher: closing removes the socket from the epoll set too.  Off the
 * subscribers list first, so no broadcast touches c once it is freed.
 */
static void conn_close(struct conn *c)
{
	if (c->sub.on)
		conn_subscribe(c, 0);
	conns[c->fd] = NULL;
	close(c->fd);
	session_free(&c->session);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Dispatcher: a new connection, watched for its first request. */
static void conn_open(int fd)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT};
	struct conn *c;

	if (fd >= conns_cap)
		goto refuse; /* cannot happen: descriptors stay below the limit
			      */
	c = calloc(1, sizeof(*c));
	if (!c)
		goto refuse;
	c->fd = fd;
	pthread_mutex_init(&c->lock, NULL);
	session_init(&c->session, &cfg, &stats);
	ev.data.ptr = c;
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		session_free(&c->session);
		pthread_mutex_destroy(&c->lock);
		free(c);
		goto refuse;
	}
	c->armed = 1;
	conns[fd] = c;
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * Under c->lock: has epoll report c once (EPOLLONESHOT) for what its
 * session wants, and for extra.  Returns epoll_ctl's result.
 */
static int conn_arm(struct conn *c, unsigned extra)
{
	struct epoll_event ev = {.data.ptr = c};
	unsigned want = session_want(&c->session);

	ev.events = EPOLLONESHOT | extra | (want & WANT_READ ? EPOLLIN : 0) |
		    (want & WANT_WRITE ? EPOLLOUT : 0);
	return epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
}

/*
 * Worker: delivers a broadcast frame to every subscriber, the sender
 * included.  The registry lock is held for the whole walk and each
 * subscriber's lock only around session_push() and, for a subscriber
 * idle in epoll whose output was empty, the EPOLL_CTL_MOD that has the
 * dispatcher report it writable: nothing here waits for a client.  The
 * EPOLLOUT is forced, as the push may have closed c (1008, or out of
 * memory) and c must come back to be closed even when it wants nothing
 * else.  Should the MOD fail, c gets its bytes when its client next
 * writes.  A subscriber not armed (a worker's, or on a queue) needs no
 * more than the push: see the notes.
 */
static void broadcast(const void *frame, size_t len)
{
	pthread_mutex_lock(&subscribers_lock);
	for (struct sub *s = subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		pthread_mutex_lock(&c->lock);
		if (session_push(&c->session, frame, len) && c->armed)
			conn_arm(c, EPOLLOUT);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&subscribers_lock);
}

/*
 * Worker: serves the connection until its socket would block.  The /delay
 * sleep and the /cpu burn (inside session_received) happen here, holding
 * this worker, and so do the database's round trips: that is the
 * blocking work the pool exists for.  Answers
 * that came before a /delay are sent before the sleep.  c->lock is held
 * throughout, except while sleeping and while taking the registry lock
 * (the lock order): only senders wait for it, and only once c is a
 * subscriber, which never sleeps or burns.
 */
static void conn_work(struct conn *c)
{
	const void *frame;
	size_t len;
	long ms;
	int r;
	struct db_req *req;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		/* Subscribed before its 101 goes out: no broadcast missed. */
		if (!c->sub.on && session_is_subscriber(&c->session)) {
			pthread_mutex_unlock(&c->lock);
			conn_subscribe(c, 1);
			pthread_mutex_lock(&c->lock);
		}
		if (net_write(c->fd, &c->session) < 0) {
			c->failed = 1;
			break;
		}
		if ((frame = session_take_broadcast(&c->session, &len))) {
			pthread_mutex_unlock(&c->lock);
			broadcast(frame, len);
			pthread_mutex_lock(&c->lock);
			session_broadcast_done(&c->session);
			continue;
		}
		if ((ms = session_take_timer(&c->session)) >= 0) {
			pthread_mutex_unlock(&c->lock);
			clock_sleep_ms(ms);
			pthread_mutex_lock(&c->lock);
			session_timer_fired(&c->session);
			continue;
		}
		if ((req = session_take_db(&c->session))) {
			pthread_mutex_unlock(&c->lock);
			db_pool_run(&db_pool, req); /* borrow, block, return */
			pthread_mutex_lock(&c->lock);
			session_db_done(&c->session);
			continue;
		}
		r = net_read(c->fd, &c->session);
		if (r <= 0) {
			c->failed = r < 0;
			break; /* would block: back to the dispatcher */
		}
	}
	pthread_mutex_unlock(&c->lock);
}

static void *worker(void *arg)
{
	struct conn *c;

	(void)arg;
	for (;;) {
		c = connq_wait(&ready);
		conn_work(c);
		if (connq_push(&returned, c))
			eventfd_write(wake_fd, 1);
	}
	return NULL;
}

/*
 * Dispatcher: epoll reports c ready (and disarmed it): hand it over.
 * Unless c is no longer armed: a sender re-armed it after epoll had
 * reported it and before we took that report, so this is the second
 * report of one arming, and c is already a worker's or on a queue.
 */
static void conn_ready(struct conn *c)
{
	int armed;

	pthread_mutex_lock(&c->lock);
	armed = c->armed;
	c->armed = 0;
	pthread_mutex_unlock(&c->lock);
	if (armed)
		connq_push(&ready, c);
}

/*
 * Dispatcher: c is back from a worker: close it, or watch it again.  The
 * session is asked under c->lock, and c is armed under it, so a broadcast
 * pushed meanwhile is either seen here (EPOLLOUT) or made after, by a
 * sender that finds c armed and re-arms it itself.
 */
static void conn_want(struct conn *c)
{
	int done;

	/*
	 * The deadline is checked here as well as in the sweep: a client
	 * that trickles its head one byte at a time is in a worker's hands
	 * whenever it is ready, and the sweep, which may only touch armed
	 * connections, could keep missing it.
	 */
	pthread_mutex_lock(&c->lock);
	done = c->failed || (session_want(&c->session) & WANT_CLOSE) ||
	       session_deadline(&c->session) <= clock_coarse_ms() ||
	       conn_arm(c, 0) < 0;
	c->armed = !done;
	pthread_mutex_unlock(&c->lock);
	if (done)
		conn_close(c);
}

/* Dispatcher: the eventfd says workers gave connections back. */
static void take_returns(void)
{
	eventfd_t count;
	struct conn *c, *next;

	/* Reset the eventfd first: a push after this wakes us again. */
	eventfd_read(wake_fd, &count);
	for (c = connq_take_all(&returned); c; c = next) {
		next = c->next;
		conn_want(c);
	}
}

/* Closes the armed connections whose idle or header deadline passed. */
static void sweep(void)
{
	int64_t now = clock_coarse_ms(), due;
	struct conn *c;

	for (int fd = 0; fd < conns_cap; fd++) {
		c = conns[fd];
		if (!c || !c->armed)
			continue;
		pthread_mutex_lock(&c->lock); /* a sender may be pushing */
		due = session_deadline(&c->session);
		pthread_mutex_unlock(&c->lock);
		if (due <= now)
			conn_close(c);
	}
}

static void accept_all(int listen_fd)
{
	net_accept_all(listen_fd, &stats, conn_open);
}

/* Starts the pool; a server without its workers cannot serve: exit 1. */
static void start_workers(void)
{
	pthread_attr_t attr;
	pthread_t thread;
	size_t stack;
	int err;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (cfg.stack_kib > 0) {
		stack = (size_t)cfg.stack_kib * 1024;
		if (stack < (size_t)PTHREAD_STACK_MIN)
			stack = (size_t)PTHREAD_STACK_MIN;
		pthread_attr_setstacksize(&attr, stack);
	}
	for (int i = 0; i < cfg.workers; i++) {
		err = pthread_create(&thread, &attr, worker, NULL);
		if (err) {
			fprintf(stderr,
				"thread-pool: cannot start worker %d of %d: "
				"%s\n",
				i + 1, cfg.workers, strerror(err));
			exit(1);
		}
	}
	pthread_attr_destroy(&attr);
}

int main(int argc, char **argv)
{
	struct epoll_event events[MAX_EVENTS];
	struct epoll_event ev = {.events = EPOLLIN};
	sigset_t stop, unblocked;
	int listen_fd, n, woken;
	int64_t next_sweep;
	void *p;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &unblocked);
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (epoll_fd < 0 || wake_fd < 0) {
		perror("thread-pool: epoll_create1/eventfd");
		return 1;
	}
	if (cfg.db && db_pool_init(&db_pool, cfg.db, cfg.db_pool) < 0) {
		perror("thread-pool: db_pool_init");
		return 1;
	}
	start_workers();
	conns_cap = net_fd_limit();
	conns = calloc((size_t)conns_cap, sizeof(*conns));
	if (!conns) {
		perror("thread-pool: calloc");
		return 1;
	}
	listen_fd = net_listen(&cfg, 1);
	ev.data.ptr = NULL; /* the listening socket */
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) < 0) {
		perror("thread-pool: epoll_ctl");
		return 1;
	}
	ev.data.ptr = &returned; /* the workers' wake-up */
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev) < 0) {
		perror("thread-pool: epoll_ctl");
		return 1;
	}
	next_sweep = clock_ms() + SWEEP_MS;

	while (!net_stop_requested) {
		n = epoll_pwait(epoll_fd, events, MAX_EVENTS, SWEEP_MS,
				&unblocked);
		woken = 0;
		for (int i = 0; i < n; i++) {
			p = events[i].data.ptr;
			if (p == NULL)
				accept_all(listen_fd);
			else if (p == &returned)
				woken = 1;
			else
				conn_ready(p);
		}
		/*
		 * After the batch, not in it: a returned connection may be
		 * closed there, and a stale report of it (conn_ready) may
		 * still be further down events[].
		 */
		if (woken)
			take_returns();
		if (clock_ms() >= next_sweep) {
			sweep();
			next_sweep = clock_ms() + SWEEP_MS;
		}
	}
	stats_print(&stats, "thread-pool");
	exit(0); /* ends the workers too: no join */
}
