#!/usr/bin/env python3
"""results.py - the one results model every report stage reads.

    results.load(run_dir) -> Results     rows, points, manifest of a run
    results.reduce(rows) -> [Point]      repetitions -> one point each
    results.write_summary(run_dir)       summary.csv, from reduce()
    results.slope(pairs), slope_fit(pairs)   the one slope estimator
    results.fmt(x, unit), fmt_nonneg(...), fmt_col(column, x, unit),
    f_int, f_rps, f_us, ...
                                         the one formatter

summary.csv, the charts, the headline table, the paragraphs and the
verdicts all read the points of reduce(): a figure that appears twice in a
report is the same number.

A point is one set of repetitions sharing KEYS: the model, scenario,
variant, the x fields (connections, idle, ...) and the structured
parameters of the `params` column (compact JSON of a dict, written by the
engine).  Those parameters are also fields of the point: a point with
params {"attack": "slowloris", "count": 3000} has p["attack"] ==
"slowloris" and p["count"] == 3000.

For every metric a point holds the median over its ok repetitions and
its "<metric>_min" and "<metric>_max"; a repetition the engine marked not
ok (refused, failed, interrupted) is never averaged in.  A point none of
whose repetitions was ok takes the worst status of them (refused first)
and its reason, and holds no figures.

Usage: scripts/results.py RUN_DIR   rewrites RUN_DIR/summary.csv.
"""
import csv
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# The fields that identify a measured point besides model, scenario,
# variant and params: a point's coordinates.
X_FIELDS = ("connections", "idle", "offered_fraction", "delay_ms", "cpu_us",
            "workers", "stack_kib", "blocking", "offload", "bg_connections")
KEYS = ("model", "variant", "scenario") + X_FIELDS

# The measured columns reduced to median, min and max.
METRICS = (
    "requests", "duration_s", "rps", "rate", "lat_p50_us", "lat_p90_us",
    "lat_p99_us", "lat_p999_us", "lat_p9999_us", "lat_max_us", "raw_p99_us",
    "errors", "server_cpu_s", "server_cpu_us_per_req", "server_rss_kib",
    "server_rss_peak_kib", "server_threads", "kernel_stack_delta_kib",
    "sock_mem_delta_kib", "slab_delta_kib", "pagetables_delta_kib",
    "server_kstack_est_kib", "server_procs", "loadgen_cpu_s",
    "loadgen_cpu_us_per_req", "other_cpu_frac", "bg_rps", "bg_lat_p50_us",
    "bg_lat_p99_us", "bg_errors",
    # Per-server accounting (scripts/cgroups.py) and the machine-wide
    # figures kept beside it.
    "server_cpu_proc_s", "server_mem_kib", "server_kmem_kib",
    "server_sock_kib", "machine_sock_mem_delta_kib",
    "machine_tcp_inuse_delta", "settled_s")

# Figures that cannot be below zero: a CPU time, a rate, a latency, a
# resident size.  A negative reading of one (a baseline subtracted from a
# counter that moved for other reasons) is noise: it is drawn at zero and
# printed as "≈0 (±noise)".  Machine-wide deltas (slab, socket memory) can
# fall for reasons of their own and are not in this list.
NONNEG = frozenset((
    "requests", "duration_s", "rps", "rate", "lat_p50_us", "lat_p90_us",
    "lat_p99_us", "lat_p999_us", "lat_p9999_us", "lat_max_us", "raw_p99_us",
    "errors", "server_cpu_s", "server_cpu_us_per_req", "server_rss_kib",
    "server_rss_peak_kib", "server_threads", "server_procs",
    "loadgen_cpu_s", "loadgen_cpu_us_per_req", "bg_rps", "bg_lat_p50_us",
    "bg_lat_p99_us", "bg_errors", "server_cpu_proc_s", "server_mem_kib",
    "server_kmem_kib", "server_sock_kib", "settled_s"))

# Worst first: the status a point none of whose repetitions was ok takes.
STATUS_ORDER = ("refused", "failed", "interrupted")
# Values of client_limited that mean "the load generator was the limit".
LIMITED = ("1", "true", "yes")


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


def cell(row, field):
    v = row.get(field)
    return "" if v is None else str(v).strip()


def params_of(row):
    """The structured parameters of a row (the `params` column, compact
    JSON of a dict), {} when there are none."""
    text = cell(row, "params")
    if not text:
        return {}
    try:
        p = json.loads(text)
    except ValueError:
        return {}
    return p if isinstance(p, dict) else {}


def params_text(params):
    """The compact JSON the engine writes, keys sorted."""
    return json.dumps(params, sort_keys=True, separators=(",", ":")) \
        if params else ""


class Point(dict):
    """One measured point: a dict of its key fields, params fields, status,
    reason, reps (ok repetitions), reps_all, client_limited and, for every
    metric, the median and <metric>_min, <metric>_max."""

    def spread(self, field):
        """Half the min-max range of a metric over the repetitions."""
        lo, hi = self.get(field + "_min"), self.get(field + "_max")
        return None if lo is None or hi is None else (hi - lo) / 2


def _key(row):
    k = []
    for f in KEYS:
        v = cell(row, f)
        n = num(v)
        k.append(n if n is not None else v)
    return tuple(k) + (params_text(params_of(row)),)


def reduce(rows):
    """Groups rows into points, one per repetition set, in a stable order
    (scenario, model, variant, x fields)."""
    groups = {}
    for row in rows or ():
        if not isinstance(row, dict) or not cell(row, "model"):
            continue
        groups.setdefault(_key(row), []).append(row)
    points = []
    for key, reps in groups.items():
        first = reps[0]
        p = Point(model=cell(first, "model"), variant=cell(first, "variant"),
                  scenario=cell(first, "scenario"))
        for f in X_FIELDS:
            p[f] = num(first.get(f))
        p["params"] = params_of(first)
        for k, v in p["params"].items():
            p.setdefault(k, v)
        ok = [r for r in reps if cell(r, "status") == "ok"]
        p["reps"] = len(ok)
        p["reps_all"] = len(reps)
        if ok:
            p["status"] = "ok"
            p["reason"] = next((cell(r, "reason") for r in ok
                                if cell(r, "reason")), "")
        else:
            statuses = [cell(r, "status") or "failed" for r in reps]
            worst = sorted(statuses, key=lambda s: STATUS_ORDER.index(s)
                           if s in STATUS_ORDER else 9)[0]
            p["status"] = worst
            p["reason"] = next((cell(r, "reason") for r in reps
                                if cell(r, "status") == worst
                                and cell(r, "reason")), "")
        p["client_limited"] = any(
            cell(r, "client_limited").lower() in LIMITED for r in ok)
        for m in METRICS:
            vals = [v for v in (num(r.get(m)) for r in ok) if v is not None]
            p[m] = statistics.median(vals) if vals else None
            p[m + "_min"] = min(vals) if vals else None
            p[m + "_max"] = max(vals) if vals else None
        points.append(p)
    points.sort(key=lambda q: (q["scenario"], q["model"], q["variant"])
                + tuple(_z(q[f]) if not isinstance(q[f], str) else 0.0
                        for f in X_FIELDS) + (params_text(q["params"]),))
    return points


def _z(x):
    return 0.0 if x is None else x


# ------------------------------------------------------------ summary.csv --

SUMMARY_FIXED = list(KEYS) + ["params", "reps", "reps_ok", "status",
                              "reason", "client_limited"]


def cell_text(x):
    """A figure as summary.csv holds it (6 significant digits)."""
    if x is None:
        return ""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, float):
        if x == int(x) and abs(x) < 1e15:
            return str(int(x))
        return f"{x:.6g}"
    return str(x)


def summary_rows(points):
    """The points as summary rows: every value a string, "" when
    missing, params fields as their own columns."""
    out = []
    for p in points:
        s = {f: cell_text(p[f]) for f in KEYS}
        s["params"] = params_text(p["params"])
        for k, v in p["params"].items():
            if k not in s:
                s[k] = cell_text(v)
        s["reps"] = str(p["reps_all"])
        s["reps_ok"] = str(p["reps"])
        s["status"], s["reason"] = p["status"], p["reason"]
        s["client_limited"] = "1" if p["client_limited"] else "0"
        for m in METRICS:
            for suffix in ("", "_min", "_max"):
                s[m + suffix] = cell_text(p[m + suffix])
        out.append(s)
    return out


def nonneg_cells(rows):
    """summary.csv's rows: a figure that cannot be negative (NONNEG) and
    came out below zero is noise around zero, not a figure: the file
    leaves it empty (the report prints it as "≈0 (±noise)")."""
    for s in rows:
        for m in NONNEG:
            for suffix in ("", "_min", "_max"):
                v = s.get(m + suffix, "")
                if v.startswith("-"):
                    s[m + suffix] = ""
        yield s


def summary_header(points):
    extra = sorted({k for p in points for k in p["params"]}
                   - set(SUMMARY_FIXED))
    h = SUMMARY_FIXED + extra
    for m in METRICS:
        h += [m, m + "_min", m + "_max"]
    return h


def read_rows(run_dir):
    with open(os.path.join(run_dir, "results.csv"), newline="") as f:
        return list(csv.DictReader(f))


def write_summary(run_dir):
    """Writes run_dir/summary.csv from results.csv (whole, or not at all);
    returns (rows, points)."""
    rows = upgrade(read_rows(run_dir))
    points = reduce(rows)
    path = os.path.join(run_dir, "summary.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=summary_header(points))
        w.writeheader()
        w.writerows(nonneg_cells(summary_rows(points)))
    os.replace(path + ".tmp", path)
    return rows, points


def read_manifest(run_dir):
    try:
        with open(os.path.join(run_dir, "manifest.json")) as f:
            m = json.load(f)
        return m if isinstance(m, dict) else {}
    except (OSError, ValueError):
        return {}


def upgrade(rows):
    """rows with every row of an older run rewritten by its scenario's
    upgrade_row(row), when the scenario module has one (a lesson whose
    parameters moved into params reads its older runs the same way)."""
    try:
        import scenarios
    except ImportError:
        return list(rows)
    out = []
    for row in rows:
        mod = scenarios.get(cell(row, "scenario")) \
            if isinstance(row, dict) else None
        fn = getattr(mod, "upgrade_row", None)
        out.append(fn(row) if fn else row)
    return out


class Results:
    """A run: rows (every repetition, as csv.DictReader gives them, older
    rows upgraded), points (reduce(rows)), summary (the points as
    summary.csv rows), manifest, and the models in their run order."""

    def __init__(self, rows, manifest=None):
        self.rows = upgrade(rows)
        self.manifest = manifest if isinstance(manifest, dict) else {}
        self.points = reduce(self.rows)
        self.summary = summary_rows(self.points)
        listed = (self.manifest.get("parameters") or {}).get("models") or []
        # A client measured on its own (pgbench against the database, no
        # server of ours) is not a model: it has no --about, no row in the
        # headline or models tables, and is drawn in a style of its own.
        self.clients = client_only(self.rows)
        seen = {p["model"] for p in self.points} - set(self.clients)
        self.all_models = [m for m in listed if m not in self.clients] + \
            sorted(seen - set(listed))
        self.models = [m for m in self.all_models if m in seen]
        self.scenarios = {p["scenario"] for p in self.points}


def client_only(rows):
    """The names in the model column that are a client measured alone:
    every row of the name was measured by the program of that name (the
    loadgen column: pgbench's points say pgbench), not by a load generator
    against a server.  Sorted."""
    tools = {}
    for r in rows:
        tools.setdefault(r.get("model"), set()).add(r.get("loadgen") or "")
    return sorted(m for m, t in tools.items()
                  if m and m in t and t <= {m, ""})


def load(run_dir):
    return Results(read_rows(run_dir), read_manifest(run_dir))


# ------------------------------------------------------------------ slope --

def slope_fit(pairs):
    """(slope, noise) of y against x: the Theil-Sen slope (the median of
    the slopes between every two points, so one outlying repetition does
    not tilt it) over every (x, y) pair given.  noise is the slope the
    scatter around the line could fake: the median distance of a point
    from the line over the range of x.  (None, None) without two x
    values."""
    pts = [(x, y) for x, y in pairs if x is not None and y is not None]
    s = sorted((y2 - y1) / (x2 - x1)
               for i, (x1, y1) in enumerate(pts)
               for x2, y2 in pts[i + 1:] if x2 != x1)
    if not s:
        return None, None
    n = len(s)
    mid = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    base = statistics.median(y - mid * x for x, y in pts)
    scatter = statistics.median(abs(y - base - mid * x) for x, y in pts)
    span = max(x for x, _ in pts) - min(x for x, _ in pts)
    return mid, scatter / span


def slope(pairs):
    """The slope of slope_fit, alone."""
    return slope_fit(pairs)[0]


# ------------------------------------------------------------- formatting --

def fmt(x, unit=""):
    """A number for prose: 3 significant digits, k/M for big ones."""
    if x is None:
        return "n/a"
    a = abs(x)
    if a >= 1e6:
        s = f"{x / 1e6:.3g}M"
    elif a >= 1e4:
        s = f"{x / 1e3:.3g}k"
    elif a >= 100:
        s = f"{x:.0f}"
    elif a >= 1:
        s = f"{x:.3g}"
    elif a < 0.005:
        s = "0"
    else:
        s = f"{x:.2g}"
    return s + (f" {unit}" if unit else "")


def near_zero(x, noise=None):
    """True when a figure that cannot be negative is zero within its noise:
    below zero, or no further from it than its noise."""
    return x is not None and (x < 0 or (noise is not None and noise > 0
                                        and x <= noise))


def fmt_nonneg(x, unit="", noise=None, f=None):
    """A figure that cannot be negative (a CPU time, a rate, memory per
    connection): "≈0 (±0.02 KiB)" when it is within its noise of zero (a
    negative reading is its own evidence of that much noise), else f(x)
    (fmt with the unit by default)."""
    if x is None:
        return "n/a"
    if near_zero(x, noise):
        width = max(abs(x), noise or 0.0)
        if f is None:
            text = fmt(width)
            if text == "0" and width > 0:
                text = f"{width:.1g}"
            text += f" {unit}" if unit else ""
        else:
            text = f(width)
        return f"≈0 (±{text})"
    return fmt(x, unit) if f is None else f(x)


def fmt_col(column, x, unit="", noise=None):
    """A figure of a results column for prose: fmt_nonneg for the columns
    that cannot be negative (NONNEG), fmt for the rest."""
    if column in NONNEG:
        return fmt_nonneg(x, unit, noise)
    return fmt(x, unit)


def f_int(x):
    return "n/a" if x is None else "{:,}".format(int(round(x)))


def f_rps(x):
    """A rate: never negative."""
    if x is None:
        return "n/a"
    if x < 0:
        return fmt_nonneg(x, f=f_rps)
    return "{:,.0f}".format(x) if abs(x) >= 100 else "{:,.1f}".format(x)


def _kib(x):
    return "{:.1f} KiB".format(x) if abs(x) >= 0.05 else \
        "{:.2f} KiB".format(x)


def f_kib(x, noise=None):
    """KiB per connection, never negative: within the noise of zero it
    reads "≈0 (±0.3 KiB)"."""
    return "n/a" if x is None else fmt_nonneg(x, noise=noise, f=_kib)


def f_conns(x, what="connections"):
    """ "1 connection", "10,000 connections"."""
    if x is not None and round(x) == 1:
        return "1 " + what[:-1]
    return "{} {}".format(f_int(x), what)


def f_us(x):
    """A latency or CPU time given in microseconds: never negative."""
    if x is None:
        return "n/a"
    if x < 0:
        return fmt_nonneg(x, f=f_us)
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


def f_change(ratio):
    """A change as a ratio new / old, said in words: "+12 %", "74 % less",
    "±0 %" (a drop is never printed as a negative figure)."""
    if ratio is None:
        return "n/a"
    pct = (ratio - 1) * 100
    if round(pct) == 0:
        return "±0 %"
    return "+{:.0f} %".format(pct) if pct > 0 else "{:.0f} % less".format(-pct)


def f_num(x):
    """A plain number for a numbers table."""
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


def rounded(x, digits=3):
    """A number as a verdict stores it: rounded, ints kept int."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, float) and x == int(x) and abs(x) < 1e15:
        return int(x)
    return round(x, digits)


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: scripts/results.py RUN_DIR  (rewrites "
                         "RUN_DIR/summary.csv from RUN_DIR/results.csv)\n")
        return 0 if len(argv) == 2 else 2
    try:
        write_summary(argv[1])
    except OSError as e:
        sys.stderr.write(f"results.py: {e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
