#!/usr/bin/env python3
"""tests/harness/test_verdicts.py - unit test of the verdict engine
(scripts/verdicts.py) and of every claim of the scenario modules
(scripts/scenarios/*.py, CLAIMS).

For every claim it builds synthetic results.csv rows that must
confirm the claim, rows that must refute it, and where the logic has one,
rows that must give "not visible on this machine" or "no data"; then it
checks that report_markdown renders them.  Prints TAP ("ok N - what"),
exits 1 if any test failed.  Needs only python3's standard library.
"""

import os
import re
import sys
import traceback

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))

import verdicts as V  # noqa: E402

# The results.csv columns, as the harness writes them.
from bench import COLUMNS  # noqa: E402

# Repetitions of one point: the second is a little high, the third an
# outlier that only a median ignores.
JITTER = (1.0, 1.02, 0.2)
JITTERED = ("rps", "server_cpu_us_per_req", "lat_p99_us", "raw_p99_us")


def rows(model, scenario, reps=3, **fields):
    """Rows of one point, all values strings, as csv.DictReader gives."""
    out = []
    for rep in range(reps):
        row = {c: "" for c in COLUMNS}
        row.update(run_id="test", model=model, scenario=scenario,
                   repetition=str(rep + 1), status="ok", client_limited="0",
                   loadgen="loadgen", errors="0")
        for k, v in fields.items():
            if k in JITTERED and v not in ("", None) and reps > 1:
                v = float(v) * JITTER[rep % len(JITTER)]
            row[k] = "" if v is None else str(v)
        if row["rps"] and not row["requests"]:
            row["requests"] = str(int(float(row["rps"]) * 10))
        out.append(row)
    return out


# What the models of these tests say about themselves (--about), as a run's
# manifest records it: the verdicts group models by these facts only.
ABOUT = {
    "epoll": dict(kind="event-loop", threads=1, poller="epoll",
                  honours=["--blocking", "--offload", "--workers"]),
    "select": dict(kind="event-loop", threads=1, poller="select",
                   honours=["--blocking", "--offload", "--workers"]),
    "libuv": dict(kind="event-loop", threads=1, poller="epoll",
                  library="libuv",
                  honours=["--blocking", "--offload", "--workers"]),
    "libev": dict(kind="event-loop", threads=1, poller="epoll",
                  library="libev",
                  honours=["--blocking", "--offload", "--workers"]),
    "epoll-reuseport": dict(kind="event-loops-per-core", threads=4,
                            poller="epoll", honours=["--workers"]),
    "thread-per-conn": dict(kind="thread-per-connection", threads=1,
                            per_connection="thread",
                            honours=["--stack-kib"]),
    "thread-pool": dict(kind="thread-pool", threads=17, poller="epoll",
                        honours=["--workers", "--stack-kib"]),
    "process-per-conn": dict(kind="process-per-connection", threads=1,
                             per_connection="process", honours=[]),
    "coroutines": dict(kind="coroutines", threads=1, poller="epoll",
                       per_connection="coroutine",
                       honours=["--blocking", "--offload", "--workers"]),
    # The peers (servers/peers/), as their launchers describe them.
    "py-threads": dict(kind="thread-per-connection", threads=1,
                       per_connection="thread", library="http.server",
                       peer=True, language="python", gil=True,
                       endpoints=["/", "/delay", "/cpu"]),
    "py-asyncio": dict(kind="event-loop", threads=1, poller="epoll",
                       per_connection="coroutine", library="asyncio",
                       peer=True, language="python", gil=True,
                       endpoints=["/", "/delay", "/cpu"]),
    "py-uvloop": dict(kind="event-loop", threads=1, poller="epoll",
                      per_connection="coroutine", library="uvloop",
                      peer=True, language="python", gil=True,
                      endpoints=["/", "/delay", "/cpu"]),
    "py-gevent": dict(kind="coroutines", threads=1, poller="epoll",
                      per_connection="coroutine", library="gevent",
                      peer=True, language="python", gil=True,
                      endpoints=["/", "/delay", "/cpu"]),
    "nginx": dict(kind="event-loop", threads=1, processes=2, poller="epoll",
                  library="nginx", peer=True, language="c",
                  endpoints=["/", "/delay"], max_connections=20479),
    "lighttpd": dict(kind="event-loop", threads=1, poller="epoll",
                     library="lighttpd", peer=True, language="c",
                     endpoints=["/"], max_connections=10000),
    "apache-prefork": dict(kind="process-pool", threads=1, processes=151,
                           per_connection="process", library="apache2",
                           peer=True, language="c", endpoints=["/"],
                           max_connections=150),
}


def evaluate(data, manifest=None):
    """V.evaluate with the models' --about in the manifest."""
    m = dict(manifest or {})
    m.setdefault("about", ABOUT)
    return V.evaluate(data, m)


def claim_ids():
    return [c.id for c in V.claims()]


def find(verdicts, cid):
    for v in verdicts:
        if v["id"] == cid:
            return v
    raise AssertionError("no verdict " + cid)


def expect(data, cid, verdict, manifest=None, contains=()):
    v = find(evaluate(data, manifest or {}), cid)
    assert v["verdict"] == verdict, "{}: got {!r}, want {!r}: {}".format(
        cid, v["verdict"], verdict, v["summary"])
    for text in contains:
        assert text in v["summary"], "{!r} not in summary: {}".format(
            text, v["summary"])
    return v


# --------------------------------------------------------------- memory --

def idle_memory(model, user, kernel_stack, sock, slab, variant="",
                threads_per_conn=0.0, counts=(0, 1000, 5000, 10000), **kw):
    out = []
    for n in counts:
        out += rows(model, "idle", variant=variant, connections=4, idle=n,
                    rps=20000, server_cpu_us_per_req=20,
                    server_rss_kib=2000 + user * n,
                    kernel_stack_delta_kib=kernel_stack * n,
                    sock_mem_delta_kib=sock * n, slab_delta_kib=slab * n,
                    server_threads=1 + threads_per_conn * n, **kw)
    return out


def t_memory_confirm():
    data = (idle_memory("epoll", 0.3, 0, 0.5, 0.2)
            + idle_memory("libuv", 0.6, 0, 0.5, 0.2)
            + idle_memory("thread-per-conn", 9.5, 16, 0.5, 2.0,
                          threads_per_conn=1)
            + idle_memory("thread-per-conn", 6.0, 16, 0.5, 2.0,
                          variant="stack64k", stack_kib=64,
                          threads_per_conn=1)
            + idle_memory("thread-pool", 0.5, 0, 0.5, 0.2)
            + rows("thread-per-conn", "idle", idle=20000, connections=4,
                   status="refused", reason="pthread_create: EAGAIN"))
    v = expect(data, "memory", V.CONFIRMED,
               contains=("epoll held 10,000 idle connections",
                         "--stack-kib 64", "refused at 20,000",
                         "16.0 KiB of it kernel stack"))
    assert v["numbers"]["thread-per-conn user KiB/conn"] == 9.5, v["numbers"]
    # The pool's cheap connections must not stand in for per-conn threads.
    assert "thread-pool" not in v["summary"].split(";")[1], v["summary"]


def t_memory_refute_loops_costlier():
    data = (idle_memory("epoll", 40, 0, 0.5, 0.2)
            + idle_memory("thread-per-conn", 9.5, 16, 0.5, 2.0,
                          threads_per_conn=1))
    expect(data, "memory", V.REFUTED, contains=("epoll cost as much",))


def t_memory_refute_small_gain():
    # Loops cheaper, but only 1.6x: less than the claim needs.
    data = (idle_memory("epoll", 10, 4, 0.5, 0.5)
            + idle_memory("thread-per-conn", 8, 16, 0.5, 0.5,
                          threads_per_conn=1))
    expect(data, "memory", V.REFUTED, contains=("Threads hold up better",))


def t_memory_not_visible():
    data = (idle_memory("epoll", 10, 0, 1, 1)
            + idle_memory("thread-per-conn", 10.5, 0, 1, 1,
                          threads_per_conn=1))
    expect(data, "memory", V.NOT_VISIBLE)


def t_memory_negative_slope_reads_zero():
    data = (idle_memory("epoll", -0.06, 0, 0.5, 0.2)
            + idle_memory("thread-per-conn", 9.5, 16, 0.5, 2.0,
                          threads_per_conn=1))
    v = expect(data, "memory", V.CONFIRMED, contains=("0.0 KiB user",))
    assert "-0" not in v["summary"], v["summary"]


def t_memory_no_data():
    expect(idle_memory("epoll", 0.3, 0, 0.5, 0.2), "memory", V.NO_DATA)
    # One idle count gives no slope.
    data = (idle_memory("epoll", 0.3, 0, 0.5, 0.2, counts=(1000,))
            + idle_memory("thread-per-conn", 9, 16, 1, 1, counts=(1000,)))
    expect(data, "memory", V.NO_DATA)


# ---------------------------------------------------------------- scale --

def hello(model, points, limited_at=None, **kw):
    out = []
    for conns, rps, p99 in points:
        out += rows(model, "hello", connections=conns, rps=rps,
                    lat_p99_us=p99, client_limited="1"
                    if conns == limited_at else "0", **kw)
    return out


SWEEP = (1, 10, 100, 1000, 10000)


def t_scale_confirm():
    data = (hello("epoll", zip(SWEEP, (20000, 60000, 80000, 78000, 70000),
                               (50, 200, 1500, 14000, 150000)))
            + hello("thread-per-conn", zip(SWEEP, (18000, 50000, 60000,
                                                   40000, 30000),
                                           (60, 250, 2000, 30000, 400000))))
    expect(data, "scale", V.CONFIRMED,
           contains=("at 10,000 connections", "88%"))


def t_scale_refute():
    data = hello("epoll", zip(SWEEP, (20000, 60000, 80000, 30000, 10000),
                              (50, 200, 1500, 40000, 990000)))
    expect(data, "scale", V.REFUTED)


def t_scale_confirm_beats_threads():
    # Below half of its own peak, but ahead of every thread model there:
    # the claim (one thread against many) holds.
    data = (hello("epoll", zip(SWEEP, (20000, 60000, 200000, 150000, 95000),
                               (50, 200, 1500, 14000, 160000)))
            + hello("thread-pool", zip(SWEEP, (18000, 50000, 110000,
                                               100000, 74000),
                                       (60, 250, 2000, 30000, 190000))))
    expect(data, "scale", V.CONFIRMED,
           contains=("best thread model there (thread-pool",))


def t_scale_refute_below_threads():
    data = (hello("epoll", zip(SWEEP, (20000, 60000, 200000, 150000, 60000),
                               (50, 200, 1500, 14000, 160000)))
            + hello("thread-pool", zip(SWEEP, (18000, 50000, 110000,
                                               100000, 90000),
                                       (60, 250, 2000, 30000, 190000))))
    expect(data, "scale", V.REFUTED)


def t_scale_refute_errors():
    data = hello("epoll", zip(SWEEP, (20000, 60000, 80000, 78000, 70000),
                              (50, 200, 1500, 14000, 150000)))
    for r in data:
        if r["connections"] == "10000":
            r["errors"] = "50000"
    expect(data, "scale", V.REFUTED, contains=("failing",))


def t_scale_not_visible_client_limited():
    data = hello("epoll", zip(SWEEP, (20000, 60000, 80000, 30000, 10000),
                              (50, 200, 1500, 40000, 990000)),
                 limited_at=10000)
    expect(data, "scale", V.NOT_VISIBLE, contains=("load generator",))
    # csv.DictWriter writes a Python bool as "True".
    for r in data:
        if r["client_limited"] == "1":
            r["client_limited"] = "True"
    expect(data, "scale", V.NOT_VISIBLE, contains=("load generator",))


def t_scale_not_visible_few_connections():
    data = hello("epoll", zip((1, 10, 100), (20000, 60000, 80000),
                              (50, 200, 1500)))
    data += rows("epoll", "hello", connections=10000, status="failed",
                 reason="EMFILE")
    expect(data, "scale", V.NOT_VISIBLE,
           contains=("epoll failed at 10,000 connections (EMFILE)",))


def t_scale_no_data():
    data = hello("thread-pool", zip(SWEEP, (1, 2, 3, 4, 5), (1, 2, 3, 4, 5)))
    expect(data, "scale", V.NO_DATA)


# ---------------------------------------------------------------- delay --

def delay(model, points, limited_at=None, **kw):
    out = []
    for conns, rps in points:
        out += rows(model, "delay", connections=conns, rps=rps, delay_ms=10,
                    lat_p99_us=12000, client_limited="1"
                    if conns == limited_at else "0", **kw)
    return out


def t_delay_confirm():
    data = (delay("thread-pool", ((10, 990), (100, 1580), (1000, 1590)),
                  workers=16)
            + delay("epoll", ((10, 990), (100, 9800), (1000, 60000)))
            + delay("thread-per-conn", ((10, 990), (100, 9700),
                                        (1000, 58000))))
    v = expect(data, "delay", V.CONFIRMED,
               contains=("predicted 1,600", "capped at 1,590",
                         "not over threads"))
    assert v["numbers"]["thread-pool predicted cap req/s"] == 1600


def t_delay_refute():
    data = (delay("thread-pool", ((10, 990), (100, 1580), (1000, 1590)),
                  workers=16)
            + delay("epoll", ((10, 990), (100, 1000), (1000, 1000))))
    expect(data, "delay", V.REFUTED)


def t_delay_not_visible_client_limited():
    data = (delay("thread-pool", ((10, 990), (100, 1580), (1000, 1590)),
                  workers=16)
            + delay("epoll", ((10, 990), (100, 1500), (1000, 1600)),
                    limited_at=1000))
    expect(data, "delay", V.NOT_VISIBLE, contains=("load generator",))


def t_delay_not_visible_few_connections():
    data = (delay("thread-pool", ((1, 99), (10, 990)), workers=16)
            + delay("epoll", ((1, 99), (10, 990))))
    expect(data, "delay", V.NOT_VISIBLE, contains=("workers",))


def t_delay_without_pool():
    # No pool in the run: thread-per-conn stands in, and keeps up.
    data = (delay("thread-per-conn", ((10, 990), (1000, 58000)))
            + delay("epoll", ((10, 990), (1000, 60000))))
    expect(data, "delay", V.NOT_VISIBLE, contains=("peaked at 58,000",))
    data = (delay("thread-per-conn", ((10, 990), (1000, 9000)))
            + delay("epoll", ((10, 990), (1000, 60000))))
    expect(data, "delay", V.CONFIRMED)


def t_delay_no_data():
    expect(delay("epoll", ((10, 990),)), "delay", V.NO_DATA)


# ------------------------------------------------------------------ cpu --

def cpu(model, rps, limited=False, cpu_us=200, conns=(4, 16)):
    out = []
    for c in conns:
        out += rows(model, "cpu", connections=c, cpu_us=cpu_us,
                    rps=rps * (c / max(conns)),
                    client_limited="1" if limited else "0")
    return out


def t_cpu_confirm():
    data = (cpu("thread-pool", 18000) + cpu("thread-per-conn", 17000)
            + cpu("epoll", 4800) + cpu("libuv", 4700))
    v = expect(data, "cpu", V.CONFIRMED,
               manifest={"machine": {"cores": 8, "cpus_usable": [0, 1, 2, 3]}},
               contains=("on 4 cores", "5,000"))
    assert "/cpu?us=200" in v["decision"]["text"], v["decision"]
    assert v["decision"]["side"] == "threads"


def t_cpu_confirm_tie_and_row_numbers():
    # One core: a tie still means async gained nothing.  The request size
    # in the text comes from the rows, not from a fixed figure.
    data = cpu("thread-pool", 6600, cpu_us=150) + cpu("epoll", 6650,
                                                      cpu_us=150)
    v = expect(data, "cpu", V.CONFIRMED)
    assert "/cpu?us=150" in v["decision"]["text"], v["decision"]
    assert "cores" not in v["summary"], v["summary"]


def t_cpu_refute():
    expect(cpu("thread-pool", 3000) + cpu("epoll", 4800), "cpu", V.REFUTED)


def t_cpu_not_visible():
    expect(cpu("thread-pool", 3000, limited=True) + cpu("epoll", 4800),
           "cpu", V.NOT_VISIBLE)


def t_cpu_multi_loop_not_single():
    # A loop per core is not a single-threaded loop: it must not stand in
    # for epoll, and without a single loop there is no verdict.
    data = cpu("thread-pool", 18000) + cpu("epoll-reuseport", 19000)
    expect(data, "cpu", V.NO_DATA)
    expect(data + cpu("epoll", 4800), "cpu", V.CONFIRMED,
           contains=("one loop per core",))


# ------------------------------------------------------------- blocking --

def blocking_pair(model, conns, rps, p99, brps, bp99, scenario="blocking"):
    base = rows(model, "delay", connections=conns, delay_ms=10, rps=rps,
                lat_p99_us=p99)
    blk = rows(model, scenario, variant="blocking", blocking=1,
               connections=conns, delay_ms=10, rps=brps, lat_p99_us=bp99)
    return base + blk


def t_blocking_confirm():
    data = (blocking_pair("epoll", 100, 9500, 12000, 99, 1000000)
            + blocking_pair("libuv", 100, 9300, 12500, 98, 1010000,
                            scenario="delay")
            + rows("thread-pool", "delay", connections=100, delay_ms=10,
                   rps=1580, workers=16))
    v = expect(data, "blocking", V.CONFIRMED,
               contains=("fewer requests", "thread-pool served 1,580"))
    assert set(k.split()[0] for k in v["numbers"]) >= {"epoll", "libuv"}


def t_blocking_refute():
    expect(blocking_pair("epoll", 100, 9500, 12000, 6000, 20000),
           "blocking", V.REFUTED)


def t_blocking_not_visible():
    expect(blocking_pair("epoll", 1, 99, 10100, 98, 10200), "blocking",
           V.NOT_VISIBLE)


def t_blocking_nearest_connections():
    # bench.py's quick mode measures delay at 100 and blocking at 10
    # connections: compare the nearest pair and say so.
    data = (rows("epoll", "delay", connections=100, delay_ms=10, rps=9500)
            + rows("epoll", "blocking", variant="blocking", connections=10,
                   delay_ms=10, rps=99))
    expect(data, "blocking", V.CONFIRMED,
           contains=("without it at 100 connections",))


def t_blocking_no_data():
    data = rows("epoll", "blocking", variant="blocking", connections=100,
                delay_ms=10, rps=99)
    expect(data, "blocking", V.NO_DATA)


# --------------------------------------------------------------- select --

def active(model, cpu_by_idle, rps_by_idle=None, with_cpu=True):
    out = []
    for i, (n, c) in enumerate(cpu_by_idle):
        rps = rps_by_idle[i] if rps_by_idle else 50000
        out += rows(model, "idle", connections=4, idle=n, rps=rps,
                    server_cpu_us_per_req=c if with_cpu else "")
    return out


def refused_select():
    return rows("select", "idle", connections=4, idle=10000,
                status="refused", reason="FD_SETSIZE", rps=123456)


def t_select_confirm():
    data = (active("select", ((0, 20), (500, 30), (1000, 45)))
            + active("epoll", ((0, 20), (500, 20.5), (1000, 21),
                               (10000, 22)))
            + refused_select())
    v = expect(data, "select", V.CONFIRMED,
               contains=("select refused at 10,000 idle connections "
                         "(FD_SETSIZE)", "epoll reached"))
    assert v["numbers"]["select most idle held"] == 1000


def t_select_confirm_rps_fallback():
    data = (active("select", ((0, 0), (500, 0), (1000, 0)),
                   (50000, 30000, 20000), with_cpu=False)
            + active("epoll", ((0, 0), (500, 0), (1000, 0)),
                     (50000, 49500, 49000), with_cpu=False))
    expect(data, "select", V.CONFIRMED)


def t_select_refute():
    data = (active("select", ((0, 20), (500, 20), (1000, 20.5)))
            + active("epoll", ((0, 20), (500, 25), (1000, 30)))
            + refused_select())
    expect(data, "select", V.REFUTED)


def t_select_not_visible():
    data = (active("select", ((0, 20), (500, 21), (1000, 22)))
            + active("epoll", ((0, 20), (500, 20.5), (1000, 21)))
            + refused_select())
    expect(data, "select", V.NOT_VISIBLE, contains=("refused",))


def t_select_no_data():
    expect(active("epoll", ((0, 20), (1000, 21))), "select", V.NO_DATA)


# ---------------------------------------------------------------- churn --

def churn(model, cps, cpu_per_conn):
    return rows(model, "churn", connections=32, rps=cps,
                server_cpu_us_per_req=cpu_per_conn)


def t_churn_confirm():
    data = (churn("thread-per-conn", 15000, 60) + churn("thread-pool", 25000,
                                                         30)
            + churn("epoll", 30000, 25) + churn("libev", 29000, 26))
    v = expect(data, "churn", V.CONFIRMED,
               contains=("thread-per-conn spent 60.0 µs",
                         "thread-pool, which makes no thread"))
    assert v["decision"]["side"] == "loop"


def t_churn_refute():
    v = expect(churn("thread-per-conn", 30000, 20) + churn("epoll", 25000, 30),
               "churn", V.REFUTED)
    assert v["decision"]["side"] == "threads"


def t_churn_not_visible():
    expect(churn("thread-per-conn", 28000, 27) + churn("epoll", 30000, 25),
           "churn", V.NOT_VISIBLE)


def t_churn_no_data():
    # A pool makes no thread per connection: it cannot speak for threads.
    expect(churn("thread-pool", 25000, 30) + churn("epoll", 30000, 25),
           "churn", V.NO_DATA)


# -------------------------------------------------------------- latency --

def latency(model, points, conns=100, capacity=80000):
    out = []
    for frac, p99, raw in points:
        out += rows(model, "latency", connections=conns,
                    rate=capacity * frac, offered_fraction=frac,
                    rps=capacity * min(frac, 1.0), lat_p99_us=p99,
                    raw_p99_us=raw)
    return out


def t_latency_confirm():
    data = (latency("epoll", ((0.5, 500, 450), (0.9, 2000, 900),
                              (1.1, 800000, 3000)))
            + latency("thread-pool", ((0.5, 600, 500), (1.1, 500000, 4000)))
            + rows("epoll", "hello", connections=100, rps=80000,
                   lat_p99_us=1500))
    v = expect(data, "latency", V.CONFIRMED,
               contains=("closed-loop run at 100 connections",))
    assert v["decision"]["side"] == "either"


def t_latency_refute():
    data = latency("epoll", ((0.5, 500, 450), (1.1, 5000, 2800)))
    expect(data, "latency", V.REFUTED)


def t_latency_not_visible():
    data = latency("epoll", ((0.5, 500, 450), (1.1, 3000, 2800)))
    expect(data, "latency", V.NOT_VISIBLE)
    # Never offered near capacity.
    data = latency("epoll", ((0.25, 500, 450), (0.5, 600, 500)))
    expect(data, "latency", V.NOT_VISIBLE, contains=("50%",))


def t_latency_closed_loop_fallback():
    # Without a raw p99 the closed-loop run is the comparison.
    data = (latency("epoll", ((1.1, 800000, ""),))
            + rows("epoll", "hello", connections=100, rps=80000,
                   lat_p99_us=1500))
    expect(data, "latency", V.CONFIRMED)


def t_latency_own_closed_loop_run():
    # bench.py measures a closed-loop run in the latency scenario itself
    # when there is no hello sweep; it is preferred at equal connections.
    data = (latency("epoll", ((1.1, 800000, ""),))
            + rows("epoll", "latency", variant="closed-loop", connections=100,
                   rps=80000, lat_p99_us=2500)
            + rows("epoll", "hello", connections=100, rps=80000,
                   lat_p99_us=900000))
    v = expect(data, "latency", V.CONFIRMED, contains=("2.5 ms",))
    assert v["numbers"]["epoll closed-loop p99 us"] == 2500, v["numbers"]


def t_latency_no_data():
    expect(rows("epoll", "hello", connections=100, rps=1, lat_p99_us=1),
           "latency", V.NO_DATA)


# ----------------------------------------------------------------- slow --

def slow(model, base, attacks, base_threads=1, rss=3000):
    """A baseline (req/s, p99 us) and slowloris points {attacking
    connections: (req/s, p99 us, server threads[, status])}."""
    out = rows(model, "slow", connections=4, rps=base[0],
               lat_p99_us=base[1], server_threads=base_threads,
               server_rss_kib=rss)
    for n, a in attacks.items():
        status = a[3] if len(a) > 3 else "ok"
        out += rows(model, "slow", variant="slowloris-{}".format(n),
                    connections=4, rps=a[0], lat_p99_us=a[1],
                    server_threads=a[2], server_rss_kib=rss + 20 * a[2],
                    status=status,
                    reason="select refused 1,980 connection attempts"
                    if status == "refused" else "")
    return out


def slow_loops(select_refused=True):
    return (slow("epoll", (50000, 150), {500: (49000, 200, 1),
                                         3000: (47000, 400, 1)})
            + slow("select", (48000, 150), {
                500: (46000, 300, 1),
                3000: (0, 0, 1, "refused" if select_refused else "ok")}))


def slow_confirming():
    # thread-per-conn pays a thread per attacker and starves its client.
    return (slow("thread-per-conn", (40000, 200), {500: (30000, 900, 505),
                                                   3000: (4000, 90000,
                                                          3005)})
            + slow("thread-pool", (30000, 300), {3000: (29000, 500, 17)},
                   base_threads=17)
            + slow_loops())


def slow_refuting():
    # Threads survive: a thread per attacker, the client served.
    return (slow("thread-per-conn", (40000, 200), {500: (39000, 250, 505),
                                                   3000: (37000, 400,
                                                          3005)})
            + slow_loops())


def t_slow_confirm():
    v = expect(slow_confirming(), "slowloris", V.CONFIRMED,
               contains=("3,000 attacking connections",
                         "thread-per-conn kept 10% of its GET / throughput",
                         "+1.00 threads per attacker",
                         "select (refused connections)",
                         "The fixed pool: thread-pool kept 97%",
                         "thread-per-conn (kept 10% of its throughput, "
                         "p99 450x its baseline's) lost to slowloris while "
                         "epoll kept serving"))
    assert v["decision"]["side"] == "loop", v
    assert abs(v["numbers"]["thread-per-conn threads per attacker"] - 1) \
        < 0.01, v
    assert v["numbers"]["attacking connections"] == 3000, v


def t_slow_confirm_by_latency():
    # Throughput held, but the legitimate client waited 100x longer.
    data = (slow("thread-per-conn", (40000, 200), {3000: (36000, 20000,
                                                          3005)})
            + slow_loops())
    expect(data, "slowloris", V.CONFIRMED, contains=("p99 100x",))


def t_slow_refute_threads_survive():
    v = expect(slow_refuting(), "slowloris", V.REFUTED,
               contains=("Threads survive slowloris on modern Linux",
                         "thread-per-conn kept 92%"))
    assert v["decision"]["side"] == "either", v


def t_slow_refute_loops_hurt_too():
    data = (slow("thread-per-conn", (40000, 200), {3000: (4000, 900, 3005)})
            + slow("epoll", (50000, 150), {3000: (9000, 400, 1)}))
    expect(data, "slowloris", V.REFUTED,
           contains=("Every event loop was hurt as well",))


def t_slow_not_visible_attack_did_not_land():
    # No thread grew: slowhttptest never reached the server.
    data = (slow("thread-per-conn", (40000, 200), {3000: (39000, 210, 1)})
            + slow_loops())
    expect(data, "slowloris", V.NOT_VISIBLE,
           contains=("did not take hold",))


def t_slow_not_visible_client_limited():
    # Threads kept serving, but the load generator capped the baseline.
    data = [dict(r, client_limited="1") if r["model"] == "thread-per-conn"
            else r for r in slow_refuting()]
    expect(data, "slowloris", V.NOT_VISIBLE,
           contains=("The load generator, not the server",))


def t_slow_no_data():
    expect(slow_loops(), "slowloris", V.NO_DATA)
    # An attack without its baseline cannot be judged either.
    data = [r for r in slow_confirming() if r["variant"]]
    expect(data, "slowloris", V.NO_DATA)


# -------------------------------------------------------------- offload --

def offload(model, conns, modes, workers=4, delay_ms=100):
    """modes: {variant: (delay req/s, GET / p99 us)} at conns waiting."""
    out = []
    for variant, (bg_rps, p99) in modes.items():
        out += rows(model, "offload", variant=variant, connections=1,
                    bg_connections=conns, bg_path="/delay?ms=100",
                    delay_ms=delay_ms, workers=workers, rps=5000,
                    lat_p99_us=p99, bg_rps=bg_rps,
                    blocking=1 if variant == "blocking" else 0,
                    offload=1 if variant == "offload" else 0)
    return out


def t_offload_confirm():
    data = (offload("epoll", 40, {"timer": (395, 300),
                                  "blocking": (10, 900000),
                                  "offload": (39, 400)})
            + offload("libuv", 40, {"timer": (390, 320),
                                    "blocking": (10, 950000),
                                    "offload": (38, 900)})
            + rows("thread-pool", "offload", connections=1,
                   bg_connections=40, delay_ms=100, workers=4, rps=30,
                   lat_p99_us=120000, bg_rps=39))
    v = expect(data, "offload", V.CONFIRMED,
               contains=("libuv's GET / p99", "of the pool's cap of 40",
                         "thread-pool with 4 workers capped"))
    assert v["decision"]["side"] == "loop", v


def t_offload_confirm_when_get_starved():
    # A loop blocked long enough answers GET / not once in the window: the
    # window is then the least GET / waited (a floor), not "no data".
    data = (offload("epoll", 40, {"timer": (395, 300), "offload": (40, 40)})
            + rows("epoll", "offload", variant="blocking", connections=1,
                   bg_connections=40, bg_path="/delay?ms=100", delay_ms=100,
                   workers=4, rps=0, requests=0, duration_s=1.2,
                   lat_p99_us=0, bg_rps=10, blocking=1, offload=0))
    expect(data, "offload", V.CONFIRMED,
           contains=("(not one answer in the window)", "at least"))


def t_offload_refute_no_rescue():
    expect(offload("epoll", 40, {"timer": (395, 300),
                                 "blocking": (10, 900000),
                                 "offload": (10, 880000)}),
           "offload", V.REFUTED, contains=("did not free the loop",))


def t_offload_refute_pool_not_the_cap():
    # GET / rescued, but the offloaded calls ran far below workers / delay.
    expect(offload("epoll", 40, {"timer": (395, 300),
                                 "blocking": (10, 900000),
                                 "offload": (12, 400)}),
           "offload", V.REFUTED, contains=("pool was not what limited",))


def t_offload_not_visible_few_connections():
    expect(offload("epoll", 4, {"timer": (39, 300), "blocking": (10, 90000),
                                "offload": (39, 400)}),
           "offload", V.NOT_VISIBLE, contains=("No more connections",))


def t_offload_no_data_without_all_three():
    expect(offload("epoll", 40, {"timer": (395, 300),
                                 "offload": (39, 400)}),
           "offload", V.NO_DATA)


# ------------------------------------------------------------------ gil --

def gil(model, delay_pts=(), cpu_pts=()):
    """/delay points (connections, req/s, CPU us per request) and /cpu
    points (connections, req/s, cores the server kept busy)."""
    out = []
    for conns, rps, cpu_us in delay_pts:
        out += rows(model, "gil", connections=conns, delay_ms=10, rps=rps,
                    server_cpu_us_per_req=cpu_us)
    for conns, rps, cores in cpu_pts:
        out += rows(model, "gil", connections=conns, cpu_us=200, rps=rps,
                    server_cpu_us_per_req=cores * 1e6 / rps)
    return out


def gil_python(thread_delay=(9000, 11000), thread_cores=1.0,
               loop_delay=(9400, 20000)):
    return (gil("py-threads", ((10, 950, 90), (100, thread_delay[0], 95),
                               (1000, thread_delay[1], 90)),
                ((4, 3500, thread_cores),))
            + gil("py-asyncio", ((10, 960, 60), (100, loop_delay[0], 55),
                                 (1000, loop_delay[1], 50)),
                  ((4, 3800, 1.0),)))


def gil_c(thread_rps=8300, thread_cores=1.9):
    return (gil("thread-per-conn", ((10, 990, 40), (100, 9800, 30)),
                ((4, thread_rps, thread_cores),))
            + gil("epoll", ((10, 990, 20), (100, 9900, 10)),
                  ((4, 4200, 1.0),)))


def t_gil_confirm():
    v = expect(gil_python() + gil_c(), "gil", V.CONFIRMED,
               contains=("at 100 connections", "py-threads served 9,000",
                         "py-asyncio's 9,400", "at 1,000 connections both "
                         "ran out of CPU", "thread-per-conn, threads "
                         "without a GIL, served 8,300"))
    assert v["numbers"]["judged at connections"] == 100, v["numbers"]
    assert v["decision"]["side"] == "either", v["decision"]


def t_gil_refute_threads_lag_on_waiting():
    expect(gil_python(thread_delay=(5000, 6000)) + gil_c(), "gil",
           V.REFUTED, contains=("did not keep up",))


def t_gil_refute_threads_use_two_cores():
    expect(gil_python(thread_cores=1.8) + gil_c(), "gil", V.REFUTED,
           contains=("more than one core",))


def t_gil_not_visible_no_second_core():
    # The C threads did not pass one core's worth: the load generator took
    # the second core, so what the GIL costs cannot show.
    expect(gil_python() + gil_c(thread_rps=4800, thread_cores=1.0), "gil",
           V.NOT_VISIBLE, contains=("did not pass one core",))


def t_gil_not_visible_loop_never_waits():
    # Even the loop was limited by its CPU per request at every count.
    data = (gil("py-threads", ((10, 600, 900), (100, 700, 900)),
                ((4, 1000, 1.0),))
            + gil("py-asyncio", ((10, 700, 800), (100, 800, 800)),
                  ((4, 1100, 1.0),)) + gil_c())
    expect(data, "gil", V.NOT_VISIBLE,
           contains=("never showed pure waiting",))


def t_gil_no_data():
    expect(gil_c(), "gil", V.NO_DATA)
    expect([], "gil", V.NO_DATA)


# ----------------------------------------------------------- webservers --

def web(model, pts, idle=()):
    """GET / points (connections, req/s, PSS MiB, threads), idle points
    (idle, PSS MiB) beside 10 active connections, and refused points
    (connections, None, None, None)."""
    out = []
    for conns, rps, mib, threads in pts:
        if rps is None:
            out += rows(model, "webservers", connections=conns, idle=0,
                        status="refused", reason=f"{model} holds at most "
                        "150 connections (--about max_connections)")
            continue
        out += rows(model, "webservers", connections=conns, idle=0, rps=rps,
                    server_rss_kib=mib * 1024, server_threads=threads,
                    server_kstack_est_kib=threads * 16,
                    pagetables_delta_kib=threads * 40)
    for n, mib in idle:
        out += rows(model, "webservers", connections=10, idle=n, rps=5000,
                    server_rss_kib=mib * 1024, server_threads=3,
                    server_kstack_est_kib=48, pagetables_delta_kib=0)
    return out


NGINX = ((10, 20000, 8, 3), (100, 30000, 9, 3), (1000, 28000, 15, 3))


def t_webservers_confirm():
    data = (web("nginx", NGINX, idle=((1000, 10), (3000, 14)))
            + web("apache-prefork", ((10, 9000, 40, 12),
                                     (100, 12000, 120, 102),
                                     (1000, None, None, None)))
            + web("epoll", ((10, 40000, 2, 1), (100, 60000, 2.5, 1))))
    v = expect(data, "webservers", V.CONFIRMED,
               contains=("At 100 connections, nginx used 9.",
                         "apache-prefork used 126 MiB",
                         "apache-prefork refused at 1,000 connections",
                         "nginx paid 2.0 KiB per idle connection"))
    assert v["numbers"]["connections"] == 100, v["numbers"]
    assert "No Apache ran" not in v["summary"], v["summary"]


def t_webservers_stand_in():
    # No Apache: our process-per-conn model stands in, and it says so.
    data = (web("nginx", NGINX)
            + web("process-per-conn", ((10, 15000, 6, 11),
                                       (100, 14000, 60, 101),
                                       (1000, 13000, 600, 1001))))
    expect(data, "webservers", V.CONFIRMED,
           contains=("At 1,000 connections", "No Apache ran: "
                     "process-per-conn"))


def t_webservers_refute():
    data = (web("nginx", NGINX)
            + web("apache-prefork", ((10, 9000, 10, 3), (100, 12000, 11, 3))))
    expect(data, "webservers", V.REFUTED, contains=("Contrary to the talk",))


def t_webservers_not_visible_few_connections():
    data = (web("nginx", NGINX)
            + web("apache-prefork", ((10, 9000, 40, 12),
                                     (100, None, None, None),
                                     (1000, None, None, None))))
    expect(data, "webservers", V.NOT_VISIBLE,
           contains=("fewer than the 100", "refused at 100 and 1,000"))


def t_webservers_no_data():
    # Our own models only: no real web server to judge.
    data = (web("epoll", ((10, 40000, 2, 1), (100, 60000, 2.5, 1)))
            + web("process-per-conn", ((10, 15000, 6, 11),)))
    expect(data, "webservers", V.NO_DATA)


# ------------------------------------------------------------- language --

def lang(costs, conns=50):
    """GET / points: {model: server CPU us per request}."""
    out = []
    for model, cpu_us in costs.items():
        out += rows(model, "language", connections=conns, rps=1e6 / cpu_us,
                    server_cpu_us_per_req=cpu_us)
    return out


C_COSTS = {"epoll": 5.0, "coroutines": 6.0, "thread-per-conn": 10.0,
           "process-per-conn": 11.0}
PY_COSTS = {"py-asyncio": 60.0, "py-uvloop": 40.0, "py-gevent": 90.0,
            "py-threads": 120.0}


def t_language_confirm():
    v = expect(lang(dict(C_COSTS, **PY_COSTS)), "language", V.CONFIRMED,
               contains=("8.0x to 15x", "py-uvloop 40.0 µs / epoll 5.0 µs",
                         "py-gevent 90.0 µs / coroutines 6.0 µs",
                         "py-threads 120 µs / thread-per-conn 10.0 µs",
                         "the largest ratio was 2.2x (process-per-conn"))
    assert v["numbers"]["ratio py-gevent/coroutines"] == 15, v["numbers"]


def t_language_refute():
    # A C model far costlier than the others makes the model's cost larger.
    costs = dict(C_COSTS, **PY_COSTS)
    costs["process-per-conn"] = 400.0
    expect(lang(costs), "language", V.REFUTED, contains=("Contrary",))


def t_language_not_visible():
    costs = dict(C_COSTS, **{"py-uvloop": 11.0})
    expect(lang(costs), "language", V.NOT_VISIBLE, contains=("about as much",))


def t_language_no_data():
    expect(lang(C_COSTS), "language", V.NO_DATA)
    # A Python peer with one C model: no model-to-model ratio.
    expect(lang({"py-asyncio": 60.0, "epoll": 5.0}), "language", V.NO_DATA)


def t_unknown_model_joins_no_side():
    # A model that gave no --about is measured but counted on neither side.
    data = (cpu("thread-pool", 18000) + cpu("mystery", 30000)
            + cpu("epoll", 4800))
    v = expect(data, "cpu", V.CONFIRMED)
    assert "mystery" not in v["summary"], v["summary"]


# ----------------------------------------------------------------- push --

def push(model, points):
    """points: (subscribers, CPU us per delivery, delivery p99 us)."""
    out = []
    for n, cpu, p99 in points:
        out += rows(model, "push", connections=n, rps=n * 10,
                    server_cpu_us_per_req=cpu, lat_p99_us=p99)
    return out


def t_push_confirm():
    data = (push("epoll", ((100, 15, 3000), (1000, 12, 24000)))
            + push("thread-per-conn", ((100, 25, 10000), (1000, 28, 50000))))
    v = expect(data, "push", V.CONFIRMED,
               contains=("With 1,000 subscribers, thread-per-conn spent",))
    assert v["decision"]["side"] == "loop", v


def t_push_confirm_by_latency():
    # 1.4x the CPU only, but 4.5x the loop's delivery p99.
    data = (push("epoll", ((5000, 12.9, 80000),))
            + push("thread-per-conn", ((5000, 18.6, 362000),)))
    expect(data, "push", V.CONFIRMED, contains=("sooner at the 99th",))


def t_push_refute_threads_cheap():
    data = (push("epoll", ((1000, 20, 24000),))
            + push("thread-per-conn", ((1000, 12, 20000),)))
    expect(data, "push", V.REFUTED, contains=("Threads hold up better",))


def t_push_refute_cheap_but_late():
    data = (push("epoll", ((1000, 10, 90000),))
            + push("thread-per-conn", ((1000, 30, 20000),)))
    expect(data, "push", V.REFUTED, contains=("more cheaply but later",))


def t_push_not_visible_few_subscribers():
    data = (push("epoll", ((100, 10, 3000),))
            + push("thread-per-conn", ((100, 30, 9000),)))
    expect(data, "push", V.NOT_VISIBLE, contains=("not yet",))


def t_push_no_data_one_side():
    expect(push("epoll", ((1000, 10, 3000),)), "push", V.NO_DATA)


# --------------------------------------------------------- all together --

# In these two, libev stands for the loops in the idle-memory claim and
# select/epoll in the idle-active claim, so that no two helpers write the
# same idle point.
def all_confirming():
    return (slow_confirming()
            + idle_memory("libev", 0.3, 0, 0.5, 0.2)
            + idle_memory("thread-per-conn", 9.5, 16, 0.5, 2.0,
                          threads_per_conn=1)
            + active("select", ((0, 20), (500, 30), (1000, 45)))
            + active("epoll", ((0, 20), (500, 20.5), (1000, 21),
                               (10000, 22)))
            + refused_select()
            + hello("epoll", zip(SWEEP, (20000, 60000, 80000, 78000, 70000),
                                 (50, 200, 1500, 14000, 150000)))
            + delay("thread-pool", ((10, 990), (100, 1580), (1000, 1590)),
                    workers=16)
            + delay("epoll", ((10, 990), (100, 9500), (1000, 60000)))
            + rows("epoll", "blocking", variant="blocking", connections=100,
                   delay_ms=10, rps=99, lat_p99_us=1000000)
            + cpu("thread-pool", 18000) + cpu("epoll", 4800)
            + churn("thread-per-conn", 15000, 60) + churn("epoll", 30000, 25)
            + latency("epoll", ((0.5, 500, 450), (1.1, 800000, 3000)))
            + offload("epoll", 40, {"timer": (395, 300),
                                    "blocking": (10, 900000),
                                    "offload": (39, 400)})
            + push("epoll", ((1000, 12, 24000),))
            + push("thread-per-conn", ((1000, 28, 50000),))
            + [dict(r, scenario="hello") for r in
               rows("epoll", "x", connections=100, rps=80000,
                    lat_p99_us=1500)]
            + gil_python() + gil_c()
            + web("nginx", NGINX)
            + web("apache-prefork", ((10, 9000, 40, 12),
                                     (100, 12000, 120, 102)))
            + lang(dict(C_COSTS, **PY_COSTS)))


def all_refuting():
    return (slow_refuting()
            + idle_memory("libev", 40, 0, 0.5, 0.2)
            + idle_memory("thread-per-conn", 9.5, 16, 0.5, 2.0,
                          threads_per_conn=1)
            + active("select", ((0, 20), (500, 20), (1000, 20.5)))
            + active("epoll", ((0, 20), (500, 25), (1000, 30)))
            + hello("epoll", zip(SWEEP, (20000, 60000, 80000, 30000, 10000),
                                 (50, 200, 1500, 40000, 990000)))
            + hello("thread-per-conn", zip(SWEEP, (20000, 60000, 80000,
                                                   70000, 60000),
                                           (50, 200, 1500, 4000, 99000)))
            + delay("thread-pool", ((10, 990), (100, 1580), (1000, 1590)),
                    workers=16)
            + delay("epoll", ((10, 990), (100, 1000), (1000, 1000)))
            + rows("epoll", "blocking", variant="blocking", connections=1000,
                   delay_ms=10, rps=600)
            + cpu("thread-pool", 3000) + cpu("epoll", 4800)
            + churn("thread-per-conn", 30000, 20) + churn("epoll", 25000, 30)
            + latency("epoll", ((0.5, 500, 450), (1.1, 5000, 2800)))
            + offload("epoll", 40, {"timer": (395, 300),
                                    "blocking": (10, 900000),
                                    "offload": (10, 880000)})
            + push("epoll", ((1000, 20, 24000),))
            + push("thread-per-conn", ((1000, 12, 20000),))
            + gil_python(thread_delay=(5000, 6000)) + gil_c()
            + web("nginx", NGINX)
            + web("apache-prefork", ((10, 9000, 10, 3), (100, 12000, 11, 3)))
            + lang(dict(C_COSTS, **PY_COSTS, **{"process-per-conn": 400.0})))


def t_all_claims_present():
    got = evaluate([], {})
    assert [v["id"] for v in got] == claim_ids(), got
    for v in got:
        assert v["verdict"] == V.NO_DATA, v
        for key in ("claim", "scenario", "verdict", "summary", "chart",
                    "numbers"):
            assert key in v, (key, v)


def t_all_confirm_together():
    got = evaluate(all_confirming(), {"cores": 4})
    bad = [(v["id"], v["verdict"], v["summary"]) for v in got
           if v["verdict"] != V.CONFIRMED]
    assert not bad, bad


def t_all_refute_together():
    got = evaluate(all_refuting(), {})
    want = {cid: V.REFUTED for cid in claim_ids()}
    bad = [(v["id"], v["verdict"], v["summary"]) for v in got
           if v["verdict"] != want[v["id"]]]
    assert not bad, bad


def check_markdown(md, verdicts):
    assert md.startswith("## When is async worth it?"), md[:80]
    for v in verdicts:
        assert "### Claim: " + v["claim"] in md, v["claim"]
        assert "](charts/{}.svg)".format(v["chart"]) in md, v["chart"]
        assert "**Verdict: {}.**".format(v["verdict"]) in md, v["verdict"]
    assert "### Decision table" in md
    for bad in ("nan", "None", "inf"):
        assert not re.search(r"\b" + bad + r"\b", md), (bad, md)


def t_markdown_confirming():
    got = evaluate(all_confirming(), {"cores": 4})
    md = V.report_markdown(got)
    check_markdown(md, got)
    assert "| Use threads (or one loop per core) when requests are " \
        "CPU-bound" in md, md
    assert "| Use an event loop when" in md, md
    assert "](#claim-cpu-bound-work-gains-nothing-from-async)" in md, md
    assert "on 4 cores" in md
    # A refused repetition's figures never reach the report.
    assert "123,456" not in md and "123456" not in md


def t_markdown_refuting():
    got = evaluate(all_refuting(), {})
    md = V.report_markdown(got)
    check_markdown(md, got)
    assert "Use threads" in md and "Use an event loop" in md, md
    assert "Threads hold up better" in md, md


def t_markdown_empty():
    got = evaluate([], {})
    md = V.report_markdown(got)
    check_markdown(md, got)
    assert "supports no choice" in md, md


def t_garbage_does_not_crash():
    junk = [{}, {"model": ""}, {"model": "coro", "scenario": "hello",
                                "status": "ok", "rps": "nan",
                                "connections": "lots"},
            {"model": "io_uring", "scenario": "cpu", "status": "interrupted",
             "rps": "5"},
            {"model": "prefork", "scenario": "churn", "status": "ok",
             "rps": "inf", "server_cpu_us_per_req": "-"},
            {"model": "mystery", "scenario": "latency", "status": "ok",
             "rate": "100", "offered_fraction": "1.0", "lat_p99_us": "0",
             "raw_p99_us": "0"},
            {"model": "thread-pool", "scenario": "delay", "status": "ok",
             "rps": "0", "connections": "10", "delay_ms": "0"}]
    data = junk + all_confirming() + [dict(r, model="odd-" + r["model"])
                                     for r in all_refuting()]
    got = evaluate(data, {"cores": "many", "cpu": "x"})
    for v in got:
        assert v["verdict"] in V.VERDICTS, v
        assert "could not be computed" not in v["summary"], v["summary"]
    check_markdown(V.report_markdown(got), got)
    # Only-junk input too.
    got = evaluate(junk, None)
    check_markdown(V.report_markdown(got), got)


def t_median_over_repetitions():
    # The third repetition of every point is an outlier (JITTER): medians
    # ignore it; a mean would have collapsed epoll's 10,000-connection point.
    data = hello("epoll", zip(SWEEP, (20000, 60000, 80000, 78000, 70000),
                              (50, 200, 1500, 14000, 150000)))
    v = expect(data, "scale", V.CONFIRMED)
    assert v["numbers"]["epoll req/s there"] == 70000, v["numbers"]


def t_cli_reads_results_csv():
    # The same rows through a real results.csv and manifest.json, as the
    # harness hands them over.
    import contextlib
    import csv
    import io
    import json
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "results.csv")
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS)
            w.writeheader()
            w.writerows(all_confirming())
        manifest = os.path.join(tmp, "manifest.json")
        with open(manifest, "w") as f:
            json.dump({"cpu": {"cores": 2}, "about": ABOUT}, f)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = V.main(["verdicts.py", path, manifest])
    assert rc == 0, rc
    md = out.getvalue()
    assert md.count("**Verdict: confirmed.**") == len(claim_ids()), md
    assert "on 2 cores" in md, md
    # The harness may keep the verdicts as JSON beside REPORT.md.
    json.loads(json.dumps(evaluate(all_confirming(), {})))


TESTS = [(name[2:].replace("_", " "), fn) for name, fn in
         sorted(globals().items(), key=lambda kv: getattr(
             kv[1], "__code__", None) and kv[1].__code__.co_firstlineno or 0)
         if name.startswith("t_") and callable(fn)]


def main():
    failed = 0
    print("1..{}".format(len(TESTS)))
    for i, (name, fn) in enumerate(TESTS, 1):
        try:
            fn()
            print("ok {} - verdicts: {}".format(i, name))
        except Exception:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print("not ok {} - verdicts: {}".format(i, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
