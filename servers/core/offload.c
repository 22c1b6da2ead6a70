/*
 * offload.c - the pool behind --offload (see offload.h).
 *
 * One mutex guards both queues: the jobs are few and long (milliseconds
 * of sleep), so the lock is never what limits the pool.  The eventfd is
 * written only when the done list goes from empty to non-empty, and read
 * (reset) by offload_done(), so a burst of finished jobs costs the loop one
 * wake-up.  The pool threads block every signal: SIGINT and SIGTERM belong
 * to the loop thread.  They are never joined: the server exits with them
 * still sleeping, as the thread-pool model does.
 */
#include "offload.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "session.h"

static void *pool_thread(void *arg)
{
	struct offload *o = arg;
	struct offload_job *job;
	struct db_link link = {0}; /* this thread's database connection */
	uint64_t one = 1;
	int was_empty;

	for (;;) {
		pthread_mutex_lock(&o->lock);
		while (!o->todo)
			pthread_cond_wait(&o->work, &o->lock);
		job = o->todo;
		o->todo = job->next;
		if (!o->todo)
			o->todo_tail = &o->todo;
		pthread_mutex_unlock(&o->lock);

		/* The blocking call. */
		if (job->db)
			db_link_run(&link, o->db_conninfo, job->db);
		else
			clock_sleep_ms(job->ms);

		job->next = NULL;
		pthread_mutex_lock(&o->lock);
		was_empty = o->done == NULL;
		*o->done_tail = job;
		o->done_tail = &job->next;
		pthread_mutex_unlock(&o->lock);
		/* Under the lock or not, the loop sees the job: it reads the
		 * list after the eventfd, under the lock. */
		if (was_empty) {
			while (write(o->event_fd, &one, sizeof(one)) < 0 &&
			       errno == EINTR)
				;
		}
	}
	return NULL;
}

int offload_start(struct offload *o, int workers, int stack_kib)
{
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t t;
	int err = 0;

	memset(o, 0, sizeof(*o));
	o->todo_tail = &o->todo;
	o->done_tail = &o->done;
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->work, NULL);
	o->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (o->event_fd < 0)
		return -errno;
	pthread_attr_init(&attr);
	if (stack_kib > 0) {
		err =
		    pthread_attr_setstacksize(&attr, (size_t)stack_kib * 1024);
		if (err)
			goto out;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < workers; i++) {
		err = pthread_create(&t, &attr, pool_thread, o);
		if (err)
			break;
		pthread_detach(t);
		o->threads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
out:
	pthread_attr_destroy(&attr);
	/* Threads already started keep o and its eventfd: a failed start is
	 * a startup failure, the caller exits. */
	if (err && o->threads == 0) {
		close(o->event_fd);
		o->event_fd = -1;
	}
	return -err;
}

void offload_submit(struct offload *o, struct offload_job *job)
{
	job->next = NULL;
	job->out = 1;
	pthread_mutex_lock(&o->lock);
	*o->todo_tail = job;
	o->todo_tail = &job->next;
	pthread_cond_signal(&o->work);
	pthread_mutex_unlock(&o->lock);
}

struct offload_job *offload_done(struct offload *o)
{
	struct offload_job *list;
	uint64_t n;

	while (read(o->event_fd, &n, sizeof(n)) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&o->lock);
	list = o->done;
	o->done = NULL;
	o->done_tail = &o->done;
	pthread_mutex_unlock(&o->lock);
	return list;
}

void offload_job_back(struct offload_job *job, void (*resume)(void *data),
		      void (*release)(void *data))
{
	job->out = 0;
	if (job->closed) {
		release(job->data);
		return;
	}
	if (job->db)
		session_db_done(job->session);
	else
		session_timer_fired(job->session);
	resume(job->data);
}

void offload_answer(struct offload *o, void (*resume)(void *data),
		    void (*release)(void *data))
{
	struct offload_job *job, *next;

	for (job = offload_done(o); job; job = next) {
		next = job->next;
		offload_job_back(job, resume, release);
	}
}
