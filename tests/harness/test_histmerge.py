#!/usr/bin/env python3
"""tests/harness/test_histmerge.py - unit test of scripts/histmerge.py,
which merges the latency histograms of load generators on several hosts.

Synthetic histograms whose merged percentiles are known by hand, then real
ones: two build/loadgen runs against build/servers/epoll, where the merge
of one part alone must give back loadgen's own percentiles (the Python
reading of a histogram is loadgen's), and the merge of both must count
every request once.  Prints TAP; exits 1 if any test failed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, test  # noqa: E402
import histmerge as H  # noqa: E402


def hist(values):
    """A histogram of exact buckets (values below 2048 ns are their own
    bucket in loadgen's layout)."""
    b = {}
    for v in values:
        b[v] = b.get(v, 0) + 1
    return dict(total=len(values), min_ns=min(values), max_ns=max(values),
                sum_ns=float(sum(values)),
                buckets=[[v, v, n] for v, n in sorted(b.items())])


def part(values, rps, conns, errors=0):
    h = hist(values)
    return {"tool": "loadgen", "config": {"connections": conns},
            "requests": len(values), "rps": rps, "duration_s": 1.0,
            "errors": {"connect": errors, "read": 0}, "errors_total": errors,
            "latency_histogram": h, "latency_raw_histogram": h,
            "latency_us": H.latency_us(h), "cpu": {"user_s": 0.5,
                                                  "sys_s": 0.25},
            "cpu_bound": False}


@test("a fast host and a slow one: the merged p99 is the slow tail, not "
      "the mean of the two p99s")
def _():
    fast = part([100] * 990 + [200] * 10, 1000, 10)
    slow = part([1000] * 1000, 1000, 10)
    m = H.merge([fast, slow], ["a", "b"])
    assert m["latency_histogram"]["total"] == 2000
    # 2000 values: rank 1000 of p50 is the last 100 (990 + 10 = 1000).
    assert m["latency_us"]["p50"] == 0.2, m["latency_us"]
    assert m["latency_us"]["p99"] == 1.0, m["latency_us"]
    assert m["latency_us"]["max"] == 1.0
    assert abs(m["latency_us"]["mean"] - (99000 + 2000 + 1000000) / 2000
               / 1e3) < 1e-3


@test("counts, rates, errors and CPU add up; the duration is the longest")
def _():
    a, b = part([50] * 30, 300.0, 3, errors=2), part([60] * 70, 700.0, 7)
    b["duration_s"] = 1.5
    b["cpu_bound"] = True
    m = H.merge([a, b])
    assert m["requests"] == 100 and m["rps"] == 1000.0
    assert m["config"]["connections"] == 10
    assert m["errors"] == {"connect": 2, "read": 0}, m["errors"]
    assert m["errors_total"] == 2 and m["duration_s"] == 1.5
    assert m["cpu"] == {"user_s": 1.0, "sys_s": 0.5}
    assert m["cpu_bound"] is True
    assert [p["latency_count"] for p in m["parts"]] == [30, 70]


@test("shared buckets are summed, not duplicated; min and max kept")
def _():
    m = H.merge_hists([hist([5, 7, 7]), hist([7, 9]), None,
                       dict(total=0, min_ns=0, max_ns=0, sum_ns=0.0,
                            buckets=[])])
    assert m["buckets"] == [[5, 5, 1], [7, 7, 3], [9, 9, 1]], m
    assert (m["total"], m["min_ns"], m["max_ns"]) == (5, 5, 9)


@test("an empty histogram gives zeros, not an error")
def _():
    h = H.merge_hists([])
    assert H.latency_us(h)["p99"] == 0 and H.latency_us(h)["mean"] == 0.0


def loadgen_run(port, path, conns):
    subprocess.run([os.path.join(REPO, "build", "loadgen"), "-c",
                    str(conns), "-t", "1", "-d", "400ms", "--json", path,
                    f"http://127.0.0.1:{port}/delay?ms=1"],
                   check=True, timeout=30, stdout=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)


def real_parts():
    srv = subprocess.Popen([os.path.join(REPO, "build", "servers", "epoll"),
                            "--port", "0"], stdout=subprocess.PIPE,
                           stdin=subprocess.DEVNULL)
    try:
        line = srv.stdout.readline().decode()
        port = int(re.match(r"listening on \S+:(\d+)", line).group(1))
        with tempfile.TemporaryDirectory() as d:
            return [loadgen_run(port, os.path.join(d, "a.json"), 4),
                    loadgen_run(port, os.path.join(d, "b.json"), 2)]
    finally:
        srv.terminate()
        srv.wait(10)


PARTS = []


@test("real runs: the merge of one part gives loadgen's own percentiles")
def _():
    PARTS.extend(real_parts())
    for p in PARTS:
        m = H.merge([p])
        for k in ("p50", "p90", "p99", "p99_9", "max"):
            assert abs(m["latency_us"][k] - p["latency_us"][k]) < 0.0015, (
                k, m["latency_us"], p["latency_us"])


@test("real runs: the merged count is the sum of the parts, every bucket "
      "summed")
def _():
    m = H.merge(PARTS)
    total = sum(p["latency_histogram"]["total"] for p in PARTS)
    assert m["latency_histogram"]["total"] == total > 0
    assert sum(b[2] for b in m["latency_histogram"]["buckets"]) == total
    assert m["requests"] == sum(p["requests"] for p in PARTS)
    assert abs(m["rps"] - sum(p["rps"] for p in PARTS)) < 1e-6
    lo = min(p["latency_us"]["p99"] for p in PARTS)
    hi = max(p["latency_us"]["p99"] for p in PARTS)
    assert lo - 0.01 <= m["latency_us"]["p99"] <= hi + 0.01


finish()
