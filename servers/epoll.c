/*
 * epoll.c - one thread, non-blocking sockets, epoll(7).
 *
 * How it works.  One thread asks the kernel "which of my sockets are
 * ready?" with epoll_wait() and serves whatever is ready, then asks again.
 * Each connection is a struct conn holding its socket and its protocol
 * session; the session says what the connection waits for next (read,
 * write, a timer) and the loop tells epoll to watch for exactly that.
 * Unlike select(), the set of watched sockets lives in the kernel, so a
 * wait costs in proportion to the sockets that are ready, not to all the
 * sockets we have: 10,000 idle connections cost nothing per wait.
 *
 * Notes on the model and its traps:
 * - Level-triggered mode: a socket stays reported while it is readable, so
 *   we may read once per wake-up and stay fair to other connections.
 *   Edge-triggered mode would force us to read until EAGAIN every time.
 * - We call epoll_ctl only when what a connection waits for changes: a
 *   request that is read and answered at once leaves the interest set
 *   alone (EPOLLIN), so the common case costs one read and one write.
 * - epoll has no timers.  /delay deadlines live in a min-heap (timerq) and
 *   the heap's earliest deadline becomes epoll_wait's timeout.  Idle and
 *   header timeouts are checked by a sweep once a second.
 * - Anything slow inside the loop stalls every connection: /cpu burns this
 *   one thread, and --blocking sleeps in it on purpose to show the cost.
 * - --offload hands that blocking sleep to a pool of --workers threads
 *   (core/offload.h) and keeps the loop free: the pool's eventfd is one
 *   more descriptor in the epoll set, readable when jobs are done.  A
 *   connection closed while its job is in the pool is freed only when
 *   the job comes back.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep) is
 *   one more kind of descriptor in the same epoll set: --db-pool
 *   non-blocking libpq connections (core/dbset.h, as every event loop
 *   has them), each a socket we watch for what it wants, with every
 *   request's queries pipelined on it.  A request goes to the least busy
 *   connection; its answers come back when that socket is readable, and
 *   the session renders them.  One thread keeps --db-pool connections
 *   busy with many requests at once, as h2o and libreactor do in
 *   TechEmpower's runs.  libpq closes and reopens its socket itself; the
 *   kernel takes a closed socket out of the set, so a renewed one is
 *   added afresh.  Finished requests are answered last in each turn of
 *   the loop, after the timers and the pool, so one that failed at its
 *   submit inside a timer's or a job's answer waits for no later turn.
 *   --blocking runs the queries with blocking libpq right here in the
 *   loop (the "no async driver" sin: every other connection waits for
 *   each round trip); --offload runs them in the pool threads, each
 *   with a connection of its own, and the loop stays free.
 * - epoll reports EPOLLHUP and EPOLLERR even for an empty interest set, and
 *   level-triggered it reports them on every wait.  A connection that waits
 *   for nothing but its timer (or pool job) is therefore taken out of the
 *   set, or a client that resets during a /delay would make epoll_wait
 *   return at once, again and again: the loop would spin until the delay
 *   ends.
 * - Broadcast (GET /ws, the chat): one thread owns every connection, so
 *   delivering a message to N subscribers is N appends to their session
 *   outputs and EPOLLOUT armed on each, with nothing shared and nothing
 *   locked; the sockets are written when epoll says they have room.  A
 *   subscriber that stops reading only fills its own backlog, until its
 *   session closes it (1008); nobody else waits for it.
 * - SIGTERM is blocked except inside epoll_pwait(), which unblocks it
 *   atomically: a signal can never slip in between our check of the stop
 *   flag and the wait (the race a plain epoll_wait would have).
 * - Closing a descriptor removes it from the epoll set (it was its last
 *   reference), so closing needs no EPOLL_CTL_DEL.
 *
 * When it wins: many connections, mostly idle or waiting (slow backends,
 * long polls, server push); memory per connection is the session and its
 * buffers, no thread stack.  When it does not: CPU-bound requests, since
 * it uses one core; run one loop per core to fix that.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/offload.h"
#include "core/session.h"
#include "core/sublist.h"
#include "core/timerq.h"

#define MAX_EVENTS (256)
#define SWEEP_MS   (1000)

static struct about about = {
    .name = "epoll",
    .kind = "event-loop",
    .summary =
	"One thread, non-blocking sockets, epoll(7): the kernel keeps the\n"
	"set of watched sockets and reports only the ready ones.",
    .threads = THREADS_ONE,
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	unsigned watching;	  /* EPOLLIN/EPOLLOUT as epoll has them */
	struct timerq_node timer; /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static int epoll_fd;
static struct timerq timers;
static struct offload pool; /* --offload */
static struct conn **conns; /* by descriptor, for the timeout sweep */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
static int conns_cap;

/* The database: --db-pool non-blocking connections, each in the set. */
static struct db_set dbs;
static char *db_marks;		     /* their epoll data: &db_marks[i] */
static struct db_link blocking_link; /* --blocking: the loop's own */

static void conn_free(void *p)
{
	struct conn *c = p;

	session_free(&c->session);
	free(c);
}

static void conn_close(struct conn *c)
{
	sub_leave(&subscribers, &c->sub);
	timerq_remove(&timers, &c->timer);
	conns[c->fd] = NULL;
	close(c->fd);
	/* The pool has c->job, or a database connection has the session's
	 * request: offload_job_back frees c when it comes back. */
	if (!offload_job_close(&c->job))
		conn_free(c);
}

static void conn_open(int fd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	struct conn *c;

	if (fd >= conns_cap)
		goto refuse; /* cannot happen: descriptors stay below the limit
			      */
	c = calloc(1, sizeof(*c));
	if (!c)
		goto refuse;
	c->fd = fd;
	c->watching = EPOLLIN;
	timerq_node_init(&c->timer);
	c->job.data = c;
	c->job.session = &c->session;
	session_init(&c->session, &cfg, &stats);
	ev.data.ptr = c;
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		conn_free(c);
		goto refuse;
	}
	conns[fd] = c;
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * A broadcast landed in c's output: have epoll report c writable.  Only
 * that: c may be further down this batch of events, so anything else
 * (closing it, above all) waits for c's own turn.
 */
static void conn_arm_write(struct conn *c)
{
	struct epoll_event ev = {.events = c->watching | EPOLLOUT,
				 .data.ptr = c};

	if (!(c->watching & EPOLLOUT) &&
	    epoll_ctl(epoll_fd, c->watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
		      c->fd, &ev) == 0)
		c->watching = ev.events;
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and EPOLLOUT where the output was empty.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	for (struct sub *s = subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		if (session_push(&c->session, frame, len) && c != from)
			conn_arm_write(c);
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

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload,
 * answered by offload_answer), or with blocking libpq right here
 * (--blocking, answered at once).  Returns -1 when c was closed.
 */
static int conn_db(struct conn *c, struct db_req *req)
{
	if (cfg.offload) {
		c->job.db = req;
		offload_submit(&pool, &c->job);
		return 0;
	}
	if (cfg.blocking) {
		db_link_run(&blocking_link, cfg.db, req);
		session_db_done(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return -1;
		}
		return 0;
	}
	req->data = &c->job;
	offload_job_lend(&c->job, req);
	db_set_submit(&dbs, req);
	return 0;
}

/*
 * Turns what the session wants into what epoll watches.  A /delay arms a
 * timer, or goes to the pool (--offload), or, with --blocking, sleeps
 * right here, stalling everyone.
 */
static void conn_want(struct conn *c)
{
	struct epoll_event ev;
	unsigned want, events;
	int op;
	long ms;
	const void *frame;
	size_t len;
	struct db_req *req;

	if (!c->sub.on && session_is_subscriber(&c->session))
		sub_join(&subscribers, &c->sub, c);
	while ((frame = session_take_broadcast(&c->session, &len)) != NULL) {
		broadcast(c, frame, len);
		session_broadcast_done(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return;
		}
	}
	while ((req = session_take_db(&c->session)) != NULL)
		if (conn_db(c, req) < 0)
			return;
	while ((ms = session_take_timer(&c->session)) >= 0) {
		if (cfg.offload) {
			c->job.ms = ms;
			c->job.db = NULL;
			offload_submit(&pool, &c->job);
			break;
		}
		if (!cfg.blocking) {
			if (timerq_add_after(&timers, &c->timer, ms)) {
				conn_close(c);
				return;
			}
			break;
		}
		clock_sleep_ms(ms);
		session_timer_fired(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return;
		}
	}
	want = session_want(&c->session);
	if (want & WANT_CLOSE) {
		conn_close(c);
		return;
	}
	events = (want & WANT_READ ? EPOLLIN : 0) |
		 (want & WANT_WRITE ? EPOLLOUT : 0);
	if (events != c->watching) {
		/* Nothing to watch: out of the set (see the notes on HUP). */
		op = !events	    ? EPOLL_CTL_DEL
		     : !c->watching ? EPOLL_CTL_ADD
				    : EPOLL_CTL_MOD;
		ev.events = events;
		ev.data.ptr = c;
		if (epoll_ctl(epoll_fd, op, c->fd, &ev) < 0) {
			conn_close(c);
			return;
		}
		c->watching = events;
	}
}

/* epoll says the socket is ready: do what can be done, then re-arm. */
static void conn_ready(struct conn *c, unsigned events)
{
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) &&
	    net_read(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	if (net_write(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	conn_want(c);
}

static void fire_timers(int64_t now)
{
	struct timerq_node *n;
	struct conn *c;

	while ((n = timerq_peek(&timers)) != NULL && n->due_ms <= now) {
		c = container_of(n, struct conn, timer);
		timerq_remove(&timers, n);
		session_timer_fired(&c->session);
		conn_ready(c, 0);
	}
}

/* A call came back from the pool or the database: serve c on. */
static void conn_resume(void *c)
{
	conn_ready(c, 0);
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	offload_job_back(req->data, conn_resume, conn_free);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_ready(int i, unsigned events)
{
	db_set_ready(
	    &dbs, i,
	    (events & (EPOLLIN | EPOLLHUP | EPOLLERR) ? DB_WANT_READ : 0) |
		(events & EPOLLOUT ? DB_WANT_WRITE : 0));
}

/* Closes the connections whose idle or header deadline has passed. */
static void sweep(int64_t now)
{
	for (int fd = 0; fd < conns_cap; fd++)
		if (conns[fd] && session_deadline(&conns[fd]->session) <= now)
			conn_close(conns[fd]);
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
	int64_t now, next_sweep;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	timerq_init(&timers);
	conns_cap = net_fd_limit();
	conns = calloc((size_t)conns_cap, sizeof(*conns));
	if (!conns) {
		perror("epoll: calloc");
		return 1;
	}
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (epoll_fd < 0) {
		perror("epoll: epoll_create1");
		return 1;
	}
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD,
					 offload_fd(&pool), &wake) < 0) {
			fprintf(stderr, "epoll: offload pool: %s\n",
				strerror(err < 0 ? -err : errno));
			return 1;
		}
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_marks = calloc((size_t)cfg.db_pool, 1);
		if (!db_marks || db_set_init(&dbs, cfg.db, cfg.db_pool,
					     db_watch, db_answer, NULL) < 0) {
			perror("epoll: calloc");
			return 1;
		}
	}
	listen_fd = net_listen(&cfg, 1);
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) < 0) {
		perror("epoll: epoll_ctl");
		return 1;
	}
	next_sweep = clock_ms() + SWEEP_MS;

	while (!net_stop_requested) {
		timeout = timerq_wait_ms(&timers, clock_ms(), SWEEP_MS);
		n = epoll_pwait(epoll_fd, events, MAX_EVENTS, timeout,
				&unblocked);
		woken = 0;
		for (int i = 0; i < n; i++) {
			void *p = events[i].data.ptr;

			if (p == NULL)
				accept_all(listen_fd);
			else if (p == &pool)
				woken = 1;
			else if (db_marks && (char *)p >= db_marks &&
				 (char *)p < db_marks + dbs.n)
				db_ready((int)((char *)p - db_marks),
					 events[i].events);
			else
				conn_ready(p, events[i].events);
		}
		/*
		 * After the batch, not in it: answering a job may close its
		 * connection, whose event may still be further down events[].
		 */
		if (woken)
			offload_answer(&pool, conn_resume, conn_free);
		now = clock_ms();
		fire_timers(now);
		if (now >= next_sweep) {
			sweep(now);
			db_set_tick(&dbs);
			next_sweep = now + SWEEP_MS;
		}
		/* Last: whatever the turn finished, the database's failures
		 * at submit included, is answered before the next wait. */
		db_set_answer(&dbs);
	}
	stats_print(&stats, "epoll");
	return 0;
}
