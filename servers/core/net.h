/*
 * net.h - the socket chores every model shares: the listening socket, an
 * accept that survives running out of file descriptors, and signals.
 *
 * Functions return 0 (or a descriptor) on success and -errno on failure.
 */
#ifndef NET_H
#define NET_H

#include <signal.h>

#include "config.h"
#include "stats.h"

#define NET_BACKLOG (4096)

/*
 * Opens the listening socket on cfg->host:cfg->port (SO_REUSEADDR,
 * backlog NET_BACKLOG), non-blocking when nonblock is set, and prints the
 * one line `listening on HOST:PORT` with the real port.  On failure it
 * prints why to stderr and exits 1: a server that cannot listen has nothing
 * else to do.
 */
int net_listen(const struct config *cfg, int nonblock);

/*
 * Opens n non-blocking listening sockets on the same cfg->host:cfg->port,
 * each with SO_REUSEPORT, so that the kernel spreads incoming connections
 * over them (one per loop of the per-core model).  With --port 0 the first
 * socket picks the port and the others bind to it.  On failure it prints
 * why and exits 1, like net_listen.  Unlike net_listen it prints nothing
 * and opens no reserve descriptor: each accepting thread calls
 * net_reserve_init, and then the model calls net_announce once.
 */
void net_listen_reuseport(const struct config *cfg, int *fds, int n);

/*
 * Prints the one line `listening on HOST:PORT` for the listening socket
 * fd (net_listen does it itself).  Exits 1 if it cannot tell the address.
 */
void net_announce(const struct config *cfg, int fd);

/*
 * Opens the calling thread's reserve descriptor for shedding (net_accept,
 * net_shed), if it has none.  net_listen does it for the thread that calls
 * it; a model that accepts in other threads too calls it in each of them
 * before it accepts.  Returns 0 or -errno.
 */
int net_reserve_init(void);

/*
 * Accepts one connection (non-blocking if nonblock, TCP_NODELAY set).
 * Returns the new descriptor, or -EAGAIN when there is none waiting, or
 * -EINTR when a signal arrived, or -EMFILE after shedding: when the process
 * (or system) is out of descriptors, the connection at the head of the
 * backlog is accepted with a reserved descriptor and closed at once, so the
 * listening socket does not stay readable forever and the loop does not
 * spin.  A shed connection is counted as refused.  Other errors on the
 * accepted connection (ECONNABORTED, ...) also return -errno; the caller
 * goes on.
 */
int net_accept(int listen_fd, int nonblock, struct stats *stats);

/*
 * Sheds one connection for lack of descriptors, as net_accept does on
 * EMFILE: frees the calling thread's reserve, accepts the connection at
 * the head of listen_fd's backlog with it, closes it (counted accepted and
 * refused) and takes the reserve back.  For a model whose accept failed
 * elsewhere: io_uring reports EMFILE in a completion, not from accept4.
 */
void net_shed(int listen_fd, struct stats *stats);

struct session;

/*
 * Reads once from the non-blocking socket fd into s, if s wants input.
 * Returns 1 when bytes or end of file came, 0 when nothing did (the read
 * would block, was interrupted, or s wants no input now), -1 when the
 * socket failed.  Every non-blocking model reads through this.
 */
int net_read(int fd, struct session *s);

/*
 * Writes from s to the socket fd until s has nothing to send or the socket
 * is full, never waiting (MSG_DONTWAIT, so a blocking socket works too: the
 * thread-per-connection model waits for room with poll, under its
 * deadline).  Then calls net_shut_wr().  Returns 0, or -1 when the socket
 * failed.
 */
int net_write(int fd, struct session *s);

/*
 * The lingering close's one step on the socket (session.h): when s says
 * its last response is out, shuts down fd's write side so the client reads
 * end of file, and tells s.  Harmless to call at any time; net_write()
 * calls it, and a model that writes by itself calls it after its writes,
 * with nothing in flight.
 */
void net_shut_wr(int fd, struct session *s);

/*
 * Accepts every connection waiting on the non-blocking listen_fd, handing
 * each to open(fd), until none is left, a signal arrives, or one was shed
 * for lack of descriptors (then the loop gets a turn before we try again,
 * so a full process never spins here).  Every event-loop model accepts
 * through this.
 */
void net_accept_all(int listen_fd, struct stats *stats, void (*open)(int fd));

/*
 * The process's descriptor limit (RLIMIT_NOFILE): every descriptor number
 * we can be handed is below it, so a table indexed by descriptor of this
 * size never needs to grow.
 */
int net_fd_limit(void);

/* Sets O_NONBLOCK on fd.  Returns 0 or -errno. */
int net_set_nonblock(int fd);

/*
 * Ignores SIGPIPE (a write to a reset peer must fail with EPIPE, not kill
 * us) and installs a handler for SIGINT and SIGTERM that sets
 * net_stop_requested, without SA_RESTART so that a blocking call in the
 * thread that receives the signal returns EINTR.  The caller decides whether
 * to block these signals where they should not land.
 */
void net_signals_init(void);

/* Nonzero once SIGINT or SIGTERM has arrived. */
extern volatile sig_atomic_t net_stop_requested;

/* Fills *set with SIGINT and SIGTERM. */
void net_stop_sigset(sigset_t *set);

#endif
