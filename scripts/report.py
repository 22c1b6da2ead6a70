#!/usr/bin/env python3
"""report.py - writes REPORT.md for a run folder.

    scripts/report.py results/<run-id>      (bench runs it at the end)

Every number in the report is computed here from this run's summary.csv
(medians over repetitions) and manifest.json; nothing is written in advance.
The "When is async worth it?" section comes from scripts/verdicts.py
(evaluate(rows, manifest), report_markdown(verdicts)) when it is present.
"""
import csv
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import charts as ch  # noqa: E402

fnum = ch.fnum


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


class Data:
    def __init__(self, run_dir):
        self.dir = run_dir
        with open(os.path.join(run_dir, "summary.csv"), newline="") as f:
            self.summary = list(csv.DictReader(f))
        with open(os.path.join(run_dir, "results.csv"), newline="") as f:
            self.rows = list(csv.DictReader(f))
        try:
            with open(os.path.join(run_dir, "manifest.json")) as f:
                self.manifest = json.load(f)
        except (OSError, ValueError):
            self.manifest = {}
        params = self.manifest.get("parameters", {})
        order = params.get("models") or []
        seen = [r["model"] for r in self.summary]
        self.models = [m for m in order if m in seen] + sorted(
            set(seen) - set(order))

    def ok(self, scenario, model=None, variant="", **match):
        out = []
        for r in self.summary:
            if r["scenario"] != scenario or r["status"] != "ok":
                continue
            if model is not None and r["model"] != model:
                continue
            if variant is not None and r["variant"] != variant:
                continue
            if any(str(r[k]) != str(v) for k, v in match.items()):
                continue
            out.append(r)
        return out

    def xs(self, scenario, key="connections", variant=""):
        return sorted({int(float(r[key])) for r in self.ok(
            scenario, variant=variant)})

    def value(self, scenario, model, col, variant="", **match):
        rs = self.ok(scenario, model, variant, **match)
        return fnum(rs[0][col]) if rs else None

    def refused(self, scenario):
        return [r for r in self.summary if r["scenario"] == scenario
                and r["status"] == "refused"]

    def limited(self, scenario):
        return [r for r in self.summary if r["scenario"] == scenario
                and r["status"] == "ok" and r["client_limited"] == "1"]


def ranking(d, scenario, col, x, scale=1.0, unit="", key="connections",
            variant=""):
    vals = []
    for m in d.models:
        v = d.value(scenario, m, col, variant, **{key: x})
        if v is not None:
            vals.append((v * scale, m))
    vals.sort(reverse=True)
    return vals, ", ".join(f"{m} {fmt(v, unit)}" for v, m in vals)


def _top(d, scenario, col, x):
    vals, _ = ranking(d, scenario, col, x)
    return vals[0][1] if vals else None


def refused_sentence(d, scenario):
    rf = d.refused(scenario)
    if not rf:
        return ""
    by = {}
    for r in rf:
        n = int(r["connections"]) + int(r["idle"] or 0)
        by.setdefault(r["model"], []).append(n)
    parts = [f"{m} at {', '.join(str(n) for n in sorted(v))} connections"
             for m, v in by.items()]
    return (" Refused points (drawn as crosses on the bottom edge): "
            + "; ".join(parts) + f" ({rf[0]['reason']}).")


def limited_sentence(d, scenario):
    lim = d.limited(scenario)
    if not lim:
        return ""
    return (f" {len(lim)} of the points (ringed) were client-limited: the "
            "load generator used all of its CPU, so those numbers are a floor "
            "for the server, not its ceiling.")


def text_throughput(d, scenario, unit="req/s"):
    xs = d.xs(scenario)
    if not xs:
        return "No point of this scenario was measured."
    lo, hi = xs[0], xs[-1]
    v_lo, s_lo = ranking(d, scenario, "rps", lo, unit=unit)
    v_hi, s_hi = ranking(d, scenario, "rps", hi, unit=unit)
    peaks = []
    for m in d.models:
        rs = d.ok(scenario, m)
        if rs:
            best = max(rs, key=lambda r: fnum(r["rps"]) or 0)
            peaks.append(f"{m} {fmt(fnum(best['rps']))} at "
                         f"c={best['connections']}")
    out = (f"With {lo} connection{'s' if lo != 1 else ''}: {s_lo}. "
           f"With {hi}: {s_hi}")
    if len(v_hi) > 1 and v_hi[-1][0] > 0:
        out += (f" ({v_hi[0][1]} does {v_hi[0][0] / v_hi[-1][0]:.1f}x "
                f"{v_hi[-1][1]})")
    out += f". Peak of each model: {'; '.join(peaks)}."
    return out + limited_sentence(d, scenario) + refused_sentence(d, scenario)


def text_p99(d, scenario):
    xs = d.xs(scenario)
    if not xs:
        return "No point of this scenario was measured."
    parts = []
    for x in (xs[0], xs[len(xs) // 2], xs[-1]) if len(xs) > 2 else xs:
        vals, s = ranking(d, scenario, "lat_p99_us", x, 1e-3, "ms")
        if vals:
            parts.append(f"at {x} connection{'s' if x != 1 else ''} "
                         "p99 runs from "
                         f"{fmt(vals[-1][0], 'ms')} ({vals[-1][1]}) to "
                         f"{fmt(vals[0][0], 'ms')} ({vals[0][1]})")
    out = "; ".join(parts).capitalize() + "."
    out += (" In a closed loop, latency grows with connections because every "
            "connection waits its turn: Little's law, latency = connections "
            "/ throughput.")
    return out + refused_sentence(d, scenario)


def text_cpu_per_req(d, scenario):
    xs = d.xs(scenario)
    if not xs:
        return "No point of this scenario was measured."
    mid = 100 if 100 in xs else xs[len(xs) // 2]
    vals, s = ranking(d, scenario, "server_cpu_us_per_req", mid, unit="µs")
    out = f"At {mid} connections the server spends per request: {s}."
    growth = []
    for m in d.models:
        a = d.value(scenario, m, "server_cpu_us_per_req", connections=xs[0])
        b = d.value(scenario, m, "server_cpu_us_per_req", connections=xs[-1])
        if a and b:
            growth.append(f"{m} {fmt(a)} → {fmt(b)}")
    if growth and len(xs) > 1:
        out += (f" From {xs[0]} to {xs[-1]} connections (µs/request): "
                + ", ".join(growth) + ".")
        down = [g for g in growth
                if float(g.split()[-1].rstrip("k")) < float(
                    g.split()[1].rstrip("k"))]
        if len(down) > len(growth) / 2:
            out += (" The cost per request falls as load rises: one "
                    "wakeup or one system call serves more requests.")
    return out


def text_idle_memory(d):
    parts = []
    for m in d.models:
        variants = sorted({r["variant"] for r in d.ok("idle", m, None)})
        for v in variants:
            s = ch.idle_slopes(d.rows, m, v)
            if s.get("user") is None:
                continue
            name = m + (f" ({v})" if v else "")
            parts.append(f"{name} {fmt(s['user'])} KiB user + "
                         f"{fmt(s.get('kstack') or 0)} KiB kernel stack + "
                         f"{fmt(s.get('kslab') or 0)} KiB slab and page "
                         f"tables + {fmt(s.get('ksock') or 0)} KiB socket "
                         "buffers")
    if not parts:
        return ("Not enough idle points to compute memory per connection "
                "(it needs two idle counts).")
    out = ("Memory per idle connection (slopes of the lines): "
           + "; ".join(parts) + ". ")
    out += ("Values near zero or below it are within the noise of the "
            "machine-wide counters. ")
    out += ("A thread's kernel stack (16 KiB on x86-64) is not in the "
            "process's RSS: the second panel is what an RSS-only chart "
            "hides. The last two panels are machine-wide: they count both "
            "ends of every loopback connection and whatever else the "
            "machine did meanwhile.")
    return out + refused_sentence(d, "idle")


def text_idle_active(d):
    xs = d.xs("idle", "idle")
    if len(xs) < 2:
        return "Needs at least two idle counts."
    lo = xs[0]
    parts, cpu_growth = [], {}
    for m in d.models:
        mine = sorted(int(float(r["idle"])) for r in d.ok("idle", m))
        if len(mine) < 2 or mine[0] != lo:
            continue
        hi = mine[-1]
        a = d.value("idle", m, "rps", idle=lo)
        b = d.value("idle", m, "rps", idle=hi)
        ca = d.value("idle", m, "server_cpu_us_per_req", idle=lo)
        cb = d.value("idle", m, "server_cpu_us_per_req", idle=hi)
        if a and b and ca and cb:
            parts.append(f"{m} {fmt(a)} → {fmt(b)} req/s at {hi} idle "
                         f"({(b / a - 1) * 100:+.0f} %), CPU {fmt(ca)} → "
                         f"{fmt(cb)} µs/req")
            cpu_growth[m] = cb / ca
    out = (f"Going from {lo} idle connections to the most each model "
           "held, the active connections get: " + "; ".join(parts) + ".")
    worst = max(cpu_growth, key=cpu_growth.get) if cpu_growth else None
    if worst and cpu_growth[worst] > 2:
        out += (f" {worst} pays the most per request for idle neighbours "
                f"({cpu_growth[worst]:.1f}x the CPU per request)")
        out += (": select() scans every descriptor in its set on every "
                "call, ready or not, while epoll reports only the ready "
                "ones." if worst == "select" else ".")
    return out + refused_sentence(d, "idle")


def text_delay(d):
    xs = d.xs("delay")
    if not xs:
        return "No point of this scenario was measured."
    dms = fnum(d.ok("delay")[0]["delay_ms"]) or 10
    hi = xs[-1]
    vals, s = ranking(d, "delay", "rps", hi, unit="req/s")
    out = (f"At {hi} connections, each request waiting {dms:g} ms, the "
           f"ideal is {fmt(hi / (dms / 1000))} req/s (every connection "
           f"always waiting); measured: {s}.")
    tp = d.value("delay", "thread-pool", "rps", connections=hi)
    w = fnum((d.ok("delay", "thread-pool") or [{}])[0].get("workers"))
    if tp and w:
        cap = w / (dms / 1000)
        out += (f" The thread pool of {w:g} workers can hold only {w:g} "
                f"sleeping requests at once, so it is predicted to cap at "
                f"{fmt(cap)} req/s; it measured {fmt(tp)} req/s "
                f"({tp / cap * 100:.0f} % of the prediction).")
    return out + limited_sentence(d, "delay")


def text_cpu(d):
    xs = d.xs("cpu")
    if not xs:
        return "No point of this scenario was measured."
    us = fnum(d.ok("cpu")[0]["cpu_us"]) or 200
    one = 1e6 / us
    cores = (d.manifest.get("machine") or {}).get("cores") or 1
    vals, s = ranking(d, "cpu", "rps", xs[-1], unit="req/s")
    over = [m for v, m in vals if v > one * 1.1]
    out = (f"Each request burns {us:g} µs of CPU, so one core serves at most "
           f"{fmt(one)} req/s and {cores} cores {fmt(one * cores)}. "
           f"At {xs[-1]} connections: {s}. ")
    if over:
        out += (f"Above one core's worth: {', '.join(over)}; a single-"
                "threaded loop cannot pass one core, whatever the load.")
    else:
        out += ("No model got past one core's worth here: the load "
                "generator shares the cores in this scenario, so on a small "
                "machine it takes the second core the threads would use.")
    return out


def text_blocking(d):
    parts = []
    for m in d.models:
        for x in d.xs("blocking", variant="blocking"):
            b = d.value("blocking", m, "rps", "blocking", connections=x)
            n = d.value("delay", m, "rps", "", connections=x)
            bp = d.value("blocking", m, "lat_p99_us", "blocking",
                         connections=x)
            if b is not None:
                parts.append(f"{m} c={x}: {fmt(b)} req/s blocking vs "
                             f"{fmt(n)} with a timer, p99 {fmt((bp or 0) / 1e3)}"
                             " ms")
    if not parts:
        return "No point of this scenario was measured."
    dms = fnum((d.ok("blocking", variant="blocking") or [{}])[0]
               .get("delay_ms")) or 10
    return ("One blocking call inside an event loop stops every connection: "
            f"the loop can sleep only one {dms:g} ms at a time, so it caps at "
            f"{fmt(1000 / dms)} req/s however many connections wait. "
            + "; ".join(parts) + ".")


def text_churn(d):
    xs = d.xs("churn")
    if not xs:
        return "No point of this scenario was measured."
    vals, s = ranking(d, "churn", "rps", xs[-1], unit="conn/s")
    _, c = ranking(d, "churn", "server_cpu_us_per_req", xs[-1], unit="µs")
    return (f"With a new TCP connection for every request and {xs[-1]} "
            f"clients connecting at once: {s}. Server CPU per connection: "
            f"{c}." + (" Thread-per-conn pays a thread create and exit "
                       "per connection, which a pool or a loop avoids."
                       if _top(d, "churn", "server_cpu_us_per_req", xs[-1])
                       == "thread-per-conn" else "")
            + limited_sentence(d, "churn") + refused_sentence(d, "churn"))


def text_latency(d):
    fr = sorted({fnum(r["offered_fraction"]) for r in d.ok("latency")
                 if fnum(r["offered_fraction"]) is not None})
    if not fr:
        return "No point of this scenario was measured."
    caps = d.manifest.get("capacity_rps") or {}
    parts, grew, flat = [], [], []
    near = max([f for f in fr if f <= 1.0] or fr)
    for m in d.models:
        a = d.value("latency", m, "lat_p99_us",
                    offered_fraction=_fr_str(d, m, fr[0]))
        b = d.value("latency", m, "lat_p99_us",
                    offered_fraction=_fr_str(d, m, fr[-1]))
        if a is None or b is None:
            continue
        s = (f"{m} (capacity {fmt(fnum(caps.get(m)))} req/s) "
             f"{fmt(a / 1e3)} ms at {fr[0]:g}x → {fmt(b / 1e3)} ms at "
             f"{fr[-1]:g}x")
        # The closed-loop point whose throughput is nearest the open-loop
        # point just below capacity.
        o_rps = d.value("latency", m, "rps",
                        offered_fraction=_fr_str(d, m, near))
        o_p99 = d.value("latency", m, "lat_p99_us",
                        offered_fraction=_fr_str(d, m, near))
        closed = [r for r in d.ok("hello", m) if fnum(r["rps"])]
        if o_rps and o_p99 and closed:
            c = min(closed, key=lambda r: abs(fnum(r["rps"]) - o_rps))
            s += (f" (at {near:g}x, {fmt(o_rps)} req/s: open loop "
                  f"{fmt(o_p99 / 1e3)} ms, closed loop "
                  f"{fmt(fnum(c['lat_p99_us']) / 1e3)} ms at "
                  f"{fmt(fnum(c['rps']))} req/s with c={c['connections']})")
        parts.append(s)
        (grew if b > 3 * a else flat).append(m)
    out = ("Open-loop p99, timed from when each request was due: "
           + "; ".join(parts) + ".")
    if grew:
        out += (f" Past capacity the queue grows and p99 with it "
                f"({', '.join(grew)}: more than 3x from {fr[0]:g}x to "
                f"{fr[-1]:g}x).")
    if flat:
        out += (f" For {', '.join(flat)} p99 did not grow 3x even at "
                f"{fr[-1]:g}x: the capacity measured closed loop was "
                "below what the server could do open loop, or the "
                "machine's noise hides the queue.")
    return out


def _fr_str(d, model, f):
    for r in d.ok("latency", model):
        if fnum(r["offered_fraction"]) == f:
            return r["offered_fraction"]
    return str(f)


CHART_TEXT = {
    "hello_throughput": lambda d: text_throughput(d, "hello"),
    "hello_p99": lambda d: text_p99(d, "hello"),
    "hello_cpu_per_req": lambda d: text_cpu_per_req(d, "hello"),
    "echo_throughput": lambda d: text_throughput(d, "echo", "msg/s"),
    "echo_p99": lambda d: text_p99(d, "echo"),
    "idle_memory": text_idle_memory,
    "idle_active": text_idle_active,
    "delay": text_delay,
    "cpu": text_cpu,
    "blocking": text_blocking,
    "churn": text_churn,
    "latency": text_latency,
}


def headline_table(d):
    cols = ["model", "hello peak (req/s @ conns)", "hello p99 @100 (ms)",
            "CPU/req @100 (µs)", "echo peak (msg/s)",
            "idle: user KiB/conn", "idle: kernel KiB/conn (stack + other)",
            "delay @max conns (req/s)", "churn (conn/s)",
            "points not ok"]
    lines = ["| " + " | ".join(cols) + " |",
             "|" + "---|" * len(cols)]
    dmax = (d.xs("delay") or [None])[-1]
    cmax = (d.xs("churn") or [None])[-1]
    for m in d.models:
        hello = d.ok("hello", m)
        if hello:
            best = max(hello, key=lambda r: fnum(r["rps"]) or 0)
            hp = f"{fmt(fnum(best['rps']))} @ {best['connections']}"
        else:
            hp = "-"
        p99 = d.value("hello", m, "lat_p99_us", connections=100)
        cpu = d.value("hello", m, "server_cpu_us_per_req", connections=100)
        echo = [fnum(r["rps"]) or 0 for r in d.ok("echo", m)]
        s = ch.idle_slopes(d.rows, m, "")
        kern = (f"{fmt((s['kstack'] or 0) + (s['kother'] or 0))} "
                f"({fmt(s['kstack'] or 0)} + {fmt(s['kother'] or 0)})"
                if s.get("user") is not None else "-")
        bad = [r for r in d.summary if r["model"] == m
               and r["status"] != "ok"]
        bad_s = ", ".join(sorted({r["status"] for r in bad}))
        cells = [m, hp, fmt(p99 / 1e3) if p99 else "-",
                 fmt(cpu) if cpu else "-",
                 fmt(max(echo)) if echo else "-",
                 fmt(s["user"]) if s.get("user") is not None else "-", kern,
                 fmt(d.value("delay", m, "rps", connections=dmax))
                 if dmax else "-",
                 fmt(d.value("churn", m, "rps", connections=cmax))
                 if cmax else "-",
                 f"{len(bad)} ({bad_s})" if bad else "0"]
        lines.append("| " + " | ".join(c if c else "-" for c in cells) + " |")
    return "\n".join(lines)


def verdict_section(d):
    """The verdicts of scripts/verdicts.py, or why there are none."""
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.exists(os.path.join(here, "verdicts.py")):
        return ("_scripts/verdicts.py is not in this checkout, so this run "
                "has no verdicts; the charts above carry the evidence._")
    try:
        import verdicts
        v = verdicts.evaluate(d.rows, d.manifest)
        with open(os.path.join(d.dir, "verdicts.json"), "w") as f:
            json.dump(v, f, indent=1, default=str)
        return verdicts.report_markdown(v)
    except Exception:  # noqa: BLE001 - the report goes on without it
        tb = traceback.format_exc(limit=3).strip().splitlines()
        return ("_scripts/verdicts.py failed on this run, so there are no "
                f"verdicts: `{tb[-1]}`_")


def problems_section(d):
    bad = [r for r in d.rows if r["status"] != "ok"]
    if not bad:
        return "Every point was measured (status ok)."
    lines = [f"{len(bad)} of {len(d.rows)} measured repetitions are not "
             "ok. Refused points are data: the model could not take that "
             "many connections.", "",
             "| model | variant | scenario | conns | idle | rep | status "
             "| reason |", "|---|---|---|---|---|---|---|---|"]
    for r in bad[:60]:
        reason = r["reason"].replace("|", "/")[:160]
        lines.append(f"| {r['model']} | {r['variant'] or '-'} | "
                     f"{r['scenario']} | {r['connections']} | {r['idle']} | "
                     f"{r['repetition']} | {r['status']} | {reason} |")
    if len(bad) > 60:
        lines.append(f"| ... | | | | | | | {len(bad) - 60} more in "
                     "results.csv |")
    return "\n".join(lines)


def noise_row(d):
    """A table row on how busy the rest of the machine was."""
    vals = sorted(v for v in (fnum(r.get("other_cpu_frac")) for r in d.rows)
                  if v is not None)
    load = d.manifest.get("loadavg_at_start", "")
    if not vals:
        return f"| other load | load average at start: {load or '?'} |"
    med = vals[len(vals) // 2]
    p90 = vals[int(len(vals) * 0.9)]
    warn = (" **The machine was shared: expect noise beyond the error "
            "bars.**" if med > 0.05 else "")
    return (f"| other load | other processes used {med * 100:.0f} % of the "
            f"machine's CPU during a typical measured phase (90th "
            f"percentile {p90 * 100:.0f} %); load average at start "
            f"{' '.join(load.split()[:3]) or '?'}.{warn} |")


def write(run_dir):
    d = Data(run_dir)
    m = d.manifest
    mach = m.get("machine", {})
    ver = m.get("versions", {})
    lim = m.get("limits", {})
    pin = m.get("pinning", {})
    par = m.get("parameters", {})
    try:
        with open(os.path.join(run_dir, "charts", "index.json")) as f:
            index = json.load(f)
    except (OSError, ValueError):
        index = {"charts": [], "titles": {}}
    out = [f"# threads-vs-events: benchmark report", "",
           f"Run `{m.get('run_id', os.path.basename(run_dir))}`, mode "
           f"**{m.get('mode', '?')}**, git `{m.get('git_rev', '?')}`, "
           f"started {m.get('started', '?')}, took "
           f"{fmt((m.get('wall_s') or 0) / 60)} min."]
    if m.get("interrupted"):
        out += ["", "**This run was interrupted**: it holds the points "
                "measured before the interruption only."]
    out += ["", "## Machine", "",
            "| | |", "|---|---|",
            f"| CPU | {mach.get('cpu_model', '?')}, {mach.get('cores', '?')}"
            f" cores ({mach.get('virtualization', '?')}) |",
            f"| memory | {mach.get('mem_total', '?')} |",
            f"| kernel | {mach.get('kernel', '?')} |",
            f"| glibc / libuv / libev | {ver.get('glibc', '?')} / "
            f"{ver.get('libuv', '?')} / {ver.get('libev', '?')} |",
            f"| fd limit | {lim.get('nofile_hard', '?')}; somaxconn "
            f"{lim.get('somaxconn', '?')}; ports "
            f"{lim.get('ip_local_port_range', '?')} |",
            f"| pinning | server on CPU {pin.get('server_cpus', '?')}, load "
            f"generator on CPU {pin.get('loadgen_cpus', '?')} (the cpu "
            "scenario runs both unpinned) |",
            f"| method | {par.get('reps', '?')} repetition(s) of "
            f"{par.get('duration', '?')} s after {par.get('warmup', '?')} s "
            f"of warm-up, a fresh server per point; medians drawn, min–max "
            f"as error bars; load generator: "
            + ("wrk for the closed-loop HTTP points, build/loadgen for the "
               "rest" if par.get("loadgen") == "wrk" else "build/loadgen")
            + " |",
            noise_row(d),
            "", "Full details and every command run: "
            "[manifest.md](manifest.md). Raw data: [results.csv](results.csv)"
            " (one row per repetition), [summary.csv](summary.csv) (medians),"
            " `json/` (the load generator's output per point).", "",
            "## Headline numbers", "", headline_table(d), "",
            "Memory per connection is the slope of memory against idle "
            "connections (Theil-Sen slope over every repetition of the idle "
            "sweep); kernel memory "
            "is machine-wide. Medians over repetitions.", "",
            "## Charts", ""]
    for name in index.get("charts", []):
        title = index.get("titles", {}).get(name, name)
        try:
            text = CHART_TEXT.get(name, lambda _d: "")(d)
        except Exception as e:  # noqa: BLE001
            text = f"(could not summarize this chart: {e!r})"
        out += [f"### {title}", "",
                f"![{name}](charts/{name}.png)", "",
                f"[SVG](charts/{name}.svg) · `{name}`", "", text, ""]
    if not index.get("charts"):
        out += ["No charts were drawn (see the run's messages).", ""]
    verdict_md = verdict_section(d).strip()
    if not verdict_md.startswith("## "):
        verdict_md = "## When is async worth it?\n\n" + verdict_md
    out += [verdict_md, "",
            "## Points not measured", "", problems_section(d), ""]
    with open(os.path.join(run_dir, "REPORT.md"), "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: scripts/report.py results/<run-id>", file=sys.stderr)
        sys.exit(2)
    write(sys.argv[1])
