"""kit.py - what a scenario module uses: the public face of the engines.

A scenario (scripts/scenarios/<name>.py) imports this module and the
models module (what each model says it is) and nothing private of the
engines.  Everything here reads the one results model (results.py), so a
figure a chart draws, a paragraph quotes and a verdict judges is the same
number.

Points (results.Point, a dict): one per repetition set, medians with
<field>_min and <field>_max, the params of the point as fields.

    ok(points), by_model(points), of(points, scenario, variant="")
    select(points, scenario=None, model=None, variant="", status="ok", **x)
    at(points, field, x)          the point of the largest field <= x
    best(points, field), top(points, field), median_of(points, field)
    baseline(points, field="connections")    the point of the smallest x
    ratio(a, b, floor=1e-9)       a / b, None when either is missing
    slope(pairs), slope_fit(pairs) -> (slope, noise)   the one slope
    log_distance(a, b), error_fraction(p), refusals(points, field, unit)
    params_of(row), params_text(params)   a row's params, as the engine
                                  writes them (compact JSON)

Formatting (the one formatter): fmt(x, unit), fmt_nonneg(x, unit, noise),
fmt_col(column, x, unit) (fmt_nonneg for a column that cannot be negative),
f_int, f_rps, f_kib, f_conns, f_us, f_ratio, f_pct, f_change, f_num,
and_list.

Verdicts: Claim(id, claim, scenario, chart, order, judge), grade(ratio,
confirm_at, limited), verdict(id, verdict, summary, numbers, decision)
and the verdict words CONFIRMED, REFUTED, NOT_VISIBLE, NO_DATA; NOISE is
the fraction two figures must differ by to be different.

Charts: Chart, Panel, Series, col(name, scale), x_conns, x_field(name),
CONN_X, share_y(panels), prediction_style(dash, colour), fnum,
client_series(c, panel, scenario, client, xf, yf) and client_title(name)
for a client measured on its own (pgbench: "the database alone", not a
model; c.clients and d.clients list them); the
charts(c) of a scenario gets a charts.Context (c.add, c.panel, c.raw,
c.points, c.models).

Report: the paragraph(name, d) of a scenario gets a report.Data (d.ok,
d.xs, d.value, d.rows, d.points, d.models); ranking, top_model,
refused_sentence, limited_sentence, text_throughput, text_p99,
text_cpu_per_req write the common sentences; at_most_connections and
peak(scenario, col, where) make headline cells.

Fixtures: fixture_rows(model, scenario, reps, **fields), FIXTURE_ABOUT,
fixture_run(folder, rows, manifest) (every report stage over the rows),
fixture_manifest(manifest), judge_all(rows, manifest), judge(rows,
cid, manifest) and expect(rows, cid, verdict, manifest, contains) build the synthetic runs of a scenario's verdict
tests (scripts/scenarios/fixtures/<name>.py).
"""
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charts  # noqa: E402
import report  # noqa: E402
import results  # noqa: E402
import style  # noqa: E402
import verdicts  # noqa: E402

# -------------------------------------------------------------- verdicts --

Claim = verdicts.Claim
CONFIRMED, REFUTED = verdicts.CONFIRMED, verdicts.REFUTED
NOT_VISIBLE, NO_DATA = verdicts.NOT_VISIBLE, verdicts.NO_DATA
NOISE = verdicts.NOISE
grade = verdicts.grade
grade_blocking = verdicts.grade_blocking
verdict = verdicts.make

# ---------------------------------------------------------------- points --

def serves(model, path):
    """Whether a model serves an endpoint (its --about)."""
    import models
    return models.serves(model, path)


num = results.num
reduce = results.reduce
params_of, params_text = results.params_of, results.params_text
slope, slope_fit = results.slope, results.slope_fit


def z(x):
    """None as 0, for sorting."""
    return 0.0 if x is None else x


def ok(points):
    return [p for p in points if p["status"] == "ok"]


def by_model(points):
    out = {}
    for p in points:
        out.setdefault(p["model"], []).append(p)
    return out


def of(points, scenario, variant=""):
    """The points of one scenario and variant (None: every variant)."""
    return [p for p in points if p["scenario"] == scenario
            and (variant is None or p["variant"] == variant)]


def select(points, scenario=None, model=None, variant="", status="ok",
           **fields):
    """The points matching every argument given (None: any), fields
    (x fields or params) compared as numbers when they are numbers."""
    out = []
    for p in points:
        if scenario is not None and p["scenario"] != scenario:
            continue
        if model is not None and p["model"] != model:
            continue
        if variant is not None and p["variant"] != variant:
            continue
        if status is not None and p["status"] != status:
            continue
        if all(_same(p.get(k), v) for k, v in fields.items()):
            out.append(p)
    return out


def _same(a, b):
    na, nb = num(a), num(b)
    if na is not None and nb is not None:
        return na == nb
    return a == b


def at(points, field, x):
    """The point with the largest field <= x (ties: the middle one)."""
    have = [p for p in points if p.get(field) is not None
            and p[field] <= x]
    if not have:
        return None
    top_x = max(p[field] for p in have)
    same = [p for p in have if p[field] == top_x]
    return same[len(same) // 2]


def baseline(points, field="connections"):
    """The point with the smallest field: what a sweep starts from."""
    have = [p for p in points if p.get(field) is not None]
    return min(have, key=lambda p: p[field]) if have else None


def ratio(a, b, floor=1e-9):
    """a / b (b at least floor), None when either is missing."""
    if a is None or b is None:
        return None
    return a / max(b, floor)


def best(points, field="rps"):
    """The point with the highest value of field, or None."""
    have = [p for p in points if p.get(field) is not None]
    return max(have, key=lambda p: p[field]) if have else None


def top(points, field="connections"):
    """The point with the highest field (ties: the highest rps), or None."""
    have = [p for p in points if p.get(field) is not None]
    if not have:
        return None
    return max(have, key=lambda p: (p[field], z(p.get("rps"))))


def median_of(points, field):
    vals = [p[field] for p in points if p.get(field) is not None]
    return statistics.median(vals) if vals else None


def log_distance(a, b):
    """How far apart two connection counts are, as a factor (0: equal)."""
    return abs(math.log(max(z(a), 1.0) / max(z(b), 1.0)))


def error_fraction(p):
    errors, requests = p.get("errors"), p.get("requests")
    if errors is None or requests is None or errors + requests <= 0:
        return 0.0
    return errors / (errors + requests)


def and_list(items):
    """ "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def refusals(points, field, unit, statuses=("refused",)):
    """ "select refused at 2,000 and 10,000 idle connections (FD_SETSIZE)"
    for every model and status (of statuses) with such points, or ""."""
    parts = []
    groups = {}
    for p in points:
        if p["status"] in statuses:
            groups.setdefault((p["model"], p["status"]), []).append(p)
    for (model, status), ps in sorted(groups.items()):
        where = sorted({p[field] for p in ps if p.get(field) is not None})
        reasons = sorted({p["reason"] for p in ps if p["reason"]})
        text = "{} {} at {} {}".format(
            model, status, and_list(f_int(w) for w in where)
            or "some points", unit)
        if reasons:
            text += " ({})".format("; ".join(reasons))
        parts.append(text)
    return "; ".join(parts)


# ------------------------------------------------------------ formatting --

fmt, fmt_nonneg, fmt_col = results.fmt, results.fmt_nonneg, results.fmt_col
near_zero = results.near_zero
f_int, f_rps, f_kib, f_conns = (results.f_int, results.f_rps,
                                results.f_kib, results.f_conns)
f_us, f_ratio, f_pct, f_num = (results.f_us, results.f_ratio,
                               results.f_pct, results.f_num)
f_change = results.f_change

# ---------------------------------------------------------------- charts --

Chart, Panel, Series = charts.Chart, charts.Panel, charts.Series
col, x_conns, fnum = charts.col, charts.x_conns, charts.fnum
CONN_X = charts.CONN_X
prediction_style = charts.prediction_style
decide_log = charts.decide_log
series_points = charts.series_points


def client_series(c, panel, scenario, client, xf, yf, title=None,
                  variant=""):
    """A client measured on its own (c.clients: pgbench against the
    database) as one series of a panel, in its own style (never a
    model's colour), titled "pgbench: the database alone" unless title
    says otherwise."""
    ok, _, limited = charts.series_points(c.summary, scenario, client,
                                          variant, xf, yf)
    if ok:
        panel.series.append(Series(title or style.client_title(client),
                                   style.client_style(client), ok))
        panel.limited += limited


client_title = style.client_title


def x_field(name):
    """An x function for Context.add: a summary row's field as a number."""
    return lambda r: fnum(r.get(name))


def share_y(panels, floor=0.0):
    """Gives every panel one y range (from floor to the highest value any
    of them draws, with head room), so panels side by side compare by
    height.  Panels on a log scale keep their own."""
    tops = [hi for p in panels for s in p.series for _, _, _, hi in s.points]
    if not tops:
        return panels
    top_y = max(tops) * 1.25 or 1.0
    for p in panels:
        if not p.logy:
            p.logy = False
            p.yrange = (floor, top_y)
    return panels


# ---------------------------------------------------------------- report --

ranking = report.ranking
top_model = report.top_model
refused_sentence = report.refused_sentence
limited_sentence = report.limited_sentence
text_throughput = report.text_throughput
text_p99 = report.text_p99
text_cpu_per_req = report.text_cpu_per_req
at_most_connections = report.at_most_connections
peak = report.peak

# -------------------------------------------------------------- fixtures --

# What the models of the verdict fixtures say about themselves (--about),
# as a run's manifest records it: the verdicts group models by these
# facts only.
FIXTURE_ABOUT = {
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
    # The servers Python programs are deployed on (servers/peers/
    # pyserve.py): workers per core, and whether a worker keeps a
    # connection open.
    "gunicorn-sync": dict(kind="process-pool", threads=1, processes=9,
                          per_connection="process", library="gunicorn",
                          peer=True, language="python", gil=True,
                          framework="falcon 3.1.1", workers=8,
                          workers_per_core=4, keep_alive=False,
                          idle_holds_worker=True,
                          db_connections_per_worker=1),
    "uwsgi": dict(kind="process-pool", threads=1, processes=9,
                  per_connection="process", library="uwsgi", peer=True,
                  language="python", gil=True, framework="flask 2.2.2",
                  workers=8, workers_per_core=4, keep_alive=False,
                  idle_holds_worker=True, db_connections_per_worker=1),
    "gunicorn-gevent": dict(kind="coroutines", threads=1, processes=3,
                            per_connection="coroutine", poller="epoll",
                            library="gunicorn", peer=True,
                            language="python", gil=True,
                            framework="flask 2.2.2", workers=2,
                            workers_per_core=1,
                            db_connections_per_worker=16),
    "uvicorn": dict(kind="event-loops-per-core", threads=1, processes=4,
                    per_connection="coroutine", poller="epoll",
                    library="uvicorn", peer=True, language="python",
                    gil=True, framework="starlette 0.26.1", workers=2,
                    workers_per_core=1, db_connections_per_worker=16),
    "aiohttp": dict(kind="event-loops-per-core", threads=1, processes=3,
                    per_connection="coroutine", poller="epoll",
                    library="aiohttp", peer=True, language="python",
                    gil=True, workers=2, workers_per_core=1,
                    db_connections_per_worker=16),
    "py-twisted": dict(kind="event-loop", threads=1, poller="epoll",
                       library="twisted", peer=True, language="python",
                       gil=True, honours=["--db-pool"],
                       endpoints=["/", "/delay", "/cpu", "/db",
                                  "/dbsleep"]),
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
# Repetitions of one fixture point: the second is a little high, the third
# an outlier that only a median ignores.
JITTER = (1.0, 1.02, 0.2)
JITTERED = ("rps", "server_cpu_us_per_req", "lat_p99_us", "raw_p99_us")


def fixture_rows(model, scenario, reps=3, **fields):
    """results.csv rows of one point, every value a string as
    csv.DictReader gives them; a dict value (params) is written as the
    engine writes it."""
    out = []
    for rep in range(reps):
        row = {"run_id": "test", "model": model, "scenario": scenario,
               "variant": "", "repetition": str(rep + 1), "status": "ok",
               "reason": "", "client_limited": "0", "loadgen": "loadgen",
               "errors": "0"}
        for k, v in fields.items():
            if isinstance(v, dict):
                v = results.params_text(v)
            elif k in JITTERED and v not in ("", None) and reps > 1:
                v = float(v) * JITTER[rep % len(JITTER)]
            row[k] = "" if v is None else str(v)
        if row.get("rps") and not row.get("requests"):
            row["requests"] = str(int(float(row["rps"]) * 10))
        out.append(row)
    return out


def fixture_manifest(manifest=None):
    """manifest (a dict, may be empty) with the models saying what
    FIXTURE_ABOUT says, unless it has its own "about"."""
    m = dict(manifest or {})
    m.setdefault("about", FIXTURE_ABOUT)
    return m


def judge_all(rows, manifest=None):
    """The verdicts of every claim over these rows, as a run of every
    scenario would give them."""
    return verdicts.evaluate(rows, fixture_manifest(manifest),
                             only_run=False)


def judge(rows, cid, manifest=None):
    """The verdict dict of claim cid over these rows."""
    got = judge_all(rows, manifest)
    for v in got:
        if v["id"] == cid:
            return v
    raise AssertionError(f"claim {cid!r} is not among the verdicts")


def expect(rows, cid, want, manifest=None, contains=()):
    """Asserts claim cid's verdict over rows is want and its summary holds
    every text of contains; returns the verdict."""
    v = judge(rows, cid, manifest)
    assert v["verdict"] == want, \
        f"{cid}: {v['verdict']!r}, wanted {want!r}: {v['summary']}"
    for text in contains:
        assert text in v["summary"], \
            f"{cid}: {text!r} not in summary: {v['summary']}"
    return v


def fixture_run(folder, rows, manifest=None):
    """A run folder from fixture rows, through every report stage as bench
    runs them (summary, charts, verdicts, report); returns (the chart
    index, the verdicts, REPORT.md's text).  The rows' columns are
    results.csv's (bench's COLUMNS, params last)."""
    import csv
    import json
    names = []
    for r in rows:
        names += [k for k in r if k not in names]
    with open(os.path.join(folder, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=names, restval="")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(fixture_manifest(manifest), f)
    results.write_summary(folder)
    problems = charts.draw(folder)
    if problems:
        raise AssertionError("; ".join(problems))
    got = verdicts.write(folder)
    report.write(folder)
    with open(os.path.join(folder, "charts", "index.json")) as f:
        index = json.load(f)
    with open(os.path.join(folder, "REPORT.md")) as f:
        md = f.read()
    return index, got, md
