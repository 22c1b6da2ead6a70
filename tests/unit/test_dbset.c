/*
 * test_dbset.c - an event loop's set of database connections
 * (servers/core/dbset.h) against a real PostgreSQL, driven by poll(2)
 * the way select.c and poll.c drive it.
 *
 * The database is $DATABASE_URL (tests/run starts one cluster for the
 * whole run; scripts/pg starts one by hand).  Without it the checks that
 * need one are skipped; the ones against a closed port still run.  Every
 * wait has a deadline, so a lost readiness or a request never answered
 * fails a check instead of hanging the test.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../servers/core/clock.h"
#include "../../servers/core/db.h"
#include "../../servers/core/dbset.h"
#include "tap.h"

/* Long enough for a loaded, sanitized machine. */
#define WAIT_MS	 (10000)
#define NREQS	 (200)
#define NCONNS	 (3)
#define TICK_MS	 (1000)
#define MAX_CONN (8)

/* What the model's side saw: the set's calls to watch and answer. */
struct seen {
	int watches, renews, stale_fd; /* stale_fd: watch saw a wrong old fd */
	int renews_same;       /* renew with the number watched already */
	int last_fd[MAX_CONN]; /* what watch was last told */
	int answered, failed, wrong, in_submit;
	int submitting; /* inside db_set_submit now */
};

static struct seen seen;

static void watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	(void)want;
	seen.watches++;
	seen.renews += renew;
	seen.renews_same += renew && fd >= 0 && fd == s->conns[i].fd;
	/* dbset.h: until the call returns, conns[i].fd is the old one. */
	if (s->conns[i].fd != seen.last_fd[i])
		seen.stale_fd++;
	seen.last_fd[i] = fd;
}

static void answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	seen.answered++;
	seen.in_submit += seen.submitting;
	if (req->failed) {
		seen.failed++;
		return;
	}
	/* A world row as asked: the id the request chose, a number in
	 * TechEmpower's range. */
	if (req->rows[0].id < 1 || req->rows[0].id > DB_WORLD_ROWS ||
	    req->rows[0].number < 1 || req->rows[0].number > DB_WORLD_ROWS)
		seen.wrong++;
}

/*
 * Runs the loop until want requests are answered or WAIT_MS passes:
 * poll over the set's sockets, db_set_ready for the ready ones, the tick
 * once a second, db_set_answer after each batch.
 */
static void drive(struct db_set *s, int want)
{
	struct pollfd p[MAX_CONN];
	int64_t end = clock_ms() + WAIT_MS, next_tick = clock_ms() + TICK_MS;

	while (seen.answered < want && clock_ms() < end) {
		for (int i = 0; i < s->n; i++) {
			p[i].fd = s->conns[i].fd;
			p[i].events =
			    (short)((s->conns[i].want & DB_WANT_READ ? POLLIN
								     : 0) |
				    (s->conns[i].want & DB_WANT_WRITE ? POLLOUT
								      : 0));
			p[i].revents = 0;
		}
		if (poll(p, (nfds_t)s->n, 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < s->n; i++) {
			short r = p[i].revents;

			/* Skip a socket renewed by an earlier ready call in
			 * this batch: r was the old one's. */
			if (!r || s->conns[i].fd != p[i].fd)
				continue;
			db_set_ready(s, i,
				     (r & (POLLIN | POLLHUP | POLLERR)
					  ? DB_WANT_READ
					  : 0) |
					 (r & POLLOUT ? DB_WANT_WRITE : 0));
		}
		if (clock_ms() >= next_tick) {
			db_set_tick(s);
			next_tick = clock_ms() + TICK_MS;
		}
		db_set_answer(s);
	}
}

/* Submits n world requests from reqs, as a loop's connections would. */
static void submit(struct db_set *s, struct db_req *reqs, int n)
{
	for (int i = 0; i < n; i++) {
		reqs[i].rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
		db_req_prepare(&reqs[i], DB_WORLD, 1);
		seen.submitting = 1;
		db_set_submit(s, &reqs[i]);
		seen.submitting = 0;
	}
}

static void reset(void)
{
	memset(&seen, 0, sizeof(seen));
	for (int i = 0; i < MAX_CONN; i++)
		seen.last_fd[i] = -1;
}

/* A port nobody listens on: every request fails, none hangs, none is
 * answered from inside its own submit. */
static void test_refused(struct db_req *reqs)
{
	static struct db_set s;
	int64_t t0;

	reset();
	TAP_OK(db_set_init(&s, "host=127.0.0.1 port=1 connect_timeout=2",
			   NCONNS, watch, answer, NULL) == 0,
	       "refused: db_set_init");
	t0 = clock_ms();
	submit(&s, reqs, 10);
	drive(&s, 10);
	TAP_OK(seen.answered == 10 && seen.failed == 10,
	       "refused: 10 requests answered, all failed (%d, %d) in %lld "
	       "ms",
	       seen.answered, seen.failed, (long long)(clock_ms() - t0));
	TAP_OK(seen.in_submit == 0, "refused: none answered inside submit");
	TAP_OK(seen.stale_fd == 0,
	       "refused: watch always saw the old descriptor in the set");
}

/* NREQS requests on NCONNS connections: all answered with their rows,
 * spread over every connection. */
static void test_many(const char *url, struct db_req *reqs)
{
	static struct db_set s;
	int up = 0;

	reset();
	TAP_OK(db_set_init(&s, url, NCONNS, watch, answer, NULL) == 0,
	       "many: db_set_init");
	submit(&s, reqs, NREQS);
	drive(&s, NREQS);
	for (int i = 0; i < s.n; i++)
		up += s.conns[i].db.state == DBA_READY;
	TAP_OK(seen.answered == NREQS && seen.failed == 0 && seen.wrong == 0,
	       "many: %d requests answered (%d), none failed (%d) or wrong "
	       "(%d)",
	       NREQS, seen.answered, seen.failed, seen.wrong);
	TAP_OK(up == NCONNS,
	       "many: the least busy first: all %d connections "
	       "used (%d up)",
	       NCONNS, up);
	TAP_OK(seen.in_submit == 0, "many: none answered inside submit");
	TAP_OK(seen.stale_fd == 0,
	       "many: watch always saw the old descriptor in the set");
}

/*
 * The first host refuses, so libpq drops its socket while connecting
 * and tries the second on a new one, usually under the same number: the
 * set must say renew, and the requests still get their rows.
 */
static void test_swap(const char *url, struct db_req *reqs)
{
	static struct db_set s;
	static char conninfo[512];
	const char *at = strchr(url, '@');

	reset();
	if (strncmp(url, "postgresql://", 13) || !at ||
	    strncmp(at, "@127.0.0.1:", 11)) {
		printf("ok %d - # SKIP swap: DATABASE_URL is not "
		       "postgresql://...@127.0.0.1:PORT/...\n",
		       ++tap_n);
		return;
	}
	/* postgresql://user:pass@127.0.0.2:PORT,127.0.0.1:PORT/db */
	{
		const char *port = at + 11;
		size_t plen = strcspn(port, "/");

		snprintf(conninfo, sizeof(conninfo), "%.*s@127.0.0.2:%.*s,%s",
			 (int)(at - url), url, (int)plen, port, at + 1);
	}
	TAP_OK(db_set_init(&s, conninfo, 1, watch, answer, NULL) == 0,
	       "swap: db_set_init");
	submit(&s, reqs, 20);
	drive(&s, 20);
	TAP_OK(seen.answered == 20 && seen.failed == 0 && seen.wrong == 0,
	       "swap: 20 requests answered through the second host (%d), "
	       "none failed (%d)",
	       seen.answered, seen.failed);
	TAP_OK(seen.renews_same >= 1,
	       "swap: renew said for a socket under a number watched "
	       "already (%d of %d renews)",
	       seen.renews_same, seen.renews);
}

/*
 * Terminates connection i's backend from a connection of our own, and
 * waits (up to 5 s, the server's side) until it is gone.  The client
 * side is what a database stopped under load looks like: a message,
 * then the end of the stream, unread yet.
 */
static int terminate_backend(const char *url, struct db_set *s, int i)
{
	PGconn *admin = PQconnectdb(url);
	PGresult *res;
	char sql[128];
	int ok;

	if (PQstatus(admin) != CONNECTION_OK) {
		PQfinish(admin);
		return -ECONNREFUSED;
	}
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d, 5000)",
		 PQbackendPID((PGconn *)s->conns[i].db.pg));
	res = PQexec(admin, sql);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
	     strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	PQfinish(admin);
	return ok ? 0 : -EIO;
}

/*
 * The backend dies while a request is in the pipeline, and more are
 * sent before the loop has read that it died: libpq finds out inside a
 * send, halfway through a request of 12 queries.  Every request must
 * come back failed, before DB_QUERY_TIMEOUT_MS; none may be lost.
 */
static void test_killed(const char *url, struct db_req *reqs)
{
	static struct db_set s;
	int nq = 20;

	reset();
	TAP_OK(db_set_init(&s, url, 1, watch, answer, NULL) == 0,
	       "killed: db_set_init");
	submit(&s, reqs, 1);
	drive(&s, 1);
	TAP_OK(seen.answered == 1 && seen.failed == 0 &&
		   s.conns[0].db.state == DBA_READY,
	       "killed: the connection is up (%d answered)", seen.answered);
	reset();
	/* One in flight: a query that sleeps past the kill. */
	reqs[0].rng = 1;
	db_req_prepare(&reqs[0], DB_SLEEP, 3000);
	db_set_submit(&s, &reqs[0]);
	TAP_OK(terminate_backend(url, &s, 0) == 0,
	       "killed: the backend is terminated");
	for (int k = 1; k <= nq; k++) {
		reqs[k].rng = 0x9e3779b97f4a7c15ULL * (uint64_t)k;
		db_req_prepare(&reqs[k], DB_QUERIES, 12);
		db_set_submit(&s, &reqs[k]);
	}
	drive(&s, nq + 1);
	TAP_OK(seen.answered == nq + 1 && seen.failed == nq + 1,
	       "killed: all %d requests answered (%d), all failed (%d)", nq + 1,
	       seen.answered, seen.failed);
	TAP_OK(!db_async_busy(&s.conns[0].db),
	       "killed: nothing left in the connection");
}

int main(void)
{
	const char *url = getenv("DATABASE_URL");
	struct db_req *reqs = calloc(NREQS, sizeof(*reqs));

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!reqs) {
		perror("test_dbset: calloc");
		return 1;
	}
	test_refused(reqs);
	if (url && *url) {
		test_many(url, reqs);
		test_swap(url, reqs);
		test_killed(url, reqs);
	} else {
		printf("ok %d - # SKIP no DATABASE_URL: the database checks\n",
		       ++tap_n);
	}
	for (int i = 0; i < NREQS; i++)
		db_buf_free(&reqs[i].body);
	free(reqs);
	return tap_done();
}
