/*
 * dbset.c - an event loop's set of non-blocking database connections:
 * see dbset.h.
 */
#include "dbset.h"

#include <errno.h>
#include <stdlib.h>

int db_set_init(struct db_set *s, const char *conninfo, int n,
		db_set_watch_fn *watch, db_set_answer_fn *answer, void *data)
{
	s->conns = calloc((size_t)n, sizeof(*s->conns));
	if (!s->conns)
		return -ENOMEM;
	s->n = n;
	s->next = 0;
	s->watch = watch;
	s->answer = answer;
	s->data = data;
	for (int i = 0; i < n; i++) {
		db_async_init(&s->conns[i].db, conninfo);
		s->conns[i].fd = -1;
	}
	return 0;
}

/*
 * After a call on connection i: tells the model what to watch now, if
 * that changed.  connecting says the call found it connecting, when
 * libpq may have swapped the socket for one under the same number.
 */
static void rewatch(struct db_set *s, int i, int connecting)
{
	struct db_set_conn *c = &s->conns[i];
	int fd = db_async_fd(&c->db);
	unsigned want = fd < 0 ? 0 : db_async_want(&c->db);
	int renew = fd != c->fd || c->db.pg != c->pg || (connecting && fd >= 0);

	if (!renew && want == c->want)
		return;
	if (fd < 0 && c->fd < 0)
		return; /* was down, is down */
	s->watch(s, i, fd, want, renew);
	c->fd = fd;
	c->want = want;
	c->pg = c->db.pg;
}

static int connecting(const struct db_set_conn *c)
{
	return c->db.state == DBA_CONNECTING;
}

void db_set_submit(struct db_set *s, struct db_req *req)
{
	int best = s->next, was;

	for (int k = 1; k < s->n; k++) {
		int i = (s->next + k) % s->n;

		if (db_async_load(&s->conns[i].db) <
		    db_async_load(&s->conns[best].db))
			best = i;
	}
	s->next = (s->next + 1) % s->n;
	was = connecting(&s->conns[best]);
	db_async_submit(&s->conns[best].db, req);
	rewatch(s, best, was);
}

void db_set_ready(struct db_set *s, int i, unsigned events)
{
	int was = connecting(&s->conns[i]);

	db_async_ready(&s->conns[i].db, events);
	rewatch(s, i, was);
}

void db_set_tick(struct db_set *s)
{
	for (int i = 0; i < s->n; i++) {
		int was = connecting(&s->conns[i]);

		db_async_ready(&s->conns[i].db, 0);
		rewatch(s, i, was);
	}
}

int db_set_pending(const struct db_set *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->conns[i].db.done)
			return 1;
	return 0;
}

int db_set_answer(struct db_set *s)
{
	struct db_req *req, *next;
	int answered = 0, more = 1;

	while (more) {
		more = 0;
		for (int i = 0; i < s->n; i++) {
			for (req = db_async_done(&s->conns[i].db); req;
			     req = next) {
				next = req->next;
				s->answer(s, req);
				answered++;
				more = 1;
			}
		}
	}
	return answered;
}
