/*
 * process-per-conn.c - one process per connection, blocking I/O.
 *
 * How it works.  The parent process waits for connections and accepts them;
 * for each one it calls fork(), and the child, a copy of the parent, serves
 * that connection from start to end with plain sequential calls (wait for
 * bytes, read them, write the answer, sleep for a /delay: thread-per-conn's
 * loop, line for line) and exits.  The parent closes its copy of the socket
 * and goes back to accepting.  This is the oldest model, inetd's and early
 * Apache's, and the ancestor of thread-per-conn: a thread is a process that
 * shares its parent's memory.
 *
 * Notes on the model and its traps:
 * - Every connection costs a process: its own page tables, a kernel task
 *   and kernel stack, and the pages either side writes after the fork (they
 *   are shared copy-on-write until then).  fork() itself copies the page
 *   tables, so it costs more the bigger the parent is.  Count a process's
 *   memory with PSS (shared pages split between their users), never RSS
 *   summed over the processes, which counts every shared page again in
 *   each of them.  Measured at 5,000 idle connections, each costs about
 *   43 KiB of PSS, a 16 KiB kernel stack, 52 KiB of page tables and 26 KiB
 *   more slab than an epoll connection: some 140 KiB, against 0.3 KiB
 *   plus the socket for epoll.
 * - Nothing is shared, so the children's requests must find their way to
 *   the parent's summary line.  The counters (struct stats) live in one
 *   anonymous shared mapping (MAP_SHARED | MAP_ANONYMOUS) made before the
 *   first fork, so every child bumps the very atomics the parent prints:
 *   no pipe, no message per request, no system call, and a child that dies
 *   half-way has already counted what it served.  That works because the
 *   atomics are lock-free, and lock-free atomics are address-free (C11
 *   7.17.5): a plain atomic instruction on memory that two processes map.
 * - fork() can fail: EAGAIN (RLIMIT_NPROC, the pids cgroup,
 *   kernel.threads-max) or ENOMEM.  The parent then closes that connection,
 *   counts it refused, says so on stderr (once a second at most, with the
 *   count of the ones in between) and goes on: the next connection gets a
 *   new try, and nothing spins.
 * - Children must be reaped, or each finished one stays a zombie until the
 *   parent exits.  SIGCHLD is blocked except inside the parent's ppoll(),
 *   like SIGTERM; its handler only sets a flag, and the loop then reaps
 *   with waitpid(WNOHANG) until none is left, because children that end
 *   close together raise one SIGCHLD between them.
 * - The child inherits everything, wanted or not: the listening socket
 *   (closed at once: a child must not keep the port open after the parent
 *   is gone), the signal handlers and mask (SIGINT and SIGTERM go back to
 *   their default action, unblocked, so that the parent's SIGTERM ends a
 *   child at once), the stdio buffers and atexit handlers (the child ends
 *   with _exit(), so nothing is flushed or run twice).
 * - If the parent dies without cleaning up (SIGKILL, a crash), its children
 *   would run on as orphans: each asks the kernel for a SIGTERM when its
 *   parent dies (PR_SET_PDEATHSIG, a Linux feature).  On an orderly stop the
 *   parent sends the SIGTERM itself, waits for every child, then prints
 *   the summary.
 * - Broadcast (GET /ws, the chat): the children share no memory, so a
 *   message for every client must travel through something, and here the
 *   parent is the hub.  A child whose connection turns WebSocket makes a
 *   socketpair (SOCK_SEQPACKET: one message per frame, boundaries kept),
 *   hands one end to the parent over a socket every child inherits (the
 *   descriptor itself travels, SCM_RIGHTS), and does so before its 101
 *   goes out, so a client that has its 101 is known to the parent before
 *   any broadcast it could have caused.  The sender's child appends its
 *   frame to its own client and sends it to the parent; the parent relays
 *   it to every other child's socketpair; each child waits in poll() on
 *   its client and its socketpair and appends what comes (session_push).
 *   The parent never waits for a child: it sends with MSG_DONTWAIT, and a
 *   child whose socketpair is full (it holds a little under two backlogs,
 *   SO_SNDBUF) is not keeping up, so the parent closes its end; the child
 *   sees the end of file and closes its client with 1008, as its session
 *   closes a client that falls that far behind.  What it costs, per
 *   broadcast and subscriber: the frame copied into the kernel by the
 *   parent and out by the child, two system calls, and a wake-up of the
 *   child's process (a context switch, page tables and all); the parent is
 *   one process on one core relaying for everybody, and polls every
 *   subscriber's socketpair on each wake-up (poll.c's O(n)).  Every child
 *   inherits the parent's ends of the others' socketpairs at fork and
 *   closes them at once, or a child dropped by the parent would never see
 *   the end of file.  Measured with 1,000 subscribers and 10 broadcasts/s:
 *   36 us of CPU per delivery (7 of them the parent's), epoll's 11, and a
 *   delivery p99 of 23 ms (epoll 16).  Each child's share (about 1 ms in
 *   a 3 s run) is under one clock tick, and /proc/<pid>/stat rounds it
 *   down to zero: only schedstat's nanoseconds, summed over the children,
 *   show it.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): the
 *   children share no memory, so they cannot share a pool of libpq
 *   connections; each child that needs the database opens its own
 *   (core/db.h's db_link) and blocks on it.  PostgreSQL's max_connections is
 *   far below the number of children this model makes, so a cross-process
 *   limit caps them: a System V semaphore worth --db-pool slots, made by the
 *   parent before the first fork.  A child takes a slot before it connects
 *   (waiting at most DB_POOL_WAIT_MS, then 503) and keeps slot and connection
 *   for the next requests of its keep-alive client.  It gives both back when
 *   other children wait for a slot (the semaphore counts its waiters,
 *   GETNCNT) and either its client has sent nothing for DB_IDLE_MS (the child
 *   waits for it in slices that long, so an idle client never holds a slot
 *   others need) or it has had its turn: DB_POOL_WAIT_MS / 2 shared out over
 *   the waiters, --db-pool slots at a time, so that each waiter gets a slot
 *   within half its wait, and at most DB_HOLD_MAX_MS.  So an uncontested
 *   child pays one connect (a fork of a PostgreSQL backend and the password
 *   exchange, milliseconds) per client, and a contested one one per turn: the
 *   price of a pool that cannot be shared.  Giving the slot back after every
 *   request, as soon as anyone waits, made every request of a contested child
 *   pay a connect (256 clients on /db, --db-pool 8: a fifth of the requests a
 *   second, five times the CPU per request); holding it for a whole
 *   keep-alive connection would starve the clients beyond --db-pool.
 *   SEM_UNDO makes the kernel return a slot when its child exits, however it
 *   exits (a crash, the parent's SIGTERM), so a slot never leaks.
 *
 * When it wins: isolation.  A crash, a leak or a corrupted heap ends with
 * its connection; a child can drop privileges for one client (sshd,
 * postfix); code that is not thread-safe runs unchanged.  When it does
 * not: many short connections (a fork each) and many idle ones (a process
 * each).  Apache's prefork takes the fork off the request path by forking a
 * pool of children ahead of time.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/net.h"
#include "core/session.h"
#include "core/ws.h"

/* One relayed message: a broadcast frame, as the session built it. */
#define RELAY_MAX (WS_MAX_HEADER + WS_MAX_MESSAGE)
/* A child holding a database slot while its client sends nothing looks
 * for waiting children this often, and gives the slot to them. */
#define DB_IDLE_MS (20)
/* A busy child keeps its slot at most this long once others wait. */
#define DB_HOLD_MAX_MS (100)

/* The counters are shared between processes: see the notes. */
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2, "the shared counters need "
					   "lock-free (address-free) atomics");

static struct about about = {
    .name = "process-per-conn",
    .kind = "process-per-connection",
    .summary =
	"One process per connection, blocking I/O: the parent accepts and\n"
	"forks, and each connection's own process reads, answers, sleeps.",
    .threads = THREADS_ONE,
    .per_connection = "process",
    .honours = HONOURS_DB_POOL,
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	int channel;	     /* a WebSocket's socketpair to the hub, or -1 */
	struct db_link db;   /* the child's database connection */
	int db_slot;	     /* it holds one of the --db-pool slots */
	int64_t db_since_ms; /* since when */
	struct session session;
};

static struct config cfg;
static struct stats *stats; /* in a shared mapping: every child counts */
static int listen_fd;
static pid_t *children; /* the live children, for the stop */
static size_t nchildren, children_cap;
static volatile sig_atomic_t child_exited;
/*
 * The parent's poll set: the listener, the hub's receiving end, then the
 * parent's end of every WebSocket child's socketpair (fd -1: dropped).
 */
static struct pollfd *polled;
static size_t npolled, polled_cap;
static int hub_fd; /* the children's end: they send their socketpairs */
static char relay_buf[RELAY_MAX]; /* one frame, in the parent or a child */
static int db_slots = -1;	  /* System V semaphore: --db-pool slots */

/* Children waiting for a database slot now. */
static int db_waiters(void)
{
	int n = db_slots >= 0 ? semctl(db_slots, 0, GETNCNT) : 0;

	return n > 0 ? n : 0;
}

/* Closes the child's database connection and gives its slot back. */
static void db_slot_give(struct conn *c)
{
	struct sembuf give = {0, 1, SEM_UNDO};

	db_link_close(&c->db);
	semop(db_slots, &give, 1);
	c->db_slot = 0;
}

/*
 * How long a child keeps its slot once `waiters` children wait for
 * one: the slots' turns shared out so that every waiter gets one within
 * half of DB_POOL_WAIT_MS, at most DB_HOLD_MAX_MS (see the notes).
 */
static int64_t db_hold_ms(int waiters)
{
	int64_t ms = (int64_t)DB_POOL_WAIT_MS / 2 * cfg.db_pool / waiters;

	return ms < DB_HOLD_MAX_MS ? ms : DB_HOLD_MAX_MS;
}

/*
 * Runs a database request on the child's own connection, within a slot:
 * taken (waiting at most DB_POOL_WAIT_MS: no slot, 503) before the
 * connection is opened, and given back with it when others wait and the
 * child has had its turn.
 */
static void conn_db(struct conn *c, struct db_req *req)
{
	struct sembuf take = {0, -1, SEM_UNDO};
	struct timespec wait = {DB_POOL_WAIT_MS / 1000,
				(DB_POOL_WAIT_MS % 1000) * 1000000L};
	int waiters;

	if (!c->db_slot) {
		while (semtimedop(db_slots, &take, 1, &wait) < 0) {
			if (errno != EINTR) {
				req->failed = 1; /* no slot in time: 503 */
				return;
			}
		}
		c->db_slot = 1;
		c->db_since_ms = clock_ms();
	}
	db_link_run(&c->db, cfg.db, req);
	if (!c->db.pg)
		db_slot_give(c);
	else if ((waiters = db_waiters()) > 0 &&
		 clock_ms() - c->db_since_ms >= db_hold_ms(waiters))
		db_slot_give(c);
}

static void conn_close(struct conn *c)
{
	db_link_close(&c->db);
	if (c->channel >= 0)
		close(c->channel);
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

	for (;;) {
		left = session_deadline(&c->session) - clock_coarse_ms();
		if (left <= 0)
			return -1;
		/* Holding a database slot: look for waiters now and then. */
		if (c->db_slot && left > DB_IDLE_MS)
			left = DB_IDLE_MS;
		n = poll(&p, 1, left < INT_MAX ? (int)left : INT_MAX);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
		/* The client has sent nothing for DB_IDLE_MS: its slot
		 * goes to a child whose client is waiting. */
		if (n == 0 && c->db_slot && db_waiters() > 0)
			db_slot_give(c);
	}
}

/*
 * The child's link to the hub: a socketpair whose other end goes to the
 * parent, the descriptor itself carried in an SCM_RIGHTS message over
 * hub_fd.  Returns 0, or -1 if the parent could not be told.
 */
static int channel_open(struct conn *c)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	char byte = 0;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	int sv[2], size = SESSION_WS_BACKLOG;
	ssize_t n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	/*
	 * How much the parent may have in flight to us: one backlog, which
	 * the kernel doubles for its bookkeeping (up to net.core.wmem_max).
	 * The largest frame must fit in one message, and does.
	 */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sv[1], sizeof(int));
	do
		n = sendmsg(hub_fd, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	close(sv[1]); /* the parent has its own copy now */
	if (n < 0) {
		close(sv[0]);
		return -1;
	}
	c->channel = sv[0];
	return 0;
}

/*
 * Closes the client with 1008: it has missed broadcasts, or would.  The
 * session has no call for that but session_push(), which closes a
 * subscriber with 1008 when a frame does not fit its backlog: one longer
 * than any backlog never fits, and its bytes are never read.
 */
static void conn_cut_off(struct conn *c)
{
	session_push(&c->session, NULL, SESSION_WS_BACKLOG + 1);
}

/* The hub dropped us (we fell behind) or cannot be reached. */
static void channel_lost(struct conn *c)
{
	close(c->channel);
	c->channel = -1;
	conn_cut_off(c);
}

/* The channel is readable: append every frame the hub relayed. */
static void channel_take(struct conn *c)
{
	ssize_t n;

	for (;;) {
		n = recv(c->channel, relay_buf, sizeof(relay_buf),
			 MSG_DONTWAIT);
		if (n > 0) {
			session_push(&c->session, relay_buf, (size_t)n);
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else {
			if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
				channel_lost(c); /* end of file: dropped */
			return;
		}
	}
}

/*
 * The rest of a WebSocket's life, in its process: wait in poll() on the
 * client and on the channel, relay our client's broadcasts through the
 * hub, and append the ones the hub brings.  Called before the 101 goes
 * out (see the notes).
 */
static void ws_serve(struct conn *c)
{
	struct pollfd p[2];
	const void *frame;
	unsigned want;
	int64_t left;
	size_t len;
	ssize_t n;

	if (channel_open(c) < 0)
		conn_cut_off(c); /* no hub, no broadcasts */
	while (net_write(c->fd, &c->session) == 0) {
		if (c->channel >= 0 && !session_is_subscriber(&c->session)) {
			close(c->channel); /* closing: no more broadcasts */
			c->channel = -1;
		}
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if (want & WANT_BROADCAST) {
			/* The hub first, then our client, then the result. */
			frame = session_take_broadcast(&c->session, &len);
			if (c->channel >= 0) {
				do
					n = send(c->channel, frame, len,
						 MSG_NOSIGNAL);
				while (n < 0 && errno == EINTR);
				if (n < 0)
					channel_lost(c);
			}
			session_push(&c->session, frame, len);
			session_broadcast_done(&c->session);
			continue;
		}
		left = session_deadline(&c->session) - clock_coarse_ms();
		if (left <= 0)
			break;
		p[0].fd = c->fd;
		p[0].events = (short)((want & WANT_READ ? POLLIN : 0) |
				      (want & WANT_WRITE ? POLLOUT : 0));
		p[1].fd = c->channel; /* -1: poll skips it */
		p[1].events = POLLIN;
		if (poll(p, 2, left < INT_MAX ? (int)left : INT_MAX) < 0)
			continue; /* EINTR */
		if (p[1].revents)
			channel_take(c);
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    net_read(c->fd, &c->session) < 0)
			break;
	}
}

/*
 * The connection's process: send what is ready, ask the session what it
 * wants next and wait for exactly that, until it wants to close.  Answers
 * that came before a /delay go out before the sleep, as far as the socket
 * takes them; what is left waits for the sleep to end.
 */
static void conn_process(struct conn *c)
{
	unsigned want;
	long ms;
	int rc = 0;
	struct db_req *req;

	while (rc == 0) {
		if (session_is_subscriber(&c->session)) {
			ws_serve(c); /* after GET /ws, until it closes */
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
			conn_db(c, req);
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

/*
 * The child, just forked: undo what it inherited and should not keep (see
 * the notes), then serve the connection and exit.
 */
static void __attribute__((noreturn))
child_main(int fd, pid_t parent, const sigset_t *unblocked)
{
	struct conn *c;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0); /* the parent died before prctl: nobody to serve */
	sigprocmask(SIG_SETMASK, unblocked, NULL);
	/*
	 * The listener, the hub's receiving end and the parent's ends of the
	 * other children's socketpairs are the parent's business.
	 */
	for (size_t i = 0; i < npolled; i++)
		if (polled[i].fd >= 0)
			close(polled[i].fd);
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		stats_add(&stats->refused, 1);
		_exit(1);
	}
	c->fd = fd;
	c->channel = -1;
	session_init(&c->session, &cfg, stats);
	conn_process(c);
	_exit(0);
}

/*
 * Says on stderr that fork failed: once a second at most, so that a flood
 * of connections cannot turn into a flood of messages.
 */
static void fork_failed(int err)
{
	static int64_t last_ms = INT64_MIN;
	static unsigned long quiet;
	int64_t now = clock_coarse_ms();

	if (last_ms != INT64_MIN && now - last_ms < 1000) {
		quiet++;
		return;
	}
	fprintf(stderr,
		"process-per-conn: fork failed (%s): connection closed and "
		"counted refused",
		strerror(err));
	if (quiet)
		fprintf(stderr, " (%lu more since the last message)", quiet);
	fputc('\n', stderr);
	last_ms = now;
	quiet = 0;
}

static void conn_open(int fd, const sigset_t *unblocked)
{
	pid_t parent = getpid(), pid;
	pid_t *grown;

	/* Room to remember the child first: a child we cannot find at the
	 * stop would be left running. */
	if (nchildren == children_cap) {
		grown = realloc(children,
				(children_cap * 2 + 64) * sizeof(*children));
		if (!grown)
			goto refuse;
		children = grown;
		children_cap = children_cap * 2 + 64;
	}
	pid = fork();
	if (pid == 0)
		child_main(fd, parent, unblocked);
	if (pid < 0) {
		fork_failed(errno);
		goto refuse;
	}
	children[nchildren++] = pid;
	close(fd); /* the child has its own copy */
	return;
refuse:
	close(fd);
	stats_add(&stats->refused, 1);
}

/* Adds fd to the parent's poll set.  Returns 0 or -1 (out of memory). */
static int poll_add(int fd)
{
	size_t cap = polled_cap * 2 + 64;
	struct pollfd *grown;

	if (npolled == polled_cap) {
		grown = realloc(polled, cap * sizeof(*polled));
		if (!grown)
			return -1;
		polled = grown;
		polled_cap = cap;
	}
	polled[npolled].fd = fd;
	polled[npolled].events = POLLIN;
	polled[npolled].revents = 0;
	npolled++;
	return 0;
}

/* Forgets the channels the hub dropped (fd -1) since the last call. */
static void poll_compact(void)
{
	size_t j = 2;

	for (size_t i = 2; i < npolled; i++)
		if (polled[i].fd >= 0)
			polled[j++] = polled[i];
	npolled = j;
}

/*
 * The hub's receiving end: takes every socketpair end that children have
 * sent and adds it to the poll set.  A message that brought no descriptor
 * (we were out of them: MSG_CTRUNC) leaves that child's channel with no
 * peer, and the child sees the end of file at once.
 */
static void hub_admit(void)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	char byte;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	struct msghdr msg;
	struct cmsghdr *cm;
	int fd;

	for (;;) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = control.buf;
		msg.msg_controllen = sizeof(control.buf);
		if (recvmsg(polled[1].fd, &msg, MSG_DONTWAIT) < 0) {
			if (errno == EINTR)
				continue;
			return; /* EAGAIN: no more */
		}
		cm = CMSG_FIRSTHDR(&msg);
		if (!cm || cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len != CMSG_LEN(sizeof(int)))
			continue;
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		if (poll_add(fd) < 0)
			close(fd); /* the child sees the end of file */
	}
}

/*
 * Channel i (in polled[]) is readable: one frame from a child, relayed to
 * every other child without ever waiting.  A child whose channel is full
 * is dropped (its end closed: it closes its client with 1008); one that
 * has gone is dropped too.
 */
static void hub_relay(size_t i)
{
	ssize_t n, sent;

	n = recv(polled[i].fd, relay_buf, sizeof(relay_buf),
		 MSG_DONTWAIT | MSG_TRUNC);
	if (n < 0 && errno != ECONNRESET)
		return; /* EAGAIN, EINTR: poll tells us again */
	if (n <= 0) {
		close(polled[i].fd); /* the child is gone */
		polled[i].fd = -1;
		return;
	}
	if ((size_t)n > sizeof(relay_buf))
		return; /* cannot happen: no frame is that long */
	/*
	 * Admit the children that registered before this frame was sent:
	 * their clients may have their 101 already (see the notes).
	 */
	hub_admit();
	for (size_t j = 2; j < npolled; j++) {
		if (j == i || polled[j].fd < 0)
			continue;
		do
			sent = send(polled[j].fd, relay_buf, (size_t)n,
				    MSG_DONTWAIT | MSG_NOSIGNAL);
		while (sent < 0 && errno == EINTR);
		if (sent < 0) {
			close(polled[j].fd); /* full: too slow, or gone */
			polled[j].fd = -1;
		}
	}
}

static void on_child_exit(int sig)
{
	(void)sig;
	child_exited = 1;
}

/* Reaps every child that has ended, so none stays a zombie. */
static void reap(void)
{
	pid_t pid;

	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		for (size_t i = 0; i < nchildren; i++) {
			if (children[i] == pid) {
				children[i] = children[--nchildren];
				break;
			}
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t stop, unblocked;
	int fd, hub[2];

	config_parse(&cfg, &about, argc, argv);
	stats = mmap(NULL, sizeof(*stats), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED) {
		perror("process-per-conn: mmap");
		return 1;
	}
	net_signals_init();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_child_exit;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	net_stop_sigset(&stop);
	sigaddset(&stop, SIGCHLD);
	sigprocmask(SIG_BLOCK, &stop, &unblocked);
	/*
	 * Non-blocking, so a connection gone between ppoll and accept is
	 * -EAGAIN, not a hang; the sockets accepted from it do block.
	 */
	listen_fd = net_listen(&cfg, 1);
	/*
	 * The hub: children send on hub[1] (inherited), the parent receives
	 * on hub[0].  SEQPACKET keeps each child's message whole.
	 */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, hub) < 0 ||
	    poll_add(listen_fd) < 0 || poll_add(hub[0]) < 0) {
		perror("process-per-conn: hub");
		return 1;
	}
	hub_fd = hub[1];
	if (cfg.db) {
		/* The children's database slots (see the notes). */
		db_slots = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
		if (db_slots < 0 ||
		    semctl(db_slots, 0, SETVAL, cfg.db_pool) < 0) {
			perror("process-per-conn: semget");
			return 1;
		}
	}

	while (!net_stop_requested) {
		if (child_exited) {
			child_exited = 0;
			reap();
		}
		poll_compact();
		if (ppoll(polled, npolled, NULL, &unblocked) < 0)
			continue; /* EINTR: the loop checks the flags */
		if (polled[1].revents)
			hub_admit();
		/* New channels come last, with no revents yet. */
		for (size_t i = 2; i < npolled; i++)
			if (polled[i].revents && polled[i].fd >= 0)
				hub_relay(i);
		if (polled[0].revents) {
			fd = net_accept(listen_fd, 0, stats);
			if (fd >= 0)
				conn_open(fd, &unblocked);
		}
	}
	/* Stop every child, then wait for all: no zombie, no late count. */
	for (size_t i = 0; i < nchildren; i++)
		kill(children[i], SIGTERM);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	if (db_slots >= 0)
		semctl(db_slots, 0, IPC_RMID);
	stats_print(stats, "process-per-conn");
	return 0;
}
