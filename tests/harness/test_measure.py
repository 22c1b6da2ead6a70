#!/usr/bin/env python3
"""tests/harness/test_measure.py - unit test of scripts/measure.py, which
turns one point's samples into its results.csv figures.

Samples written by hand whose figures are known: CPU over the measured
phase only, the cgroup's CPU preferred to the process tree's, memory
counted only once the server holds every connection, and the impossible
measurements (a negative delta, a server that never settled, too few
processes for a process-per-connection model, a sampler that fell
behind) reported as problems instead of figures.  Prints TAP; exits 1 if
any test failed.
"""
import os
import sys

sys.dont_write_bytecode = True
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, test  # noqa: E402
import measure as M  # noqa: E402
import sideprogs  # noqa: E402


PT = dict(connections=10, duration=1.0)
CLIENT = {"requests": 1000, "duration_s": 1.0, "rps": 1000.0,
          "latency_us": {"p50": 100, "p99": 900}, "errors": {"read": 0},
          "errors_total": 0, "cpu": {"user_s": 0.1, "sys_s": 0.1},
          "cpu_bound": False}


def samples(n=21, step=0.1, **series):
    """n samples from t=0 every `step` s; each series a function of t."""
    out = []
    for i in range(n):
        t = i * step
        out.append(dict({"t": t}, **{k: f(t) for k, f in series.items()}))
    return out


def near(a, b, eps=1e-9):
    return a is not None and abs(a - b) <= eps


@test("CPU counts the measured phase only: the last duration_s before the "
      "client exited, not its warm-up")
def _():
    # 2 s of client, 1 s measured; the server burns 0.5 s/s while warming
    # up and 0.2 s/s after.
    ss = samples(cpu_s=lambda t: 0.5 * min(t, 1) + 0.2 * max(0, t - 1))
    out, problems = M.measure(PT, CLIENT, ss, {}, M.Window(t0=0, t1=2))
    assert problems == [], problems
    assert near(out["server_cpu_s"], 0.2, 1e-6), out["server_cpu_s"]
    assert near(out["server_cpu_us_per_req"], 200, 1e-3)
    assert near(out["loadgen_cpu_s"], 0.2)
    assert out["client_limited"] is False


@test("the cgroup's CPU wins over the process tree's, which is kept beside "
      "it (a child that exited is lost to /proc, not to the cgroup)")
def _():
    ss = samples(cpu_s=lambda t: 0.1 * t, cg_cpu_s=lambda t: 0.3 * t)
    out, problems = M.measure(PT, CLIENT, ss, {}, M.Window(t0=0, t1=2))
    assert problems == [], problems
    assert near(out["server_cpu_s"], 0.3, 1e-6)
    assert near(out["server_cpu_proc_s"], 0.1, 1e-6)


@test("a negative CPU delta is a problem, never a figure to average")
def _():
    ss = samples(cpu_s=lambda t: 5 - t)
    _, problems = M.measure(PT, CLIENT, ss, {}, M.Window(t0=0, t1=2))
    assert any("negative server CPU" in p for p in problems), problems


@test("memory is the peak once every connection is held: the samples of "
      "the set-up before it do not count, the settle time is recorded")
def _():
    # Threads grow 1 + 10 by t = 0.5; memory grows after (stacks touched).
    ss = samples(threads=lambda t: 1 + min(10, int(t * 20 + 1e-9)),
                 rss_kib=lambda t: 1000 + 100 * t,
                 cg_mem_kib=lambda t: 5000 if t < 0.5 else 9000)
    w = M.Window(t0=0, t1=2, expect=("threads", 11))
    out, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert problems == [], problems
    assert near(out["settled_s"], 0.5, 1e-9), out["settled_s"]
    assert out["server_threads"] == 11
    assert out["server_mem_kib"] == 9000
    assert near(out["server_rss_kib"], 1200)
    assert out["server_kstack_est_kib"] == 11 * 16


@test("a server that never holds every connection is 'not settled: N of "
      "M', not sampled early")
def _():
    ss = samples(threads=lambda t: 6)
    w = M.Window(t0=0, t1=2, expect=("threads", 11))
    out, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert "not settled: 6 of 11 threads, no more in its last 2.0 s" \
        in problems, problems
    assert out["settled_s"] is None


@test("a server still taking connections on when the client ends is 'not "
      "settled: N of M' without a stall")
def _():
    ss = samples(threads=lambda t: 1 + int(t * 4))
    w = M.Window(t0=0, t1=2, expect=("threads", 11))
    out, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert "not settled: 9 of 11 threads" in problems, problems


@test("a server that holds every connection only once the measured phase "
      "has begun is not settled either: its figures are of a server still "
      "taking them on")
def _():
    ss = samples(threads=lambda t: 1 + min(10, int(t * 5 + 1e-9)))
    w = M.Window(t0=0, t1=2, expect=("threads", 11))
    out, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert problems == ["not settled: 6 of 11 threads when the measured "
                        "phase began"], problems
    assert near(out["settled_s"], 2.0, 1e-9), out["settled_s"]


@test("fewer processes than connections for a process per connection is "
      "impossible and said so")
def _():
    ss = samples(procs=lambda t: 4, cpu_s=lambda t: t)
    w = M.Window(t0=0, t1=2, expect=("procs", 11))
    _, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert any("4 server processes for 10 connections" in p
               for p in problems), problems


@test("the cgroup's process count is read before the tree's")
def _():
    ss = samples(procs=lambda t: 1, cg_procs=lambda t: 11)
    w = M.Window(t0=0, t1=2, expect=("procs", 11))
    out, problems = M.measure(PT, CLIENT, ss, {}, w)
    assert problems == [], problems
    assert out["server_procs"] == 11


@test("a sampler that fell behind (one sample in 3 s) is a problem")
def _():
    ss = [{"t": 0.0, "cpu_s": 0.0}, {"t": 3.0, "cpu_s": 1.0}]
    w = M.Window(t0=0, t1=3)
    _, problems = M.measure(dict(PT, duration=1.0), CLIENT, ss, {}, w)
    assert any("could not keep up" in p for p in problems), problems


@test("a sparse /proc walk beside a dense cgroup reading is no problem: the "
      "cgroup's CPU is the figure used")
def _():
    ss = [{"t": t / 10, "cg_cpu_s": t / 100} for t in range(31)]
    ss[0]["cpu_s"], ss[-1]["cpu_s"] = 0.0, 0.3
    _, problems = M.measure(PT, CLIENT, ss, {}, M.Window(t0=0, t1=3))
    assert problems == [], problems


@test("machine-wide deltas are medians against the baseline; a negative "
      "one is left empty, not averaged in")
def _():
    ss = samples(tcp_mem=lambda t: 1300, SUnreclaim=lambda t: 900,
                 tcp_inuse=lambda t: 120)
    base = {"tcp_mem": 1000, "SUnreclaim": 1000, "tcp_inuse": 100}
    out, problems = M.measure(PT, CLIENT, ss, base, M.Window(t0=0, t1=2))
    assert problems == [], problems
    assert out["sock_mem_delta_kib"] == 300
    assert out["machine_sock_mem_delta_kib"] == 300
    assert out["machine_tcp_inuse_delta"] == 20
    assert out["slab_delta_kib"] is None


@test("other_cpu_frac: the machine's busy time less the server's and the "
      "client's, over every core")
def _():
    ss = samples(cpu_s=lambda t: 0.5 * t, busy_s=lambda t: 1.5 * t)
    c = dict(CLIENT, cpu={"user_s": 0.5, "sys_s": 0.5})
    out, _ = M.measure(PT, c, ss, {}, M.Window(t0=0, t1=2, cores=2))
    # measured 1 s: busy 1.5, server 0.5, client 1.0 s * 1/2 = 0.5.
    assert near(out["other_cpu_frac"], 0.25, 1e-6), out["other_cpu_frac"]


@test("a client without its own verdict (wrk) is client-limited when busy "
      "90 % of the time on every CPU it had")
def _():
    c = {k: v for k, v in CLIENT.items() if k not in ("cpu", "cpu_bound")}
    out, _ = M.measure(PT, c, [], {}, M.Window(t0=0, t1=1, lg_cpu_s=1.9,
                                                lg_cpus=2))
    assert out["client_limited"] is True
    out, _ = M.measure(PT, c, [], {}, M.Window(t0=0, t1=1, lg_cpu_s=1.0,
                                                lg_cpus=2))
    assert out["client_limited"] is False


@test("errors by kind become err_* columns")
def _():
    c = dict(CLIENT, errors={"connect": 2, "timeout": 1}, errors_total=3)
    out, _ = M.measure(PT, c, [], {}, M.Window(t0=0, t1=1))
    assert (out["errors"], out["err_connect"], out["err_timeout"],
            out["err_read"]) == (3, 2, 1, 0)


PGBENCH = """pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: <builtin: select only>
scaling factor: 1
query mode: prepared
number of clients: 4
number of threads: 1
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 1000
number of failed transactions: 3 (0.300%)
latency average = 0.058 ms
initial connection time = 3.712 ms
tps = 499.5 (without initial connection time)
"""


@test("pgbench as the measured client: its tps, transactions and failures "
      "in loadgen's keys, percentiles from its per-transaction log")
def _():
    # client_id transaction_no time_us script_no epoch epoch_us
    log = "\n".join(f"0 {i} {i + 1} 0 1700000000 {i}" for i in range(1000))
    c = sideprogs.pgbench_result(PGBENCH, [log])
    assert (c["requests"], c["rps"], c["duration_s"]) == (1000, 499.5, 2.0)
    assert c["errors_total"] == 3 and c["errors"]["status"] == 3
    lat = c["latency_us"]
    assert (lat["p50"], lat["p99"], lat["max"]) == (500, 990, 1000), lat
    out, problems = M.measure(PT, c, [], {}, M.Window(t0=0, t1=2.1,
                                                      lg_cpu_s=0.2))
    assert out["rps"] == 499.5 and out["lat_p99_us"] == 990
    assert sideprogs.pgbench_result("connection refused", []) is None


finish()
