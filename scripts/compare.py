#!/usr/bin/env python3
"""compare.py - two runs side by side, as pyperf's compare_to does for two
benchmark files.

    scripts/compare results/<run-a> results/<run-b>     (make compare A= B=)

Prints Markdown on stdout.  First what differs between the two runs besides
the results: the machine (CPU, cores, kernel, library versions, limits,
pinning, network path) and the settings (mode, repetitions, durations,
sweeps, the models' --about), read from each run's manifest.json.  Then one
table per scenario: for every point measured in both runs (the same model,
variant and parameters; summary.csv), the headline figures of both runs
(server CPU per request, requests per second, p99 latency, memory per
connection), their ratio B/A, and a mark where the change is beyond the
noise.  Then the claim verdicts that changed (verdicts.json), the points
whose status changed (ok, refused, failed) and the points measured in one
run only.

When a change is beyond the noise: the figure's range over the repetitions
of the point (min to max of the ok repetitions in results.csv) in run A and
in run B do not overlap; and when either run has a single repetition there
(a range of one value, which overlaps nothing), the median must also have
moved by at least --min-change (10 % by default).  A figure that is zero or
negative in either run (server CPU per request can come out below zero
when the process accounting of a short point is noisy) gets no ratio and no
mark.
"""
import argparse
import csv
import json
import os
import sys

# The headline figures: (column, heading, scale, higher is better).
# Memory per connection is computed (memory_per_conn).
FIGURES = [
    ("server_cpu_us_per_req", "server CPU/req (µs)", 1.0, False),
    ("rps", "req/s", 1.0, True),
    ("lat_p99_us", "p99 (ms)", 1e-3, False),
    ("mem_per_conn", "memory/conn (KiB)", 1.0, False),
]

# How a point's parameters are written in its label.
SHORT = {"connections": "c", "idle": "idle", "offered_fraction": "load",
         "delay_ms": "delay_ms", "cpu_us": "cpu_us", "workers": "workers",
         "stack_kib": "stack_kib", "blocking": "blocking",
         "offload": "offload", "bg_connections": "bg"}

# Manifest entries that say which machine a run had, and which settings;
# the rest (times, load averages, commands, measured capacities) differs
# between any two runs and says nothing about comparability.
MACHINE = ("host", "machine", "versions", "limits", "pinning", "network")
SETTINGS = ("mode", "parameters", "memory_accounting", "cpu_accounting",
            "about")
SKIP = ("parameters.models", "parameters.scenarios")
# Past this many points in one run only, they are counted per scenario and
# model instead of listed.
ONLY_LISTED = 50


class Run:
    def __init__(self, path):
        self.path = path
        try:
            with open(os.path.join(path, "summary.csv"), newline="") as f:
                reader = csv.DictReader(f)
                self.summary = list(reader)
                header = reader.fieldnames or []
        except OSError as e:
            raise SystemExit(f"compare: {path}: no summary.csv ({e.strerror})"
                             "; is it a run folder?")
        if "reps" not in header or "model" not in header:
            raise SystemExit(f"compare: {path}/summary.csv has no model and "
                             "reps columns")
        # A point is named by the columns before "reps" (bench.py's
        # summary keys), whatever they are in this run.
        self.keys = header[:header.index("reps")]
        self.rows = []
        try:
            with open(os.path.join(path, "results.csv"), newline="") as f:
                self.rows = [r for r in csv.DictReader(f)
                             if r.get("status") == "ok"]
        except OSError:
            pass
        self.index()
        self.manifest = load_json(os.path.join(path, "manifest.json"), {})
        self.verdicts = load_json(os.path.join(path, "verdicts.json"), [])

    def index(self, keys=None):
        """Names every point by `keys` (default: this run's own)."""
        if keys is not None:
            self.keys = keys
        self.points = {self.key(r): r for r in self.summary}
        self.reps = {}
        for r in self.rows:
            self.reps.setdefault(self.key(r), []).append(r)

    def key(self, row):
        return tuple(row.get(k, "") for k in self.keys)

    def figure(self, key, col):
        """(median, min, max, repetitions) of one figure at one point, or
        None when the point has no value for it."""
        s = self.points[key]
        reps = [v for v in (value(r, col) for r in self.reps.get(key, []))
                if v is not None]
        med = value(s, col)
        if med is None:
            return None
        if reps:
            return med, min(reps), max(reps), len(reps)
        lo, hi = value(s, col + "_min"), value(s, col + "_max")
        n = int(float(s.get("reps_ok") or 1))
        return med, med if lo is None else lo, med if hi is None else hi, n

    def describe(self):
        m = self.manifest
        p = m.get("parameters", {})
        return (f"`{self.path}`: run `{m.get('run_id', '?')}`, started "
                f"{m.get('started', '?')}, git `{m.get('git_rev', '?')}`, "
                f"mode {m.get('mode', '?')}, {p.get('reps', '?')} "
                f"repetition(s) of {p.get('duration', '?')} s")


def load_json(path, default):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def value(row, col):
    """A number from a CSV row; memory per connection is the server's
    memory over the connections it held, active and idle: what its
    cgroup was charged (user and kernel) where the run measured that,
    else RSS plus its threads' kernel stacks (older runs)."""
    if col == "mem_per_conn":
        mem = value(row, "server_mem_kib")
        if mem is None:
            rss = value(row, "server_rss_kib")
            if rss is None:
                return None
            mem = rss + (value(row, "server_kstack_est_kib") or 0)
        conns = (value(row, "connections") or 0) + (value(row, "idle") or 0)
        if conns <= 0:
            return None
        return mem / conns
    try:
        return float(row[col])
    except (KeyError, TypeError, ValueError):
        return None


def flat(d, prefix=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from flat(v, prefix + k + ".")
        else:
            yield prefix + k, v


def manifest_changes(a, b, sections):
    """The entries of the given manifest sections that differ, as
    (name, A's value, B's value)."""
    fa = dict(kv for kv in flat(a) if kv[0].split(".")[0] in sections)
    fb = dict(kv for kv in flat(b) if kv[0].split(".")[0] in sections)
    out = []
    # A model described in one run only is one line, not one per entry
    # of its --about (its points are listed as in one run only).
    if "about" in sections:
        ma, mb = set(a.get("about", {})), set(b.get("about", {}))
        for which, mine, other in (("A", ma, mb), ("B", mb, ma)):
            if mine - other:
                out.append((f"models described in {which} only (--about)",
                            ", ".join(sorted(mine - other)), "-"
                            ) if which == "A" else
                           (f"models described in {which} only (--about)",
                            "-", ", ".join(sorted(mine - other))))
        fa = {k: v for k, v in fa.items() if not k.startswith("about.")
              or k.split(".")[1] in mb}
        fb = {k: v for k, v in fb.items() if not k.startswith("about.")
              or k.split(".")[1] in ma}
    # The parameters of a scenario run in one of the two only say nothing
    # about the points compared.
    sa = set(a.get("parameters", {}).get("scenarios") or [])
    sb = set(b.get("parameters", {}).get("scenarios") or [])
    for k in sorted(set(fa) | set(fb)):
        if k in SKIP or k.endswith(".revision"):
            continue
        part = k.split(".")
        if k.startswith("parameters.scenarios_params.") and \
                not (part[2] in sa and part[2] in sb):
            continue
        if fa.get(k) != fb.get(k):
            out.append((k, fa.get(k, "(none)"), fb.get(k, "(none)")))
    return out


def fnum(x):
    a = abs(x)
    if a >= 1e6:
        return f"{x / 1e6:.3g}M"
    if a >= 1e4:
        return f"{x / 1e3:.3g}k"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 0.01 or a == 0:
        return f"{x:.3g}"
    return f"{x:.2g}"


def judge(fa, fb, higher_better, min_change):
    """The ratio B/A (None when it means nothing) and the mark: "" within
    the noise, else "better" or "worse"."""
    (ma, loa, hia, na), (mb, lob, hib, nb) = fa, fb
    if ma <= 0 or mb <= 0:
        return None, ""
    ratio = mb / ma
    if loa <= hib and lob <= hia:
        return ratio, ""
    if (na < 2 or nb < 2) and abs(ratio - 1) < min_change:
        return ratio, ""
    return ratio, "better" if (ratio > 1) == higher_better else "worse"


def label(row, fields):
    """A point's name in its scenario's table: the model, its variant,
    and the parameters that vary in that scenario."""
    out = row["model"] + (f" ({row['variant']})" if row.get("variant")
                          else "")
    for k in fields:
        v = row.get(k, "")
        if v not in ("", None):
            out += f" {SHORT.get(k, k)}={v}"
    return out


def varying(a, b, scenario):
    """The parameters that name a point of a scenario: those whose value
    differs between its points (in either run)."""
    rows = [r for run in (a, b) for r in run.summary
            if r["scenario"] == scenario]
    return [f for f in a.keys if f not in ("model", "variant", "scenario")
            and len({r.get(f, "") for r in rows}) > 1]


def compare(a, b, min_change):
    """The comparison as Markdown lines, and the number of marks."""
    # A run of an older version may name its points by fewer columns
    # (no params): both are named by the columns they share.
    if a.keys != b.keys:
        common = [k for k in a.keys if k in b.keys]
        a.index(common)
        b.index(common)
    lines = ["# Comparing two runs", "",
             "- A: " + a.describe(), "- B: " + b.describe(), ""]
    machine = manifest_changes(a.manifest, b.manifest, MACHINE)
    settings = manifest_changes(a.manifest, b.manifest, SETTINGS)
    for what, changes in (("machines", machine), ("settings", settings)):
        if not changes:
            continue
        lines.append(f"**Different {what}** (manifest.json): the ratios "
                     "below show these differences as well as the code's.")
        lines.append("")
        for k, va, vb in changes:
            lines.append(f"- {k}: `{short(va)}` → `{short(vb)}`")
        lines.append("")
    if not machine and not settings:
        lines += ["Same machine and settings (manifest.json: machine, "
                  "versions, limits, pinning, network, mode, parameters, "
                  "the models' --about).", ""]
    lines += [f"A change is marked **better** or **worse** when the ranges "
              f"over repetitions (min to max of the ok repetitions, "
              f"results.csv) of A and B do not overlap, and, where either "
              f"run has one repetition, the median also moved by at least "
              f"{min_change:.0%}.  Ratios are B/A; a figure of zero or "
              f"below gets no ratio.  Memory per connection is the "
              f"server's memory (RSS plus its threads' kernel stacks) over "
              f"the connections it held, active and idle.", ""]

    both = [k for k in a.points if k in b.points]
    ok_both = [k for k in both if a.points[k]["status"] == "ok"
               and b.points[k]["status"] == "ok"]
    marks = 0
    scenarios = []
    for k in ok_both:
        s = a.points[k]["scenario"]
        if s not in scenarios:
            scenarios.append(s)
    for s in scenarios:
        keys = [k for k in ok_both if a.points[k]["scenario"] == s]
        fields = varying(a, b, s)
        lines += [f"## {s}", "",
                  "| point | " + " | ".join(f[1] for f in FIGURES) + " |",
                  "|---|" + "---|" * len(FIGURES)]
        n = 0
        for k in keys:
            cells = []
            for col, _, scale, higher in FIGURES:
                fa, fb = a.figure(k, col), b.figure(k, col)
                if fa is None or fb is None:
                    cells.append("-")
                    continue
                ratio, mark = judge(fa, fb, higher, min_change)
                cell = f"{fnum(fa[0] * scale)} → {fnum(fb[0] * scale)}"
                if ratio is not None:
                    cell += f" ({ratio:.2f}x)"
                if mark:
                    cell += f" **{mark}**"
                    n += 1
                cells.append(cell)
            lines.append(f"| {label(a.points[k], fields)} | "
                         + " | ".join(cells) + " |")
        marks += n
        lines += ["", f"{len(keys)} points, {n} changes beyond the noise.",
                  ""]

    lines += verdict_lines(a, b)
    status = [k for k in both if a.points[k]["status"] !=
              b.points[k]["status"]]
    lines += ["## Points whose status changed", ""]
    if status:
        lines += ["| scenario | point | A | B |", "|---|---|---|---|"]
        for k in status:
            pa, pb = a.points[k], b.points[k]
            fields = varying(a, b, pa["scenario"])
            lines.append(f"| {pa['scenario']} | {label(pa, fields)} | "
                         f"{pa['status']} | {pb['status']} |")
    else:
        lines.append("None.")
    lines += ["", "## Points in one run only", ""]
    only = [("A", a, k) for k in a.points if k not in b.points] + \
        [("B", b, k) for k in b.points if k not in a.points]
    if len(only) > ONLY_LISTED:
        # Runs of different scenarios or models: counts, not a long list.
        counts = {}
        for which, run, k in only:
            p = run.points[k]
            c = (which, p["scenario"], p["model"])
            counts[c] = counts.get(c, 0) + 1
        lines += ["| run | scenario | model | points |", "|---|---|---|---|"]
        for (which, scenario, model), c in counts.items():
            lines.append(f"| only in {which} | {scenario} | {model} | {c} |")
    elif only:
        lines += ["| run | scenario | point | status |", "|---|---|---|---|"]
        for which, run, k in only:
            p = run.points[k]
            lines.append(f"| only in {which} | {p['scenario']} | "
                         f"{label(p, varying(a, b, p['scenario']))} | "
                         f"{p['status']} |")
    else:
        lines.append("None: both runs measured the same points.")
    lines.append("")
    lines.insert(5, f"{len(ok_both)} points measured (ok) in both runs, "
                 f"{marks} changes beyond the noise; "
                 f"{len(both) - len(ok_both)} other points in both runs "
                 "were not ok in one or both.\n")
    return lines, marks


def short(v):
    s = json.dumps(v) if isinstance(v, (list, dict)) else str(v)
    return s if len(s) <= 100 else s[:97] + "..."


def verdict_lines(a, b):
    va = {v.get("id"): v for v in a.verdicts if isinstance(v, dict)}
    vb = {v.get("id"): v for v in b.verdicts if isinstance(v, dict)}
    changed = [i for i in va if i in vb
               and va[i].get("verdict") != vb[i].get("verdict")]
    lines = ["## Verdicts that changed", ""]
    if changed:
        lines += ["| claim | A | B |", "|---|---|---|"]
        for i in changed:
            lines.append(f"| {va[i].get('claim', i)} | "
                         f"{va[i].get('verdict')} | {vb[i].get('verdict')} |")
    elif va and vb:
        lines.append(f"None of the {len([i for i in va if i in vb])} "
                     "verdicts judged in both runs changed.")
    else:
        lines.append("No verdicts.json in "
                     + ("either run" if not va and not vb else
                        "run A" if not va else "run B") + ".")
    for which, mine, other in (("A", va, vb), ("B", vb, va)):
        for i in mine:
            if i not in other:
                lines.append(f"- judged in {which} only: "
                             f"{mine[i].get('claim', i)} "
                             f"({mine[i].get('verdict')})")
    lines.append("")
    return lines


def main():
    p = argparse.ArgumentParser(
        prog="scripts/compare",
        description="Compare two runs (as pyperf compare_to): what differs "
        "in their manifests, then per scenario a Markdown table of the "
        "headline figures of every point measured in both (server CPU per "
        "request, req/s, p99, memory per connection) with the ratio B/A "
        "and a mark where the change is beyond the noise, then the "
        "verdicts and statuses that changed and the points of one run "
        "only.  A change is beyond the noise when the two runs' ranges "
        "over repetitions do not overlap and, where a run has one "
        "repetition, the median moved by at least --min-change.",
        epilog="Example: make compare A=results/reference B=results/<run>")
    p.add_argument("a", metavar="A", help="the run to compare against "
                   "(a results/<run> folder)")
    p.add_argument("b", metavar="B", help="the run compared with it")
    p.add_argument("--min-change", type=float, default=0.10,
                   metavar="FRACTION",
                   help="the least relative change marked where a run has "
                   "one repetition (default 0.10: 10%%)")
    args = p.parse_args()
    if not 0 <= args.min_change < 10:
        p.error("--min-change is a fraction, e.g. 0.1 for 10%")
    for d in (args.a, args.b):
        if not os.path.isdir(d):
            p.error(f"{d}: no such run folder")
    lines, _ = compare(Run(args.a), Run(args.b), args.min_change)
    sys.stdout.write("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
