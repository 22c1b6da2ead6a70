"""latency - open loop at fractions of each model's capacity.

Coordinated omission: a closed-loop generator (wrk, ab) sends the next
request only when the last one came back, so when the server stalls it
stops sending and never times the requests it should have sent.  Here
the load generator sends on a fixed schedule (--rate) at fractions of the
capacity each model showed in the hello sweep, and times each request
from when it was due.  Near capacity the open-loop tail explodes while the
closed-loop figure stays calm.
"""
import math
import statistics

import kit as K
import style
from scenarios import hello
from kit import (CONFIRMED, NOT_VISIBLE, NO_DATA, Claim, f_conns, f_int,
                 f_pct, f_ratio, f_rps, f_us, grade)

NAME = "latency"
ABOUT = "open loop at fractions of each model's capacity"
ORDER = 80
SWEEP = {"smoke": [0.5, 1.1], "quick": [0.5, 1.1],
         "default": [0.5, 0.9, 1.1],
         "full": [0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25]}
SWEEP_ENV = "FRACTIONS"
# The connections the open-loop schedule is spread over.
CONNS = {"smoke": 20, "quick": 50, "default": 100, "full": 100}

# The claim: points offered at least this fraction of the model's capacity
# are "near capacity", where coordinated omission shows.
LATENCY_NEAR_CAPACITY = 0.9
# confirmed if, there, the open-loop p99 (timed from the intended send time)
# is at least this many times what a closed-loop generator reports (the raw
# p99, timed from the actual send, of the same run at the same throughput).
LATENCY_CONFIRM = 3.0


def points(ctx):
    conns = CONNS[ctx.mode]
    ctx.note("connections", conns)
    pts = []
    if hello.NAME not in ctx.scenarios:
        # No hello sweep to read each model's capacity from: measure it
        # first with one short closed-loop run per model.
        for m in ctx.models:
            pts.append(ctx.point(m, connections=conns,
                                 variant="closed-loop"))
    return pts + ctx.interleave(ctx.sweep(), lambda m, f: [
        ctx.point(m, connections=conns, offered_fraction=f)])


def capacity(run, model):
    """A model's capacity: its best median closed-loop throughput over this
    run's hello sweep (or the closed-loop probe).  The best, not the one at
    the open-loop connection count: offered load past 1x must be past what
    the server has shown it can do."""
    by_c = {}
    for r in run.rows:
        if (r["model"] == model and r["status"] == "ok" and r["rps"]
                and ((r["scenario"] == hello.NAME and r["variant"] == "")
                     or (r["scenario"] == NAME
                         and r["variant"] == "closed-loop"))):
            by_c.setdefault(int(r["connections"]), []).append(
                float(r["rps"]))
    if not by_c:
        return None
    return max(statistics.median(v) for v in by_c.values())


def prepare(run, pt):
    """The open-loop rate: a fraction of the capacity measured so far."""
    if pt["offered_fraction"] is None or pt.get("rate"):
        return None
    if pt["model"] not in run.capacity:
        cap = capacity(run, pt["model"])
        if cap:
            run.capacity[pt["model"]] = cap
    cap = run.capacity.get(pt["model"])
    if not cap:
        return ("no capacity measured for this model (its hello or "
                "closed-loop points failed)")
    pt["rate"] = max(1, int(cap * pt["offered_fraction"]))
    return None


def charts(c):
    # One small panel per model, on one shared scale: open loop (solid)
    # and the closed-loop sweep (dash-dot) at the same throughput.
    caps = c.manifest.get("capacity_rps") or {}
    src = hello.NAME if hello.NAME in c.scenarios else NAME
    var = "" if src == hello.NAME else "closed-loop"
    panels = []
    for m in c.models:
        p = K.Panel(m, "offered load / capacity", "p99 latency (ms)",
                    logx=False, logy=True)
        c.add(p, NAME, lambda r: K.fnum(r["offered_fraction"]),
              K.col("lat_p99_us", 1e-3), variants=[""],
              title_fn=lambda mm, v, t: "open loop", models=[m])
        cap = K.fnum(caps.get(m))
        if cap:
            ok, _, _ = K.series_points(
                c.summary, src, m, var,
                lambda r: (K.fnum(r["rps"]) or 0) / cap,
                K.col("lat_p99_us", 1e-3))
            order = {}
            for r in c.summary:
                if r["scenario"] == src and r["model"] == m:
                    order[round((K.fnum(r["rps"]) or 0) / cap, 9)] = \
                        K.fnum(r["connections"]) or 0
            ok.sort(key=lambda q: order.get(round(q[0], 9), 0))
            if ok:
                p.series.append(K.Series(
                    "closed loop (x = throughput / capacity)",
                    style.series_style(m, "closed-loop", c.all_models),
                    ok, keep_order=True))
            p.title = f"{m} (capacity {cap / 1000:.0f}k req/s)"
        p.key = "top left"
        if p.has_data():
            panels.append(p)
    ys = [v for p in panels for s_ in p.series for q in s_.points
          for v in q[1:] if v > 0]
    if ys:
        for p in panels:
            p.yrange = (min(ys) / 1.5, max(ys) * 4)
    cols = min(3, max(1, len(panels)))
    rows = max(1, math.ceil(len(panels) / cols))
    return [K.Chart("latency", panels or [K.Panel("", "", "")],
                    "p99 latency vs offered load: open loop (solid) and "
                    "closed loop at the same throughput (dash-dot)",
                    420 * cols + 60, 330 * rows + 60, (rows, cols))]


def paragraph(name, d):
    fr = sorted({K.fnum(r["offered_fraction"]) for r in d.ok(NAME)
                 if K.fnum(r["offered_fraction"]) is not None})
    if not fr:
        return "No point of this scenario was measured."
    caps = d.manifest.get("capacity_rps") or {}
    parts, grew, flat = [], [], []
    near = max([f for f in fr if f <= 1.0] or fr)
    for m in d.models:
        a = d.value(NAME, m, "lat_p99_us",
                    offered_fraction=_fr_str(d, m, fr[0]))
        b = d.value(NAME, m, "lat_p99_us",
                    offered_fraction=_fr_str(d, m, fr[-1]))
        if a is None or b is None:
            continue
        s = (f"{m} (capacity {K.fmt(K.fnum(caps.get(m)))} req/s) "
             f"{K.fmt(a / 1e3)} ms at {fr[0]:g}x → {K.fmt(b / 1e3)} ms at "
             f"{fr[-1]:g}x")
        # The closed-loop point whose throughput is nearest the open-loop
        # point just below capacity.
        o_rps = d.value(NAME, m, "rps",
                        offered_fraction=_fr_str(d, m, near))
        o_p99 = d.value(NAME, m, "lat_p99_us",
                        offered_fraction=_fr_str(d, m, near))
        closed = [r for r in d.ok(hello.NAME, m) if K.fnum(r["rps"])]
        if o_rps and o_p99 and closed:
            c = min(closed, key=lambda r: abs(K.fnum(r["rps"]) - o_rps))
            s += (f" (at {near:g}x, {K.fmt(o_rps)} req/s: open loop "
                  f"{K.fmt(o_p99 / 1e3)} ms, closed loop "
                  f"{K.fmt(K.fnum(c['lat_p99_us']) / 1e3)} ms at "
                  f"{K.fmt(K.fnum(c['rps']))} req/s with c={c['connections']})")
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
    for r in d.ok(NAME, model):
        if K.fnum(r["offered_fraction"]) == f:
            return r["offered_fraction"]
    return str(f)


def _claim_latency(points, manifest):
    pts = [p for p in K.ok(K.of(points, "latency"))
           if p["rate"] and p["rate"] > 0
           and p["offered_fraction"] is not None]
    if not pts:
        return K.verdict("latency", NO_DATA,
                        "The latency scenario has no ok open-loop points.", {})
    # Closed-loop runs to compare with: the latency scenario's own
    # (variant closed-loop, when there was no hello sweep) first, then hello.
    closed = K.by_model(K.ok(K.of(points, "latency", "closed-loop")) +
                       K.ok(K.of(points, "hello")))
    per_model = {}
    highest = {}
    for m, ps in K.by_model(pts).items():
        highest[m] = max(p["offered_fraction"] for p in ps)
        near = [p for p in ps if p["offered_fraction"] >= LATENCY_NEAR_CAPACITY
                and p["lat_p99_us"] is not None]
        if not near:
            continue
        p = max(near, key=lambda q: (q["offered_fraction"], q["rate"]))
        runs = [q for q in closed.get(m, []) if q["lat_p99_us"] is not None]
        c = None
        if runs:
            c = min(runs, key=lambda q: (K.log_distance(q["connections"],
                                                       p["connections"]),
                                         q["scenario"] != "latency",
                                         -K.z(q["connections"])))
        comparator = p["raw_p99_us"]
        if comparator is None and c is not None:
            comparator = c["lat_p99_us"]
        if not comparator:
            continue
        per_model[m] = {"p": p, "closed": c, "cmp": comparator,
                        "hidden": p["lat_p99_us"] / comparator}
    if not per_model:
        summary = ("No model was measured open-loop at {} of its capacity or "
                   "more with a closed-loop figure to compare (highest "
                   "offered: {}).").format(
            f_pct(LATENCY_NEAR_CAPACITY), ", ".join(
                "{} {}".format(m, f_pct(f)) for m, f in sorted(
                    highest.items())))
        return K.verdict("latency", NOT_VISIBLE, summary, {})
    hidden = statistics.median(s["hidden"] for s in per_model.values())
    numbers = {}
    for m, s in sorted(per_model.items()):
        p = s["p"]
        numbers[m + " offered fraction"] = p["offered_fraction"]
        numbers[m + " req/s"] = p["rps"]
        numbers[m + " open-loop p99 us"] = p["lat_p99_us"]
        numbers[m + " raw p99 us"] = p["raw_p99_us"]
        if s["closed"] is not None:
            numbers[m + " closed-loop p99 us"] = s["closed"]["lat_p99_us"]
        numbers[m + " hidden"] = s["hidden"]
    numbers["median hidden"] = hidden
    # Name the model closest to the median for the sentence.
    m = min(per_model, key=lambda k: abs(per_model[k]["hidden"] - hidden))
    s = per_model[m]
    p = s["p"]
    summary = ("At {} of its capacity ({} req/s offered), {}'s p99 timed "
               "from the intended send was {}, against {} timed from the "
               "actual send").format(
        f_pct(p["offered_fraction"]), f_rps(p["rate"]), m,
        f_us(p["lat_p99_us"]), f_us(p["raw_p99_us"]) if p["raw_p99_us"]
        is not None else "n/a")
    if s["closed"] is not None:
        summary += " and {} in the closed-loop run at {}".format(
            f_us(s["closed"]["lat_p99_us"]),
            f_conns(s["closed"]["connections"]))
    summary += ": {} hidden".format(f_ratio(s["hidden"]))
    if len(per_model) > 1:
        summary += " (median over {} models {})".format(
            f_int(len(per_model)), f_ratio(hidden))
    summary += "."
    verdict = grade(hidden, LATENCY_CONFIRM)
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "either", "text": (
            "Whichever you pick, measure it open-loop: near capacity a "
            "closed-loop generator reported {} of {}'s real p99 of {}"
            ).format(f_us(s["cmp"]), m, f_us(p["lat_p99_us"]))}
    return K.verdict("latency", verdict, summary, numbers, decision)


CLAIMS = [Claim("latency", "Closed-loop load generators hide latency", NAME,
                "latency", 80, _claim_latency)]
