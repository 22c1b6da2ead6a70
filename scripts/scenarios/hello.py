"""hello - GET / over a sweep of concurrent connections (closed loop).

The baseline of every lesson: how many tiny requests a second each model
serves, at what latency and server CPU per request, from one connection to
ten thousand.  Its claim is the talks' first: one thread can serve very
many connections.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_conns, f_int, f_pct, f_rps, f_us)

NAME = "hello"
ABOUT = "HTTP GET /, closed loop, connections swept on a log scale"
ORDER = 10
SWEEP = {"smoke": [1, 50], "quick": [1, 1000],
         "default": [1, 100, 1000, 10000],
         "full": [1, 3, 10, 30, 100, 300, 1000, 3000, 10000, "max"]}
SWEEP_ENV = "CONNS"

# The claim: "very many connections" means at least this many.
HELLO_MANY_CONNS = 1000
# confirmed if one single-threaded loop, at its highest connection count
# (>= HELLO_MANY_CONNS), still serves at least this fraction of its own peak
# throughput, or at least as much as the best thread model at the same
# count (within NOISE: the claim is about one thread against many) ...
HELLO_KEEP_FRACTION = 0.5
# ... with at most this fraction of its requests failing.
ERROR_FRACTION_MAX = 0.01


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c)])


def charts(c):
    return [
        K.Chart("hello_throughput", [c.panel(
            NAME, "rps", 1, "throughput (requests/s)")],
            "HTTP GET /: throughput vs concurrent connections (closed loop)"),
        K.Chart("hello_p99", [c.panel(
            NAME, "lat_p99_us", 1e-3, "p99 latency (ms)")],
            "HTTP GET /: 99th-percentile latency vs concurrent connections"),
        K.Chart("hello_cpu_per_req", [c.panel(
            NAME, "server_cpu_us_per_req", 1,
            "server CPU per request (µs, user+system)")],
            "HTTP GET /: server CPU time per request vs connections"),
    ]


def paragraph(name, d):
    if name == "hello_throughput":
        return K.text_throughput(d, NAME)
    if name == "hello_p99":
        return K.text_p99(d, NAME)
    return K.text_cpu_per_req(d, NAME)


def _at100(col, scale=1.0):
    def cell(d, m):
        v = d.value(NAME, m, col, connections=100)
        return K.fmt_col(col, v * scale) if v else "-"
    return cell


HEADLINE = [("hello peak (req/s @ conns)", K.peak(NAME)),
            ("hello p99 @100 (ms)", _at100("lat_p99_us", 1e-3)),
            ("CPU/req @100 (µs)", _at100("server_cpu_us_per_req"))]


def _claim_scale(points, manifest):
    pts = K.of(points, "hello")
    ok = K.by_model(K.ok(pts))
    loops = {m: ps for m, ps in ok.items() if M.is_single_loop(m)}
    if not loops:
        return K.verdict("scale", NO_DATA,
                        "The hello scenario has no ok point of a "
                        "single-threaded event loop.", {})
    stats = {}
    for m, ps in loops.items():
        top, peak = K.top(ps), K.best(ps)
        if top is None or peak is None or top["rps"] is None:
            continue
        stats[m] = {"top": top, "peak": peak,
                    "keep": top["rps"] / peak["rps"] if peak["rps"] else 0.0,
                    "err": K.error_fraction(top)}
    if not stats:
        return K.verdict("scale", NO_DATA,
                        "The hello scenario's event-loop points have no "
                        "throughput.", {})
    m = max(stats, key=lambda k: (stats[k]["top"]["connections"],
                                  stats[k]["top"]["rps"]))
    s = stats[m]
    top, peak = s["top"], s["peak"]
    numbers = {}
    for name, st in sorted(stats.items()):
        numbers[name + " connections"] = st["top"]["connections"]
        numbers[name + " req/s there"] = st["top"]["rps"]
        numbers[name + " p99 us there"] = st["top"]["lat_p99_us"]
        numbers[name + " peak req/s"] = st["peak"]["rps"]
        numbers[name + " kept of peak"] = st["keep"]
    summary = ("{}, one thread, served {} req/s at {}, {} of its "
               "peak of {} at {}, p99 {}").format(
        m, f_rps(top["rps"]), f_conns(top["connections"]), f_pct(s["keep"]),
        f_rps(peak["rps"]), f_int(peak["connections"]),
        f_us(top["lat_p99_us"]))
    if s["err"] > 0:
        summary += ", {} of requests failing".format(f_pct(s["err"]))
    summary += "."
    threads = {t: K.top(ps) for t, ps in ok.items() if M.is_thread(t)}
    threads = {t: p for t, p in threads.items()
               if p is not None and p["rps"] is not None}
    if threads:
        t = max(threads, key=lambda k: (threads[k]["connections"],
                                        threads[k]["rps"]))
        tp = threads[t]
        summary += " {} served {} req/s at {}, p99 {}.".format(
            t, f_rps(tp["rps"]), f_conns(tp["connections"]),
            f_us(tp["lat_p99_us"]))
        numbers[t + " connections"] = tp["connections"]
        numbers[t + " req/s there"] = tp["rps"]
        numbers[t + " p99 us there"] = tp["lat_p99_us"]
    refused = K.refusals(pts, "connections", "connections",
                        ("refused", "failed"))
    if refused:
        summary += " Not served: " + refused + "."

    same = [(t, p) for t, ps in ok.items() if M.is_thread(t)
            for p in ps if p["connections"] == top["connections"]
            and p["rps"] is not None]
    beats_threads = False
    if same and top["rps"] is not None:
        t_same, p_same = max(same, key=lambda tp_: tp_[1]["rps"])
        ratio = top["rps"] / p_same["rps"] if p_same["rps"] else 0.0
        beats_threads = ratio >= 1 - NOISE
        numbers["best thread model at the same count, req/s"] = \
            p_same["rps"]
        summary += (" At {} connections {} served {}x the req/s of the "
                    "best thread model there ({}, {} req/s).").format(
            f_int(top["connections"]), m, "{:.2f}".format(ratio), t_same,
            f_rps(p_same["rps"]))

    if top["connections"] < HELLO_MANY_CONNS:
        verdict = NOT_VISIBLE
        summary += (" No single-threaded loop was measured at {} connections "
                    "or more.").format(f_int(HELLO_MANY_CONNS))
    elif ((s["keep"] >= HELLO_KEEP_FRACTION or beats_threads)
          and s["err"] <= ERROR_FRACTION_MAX):
        verdict = CONFIRMED
    elif top["client_limited"]:
        verdict = NOT_VISIBLE
        summary += (" The load generator, not the server, limited that "
                    "point.")
    else:
        verdict = REFUTED
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop when one thread must serve thousands of "
            "connections: {} served {} req/s at {} connections").format(
            m, f_rps(top["rps"]), f_int(top["connections"]))}
    elif verdict == REFUTED and threads:
        tp = threads[t]
        if tp["connections"] >= top["connections"] and tp["rps"] > top["rps"]:
            decision = {"side": "threads", "text": (
                "Use threads when connections run to {}: {} served {} req/s "
                "there, the best single loop {}").format(
                f_int(top["connections"]), t, f_rps(tp["rps"]),
                f_rps(top["rps"]))}
    return K.verdict("scale", verdict, summary, numbers, decision)



CLAIMS = [Claim("scale", "One thread can serve very many connections",
                NAME, "hello_throughput", 20, _claim_scale)]
