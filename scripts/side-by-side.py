#!/usr/bin/env python3
"""scripts/side-by-side.py - four pairs of servers measured side by side.

Four measurements, each printed as a Markdown table on stdout (progress and
the exact commands go to stderr):

  echo    128-byte echo at 100 connections: io-uring's server CPU per
          message against epoll's (target: at most 0.85x), msg/s of each.
  cpu     GET /cpu?us=2000 from 8 clients: epoll-per-core against one
          epoll loop, req/s (target: at least 1.5x).  Both servers get both
          CPUs, and the load generator shares them.
  memory  idle connections held open by this script: memory per connection
          of coroutines against thread-per-conn, user (RSS, PSS) plus kernel
          stack (/proc/meminfo KernelStack) (target: at most half).
  veth    the harness's QUICK hello run for epoll and thread-pool over
          loopback and across a veth pair into a network namespace
          (SERVER_NETNS), rounds alternating.

Server CPU is utime+stime from /proc/PID/stat over the measured window; it
is steadier than throughput on a shared machine, so it leads.  The server
runs on CPU 0 and the load generator on CPU 1 where the model has one
thread; servers alternate in rounds (A B A B ...) and the tables show
medians.  Each measurement's rounds hold /tmp/tve-heavy.lock (one hold per
measurement, so others' heavy jobs interleave).  A "bottleneck" column says
"loadgen" when the load generator was busy >= 90% of its core, "server"
when the server was.  "others" is the rest of the machine's CPU use during
the window, in cores: how noisy the run was.

Build into a private checkout if others are editing the tree:
  git worktree add /tmp/sbs HEAD
  scripts/side-by-side.py --tree /tmp/sbs [--rounds 5] [--only echo,cpu]
"""
import argparse
import contextlib
import csv
import fcntl
import glob
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(HERE, "scripts"))
import server  # noqa: E402
LOCK = "/tmp/tve-heavy.lock"
TICK = os.sysconf("SC_CLK_TCK")
PARTS = ("echo", "cpu", "memory", "veth")
BUSY = 0.9  # a side this busy (fraction of its CPUs) is the bottleneck


class Failure(Exception):
    """A measurement could not be made; the message says why."""


def say(*words):
    print(*words, file=sys.stderr, flush=True)


@contextlib.contextmanager
def heavy_lock(what):
    """Holds the machine's heavy-job lock (a flock, like flock(1)); the fd
    is close-on-exec, so no server or load generator inherits it."""
    with open(LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"{what}: waiting for {LOCK} (another heavy job)")
            fcntl.flock(f, fcntl.LOCK_EX)
        yield


def cpu_s(pid):
    """User + system seconds of a process (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def machine_busy_s():
    """Seconds of CPU time the whole machine has spent not idle."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / TICK  # minus idle and iowait


def start_server(tree, model, cpus, *args):
    """One server from the tree, pinned to CPUS ("0" or "0,1"), its port
    read from its `listening on HOST:PORT` line (scripts/server.py)."""
    try:
        return server.Server([f"{tree}/build/servers/{model}", "--port",
                              "0", *args], cpus=cpus.split(","), timeout=10)
    except server.ServerError as e:
        raise Failure(f"{model} did not start: {e}")


def timed_run(tree, srv, cpus, args, url):
    """Runs build/loadgen on CPUS against SRV; returns its JSON plus the
    server's CPU seconds and the others' CPU over the window."""
    with tempfile.NamedTemporaryFile(suffix=".json") as j:
        cmd = ["taskset", "-c", cpus, f"{tree}/build/loadgen", *args,
               "--json", j.name, url]
        c0, m0, t0 = cpu_s(srv.pid), machine_busy_s(), time.monotonic()
        rc = subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
        c1, m1, t1 = cpu_s(srv.pid), machine_busy_s(), time.monotonic()
        if rc not in (0, 1):  # 1: errors were counted, shown in the table
            raise Failure(f"loadgen exited {rc}: {' '.join(cmd)}")
        res = json.load(j)
    wall = t1 - t0
    lg = res["cpu"]["user_s"] + res["cpu"]["sys_s"]
    res["server_cpu_s"] = c1 - c0
    res["server_busy"] = (c1 - c0) / wall
    res["others_cores"] = max(0.0, (m1 - m0) - (c1 - c0) - lg) / wall
    return res


def alternate(rounds, models, what, run_one):
    """Runs run_one(model) for every model, in rounds A B A B ..., all
    under one hold of the heavy lock; returns {model: [result, ...]}."""
    out = {m: [] for m in models}
    with heavy_lock(what):
        for r in range(1, rounds + 1):
            for m in models:
                out[m].append(run_one(m))
                say(f"{what}: round {r}/{rounds} {m}: "
                    f"{out[m][-1]['summary']}")
    return out


def med(rows, key):
    return statistics.median(r[key] for r in rows)


def per_round(a, b, key):
    """The ratio a/b of each round's pair, for the reader to see the noise."""
    return ", ".join(f"{x[key] / y[key]:.2f}" for x, y in zip(a, b))


def bottleneck(rows, server_cores=1):
    """Which side was saturated, in how many of the rounds."""
    lg = sum(r["cpu_busy_fraction"] >= BUSY for r in rows)
    sv = sum(r["server_busy"] >= BUSY * server_cores for r in rows)
    parts = ([f"loadgen {lg}/{len(rows)}"] if lg else []) + (
        [f"server {sv}/{len(rows)}"] if sv else [])
    return ", ".join(parts) or "neither"


def table(head, rows):
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" if i == 0 else "---:"
                         for i in range(len(head))) + "|")
    for row in rows:
        print("| " + " | ".join(str(x) for x in row) + " |")
    print()


def load_row(m, rs, server_cores):
    return [m, f"{med(rs, 'us_per'):.2f}", f"{med(rs, 'rps'):,.0f}",
            f"{med(rs, 'server_busy'):.0%}",
            f"{med(rs, 'cpu_busy_fraction'):.0%}",
            f"{med(rs, 'others_cores'):.2f}", bottleneck(rs, server_cores),
            sum(r["errors_total"] for r in rs)]


def load_rounds(a, what, models, cpus, extra, args, url, unit):
    """Rounds of `build/loadgen ARGS URL` against each of MODELS (started
    with EXTRA flags), the server on cpus[0] and the loadgen on cpus[1];
    prints the table of medians and returns {model: [result, ...]}."""
    say(f"{what}: servers: taskset -c {cpus[0]} build/servers/MODEL --port 0"
        f" {' '.join(extra)}; load: taskset -c {cpus[1]} build/loadgen "
        f"{' '.join(args)} '{url}'")

    def one(m):
        srv = start_server(a.tree, m, cpus[0], *extra)
        try:
            r = timed_run(a.tree, srv, cpus[1], args,
                          url.replace("PORT", str(srv.port)))
        finally:
            srv.close()
        r["us_per"] = r["server_cpu_s"] * 1e6 / max(1, r["requests"])
        r["summary"] = (f"{r['us_per']:.2f} µs/{unit}, {r['rps']:,.0f} "
                        f"{unit}/s, server busy {r['server_busy']:.0%}, "
                        f"loadgen {r['cpu_busy_fraction']:.0%}, others "
                        f"{r['others_cores']:.2f} cores")
        return r

    res = alternate(a.rounds, models, what, one)
    server_cores = len(cpus[0].split(","))
    table(["server", f"server CPU µs/{unit}", f"{unit}/s", "server busy",
           "loadgen busy", "others (cores)", "bottleneck", "errors"],
          [load_row(m, rs, server_cores) for m, rs in res.items()])
    return res


def part_echo(a):
    """io-uring's server CPU per echo message against epoll's."""
    # Closed loop, a saturated server batches more per wakeup the slower
    # its client is; --echo-rate gives both servers the same load instead.
    rate = ["--rate", str(a.echo_rate)] if a.echo_rate else []
    print(f"### io-uring vs epoll: 128-byte echo, 100 connections"
          f"{f', open loop at {a.echo_rate:,} msg/s' if rate else ''} "
          f"(median of {a.rounds} rounds of {a.seconds} s)\n")
    res = load_rounds(a, "echo", ["io-uring", "epoll"], ("0", "1"),
                      ["--proto", "echo"], ["-t", "1", "-c", "100", "--size",
                                            "128", "-d", f"{a.seconds}s",
                                            *rate],
                      "echo://127.0.0.1:PORT", "msg")
    cpu = med(res["io-uring"], "us_per") / med(res["epoll"], "us_per")
    rate = med(res["io-uring"], "rps") / med(res["epoll"], "rps")
    print(f"io-uring / epoll: **{cpu:.2f}x server CPU per message** "
          f"(target <= 0.85x: {'met' if cpu <= 0.85 else 'not met'}), "
          f"{rate:.2f}x msg/s.  Per round, CPU per message: "
          f"{per_round(res['io-uring'], res['epoll'], 'us_per')}; msg/s: "
          f"{per_round(res['io-uring'], res['epoll'], 'rps')}.\n")


def part_cpu(a):
    """epoll-per-core's req/s on /cpu?us=2000 against one loop."""
    print(f"### epoll-per-core vs one epoll loop: GET /cpu?us=2000, 8 "
          f"clients, server and loadgen "
          f"sharing both CPUs (median of {a.rounds} rounds of "
          f"{a.seconds} s)\n")
    res = load_rounds(a, "cpu", ["epoll-per-core", "epoll"], ("0,1", "0,1"),
                      [], ["-t", "1", "-c", "8", "-d", f"{a.seconds}s"],
                      "http://127.0.0.1:PORT/cpu?us=2000", "req")
    ratio = med(res["epoll-per-core"], "rps") / med(res["epoll"], "rps")
    print(f"epoll-per-core / epoll: **{ratio:.2f}x req/s** (target >= 1.5x: "
          f"{'met' if ratio >= 1.5 else 'not met'}; per round: "
          f"{per_round(res['epoll-per-core'], res['epoll'], 'rps')}).  "
          f"Server busy is in cores' worth (200% = both CPUs); the load "
          f"generator and the others take their share of the same two "
          f"CPUs.\n")


def proc_kib(pid):
    """(RSS, PSS) of a process in KiB."""
    with open(f"/proc/{pid}/smaps_rollup") as f:
        v = {l.split()[0]: int(l.split()[1]) for l in f if l[0].isupper()}
    return v["Rss:"], v["Pss:"]


def meminfo_kib(key):
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise Failure(f"/proc/meminfo has no {key}")


def settled(pid, want_sockets):
    """True once the server holds every connection and all its threads
    sleep (each connection's thread or coroutine is parked in read)."""
    socks = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            socks += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
    if socks < want_sockets:
        return False
    for t in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), open(
                f"/proc/{pid}/task/{t}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] != "S":
                return False
    return True


def part_memory(a):
    """Memory per idle connection, coroutines vs thread-per-conn."""
    n = a.idle
    say(f"memory: servers: taskset -c 0 build/servers/MODEL --port 0 "
        f"--idle-timeout 600; this script opens {n} connections that send "
        f"nothing, waits until the server holds them all and its threads "
        f"all sleep, and reads /proc/PID/smaps_rollup and /proc/meminfo")

    def one(m):
        srv = start_server(a.tree, m, "0", "--idle-timeout", "600")
        conns = []
        try:
            rss0, pss0 = proc_kib(srv.pid)
            ks0 = meminfo_kib("KernelStack")
            for _ in range(n):
                conns.append(socket.create_connection(("127.0.0.1",
                                                       srv.port), 10))
            # Polled, not slept on: a condition read from /proc, twice in
            # a row and with the RSS unchanged, within a deadline.
            deadline, last = time.monotonic() + 60, None
            while True:
                now = proc_kib(srv.pid) if settled(srv.pid, n + 1) else None
                if now is not None and now == last:
                    break
                if time.monotonic() > deadline:
                    raise Failure(f"{m}: {n} idle connections never "
                                  f"settled in 60 s")
                last = now
                time.sleep(0.05)
            (rss1, pss1), ks1 = now, meminfo_kib("KernelStack")
        finally:
            for c in conns:
                c.close()
            srv.close()
        r = dict(rss=(rss1 - rss0) / n, pss=(pss1 - pss0) / n,
                 kstack=(ks1 - ks0) / n)
        r["total"] = r["rss"] + r["kstack"]
        r["summary"] = ", ".join(f"{k} {v:.2f} KiB" for k, v in r.items())
        return r

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n + 100:
        raise Failure(f"--idle {n}: the fd limit is {hard} (ulimit -Hn)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, n + 100), hard))
    res = alternate(a.rounds, ["coroutines", "thread-per-conn"], "memory",
                    one)
    print(f"### coroutines vs thread-per-conn: memory per idle connection, "
          f"KiB "
          f"({n} idle connections, median of {a.rounds} rounds)\n")
    table(["server", "RSS", "PSS", "kernel stack", "RSS + kernel stack"],
          [[m] + [f"{med(rs, k):.2f}" for k in ("rss", "pss", "kstack",
                                                 "total")]
           for m, rs in res.items()])
    ratio = med(res["coroutines"], "total") / med(res["thread-per-conn"],
                                                  "total")
    print(f"coroutines / thread-per-conn: **{ratio:.2f}x** user plus kernel "
          f"stack per connection (target <= 0.5x: "
          f"{'met' if ratio <= 0.5 else 'not met'}).  KernelStack is the "
          f"whole machine's, so other processes' births and deaths in the "
          f"window are noise in it (medians of alternating rounds).\n")


@contextlib.contextmanager
def veth_namespace():
    """A network namespace joined to ours by a veth pair, removed on exit
    (normal, error, SIGTERM or Ctrl-C)."""
    tag = os.getpid()
    ns, host_if, ns_if = f"tve-sbs{tag}", f"sbs{tag}h", f"sbs{tag}n"
    net = f"10.{200 + tag % 50}.{tag // 50 % 250}"

    def sh(*cmd):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode:
            raise Failure(f"{' '.join(cmd)}: {p.stderr.strip()}")

    def cleanup():
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True)

    old = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", host_if, "type", "veth", "peer", "name",
           ns_if)
        sh("ip", "link", "set", ns_if, "netns", ns)
        sh("ip", "addr", "add", f"{net}.1/24", "dev", host_if)
        sh("ip", "link", "set", host_if, "up")
        sh("ip", "-n", ns, "addr", "add", f"{net}.2/24", "dev", ns_if)
        sh("ip", "-n", ns, "link", "set", ns_if, "up")
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        say(f"veth: namespace {ns} at {net}.2, veth {host_if}<->{ns_if}")
        yield ns
    finally:
        cleanup()
        signal.signal(signal.SIGTERM, old)


def harness_rows(folder):
    rows = {}
    # The run's own folder, not also the `latest` link to it.
    for f in {os.path.realpath(f) for f in
              glob.glob(f"{folder}/*/results.csv")}:
        with open(f) as fh:
            for r in csv.DictReader(fh):
                if r["status"] == "ok":
                    rows.setdefault((r["model"], int(r["connections"])),
                                    []).append(r)
    return rows


def part_veth(a):
    """The QUICK hello run over loopback and across a veth."""
    out = a.results or tempfile.mkdtemp(prefix="side-by-side-")
    cmd = ["scripts/bench", "--quick", "--scenarios", "hello", "--models",
           "epoll,thread-pool", "--no-report"]
    with veth_namespace() as ns, heavy_lock("veth"):
        for r in range(1, a.harness_rounds + 1):
            for path, env in (("lo", {}), ("veth", {"SERVER_NETNS": ns})):
                env = dict(os.environ, RESULTS_DIR=f"{out}/{path}{r}", **env)
                shown = " ".join(f"{k}={env[k]}" for k in
                                 ("SERVER_NETNS", "RESULTS_DIR") if k in env)
                say(f"veth: round {r}/{a.harness_rounds} {path}: (cd "
                    f"{a.tree} && {shown} {' '.join(cmd)})")
                p = subprocess.run(cmd, cwd=a.tree, env=env,
                                   stdout=sys.stderr)
                if p.returncode:
                    raise Failure(f"scripts/bench exited {p.returncode} "
                                  f"({path}, round {r})")
    lo, ve = ({}, {})
    for r in range(1, a.harness_rounds + 1):
        for mine, path in ((lo, "lo"), (ve, "veth")):
            for k, v in harness_rows(f"{out}/{path}{r}").items():
                mine.setdefault(k, []).extend(v)

    def m(rs, col):
        v = [float(x[col]) for x in rs if x[col]]
        return statistics.median(v) if v else float("nan")

    def limited(rs):
        return sum(x["client_limited"] == "1" for x in rs)

    rows = []
    for k in sorted(set(lo) | set(ve)):
        a_, b_ = lo.get(k, []), ve.get(k, [])
        cells = [k[0], k[1]]
        for col, fmt in (("rps", "{:,.0f}"), ("lat_p99_us", "{:,.0f}"),
                         ("server_cpu_us_per_req", "{:.2f}")):
            x, y = m(a_, col), m(b_, col)
            cells += [fmt.format(x), fmt.format(y), f"{y / x:.2f}x"]
        cells.append(f"{limited(a_)}/{len(a_)}, {limited(b_)}/{len(b_)}")
        rows.append(cells)
    print(f"### loopback vs veth: QUICK hello "
          f"(median of {a.harness_rounds} alternating rounds; results in "
          f"{out})\n")
    table(["model", "conns", "lo req/s", "veth req/s", "veth/lo",
           "lo p99 µs", "veth p99 µs", "veth/lo", "lo CPU µs/req",
           "veth CPU µs/req", "veth/lo", "loadgen-bound lo, veth"], rows)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].split(" - ")[1],
        epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(PARTS),
                    help=f"measurements to make (default {','.join(PARTS)})")
    ap.add_argument("--tree", default=HERE,
                    help="the checkout whose build/ (and harness) is used "
                    "(default: this one); built with make first")
    ap.add_argument("--rounds", type=int, default=5,
                    help="rounds for echo, cpu and memory (default 5)")
    ap.add_argument("--seconds", type=int, default=5,
                    help="seconds of load per run (default 5)")
    ap.add_argument("--echo-rate", type=int, default=0,
                    help="echo: an open-loop rate in msg/s, the same for "
                    "both servers (default 0: closed loop)")
    ap.add_argument("--idle", type=int, default=2000,
                    help="idle connections for memory (default 2000)")
    ap.add_argument("--harness-rounds", type=int, default=3,
                    help="rounds of loopback+veth runs (default 3)")
    ap.add_argument("--results", help="folder for the harness runs "
                    "(default: a new one under /tmp, kept)")
    a = ap.parse_args()
    parts = [p.strip() for p in a.only.split(",") if p.strip()]
    bad = [p for p in parts if p not in PARTS]
    if bad or not parts:
        ap.error(f"--only: unknown {', '.join(bad) or 'empty'}; choose from "
                 f"{', '.join(PARTS)}")
    if min(a.rounds, a.seconds, a.idle, a.harness_rounds) < 1:
        ap.error("--rounds, --seconds, --idle and --harness-rounds must be "
                 "at least 1")
    if len(os.sched_getaffinity(0)) < 2 or not {0, 1} <= os.sched_getaffinity(
            0):
        ap.error("needs CPUs 0 and 1 (server on one, load on the other)")
    a.tree = os.path.abspath(a.tree)
    targets = ["build/loadgen"] + [f"build/servers/{m}" for m in (
        "epoll", "io-uring", "epoll-per-core", "coroutines",
        "thread-per-conn", "thread-pool")]
    say(f"building in {a.tree}: make -s {' '.join(targets)}")
    if subprocess.run(["make", "-s", "-C", a.tree, *targets],
                      stdout=sys.stderr).returncode:
        sys.exit("side-by-side: make failed")
    rev = subprocess.run(["git", "-C", a.tree, "describe", "--always",
                          "--dirty"], capture_output=True,
                         text=True).stdout.strip()
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"## Side by side ({now}, git {rev}, {os.cpu_count()} CPUs, load "
          f"average {os.getloadavg()[0]:.2f} at the start)\n")
    try:
        for p in parts:
            globals()["part_" + p](a)
    except Failure as e:
        sys.exit(f"side-by-side: {e}")
    print(f"Load average at the end: {os.getloadavg()[0]:.2f}.")


if __name__ == "__main__":
    main()
