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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/net.h"
#include "core/session.h"

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
};

struct conn {
	int fd;
	struct session session;
};

static struct config cfg;
static struct stats *stats; /* in a shared mapping: every child counts */
static int listen_fd;
static pid_t *children; /* the live children, for the stop */
static size_t nchildren, children_cap;
static volatile sig_atomic_t child_exited;

static void conn_close(struct conn *c)
{
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

	while (rc == 0 && net_write(c->fd, &c->session) == 0) {
		want = session_want(&c->session);
		if (want & WANT_CLOSE)
			break;
		if ((ms = session_take_timer(&c->session)) >= 0) {
			clock_sleep_ms(ms);
			session_timer_fired(&c->session);
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
	close(listen_fd);
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		stats_add(&stats->refused, 1);
		_exit(1);
	}
	c->fd = fd;
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
	struct pollfd listener = {.events = POLLIN};
	struct sigaction sa;
	sigset_t stop, unblocked;
	int fd;

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
	listener.fd = listen_fd;

	while (!net_stop_requested) {
		if (child_exited) {
			child_exited = 0;
			reap();
		}
		if (ppoll(&listener, 1, NULL, &unblocked) < 0)
			continue; /* EINTR: the loop checks the flags */
		fd = net_accept(listen_fd, 0, stats);
		if (fd >= 0)
			conn_open(fd, &unblocked);
	}
	/* Stop every child, then wait for all: no zombie, no late count. */
	for (size_t i = 0; i < nchildren; i++)
		kill(children[i], SIGTERM);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	stats_print(stats, "process-per-conn");
	return 0;
}
