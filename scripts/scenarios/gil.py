"""gil - "The GIL is irrelevant (sometimes)": Python threads against
Python's event loops, on requests that wait and on requests that compute.

CPython runs one thread's bytecode at a time (the global interpreter lock,
the GIL).  A thread that sleeps, reads or writes lets go of it, so a thread
per connection should serve waiting requests as well as an event loop
does: GET /delay?ms=10 over a connection sweep, the server pinned to one
core as in the delay scenario.  A thread that computes holds it, so a
second core should not help Python threads: GET /cpu?us=200 with the
server unpinned (every core), where our C thread-per-connection model,
with no such lock, does use the second core.

Models: every model whose --about says "language": "python" (but the
servers Python programs are deployed on, several worker processes each:
see deployed()), beside our C
models of the same kinds as references (the thread-per-connection model
and the plain event loop, no library; picked by --about, never by name).
In smoke and quick mode only the claim's two Python models run (the
thread-per-connection one and the standard library's asyncio loop), to
keep those runs short.  A run without a Python model (no PEERS=1) measures
the references in smoke mode only, so the harness test sees the scenario
work, and nothing in the other modes: the delay and cpu scenarios already
show the C models alone.
"""
import kit as K
import models as M
from scenarios import cpu as cpu_scenario
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_conns, f_int, f_pct, f_ratio, f_rps, f_us)

NAME = "gil"
ABOUT = ("Python threads against asyncio: /delay?ms=10 (waiting) and "
         "/cpu?us=200 (computing, unpinned), C models beside")
ORDER = 90
# Its claim is judged on the peers (servers/peers/): a run without them
# (no PEERS=1) says so instead of "no data".
NEEDS_PEERS = True
# x of the /delay half: concurrent connections.
SWEEP = {"smoke": [8], "quick": [10, 100], "default": [10, 100, 1000],
         "full": [10, 100, 1000, 3000]}
SWEEP_ENV = "CONNS"
# x of the /cpu half: a few connections keep every thread busy.
CPU_SWEEP = {"smoke": [4], "quick": [4], "default": [4, 32],
             "full": [1, 4, 32]}
DELAY_MS = 10
CPU_US = 200
# Modes that run only the claim's two Python models (and the references).
SHORT_MODES = ("smoke", "quick")

# The kinds of the C references, as their --about gives them.
THREAD_KIND = "thread-per-connection"
LOOP_KIND = "event-loop"

# The claim has two halves.
# Waiting: judged at the largest connection count where the Python event
# loop was still waiting-bound, serving at least this fraction of the ideal
# connections / delay (above it, both sides are limited by CPU per request,
# which is the language scenario's lesson, not the GIL's).
WAIT_BOUND = 0.8
# ... there the threads must serve at least this fraction of the loop's
# throughput: within NOISE, "threads keep up".
KEEP_UP = 1 - NOISE
# Computing: the Python threads' server may use at most this many cores
# (CPU seconds per second) at any /cpu point: one core, within NOISE ...
ONE_CORE = 1 + NOISE
# ... while the C thread-per-connection model passes one core's worth of
# throughput (1 s / cpu_us) by at least this factor: the second core was
# there for threads to use.
SECOND_CORE = 1 + NOISE


def language(m):
    """What the model is written in: its --about "language"; our own models
    (not peers) are C.  None for a model that said nothing."""
    if not M.known(m):
        return None
    about = M.about(m)
    return about.get("language") or (None if about.get("peer") else "c")


def c_reference(models, kind, poller=None):
    """Our own C model (not a peer) of this kind: the plain one (no
    library) first, then the one that waits with `poller`, then run order."""
    cands = [m for m in models if language(m) == "c" and not M.peer(m)
             and M.kind(m) == kind]
    cands.sort(key=lambda m: (not M.plain(m),
                              bool(poller) and M.poller(m) != poller))
    return cands[0] if cands else None


def deployed(m):
    """A server Python programs are deployed on (gunicorn, uWSGI, uvicorn
    behind servers/peers/pyserve.py): its --about gives workers per core.
    Several worker processes and a web framework each: they escape the
    GIL by processes and add a framework's cost to the language's, so
    this lesson and the language one leave them out; the pydriver lesson
    measures them."""
    return language(m) == "python" and "workers_per_core" in M.about(m)


def python_models(models):
    """The Python peers of one process and no framework."""
    return [m for m in models if language(m) == "python"
            and not deployed(m)]


def left_out_sentence(d, why):
    """ "gunicorn-sync and uvicorn are left out on purpose: ..." for the
    deployed Python servers of the run (its manifest's models), or ""."""
    listed = (d.manifest.get("parameters") or {}).get("models") or []
    out = [m for m in listed if deployed(m)]
    if not out:
        return ""
    return " {} {} left out on purpose: {}; the pydriver lesson measures " \
        "them.".format(K.and_list(out), "is" if len(out) == 1 else "are",
                       why)


def python_thread(models):
    """The Python model with a thread per connection."""
    py = python_models(models)
    for test in (lambda m: M.kind(m) == THREAD_KIND, M.is_thread):
        found = [m for m in py if test(m)]
        if found:
            return found[0]
    return None


def python_loop(models):
    """The Python event loop of the standard library (asyncio), or the
    first single-threaded Python loop."""
    loops = [m for m in python_models(models) if M.is_single_loop(m)]
    std = [m for m in loops if M.about(m).get("library") == "asyncio"]
    return (std or loops or [None])[0]


def chosen(models, mode):
    """The models this scenario measures, in run order."""
    py = python_models(models)
    if mode in SHORT_MODES:
        py = [m for m in (python_thread(py), python_loop(py)) if m]
    if not py and mode != "smoke":
        return []
    refs = [c_reference(models, THREAD_KIND),
            c_reference(models, LOOP_KIND, "epoll")]
    use = set(py) | {m for m in refs if m}
    return [m for m in models if m in use]


def points(ctx):
    use = chosen(ctx.models, ctx.mode)
    if not use:
        ctx.note("skipped", "no Python model in this run (PEERS=1 adds "
                 "the peers)")
        return []
    ctx.note("models", use)
    delay_x = ctx.sweep()
    cpu_x = ctx.sweep(CPU_SWEEP)
    ctx.note("sweep", {"delay": delay_x, "cpu": cpu_x})
    pts = ctx.interleave(delay_x, lambda m, c: [ctx.point(
        m, connections=c, delay_ms=DELAY_MS, path=f"/delay?ms={DELAY_MS}")]
        if M.serves(m, "/delay") else [], models=use)
    # Unpinned, as in the cpu scenario: the threads may take every core.
    pts += ctx.interleave(cpu_x, lambda m, c: [ctx.point(
        m, connections=c, cpu_us=CPU_US, path=f"/cpu?us={CPU_US}",
        pinned=False)] if M.serves(m, "/cpu") else [], models=use)
    return pts


# ------------------------------------------------------------ the facts --

def cores_used(p):
    """CPU seconds the server used per second of the run: cores busy."""
    if p.get("server_cpu_us_per_req") is None or p.get("rps") is None:
        return None
    return p["server_cpu_us_per_req"] * p["rps"] / 1e6


def facts(points):
    """Everything the paragraph and the claim say, from collapsed points
    (verdicts.collapse): one computation for both."""
    pts = [p for p in K.ok(points) if p["scenario"] == NAME
           and p["variant"] == ""]
    delay = K.by_model([p for p in pts if p["delay_ms"] is not None])
    cpu = K.by_model([p for p in pts if p["cpu_us"] is not None])
    names = sorted(set(delay) | set(cpu))
    f = {"delay": delay, "cpu": cpu,
         "py_thread": python_thread(names), "py_loop": python_loop(names),
         "c_thread": c_reference(names, THREAD_KIND),
         "c_loop": c_reference(names, LOOP_KIND, "epoll"),
         "python": python_models(names)}
    dms = [p["delay_ms"] for ps in delay.values() for p in ps]
    f["delay_ms"] = dms[0] if dms else DELAY_MS
    us = [p["cpu_us"] for ps in cpu.values() for p in ps]
    f["cpu_us"] = us[0] if us else CPU_US
    f["one_core_rps"] = 1e6 / f["cpu_us"]

    # Waiting: the largest connection count where the Python loop was
    # waiting-bound and the threads were measured too.
    t, lp = f["py_thread"], f["py_loop"]
    f["judged"] = f["top"] = None
    if t in delay and lp in delay:
        t_at = {p["connections"]: p for p in delay[t]}
        both = sorted(p["connections"] for p in delay[lp]
                      if p["connections"] in t_at and p["rps"] is not None)
        loop_at = {p["connections"]: p for p in delay[lp]}

        def ideal(x):
            return x / (f["delay_ms"] / 1000.0)
        bound = [x for x in both if loop_at[x]["rps"] >= WAIT_BOUND * ideal(x)]
        if both:
            f["top"] = (both[-1], t_at[both[-1]], loop_at[both[-1]])
        if bound:
            x = bound[-1]
            f["judged"] = (x, t_at[x], loop_at[x], ideal(x))
        elif both:
            f["not_bound"] = (both[0], loop_at[both[0]], ideal(both[0]))

    # Computing: the point of each model using the most cores, and its best
    # throughput.
    f["cpu_best"] = {}
    for m, ps in cpu.items():
        have = [p for p in ps if p["rps"] is not None]
        if have:
            best = max(have, key=lambda p: p["rps"])
            cores = [c for c in map(cores_used, have) if c is not None]
            f["cpu_best"][m] = (best, max(cores) if cores else None)
    return f


def _delay_text(f):
    """The waiting half in words, and its verdict."""
    t, lp = f["py_thread"], f["py_loop"]
    if f["judged"] is None and f.get("not_bound") is None:
        return NO_DATA, ("No /delay point has both a Python thread-per-"
                         "connection model and a Python event loop."), {}
    numbers = {}
    if f["judged"] is None:
        x, lpp, ideal = f["not_bound"]
        numbers[lp + " /delay req/s at " + f_int(x)] = lpp["rps"]
        return NOT_VISIBLE, (
            "Waiting: even at {} {} served only {} req/s of the ideal {}: "
            "the loop itself was limited by its CPU per request, so the "
            "sweep never showed pure waiting.").format(
            f_conns(x), lp, f_rps(lpp["rps"]), f_rps(ideal)), numbers
    x, tp, lpp, ideal = f["judged"]
    ratio = tp["rps"] / lpp["rps"] if lpp["rps"] else None
    numbers.update({
        "delay ms": f["delay_ms"], "judged at connections": x,
        "ideal req/s there": ideal, t + " /delay req/s": tp["rps"],
        lp + " /delay req/s": lpp["rps"], "ratio " + t + "/" + lp: ratio,
        t + " /delay CPU us/req": tp["server_cpu_us_per_req"],
        lp + " /delay CPU us/req": lpp["server_cpu_us_per_req"]})
    text = ("Waiting ({} ms a request): at {}, the most where {} still kept "
            "{} of the ideal, {} served {} req/s against {}'s {} ({} as "
            "much)").format(
        f_int(f["delay_ms"]), f_conns(x), lp, f_pct(lpp["rps"] / ideal), t,
        f_rps(tp["rps"]), lp, f_rps(lpp["rps"]), f_ratio(ratio))
    top = f["top"]
    if top and top[0] > x:
        tx, ttp, tlp = top
        numbers[t + " /delay req/s at " + f_int(tx)] = ttp["rps"]
        numbers[lp + " /delay req/s at " + f_int(tx)] = tlp["rps"]
        text += ("; at {} both ran out of CPU: {} {} req/s, {} {} ({} and "
                 "{} of CPU per request)").format(
            f_conns(tx), t, f_rps(ttp["rps"]), lp, f_rps(tlp["rps"]),
            f_us(ttp["server_cpu_us_per_req"]),
            f_us(tlp["server_cpu_us_per_req"]))
    text += "."
    if ratio is None:
        return NO_DATA, text, numbers
    if ratio >= KEEP_UP:
        return CONFIRMED, text, numbers
    if tp["client_limited"] or lpp["client_limited"]:
        return NOT_VISIBLE, text + (" The load generator, not the server, "
                                    "was the limit."), numbers
    return REFUTED, text + (
        " Contrary to the talks, the threads did not keep up with the loop "
        "on waiting requests here ({} of CPU per request against {}).").format(
        f_us(tp["server_cpu_us_per_req"]),
        f_us(lpp["server_cpu_us_per_req"])), numbers


def _cpu_text(f):
    """The computing half in words, and its verdict."""
    t, ct = f["py_thread"], f["c_thread"]
    best = f["cpu_best"]
    if t not in best or best[t][1] is None:
        return NO_DATA, ("No /cpu point of a Python thread-per-connection "
                         "model with its CPU time."), {}
    tp, t_cores = best[t]
    one = f["one_core_rps"]
    numbers = {"cpu us per request": f["cpu_us"], "one-core cap req/s": one,
               t + " /cpu best req/s": tp["rps"],
               t + " /cpu most cores used": t_cores}
    text = ("Computing ({} µs a request, one core's worth {} req/s, server "
            "on every core): {} served at best {} req/s and never used more "
            "than {:.2f} cores").format(
        f_int(f["cpu_us"]), f_rps(one), t, f_rps(tp["rps"]), t_cores)
    lp = f["py_loop"]
    if lp in best:
        numbers[lp + " /cpu best req/s"] = best[lp][0]["rps"]
        text += " ({} {} req/s)".format(lp, f_rps(best[lp][0]["rps"]))
    if ct not in best:
        return NOT_VISIBLE if t_cores <= ONE_CORE else REFUTED, text + (
            "; no C thread-per-connection model ran beside it to show what "
            "the second core gives threads without a GIL."), numbers
    cp, c_cores = best[ct]
    numbers[ct + " /cpu best req/s"] = cp["rps"]
    numbers[ct + " /cpu most cores used"] = c_cores
    text += "; {}, threads without a GIL, served {} req/s ({} of one core's " \
        "worth)".format(ct, f_rps(cp["rps"]), f_pct(cp["rps"] / one))
    if c_cores is not None:
        text += " on {:.2f} cores".format(c_cores)
    text += "."
    if t_cores > ONE_CORE:
        return REFUTED, text + (
            " Contrary to the talks, the Python threads used more than one "
            "core: this Python does not hold them to one (its --about says "
            "gil: {}).").format(M.about(t).get("gil", "unknown")), numbers
    if cp["rps"] >= SECOND_CORE * one:
        return CONFIRMED, text, numbers
    return NOT_VISIBLE, text + (
        " The C threads did not pass one core's worth either: on this "
        "machine the load generator takes the second core, so the GIL's "
        "cost cannot show."), numbers


def _claim_gil(points, manifest):
    f = facts(points)
    dv, dtext, dnum = _delay_text(f)
    cv, ctext, cnum = _cpu_text(f)
    numbers = dict(dnum, **cnum)
    if REFUTED in (dv, cv):
        verdict = REFUTED
    elif dv == cv == CONFIRMED:
        verdict = CONFIRMED
    elif dv == cv == NO_DATA:
        verdict = NO_DATA
    else:
        verdict = NOT_VISIBLE
    summary = dtext + " " + ctext
    decision = None
    if verdict == CONFIRMED:
        x, tp, lpp, _ = f["judged"]
        decision = {"side": "either", "text": (
            "In Python, use threads or asyncio alike for requests that wait "
            "({} {} req/s, {} {} at {}), but neither for requests that "
            "compute: the GIL holds threads to one core (at most {:.2f} "
            "cores) where C threads served {} req/s; use processes").format(
            f["py_thread"], f_rps(tp["rps"]), f["py_loop"], f_rps(lpp["rps"]),
            f_conns(x), f["cpu_best"][f["py_thread"]][1],
            f_rps(f["cpu_best"][f["c_thread"]][0]["rps"]))}
    return K.verdict("gil", verdict, summary, numbers, decision)


CLAIMS = [Claim("gil", "The GIL is irrelevant (sometimes): threads keep up "
                "on waiting, a second core does not help them compute", NAME,
                "gil", 90, _claim_gil)]


# ------------------------------------------------------- chart and text --

def _is_delay(r):
    return K.fnum(r.get("delay_ms")) is not None


def _is_cpu(r):
    return K.fnum(r.get("cpu_us")) is not None


def _cores(r, suffix=""):
    if suffix:
        return None     # a product of medians: no min-max bar
    cpu, rps = K.fnum(r.get("server_cpu_us_per_req")), K.fnum(r.get("rps"))
    return None if cpu is None or rps is None else cpu * rps / 1e6


def charts(c):
    dms = c.first(NAME, "delay_ms", DELAY_MS)
    us = c.first(NAME, "cpu_us", CPU_US)
    cores = cpu_scenario.manifest_cores(c.manifest) or 1
    p1 = c.panel(NAME, "rps", 1, "throughput (requests/s)", logy=True,
                 extra=_is_delay,
                 title=f"waiting: GET /delay?ms={dms:g}, server on one core")
    p1.funcs.append((f"x/{dms / 1000:g}", f"ideal: connections / {dms:g} "
                     "ms", K.prediction_style(3)))
    p2 = c.panel(NAME, "rps", 1, "throughput (requests/s)", logy=False,
                 extra=_is_cpu,
                 title=f"computing: GET /cpu?us={us:g}, server on every core")
    one = 1e6 / us
    p2.funcs.append((f"{one:g}", f"one core: 1 s / {us:g} µs = {one:g} "
                     "req/s", K.prediction_style(3)))
    if cores > 1:
        p2.funcs.append((f"{one * cores:g}", f"all {cores} cores: "
                         f"{one * cores:g} req/s", K.prediction_style(2)))
    p3 = K.Panel("computing: cores the server kept busy", K.CONN_X,
                 "server CPU used (cores: CPU s per s)", logy=False)
    c.add(p3, NAME, K.x_conns, _cores, extra=_is_cpu)
    p3.funcs.append(("1", "one core: what the GIL allows",
                     K.prediction_style(3)))
    if cores > 1:
        p3.funcs.append((f"{cores:g}", f"all {cores} cores",
                         K.prediction_style(2)))
    p3.note = "the load generator shares these cores"
    # The measured connection counts as the only tics, and room for the
    # every-core lines, which gnuplot does not count in its range.
    cpu_rows = [r for r in c.summary if r["scenario"] == NAME
                and r["status"] == "ok" and _is_cpu(r)]
    xs = sorted({K.fnum(r["connections"]) for r in cpu_rows} - {None})
    for p, top in ((p2, one * cores), (p3, cores)):
        if xs:
            p.xtics = "(" + ", ".join(f"{x:g}" for x in xs) + ")"
        ys = [y for y in (_cores(r) if p is p3 else K.fnum(r["rps_max"])
                          for r in cpu_rows) if y is not None]
        p.yrange = (0, max(ys + [top]) * 1.45)
    return [K.Chart("gil", [p1, p2, p3], "The GIL is irrelevant "
                    "(sometimes): Python threads against Python's event "
                    "loops, our C models beside them", 1900, 620)]


def paragraph(name, d):
    f = facts(K.reduce(d.rows))
    if not f["delay"] and not f["cpu"]:
        return "No point of this scenario was measured."
    out = []
    top = max((p["connections"] for ps in f["delay"].values() for p in ps),
              default=None)
    if top is not None:
        vals = sorted(((p["rps"], m) for m, ps in f["delay"].items()
                       for p in ps if p["connections"] == top
                       and p["rps"] is not None), reverse=True)
        out.append("Waiting ({} ms a request): at {} connections the ideal "
                   "is {} req/s; measured {}.".format(
                       f_int(f["delay_ms"]), f_int(top),
                       f_rps(top / (f["delay_ms"] / 1000.0)),
                       ", ".join(f"{m} {f_rps(v)}" for v, m in vals)))
    if f["cpu_best"]:
        parts = []
        for m, (p, cores) in sorted(f["cpu_best"].items(),
                                    key=lambda kv: -kv[1][0]["rps"]):
            parts.append("{} {} req/s{}".format(
                m, f_rps(p["rps"]), "" if cores is None
                else " on {:.2f} cores".format(cores)))
        out.append("Computing ({} µs a request, one core's worth {} "
                   "req/s), best of each: {}.".format(
                       f_int(f["cpu_us"]), f_rps(f["one_core_rps"]),
                       ", ".join(parts)))
    if not f["python"]:
        out.append("No Python model ran (PEERS=1 adds the peers): only the "
                   "C references are drawn.")
    elif f["judged"] is not None:
        x, tp, lpp, _ = f["judged"]
        out.append("Where the Python loop still only waited ({} "
                   "connections), {} kept {} of its throughput: a sleeping "
                   "thread lets go of the GIL.".format(
                       f_int(x), f["py_thread"], f_pct(tp["rps"] / lpp["rps"])
                       if lpp["rps"] else "n/a"))
    cores = f["cpu_best"].get(f["py_thread"], (None, None))[1]
    if f["python"] and cores is not None:
        if cores <= ONE_CORE:
            out.append("A thread that computes holds the GIL: {} kept at "
                       "most {:.2f} cores busy on /cpu, however many "
                       "threads it ran.".format(f["py_thread"], cores))
        else:
            out.append("{} kept {:.2f} cores busy on /cpu: more than the "
                       "one core a GIL allows.".format(f["py_thread"], cores))
    out.append(left_out_sentence(d, "each runs several worker processes, "
                                 "which the GIL does not bind together")
               .strip())
    return " ".join(o for o in out if o) + K.limited_sentence(d, NAME)
