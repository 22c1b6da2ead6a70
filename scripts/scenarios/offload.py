"""offload - the fix for the worst sin: hand the blocking call to a pool.

The talks' answer to a blocking library inside an event loop (a
synchronous database driver, say) is to run the call in a thread pool and
keep the loop free.  Every point holds two loads at once: connections
asking /delay?ms=100, served by a blocking call, and one client asking
GET /, which needs no blocking call at all.  Each model that honours
--offload is measured three ways at the same connection counts:

  timer     /delay is a timer in the loop: nothing blocks (the baseline)
  blocking  --blocking: the sleep runs inside the loop (the worst sin)
  offload   --offload --workers 4: the sleep runs in a pool of 4 threads
            and the answer goes back through the loop

and a fixed thread pool of the same 4 workers beside them.  The prediction:
offloaded /delay caps at workers / delay (4 / 100 ms = 40 req/s), exactly
like the thread pool, while GET / keeps flowing through the free loop; in
the thread pool GET / waits for a free worker behind the sleepers.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_int, f_pct, f_ratio, f_rps, f_us)

NAME = "offload"
ABOUT = ("GET / beside blocking /delay?ms=100: in the loop, offloaded to a "
         "pool, or a timer")
ORDER = 65
# x: the connections asking /delay at the same time.
SWEEP = {"smoke": [8], "quick": [40], "default": [40],
         "full": [10, 40, 160, 640]}
DELAY_MS = 100
WORKERS = 4
# The GET / client beside them.
GET_CONNS = 1
# Long enough for a dozen 100 ms sleeps in every mode.
MIN_DURATION_S = 1.2

# The claim: confirmed if offloading cuts GET /'s p99 to at most
# 1 / OFFLOAD_RESCUE of what it is with the sleep in the loop ...
OFFLOAD_RESCUE = 5.0
# ... and the offloaded /delay throughput sits at the pool's cap
# (workers / delay) within this fraction: "up to the size of the pool".
CAP_TOLERANCE = 0.25

MODES = (("timer", {}), ("blocking", {"blocking": True}),
         ("offload", {"offload": True}))


def points(ctx):
    ctx.note("delay_ms", DELAY_MS)
    ctx.note("workers", WORKERS)
    duration = max(ctx.cfg["duration"], MIN_DURATION_S)

    def make(m, n):
        bg = {"path": f"/delay?ms={DELAY_MS}", "connections": n}
        common = dict(connections=GET_CONNS, background=bg,
                      delay_ms=DELAY_MS, workers=WORKERS,
                      duration=duration, timeout=30.0)
        if M.honours(m, "--offload"):
            return [ctx.point(m, variant=v, **common, **kw)
                    for v, kw in MODES]
        if M.is_pool(m) and M.honours(m, "--workers"):
            return [ctx.point(m, **common)]
        return []
    return ctx.interleave(ctx.sweep(), make)


def charts(c):
    """Three columns, one per way of serving the blocking call; the top
    row is what the blocking calls got, the bottom row what GET / got."""
    dms = c.first(NAME, "delay_ms", DELAY_MS)
    workers = c.first(NAME, "workers", WORKERS, variant="offload") or WORKERS
    cap = workers / (dms / 1000)
    x = "connections waiting on /delay"
    predictions = {
        "timer": (f"x/{dms / 1000:g}", f"connections / {dms:g} ms"),
        "blocking": (f"{1000 / dms:g}", f"one sleep at a time: "
                     f"{1000 / dms:g} req/s"),
        "offload": (f"{cap:g}", f"{workers:g} workers / {dms:g} ms = "
                    f"{cap:g} req/s")}
    titles = {"timer": "a timer in the loop",
              "blocking": "--blocking: the sleep inside the loop",
              "offload": f"--offload: the sleep in {workers:g} pool threads"}
    pools = [m for m in c.models if M.is_pool(m)]
    top, bottom = [], []
    for mode, _ in MODES:
        p1 = K.Panel(titles[mode], x, "/delay throughput (requests/s)",
                     logx=False, logy=True)
        p2 = K.Panel(f"GET / beside them ({mode})", x,
                     "GET / p99 latency (ms)", logx=False, logy=True)
        for p, ycol, scale in ((p1, "bg_rps", 1), (p2, "lat_p99_us", 1e-3)):
            c.add(p, NAME, lambda r: K.fnum(r["bg_connections"]),
                  K.col(ycol, scale), variants=[mode])
            if mode == "offload":
                c.add(p, NAME, lambda r: K.fnum(r["bg_connections"]),
                      K.col(ycol, scale), variants=[""], models=pools,
                      title_fn=lambda m, v, t: f"{t} ({workers:g} workers)")
            p.limited = []
        starved = sorted({K.fnum(r["bg_connections"]) for r in c.summary
                          if r["scenario"] == NAME and r["variant"] == mode
                          and r["status"] == "ok"
                          and not K.fnum(r["lat_p99_us"])} - {None})
        if starved:
            p2.note = ("no point at {}: not one GET / answered in the "
                       "window".format(", ".join(f"{x:g}" for x in starved)))
        expr, label = predictions[mode]
        p1.funcs.append((expr, "predicted: " + label,
                         K.prediction_style(3)))
        top.append(p1)
        bottom.append(p2)
    # One scale per row, so the three ways compare at a glance.
    for row in (top, bottom):
        ys = [v for p in row for s_ in p.series for q in s_.points
              for v in q[1:] if v > 0]
        if ys:
            # Room above the data for the key (ten entries take about
            # half the panel), as the engine leaves when it picks a range.
            lo, hi = min(ys) / 2, max(ys)
            for p in row:
                p.yrange = (lo, hi * (hi / lo) ** 0.85)
    return [K.Chart("offload", top + bottom,
                    f"Serving a blocking {dms:g} ms call: in the loop, in a "
                    f"pool of {workers:g}, or as a timer; and GET / beside "
                    "it", 1500, 900, (2, 3))]


def _at(d, m, variant, x):
    rs = [r for r in d.ok(NAME, m, variant)
          if K.fnum(r["bg_connections"]) == x]
    return rs[0] if rs else None


def paragraph(name, d):
    rows = d.ok(NAME, variant=None)
    if not rows:
        return "No point of this scenario was measured."
    x = max(K.fnum(r["bg_connections"]) or 0 for r in rows)
    dms = K.fnum(rows[0]["delay_ms"]) or DELAY_MS
    parts = []
    for m in d.models:
        for v in ("timer", "blocking", "offload", ""):
            r = _at(d, m, v, x)
            if r is None:
                continue
            name = m + (f" ({v})" if v else f" ({K.fmt(K.fnum(r['workers']))}"
                                          " workers)")
            p99 = K.fnum(r["lat_p99_us"])
            get = (f"GET / p99 {K.fmt(p99 / 1e3)} ms" if p99 else
                   "GET / not answered in the measured time")
            parts.append(f"{name}: /delay {K.fmt(K.fnum(r['bg_rps']))} req/s,"
                         f" {get}")
    w = WORKERS
    return (f"With {x:g} connections waiting {dms:g} ms each on a blocking "
            f"call and one client asking GET / beside them: "
            + "; ".join(parts) + f". Offloading to {w} workers caps /delay at"
            f" {w} / {dms:g} ms = {K.fmt(w / (dms / 1000))} req/s, the same "
            "cap as a thread pool of that size, while GET / never waits for "
            "a worker: the loop stays free." + K.limited_sentence(d, NAME))


def _get_p99(p):
    """GET /'s p99 in µs, and whether it is only a floor: a loop blocked
    long enough answers GET / not once in the window, and then the window
    itself is the least it kept GET / waiting."""
    if p["lat_p99_us"]:
        return p["lat_p99_us"], False
    if not p["requests"] and p["duration_s"]:
        return p["duration_s"] * 1e6, True
    return None, False


def _claim_offload(points, manifest):
    pts = [p for p in K.ok(points) if p["scenario"] == NAME]
    per = {}
    for m, ps in K.by_model(pts).items():
        if not M.honours(m, "--offload"):
            continue
        by_x = {}
        for p in ps:
            by_x.setdefault(p["bg_connections"], {})[p["variant"]] = p
        full = [x for x, v in by_x.items() if x is not None
                and all(k in v for k, _ in MODES)]
        if full:
            x = max(full)
            per[m] = by_x[x]
    if not per:
        return K.verdict("offload", NO_DATA, "No event loop was measured "
                        "with its blocking call in the loop, offloaded and "
                        "on a timer at the same connection count.", {})
    numbers = {}
    rescues, caps, limited = {}, {}, False
    for m, v in sorted(per.items()):
        b, o, t = v["blocking"], v["offload"], v["timer"]
        workers = o["workers"] or WORKERS
        cap = workers / ((o["delay_ms"] or DELAY_MS) / 1000.0)
        blocked, starved = _get_p99(b)
        if o["lat_p99_us"] and blocked:
            rescues[m] = blocked / o["lat_p99_us"]
            numbers[m + " blocking GET / unanswered"] = int(starved)
        if o["bg_rps"] is not None:
            caps[m] = o["bg_rps"] / cap
        limited = limited or o["client_limited"]
        numbers[m + " delay connections"] = o["bg_connections"]
        for name, p in (("timer", t), ("blocking", b), ("offload", o)):
            numbers[f"{m} {name} /delay req/s"] = p["bg_rps"]
            numbers[f"{m} {name} GET / p99 us"] = p["lat_p99_us"]
        numbers[m + " pool cap req/s"] = cap
    if not rescues or not caps:
        return K.verdict("offload", NO_DATA, "The offload points have no GET "
                        "/ latency or no /delay throughput.", numbers)
    # Judge the model that gained least: the claim is about the technique.
    m = min(rescues, key=rescues.get)
    v = per[m]
    rescue, frac = rescues[m], caps.get(m)
    x = v["offload"]["bg_connections"]
    workers = v["offload"]["workers"] or WORKERS
    cap = numbers[m + " pool cap req/s"]
    blocked, starved = _get_p99(v["blocking"])
    in_loop = (f"over {f_us(blocked)} (not one answer in the window)"
               if starved else f_us(blocked))
    summary = ("With {} connections waiting on a blocking {} ms call, "
               "{}'s GET / p99 was {} with the call in the loop and {} with "
               "it offloaded to {} workers ({}{} better); /delay ran at {} "
               "req/s offloaded, {} of the pool's cap of {} ({} blocking, "
               "{} on a timer).").format(
        f_int(x), f_int(v["offload"]["delay_ms"] or DELAY_MS), m,
        in_loop, f_us(v["offload"]["lat_p99_us"]),
        f_int(workers), "at least " if starved else "", f_ratio(rescue),
        f_rps(v["offload"]["bg_rps"]),
        f_pct(frac), f_rps(cap), f_rps(v["blocking"]["bg_rps"]),
        f_rps(v["timer"]["bg_rps"]))
    if len(rescues) > 1:
        summary += " The least any loop gained ({}).".format(", ".join(
            "{} {}".format(k, f_ratio(r)) for k, r in sorted(rescues.items())))
    pools = [p for p in pts if M.is_pool(p["model"])
             and p["bg_connections"] == x and p["lat_p99_us"]]
    if pools:
        pp = min(pools, key=lambda p: p["lat_p99_us"])
        numbers[pp["model"] + " GET / p99 us"] = pp["lat_p99_us"]
        numbers[pp["model"] + " /delay req/s"] = pp["bg_rps"]
        summary += (" The {} with {} workers capped /delay at {} req/s too, "
                    "but its GET / p99 was {}: there GET / waits for a "
                    "worker.").format(pp["model"], f_int(pp["workers"]),
                                      f_rps(pp["bg_rps"]),
                                      f_us(pp["lat_p99_us"]))
    numbers["least GET / p99 gain"] = rescue
    numbers["offloaded /delay / pool cap"] = frac
    if x is not None and x <= workers:
        verdict = NOT_VISIBLE
        summary += " No more connections than workers: the cap cannot show."
    elif rescue >= OFFLOAD_RESCUE and frac is not None and \
            abs(frac - 1) <= CAP_TOLERANCE:
        verdict = CONFIRMED
    elif limited and rescue < OFFLOAD_RESCUE:
        verdict = NOT_VISIBLE
        summary += " The load generator, not the server, was the limit."
    else:
        verdict = REFUTED
        if rescue < 1 + NOISE:
            summary += " Offloading did not free the loop for GET /."
        elif frac is not None and abs(frac - 1) > CAP_TOLERANCE:
            summary += (" The offloaded calls did not run at the pool's "
                        "size: the pool was not what limited them.")
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop with a pool for the blocking calls when you "
            "must call a blocking library: GET / p99 {} offloaded against {} "
            "blocking in {}, but size the pool: the calls cap at workers / "
            "call time ({} req/s)").format(
            f_us(v["offload"]["lat_p99_us"]), in_loop, m, f_rps(cap))}
    return K.verdict("offload", verdict, summary, numbers, decision)


CLAIMS = [Claim("offload", "Offloading a blocking call rescues the loop, up "
                "to the size of the pool", NAME, "offload", 55,
                _claim_offload)]
