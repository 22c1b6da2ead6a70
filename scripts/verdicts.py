#!/usr/bin/env python3
"""scripts/verdicts.py - the claims of issue 5, judged from one run.

The talks this project grew from make claims about async servers.  Each claim
is one experiment of the matrix; this module reads that experiment's rows of
results.csv and decides, from the numbers alone, whether this machine
confirmed the claim, refuted it, or could not show it.

    evaluate(rows, manifest) -> list of verdict dicts, one per claim
    report_markdown(verdicts) -> the "When is async worth it?" section

rows are csv.DictReader rows of results.csv (every value a string, "" when
missing); manifest is the run's machine manifest as a dict (may be empty).
Each verdict dict holds:

    id        short name of the claim ("memory", "scale", ...)
    claim     the claim as the talks state it
    scenario  the scenario of results.csv it is judged on
    verdict   "confirmed", "refuted", "not visible on this machine", "no data"
    summary   one or two sentences with the numbers behind the verdict
    chart     the chart's name: REPORT.md embeds charts/<chart>.svg
    numbers   {label: value} of every figure the verdict used
    decision  None, or {"side": "threads"|"loop"|"either", "text": ...}:
              the row of the decision table this verdict supports

Rules that hold for every claim:
- Repetitions of one measured point are reduced to their median.
- Only rows with status "ok" give numbers.  A point none of whose
  repetitions was ok keeps its status, and "refused" points are named in the
  summary (select refusing fds past FD_SETSIZE is a result, not an error).
- A point whose client_limited is "1" was limited by the load generator, not
  the server: a throughput comparison that rests on it and does not already
  confirm the claim is "not visible on this machine".
- Models are grouped by name: a name starting "thread" or "prefork" is a
  thread model, every other name an event loop.  An unknown model therefore
  joins the event loops; nothing here needs a list of models.
- Every number in the text is computed from the rows (or, for the core
  count, read from the manifest); the thresholds below are the only other
  numbers, and they are named where they decide a verdict.

Run by hand:  python3 scripts/verdicts.py results/<run-id>/results.csv
              [results/<run-id>/manifest.json]  prints the Markdown.
"""

import csv
import json
import math
import re
import statistics
import sys

# ---------------------------------------------------------------------------
# Thresholds.  Each decides one verdict; change them here, nowhere else.
# ---------------------------------------------------------------------------

# Two throughputs (or costs) closer than this fraction are the same number:
# repeated runs of one point on an ordinary machine spread by 5-10%, so 15%
# is a difference we can see and still not mistake noise for an effect.
NOISE = 0.15

# memory: confirmed if the thread-per-connection model's memory per idle
# connection (user RSS + kernel) is at least this many times the cheapest
# event loop's.  The talks claim an order of magnitude; half is the least
# that would still make per-thread overhead what limits connection counts.
MEM_CONFIRM_RATIO = 2.0
# A per-connection slope below this (KiB) is indistinguishable from zero
# (RSS moves in 4 KiB pages); ratios divide by at least this much.
MEM_FLOOR_KIB = 0.1
# A model whose thread count grows by at least this many threads per idle
# connection pays one thread per connection.
THREADS_PER_CONN_MIN = 0.5

# scale: "very many connections" means at least this many.
HELLO_MANY_CONNS = 1000
# confirmed if one single-threaded loop, at its highest connection count
# (>= HELLO_MANY_CONNS), still serves at least this fraction of its own peak
# throughput, or at least as much as the best thread model at the same
# count (within NOISE: the claim is about one thread against many) ...
HELLO_KEEP_FRACTION = 0.5
# ... with at most this fraction of its requests failing.
ERROR_FRACTION_MAX = 0.01

# delay: confirmed if the best event loop at its highest connection count
# serves at least this many times the thread pool's measured plateau.  The
# pool's cap is N workers / delay; a loop that cannot beat it by half again
# has not shown that waiting is where async wins.
DELAY_WIN_RATIO = 1.5

# cpu: the claim is a null effect ("gains nothing"): confirmed unless the
# best single-threaded loop beats the best thread model by more than NOISE.

# blocking: confirmed if blocking inside the loop costs even the least hurt
# event loop at least this factor of its non-blocking delay throughput.  In
# theory the loss equals the connection count; this asks for a clear share.
BLOCKING_CONFIRM = 5.0

# select: confirmed if select's CPU per request (or, without CPU figures, its
# throughput loss) grows from no idle connections to the most it could take
# at least this many times more than epoll's does over the same range.
SELECT_CONFIRM = 1.5

# churn: confirmed if a thread-per-connection model spends at least this many
# times the cheapest event loop's server CPU per connection.
CHURN_CONFIRM = 1.3

# latency: points offered at least this fraction of the model's capacity are
# "near capacity", where coordinated omission shows.
LATENCY_NEAR_CAPACITY = 0.9
# confirmed if, there, the open-loop p99 (timed from the intended send time)
# is at least this many times what a closed-loop generator reports (the raw
# p99, timed from the actual send, of the same run at the same throughput).
LATENCY_CONFIRM = 3.0

# ---------------------------------------------------------------------------
# The claims: id -> (claim text, scenario, chart name).  The chart names are
# the harness's: REPORT.md links charts/<chart>.svg.
# ---------------------------------------------------------------------------

CLAIMS = {
    "memory": ("Per-thread overhead limits connection counts; "
               "event loops store state more cheaply", "idle", "idle_memory"),
    "scale": ("One thread can serve very many connections", "hello",
              "hello_throughput"),
    "delay": ("A slow backend is where async wins", "delay", "delay"),
    "cpu": ("CPU-bound work gains nothing from async", "cpu", "cpu"),
    "blocking": ("Blocking the event loop is the worst sin", "blocking",
                 "blocking"),
    "select": ("select does not scale with idle connections, epoll does",
               "idle", "idle_active"),
    "churn": ("Threads pay per connection, not only per request", "churn",
              "churn"),
    "latency": ("Closed-loop load generators hide latency", "latency",
                "latency"),
}
CHARTS = {cid: c[2] for cid, c in CLAIMS.items()}

CONFIRMED = "confirmed"
REFUTED = "refuted"
NOT_VISIBLE = "not visible on this machine"
NO_DATA = "no data"
VERDICTS = (CONFIRMED, REFUTED, NOT_VISIBLE, NO_DATA)

# Name fragments of event-loop models that run one loop per core: they use
# every core, so the cpu claim does not count them as single-threaded.
MULTI_LOOP_MARKERS = ("per-core", "percore", "reuseport", "multi", "-mt",
                      "sharded")

# Values of client_limited that mean "the load generator was the limit".
LIMITED = ("1", "true", "yes")

# Columns that identify one measured point; repetitions share them.
POINT_FIELDS = ("connections", "idle", "rate", "offered_fraction", "delay_ms",
                "cpu_us", "workers", "stack_kib")
# Columns reduced to their median over a point's ok repetitions.
MEASURE_FIELDS = (
    "requests", "duration_s", "rps", "lat_p50_us", "lat_p90_us", "lat_p99_us",
    "lat_p999_us", "lat_p9999_us", "lat_max_us", "raw_p99_us", "errors",
    "server_cpu_s", "server_cpu_us_per_req", "server_rss_kib",
    "server_rss_peak_kib", "server_threads", "kernel_stack_delta_kib",
    "sock_mem_delta_kib", "slab_delta_kib", "loadgen_cpu_s",
    "loadgen_cpu_us_per_req")


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def is_thread_model(model):
    """Thread models: thread-per-conn, thread-pool, thread*, prefork*."""
    return model.startswith("thread") or model.startswith("prefork")


def is_loop_model(model):
    """Everything that is not a thread model is an event loop."""
    return not is_thread_model(model)


def is_single_loop(model):
    """An event loop that runs on one thread (not one loop per core)."""
    return is_loop_model(model) and not any(
        m in model for m in MULTI_LOOP_MARKERS)


def is_pool_model(model):
    """A thread model with a fixed set of workers (thread-pool)."""
    return is_thread_model(model) and "pool" in model


def pays_thread_per_conn(model):
    """A thread model that makes one thread per connection.

    prefork pre-spawns its processes, a pool its threads: neither pays a
    thread per connection."""
    return (is_thread_model(model) and not is_pool_model(model)
            and not model.startswith("prefork"))


# ---------------------------------------------------------------------------
# Rows -> points
# ---------------------------------------------------------------------------

def num(value):
    """A float from a CSV cell, or None when empty, malformed, nan or inf."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        f = float(value)
    else:
        s = str(value).strip()
        if not s:
            return None
        try:
            f = float(s)
        except ValueError:
            return None
    if math.isnan(f) or math.isinf(f):
        return None
    return f


def _cell(row, field):
    v = row.get(field)
    return "" if v is None else str(v).strip()


def collapse(rows):
    """Groups rows into measured points, one per repetition set.

    A point is a dict with the identifying fields, "status" ("ok" when at
    least one repetition was ok, else the repetitions' status, "refused"
    first), "reason", "reps" (ok repetitions), "client_limited" (any ok
    repetition limited by the load generator) and the median of every
    MEASURE_FIELDS column over the ok repetitions (None when none had it)."""
    groups = {}
    for row in rows or ():
        if not isinstance(row, dict):
            continue
        model = _cell(row, "model")
        if not model:
            continue
        key = (model, _cell(row, "variant"), _cell(row, "scenario")) + tuple(
            num(row.get(f)) for f in POINT_FIELDS)
        groups.setdefault(key, []).append(row)
    points = []
    for key, reps in groups.items():
        p = {"model": key[0], "variant": key[1], "scenario": key[2]}
        p.update(zip(POINT_FIELDS, key[3:]))
        ok = [r for r in reps if _cell(r, "status") == "ok"]
        p["reps"] = len(ok)
        if ok:
            p["status"] = "ok"
            p["reason"] = ""
            p["client_limited"] = any(
                _cell(r, "client_limited").lower() in LIMITED for r in ok)
            for f in MEASURE_FIELDS:
                vals = [v for v in (num(r.get(f)) for r in ok)
                        if v is not None]
                p[f] = statistics.median(vals) if vals else None
        else:
            statuses = [_cell(r, "status") or "failed" for r in reps]
            p["status"] = "refused" if "refused" in statuses else statuses[0]
            p["reason"] = next((_cell(r, "reason") for r in reps
                                if _cell(r, "reason")), "")
            p["client_limited"] = False
            for f in MEASURE_FIELDS:
                p[f] = None
        points.append(p)
    points.sort(key=lambda q: (q["scenario"], q["model"], q["variant"],
                               _z(q["connections"]), _z(q["idle"]),
                               _z(q["offered_fraction"]), _z(q["rate"])))
    return points


def _z(x):
    return 0.0 if x is None else x


def _ok(points):
    return [p for p in points if p["status"] == "ok"]


def _by_model(points):
    out = {}
    for p in points:
        out.setdefault(p["model"], []).append(p)
    return out


def _slope(pairs):
    """Least-squares slope of y on x, or None with fewer than two x values.

    Pairs with the same x are first reduced to their median."""
    by_x = {}
    for x, y in pairs:
        if x is not None and y is not None:
            by_x.setdefault(x, []).append(y)
    if len(by_x) < 2:
        return None
    xs = sorted(by_x)
    ys = [statistics.median(by_x[x]) for x in xs]
    mx = sum(xs) / len(xs)
    my = sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def _best(points, field="rps"):
    """The point with the highest value of field, or None."""
    have = [p for p in points if p.get(field) is not None]
    return max(have, key=lambda p: p[field]) if have else None


def _top(points, field="connections"):
    """The point with the highest field (ties: the highest rps), or None."""
    have = [p for p in points if p.get(field) is not None]
    if not have:
        return None
    return max(have, key=lambda p: (p[field], _z(p.get("rps"))))


def _median_of(points, field):
    vals = [p[field] for p in points if p.get(field) is not None]
    return statistics.median(vals) if vals else None


def _log_distance(a, b):
    """How far apart two connection counts are, as a factor (0: equal)."""
    return abs(math.log(max(_z(a), 1.0) / max(_z(b), 1.0)))


def _error_fraction(p):
    errors, requests = p.get("errors"), p.get("requests")
    if errors is None or requests is None or errors + requests <= 0:
        return 0.0
    return errors / (errors + requests)


def grade(ratio, confirm_at, limited=False):
    """The verdict for a ratio the claim says should be large.

    confirmed when ratio >= confirm_at; otherwise "not visible" when the
    points were client-limited or the ratio is within NOISE of 1; otherwise
    refuted (the effect is absent, reversed, or smaller than claimed)."""
    if ratio is None:
        return NO_DATA
    if ratio >= confirm_at:
        return CONFIRMED
    if limited or abs(ratio - 1.0) <= NOISE:
        return NOT_VISIBLE
    return REFUTED


# ---------------------------------------------------------------------------
# Formatting: every number in the text goes through one of these.
# ---------------------------------------------------------------------------

def f_int(x):
    return "n/a" if x is None else "{:,}".format(int(round(x)))


def f_rps(x):
    if x is None:
        return "n/a"
    return "{:,.0f}".format(x) if abs(x) >= 100 else "{:,.1f}".format(x)


def f_kib(x):
    """KiB per connection; a slightly negative slope (noise) reads 0.0."""
    return "n/a" if x is None else "{:.1f} KiB".format(max(x, 0.0))


def f_conns(x, what="connections"):
    """ "1 connection", "10,000 connections"."""
    if x is not None and round(x) == 1:
        return "1 " + what[:-1]
    return "{} {}".format(f_int(x), what)


def f_us(x):
    """A latency or CPU time given in microseconds."""
    if x is None:
        return "n/a"
    if abs(x) >= 100000:
        return "{:,.0f} ms".format(x / 1000)
    if abs(x) >= 1000:
        return "{:.1f} ms".format(x / 1000)
    if abs(x) >= 100:
        return "{:.0f} µs".format(x)
    return "{:.1f} µs".format(x)


def f_ratio(x):
    if x is None:
        return "n/a"
    return "{:,.0f}x".format(x) if abs(x) >= 10 else "{:.1f}x".format(x)


def f_pct(x):
    return "n/a" if x is None else "{:.0f}%".format(100 * x)


def f_num(x):
    """A plain number for the numbers table."""
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return "{:,}".format(x)
    if isinstance(x, float):
        if x == int(x) and abs(x) < 1e15:
            return "{:,}".format(int(x))
        if abs(x) >= 100:
            return "{:,.0f}".format(x)
        if abs(x) >= 10:
            return "{:.1f}".format(x)
        return "{:.2f}".format(x)
    return str(x)


def _r(x, digits=3):
    """A number as stored in numbers: rounded, ints kept int."""
    if x is None:
        return None
    if isinstance(x, float) and x == int(x) and abs(x) < 1e15:
        return int(x)
    return round(x, digits)


def _and(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _refusals(points, field, unit, statuses=("refused",)):
    """ "select refused at 2,000 and 10,000 idle connections (FD_SETSIZE)" for
    every model and status (of statuses) with such points, or ""."""
    parts = []
    groups = {}
    for p in points:
        if p["status"] in statuses:
            groups.setdefault((p["model"], p["status"]), []).append(p)
    for (model, status), ps in sorted(groups.items()):
        where = sorted({p[field] for p in ps if p.get(field) is not None})
        reasons = sorted({p["reason"] for p in ps if p["reason"]})
        text = "{} {} at {} {}".format(
            model, status, _and(f_int(w) for w in where) or "some points",
            unit)
        if reasons:
            text += " ({})".format("; ".join(reasons))
        parts.append(text)
    return "; ".join(parts)


def _verdict(cid, verdict, summary, numbers, decision=None):
    claim, scenario, chart = CLAIMS[cid]
    return {"id": cid, "claim": claim, "scenario": scenario,
            "verdict": verdict, "summary": summary, "chart": chart,
            "numbers": {k: _r(v) for k, v in numbers.items()},
            "decision": decision}


def _scenario(points, name, variant=""):
    return [p for p in points
            if p["scenario"] == name and p["variant"] == variant]


# ---------------------------------------------------------------------------
# The claims
# ---------------------------------------------------------------------------

def _memory_costs(points):
    """{(model, variant): cost dict} from the idle scenario's ok points."""
    costs = {}
    groups = {}
    for p in _ok(points):
        if p["idle"] is not None:
            groups.setdefault((p["model"], p["variant"]), []).append(p)
    for (model, variant), ps in groups.items():
        def slope(field, ps=ps):
            return _slope([(p["idle"], p[field]) for p in ps])
        user = slope("server_rss_kib")
        if user is None:
            continue
        kstack = slope("kernel_stack_delta_kib")
        sock = slope("sock_mem_delta_kib")
        slab = slope("slab_delta_kib")
        parts = [k for k in (kstack, sock, slab) if k is not None]
        costs[(model, variant)] = {
            "model": model, "variant": variant, "user": user,
            "kernel": sum(parts) if parts else None, "kstack": kstack,
            "threads": slope("server_threads"),
            "max_idle": max(p["idle"] for p in ps),
            "stack_kib": _median_of(ps, "stack_kib"),
        }
    return costs


def _claim_memory(points, manifest):
    pts = [p for p in points if p["scenario"] == "idle"]
    costs = _memory_costs(pts)
    loops = [c for c in costs.values()
             if is_loop_model(c["model"]) and c["variant"] == ""]
    threads = [c for c in costs.values()
               if is_thread_model(c["model"]) and c["variant"] == ""]
    per_conn = [c for c in threads
                if (c["threads"] is not None
                    and c["threads"] >= THREADS_PER_CONN_MIN)
                or (c["threads"] is None and pays_thread_per_conn(c["model"]))]
    if not per_conn:
        per_conn = threads
    if not loops or not per_conn:
        return _verdict("memory", NO_DATA,
                        "The idle scenario has no memory slopes for both a "
                        "thread-per-connection model and an event loop.", {})
    # Kernel memory counts only when both sides measured it.
    with_kernel = all(c["kernel"] is not None for c in loops + per_conn)

    def total(c):
        return c["user"] + (c["kernel"] if with_kernel else 0.0)

    loop = min(loops, key=total)
    thread = min(per_conn, key=total)
    ratio = total(thread) / max(total(loop), MEM_FLOOR_KIB)
    verdict = grade(ratio, MEM_CONFIRM_RATIO)

    def cost_text(c):
        if not with_kernel:
            return "{} (user)".format(f_kib(c["user"]))
        text = "{} user + {} kernel".format(f_kib(c["user"]),
                                             f_kib(c["kernel"]))
        if c["kstack"] is not None and c["kstack"] > MEM_FLOOR_KIB:
            text += " ({} of it kernel stack)".format(f_kib(c["kstack"]))
        return text

    summary = ("{} held {} idle connections at {} each; {} paid {} per "
               "connection: {} as much.").format(
        loop["model"], f_int(loop["max_idle"]), cost_text(loop),
        thread["model"], cost_text(thread), f_ratio(ratio))
    numbers = {}
    for c in sorted(costs.values(), key=lambda c: (c["model"], c["variant"])):
        name = c["model"] + (" " + c["variant"] if c["variant"] else "")
        numbers[name + " user KiB/conn"] = c["user"]
        if c["kernel"] is not None:
            numbers[name + " kernel KiB/conn"] = c["kernel"]
        if c["kstack"] is not None:
            numbers[name + " kernel stack KiB/conn"] = c["kstack"]
        numbers[name + " max idle held"] = c["max_idle"]
    numbers["ratio " + thread["model"] + "/" + loop["model"]] = ratio

    # The stack-size knob: thread-per-conn with a small --stack-kib.
    knobs = [c for c in costs.values()
             if c["model"] == thread["model"] and c["variant"] != ""]
    for c in sorted(knobs, key=lambda c: _z(c["stack_kib"])):
        kib = c["stack_kib"]
        if kib is None:
            m = re.match(r"stack(\d+)k", c["variant"])
            kib = float(m.group(1)) if m else None
        knob = ("--stack-kib {}".format(f_int(kib)) if kib is not None
                else "variant " + c["variant"])
        summary += " With {} it paid {}.".format(knob, f_kib(total(c)))
    costlier = [c["model"] for c in loops if total(c) >= total(thread)]
    if costlier:
        summary += " {} cost as much per connection as {}.".format(
            _and(sorted(costlier)), thread["model"])
    if verdict == REFUTED and ratio > 1:
        summary += (" Threads hold up better than the talks say: the loop "
                    "saved less than the {} that would make per-thread "
                    "overhead the limit.").format(f_ratio(MEM_CONFIRM_RATIO))
    elif verdict == REFUTED:
        summary += (" Threads hold up better than the talks say: here the "
                    "loop's connections cost more.")
    refused = _refusals([p for p in pts if p["variant"] == ""], "idle",
                        "idle connections")
    if refused:
        summary += " Refused: " + refused + "."
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop when you hold many mostly idle connections: "
            "{} kept each for {} against {}'s {}").format(
            loop["model"], f_kib(total(loop)), thread["model"],
            f_kib(total(thread)))}
    elif verdict == REFUTED:
        decision = {"side": "threads", "text": (
            "Use threads when memory per connection is the worry and counts "
            "stay near the {} measured: {} cost {} per idle connection "
            "against {}'s {}").format(
            f_int(thread["max_idle"]), thread["model"], f_kib(total(thread)),
            loop["model"], f_kib(total(loop)))}
    return _verdict("memory", verdict, summary, numbers, decision)


def _claim_scale(points, manifest):
    pts = _scenario(points, "hello")
    ok = _by_model(_ok(pts))
    loops = {m: ps for m, ps in ok.items() if is_single_loop(m)}
    if not loops:
        return _verdict("scale", NO_DATA,
                        "The hello scenario has no ok point of a "
                        "single-threaded event loop.", {})
    stats = {}
    for m, ps in loops.items():
        top, peak = _top(ps), _best(ps)
        if top is None or peak is None or top["rps"] is None:
            continue
        stats[m] = {"top": top, "peak": peak,
                    "keep": top["rps"] / peak["rps"] if peak["rps"] else 0.0,
                    "err": _error_fraction(top)}
    if not stats:
        return _verdict("scale", NO_DATA,
                        "The hello scenario's event-loop points have no "
                        "throughput.", {})
    m = max(stats, key=lambda k: (stats[k]["top"]["connections"],
                                  stats[k]["top"]["rps"]))
    s = stats[m]
    top, peak = s["top"], s["peak"]
    numbers = {}
    for name, st in sorted(stats.items()):
        numbers[name + " connections"] = st["top"]["connections"]
        numbers[name + " req/s there"] = st["top"]["rps"]
        numbers[name + " p99 us there"] = st["top"]["lat_p99_us"]
        numbers[name + " peak req/s"] = st["peak"]["rps"]
        numbers[name + " kept of peak"] = st["keep"]
    summary = ("{}, one thread, served {} req/s at {}, {} of its "
               "peak of {} at {}, p99 {}").format(
        m, f_rps(top["rps"]), f_conns(top["connections"]), f_pct(s["keep"]),
        f_rps(peak["rps"]), f_int(peak["connections"]),
        f_us(top["lat_p99_us"]))
    if s["err"] > 0:
        summary += ", {} of requests failing".format(f_pct(s["err"]))
    summary += "."
    threads = {t: _top(ps) for t, ps in ok.items() if is_thread_model(t)}
    threads = {t: p for t, p in threads.items()
               if p is not None and p["rps"] is not None}
    if threads:
        t = max(threads, key=lambda k: (threads[k]["connections"],
                                        threads[k]["rps"]))
        tp = threads[t]
        summary += " {} served {} req/s at {}, p99 {}.".format(
            t, f_rps(tp["rps"]), f_conns(tp["connections"]),
            f_us(tp["lat_p99_us"]))
        numbers[t + " connections"] = tp["connections"]
        numbers[t + " req/s there"] = tp["rps"]
        numbers[t + " p99 us there"] = tp["lat_p99_us"]
    refused = _refusals(pts, "connections", "connections",
                        ("refused", "failed"))
    if refused:
        summary += " Not served: " + refused + "."

    same = [(t, p) for t, ps in ok.items() if is_thread_model(t)
            for p in ps if p["connections"] == top["connections"]
            and p["rps"] is not None]
    beats_threads = False
    if same and top["rps"] is not None:
        t_same, p_same = max(same, key=lambda tp_: tp_[1]["rps"])
        ratio = top["rps"] / p_same["rps"] if p_same["rps"] else 0.0
        beats_threads = ratio >= 1 - NOISE
        numbers["best thread model at the same count, req/s"] = \
            p_same["rps"]
        summary += (" At {} connections {} served {}x the req/s of the "
                    "best thread model there ({}, {} req/s).").format(
            f_int(top["connections"]), m, "{:.2f}".format(ratio), t_same,
            f_rps(p_same["rps"]))

    if top["connections"] < HELLO_MANY_CONNS:
        verdict = NOT_VISIBLE
        summary += (" No single-threaded loop was measured at {} connections "
                    "or more.").format(f_int(HELLO_MANY_CONNS))
    elif ((s["keep"] >= HELLO_KEEP_FRACTION or beats_threads)
          and s["err"] <= ERROR_FRACTION_MAX):
        verdict = CONFIRMED
    elif top["client_limited"]:
        verdict = NOT_VISIBLE
        summary += (" The load generator, not the server, limited that "
                    "point.")
    else:
        verdict = REFUTED
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop when one thread must serve thousands of "
            "connections: {} served {} req/s at {} connections").format(
            m, f_rps(top["rps"]), f_int(top["connections"]))}
    elif verdict == REFUTED and threads:
        tp = threads[t]
        if tp["connections"] >= top["connections"] and tp["rps"] > top["rps"]:
            decision = {"side": "threads", "text": (
                "Use threads when connections run to {}: {} served {} req/s "
                "there, the best single loop {}").format(
                f_int(top["connections"]), t, f_rps(tp["rps"]),
                f_rps(top["rps"]))}
    return _verdict("scale", verdict, summary, numbers, decision)


def _claim_delay(points, manifest):
    pts = _scenario(points, "delay")
    ok = _by_model(_ok(pts))
    pools = {m: ps for m, ps in ok.items() if is_pool_model(m)}
    if not pools:
        # No fixed pool in this run: the thread models stand in for it,
        # without an N/delay prediction.
        pools = {m: ps for m, ps in ok.items() if is_thread_model(m)}
    loops = {m: _top(ps) for m, ps in ok.items() if is_loop_model(m)}
    loops = {m: p for m, p in loops.items()
             if p is not None and p["rps"] is not None}
    plateaus = {m: _best(ps) for m, ps in pools.items()}
    plateaus = {m: p for m, p in plateaus.items() if p is not None}
    if not loops or not plateaus:
        return _verdict("delay", NO_DATA,
                        "The delay scenario has no ok points of both a "
                        "thread model and an event loop.", {})
    pool = max(plateaus, key=lambda k: plateaus[k]["rps"])
    plateau = plateaus[pool]
    loop = max(loops, key=lambda k: loops[k]["rps"])
    lp = loops[loop]
    workers = None
    if is_pool_model(pool):
        workers = _median_of(pools[pool], "workers")
        if workers is None:
            workers = num(manifest.get("workers")) if manifest else None
    delay_ms = _median_of(_ok(pts), "delay_ms")
    prediction = (workers / (delay_ms / 1000.0)
                  if workers and delay_ms else None)
    ideal = (lp["connections"] / (delay_ms / 1000.0)
             if delay_ms and lp["connections"] else None)
    ratio = lp["rps"] / plateau["rps"] if plateau["rps"] else None

    numbers = {"delay ms": delay_ms, pool + " workers": workers,
               pool + " predicted cap req/s": prediction,
               pool + " measured plateau req/s": plateau["rps"],
               pool + " plateau at connections": plateau["connections"]}
    for m, p in sorted(loops.items()):
        numbers[m + " connections"] = p["connections"]
        numbers[m + " req/s there"] = p["rps"]
        numbers[m + " p99 us there"] = p["lat_p99_us"]
    numbers["ideal req/s at " + f_int(lp["connections"]) + " connections"] = \
        ideal
    numbers["ratio " + loop + "/" + pool] = ratio

    summary = "With every request waiting {} ms, {} served {} req/s at " \
        "{}".format(f_num(delay_ms), loop, f_rps(lp["rps"]),
                    f_conns(lp["connections"]))
    if ideal:
        summary += " ({} of the ideal {})".format(f_pct(lp["rps"] / ideal),
                                                   f_rps(ideal))
    summary += "; {}".format(pool)
    if workers:
        summary += " with {} workers".format(f_int(workers))
    summary += " {} at {} req/s".format(
        "capped" if is_pool_model(pool) else "peaked", f_rps(plateau["rps"]))
    if prediction:
        summary += " against a predicted {} ({} of it)".format(
            f_rps(prediction), f_pct(plateau["rps"] / prediction))
    summary += ": the loop served {} as much.".format(f_ratio(ratio))

    # Honesty: a thread per waiting request scales with connections too.
    others = {m: _top(ps) for m, ps in ok.items()
              if is_thread_model(m) and not is_pool_model(m) and m != pool}
    others = {m: p for m, p in others.items()
              if p is not None and p["rps"] is not None}
    if others:
        t = max(others, key=lambda k: others[k]["rps"])
        tp = others[t]
        numbers[t + " connections"] = tp["connections"]
        numbers[t + " req/s there"] = tp["rps"]
        summary += " {}, a thread per waiting request, reached {} req/s at " \
            "{}".format(t, f_rps(tp["rps"]), f_conns(tp["connections"]))
        if tp["rps"] >= lp["rps"] * (1 - NOISE):
            summary += ": the win is over a fixed pool, not over threads."
        else:
            summary += "."

    limited = lp["client_limited"]
    if ratio is not None and ratio < DELAY_WIN_RATIO and workers and \
            lp["connections"] <= workers:
        verdict = NOT_VISIBLE
        summary += (" The sweep never had more connections than the pool "
                    "has workers.")
    else:
        verdict = grade(ratio, DELAY_WIN_RATIO, limited)
        if verdict == NOT_VISIBLE and limited:
            summary += (" The load generator, not the server, limited the "
                        "loop's point.")
    decision = None
    if verdict == CONFIRMED:
        text = ("Use an event loop when requests wait on a slow backend and "
                "connections outnumber the workers you would run: {} served "
                "{} req/s at {}, {} {} at {}").format(
            loop, f_rps(lp["rps"]), f_conns(lp["connections"]), pool,
            "capped" if is_pool_model(pool) else "peaked",
            f_rps(plateau["rps"]))
        decision = {"side": "loop", "text": text}
    elif verdict == REFUTED:
        decision = {"side": "threads", "text": (
            "Use threads even when requests wait on a slow backend: {} "
            "served {} req/s against {}'s {}").format(
            pool, f_rps(plateau["rps"]), loop, f_rps(lp["rps"]))}
    return _verdict("delay", verdict, summary, numbers, decision)


# Manifest keys that may hold the cores the server had in the cpu scenario,
# in order: a number, or a list of CPUs (counted).  scripts/bench.py writes
# machine.cpus_usable (the CPUs the unpinned cpu scenario runs on) and
# machine.cores (os.cpu_count()).
CORE_KEYS = ("cpus_usable", "cpu_scenario_cores", "server_cores", "cores",
             "cpus", "nproc", "cpu_count", "online_cpus", "ncpu")


def manifest_cores(manifest):
    """The core count from the manifest (top level or one level down)."""
    if not isinstance(manifest, dict):
        return None
    scopes = [manifest] + [v for v in manifest.values()
                           if isinstance(v, dict)]
    for key in CORE_KEYS:
        for scope in scopes:
            v = scope.get(key)
            v = float(len(v)) if isinstance(v, (list, tuple)) else num(v)
            if v is not None and v >= 1:
                return int(v)
    return None


def _claim_cpu(points, manifest):
    pts = _scenario(points, "cpu")
    ok = _by_model(_ok(pts))
    threads = {m: _best(ps) for m, ps in ok.items() if is_thread_model(m)}
    threads = {m: p for m, p in threads.items() if p is not None}
    loops = {m: _best(ps) for m, ps in ok.items() if is_single_loop(m)}
    loops = {m: p for m, p in loops.items() if p is not None}
    if not threads or not loops:
        return _verdict("cpu", NO_DATA,
                        "The cpu scenario has no ok points of both a thread "
                        "model and a single-threaded event loop.", {})
    t = max(threads, key=lambda k: threads[k]["rps"])
    loop = max(loops, key=lambda k: loops[k]["rps"])
    tp, lp = threads[t], loops[loop]
    cpu_us = _median_of(_ok(pts), "cpu_us")
    cap = 1e6 / cpu_us if cpu_us else None
    cores = manifest_cores(manifest)
    ratio = tp["rps"] / lp["rps"] if lp["rps"] else None
    numbers = {"cpu us per request": cpu_us, "cores": cores,
               "one-core cap req/s": cap}
    for m, p in sorted(list(threads.items()) + list(loops.items())):
        numbers[m + " best req/s"] = p["rps"]
    numbers["ratio " + t + "/" + loop] = ratio
    request = ("/cpu?us={}".format(f_int(cpu_us)) if cpu_us is not None
               else "/cpu")
    on_cores = " on {} cores".format(f_int(cores)) if cores else ""
    summary = ("With every request burning CPU ({}), {} served {} req/s{} "
               "against {}'s {}: {} as much.").format(
        request, t, f_rps(tp["rps"]), on_cores, loop, f_rps(lp["rps"]),
        f_ratio(ratio))
    if cap:
        summary += " One core can serve at most {} req/s of it; {} reached " \
            "{} of that.".format(f_rps(cap), loop, f_pct(lp["rps"] / cap))
    multi = {m: _best(ps) for m, ps in ok.items()
             if is_loop_model(m) and not is_single_loop(m)}
    for m, p in sorted(multi.items()):
        if p is not None:
            numbers[m + " best req/s"] = p["rps"]
            summary += " {} (one loop per core) served {} req/s.".format(
                m, f_rps(p["rps"]))
    if ratio is None:
        verdict = NO_DATA
    elif ratio >= 1 - NOISE:
        # The claim is that async gains nothing: a tie confirms it.
        verdict = CONFIRMED
        if ratio <= 1 + NOISE and cores and cores > 1:
            summary += " The threads did not use the other cores either."
    elif tp["client_limited"]:
        verdict = NOT_VISIBLE
        summary += (" The load generator, not the server, limited the "
                    "threads' best point.")
    else:
        verdict = REFUTED
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "Use threads (or one loop per core) when requests are CPU-bound: "
            "{} served {} req/s of {}{} against {}'s {}").format(
            t, f_rps(tp["rps"]), request, on_cores, loop, f_rps(lp["rps"]))}
    elif verdict == REFUTED:
        decision = {"side": "loop", "text": (
            "Use an event loop even for CPU-bound requests: {} served {} "
            "req/s of {} against {}'s {}").format(
            loop, f_rps(lp["rps"]), request, t, f_rps(tp["rps"]))}
    return _verdict("cpu", verdict, summary, numbers, decision)


def _claim_blocking(points, manifest):
    blocked = [p for p in _ok(points) if is_loop_model(p["model"]) and (
        p["scenario"] == "blocking" or p["variant"] == "blocking")]
    base = _ok(_scenario(points, "delay"))
    # Per loop model, the pair (blocking point, non-blocking delay point) at
    # the same connection count, the highest such; without one, the nearest
    # connection counts, and the summary says so.
    pairs = {}
    for m, bps in _by_model(blocked).items():
        candidates = [
            (b, n) for b in bps for n in base
            if n["model"] == m and b["rps"] is not None and n["rps"]
            and (b["delay_ms"] is None or n["delay_ms"] is None
                 or b["delay_ms"] == n["delay_ms"])]
        if candidates:
            pairs[m] = min(candidates, key=lambda bn: (
                _log_distance(bn[0]["connections"], bn[1]["connections"]),
                -_z(bn[0]["connections"])))
    if not pairs:
        return _verdict("blocking", NO_DATA,
                        "No event loop was measured both with --blocking "
                        "and without it in the delay scenario.", {})

    def loss(m):
        b, n = pairs[m]
        return n["rps"] / max(b["rps"], 1e-9)

    least = min(pairs, key=loss)
    b, n = pairs[least]
    ratio = loss(least)
    numbers = {}
    for m in sorted(pairs):
        pb, pn = pairs[m]
        numbers[m + " connections"] = pb["connections"]
        numbers[m + " blocking req/s"] = pb["rps"]
        numbers[m + " blocking p99 us"] = pb["lat_p99_us"]
        numbers[m + " req/s"] = pn["rps"]
        numbers[m + " p99 us"] = pn["lat_p99_us"]
        numbers[m + " throughput lost"] = loss(m)
    def p99(p):
        if p["lat_p99_us"] is None:
            return ""
        return " (p99 {})".format(f_us(p["lat_p99_us"]))

    if b["connections"] == n["connections"]:
        summary = ("With --blocking, {} served {} req/s{} at {} against {} "
                   "req/s{} without: {} fewer requests").format(
            least, f_rps(b["rps"]), p99(b), f_conns(b["connections"]),
            f_rps(n["rps"]), p99(n), f_ratio(ratio))
    else:
        summary = ("With --blocking, {} served {} req/s{} at {} against {} "
                   "req/s{} without it at {} (the run has no closer pair): {}"
                   " fewer requests").format(
            least, f_rps(b["rps"]), p99(b), f_conns(b["connections"]),
            f_rps(n["rps"]), p99(n), f_conns(n["connections"]),
            f_ratio(ratio))
    if len(pairs) > 1:
        summary += ", the least any loop lost ({})".format(", ".join(
            "{} {}".format(m, f_ratio(loss(m))) for m in sorted(pairs)))
    summary += "."
    pools = [p for p in base if is_thread_model(p["model"])
             and p["connections"] == b["connections"] and p["rps"]]
    if pools:
        tp = max(pools, key=lambda p: p["rps"])
        numbers[tp["model"] + " req/s at same connections"] = tp["rps"]
        summary += " {} served {} req/s at the same connections.".format(
            tp["model"], f_rps(tp["rps"]))
    if _z(b["connections"]) <= 1:
        verdict = NOT_VISIBLE
        summary += " With one connection there is nobody to block."
    else:
        verdict = grade(ratio, BLOCKING_CONFIRM, n["client_limited"])
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "Use threads when request handling may block (a blocking library "
            "or system call): one blocking wait cut {} from {} to {} req/s "
            "at {}").format(
            least, f_rps(n["rps"]), f_rps(b["rps"]),
            f_conns(b["connections"]))}
    elif verdict == REFUTED:
        decision = {"side": "loop", "text": (
            "Use an event loop even if a request occasionally blocks: "
            "--blocking cost {} only {} ({} to {} req/s)").format(
            least, f_ratio(ratio), f_rps(n["rps"]), f_rps(b["rps"]))}
    return _verdict("blocking", verdict, summary, numbers, decision)


def _at_idle(points, idle):
    """The point with the largest idle count <= idle (ties: median)."""
    have = [p for p in points if p["idle"] is not None and p["idle"] <= idle]
    if not have:
        return None
    top = max(p["idle"] for p in have)
    at = [p for p in have if p["idle"] == top]
    return at[len(at) // 2]


def _claim_select(points, manifest):
    pts = _scenario(points, "idle")
    ok = _by_model(_ok(pts))
    sel = [p for p in ok.get("select", []) if p["idle"] is not None]
    ep = [p for p in ok.get("epoll", []) if p["idle"] is not None]
    refused = _refusals(pts, "idle", "idle connections")
    if not sel or not ep:
        summary = ("The idle scenario has no ok points of both select and "
                   "epoll.")
        if refused:
            summary += " Refused: " + refused + "."
        return _verdict("select", NO_DATA, summary, {})
    use_cpu = all(p["server_cpu_us_per_req"] is not None for p in sel + ep)
    field = "server_cpu_us_per_req" if use_cpu else "rps"

    def growth(ps, upto):
        """Cost at idle `upto` over cost at the fewest idle connections."""
        lo = min(ps, key=lambda p: p["idle"])
        hi = _at_idle(ps, upto)
        if hi is None or lo[field] is None or hi[field] is None or \
                hi["idle"] <= lo["idle"]:
            return None, lo, hi
        if use_cpu:
            g = hi[field] / max(lo[field], 1e-9)
        else:
            g = lo[field] / max(hi[field], 1e-9)
        return g, lo, hi

    s_max = max(p["idle"] for p in sel)
    e_max = max(p["idle"] for p in ep)
    g_sel, s_lo, s_hi = growth(sel, s_max)
    g_ep, e_lo, e_hi = growth(ep, s_max)
    g_ep_full, _, e_top = growth(ep, e_max)
    unit = "CPU per request" if use_cpu else "throughput loss"
    numbers = {"select most idle held": s_max, "epoll most idle held": e_max}
    for name, p in (("select", s_lo), ("select", s_hi), ("epoll", e_lo),
                    ("epoll", e_hi), ("epoll", e_top)):
        if p is not None:
            label = "{} at {} idle".format(name, f_int(p["idle"]))
            numbers[label + " req/s"] = p["rps"]
            numbers[label + " CPU us/req"] = p["server_cpu_us_per_req"]
    if g_sel is None or g_ep is None:
        summary = ("select or epoll was measured at only one idle count "
                   "where both ran.")
        if refused:
            summary += " Refused: " + refused + "."
        return _verdict("select", NOT_VISIBLE if refused else NO_DATA,
                        summary, numbers)
    ratio = g_sel / max(g_ep, 1e-9)
    numbers["select growth"] = g_sel
    numbers["epoll growth same range"] = g_ep
    numbers["epoll growth full range"] = g_ep_full

    def point_text(p):
        if use_cpu:
            return "{} CPU per request".format(f_us(p[field]))
        return "{} req/s".format(f_rps(p[field]))

    summary = ("From {} to {} idle connections select went from {} to {} "
               "({}), epoll from {} to {} ({})").format(
        f_int(s_lo["idle"]), f_int(s_hi["idle"]), point_text(s_lo),
        point_text(s_hi), f_ratio(g_sel), point_text(e_lo), point_text(e_hi),
        f_ratio(g_ep))
    if e_top is not None and e_top["idle"] > s_hi["idle"]:
        summary += "; epoll reached {} at {} idle ({})".format(
            point_text(e_top), f_int(e_top["idle"]), f_ratio(g_ep_full))
    summary += "."
    if refused:
        summary += " Refused: " + refused + "."
    limited = (not use_cpu) and (s_hi["client_limited"] or
                                 s_lo["client_limited"])
    verdict = grade(ratio, SELECT_CONFIRM, limited)
    if verdict != CONFIRMED:
        summary += " Up to the idle count select could take, its {} grew " \
            "{} as much as epoll's.".format(unit, f_ratio(ratio))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop on epoll, not select, when idle connections "
            "pile up: select's {} grew {} by {} idle, epoll's {}").format(
            unit, f_ratio(g_sel), f_int(s_hi["idle"]), f_ratio(g_ep))}
    elif verdict == REFUTED:
        decision = {"side": "loop", "text": (
            "Use select (or any loop) below FD_SETSIZE without worry: up to "
            "{} idle connections its {} grew {}, epoll's {}").format(
            f_int(s_hi["idle"]), unit, f_ratio(g_sel), f_ratio(g_ep))}
    return _verdict("select", verdict, summary, numbers, decision)


def _claim_churn(points, manifest):
    pts = _scenario(points, "churn")
    ok = _by_model(_ok(pts))
    stats = {}
    for m, ps in ok.items():
        best = _best(ps)
        stats[m] = {"cpu": _median_of(ps, "server_cpu_us_per_req"),
                    "rps": best["rps"] if best else None,
                    "limited": bool(best and best["client_limited"])}
    per_conn = {m: s for m, s in stats.items() if pays_thread_per_conn(m)}
    loops = {m: s for m, s in stats.items() if is_loop_model(m)}
    if not per_conn or not loops:
        return _verdict("churn", NO_DATA,
                        "The churn scenario has no ok points of both a "
                        "thread-per-connection model and an event loop.", {})
    numbers = {}
    for m, s in sorted(stats.items()):
        numbers[m + " connections/s"] = s["rps"]
        numbers[m + " CPU us/conn"] = s["cpu"]
    use_cpu = all(s["cpu"] is not None for s in
                  list(per_conn.values()) + list(loops.values()))
    if use_cpu:
        t = min(per_conn, key=lambda k: per_conn[k]["cpu"])
        loop = min(loops, key=lambda k: loops[k]["cpu"])
        ratio = per_conn[t]["cpu"] / max(loops[loop]["cpu"], 1e-9)
        limited = False
        summary = ("With a new connection for every request, {} spent {} "
                   "of server CPU per connection against {}'s {}: {} as "
                   "much").format(t, f_us(per_conn[t]["cpu"]), loop,
                                  f_us(loops[loop]["cpu"]), f_ratio(ratio))
    else:
        have_t = {k: v for k, v in per_conn.items() if v["rps"]}
        have_l = {k: v for k, v in loops.items() if v["rps"]}
        if not have_t or not have_l:
            return _verdict("churn", NO_DATA, "The churn scenario has "
                            "neither CPU nor throughput figures.", numbers)
        t = max(have_t, key=lambda k: have_t[k]["rps"])
        loop = max(have_l, key=lambda k: have_l[k]["rps"])
        ratio = loops[loop]["rps"] / per_conn[t]["rps"]
        limited = per_conn[t]["limited"] or loops[loop]["limited"]
        summary = ("With a new connection for every request, {} accepted "
                   "{} connections/s against {}'s {}: {} as many").format(
            loop, f_rps(loops[loop]["rps"]), t, f_rps(per_conn[t]["rps"]),
            f_ratio(ratio))
    numbers["ratio " + t + "/" + loop] = ratio
    summary += "; {} handled {} connections/s, {} {}.".format(
        t, f_rps(per_conn[t]["rps"]), loop, f_rps(loops[loop]["rps"]))
    pools = {m: s for m, s in stats.items()
             if is_thread_model(m) and m not in per_conn and s["cpu"]}
    for m, s in sorted(pools.items()):
        summary += " {}, which makes no thread per connection, spent {}.".\
            format(m, f_us(s["cpu"]))
    verdict = grade(ratio, CHURN_CONFIRM, limited)
    if verdict == REFUTED and ratio > 1:
        summary += " Threads cost more, but less than {} more.".format(
            f_ratio(CHURN_CONFIRM))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop (or a thread pool) when connections are "
            "short-lived: {} spent {} per connection against {}'s {}").format(
            t, f_us(per_conn[t]["cpu"]), loop, f_us(loops[loop]["cpu"]))
            if use_cpu else (
            "Use an event loop (or a thread pool) when connections are "
            "short-lived: {} accepted {} connections/s against {}'s {}"
            ).format(loop, f_rps(loops[loop]["rps"]), t,
                     f_rps(per_conn[t]["rps"]))}
    elif verdict == REFUTED:
        if use_cpu:
            figures = "{} spent {} per connection against {}'s {}".format(
                t, f_us(per_conn[t]["cpu"]), loop, f_us(loops[loop]["cpu"]))
        else:
            figures = "{} accepted {} connections/s against {}'s {}".format(
                t, f_rps(per_conn[t]["rps"]), loop, f_rps(loops[loop]["rps"]))
        decision = {"side": "threads", "text": (
            "Use threads even when connections are short-lived: " + figures)}
    return _verdict("churn", verdict, summary, numbers, decision)


def _claim_latency(points, manifest):
    pts = [p for p in _ok(_scenario(points, "latency"))
           if p["rate"] and p["rate"] > 0
           and p["offered_fraction"] is not None]
    if not pts:
        return _verdict("latency", NO_DATA,
                        "The latency scenario has no ok open-loop points.", {})
    # Closed-loop runs to compare with: the latency scenario's own
    # (variant closed-loop, when there was no hello sweep) first, then hello.
    closed = _by_model(_ok(_scenario(points, "latency", "closed-loop")) +
                       _ok(_scenario(points, "hello")))
    per_model = {}
    highest = {}
    for m, ps in _by_model(pts).items():
        highest[m] = max(p["offered_fraction"] for p in ps)
        near = [p for p in ps if p["offered_fraction"] >= LATENCY_NEAR_CAPACITY
                and p["lat_p99_us"] is not None]
        if not near:
            continue
        p = max(near, key=lambda q: (q["offered_fraction"], q["rate"]))
        runs = [q for q in closed.get(m, []) if q["lat_p99_us"] is not None]
        c = None
        if runs:
            c = min(runs, key=lambda q: (_log_distance(q["connections"],
                                                       p["connections"]),
                                         q["scenario"] != "latency",
                                         -_z(q["connections"])))
        comparator = p["raw_p99_us"]
        if comparator is None and c is not None:
            comparator = c["lat_p99_us"]
        if not comparator:
            continue
        per_model[m] = {"p": p, "closed": c, "cmp": comparator,
                        "hidden": p["lat_p99_us"] / comparator}
    if not per_model:
        summary = ("No model was measured open-loop at {} of its capacity or "
                   "more with a closed-loop figure to compare (highest "
                   "offered: {}).").format(
            f_pct(LATENCY_NEAR_CAPACITY), ", ".join(
                "{} {}".format(m, f_pct(f)) for m, f in sorted(
                    highest.items())))
        return _verdict("latency", NOT_VISIBLE, summary, {})
    hidden = statistics.median(s["hidden"] for s in per_model.values())
    numbers = {}
    for m, s in sorted(per_model.items()):
        p = s["p"]
        numbers[m + " offered fraction"] = p["offered_fraction"]
        numbers[m + " req/s"] = p["rps"]
        numbers[m + " open-loop p99 us"] = p["lat_p99_us"]
        numbers[m + " raw p99 us"] = p["raw_p99_us"]
        if s["closed"] is not None:
            numbers[m + " closed-loop p99 us"] = s["closed"]["lat_p99_us"]
        numbers[m + " hidden"] = s["hidden"]
    numbers["median hidden"] = hidden
    # Name the model closest to the median for the sentence.
    m = min(per_model, key=lambda k: abs(per_model[k]["hidden"] - hidden))
    s = per_model[m]
    p = s["p"]
    summary = ("At {} of its capacity ({} req/s offered), {}'s p99 timed "
               "from the intended send was {}, against {} timed from the "
               "actual send").format(
        f_pct(p["offered_fraction"]), f_rps(p["rate"]), m,
        f_us(p["lat_p99_us"]), f_us(p["raw_p99_us"]) if p["raw_p99_us"]
        is not None else "n/a")
    if s["closed"] is not None:
        summary += " and {} in the closed-loop run at {}".format(
            f_us(s["closed"]["lat_p99_us"]),
            f_conns(s["closed"]["connections"]))
    summary += ": {} hidden".format(f_ratio(s["hidden"]))
    if len(per_model) > 1:
        summary += " (median over {} models {})".format(
            f_int(len(per_model)), f_ratio(hidden))
    summary += "."
    verdict = grade(hidden, LATENCY_CONFIRM)
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "either", "text": (
            "Whichever you pick, measure it open-loop: near capacity a "
            "closed-loop generator reported {} of {}'s real p99 of {}"
            ).format(f_us(s["cmp"]), m, f_us(p["lat_p99_us"]))}
    return _verdict("latency", verdict, summary, numbers, decision)


CLAIM_FUNCS = (("memory", _claim_memory), ("scale", _claim_scale),
               ("delay", _claim_delay), ("cpu", _claim_cpu),
               ("blocking", _claim_blocking), ("select", _claim_select),
               ("churn", _claim_churn), ("latency", _claim_latency))


def evaluate(rows, manifest=None):
    """One verdict dict per claim, in the order of issue 5's table.

    A claim whose logic fails on odd input gets "no data" and the error in
    its summary rather than taking the whole report down."""
    manifest = manifest if isinstance(manifest, dict) else {}
    points = collapse(rows)
    out = []
    for cid, func in CLAIM_FUNCS:
        try:
            out.append(func(points, manifest))
        except (ArithmeticError, KeyError, TypeError, ValueError) as e:
            out.append(_verdict(cid, NO_DATA, "The verdict could not be "
                                "computed: {}: {}.".format(
                                    type(e).__name__, e), {}))
    return out


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

def _anchor(heading):
    """GitHub's anchor for a heading."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def _md(text):
    """Escapes the characters that would break a table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def report_markdown(verdicts):
    """The "When is async worth it?" section of REPORT.md."""
    verdicts = list(verdicts or ())
    out = ["## When is async worth it?", ""]
    counts = [(v, sum(1 for x in verdicts if x.get("verdict") == v))
              for v in VERDICTS]
    out.append("Each claim of the talks, judged from this run's numbers: " +
               ", ".join("{} {}".format(n, v) for v, n in counts if n) + ".")
    out.append("")
    for v in verdicts:
        heading = "Claim: " + str(v.get("claim", ""))
        chart = str(v.get("chart", ""))
        out.append("### " + heading)
        out.append("")
        out.append("![{} chart](charts/{}.svg)".format(chart, chart))
        out.append("")
        out.append("**Verdict: {}.** {}".format(v.get("verdict", NO_DATA),
                                                 v.get("summary", "")))
        out.append("")
        numbers = v.get("numbers") or {}
        rows = [(k, x) for k, x in numbers.items() if x is not None]
        if rows:
            out.append("| figure | value |")
            out.append("|---|---:|")
            for k, x in rows:
                out.append("| {} | {} |".format(_md(k), _md(f_num(x))))
            out.append("")
    out.append("### Decision table")
    out.append("")
    decisions = []
    for side in ("threads", "loop", "either"):
        for v in verdicts:
            d = v.get("decision")
            if d and d.get("side") == side and d.get("text"):
                decisions.append((d["text"], v))
    if decisions:
        out.append("| decision | supported by |")
        out.append("|---|---|")
        for text, v in decisions:
            heading = "Claim: " + str(v.get("claim", ""))
            out.append("| {}. | [{}](#{}): {}, `{}` scenario |".format(
                _md(text), _md(v.get("claim", "")), _anchor(heading),
                v.get("verdict", ""), v.get("scenario", "")))
    else:
        out.append("No claim was decided on this machine, so this run "
                   "supports no choice between threads and event loops.")
    out.append("")
    undecided = [v for v in verdicts
                 if v.get("verdict") in (NOT_VISIBLE, NO_DATA)]
    if undecided:
        out.append("Not decided by this run: " + "; ".join(
            "[{}](#{}) ({})".format(_md(v.get("claim", "")),
                                    _anchor("Claim: " + str(v.get("claim",
                                                                  ""))),
                                    v.get("verdict"))
            for v in undecided) + ".")
        out.append("")
    return "\n".join(out)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: verdicts.py RESULTS_CSV [MANIFEST_JSON]\n")
        return 2
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    manifest = {}
    if len(argv) > 2:
        try:
            with open(argv[2]) as f:
                manifest = json.load(f)
        except (OSError, ValueError):
            manifest = {}
    sys.stdout.write(report_markdown(evaluate(rows, manifest)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
