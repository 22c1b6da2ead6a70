/*
 * epoll-per-core.c - one epoll loop per core, each with its own
 * SO_REUSEPORT listening socket; nothing shared between the loops, until
 * the chat.
 *
 * How it works.  This is epoll.c run N times side by side: --workers
 * threads (default: one per CPU this process may use), each running the
 * same loop as epoll.c over its own epoll set, its own table of
 * connections, its own timer heap and its own sweep.  Each loop has its own
 * listening socket, all bound to the same port with SO_REUSEPORT, and the
 * kernel decides which socket, so which loop, every new connection goes
 * to.  A connection lives and dies in the loop that accepted it, so the
 * loops never lock, never hand anything to each other, and every core
 * serves requests.  This is how nginx (worker_processes auto; listen ...
 * reuseport), Envoy, and most modern servers use more than one core; the
 * per-connection code is exactly epoll.c's.
 *
 * Notes on the model and its traps:
 * - How the kernel spreads connections.  For TCP, SO_REUSEPORT picks the
 *   listener by a hash of the connection's addresses and ports, once, at
 *   the SYN: a fair share on average, with no idea how busy each loop is.
 *   A loop stuck in /cpu (or in a --blocking sleep) keeps getting its
 *   share of new connections, which wait in its backlog while the other
 *   loops idle: no loop can take work from another.  Keep-alive makes it
 *   coarser still: a connection, not a request, is what gets placed, so a
 *   few heavy connections hashed to one loop load one core.  (An eBPF
 *   program, SO_ATTACH_REUSEPORT_EBPF, can choose instead; one shared
 *   listener with EPOLLEXCLUSIVE lets whichever loop is idle accept, at the
 *   cost of sharing it.)
 * - A listener that closes drops its queue: connections the kernel had
 *   already placed in its backlog are reset, not moved to the others
 *   (unless net.ipv4.tcp_migrate_req is set), and the hash is recomputed
 *   over the sockets left.  So a loop must never close its listener while
 *   the others serve; here they all close together when the process exits.
 * - SO_REUSEPORT must be set before bind on every socket of the group, the
 *   first one included, and all must belong to the same user.  With
 *   --port 0 the first socket picks the port and the others bind to it
 *   (core/net.c, net_listen_reuseport).
 * - Nothing shared means nothing global is cheap: a feature that touches
 *   every connection (a broadcast to every client, a shared cache) needs
 *   messages between loops.  Here only the stats counters are shared, as
 *   atomics, accepting, and the chat's mailboxes (next note).  Threads
 *   share one descriptor table: at EMFILE, the slot a loop frees to shed
 *   with its reserve descriptor (the core's reserve is per thread) could
 *   be taken by another loop's accept, so every accept takes a mutex
 *   (accept_all), once per connection.  Worker processes, as in nginx,
 *   each have a table of their own (and a descriptor limit of their own);
 *   unshare(CLONE_FILES) would give each thread one too.
 * - Broadcast (GET /ws, the chat) is where the loops must talk.  Each
 *   loop keeps its own subscribers, as epoll.c does, and a mailbox: a
 *   queue under a mutex plus an eventfd in its epoll set.  The sender's
 *   loop appends the frame to its own subscribers directly, then copies it
 *   once into a reference-counted block and posts that block into every
 *   other loop's mailbox; each loop, woken by its eventfd, appends it to
 *   its own subscribers and writes their sockets, and the last one frees
 *   it.  What crossing costs, per broadcast and other loop: a lock, an
 *   eventfd write (a system call, and a wake-up of a loop that may have
 *   been asleep: two context switches) unless the mailbox already held
 *   something, and the frame read from another core's cache; one malloc
 *   and one copy per broadcast whatever the loop count.  The sender's
 *   broadcastResult may leave before the other loops have delivered: the
 *   appends to their subscribers happen a little later on other cores.
 *   A mailbox is bounded like a subscriber's backlog: a loop that falls
 *   more than SESSION_WS_BACKLOG behind (stuck in /cpu or --blocking)
 *   drops what comes next, and the frames it does hold then overflow every
 *   one of its subscribers, which its sessions close with 1008, as they
 *   would close any subscriber that fell that far behind (mail_post).
 *   Measured with 1,000 subscribers and 10 broadcasts/s on two cores (the
 *   load generator on one of them): 10 us of CPU per delivery, epoll's
 *   11; the crossing is small next to the thousand appends and writes it
 *   feeds.  Delivery p50 10 ms (epoll 6), p99 14 ms (epoll 16): the
 *   second loop waits for its wake-up, on a core it shares with the load
 *   generator here.
 * - SIGTERM: the main thread runs loop 0 and is the only one that unblocks
 *   SIGINT and SIGTERM (inside epoll_pwait, as in epoll.c); the other
 *   loops keep them blocked.  Loop 0 stops, writes an eventfd that every
 *   other loop watches, joins them and prints the one summary line.
 * - --blocking sleeps inside the loop that got the /delay: it stalls that
 *   loop's connections only, 1/N of them, and the kernel keeps sending it
 *   new ones.  --offload gives each loop its own pool (one thread each, so
 *   that the pool threads add up to --workers, as --about says) whose
 *   eventfd is in that loop's epoll set: a job always comes back to the
 *   loop that submitted it, with no routing and nothing shared.  One shared
 *   pool would need a done list per loop (core/offload.h has one per pool)
 *   and a lock every loop contends on.  A connection closed while its job
 *   is in the pool is freed only when the job comes back.
 * - The database (GET /db, /queries, /fortunes, /updates, /dbsleep): each
 *   loop has its own --db-pool non-blocking libpq connections (core/dbset.h),
 *   their sockets in its own epoll set, as epoll.c has them: a request's
 *   queries are pipelined on the least busy connection of the loop that read
 *   it, and answered by that loop, with nothing shared between loops.  So N
 *   loops hold N x --db-pool connections to PostgreSQL, and a loop's requests
 *   never use another loop's idle connection.  The pool's limits therefore
 *   hold per loop, not per server: a loop whose connections are all held
 *   answers 503 after DB_POOL_WAIT_MS while another loop's sit idle, and
 *   after the database comes back, a loop whose connection still waits out
 *   its DB_RETRY_MS fails requests that another loop would answer.  Which
 *   loop a client meets is the kernel's hash of its address, so the
 *   conformance checks of those two faults run the model with one loop, whose
 *   pool is the whole server's.  Sharing the connections would cost every
 *   loop a lock and a cross-thread wake-up per query, the very thing the
 *   model is without.  libpq closes and reopens its socket itself; the kernel
 *   takes a closed socket out of the set, so a renewed one is added afresh.
 *   --blocking runs the queries with blocking libpq inside the loop that got
 *   them (each loop a connection of its own), stalling its 1/N; --offload
 *   runs them in the loop's own pool thread, with that thread's connection.
 * - Everything else is epoll.c's: level-triggered, epoll_ctl only when
 *   what a connection waits for changes, a connection waiting only for its
 *   timer (or pool job) is taken out of the set so that a reset client
 *   cannot make epoll_wait spin with EPOLLHUP.
 *
 * When it wins: CPU-bound or high-throughput work on a many-core machine,
 * with the memory per connection of a loop (no thread stack) and no lock
 * on the hot path: it scales with cores as far as the kernel's spreading
 * is even.  When it does not: a few heavy long-lived connections (the hash
 * may put them on one core), or a workload whose state is global.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/dbset.h"
#include "core/net.h"
#include "core/offload.h"
#include "core/session.h"
#include "core/sublist.h"
#include "core/timerq.h"

#define MAX_EVENTS (256)
#define SWEEP_MS   (1000)

static struct about about = {
    .name = "epoll-per-core",
    .kind = "event-loops-per-core",
    .summary =
	"One epoll loop per core (--workers, default: the usable CPUs), each\n"
	"with its own SO_REUSEPORT listening socket; the kernel spreads\n"
	"connections over the loops, which share nothing.",
    .threads = THREADS_PER_CORE,
    .honours =
	HONOURS_BLOCKING | HONOURS_OFFLOAD | HONOURS_WORKERS | HONOURS_DB_POOL,
    .poller = "epoll",
    .protocols = PROTOCOL_WS,
};

struct conn {
	int fd;
	unsigned watching;	  /* EPOLLIN/EPOLLOUT as epoll has them */
	struct timerq_node timer; /* a pending /delay */
	struct offload_job job;	  /* a /delay or query out: pool, database */
	struct sub sub;		  /* on its loop's subscribers (a WebSocket) */
	struct session session;
};

struct frame;

/* A frame's place in one loop's mailbox. */
struct letter {
	struct letter *next;
	struct frame *frame;
};

/*
 * A broadcast frame on its way to the other loops: one allocation holding
 * the counter, a letter for each loop (so posting allocates nothing) and
 * a copy of the frame.  The last loop to deliver it frees it.
 */
struct frame {
	atomic_int refs; /* the loops that have yet to deliver it */
	size_t len;
	const char *data; /* the copy, after letters[] */
	struct letter letters[];
};

/*
 * The one thing other loops write into: frames queued under the lock, and
 * an eventfd in the owner's epoll set that wakes it.
 */
struct mailbox {
	pthread_mutex_t lock;
	struct letter *head, **tail;
	size_t bytes; /* of the frames queued; see mail_post */
	int wake_fd;
};

/* One loop's state: what epoll.c keeps in its statics, once per loop. */
struct loop {
	int index;
	int listen_fd; /* its own SO_REUSEPORT socket */
	int epoll_fd;
	struct timerq timers;
	struct conn **conns;	      /* by descriptor, for the timeout sweep */
	struct offload pool;	      /* --offload: this loop's own pool */
	struct sub_list subscribers;  /* this loop's WebSockets */
	struct mailbox mail;	      /* broadcasts from the other loops */
	struct db_set dbs;	      /* its database connections */
	char *db_marks;		      /* their epoll data: &db_marks[i] */
	struct db_link blocking_link; /* --blocking: its own connection */
	pthread_t thread;
};

static struct config cfg;
static struct stats stats; /* atomics, shared by every loop */
static int conns_cap;	   /* descriptors stay below it (net_fd_limit) */
static int stop_fd;	   /* eventfd: readable once loop 0 stops */
static struct loop *loops;
static pthread_barrier_t ready; /* every loop has its reserve */
static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

/* The loop this thread runs; every function below works on it. */
static _Thread_local struct loop *loop;

/* Marks in epoll_event.data.ptr that are not connections. */
static char listener_mark, stop_mark;

static void conn_free(void *p)
{
	struct conn *c = p;

	session_free(&c->session);
	free(c);
}

static void conn_close(struct conn *c)
{
	sub_leave(&loop->subscribers, &c->sub);
	timerq_remove(&loop->timers, &c->timer);
	loop->conns[c->fd] = NULL;
	close(c->fd);
	/* The pool has c->job, or a database connection has the session's
	 * request: offload_job_back frees c when it comes back. */
	if (!offload_job_close(&c->job))
		conn_free(c);
}

static void conn_open(int fd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	struct conn *c;

	if (fd >= conns_cap)
		goto refuse; /* cannot happen: descriptors stay below the limit
			      */
	c = calloc(1, sizeof(*c));
	if (!c)
		goto refuse;
	c->fd = fd;
	c->watching = EPOLLIN;
	timerq_node_init(&c->timer);
	c->job.data = c;
	c->job.session = &c->session;
	session_init(&c->session, &cfg, &stats);
	ev.data.ptr = c;
	if (epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		conn_free(c);
		goto refuse;
	}
	loop->conns[fd] = c;
	return;
refuse:
	close(fd);
	stats_add(&stats.refused, 1);
}

/*
 * A broadcast landed in c's output: have epoll report c writable.  Only
 * that: c may be further down this batch of events, so anything else
 * (closing it, above all) waits for c's own turn.
 */
static void conn_arm_write(struct conn *c)
{
	struct epoll_event ev = {.events = c->watching | EPOLLOUT,
				 .data.ptr = c};

	if (!(c->watching & EPOLLOUT) &&
	    epoll_ctl(loop->epoll_fd,
		      c->watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd,
		      &ev) == 0)
		c->watching = ev.events;
}

/*
 * Appends a broadcast frame to every subscriber of this loop (from, the
 * sender, included when it is here), arming EPOLLOUT where the output was
 * empty: epoll.c's broadcast, over this loop's share of the chat.
 */
static void deliver(struct conn *from, const void *frame, size_t len)
{
	for (struct sub *s = loop->subscribers.head; s; s = s->next) {
		struct conn *c = s->owner;

		if (session_push(&c->session, frame, len) && c != from)
			conn_arm_write(c);
	}
}

/* One loop is done with f; the last one frees it. */
static void frame_put(struct frame *f)
{
	if (atomic_fetch_sub(&f->refs, 1) == 1)
		free(f);
}

/*
 * Queues f in loop `to`'s mailbox and wakes that loop if the mailbox was
 * empty (one that was not has its wake-up coming already).  The bound:
 * while the mailbox holds at most SESSION_WS_BACKLOG bytes, f goes in;
 * past that, f is dropped.  So a loop only ever loses frames while it
 * holds more than one backlog's worth, all of which it appends to each of
 * its subscribers in one go (mail_deliver): no subscriber's backlog can
 * take that much, so each is closed with 1008, and none goes on having
 * silently missed a frame.
 */
static void mail_post(struct loop *to, struct frame *f)
{
	struct mailbox *m = &to->mail;
	struct letter *l = &f->letters[to->index];
	int was_empty;

	pthread_mutex_lock(&m->lock);
	if (m->bytes > SESSION_WS_BACKLOG) {
		pthread_mutex_unlock(&m->lock);
		frame_put(f);
		return;
	}
	was_empty = m->head == NULL;
	l->next = NULL;
	l->frame = f;
	*m->tail = l;
	m->tail = &l->next;
	m->bytes += f->len;
	pthread_mutex_unlock(&m->lock);
	/*
	 * Outside the lock: the owner may run meanwhile, take f and leave
	 * this wake-up to find an empty mailbox, which is harmless.
	 */
	if (was_empty)
		eventfd_write(m->wake_fd, 1);
}

/*
 * Delivers from's broadcast frame to every subscriber of every loop: this
 * loop's at once, the others' by one shared copy posted to their
 * mailboxes.  Returns 0, or -ENOMEM when the copy cannot be made (then
 * nobody got the frame, and the caller closes the sender).
 */
static int broadcast(struct conn *from, const void *frame, size_t len)
{
	size_t letters = (size_t)cfg.workers * sizeof(struct letter);
	struct frame *f = NULL;

	if (cfg.workers > 1) {
		f = malloc(sizeof(*f) + letters + len);
		if (!f)
			return -ENOMEM;
		atomic_init(&f->refs, cfg.workers - 1);
		f->len = len;
		f->data = (char *)f->letters + letters;
		memcpy((char *)f->letters + letters, frame, len);
	}
	deliver(from, frame, len);
	for (int i = 0; i < cfg.workers; i++)
		if (&loops[i] != loop)
			mail_post(&loops[i], f);
	return 0;
}

/*
 * This loop's mailbox eventfd is readable: deliver what the other loops
 * posted, in the order they posted it.
 */
static void mail_deliver(void)
{
	struct mailbox *m = &loop->mail;
	struct letter *l, *next;
	eventfd_t count;

	/*
	 * Reset the eventfd first: a frame posted after this takes a new
	 * wake-up or is taken just below.
	 */
	eventfd_read(m->wake_fd, &count);
	pthread_mutex_lock(&m->lock);
	l = m->head;
	m->head = NULL;
	m->tail = &m->head;
	m->bytes = 0;
	pthread_mutex_unlock(&m->lock);
	for (; l; l = next) {
		next = l->next; /* l lives in the frame: read before the put */
		deliver(NULL, l->frame->data, l->frame->len);
		frame_put(l->frame);
	}
}

/*
 * The database set's: watch connection i's socket for want, in this
 * loop's set.  A renewed socket is added afresh: the old one left the set
 * when libpq closed it, or, on a connect's step, it is still there
 * (EEXIST) and only modified.  Should epoll_ctl fail, the socket goes
 * unwatched and its requests fail by the query timeout.
 */
static void db_watch(struct db_set *s, int i, int fd, unsigned want, int renew)
{
	struct loop *l = s->data;
	struct epoll_event ev = {.data.ptr = &l->db_marks[i]};

	if (fd < 0)
		return; /* closed: gone from the set with its socket */
	ev.events = (want & DB_WANT_READ ? EPOLLIN : 0) |
		    (want & DB_WANT_WRITE ? EPOLLOUT : 0);
	if (!renew || (epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0 &&
		       errno == EEXIST))
		epoll_ctl(l->epoll_fd, EPOLL_CTL_MOD, fd, &ev);
}

/*
 * Runs c's database request its model's way: pipelined on a non-blocking
 * connection (answered in db_answer), in the pool (--offload, answered in
 * offload_answer), or with blocking libpq right here (--blocking, answered
 * at once).  Returns -1 when c was closed.
 */
static int conn_db(struct conn *c, struct db_req *req)
{
	if (cfg.offload) {
		c->job.db = req;
		offload_submit(&loop->pool, &c->job);
		return 0;
	}
	if (cfg.blocking) {
		db_link_run(&loop->blocking_link, cfg.db, req);
		session_db_done(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return -1;
		}
		return 0;
	}
	req->data = &c->job;
	offload_job_lend(&c->job, req);
	db_set_submit(&loop->dbs, req);
	return 0;
}

/*
 * Turns what the session wants into what epoll watches.  A broadcast goes
 * to every loop's subscribers.  A /delay arms a timer, or goes to this
 * loop's pool (--offload), or, with --blocking, sleeps right here,
 * stalling this loop's connections.
 */
static void conn_want(struct conn *c)
{
	struct epoll_event ev;
	unsigned want, events;
	int op;
	long ms;
	const void *frame;
	size_t len;
	struct db_req *req;

	if (!c->sub.on && session_is_subscriber(&c->session))
		sub_join(&loop->subscribers, &c->sub, c);
	while ((frame = session_take_broadcast(&c->session, &len)) != NULL) {
		if (broadcast(c, frame, len) < 0) {
			conn_close(c);
			return;
		}
		session_broadcast_done(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return;
		}
	}
	while ((req = session_take_db(&c->session)) != NULL)
		if (conn_db(c, req) < 0)
			return;
	while ((ms = session_take_timer(&c->session)) >= 0) {
		if (cfg.offload) {
			c->job.ms = ms;
			c->job.db = NULL;
			offload_submit(&loop->pool, &c->job);
			break;
		}
		if (!cfg.blocking) {
			if (timerq_add_after(&loop->timers, &c->timer, ms)) {
				conn_close(c);
				return;
			}
			break;
		}
		clock_sleep_ms(ms);
		session_timer_fired(&c->session);
		if (net_write(c->fd, &c->session) < 0) {
			conn_close(c);
			return;
		}
	}
	want = session_want(&c->session);
	if (want & WANT_CLOSE) {
		conn_close(c);
		return;
	}
	events = (want & WANT_READ ? EPOLLIN : 0) |
		 (want & WANT_WRITE ? EPOLLOUT : 0);
	if (events != c->watching) {
		/* Nothing to watch: out of the set (see the notes on HUP). */
		op = !events	    ? EPOLL_CTL_DEL
		     : !c->watching ? EPOLL_CTL_ADD
				    : EPOLL_CTL_MOD;
		ev.events = events;
		ev.data.ptr = c;
		if (epoll_ctl(loop->epoll_fd, op, c->fd, &ev) < 0) {
			conn_close(c);
			return;
		}
		c->watching = events;
	}
}

/* epoll says the socket is ready: do what can be done, then re-arm. */
static void conn_ready(struct conn *c, unsigned events)
{
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) &&
	    net_read(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	if (net_write(c->fd, &c->session) < 0) {
		conn_close(c);
		return;
	}
	conn_want(c);
}

static void fire_timers(int64_t now)
{
	struct timerq_node *n;
	struct conn *c;

	while ((n = timerq_peek(&loop->timers)) != NULL && n->due_ms <= now) {
		c = container_of(n, struct conn, timer);
		timerq_remove(&loop->timers, n);
		session_timer_fired(&c->session);
		conn_ready(c, 0);
	}
}

/* A call came back from the pool or the database: serve c on. */
static void conn_resume(void *c)
{
	conn_ready(c, 0);
}

/* The database set's: req is finished (or failed): answer it. */
static void db_answer(struct db_set *s, struct db_req *req)
{
	(void)s;
	offload_job_back(req->data, conn_resume, conn_free);
}

/* A database socket is ready: read its answers, send what waits. */
static void db_ready(int i, unsigned events)
{
	db_set_ready(
	    &loop->dbs, i,
	    (events & (EPOLLIN | EPOLLHUP | EPOLLERR) ? DB_WANT_READ : 0) |
		(events & EPOLLOUT ? DB_WANT_WRITE : 0));
}

/* Closes this loop's connections whose idle or header deadline passed. */
static void sweep(int64_t now)
{
	struct conn **conns = loop->conns;

	for (int fd = 0; fd < conns_cap; fd++)
		if (conns[fd] && session_deadline(&conns[fd]->session) <= now)
			conn_close(conns[fd]);
}

/*
 * Accepts what waits on this loop's listener, as net_accept_all does, but
 * every accept under accept_lock: besides the counters, the one thing the
 * loops share, because they share the process's descriptor table.  At
 * EMFILE, net_accept sheds by freeing this thread's reserve descriptor
 * for a moment; another loop's accept could take that slot, leaving this
 * loop without a reserve, unable to shed, its backlog stuck until some
 * descriptor frees up.  Under the lock no other loop allocates one
 * meanwhile.  The lock is taken once per connection, never per request.
 */
static void accept_all(int listen_fd)
{
	int fd;

	for (;;) {
		pthread_mutex_lock(&accept_lock);
		fd = net_accept(listen_fd, 1, &stats);
		pthread_mutex_unlock(&accept_lock);
		if (fd >= 0)
			conn_open(fd);
		else if (fd == -EAGAIN || fd == -EMFILE || fd == -ENFILE ||
			 fd == -EINTR)
			return; /* done, or shed one: back to the loop */
		/* Anything else (ECONNABORTED, ...) was that one connection. */
	}
}

/*
 * Makes l this thread's loop and gives the thread its reserve descriptor,
 * then waits at `ready` until every loop has one: only then does main
 * announce the port, so that no client can fill the descriptor table
 * before a loop has the reserve it sheds with.  Without one a loop could
 * not shed at EMFILE and would spin: a startup failure (too many loops
 * for the descriptor limit).
 */
static void loop_enter(struct loop *l)
{
	loop = l;
	if (net_reserve_init() < 0) {
		perror("epoll-per-core: reserve descriptor");
		exit(1);
	}
	pthread_barrier_wait(&ready);
}

/*
 * One loop: epoll.c's main loop over this thread's own sockets.  Loop 0
 * runs in the main thread and waits with SIGINT/SIGTERM unblocked
 * (`unblocked` non-NULL); the others wait with them blocked and stop when
 * stop_fd becomes readable.
 */
static void run_loop(const sigset_t *unblocked)
{
	struct epoll_event events[MAX_EVENTS];
	int n, timeout, woken, mail, stopping = 0;
	int64_t now, next_sweep;
	void *p;

	next_sweep = clock_ms() + SWEEP_MS;
	while (!stopping && !(unblocked && net_stop_requested)) {
		timeout = timerq_wait_ms(&loop->timers, clock_ms(), SWEEP_MS);
		n = epoll_pwait(loop->epoll_fd, events, MAX_EVENTS, timeout,
				unblocked);
		woken = mail = 0;
		for (int i = 0; i < n; i++) {
			p = events[i].data.ptr;
			if (p == &listener_mark)
				accept_all(loop->listen_fd);
			else if (p == &stop_mark)
				stopping = 1;
			else if (p == &loop->pool)
				woken = 1;
			else if (p == &loop->mail)
				mail = 1;
			else if ((char *)p >= loop->db_marks &&
				 (char *)p < loop->db_marks + loop->dbs.n)
				db_ready((int)((char *)p - loop->db_marks),
					 events[i].events);
			else
				conn_ready(p, events[i].events);
		}
		/*
		 * After the batch, not in it: answering a job may close its
		 * connection, whose event may still be further down events[].
		 */
		if (woken)
			offload_answer(&loop->pool, conn_resume, conn_free);
		if (mail)
			mail_deliver();
		now = clock_ms();
		fire_timers(now);
		if (now >= next_sweep) {
			sweep(now);
			db_set_tick(&loop->dbs);
			next_sweep = now + SWEEP_MS;
		}
		/* Last: whatever the turn finished, the database's failures
		 * at submit included, is answered before the next wait. */
		db_set_answer(&loop->dbs);
	}
}

static void *loop_thread(void *arg)
{
	loop_enter(arg);
	run_loop(NULL);
	return NULL;
}

/* Sets up loop l's epoll set, table and pool; exits 1 if it cannot. */
static void loop_init(struct loop *l, int index, int listen_fd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int err = 0;

	l->index = index;
	l->listen_fd = listen_fd;
	timerq_init(&l->timers);
	l->conns = calloc((size_t)conns_cap, sizeof(*l->conns));
	l->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (!l->conns || l->epoll_fd < 0)
		goto fail;
	ev.data.ptr = &listener_mark;
	if (epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev) < 0)
		goto fail;
	ev.data.ptr = &stop_mark;
	if (epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, stop_fd, &ev) < 0)
		goto fail;
	pthread_mutex_init(&l->mail.lock, NULL);
	l->mail.tail = &l->mail.head;
	l->mail.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ev.data.ptr = &l->mail;
	if (l->mail.wake_fd < 0 ||
	    epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD, l->mail.wake_fd, &ev) < 0)
		goto fail;
	if (cfg.offload) {
		err = offload_start(&l->pool, 1, 0);
		ev.data.ptr = &l->pool;
		if (err < 0 || epoll_ctl(l->epoll_fd, EPOLL_CTL_ADD,
					 offload_fd(&l->pool), &ev) < 0)
			goto fail;
		l->pool.db_conninfo = cfg.db;
	}
	if (cfg.db && !cfg.offload && !cfg.blocking) {
		l->db_marks = calloc((size_t)cfg.db_pool, 1);
		err = l->db_marks ? db_set_init(&l->dbs, cfg.db, cfg.db_pool,
						db_watch, db_answer, l)
				  : -ENOMEM;
		if (err < 0)
			goto fail;
	}
	return;
fail:
	fprintf(stderr, "epoll-per-core: loop %d: %s\n", index,
		strerror(err < 0 ? -err : errno));
	exit(1);
}

int main(int argc, char **argv)
{
	sigset_t stop, unblocked;
	uint64_t one = 1;
	int *listen_fds, err;

	config_parse(&cfg, &about, argc, argv);
	net_signals_init();
	/* Blocked before any thread starts, so every thread inherits it. */
	net_stop_sigset(&stop);
	pthread_sigmask(SIG_BLOCK, &stop, &unblocked);
	conns_cap = net_fd_limit();
	stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	loops = calloc((size_t)cfg.workers, sizeof(*loops));
	listen_fds = calloc((size_t)cfg.workers, sizeof(*listen_fds));
	if (stop_fd < 0 || !loops || !listen_fds) {
		perror("epoll-per-core: startup");
		return 1;
	}
	net_listen_reuseport(&cfg, listen_fds, cfg.workers);
	for (int i = 0; i < cfg.workers; i++)
		loop_init(&loops[i], i, listen_fds[i]);
	free(listen_fds);
	pthread_barrier_init(&ready, NULL, (unsigned)cfg.workers);
	for (int i = 1; i < cfg.workers; i++) {
		err = pthread_create(&loops[i].thread, NULL, loop_thread,
				     &loops[i]);
		if (err) {
			fprintf(stderr,
				"epoll-per-core: cannot start loop %d of %d: "
				"%s\n",
				i + 1, cfg.workers, strerror(err));
			exit(1);
		}
	}

	loop_enter(&loops[0]);
	net_announce(&cfg, loops[0].listen_fd);
	run_loop(&unblocked);
	/* The eventfd stays readable: every other loop sees it and returns. */
	while (write(stop_fd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	for (int i = 1; i < cfg.workers; i++)
		pthread_join(loops[i].thread, NULL);
	stats_print(&stats, "epoll-per-core");
	return 0;
}
