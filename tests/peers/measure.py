#!/usr/bin/env python3
"""measure.py - a quick table of the peers (not a test, not the harness):
GET / throughput and server CPU per request, and memory with idle
connections, each peer measured the same way as a model.

Usage (the heavy-job lock keeps other benchmarks off the CPUs meanwhile):
  flock /tmp/tve-heavy.lock python3 tests/peers/measure.py \\
      [--conns 50] [--seconds 5] [--idle 1000] [--server-cpu 0] \\
      [--loadgen-cpu 1] [--server-arg=FLAG...] NAME...

NAME is a peer (servers/peers/NAME) or a model (build/servers/NAME).  For
each one:
  - throughput: a fresh server pinned to --server-cpu (taskset), a 1 s
    warm-up, then `build/loadgen -t 1 -c CONNS -d SECONDS` pinned to
    --loadgen-cpu; server CPU is utime + stime summed over the server's
    process tree (/proc/PID/stat) before and after, divided by the requests
    the load generator counted;
  - memory: another fresh server, PSS summed over its process tree
    (/proc/PID/smaps_rollup, so pages shared between processes count once)
    with no connection, then while `build/loadgen --idle IDLE -c 1` holds
    IDLE idle connections; the launcher's own PSS (a bash or Python process
    in front of a real server) is shown apart, and is in the total.
Prints one Markdown table row per NAME.  --server-arg gives every server
one more flag: the web servers run Debian's configuration unless given
--server-arg=--sized=N (which 1,000 idle connections need from Apache).
"""
import argparse
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
LOADGEN = os.path.join(REPO, "build", "loadgen")
TICK = os.sysconf("SC_CLK_TCK")


def tree(root):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    s = f.read()
            except OSError:
                continue
            kids.setdefault(int(s[s.rindex(")") + 2:].split()[1]),
                            []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def cpu_s(pids):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def pss_kib(pids):
    total = 0
    for p in pids:
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def threads(pids):
    n = 0
    for p in pids:
        try:
            n += len(os.listdir("/proc/%d/task" % p))
        except OSError:
            pass
    return n


def path_of(name):
    for d in ("servers/peers", "build/servers"):
        p = os.path.join(REPO, d, name)
        if os.access(p, os.X_OK) and not os.path.isdir(p):
            return p
    sys.exit("measure: no peer or model %s" % name)


class Server:
    def __init__(self, name, cpu, extra=()):
        self.cmd = ["taskset", "-c", str(cpu), path_of(name), "--port", "0",
                    "--idle-timeout", "600", "--header-timeout", "600"]
        self.cmd += list(extra)
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        buf = b""
        end = time.monotonic() + 120
        while b"\n" not in buf and time.monotonic() < end:
            if select.select([self.proc.stdout], [], [], 1)[0]:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                buf += chunk
        m = re.match(rb"listening on [^:]+:(\d+)", buf)
        if not m:
            self.stop()
            sys.exit("measure: %s did not start: %r" % (name, buf))
        self.port = int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                for p in tree(self.proc.pid):
                    os.kill(p, signal.SIGKILL)
                self.proc.wait()
        return self.proc.stdout.read().decode(errors="replace").strip()


def loadgen(cpu, args, port):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run(["taskset", "-c", str(cpu), LOADGEN, "-t", "1"] +
                       args + ["--json", f.name,
                               "http://127.0.0.1:%d/" % port],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        return json.load(open(f.name))


def measure(name, a):
    s = Server(name, a.server_cpu, a.server_arg)
    loadgen(a.loadgen_cpu, ["-c", str(a.conns), "-d", "1s"], s.port)
    c0 = cpu_s(tree(s.proc.pid))
    r = loadgen(a.loadgen_cpu, ["-c", str(a.conns), "-d", "%gs" % a.seconds],
                s.port)
    c1 = cpu_s(tree(s.proc.pid))
    s.stop()
    rps, reqs, errs = r["rps"], r["requests"], r["errors_total"]

    s = Server(name, a.server_cpu, a.server_arg)
    pids = tree(s.proc.pid)
    base = pss_kib(pids)
    launcher = pss_kib([s.proc.pid]) if len(pids) > 1 else 0
    lg = subprocess.Popen(
        ["taskset", "-c", str(a.loadgen_cpu), LOADGEN, "-t", "1", "-c", "1",
         "--idle", str(a.idle), "-d", "6s", "--json", "/dev/null",
         "http://127.0.0.1:%d/" % s.port],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)  # the idle connections open at 5,000 a second
    pids = tree(s.proc.pid)
    idle, nthreads, nprocs = pss_kib(pids), threads(pids), len(pids)
    lg.wait()
    s.stop()
    return ("| %s | %.0f | %.1f | %d | %.1f | %.1f | %.2f | %.1f | %d | %d |"
            % (name, rps, (c1 - c0) * 1e6 / max(reqs, 1), errs,
               base / 1024, idle / 1024, (idle - base) / a.idle,
               launcher / 1024, nprocs, nthreads))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--server-cpu", type=int, default=0)
    ap.add_argument("--loadgen-cpu", type=int, default=1)
    ap.add_argument("--server-arg", action="append", default=[],
                    metavar="FLAG", help="one more flag for every server, "
                    "e.g. --server-arg=--sized=10240 (repeat for more)")
    ap.add_argument("names", nargs="+")
    a = ap.parse_args()
    print("| server | GET / req/s (%d conns, %g s) | server CPU us/req | "
          "errors | PSS idle MiB | PSS with %d idle MiB | KiB per idle conn "
          "| launcher PSS MiB | processes | threads |"
          % (a.conns, a.seconds, a.idle))
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in a.names:
        print(measure(name, a), flush=True)


if __name__ == "__main__":
    main()
