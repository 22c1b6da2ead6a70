"""db - TechEmpower's database tests: with a real database in the way,
does the model still matter?

GET /db (one random row of `world`, TFB's single query) and
GET /queries?queries=20 (twenty rows, one query each) at a few of TFB's
connection counts, every model with its default pool of database
connections (--db-pool; a loop pipelines its queries on its few
non-blocking connections, a thread borrows one and blocks on it).
Beside them, at the same connection counts, the database's own ceiling:
pgbench, PostgreSQL's client, running a prepared select-only transaction
(one primary-key lookup, as /db is) straight against the same cluster,
drawn as a series of its own.

The claim is the talks' "with a real database the pool, not the model,
caps throughput".  It is judged from the run: at the largest connection
count, the spread between the models on /db (best / worst) against their
spread on a request that needs no database (GET /json from the json
lesson at the same count, or GET / from hello), and how close the best
model comes to pgbench (target: DB_CEILING_TARGET of it).
"""
import math

import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_int,
                 f_rps)

NAME = "db"
ABOUT = ("TFB db and queries: GET /db and /queries?queries=20 against "
         "PostgreSQL, pgbench's select-only rate beside them")
ORDER = 66
# TFB runs its database tests at 16 to 512 connections.
SWEEP = {"smoke": [32], "quick": [256], "default": [32, 256],
         "full": [16, 32, 64, 128, 256, 512]}
SWEEP_ENV = "CONNS"
QUERIES = 20
# /queries costs twenty round trips a request: the default run measures it
# at the largest count only, the full run at every count.
QUERIES_EVERYWHERE = ("full",)
# The database's own client, as the series of its own in every chart.
PGBENCH = "pgbench"
# pgbench's -T counts its connection phase too (a backend forked and a
# SCRAM handshake per client: 3.7 s for 256 clients on a busy two-core
# machine): too short a run at 256 clients ends with no transaction at
# all.  Its rate ("without initial connection time") leaves that out.
PGBENCH_MIN_S = 2
PGBENCH_CONNECTS_PER_S = 50

# The claim: confirmed when, at the largest count, the models' spread on
# /db (best / worst, as a log distance) is at most SPREAD_SHARE of their
# spread on a request without the database, or, without such a request
# in the run, at most SPREAD_ALONE (the model is not the limit) ...
SPREAD_SHARE = 0.5
SPREAD_ALONE = 1.3
# ... and the best model reached this fraction of pgbench's rate at the
# same count (the database is the limit).  Bunched below it: not visible.
DB_CEILING_TARGET = 0.7
# Requests that failed (503: no database connection free in time) beyond
# this fraction make a point's throughput meaningless for the claim.
ERROR_FRACTION_MAX = 0.01


def _x(v):
    """A ratio near one, to two places: 0.73x."""
    return "n/a" if v is None else (
        f"{v:,.0f}x" if abs(v) >= 10 else f"{v:.2f}x")


def _variants(mode, x, xs):
    out = [("", "/db", None)]
    if mode in QUERIES_EVERYWHERE or x == max(xs):
        out.append(("queries", f"/queries?queries={QUERIES}",
                    {"queries": QUERIES}))
    return out


def points(ctx):
    xs = ctx.sweep()
    ctx.note("queries", QUERIES)

    def make(m, c):
        if m == PGBENCH:
            return [ctx.point(PGBENCH, connections=c, db=True, client={
                "program": "pgbench", "clients": c,
                "threads": 2 if c >= 2 else 1,
                "seconds": max(ctx.cfg["duration"],
                               PGBENCH_MIN_S + c / PGBENCH_CONNECTS_PER_S)})]
        if not K.serves(m, "/db"):
            return []
        return [ctx.point(m, variant=v, connections=c, path=path, db=True,
                          params=params)
                for v, path, params in _variants(ctx.mode, c, xs)]
    return ctx.interleave(xs, make, models=list(ctx.models) + [PGBENCH])


# ---------------------------------------------------------------- charts --

def _xtics(c):
    xs = sorted({int(x) for x in (K.fnum(r["connections"]) for r in
                                  c.summary if r["scenario"] == NAME) if x})
    return xs, "(" + ", ".join(f'"{K.f_int(x)}" {x}' for x in xs) + ")"


def _db_series(c, panel, ycol, scale, title):
    """pgbench's series: a client measured on its own, the database alone
    (not a model: kit.client_series gives it a style no model takes)."""
    K.client_series(c, panel, NAME, PGBENCH, K.x_conns, K.col(ycol, scale),
                    title=f"{K.client_title(PGBENCH)} ({title})")


def charts(c):
    """Three panels: /db and /queries throughput with the database's own
    ceiling drawn beside the models, and the server CPU per /db request."""
    xs, tics = _xtics(c)
    servers = [m for m in c.models if m != PGBENCH]
    x_label = "concurrent connections (log scale)"
    p_db = K.Panel("GET /db: one query per request", x_label,
                   "throughput (requests/s)", logx=True)
    c.add(p_db, NAME, K.x_conns, K.col("rps"), variants=[""],
          models=servers)
    _db_series(c, p_db, "rps", 1, "pgbench -S, its rate")
    p_q = K.Panel(f"GET /queries?queries={QUERIES}: {QUERIES} queries per "
                  "request", x_label, "throughput (requests/s)",
                  logx=True)
    c.add(p_q, NAME, K.x_conns, K.col("rps"), variants=["queries"],
          models=servers, title_fn=lambda m, v, t: m)
    _db_series(c, p_q, "rps", 1.0 / QUERIES, f"pgbench -S / {QUERIES}")
    p_cpu = K.Panel("server CPU per /db request", x_label,
                    "server CPU per request (µs, user+system)",
                    logx=True)
    c.add(p_cpu, NAME, K.x_conns, K.col("server_cpu_us_per_req"),
          variants=[""], models=servers)
    _db_series(c, p_cpu, "server_cpu_us_per_req", 1,
               "PostgreSQL's CPU a transaction")
    for p in (p_db, p_q, p_cpu):
        p.xtics = tics
    return [K.Chart("db_throughput", [p_db, p_q, p_cpu],
                    "TFB db and queries against PostgreSQL: every model "
                    "beside the database's own rate (pgbench)", 1650, 600)]


# ---------------------------------------------------------------- report --

def _memory_per_conn(d, m, variant=""):
    """KiB of server memory per connection: the slope of resident memory
    against connections over the lesson's counts, or None with one."""
    rs = d.ok(NAME, m, variant)
    pairs = [(K.fnum(r["connections"]), K.fnum(r["server_rss_kib"]))
             for r in rs]
    pairs = [(x, y) for x, y in pairs if x is not None and y is not None]
    if len({x for x, _ in pairs}) < 2:
        return None
    return K.slope(pairs)


def paragraph(name, d):
    xs = d.xs(NAME)
    if not xs:
        return "No point of this scenario was measured."
    x = xs[-1]
    servers = [m for m in d.models if m != PGBENCH]
    cpu = K.ranking(d, NAME, "server_cpu_us_per_req", x, unit="µs")[1]
    out = [f"Server CPU per /db request at {x} connections: {cpu or '-'}."]
    pg_cpu = d.value(NAME, PGBENCH, "server_cpu_us_per_req", connections=x)
    if pg_cpu is not None:
        out.append(f"PostgreSQL itself spent "
                   f"{K.fmt_col('server_cpu_us_per_req', pg_cpu, 'µs')} "
                   "per pgbench transaction, and its share of every /db "
                   "request is not in the servers' figure.")
    mem = [(m, _memory_per_conn(d, m)) for m in servers]
    mem = [f"{m} {K.fmt(v, 'KiB')}" for m, v in mem if v is not None]
    if mem:
        out.append(f"Server memory per connection (the slope from {xs[0]} "
                   f"to {x} connections): " + ", ".join(mem) + ".")
    for variant, what in (("", "/db"),
                          ("queries", f"/queries?queries={QUERIES}")):
        for c in d.xs(NAME, variant=variant):
            s = K.ranking(d, NAME, "rps", c, unit="req/s",
                          variant=variant)[1]
            if s:
                out.append(f"{what} at {c} connections: {s}.")
    out.append(_pipelined_sentence(d))
    ratios = []
    for c in xs:
        pg = d.value(NAME, PGBENCH, "rps", connections=c)
        if not pg:
            continue
        got = [(d.value(NAME, m, "rps", connections=c), m) for m in servers]
        got = sorted(((v, m) for v, m in got if v is not None),
                     reverse=True)
        if got:
            ratios.append((c, pg, got))
    for c, pg, got in ratios:
        out.append(f"Against pgbench's {K.fmt(pg)} transactions/s at {c} "
                   "connections, /db ran at " + ", ".join(
                       f"{m} {_x(v / pg)}" for v, m in got) + ".")
    if ratios:
        c, pg, got = ratios[-1]
        best, bm = got[0]
        met = best / pg >= DB_CEILING_TARGET
        out.append(f"The target, the best model at {_x(DB_CEILING_TARGET)}"
                   f" of pgbench or more, was {'met' if met else 'not met'} "
                   f"at {c} connections ({bm}, {_x(best / pg)}).")
        if not met:
            out.append("Part of the gap is the HTTP work pgbench does not "
                       "do (parse, render, the load generator's share of "
                       "the machine), part the servers' small pools against "
                       f"pgbench's {c} database connections.")
    return " ".join(o for o in out if o) + K.limited_sentence(d, NAME) + \
        K.refused_sentence(d, NAME)


def _pipelined_sentence(d):
    """Says so when a model ran more queries a second on /queries than
    pgbench ran transactions: pgbench -S waits for each answer before it
    sends the next query on a connection, a non-blocking driver may
    pipeline them."""
    faster = []
    for c in d.xs(NAME, variant="queries"):
        pg = d.value(NAME, PGBENCH, "rps", connections=c)
        for m in d.models:
            v = d.value(NAME, m, "rps", "queries", connections=c)
            if pg and v and v * QUERIES > pg:
                faster.append(f"{m} ({K.fmt(v * QUERIES)} queries/s at {c} "
                              "connections)")
    if not faster:
        return ""
    return ("On /queries " + K.and_list(faster) + " ran more queries a "
            "second than pgbench ran transactions: pgbench -S sends a "
            "connection's next query only when the last one has answered, "
            "while a non-blocking connection pipelines them, so pgbench is "
            "the database's rate for one query at a time, not its ceiling.")


def _cell(d, m):
    xs = d.xs(NAME)
    pg = d.value(NAME, PGBENCH, "rps", connections=xs[-1]) if xs else None
    v = d.value(NAME, m, "rps", connections=xs[-1]) if xs else None
    if v is None:
        return "-"
    if not pg:
        return K.fmt(v)
    return f"{K.fmt(v)} ({_x(v / pg)} pgbench)"


HEADLINE = [("db req/s @ most conns", _cell)]


# --------------------------------------------------------------- verdict --

def _no_db_spread(points, x, servers):
    """The models' spread (best / worst req/s) on a request without the
    database near connection count x: json's GET /json, else hello's GET
    /.  Returns (spread, label, {model: req/s}) or (None, None, {})."""
    for scenario, label in (("json", "GET /json"), ("hello", "GET /")):
        got = {}
        for m in servers:
            p = K.at(K.select(points, scenario=scenario, model=m),
                     "connections", x)
            if p is not None and p["rps"]:
                got[m] = p
        if len(got) >= 2:
            vals = [p["rps"] for p in got.values()]
            conns = sorted({p["connections"] for p in got.values()})
            where = "/".join(f_int(c) for c in conns)
            return (max(vals) / min(vals), f"{label} at {where} connections",
                    {m: p["rps"] for m, p in got.items()})
    return None, None, {}


def _claim_db(points, manifest):
    pts = K.select(points, scenario=NAME)
    servers = {p["model"] for p in pts if p["model"] != PGBENCH}
    if not servers:
        return K.verdict("db", NO_DATA, "No model's GET /db was measured.",
                         {})
    x = max(p["connections"] for p in pts if p["model"] != PGBENCH)
    at_x = {p["model"]: p for p in pts if p["connections"] == x}
    pg = at_x.pop(PGBENCH, None)
    numbers = {"connections": x}
    for m, p in sorted(at_x.items()):
        numbers[m + " /db req/s"] = p["rps"]
        numbers[m + " errors"] = K.error_fraction(p)
    failing = sorted(m for m, p in at_x.items()
                     if K.error_fraction(p) > ERROR_FRACTION_MAX)
    fine = {m: p for m, p in at_x.items() if m not in failing and p["rps"]}
    if len(fine) < 2:
        return K.verdict("db", NOT_VISIBLE, (
            "Fewer than two models served GET /db at {} connections without "
            "errors: the spread between models cannot show.{}").format(
            f_int(x), " Failing: " + K.and_list(failing) + "."
            if failing else ""), numbers)
    best = max(fine, key=lambda m: fine[m]["rps"])
    worst = min(fine, key=lambda m: fine[m]["rps"])
    spread = fine[best]["rps"] / fine[worst]["rps"]
    numbers["/db spread best/worst"] = spread
    summary = ("At {} connections GET /db ran from {} req/s ({}) to {} "
               "({}), a spread of {}").format(
        f_int(x), f_rps(fine[worst]["rps"]), worst, f_rps(fine[best]["rps"]),
        best, _x(spread))
    ref, label, ref_rps = _no_db_spread(points, x, list(fine))
    if ref is not None:
        numbers["no-database spread best/worst"] = ref
        summary += "; on {} the same models spread {}".format(label,
                                                              _x(ref))
        bunched = math.log(spread) <= SPREAD_SHARE * math.log(max(ref, 1.0))
    else:
        bunched = spread <= SPREAD_ALONE
        summary += (" (no request without the database was measured to "
                    "set it against; {} or less counts as bunched)").format(
            _x(SPREAD_ALONE))
    summary += "."
    if pg is not None and pg["rps"]:
        frac = fine[best]["rps"] / pg["rps"]
        numbers["pgbench tps"] = pg["rps"]
        numbers["best /db / pgbench"] = frac
        summary += (" pgbench ran {} transactions/s at {} connections: "
                    "the best model reached {} of it, {} the target of "
                    "{}.").format(
            f_rps(pg["rps"]), f_int(x), _x(frac),
            "meeting" if frac >= DB_CEILING_TARGET else "short of",
            _x(DB_CEILING_TARGET))
    else:
        frac = None
        summary += " pgbench was not measured at that count."
    if failing:
        summary += " Left out for errors: " + K.and_list(failing) + "."
    limited = any(p["client_limited"] for p in fine.values())
    reached = frac is not None and frac >= DB_CEILING_TARGET
    if bunched and reached:
        verdict = CONFIRMED
    elif bunched:
        verdict = NOT_VISIBLE
        summary += (" The models bunch, but below the database's own rate: "
                    "a limit they share (their pools, the one server core, "
                    "the load generator) held them, not shown to be the "
                    "database.")
    elif limited:
        verdict = NOT_VISIBLE
        summary += " The load generator, not the server, was the limit."
    else:
        verdict = REFUTED
        summary += (" The models differ on /db {}: the model, not the "
                    "pool, set the pace.").format(
            "as much as or more than without a database" if ref is not None
            else "by more than " + _x(SPREAD_ALONE))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "either", "text": (
            "With a database behind every request, pick the model for "
            "other reasons: the models ran within {} of each other on /db "
            "at {} connections; size and use the pool instead").format(
            _x(spread), f_int(x))}
    threads = [m for m in fine if M.is_thread(m)]
    if verdict == REFUTED and M.is_loop(best) and threads:
        t = max(threads, key=lambda m: fine[m]["rps"])
        decision = {"side": "loop", "text": (
            "With a database behind every request, a loop whose driver "
            "keeps its few connections busy pays: {} served {} req/s on /db "
            "at {} connections, the best thread model {} ({})").format(
            best, f_rps(fine[best]["rps"]), f_int(x), f_rps(fine[t]["rps"]),
            t)}
    return K.verdict("db", verdict, summary, numbers, decision)


CLAIMS = [Claim("db", "With a real database the pool, not the model, caps "
                "throughput", NAME, "db_throughput", 58, _claim_db)]
