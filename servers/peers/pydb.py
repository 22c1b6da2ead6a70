"""pydb.py - the database endpoints of the Python peers, once, so each peer
file shows only how it waits for the database.

TechEmpower's (TFB) test types over its schema (`world`, `fortune`):
/db, /queries?queries=N, /fortunes and /updates?queries=N, plus /dbsleep?ms=N
(SELECT pg_sleep(ms / 1000.0)), the query that only waits: it shows
whether a driver lets the server do anything else meanwhile.

What is here:
- the answers (answer_*): rows in, (status, content type, body) out, so
  every driver renders the same bytes;
- the queries written once for a DB-API cursor (world_rows, fortune_rows,
  update_rows, sleep_rows), which psycopg2, psycopg 3 and Twisted's adbapi
  all run, and once for asyncpg (Asyncpg);
- the pools: SyncDb (a blocking driver, one connection per caller in use,
  at most --db-pool, waiting for a free one with the caller's own kind of
  semaphore: a thread's or a greenlet's) and Asyncpg (asyncpg's pool).

The database comes from --db CONNINFO or DATABASE_URL.  Without either,
or while it is down, a database endpoint answers 503 at once (a refused
connection) or within CONNECT_TIMEOUT_S (an unreachable host), and the
pools connect again on a later request, so the server recovers by itself
when the database is back.  A failed connect is remembered for
RETRY_AFTER_S so that a down database costs one attempt, not one per
request.

TFB's rules: one query per row, no IN lists, no caching, the fortunes
sorted here, not by ORDER BY; the updates of one request are one batch,
written in id order (two requests locking rows in opposite orders would
deadlock), one UPDATE per row.
"""
import html
import json
import os
import random
import threading
import time

WORLD_ROWS = 10000
CONNECT_TIMEOUT_S = 2
RETRY_AFTER_S = 0.5
EXTRA_FORTUNE = "Additional fortune added at request time."
UNAVAILABLE = (503, "text/plain", b"database unavailable\n")
HTML = "text/html; charset=utf-8"
JSON = "application/json"


class Down(Exception):
    """The database cannot answer now: the request gets 503."""


def conninfo(args):
    """--db, else DATABASE_URL, else None (every database answer is 503)."""
    return args.db or os.environ.get("DATABASE_URL") or None


def conninfo_env():
    """DATABASE_URL, for a worker process its launcher started."""
    return os.environ.get("DATABASE_URL") or None


def random_id():
    return random.randint(1, WORLD_ROWS)


# --------------------------------------------------------------- answers


def answer_json(obj):
    return 200, JSON, json.dumps(obj, separators=(",", ":")).encode()


def answer_world(rows, single):
    """rows: (id, randomnumber) pairs; /db answers the one object."""
    objs = [{"id": i, "randomNumber": r} for i, r in rows]
    return answer_json(objs[0] if single else objs)


def answer_fortunes(rows):
    """TFB's fortunes table: the rows plus one added now, sorted by
    message, every message HTML-escaped."""
    rows = list(rows) + [(0, EXTRA_FORTUNE)]
    rows.sort(key=lambda row: row[1])
    cells = "".join("<tr><td>%d</td><td>%s</td></tr>" % (i, html.escape(m))
                    for i, m in rows)
    page = ("<!DOCTYPE html><html><head><title>Fortunes</title></head>"
            "<body><table><tr><th>id</th><th>message</th></tr>%s"
            "</table></body></html>" % cells)
    return 200, HTML, page.encode()


def answer_slept():
    return 200, "text/plain", b"slept\n"


def new_numbers(n):
    """n (id, new randomnumber) pairs for /updates."""
    return [(random_id(), random_id()) for _ in range(n)]


def to_write(pairs):
    """The pairs in id order, a repeated id kept in its place among its
    equals (the sort is stable), so the last one written is the last one
    answered, as n single updates would leave it."""
    return sorted(pairs, key=lambda pair: pair[0])


# ------------------------------------------------- queries on a DB-API cursor

SELECT_WORLD = "SELECT id, randomnumber FROM world WHERE id = %s"
SELECT_FORTUNE = "SELECT id, message FROM fortune"
UPDATE_WORLD = "UPDATE world SET randomnumber = %s WHERE id = %s"
SLEEP = "SELECT pg_sleep(%s)"


def world_rows(cur, n):
    rows = []
    for _ in range(n):
        cur.execute(SELECT_WORLD, (random_id(),))
        rows.append(cur.fetchone())
    return rows


def fortune_rows(cur):
    cur.execute(SELECT_FORTUNE)
    return cur.fetchall()


def update_rows(cur, n):
    """Reads n rows, one query each, then writes their new numbers in one
    batch.  The caller holds the transaction."""
    pairs = new_numbers(n)
    for i, _ in pairs:
        cur.execute(SELECT_WORLD, (i,))
        cur.fetchone()
    cur.executemany(UPDATE_WORLD, [(r, i) for i, r in to_write(pairs)])
    return pairs


def sleep_rows(cur, ms):
    cur.execute(SLEEP, (ms / 1000.0,))
    cur.fetchall()


def run_on_cursor(cur, what, n):
    """One database endpoint on a DB-API cursor of a connection in
    autocommit mode (each query its own transaction; updates in one)."""
    if what in ("db", "queries"):
        return answer_world(world_rows(cur, n), what == "db")
    if what == "fortunes":
        return answer_fortunes(fortune_rows(cur))
    if what == "updates":
        cur.execute("BEGIN")
        pairs = update_rows(cur, n)
        cur.execute("COMMIT")
        return answer_world(pairs, False)
    sleep_rows(cur, n)
    return answer_slept()


# ----------------------------------------------------- blocking drivers


class SyncDb:
    """A blocking driver's pool: at most `size` connections, each used by
    one caller at a time; a caller waits on `semaphore` (threading's, or
    gevent's for greenlets) for a free one.  Connections open lazily and a
    broken one is thrown away, so a restarted database is found again."""

    def __init__(self, dsn, size, driver="psycopg2", semaphore=None):
        self.dsn = dsn
        self.driver = driver
        self.free = []
        self.slots = (semaphore or threading.BoundedSemaphore)(size)
        self.down_until = 0.0
        if driver == "psycopg2":
            import psycopg2
            self.errors = (psycopg2.OperationalError,
                           psycopg2.InterfaceError)
            self.connect_fn = psycopg2.connect
        else:
            import psycopg
            self.errors = (psycopg.OperationalError, psycopg.InterfaceError)
            self.connect_fn = psycopg.connect

    def connect(self):
        if time.monotonic() < self.down_until:
            raise Down()
        try:
            conn = self.connect_fn(self.dsn, connect_timeout=CONNECT_TIMEOUT_S)
        except self.errors:
            self.down_until = time.monotonic() + RETRY_AFTER_S
            raise Down()
        conn.autocommit = True
        return conn

    def run(self, what, n):
        """(status, content type, body) of one database endpoint."""
        if self.dsn is None:
            return UNAVAILABLE
        with self.slots:
            try:
                conn = self.free.pop() if self.free else self.connect()
            except Down:
                return UNAVAILABLE
            try:
                with conn.cursor() as cur:
                    out = run_on_cursor(cur, what, n)
            except self.errors:
                # Broken: the server went away, so the idle ones are
                # broken too.  New connections at the next requests.
                for c in [conn] + self.free:
                    c.close()
                self.free.clear()
                return UNAVAILABLE
            except BaseException:
                conn.close()
                raise
            self.free.append(conn)
            return out


# ---------------------------------------------------------------- asyncpg


def asyncpg_params(dsn):
    """asyncpg.connect()'s keywords for a URI or a libpq key=value string
    (asyncpg takes only URIs itself)."""
    if dsn.startswith(("postgres://", "postgresql://")):
        return {"dsn": dsn}
    from psycopg2.extensions import parse_dsn
    names = {"dbname": "database", "host": "host", "port": "port",
             "user": "user", "password": "password"}
    return {names[k]: (int(v) if k == "port" else v)
            for k, v in parse_dsn(dsn).items() if k in names}


class Asyncpg:
    """asyncpg's pool of `size` connections, made at the first request and
    again after a failed connect; a broken connection is replaced by the
    pool itself.  The statements are prepared once per connection (asyncpg
    caches them)."""

    def __init__(self, dsn, size):
        import asyncpg
        self.asyncpg = asyncpg
        self.dsn = dsn
        self.size = size
        self.pool = None
        self.lock = None
        self.down_until = 0.0
        self.errors = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError,
                       TimeoutError)

    async def get_pool(self):
        import asyncio
        if self.pool is not None:
            return self.pool
        if self.lock is None:
            self.lock = asyncio.Lock()
        async with self.lock:
            if self.pool is None:
                if time.monotonic() < self.down_until:
                    raise Down()
                try:
                    self.pool = await self.asyncpg.create_pool(
                        min_size=1, max_size=self.size,
                        timeout=CONNECT_TIMEOUT_S,
                        **asyncpg_params(self.dsn))
                except self.errors:
                    self.down_until = time.monotonic() + RETRY_AFTER_S
                    raise Down()
        return self.pool

    async def run(self, what, n):
        if self.dsn is None:
            return UNAVAILABLE
        try:
            pool = await self.get_pool()
            async with pool.acquire() as conn:
                return await self.run_on(conn, what, n)
        except (Down, *self.errors):
            return UNAVAILABLE

    async def run_on(self, conn, what, n):
        world = "SELECT id, randomnumber FROM world WHERE id = $1"
        if what in ("db", "queries"):
            rows = [tuple(await conn.fetchrow(world, random_id()))
                    for _ in range(n)]
            return answer_world(rows, what == "db")
        if what == "fortunes":
            rows = await conn.fetch("SELECT id, message FROM fortune")
            return answer_fortunes([tuple(r) for r in rows])
        if what == "updates":
            pairs = new_numbers(n)
            async with conn.transaction():
                for i, _ in pairs:
                    await conn.fetchrow(world, i)
                await conn.executemany(
                    "UPDATE world SET randomnumber = $2 WHERE id = $1",
                    to_write(pairs))
            return answer_world(pairs, False)
        await conn.fetch("SELECT pg_sleep($1)", n / 1000.0)
        return answer_slept()


# ------------------------------------------- blocking drivers in a coroutine


class Inline:
    """A blocking driver called straight from a coroutine: the sin.  The
    loop waits with the query, so every connection waits; one database
    connection is all it can ever use."""

    def __init__(self, sync):
        self.sync = sync

    async def run(self, what, n):
        return self.sync.run(what, n)


class Executor:
    """A blocking driver handed to a pool of threads
    (loop.run_in_executor), each thread using one connection of the sync
    pool; the coroutine awaits the thread's answer."""

    def __init__(self, sync, executor):
        self.sync = sync
        self.executor = executor

    async def run(self, what, n):
        import asyncio
        return await asyncio.get_running_loop().run_in_executor(
            self.executor, self.sync.run, what, n)
