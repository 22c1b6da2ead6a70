"""delay - GET /delay?ms=10: requests that wait, not compute.

A slow backend (a database, another service) seen from the server: every
request waits 10 ms before its answer.  A thread that sleeps holds its
place, so a fixed pool caps at workers / delay; an event loop arms a timer
and serves everyone.  The chart draws both predictions beside the
measurement.
"""
import kit as K
import models as M
import style
from kit import (NO_DATA, NOISE, NOT_VISIBLE, REFUTED, CONFIRMED, Claim,
                 f_conns, f_int, f_num, f_pct, f_ratio, f_rps, grade, num)

NAME = "delay"
ABOUT = "GET /delay?ms=10: waiting, not computing"
ORDER = 40
SWEEP = {"smoke": [20], "quick": [100], "default": [100, 1000],
         "full": [10, 100, 1000, 10000]}
SWEEP_ENV = "CONNS"
DELAY_MS = 10

# The claim: confirmed if the best event loop at its highest connection
# count serves at least this many times the thread pool's measured plateau.
# The pool's cap is N workers / delay; a loop that cannot beat it by half
# again has not shown that waiting is where async wins.
DELAY_WIN_RATIO = 1.5


def point(ctx, m, c, **kw):
    """A /delay point; the blocking and offload scenarios use it too."""
    return ctx.point(m, connections=c, delay_ms=DELAY_MS,
                     path=f"/delay?ms={DELAY_MS}", **kw)


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [point(ctx, m, c)]
                          if M.serves(m, "/delay") else [])


def pool_models(models):
    return [m for m in models if M.is_pool(m)]


def charts(c):
    dms = c.first(NAME, "delay_ms", DELAY_MS)
    p1 = c.panel(NAME, "rps", 1, "throughput (requests/s)", logy=True,
                 title="throughput")
    p1.funcs.append((f"x/{dms / 1000:g}",
                     f"every connection busy: connections / {dms:g} ms",
                     K.prediction_style(3)))
    for pool in pool_models(c.models):
        workers = c.first(NAME, "workers", model=pool)
        if workers:
            cap = workers / (dms / 1000)
            colour = style.model_style(pool, c.all_models)[0]
            p1.funcs.append((f"{cap:g}", f"{pool} prediction: "
                             f"{workers:g} workers / {dms:g} ms = "
                             f"{cap:g} req/s", K.prediction_style(4, colour)))
    p2 = c.panel(NAME, "lat_p99_us", 1e-3, "p99 latency (ms)", logy=True,
                 title="p99 latency")
    return [K.Chart("delay", [p1, p2],
                    f"GET /delay?ms={dms:g}: waiting requests, prediction "
                    "beside measurement", 1300, 560)]


def paragraph(name, d):
    xs = d.xs(NAME)
    if not xs:
        return "No point of this scenario was measured."
    dms = K.fnum(d.ok(NAME)[0]["delay_ms"]) or DELAY_MS
    hi = xs[-1]
    vals, s = K.ranking(d, NAME, "rps", hi, unit="req/s")
    out = (f"At {hi} connections, each request waiting {dms:g} ms, the "
           f"ideal is {K.fmt(hi / (dms / 1000))} req/s (every connection "
           f"always waiting); measured: {s}.")
    for pool in pool_models(d.models):
        tp = d.value(NAME, pool, "rps", connections=hi)
        w = K.fnum((d.ok(NAME, pool) or [{}])[0].get("workers"))
        if tp and w:
            cap = w / (dms / 1000)
            out += (f" The {pool} of {w:g} workers can hold only {w:g} "
                    f"sleeping requests at once, so it is predicted to cap "
                    f"at {K.fmt(cap)} req/s; it measured {K.fmt(tp)} req/s "
                    f"({tp / cap * 100:.0f} % of the prediction).")
    return out + K.limited_sentence(d, NAME)


HEADLINE = [("delay @max conns (req/s)", K.at_most_connections(NAME))]


def _claim_delay(points, manifest):
    pts = K.of(points, "delay")
    ok = K.by_model(K.ok(pts))
    pools = {m: ps for m, ps in ok.items() if M.is_pool(m)}
    if not pools:
        # No fixed pool in this run: the thread models stand in for it,
        # without an N/delay prediction.
        pools = {m: ps for m, ps in ok.items() if M.is_thread(m)}
    loops = {m: K.top(ps) for m, ps in ok.items() if M.is_loop(m)}
    loops = {m: p for m, p in loops.items()
             if p is not None and p["rps"] is not None}
    plateaus = {m: K.best(ps) for m, ps in pools.items()}
    plateaus = {m: p for m, p in plateaus.items() if p is not None}
    if not loops or not plateaus:
        return K.verdict("delay", NO_DATA,
                        "The delay scenario has no ok points of both a "
                        "thread model and an event loop.", {})
    pool = max(plateaus, key=lambda k: plateaus[k]["rps"])
    plateau = plateaus[pool]
    loop = max(loops, key=lambda k: loops[k]["rps"])
    lp = loops[loop]
    workers = None
    if M.is_pool(pool):
        workers = K.median_of(pools[pool], "workers")
        if workers is None:
            workers = num(manifest.get("workers")) if manifest else None
    delay_ms = K.median_of(K.ok(pts), "delay_ms")
    prediction = (workers / (delay_ms / 1000.0)
                  if workers and delay_ms else None)
    ideal = (lp["connections"] / (delay_ms / 1000.0)
             if delay_ms and lp["connections"] else None)
    ratio = lp["rps"] / plateau["rps"] if plateau["rps"] else None

    numbers = {"delay ms": delay_ms, pool + " workers": workers,
               pool + " predicted cap req/s": prediction,
               pool + " measured plateau req/s": plateau["rps"],
               pool + " plateau at connections": plateau["connections"]}
    for m, p in sorted(loops.items()):
        numbers[m + " connections"] = p["connections"]
        numbers[m + " req/s there"] = p["rps"]
        numbers[m + " p99 us there"] = p["lat_p99_us"]
    numbers["ideal req/s at " + f_int(lp["connections"]) + " connections"] = \
        ideal
    numbers["ratio " + loop + "/" + pool] = ratio

    summary = "With every request waiting {} ms, {} served {} req/s at " \
        "{}".format(f_num(delay_ms), loop, f_rps(lp["rps"]),
                    f_conns(lp["connections"]))
    if ideal:
        summary += " ({} of the ideal {})".format(f_pct(lp["rps"] / ideal),
                                                   f_rps(ideal))
    summary += "; {}".format(pool)
    if workers:
        summary += " with {} workers".format(f_int(workers))
    summary += " {} at {} req/s".format(
        "capped" if M.is_pool(pool) else "peaked", f_rps(plateau["rps"]))
    if prediction:
        summary += " against a predicted {} ({} of it)".format(
            f_rps(prediction), f_pct(plateau["rps"] / prediction))
    summary += ": the loop served {} as much.".format(f_ratio(ratio))

    # Honesty: a thread per waiting request scales with connections too.
    others = {m: K.top(ps) for m, ps in ok.items()
              if M.is_thread(m) and not M.is_pool(m) and m != pool}
    others = {m: p for m, p in others.items()
              if p is not None and p["rps"] is not None}
    if others:
        t = max(others, key=lambda k: others[k]["rps"])
        tp = others[t]
        numbers[t + " connections"] = tp["connections"]
        numbers[t + " req/s there"] = tp["rps"]
        summary += " {}, a thread per waiting request, reached {} req/s at " \
            "{}".format(t, f_rps(tp["rps"]), f_conns(tp["connections"]))
        if tp["rps"] >= lp["rps"] * (1 - NOISE):
            summary += ": the win is over a fixed pool, not over threads."
        else:
            summary += "."

    limited = lp["client_limited"]
    if ratio is not None and ratio < DELAY_WIN_RATIO and workers and \
            lp["connections"] <= workers:
        verdict = NOT_VISIBLE
        summary += (" The sweep never had more connections than the pool "
                    "has workers.")
    else:
        verdict = grade(ratio, DELAY_WIN_RATIO, limited)
        if verdict == NOT_VISIBLE and limited:
            summary += (" The load generator, not the server, limited the "
                        "loop's point.")
    decision = None
    if verdict == CONFIRMED:
        text = ("Use an event loop when requests wait on a slow backend and "
                "connections outnumber the workers you would run: {} served "
                "{} req/s at {}, {} {} at {}").format(
            loop, f_rps(lp["rps"]), f_conns(lp["connections"]), pool,
            "capped" if M.is_pool(pool) else "peaked",
            f_rps(plateau["rps"]))
        decision = {"side": "loop", "text": text}
    elif verdict == REFUTED:
        decision = {"side": "threads", "text": (
            "Use threads even when requests wait on a slow backend: {} "
            "served {} req/s against {}'s {}").format(
            pool, f_rps(plateau["rps"]), loop, f_rps(lp["rps"]))}
    return K.verdict("delay", verdict, summary, numbers, decision)


CLAIMS = [Claim("delay", "A slow backend is where async wins", NAME, "delay",
                30, _claim_delay)]
