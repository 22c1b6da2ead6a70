#!/usr/bin/env python3
"""tests/harness/test_verdicts.py - unit test of the engines every lesson
reads: the results model (scripts/results.py: one reduction, one slope, one
formatter, summary.csv), the verdict stage (scripts/verdicts.py:
verdicts.json, the claims of the run's scenarios only, the peers' claims
in a run without peers) and its Markdown.  Each scenario's own claims are
tested by its fixtures (tests/harness/test_scenarios.py); the runs below
put every scenario's fixtures together.  Prints TAP ("ok N - what"), exits
1 if any test failed.  Needs only python3's standard library.
"""

import importlib.util
import json
import os
import re
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
sys.path.insert(0, SCRIPTS)

import kit  # noqa: E402
import report  # noqa: E402
import results  # noqa: E402
import verdicts as V  # noqa: E402

# The results.csv columns, as the harness writes them.
from bench import COLUMNS  # noqa: E402

ABOUT = kit.FIXTURE_ABOUT
rows = kit.fixture_rows


def fixtures(name):
    path = os.path.join(SCRIPTS, "scenarios", "fixtures", name + ".py")
    spec = importlib.util.spec_from_file_location("fx_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


FX = {n: fixtures(n) for n in (
    "idle", "idle_active", "hello", "delay", "cpu", "churn", "latency", "slow", "offload",
    "push", "gil", "webservers", "language")}
slow_confirming, slow_refuting = (FX["slow"].slow_confirming,
                                  FX["slow"].slow_refuting)
idle_memory = FX["idle"].idle_memory
active, refused_select = (FX["idle_active"].active,
                          FX["idle_active"].refused_select)
hello, SWEEP = FX["hello"].hello, FX["hello"].SWEEP
delay, cpu, churn = FX["delay"].delay, FX["cpu"].cpu, FX["churn"].churn
latency, offload, push = (FX["latency"].latency, FX["offload"].offload,
                          FX["push"].push)
gil_python, gil_c = FX["gil"].gil_python, FX["gil"].gil_c
web, NGINX = FX["webservers"].web, FX["webservers"].NGINX
lang, C_COSTS, PY_COSTS = (FX["language"].lang, FX["language"].C_COSTS,
                           FX["language"].PY_COSTS)


def evaluate(data, manifest=None):
    """Every claim over data, the models' --about in the manifest."""
    return kit.judge_all(data, manifest)


def claim_ids():
    return [c.id for c in V.claims()]


# The scenarios whose fixtures the runs below put together: the claims
# these runs must decide.  A scenario added later brings its own fixtures
# (tests/harness/test_scenarios.py runs them) and joins here.
TOGETHER = ("idle", "hello", "delay", "cpu", "blocking", "offload", "churn",
            "push", "latency", "slow", "gil", "webservers", "language")


def together_ids():
    return [c.id for c in V.claims() if c.scenario in TOGETHER]


def expect(data, cid, verdict, manifest=None, contains=()):
    return kit.expect(data, cid, verdict, manifest, contains)


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


# ------------------------------------------------------- results model --

def t_not_ok_rows_never_averaged():
    # A refused repetition's figures are not a measurement: the point is
    # the median of its ok repetitions only, and a point with none holds
    # no figures at all.
    data = rows("epoll", "hello", reps=2, connections=10, rps=1000)
    data += [dict(data[0], repetition="3", status="failed", rps="999999")]
    data += rows("select", "hello", reps=1, connections=10, rps=5)
    data[-1].update(status="refused", reason="FD_SETSIZE")
    pts = {p["model"]: p for p in results.reduce(data)}
    assert pts["epoll"]["rps"] == 1010 and pts["epoll"]["reps"] == 2, \
        pts["epoll"]
    assert pts["epoll"]["reps_all"] == 3, pts["epoll"]
    assert pts["select"]["status"] == "refused", pts["select"]
    assert pts["select"]["rps"] is None, pts["select"]
    s = results.summary_rows(results.reduce(data))
    assert {r["model"]: r["rps"] for r in s} == {"epoll": "1010",
                                                 "select": ""}, s


def t_params_are_fields():
    data = (rows("epoll", "slow", connections=4, reps=1, rps=10,
                 params={"attack": "slowloris", "count": 3000})
            + rows("epoll", "slow", connections=4, reps=1, rps=20,
                   params={"attack": "slowread", "count": 3000}))
    pts = results.reduce(data)
    assert len(pts) == 2, pts
    got = sorted((p["attack"], p["count"], p["rps"]) for p in pts)
    assert got == [("slowloris", 3000, 10), ("slowread", 3000, 20)], got
    sel = kit.select(pts, "slow", "epoll", attack="slowread", count=3000)
    assert [p["rps"] for p in sel] == [20], sel
    with tempfile.TemporaryDirectory() as tmp:
        write_csv(tmp, data)
        results.write_summary(tmp)
        with open(os.path.join(tmp, "summary.csv")) as f:
            import csv
            summ = list(csv.DictReader(f))
    assert sorted(r["attack"] for r in summ) == ["slowloris", "slowread"]
    assert summ[0]["params"].startswith('{"attack":'), summ[0]["params"]


def t_one_slope():
    # Theil-Sen: one outlying point does not tilt it; noise is the spread.
    pts = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 40)]
    s, noise = results.slope_fit(pts)
    assert s == 1.0, s
    assert noise is not None and noise >= 0, noise
    assert results.slope([(1, 5)]) is None


def t_nonneg_never_negative():
    assert results.fmt_nonneg(-0.45, "µs") == "≈0 (±0.45 µs)"
    assert results.fmt_nonneg(0.01, "KiB", 0.02) == "≈0 (±0.02 KiB)"
    assert results.fmt_nonneg(5.0, "KiB", 0.02) == "5 KiB"
    assert results.fmt_col("server_cpu_us_per_req", -1.0) == "≈0 (±1)"
    assert results.fmt_col("slab_delta_kib", -1.0) == "-1"
    assert results.f_kib(-0.3) == "≈0 (±0.3 KiB)"
    assert results.f_us(-0.45) == "≈0 (±0.5 µs)"
    assert results.f_rps(-3) == "≈0 (±3.0)"
    # A chart never draws a CPU time below zero.
    y = kit.col("server_cpu_us_per_req")({"server_cpu_us_per_req": "-2"})
    assert y == 0.0, y


def t_lessons_drawn_from_other_points_are_not_measured():
    # The engine measures load()'s scenarios, every call; a lesson drawn
    # from another scenario's points (PART_OF) is in lessons() only.
    import scenarios
    for _ in range(2):
        measured = scenarios.load()
        assert all(hasattr(m, "points") for m in measured), measured
    assert "idle_active" not in scenarios.names()
    part = [m for m in scenarios.lessons() if hasattr(m, "PART_OF")]
    assert [m.NAME for m in part] == ["idle_active"], part
    assert scenarios.get("idle_active") is None
    assert scenarios.lesson("idle_active").PART_OF == "idle"


# ------------------------------------------------------ verdicts stage --

def write_csv(folder, data, manifest=None):
    import csv
    with open(os.path.join(folder, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(COLUMNS) + [
            c for c in ("params",) if c not in COLUMNS])
        w.writeheader()
        w.writerows(data)
    if manifest is not None:
        with open(os.path.join(folder, "manifest.json"), "w") as f:
            json.dump(manifest, f)


def t_run_reports_its_scenarios_only():
    # A run of two scenarios judges their claims and no others.
    man = {"about": ABOUT, "parameters": {"scenarios": ["hello", "cpu"],
                                          "models": ["epoll",
                                                     "thread-pool"]}}
    data = (hello("epoll", zip(SWEEP, (20000, 60000, 80000, 78000, 70000),
                               (50, 200, 1500, 14000, 150000)))
            + cpu("thread-pool", 18000) + cpu("epoll", 4800))
    with tempfile.TemporaryDirectory() as tmp:
        write_csv(tmp, data, man)
        got = V.write(tmp)
        with open(os.path.join(tmp, "verdicts.json")) as f:
            assert json.load(f) == got
    ids = [v["id"] for v in got]
    want = [c.id for c in V.claims() if c.scenario in ("hello", "cpu")]
    assert ids == want, ids


def t_peers_claims_without_peers():
    man = {"about": ABOUT, "parameters": {"scenarios": ["gil", "language"],
                                          "models": ["epoll"]}}
    got = V.evaluate([], man)
    assert got and all(v["verdict"] == V.NEEDS_PEERS for v in got), got
    assert all("results/reference-peers" in v["summary"] for v in got), got
    md = V.report_markdown(got)
    assert "**Verdict: needs PEERS=1.**" in md, md
    # With a peer in the run, the claim is judged (no data here).
    man["parameters"]["models"].append("py-asyncio")
    got = V.evaluate([], man)
    assert all(v["verdict"] == V.NO_DATA for v in got), got


def t_report_reads_verdicts_json():
    # REPORT.md renders the verdicts stage's file, not a verdict of its
    # own: a verdicts.json edited by hand shows through.
    man = {"about": ABOUT, "parameters": {"scenarios": ["cpu"],
                                          "models": ["epoll",
                                                     "thread-pool"]}}
    with tempfile.TemporaryDirectory() as tmp:
        write_csv(tmp, cpu("thread-pool", 18000) + cpu("epoll", 4800), man)
        got = V.write(tmp)
        got[0]["summary"] = "EDITED BY THE TEST."
        with open(os.path.join(tmp, "verdicts.json"), "w") as f:
            json.dump(got, f)
        report.write(tmp)
        with open(os.path.join(tmp, "REPORT.md")) as f:
            md = f.read()
    assert "EDITED BY THE TEST." in md, md


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
           if v["verdict"] != V.CONFIRMED and v["id"] in together_ids()]
    assert not bad, bad


def t_all_refute_together():
    got = evaluate(all_refuting(), {})
    want = {cid: V.REFUTED for cid in together_ids()}
    bad = [(v["id"], v["verdict"], v["summary"]) for v in got
           if v["id"] in want and v["verdict"] != want[v["id"]]]
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
    assert md.count("**Verdict: confirmed.**") == len(together_ids()), md
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
