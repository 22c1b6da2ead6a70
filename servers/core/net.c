/*
 * net.c - listening socket, shedding accept, signals (see net.h).
 */
#include "net.h"

#include "session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t net_stop_requested;

/*
 * The reserve descriptor for shedding: one per accepting thread.  Most
 * models accept in one thread (the one that called net_listen); the
 * per-core model accepts in every loop, each from its own listening
 * socket, and each loop must be able to shed from its own backlog, so the
 * reserve is thread-local and never raced.  It is the one piece of mutable
 * state in the core, and it lives here, next to its only users.
 */
static _Thread_local int reserve_fd = -1;

int net_read(int fd, struct session *s)
{
	size_t room;
	char *buf = session_rbuf(s, &room);
	ssize_t n;

	if (!buf)
		return 0;
	n = read(fd, buf, room);
	if (n >= 0) {
		session_received(s, (size_t)n);
		return 1;
	}
	return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

int net_write(int fd, struct session *s)
{
	size_t len;
	const char *buf;
	ssize_t n;

	while ((buf = session_wbuf(s, &len)) != NULL) {
		n = send(fd, buf, len, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -1;
		}
		session_sent(s, (size_t)n);
	}
	net_shut_wr(fd, s);
	return 0;
}

void net_shut_wr(int fd, struct session *s)
{
	if (!session_shut_wr_due(s))
		return;
	/*
	 * A failure (the peer already reset) changes nothing: the session
	 * drains until end of file or its deadline either way.
	 */
	shutdown(fd, SHUT_WR);
	session_shut_wr_done(s);
}

int net_set_nonblock(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

int net_reserve_init(void)
{
	if (reserve_fd < 0)
		reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	return reserve_fd < 0 ? -errno : 0;
}

/* Resolves cfg->host:port, or prints why not and exits 1. */
static struct addrinfo *listen_addr(const struct config *cfg, int port)
{
	struct addrinfo hints = {0}, *ai = NULL;
	char serv[16];
	int rc;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(serv, sizeof(serv), "%d", port);
	rc = getaddrinfo(cfg->host, serv, &hints, &ai);
	if (rc) {
		fprintf(stderr, "%s: cannot resolve --host %s: %s\n",
			cfg->model, cfg->host, gai_strerror(rc));
		exit(1);
	}
	return ai;
}

/*
 * One listening socket on ai, SO_REUSEPORT first if reuseport (it must be
 * set before bind, on every socket that shares the port).  Returns the
 * descriptor or -errno.
 */
static int listen_one(const struct addrinfo *ai, int reuseport, int nonblock)
{
	int fd, one = 1, err;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((reuseport &&
	     setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, NET_BACKLOG) < 0 ||
	    (nonblock && net_set_nonblock(fd) < 0)) {
		err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

/* Prints `listening on HOST:PORT` for fd, or returns -errno. */
static int print_listening(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0)
		return -errno;
	if (getnameinfo((struct sockaddr *)&ss, sslen, host, sizeof(host), serv,
			sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV))
		return -EINVAL;
	printf("listening on %s:%s\n", host, serv);
	fflush(stdout);
	return 0;
}

static void listen_failed(const struct config *cfg, int err)
{
	fprintf(stderr, "%s: cannot listen on %s:%d: %s\n", cfg->model,
		cfg->host, cfg->port, strerror(err));
	exit(1);
}

int net_listen(const struct config *cfg, int nonblock)
{
	struct addrinfo *ai = listen_addr(cfg, cfg->port);
	int fd = listen_one(ai, 0, nonblock);

	freeaddrinfo(ai);
	if (fd < 0)
		listen_failed(cfg, -fd);
	net_reserve_init();
	net_announce(cfg, fd);
	return fd;
}

void net_announce(const struct config *cfg, int fd)
{
	int err = print_listening(fd);

	if (err < 0)
		listen_failed(cfg, -err);
}

/* The port fd is bound to. */
static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0)
		return -errno;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

void net_listen_reuseport(const struct config *cfg, int *fds, int n)
{
	struct addrinfo *ai = listen_addr(cfg, cfg->port);
	int port;

	/*
	 * The first socket binds the port asked for (0: the kernel picks
	 * one); the others bind to the port it got.  Every one sets
	 * SO_REUSEPORT before bind, the first included, or the others could
	 * not share its port.
	 */
	fds[0] = listen_one(ai, 1, 1);
	if (fds[0] < 0)
		listen_failed(cfg, -fds[0]);
	port = bound_port(fds[0]);
	if (port < 0)
		listen_failed(cfg, -port);
	freeaddrinfo(ai);
	ai = listen_addr(cfg, port);
	for (int i = 1; i < n; i++) {
		fds[i] = listen_one(ai, 1, 1);
		if (fds[i] < 0)
			listen_failed(cfg, -fds[i]);
	}
	freeaddrinfo(ai);
}

int net_accept(int listen_fd, int nonblock, struct stats *stats)
{
	int fd, one = 1, err;

	fd = accept4(listen_fd, NULL, NULL,
		     SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0));
	if (fd >= 0) {
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		stats_add(&stats->accepted, 1);
		return fd;
	}
	err = errno;
	if (err != EMFILE && err != ENFILE)
		return -err;
	/*
	 * Out of descriptors.  The pending connection stays in the backlog,
	 * so a level-triggered poller would report the listener readable
	 * forever and we would spin.  Free the reserve, take the connection
	 * with it, close it (the client sees a reset or EOF), and take the
	 * reserve back.  This is libev's and nginx's trick.
	 */
	net_shed(listen_fd, stats);
	return -err;
}

void net_shed(int listen_fd, struct stats *stats)
{
	int fd;

	if (reserve_fd < 0)
		reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (reserve_fd < 0) {
		/*
		 * No reserve to trade: another thread took the descriptor we
		 * freed last time.  The pending connection stays, the poller
		 * reports the listener again at once, and without this pause
		 * the loop would spin until a descriptor frees.  A millisecond
		 * per try keeps that to a trickle.
		 */
		struct timespec pause = {.tv_nsec = 1000000};

		nanosleep(&pause, NULL);
		return;
	}
	close(reserve_fd);
	fd = accept(listen_fd, NULL, NULL);
	if (fd >= 0) {
		close(fd);
		stats_add(&stats->accepted, 1);
		stats_add(&stats->refused, 1);
	}
	reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void net_accept_all(int listen_fd, struct stats *stats, void (*open)(int fd))
{
	int fd;

	for (;;) {
		fd = net_accept(listen_fd, 1, stats);
		if (fd >= 0)
			open(fd);
		else if (fd == -EAGAIN || fd == -EMFILE || fd == -ENFILE ||
			 fd == -EINTR)
			return; /* done, or shed one: back to the loop */
		/* Anything else (ECONNABORTED, ...) was that one connection. */
	}
}

int net_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (1 << 20))
		return 1 << 20;
	return (int)rl.rlim_cur;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	net_stop_requested = 1;
}

void net_stop_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

void net_signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}
