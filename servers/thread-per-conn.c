/*
 * thread-per-conn.c - one thread per connection, blocking I/O.
 *
 * How it works.  The main thread waits for connections and accepts them;
 * each connection gets a thread of its own that serves it from start to end
 * with plain sequential calls: wait for bytes, read them, write the answer,
 * sleep for a /delay.  Each struct conn holds the socket and its protocol
 * session and belongs to its thread alone, so nothing is shared but the
 * counters.  The kernel's scheduler does what an event loop does by hand:
 * it runs whichever thread has something to do.
 *
 * Notes on the model and its traps:
 * - Every connection costs a thread: a stack (8 MiB of address space by
 *   default, of which only the touched pages cost memory), a kernel task,
 *   and two context switches each time the thread blocks and wakes.
 *   --stack-kib shrinks the stack; too small a stack overflows and crashes
 *   the whole process, not one connection.
 * - Creating a thread can fail (memory, address space, RLIMIT_NPROC,
 *   kernel.threads-max).  A failed pthread_create closes that connection
 *   and counts it as refused; the server goes on.
 * - A blocking read() has no timeout, so every wait is a poll() whose
 *   timeout is the session's deadline (header or idle): a silent client is
 *   cut off as in every other model.  Writes go out with MSG_DONTWAIT and
 *   poll() only when the socket is full, so a client that never reads
 *   holds its thread until the idle deadline, never longer, and the
 *   common case costs no extra system call.
 * - Signals land in any thread that does not block them.  SIGINT and
 *   SIGTERM are blocked before the first thread is made (threads inherit
 *   the mask) and unblocked only inside the main thread's ppoll() on the
 *   listening socket, so a signal can never slip in between the check of
 *   the stop flag and the wait (the race a plain blocking accept() has).
 * - Broadcast (GET /ws, the chat) is where threads must share: a
 *   registry of subscribers under a lock, and each subscriber's session
 *   under a lock of its own, since the sender's thread pushes into it.
 *   The trap is the websocket-shootout's own Go server, which writes to
 *   every socket while holding the registry lock: one client that stops
 *   reading blocks that write, and with it every broadcast.  Here the
 *   sender never touches another thread's socket.  It appends the frame
 *   to each subscriber's output (session_push: a copy that never blocks,
 *   capped, 1008 past the cap) and wakes that subscriber's thread through
 *   an eventfd; each thread writes its own socket.  The price is a wake-up
 *   (two context switches) per subscriber per broadcast.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): the
 *   connection's thread borrows one of --db-pool connections (core/db.h's
 *   db_pool, shared by every thread under a lock) and blocks on it, one
 *   round trip per query.  A thread per connection but a pool of
 *   database connections: PostgreSQL's max_connections is far below the
 *   thousands of threads this model makes, and each server connection
 *   is a process there.  So the pool, not the threads, caps the queries
 *   in flight; a thread that waits over DB_POOL_WAIT_MS for a connection
 *   answers 503.  libpq runs on the thread's stack: a --stack-kib far
 *   below the default must leave it room (its connect is the deepest).
 * - Threads are detached: nobody joins them, each frees its own
 *   connection.  On stop, main prints the summary and calls exit(), which
 *   ends every thread, the ones sleeping in a /delay included.
 *
 * When it wins: a modest number of connections doing blocking work (a
 * database driver with no asynchronous API, CPU work spread over every
 * core for free); the code reads like the protocol and a stack trace shows
 * the whole story of a request.  When it does not: many mostly idle
 * connections, each holding a thread and a stack while doing nothing, and
 * high rates, where context switches cost more than the requests.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/net.h"
#include "core/session.h"
#include "core/sublist.h"

static struct about about = {
    .name = "thread-per-conn",
    .kind = "thread-per-connection",
    .summary =
	"One thread per connection, blocking I/O: the main thread accepts,\n"
	"and each connection's own thread reads, answers and sleeps.",
    .threads = THREADS_ONE,
    .per_connection = "thread",
    .honours = HONOURS_STACK_KIB | HONOURS_DB_POOL,
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	/* A WebSocket subscriber (ws_serve) only: */
	int wake_fd;	      /* eventfd: a sender left it bytes to send */
	pthread_mutex_t lock; /* held around every call on the session */
	struct sub sub;	      /* on the subscribers list */
	struct session session;
};

static struct config cfg;
static struct db_pool db_pool; /* the database connections, borrowed */
static struct stats stats;
/*
 * Every WebSocket subscriber, for broadcasts.  Lock order: this lock, then
 * a subscriber's own.
 */
static pthread_mutex_t subscribers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sub_list subscribers;
static pthread_attr_t thread_attr; /* detached, --stack-kib */

static void conn_close(struct conn *c)
{
	if (c->wake_fd >= 0)
		close(c->wake_fd);
	pthread_mutex_destroy(&c->lock);
	close(c->fd);
	session_free(&c->session);
	free(c);
}

/*
 * Waits until the socket is ready for events (POLLIN or POLLOUT), but not
 * past the session's deadline.  Returns 0 when it is ready, -1 when the
 * deadline passed or poll failed: either way the connection is done.
 */
static int conn_wait(struct conn *c, short events)
{
	struct pollfd p = {.fd = c->fd, .events = events};
	int64_t left;
	int n;

	do {
		left = session_deadline(&c->session) - clock_coarse_ms();
		if (left <= 0)
			return -1;
		n = poll(&p, 1, left < INT_MAX ? (int)left : INT_MAX);
	} while (n < 0 && errno == EINTR);
	return n > 0 ? 0 : -1;
}

/*
 * Delivers from's broadcast frame to every subscriber, from included.  The
 * registry lock is held for the whole walk and each subscriber's lock only
 * around session_push(), an append that never blocks, so the walk never
 * waits for a socket.  A subscriber whose output was empty is woken.
 */
static void broadcast(struct conn *from, const void *frame, size_t len)
{
	int wake;

	pthread_mutex_lock(&subscribers_lock);
	for (struct sub *s = subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		pthread_mutex_lock(&c->lock);
		wake = session_push(&c->session, frame, len);
		pthread_mutex_unlock(&c->lock);
		/* The eventfd never blocks: it only counts up. */
		if (wake && c != from)
			eventfd_write(c->wake_fd, 1);
	}
	pthread_mutex_unlock(&subscribers_lock);
}

/*
 * The rest of a WebSocket subscriber's life, in its thread.  Other threads
 * now push into its session, so every call on the session is made under
 * c->lock, held only for work that never blocks; the thread sleeps in
 * poll() on its socket and on its eventfd, outside the lock.
 */
static void ws_serve(struct conn *c)
{
	struct pollfd p[2];
	const void *frame;
	unsigned want;
	eventfd_t count;
	int64_t left;
	size_t len;

	c->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (c->wake_fd < 0)
		return;
	pthread_mutex_lock(&subscribers_lock);
	sub_join(&subscribers, &c->sub, c);
	pthread_mutex_unlock(&subscribers_lock);

	pthread_mutex_lock(&c->lock);
	while (net_write(c->fd, &c->session) == 0) {
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if (want & WANT_BROADCAST) {
			/* Our own lock is not held while we take theirs. */
			frame = session_take_broadcast(&c->session, &len);
			pthread_mutex_unlock(&c->lock);
			broadcast(c, frame, len);
			pthread_mutex_lock(&c->lock);
			session_broadcast_done(&c->session);
			continue;
		}
		left = session_deadline(&c->session) - clock_coarse_ms();
		if (left <= 0)
			break;
		p[0].fd = c->fd;
		p[0].events = (short)((want & WANT_READ ? POLLIN : 0) |
				      (want & WANT_WRITE ? POLLOUT : 0));
		p[1].fd = c->wake_fd;
		p[1].events = POLLIN;
		pthread_mutex_unlock(&c->lock);
		poll(p, 2, left < INT_MAX ? (int)left : INT_MAX);
		if (p[1].revents & POLLIN)
			eventfd_read(c->wake_fd, &count); /* reset it */
		pthread_mutex_lock(&c->lock);
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    net_read(c->fd, &c->session) < 0)
			break;
	}
	pthread_mutex_unlock(&c->lock);

	pthread_mutex_lock(&subscribers_lock);
	sub_leave(&subscribers, &c->sub);
	pthread_mutex_unlock(&subscribers_lock);
}

/*
 * The connection's thread: send what is ready, ask the session what it
 * wants next and wait for exactly that, until it wants to close.  Answers
 * that came before a /delay go out before the sleep, as far as the socket
 * takes them; what is left waits for the sleep to end.
 */
static void *conn_thread(void *arg)
{
	struct conn *c = arg;
	unsigned want;
	long ms;
	int rc = 0;
	struct db_req *req;

	while (rc == 0) {
		/*
		 * After GET /ws, until it closes.  Checked before the write
		 * that sends the 101: a client that has its 101 is already
		 * among the subscribers, so no broadcast it causes can miss
		 * it.
		 */
		if (session_is_subscriber(&c->session)) {
			ws_serve(c);
			break;
		}
		if (net_write(c->fd, &c->session) < 0)
			break;
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if ((ms = session_take_timer(&c->session)) >= 0) {
			clock_sleep_ms(ms);
			session_timer_fired(&c->session);
		} else if ((req = session_take_db(&c->session))) {
			db_pool_run(&db_pool, req); /* borrow, block, return */
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
	return NULL;
}

static void conn_open(int fd)
{
	struct conn *c = calloc(1, sizeof(*c));
	pthread_t thread;

	if (!c)
		goto refuse;
	c->fd = fd;
	c->wake_fd = -1;
	pthread_mutex_init(&c->lock, NULL);
	session_init(&c->session, &cfg, &stats);
	if (pthread_create(&thread, &thread_attr, conn_thread, c) != 0) {
		session_free(&c->session);
		pthread_mutex_destroy(&c->lock);
		free(c);
		goto refuse;
	}
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

int main(int argc, char **argv)
{
	struct pollfd listener = {.events = POLLIN};
	sigset_t stop, unblocked;
	size_t stack;
	int listen_fd, fd;

	config_parse(&cfg, &about, argc, argv);
	if (cfg.db && db_pool_init(&db_pool, cfg.db, cfg.db_pool) < 0) {
		perror("thread-per-conn: db_pool_init");
		return 1;
	}
	net_signals_init();
	net_stop_sigset(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &unblocked);
	pthread_attr_init(&thread_attr);
	pthread_attr_setdetachstate(&thread_attr, PTHREAD_CREATE_DETACHED);
	if (cfg.stack_kib > 0) {
		/*
		 * Below the minimum, pthread_attr_setstacksize() would refuse.
		 * No upper clamp: a stack too big to map makes pthread_create()
		 * fail, and each connection is refused (the conformance suite
		 * asks for 1 TiB to test exactly that).
		 */
		stack = (size_t)cfg.stack_kib * 1024;
		if (stack < (size_t)PTHREAD_STACK_MIN)
			stack = (size_t)PTHREAD_STACK_MIN;
		pthread_attr_setstacksize(&thread_attr, stack);
	}
	/*
	 * Non-blocking, so a connection gone between ppoll and accept is
	 * -EAGAIN, not a hang; the sockets accepted from it do block.
	 */
	listen_fd = net_listen(&cfg, 1);
	listener.fd = listen_fd;

	while (!net_stop_requested) {
		if (ppoll(&listener, 1, NULL, &unblocked) < 0)
			continue; /* EINTR: the loop checks the stop flag */
		fd = net_accept(listen_fd, 0, &stats);
		if (fd >= 0)
			conn_open(fd);
	}
	stats_print(&stats, "thread-per-conn");
	exit(0); /* ends the connection threads too: no join */
}
