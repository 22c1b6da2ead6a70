"""json - TechEmpower's JSON test: GET /json, a small object serialized
per request, no database.

The smallest request with a body the server builds itself: what is left is
the model's own cost per request (wake-ups, system calls, hand-offs
between threads).  TFB runs it at 16 to 512 connections; this lesson
measures a few of those counts and charts throughput beside the server's
CPU per request, and its paragraph turns that CPU into the figure that
compares with TFB's: requests per second of one core.
"""
import kit as K

NAME = "json"
ABOUT = "TFB json: GET /json, closed loop, a few of TFB's connection counts"
ORDER = 12
PATH = "/json"
# TFB's json concurrency levels are 16, 32, 64, 128, 256 and 512.
SWEEP = {"smoke": [16], "quick": [256], "default": [256],
         "full": [16, 32, 64, 128, 256, 512]}
SWEEP_ENV = "CONNS"


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, path=PATH)] if K.serves(m, PATH) else [])


def charts(c):
    return [tfb_chart(c, NAME, "GET /json (TFB json)")]


def tfb_chart(c, name, what):
    """Throughput and server CPU per request side by side, on a log x axis
    marked at the measured connection counts."""
    panels = [
        c.panel(name, "rps", 1, "throughput (requests/s)", logy=False,
                title="throughput"),
        c.panel(name, "server_cpu_us_per_req", 1,
                "server CPU per request (µs, user+system)", logy=False,
                title="server CPU per request")]
    xs = sorted({int(x) for x in (K.fnum(r["connections"]) for r in
                                  c.summary if r["scenario"] == name) if x})
    for p in panels:
        p.logx = True
        p.xlabel = "concurrent connections (log scale)"
        p.xtics = "(" + ", ".join(f'"{K.f_int(x)}" {x}' for x in xs) + ")"
    return K.Chart(f"{name}_throughput", panels,
                   f"{what}: throughput and server CPU per request",
                   1300, 560)


def paragraph(name, d):
    return K.text_throughput(d, NAME) + " " + per_core_text(
        d, NAME, "16 to 512 connections")


def per_core_text(d, scenario, tfb_conns, pipelined=""):
    """The per-core figure of every model at the largest count, beside how
    TFB measures."""
    xs = d.xs(scenario)
    if not xs:
        return ""
    x = xs[-1]
    parts = []
    for m in d.models:
        cpu = d.value(scenario, m, "server_cpu_us_per_req", connections=x)
        if cpu is None:
            continue
        if K.near_zero(cpu):
            parts.append(f"{m} {K.fmt_col('server_cpu_us_per_req', cpu)}"
                         " µs/request (no per-core figure)")
        else:
            parts.append(f"{m} {K.fmt(1e6 / cpu)}")
    if not parts:
        return ""
    cores = (d.manifest.get("pinning") or {}).get("server_cpus", "?")
    return (f"Requests per second of one core (10⁶ / server CPU µs per "
            f"request) at {x} connections: " + ", ".join(parts) + ". "
            "TFB reports the requests per second of a whole machine: the "
            "server alone on a many-core host, the load generator on "
            f"another one across a 10-gigabit network, {tfb_conns}"
            f"{pipelined}. Here the server is pinned to CPU {cores} and "
            "shares the machine with the load generator, so its throughput "
            "is the load generator's limit as often as the server's; the "
            "CPU it spent per request is its own, and that is the figure "
            "to set beside TFB's requests per second divided by its "
            "machine's cores, remembering that TFB's also pay for the "
            "network and for many cores sharing one kernel.")


HEADLINE = [("json peak (req/s @ conns)", K.peak(NAME))]
