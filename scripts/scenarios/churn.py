"""churn - a new TCP connection for every request (--new-conn).

Short-lived connections: what accepting, setting up and tearing down a
connection costs each model.  A thread per connection pays a thread create
and exit every time; a pool or a loop does not.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, REFUTED, Claim, f_ratio, f_rps, f_us,
                 grade)

NAME = "churn"
ABOUT = "a new connection per request (--new-conn)"
ORDER = 70
SWEEP = {"smoke": [4], "quick": [10], "default": [10, 100],
         "full": [1, 10, 100, 1000]}
SWEEP_ENV = "CONNS"

# The claim: confirmed if a thread-per-connection model spends at least this
# many times the cheapest event loop's server CPU per connection.
CHURN_CONFIRM = 1.3


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, new_conn=True)])


def charts(c):
    p1 = c.panel(NAME, "rps", 1, "new connections (conn/s)",
                 title="connections per second")
    p2 = c.panel(NAME, "server_cpu_us_per_req", 1,
                 "server CPU per connection (µs)",
                 title="server CPU per connection")
    for p in (p1, p2):
        p.xlabel = "concurrent connecting clients (log scale)"
    return [K.Chart("churn", [p1, p2],
                    "Connection churn: a new connection for every request",
                    1300, 560)]


def paragraph(name, d):
    xs = d.xs(NAME)
    if not xs:
        return "No point of this scenario was measured."
    vals, s = K.ranking(d, NAME, "rps", xs[-1], unit="conn/s")
    _, c = K.ranking(d, NAME, "server_cpu_us_per_req", xs[-1], unit="µs")
    top = K.top_model(d, NAME, "server_cpu_us_per_req", xs[-1])
    what = {"thread": "a thread create and exit",
            "process": "a fork and exit"}.get(M.per_connection(top))
    return (f"With a new TCP connection for every request and {xs[-1]} "
            f"clients connecting at once: {s}. Server CPU per connection: "
            f"{c}." + (f" {top} pays {what} per connection, which a pool or "
                       "a loop avoids." if what else "")
            + K.limited_sentence(d, NAME) + K.refused_sentence(d, NAME))


HEADLINE = [("churn (conn/s)", K.at_most_connections(NAME))]


def _claim_churn(points, manifest):
    pts = K.of(points, "churn")
    ok = K.by_model(K.ok(pts))
    stats = {}
    for m, ps in ok.items():
        best = K.best(ps)
        stats[m] = {"cpu": K.median_of(ps, "server_cpu_us_per_req"),
                    "rps": best["rps"] if best else None,
                    "limited": bool(best and best["client_limited"])}
    per_conn = {m: s for m, s in stats.items() if M.pays_per_conn(m)}
    loops = {m: s for m, s in stats.items() if M.is_loop(m)}
    if not per_conn or not loops:
        return K.verdict("churn", NO_DATA,
                        "The churn scenario has no ok points of both a "
                        "thread-per-connection model and an event loop.", {})
    numbers = {}
    for m, s in sorted(stats.items()):
        numbers[m + " connections/s"] = s["rps"]
        numbers[m + " CPU us/conn"] = s["cpu"]
    use_cpu = all(s["cpu"] is not None for s in
                  list(per_conn.values()) + list(loops.values()))
    if use_cpu:
        t = min(per_conn, key=lambda k: per_conn[k]["cpu"])
        loop = min(loops, key=lambda k: loops[k]["cpu"])
        ratio = per_conn[t]["cpu"] / max(loops[loop]["cpu"], 1e-9)
        limited = False
        summary = ("With a new connection for every request, {} spent {} "
                   "of server CPU per connection against {}'s {}: {} as "
                   "much").format(t, f_us(per_conn[t]["cpu"]), loop,
                                  f_us(loops[loop]["cpu"]), f_ratio(ratio))
    else:
        have_t = {k: v for k, v in per_conn.items() if v["rps"]}
        have_l = {k: v for k, v in loops.items() if v["rps"]}
        if not have_t or not have_l:
            return K.verdict("churn", NO_DATA, "The churn scenario has "
                            "neither CPU nor throughput figures.", numbers)
        t = max(have_t, key=lambda k: have_t[k]["rps"])
        loop = max(have_l, key=lambda k: have_l[k]["rps"])
        ratio = loops[loop]["rps"] / per_conn[t]["rps"]
        limited = per_conn[t]["limited"] or loops[loop]["limited"]
        summary = ("With a new connection for every request, {} accepted "
                   "{} connections/s against {}'s {}: {} as many").format(
            loop, f_rps(loops[loop]["rps"]), t, f_rps(per_conn[t]["rps"]),
            f_ratio(ratio))
    numbers["ratio " + t + "/" + loop] = ratio
    summary += "; {} handled {} connections/s, {} {}.".format(
        t, f_rps(per_conn[t]["rps"]), loop, f_rps(loops[loop]["rps"]))
    pools = {m: s for m, s in stats.items()
             if M.is_thread(m) and m not in per_conn and s["cpu"]}
    for m, s in sorted(pools.items()):
        summary += " {}, which makes no thread per connection, spent {}.".\
            format(m, f_us(s["cpu"]))
    verdict = grade(ratio, CHURN_CONFIRM, limited)
    if verdict == REFUTED and ratio > 1:
        summary += " Threads cost more, but less than {} more.".format(
            f_ratio(CHURN_CONFIRM))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop (or a thread pool) when connections are "
            "short-lived: {} spent {} per connection against {}'s {}").format(
            t, f_us(per_conn[t]["cpu"]), loop, f_us(loops[loop]["cpu"]))
            if use_cpu else (
            "Use an event loop (or a thread pool) when connections are "
            "short-lived: {} accepted {} connections/s against {}'s {}"
            ).format(loop, f_rps(loops[loop]["rps"]), t,
                     f_rps(per_conn[t]["rps"]))}
    elif verdict == REFUTED:
        if use_cpu:
            figures = "{} spent {} per connection against {}'s {}".format(
                t, f_us(per_conn[t]["cpu"]), loop, f_us(loops[loop]["cpu"]))
        else:
            figures = "{} accepted {} connections/s against {}'s {}".format(
                t, f_rps(per_conn[t]["rps"]), loop, f_rps(loops[loop]["rps"]))
        decision = {"side": "threads", "text": (
            "Use threads even when connections are short-lived: " + figures)}
    return K.verdict("churn", verdict, summary, numbers, decision)


CLAIMS = [Claim("churn", "Threads pay per connection, not only per request",
                NAME, "churn", 70, _claim_churn)]
