"""push - server push: a chat over WebSocket, broadcast to every client.

The talks' first indication for async: clients connected for a long time,
server-side events pushed to all of them.  N subscribers hold a WebSocket
open (GET /ws, the websocket-shootout protocol); 10 of them broadcast, 10
messages a second in all, on an open-loop schedule; every message goes to
every subscriber.  The load generator times each delivery from the
message's send time.  Where the models differ is the fan-out: an event
loop appends the message to each subscriber's output and arms its write;
threads share a registry under a lock and wake each subscriber's thread.
Only models whose --about lists "ws" among their protocols take part.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOISE, NOT_VISIBLE, REFUTED, Claim,
                 f_int, f_ratio, f_us, grade)

NAME = "push"
ABOUT = "WebSocket chat: N subscribers, 10 broadcasts/s pushed to all"
ORDER = 75
SWEEP = {"smoke": [20], "quick": [100, 1000], "default": [1000, 5000],
         "full": [100, 1000, 5000, 10000]}
SWEEP_ENV = "CONNS"
BROADCASTERS = 10
RATE = 10                 # broadcasts per second, all broadcasters together
MIN_DURATION_S = 2.0      # at least 20 broadcasts per point

# The claim: confirmed if, at the most subscribers every side reached, the
# cheapest thread-per-connection model spends at least this many times the
# cheapest event loop's server CPU per delivery ...
PUSH_CPU_CONFIRM = 1.5
# ... and the loop's delivery p99 is no worse than the threads' (within
# NOISE): pushing cheaply but late would not be a win.  It is confirmed
# as well when the loop delivers at least this many times sooner (p99) at
# no more CPU (within NOISE): for push, lateness is the cost users see.
PUSH_P99_CONFIRM = 3.0


def points(ctx):
    duration = max(ctx.cfg["duration"], MIN_DURATION_S)
    return ctx.interleave(ctx.sweep(), lambda m, n: [ctx.point(
        m, connections=n, path="/ws", duration=duration,
        ws={"broadcasters": min(BROADCASTERS, n), "rate": RATE})]
        if M.proto_ok(m, "ws") and "ws" in (M.about(m).get("protocols")
                                             or []) else [])


def charts(c):
    x = "subscribers (log scale)"
    p1 = c.panel(NAME, "lat_p99_us", 1e-3, "delivery p99 (ms)", xlabel=x,
                 logy=True, title="delivery latency, send to receipt: p99")
    p2 = c.panel(NAME, "server_cpu_us_per_req", 1,
                 "server CPU per delivery (µs)", xlabel=x,
                 title="server CPU per delivered message")
    # What the server's own cgroup was charged (user + kernel: a
    # subscriber's socket and, for a thread or process per connection,
    # its stack); an older run without one has RSS only.
    method = c.manifest.get("accounting") or ""
    if method.startswith("cgroup"):
        p3 = c.panel(NAME, "server_mem_kib", 1 / 1024,
                     "charged to the server, user + kernel (MiB)",
                     xlabel=x, title=f"server memory ({method})")
    else:
        p3 = c.panel(NAME, "server_rss_kib", 1 / 1024, "server RSS (MiB)",
                     xlabel=x, title="server memory (user space)")
    return [K.Chart("push", [p1, p2, p3],
                    f"Server push: {RATE} broadcasts/s, each delivered to "
                    "every subscriber", 1800, 580)]


def paragraph(name, d):
    xs = d.xs(NAME)
    if not xs:
        return ("No model serving WebSocket was measured (a model takes "
                "part when its --about lists ws).")
    hi = xs[-1]
    _, lat = K.ranking(d, NAME, "lat_p99_us", hi, 1e-3, "ms")
    _, cpu = K.ranking(d, NAME, "server_cpu_us_per_req", hi, unit="µs")
    _, rate = K.ranking(d, NAME, "rps", hi, unit="deliveries/s")
    return (f"With {hi} subscribers and {RATE} broadcasts a second, every "
            f"one delivered to all: delivery p99 {lat}; server CPU per "
            f"delivery {cpu}; deliveries {rate}."
            + K.limited_sentence(d, NAME) + K.refused_sentence(d, NAME))


def _claim_push(points, manifest):
    pts = [p for p in K.ok(points) if p["scenario"] == NAME]
    ok = K.by_model(pts)
    threads = {m: ps for m, ps in ok.items() if M.pays_per_conn(m)}
    loops = {m: ps for m, ps in ok.items() if M.is_loop(m)}
    if not threads or not loops:
        return K.verdict("push", NO_DATA, "The push scenario has no ok "
                        "points of both a thread-per-connection model and "
                        "an event loop serving WebSocket.", {})
    common = set.intersection(*[{p["connections"] for p in ps}
                                for ps in list(threads.values())
                                + list(loops.values())])
    if not common:
        return K.verdict("push", NO_DATA, "No subscriber count was measured "
                        "on both sides.", {})
    n = max(common)

    def at(ps):
        return next(p for p in ps if p["connections"] == n)
    t = min(threads, key=lambda m: at(threads[m])["server_cpu_us_per_req"]
            or float("inf"))
    lp = min(loops, key=lambda m: at(loops[m])["server_cpu_us_per_req"]
             or float("inf"))
    tp, pp = at(threads[t]), at(loops[lp])
    numbers = {"subscribers": n}
    for m, ps in sorted(ok.items()):
        p = at(ps) if any(q["connections"] == n for q in ps) else K.top(ps)
        numbers[m + " CPU us/delivery"] = p["server_cpu_us_per_req"]
        numbers[m + " delivery p99 us"] = p["lat_p99_us"]
        numbers[m + " deliveries/s"] = p["rps"]
    if not tp["server_cpu_us_per_req"] or not pp["server_cpu_us_per_req"]:
        return K.verdict("push", NO_DATA, "The push points have no server "
                        "CPU figures.", numbers)
    ratio = tp["server_cpu_us_per_req"] / pp["server_cpu_us_per_req"]
    numbers["ratio " + t + "/" + lp] = ratio
    summary = ("With {} subscribers, {} spent {} of server CPU per "
               "delivered message against {}'s {} ({} as much); delivery "
               "p99 {} against {}.").format(
        f_int(n), t, f_us(tp["server_cpu_us_per_req"]), lp,
        f_us(pp["server_cpu_us_per_req"]), f_ratio(ratio),
        f_us(tp["lat_p99_us"]), f_us(pp["lat_p99_us"]))
    late = (pp["lat_p99_us"] and tp["lat_p99_us"]
            and pp["lat_p99_us"] > tp["lat_p99_us"] * (1 + NOISE))
    sooner = (pp["lat_p99_us"] and tp["lat_p99_us"]
              and tp["lat_p99_us"] / pp["lat_p99_us"])
    numbers["p99 ratio " + t + "/" + lp] = sooner
    verdict = grade(ratio, PUSH_CPU_CONFIRM, pp["client_limited"])
    if verdict == CONFIRMED and late:
        verdict = REFUTED
        summary += " The loop pushed more cheaply but later."
    elif (verdict != CONFIRMED and sooner and sooner >= PUSH_P99_CONFIRM
          and ratio >= 1 - NOISE):
        verdict = CONFIRMED
        summary += (" The loop's CPU saving is small, but it delivered "
                    "{} sooner at the 99th percentile.").format(
            f_ratio(sooner))
    elif verdict == REFUTED:
        summary += (" Threads hold up better than the talks say: their "
                    "fan-out cost {} the loop's CPU per message, less than "
                    "the {} the claim needs, at a p99 {} the loop's.").format(
            f_ratio(ratio), f_ratio(PUSH_CPU_CONFIRM),
            f_ratio(sooner) if sooner else "n/a")
    if n < 1000 and verdict == CONFIRMED:
        verdict = NOT_VISIBLE
        summary += " Fewer than 1,000 subscribers: not yet \"many\"."
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop to push to many long-lived clients: {} "
            "delivered each message to {} subscribers for {} of CPU, {} "
            "for {}").format(lp, f_int(n), f_us(pp["server_cpu_us_per_req"]),
                             t, f_us(tp["server_cpu_us_per_req"]))}
    elif verdict == REFUTED:
        decision = {"side": "threads", "text": (
            "Threads push well enough to {} subscribers: {} spent {} per "
            "delivery, {} {}").format(
            f_int(n), t, f_us(tp["server_cpu_us_per_req"]), lp,
            f_us(pp["server_cpu_us_per_req"]))}
    return K.verdict("push", verdict, summary, numbers, decision)


def _deliveries(d, m):
    rows = d.ok(NAME, m)
    return K.fmt(max(K.fnum(r["rps"]) or 0 for r in rows)) if rows else "-"


HEADLINE = [("push: deliveries/s", _deliveries)]
CLAIMS = [Claim("push", "Server push to many long-lived clients is where "
                "async pays off", NAME, "push", 75, _claim_push)]
