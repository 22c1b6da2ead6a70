/*
 * dbset.h - an event loop's set of non-blocking database connections.
 *
 * Every event-loop model runs the database endpoints the same way:
 * --db-pool pipelined connections (db.h's db_async), each request sent
 * to the least busy one, the finished requests answered after the loop's
 * batch of events, and a tick about once a second so that a stuck
 * connection fails, and so do requests that waited too long for room.
 * That much is here, once.  How a loop watches a descriptor is what
 * differs between the models, so it stays in each model's file: the set
 * calls the model's watch function whenever what a connection's socket
 * should be watched for changes, and the model turns that into an fd_set
 * bit, a pollfd, epoll_ctl, an ev_io, an event, a uv_poll_t or an
 * io_uring poll request.
 *
 * The trap the set names for the models: libpq opens and closes its
 * socket itself, inside our calls (a connect, a broken connection, and
 * while connecting, PQconnectPoll may drop a socket and try the next
 * address on a new one, which usually gets the same number).  A poller
 * that keeps registrations must then forget the old one without touching
 * the descriptor: the kernel took a closed socket out of an epoll set by
 * itself, an io_uring poll request still holds the old socket, libuv
 * aborts on a watcher whose socket went away.  The set says so with
 * `renew`, and says it on every step of a connect, where the socket may
 * have changed under the same number.
 *
 * One set per loop, used by that loop's thread only (epoll-per-core has
 * one per thread: nothing shared).  Functions return 0 or -errno.
 */
#ifndef DBSET_H
#define DBSET_H

#include "db.h"

struct db_set;

/*
 * The model's: watch connection i's socket fd for want (DB_WANT_READ
 * and/or DB_WANT_WRITE), or nothing when fd is -1.  With renew set, the
 * socket watched until now is gone, or may be: drop that registration
 * without using its descriptor (it is closed, or the number is the new
 * socket's already), then register fd, if any, afresh.  Without renew, fd
 * is the socket watched already: only what for has changed.  Until the
 * call returns, s->conns[i].fd and .want still say what was watched.
 */
typedef void db_set_watch_fn(struct db_set *s, int i, int fd, unsigned want,
			     int renew);

/*
 * The model's: req is finished, or failed (req->failed): req->data is
 * what the model put there (its connection); answer it with
 * session_db_done().
 */
typedef void db_set_answer_fn(struct db_set *s, struct db_req *req);

struct db_set_conn {
	struct db_async db;
	int fd;			  /* the socket the model watches, or -1 */
	unsigned want;		  /* what for: DB_WANT_* */
	const struct pg_conn *pg; /* the libpq connection fd belongs to */
};

struct db_set {
	struct db_set_conn *conns;
	int n;
	int next; /* where the search for the least busy one starts */
	db_set_watch_fn *watch;
	db_set_answer_fn *answer;
	void *data; /* the model's: its loop, for epoll-per-core */
};

/*
 * Makes n connections to conninfo, all down: each connects on demand,
 * when a request finds it the least busy (db.h).  Returns 0 or -ENOMEM.
 */
int db_set_init(struct db_set *s, const char *conninfo, int n,
		db_set_watch_fn *watch, db_set_answer_fn *answer, void *data);

/*
 * Sends req (req->data set by the model) to the least busy connection,
 * starting from the next in turn.  It comes back through the answer
 * function from db_set_answer(), never from here: a request that fails
 * at once (the database is down) waits for the next db_set_answer() too,
 * so the model is never re-entered from its own submit.
 */
void db_set_submit(struct db_set *s, struct db_req *req);

/*
 * Connection i's socket is ready for events (DB_WANT_*; a hang-up or an
 * error counts as DB_WANT_READ, so libpq reads it and sees the end).
 */
void db_set_ready(struct db_set *s, int i, unsigned events);

/* About once a second: a connection whose connect or oldest query is
 * overdue fails, and so do requests that have waited over
 * DB_POOL_WAIT_MS for room. */
void db_set_tick(struct db_set *s);

/* Nonzero when finished requests wait for db_set_answer(). */
int db_set_pending(const struct db_set *s);

/*
 * Answers every finished request, oldest first on each connection, until
 * none is left (answering one may submit the connection's next request,
 * which may fail at once).  Call it after a batch of events, when no
 * stale event can name a connection an answer closed.  Returns how many
 * it answered.
 */
int db_set_answer(struct db_set *s);

#endif
