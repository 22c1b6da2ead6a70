#!/usr/bin/env python3
"""report.py - writes REPORT.md for a run folder.

    scripts/report.py results/<run-id>      (bench runs it at the end)

Every number in the report is computed from this run's results
(scripts/results.py: one reduction of repetitions, the one summary.csv,
charts and verdicts read) and manifest.json; nothing is written in
advance.  The "When is async worth it?" section renders verdicts.json, which
the verdicts stage (scripts/verdicts.py RUN_DIR) writes before this one.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import hosts  # noqa: E402
import results  # noqa: E402
import style  # noqa: E402

fnum = results.num
fmt = results.fmt


class Data:
    """What a scenario's paragraph(name, d) reads: the run's points
    (results.Point), the same points as summary rows of strings
    (summary), every repetition (rows), the manifest and the models."""

    def __init__(self, run_dir, res=None):
        self.dir = run_dir
        res = res or results.load(run_dir)
        self.results = res
        self.points = res.points
        self.summary = res.summary
        self.rows = res.rows
        self.manifest = res.manifest
        self.models = res.models
        # Clients measured on their own (pgbench): not models.
        self.clients = res.clients
        models.use_manifest(self.manifest, self.models)

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
    return vals, ", ".join(f"{m} {results.fmt_col(col, v, unit)}"
                           for v, m in vals)


def top_model(d, scenario, col, x):
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
    growth, falls = [], 0
    cpu = "server_cpu_us_per_req"
    for m in d.models:
        a = d.value(scenario, m, cpu, connections=xs[0])
        b = d.value(scenario, m, cpu, connections=xs[-1])
        if a and b:
            growth.append(f"{m} {results.fmt_col(cpu, a)} → "
                          f"{results.fmt_col(cpu, b)}")
            falls += b < a
    if growth and len(xs) > 1:
        out += (f" From {xs[0]} to {xs[-1]} connections (µs/request): "
                + ", ".join(growth) + ".")
        if falls > len(growth) / 2:
            out += (" The cost per request falls as load rises: one "
                    "wakeup or one system call serves more requests.")
    return out


def at_most_connections(scenario, col="rps"):
    """A headline cell (a scenario's HEADLINE): the column's median at the
    scenario's largest connection count."""
    def cell(d, m):
        xs = d.xs(scenario)
        return fmt(d.value(scenario, m, col, connections=xs[-1])) if xs \
            else "-"
    return cell


def peak(scenario, col="rps", where=True):
    """A headline cell (a scenario's HEADLINE): the model's highest median
    of col, with the connections it came at when where is True."""
    def cell(d, m):
        rs = [r for r in d.ok(scenario, m) if fnum(r[col]) is not None]
        if not rs:
            return "-"
        best = max(rs, key=lambda r: fnum(r[col]))
        text = results.fmt_col(col, fnum(best[col]))
        return f"{text} @ {best['connections']}" if where else text
    return cell


def headline_table(d):
    """One row per model; the columns come from the scenario modules
    (HEADLINE) of the scenarios this run has, then "points not ok"."""
    import scenarios
    cols = []
    have = d.results.scenarios
    for mod in scenarios.lessons():
        if scenarios.data_of(mod) in have:
            cols += list(getattr(mod, "HEADLINE", ()))
    head = ["model"] + [c for c, _ in cols] + ["points not ok"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for m in d.models:
        cells = [m]
        for _, fn in cols:
            try:
                cells.append(fn(d, m) or "-")
            except (ArithmeticError, KeyError, TypeError, ValueError):
                cells.append("-")
        bad = [r for r in d.summary if r["model"] == m
               and r["status"] != "ok"]
        bad_s = ", ".join(sorted({r["status"] for r in bad}))
        cells.append(f"{len(bad)} ({bad_s})" if bad else "0")
        lines.append("| " + " | ".join(c if c else "-" for c in cells) + " |")
    return "\n".join(lines)


def headline_notes(d):
    """The notes under the headline table of the lessons in it
    (HEADLINE_NOTE)."""
    import scenarios
    return [mod.HEADLINE_NOTE for mod in scenarios.lessons()
            if scenarios.data_of(mod) in d.results.scenarios
            and getattr(mod, "HEADLINE_NOTE", "")]


def paragraph(d, lesson, name):
    """The paragraph under a chart, from the module that drew it."""
    import scenarios
    mod = scenarios.lesson(lesson)
    if mod is None or not hasattr(mod, "paragraph"):
        return ""
    return mod.paragraph(name, d)


def verdict_section(d):
    """The verdicts stage's verdicts.json as Markdown, or why there are
    none."""
    path = os.path.join(d.dir, "verdicts.json")
    try:
        with open(path) as f:
            v = json.load(f)
    except (OSError, ValueError) as e:
        return ("_This run has no verdicts (verdicts.json: "
                f"{getattr(e, 'strerror', None) or e}); the charts above "
                "carry the evidence. `scripts/verdicts.py RUN_DIR` writes "
                "them._")
    import verdicts
    return verdicts.report_markdown(v)


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
        variant = " ".join([r["variant"]] + [
            f"{k}={v}" for k, v in results.params_of(r).items()]).strip()
        lines.append(f"| {r['model']} | {variant or '-'} | "
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


def models_table(d):
    """What each model said it is (--about), as the run recorded it."""
    lines = ["| model | kind | threads | per connection | library | poller "
             "|", "|---|---|---|---|---|---|"]
    for m in d.models:
        a = models.about(m)
        if not a:
            lines.append(f"| {m} | (said nothing: --about failed) | | | | |")
            continue
        lib = a.get("library") or "-"
        if a.get("library_version"):
            lib += f" {a['library_version']}"
        lines.append(f"| {m} | {a.get('kind', '?')} | {a.get('threads', '?')}"
                     f" | {a.get('per_connection') or '-'} | {lib} | "
                     f"{a.get('poller') or '-'} |")
    for c in d.clients:
        lines.append(f"| {c} | {style.client_title(c)}: a client measured "
                     "on its own, no server of ours (not a model) | - | - "
                     "| - | - |")
    return "\n".join(lines)


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
    out = ["# threads-vs-events: benchmark report", "",
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
            hosts.report_row(m),
            "", models_table(d),
            "", "Full details and every command run: "
            "[manifest.md](manifest.md). Raw data: [results.csv](results.csv)"
            " (one row per repetition), [summary.csv](summary.csv) (medians),"
            " `json/` (the load generator's output per point).", "",
            "## Headline numbers", "", headline_table(d), "",
            " ".join(headline_notes(d) + ["Medians over repetitions."]), "",
            "## Charts", ""]
    for name in index.get("charts", []):
        title = index.get("titles", {}).get(name, name)
        lesson = (index.get("lesson") or index.get("scenario") or {}).get(
            name, name.split("_")[0])
        try:
            text = paragraph(d, lesson, name)
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
