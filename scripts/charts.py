#!/usr/bin/env python3
"""charts.py - draws a run's charts with gnuplot, as SVG and PNG.

    scripts/charts.py results/<run-id>      (bench runs it at the end)

Reads summary.csv (medians over repetitions, with min and max drawn as error
bars) and manifest.json, writes charts/<name>.gp (the gnuplot script, data
inline, so a chart can be redrawn or restyled by hand) and charts/<name>.svg
and .png.  Every model keeps its colour and point type (style.py); variants
keep the model's colour and change the dash.  Points a model could not take
are drawn as crosses on the bottom edge ("refused"); points where the load
generator used all its CPU are ringed ("client-limited": the number is the
client's limit, not the server's).
"""
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import style  # noqa: E402

LIMITED_STYLE = 'lc rgb "black" pt 6 ps 2.4 lw 1'
FONT = "Sans,11"


def fnum(v):
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def load(run_dir):
    with open(os.path.join(run_dir, "summary.csv"), newline="") as f:
        summary = list(csv.DictReader(f))
    try:
        with open(os.path.join(run_dir, "manifest.json")) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}
    return summary, manifest


class Series:
    def __init__(self, title, style_clause, points, kind="yerrorlines",
                 keep_order=False):
        self.title = title
        self.style = style_clause
        # (x, y, lo, hi), joined in x order unless the order is the story
        # (a closed-loop sweep, in order of connections).
        self.points = list(points) if keep_order else sorted(points)
        self.kind = kind


class Panel:
    def __init__(self, title, xlabel, ylabel, logx=None, logy=None):
        self.title = title
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.logx = logx
        self.logy = logy
        self.series = []
        self.refused = []      # (title, style, [x])
        self.limited = []      # (x, y)
        self.funcs = []        # (gnuplot expression, title, style)
        self.xtics = None      # gnuplot xtics spec
        self.key = "top left"
        self.note = None
        self.yrange = None     # (lo, hi) to share one scale across panels

    def has_data(self):
        return any(s.points for s in self.series) or any(
            xs for _, _, xs in self.refused)


def series_points(summary, scenario, model, variant, xf, yf, extra=None):
    """(ok points, refused xs, limited points) of one series.

    xf(row) and yf(row, suffix) return x and y (suffix '', '_min', '_max').
    """
    ok, refused, limited = [], [], []
    for r in summary:
        if (r["scenario"] != scenario or r["model"] != model
                or r["variant"] != variant):
            continue
        if extra and not extra(r):
            continue
        x = xf(r)
        if x is None:
            continue
        if r["status"] == "refused":
            refused.append(x)
            continue
        if r["status"] != "ok":
            continue
        y = yf(r, "")
        if y is None:
            continue
        lo = yf(r, "_min")
        hi = yf(r, "_max")
        ok.append((x, y, y if lo is None else lo, y if hi is None else hi))
        if str(r.get("client_limited")) == "1":
            limited.append((x, y))
    return ok, refused, limited


def col(name, scale=1.0):
    def f(r, suffix=""):
        v = fnum(r.get(name + suffix))
        return None if v is None else v * scale
    return f


def add_models(panel, summary, scenario, models, all_models, xf, yf,
               variants=None, title_fn=None, extra=None):
    """One series per (model, variant) present for this scenario."""
    present = {(r["model"], r["variant"]) for r in summary
               if r["scenario"] == scenario}
    for m in models:
        for v in (variants if variants is not None else
                  sorted({v for (mm, v) in present if mm == m})):
            if (m, v) not in present:
                continue
            ok, refused, limited = series_points(summary, scenario, m, v,
                                                 xf, yf, extra)
            title = style.series_title(m, v)
            if title_fn:
                title = title_fn(m, v, title)
            st = style.series_style(m, v, all_models)
            panel.series.append(Series(title, st, ok))
            if refused:
                panel.refused.append(
                    (f"{style.series_title(m, v)}: refused", st, refused))
            panel.limited += limited


def decide_log(values, ratio=30.0):
    pos = [v for v in values if v is not None and v > 0]
    return bool(pos) and max(pos) / min(pos) >= ratio


def panel_script(p, idx, plot_h=420):
    """gnuplot commands for one panel (data blocks first)."""
    xs = [pt[0] for s in p.series for pt in s.points] + [
        x for _, _, xx in p.refused for x in xx]
    ys = [v for s in p.series for pt in s.points for v in pt[1:]]
    logx = decide_log(xs) if p.logx is None else p.logx
    logy = decide_log(ys) if p.logy is None else p.logy
    if logy:
        ys = [y for y in ys if y > 0]
    lines = []
    blocks = []
    plots = []
    for i, s in enumerate(p.series):
        pts = [pt for pt in s.points if (not logy or pt[1] > 0)
               and (not logx or pt[0] > 0)]
        if not pts:
            continue
        name = f"$p{idx}s{i}"
        body = "\n".join(
            f"{x:.6g} {y:.6g} {max(lo, 1e-9) if logy else lo:.6g} {hi:.6g}"
            for x, y, lo, hi in pts)
        blocks.append(f"{name} << EOD\n{body}\nEOD")
        if s.kind == "yerrorlines":
            plots.append(f"{name} using 1:2:3:4 with yerrorlines {s.style} "
                         f'title "{s.title}"')
        else:
            plots.append(f"{name} using 1:2 with linespoints {s.style} "
                         f'title "{s.title}"')
    if ys:
        ymin, ymax = min(ys), max(ys)
    else:
        ymin, ymax = (1.0, 10.0)
    floor = ymin / 2 if logy else min(0.0, ymin)
    for i, (title, st, rx) in enumerate(p.refused):
        rx = [x for x in rx if not logx or x > 0]
        if not rx:
            continue
        name = f"$p{idx}r{i}"
        body = "\n".join(f"{x:.6g} {floor:.6g}" for x in rx)
        blocks.append(f"{name} << EOD\n{body}\nEOD")
        # The model's colour with an X: the point exists, the model refused.
        colour = re.search(r'lc rgb "([^"]+)"', st).group(1)
        plots.append(f'{name} using 1:2 with points lc rgb "{colour}" '
                     f'pt 2 ps 2.2 lw 2 title "{title}"')
    lim = [(x, y) for x, y in p.limited if (not logy or y > 0)
           and (not logx or x > 0)]
    if lim:
        name = f"$p{idx}l"
        body = "\n".join(f"{x:.6g} {y:.6g}" for x, y in lim)
        blocks.append(f"{name} << EOD\n{body}\nEOD")
        plots.append(f"{name} using 1:2 with points {LIMITED_STYLE} "
                     'title "load generator CPU-bound (client-limited)"')
    for expr, title, st in p.funcs:
        plots.append(f'{expr} with lines {st} title "{title}"')

    lines.append(f'set title "{p.title}"')
    xlabel = p.xlabel.replace(" (log scale)", "")
    ylabel = p.ylabel.replace(", log scale)", ")").replace(
        " (log scale)", "")
    if logx and p.xtics is None:
        xlabel += " (log scale)"
    if logy:
        ylabel = (ylabel[:-1] + ", log scale)" if ylabel.endswith(")")
                  else ylabel + " (log scale)")
    lines.append(f'set xlabel "{xlabel}"')
    lines.append(f'set ylabel "{ylabel}"')
    lines.append("set logscale x 10" if logx else "unset logscale x")
    lines.append("set logscale y 10" if logy else "unset logscale y")
    # 10k, 100k, 1M on log axes of big numbers; plain numbers elsewhere.
    big_log = logy and ys and min(ys) >= 1 and max(ys) >= 1e4
    lines.append("set format y '%.0s%c'" if big_log else "set format y '%g'")
    if xs:
        lo, hi = min(xs), max(xs)
        if logx:
            lines.append(f"set xrange [{lo / 1.6:.6g}:{hi * 1.6:.6g}]")
        else:
            pad = (hi - lo) * 0.05 or 1
            lines.append(f"set xrange [{lo - pad:.6g}:{hi + pad:.6g}]")
    else:
        lines.append("set xrange [*:*]")
    if p.yrange:
        lines.append(f"set yrange [{p.yrange[0]:.6g}:{p.yrange[1]:.6g}]")
    elif ys or p.refused:
        # Head room above the data for the key, so it never hides a point.
        entries = sum(1 for q in plots if "notitle" not in q)
        frac = min(0.6, 0.06 + entries * 15.0 / max(150, plot_h))
        grow = frac / (1 - frac)
        if logy:
            lo = floor / 1.5
            top = 10 ** (math.log10(ymax) + max(
                0.3, (math.log10(ymax) - math.log10(lo)) * grow))
            lines.append(f"set yrange [{lo:.6g}:{top:.6g}]")
        else:
            top = (ymax + (ymax - floor) * grow) or 1
            lines.append(f"set yrange [{floor:.6g}:{top:.6g}]")
    else:
        lines.append("set yrange [*:*]")
    lines.append(f"set xtics {p.xtics}" if p.xtics else "set xtics auto")
    lines.append(f"set key {p.key} Left reverse font ',9' spacing 0.9 opaque")
    lines.append("unset label")
    if p.note:
        lines.append(f'set label 1 "{p.note}" at graph 0.98, graph 0.04 '
                     "right font ',9'")
    if not plots:
        lines.append('set label 2 "no measured data in this run" at graph '
                     '0.5, graph 0.5 center')
        lines.append("set xrange [0:1]\nset yrange [0:1]\nunset logscale")
        plots = ["NaN notitle"]
    return blocks, lines + ["plot " + ", \\\n     ".join(plots)]


def chart_script(panels, title, width, height, layout=None):
    blocks, body = [], []
    rows = (layout or (1, len(panels)))[0]
    plot_h = height / rows - 120
    for i, p in enumerate(panels):
        b, ln = panel_script(p, i, plot_h)
        blocks += b
        body += ln
    head = ["set encoding utf8", "set grid lc rgb '#dddddd'",
            "set border lc rgb '#444444'", "set tics nomirror",
            "set bars small", "set pointintervalbox 0"]
    rows, cols = layout or (1, len(panels))
    layout = (f'set multiplot layout {rows},{cols} title "{title}" '
              "font ',13'" if len(panels) > 1 else "")
    text = "\n".join(blocks + head + ([layout] if layout else [])
                     + body + (["unset multiplot"] if layout else []))
    return text


def render(out_dir, name, panels, title, width=900, height=560,
           layout=None):
    """Writes <name>.gp, .svg and .png; returns a problem string or None."""
    if len(panels) == 1 and not panels[0].title:
        panels[0].title = title
    script = chart_script(panels, title, width, height, layout)
    gp = os.path.join(out_dir, name + ".gp")
    with open(gp, "w") as f:
        f.write(f"# {title}\n# Redraw: gnuplot -e \"set terminal svg\" "
                f"{name}.gp > {name}.svg\n" + script + "\n")
    png_term = ("pngcairo" if "pngcairo" in TERMINALS else "png")
    problems = []
    for term, ext in ((f"svg size {width},{height} dynamic enhanced "
                       f"font '{FONT}' background rgb 'white'", "svg"),
                      (f"{png_term} size {width},{height} enhanced "
                       f"font '{FONT}' background rgb 'white'", "png")):
        out = os.path.join(out_dir, f"{name}.{ext}")
        full = f"set terminal {term}\nset output '{out}'\n{script}\n"
        r = subprocess.run(["gnuplot"], input=full, text=True,
                           capture_output=True, timeout=60)
        if r.returncode != 0 or not os.path.exists(out) or \
                os.path.getsize(out) == 0:
            problems.append(f"{name}.{ext}: gnuplot failed: "
                            f"{r.stderr.strip()[-400:]}")
    return problems


def gnuplot_terminals():
    if not shutil.which("gnuplot"):
        return ""
    r = subprocess.run(["gnuplot", "-e", "set terminal"], text=True,
                       capture_output=True, timeout=30)
    return r.stdout + r.stderr


TERMINALS = ""


# ------------------------------------------------------------ the charts --

CONN_X = "concurrent connections (log scale)"


def x_conns(r):
    return fnum(r["connections"])


def slope(points):
    """Theil-Sen slope of (x, y) points (the median of the slopes between
    every two points with different x), or None.  One point spoiled by
    another process's memory on a shared machine moves it little, where it
    would tilt a least-squares line."""
    pts = [(x, y) for x, y in points if x is not None and y is not None]
    slopes = sorted((y2 - y1) / (x2 - x1)
                    for i, (x1, y1) in enumerate(pts)
                    for x2, y2 in pts[i + 1:] if x2 != x1)
    if not slopes:
        return None
    n = len(slopes)
    return (slopes[n // 2] if n % 2 else
            (slopes[n // 2 - 1] + slopes[n // 2]) / 2)


def kernel_slab(r, suffix=""):
    """Kernel objects: unreclaimable slab (sockets, task structs, epoll
    items) plus page tables, in MiB."""
    vals = [fnum(r.get(k + suffix)) for k in
            ("slab_delta_kib", "pagetables_delta_kib")]
    if all(v is None for v in vals):
        return None
    return sum(v for v in vals if v is not None) / 1024


def idle_slopes(rows, model, variant):
    """Memory per idle connection (KiB): user RSS, kernel stack, kernel
    slab + page tables, socket buffers, and all kernel ('kother' is every
    kernel figure but the stacks).  `rows` are results.csv rows (every
    repetition) or summary.csv rows."""
    rows = [r for r in rows if r["scenario"] == "idle"
            and r["model"] == model and r["variant"] == variant
            and r["status"] == "ok"]
    out = {}
    for key, fn in (("user", col("server_rss_kib")),
                    ("kstack", col("kernel_stack_delta_kib")),
                    ("kslab", lambda r: (kernel_slab(r) or 0) * 1024),
                    ("ksock", col("sock_mem_delta_kib"))):
        out[key] = slope([(fnum(r["idle"]), fn(r)) for r in rows])
    if out["kslab"] is not None:
        out["kother"] = out["kslab"] + (out["ksock"] or 0)
    else:
        out["kother"] = None
    return out


def draw(run_dir):
    """Draws every chart the run has data for; returns problem strings."""
    global TERMINALS
    TERMINALS = gnuplot_terminals()
    if not TERMINALS:
        return ["gnuplot is not installed (apt-get install gnuplot-nox): "
                "no charts"]
    summary, manifest = load(run_dir)
    with open(os.path.join(run_dir, "results.csv"), newline="") as f:
        raw = list(csv.DictReader(f))
    out_dir = os.path.join(run_dir, "charts")
    os.makedirs(out_dir, exist_ok=True)
    params = manifest.get("parameters", {})
    scenarios = {r["scenario"] for r in summary}
    all_models = (params.get("models") or []) + sorted(
        {r["model"] for r in summary} - set(params.get("models") or []))
    models = [m for m in all_models if any(r["model"] == m for r in summary)]
    problems = []
    charts = []

    def std(scenario, ycol, scale, ylabel, title, logy=None, xlabel=CONN_X,
            variants=None, extra=None):
        p = Panel("", xlabel, ylabel, logy=logy)
        add_models(p, summary, scenario, models, all_models, x_conns,
                   col(ycol, scale), variants=variants, extra=extra)
        return p

    if "hello" in scenarios:
        charts.append(("hello_throughput", [std(
            "hello", "rps", 1, "throughput (requests/s)", "")],
            "HTTP GET /: throughput vs concurrent connections (closed loop)"))
        charts.append(("hello_p99", [std(
            "hello", "lat_p99_us", 1e-3, "p99 latency (ms)", "")],
            "HTTP GET /: 99th-percentile latency vs concurrent connections"))
        charts.append(("hello_cpu_per_req", [std(
            "hello", "server_cpu_us_per_req", 1,
            "server CPU per request (µs, user+system)", "")],
            "HTTP GET /: server CPU time per request vs connections"))
    if "echo" in scenarios:
        charts.append(("echo_throughput", [std(
            "echo", "rps", 1, "throughput (64-byte messages/s)", "")],
            "Echo, 64-byte messages: throughput vs concurrent connections"))
        charts.append(("echo_p99", [std(
            "echo", "lat_p99_us", 1e-3, "p99 round-trip latency (ms)", "")],
            "Echo, 64-byte messages: p99 latency vs concurrent connections"))
    if "idle" in scenarios:
        ix = "idle connections held open"

        def with_slope(key):
            def fn(m, v, title):
                sl = idle_slopes(raw, m, v).get(key)
                return f"{title}: {sl:.1f} KiB/conn" if sl is not None \
                    else title
            return fn
        panels = []
        for key, fn, ylabel, ptitle in (
                ("user", col("server_rss_kib", 1 / 1024),
                 "server RSS (MiB)", "user space: server RSS"),
                ("kstack", col("kernel_stack_delta_kib", 1 / 1024),
                 "kernel stacks added (MiB)",
                 "kernel: thread stacks (not in RSS)"),
                ("kslab", kernel_slab, "kernel memory added (MiB)",
                 "kernel: slab (sockets, tasks) + page tables"),
                ("ksock", col("sock_mem_delta_kib", 1 / 1024),
                 "socket buffer memory added (MiB)",
                 "kernel: TCP socket buffers")):
            p = Panel(ptitle, ix, ylabel, logx=False, logy=False)
            add_models(p, summary, "idle", models, all_models,
                       lambda r: fnum(r["idle"]), fn,
                       title_fn=with_slope(key))
            p.limited = []
            p.key = "top left"
            panels.append(p)
        panels[2].note = "machine-wide: both ends of each connection"
        panels[3].note = "machine-wide"
        charts.append(("idle_memory", panels,
                       "Memory cost of idle connections (slope = memory per "
                       "connection, Theil-Sen over every repetition)",
                       1900, 580))

        def idle_x(r):
            v = fnum(r["idle"])
            return None if v is None else max(v, 1.0)
        tics = ('("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, '
                '"10^5" 100000)')
        a = params.get("idle_active", "a few")
        p1 = Panel(f"throughput of the {a} active connections",
                   "idle connections held open (log scale; 0 drawn at 1)",
                   "throughput (requests/s)", logx=True)
        add_models(p1, summary, "idle", models, all_models, idle_x,
                   col("rps"))
        p2 = Panel("server CPU per request",
                   "idle connections held open (log scale; 0 drawn at 1)",
                   "server CPU per request (µs)", logx=True)
        add_models(p2, summary, "idle", models, all_models, idle_x,
                   col("server_cpu_us_per_req"))
        p1.xtics = p2.xtics = tics
        charts.append(("idle_active", [p1, p2],
                       f"What idle connections cost the {a} active ones",
                       1300, 560))
    if "delay" in scenarios:
        dms = next((fnum(r["delay_ms"]) for r in summary
                    if r["scenario"] == "delay" and fnum(r["delay_ms"])), 10)
        p1 = std("delay", "rps", 1, "throughput (requests/s)", "")
        p1.title = "throughput"
        p1.logy = True
        p1.funcs.append((f"x/{dms / 1000:g}",
                         f"every connection busy: connections / {dms:g} ms",
                         f'lc rgb "{style.PREDICTION_COLOUR}" dt 3 lw 1.5'))
        workers = next((fnum(r["workers"]) for r in summary
                        if r["model"] == "thread-pool"), None)
        if "thread-pool" in models and workers:
            cap = workers / (dms / 1000)
            colour = style.model_style("thread-pool")[0]
            p1.funcs.append((f"{cap:g}", f"thread-pool prediction: "
                             f"{workers:g} workers / {dms:g} ms = "
                             f"{cap:g} req/s",
                             f'lc rgb "{colour}" dt 4 lw 1.5'))
        p2 = std("delay", "lat_p99_us", 1e-3, "p99 latency (ms)", "")
        p2.title = "p99 latency"
        p2.logy = True
        charts.append(("delay", [p1, p2],
                       f"GET /delay?ms={dms:g}: waiting requests, prediction "
                       "beside measurement", 1300, 560))
    if "cpu" in scenarios:
        us = next((fnum(r["cpu_us"]) for r in summary
                   if r["scenario"] == "cpu" and fnum(r["cpu_us"])), 200)
        cores = (manifest.get("machine") or {}).get("cores") or 1
        p = std("cpu", "rps", 1, "throughput (requests/s)", "", logy=False)
        one = 1e6 / us
        p.funcs.append((f"{one:g}", f"one core: 1 s / {us:g} µs = "
                        f"{one:g} req/s",
                        f'lc rgb "{style.PREDICTION_COLOUR}" dt 3 lw 1.5'))
        if cores > 1:
            p.funcs.append((f"{one * cores:g}", f"all {cores} cores: "
                            f"{one * cores:g} req/s",
                            f'lc rgb "{style.PREDICTION_COLOUR}" dt 2 lw 1.5'))
        p.note = "server unpinned (every core); the load generator shares them"
        charts.append(("cpu", [p],
                       f"GET /cpu?us={us:g}: CPU-bound requests, can the "
                       "model use every core?"))
    if "blocking" in scenarios:
        blk = {r["model"] for r in summary if r["scenario"] == "blocking"}
        bm = [m for m in models if m in blk]
        panels = []
        for ycol, scale, ylabel, ptitle in (
                ("rps", 1, "throughput (requests/s)", "throughput"),
                ("lat_p99_us", 1e-3, "p99 latency (ms)", "p99 latency")):
            p = Panel(ptitle, CONN_X, ylabel, logy=True)
            conns_b = {r["connections"] for r in summary
                       if r["scenario"] == "blocking"}
            add_models(p, summary, "delay", bm, all_models, x_conns,
                       col(ycol, scale), variants=[""],
                       extra=lambda r: r["connections"] in conns_b)
            add_models(p, summary, "blocking", bm, all_models, x_conns,
                       col(ycol, scale), variants=["blocking"])
            panels.append(p)
        dms = next((fnum(r["delay_ms"]) for r in summary
                    if r["scenario"] == "blocking"), 10)
        panels[0].funcs.append(
            (f"{1000 / dms:g}", f"one sleep at a time: 1 s / {dms:g} ms = "
             f"{1000 / dms:g} req/s",
             f'lc rgb "{style.PREDICTION_COLOUR}" dt 3 lw 1.5'))
        charts.append(("blocking", panels,
                       f"Event loops that block: sleeping {dms:g} ms inside "
                       "the loop (dashed) vs a timer (solid)", 1300, 560))
    if "churn" in scenarios:
        p1 = std("churn", "rps", 1, "new connections (conn/s)", "")
        p1.title = "connections per second"
        p2 = std("churn", "server_cpu_us_per_req", 1,
                 "server CPU per connection (µs)", "")
        p2.title = "server CPU per connection"
        for p in (p1, p2):
            p.xlabel = "concurrent connecting clients (log scale)"
        charts.append(("churn", [p1, p2],
                       "Connection churn: a new connection for every request",
                       1300, 560))
    if "latency" in scenarios:
        # One small panel per model, on one shared scale: open loop (solid)
        # and the closed-loop sweep (dash-dot) at the same throughput.
        caps = manifest.get("capacity_rps") or {}
        src = "hello" if any(r["scenario"] == "hello" for r in summary) \
            else "latency"
        var = "" if src == "hello" else "closed-loop"
        panels = []
        for m in models:
            p = Panel(m, "offered load / capacity", "p99 latency (ms)",
                      logx=False, logy=True)
            add_models(p, summary, "latency", [m], all_models,
                       lambda r: fnum(r["offered_fraction"]),
                       col("lat_p99_us", 1e-3), variants=[""],
                       title_fn=lambda mm, v, t: "open loop")
            cap = fnum(caps.get(m))
            if cap:
                ok, _, _ = series_points(
                    summary, src, m, var,
                    lambda r: (fnum(r["rps"]) or 0) / cap,
                    col("lat_p99_us", 1e-3))
                order = {}
                for r in summary:
                    if r["scenario"] == src and r["model"] == m:
                        order[round((fnum(r["rps"]) or 0) / cap, 9)] = \
                            fnum(r["connections"]) or 0
                ok.sort(key=lambda q: order.get(round(q[0], 9), 0))
                if ok:
                    p.series.append(Series(
                        "closed loop (x = throughput / capacity)",
                        style.series_style(m, "closed-loop", all_models),
                        ok, keep_order=True))
                p.title = f"{m} (capacity {cap / 1000:.0f}k req/s)"
            p.key = "top left"
            if p.has_data():
                panels.append(p)
        ys = [v for p in panels for s_ in p.series for q in s_.points
              for v in q[1:] if v > 0]
        xs = [q[0] for p in panels for s_ in p.series for q in s_.points]
        if ys:
            for p in panels:
                p.yrange = (min(ys) / 1.5, max(ys) * 4)
        cols = min(3, max(1, len(panels)))
        rows = max(1, math.ceil(len(panels) / cols))
        charts.append(("latency", panels or [Panel("", "", "")],
                       "p99 latency vs offered load: open loop (solid) and "
                       "closed loop at the same throughput (dash-dot)",
                       420 * cols + 60, 330 * rows + 60, (rows, cols)))

    drawn = []
    for entry in charts:
        name, panels, title = entry[:3]
        w, h = (entry[3], entry[4]) if len(entry) > 3 else (900, 560)
        layout = entry[5] if len(entry) > 5 else None
        probs = render(out_dir, name, panels, title, w, h, layout)
        problems += probs
        if not probs:
            drawn.append(name)
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump({"charts": drawn,
                   "titles": {c[0]: c[2] for c in charts}}, f, indent=1)
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: scripts/charts.py results/<run-id>", file=sys.stderr)
        sys.exit(2)
    probs = draw(sys.argv[1])
    for pr in probs:
        print(pr, file=sys.stderr)
    sys.exit(1 if probs else 0)
