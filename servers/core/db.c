/*
 * db.c - the database endpoints' shared half (see db.h).
 *
 * Three parts: the pure one (choosing ids, clamping, rendering), the
 * blocking runner with its pool (libpq's PQexecPrepared, one round trip
 * per query), and the non-blocking pipelined connection an event loop
 * watches with its own poller.
 */
#include "db.h"

#include <errno.h>
#include <limits.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

/* ---- the statements: prepared once per connection */

#define ST_WORLD   "w"
#define ST_FORTUNE "f"
#define ST_UPDATE  "u"
#define ST_SLEEP   "s"

static const struct {
	const char *name;
	const char *sql;
	int params;
} statements[] = {
    {ST_WORLD, "SELECT id, randomnumber FROM world WHERE id = $1", 1},
    {ST_FORTUNE, "SELECT id, message FROM fortune", 0},
    {ST_UPDATE, "UPDATE world SET randomnumber = $2 WHERE id = $1", 2},
    {ST_SLEEP, "SELECT pg_sleep($1::float8 / 1000)", 1},
};
#define N_STATEMENTS ((int)(sizeof(statements) / sizeof(statements[0])))

static const char extra_fortune[] = "Additional fortune added at request time.";

/* ---- the pure part */

int db_clamp_queries(const char *query, size_t query_len)
{
	static const char name[] = "queries=";
	size_t i = 0, n = sizeof(name) - 1;
	long long v = 0;

	while (query && i < query_len) {
		size_t end = i;

		while (end < query_len && query[end] != '&')
			end++;
		if (end - i >= n && memcmp(query + i, name, n) == 0) {
			/* The first pair named `queries` decides. */
			size_t d = i + n;

			if (d == end)
				return 1;
			for (; d < end; d++) {
				if (query[d] < '0' || query[d] > '9')
					return 1;
				if (v <= DB_MAX_QUERIES)
					v = v * 10 + (query[d] - '0');
			}
			if (v < 1)
				return 1;
			return v > DB_MAX_QUERIES ? DB_MAX_QUERIES : (int)v;
		}
		i = end + 1;
	}
	return 1;
}

int db_random_id(uint64_t *rng)
{
	uint64_t x = *rng ? *rng : 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*rng = x;
	return (int)((x >> 11) % DB_WORLD_ROWS) + 1;
}

void db_req_prepare(struct db_req *req, enum db_kind kind, int n)
{
	req->kind = kind;
	req->n = n;
	req->failed = 0;
	req->nfortunes = 0;
	req->text_len = 0;
	req->units = req->units_done = 0;
	if (kind == DB_WORLD || kind == DB_QUERIES || kind == DB_UPDATES) {
		for (int i = 0; i < n; i++) {
			req->rows[i].id = db_random_id(&req->rng);
			req->rows[i].number = 0;
			if (kind == DB_UPDATES)
				req->fresh[i] = db_random_id(&req->rng);
		}
	}
}

static int buf_reserve(struct db_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->len + more <= b->cap)
		return 0;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int buf_add(struct db_buf *b, const char *s, size_t len)
{
	if (buf_reserve(b, len))
		return -ENOMEM;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	return 0;
}

static int buf_str(struct db_buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

static int buf_int(struct db_buf *b, int v)
{
	char tmp[16];
	int n = snprintf(tmp, sizeof(tmp), "%d", v);

	return buf_add(b, tmp, (size_t)n);
}

void db_buf_free(struct db_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int db_html_escape(struct db_buf *b, const char *s, size_t len)
{
	size_t start = 0;
	const char *rep;

	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		if (buf_add(b, s + start, i - start) || buf_str(b, rep))
			return -ENOMEM;
		start = i + 1;
	}
	return buf_add(b, s + start, len - start);
}

int db_add_fortune(struct db_req *req, int id, const char *msg, size_t len)
{
	struct db_fortune *f;

	if (req->nfortunes >= DB_MAX_FORTUNES + 1 ||
	    req->text_len + len > DB_FORTUNE_TEXT)
		return -ENOSPC;
	f = &req->fortunes[req->nfortunes++];
	f->id = id;
	f->off = (unsigned)req->text_len;
	f->len = (unsigned)len;
	memcpy(req->text + req->text_len, msg, len);
	req->text_len += len;
	return 0;
}

static int fortune_cmp(const struct db_req *req, const struct db_fortune *a,
		       const struct db_fortune *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(req->text + a->off, req->text + b->off, n);

	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

void db_sort_fortunes(struct db_req *req)
{
	/* Insertion sort: a dozen rows, and qsort has no context pointer. */
	for (int i = 1; i < req->nfortunes; i++) {
		struct db_fortune f = req->fortunes[i];
		int j = i - 1;

		while (j >= 0 && fortune_cmp(req, &req->fortunes[j], &f) > 0) {
			req->fortunes[j + 1] = req->fortunes[j];
			j--;
		}
		req->fortunes[j + 1] = f;
	}
}

static int render_world(struct db_buf *b, const struct db_world *w)
{
	if (buf_str(b, "{\"id\":") || buf_int(b, w->id) ||
	    buf_str(b, ",\"randomNumber\":") || buf_int(b, w->number) ||
	    buf_str(b, "}"))
		return -ENOMEM;
	return 0;
}

static int render_fortunes(struct db_req *req, struct db_buf *b)
{
	if (db_add_fortune(req, 0, extra_fortune, sizeof(extra_fortune) - 1))
		return -ENOSPC;
	db_sort_fortunes(req);
	if (buf_str(b, "<!DOCTYPE html><html><head><title>Fortunes</title>"
		       "</head><body><table><tr><th>id</th><th>message</th>"
		       "</tr>"))
		return -ENOMEM;
	for (int i = 0; i < req->nfortunes; i++) {
		const struct db_fortune *f = &req->fortunes[i];

		if (buf_str(b, "<tr><td>") || buf_int(b, f->id) ||
		    buf_str(b, "</td><td>") ||
		    db_html_escape(b, req->text + f->off, f->len) ||
		    buf_str(b, "</td></tr>"))
			return -ENOMEM;
	}
	return buf_str(b, "</table></body></html>");
}

int db_render(struct db_req *req, struct db_buf *b)
{
	b->len = 0;
	switch (req->kind) {
	case DB_WORLD:
		return render_world(b, &req->rows[0]);
	case DB_QUERIES:
	case DB_UPDATES:
		if (buf_str(b, "["))
			return -ENOMEM;
		for (int i = 0; i < req->n; i++) {
			struct db_world w = req->rows[i];

			if (req->kind == DB_UPDATES)
				w.number = req->fresh[i];
			if ((i && buf_str(b, ",")) || render_world(b, &w))
				return -ENOMEM;
		}
		return buf_str(b, "]");
	case DB_FORTUNES:
		return render_fortunes(req, b);
	case DB_SLEEP:
		if (buf_str(b, "slept ") || buf_int(b, req->n) ||
		    buf_str(b, " ms\n"))
			return -ENOMEM;
		return 0;
	default:
		return -EINVAL;
	}
}

const char *db_content_type(enum db_kind kind)
{
	switch (kind) {
	case DB_FORTUNES:
		return "text/html; charset=utf-8";
	case DB_SLEEP:
		return "text/plain";
	default:
		return "application/json";
	}
}

/* ---- one query: its parameters and what its result means */

/*
 * A request is a list of units, one query each: unit u of a world kind
 * reads row u; the updates interleave, reading row u / 2 on even units
 * and writing it on odd ones (the new numbers are chosen already, so the
 * write need not wait for the read: both go down the pipeline at once).
 */
static int req_units(const struct db_req *req)
{
	switch (req->kind) {
	case DB_UPDATES:
		return 2 * req->n;
	case DB_WORLD:
	case DB_QUERIES:
		return req->n;
	case DB_PREPARE:
		return N_STATEMENTS;
	default:
		return 1;
	}
}

struct unit_args {
	const char *stmt;
	int nparams;
	const char *values[2];
	char a[16], b[16];
};

static void unit_args(const struct db_req *req, int u, struct unit_args *ua)
{
	ua->values[0] = ua->a;
	ua->values[1] = ua->b;
	switch (req->kind) {
	case DB_FORTUNES:
		ua->stmt = ST_FORTUNE;
		ua->nparams = 0;
		break;
	case DB_SLEEP:
		ua->stmt = ST_SLEEP;
		ua->nparams = 1;
		snprintf(ua->a, sizeof(ua->a), "%d", req->n);
		break;
	case DB_UPDATES:
		ua->stmt = u % 2 ? ST_UPDATE : ST_WORLD;
		ua->nparams = u % 2 ? 2 : 1;
		snprintf(ua->a, sizeof(ua->a), "%d", req->rows[u / 2].id);
		snprintf(ua->b, sizeof(ua->b), "%d", req->fresh[u / 2]);
		break;
	default:
		ua->stmt = ST_WORLD;
		ua->nparams = 1;
		snprintf(ua->a, sizeof(ua->a), "%d", req->rows[u].id);
		break;
	}
}

/* Takes one query's result into req; -EIO when it failed. */
static int unit_result(struct db_req *req, int u, const PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	int i;

	if (req->kind == DB_PREPARE || (req->kind == DB_UPDATES && u % 2))
		return st == PGRES_COMMAND_OK ? 0 : -EIO;
	if (st != PGRES_TUPLES_OK)
		return -EIO;
	switch (req->kind) {
	case DB_FORTUNES:
		for (i = 0; i < PQntuples(res); i++)
			if (db_add_fortune(req, atoi(PQgetvalue(res, i, 0)),
					   PQgetvalue(res, i, 1),
					   (size_t)PQgetlength(res, i, 1)))
				return -ENOSPC;
		return 0;
	case DB_SLEEP:
		return 0;
	default:
		if (req->kind == DB_UPDATES)
			u /= 2;
		if (PQntuples(res) != 1)
			return -EIO; /* a world id that is not there */
		req->rows[u].number = atoi(PQgetvalue(res, 0, 1));
		return 0;
	}
}

/* ---- blocking */

static int64_t now_ms(void)
{
	return clock_ms();
}

/*
 * libpq's default notice processor prints every notice and warning the
 * server sends on stderr: a database stopped at once sends each
 * connection "terminating connection due to immediate shutdown", and a
 * server with hundreds of connections would fill its log with them.  A
 * server reports what matters to it (its requests fail, 503), so the
 * notices are dropped.
 */
static void notice_drop(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The keywords every connection adds to the caller's conninfo. */
static PGconn *connect_start(const char *conninfo, int blocking)
{
	static const char *const keys[] = {"dbname", "connect_timeout",
					   "application_name", NULL};
	char timeout[8];
	const char *values[] = {conninfo, timeout, "threads-vs-events", NULL};
	PGconn *pg;

	snprintf(timeout, sizeof(timeout), "%d", DB_CONNECT_TIMEOUT_S);
	/* expand_dbname: conninfo may be a URI or key=value pairs. */
	pg = blocking ? PQconnectdbParams(keys, values, 1)
		      : PQconnectStartParams(keys, values, 1);
	if (pg)
		PQsetNoticeProcessor(pg, notice_drop, NULL);
	return pg;
}

void db_link_close(struct db_link *l)
{
	if (l->pg)
		PQfinish((PGconn *)l->pg);
	l->pg = NULL;
}

static int link_open(struct db_link *l, const char *conninfo)
{
	PGconn *pg;
	PGresult *res;
	int ok = 1;

	if (now_ms() < l->retry_at_ms)
		return -EAGAIN;
	pg = connect_start(conninfo, 1);
	if (!pg || PQstatus(pg) != CONNECTION_OK)
		ok = 0;
	for (int i = 0; ok && i < N_STATEMENTS; i++) {
		res = PQprepare(pg, statements[i].name, statements[i].sql,
				statements[i].params, NULL);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	if (!ok) {
		PQfinish(pg);
		l->retry_at_ms = now_ms() + DB_RETRY_MS;
		return -ECONNREFUSED;
	}
	l->pg = (struct pg_conn *)pg;
	return 0;
}

/*
 * Runs req's queries on an open link.  Returns 0, -EIO when a query
 * failed, or -EPIPE when the link broke before the first query was
 * answered: nothing of req reached the database then.
 */
static int link_exec(struct db_link *l, struct db_req *req)
{
	struct unit_args ua;
	PGresult *res;
	int units = req_units(req), err = 0, u;

	for (u = 0; u < units && !err; u++) {
		unit_args(req, u, &ua);
		res = PQexecPrepared((PGconn *)l->pg, ua.stmt, ua.nparams,
				     ua.values, NULL, NULL, 0);
		err = unit_result(req, u, res);
		PQclear(res);
	}
	if (err && PQstatus((PGconn *)l->pg) != CONNECTION_OK)
		return u == 1 ? -EPIPE : -EIO;
	return err;
}

void db_link_run(struct db_link *l, const char *conninfo, struct db_req *req)
{
	int err, fresh = !l->pg;

	if (!l->pg && link_open(l, conninfo)) {
		req->failed = 1;
		return;
	}
	err = link_exec(l, req);
	/*
	 * A link that sat idle may have been cut meanwhile (the database
	 * restarted): blocking libpq only finds out on the next query.  Then
	 * nothing of req ran, so one fresh connection gets to run it.
	 */
	if (err == -EPIPE && !fresh) {
		db_link_close(l);
		l->retry_at_ms = 0;
		if (link_open(l, conninfo) == 0)
			err = link_exec(l, req);
	}
	if (err) {
		req->failed = 1;
		/* A broken connection is closed; a failed query on a good
		 * one (it should not happen) leaves it be. */
		if (l->pg && PQstatus((PGconn *)l->pg) != CONNECTION_OK)
			db_link_close(l);
	}
}

int db_pool_init(struct db_pool *p, const char *conninfo, int size)
{
	memset(p, 0, sizeof(*p));
	p->links = calloc((size_t)size, sizeof(*p->links));
	p->idle = calloc((size_t)size, sizeof(*p->idle));
	if (!p->links || !p->idle) {
		free(p->links);
		free(p->idle);
		return -ENOMEM;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	p->conninfo = conninfo;
	p->size = size;
	for (int i = 0; i < size; i++)
		p->idle[p->nidle++] = i;
	return 0;
}

void db_pool_run(struct db_pool *p, struct db_req *req)
{
	struct timespec until;
	int i = -1;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DB_POOL_WAIT_MS / 1000;
	until.tv_nsec += (long)(DB_POOL_WAIT_MS % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0)
		if (pthread_cond_timedwait(&p->freed, &p->lock, &until) ==
		    ETIMEDOUT)
			break;
	if (p->nidle > 0)
		i = p->idle[--p->nidle];
	pthread_mutex_unlock(&p->lock);
	if (i < 0) {
		req->failed = 1; /* the pool stayed exhausted: 503 */
		return;
	}
	db_link_run(&p->links[i], p->conninfo, req);
	pthread_mutex_lock(&p->lock);
	p->idle[p->nidle++] = i;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

/* ---- non-blocking, pipelined */

/* Where in one query's results db_async is (libpq pipeline mode). */
enum stage {
	STAGE_RESULT, /* the query's result comes next */
	STAGE_END,    /* then a NULL: the end of that query's results */
	STAGE_SYNC,   /* then PGRES_PIPELINE_SYNC: its transaction is done */
};

static void queue_add(struct db_req ***tail, struct db_req *req)
{
	req->next = NULL;
	**tail = req;
	*tail = &req->next;
}

void db_async_init(struct db_async *a, const char *conninfo)
{
	memset(a, 0, sizeof(*a));
	a->conninfo = conninfo;
	a->state = DBA_DOWN;
	a->waiting_tail = &a->waiting;
	a->sent_tail = &a->sent;
	a->done_tail = &a->done;
	a->prepare.kind = DB_PREPARE;
}

/* Moves a whole queue to the done list, every request failed. */
static void fail_all(struct db_async *a, struct db_req **head,
		     struct db_req ***tail)
{
	struct db_req *req, *next;

	for (req = *head; req; req = next) {
		next = req->next;
		if (req == &a->prepare)
			continue;
		req->failed = 1;
		queue_add(&a->done_tail, req);
	}
	*head = NULL;
	*tail = head;
}

/* The connection broke or never came: fail everything, retry later. */
static void async_down(struct db_async *a)
{
	if (a->pg)
		PQfinish((PGconn *)a->pg);
	a->pg = NULL;
	a->state = DBA_DOWN;
	a->flush_pending = 0;
	a->stage = STAGE_RESULT;
	a->retry_at_ms = now_ms() + DB_RETRY_MS;
	fail_all(a, &a->sent, &a->sent_tail);
	fail_all(a, &a->waiting, &a->waiting_tail);
	a->nsent = a->nwaiting = 0;
}

/*
 * Sends every unit of req down the pipeline, a sync after each.  req is
 * in the pipeline's list before its first byte goes: libpq may find the
 * connection broken halfway through (a send fails once the server is
 * gone, and the read that follows sees the end), and the -EIO brings the
 * connection down, which fails every request in the list.  Queued after
 * the sends, a request that failed halfway would belong to no list and
 * never be answered.
 */
static int async_send(struct db_async *a, struct db_req *req)
{
	PGconn *pg = (PGconn *)a->pg;
	struct unit_args ua;
	int units = req_units(req), ok;

	req->units = units;
	req->units_done = 0;
	req->since_ms = now_ms();
	queue_add(&a->sent_tail, req);
	a->nsent++;
	for (int u = 0; u < units; u++) {
		if (req->kind == DB_PREPARE)
			ok = PQsendPrepare(pg, statements[u].name,
					   statements[u].sql,
					   statements[u].params, NULL);
		else {
			unit_args(req, u, &ua);
			ok = PQsendQueryPrepared(pg, ua.stmt, ua.nparams,
						 ua.values, NULL, NULL, 0);
		}
		if (!ok || !PQpipelineSync(pg))
			return -EIO;
	}
	return 0;
}

/*
 * A connection takes no more requests into its pipeline when it holds
 * DB_PIPELINE_MAX already, or when the oldest has waited for its answer
 * over DB_POOL_WAIT_MS (a slow query holds up everything behind it: the
 * pipelined connection is as exhausted as a pool whose every link is
 * borrowed).  New requests then wait, and fail after DB_POOL_WAIT_MS.
 */
static int async_saturated(const struct db_async *a, int64_t now)
{
	const struct db_req *head = a->sent;

	return a->nsent >= DB_PIPELINE_MAX ||
	       (head && head != &a->prepare &&
		now - head->since_ms > DB_POOL_WAIT_MS);
}

static struct db_req *waiting_pop(struct db_async *a)
{
	struct db_req *req = a->waiting;

	a->waiting = req->next;
	if (!a->waiting)
		a->waiting_tail = &a->waiting;
	a->nwaiting--;
	return req;
}

/* Sends waiting requests down the pipeline while it takes them. */
static int async_admit(struct db_async *a)
{
	int64_t now = now_ms();

	while (a->waiting && !async_saturated(a, now))
		if (async_send(a, waiting_pop(a)))
			return -EIO;
	return 0;
}

static int async_flush(struct db_async *a)
{
	int r = PQflush((PGconn *)a->pg);

	if (r < 0)
		return -EIO;
	a->flush_pending = r == 1;
	return 0;
}

/* Reads what results there are; finishes the requests they complete. */
static int async_read(struct db_async *a)
{
	PGconn *pg = (PGconn *)a->pg;
	struct db_req *req;
	PGresult *res;

	if (!PQconsumeInput(pg))
		return -EIO;
	while ((req = a->sent) != NULL && !PQisBusy(pg)) {
		res = PQgetResult(pg);
		switch (a->stage) {
		case STAGE_RESULT:
			if (!res)
				return -EIO;
			if (unit_result(req, req->units_done, res))
				req->failed = 1;
			a->stage = STAGE_END;
			break;
		case STAGE_END:
			if (res)
				return -EIO; /* one result a query, no more */
			a->stage = STAGE_SYNC;
			break;
		default:
			if (!res || PQresultStatus(res) != PGRES_PIPELINE_SYNC)
				return -EIO;
			a->stage = STAGE_RESULT;
			if (++req->units_done < req->units)
				break;
			a->sent = req->next;
			if (!a->sent)
				a->sent_tail = &a->sent;
			a->nsent--;
			if (req == &a->prepare) {
				if (req->failed)
					return -EIO;
				a->state = DBA_READY;
			} else {
				queue_add(&a->done_tail, req);
			}
		}
		PQclear(res);
	}
	return async_admit(a);
}

/* The connection just came up: pipeline mode, the statements, then the
 * requests that waited for it (they follow the prepares in the pipe). */
static int async_up(struct db_async *a)
{
	PGconn *pg = (PGconn *)a->pg;

	if (PQsetnonblocking(pg, 1) || !PQenterPipelineMode(pg))
		return -EIO;
	a->state = DBA_PREPARING;
	a->stage = STAGE_RESULT;
	a->prepare.failed = 0;
	if (async_send(a, &a->prepare) || async_admit(a))
		return -EIO;
	return async_flush(a);
}

static void async_connect(struct db_async *a)
{
	PGconn *pg = connect_start(a->conninfo, 0);

	if (!pg || PQstatus(pg) == CONNECTION_BAD) {
		if (pg)
			PQfinish(pg);
		async_down(a);
		return;
	}
	a->pg = (struct pg_conn *)pg;
	a->state = DBA_CONNECTING;
	a->since_ms = now_ms();
	/* PQconnectStart's first poll wants the socket writable. */
	a->poll_want = DB_WANT_WRITE;
}

static void async_poll_connect(struct db_async *a)
{
	switch (PQconnectPoll((PGconn *)a->pg)) {
	case PGRES_POLLING_READING:
		a->poll_want = DB_WANT_READ;
		break;
	case PGRES_POLLING_WRITING:
		a->poll_want = DB_WANT_WRITE;
		break;
	case PGRES_POLLING_OK:
		a->poll_want = 0;
		if (async_up(a))
			async_down(a);
		break;
	default:
		async_down(a);
	}
}

void db_async_submit(struct db_async *a, struct db_req *req)
{
	if (a->state == DBA_DOWN && now_ms() >= a->retry_at_ms)
		async_connect(a);
	switch (a->state) {
	case DBA_DOWN:
		req->failed = 1;
		queue_add(&a->done_tail, req);
		return;
	default:
		break;
	}
	req->since_ms = now_ms();
	queue_add(&a->waiting_tail, req);
	a->nwaiting++;
	if (a->state != DBA_CONNECTING && (async_admit(a) || async_flush(a)))
		async_down(a);
}

/* Fails the requests that have waited over DB_POOL_WAIT_MS for room. */
static void async_expire(struct db_async *a, int64_t now)
{
	while (a->waiting && now - a->waiting->since_ms > DB_POOL_WAIT_MS) {
		struct db_req *req = waiting_pop(a);

		req->failed = 1;
		queue_add(&a->done_tail, req);
	}
}

int db_async_load(const struct db_async *a)
{
	/* Down and free to retry: an unused connection, the least busy
	 * of all, so connections open as the load asks for them. */
	if (a->state == DBA_DOWN)
		return now_ms() >= a->retry_at_ms ? 0 : INT_MAX;
	return a->nsent + a->nwaiting +
	       (async_saturated(a, now_ms()) ? DB_PIPELINE_MAX * 1024 : 0);
}

int db_async_fd(const struct db_async *a)
{
	return a->pg ? PQsocket((PGconn *)a->pg) : -1;
}

unsigned db_async_want(const struct db_async *a)
{
	if (!a->pg)
		return 0;
	if (a->state == DBA_CONNECTING)
		return (unsigned)a->poll_want;
	/* Always read: the server may close on us, or notice something. */
	return DB_WANT_READ | (a->flush_pending ? DB_WANT_WRITE : 0);
}

/*
 * The bounded waits a non-blocking connection must keep itself (libpq
 * keeps connect_timeout only when it blocks): a connect that takes over
 * DB_CONNECT_TIMEOUT_S, or a query that has not answered in
 * DB_QUERY_TIMEOUT_MS (a server that stopped answering without closing),
 * brings the connection down and fails its requests.
 */
static int async_overdue(const struct db_async *a, int64_t now)
{
	if (a->state == DBA_CONNECTING)
		return now - a->since_ms > DB_CONNECT_TIMEOUT_S * 1000;
	return a->sent && now - a->sent->since_ms > DB_QUERY_TIMEOUT_MS;
}

void db_async_ready(struct db_async *a, unsigned events)
{
	if (events == 0 && a->pg && async_overdue(a, now_ms())) {
		async_down(a);
		return;
	}
	if (events == 0)
		async_expire(a, now_ms());
	switch (a->state) {
	case DBA_DOWN:
		return; /* the next submit connects: on demand, not eagerly */
	case DBA_CONNECTING:
		if (events)
			async_poll_connect(a);
		return;
	default:
		break;
	}
	if ((a->flush_pending && async_flush(a)) ||
	    ((events & DB_WANT_READ) && async_read(a)) ||
	    PQstatus((PGconn *)a->pg) == CONNECTION_BAD)
		async_down(a);
}

struct db_req *db_async_done(struct db_async *a)
{
	struct db_req *list = a->done;

	a->done = NULL;
	a->done_tail = &a->done;
	return list;
}

int db_async_busy(const struct db_async *a)
{
	return a->sent != NULL || a->waiting != NULL;
}
