/*
 * net.h - the load generator's sockets: resolve, probe, connect from one
 * of several source addresses, and non-blocking reads and writes.
 *
 * The I/O wrappers answer as wrk's do: NET_OK (something was done, or
 * the peer closed: a read of 0), NET_RETRY (the socket is not ready: wait
 * for the loop) or NET_ERROR (errno says why).  EINTR is retried inside,
 * so no caller has to think of it.
 */
#ifndef LOADGEN_NET_H
#define LOADGEN_NET_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

enum net_status { NET_OK, NET_ERROR, NET_RETRY };

/*
 * Resolves cfg->host and cfg->port into cfg->addr.  Returns 0 or -EINVAL
 * with a message in err.
 */
int net_resolve(struct config *cfg, char *err, size_t err_len);

/*
 * Connects once to the target, waiting at most the connect timeout, to
 * tell a typo from a slow server before any thread starts.  Returns 0 or
 * -errno with a message in err.
 */
int net_probe(const struct config *cfg, char *err, size_t err_len);

/*
 * Starts a non-blocking connect to cfg->addr with TCP_NODELAY, from
 * source address index % nsource_ips when --source-ips gave any.
 * Returns the socket (the connect is in progress or done) or -errno.
 */
int net_connect(const struct config *cfg, uint32_t index);

/* The outcome of a finished non-blocking connect: 0 or -errno. */
int net_connect_result(int fd);

/* Reads up to len bytes into buf; *n is 0 when the peer has closed. */
enum net_status net_read(int fd, char *buf, size_t len, size_t *n);

/*
 * Writes as much of buf[0..len) as the socket takes; *n says how much.
 * NET_OK: all of it; NET_RETRY: the socket is full, *n < len.
 */
enum net_status net_write(int fd, const char *buf, size_t len, size_t *n);

#endif
