#!/usr/bin/env python3
"""scripts/verdicts.py - the talks' claims, judged from one run.

The talks this project grew from make claims about async servers.  Each
claim belongs to the scenario that tests it and lives in that scenario's
module (scripts/scenarios/<name>.py, CLAIMS): its text, its chart, its rule
and the thresholds of its rule as named constants.  This module is the
engine: it reads results.csv, reduces repetitions to points, runs every
claim's rule and writes the "When is async worth it?" section.

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
- Models are grouped by what they say they are (--about, kept in the run's
  manifest; scripts/models.py): thread models against event loops, single
  loops against loops per core, fixed pools, a thread per connection.  A
  model that said nothing joins neither side.
- Every number in the text is computed from the rows (or, for the core
  count, read from the manifest); the thresholds in the scenario modules
  are the only other numbers, and they are named where they decide.

Run by hand:  python3 scripts/verdicts.py results/<run-id>/results.csv
              [results/<run-id>/manifest.json]  prints the Markdown.
"""

import csv
import json
import math
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402

# ---------------------------------------------------------------------------
# The threshold every claim shares.  The others are in the scenarios.
# ---------------------------------------------------------------------------

# Two throughputs (or costs) closer than this fraction are the same number:
# repeated runs of one point on an ordinary machine spread by 5-10%, so 15%
# is a difference we can see and still not mistake noise for an effect.
NOISE = 0.15

CONFIRMED = "confirmed"
REFUTED = "refuted"
NOT_VISIBLE = "not visible on this machine"
NO_DATA = "no data"
VERDICTS = (CONFIRMED, REFUTED, NOT_VISIBLE, NO_DATA)


class Claim:
    """A claim of the talks, as a scenario module declares it."""

    def __init__(self, id, claim, scenario, chart, order, judge):
        self.id = id                # short name: "delay"
        self.claim = claim          # as the talks state it
        self.scenario = scenario    # the scenario it is judged on
        self.chart = chart          # REPORT.md links charts/<chart>.svg
        self.order = order          # place in the report
        self.judge = judge          # judge(points, manifest) -> verdict


def claims():
    """Every claim of every scenario module, in order."""
    import scenarios
    return scenarios.claims()


# Values of client_limited that mean "the load generator was the limit".
LIMITED = ("1", "true", "yes")

# Columns that identify one measured point; repetitions share them.
POINT_FIELDS = ("connections", "idle", "rate", "offered_fraction", "delay_ms",
                "bg_connections",
                "cpu_us", "workers", "stack_kib")
# Columns reduced to their median over a point's ok repetitions.
MEASURE_FIELDS = (
    "requests", "duration_s", "rps", "lat_p50_us", "lat_p90_us", "lat_p99_us",
    "lat_p999_us", "lat_p9999_us", "lat_max_us", "raw_p99_us", "errors",
    "server_cpu_s", "server_cpu_us_per_req", "server_rss_kib",
    "server_rss_peak_kib", "server_threads", "kernel_stack_delta_kib",
    "sock_mem_delta_kib", "slab_delta_kib", "loadgen_cpu_s",
    "loadgen_cpu_us_per_req", "bg_rps", "bg_lat_p50_us", "bg_lat_p99_us",
    "bg_errors", "pagetables_delta_kib", "server_kstack_est_kib",
    "server_procs")


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
    c = next(c for c in claims() if c.id == cid)
    return {"id": cid, "claim": c.claim, "scenario": c.scenario,
            "verdict": verdict, "summary": summary, "chart": c.chart,
            "numbers": {k: _r(v) for k, v in numbers.items()},
            "decision": decision}


def _scenario(points, name, variant=""):
    return [p for p in points
            if p["scenario"] == name and p["variant"] == variant]


# ---------------------------------------------------------------------------
# The claims
# ---------------------------------------------------------------------------


def evaluate(rows, manifest=None):
    """One verdict dict per claim, in the claims' order.

    A claim whose logic fails on odd input gets "no data" and the error in
    its summary rather than taking the whole report down."""
    manifest = manifest if isinstance(manifest, dict) else {}
    points = collapse(rows)
    models.use_manifest(manifest, sorted({p["model"] for p in points}))
    out = []
    for c in claims():
        try:
            out.append(c.judge(points, manifest))
        except (ArithmeticError, KeyError, TypeError, ValueError) as e:
            out.append(_verdict(c.id, NO_DATA, "The verdict could not be "
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
