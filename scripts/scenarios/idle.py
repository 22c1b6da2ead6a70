"""idle - idle connections held open beside a few active ones.

The memory lesson: the slope of what the server's own cgroup was charged
(server_mem_kib: user pages and the kernel's memory for it) against idle
connections is what one connection costs each model, and the slope of its
kernel part (server_kmem_kib and the socket buffers charged beside it)
says how much of that the kernel holds.  Kernel stacks are a figure of
their own: the group's (cgroup-v2's memory.stat), or its tasks times the
kernel's stack size where the method has none (cgroup-v1, /proc);
thread-per-conn and process-per-conn, one kernel stack per connection
each, must agree on it within KSTACK_AGREE, and the machine's KernelStack
counter is quoted beside it.  The machine-wide counters that hold both
ends of a loopback connection (TCP sockets in use, socket buffers) move
with everything else on a shared machine: they are not drawn here.  A model
that makes a thread per connection and honours --stack-kib is measured
again with small stacks (variant stack64k).  Older runs, measured before
the server had a cgroup of its own, are read through upgrade_row (their
machine-wide kernel deltas as the kernel part).  The same sweep teaches a
second lesson, what idle connections cost the active ones:
scenarios/idle_active.py.
"""
import kit as K
import models as M
from kit import (CONFIRMED, NO_DATA, REFUTED, Claim, f_int, f_kib, f_pct,
                 f_ratio, grade)

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
# thread-per-conn and process-per-conn each pay one kernel stack per
# connection: their kernel-stack slopes must agree within this fraction of
# the larger (a run where they do not has a stack figure to distrust).
KSTACK_AGREE = 0.20

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


def upgrade_row(row):
    """A results.csv row of an older run, measured before the server had a
    cgroup of its own, with the per-server columns filled the old way:
    RSS plus the machine-wide kernel deltas (stacks, slab, page tables,
    socket buffers) as server_mem_kib, those deltas as its kernel part,
    the machine's KernelStack delta as the stack figure."""
    if K.fnum(row.get("server_mem_kib")) is not None \
            or (row.get("accounting") or "").strip():
        return row
    parts = {k: K.fnum(row.get(k)) for k in (
        "server_rss_kib", "kernel_stack_delta_kib", "slab_delta_kib",
        "pagetables_delta_kib", "sock_mem_delta_kib")}
    if parts["server_rss_kib"] is None:
        return row
    kernel = [parts[k] for k in ("kernel_stack_delta_kib", "slab_delta_kib",
                                 "pagetables_delta_kib")]
    have = [v for v in kernel if v is not None]
    sock = parts["sock_mem_delta_kib"]
    out = dict(row, accounting="machine-wide (older run)")
    out["server_kmem_kib"] = sum(have) if have else ""
    out["server_sock_kib"] = "" if sock is None else sock
    out["server_mem_kib"] = (parts["server_rss_kib"] + sum(have)
                             + (sock or 0.0))
    out["server_kstack_est_kib"] = row.get("kernel_stack_delta_kib", "")
    out["machine_tcp_inuse_delta"] = row.get("tcp_inuse_delta", "")
    out["machine_sock_mem_delta_kib"] = row.get("sock_mem_delta_kib", "")
    return out


def _kernel(r, suffix=""):
    """The kernel's part of a point's charge (KiB): its kernel memory and
    the socket buffers charged beside it."""
    k = K.fnum(r.get("server_kmem_kib" + suffix))
    if k is None:
        return None
    return k + (K.fnum(r.get("server_sock_kib" + suffix)) or 0.0)


# Memory per idle connection, one slope per figure: (key, y of a point).
FIGURES = (("total", lambda p: p["server_mem_kib"]),
           ("kernel", _kernel),
           ("rss", lambda p: p["server_rss_kib"]),
           ("kstack", lambda p: p["server_kstack_est_kib"]),
           ("machine_kstack", lambda p: p["kernel_stack_delta_kib"]),
           ("threads", lambda p: p["server_threads"]))


def idle_slopes(points, model, variant=""):
    """{figure: (slope, noise)} per idle connection of one model and
    variant, from the idle scenario's points: total (KiB, what the
    server's cgroup was charged), kernel (its kernel part), user (total
    less kernel; RSS where the run has no charged total), kstack (the
    group's kernel stacks), kother (kernel less stacks), machine_kstack
    (the machine's KernelStack) and threads."""
    ps = K.select(points, NAME, model, variant)
    out = {key: K.slope_fit([(p["idle"], y(p)) for p in ps])
           for key, y in FIGURES}
    total, kernel = out["total"], out["kernel"]
    if total[0] is None:
        out["user"], out["kernel"] = out["rss"], (None, None)
    else:
        user = K.slope_fit([(p["idle"], p["server_mem_kib"] - _kernel(p))
                            for p in ps if p["server_mem_kib"] is not None
                            and _kernel(p) is not None])
        out["user"] = (total[0] - (kernel[0] or 0.0), user[1])
    stack, kernel = out["kstack"], out["kernel"]
    out["kother"] = (None, None) if kernel[0] is None else (
        kernel[0] - (stack[0] or 0.0), kernel[1])
    return out


def kib(fit, unit="KiB"):
    """A slope of idle_slopes as text: never below zero."""
    return K.fmt_nonneg(fit[0], unit, fit[1])


def kib_text(fit):
    return kib(fit, "")


def accounting(manifest):
    """How the run charged memory to a server (the manifest's
    accounting), "machine-wide (older run)" before it had one."""
    return (manifest or {}).get("accounting") or "machine-wide (older run)"


def stack_source(manifest):
    """How the kernel-stack figure was made, as a phrase."""
    method = accounting(manifest)
    if method == "cgroup-v2":
        return "the group's kernel_stack (cgroup-v2 memory.stat)"
    if method in ("cgroup-v1", "proc"):
        return (f"the group's tasks times the kernel's 16 KiB stack "
                f"({method} keeps no stack figure of its own)")
    return "the machine's KernelStack delta"


def charts(c):
    ix = "idle connections held open"
    method = accounting(c.manifest)
    stack_title = {"cgroup-v2": "the group's own (cgroup-v2)",
                   "cgroup-v1": "tasks x 16 KiB (cgroup-v1 has no figure)",
                   "proc": "threads x 16 KiB (/proc)"}.get(
        method, "machine-wide KernelStack")
    how = {"cgroup-v2": "cgroup-v2", "cgroup-v1": "cgroup-v1",
           "proc": "/proc: PSS + stacks"}.get(
        method, "older run: RSS + machine-wide")

    def with_slope(key, unit="KiB"):
        def fn(m, v, title):
            fit = idle_slopes(c.points, m, v)[key]
            return f"{title}: {kib(fit, unit)}/conn" \
                if fit[0] is not None else title
        return fn

    def kernel(r, suffix=""):
        k = _kernel(r, suffix)
        return None if k is None else max(k, 0.0) / 1024
    panels = []
    for key, fn, ylabel, ptitle, unit in (
            ("total", K.col("server_mem_kib", 1 / 1024),
             "memory charged (MiB)",
             f"the server's memory, user + kernel ({how})", "KiB"),
            ("kernel", kernel, "kernel memory charged (MiB)",
             "its kernel part: stacks, page tables, slab, sockets",
             "KiB"),
            ("kstack", K.col("server_kstack_est_kib", 1 / 1024),
             "kernel stacks (MiB)", f"kernel stacks: {stack_title}",
             "KiB")):
        p = K.Panel(ptitle, ix, ylabel, logx=False, logy=False)
        c.add(p, NAME, lambda r: K.fnum(r["idle"]), fn,
              title_fn=with_slope(key, unit))
        p.limited = []
        p.key = "top left"
        panels.append(p)
    return [K.Chart("idle_memory", panels,
                    "Memory cost of idle connections (slope = memory per "
                    "connection, Theil-Sen)", 1500, 580)]


def paragraph(name, d):
    return text_idle_memory(d)


def stack_agreement(points):
    """(thread-per-conn's, process-per-conn's kernel-stack slope, their
    difference as a fraction of the larger) of the stack figure the
    headline and the verdict show; None without both models."""
    a = idle_slopes(points, "thread-per-conn")["kstack"]
    b = idle_slopes(points, "process-per-conn")["kstack"]
    if a[0] is None or b[0] is None:
        return None
    top = max(abs(a[0]), abs(b[0]), MEM_FLOOR_KIB)
    return a, b, abs(a[0] - b[0]) / top


def stack_sentence(points, manifest):
    got = stack_agreement(points)
    if not got:
        return ""
    a, b, diff = got
    verb = "agree" if diff <= KSTACK_AGREE else "do not agree"
    out = (f"thread-per-conn and process-per-conn each pay one kernel "
           f"stack per connection: theirs grew {kib(a)} and {kib(b)} per "
           f"connection, {f_pct(diff)} apart (they {verb} within "
           f"{f_pct(KSTACK_AGREE)}). ")
    if accounting(manifest) in ("cgroup-v2", "cgroup-v1", "proc"):
        s = [idle_slopes(points, m)["machine_kstack"] for m in
             ("thread-per-conn", "process-per-conn")]
        if None not in (s[0][0], s[1][0]):
            out += ("The machine's KernelStack counter, which every other "
                    f"task on the machine moves too, grew {kib(s[0])} and "
                    f"{kib(s[1])} per connection. ")
    return out


def text_idle_memory(d):
    parts = []
    for m in d.models:
        variants = sorted({r["variant"] for r in d.ok("idle", m, None)})
        for v in variants:
            s = idle_slopes(d.points, m, v)
            if s["user"][0] is None:
                continue
            name = m + (f" ({v})" if v else "")
            if s["kernel"][0] is None:
                parts.append(f"{name} {kib(s['user'])} user (RSS)")
                continue
            parts.append(f"{name} {kib(s['user'])} user + "
                         f"{kib(s['kernel'])} kernel, {kib(s['kstack'])} "
                         "of it kernel stack")
    if not parts:
        return ("Not enough idle points to compute memory per connection "
                "(it needs two idle counts).")
    method = accounting(d.manifest)
    out = ("Memory per idle connection (slopes of the lines): "
           + "; ".join(parts) + ". ")
    if method.startswith("cgroup"):
        out += (f"Each server ran in a cgroup of its own ({method}): "
                "the figures are what the kernel charged to it, user "
                "pages and its kernel memory (stacks, page tables, slab, "
                "socket buffers), and nothing of the load generator's end "
                "of the connections. ")
    elif method == "proc":
        out += ("No cgroup could be had (proc): the figures are the "
                "server's PSS and its threads' kernel stacks, from /proc; "
                "the kernel's other memory for it is not counted. ")
    else:
        out += ("This run predates a cgroup per server: user pages from "
                "/proc, the kernel's part from machine-wide counters, "
                "which count both ends of every loopback connection and "
                "whatever else the machine did meanwhile. ")
    out += (f"Kernel stacks are {stack_source(d.manifest)}; a thread's "
            "kernel stack is in no process's RSS. ")
    out += stack_sentence(d.points, d.manifest)
    out += ("The load generator's end of each loopback connection is in "
            "none of these figures; the machine-wide counters that hold "
            "both ends (TCP sockets in use, socket buffers) move with "
            "everything else on a shared machine and are left out of the "
            "chart. ≈0 (±x) is a slope within its noise (x) of zero.")
    return out + K.refused_sentence(d, "idle")


def _user(d, m):
    s = idle_slopes(d.points, m)
    return kib_text(s["user"]) if s["user"][0] is not None else "-"


def _kernel_cell(d, m):
    s = idle_slopes(d.points, m)
    if s["kernel"][0] is None:
        return "-"
    return (f"{kib_text(s['kernel'])} ({kib_text(s['kstack'])} + "
            f"{kib_text(s['kother'])})")


HEADLINE_NOTE = ("Memory per connection is the slope of what the server's "
                 "own cgroup was charged against idle connections "
                 "(Theil-Sen, over the idle sweep's medians), user + "
                 "kernel; ≈0 (±x) is a slope within its noise x of zero.")
HEADLINE = [("idle: user KiB/conn", _user),
            ("idle: kernel KiB/conn (stack + other)", _kernel_cell)]


def memory_costs(points):
    """{(model, variant): cost dict} of every model with a user slope."""
    costs = {}
    for model, variant in sorted({(p["model"], p["variant"]) for p in
                                  K.of(K.ok(points), NAME, None)}):
        s = idle_slopes(points, model, variant)
        if s["user"][0] is None:
            continue
        ps = K.select(points, NAME, model, variant)
        costs[(model, variant)] = {
            "model": model, "variant": variant, "user": s["user"][0],
            "user_noise": s["user"][1],
            "kernel": s["kernel"][0], "kernel_noise": s["kernel"][1],
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
    agree = stack_agreement(pts)
    if agree:
        numbers["kernel stack KiB/conn thread-per-conn vs process-per-conn"
                ", apart"] = agree[2]

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
