/*
 * libev.c - one thread, the libev event loop (epoll underneath).
 *
 * How it works.  libev owns the loop, but stays close to the readiness
 * model of select and epoll: an ev_io watcher says "call me when this
 * descriptor is readable/writable", and we do the reads and writes
 * ourselves.  Each connection is a struct conn holding an ev_io for its
 * socket, an ev_timer for /delay and its protocol session; the session
 * says what the connection waits for next and the loop sets the watcher's
 * events to exactly that.  So this file is epoll.c with libev's watchers
 * in place of epoll_ctl and the timer heap.
 *
 * Notes on the model and its traps:
 * - A watcher's events can only change while it is stopped: ev_io_stop,
 *   ev_io_modify (which, unlike ev_io_set, tells libev the descriptor is
 *   the same, so it can skip re-registering it), ev_io_start.  libev then
 *   applies all changes in one batch before it next waits.  As in epoll.c
 *   we only do that when the events really change, so a request that is
 *   read and answered at once leaves the watcher alone.
 * - Stop a descriptor's watchers before closing it.  libev caches what the
 *   kernel watches per descriptor number; ev_epoll.c's opening notes list
 *   the traps (a closed descriptor silently leaves the epoll set, and a
 *   new one may get the same number) that it works around for us.
 * - Stopping a watcher is synchronous: once stopped, libev never touches
 *   it again, so a conn can be freed at once, even during a /delay.  (In
 *   libuv, closing is asynchronous; see libuv.c.)
 * - libev's timers count from the loop's cached "now", taken before the
 *   callbacks ran; we refresh it before arming a /delay.  libev's manual
 *   suggests a cheaper idle timeout (one timer per connection, re-armed
 *   lazily); we sweep a list once a second instead, like every other
 *   model here, so that timeouts behave the same everywhere.
 * - Out of descriptors, accept fails and the listener stays readable; the
 *   core's net_accept sheds the pending connection with a reserve
 *   descriptor (the trick libev's manual describes), so the loop does not
 *   spin.
 * - Signals go through ev_signal: libev's handler only records the signal
 *   and wakes the loop, and our callback runs in the loop, where it can
 *   safely stop it.
 * - Anything slow inside a callback stalls every connection: /cpu burns
 *   this one thread, and --blocking sleeps in it on purpose.
 * - --offload hands that blocking sleep to a pool of --workers threads
 *   (core/offload.h) and keeps the loop free: the pool's eventfd gets an
 *   ev_io of its own, readable when jobs are done.  (libev's ev_async
 *   would do too; an ev_io shows the same eventfd the other loops watch.)
 *   A connection closed while its job is in the pool is freed only when
 *   the job comes back: stopping watchers is synchronous, but the pool
 *   thread is not libev's to stop.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): each
 *   of the --db-pool non-blocking libpq connections (core/dbset.h) has
 *   an ev_io on its socket, for what the connection says it waits for;
 *   each request's queries are pipelined on the least busy one and
 *   answered when its socket is readable.  libpq closes and reopens its
 *   socket itself, inside our calls, so the rule above cannot hold
 *   there: the watcher is stopped just after, and ev_io_set (not
 *   ev_io_modify) tells libev the descriptor is another, which its epoll
 *   backend re-registers even under the same number.  Finished requests
 *   are answered from an ev_prepare, before the loop next waits.
 *   --blocking runs the queries with blocking libpq inside a callback
 *   (the "no async driver" sin: everyone waits for each round trip);
 *   --offload runs them in the pool, each thread with a connection of
 *   its own.
 * - Broadcast (GET /ws, the chat): one thread owns every connection, so
 *   delivering a message to N subscribers is N appends to their session
 *   outputs and EV_WRITE added to each watcher, with nothing shared and
 *   nothing locked; libev applies the N changes in one batch before it
 *   next waits.  A subscriber that stops reading only fills its own
 *   backlog, until its session closes it (1008); nobody else waits for it.
 *
 * When it wins: the same cases as epoll (many mostly idle connections),
 * with timers and signals built in and portability to kqueue and friends,
 * for little more than an indirect call per event.
 */
#include <errno.h>
#include <ev.h>
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

#define SWEEP_S (1.0)

static struct about about = {
    .name = "libev",
    .kind = "event-loop",
    .summary =
	"One thread, the libev event loop: ev_io watchers report readiness,\n"
	"we read and write ourselves; ev_timer for /delay.",
    .threads = THREADS_ONE,
    .library = "libev",
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	ev_io io;		  /* the socket; io.fd is its descriptor */
	int watching;		  /* EV_READ/EV_WRITE as the watcher has them */
	ev_timer timer;		  /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct conn *prev, *next; /* every open connection, for the sweep */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static struct ev_loop *loop;
static struct conn *conns;  /* head of the list of open connections */
static struct offload pool; /* --offload */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), an ev_io
 * each; --blocking's own connection. */
static struct db_set dbs;
static ev_io *db_ios;
static struct db_link blocking_link;

static void conn_io(struct ev_loop *l, ev_io *w, int revents);
static void conn_timer(struct ev_loop *l, ev_timer *w, int revents);

static void conn_free(void *p)
{
	struct conn *c = p;

	session_free(&c->session);
	free(c);
}

static void conn_close(struct conn *c)
{
	sub_leave(&subscribers, &c->sub);
	ev_io_stop(loop, &c->io);
	ev_timer_stop(loop, &c->timer);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	close(c->io.fd);
	/* The pool has c->job, or a database connection has the session's
	 * request: offload_job_back frees c when it comes back. */
	if (!offload_job_close(&c->job))
		conn_free(c);
}

static void conn_open(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c) {
		close(fd);
		stats_add(&stats.refused, 1);
		return;
	}
	ev_io_init(&c->io, conn_io, fd, EV_READ);
	ev_init(&c->timer, conn_timer);
	c->io.data = c->timer.data = c->job.data = c;
	c->job.session = &c->session;
	c->watching = EV_READ;
	session_init(&c->session, &cfg, &stats);
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	ev_io_start(loop, &c->io);
}

/*
 * A broadcast landed in c's output: have its watcher wait for EV_WRITE
 * too.  Only that: c may still be pending in this turn, so anything else
 * (closing it, above all) waits for c's own callback.  (ev_io_stop drops
 * a pending event; epoll is level-triggered, so it comes back next wait.)
 */
static void conn_arm_write(struct conn *c)
{
	if (c->watching & EV_WRITE)
		return;
	ev_io_stop(loop, &c->io);
	ev_io_modify(&c->io, c->watching | EV_WRITE);
	ev_io_start(loop, &c->io);
	c->watching |= EV_WRITE;
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and EV_WRITE where the output was empty.
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
 * socket is another descriptor to libev (ev_io_set), even under the old
 * number; otherwise only the events change (ev_io_modify).
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	int events = (want & DB_WANT_READ ? EV_READ : 0) |
		     (want & DB_WANT_WRITE ? EV_WRITE : 0);

	(void)s;
	ev_io_stop(loop, &db_ios[i]);
	if (fd < 0)
		return;
	if (renew)
		ev_io_set(&db_ios[i], fd, events);
	else
		ev_io_modify(&db_ios[i], events);
	ev_io_start(loop, &db_ios[i]);
}

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload, answered in
 * offload_back), or with blocking libpq right here (--blocking, answered
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
		if (net_write(c->io.fd, &c->session) < 0) {
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
 * Turns what the session wants into the watcher's events.  A /delay arms
 * the conn's timer, or goes to the pool (--offload), or, with --blocking,
 * sleeps right here, stalling everyone.
 */
static void conn_want(struct conn *c)
{
	int want, events;
	long ms;
	const void *frame;
	size_t len;
	struct db_req *req;

	if (!c->sub.on && session_is_subscriber(&c->session))
		sub_join(&subscribers, &c->sub, c);
	while ((frame = session_take_broadcast(&c->session, &len)) != NULL) {
		broadcast(c, frame, len);
		session_broadcast_done(&c->session);
		if (net_write(c->io.fd, &c->session) < 0) {
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
			ev_now_update(loop);
			ev_timer_set(&c->timer, (double)ms / 1000.0, 0.0);
			ev_timer_start(loop, &c->timer);
			break;
		}
		clock_sleep_ms(ms);
		session_timer_fired(&c->session);
		if (net_write(c->io.fd, &c->session) < 0) {
			conn_close(c);
			return;
		}
	}
	want = (int)session_want(&c->session);
	if (want & WANT_CLOSE) {
		conn_close(c);
		return;
	}
	events = (want & WANT_READ ? EV_READ : 0) |
		 (want & WANT_WRITE ? EV_WRITE : 0);
	if (events != c->watching) {
		ev_io_stop(loop, &c->io);
		ev_io_modify(&c->io, events);
		if (events)
			ev_io_start(loop, &c->io);
		c->watching = events;
	}
}

/* The socket is ready: do what can be done, then re-arm. */
static void conn_ready(struct conn *c, int revents)
{
	if ((revents & EV_READ) && net_read(c->io.fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	if (net_write(c->io.fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	conn_want(c);
}

static void conn_io(struct ev_loop *l, ev_io *w, int revents)
{
	(void)l;
	conn_ready(w->data, revents);
}

static void conn_timer(struct ev_loop *l, ev_timer *w, int revents)
{
	struct conn *c = w->data;

	(void)l;
	(void)revents;
	session_timer_fired(&c->session);
	conn_ready(c, 0);
}

/* A call came back from the pool or the database: serve c on. */
static void conn_resume(void *c)
{
	conn_ready(c, 0);
}

/* The pool's eventfd is readable: answer the /delays it has slept and
 * the database requests it has run. */
static void offload_back(struct ev_loop *l, ev_io *w, int revents)
{
	(void)l;
	(void)w;
	(void)revents;
	offload_answer(&pool, conn_resume, conn_free);
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	offload_job_back(req->data, conn_resume, conn_free);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_io(struct ev_loop *l, ev_io *w, int revents)
{
	(void)l;
	db_set_ready(&dbs, (int)(w - db_ios),
		     (revents & EV_READ ? DB_WANT_READ : 0) |
			 (revents & EV_WRITE ? DB_WANT_WRITE : 0));
}

/* Before each wait: answer what the database finished this turn. */
static void db_prepare(struct ev_loop *l, ev_prepare *w, int revents)
{
	(void)l;
	(void)w;
	(void)revents;
	db_set_answer(&dbs);
}

/* Closes the connections whose idle or header deadline has passed;
 * the database connections' tick rides along. */
static void sweep(struct ev_loop *l, ev_timer *w, int revents)
{
	int64_t now = clock_coarse_ms();
	struct conn *c, *next;

	(void)l;
	(void)w;
	(void)revents;
	for (c = conns; c; c = next) {
		next = c->next;
		if (session_deadline(&c->session) <= now)
			conn_close(c);
	}
	db_set_tick(&dbs);
}

static void accept_all(struct ev_loop *l, ev_io *w, int revents)
{
	(void)l;
	(void)revents;
	net_accept_all(w->fd, &stats, conn_open);
}

static void on_signal(struct ev_loop *l, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(l, EVBREAK_ALL);
}

int main(int argc, char **argv)
{
	ev_io listen_watcher, wake_watcher;
	ev_timer sweeper;
	ev_prepare db_answerer;
	ev_signal sigint_watcher, sigterm_watcher;
	int listen_fd, err;
	char version[32];

	snprintf(version, sizeof(version), "%d.%d", ev_version_major(),
		 ev_version_minor());
	about.library_version = version;
	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	/* epoll explicitly, so that the comparison with epoll.c is fair. */
	loop = ev_default_loop(EVBACKEND_EPOLL);
	if (!loop) {
		fprintf(stderr, "libev: no epoll backend\n");
		return 1;
	}
	ev_signal_init(&sigint_watcher, on_signal, SIGINT);
	ev_signal_init(&sigterm_watcher, on_signal, SIGTERM);
	ev_signal_start(loop, &sigint_watcher);
	ev_signal_start(loop, &sigterm_watcher);
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0) {
			fprintf(stderr, "libev: offload pool: %s\n",
				strerror(-err));
			return 1;
		}
		ev_io_init(&wake_watcher, offload_back, offload_fd(&pool),
			   EV_READ);
		ev_io_start(loop, &wake_watcher);
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_ios = calloc((size_t)cfg.db_pool, sizeof(*db_ios));
		if (!db_ios || db_set_init(&dbs, cfg.db, cfg.db_pool, db_watch,
					   db_answer, NULL) < 0) {
			perror("libev: calloc");
			return 1;
		}
		for (int i = 0; i < dbs.n; i++)
			ev_init(&db_ios[i], db_io);
		ev_prepare_init(&db_answerer, db_prepare);
		ev_prepare_start(loop, &db_answerer);
	}
	listen_fd = net_listen(&cfg, 1);
	ev_io_init(&listen_watcher, accept_all, listen_fd, EV_READ);
	ev_io_start(loop, &listen_watcher);
	ev_timer_init(&sweeper, sweep, SWEEP_S, SWEEP_S);
	ev_timer_start(loop, &sweeper);

	/* A signal before ev_signal_start only set the core's flag. */
	if (!net_stop_requested)
		ev_run(loop, 0);
	stats_print(&stats, "libev");
	return 0;
}
