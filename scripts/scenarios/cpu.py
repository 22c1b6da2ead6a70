"""cpu - GET /cpu?us=200: requests that burn CPU, server on every core.

Async saves waiting, not computing: a single-threaded loop uses one core
whatever the load, while threads (or one loop per core) can use them all.
This scenario runs the server unpinned so the thread models can reach
every core; the load generator then shares them, and the report says so.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_int, f_pct, f_ratio, f_rps, num)

NAME = "cpu"
ABOUT = "GET /cpu?us=200, server unpinned (every core)"
ORDER = 50
SWEEP = {"smoke": [4], "quick": [8], "default": [4, 32],
         "full": [1, 2, 4, 16, 64]}
SWEEP_ENV = "CONNS"
CPU_US = 200

# The claim is a null effect ("gains nothing"): confirmed unless the best
# single-threaded loop beats the best thread model by more than NOISE.


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, cpu_us=CPU_US, path=f"/cpu?us={CPU_US}",
                  pinned=False)] if M.serves(m, "/cpu") else [])


def charts(c):
    us = c.first(NAME, "cpu_us", CPU_US)
    cores = (c.manifest.get("machine") or {}).get("cores") or 1
    p = c.panel(NAME, "rps", 1, "throughput (requests/s)", logy=False)
    one = 1e6 / us
    p.funcs.append((f"{one:g}", f"one core: 1 s / {us:g} µs = "
                    f"{one:g} req/s", K.prediction_style(3)))
    if cores > 1:
        p.funcs.append((f"{one * cores:g}", f"all {cores} cores: "
                        f"{one * cores:g} req/s", K.prediction_style(2)))
    p.note = "server unpinned (every core); the load generator shares them"
    return [K.Chart("cpu", [p], f"GET /cpu?us={us:g}: CPU-bound requests, "
                    "can the model use every core?")]


def paragraph(name, d):
    xs = d.xs(NAME)
    if not xs:
        return "No point of this scenario was measured."
    us = K.fnum(d.ok(NAME)[0]["cpu_us"]) or CPU_US
    one = 1e6 / us
    cores = (d.manifest.get("machine") or {}).get("cores") or 1
    vals, s = K.ranking(d, NAME, "rps", xs[-1], unit="req/s")
    over = [m for v, m in vals if v > one * 1.1]
    out = (f"Each request burns {us:g} µs of CPU, so one core serves at most "
           f"{K.fmt(one)} req/s and {cores} cores {K.fmt(one * cores)}. "
           f"At {xs[-1]} connections: {s}. ")
    if over:
        out += (f"Above one core's worth: {', '.join(over)}; a single-"
                "threaded loop cannot pass one core, whatever the load.")
    else:
        out += ("No model got past one core's worth here: the load "
                "generator shares the cores in this scenario, so on a small "
                "machine it takes the second core the threads would use.")
    return out


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
    pts = K.of(points, "cpu")
    ok = K.by_model(K.ok(pts))
    threads = {m: K.best(ps) for m, ps in ok.items() if M.is_thread(m)}
    threads = {m: p for m, p in threads.items() if p is not None}
    loops = {m: K.best(ps) for m, ps in ok.items() if M.is_single_loop(m)}
    loops = {m: p for m, p in loops.items() if p is not None}
    if not threads or not loops:
        return K.verdict("cpu", NO_DATA,
                        "The cpu scenario has no ok points of both a thread "
                        "model and a single-threaded event loop.", {})
    t = max(threads, key=lambda k: threads[k]["rps"])
    loop = max(loops, key=lambda k: loops[k]["rps"])
    tp, lp = threads[t], loops[loop]
    cpu_us = K.median_of(K.ok(pts), "cpu_us")
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
    multi = {m: K.best(ps) for m, ps in ok.items()
             if M.is_loop(m) and not M.is_single_loop(m)}
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
    return K.verdict("cpu", verdict, summary, numbers, decision)


CLAIMS = [Claim("cpu", "CPU-bound work gains nothing from async", NAME, "cpu",
                40, _claim_cpu)]
