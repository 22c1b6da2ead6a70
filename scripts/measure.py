"""measure.py - one point's figures from what was sampled: no I/O.

    figures, problems = measure.measure(pt, client, samples, baseline, w)

`client` is the load generator's result (build/loadgen's JSON, or the
same keys parsed from wrk or pgbench); `samples` the server's samples
taken while it ran, oldest first, each a dict with a monotonic time `t`
and what was read then:

    cpu_s rss_kib hwm_kib threads procs     the server's process tree
                                            (/proc, scripts/procmon.py)
    cg_cpu_s cg_mem_kib cg_kmem_kib         the server's own cgroup
    cg_tcp_kib cg_procs cg_threads          (scripts/cgroups.py), when
                                            it has one
    KernelStack SUnreclaim PageTables       the machine (/proc/meminfo,
    tcp_mem tcp_inuse busy_s                /proc/net/sockstat, /proc/stat)

`baseline` is one such sample taken with the server up and no client
connected; `w` a Window: when the client ran and the facts about the
machine the figures need.  The result is a dict of results.csv columns,
and a list of problems: a figure that cannot be true (a negative CPU
delta, fewer processes than connections for a process-per-connection
model), a server that never held every connection ("not settled: N of
M"), a sampler that fell behind.  The runner writes such a point as
failed ("invalid measurement: " and the problems), so that no average
ever includes it.

Pure on purpose: tests/harness/test_measure.py feeds it samples by hand.
"""
import statistics
from dataclasses import dataclass


@dataclass
class Window:
    t0: float                   # the client started (monotonic s)
    t1: float                   # the client exited
    lg_cpu_s: float = 0.0       # the client's CPU by rusage (wrk, pgbench)
    lg_cpus: int = 1            # CPUs the client was pinned to
    kstack_per_thread_kib: int = 16
    shares_machine: bool = True     # client and server on one machine
    cores: int = 1              # the server's machine
    # What the server must hold once every connection is open: ("procs",
    # N) for a process per connection, ("threads", N) for a thread per
    # connection, None when the model makes nothing per connection.
    expect: tuple = None


# A server counts as settled when the measured phase began if a sample
# within this much after it shows every connection held (samples come
# every 0.1 s).
SLACK_S = 0.15


# Machine-wide kernel counters: column, sample key.  They hold both ends
# of every loopback connection and everyone else's noise, so they are
# deltas against the baseline, medians over the steady part of the run.
MACHINE = (("kernel_stack_delta_kib", "KernelStack"),
           ("sock_mem_delta_kib", "tcp_mem"),
           ("slab_delta_kib", "SUnreclaim"),
           ("pagetables_delta_kib", "PageTables"),
           ("tcp_inuse_delta", "tcp_inuse"))
# The two of them that say something a cgroup cannot: the kernel's socket
# memory and sockets for both ends of a loopback connection.
LABELLED = (("machine_sock_mem_delta_kib", "tcp_mem"),
            ("machine_tcp_inuse_delta", "tcp_inuse"))


def at(samples, t, key):
    """The counter `key` at time t, interpolated between the samples that
    have it; None when none has."""
    pts = [(s["t"], s[key]) for s in samples if s.get(key) is not None]
    if not pts:
        return None
    if t <= pts[0][0]:
        return pts[0][1]
    for (ta, a), (tb, b) in zip(pts, pts[1:]):
        if ta <= t <= tb:
            return a if tb == ta else a + (b - a) * (t - ta) / (tb - ta)
    return pts[-1][1]


def largest_gap(samples, key, t_from, t_to):
    """The longest time in [t_from, t_to] not covered by two consecutive
    samples of `key`: how far an interpolated figure may be off."""
    ts = [s["t"] for s in samples if s.get(key) is not None]
    inside = [t for t in ts if t_from < t < t_to]
    before = [t for t in ts if t <= t_from][-1:] or [t_from]
    after = [t for t in ts if t >= t_to][:1] or [t_to]
    edges = before + inside + after
    return max((b - a for a, b in zip(edges, edges[1:])), default=0.0)


def client_figures(pt, c, w):
    """The load generator's own numbers, as results.csv names them."""
    lat = c.get("latency_us", {})
    raw = c.get("latency_raw_us", {})
    err = c.get("errors", {})
    reqs = c.get("requests", 0)
    dur = c.get("duration_s") or pt["duration"]
    out = dict(requests=reqs, duration_s=dur,
               rps=c.get("rps", reqs / dur if dur else 0),
               lat_p50_us=lat.get("p50"), lat_p90_us=lat.get("p90"),
               lat_p99_us=lat.get("p99"), lat_p999_us=lat.get("p99_9"),
               lat_p9999_us=lat.get("p99_99"), lat_max_us=lat.get("max"),
               raw_p99_us=raw.get("p99"),
               errors=c.get("errors_total", sum(err.values())))
    for k in ("connect", "read", "write", "timeout", "status", "mismatch"):
        out["err_" + k] = err.get(k, 0)
    cpu = c.get("cpu") or {}
    lg = (cpu.get("user_s", 0) + cpu.get("sys_s", 0) if "user_s" in cpu
          else w.lg_cpu_s)
    out["loadgen_cpu_s"] = lg
    if reqs:
        out["loadgen_cpu_us_per_req"] = lg / reqs * 1e6
    if "cpu_bound" in c:
        out["client_limited"] = bool(c["cpu_bound"])
    else:
        # A client that says nothing (wrk): busy for 90 % of the wall
        # time on every core it had.
        busy = w.lg_cpu_s / max(1e-9, w.t1 - w.t0) / max(
            1, min(w.lg_cpus, pt["connections"] or 1))
        out["client_limited"] = busy >= 0.9
    return out


def settle(samples, w, m0):
    """When the server first held every connection (w.expect), as seconds
    after the client started, and a problem when it never did or did only
    after the measured phase (from m0) had begun."""
    if not w.expect:
        return None, None
    what, want = w.expect
    run = [s for s in samples if w.t0 - 0.05 <= s["t"] <= w.t1 + 0.05]
    for key in ("cg_" + what, what):
        seen = [s for s in run if s.get(key) is not None]
        if seen:
            break
    else:
        return None, f"not settled: no count of the server's {what}"
    for s in seen:
        if s[key] >= want:
            break
    else:
        # Whether it was still taking connections on (a warm-up too short)
        # or had stopped (its acceptor starved by the connections it
        # already serves): when it last held a new one.
        most = max(s[key] for s in seen)
        t_most = next(s["t"] for s in seen if s[key] == most)
        still = w.t1 - t_most
        return None, (f"not settled: {most} of {want} {what}" + (
            f", no more in its last {still:.1f} s" if still >= 0.5
            else ""))
    # Every connection held, but only once the measured phase had begun:
    # its throughput and CPU are those of a server still taking them on.
    if s["t"] > m0 + SLACK_S:
        held = [x[key] for x in seen if x["t"] <= m0]
        return s["t"] - w.t0, (
            f"not settled: {held[-1] if held else 0} of {want} {what} "
            f"when the measured phase began")
    return max(0.0, s["t"] - w.t0), None


def measure(pt, client, samples, baseline, w):
    out = client_figures(pt, client, w)
    problems = []
    dur = out["duration_s"]
    # The measured phase is the last `dur` seconds before the client
    # exited: the warm-up and the connection set-up come before it.
    m0 = max(w.t0, w.t1 - dur)

    settled_s, why = settle(samples, w, m0)
    if why:
        problems.append(why)
    out["settled_s"] = settled_s
    # Sizes count once every connection is open, never before.
    t_size = w.t0 + settled_s if settled_s is not None else w.t0
    during = [s for s in samples
              if t_size - 0.05 <= s["t"] <= w.t1 + 0.05]

    def peak(key):
        vals = [s[key] for s in during if s.get(key) is not None]
        return max(vals) if vals else None

    # CPU: the cgroup's (every process of the tree, exited ones too) when
    # there is one, else the tree's from /proc; both kept to compare.
    cpu = {}
    for key in ("cg_cpu_s", "cpu_s"):
        a, b = at(samples, m0, key), at(samples, w.t1, key)
        if a is not None and b is not None:
            cpu[key] = b - a
    used = "cg_cpu_s" if "cg_cpu_s" in cpu else "cpu_s"
    use = cpu.get(used)
    # The figure used is read between samples: too far apart (a /proc
    # walk of thousands of processes, throttled to its CPU share) and it
    # is a guess, not a measurement.
    gap = largest_gap(samples, used, m0, w.t1) if use is not None else 0
    if gap > max(1.0, dur / 2):
        problems.append(f"the sampler could not keep up: {gap:.1f} s "
                        f"without a sample of {used} in a {dur:g} s "
                        "measured phase")
    if use is not None:
        if use < 0:
            problems.append(f"negative server CPU time ({use:.3g} s)")
        out["server_cpu_s"] = use
        if out["requests"]:
            out["server_cpu_us_per_req"] = use / out["requests"] * 1e6
    # /proc's reading, kept beside the group's for comparison: it loses
    # the CPU of children reaped between two samples (then it can come
    # out negative, which is no figure at all: left empty).
    proc_cpu = cpu.get("cpu_s")
    out["server_cpu_proc_s"] = (proc_cpu if proc_cpu is None or proc_cpu >= 0
                                else None)

    out["server_rss_kib"] = peak("rss_kib")
    out["server_rss_peak_kib"] = peak("hwm_kib")
    out["server_threads"] = peak("cg_threads") or peak("threads")
    out["server_procs"] = peak("cg_procs") or peak("procs")
    out["server_mem_kib"] = peak("cg_mem_kib")
    out["server_kmem_kib"] = peak("cg_kmem_kib")
    out["server_sock_kib"] = peak("cg_tcp_kib")
    # Kernel stacks: the group's own figure where the method reads one
    # (cgroup-v2's memory.stat kernel_stack), else its tasks times the
    # kernel's stack size (each task has exactly one).
    out["server_kstack_est_kib"] = peak("cg_kstack_kib")
    if out["server_kstack_est_kib"] is None and out["server_threads"]:
        out["server_kstack_est_kib"] = (out["server_threads"]
                                        * w.kstack_per_thread_kib)
    if w.expect and w.expect[0] == "procs" and out["server_procs"] \
            is not None and out["server_procs"] < pt["connections"]:
        problems.append(f"{out['server_procs']} server processes for "
                        f"{pt['connections']} connections (a process per "
                        "connection)")

    # Machine-wide kernel memory over the steady part (the first third of
    # the samples may still be opening connections).  A negative delta is
    # someone else freeing memory: left empty, never averaged in.
    steady = during[len(during) // 3:] or during
    for cols in (MACHINE, LABELLED):
        for col, key in cols:
            vals = [s[key] for s in steady if s.get(key) is not None]
            if not vals or baseline.get(key) is None:
                continue
            d = statistics.median(vals) - baseline[key]
            out[col] = d if d >= 0 else None

    # Noise: CPU the rest of the server's machine used in the measured
    # phase (not the server, not a client on that machine), as a
    # fraction of all its cores.  A quiet machine shows about 0.
    b0, b1 = at(samples, m0, "busy_s"), at(samples, w.t1, "busy_s")
    if None not in (b0, b1, use):
        here = client.get("cpu_on_server_machine_s", out["loadgen_cpu_s"])
        if not w.shares_machine:
            here = 0.0
        share = here * dur / max(dur, w.t1 - w.t0)
        other = (b1 - b0) - use - share
        out["other_cpu_frac"] = max(0.0, other) / (dur * max(1, w.cores))
    return out, problems
