/*
 * libevent.c - one thread, the libevent event loop (epoll underneath).
 *
 * How it works.  libevent is the oldest of the three classic C event
 * libraries (memcached, Tor, tmux and Chromium's old network stack run on
 * it) and, like libev, it reports readiness: a `struct event` says "call
 * me when this descriptor is readable/writable", and we do the reads and
 * writes ourselves.  Each connection is a struct conn holding one event
 * for its socket (EV_PERSIST: it stays armed after it fires), one timer
 * event for /delay and its protocol session; the session says what the
 * connection waits for next and the loop sets the event's flags to exactly
 * that.  So this file is libev.c with libevent's names: `diff
 * servers/libev.c servers/libevent.c` shows only the library.
 *
 * Notes on the model and its traps:
 * - An event's flags cannot change while it is added: event_del,
 *   event_assign with the new flags, event_add.  Done naively, that is an
 *   epoll_ctl DEL and an ADD for every change; with
 *   EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST libevent records the changes and
 *   applies the net result in one epoll_ctl before it next waits, as libev
 *   does (the changelist is unsafe with dup()ed descriptors, which we never
 *   make).  As in libev.c we only touch the event when its flags really
 *   change, so a request that is read and answered at once leaves it
 *   alone, and a connection that waits for nothing (only its timer) has
 *   its event deleted, so a client that resets meanwhile cannot make the
 *   loop spin on EPOLLHUP.
 * - We embed the events in struct conn (event_assign, event2/
 *   event_struct.h), as libev.c embeds its watchers, so a connection is one
 *   allocation.  libevent's manual warns that this ties the binary to the
 *   library's struct layout (event_new() would not); Debian rebuilds us
 *   with the headers it ships, so the layout matches.
 * - Deleting an event is synchronous in a base used by one thread: once
 *   event_del returns, even an event already made active in this turn
 *   will not be called back, so a conn can be freed at once, even during a
 *   /delay.  (With threads sharing a base, event_del may have to wait for
 *   a callback running elsewhere; libevent 2.1's event_free_finalize is
 *   for that.)
 * - libevent caches the time at the start of each turn and measures timers
 *   from it; we refresh the cache before arming a /delay
 *   (event_base_update_cache_time).  By default it reads
 *   CLOCK_MONOTONIC_COARSE, which can lag by a few ms: a timer measured
 *   from it may fire a few ms early.  EVENT_BASE_FLAG_PRECISE_TIMER makes
 *   it read CLOCK_MONOTONIC, so a /delay is never answered early.
 * - We accept ourselves, through the core's net_accept: libevent's
 *   evconnlistener would accept for us, but out of descriptors it only
 *   reports the error, leaving the shedding (and its counting) to us.
 * - We read and write ourselves too, rather than through bufferevents,
 *   libevent's buffered-I/O layer: a bufferevent owns its own input and
 *   output buffers (evbuffers) and its own high/low watermarks, which
 *   would duplicate the session's buffers and its backpressure, and copy
 *   every byte once more; it is the right tool when the protocol code
 *   reads from evbuffers directly.
 * - Signals go through libevent's signal events: its handler only records
 *   the signal and wakes the loop (through a socketpair), and our callback
 *   runs in the loop, where it can safely break it.
 * - Anything slow inside a callback stalls every connection: /cpu burns
 *   this one thread, and --blocking sleeps in it on purpose.
 * - --offload hands that blocking sleep to a pool of --workers threads
 *   (core/offload.h) and keeps the loop free: the pool's eventfd gets an
 *   event of its own, readable when jobs are done.  A connection closed
 *   while its job is in the pool is freed only when the job comes back:
 *   deleting events is synchronous, but the pool thread is not libevent's
 *   to stop.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): each
 *   of the --db-pool non-blocking libpq connections (core/dbset.h) has an
 *   event on its socket, for what the connection says it waits for; each
 *   request's queries are pipelined on the least busy one and answered
 *   when its socket is readable.  libpq closes and reopens its socket
 *   itself, inside our calls, often under the same number: the event is
 *   deleted and assigned afresh, and the changelist's EPOLL_CTL_MOD for
 *   a number the kernel has forgotten fails with ENOENT, which libevent
 *   retries as an ADD.  libevent has no prepare hook, so finished
 *   requests are answered from an event we make active by hand, after
 *   the callbacks that finished them.  --blocking runs the queries with
 *   blocking libpq inside a callback (the "no async driver" sin: everyone
 *   waits for each round trip); --offload runs them in the pool, each
 *   thread with a connection of its own.
 * - Broadcast (GET /ws, the chat): one thread owns every connection, so
 *   delivering a message to N subscribers is N appends to their session
 *   outputs and EV_WRITE added to each event, with nothing shared and
 *   nothing locked; the changelist turns the N changes into N epoll_ctl
 *   calls before the next wait.  A subscriber that stops reading only
 *   fills its own backlog, until its session closes it (1008); nobody
 *   else waits for it.
 *
 * When it wins: the same cases as epoll (many mostly idle connections),
 * with timers, signals, DNS, HTTP and buffered I/O in the box and
 * portability to kqueue, /dev/poll and IOCP, for an indirect call per
 * event and a little more bookkeeping per change than libev.
 */
#include <errno.h>
#include <event2/event.h>
#include <event2/event_struct.h>
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

#define SWEEP_S (1)

static struct about about = {
    .name = "libevent",
    .kind = "event-loop",
    .summary =
	"One thread, the libevent event loop: persistent events report\n"
	"readiness, we read and write ourselves; a timer event for /delay.",
    .threads = THREADS_ONE,
    .library = "libevent",
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	struct event io; /* the socket; fd is its descriptor */
	int fd;
	short watching;		  /* EV_READ/EV_WRITE as the event has them */
	struct event timer;	  /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct conn *prev, *next; /* every open connection, for the sweep */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static struct event_base *base;
static struct conn *conns;  /* head of the list of open connections */
static struct offload pool; /* --offload */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), an event
 * each and one to answer from; --blocking's own connection. */
static struct db_set dbs;
static struct event *db_events;
static struct event db_answerer;
static struct db_link blocking_link;

static void conn_io(evutil_socket_t fd, short revents, void *arg);
static void conn_timer(evutil_socket_t fd, short revents, void *arg);
static void db_io(evutil_socket_t fd, short revents, void *arg);

static void conn_free(void *p)
{
	struct conn *c = p;

	session_free(&c->session);
	free(c);
}

static void conn_close(struct conn *c)
{
	sub_leave(&subscribers, &c->sub);
	event_del(&c->io);
	event_del(&c->timer);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	close(c->fd);
	/* The pool has c->job, or a database connection has the session's
	 * request: offload_job_back frees c when it comes back. */
	if (!offload_job_close(&c->job))
		conn_free(c);
}

static void conn_open(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		goto refuse;
	c->fd = fd;
	event_assign(&c->io, base, fd, EV_READ | EV_PERSIST, conn_io, c);
	evtimer_assign(&c->timer, base, conn_timer, c);
	c->job.data = c;
	c->job.session = &c->session;
	c->watching = EV_READ;
	session_init(&c->session, &cfg, &stats);
	if (event_add(&c->io, NULL) < 0) {
		conn_free(c);
		goto refuse;
	}
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * A broadcast landed in c's output: have its event wait for EV_WRITE too.
 * Only that: c may still be active in this turn, so anything else
 * (closing it, above all) waits for c's own callback.  (event_del drops
 * an active event; epoll is level-triggered, so it comes back next wait.)
 * Should event_add fail, the event is made active instead: its callback
 * then tries again and closes c if it must.
 */
static void conn_arm_write(struct conn *c)
{
	if (c->watching & EV_WRITE)
		return;
	event_del(&c->io);
	event_assign(&c->io, base, c->fd, c->watching | EV_WRITE | EV_PERSIST,
		     conn_io, c);
	if (event_add(&c->io, NULL) == 0) {
		c->watching |= EV_WRITE;
	} else {
		c->watching = 0;
		event_active(&c->io, EV_WRITE, 0);
	}
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
 * The database set's: watch connection i's socket for want.  The event
 * is assigned afresh either way: its descriptor or its flags changed.
 * Should event_add fail, the socket goes unwatched and its requests fail
 * by the query timeout.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	short events = (want & DB_WANT_READ ? EV_READ : 0) |
		       (want & DB_WANT_WRITE ? EV_WRITE : 0);

	(void)s;
	(void)renew;
	event_del(&db_events[i]);
	if (fd < 0)
		return;
	event_assign(&db_events[i], base, fd, events | EV_PERSIST, db_io,
		     &db_events[i]);
	event_add(&db_events[i], NULL);
}

/* Has db_answerer run after this turn's callbacks, when the database
 * finished something. */
static void db_answer_soon(void)
{
	if (db_set_pending(&dbs))
		event_active(&db_answerer, 0, 0);
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
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return -1;
		}
		return 0;
	}
	req->data = &c->job;
	offload_job_lend(&c->job, req);
	db_set_submit(&dbs, req);
	db_answer_soon();
	return 0;
}

/*
 * Turns what the session wants into the event's flags.  A /delay arms the
 * conn's timer, or goes to the pool (--offload), or, with --blocking,
 * sleeps right here, stalling everyone.
 */
static void conn_want(struct conn *c)
{
	struct timeval tv;
	unsigned want;
	short events;
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
			event_base_update_cache_time(base);
			tv.tv_sec = ms / 1000;
			tv.tv_usec = (ms % 1000) * 1000;
			if (evtimer_add(&c->timer, &tv) < 0) {
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
	events = (want & WANT_READ ? EV_READ : 0) |
		 (want & WANT_WRITE ? EV_WRITE : 0);
	if (events != c->watching) {
		event_del(&c->io);
		event_assign(&c->io, base, c->fd, events | EV_PERSIST, conn_io,
			     c);
		if (events && event_add(&c->io, NULL) < 0) {
			conn_close(c);
			return;
		}
		c->watching = events;
	}
}

/* The socket is ready: do what can be done, then re-arm. */
static void conn_ready(struct conn *c, short revents)
{
	if ((revents & EV_READ) && net_read(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	if (net_write(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	conn_want(c);
}

static void conn_io(evutil_socket_t fd, short revents, void *arg)
{
	(void)fd;
	conn_ready(arg, revents);
}

static void conn_timer(evutil_socket_t fd, short revents, void *arg)
{
	struct conn *c = arg;

	(void)fd;
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
static void offload_back(evutil_socket_t fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	offload_answer(&pool, conn_resume, conn_free);
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	offload_job_back(req->data, conn_resume, conn_free);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_io(evutil_socket_t fd, short revents, void *arg)
{
	(void)fd;
	db_set_ready(&dbs, (int)((struct event *)arg - db_events),
		     (revents & EV_READ ? DB_WANT_READ : 0) |
			 (revents & EV_WRITE ? DB_WANT_WRITE : 0));
	db_answer_soon();
}

/* Made active by db_answer_soon: answer what the database finished. */
static void db_answer_all(evutil_socket_t fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	db_set_answer(&dbs);
}

/* Closes the connections whose idle or header deadline has passed;
 * the database connections' tick rides along. */
static void sweep(evutil_socket_t fd, short revents, void *arg)
{
	int64_t now = clock_coarse_ms();
	struct conn *c, *next;

	(void)fd;
	(void)revents;
	(void)arg;
	for (c = conns; c; c = next) {
		next = c->next;
		if (session_deadline(&c->session) <= now)
			conn_close(c);
	}
	if (dbs.n) {
		db_set_tick(&dbs);
		db_answer_soon();
	}
}

static void accept_all(evutil_socket_t fd, short revents, void *arg)
{
	(void)revents;
	(void)arg;
	net_accept_all(fd, &stats, conn_open);
}

static void on_signal(evutil_socket_t sig, short revents, void *arg)
{
	(void)sig;
	(void)revents;
	(void)arg;
	event_base_loopbreak(base);
}

int main(int argc, char **argv)
{
	struct event listen_watcher, wake_watcher, sweeper;
	struct event sigint_watcher, sigterm_watcher;
	struct timeval sweep_tv = {.tv_sec = SWEEP_S};
	struct event_config *ec;
	int listen_fd, err;

	about.library_version = event_get_version();
	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	/*
	 * epoll explicitly (O(1) per event rules out select and poll), so
	 * that the comparison with epoll.c is fair; the flags are explained
	 * in the notes above.
	 */
	ec = event_config_new();
	if (!ec || event_config_require_features(ec, EV_FEATURE_O1) < 0 ||
	    event_config_set_flag(
		ec, EVENT_BASE_FLAG_NOLOCK | EVENT_BASE_FLAG_PRECISE_TIMER |
			EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST) < 0) {
		fprintf(stderr, "libevent: event_config failed\n");
		return 1;
	}
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	if (!base) {
		fprintf(stderr, "libevent: no epoll backend\n");
		return 1;
	}
	evsignal_assign(&sigint_watcher, base, SIGINT, on_signal, NULL);
	evsignal_assign(&sigterm_watcher, base, SIGTERM, on_signal, NULL);
	evsignal_add(&sigint_watcher, NULL);
	evsignal_add(&sigterm_watcher, NULL);
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0) {
			fprintf(stderr, "libevent: offload pool: %s\n",
				strerror(-err));
			return 1;
		}
		event_assign(&wake_watcher, base, offload_fd(&pool),
			     EV_READ | EV_PERSIST, offload_back, NULL);
		event_add(&wake_watcher, NULL);
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_events = calloc((size_t)cfg.db_pool, sizeof(*db_events));
		if (!db_events || db_set_init(&dbs, cfg.db, cfg.db_pool,
					      db_watch, db_answer, NULL) < 0) {
			perror("libevent: calloc");
			return 1;
		}
		for (int i = 0; i < dbs.n; i++)
			event_assign(&db_events[i], base, -1, 0, db_io,
				     &db_events[i]);
		event_assign(&db_answerer, base, -1, 0, db_answer_all, NULL);
	}
	listen_fd = net_listen(&cfg, 1);
	event_assign(&listen_watcher, base, listen_fd, EV_READ | EV_PERSIST,
		     accept_all, NULL);
	event_add(&listen_watcher, NULL);
	event_assign(&sweeper, base, -1, EV_PERSIST, sweep, NULL);
	event_add(&sweeper, &sweep_tv);

	/* A signal before evsignal_add only set the core's flag. */
	if (!net_stop_requested)
		event_base_dispatch(base);
	stats_print(&stats, "libevent");
	return 0;
}
