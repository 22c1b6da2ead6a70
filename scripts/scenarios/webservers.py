"""webservers - the talk's Apache-against-nginx charts, today: requests/s
and memory against concurrent connections for real web servers, with our C
models of the same kinds beside them.

The talks show Apache (a process or a thread per connection) against nginx
(an event loop) on two charts: requests per second and memory, both
against concurrent connections.  This scenario draws them again with the
web servers of servers/peers/ (every peer whose --about says "peer": true
and "language": "c": the Apache MPMs, nginx, lighttpd) and, beside each,
our C model of the same kind (--about kind: process-per-conn beside a
process per connection or a pool of processes, thread-pool beside a pool
of threads, the plain epoll loop beside an event loop).  GET / in a closed
loop over the sweep; the memory of a server is its process tree's (PSS
summed over its processes, scripts/procmon.py) plus its threads' kernel
stacks and the page tables the machine gained, so a server of a thousand
processes pays for what it really uses.

A second chart holds idle connections open beside the fewest active ones
of the sweep, as the idle scenario does: its slope is the memory one
connection costs each server.  Each idle connection makes one request
first and then stays open and silent (loadgen --idle-request), because a
real idle keep-alive connection has been used: Apache's event MPM hands a
connection to its listener thread, where it costs no worker, only after
its first response; before that it waits in the read-request state and
holds a worker thread, as under the worker MPM, so never-used connections
would measure apache-event as a thread per connection.  A peer that says
how many connections it can hold (--about "max_connections") is not run
past that: those points are recorded as refused, with the reason, and
drawn as crosses.

The web servers' launchers run Debian's own settings by default (a pool
that starts small and grows, nginx's 768 connections a worker).  A
launcher that can also size its server in advance (its --about has a
"sized" key: --sized N makes a pool for N connections before the first
request and keeps it, as an operator tuning for the load would) is
measured both ways: variant "" with Debian's settings, variant "sized"
with --sized set to the most connections a point of this lesson holds.
The claim is judged on Debian's settings; the chart and the paragraph
show both.

A run without a web-server peer (no PEERS=1) measures the C references in
smoke mode only, so the harness test sees the scenario work, and nothing
in the other modes.
"""
import kit as K
import models as M
from scenarios.gil import c_reference, language, left_out_sentence
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_conns,
                 f_int, f_kib, f_ratio, f_rps, grade, num)

NAME = "webservers"
ABOUT = ("real web servers (Apache MPMs, nginx, lighttpd) and our C models "
         "of their kinds: req/s and memory against connections")
ORDER = 92
# Its claim is judged on the peers (servers/peers/): a run without them
# (no PEERS=1) says so instead of "no data".
NEEDS_PEERS = True
# Quick mode keeps two points: an Apache prefork point alone takes some
# 5 s (its 4,096 processes start before the first request and stop after).
SWEEP = {"smoke": [8], "quick": [10, 1000],
         "default": [1, 10, 100, 1000, 3000],
         "full": [1, 10, 100, 1000, 3000, 10000]}
SWEEP_ENV = "CONNS"
# Idle connections held open beside the fewest active ones of the sweep
# (that sweep point is the idle count 0).  Each makes one request first
# (see the docstring: Apache event parks only a used connection cheaply).
IDLE_SWEEP = {"smoke": [100], "quick": [], "default": [1000, 3000],
              "full": [1000, 3000, 10000]}

# Our C model beside a web server of a kind, in order of preference, after
# the same kind: a pool of processes holds a connection per process, like
# a process per connection; a pool of threads, like our thread pool.
REFERENCE_KINDS = {
    "process-pool": ("process-per-connection",),
    "process-per-connection": ("process-per-connection",),
    "thread-pool": ("thread-pool", "thread-per-connection"),
    "thread-per-connection": ("thread-per-connection", "thread-pool"),
    "event-loops-per-core": ("event-loops-per-core", "event-loop"),
    "event-loop": ("event-loop",),
}
# What a server makes per connection (--about per_connection) names the
# kind of its reference when its own kind is none of the above.
PER_CONNECTION_KIND = {"process": "process-per-connection",
                       "thread": "thread-per-connection"}
# Smoke mode without a web-server peer: the references of the talk's kinds.
TALK_KINDS = ("process-per-connection", "thread-pool", "event-loop")
DEFAULT_POLLER = "epoll"

# The claim: "an event-driven server holds many connections in less memory
# than a process- or thread-per-connection server".  "Many" is at least
# this many connections held by both at once ...
MANY_CONNS = 100
# ... and confirmed if there the per-connection server's memory (PSS +
# kernel stacks + page tables) is at least this many times the event
# loop's.  The talk's chart shows a gap of an order of magnitude; twice is
# the least that still makes memory a reason to choose the event loop.
WEB_MEM_RATIO = 2.0
# KiB of kernel stack per thread when the run does not say (x86-64).
KSTACK_KIB = 16


def web_servers(models):
    """The real web servers: peers written in C."""
    return [m for m in models if M.peer(m) and language(m) == "c"]


def reference_of(models, m):
    """Our C model of a web server's kind (see REFERENCE_KINDS)."""
    kind = M.kind(m)
    kinds = [kind] + list(REFERENCE_KINDS.get(kind, ()))
    if M.per_connection(m) in PER_CONNECTION_KIND:
        kinds.append(PER_CONNECTION_KIND[M.per_connection(m)])
    for k in kinds:
        ref = c_reference(models, k, M.poller(m) or DEFAULT_POLLER)
        if ref is not None:
            return ref
    return None


def chosen(models, mode):
    servers = web_servers(models)
    if servers:
        refs = {reference_of(models, m) for m in servers}
    elif mode == "smoke":
        refs = {c_reference(models, k, DEFAULT_POLLER) for k in TALK_KINDS}
    else:
        return []
    use = set(servers) | (refs - {None})
    return [m for m in models if m in use]


# The variant with the server sized in advance (--sized N).
SIZED = "sized"


def can_size(m):
    """The launcher can size its server in advance (--about "sized")."""
    return "sized" in M.about(m)


def refusal(m, total):
    """Why a model cannot take `total` connections, or None."""
    most = M.about(m).get("max_connections")
    try:
        most = int(most)
    except (TypeError, ValueError):
        return None
    if total <= most:
        return None
    return f"{m} holds at most {most} connections (--about max_connections)"


def points(ctx):
    use = chosen(ctx.models, ctx.mode)
    if not use:
        ctx.note("skipped", "no web-server peer in this run (PEERS=1 adds "
                 "nginx, lighttpd and the Apache MPMs)")
        return []
    ctx.note("models", use)
    sweep = ctx.sweep()
    idle = IDLE_SWEEP.get(ctx.mode, IDLE_SWEEP["default"])
    active = min(sweep)
    ctx.note("idle_sweep", idle)
    ctx.note("idle_active", active)
    ctx.note("idle_request", True)

    # Sized in advance for the most connections any point holds.
    size = max(list(sweep) + [active + n for n in idle])
    ctx.note("sized", size)

    def point(m, c, n=0):
        out = [ctx.point(m, connections=c, idle=n, idle_request=n > 0,
                         refuse=refusal(m, c + n))]
        if can_size(m):
            out.append(ctx.point(m, variant=SIZED, connections=c, idle=n,
                                 idle_request=n > 0,
                                 server_args=["--sized", str(size)],
                                 params={"sized": size}))
        return out
    pts = ctx.interleave(sweep, lambda m, c: point(m, c), models=use)
    if idle and active not in sweep:
        pts += ctx.interleave([active], lambda m, c: point(m, c),
                              models=use)
    pts += ctx.interleave(idle, lambda m, n: point(m, active, n),
                          models=use)
    return pts


# ------------------------------------------------------------ the facts --

def memory_kib(p, kstack=KSTACK_KIB):
    """A point's memory: its process tree's PSS (RSS for one process),
    its threads' kernel stacks and the page tables the machine gained."""
    if p.get("server_rss_kib") is None:
        return None
    stacks = p.get("server_kstack_est_kib")
    if stacks is None and p.get("server_threads") is not None:
        stacks = p["server_threads"] * kstack
    return (p["server_rss_kib"] + (stacks or 0)
            + max(0.0, p.get("pagetables_delta_kib") or 0))


def _row_memory(r, suffix=""):
    """memory_kib of a summary.csv row, in MiB (suffix: _min, _max)."""
    p = {k: K.fnum(r.get(k + suffix)) for k in (
        "server_rss_kib", "server_kstack_est_kib", "pagetables_delta_kib")}
    kib = memory_kib(p)
    return None if kib is None else kib / 1024


def _active(r):
    return (K.fnum(r.get("idle")) or 0) == 0


def idle_slope(rows, m, variant=""):
    """KiB of memory per idle connection of a model (Theil-Sen over every
    repetition at the idle sweep's active count), or None."""
    rs = [r for r in rows if r["scenario"] == NAME and r["model"] == m
          and r["variant"] == variant and r["status"] == "ok"]
    idle = [r for r in rs if (K.fnum(r["idle"]) or 0) > 0]
    if not idle:
        return None
    active = K.fnum(idle[0]["connections"])
    pts = [(K.fnum(r["idle"]) or 0, memory_kib({k: K.fnum(r.get(k)) for k in (
        "server_rss_kib", "server_kstack_est_kib", "pagetables_delta_kib",
        "server_threads")})) for r in rs if K.fnum(r["connections"]) == active]
    return K.slope(pts)


def idle_slope_points(pts, m, kstack=KSTACK_KIB):
    """idle_slope from collapsed points (medians over repetitions)."""
    mine = [p for p in K.ok(pts) if p["model"] == m]
    idle = [p for p in mine if p["idle"]]
    if not idle:
        return None
    active = idle[0]["connections"]
    return K.slope([(p["idle"] or 0, memory_kib(p, kstack)) for p in mine
                    if p["connections"] == active])


def _claim_webservers(points, manifest):
    pts = [p for p in points if p["scenario"] == NAME and p["variant"] == ""]
    limits = manifest.get("limits")
    kstack = num((limits if isinstance(limits, dict) else {}).get(
        "kernel_stack_per_thread_kib")) or KSTACK_KIB
    ok = [p for p in K.ok(pts) if not p["idle"]]
    names = sorted({p["model"] for p in pts})
    servers = web_servers(names)
    loops = [m for m in servers if M.is_loop(m)]
    per_conn = [m for m in servers if M.is_thread(m)]
    per_conn = [m for m in per_conn if M.pays_per_conn(m)] or per_conn
    stand_in = False
    if not per_conn:
        # No Apache in this run: our C models that pay a thread or a
        # process per connection stand in for it, and the summary says so.
        per_conn = [m for m in names if language(m) == "c"
                    and not M.peer(m) and M.pays_per_conn(m)]
        stand_in = True
    # A refused idle point counts its active and idle connections.
    refused = K.refusals([dict(p, total=p["connections"] + (p["idle"] or 0))
                         for p in pts], "total", "connections")
    if not loops or not per_conn:
        return K.verdict("webservers", NO_DATA, (
            "The webservers scenario has no ok points of both an event-"
            "driven web server and a server that pays a process or a "
            "thread per connection."), {})

    def mem_at(m):
        return {p["connections"]: memory_kib(p, kstack) for p in ok
                if p["model"] == m and memory_kib(p, kstack) is not None}
    mems = {m: mem_at(m) for m in loops + per_conn}
    common = sorted(set().union(*(mems[m] for m in loops)) &
                    set().union(*(mems[m] for m in per_conn)))
    if not common:
        return K.verdict("webservers", NO_DATA, (
            "No connection count was measured for both an event-driven web "
            "server and a per-connection one.") + (
            " Refused: " + refused + "." if refused else ""), {})
    x = common[-1]
    loop = min((m for m in loops if x in mems[m]), key=lambda m: mems[m][x])
    per = min((m for m in per_conn if x in mems[m]), key=lambda m: mems[m][x])
    ratio = mems[per][x] / max(mems[loop][x], 1.0)

    def rps(m):
        return next((p["rps"] for p in ok if p["model"] == m
                     and p["connections"] == x), None)
    numbers = {"connections": x}
    for m in loops + per_conn:
        if x in mems[m]:
            numbers[m + " memory MiB"] = mems[m][x] / 1024
            numbers[m + " req/s"] = rps(m)
    numbers["ratio " + per + "/" + loop] = ratio
    summary = ("At {}, {} used {} MiB (its processes' PSS, kernel stacks "
               "and page tables) serving {} req/s; {} used {} MiB serving {} "
               "req/s: {} as much.").format(
        f_conns(x), loop, K.fmt(mems[loop][x] / 1024), f_rps(rps(loop)), per,
        K.fmt(mems[per][x] / 1024), f_rps(rps(per)), f_ratio(ratio))
    if stand_in:
        summary += (" No Apache ran: {}, our C model that pays a {} per "
                    "connection, stands in for it.").format(
            per, M.per_connection(per))
    for m in (loop, per):
        s = idle_slope_points(pts, m, kstack)
        if s is not None:
            numbers[m + " KiB per idle connection"] = s
            summary += " {} paid {} per idle connection.".format(
                m, f_kib(s))
    if refused:
        summary += " Refused: " + refused + "."
    if x < MANY_CONNS:
        verdict = NOT_VISIBLE
        summary += (" Both held at most {} at once here, fewer than the {} "
                    "the claim is about.").format(f_conns(x),
                                                  f_int(MANY_CONNS))
    else:
        verdict = grade(ratio, WEB_MEM_RATIO)
    if verdict == REFUTED:
        summary += (" Contrary to the talk, the event-driven server did not "
                    "hold its connections in clearly less memory.")
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Put an event-driven server ({}) in front when it must hold many "
            "connections: {} MiB at {} against {}'s {} MiB").format(
            loop, K.fmt(mems[loop][x] / 1024), f_conns(x), per,
            K.fmt(mems[per][x] / 1024))}
    return K.verdict("webservers", verdict, summary, numbers, decision)


CLAIMS = [Claim("webservers", "An event-driven server (nginx) holds many "
                "connections in less memory than a process- or thread-per-"
                "connection server (Apache prefork)", NAME, "webservers", 92,
                _claim_webservers)]


# ------------------------------------------------------- chart and text --

def _ours(m, v, title):
    if not M.peer(m):
        return f"{title} (our C model)"
    if v == SIZED:
        return f"{m} (--sized: its pool made in advance)"
    if can_size(m):
        return f"{m} (Debian's settings)"
    return title


def _sized_rows(d):
    return [r for r in d.ok(NAME, variant=SIZED) if _active(r)]


def charts(c):
    p1 = K.Panel("requests per second", K.CONN_X, "throughput (requests/s)",
                 logy=None)
    c.add(p1, NAME, K.x_conns, K.col("rps"), extra=_active, title_fn=_ours)
    p2 = K.Panel("memory: PSS of the process tree + kernel stacks + page "
                 "tables", K.CONN_X, "server memory (MiB)", logy=None)
    c.add(p2, NAME, K.x_conns, _row_memory, extra=_active, title_fn=_ours)
    p2.limited = []
    out = [K.Chart("webservers", [p1, p2], "Web servers today: the talk's "
                   "Apache-against-nginx charts, GET / in a closed loop, "
                   "our C models of the same kinds beside them", 1400, 620)]
    active = c.scenario_param(NAME, "idle_active")
    idle_rows = [r for r in c.summary if r["scenario"] == NAME
                 and (K.fnum(r["idle"]) or 0) > 0]
    if idle_rows:
        active = active or K.fnum(idle_rows[0]["connections"])

        def with_slope(m, v, title):
            s = idle_slope(c.raw, m, v)
            title = _ours(m, v, title)
            return f"{title}: {s:.1f} KiB/conn" if s is not None else title
        p3 = K.Panel("", "idle connections held open", "server memory (MiB)",
                     logx=False, logy=None)
        c.add(p3, NAME, lambda r: K.fnum(r["idle"]), _row_memory,
              title_fn=with_slope,
              extra=lambda r: K.fnum(r["connections"]) == K.fnum(active))
        p3.limited = []
        out.append(K.Chart(
            "webservers_idle", [p3], f"Web servers: memory against idle "
            f"connections held open beside {active:g} active (slope = "
            "memory per connection)", 1000, 620))
    return out


def paragraph(name, d):
    if name == "webservers_idle":
        parts = [f"{m} {f_kib(s)}" for m, s in (
            (m, idle_slope(d.rows, m)) for m in d.models) if s is not None]
        parts += [f"{m} sized in advance {f_kib(s)}" for m, s in (
            (m, idle_slope(d.rows, m, SIZED)) for m in d.models)
            if s is not None]
        if not parts:
            return "Not enough idle points for a slope (it needs two idle " \
                "counts)."
        return ("Memory per idle connection (PSS + kernel stacks + page "
                "tables, Theil-Sen slope over every repetition): "
                + ", ".join(parts) + ". Each idle connection made one "
                "request before it fell silent, as a real idle keep-alive "
                "connection has: Apache's event MPM parks a connection "
                "without a worker thread only after its first response, so "
                "unused ones would have held a thread each. A server that "
                "made its processes or threads before the first connection "
                "(a pool) shows a flat line here: it paid up front, and its "
                "--about max_connections is where it stops."
                + K.refused_sentence(d, NAME))
    rows = [r for r in d.ok(NAME) if _active(r)]
    if not rows:
        return "No point of this scenario was measured." + \
            K.refused_sentence(d, NAME)

    def at(x):
        """Throughput and memory of every model at x connections."""
        there = [r for r in rows if int(float(r["connections"])) == x]
        by_rps = sorted(there, key=lambda r: -(K.fnum(r["rps"]) or 0))
        by_mem = sorted((r for r in there if _row_memory(r) is not None),
                        key=lambda r: -_row_memory(r))
        return (f"at {x} connections: "
                + ", ".join(f"{r['model']} {K.fmt(K.fnum(r['rps']))}"
                            for r in by_rps) + " req/s; memory "
                + ", ".join(f"{r['model']} {K.fmt(_row_memory(r))} MiB"
                            for r in by_mem))
    xs = sorted({int(float(r["connections"])) for r in rows})
    servers = web_servers(d.models)
    held = [x for x in xs if all(any(
        r["model"] == m and int(float(r["connections"])) == x for r in rows)
        for m in servers)]
    out = "A" + at(xs[-1])[1:] + "."
    if servers and held and held[-1] != xs[-1]:
        out += (" The most connections every web server took: "
                + at(held[-1]) + ".")
    if servers:
        pairs = [f"{m} beside {reference_of(d.models, m)}" for m in servers
                 if reference_of(d.models, m)]
        if pairs:
            out += " Same kinds: " + ", ".join(pairs) + "."
    else:
        out += (" No web-server peer ran (PEERS=1 adds them): only our C "
                "models are drawn.")
    out += _sized_sentence(d, xs[-1])
    return out + K.limited_sentence(d, NAME) + \
        K.refused_sentence(d, NAME) + left_out_sentence(
            d, "they are Python's web servers, judged against Python's "
            "async servers on a database, not against Apache and nginx "
            "on GET /")


def _sized_sentence(d, x):
    """The web servers sized in advance beside their Debian settings, at
    the largest connection count both were measured at (at most x)."""
    sized = _sized_rows(d)
    if not sized:
        return ""
    size = sized[0].get("sized") or "?"
    parts = []
    for m in d.models:
        mine = {int(float(r["connections"])): r for r in sized
                if r["model"] == m}
        deb = {int(float(r["connections"])): r for r in d.ok(NAME, m)
               if _active(r)}
        both = sorted(c for c in set(mine) & set(deb) if c <= x)
        if not both:
            continue
        c = both[-1]
        a, b = deb[c], mine[c]
        parts.append("{} at {}: {} req/s and {} MiB with Debian's settings, "
                     "{} req/s and {} MiB sized in advance".format(
                         m, f_conns(c), K.fmt(K.fnum(a["rps"])),
                         K.fmt(_row_memory(a)), K.fmt(K.fnum(b["rps"])),
                         K.fmt(_row_memory(b))))
    if not parts:
        return ""
    return (" Sized in advance (--sized {}: every process or thread made "
            "before the first request, as the suite once ran them) beside "
            "Debian's settings (a pool that starts small and grows): "
            .format(size) + "; ".join(parts) + ". A pool made in advance "
            "pays its memory up front and never waits for a new worker; "
            "Debian's starts cheap and grows under load.")


def _memory_cell(d, m):
    rows = [r for r in d.ok(NAME, m) if _active(r)]
    if not rows:
        return "-"
    top = max(rows, key=lambda r: float(r["connections"]))
    v = _row_memory(top)
    return "-" if v is None else f"{K.fmt(v)} @ {top['connections']}"


HEADLINE = [("webservers: memory MiB @ most conns", _memory_cell)]
