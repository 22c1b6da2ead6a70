/*
 * select.c - one thread, non-blocking sockets, select(2).
 *
 * How it works.  One thread hands the kernel two bitmaps of descriptors,
 * "tell me which of these are readable" and "which are writable", with
 * select() (here pselect()), and serves whatever is ready, then asks again.
 * Each connection is a struct conn holding its socket and its protocol
 * session; the session says what the connection waits for next (read,
 * write, a timer) and the loop sets exactly those bits before the next
 * call.  The kernel keeps nothing between calls: every call passes the
 * whole interest set in and the whole ready set out.
 *
 * Notes on the model and its traps:
 * - A call costs O(n) in the highest descriptor watched, twice: the kernel
 *   scans every bit up to nfds, and we rebuild the sets and scan the
 *   results the same way.  10,000 idle connections cost 10,000 bit tests
 *   per wake-up, even when only one socket is ready (epoll's whole point).
 * - An fd_set is a fixed bitmap of FD_SETSIZE (1024) bits.  FD_SET() on a
 *   descriptor >= FD_SETSIZE writes past the end of it: undefined
 *   behaviour, in practice silent memory corruption.  So a connection that
 *   lands on such a descriptor is closed at once and counted as refused,
 *   whatever the process's descriptor limit allows.
 * - select() overwrites its arguments with the result, so the sets must be
 *   rebuilt before every call (see main).
 * - select has no timers.  /delay deadlines live in a min-heap (timerq) and
 *   the heap's earliest deadline becomes select's timeout.  Idle and header
 *   timeouts are checked by a sweep once a second.
 * - Anything slow inside the loop stalls every connection: /cpu burns this
 *   one thread, and --blocking sleeps in it on purpose to show the cost.
 * - --offload hands that blocking sleep to a pool of --workers threads
 *   (core/offload.h) and keeps the loop free: the pool's eventfd is one
 *   more bit in the read set, readable when jobs are done.  A connection
 *   closed while its job is in the pool is freed only when the job comes
 *   back.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep) is
 *   --db-pool more bits in the sets: non-blocking libpq connections
 *   (core/dbset.h), each request's queries pipelined on the least busy
 *   one, its answers read when that socket is readable.  The connection
 *   says what its socket waits for, as a session does, and the loop sets
 *   those bits.  libpq swaps its socket on a reconnect: a socket renewed
 *   after the sets were built is not served from them, as their bit was
 *   another socket's.  A database socket at FD_SETSIZE or above cannot be
 *   watched at all; its requests fail by the query timeout.  --blocking
 *   runs the queries with blocking libpq right here in the loop (the "no
 *   async driver" sin: everyone waits for each round trip); --offload
 *   runs them in the pool, each thread with a connection of its own.
 * - Broadcast (GET /ws, the chat): one thread owns every connection, so
 *   delivering a message to N subscribers is N appends to their session
 *   outputs and the write bit wanted for each, with nothing shared and
 *   nothing locked; the next pselect() finds the sockets with room.  A
 *   subscriber that stops reading only fills its own backlog, until its
 *   session closes it (1008); nobody else waits for it.  With at most
 *   FD_SETSIZE descriptors, a chat here has about a thousand members.
 * - SIGTERM is blocked except inside pselect(), which unblocks it
 *   atomically: a signal can never slip in between our check of the stop
 *   flag and the wait (the race a plain select would have).
 *
 * When it still makes sense: a few hundred connections or fewer, code that
 * must run on every Unix (and Windows' sockets) unchanged, or a loop whose
 * descriptor set changes completely between waits, where select's
 * statelessness costs nothing extra.  Past that, use epoll or kqueue.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
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
    .name = "select",
    .kind = "event-loop",
    .summary =
	"One thread, non-blocking sockets, select(2): every wait passes the\n"
	"whole set of watched sockets in, a bitmap of at most FD_SETSIZE.",
    .threads = THREADS_ONE,
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "select",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	unsigned want;		  /* WANT_READ/WANT_WRITE for the next call */
	struct timerq_node timer; /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static struct timerq timers;
static struct offload pool;	       /* --offload */
static struct conn *conns[FD_SETSIZE]; /* by descriptor: what select sees */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections, and what each wants
 * for the next call (dbset.h); --blocking's own connection. */
struct db_watch {
	int fd;	       /* -1: nothing to watch */
	unsigned want; /* DB_WANT_* */
	int renewed;   /* since the sets were built: not in them */
};
static struct db_set dbs;
static struct db_watch *db_watches;
static struct db_link blocking_link;

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
	struct conn *c;

	/* FD_SET(fd) would write outside the fd_set: refuse, never corrupt. */
	if (fd >= FD_SETSIZE)
		goto refuse;
	c = calloc(1, sizeof(*c));
	if (!c)
		goto refuse;
	c->fd = fd;
	c->want = WANT_READ;
	timerq_node_init(&c->timer);
	c->job.data = c;
	c->job.session = &c->session;
	session_init(&c->session, &cfg, &stats);
	conns[fd] = c;
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and the write bit where the output was empty.  Only that:
 * a subscriber may be further along this turn's scan of the ready sets,
 * so anything else (closing it, above all) waits for its own turn.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	for (struct sub *s = subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		if (session_push(&c->session, frame, len) && c != from)
			c->want |= WANT_WRITE;
	}
}

/* The database set's: what connection i's socket waits for now. */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	(void)s;
	db_watches[i].fd = fd < FD_SETSIZE ? fd : -1;
	db_watches[i].want = want;
	db_watches[i].renewed |= renew;
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
 * Records what the session wants for the next select() call.  A /delay
 * arms a timer, or goes to the pool (--offload), or, with --blocking,
 * sleeps right here, stalling everyone.
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
	c->want = want & (WANT_READ | WANT_WRITE);
}

/* select says the socket is ready: do what can be done, then re-arm. */
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

/* Closes the connections whose idle or header deadline has passed. */
static void sweep(int64_t now)
{
	for (int fd = 0; fd < FD_SETSIZE; fd++)
		if (conns[fd] && session_deadline(&conns[fd]->session) <= now)
			conn_close(conns[fd]);
}

static void accept_all(int listen_fd)
{
	net_accept_all(listen_fd, &stats, conn_open);
}

int main(int argc, char **argv)
{
	fd_set rd, wr;
	struct timespec ts;
	sigset_t stop, unblocked;
	int listen_fd, wake_fd = -1, n, nfds, timeout, err;
	int64_t now, next_sweep;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	timerq_init(&timers);
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0) {
			fprintf(stderr, "select: offload pool: %s\n",
				strerror(-err));
			return 1;
		}
		wake_fd = offload_fd(&pool);
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_watches = calloc((size_t)cfg.db_pool, sizeof(*db_watches));
		if (!db_watches || db_set_init(&dbs, cfg.db, cfg.db_pool,
					       db_watch, db_answer, NULL) < 0) {
			perror("select: calloc");
			return 1;
		}
		for (int i = 0; i < dbs.n; i++)
			db_watches[i].fd = -1;
	}
	listen_fd = net_listen(&cfg, 1);
	if (listen_fd >= FD_SETSIZE || wake_fd >= FD_SETSIZE) {
		fprintf(stderr, "select: descriptor %d too high\n",
			listen_fd > wake_fd ? listen_fd : wake_fd);
		return 1;
	}
	next_sweep = clock_ms() + SWEEP_MS;

	while (!net_stop_requested) {
		/*
		 * select() overwrites the sets it is given: on return they
		 * hold only the ready descriptors, and every bit of interest
		 * is gone.  So the sets are rebuilt from scratch before every
		 * call, from what each connection wants now.
		 */
		FD_ZERO(&rd);
		FD_ZERO(&wr);
		FD_SET(listen_fd, &rd);
		nfds = listen_fd + 1;
		if (wake_fd >= 0) {
			FD_SET(wake_fd, &rd);
			if (wake_fd >= nfds)
				nfds = wake_fd + 1;
		}
		for (int fd = 0; fd < FD_SETSIZE; fd++) {
			if (!conns[fd] || !conns[fd]->want)
				continue;
			if (conns[fd]->want & WANT_READ)
				FD_SET(fd, &rd);
			if (conns[fd]->want & WANT_WRITE)
				FD_SET(fd, &wr);
			if (fd >= nfds)
				nfds = fd + 1;
		}
		for (int i = 0; i < dbs.n; i++) {
			struct db_watch *w = &db_watches[i];

			w->renewed = 0;
			if (w->fd < 0)
				continue;
			if (w->want & DB_WANT_READ)
				FD_SET(w->fd, &rd);
			if (w->want & DB_WANT_WRITE)
				FD_SET(w->fd, &wr);
			if (w->fd >= nfds)
				nfds = w->fd + 1;
		}
		timeout = timerq_wait_ms(&timers, clock_ms(), SWEEP_MS);
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		n = pselect(nfds, &rd, &wr, NULL, &ts, &unblocked);
		/*
		 * Serve the connections before accepting: a descriptor that a
		 * new connection takes over was not in the sets we passed,
		 * so its stale bit can never be read as the newcomer's.
		 */
		for (int fd = 0; n > 0 && fd < nfds; fd++) {
			int r = FD_ISSET(fd, &rd), w = FD_ISSET(fd, &wr);

			if (fd != listen_fd && conns[fd] && (r || w))
				conn_ready(conns[fd], r);
		}
		for (int i = 0; n > 0 && i < dbs.n; i++) {
			struct db_watch *w = &db_watches[i];
			unsigned ready;

			if (w->fd < 0 || w->renewed)
				continue;
			ready = (FD_ISSET(w->fd, &rd) ? DB_WANT_READ : 0) |
				(FD_ISSET(w->fd, &wr) ? DB_WANT_WRITE : 0);
			if (ready)
				db_set_ready(&dbs, i, ready);
		}
		if (n > 0 && wake_fd >= 0 && FD_ISSET(wake_fd, &rd))
			offload_answer(&pool, conn_resume, conn_free);
		if (n > 0 && FD_ISSET(listen_fd, &rd))
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
	stats_print(&stats, "select");
	return 0;
}
