"""driver - an event loop with no async database driver.

The talks' "No: no async driver": an event loop is only as asynchronous
as the libraries it calls.  Every point holds two loads at once:
connections asking the database (GET /dbsleep?ms=10, a query that waits
10 ms inside PostgreSQL, and GET /db, TFB's single quick query) and one
client asking GET /, which needs no database at all.  Each event loop is
measured three ways, with the same DB_POOL database connections:

  async     (default) non-blocking libpq, the database's sockets watched
            by the loop's own poller, queries pipelined
  blocking  --blocking: blocking libpq called inline in the loop, one
            query at a time, every other connection waiting for it
  offload   --offload --workers 4: blocking libpq in a pool of 4 threads,
            each with its own connection, the answer handed back to the
            loop

beside a thread pool of the same 4 workers and a thread per connection,
both blocking on a pool of DB_POOL connections.  The predictions for the
waiting query: a loop that blocks runs one query at a time (1 / 10 ms =
100 req/s), everything else runs as many at once as it has database
connections or workers (4 / 10 ms = 400 req/s), and nothing beats the
connections themselves (connections / 10 ms).  GET / shows who else
waits: in the blocking loop it queues behind every query of the round.
"""
import kit as K
import models as M
from kit import CONFIRMED, NO_DATA, Claim, f_int, f_rps, f_us

NAME = "driver"
ABOUT = ("GET / beside database load (/dbsleep?ms=10, /db): async libpq, "
         "blocking libpq in the loop or offloaded, and threads")
ORDER = 67
# x: the connections asking the database at the same time.
SWEEP = {"smoke": [16], "quick": [32], "default": [8, 32],
         "full": [8, 32, 128]}
SLEEP_MS = 10
WORKERS = 4
DB_POOL = 4
GET_CONNS = 1
# Long enough for dozens of 10 ms queries in every mode and, with the
# loop blocked, a few GET / answers.
MIN_DURATION_S = 1.0
# The event loops measured outside the full run: one plain loop and one
# library, to keep the default run short (every loop in the full run).
SHORT_RUN_LOOPS = ("epoll", "libuv")

LOADS = (("dbsleep", f"/dbsleep?ms={SLEEP_MS}"), ("db", "/db"))
# GET /db, the quick query, at the largest count only outside the full run.
DB_EVERYWHERE = ("full",)
MODES = (("", {}), ("blocking", {"blocking": True}),
         ("offload", {"offload": True, "workers": WORKERS}))
MODE_TITLE = {"": "async libpq", "blocking": "--blocking: libpq inline",
              "offload": f"--offload: libpq in {WORKERS} threads"}

# The claim: confirmed when the best loop with blocking libpq inline serves
# the waiting query at most 1 / WORSE_BY of the thread pool's throughput
# and keeps GET / waiting at least as long (within NOISE) as the pool does.
WORSE_BY = 1.5


def _loops(ctx):
    loops = [m for m in ctx.models if M.is_single_loop(m)
             and M.honours(m, "--blocking") and M.honours(m, "--offload")
             and K.serves(m, "/dbsleep")]
    if ctx.mode == "full":
        return loops
    short = [m for m in loops if m in SHORT_RUN_LOOPS]
    return short or loops[:1]


def _threads(ctx):
    return [m for m in ctx.models
            if M.kind(m) in ("thread-pool", "thread-per-connection")
            and K.serves(m, "/dbsleep")]


def points(ctx):
    xs = ctx.sweep()
    ctx.note("sleep_ms", SLEEP_MS)
    ctx.note("workers", WORKERS)
    ctx.note("db_pool", DB_POOL)
    duration = max(ctx.cfg["duration"], MIN_DURATION_S)
    loops, threads = _loops(ctx), _threads(ctx)

    def make(m, n):
        loads = [(k, p) for k, p in LOADS
                 if k != "db" or ctx.mode in DB_EVERYWHERE or n == max(xs)]
        pool = ["--db-pool", str(DB_POOL)] if M.honours(m, "--db-pool") \
            else []
        common = dict(connections=GET_CONNS, db=True, duration=duration,
                      timeout=30.0, server_args=pool)
        out = []
        for load, path in loads:
            bg = {"path": path, "connections": n}
            params = {"load": load, "db_pool": DB_POOL}
            if m in loops:
                out += [ctx.point(m, variant=v, background=bg,
                                  params=params, **common, **kw)
                        for v, kw in MODES]
            elif m in threads:
                kw = {"workers": WORKERS} if M.is_pool(m) else {}
                out.append(ctx.point(m, background=bg, params=params,
                                     **common, **kw))
        return out
    return ctx.interleave(xs, make)


# ---------------------------------------------------------------- charts --

def _title(m, v, t):
    return f"{m} ({MODE_TITLE[v]})" if M.is_loop(m) else (
        f"{m} ({WORKERS} workers)" if M.is_pool(m) else m)


# The columns of the chart: the ways a database call is waited for.
COLUMNS = (("", "async libpq"),
           ("blocking", "--blocking: libpq inline"),
           ("offload", f"--offload: libpq in {WORKERS} threads"),
           ("threads", "threads block on libpq"))


def _same_scale(row):
    """One y range for a row of log panels, with room for the key."""
    ys = [v for p in row for s_ in p.series for q in s_.points
          for v in q[1:] if v > 0]
    ys += [float(e) for p in row for e, _, _ in p.funcs
           if e.replace(".", "", 1).isdigit()]
    if ys:
        lo, hi = min(ys) / 2, max(ys) * 1.5
        for p in row:
            p.yrange = (lo, hi * (hi / lo) ** 0.6)


def charts(c):
    """Four columns, one per way of waiting for the database; rows: the
    waiting query's throughput, GET / beside it, the quick query's
    throughput."""
    sleep_ms = SLEEP_MS
    q = sleep_ms / 1000.0
    x = "connections asking the database"
    threads = [m for m in c.models if M.kind(m) in
               ("thread-pool", "thread-per-connection")]
    loops = [m for m in c.models if M.is_loop(m)]
    rows = ([], [], [])
    for mode, head in COLUMNS:
        if mode == "threads":
            models, variants = threads, [""]
        else:
            models, variants = loops, [mode]
        for i, (load, ycol, scale, ylabel) in enumerate((
                ("dbsleep", "bg_rps", 1, "throughput (requests/s)"),
                ("dbsleep", "lat_p99_us", 1e-3, "GET / p99 latency (ms)"),
                ("db", "bg_rps", 1, "throughput (requests/s)"))):
            what = (f"GET /dbsleep?ms={sleep_ms:g}", "GET / beside it",
                    "GET /db, a quick query")[i]
            p = K.Panel(f"{head}: {what}", x, ylabel,
                        logx=True, logy=True)
            extra = (lambda r, load=load: r.get("load") == load)
            c.add(p, NAME, K.x_field("bg_connections"), K.col(ycol, scale),
                  variants=variants, models=models, extra=extra,
                  title_fn=lambda m, v, t: m if M.is_loop(m) else
                  _title(m, v, t))
            p.limited = []
            xs = sorted({K.fnum(r["bg_connections"]) for r in c.summary
                         if r["scenario"] == NAME and extra(r)} - {None})
            p.xtics = "(" + ", ".join(f'"{K.f_int(v)}" {v:g}'
                                      for v in xs) + ")"
            if i == 0:
                if mode == "blocking":
                    p.funcs.append((f"{1 / q:g}", "predicted: one query at "
                                    f"a time = {1 / q:g} req/s",
                                    K.prediction_style(3)))
                else:
                    who = {"": f"{DB_POOL} database connections",
                           "offload": f"{WORKERS} workers",
                           "threads": f"{WORKERS}"}[mode]
                    p.funcs.append((f"(x<{DB_POOL}?x:{DB_POOL})/{q:g}",
                                    f"predicted: min(connections, {who})"
                                    f" / {sleep_ms:g} ms",
                                    K.prediction_style(3)))
            if i == 1:
                if mode == "blocking":
                    p.funcs.append((f"x*{sleep_ms:g}", "one round of "
                                    f"queries: connections x {sleep_ms:g}"
                                    " ms", K.prediction_style(3)))
                starved = sorted({K.fnum(r["bg_connections"])
                                  for r in c.summary
                                  if r["scenario"] == NAME and extra(r)
                                  and r["model"] in models
                                  and r["variant"] in variants
                                  and r["status"] == "ok"
                                  and not K.fnum(r["lat_p99_us"])} - {None})
                if starved:
                    p.note = ("missing at {}: no GET / answered".format(
                        ", ".join(f"{v:g}" for v in starved)))
            rows[i].append(p)
    for row in rows:
        _same_scale(row)
    return [K.Chart("driver", rows[0] + rows[1] + rows[2],
                    "No async driver: the database called from an event "
                    "loop (async, inline, offloaded) and from threads; GET / "
                    "beside it", 1800, 1300, (3, 4))]


# ---------------------------------------------------------------- report --

def _cpu_per_req(r):
    """Server CPU µs per request of both loads (the engine's figure counts
    the measured GET / requests only, and here the database load is the
    bulk of the work)."""
    cpu, dur = K.fnum(r.get("server_cpu_s")), K.fnum(r.get("duration_s"))
    n = (K.fnum(r.get("rps")) or 0) + (K.fnum(r.get("bg_rps")) or 0)
    if cpu is None or not dur or n <= 0:
        return None
    return cpu * 1e6 / (n * dur)


def _row(d, m, variant, load, x):
    rs = [r for r in d.ok(NAME, m, variant) if r.get("load") == load
          and K.fnum(r["bg_connections"]) == x]
    return rs[0] if rs else None


def paragraph(name, d):
    rows = [r for r in d.ok(NAME, variant=None)]
    if not rows:
        return "No point of this scenario was measured."
    sleep_ms = K.fnum(rows[0].get("sleep_ms")) or SLEEP_MS
    out = []
    for load, path in LOADS:
        xs = [K.fnum(r["bg_connections"]) for r in rows
              if r.get("load") == load]
        if not xs:
            continue
        x = max(xs)
        parts = []
        for m in d.models:
            for v, _ in MODES:
                r = _row(d, m, v, load, x)
                if r is None:
                    continue
                p99 = K.fnum(r["lat_p99_us"])
                get = (f"GET / p99 {K.fmt(p99 / 1e3)} ms" if p99 else
                       "GET / not answered in the measured time")
                cpu = _cpu_per_req(r)
                parts.append(f"{_title(m, v, m)}: {K.fmt(K.fnum(r['bg_rps']))}"
                             f" req/s, {get}" + (
                                 f", {K.fmt_col('server_cpu_us_per_req', cpu)}"
                                 " µs CPU/request" if cpu is not
                                 None else ""))
        out.append(f"With {x:g} connections asking GET {path} and one "
                   "client asking GET / beside them: " + "; ".join(parts)
                   + ".")
    q = sleep_ms / 1000.0
    out.append(f"A loop that calls blocking libpq inline runs one query at "
               f"a time: at most 1 / {sleep_ms:g} ms = {K.fmt(1 / q)} req/s "
               f"on the waiting query, and GET / waits behind every query "
               f"of the round. With {DB_POOL} database connections (or "
               f"{WORKERS} workers) the others reach {K.fmt(DB_POOL / q)} "
               "req/s; an async driver is what lets one thread keep all its "
               "connections busy. (CPU/request: the server's CPU time over "
               "the requests of both loads.)")
    return " ".join(out) + K.limited_sentence(d, NAME)


# --------------------------------------------------------------- verdict --

def _get_p99(p):
    """GET /'s p99 in µs, and whether it is only a floor (not one answer
    in the window: the window is then the least it waited)."""
    if p["lat_p99_us"]:
        return p["lat_p99_us"], False
    if not p["requests"] and p["duration_s"]:
        return p["duration_s"] * 1e6, True
    return None, False


def _claim_driver(points, manifest):
    pts = [p for p in K.ok(points) if p["scenario"] == NAME
           and p.get("load") == "dbsleep"]
    blocked = [p for p in pts if p["variant"] == "blocking"
               and M.is_loop(p["model"])]
    pools = [p for p in pts if M.is_pool(p["model"]) and p["variant"] == ""]
    if not blocked or not pools:
        return K.verdict("driver", NO_DATA, (
            "The run has no {} on GET /dbsleep.").format(
            "event loop with blocking libpq inline" if not blocked
            else "thread pool"), {})
    xs = {p["bg_connections"] for p in blocked} & \
        {p["bg_connections"] for p in pools}
    if not xs:
        return K.verdict("driver", NO_DATA, "The blocking loops and the "
                         "thread pool were not measured at the same "
                         "connection count.", {})
    x = max(xs)
    at = [p for p in pts if p["bg_connections"] == x]
    # Judge the loop that did best with its driver inline: the claim is
    # about the missing driver, not about one loop's weakness.
    b = max((p for p in at if p in blocked), key=lambda p: K.z(p["bg_rps"]))
    t = max((p for p in at if p in pools), key=lambda p: K.z(p["bg_rps"]))
    numbers = {"connections": x}
    for p in sorted(at, key=lambda p: (p["model"], p["variant"])):
        key = p["model"] + (f" {p['variant']}" if p["variant"] else "")
        numbers[key + " /dbsleep req/s"] = p["bg_rps"]
        numbers[key + " GET / p99 us"] = p["lat_p99_us"]
    b_p99, starved = _get_p99(b)
    t_p99, t_starved = _get_p99(t)
    if not b["bg_rps"] or not t["bg_rps"] or b_p99 is None or t_p99 is None:
        return K.verdict("driver", NO_DATA, "The points have no /dbsleep "
                         "throughput or no GET / latency.", numbers)
    slower = t["bg_rps"] / b["bg_rps"]
    later = b_p99 / t_p99
    numbers["thread pool / blocking loop, /dbsleep req/s"] = slower
    numbers["blocking loop / thread pool, GET / p99"] = later
    workers = t["workers"] or WORKERS
    summary = ("With {} connections on a query that waits {} ms, {} with "
               "blocking libpq inline served {} req/s and kept GET / "
               "waiting {} (p99); {} with {} workers served {} req/s ({} "
               "more), GET / p99 {}.").format(
        f_int(x), f_int(SLEEP_MS), b["model"], f_rps(b["bg_rps"]),
        ("over " + f_us(b_p99) + ", not one answer in the window")
        if starved else f_us(b_p99), t["model"], f_int(workers),
        f_rps(t["bg_rps"]), f"{slower:.1f}x", f_us(t_p99))
    for v, what in (("", "async libpq"),
                    ("offload", "libpq offloaded to its pool")):
        same = [p for p in at if p["model"] == b["model"]
                and p["variant"] == v]
        if same:
            p99, _ = _get_p99(same[0])
            summary += (" The same loop with {}: {} req/s, GET / p99 "
                        "{}.").format(what, f_rps(same[0]["bg_rps"]),
                                      f_us(p99))
    tpc = [p for p in at if M.kind(p["model"]) == "thread-per-connection"]
    if tpc:
        p99, _ = _get_p99(tpc[0])
        summary += " {}: {} req/s, GET / p99 {}.".format(
            tpc[0]["model"], f_rps(tpc[0]["bg_rps"]), f_us(p99))
    db = [p for p in K.ok(points) if p["scenario"] == NAME
          and p.get("load") == "db" and p["model"] in (b["model"], t["model"])
          and p["variant"] in ("blocking", "")]
    db_b = [p for p in db if p["model"] == b["model"]
            and p["variant"] == "blocking"]
    db_t = [p for p in db if p["model"] == t["model"]]
    if db_b and db_t:
        db_b, db_t = (max(db_b, key=lambda p: p["bg_connections"]),
                      max(db_t, key=lambda p: p["bg_connections"]))
        numbers[b["model"] + " blocking /db req/s"] = db_b["bg_rps"]
        numbers[t["model"] + " /db req/s"] = db_t["bg_rps"]
        summary += " On the quick GET /db: {} req/s inline against {}.".format(
            f_rps(db_b["bg_rps"]), f_rps(db_t["bg_rps"]))
    limited = b["client_limited"] or t["client_limited"]
    verdict, more_text = K.grade_blocking(
        x, slower, later, limited, WORSE_BY,
        "The loop with its driver inline kept up with the thread pool on "
        "the waiting query.",
        "GET / fared better in the blocking loop than in the thread pool.")
    summary += more_text
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "Without an async driver for your database, use threads (or "
            "offload every call to a pool): {} inline served {} req/s on a "
            "{} ms query against {} for {} with {} workers").format(
            b["model"], f_rps(b["bg_rps"]), f_int(SLEEP_MS),
            f_rps(t["bg_rps"]), t["model"], f_int(workers))}
    return K.verdict("driver", verdict, summary, numbers, decision)


CLAIMS = [Claim("driver", "An event loop without an async driver is worse "
                "than threads", NAME, "driver", 57, _claim_driver)]
