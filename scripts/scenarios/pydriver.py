"""pydriver - Python without an async database driver, and the servers
Python is deployed on behind a real database.

The talks' "No: no async driver", in Python.  An asyncio handler that
calls a blocking driver (psycopg2) holds the one thread of the loop for
the whole query: every other request, even one that needs no database,
waits.  The cures are an async driver (asyncpg), a thread pool for the
blocking calls (loop.run_in_executor), or green threads that make the
blocking driver yield (gevent with psycogreen).

Part one, the drivers.  Every point holds two loads at once: connections
asking the database (GET /dbsleep?ms=10, a query that waits 10 ms inside
PostgreSQL, and GET /db, TFB's quick query) and one client asking GET /,
which needs no database.  Measured, each with DB_POOL database
connections:

  py-asyncio --driver=blocking   psycopg2 called inside the loop
  py-asyncio --driver=executor   psycopg2 in EXECUTOR_THREADS threads
  py-asyncio --driver=async      asyncpg, awaited on the loop
  py-threads                     a thread per connection, psycopg2 pool
  py-gevent                      greenlets, psycopg2 + psycogreen
  py-twisted                     adbapi: psycopg2 in Twisted's threads
  epoll                          our C loop, non-blocking libpq (the
                                 yardstick: what one thread can do)

picked by what each says of itself (--about: language, library, the
--driver flag), never by name.  The predictions on the waiting query:
one query at a time (1 / 10 ms = 100 req/s) for the blocking driver,
EXECUTOR_THREADS / 10 ms for the executor, DB_POOL / 10 ms for the rest.

Part two, "Async Python is not faster" (Cal Paterson, 2020): the servers
Python programs are deployed on (gunicorn sync workers with Falcon, uWSGI
with Flask; gunicorn's gevent workers; uvicorn with Starlette and asyncpg,
aiohttp with asyncpg) on GET /db.  He found similar throughput and a far
better p99 for the sync workers.  Measured with our method, not his: each
server's capacity from a closed-loop probe (variant "capacity"), then an
open loop at fractions of it, latency timed from when each request was
due (as the latency lesson does).  Workers as his, scaled to the server's
cores (the launchers' --about "workers_per_core": 4 sync, 1 async), and
the same database connections on both sides: a sync worker holds one,
so an async worker gets sync workers / async workers of them.

Runs only with the peers (PEERS=1); without them the lesson measures
nothing (in smoke mode the C yardstick alone, so the harness test sees it
work) and its claims say "needs PEERS=1".
"""
import math

import kit as K
import models as M
from scenarios import gil
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_int, f_pct, f_ratio, f_rps, f_us)

NAME = "pydriver"
ABOUT = ("Python on a database: asyncio with a blocking, offloaded or async "
         "driver, threads, gevent, Twisted; gunicorn, uWSGI, uvicorn, "
         "aiohttp open loop on /db (PEERS=1)")
ORDER = 68
NEEDS_PEERS = True
# x of part one: connections asking the database at once.
SWEEP = {"smoke": [16], "quick": [100], "default": [16, 100],
         "full": [10, 32, 100, 316, 1000]}
SWEEP_ENV = "CONNS"
SLEEP_MS = 10
DB_POOL = 16
EXECUTOR_THREADS = 4
GET_CONNS = 1
MIN_DURATION_S = 1.0
LOADS = (("dbsleep", f"/dbsleep?ms={SLEEP_MS}"), ("db", "/db"))
# GET /db, the quick query, at the largest count only outside the full run.
DB_EVERYWHERE = ("full",)
# py-asyncio's drivers: (variant, --driver).
DRIVERS = ("blocking", "executor", "async")
DRIVER_TITLE = {"blocking": "psycopg2 in the loop",
                "executor": f"psycopg2 in {EXECUTOR_THREADS} threads",
                "async": "asyncpg"}
# The Python peers of part one, by their --about "library" (the full run
# adds every other Python peer that serves the database).
DRIVER_LIBRARIES = ("asyncio", "http.server", "gevent", "twisted")

# Part two: connections of the open loop, the probe's and the open loop's.
DEPLOYED_CONNS = {"smoke": 16, "quick": 64, "default": 64, "full": 64}
FRACTIONS = {"smoke": [0.9], "quick": [0.9], "default": [0.5, 0.9],
             "full": [0.25, 0.5, 0.75, 0.9, 1.0]}
CAPACITY = "capacity"
# The launchers' own counts when --about says none (Paterson's 16 sync
# and 5 async workers on 4 CPUs).
SYNC_PER_CORE, ASYNC_PER_CORE = 4, 1

# Claim "asyncio with a blocking driver is worse than plain threads":
# threads serve the waiting query at least WORSE_BY times the blocking
# loop's rate, and GET / waits at least as long (within NOISE) in the loop.
WORSE_BY = 1.5
# Claim "an executor rescues it up to its pool size": the executor serves
# at least RESCUE_BY times the blocking loop and reaches CAP_REACHED of its
# cap (threads / query time), never more than the cap (within NOISE).
RESCUE_BY = 1.5
CAP_REACHED = 0.6
# Claim "greenlets make a blocking driver cooperate": gevent serves at least
# KEEP_UP of the better of threads and asyncpg on the waiting query, and
# keeps GET / within GET_SLACK times the worse of their p99.
KEEP_UP = 0.7
GET_SLACK = 2.0
# Claim (Paterson): the sync workers' capacity at least MATCH of the async
# ones' (medians of each side), and their p99 lower by NOISE at the highest
# offered fraction below 1 both sides were measured at.
MATCH = 1 - NOISE
# Other processes' share of the machine's CPU (other_cpu_frac) above which
# the verdict says the p99 half was measured on a shared machine.
SHARED = 0.25


def is_python(m):
    return gil.language(m) == "python"


deployed = gil.deployed


def has_drivers(m):
    return M.honours(m, "--driver")


def driver_models(models, mode):
    """Part one's Python peers, in run order."""
    py = [m for m in models if is_python(m) and not deployed(m)
          and K.serves(m, "/dbsleep")]
    if mode == "full":
        return py
    return [m for m in py if M.about(m).get("library") in DRIVER_LIBRARIES]


def yardstick(models):
    """Our plain C event loop over epoll, on non-blocking libpq."""
    m = gil.c_reference(models, gil.LOOP_KIND, "epoll")
    return m if m and M.poller(m) == "epoll" and K.serves(m, "/dbsleep") \
        else None


def smoke_stand_in(models):
    """Without a Python peer, in smoke mode: the yardstick, or else our C
    thread-per-connection model (blocking libpq), so the lesson runs."""
    return yardstick(models) or gil.c_reference(models, gil.THREAD_KIND)


def deployed_models(models):
    return [m for m in models if deployed(m) and K.serves(m, "/db")]


def is_sync(m):
    """A deployed server whose workers serve one request at a time."""
    return M.is_thread(m)


def _cores(ctx):
    return len(ctx.cfg.get("server_cpus") or []) or 1


def _workers(m, cores):
    a = M.about(m)
    per = a.get("workers_per_core") or (
        SYNC_PER_CORE if is_sync(m) else ASYNC_PER_CORE)
    return max(1, int(per) * cores)


def points(ctx):
    py = driver_models(ctx.models, ctx.mode)
    web = deployed_models(ctx.models)
    ref = yardstick(ctx.models)
    if not py and not web and ctx.mode == "smoke":
        ref = smoke_stand_in(ctx.models)
    if not py and not web and not ref:
        ctx.note("skipped", "no Python peer in this run (PEERS=1 adds "
                 "the peers)")
        return []
    xs = ctx.sweep()
    ctx.note("sleep_ms", SLEEP_MS)
    ctx.note("db_pool", DB_POOL)
    ctx.note("executor_threads", EXECUTOR_THREADS)
    duration = max(ctx.cfg["duration"], MIN_DURATION_S)
    part1 = py + ([ref] if ref else [])

    def make(m, n):
        loads = [(k, p) for k, p in LOADS
                 if k != "db" or ctx.mode in DB_EVERYWHERE or n == max(xs)]
        pool = ["--db-pool", str(DB_POOL)] if M.honours(m, "--db-pool") \
            else []
        common = dict(connections=GET_CONNS, db=True, duration=duration,
                      timeout=30.0)
        out = []
        for load, path in loads:
            bg = {"path": path, "connections": n}
            params = {"part": "driver", "load": load, "db_pool": DB_POOL}
            if has_drivers(m):
                for v in DRIVERS:
                    args = [f"--driver={v}"] + pool
                    kw = {}
                    if v == "executor":
                        args += ["--workers", str(EXECUTOR_THREADS)]
                        kw["workers"] = EXECUTOR_THREADS
                    out.append(ctx.point(m, variant=v, background=bg,
                                         params=params, server_args=args,
                                         **common, **kw))
            else:
                out.append(ctx.point(m, background=bg, params=params,
                                     server_args=pool, **common))
        return out
    # Without a Python peer (smoke mode only) the yardstick alone, so the
    # harness test sees the lesson work.
    pts = ctx.interleave(xs, make, models=part1) if part1 else []

    if web:
        cores = _cores(ctx)
        conns = DEPLOYED_CONNS[ctx.mode]
        fractions = ctx.sweep(FRACTIONS, env="FRACTIONS")
        sync_conns = sum(_workers(m, cores) for m in web if is_sync(m)) // \
            max(1, len([m for m in web if is_sync(m)]))
        ctx.note("deployed", {"connections": conns, "fractions": fractions,
                              "cores": cores,
                              "db_connections": sync_conns or DB_POOL})
        ctx.note("sweep", xs)

        def deploy(m, f):
            w = _workers(m, cores)
            per = 1 if is_sync(m) else max(
                1, math.ceil((sync_conns or DB_POOL) / w))
            args = ["--workers", str(w), "--db-pool", str(per)]
            params = {"part": "deployed", "db_connections": per * w}
            common = dict(connections=conns, db=True, path="/db",
                          workers=w, server_args=args, params=params,
                          duration=duration, timeout=30.0)
            if f is None:
                return [ctx.point(m, variant=CAPACITY, **common)]
            return [ctx.point(m, offered_fraction=f, **common)]
        pts += ctx.interleave([None] + list(fractions), deploy, models=web)
    return pts


def capacity(run, model):
    """A deployed server's capacity on /db: the median throughput of this
    run's closed-loop probes of it."""
    vals = sorted(float(r["rps"]) for r in run.rows
                  if r["scenario"] == NAME and r["model"] == model
                  and r["variant"] == CAPACITY and r["status"] == "ok"
                  and r["rps"])
    return vals[len(vals) // 2] if vals else None


def prepare(run, pt):
    """The open-loop rate: a fraction of the capacity probed before."""
    if pt["offered_fraction"] is None or pt.get("rate"):
        return None
    cap = capacity(run, pt["model"])
    if not cap:
        return ("no capacity measured for this server on /db (its closed-"
                "loop probe failed)")
    pt["rate"] = max(1, int(cap * pt["offered_fraction"]))
    return None


# ---------------------------------------------------------------- charts --

def _part(r, part):
    return r.get("part") == part


def _driver_title(m, v, t):
    if v in DRIVER_TITLE:
        return f"{m} ({DRIVER_TITLE[v]})"
    lib = M.about(m).get("db_driver")
    if M.plain(m):
        return f"{m} (C, {'non-' if M.is_loop(m) else ''}blocking libpq)"
    return f"{m} ({lib})" if lib else m


def charts(c):
    rows = [r for r in c.summary if r["scenario"] == NAME]
    out = []
    q = SLEEP_MS / 1000.0
    drv = [r for r in rows if _part(r, "driver")]
    if drv:
        models = [m for m in c.models if any(r["model"] == m for r in drv)]
        panels = []
        for load, ycol, scale, ylabel, what in (
                ("dbsleep", "bg_rps", 1, "throughput (requests/s)",
                 f"GET /dbsleep?ms={SLEEP_MS}: a query that waits"),
                ("dbsleep", "lat_p99_us", 1e-3, "GET / p99 latency (ms)",
                 "GET / beside the waiting query"),
                ("db", "bg_rps", 1, "throughput (requests/s)",
                 "GET /db: one quick query"),
                ("db", "lat_p99_us", 1e-3, "GET / p99 latency (ms)",
                 "GET / beside the quick query")):
            p = K.Panel(what, "connections asking the database", ylabel,
                        logx=True, logy=True)
            extra = (lambda r, load=load: _part(r, "driver")
                     and r.get("load") == load)
            c.add(p, NAME, K.x_field("bg_connections"), K.col(ycol, scale),
                  models=models, extra=extra, title_fn=_driver_title)
            p.limited = []
            xs = sorted({K.fnum(r["bg_connections"]) for r in drv
                         if extra(r)} - {None})
            if xs:
                p.xtics = "(" + ", ".join(f'"{K.f_int(v)}" {v:g}'
                                          for v in xs) + ")"
            if load == "dbsleep" and ycol == "bg_rps":
                p.funcs += [
                    (f"{1 / q:g}", f"one query at a time: {1 / q:g} req/s",
                     K.prediction_style(2)),
                    (f"(x<{EXECUTOR_THREADS}?x:{EXECUTOR_THREADS})/{q:g}",
                     f"executor cap: {EXECUTOR_THREADS} threads / "
                     f"{SLEEP_MS} ms", K.prediction_style(3)),
                    (f"(x<{DB_POOL}?x:{DB_POOL})/{q:g}",
                     f"pool cap: {DB_POOL} connections / {SLEEP_MS} ms",
                     K.prediction_style(4))]
            p.key = "top left"
            panels.append(p)
        out.append(K.Chart(
            "pydriver", panels, "No async driver, in Python: asyncio with "
            "psycopg2 inline, in an executor, or asyncpg; threads, gevent, "
            "Twisted; C epoll as the yardstick", 1500, 1250, (2, 2)))
    dep = [r for r in rows if _part(r, "deployed")]
    if dep:
        models = [m for m in c.models if any(r["model"] == m for r in dep)]
        open_ = (lambda r: _part(r, "deployed")
                 and K.fnum(r["offered_fraction"]) is not None)
        p1 = K.Panel("p99 latency on GET /db, open loop",
                     "offered load / the server's capacity",
                     "p99 latency (ms, from the intended send time)",
                     logx=False, logy=True)
        c.add(p1, NAME, K.x_field("offered_fraction"),
              K.col("lat_p99_us", 1e-3), variants=[""], models=models,
              extra=open_, title_fn=_deployed_title)
        p2 = K.Panel("throughput on GET /db", "offered load / the server's "
                     "capacity", "throughput (requests/s)", logx=False,
                     logy=False)
        c.add(p2, NAME, K.x_field("offered_fraction"), K.col("rps"),
              variants=[""], models=models, extra=open_,
              title_fn=_deployed_title)
        c.add(p2, NAME, lambda r: 1.2, K.col("rps"), variants=[CAPACITY],
              models=models, extra=lambda r: _part(r, "deployed"),
              title_fn=lambda m, v, t: "")
        fr = sorted({K.fnum(r["offered_fraction"]) for r in dep
                     if open_(r)} - {None})
        tics = [f'"{f:g}x" {f:g}' for f in fr]
        p1.xtics = "(" + ", ".join(tics) + ")" if tics else None
        p2.xtics = "(" + ", ".join(tics + ['"probe" 1.2']) + ")"
        for p in (p1, p2):
            p.limited = []
            p.key = "top left"
        out.append(K.Chart(
            "pydriver_deployed", [p1, p2], "Async Python is not faster? "
            "Sync workers against async ones on PostgreSQL, open loop at "
            "fractions of each server's capacity (probe: the closed-loop "
            "capacity)", 1500, 620))
    return out


def _deployed_title(m, v, t):
    a = M.about(m)
    side = "sync" if is_sync(m) else "async"
    what = a.get("framework") or a.get("library") or ""
    return f"{m} ({side}, {what})" if what and what != m else \
        f"{m} ({side})"


# ---------------------------------------------------------------- report --

def _bg(d, m, v, load, x):
    rs = [r for r in d.ok(NAME, m, v) if _part(r, "driver")
          and r.get("load") == load and K.fnum(r["bg_connections"]) == x]
    return rs[0] if rs else None


def paragraph(name, d):
    if name == "pydriver_deployed":
        return _paragraph_deployed(d)
    rows = [r for r in d.ok(NAME, variant=None) if _part(r, "driver")]
    if not rows:
        return "No point of this part was measured."
    out = []
    for load, path in LOADS:
        xs = [K.fnum(r["bg_connections"]) for r in rows
              if r.get("load") == load]
        if not xs:
            continue
        x = max(xs)
        parts = []
        for m in d.models:
            for v in (DRIVERS if any(r["model"] == m and r["variant"]
                                     for r in rows) else ("",)):
                r = _bg(d, m, v, load, x)
                if r is None:
                    continue
                p99 = K.fnum(r["lat_p99_us"])
                parts.append("{}: {} req/s, GET / p99 {}".format(
                    _driver_title(m, v, m), K.fmt(K.fnum(r["bg_rps"])),
                    f"{K.fmt(p99 / 1e3)} ms" if p99 else
                    "not one answer in the measured time"))
        out.append(f"With {x:g} connections asking GET {path} and one "
                   "client asking GET / beside them: " + "; ".join(parts)
                   + ".")
    q = SLEEP_MS / 1000.0
    out.append(f"The predictions on the waiting query: psycopg2 inside the "
               f"loop runs one query at a time ({K.fmt(1 / q)} req/s) and "
               f"GET / waits behind the queries of the round; the executor "
               f"runs {EXECUTOR_THREADS} at a time "
               f"({K.fmt(EXECUTOR_THREADS / q)} req/s); asyncpg, threads, "
               f"gevent and Twisted's adbapi as many as their {DB_POOL} "
               f"database connections ({K.fmt(DB_POOL / q)} req/s), when "
               "the one core the server runs on keeps up.")
    return " ".join(out) + K.limited_sentence(d, NAME)


def _paragraph_deployed(d):
    rows = [r for r in d.ok(NAME, variant=None) if _part(r, "deployed")]
    if not rows:
        return "No point of this part was measured."
    parts = []
    for m in d.models:
        cap = [r for r in rows if r["model"] == m
               and r["variant"] == CAPACITY]
        if not cap:
            continue
        r = cap[0]
        w = r["workers"] or "?"
        s = "{} ({}, {} worker{}, {} database connections): {} req/s " \
            "closed loop, {} µs of server CPU a request".format(
                m, "sync" if is_sync(m) else "async", w,
                "" if str(w) == "1" else "s",
                r.get("db_connections") or "?",
                K.fmt(K.fnum(r["rps"])),
                K.fmt_col("server_cpu_us_per_req",
                          K.fnum(r["server_cpu_us_per_req"])))
        lat = sorted((K.fnum(o["offered_fraction"]), K.fnum(o["lat_p99_us"]))
                     for o in rows if o["model"] == m and o["variant"] == ""
                     and K.fnum(o["lat_p99_us"]) is not None)
        if lat:
            s += "; open-loop p99 " + ", ".join(
                f"{K.fmt(p / 1e3)} ms at {f:g}x" for f, p in lat)
        parts.append(s)
    return ("Each server's capacity on GET /db from a closed-loop probe at "
            f"{rows[0]['connections']} connections, then an open loop at "
            "fractions of it, p99 timed from when each request was due: "
            + "; ".join(parts) + ". Paterson measured with a closed loop at "
            "a fixed concurrency, where a server that takes more requests "
            "than it can serve shows it as latency; here each server is "
            "offered the same share of what it can do, so the p99 compares "
            "how each queues, not how much each was offered."
            + K.limited_sentence(d, NAME))


# --------------------------------------------------------------- verdict --

def _get_p99(p):
    """GET /'s p99 in µs, and whether it is a floor (not one answer in the
    window: the window is then the least it waited)."""
    if p["lat_p99_us"]:
        return p["lat_p99_us"], False
    if not p["requests"] and p["duration_s"]:
        return p["duration_s"] * 1e6, True
    return None, False


def _driver_points(points):
    return [p for p in K.ok(points) if p["scenario"] == NAME
            and p.get("part") == "driver" and p.get("load") == "dbsleep"]


def _largest_common(groups):
    """The largest background connection count every group has a point
    at, or None."""
    sets = [{p["bg_connections"] for p in g} for g in groups]
    common = set.intersection(*sets) if sets else set()
    return max(common) if common else None


def _one(ps, x):
    at = [p for p in ps if p["bg_connections"] == x]
    return max(at, key=lambda p: K.z(p["bg_rps"])) if at else None


def _who(p):
    return _driver_title(p["model"], p["variant"], p["model"])


def _get_text(p99, floor):
    return ("over " + f_us(p99) + ", not one answer in the window") \
        if floor else f_us(p99)


def _blocking_and_threads(points):
    pts = _driver_points(points)
    blocked = [p for p in pts if p["variant"] == "blocking"]
    threads = [p for p in pts if is_python(p["model"])
               and M.kind(p["model"]) == "thread-per-connection"]
    return pts, blocked, threads


def _claim_blocking(points, manifest):
    pts, blocked, threads = _blocking_and_threads(points)
    if not blocked or not threads:
        return K.verdict("pydriver-blocking", NO_DATA, (
            "The run has no {} on GET /dbsleep.").format(
            "asyncio loop with a blocking driver" if not blocked else
            "Python thread-per-connection server"), {})
    x = _largest_common([blocked, threads])
    if x is None:
        return K.verdict("pydriver-blocking", NO_DATA, "The blocking loop "
                         "and the threads were not measured at the same "
                         "connection count.", {})
    b, t = _one(blocked, x), _one(threads, x)
    b_p99, b_floor = _get_p99(b)
    t_p99, _ = _get_p99(t)
    numbers = {"connections": x, _who(b) + " req/s": b["bg_rps"],
               _who(b) + " GET / p99 us": b_p99,
               t["model"] + " req/s": t["bg_rps"],
               t["model"] + " GET / p99 us": t_p99}
    if not b["bg_rps"] or not t["bg_rps"] or not b_p99 or not t_p99:
        return K.verdict("pydriver-blocking", NO_DATA, "The points have no "
                         "/dbsleep throughput or no GET / latency.", numbers)
    more = t["bg_rps"] / b["bg_rps"]
    later = b_p99 / t_p99
    numbers["threads / blocking loop, req/s"] = more
    numbers["blocking loop / threads, GET / p99"] = later
    summary = ("With {} connections on a query that waits {} ms, {} with "
               "psycopg2 inside the loop served {} req/s and kept GET / "
               "waiting {} (p99); {} served {} req/s ({} as many), GET / "
               "p99 {}.").format(
        f_int(x), f_int(SLEEP_MS), b["model"], f_rps(b["bg_rps"]),
        _get_text(b_p99, b_floor), t["model"], f_rps(t["bg_rps"]),
        f_ratio(more), f_us(t_p99))
    limited = b["client_limited"] or t["client_limited"]
    verdict, more_text = K.grade_blocking(
        x, more, later, limited, WORSE_BY,
        "The blocking loop kept up with the threads on the waiting query.",
        "GET / fared better in the blocking loop than beside the threads.")
    summary += more_text
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "In Python without an async driver, plain threads beat an "
            "asyncio loop that calls it: {} against {} req/s on a {} ms "
            "query").format(f_rps(t["bg_rps"]), f_rps(b["bg_rps"]),
                            f_int(SLEEP_MS))}
    return K.verdict("pydriver-blocking", verdict, summary, numbers,
                     decision)


def _claim_executor(points, manifest):
    pts = _driver_points(points)
    ex = [p for p in pts if p["variant"] == "executor"]
    blocked = [p for p in pts if p["variant"] == "blocking"]
    if not ex or not blocked:
        return K.verdict("pydriver-executor", NO_DATA, "The run has no "
                         "asyncio loop with {} on GET /dbsleep.".format(
                             "an executor" if not ex else "a blocking "
                             "driver"), {})
    x = _largest_common([ex, blocked])
    if x is None:
        return K.verdict("pydriver-executor", NO_DATA, "The executor and "
                         "the blocking driver were not measured at the "
                         "same connection count.", {})
    e, b = _one(ex, x), _one(blocked, x)
    threads = int(e["workers"] or EXECUTOR_THREADS)
    cap = min(x, threads) / (SLEEP_MS / 1000.0)
    numbers = {"connections": x, "executor threads": threads,
               "cap req/s": cap, "executor req/s": e["bg_rps"],
               "blocking req/s": b["bg_rps"]}
    if not e["bg_rps"] or not b["bg_rps"]:
        return K.verdict("pydriver-executor", NO_DATA, "The points have no "
                         "/dbsleep throughput.", numbers)
    rescued = e["bg_rps"] / b["bg_rps"]
    reach = e["bg_rps"] / cap
    numbers["executor / blocking"] = rescued
    numbers["executor / cap"] = reach
    summary = ("With {} connections on a {} ms query, {} threads in the "
               "executor served {} req/s, {} of their cap of {} / {} ms = "
               "{} req/s, and {} what psycopg2 inside the loop served "
               "({} req/s).").format(
        f_int(x), f_int(SLEEP_MS), f_int(threads), f_rps(e["bg_rps"]),
        f_pct(reach), f_int(threads), f_int(SLEEP_MS), f_rps(cap),
        f_ratio(rescued), f_rps(b["bg_rps"]))
    a = [p for p in pts if p["bg_connections"] == x
         and p["model"] == e["model"] and p["variant"] == "async"]
    if a and a[0]["bg_rps"]:
        numbers["asyncpg req/s"] = a[0]["bg_rps"]
        summary += " The same loop with asyncpg: {} req/s.".format(
            f_rps(a[0]["bg_rps"]))
    e_p99, _ = _get_p99(e)
    b_p99, _ = _get_p99(b)
    if e_p99 and b_p99:
        summary += " GET / p99 {} beside the executor, {} beside the " \
            "blocking driver.".format(f_us(e_p99), f_us(b_p99))
    if x <= threads:
        verdict = NOT_VISIBLE
        summary += (" No more connections than threads: the cap is not "
                    "reached by design.")
    elif rescued >= RESCUE_BY and CAP_REACHED <= reach <= 1 + NOISE:
        verdict = CONFIRMED
    elif e["client_limited"] and reach < CAP_REACHED:
        verdict = NOT_VISIBLE
        summary += " The load generator, not the server, was the limit."
    else:
        verdict = REFUTED
        if rescued < RESCUE_BY:
            summary += " The executor did not lift the loop off one query " \
                "at a time."
        elif reach < CAP_REACHED:
            summary += (" It fell short of its cap: the loop's own CPU, not "
                        "the threads, set the pace.")
        else:
            summary += " It passed its cap: the threads were not the limit."
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "An asyncio program stuck with a blocking driver: run it in an "
            "executor sized for the load: {} threads on a {} ms query cap "
            "it at {} req/s").format(f_int(threads), f_int(SLEEP_MS),
                                     f_rps(cap))}
    return K.verdict("pydriver-executor", verdict, summary, numbers,
                     decision)


def _claim_gevent(points, manifest):
    pts = _driver_points(points)
    green = [p for p in pts if is_python(p["model"])
             and M.about(p["model"]).get("library") == "gevent"]
    _, blocked, threads = _blocking_and_threads(points)
    asyncpg = [p for p in pts if p["variant"] == "async"]
    if not green or not (threads or asyncpg):
        return K.verdict("pydriver-gevent", NO_DATA, "The run has no {} on "
                         "GET /dbsleep.".format(
                             "gevent server" if not green else
                             "Python threads or asyncpg"), {})
    refs = [g for g in (threads, asyncpg) if g]
    x = _largest_common([green] + refs)
    if x is None:
        return K.verdict("pydriver-gevent", NO_DATA, "gevent and the servers "
                         "it is judged against were not measured at the "
                         "same connection count.", {})
    g = _one(green, x)
    rs = [_one(r, x) for r in refs]
    g_p99, g_floor = _get_p99(g)
    numbers = {"connections": x, _who(g) + " req/s": g["bg_rps"],
               _who(g) + " GET / p99 us": g_p99}
    p99s = []
    for r in rs:
        numbers[_who(r) + " req/s"] = r["bg_rps"]
        p99, _ = _get_p99(r)
        numbers[_who(r) + " GET / p99 us"] = p99
        if p99:
            p99s.append(p99)
    best = max(rs, key=lambda r: K.z(r["bg_rps"]))
    if not g["bg_rps"] or not best["bg_rps"] or not g_p99 or not p99s:
        return K.verdict("pydriver-gevent", NO_DATA, "The points have no "
                         "/dbsleep throughput or no GET / latency.", numbers)
    share = g["bg_rps"] / best["bg_rps"]
    slack = g_p99 / max(p99s)
    numbers["gevent / best of the others, req/s"] = share
    numbers["gevent / worst of the others, GET / p99"] = slack
    summary = ("With {} connections on a {} ms query, {} (psycopg2 made to "
               "yield by psycogreen) served {} req/s, {} of {}'s {}; GET / "
               "p99 {} against {}.").format(
        f_int(x), f_int(SLEEP_MS), g["model"], f_rps(g["bg_rps"]),
        f_pct(share), _who(best), f_rps(best["bg_rps"]),
        _get_text(g_p99, g_floor), " and ".join(
            "{} {}".format(_who(r), f_us(_get_p99(r)[0])) for r in rs))
    b = _one(blocked, x) if blocked else None
    if b is not None and b["bg_rps"]:
        summary += " psycopg2 inside an asyncio loop: {} req/s.".format(
            f_rps(b["bg_rps"]))
    if x <= 1:
        verdict = NOT_VISIBLE
        summary += " One connection at a time cannot show the queueing."
    elif share >= KEEP_UP and slack <= GET_SLACK:
        verdict = CONFIRMED
    elif g["client_limited"] and share < KEEP_UP:
        verdict = NOT_VISIBLE
        summary += " The load generator, not the server, was the limit."
    else:
        verdict = REFUTED
        summary += (" The greenlets fell behind on the waiting query."
                    if share < KEEP_UP else
                    " GET / waited far longer beside the greenlets.")
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "A blocking driver on green threads (gevent + psycogreen) "
            "cooperates: {} req/s against {} for {}").format(
            f_rps(g["bg_rps"]), f_rps(best["bg_rps"]), _who(best))}
    return K.verdict("pydriver-gevent", verdict, summary, numbers, decision)


def _deployed_points(points):
    return [p for p in K.ok(points) if p["scenario"] == NAME
            and p.get("part") == "deployed"]


def _median(vals):
    vals = sorted(v for v in vals if v is not None)
    if not vals:
        return None
    n = len(vals)
    return vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2


def _claim_paterson(points, manifest):
    pts = _deployed_points(points)
    caps = {p["model"]: p for p in pts if p["variant"] == CAPACITY
            and p["rps"]}
    sync = sorted(m for m in caps if is_sync(m))
    asyn = sorted(m for m in caps if M.is_loop(m))
    if not sync or not asyn:
        return K.verdict("pydriver-paterson", NO_DATA, "The run has no {} "
                         "server measured on GET /db.".format(
                             "sync" if not sync else "async"), {})
    opened = [p for p in pts if p["variant"] == ""
              and p["offered_fraction"] is not None and p["lat_p99_us"]]
    # The highest offered fraction below capacity both sides have.
    fr = sorted({p["offered_fraction"] for p in opened
                 if p["model"] in sync and p["offered_fraction"] < 1}
                & {p["offered_fraction"] for p in opened
                   if p["model"] in asyn and p["offered_fraction"] < 1})
    numbers = {}
    for m in sync + asyn:
        numbers[m + " req/s"] = caps[m]["rps"]
        numbers[m + " CPU us/req"] = caps[m]["server_cpu_us_per_req"]
    s_cap = _median(caps[m]["rps"] for m in sync)
    a_cap = _median(caps[m]["rps"] for m in asyn)
    match = s_cap / a_cap
    numbers["sync / async, req/s"] = match
    summary = ("On GET /db, the sync servers ({}) served a median {} req/s "
               "closed loop and the async ones ({}) {}: {} as much.").format(
        ", ".join(f"{m} {f_rps(caps[m]['rps'])}" for m in sync),
        f_rps(s_cap), ", ".join(f"{m} {f_rps(caps[m]['rps'])}"
                                for m in asyn), f_rps(a_cap),
        f_ratio(match))
    if not fr:
        return K.verdict("pydriver-paterson", NOT_VISIBLE, summary + " No "
                         "open-loop point below capacity on both sides: "
                         "the p99 half cannot be judged.", numbers)
    f = fr[-1]
    at = {p["model"]: p for p in opened if p["offered_fraction"] == f}
    s_p99 = _median(at[m]["lat_p99_us"] for m in sync if m in at)
    a_p99 = _median(at[m]["lat_p99_us"] for m in asyn if m in at)
    for m in sync + asyn:
        if m in at:
            numbers[m + f" p99 us at {f:g}x"] = at[m]["lat_p99_us"]
    # The p99 half over every fraction below capacity both sides have
    # (the median of async / sync), so one disturbed point does not
    # decide it alone.
    tails = []
    for g in fr:
        there = {p["model"]: p for p in opened if p["offered_fraction"] == g}
        sp = _median(there[m]["lat_p99_us"] for m in sync if m in there)
        ap = _median(there[m]["lat_p99_us"] for m in asyn if m in there)
        if sp and ap:
            tails.append((g, ap / sp, sp, ap))
    tail = _median(t[1] for t in tails)
    numbers["async / sync, p99"] = tail
    summary += (" Open loop at {} of each one's capacity, p99 from the "
                "intended send: sync {} ({}), async {} ({}).").format(
        f_pct(f), f_us(s_p99), ", ".join(
            f"{m} {f_us(at[m]['lat_p99_us'])}" for m in sync if m in at),
        f_us(a_p99), ", ".join(f"{m} {f_us(at[m]['lat_p99_us'])}"
                                for m in asyn if m in at))
    s_cpu = _median(caps[m]["server_cpu_us_per_req"] for m in sync)
    a_cpu = _median(caps[m]["server_cpu_us_per_req"] for m in asyn)
    if len(tails) > 1:
        summary += " Sync against async p99 (medians) at every fraction: " \
            "{}.".format(", ".join(f"{f_us(sp)} against {f_us(ap)} at "
                                   f"{f_pct(g)}" for g, _, sp, ap in tails))
    matched = match >= MATCH
    beat = tail >= 1 + NOISE
    if matched and beat:
        verdict = CONFIRMED
        summary += " As Paterson found."
    else:
        verdict = REFUTED
        halves = [("the throughput half held" if matched else
                   "the async servers served {} the sync ones".format(
                       f_ratio(1 / match))),
                  ("the p99 half held (async {} the sync p99)".format(
                      f_ratio(tail)) if beat else
                   "the p99s were within {} of each other (sync {} the "
                   "async)".format(f_pct(NOISE), f_ratio(1 / tail))
                   if tail > 1 / (1 + NOISE) else
                   "the sync p99 was {} the async one".format(
                       f_ratio(1 / tail)))]
        summary += " Here " + " and ".join(halves) + "."
    closing = [m for m in sync if M.about(m).get("keep_alive") is False]
    if closing:
        summary += (" {} close the connection after every response (their "
                    "--about says keep_alive false), so each of their "
                    "requests also pays a new TCP connection.").format(
            K.and_list(closing))
    if s_cpu and a_cpu:
        numbers["sync CPU us/req"] = s_cpu
        numbers["async CPU us/req"] = a_cpu
        summary += (" Why: server CPU a request (medians) was sync {}, "
                    "async {}").format(f_us(s_cpu), f_us(a_cpu))
        if (s_cpu < a_cpu) == (s_cap > a_cap):
            summary += ("; the side that spends less CPU a request served "
                        "more, on the same cores and the same database "
                        "connections.")
        else:
            summary += ("; the side that served more spent more CPU a "
                        "request: how each waits for the database, not "
                        "its CPU, set the pace.")
    summary += (" A sync worker takes one request at a time and leaves the "
                "rest in the kernel's accept queue, first come first "
                "served; an async worker takes them all and interleaves "
                "them, so each waits behind every other in flight.")
    summary += (" That kept the sync tail shorter here, as Paterson "
                "explained his." if beat else " Here that did not give "
                "the sync workers the shorter tail.")
    busy = _median(p.get("other_cpu_frac") for p in
                   list(caps.values()) + [p for p in opened
                                          if p["offered_fraction"] in fr])
    if busy is not None and busy > SHARED:
        numbers["other processes' CPU share"] = busy
        summary += (" Other processes used a median {} of the machine's "
                    "CPU during these points: on a shared machine one "
                    "repetition's p99 moves with them.").format(f_pct(busy))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "Deploying Python on a database: sync workers (gunicorn, "
            "uWSGI) matched async ones on throughput ({} req/s against {})"
            " with a lower p99 ({} against {})").format(
            f_rps(s_cap), f_rps(a_cap), f_us(s_p99), f_us(a_p99))}
    return K.verdict("pydriver-paterson", verdict, summary, numbers,
                     decision)


CLAIMS = [
    Claim("pydriver-blocking", "asyncio with a blocking driver is worse "
          "than plain threads", NAME, "pydriver", 61, _claim_blocking),
    Claim("pydriver-executor", "An executor rescues it up to its pool "
          "size", NAME, "pydriver", 62, _claim_executor),
    Claim("pydriver-gevent", "Greenlets make a blocking driver cooperate",
          NAME, "pydriver", 63, _claim_gevent),
    Claim("pydriver-paterson", "With a real database, sync Python workers "
          "match async ones on throughput and beat them on p99 (Cal "
          "Paterson, \"Async Python is not faster\", 2020)", NAME,
          "pydriver_deployed", 64, _claim_paterson),
]
