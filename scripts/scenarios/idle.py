"""idle - idle connections held open beside a few active ones.

The memory lesson: the slope of the server's memory (user RSS, and the
kernel's: thread stacks, slab, socket buffers) against idle connections is
what one connection costs each model.  A model that makes a thread per
connection and honours --stack-kib is measured again with small stacks
(variant stack64k).  The same sweep teaches a second lesson, what idle
connections cost the active ones: scenarios/idle_active.py.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, REFUTED, Claim, f_int, f_kib, f_ratio,
                 grade)

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
    return [K.Chart("idle_memory", panels,
                    "Memory cost of idle connections (slope = memory per "
                    "connection, Theil-Sen)", 1900, 580)]


def paragraph(name, d):
    return text_idle_memory(d)


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


HEADLINE_NOTE = ("Memory per connection is the slope of memory against idle "
                 "connections (Theil-Sen, over the idle sweep's medians); "
                 "kernel memory is machine-wide; ≈0 (±x) is a slope within "
                 "its noise x of zero.")
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


CLAIMS = [
    Claim("memory", "Per-thread overhead limits connection counts; "
          "event loops store state more cheaply", NAME, "idle_memory", 10,
          _claim_memory),
]
