/*
 * libuv.c - one thread, the libuv event loop (epoll underneath, on Linux).
 *
 * How it works.  libuv owns the loop: we register callbacks on handles and
 * call uv_run(), and libuv calls us back.  A uv_poll_t reports the
 * listening socket readable and we accept; each connection is a struct
 * conn holding a uv_tcp_t, a uv_timer_t for /delay and its protocol
 * session.  Reading is "push": libuv asks us for a buffer (the alloc
 * callback hands it the session's input space), reads into it and calls
 * the read callback with the count.  Writing is a request: uv_write()
 * queues bytes and calls back when they are all sent.  The session says
 * what the connection waits for next and the loop turns that into
 * uv_read_start/uv_read_stop, a write, or a timer.
 *
 * Notes on the model and its traps:
 * - A uv_write() completes later, so its bytes must not move meanwhile.
 *   The session promises exactly that (session.h: bytes offered by
 *   session_wbuf stay put until session_sent), so we may keep reading
 *   while a write is in flight.  We still write synchronously first with
 *   uv_try_write() (a plain write(), no request, no callback), and only
 *   when the socket is full do we fall back to one uv_write() of the rest,
 *   never more than one in flight per connection.
 * - Closing is asynchronous too.  uv_close() only starts it: the handle's
 *   memory must live until its close callback runs, on a later turn of the
 *   loop, and a write in flight is called back with UV_ECANCELED before
 *   that.  A conn has two handles (socket and /delay timer), so it is
 *   freed only after both close callbacks have run.  Free it at uv_close()
 *   and a client that disconnects during /delay makes libuv touch freed
 *   memory: the classic libuv use-after-free.
 * - The alloc callback may find the session wanting no input (its buffers
 *   are full): it hands out an empty buffer, libuv reports UV_ENOBUFS, and
 *   we stop reading until the session wants input again.
 * - We accept ourselves.  uv_listen() and uv_accept() would do it for us,
 *   and out of descriptors libuv sheds on its own (uv__emfile_trick: close
 *   a reserve descriptor, accept and close every pending connection,
 *   reopen the reserve), so it does not spin; but those connections never
 *   reach us and go uncounted.  So a uv_poll_t watches the listening
 *   socket, the core's net_accept accepts and sheds (counted) exactly as
 *   in epoll.c, and uv_tcp_open() hands each new socket to libuv.
 * - libuv's timers fire relative to the loop's cached "now", taken before
 *   the callbacks ran; we refresh it before arming a /delay.  Idle and
 *   header timeouts are checked by one 1 s repeating timer that sweeps a
 *   list of connections, as select and epoll do.
 * - Anything slow inside a callback stalls every connection: /cpu burns
 *   this one thread, and --blocking sleeps in it on purpose.
 * - --offload hands that blocking sleep to libuv's own thread pool with
 *   uv_queue_work(): the sleep runs in a pool thread, and the "after work"
 *   callback answers in the loop.  The pool's size is UV_THREADPOOL_SIZE,
 *   read once, when the first work is queued: we set it from --workers
 *   before that.  The pool is process-wide and shared with libuv's own
 *   file system and DNS work (here we have none), and libuv caps it at
 *   1024 threads.  A work request is one more thing a conn must outlive:
 *   it is freed when its handles are closed and its work is back, and a
 *   sleeping work cannot be cancelled.  libuv joins its pool threads at
 *   exit, so with jobs still sleeping we leave with _exit().
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): libuv
 *   has no database driver, and libpq does its own reads and writes, so
 *   each of the --db-pool non-blocking libpq connections (core/dbset.h)
 *   gets a uv_poll_t on its socket, for what the connection says it waits
 *   for: readiness, as for the listener, not completion.  Each request's
 *   queries are pipelined on the least busy connection and answered when
 *   its socket is readable, from a uv_prepare_t before the loop next
 *   waits.  libpq closes and reopens its socket itself, inside our calls,
 *   which libuv forbids for a polled descriptor (its epoll backend aborts
 *   on a modification the kernel has forgotten): so a renewed socket's
 *   handle is closed at once (uv_close stops it synchronously, and a
 *   failed EPOLL_CTL_DEL of a closed descriptor is ignored) and a new
 *   handle is made, freed in its own close callback.  A request out to
 *   the database is one more thing a conn must outlive (refs).
 *   --blocking runs the queries with blocking libpq inside a callback
 *   (the "no async driver" sin: everyone waits for each round trip);
 *   --offload runs them with uv_queue_work in the pool, whose threads
 *   borrow from a blocking pool of --workers connections.
 * - Broadcast (GET /ws, the chat): as in epoll.c, one thread owns every
 *   connection, so delivering a message to N subscribers is N appends to
 *   their session outputs, and a uv_write of the output wherever it was
 *   idle.  Completions change two things.  A push may land while a uv_write
 *   of the same output is in flight: the session's WebSocket output is a
 *   ring, so the bytes being written stay in place and the new ones go
 *   behind them (conn_written sends them next).  And the subscriber gets a
 *   uv_write, not conn_write's uv_try_write: a write that completes at once
 *   would let its session go on with held-back input, perhaps a broadcast of
 *   its own, nested inside this one, while uv_write, which also writes at
 *   once when it can, calls back only on a later turn.  Closing a subscriber
 *   in the middle of a broadcast is harmless: it is freed after its close
 *   callbacks, on a later turn, and it leaves the subscribers at once.
 *
 * When it wins: the same cases as epoll (many mostly idle connections),
 * with portability (kqueue, IOCP) and batteries (timers, signals, DNS, a
 * thread pool for files) for the price of a callback style and a few
 * extra allocations and indirections per request.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <uv.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/session.h"
#include "core/sublist.h"

#define SWEEP_MS (1000)

static struct about about = {
    .name = "libuv",
    .kind = "event-loop",
    .summary =
	"One thread, the libuv event loop: callbacks on handles; reads are\n"
	"pushed into our buffers, writes complete later.",
    .threads = THREADS_ONE,
    .library = "libuv",
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer;     /* a pending /delay */
	uv_write_t write_req; /* the one uv_write in flight */
	size_t write_len;     /* its length */
	uv_work_t work;	      /* a /delay or a query in the pool (--offload) */
	long work_ms;	      /* its sleep */
	struct db_req *work_db; /* or its database request */
	int reading;		/* uv_read_start is on */
	int writing;		/* write_req is in flight */
	int closing;		/* uv_close was called */
	int refs; /* handles not closed, work or query not back: free at 0 */
	struct conn *prev, *next; /* every open connection, for the sweep */
	struct sub sub;		  /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static uv_loop_t *loop;
static int listen_fd;
static uv_poll_t listener;
static uv_timer_t sweeper;
static uv_signal_t sigint_watcher, sigterm_watcher;
static struct conn *conns; /* head of the list of open connections */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), a uv_poll_t
 * each (NULL while down) and the prepare handle that answers; the pool
 * threads' connections (--offload); --blocking's own. */
static struct db_set dbs;
static uv_poll_t **db_polls;
static uv_prepare_t db_answerer;
static struct db_pool db_threads;
static struct db_link blocking_link;

static void conn_ready(struct conn *c);
static void conn_want(struct conn *c);

/* One of c's handles or its work is done with it: free c after the last. */
static void conn_put(struct conn *c)
{
	if (--c->refs == 0) {
		session_free(&c->session);
		free(c);
	}
}

/* A handle's close callback. */
static void conn_freed(uv_handle_t *h)
{
	conn_put(h->data);
}

static void conn_close(struct conn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	sub_leave(&subscribers, &c->sub);
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	uv_close((uv_handle_t *)&c->tcp, conn_freed);
	uv_close((uv_handle_t *)&c->timer, conn_freed);
}

static void conn_open(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		goto refuse;
	uv_tcp_init(loop, &c->tcp);
	uv_timer_init(loop, &c->timer);
	c->refs = 2; /* tcp and timer */
	c->tcp.data = c->timer.data = c->write_req.data = c->work.data = c;
	session_init(&c->session, &cfg, &stats);
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	if (uv_tcp_open(&c->tcp, fd)) {
		conn_close(c); /* the handle does not own fd: close it below */
		goto refuse;
	}
	conn_want(c);
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/* libuv asks where to read: into the session's input buffer. */
static void conn_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct conn *c = h->data;
	size_t room;

	(void)hint;
	buf->base = session_rbuf(&c->session, &room);
	buf->len = room;
}

/* libuv read n bytes into conn_alloc's buffer (or failed, or hit EOF). */
static void conn_read(uv_stream_t *h, ssize_t n, const uv_buf_t *buf)
{
	struct conn *c = h->data;

	(void)buf;
	if (n == 0)
		return; /* EAGAIN: nothing happened */
	if (n > 0)
		session_received(&c->session, (size_t)n);
	else if (n == UV_EOF)
		session_received(&c->session, 0);
	else if (n != UV_ENOBUFS) {
		conn_close(c);
		return;
	}
	conn_ready(c);
}

/* The uv_write finished (or was cancelled by uv_close). */
static void conn_written(uv_write_t *req, int status)
{
	struct conn *c = req->data;

	c->writing = 0;
	if (c->closing)
		return;
	if (status < 0) {
		conn_close(c);
		return;
	}
	session_sent(&c->session, c->write_len);
	conn_ready(c);
}

/*
 * Hands len bytes at p, from the session's output, to one uv_write.  They
 * stay where they are until conn_written (session.h promises it).
 */
static int conn_write_async(struct conn *c, const char *p, size_t len)
{
	uv_buf_t buf = uv_buf_init((char *)p, (unsigned)len);

	if (uv_write(&c->write_req, (uv_stream_t *)&c->tcp, &buf, 1,
		     conn_written))
		return -1;
	c->write_len = len;
	c->writing = 1;
	return 0;
}

/*
 * Writes what the session has to send: synchronously while the socket
 * takes it, then one asynchronous uv_write for the rest.  Returns -1 on a
 * dead socket.
 */
static int conn_write(struct conn *c)
{
	uv_stream_t *stream = (uv_stream_t *)&c->tcp;
	const char *p;
	size_t len;
	uv_buf_t buf;
	uv_os_fd_t fd;
	int n;

	if (c->writing)
		return 0; /* conn_written will call us again */
	while ((p = session_wbuf(&c->session, &len)) != NULL) {
		buf = uv_buf_init((char *)p, (unsigned)len);
		n = uv_try_write(stream, &buf, 1);
		if (n >= 0) {
			session_sent(&c->session, (size_t)n);
			continue;
		}
		if (n != UV_EAGAIN || conn_write_async(c, p, len))
			return -1;
		return 0;
	}
	/* All sent, nothing in flight: the lingering close's shutdown. */
	if (uv_fileno((uv_handle_t *)stream, &fd) == 0)
		net_shut_wr(fd, &c->session);
	return 0;
}

static void conn_timer(uv_timer_t *t)
{
	struct conn *c = t->data;

	session_timer_fired(&c->session);
	conn_ready(c);
}

/* In a pool thread (--offload): the blocking call.  Touches only work_ms. */
static void conn_sleep(uv_work_t *w)
{
	struct conn *c = w->data;

	clock_sleep_ms(c->work_ms);
}

/* Back in the loop: the pool slept the /delay; answer it. */
static void conn_slept(uv_work_t *w, int status)
{
	struct conn *c = w->data;

	(void)status; /* UV_ECANCELED only after uv_cancel, which we never do */
	if (!c->closing) {
		session_timer_fired(&c->session);
		conn_ready(c);
	}
	conn_put(c);
}

/* In a pool thread (--offload): the blocking queries.  Touches only
 * work_db, on a borrowed connection. */
static void conn_query(uv_work_t *w)
{
	struct conn *c = w->data;

	db_pool_run(&db_threads, c->work_db);
}

/* Back in the loop: the pool ran the queries; answer them. */
static void conn_queried(uv_work_t *w, int status)
{
	struct conn *c = w->data;

	(void)status;
	if (!c->closing) {
		session_db_done(&c->session);
		conn_ready(c);
	}
	conn_put(c);
}

static void db_poll_freed(uv_handle_t *h)
{
	free(h);
}

static void db_io(uv_poll_t *w, int status, int events);

/*
 * The database set's: watch connection i's socket for want.  A renewed
 * socket gets a new handle (see the notes); otherwise uv_poll_start
 * changes what the handle waits for.  Should that fail, the socket goes
 * unwatched and its requests fail by the query timeout.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	int events = (want & DB_WANT_READ ? UV_READABLE : 0) |
		     (want & DB_WANT_WRITE ? UV_WRITABLE : 0);
	uv_poll_t *h = db_polls[i];

	(void)s;
	if (renew && h) {
		uv_close((uv_handle_t *)h, db_poll_freed);
		db_polls[i] = h = NULL;
	}
	if (fd < 0)
		return;
	if (!h) {
		h = malloc(sizeof(*h));
		if (!h || uv_poll_init(loop, h, fd)) {
			free(h);
			return;
		}
		h->data = &db_polls[i];
		db_polls[i] = h;
	}
	uv_poll_start(h, events, db_io);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_io(uv_poll_t *w, int status, int events)
{
	/* An error (status < 0) is libpq's to find: have it read. */
	db_set_ready(&dbs, (int)((uv_poll_t **)w->data - db_polls),
		     (events & UV_READABLE || status < 0 ? DB_WANT_READ : 0) |
			 (events & UV_WRITABLE ? DB_WANT_WRITE : 0));
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	struct conn *c = req->data;

	(void)s;
	if (!c->closing) {
		session_db_done(&c->session);
		conn_ready(c);
	}
	conn_put(c);
}

/* Before each wait: answer what the database finished this turn. */
static void db_prepare(uv_prepare_t *h)
{
	(void)h;
	db_set_answer(&dbs);
}

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload, answered in
 * conn_queried), or with blocking libpq right here (--blocking, answered
 * at once).  Returns -1 when c was closed.
 */
static int conn_db(struct conn *c, struct db_req *req)
{
	if (cfg.offload) {
		c->work_db = req;
		if (uv_queue_work(loop, &c->work, conn_query, conn_queried)) {
			conn_close(c);
			return -1;
		}
		c->refs++;
		return 0;
	}
	if (cfg.blocking) {
		db_link_run(&blocking_link, cfg.db, req);
		session_db_done(&c->session);
		if (conn_write(c) < 0) {
			conn_close(c);
			return -1;
		}
		return 0;
	}
	req->data = c;
	c->refs++;
	db_set_submit(&dbs, req);
	return 0;
}

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and a uv_write where the output was idle (see the notes:
 * not conn_write).  A subscriber that failed has nothing to send and is
 * closed; it leaves the list at once, and next stays valid.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	struct sub *s, *next;
	struct conn *c;
	const char *p;
	size_t n;

	for (s = subscribers.head; s; s = next) {
		next = s->next;
		c = s->owner;
		if (!session_push(&c->session, frame, len) || c == from ||
		    c->writing)
			continue;
		p = session_wbuf(&c->session, &n);
		if (!p || conn_write_async(c, p, n) < 0)
			conn_close(c);
	}
}

/*
 * Turns what the session wants into reading on or off, or a timer.  A
 * /delay arms the conn's timer, or goes to the pool (--offload), or, with
 * --blocking, sleeps right here, stalling everyone.  Writing needs no
 * arming: conn_write has done it.
 */
static void conn_want(struct conn *c)
{
	uv_stream_t *stream = (uv_stream_t *)&c->tcp;
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
		if (conn_write(c) < 0) {
			conn_close(c);
			return;
		}
	}
	while ((req = session_take_db(&c->session)) != NULL)
		if (conn_db(c, req) < 0)
			return;
	while ((ms = session_take_timer(&c->session)) >= 0) {
		if (cfg.offload) {
			c->work_ms = ms;
			if (uv_queue_work(loop, &c->work, conn_sleep,
					  conn_slept)) {
				conn_close(c);
				return;
			}
			c->refs++;
			break;
		}
		if (!cfg.blocking) {
			/* uv_now() counts whole milliseconds, truncated: one
			 * more keeps the wait at least ms, as timerq does. */
			uv_update_time(loop);
			uv_timer_start(&c->timer, conn_timer, (uint64_t)ms + 1,
				       0);
			break;
		}
		clock_sleep_ms(ms);
		session_timer_fired(&c->session);
		if (conn_write(c) < 0) {
			conn_close(c);
			return;
		}
	}
	want = session_want(&c->session);
	if (want & WANT_CLOSE) {
		conn_close(c);
		return;
	}
	if ((want & WANT_READ) && !c->reading) {
		if (uv_read_start(stream, conn_alloc, conn_read)) {
			conn_close(c);
			return;
		}
		c->reading = 1;
	} else if (!(want & WANT_READ) && c->reading) {
		uv_read_stop(stream);
		c->reading = 0;
	}
}

/* Something happened on c: send what can be sent, then re-arm. */
static void conn_ready(struct conn *c)
{
	if (conn_write(c) < 0) {
		conn_close(c);
		return;
	}
	conn_want(c);
}

/* Closes the connections whose idle or header deadline has passed;
 * the database connections' tick rides along. */
static void sweep(uv_timer_t *t)
{
	int64_t now = clock_coarse_ms();
	struct conn *c, *next;

	(void)t;
	for (c = conns; c; c = next) {
		next = c->next;
		if (session_deadline(&c->session) <= now)
			conn_close(c);
	}
	db_set_tick(&dbs);
}

/* The listening socket is readable: accept until it would block. */
static void accept_all(uv_poll_t *w, int status, int events)
{
	(void)w;
	(void)status;
	(void)events;
	net_accept_all(listen_fd, &stats, conn_open);
}

static void on_signal(uv_signal_t *w, int signum)
{
	(void)w;
	(void)signum;
	uv_stop(loop);
}

int main(int argc, char **argv)
{
	char workers[16];
	int err;

	about.library_version = uv_version_string();
	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	if (cfg.offload) {
		/* Read by libuv when the first work is queued, not before. */
		snprintf(workers, sizeof(workers), "%d", cfg.workers);
		setenv("UV_THREADPOOL_SIZE", workers, 1);
		if (cfg.db &&
		    db_pool_init(&db_threads, cfg.db, cfg.workers) < 0) {
			perror("libuv: db_pool_init");
			return 1;
		}
	}
	loop = uv_default_loop();
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_polls = calloc((size_t)cfg.db_pool, sizeof(*db_polls));
		if (!db_polls || db_set_init(&dbs, cfg.db, cfg.db_pool,
					     db_watch, db_answer, NULL) < 0) {
			perror("libuv: calloc");
			return 1;
		}
		uv_prepare_init(loop, &db_answerer);
		uv_prepare_start(&db_answerer, db_prepare);
	}
	uv_signal_init(loop, &sigint_watcher);
	uv_signal_init(loop, &sigterm_watcher);
	uv_signal_start(&sigint_watcher, on_signal, SIGINT);
	uv_signal_start(&sigterm_watcher, on_signal, SIGTERM);
	listen_fd = net_listen(&cfg, 1);
	err = uv_poll_init(loop, &listener, listen_fd);
	if (!err)
		err = uv_poll_start(&listener, UV_READABLE, accept_all);
	if (err) {
		fprintf(stderr, "libuv: uv_poll_start: %s\n", uv_strerror(err));
		return 1;
	}
	uv_timer_init(loop, &sweeper);
	uv_timer_start(&sweeper, sweep, SWEEP_MS, SWEEP_MS);

	/* A signal before uv_signal_start only set the core's flag. */
	if (!net_stop_requested)
		uv_run(loop, UV_RUN_DEFAULT);
	stats_print(&stats, "libuv");
	if (cfg.offload) {
		/*
		 * libuv's exit-time destructor joins the pool threads, which
		 * may still sleep a /delay of up to a minute: leave now.
		 */
		_exit(0);
	}
	return 0;
}
