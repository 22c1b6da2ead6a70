"""idle - idle connections held open beside a few active ones.

Two lessons from one sweep.  Memory: the slope of the server's memory
(user RSS, and the kernel's: thread stacks, slab, socket buffers) against
idle connections is what one connection costs each model.  CPU: what the
idle connections cost the few active ones, which is where select() pays
for scanning every descriptor on every call.  A model that makes a thread
per connection and honours --stack-kib is measured again with small
stacks (variant stack64k).
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_int,
                 f_kib, f_ratio, f_us, f_rps, grade)

NAME = "idle"
ABOUT = "idle connections held open beside a few active ones"
ORDER = 30
SWEEP = {"smoke": [0, 200], "quick": [0, 1000],
         "default": [0, 1000, 10000],
         "full": [0, 100, 300, 1000, 3000, 10000, "max"]}
SWEEP_ENV = "IDLE"
# The active connections measured beside the idle ones.
ACTIVE = {"smoke": 4, "quick": 8, "default": 8, "full": 8}
# The small-stack variant: --stack-kib for a thread per connection.
SMALL_STACK_KIB = 64

# memory: confirmed if the thread-per-connection model's memory per idle
# connection (user RSS + kernel) is at least this many times the cheapest
# event loop's.  The talks claim an order of magnitude; half is the least
# that would still make per-thread overhead what limits connection counts.
MEM_CONFIRM_RATIO = 2.0
# A per-connection slope below this (KiB) is indistinguishable from zero
# (RSS moves in 4 KiB pages); ratios divide by at least this much.
MEM_FLOOR_KIB = 0.1
# A model whose thread count grows by at least this many threads per idle
# connection pays one thread per connection.
THREADS_PER_CONN_MIN = 0.5

# select: confirmed if select's CPU per request (or, without CPU figures, its
# throughput loss) grows from no idle connections to the most it could take
# at least this many times more than epoll's does over the same range.
SELECT_CONFIRM = 1.5


def points(ctx):
    active = ACTIVE[ctx.mode]
    ctx.note("active", active)

    def make(m, n):
        out = [ctx.point(m, connections=active, idle=n)]
        if M.per_connection(m) == "thread" and M.honours(m, "--stack-kib"):
            out.append(ctx.point(m, connections=active, idle=n,
                                 variant=f"stack{SMALL_STACK_KIB}k",
                                 stack_kib=SMALL_STACK_KIB))
        return out
    return ctx.interleave(ctx.sweep(), make)


def kernel_slab(r, suffix=""):
    """Kernel objects: unreclaimable slab (sockets, task structs, epoll
    items) plus page tables, in MiB."""
    vals = [K.fnum(r.get(k + suffix)) for k in
            ("slab_delta_kib", "pagetables_delta_kib")]
    if all(v is None for v in vals):
        return None
    return sum(v for v in vals if v is not None) / 1024


# Memory per idle connection, one slope per part: (label, y of a point).
PARTS = (("user", lambda p: p["server_rss_kib"]),
         ("kstack", lambda p: p["kernel_stack_delta_kib"]),
         ("kslab", lambda p: None if kernel_slab(p) is None
          else kernel_slab(p) * 1024),
         ("ksock", lambda p: p["sock_mem_delta_kib"]),
         ("threads", lambda p: p["server_threads"]))


def idle_slopes(points, model, variant=""):
    """{part: (slope, noise)} of memory per idle connection (KiB) of one
    model and variant, from the idle scenario's points: user RSS, kernel
    stack, kernel slab + page tables, socket buffers, and threads per
    connection; "kother" is every kernel figure but the stacks."""
    ps = K.select(points, NAME, model, variant)
    out = {key: K.slope_fit([(p["idle"], y(p)) for p in ps])
           for key, y in PARTS}
    slab, sock = out["kslab"], out["ksock"]
    out["kother"] = (None, None) if slab[0] is None else (
        slab[0] + (sock[0] or 0), (slab[1] or 0) + (sock[1] or 0))
    return out


def kib(fit, unit="KiB"):
    """A slope of idle_slopes as text: never below zero."""
    return K.fmt_nonneg(fit[0], unit, fit[1])


def kib_text(fit):
    return kib(fit, "")


def charts(c):
    ix = "idle connections held open"

    def with_slope(key):
        def fn(m, v, title):
            fit = idle_slopes(c.points, m, v)[key]
            return f"{title}: {kib(fit)}/conn" if fit[0] is not None \
                else title
        return fn
    panels = []
    for key, fn, ylabel, ptitle in (
            ("user", K.col("server_rss_kib", 1 / 1024),
             "server RSS (MiB)", "user space: server RSS"),
            ("kstack", K.col("kernel_stack_delta_kib", 1 / 1024),
             "kernel stacks added (MiB)",
             "kernel: thread stacks (not in RSS)"),
            ("kslab", kernel_slab, "kernel memory added (MiB)",
             "kernel: slab (sockets, tasks) + page tables"),
            ("ksock", K.col("sock_mem_delta_kib", 1 / 1024),
             "socket buffer memory added (MiB)",
             "kernel: TCP socket buffers")):
        p = K.Panel(ptitle, ix, ylabel, logx=False, logy=False)
        c.add(p, NAME, lambda r: K.fnum(r["idle"]), fn,
              title_fn=with_slope(key))
        p.limited = []
        p.key = "top left"
        panels.append(p)
    panels[2].note = "machine-wide: both ends of each connection"
    panels[3].note = "machine-wide"
    out = [K.Chart("idle_memory", panels,
                   "Memory cost of idle connections (slope = memory per "
                   "connection, Theil-Sen)",
                   1900, 580)]

    def idle_x(r):
        v = K.fnum(r["idle"])
        return None if v is None else max(v, 1.0)
    tics = ('("0" 1, "10" 10, "100" 100, "1000" 1000, "10^4" 10000, '
            '"10^5" 100000)')
    a = c.scenario_param(NAME, "active",
                         c.params.get("idle_active", "a few"))
    p1 = K.Panel(f"throughput of the {a} active connections",
                 "idle connections held open (log scale; 0 drawn at 1)",
                 "throughput (requests/s)", logx=True)
    c.add(p1, NAME, idle_x, K.col("rps"))
    p2 = K.Panel("server CPU per request",
                 "idle connections held open (log scale; 0 drawn at 1)",
                 "server CPU per request (µs)", logx=True)
    c.add(p2, NAME, idle_x, K.col("server_cpu_us_per_req"))
    p1.xtics = p2.xtics = tics
    out.append(K.Chart("idle_active", [p1, p2],
                       f"What idle connections cost the {a} active ones",
                       1300, 560))
    return out


def paragraph(name, d):
    return text_idle_memory(d) if name == "idle_memory" else \
        text_idle_active(d)


def text_idle_memory(d):
    parts = []
    for m in d.models:
        variants = sorted({r["variant"] for r in d.ok("idle", m, None)})
        for v in variants:
            s = idle_slopes(d.points, m, v)
            if s["user"][0] is None:
                continue
            name = m + (f" ({v})" if v else "")
            parts.append(f"{name} {kib(s['user'])} user + "
                         f"{kib(s['kstack'])} kernel stack + "
                         f"{kib(s['kslab'])} slab and page tables + "
                         f"{kib(s['ksock'])} socket buffers")
    if not parts:
        return ("Not enough idle points to compute memory per connection "
                "(it needs two idle counts).")
    out = ("Memory per idle connection (slopes of the lines): "
           + "; ".join(parts) + ". ")
    out += ("≈0 (±x) is a slope within its noise (x) of zero: the "
            "machine-wide counters move for other reasons too. ")
    out += ("A thread's kernel stack (16 KiB on x86-64) is not in the "
            "process's RSS: the second panel is what an RSS-only chart "
            "hides. The last two panels are machine-wide: they count both "
            "ends of every loopback connection and whatever else the "
            "machine did meanwhile.")
    return out + K.refused_sentence(d, "idle")


def text_idle_active(d):
    xs = d.xs("idle", "idle")
    if len(xs) < 2:
        return "Needs at least two idle counts."
    lo = xs[0]
    parts, cpu_growth = [], {}
    for m in d.models:
        mine = sorted(int(float(r["idle"])) for r in d.ok("idle", m))
        if len(mine) < 2 or mine[0] != lo:
            continue
        hi = mine[-1]
        a = d.value("idle", m, "rps", idle=lo)
        b = d.value("idle", m, "rps", idle=hi)
        ca = d.value("idle", m, "server_cpu_us_per_req", idle=lo)
        cb = d.value("idle", m, "server_cpu_us_per_req", idle=hi)
        if a and b and ca and cb:
            parts.append(f"{m} {K.fmt(a)} → {K.fmt(b)} req/s at {hi} idle "
                         f"({(b / a - 1) * 100:+.0f} %), CPU {K.fmt(ca)} → "
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
    return out + K.refused_sentence(d, "idle")


def _user(d, m):
    s = idle_slopes(d.points, m)
    return kib_text(s["user"]) if s["user"][0] is not None else "-"


def _kernel(d, m):
    s = idle_slopes(d.points, m)
    if s["user"][0] is None:
        return "-"
    stack, other = s["kstack"], s["kother"]
    total = ((stack[0] or 0) + (other[0] or 0),
             (stack[1] or 0) + (other[1] or 0))
    return f"{kib_text(total)} ({kib_text(stack)} + {kib_text(other)})"


HEADLINE = [("idle: user KiB/conn", _user),
            ("idle: kernel KiB/conn (stack + other)", _kernel)]


def memory_costs(points):
    """{(model, variant): cost dict} of every model with a user slope."""
    costs = {}
    for model, variant in sorted({(p["model"], p["variant"]) for p in
                                  K.of(K.ok(points), NAME, None)}):
        s = idle_slopes(points, model, variant)
        if s["user"][0] is None:
            continue
        parts = [s[k] for k in ("kstack", "ksock", "kslab")
                 if s[k][0] is not None]
        ps = K.select(points, NAME, model, variant)
        costs[(model, variant)] = {
            "model": model, "variant": variant, "user": s["user"][0],
            "user_noise": s["user"][1],
            "kernel": sum(k[0] for k in parts) if parts else None,
            "kernel_noise": sum(k[1] for k in parts) if parts else None,
            "kstack": s["kstack"][0], "kstack_noise": s["kstack"][1],
            "threads": s["threads"][0],
            "max_idle": max(p["idle"] for p in ps),
            "stack_kib": K.median_of(ps, "stack_kib"),
        }
    return costs


def _claim_memory(points, manifest):
    pts = [p for p in points if p["scenario"] == "idle"]
    costs = memory_costs(pts)
    loops = [c for c in costs.values()
             if M.is_loop(c["model"]) and c["variant"] == ""]
    threads = [c for c in costs.values()
               if M.is_thread(c["model"]) and c["variant"] == ""]
    per_conn = [c for c in threads
                if (c["threads"] is not None
                    and c["threads"] >= THREADS_PER_CONN_MIN)
                or (c["threads"] is None and M.pays_per_conn(c["model"]))]
    if not per_conn:
        per_conn = threads
    if not loops or not per_conn:
        return K.verdict("memory", NO_DATA,
                        "The idle scenario has no memory slopes for both a "
                        "thread-per-connection model and an event loop.", {})
    # Kernel memory counts only when both sides measured it.
    with_kernel = all(c["kernel"] is not None for c in loops + per_conn)

    def total(c):
        return c["user"] + (c["kernel"] if with_kernel else 0.0)

    loop = min(loops, key=total)
    thread = min(per_conn, key=total)
    ratio = total(thread) / max(total(loop), MEM_FLOOR_KIB)
    verdict = grade(ratio, MEM_CONFIRM_RATIO)

    def cost_text(c):
        if not with_kernel:
            return "{} (user)".format(f_kib(c["user"], c["user_noise"]))
        text = "{} user + {} kernel".format(
            f_kib(c["user"], c["user_noise"]),
            f_kib(c["kernel"], c["kernel_noise"]))
        if c["kstack"] is not None and c["kstack"] > MEM_FLOOR_KIB:
            text += " ({} of it kernel stack)".format(
                f_kib(c["kstack"], c["kstack_noise"]))
        return text

    summary = ("{} held {} idle connections at {} each; {} paid {} per "
               "connection: {} as much.").format(
        loop["model"], f_int(loop["max_idle"]), cost_text(loop),
        thread["model"], cost_text(thread), f_ratio(ratio))
    numbers, nonneg = {}, {}
    for c in sorted(costs.values(), key=lambda c: (c["model"], c["variant"])):
        name = c["model"] + (" " + c["variant"] if c["variant"] else "")
        for part, label in (("user", " user KiB/conn"),
                            ("kernel", " kernel KiB/conn"),
                            ("kstack", " kernel stack KiB/conn")):
            if c[part] is not None:
                numbers[name + label] = c[part]
                nonneg[name + label] = c[part + "_noise"]
        numbers[name + " max idle held"] = c["max_idle"]
    numbers["ratio " + thread["model"] + "/" + loop["model"]] = ratio

    # The stack-size knob: thread-per-conn with a small --stack-kib.
    knobs = [c for c in costs.values()
             if c["model"] == thread["model"] and c["variant"] != ""]
    for c in sorted(knobs, key=lambda c: K.z(c["stack_kib"])):
        kib = c["stack_kib"]
        knob = ("--stack-kib {}".format(f_int(kib)) if kib is not None
                else "variant " + c["variant"])
        summary += " With {} it paid {}.".format(knob, f_kib(total(c)))
    costlier = [c["model"] for c in loops if total(c) >= total(thread)]
    if costlier:
        summary += " {} cost as much per connection as {}.".format(
            K.and_list(sorted(costlier)), thread["model"])
    if verdict == REFUTED and ratio > 1:
        summary += (" Threads hold up better than the talks say: the loop "
                    "saved less than the {} that would make per-thread "
                    "overhead the limit.").format(f_ratio(MEM_CONFIRM_RATIO))
    elif verdict == REFUTED:
        summary += (" Threads hold up better than the talks say: here the "
                    "loop's connections cost more.")
    refused = K.refusals([p for p in pts if p["variant"] == ""], "idle",
                        "idle connections")
    if refused:
        summary += " Refused: " + refused + "."
    decision = None
    if verdict == CONFIRMED:
        decision = {"side": "loop", "text": (
            "Use an event loop when you hold many mostly idle connections: "
            "{} kept each for {} against {}'s {}").format(
            loop["model"], f_kib(total(loop)), thread["model"],
            f_kib(total(thread)))}
    elif verdict == REFUTED:
        decision = {"side": "threads", "text": (
            "Use threads when memory per connection is the worry and counts "
            "stay near the {} measured: {} cost {} per idle connection "
            "against {}'s {}").format(
            f_int(thread["max_idle"]), thread["model"], f_kib(total(thread)),
            loop["model"], f_kib(total(loop)))}
    return K.verdict("memory", verdict, summary, numbers, decision, nonneg)


def _at_idle(points, idle):
    """The point with the largest idle count <= idle (ties: median)."""
    have = [p for p in points if p["idle"] is not None and p["idle"] <= idle]
    if not have:
        return None
    top = max(p["idle"] for p in have)
    at = [p for p in have if p["idle"] == top]
    return at[len(at) // 2]


def _bare(models, poller):
    """The single-threaded loop of our own (no library) that waits with
    this poller: the bare system call, as the claim means it."""
    cands = [m for m in sorted(models) if M.poller(m) == poller
             and M.plain(m) and M.kind(m) == "event-loop"]
    return cands[0] if cands else None


def _claim_select(points, manifest):
    pts = K.of(points, "idle")
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
        hi = _at_idle(ps, upto)
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



CLAIMS = [
    Claim("memory", "Per-thread overhead limits connection counts; "
          "event loops store state more cheaply", NAME, "idle_memory", 10,
          _claim_memory),
    Claim("select", "select does not scale with idle connections, epoll "
          "does", NAME, "idle_active", 60, _claim_select),
]
