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

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

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

/*
 * The two wrappers below are in every request's path, so they are inline:
 * a call and a count kept in memory would cost a few percent of the
 * load generator's own instructions per request.
 */

/* Reads up to len bytes into buf; *n is 0 when the peer has closed. */
static inline enum net_status net_read(int fd, char *buf, size_t len, size_t *n)
{
	ssize_t r;

	do
		r = read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	*n = r > 0 ? (size_t)r : 0;
	if (r >= 0)
		return NET_OK;
	return errno == EAGAIN ? NET_RETRY : NET_ERROR;
}

/*
 * Writes as much of buf[0..len) as the socket takes; *n says how much.
 * NET_OK: all of it; NET_RETRY: the socket is full, *n < len.
 */
static inline enum net_status net_write(int fd, const char *buf, size_t len,
					size_t *n)
{
	size_t done = 0;
	ssize_t r;

	while (done < len) {
		r = write(fd, buf + done, len - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*n = done;
			return errno == EAGAIN ? NET_RETRY : NET_ERROR;
		}
		done += (size_t)r;
	}
	*n = done;
	return NET_OK;
}

#endif
