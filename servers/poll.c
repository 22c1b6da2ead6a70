/*
 * poll.c - one thread, non-blocking sockets, poll(2).
 *
 * How it works.  One thread hands the kernel an array of struct pollfd,
 * "tell me which of these descriptors are ready for the events I name",
 * with poll() (here ppoll()), and serves whatever is ready, then asks
 * again.  Each connection is a struct conn holding its socket and its
 * protocol session; the session says what the connection waits for next
 * (read, write, a timer) and the loop writes exactly that into the
 * connection's entry before the next call.  The kernel keeps nothing
 * between calls: every call passes the whole array in and the results out.
 *
 * Notes on the model and its traps:
 * - poll is select without the bitmap: an entry names its descriptor, so
 *   there is no FD_SETSIZE and a connection on descriptor 5,000 is served
 *   like one on descriptor 5.  The array here is indexed by descriptor
 *   (entry fd is descriptor fd), and every call passes the entries up to
 *   the highest descriptor in use.
 * - A call still costs O(n): the kernel copies the whole array in, asks
 *   every socket in it whether it is ready and copies the array back, and
 *   we scan it for results.  10,000 idle connections cost 10,000 checks per
 *   wake-up, even when only one socket is ready: poll's cost grows with
 *   idle descriptors exactly like select's, only without the 1,024 cap.
 *   epoll keeps the set in the kernel instead.
 * - Unlike select, poll keeps what we ask (events) apart from what it
 *   answers (revents), so the array survives the call and is never
 *   rebuilt: an entry changes only when what its connection waits for
 *   changes.
 * - POLLHUP and POLLERR are reported even for an entry whose events are 0.
 *   A connection that waits for nothing but its timer (or pool job) gets a
 *   negative descriptor in its entry, which poll skips; with events 0 alone
 *   a client that resets during a /delay would make every poll return at
 *   once until the delay ends: the loop would spin.
 * - poll has no timers.  /delay deadlines live in a min-heap (timerq) and
 *   the heap's earliest deadline becomes poll's timeout.  Idle and header
 *   timeouts are checked by a sweep once a second.
 * - Anything slow inside the loop stalls every connection: /cpu burns this
 *   one thread, and --blocking sleeps in it on purpose to show the cost.
 * - --offload hands that blocking sleep to a pool of --workers threads
 *   (core/offload.h) and keeps the loop free: the pool's eventfd is one
 *   more entry in the array, readable when jobs are done.  A connection
 *   closed while its job is in the pool is freed only when the job comes
 *   back.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep) is
 *   --db-pool more entries in the array: non-blocking libpq connections
 *   (core/dbset.h), each request's queries pipelined on the least busy
 *   one, its answers read when that socket is readable.  The connection
 *   says what its socket waits for, as a session does, and the loop
 *   writes it into the socket's entry.  libpq swaps its socket on a
 *   reconnect, often under the same number: the entry is then set afresh,
 *   its revents cleared, so a closed socket's answer is never read as the
 *   new one's.  --blocking runs the queries with blocking libpq right here
 *   in the loop (the "no async driver" sin: everyone waits for each round
 *   trip); --offload runs them in the pool, each thread with a connection
 *   of its own.
 * - Broadcast (GET /ws, the chat): one thread owns every connection, so
 *   delivering a message to N subscribers is N appends to their session
 *   outputs and POLLOUT added to each entry, with nothing shared and
 *   nothing locked; the next ppoll() finds the sockets with room.  A
 *   subscriber that stops reading only fills its own backlog, until its
 *   session closes it (1008); nobody else waits for it.
 * - SIGTERM is blocked except inside ppoll(), which unblocks it
 *   atomically: a signal can never slip in between our check of the stop
 *   flag and the wait (the race a plain poll would have).
 *
 * When it still makes sense: up to a few hundred busy connections, code
 * that must run on every Unix unchanged (poll is POSIX; epoll is Linux,
 * kqueue BSD), or descriptors select cannot take.  Past a few thousand
 * mostly idle connections, use epoll or kqueue.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/offload.h"
#include "core/session.h"
#include "core/sublist.h"
#include "core/timerq.h"

#define SWEEP_MS (1000)

static struct about about = {
    .name = "poll",
    .kind = "event-loop",
    .summary =
	"One thread, non-blocking sockets, poll(2): every wait passes the\n"
	"whole array of watched sockets in, with no FD_SETSIZE cap.",
    .threads = THREADS_ONE,
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "poll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	struct timerq_node timer; /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static struct timerq timers;
static struct offload pool; /* --offload */
static struct conn **conns; /* by descriptor */
static struct pollfd *pfds; /* by descriptor: what poll sees */
static int conns_cap;	    /* entries in both, the descriptor limit */
static int nfds;	    /* entries passed to poll; the rest unused */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), and
 * --blocking's own connection. */
static struct db_set dbs;
static struct db_link blocking_link;

/*
 * Sets the entry poll sees for descriptor fd: wait for events, or, when
 * events is 0, a negative descriptor that poll skips (see the notes on
 * POLLHUP).  Entries past nfds were never set, so they are cleared as the
 * array grows over them.
 */
static void watch(int fd, short events)
{
	while (nfds <= fd)
		pfds[nfds++].fd = -1;
	pfds[fd].fd = events ? fd : -1;
	pfds[fd].events = events;
	pfds[fd].revents = 0;
}

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
	watch(c->fd, 0);
	close(c->fd);
	/* The pool has c->job, or a database connection has the session's
	 * request: offload_job_back frees c when it comes back. */
	if (!offload_job_close(&c->job))
		conn_free(c);
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
	c->job.session = &c->session;
	session_init(&c->session, &cfg, &stats);
	conns[fd] = c;
	watch(fd, POLLIN);
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * A broadcast landed in c's output: add POLLOUT to its entry.  Only that:
 * c may be further along this turn's scan of the array, so its revents
 * stay as poll left them (watch() would clear them) and anything else
 * (closing it, above all) waits for c's own turn.  An entry poll skipped
 * (negative, maybe past nfds by now) has no revents to keep: watch() it.
 */
static void conn_arm_write(struct conn *c)
{
	if (pfds[c->fd].fd < 0)
		watch(c->fd, POLLOUT);
	else
		pfds[c->fd].events |= POLLOUT;
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and POLLOUT where the output was empty.
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
 * The database set's: what connection i's socket waits for now.  A
 * renewed socket's entries are set afresh: the old one's is cleared (its
 * number is free, or the new socket's), and the new one's revents are
 * not the new socket's.  Otherwise only the events change, and revents
 * stay for this turn's scan, as in conn_arm_write.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	short events = (short)((want & DB_WANT_READ ? POLLIN : 0) |
			       (want & DB_WANT_WRITE ? POLLOUT : 0));

	if (renew) {
		if (s->conns[i].fd >= 0)
			watch(s->conns[i].fd, 0);
		if (fd >= 0)
			watch(fd, events);
		return;
	}
	pfds[fd].events = events;
}

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload, answered in
 * offload_answer), or with blocking libpq right here (--blocking, answered
 * at once).  Returns -1 when c was closed.
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
 * Writes what the session wants into the connection's entry for the next
 * poll() call.  A /delay arms a timer, or goes to the pool (--offload),
 * or, with --blocking, sleeps right here, stalling everyone.
 */
static void conn_want(struct conn *c)
{
	unsigned want;
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
	watch(c->fd, (short)((want & WANT_READ ? POLLIN : 0) |
			     (want & WANT_WRITE ? POLLOUT : 0)));
}

/* poll says the socket is ready: do what can be done, then re-arm. */
static void conn_ready(struct conn *c, int readable)
{
	if (readable && net_read(c->fd, &c->session) < 0) {
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

/* Database connection i's socket is ready: read answers, send more. */
static void db_ready(int i, short r)
{
	db_set_ready(&dbs, i,
		     (r & (POLLIN | POLLHUP | POLLERR) ? DB_WANT_READ : 0) |
			 (r & POLLOUT ? DB_WANT_WRITE : 0));
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
	struct timespec ts;
	sigset_t stop, unblocked;
	int listen_fd, wake_fd = -1, n, timeout, err;
	int64_t now, next_sweep;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	timerq_init(&timers);
	conns_cap = net_fd_limit();
	conns = calloc((size_t)conns_cap, sizeof(*conns));
	pfds = calloc((size_t)conns_cap, sizeof(*pfds));
	if (!conns || !pfds) {
		perror("poll: calloc");
		return 1;
	}
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0) {
			fprintf(stderr, "poll: offload pool: %s\n",
				strerror(-err));
			return 1;
		}
		wake_fd = offload_fd(&pool);
		watch(wake_fd, POLLIN);
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		if (db_set_init(&dbs, cfg.db, cfg.db_pool, db_watch, db_answer,
				NULL) < 0) {
			perror("poll: calloc");
			return 1;
		}
	}
	listen_fd = net_listen(&cfg, 1);
	watch(listen_fd, POLLIN);
	next_sweep = clock_ms() + SWEEP_MS;

	while (!net_stop_requested) {
		/*
		 * Nothing to rebuild: poll writes only revents and leaves the
		 * events we asked for in place.  Only the unused entries at
		 * the top are dropped, so the kernel is not asked about them.
		 */
		while (nfds > 0 && pfds[nfds - 1].fd < 0)
			nfds--;
		timeout = timerq_wait_ms(&timers, clock_ms(), SWEEP_MS);
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		n = ppoll(pfds, (nfds_t)nfds, &ts, &unblocked);
		/*
		 * Serve the connections before accepting: a descriptor that a
		 * new connection takes over then starts with a clean entry,
		 * so a stale revents can never be read as the newcomer's.
		 */
		for (int fd = 0; n > 0 && fd < nfds; fd++) {
			short r = pfds[fd].revents;

			if (conns[fd] && r)
				conn_ready(conns[fd],
					   r & (POLLIN | POLLHUP | POLLERR));
		}
		for (int i = 0; n > 0 && i < dbs.n; i++)
			if (dbs.conns[i].fd >= 0 &&
			    pfds[dbs.conns[i].fd].revents)
				db_ready(i, pfds[dbs.conns[i].fd].revents);
		if (n > 0 && wake_fd >= 0 && pfds[wake_fd].revents)
			offload_answer(&pool, conn_resume, conn_free);
		if (n > 0 && (pfds[listen_fd].revents & POLLIN))
			accept_all(listen_fd);
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
	stats_print(&stats, "poll");
	return 0;
}
