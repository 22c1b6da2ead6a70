"""blocking - the worst sin: a blocking call inside the event loop.

The delay scenario again, on every model that honours --blocking (its
--about says so: the event loops), with /delay served by a blocking sleep
inside the loop instead of a timer.  One sleeping request stops every
connection: the loop sleeps one 10 ms at a time and caps at 100 req/s,
however many connections wait.
"""
import kit as K
import models as M
from scenarios import delay
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_conns,
                 f_ratio, f_rps, f_us, grade)

NAME = "blocking"
ABOUT = "event loops with --blocking on the delay scenario"
ORDER = 60
SWEEP = {"smoke": [10], "quick": [10], "default": [100],
         "full": [10, 100]}
SWEEP_ENV = "CONNS"

# The claim: confirmed if blocking inside the loop costs even the least hurt
# event loop at least this factor of its non-blocking delay throughput.  In
# theory the loss equals the connection count; this asks for a clear share.
BLOCKING_CONFIRM = 5.0


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        delay.point(ctx, m, c, blocking=True, variant="blocking",
                    timeout=30.0)] if M.honours(m, "--blocking") else [])


def charts(c):
    bm = [m for m in c.models
          if any(r["model"] == m and r["scenario"] == NAME
                 for r in c.summary)]
    conns_b = {r["connections"] for r in c.summary if r["scenario"] == NAME}
    panels = []
    for ycol, scale, ylabel, ptitle in (
            ("rps", 1, "throughput (requests/s)", "throughput"),
            ("lat_p99_us", 1e-3, "p99 latency (ms)", "p99 latency")):
        p = K.Panel(ptitle, K.CONN_X, ylabel, logy=True)
        c.add(p, delay.NAME, K.x_conns, K.col(ycol, scale), variants=[""],
              extra=lambda r: r["connections"] in conns_b, models=bm)
        c.add(p, NAME, K.x_conns, K.col(ycol, scale), variants=["blocking"],
              models=bm)
        panels.append(p)
    dms = c.first(NAME, "delay_ms", delay.DELAY_MS)
    panels[0].funcs.append(
        (f"{1000 / dms:g}", f"one sleep at a time: 1 s / {dms:g} ms = "
         f"{1000 / dms:g} req/s", K.prediction_style(3)))
    return [K.Chart("blocking", panels,
                    f"Event loops that block: sleeping {dms:g} ms inside "
                    "the loop (dashed) vs a timer (solid)", 1300, 560)]


def paragraph(name, d):
    parts = []
    for m in d.models:
        for x in d.xs(NAME, variant="blocking"):
            b = d.value(NAME, m, "rps", "blocking", connections=x)
            n = d.value(delay.NAME, m, "rps", "", connections=x)
            bp = d.value(NAME, m, "lat_p99_us", "blocking", connections=x)
            if b is not None:
                parts.append(f"{m} c={x}: {K.fmt(b)} req/s blocking vs "
                             f"{K.fmt(n)} with a timer, p99 "
                             f"{K.fmt((bp or 0) / 1e3)} ms")
    if not parts:
        return "No point of this scenario was measured."
    dms = K.fnum((d.ok(NAME, variant="blocking") or [{}])[0]
                 .get("delay_ms")) or delay.DELAY_MS
    return ("One blocking call inside an event loop stops every connection: "
            f"the loop can sleep only one {dms:g} ms at a time, so it caps at "
            f"{K.fmt(1000 / dms)} req/s however many connections wait. "
            + "; ".join(parts) + ".")


def _claim_blocking(points, manifest):
    # Blocking points of this scenario, or the delay scenario's own run
    # with --blocking (variant "blocking"); not the offload scenario's.
    blocked = [p for p in K.ok(points) if M.is_loop(p["model"]) and (
        p["scenario"] == NAME or (p["scenario"] == delay.NAME
                                  and p["variant"] == "blocking"))]
    base = K.ok(K.of(points, delay.NAME))
    # Per loop model, the pair (blocking point, non-blocking delay point) at
    # the same connection count, the highest such; without one, the nearest
    # connection counts, and the summary says so.
    pairs = {}
    for m, bps in K.by_model(blocked).items():
        candidates = [
            (b, n) for b in bps for n in base
            if n["model"] == m and b["rps"] is not None and n["rps"]
            and (b["delay_ms"] is None or n["delay_ms"] is None
                 or b["delay_ms"] == n["delay_ms"])]
        if candidates:
            pairs[m] = min(candidates, key=lambda bn: (
                K.log_distance(bn[0]["connections"], bn[1]["connections"]),
                -K.z(bn[0]["connections"])))
    if not pairs:
        return K.verdict("blocking", NO_DATA,
                        "No event loop was measured both with --blocking "
                        "and without it in the delay scenario.", {})

    def loss(m):
        b, n = pairs[m]
        return n["rps"] / max(b["rps"], 1e-9)

    least = min(pairs, key=loss)
    b, n = pairs[least]
    ratio = loss(least)
    numbers = {}
    for m in sorted(pairs):
        pb, pn = pairs[m]
        numbers[m + " connections"] = pb["connections"]
        numbers[m + " blocking req/s"] = pb["rps"]
        numbers[m + " blocking p99 us"] = pb["lat_p99_us"]
        numbers[m + " req/s"] = pn["rps"]
        numbers[m + " p99 us"] = pn["lat_p99_us"]
        numbers[m + " throughput lost"] = loss(m)
    def p99(p):
        if p["lat_p99_us"] is None:
            return ""
        return " (p99 {})".format(f_us(p["lat_p99_us"]))

    if b["connections"] == n["connections"]:
        summary = ("With --blocking, {} served {} req/s{} at {} against {} "
                   "req/s{} without: {} fewer requests").format(
            least, f_rps(b["rps"]), p99(b), f_conns(b["connections"]),
            f_rps(n["rps"]), p99(n), f_ratio(ratio))
    else:
        summary = ("With --blocking, {} served {} req/s{} at {} against {} "
                   "req/s{} without it at {} (the run has no closer pair): {}"
                   " fewer requests").format(
            least, f_rps(b["rps"]), p99(b), f_conns(b["connections"]),
            f_rps(n["rps"]), p99(n), f_conns(n["connections"]),
            f_ratio(ratio))
    if len(pairs) > 1:
        summary += ", the least any loop lost ({})".format(", ".join(
            "{} {}".format(m, f_ratio(loss(m))) for m in sorted(pairs)))
    summary += "."
    pools = [p for p in base if M.is_thread(p["model"])
             and p["connections"] == b["connections"] and p["rps"]]
    if pools:
        tp = max(pools, key=lambda p: p["rps"])
        numbers[tp["model"] + " req/s at same connections"] = tp["rps"]
        summary += " {} served {} req/s at the same connections.".format(
            tp["model"], f_rps(tp["rps"]))
    if K.z(b["connections"]) <= 1:
        verdict = NOT_VISIBLE
        summary += " With one connection there is nobody to block."
    else:
        verdict = grade(ratio, BLOCKING_CONFIRM, n["client_limited"])
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "threads", "text": (
            "Use threads when request handling may block (a blocking library "
            "or system call): one blocking wait cut {} from {} to {} req/s "
            "at {}").format(
            least, f_rps(n["rps"]), f_rps(b["rps"]),
            f_conns(b["connections"]))}
    elif verdict == REFUTED:
        decision = {"side": "loop", "text": (
            "Use an event loop even if a request occasionally blocks: "
            "--blocking cost {} only {} ({} to {} req/s)").format(
            least, f_ratio(ratio), f_rps(n["rps"]), f_rps(b["rps"]))}
    return K.verdict("blocking", verdict, summary, numbers, decision)


CLAIMS = [Claim("blocking", "Blocking the event loop is the worst sin", NAME,
                "blocking", 50, _claim_blocking)]
