/*
 * net.c - resolving, connecting and non-blocking I/O for both modes.
 */
#include "net.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int net_resolve(struct config *cfg, char *err, size_t err_len)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	int rc;

	hints.ai_family = cfg->nsource_ips ? AF_INET : AF_UNSPEC;
	rc = getaddrinfo(cfg->host, cfg->port, &hints, &ai);
	if (rc != 0 || !ai) {
		snprintf(err, err_len, "cannot resolve '%s': %s", cfg->host,
			 gai_strerror(rc));
		return -EINVAL;
	}
	memcpy(&cfg->addr, ai->ai_addr, ai->ai_addrlen);
	cfg->addr_len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int net_connect(const struct config *cfg, uint32_t index)
{
	int fd, one = 1, rc;

	fd = socket(cfg->addr.ss_family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (cfg->nsource_ips) {
		struct sockaddr_in src = {.sin_family = AF_INET};

		/*
		 * Without IP_BIND_ADDRESS_NO_PORT, bind() would pick the
		 * port before it knows the destination and so could not
		 * share ports between destinations; with it, the port is
		 * picked at connect() time per source address.
		 */
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
			   sizeof(one));
		src.sin_addr = cfg->source_ips[index % cfg->nsource_ips];
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
			goto fail;
	}
	rc = connect(fd, (const struct sockaddr *)&cfg->addr, cfg->addr_len);
	if (rc < 0 && errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	rc = -errno;
	close(fd);
	return rc;
}

int net_connect_result(int fd)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -errno;
	return -err;
}

int net_probe(const struct config *cfg, char *err, size_t err_len)
{
	struct pollfd pfd;
	int fd, rc;

	fd = net_connect(cfg, 0);
	if (fd < 0) {
		rc = fd;
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLOUT;
	do
		rc = poll(&pfd, 1, (int)(cfg->connect_timeout_ns / 1000000));
	while (rc < 0 && errno == EINTR);
	if (rc == 0)
		rc = -ETIMEDOUT;
	else if (rc < 0)
		rc = -errno;
	else
		rc = net_connect_result(fd);
	close(fd);
out:
	if (rc < 0)
		snprintf(err, err_len, "cannot connect to %s:%s: %s", cfg->host,
			 cfg->port, strerror(-rc));
	return rc;
}
