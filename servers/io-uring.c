/*
 * io-uring.c - one thread, one io_uring: completions, no readiness.
 *
 * How it works.  Every other loop here asks the kernel "which sockets are
 * ready?" and then does the reads and writes itself, one system call each.
 * io_uring turns that around: we put requests ("accept on this socket",
 * "receive from that one", "send these bytes", "wake me in 500 ms") on a
 * submission ring shared with the kernel, one io_uring_enter() hands over
 * a whole batch of them, and the kernel posts a completion (a CQE, with
 * the result) on a second ring when each is done.  The loop takes every
 * completion, lets the protocol session react, and queues the next
 * requests.  The session says what the connection waits for next, as
 * everywhere here; this file turns "wants to read" into a receive request,
 * "wants to write" into a send request and a /delay into a timeout
 * request, all on one ring, with no epoll.  It is the kernel-side cousin
 * of libuv's completion style (libuv.c): a request, and later its result.
 *
 * Notes on the model and its traps:
 * - A completion model owns its buffers until the kernel hands them back.
 *   A send gives the kernel a pointer into the session's output; those
 *   bytes must not move until the send's completion says how many went out
 *   (session.h promises exactly that, as for libuv's uv_write).  The
 *   session's input buffer cannot be handed over the same way: while a
 *   receive is in flight, a send completing lets the session process input
 *   it had held back, and it compacts (memmoves) its input buffer, under
 *   the kernel's feet.  So receives land in buffers of our own and are
 *   copied into the session.
 * - Provided buffers (a buffer ring: io_uring_register_buf_ring) pay for
 *   exactly that.  Instead of a buffer per connection, waiting in a
 *   receive that may not complete for minutes, the receive names a group
 *   of buffers and the kernel picks one only when data arrives: an idle
 *   connection costs no buffer, and BUF_COUNT buffers serve every
 *   connection.  We copy the bytes into the session and give the buffer
 *   back at once.  The copy is their price, one memcpy per receive that
 *   epoll.c does not pay (it reads straight into the session).  When
 *   every buffer is taken at the moment data arrives, the receive ends
 *   with -ENOBUFS and the connection asks again after the batch, when the
 *   buffers are back.
 * - Multishot accept pays: one request accepts every connection for the
 *   server's lifetime.  Multishot receive pays too, a little: one request
 *   per connection receives everything, so a request/response exchange
 *   costs no new receive request and no re-arming of the kernel's poll
 *   (measured: about 2% less CPU per request than one-shot receives).
 *   Its catch is that it does not stop by itself, while the session must
 *   be able to stop reading (a full input buffer, a client that does not
 *   read its answers, a pending /delay).  What the session cannot take
 *   yet waits in the connection's spill buffer, in order; past SPILL_MAX
 *   we cancel the receive and arm it again once the spill is drained, so
 *   memory stays bounded (by SPILL_MAX plus what arrived before the
 *   cancel took effect).  End of file, too, waits behind the spill.
 * - Closing: close() does not cancel requests in flight (each holds its
 *   own reference to the socket), and a completion names its connection
 *   by pointer.  So a connection counts its requests in flight, and
 *   conn_close cancels them (IORING_OP_ASYNC_CANCEL) and closes the
 *   descriptor; the memory is freed only when the last completion (often
 *   -ECANCELED) has come back.  Free it at close and a completion still
 *   on the way reads freed memory: the libuv trap, in the kernel's hands.
 * - Out of descriptors, the accept completes with -EMFILE (ending the
 *   multishot) and the connection stays in the backlog.  We shed it as
 *   the core's net_accept does (net_shed: the reserve descriptor) and
 *   count it refused.  But io_uring's accept takes a descriptor number
 *   before it looks at the backlog, so an accept re-armed at once fails
 *   at once, backlog or not, forever: a spin.  So we first wait for a
 *   connection with a poll request on the listener, then accept again.
 * - Timers are requests too: a /delay is an IORING_OP_TIMEOUT of its own,
 *   and the idle and header timeouts are checked by a 1 s timeout that
 *   re-arms itself.  SIGTERM is blocked except inside io_uring_enter,
 *   which takes a signal mask as epoll_pwait does.
 * - The ring is set up for one thread (IORING_SETUP_SINGLE_ISSUER and
 *   DEFER_TASKRUN, kernel 6.1 or later; plain setup otherwise): the kernel
 *   then finishes requests only when we enter the ring to wait, in one
 *   batch, instead of interrupting us.
 * - --blocking sleeps right here, stalling everyone; --offload hands the
 *   sleep to the core's pool, whose eventfd is watched by a multishot poll
 *   request on the ring (a read request would not do: the eventfd is
 *   non-blocking, and io_uring honours O_NONBLOCK on reads by failing with
 *   -EAGAIN instead of waiting).  A connection whose job is in the pool is
 *   freed only when the job comes back.  Anything slow in the loop (/cpu)
 *   stalls every connection, as in every one-thread loop.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep) is
 *   where completions give way to readiness.  libpq does its own reads
 *   and writes on its socket (PQconsumeInput, PQflush): there is no
 *   buffer to hand the kernel, so a receive request cannot serve it.
 *   Instead each of the --db-pool non-blocking libpq connections
 *   (core/dbset.h) has a one-shot poll request (IORING_OP_POLL_ADD) on its
 *   socket, for what the connection says it waits for, and libpq reads
 *   when it completes; the poll is armed again after each completion,
 *   level-triggered in effect.  Each request's queries are pipelined on
 *   the least busy connection and answered after the batch.  libpq
 *   closes and reopens its socket itself, inside our calls, but a poll
 *   request holds the old socket until it ends, so a renewed socket's
 *   poll is cancelled, and its completion (-ECANCELED, or a late result)
 *   is told from the new one's by a generation in the user_data.
 *   --blocking runs the queries with blocking libpq right here in the
 *   loop (the "no async driver" sin: everyone waits for each round
 *   trip); --offload runs them in the pool, each thread with a
 *   connection of its own.
 * - Broadcast (GET /ws, the chat): as in epoll.c, one thread owns every
 *   connection, so delivering a message to N subscribers is N appends to
 *   their session outputs and a send request for each one with no send
 *   in flight; the batch goes to the kernel with the next
 *   io_uring_enter.  The completion style changes one thing: a push may
 *   land while a send of the same output is in flight, with the kernel
 *   reading it.  The session's WebSocket output is a ring, so those
 *   bytes stay in place and the new ones go behind them, sent when the
 *   send completes.  A subscriber that stops reading keeps its send in
 *   flight (the kernel waits for room) until its backlog is over the cap
 *   and the session gives up on it (1008).  Closing a subscriber during a
 *   broadcast, or while its completions wait further down the batch, is
 *   safe: it leaves the subscribers at once and is freed only when its
 *   last completion has come back.
 *
 * When it wins: many connections doing small requests, where the cost is
 * system calls and wake-ups rather than work: one io_uring_enter submits
 * and reaps a whole batch, and no readiness is reported only to be acted
 * on by another call.  It owes that to more machinery than any other file
 * here (counted requests, cancellation, owned buffers), and to a recent
 * kernel.  The gain is only what the system calls cost: here, with 100
 * connections on one pinned core, about 5% less CPU per request than
 * epoll.c, because parsing, copying and the TCP stack itself, the same
 * for both, are most of the work.
 */
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/offload.h"
#include "core/session.h"
#include "core/sublist.h"

/* The Makefile passes pkg-config's; liburing 2.3 cannot tell at run time. */
#ifndef LIBURING_VERSION
#define LIBURING_VERSION "unknown"
#endif

#define SQ_ENTRIES (4096)
#define CQ_ENTRIES (16384)
#define BUF_COUNT  (256)      /* provided buffers: a power of two */
#define BUF_SIZE   (8 * 1024) /* each */
#define BUF_GROUP  (0)
#define SPILL_MAX                                                              \
	(SESSION_IN_CAP) /* then stop receiving */ /* the buffer group's id */
#define SWEEP_MS (1000)

static struct about about = {
    .name = "io-uring",
    .kind = "completion-ring",
    .summary =
	"One thread, one io_uring: accept, receive, send and the /delay\n"
	"timeouts are requests on a ring, and the kernel posts their\n"
	"completions; no readiness, no epoll.",
    .threads = THREADS_ONE,
    .library = "liburing",
    .library_version = LIBURING_VERSION,
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "io_uring",
    .protocols = PROTOCOL_WS,
};

/*
 * What a completion is about: the low four bits of its user_data.  The
 * rest is the connection's address (malloc aligns it to max_align_t, 16
 * bytes on x86-64 and arm64), or 0.
 */
enum op {
	OP_ACCEPT = 1, /* the multishot accept */
	OP_LISTEN,     /* a poll on the listener, after an EMFILE */
	OP_RECV,       /* a connection's receive */
	OP_SEND,       /* a connection's send */
	OP_TIMEOUT,    /* a connection's /delay */
	OP_SWEEP,      /* the 1 s timeout of the sweep */
	OP_WAKE,       /* the offload pool's eventfd is readable */
	OP_CANCEL,     /* a cancel request's own result: nothing to do */
	OP_DB,	       /* a database socket's poll: see db_poll_data */
};
#define OP_MASK (15)
/* A database poll's user_data: the generation above 32 bits of index. */
#define DB_GEN_MASK (0xfffffffu)
_Static_assert(_Alignof(max_align_t) > OP_MASK, "no room for the op");

struct conn {
	int fd;
	int inflight;	    /* requests of ours in the ring: free at 0 */
	int receiving;	    /* the multishot receive is armed */
	int recv_cancelled; /* and we asked to cancel it */
	int sending;	    /* a send is in flight */
	int timing;	    /* the /delay timeout is in flight */
	int starved;	    /* the receive found no buffer: retry */
	int closing;	    /* conn_close was called */
	struct __kernel_timespec delay; /* the /delay timeout's */
	char *spill; /* received, not yet taken by the session */
	size_t spill_off, spill_len, spill_cap;
	int eof;		  /* end of file came behind spilled bytes */
	struct offload_job job;	  /* a /delay in the pool (--offload) */
	int in_pool;		  /* job or database request is out: keep c */
	struct conn *prev, *next; /* every open connection, for the sweep */
	struct conn *next_starved;
	struct sub sub; /* on the subscribers list (a WebSocket) */
	struct session session;
};

static struct config cfg;
static struct stats stats;
static struct io_uring ring;
static int listen_fd;
static int accept_paused; /* no reserve descriptor: see on_accept */
static struct io_uring_buf_ring *buf_ring;
static char *bufs; /* BUF_COUNT buffers of BUF_SIZE bytes */
static struct __kernel_timespec sweep_ts = {.tv_sec = SWEEP_MS / 1000};
static struct offload pool;  /* --offload */
static struct conn *conns;   /* head of the list of open connections */
static struct conn *starved; /* receives to retry after this batch */
/* Every WebSocket connection, for broadcasts. */
static struct sub_list subscribers;
/* The database: --db-pool non-blocking connections (dbset.h), each with
 * its poll request; --blocking's own connection. */
struct db_poll {
	int armed;    /* a poll request of the current generation is out */
	uint32_t gen; /* bumped when a poll is cancelled */
};
static struct db_set dbs;
static struct db_poll *db_polls;
static struct db_link blocking_link;

static void conn_ready(struct conn *c);

/* A free submission slot; a full ring is submitted first to make room. */
static struct io_uring_sqe *sqe_get(void)
{
	struct io_uring_sqe *sqe;

	while ((sqe = io_uring_get_sqe(&ring)) == NULL)
		io_uring_submit(&ring);
	return sqe;
}

/* A submission slot for a request of c's, counted in flight. */
static struct io_uring_sqe *conn_sqe(struct conn *c, enum op op)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_sqe_set_data64(sqe, (uint64_t)(uintptr_t)c | op);
	c->inflight++;
	return sqe;
}

/* Cancels c's request op, if it is still in flight. */
static void cancel(struct conn *c, enum op op)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_prep_cancel64(sqe, (uint64_t)(uintptr_t)c | op, 0);
	io_uring_sqe_set_data64(sqe, OP_CANCEL);
	/* Its own completion only matters when it failed: skip success. */
	io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
}

/* Gives provided buffer bid back to the kernel. */
static void buf_return(unsigned bid)
{
	io_uring_buf_ring_add(buf_ring, bufs + (size_t)bid * BUF_SIZE, BUF_SIZE,
			      (unsigned short)bid,
			      io_uring_buf_ring_mask(BUF_COUNT), 0);
	io_uring_buf_ring_advance(buf_ring, 1);
}

/* Frees c once nothing in the ring or the pool refers to it any more. */
static void conn_release(struct conn *c)
{
	if (c->inflight > 0 || c->in_pool || c->starved)
		return;
	session_free(&c->session);
	free(c->spill);
	free(c);
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
	/*
	 * Closing the descriptor does not stop the requests in flight: each
	 * holds the socket.  Cancel them; their completions come back
	 * (-ECANCELED, or their result if they finished first) and the last
	 * one frees c.
	 */
	if (c->receiving)
		cancel(c, OP_RECV);
	if (c->sending)
		cancel(c, OP_SEND);
	if (c->timing)
		cancel(c, OP_TIMEOUT);
	close(c->fd);
	conn_release(c);
}

static void conn_open(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));
	int one = 1;

	if (!c) {
		close(fd);
		stats_add(&stats.refused, 1);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->fd = fd;
	c->job.data = c;
	session_init(&c->session, &cfg, &stats);
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
	conn_ready(c);
}

/*
 * Hands the session as many of the n bytes at p as it takes now; returns
 * how many it took.
 */
static size_t conn_feed(struct conn *c, const char *p, size_t n)
{
	size_t room, took = 0, k;
	char *buf;

	while (took < n && (buf = session_rbuf(&c->session, &room)) != NULL) {
		k = n - took < room ? n - took : room;
		memcpy(buf, p + took, k);
		session_received(&c->session, k);
		took += k;
	}
	return took;
}

static void conn_want(struct conn *c);

/*
 * Delivers from's broadcast frame to every subscriber, from included: an
 * append each, and where the output was idle, conn_want queues a send.
 * It may also close a subscriber whose session failed: safe (see the
 * notes), and next stays valid.  It finds no broadcast of c's own to
 * deliver, nested in this one: a session builds one only while it takes
 * input, and conn_want(c) follows that at once.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	struct sub *s, *next;
	struct conn *c;

	for (s = subscribers.head; s; s = next) {
		next = s->next;
		c = s->owner;
		if (session_push(&c->session, frame, len) && c != from)
			conn_want(c);
	}
}

/*
 * A database poll's user_data: OP_DB, connection i and the poll's
 * generation, so that a cancelled poll's completion is known for stale.
 */
static uint64_t db_poll_data(int i)
{
	return ((uint64_t)(db_polls[i].gen & DB_GEN_MASK) << 36) |
	       ((uint64_t)i << 4) | OP_DB;
}

/* Polls database connection i's socket, unless a poll is out already. */
static void db_arm(int i)
{
	struct db_set_conn *dc = &dbs.conns[i];
	struct io_uring_sqe *sqe;

	if (db_polls[i].armed || dc->fd < 0)
		return;
	sqe = sqe_get();
	io_uring_prep_poll_add(sqe, dc->fd,
			       (dc->want & DB_WANT_READ ? POLLIN : 0) |
				   (dc->want & DB_WANT_WRITE ? POLLOUT : 0));
	io_uring_sqe_set_data64(sqe, db_poll_data(i));
	db_polls[i].armed = 1;
}

/*
 * The database set's: connection i's socket, or what it waits for, has
 * changed.  The poll out (on the old socket, or for other events) is
 * cancelled and a new one armed, after the set has recorded fd and want.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	struct io_uring_sqe *sqe;

	(void)s;
	(void)fd;
	(void)want;
	(void)renew;
	if (db_polls[i].armed) {
		sqe = sqe_get();
		io_uring_prep_cancel64(sqe, db_poll_data(i), 0);
		io_uring_sqe_set_data64(sqe, OP_CANCEL);
		io_uring_sqe_set_flags(sqe, IOSQE_CQE_SKIP_SUCCESS);
		db_polls[i].gen++;
		db_polls[i].armed = 0;
	}
	/* db_arm reads fd and want from the set once it has them. */
}

/* A database poll completed: let libpq read or write, then poll again. */
static void on_db(uint64_t data, int res)
{
	int i = (int)((data >> 4) & 0xffffffff);
	unsigned ready = 0;

	if (data >> 36 != (db_polls[i].gen & DB_GEN_MASK))
		return; /* cancelled: its socket is gone, or its events */
	db_polls[i].armed = 0;
	if (res < 0 || (res & (POLLIN | POLLHUP | POLLERR)))
		ready |= DB_WANT_READ;
	if (res > 0 && (res & POLLOUT))
		ready |= DB_WANT_WRITE;
	db_set_ready(&dbs, i, ready);
}

/* After a batch: every database socket polled again, with what it
 * wants now. */
static void db_arm_all(void)
{
	for (int i = 0; i < dbs.n; i++)
		db_arm(i);
}

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload, answered in
 * offload_back), or with blocking libpq right here (--blocking: its
 * answer goes out with the next send, in conn_want).
 */
static void conn_db(struct conn *c, struct db_req *req)
{
	if (cfg.offload) {
		c->job.db = req;
		c->in_pool = 1;
		offload_submit(&pool, &c->job);
		return;
	}
	if (cfg.blocking) {
		db_link_run(&blocking_link, cfg.db, req);
		session_db_done(&c->session);
		return;
	}
	req->data = c;
	c->in_pool = 1;
	db_set_submit(&dbs, req);
}

/*
 * Turns what the session wants into requests on the ring.  A /delay
 * becomes a timeout request, or goes to the pool (--offload), or, with
 * --blocking, sleeps right here, stalling everyone.  A broadcast goes to
 * every subscriber; its broadcastResult leaves with the send below.
 */
static void conn_want(struct conn *c)
{
	struct io_uring_sqe *sqe;
	const char *p;
	const void *frame;
	unsigned want;
	size_t len;
	long ms;
	struct db_req *req;

	if (!c->sub.on && session_is_subscriber(&c->session))
		sub_join(&subscribers, &c->sub, c);
	while ((frame = session_take_broadcast(&c->session, &len)) != NULL) {
		broadcast(c, frame, len);
		session_broadcast_done(&c->session);
	}
	while ((req = session_take_db(&c->session)) != NULL)
		conn_db(c, req);
	while ((ms = session_take_timer(&c->session)) >= 0) {
		if (cfg.offload) {
			c->job.ms = ms;
			c->job.db = NULL;
			c->in_pool = 1;
			offload_submit(&pool, &c->job);
			break;
		}
		if (!cfg.blocking) {
			/*
			 * Relative, on CLOCK_MONOTONIC: never early.  The
			 * kernel reads c->delay when the request is submitted,
			 * later in this turn: it lives in c, not on our stack.
			 */
			c->delay.tv_sec = ms / 1000;
			c->delay.tv_nsec = (ms % 1000) * 1000000;
			sqe = conn_sqe(c, OP_TIMEOUT);
			io_uring_prep_timeout(sqe, &c->delay, 0, 0);
			c->timing = 1;
			break;
		}
		/* Its answer goes out with the next send, below. */
		clock_sleep_ms(ms);
		session_timer_fired(&c->session);
	}
	/* The lingering close's shutdown, once our sends are all done. */
	if (!c->sending)
		net_shut_wr(c->fd, &c->session);
	want = session_want(&c->session);
	if (want & WANT_CLOSE) {
		conn_close(c);
		return;
	}
	if ((want & WANT_WRITE) && !c->sending) {
		/*
		 * The kernel reads these bytes until the send completes: they
		 * are the session's output and stay put until session_sent.
		 */
		p = session_wbuf(&c->session, &len);
		sqe = conn_sqe(c, OP_SEND);
		io_uring_prep_send(sqe, c->fd, p, len, MSG_NOSIGNAL);
		c->sending = 1;
	}
	if ((want & WANT_READ) && !c->receiving && !c->starved && !c->eof &&
	    c->spill_off == c->spill_len) {
		/*
		 * One multishot receive for as long as the connection reads:
		 * a completion each time data arrives, in a buffer the kernel
		 * picks from the group then and hands to us in the
		 * completion.  No buffer of ours is handed over.
		 */
		sqe = conn_sqe(c, OP_RECV);
		io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
		io_uring_sqe_set_flags(sqe, IOSQE_BUFFER_SELECT);
		sqe->buf_group = BUF_GROUP;
		c->receiving = 1;
	}
}

/* Keeps n bytes at p behind what is spilled already; -1 without memory. */
static int spill_add(struct conn *c, const char *p, size_t n)
{
	size_t left = c->spill_len - c->spill_off, cap;
	char *q;

	if (c->spill_off > 0) {
		memmove(c->spill, c->spill + c->spill_off, left);
		c->spill_off = 0;
		c->spill_len = left;
	}
	if (left + n > c->spill_cap) {
		cap = c->spill_cap ? c->spill_cap : BUF_SIZE;
		while (cap < left + n)
			cap *= 2;
		q = realloc(c->spill, cap);
		if (!q)
			return -1;
		c->spill = q;
		c->spill_cap = cap;
	}
	memcpy(c->spill + c->spill_len, p, n);
	c->spill_len += n;
	return 0;
}

/*
 * Something completed for c: feed the session what was spilled, if it
 * takes input again, then queue what it wants next.
 */
static void conn_ready(struct conn *c)
{
	if (c->spill_off < c->spill_len) {
		c->spill_off += conn_feed(c, c->spill + c->spill_off,
					  c->spill_len - c->spill_off);
		if (c->spill_off == c->spill_len) {
			/* Drained: give the memory back, it was a burst. */
			free(c->spill);
			c->spill = NULL;
			c->spill_off = c->spill_len = c->spill_cap = 0;
		}
	}
	if (c->eof && c->spill_off == c->spill_len) {
		c->eof = 0;
		session_received(&c->session, 0); /* end of file, in order */
	}
	conn_want(c);
}

/* A receive completed: res bytes in provided buffer bid, or an error. */
static void on_recv(struct conn *c, int res, unsigned flags)
{
	const char *p = NULL;
	size_t n;

	if (flags & IORING_CQE_F_BUFFER)
		p = bufs +
		    (size_t)(flags >> IORING_CQE_BUFFER_SHIFT) * BUF_SIZE;
	if (c->closing) {
		conn_release(c);
		goto done;
	}
	if (res == -ENOBUFS) {
		/* Every buffer was taken: try again after this batch. */
		c->starved = 1;
		c->next_starved = starved;
		starved = c;
		goto done;
	}
	if (res == -ECANCELED) {
		/*
		 * We stopped it (the spill passed SPILL_MAX).  The spill may
		 * have drained while the cancel was on its way, when the
		 * receive still looked armed: conn_ready re-arms it now, or
		 * nobody ever would.
		 */
		conn_ready(c);
		goto done;
	}
	if (res < 0) {
		conn_close(c);
		goto done;
	}
	if (res == 0) {
		c->eof = 1; /* delivered by conn_ready, after any spill */
	} else {
		/* What the session does not take now waits in the spill. */
		n = c->spill_off == c->spill_len ? conn_feed(c, p, (size_t)res)
						 : 0;
		if (n < (size_t)res && spill_add(c, p + n, (size_t)res - n)) {
			conn_close(c);
			goto done;
		}
		/*
		 * A multishot receive goes on until stopped.  A session that
		 * takes nothing (a client that does not read its answers)
		 * must not make us buffer without bound: past SPILL_MAX,
		 * cancel it; conn_want re-arms once the spill is drained.
		 */
		if (c->spill_len - c->spill_off > SPILL_MAX && c->receiving &&
		    !c->recv_cancelled) {
			cancel(c, OP_RECV);
			c->recv_cancelled = 1;
		}
	}
	conn_ready(c);
done:
	if (p)
		buf_return(flags >> IORING_CQE_BUFFER_SHIFT);
}

/*
 * One completion of a connection's request.  Whatever we do may close c,
 * and closing frees it at once when nothing else is in flight: nothing
 * here touches c after a call that may close it.
 */
static void on_conn_cqe(struct conn *c, enum op op, int res, unsigned flags)
{
	/* A multishot receive's last completion comes without F_MORE. */
	if (op != OP_RECV || !(flags & IORING_CQE_F_MORE))
		c->inflight--;
	switch (op) {
	case OP_RECV:
		if (!(flags & IORING_CQE_F_MORE))
			c->receiving = c->recv_cancelled = 0;
		on_recv(c, res, flags); /* returns the buffer, even closing */
		return;
	case OP_SEND:
		c->sending = 0;
		if (c->closing)
			break;
		if (res < 0) {
			conn_close(c);
			return;
		}
		session_sent(&c->session, (size_t)res);
		conn_ready(c);
		return;
	case OP_TIMEOUT:
		c->timing = 0;
		if (c->closing)
			break;
		/* -ETIME: it expired, as a timeout without a count does. */
		session_timer_fired(&c->session);
		conn_ready(c);
		return;
	default:
		return;
	}
	conn_release(c); /* closing: this may have been the last one */
}

static void arm_accept(void)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_prep_multishot_accept(sqe, listen_fd, NULL, NULL,
				       SOCK_CLOEXEC);
	io_uring_sqe_set_data64(sqe, OP_ACCEPT);
}

/* Waits for a connection in the backlog before accepting again. */
static void arm_listen_poll(void)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_prep_poll_add(sqe, listen_fd, POLLIN);
	io_uring_sqe_set_data64(sqe, OP_LISTEN);
}

/* The multishot accept produced a connection, or an error. */
static void on_accept(int res, unsigned flags)
{
	if (res >= 0) {
		stats_add(&stats.accepted, 1);
		conn_open(res);
	} else if (res == -EMFILE || res == -ENFILE) {
		/*
		 * Out of descriptors.  io_uring's accept takes a descriptor
		 * number before it looks at the backlog, so it fails at once
		 * whether or not a connection waits: re-armed now, it would
		 * fail again and again.  Shed the connection at the head of
		 * the backlog (if any), then wait with a poll until another
		 * one comes before trying again.  Should we have no reserve
		 * to shed with, accepting waits for the sweep instead.
		 */
		net_shed(listen_fd, &stats);
		if (net_reserve_init() < 0)
			accept_paused = 1;
		else
			arm_listen_poll();
		return; /* an error ends the multishot accept */
	}
	/* Without F_MORE the multishot accept has ended: ask again. */
	if (!(flags & IORING_CQE_F_MORE))
		arm_accept();
}

static void arm_sweep(void)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_prep_timeout(sqe, &sweep_ts, 0, 0);
	io_uring_sqe_set_data64(sqe, OP_SWEEP);
}

/* Closes the connections whose idle or header deadline has passed;
 * the database connections' tick rides along. */
static void sweep(void)
{
	int64_t now = clock_coarse_ms();
	struct conn *c, *next;

	for (c = conns; c; c = next) {
		next = c->next;
		if (session_deadline(&c->session) <= now)
			conn_close(c);
	}
	if (accept_paused && net_reserve_init() == 0) {
		accept_paused = 0;
		arm_accept();
	}
	db_set_tick(&dbs);
}

static void arm_wake(void)
{
	struct io_uring_sqe *sqe = sqe_get();

	io_uring_prep_poll_multishot(sqe, offload_fd(&pool), POLLIN);
	io_uring_sqe_set_data64(sqe, OP_WAKE);
}

/* The pool's eventfd is readable: answer the /delays it has slept and
 * the database requests it has run. */
static void offload_back(void)
{
	struct offload_job *job, *next;
	struct conn *c;

	for (job = offload_done(&pool); job; job = next) {
		next = job->next;
		c = job->data;
		c->in_pool = 0;
		if (c->closing) {
			conn_release(c);
			continue;
		}
		if (job->db)
			session_db_done(&c->session);
		else
			session_timer_fired(&c->session);
		conn_ready(c);
	}
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	struct conn *c = req->data;

	(void)s;
	c->in_pool = 0;
	if (c->closing) {
		conn_release(c);
		return;
	}
	session_db_done(&c->session);
	conn_ready(c);
}

/* One completion, whatever it is about. */
static void on_cqe(const struct io_uring_cqe *cqe)
{
	uint64_t data = io_uring_cqe_get_data64(cqe);
	enum op op = (enum op)(data & OP_MASK);
	struct conn *c = (struct conn *)(uintptr_t)(data & ~(uint64_t)OP_MASK);

	switch (op) {
	case OP_ACCEPT:
		on_accept(cqe->res, cqe->flags);
		break;
	case OP_LISTEN:
		arm_accept(); /* a connection waits: try again */
		break;
	case OP_SWEEP:
		sweep();
		arm_sweep();
		break;
	case OP_WAKE:
		offload_back();
		if (!(cqe->flags & IORING_CQE_F_MORE))
			arm_wake();
		break;
	case OP_CANCEL:
		break;
	case OP_DB:
		on_db(data, cqe->res);
		break;
	default:
		on_conn_cqe(c, op, cqe->res, cqe->flags);
	}
}

/* After a batch the buffers are back: retry the starved receives. */
static void retry_starved(void)
{
	struct conn *c, *next;

	for (c = starved, starved = NULL; c; c = next) {
		next = c->next_starved;
		c->starved = 0;
		if (!c->closing)
			conn_want(c);
		else
			conn_release(c);
	}
}

/* The ring, for one thread if the kernel can (see the notes). */
static int ring_init(void)
{
	static const unsigned flags[] = {IORING_SETUP_SINGLE_ISSUER |
					     IORING_SETUP_DEFER_TASKRUN,
					 IORING_SETUP_COOP_TASKRUN, 0};
	struct io_uring_params p;
	int err = -EINVAL;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		memset(&p, 0, sizeof(p));
		p.flags = flags[i] | IORING_SETUP_CQSIZE;
		p.cq_entries = CQ_ENTRIES;
		err = io_uring_queue_init_params(SQ_ENTRIES, &ring, &p);
		if (err != -EINVAL)
			break;
	}
	return err;
}

/* The provided buffers: a ring of BUF_COUNT, registered as BUF_GROUP. */
static int bufs_init(void)
{
	struct io_uring_buf_reg reg = {0};
	void *mem;
	int err;

	err = posix_memalign(&mem, (size_t)sysconf(_SC_PAGESIZE),
			     BUF_COUNT * sizeof(struct io_uring_buf));
	if (err)
		return -err;
	buf_ring = mem;
	bufs = malloc((size_t)BUF_COUNT * BUF_SIZE);
	if (!bufs)
		return -ENOMEM;
	io_uring_buf_ring_init(buf_ring);
	reg.ring_addr = (uint64_t)(uintptr_t)buf_ring;
	reg.ring_entries = BUF_COUNT;
	reg.bgid = BUF_GROUP;
	err = io_uring_register_buf_ring(&ring, &reg, 0);
	if (err)
		return err;
	for (unsigned bid = 0; bid < BUF_COUNT; bid++)
		buf_return(bid);
	return 0;
}

int main(int argc, char **argv)
{
	struct io_uring_cqe *cqe;
	sigset_t stop, unblocked;
	unsigned head, n;
	int err;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	net_stop_sigset(&stop);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	err = ring_init();
	if (err < 0) {
		fprintf(stderr, "io-uring: io_uring_queue_init: %s\n",
			strerror(-err));
		return 1;
	}
	/*
	 * We enter the ring once per turn: registering its descriptor spares
	 * the kernel looking it up each time.  An old kernel says no; fine.
	 */
	io_uring_register_ring_fd(&ring);
	err = bufs_init();
	if (err < 0) {
		fprintf(stderr, "io-uring: provided buffers: %s\n",
			strerror(-err));
		return 1;
	}
	if (cfg.offload) {
		err = offload_start(&pool, cfg.workers, 0);
		if (err < 0) {
			fprintf(stderr, "io-uring: offload pool: %s\n",
				strerror(-err));
			return 1;
		}
		arm_wake();
		pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		db_polls = calloc((size_t)cfg.db_pool, sizeof(*db_polls));
		if (!db_polls || db_set_init(&dbs, cfg.db, cfg.db_pool,
					     db_watch, db_answer, NULL) < 0) {
			perror("io-uring: calloc");
			return 1;
		}
	}
	listen_fd = net_listen(&cfg, 1);
	arm_accept();
	arm_sweep();

	while (!net_stop_requested) {
		/*
		 * Submit everything queued, wait for one completion or more,
		 * with SIGINT and SIGTERM unblocked only while waiting.
		 */
		err = io_uring_submit_and_wait_timeout(&ring, &cqe, 1, NULL,
						       &unblocked);
		if (err < 0 && err != -EINTR && err != -ETIME &&
		    err != -EBUSY && err != -EAGAIN) {
			fprintf(stderr, "io-uring: io_uring_enter: %s\n",
				strerror(-err));
			return 1;
		}
		n = 0;
		io_uring_for_each_cqe(&ring, head, cqe)
		{
			on_cqe(cqe);
			n++;
		}
		io_uring_cq_advance(&ring, n);
		retry_starved();
		/* What the batch finished, and failures at submit too; then
		 * the database sockets are polled for what they want now. */
		db_set_answer(&dbs);
		db_arm_all();
	}
	stats_print(&stats, "io-uring");
	return 0;
}
