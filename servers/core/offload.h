/*
 * offload.h - a small pool of threads that runs an event loop's blocking
 * calls (--offload), and wakes the loop when one is done.
 *
 * The talks' fix for "the worst sin" (a blocking call inside the loop) is
 * to hand the call to a thread pool and keep the loop free: a synchronous
 * database driver, a blocking library.  Here the blocking call is the
 * /delay sleep.  The loop submits a job; a pool thread runs it (a plain
 * blocking sleep of job->ms); the finished job goes on a done list and the
 * pool writes an eventfd; the loop watches that eventfd like any socket
 * and, when it is readable, takes the finished jobs with offload_done()
 * and answers them (session_timer_fired).  Each model's file shows only
 * how its loop watches the eventfd.  libuv has this built in
 * (uv_queue_work) and uses its own.
 *
 * The pool caps what it rescues: with N threads at most N blocking calls
 * run at once, so /delay?ms=D tops out at N / D requests a second, exactly
 * like the thread-pool model; meanwhile requests that do not block (GET /)
 * keep flowing through the loop.
 *
 * A job may instead carry a database request (job->db, with job->ms
 * unused): the pool thread runs it with blocking libpq on a connection of
 * its own (db_link_run), the synchronous driver an event loop must not
 * call itself.  The loop sets o->db_conninfo after offload_start(),
 * before its first such job; each thread connects on its first one.
 *
 * The pool's threads are never stopped or joined (the server exits with
 * them still sleeping), so a struct offload must live as long as the
 * process: make it static.
 *
 * Ownership: from offload_submit() until offload_done() hands it back, a
 * job belongs to the pool.  The connection that owns it must not be freed
 * meanwhile: a model that wants to close such a connection marks it and
 * frees it when its job comes back.  The same holds for a database request
 * out on a db_set connection (dbset.h).  The loops share that bookkeeping
 * (offload_job_close, offload_job_back, offload_answer), so each model
 * shows only how its loop is woken and how it serves a connection on.
 *
 * Functions return 0 or -errno; offload_start failing is a startup failure.
 */
#ifndef OFFLOAD_H
#define OFFLOAD_H

#include <pthread.h>

struct db_req;
struct session;

/*
 * A connection's blocking call, and its hold on the connection while the
 * call is out: in the pool, or (without --offload) a database request on
 * a db_set connection.
 */
struct offload_job {
	long ms;		  /* the blocking call: sleep this long */
	struct db_req *db;	  /* or run this database request (db.h) */
	void *data;		  /* the loop's own: its connection */
	struct session *session;  /* data's: told when the call is back */
	int out;		  /* the call is out: data must be kept */
	int closed;		  /* data closed meanwhile: free it when back */
	struct offload_job *next; /* the pool's queues */
};

struct offload {
	pthread_mutex_t lock;
	pthread_cond_t work;	  /* signalled when `todo` gets a job */
	struct offload_job *todo; /* submitted, not yet taken: FIFO */
	struct offload_job **todo_tail;
	struct offload_job *done; /* finished, not yet handed back */
	struct offload_job **done_tail;
	int event_fd;		 /* readable while `done` is not empty */
	const char *db_conninfo; /* for jobs with a db request */
	int threads;		 /* pool threads started */
};

/*
 * Starts `workers` threads with stacks of stack_kib KiB (0: the system's
 * default) and the eventfd.  Returns 0 or -errno.  On failure the threads
 * already started keep running and keep using *o: the caller treats it as
 * a startup failure and exits.
 */
int offload_start(struct offload *o, int workers, int stack_kib);

/* The descriptor the loop watches: readable when jobs are done. */
static inline int offload_fd(const struct offload *o)
{
	return o->event_fd;
}

/* Hands job to the pool, and marks it out.  The caller sets job->ms or
 * job->db, job->data and job->session. */
void offload_submit(struct offload *o, struct offload_job *job);

/* Marks job out with req on a database connection (db_set): the caller
 * answers it with offload_job_back when the set hands req back. */
static inline void offload_job_lend(struct offload_job *job, struct db_req *req)
{
	job->db = req;
	job->out = 1;
}

/*
 * The loop closes job's connection: returns 0 when the caller may free it
 * now, 1 when its call is out (the connection is then freed when the call
 * comes back, by offload_job_back).
 */
static inline int offload_job_close(struct offload_job *job)
{
	job->closed = job->out;
	return job->out;
}

/*
 * job's call is back.  Its connection closed meanwhile: release(job->data)
 * frees it.  Otherwise the session hears which call ended
 * (session_db_done or session_timer_fired) and resume(job->data) serves
 * the connection on.
 */
void offload_job_back(struct offload_job *job, void (*resume)(void *data),
		      void (*release)(void *data));

/*
 * offload_fd() is readable: every finished job, oldest first, through
 * offload_job_back.  Call it after a batch of events, not inside it: a
 * resumed connection may close another whose event is still in the batch.
 */
void offload_answer(struct offload *o, void (*resume)(void *data),
		    void (*release)(void *data));

/*
 * Takes every finished job, oldest first, as a list linked by `next`
 * (NULL when there is none), and resets the eventfd.  Call it when
 * offload_fd() is readable.
 */
struct offload_job *offload_done(struct offload *o);

#endif
