"""idle_active - what idle connections cost the few active ones.

A lesson drawn from the idle scenario's points (PART_OF): the throughput and
server CPU per request of the active connections as idle ones pile up
beside them.  This is where select() pays for scanning every descriptor in
its set on every call, ready or not, while epoll reports only the ready
ones; select also refuses descriptors past FD_SETSIZE.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_int,
                 f_ratio, f_rps, f_us, grade)

NAME = "idle_active"
PART_OF = "idle"
ABOUT = "what idle connections cost the active ones (idle's points)"
ORDER = 31

# select: confirmed if select's CPU per request (or, without CPU figures, its
# throughput loss) grows from no idle connections to the most it could take
# at least this many times more than epoll's does over the same range.
SELECT_CONFIRM = 1.5


def charts(c):
    def idle_x(r):
        v = K.fnum(r["idle"])
        return None if v is None else max(v, 1.0)
    tics = ('("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, '
            '"10^5" 100000)')
    a = c.scenario_param(PART_OF, "active",
                         c.params.get("idle_active", "a few"))
    p1 = K.Panel(f"throughput of the {a} active connections",
                 "idle connections held open (log scale; 0 drawn at 1)",
                 "throughput (requests/s)", logx=True)
    c.add(p1, PART_OF, idle_x, K.col("rps"))
    p2 = K.Panel("server CPU per request",
                 "idle connections held open (log scale; 0 drawn at 1)",
                 "server CPU per request (µs)", logx=True)
    c.add(p2, PART_OF, idle_x, K.col("server_cpu_us_per_req"))
    p1.xtics = p2.xtics = tics
    return [K.Chart("idle_active", [p1, p2],
                    f"What idle connections cost the {a} active ones",
                    1300, 560)]


def paragraph(name, d):
    return text_idle_active(d)


def text_idle_active(d):
    xs = d.xs(PART_OF, "idle")
    if len(xs) < 2:
        return "Needs at least two idle counts."
    lo = xs[0]
    parts, cpu_growth = [], {}
    for m in d.models:
        mine = sorted(int(float(r["idle"])) for r in d.ok(PART_OF, m))
        if len(mine) < 2 or mine[0] != lo:
            continue
        hi = mine[-1]
        a = d.value(PART_OF, m, "rps", idle=lo)
        b = d.value(PART_OF, m, "rps", idle=hi)
        ca = d.value(PART_OF, m, "server_cpu_us_per_req", idle=lo)
        cb = d.value(PART_OF, m, "server_cpu_us_per_req", idle=hi)
        if a and b and ca and cb:
            parts.append(f"{m} {K.fmt(a)} → {K.fmt(b)} req/s at {hi} idle "
                         f"({K.f_change(b / a)}), CPU {K.fmt(ca)} → "
                         f"{K.fmt(cb)} µs/req")
            cpu_growth[m] = cb / ca
    out = (f"Going from {lo} idle connections to the most each model "
           "held, the active connections get: " + "; ".join(parts) + ".")
    worst = max(cpu_growth, key=cpu_growth.get) if cpu_growth else None
    if worst and cpu_growth[worst] > 2:
        out += (f" {worst} pays the most per request for idle neighbours "
                f"({cpu_growth[worst]:.1f}x the CPU per request)")
        scans = M.poller(worst) in ("select", "poll")
        out += (f": {M.poller(worst)}() scans every descriptor in its set "
                "on every call, ready or not, while epoll reports only the "
                "ready ones." if scans else ".")
    return out + K.refused_sentence(d, PART_OF)


def _bare(models, poller):
    """The single-threaded loop of our own (no library) that waits with
    this poller: the bare system call, as the claim means it."""
    cands = [m for m in sorted(models) if M.poller(m) == poller
             and M.plain(m) and M.kind(m) == "event-loop"]
    return cands[0] if cands else None


def _claim_select(points, manifest):
    pts = K.of(points, PART_OF)
    ok = K.by_model(K.ok(pts))
    sel = [p for p in ok.get(_bare(ok, "select"), [])
           if p["idle"] is not None]
    ep = [p for p in ok.get(_bare(ok, "epoll"), []) if p["idle"] is not None]
    refused = K.refusals(pts, "idle", "idle connections")
    if not sel or not ep:
        summary = ("The idle scenario has no ok points of both select and "
                   "epoll.")
        if refused:
            summary += " Refused: " + refused + "."
        return K.verdict("select", NO_DATA, summary, {})
    use_cpu = all(p["server_cpu_us_per_req"] is not None for p in sel + ep)
    field = "server_cpu_us_per_req" if use_cpu else "rps"

    def growth(ps, upto):
        """Cost at idle `upto` over cost at the fewest idle connections."""
        lo = min(ps, key=lambda p: p["idle"])
        hi = K.at(ps, "idle", upto)
        if hi is None or lo[field] is None or hi[field] is None or \
                hi["idle"] <= lo["idle"]:
            return None, lo, hi
        if use_cpu:
            g = hi[field] / max(lo[field], 1e-9)
        else:
            g = lo[field] / max(hi[field], 1e-9)
        return g, lo, hi

    s_max = max(p["idle"] for p in sel)
    e_max = max(p["idle"] for p in ep)
    g_sel, s_lo, s_hi = growth(sel, s_max)
    g_ep, e_lo, e_hi = growth(ep, s_max)
    g_ep_full, _, e_top = growth(ep, e_max)
    unit = "CPU per request" if use_cpu else "throughput loss"
    numbers = {"select most idle held": s_max, "epoll most idle held": e_max}
    for name, p in (("select", s_lo), ("select", s_hi), ("epoll", e_lo),
                    ("epoll", e_hi), ("epoll", e_top)):
        if p is not None:
            label = "{} at {} idle".format(name, f_int(p["idle"]))
            numbers[label + " req/s"] = p["rps"]
            numbers[label + " CPU us/req"] = p["server_cpu_us_per_req"]
    if g_sel is None or g_ep is None:
        summary = ("select or epoll was measured at only one idle count "
                   "where both ran.")
        if refused:
            summary += " Refused: " + refused + "."
        return K.verdict("select", NOT_VISIBLE if refused else NO_DATA,
                        summary, numbers)
    ratio = g_sel / max(g_ep, 1e-9)
    numbers["select growth"] = g_sel
    numbers["epoll growth same range"] = g_ep
    numbers["epoll growth full range"] = g_ep_full

    def point_text(p):
        if use_cpu:
            return "{} CPU per request".format(f_us(p[field]))
        return "{} req/s".format(f_rps(p[field]))

    summary = ("From {} to {} idle connections select went from {} to {} "
               "({}), epoll from {} to {} ({})").format(
        f_int(s_lo["idle"]), f_int(s_hi["idle"]), point_text(s_lo),
        point_text(s_hi), f_ratio(g_sel), point_text(e_lo), point_text(e_hi),
        f_ratio(g_ep))
    if e_top is not None and e_top["idle"] > s_hi["idle"]:
        summary += "; epoll reached {} at {} idle ({})".format(
            point_text(e_top), f_int(e_top["idle"]), f_ratio(g_ep_full))
    summary += "."
    if refused:
        summary += " Refused: " + refused + "."
    limited = (not use_cpu) and (s_hi["client_limited"] or
                                 s_lo["client_limited"])
    verdict = grade(ratio, SELECT_CONFIRM, limited)
    if verdict != CONFIRMED:
        summary += " Up to the idle count select could take, its {} grew " \
            "{} as much as epoll's.".format(unit, f_ratio(ratio))
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop on epoll, not select, when idle connections "
            "pile up: select's {} grew {} by {} idle, epoll's {}").format(
            unit, f_ratio(g_sel), f_int(s_hi["idle"]), f_ratio(g_ep))}
    elif verdict == REFUTED:
        decision = {"side": "loop", "text": (
            "Use select (or any loop) below FD_SETSIZE without worry: up to "
            "{} idle connections its {} grew {}, epoll's {}").format(
            f_int(s_hi["idle"]), unit, f_ratio(g_sel), f_ratio(g_ep))}
    return K.verdict("select", verdict, summary, numbers, decision)


CLAIMS = [Claim("select", "select does not scale with idle connections, "
                "epoll does", PART_OF, "idle_active", 60, _claim_select)]
