"""language - what the language costs: server CPU per request of each
Python peer against our C model of the same kind.

GET / at a fixed 50 connections, the server pinned to one core: the same
requests, the same concurrency model, another language.  py-asyncio,
py-uvloop, py-tornado and py-twisted are event loops like our plain epoll
loop; py-gevent is coroutines on one loop like our coroutines model;
py-threads is a thread per connection like thread-per-conn.  The servers
Python programs are deployed on (gunicorn, uWSGI, uvicorn, aiohttp) are
left out: a framework's cost would be counted as the language's (the
pydriver lesson measures them).  Which C
model stands beside which peer comes from --about (the same kind, then the
same poller, then no library), never from a name.

The claim sets the two costs side by side: the ratio of a Python peer to
the C model of its kind (the language) against the largest ratio between
two of our C models of different kinds (the model).  One C model of every
kind in the run is measured for that.  A run without a Python model
measures the C models in smoke mode only (so the harness test sees the
scenario work), and nothing in the other modes.
"""
import kit as K
import models as M
import style
from scenarios.gil import (c_reference, language, left_out_sentence,
                           python_models)
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_int,
                 f_ratio, f_us, grade)

NAME = "language"
ABOUT = ("GET / at 50 connections, pinned: CPU per request of each Python "
         "peer against the C model of its kind")
ORDER = 94
# Its claim is judged on the peers (servers/peers/): a run without them
# (no PEERS=1) says so instead of "no data".
NEEDS_PEERS = True
# One connection count (no SWEEP_ENV: CONNS does not move it).
SWEEP = {"smoke": [8], "quick": [50], "default": [50], "full": [50]}

# The claim: confirmed if the smallest Python/C ratio of the same kind is
# at least this many times the largest ratio between two C models of
# different kinds: the language then costs clearly more than the model.
# Within NOISE of one another the two costs are "not visible"; a smaller
# language cost refutes the claim.
LANGUAGE_OVER_MODEL = 1.5
# The poller a C reference is preferred to wait with when the Python peer
# names none (a thread per connection waits in the kernel).
DEFAULT_POLLER = "epoll"


def reference_of(models, m):
    """Our C model of m's kind, waiting with m's poller if possible."""
    return c_reference(models, M.kind(m), M.poller(m) or DEFAULT_POLLER)


def c_models_by_kind(models):
    """One C model of every kind in the run (the plain epoll one first)."""
    kinds = []
    for m in models:
        if language(m) == "c" and not M.peer(m) and M.kind(m) not in kinds:
            kinds.append(M.kind(m))
    return [c_reference(models, k, DEFAULT_POLLER) for k in kinds]


def chosen(models, mode):
    py = python_models(models)
    if not py and mode != "smoke":
        return []
    use = set(py) | set(c_models_by_kind(models))
    use |= {reference_of(models, m) for m in py} - {None}
    return [m for m in models if m in use]


def points(ctx):
    use = chosen(ctx.models, ctx.mode)
    if not use:
        ctx.note("skipped", "no Python model in this run (PEERS=1 adds "
                 "the peers)")
        return []
    ctx.note("models", use)
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c)], models=use)


# ------------------------------------------------------------ the facts --

def facts(points):
    """CPU per request of every model, the Python/C pairs and the C models'
    spread, from collapsed points (verdicts.collapse)."""
    pts = [p for p in K.ok(points) if p["scenario"] == NAME
           and p["variant"] == "" and p["server_cpu_us_per_req"]]
    top = {}
    for p in pts:
        if p["model"] not in top or \
                p["connections"] > top[p["model"]]["connections"]:
            top[p["model"]] = p
    names = sorted(top)
    cpu = {m: p["server_cpu_us_per_req"] for m, p in top.items()}
    pairs = []
    for m in python_models(names):
        ref = reference_of(names, m)
        if ref is not None:
            pairs.append((m, ref, cpu[m] / cpu[ref]))
    cs = [m for m in names if language(m) == "c" and not M.peer(m)]
    spread = None
    if len({M.kind(m) for m in cs}) >= 2:
        lo = min(cs, key=cpu.get)
        hi = max(cs, key=cpu.get)
        spread = (hi, lo, cpu[hi] / cpu[lo])
    conns = sorted({p["connections"] for p in top.values()})
    return {"cpu": cpu, "points": top, "pairs": pairs, "spread": spread,
            "c_models": cs, "connections": conns[-1] if conns else None}


def _claim_language(points, manifest):
    f = facts(points)
    if not f["pairs"] or f["spread"] is None:
        return K.verdict("language", NO_DATA, (
            "The language scenario needs a Python model and the C model of "
            "its kind, and two C models of different kinds."), {})
    hi, lo, spread = f["spread"]
    py, ref, least = min(f["pairs"], key=lambda t: t[2])
    ratio = least / spread
    numbers = {"connections": f["connections"]}
    for m in sorted(f["cpu"]):
        numbers[m + " CPU us/req"] = f["cpu"][m]
    for m, r, x in f["pairs"]:
        numbers["ratio " + m + "/" + r] = x
    numbers["largest C ratio " + hi + "/" + lo] = spread
    numbers["smallest language ratio / largest model ratio"] = ratio
    summary = ("GET / at {} connections on one core: the Python peers spent "
               "{} the CPU per request of our C model of the same kind ({}); "
               "between two of our C models the largest ratio was {} ({} {} "
               "against {} {}).").format(
        f_int(f["connections"]),
        "{} to {}".format(f_ratio(least), f_ratio(max(x for _, _, x in
                                                      f["pairs"])))
        if len(f["pairs"]) > 1 else f_ratio(least),
        ", ".join("{} {} / {} {}".format(m, f_us(f["cpu"][m]), r,
                                         f_us(f["cpu"][r]))
                  for m, r, _ in f["pairs"]),
        f_ratio(spread), hi, f_us(f["cpu"][hi]), lo, f_us(f["cpu"][lo]))
    verdict = grade(ratio, LANGUAGE_OVER_MODEL)
    if verdict == REFUTED:
        summary += (" Contrary to the claim, the cheapest Python peer ({}, "
                    "{}) cost less over its C model than the models cost "
                    "over one another.").format(py, f_ratio(least))
    elif verdict == NOT_VISIBLE:
        summary += (" The cheapest Python peer ({}) cost about as much over "
                    "its C model as the models cost over one another.").format(
            py)
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "either", "text": (
            "Choose the language before the model when CPU per request "
            "matters: {} cost {} of {}'s CPU per request, while our C models "
            "differ by at most {}").format(py, f_ratio(least), ref,
                                           f_ratio(spread))}
    return K.verdict("language", verdict, summary, numbers, decision)


CLAIMS = [Claim("language", "The language costs more than the model", NAME,
                "language", 94, _claim_language)]


# ------------------------------------------------------- chart and text --

def _order(f):
    """Category positions: the Python peers of a kind, then our C model of
    that kind; then the other C models; a gap between groups."""
    groups = {}
    for m, ref, _ in sorted(f["pairs"]):
        groups.setdefault(ref, []).append(m)
    order = [pys + [ref] for ref, pys in groups.items()]
    rest = [m for m in sorted(f["cpu"]) if all(m not in g for g in order)]
    if rest:
        order.append(rest)
    pos, x = {}, 1.0
    for g in order:
        for m in g:
            pos[m] = x
            x += 1
        x += 0.6
    return pos


def _big(m, all_models):
    """The model's style with a larger point: one point per model here."""
    return style.series_style(m, "", all_models).replace(" ps 1.2", " ps 2")


def _tics(labels):
    return ("(" + ", ".join(f'"{t}" {x:g}' for t, x in labels)
            + ") rotate by -30 left")


def charts(c):
    f = facts(K.reduce(c.raw))
    if not f["cpu"]:
        return []
    pos = _order(f)
    summ = {r["model"]: r for r in c.summary if r["scenario"] == NAME
            and r["variant"] == "" and r["status"] == "ok"}
    conns = f_int(f["connections"])
    p1 = K.Panel(f"server CPU per request, GET / at {conns} connections",
                 "model (Python peers, then our C model of the same kind)",
                 "server CPU per request (µs, user+system)", logx=False,
                 logy=True)
    ys = []
    for m, x in sorted(pos.items(), key=lambda kv: kv[1]):
        r = summ.get(m)
        y = K.fnum(r and r.get("server_cpu_us_per_req"))
        if y is None:
            continue
        lo = K.fnum(r.get("server_cpu_us_per_req_min")) or y
        hi = K.fnum(r.get("server_cpu_us_per_req_max")) or y
        ys += [lo, hi]
        p1.series.append(K.Series("", _big(m, c.all_models),
                                  [(x, y, lo, hi)]))
    p1.xtics = _tics((m + ("" if language(m) == "python" else " (C)"), x)
                     for m, x in pos.items())
    p1.key = "off"
    if ys:
        p1.yrange = (min(ys) / 2, max(ys) * 2)
    p1.note = "server pinned to one core"
    panels = [p1]
    if f["pairs"]:
        p2 = K.Panel("the language: Python peer / C model of its kind",
                     "Python peer / its C reference",
                     "CPU per request, ratio (x)", logx=False, logy=False)
        labels = []
        for i, (m, ref, ratio) in enumerate(sorted(f["pairs"]), 1):
            # A bar from 0 to the ratio (drawn as the point's error bar).
            p2.series.append(K.Series("", _big(m, c.all_models),
                                      [(i, ratio, 0, ratio)]))
            labels.append((f"{m} / {ref}", i))
        p2.xtics = _tics(labels)
        if f["spread"]:
            hi, lo, spread = f["spread"]
            p2.funcs.append((f"{spread:g}", f"the model: largest C ratio, "
                             f"{hi} / {lo} = {spread:.1f}x",
                             K.prediction_style(2)))
        top = max([r for _, _, r in f["pairs"]]
                  + [f["spread"][2] if f["spread"] else 1])
        p2.yrange = (0, top * 1.35)
        p2.key = "top left"
        panels.append(p2)
    return [K.Chart("language", panels, "What the language costs: server "
                    "CPU per request, Python peers against our C models of "
                    "the same kind", 1500, 640)]


def paragraph(name, d):
    f = facts(K.reduce(d.rows))
    if not f["cpu"]:
        return "No point of this scenario was measured."
    ranked = sorted(f["cpu"].items(), key=lambda kv: kv[1])
    out = ("GET / at {} connections, the server pinned to one core; CPU per "
           "request (user+system): {}.").format(
        f_int(f["connections"]),
        ", ".join(f"{m} {f_us(v)}" for m, v in ranked))
    if f["pairs"]:
        out += " Each Python peer over the C model of its kind: " + ", ".join(
            f"{m} / {r} {f_ratio(x)}" for m, r, x in sorted(
                f["pairs"], key=lambda t: t[2])) + "."
    else:
        out += " No Python model ran (PEERS=1 adds the peers)."
    if f["spread"]:
        hi, lo, spread = f["spread"]
        out += (f" Between our C models the largest ratio is "
                f"{f_ratio(spread)} ({hi} over {lo}): that is what the "
                "concurrency model costs here.")
    return out + left_out_sentence(
        d, "each adds a web framework's cost (Flask, Falcon, Starlette) to "
        "the language's, over several worker processes")


def _cell(d, m):
    f = facts(K.reduce(d.rows))
    if m not in f["cpu"]:
        return "-"
    text = K.fmt(f["cpu"][m])
    for py, ref, x in f["pairs"]:
        if py == m:
            text += f" ({f_ratio(x)} {ref})"
    return text


HEADLINE = [("language: GET / CPU µs/req", _cell)]
