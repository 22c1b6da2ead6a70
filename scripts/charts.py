#!/usr/bin/env python3
"""charts.py - draws a run's charts with gnuplot, as SVG and PNG.

    scripts/charts.py results/<run-id>      (bench runs it at the end)

Reads the run's points (scripts/results.py: medians over repetitions,
with min and max drawn as error bars; the same points summary.csv holds)
and manifest.json, writes charts/<name>.gp (the gnuplot script, data
inline, so a chart can be redrawn or restyled by hand) and charts/<name>.svg
and .png.  Every model keeps its colour and point type (style.py); variants
keep the model's colour and change the dash.  Points a model could not take
are drawn as crosses on the bottom edge ("refused"); points where the load
generator used all its CPU are ringed ("client-limited": the number is the
client's limit, not the server's).  A figure that cannot be negative (a CPU
time, a rate; results.NONNEG) is never drawn below zero: a negative reading
is noise around zero and is drawn at zero.
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402
import style  # noqa: E402

LIMITED_STYLE = 'lc rgb "black" pt 6 ps 2.4 lw 1'
FONT = "Sans,11"


fnum = results.num


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
    """y = a column of the summary rows, scaled; never below zero for a
    figure that cannot be negative."""
    floor = name in results.NONNEG

    def f(r, suffix=""):
        v = fnum(r.get(name + suffix))
        if v is None:
            return None
        return max(v, 0.0) * scale if floor else v * scale
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


def _title(title):
    """A plot's key entry; none for an empty title, so a panel whose
    series all go without one keeps no head room for a key."""
    return f'title "{title}"' if title else "notitle"


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
        # On a log scale a repetition at zero has no place: its error bar
        # would run off the bottom, so it is left out of the bar.
        body = "\n".join(
            f"{x:.6g} {y:.6g} {(lo if lo > 0 else y) if logy else lo:.6g} "
            f"{hi:.6g}" for x, y, lo, hi in pts)
        blocks.append(f"{name} << EOD\n{body}\nEOD")
        if s.kind == "yerrorlines":
            plots.append(f"{name} using 1:2:3:4 with yerrorlines {s.style} "
                         + _title(s.title))
        else:
            plots.append(f"{name} using 1:2 with linespoints {s.style} "
                         + _title(s.title))
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
                     'pt 2 ps 2.2 lw 2 ' + _title(title))
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


class Chart:
    """One chart: panels side by side (or in a rows x cols layout)."""

    def __init__(self, name, panels, title, width=900, height=560,
                 layout=None):
        self.name = name
        self.panels = panels
        self.title = title
        self.width = width
        self.height = height
        self.layout = layout


class Context:
    """What a scenario module's charts(c) works with: the run's medians
    (summary), every repetition (raw), the manifest, and the models in
    their run order."""

    def __init__(self, run_dir, res=None):
        res = res or results.load(run_dir)
        self.results = res
        self.points = res.points
        self.summary = res.summary
        self.manifest = res.manifest
        self.raw = res.rows
        self.params = self.manifest.get("parameters", {})
        self.all_models = res.all_models
        self.models = res.models
        # Clients measured on their own (pgbench): not models.
        self.clients = res.clients
        self.scenarios = res.scenarios

    def scenario_param(self, scenario, key, default=None):
        return ((self.params.get("scenarios_params") or {}).get(scenario)
                or {}).get(key, default)

    def first(self, scenario, column, default=None, **match):
        """The first value of a column in this scenario's rows."""
        for r in self.summary:
            if r["scenario"] == scenario and fnum(r.get(column)) and all(
                    r.get(k) == v for k, v in match.items()):
                return fnum(r[column])
        return default

    def panel(self, scenario, ycol, scale, ylabel, logy=None, xlabel=CONN_X,
              variants=None, extra=None, models=None, title=""):
        """The standard panel: one series per model (and variant) of a
        scenario, y = a column scaled, x = connections."""
        p = Panel(title, xlabel, ylabel, logy=logy)
        self.add(p, scenario, x_conns, col(ycol, scale), variants=variants,
                 extra=extra, models=models)
        return p

    def add(self, panel, scenario, xf, yf, variants=None, title_fn=None,
            extra=None, models=None):
        add_models(panel, self.summary, scenario,
                   self.models if models is None else models,
                   self.all_models, xf, yf, variants=variants,
                   title_fn=title_fn, extra=extra)


def x_conns(r):
    return fnum(r["connections"])


def slope(points):
    """The one slope estimator (results.slope: Theil-Sen)."""
    return results.slope(points)


def prediction_style(dash=3, colour=None):
    return (f'lc rgb "{colour or style.PREDICTION_COLOUR}" dt {dash} '
            "lw 1.5")


def draw(run_dir):
    """Draws every chart the run has data for; returns problem strings."""
    global TERMINALS
    TERMINALS = gnuplot_terminals()
    if not TERMINALS:
        return ["gnuplot is not installed (apt-get install gnuplot-nox): "
                "no charts"]
    import models
    import scenarios
    c = Context(run_dir)
    models.use_manifest(c.manifest, c.models)
    out_dir = os.path.join(run_dir, "charts")
    os.makedirs(out_dir, exist_ok=True)
    problems = []
    charts = []
    for mod in scenarios.lessons():
        if scenarios.data_of(mod) in c.scenarios and hasattr(mod, "charts"):
            for chart in mod.charts(c):
                charts.append((mod, chart))
    drawn = []
    for _, ch in charts:
        probs = render(out_dir, ch.name, ch.panels, ch.title, ch.width,
                       ch.height, ch.layout)
        problems += probs
        if not probs:
            drawn.append(ch.name)
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump({"charts": drawn,
                   "titles": {ch.name: ch.title for _, ch in charts},
                   "scenario": {ch.name: scenarios.data_of(mod)
                                for mod, ch in charts},
                   "lesson": {ch.name: mod.NAME for mod, ch in charts}},
                  f, indent=1)
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: scripts/charts.py results/<run-id>", file=sys.stderr)
        sys.exit(2)
    probs = draw(sys.argv[1])
    for pr in probs:
        print(pr, file=sys.stderr)
    sys.exit(1 if probs else 0)
