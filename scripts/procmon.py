"""procmon.py - reads a server's memory, threads and CPU time from /proc,
and the machine-wide kernel memory that connections cost.

A thread's kernel stack and a socket's kernel structures are not in the
process's RSS, so a model that looks cheap in RSS can be expensive in the
kernel.  We read both: /proc/<pid>/status and /proc/<pid>/stat for the
process, /proc/meminfo (KernelStack, SUnreclaim, Slab, PageTables) and
/proc/net/sockstat (TCP socket-buffer pages) for the machine.  The machine
numbers include both ends of every loopback connection and any other process
on the machine, so they are read as deltas against a baseline taken just
before the load generator starts.
"""
import math
import os
import statistics
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def proc_status(pid):
    """Returns {'rss_kib', 'hwm_kib', 'threads'} or None if pid is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key == "VmRSS":
                    out["rss_kib"] = int(val.split()[0])
                elif key == "VmHWM":
                    out["hwm_kib"] = int(val.split()[0])
                elif key == "Threads":
                    out["threads"] = int(val.split()[0])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return out


def proc_cpu_s(pid, reaped=True):
    """Returns the process's user+system CPU seconds, with (reaped) those
    of its children it has reaped (cutime, cstime), or None if gone.

    /proc/PID/stat counts in clock ticks (10 ms), and the kernel rounds
    each process down: a thousand children of 1 ms each (a process per
    WebSocket subscriber) would sum to nothing.  So the main thread's
    exact time (/proc/PID/schedstat, nanoseconds) is taken when it is the
    larger figure, which it is for every single-threaded process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) may hold spaces; fields resume after ')'.
    fields = data[data.rindex(")") + 2:].split()
    own = sum(int(v) for v in fields[11:13]) / CLK_TCK
    try:
        with open(f"/proc/{pid}/schedstat") as f:
            own = max(own, int(f.read().split()[0]) / 1e9)
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        pass
    if reaped:
        own += sum(int(v) for v in fields[13:15]) / CLK_TCK
    return own


def proc_tree(pid):
    """pid and every live descendant (a launcher's server, a forking
    server's children), from /proc/<pid>/task/<tid>/children."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return out


def proc_pss_kib(pid):
    """The process's proportional set size: shared pages divided among the
    processes that share them, so a sum over processes counts each once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return None


def machine_kernel():
    """Returns machine-wide kernel memory counters in KiB."""
    out = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, _, val = line.partition(":")
            if key in ("KernelStack", "SUnreclaim", "Slab", "PageTables"):
                out[key] = int(val.split()[0])
    try:
        with open("/proc/net/sockstat") as f:
            for line in f:
                if line.startswith("TCP:"):
                    parts = line.split()[1:]
                    kv = dict(zip(parts[::2], parts[1::2]))
                    out["tcp_mem"] = int(kv.get("mem", 0)) * PAGE_KIB
                    out["tcp_inuse"] = int(kv.get("inuse", 0))
    except FileNotFoundError:
        pass
    return out


def listen_queue(pid, port):
    """Connections waiting in the accept queue of the TCP listener on
    `port` in pid's network namespace (/proc/PID/net/tcp and tcp6: a
    listener's rx_queue is its accept backlog), or None when there is no
    such listener.  Listeners come first in those files, so the read stops
    at the first socket that is not one, however many connections the
    machine holds."""
    want = f":{port:04X}"
    for name in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{name}") as f:
                next(f, None)       # the header line
                for line in f:
                    fields = line.split()
                    if len(fields) < 5 or fields[3] != "0A":
                        break
                    if fields[1].endswith(want):
                        return int(fields[4].split(":")[1], 16)
        except (FileNotFoundError, ProcessLookupError, PermissionError,
                ValueError, IndexError):
            continue
    return None


def machine_busy_s():
    """CPU seconds the whole machine has spent busy (all cores), from the
    first line of /proc/stat: everything but idle and iowait."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    # guest time is already counted in user and nice.
    return (sum(fields[:8]) - idle) / CLK_TCK


def sample(pid):
    """One sample: time, the server's CPU and memory, machine kernel memory.

    The server is the process tree under pid.  One process: its VmRSS.
    Several (a launcher and its server, apache's children, a process per
    connection): their PSS summed, which counts every shared page once
    (RSS summed would count the shared code once per process), with
    their CPU and threads summed."""
    s = {"t": time.monotonic()}
    st = proc_status(pid)
    cpu = proc_cpu_s(pid)
    if st is None or cpu is None:
        s["gone"] = True
    else:
        pids = proc_tree(pid)
        s["procs"] = len(pids)
        if len(pids) > 1:
            pss = 0
            for p in pids[1:]:
                c, ps = proc_cpu_s(p), proc_status(p)
                cpu += c or 0
                if ps:
                    st["threads"] += ps.get("threads", 0)
                pss += proc_pss_kib(p) or 0
            st["rss_kib"] = pss + (proc_pss_kib(pid) or 0)
            st["hwm_kib"] = st["rss_kib"]
        s.update(st)
        s["cpu_s"] = cpu
    s.update(machine_kernel())
    s["busy_s"] = machine_busy_s()
    return s


# The most of one CPU the sampler may take.  A sample reads a few /proc
# files per thread and per process of the server: about 60 ms for a server
# of 3,000 threads, 0.5 s for one of 3,000 processes.  Taken every 0.1 s
# regardless, it would take most of a core from the very server (or load
# generator) it measures, and bias every figure against the models that
# make a thread or a process per connection.
SAMPLER_SHARE = 0.1


class Sampler:
    """Samples a process every `interval` seconds in a background thread,
    or less often when samples are dear: at most SAMPLER_SHARE of a CPU.

    `extra`, when given, is a cheap reading (the server's cgroup: a few
    files however many processes it has) taken on every tick, even when
    the dear /proc walk is skipped; its keys get the prefix "cg_"."""

    def __init__(self, pid, interval=0.1, extra=None, cpus=None):
        self.pid = pid
        self.interval = interval
        self.extra = extra
        # The CPUs the sampling thread may use: not the server's, whose
        # every cycle is the measurement.
        self.cpus = cpus
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _cheap(self, s):
        if self.extra is not None:
            try:
                got = self.extra()
            except OSError:
                got = {}
            s.update(("cg_" + k, v) for k, v in got.items() if v is not None)
        return s

    def take(self):
        """One full sample: the cheap reading and the /proc walk."""
        return self._cheap(sample(self.pid))

    def start(self):
        self.samples.append(self.take())
        self._thread.start()
        return self

    def _run(self):
        if self.cpus:
            os.sched_setaffinity(0, self.cpus)      # this thread only
        due = time.monotonic()
        while not self._stop.wait(self.interval):
            now = time.monotonic()
            if now < due:
                self.samples.append(self._cheap({"t": now}))
                continue
            s = self.take()
            self.samples.append(s)
            if s.get("gone"):
                return
            cost = time.monotonic() - now
            due = now + max(self.interval,
                            cost * (1 - SAMPLER_SHARE) / SAMPLER_SHARE)

    def stop(self):
        self._stop.set()
        self._thread.join()
        s = self.take()
        if not s.get("gone"):
            self.samples.append(s)
        return self.samples


def cpu_at(samples, t, key="cpu_s"):
    """Process CPU seconds at time t, interpolated between samples."""
    pts = [(s["t"], s[key]) for s in samples if key in s]
    if not pts:
        return None
    if t <= pts[0][0]:
        return pts[0][1]
    for (t0, c0), (t1, c1) in zip(pts, pts[1:]):
        if t0 <= t <= t1:
            return c0 if t1 == t0 else c0 + (c1 - c0) * (t - t0) / (t1 - t0)
    return pts[-1][1]


def summarize(samples, baseline, t_from, t_to):
    """Reduces samples in [t_from, t_to] to the numbers a CSV row holds.

    The server's memory is the largest value seen while the load ran (the
    connections are all open then).  Kernel numbers are deltas against
    `baseline`, a sample taken with the server up and no client connected;
    they are machine-wide, so we take the median over the run rather than
    the largest sample: another process starting threads for a moment must
    not pass for the server's cost.
    """
    during = [s for s in samples
              if t_from - 0.05 <= s["t"] <= t_to + 0.05 and "cpu_s" in s]
    if not during:
        during = [s for s in samples if "cpu_s" in s][-1:]
    out = {}
    if not during:
        return out

    def peak(key):
        vals = [s[key] for s in during if key in s]
        return max(vals) if vals else None
    out["server_rss_kib"] = peak("rss_kib")
    out["server_rss_peak_kib"] = peak("hwm_kib")
    out["server_threads"] = peak("threads")
    out["server_procs"] = peak("procs")
    # Skip the first samples while connections are still being opened.
    steady = during[len(during) // 3:] or during
    for key, col in (("KernelStack", "kernel_stack_delta_kib"),
                     ("tcp_mem", "sock_mem_delta_kib"),
                     ("SUnreclaim", "slab_delta_kib"),
                     ("PageTables", "pagetables_delta_kib"),
                     ("tcp_inuse", "tcp_inuse_delta")):
        vals = [s[key] for s in steady if key in s]
        if vals and key in baseline:
            out[col] = statistics.median(vals) - baseline[key]
    return out


def kernel_stack_per_thread_kib():
    """KiB of kernel stack per thread on this machine: KernelStack over the
    number of threads (/proc/loadavg), rounded to a power of two (16 KiB on
    x86-64 with 4 KiB pages)."""
    try:
        with open("/proc/loadavg") as f:
            threads = int(f.read().split()[3].split("/")[1])
        ks = machine_kernel()["KernelStack"]
    except (OSError, ValueError, IndexError, KeyError):
        return 16
    per = ks / max(1, threads)
    return 2 ** round(math.log2(per)) if per > 0 else 16


def stream(pid, interval=0.1, out=None):
    """The remote sampler (scripts/hosts.py): one JSON sample per line on
    stdout, at most SAMPLER_SHARE of a CPU, until the process is gone or
    stdin ends (the harness closes it to stop us), then one last sample.
    Times are this machine's monotonic clock; the harness maps them onto
    its own."""
    import json
    import select
    import sys
    out = out or sys.stdout
    wait = interval
    while True:
        t0 = time.monotonic()
        s = sample(pid)
        out.write(json.dumps(s) + "\n")
        out.flush()
        if s.get("gone"):
            return
        cost = time.monotonic() - t0
        wait = max(interval, cost * (1 - SAMPLER_SHARE) / SAMPLER_SHARE)
        if select.select([sys.stdin], [], [], wait)[0]:
            s = sample(pid)
            if not s.get("gone"):
                out.write(json.dumps(s) + "\n")
            return


if __name__ == "__main__":
    # python3 procmon.py PID [--once]: run on the server's host over ssh.
    import json
    import sys
    try:
        if sys.argv[2:] == ["--once"]:
            print(json.dumps(sample(int(sys.argv[1]))), flush=True)
        else:
            stream(int(sys.argv[1]))
    except (BrokenPipeError, KeyboardInterrupt):
        pass
