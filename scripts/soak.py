#!/usr/bin/env python3
"""soak.py - a long mixed load against each model; every figure must come back.

Usage: scripts/soak.py [--seconds N] [--models "epoll libuv" | epoll,libuv]
                       [--build DIR] [-v]

For each model: start build/servers/MODEL on port 0 (read its `listening
on` line) with an idle timeout longer than the soak, so that loadgen's idle
connections stay for the whole run (the stallers below still meet the
10 s header timeout), warm it up with a short run of the same mix, let it settle and
take the baseline; then run the mix for --seconds while sampling the
server's descriptors (/proc/PID/fd), RSS and threads once a second (a
process-per-connection model is the whole process tree); stop the load,
close every client, and wait for each figure to come back to its baseline.

The mix, all at once:
  churn         loadgen, a new connection per request (300/s)
  pipelining    loadgen, 4 connections, 16 requests in flight, /bytes
  idle + delay  loadgen, 200 idle connections held beside 50 doing /delay
  bodies        loadgen, POST /echo of 5000 bytes
  canary        one keep-alive client cycling HEAD, Expect: 100-continue,
                GET with a body and pipelined requests, every answer checked
  resets        clients that send part of a request (or all of it: a
                /delay, a big /bytes, an echo) and reset the connection
  slow          clients that trickle a request over a second or two and
                must be answered; and stallers that send half a head and
                wait to be cut off by the header timeout
  non-readers   clients that pipeline 20 MiB of /bytes, never read, and
                leave after a few seconds (half reset, half FIN)
  refused       clients that send a body the server refuses (413, 400)
                and must read the error, then end of file: never a reset

Verdict per model, one TAP line (ok/not ok N - MODEL: figures).  A leak:
after the load, within --settle seconds, descriptors, threads and
processes must be back at their baseline exactly, and RSS within
max(8 MiB, 25%) of it (freed memory may stay with the allocator; a leak
of one buffer per connection grows by that much in a second of churn).
Errors: only the injected ones are allowed.  Any loadgen error, a failed
canary or slow-client answer, a reset where an error response should be,
a refused connection, a server that dies, writes to stderr or does not
exit 0 with its summary on SIGTERM, fails the model.  Exit status 1 when
any model failed, 2 on bad usage.

Python 3 standard library only.
"""

import argparse
import ctypes
import json
import os
import random
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server as server_mod  # noqa: E402

HOST = "127.0.0.1"
RSS_SLACK_KIB = 8 * 1024
RSS_SLACK_FRACTION = 0.25
MAX_BODY = 1024 * 1024


def parse_args(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(
        prog="scripts/soak.py",
        description=__doc__.split("\n\n")[0].split(" - ")[1],
        epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600,
                    help="load time per model (default 600)")
    ap.add_argument("--models", default=None,
                    help="models to soak, space or comma separated "
                    "(default: the Makefile's MODELS)")
    ap.add_argument("--build", default=os.path.join(root, "build"),
                    help="build directory (default build/)")
    ap.add_argument("--settle", type=float, default=20,
                    help="seconds allowed to come back to the baseline "
                    "(default 20)")
    ap.add_argument("--seed", type=int, default=None,
                    help="seed for the injected clients' choices")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print the samples and what each client saw")
    args = ap.parse_args(argv)
    if args.seconds < 1:
        ap.error("--seconds must be at least 1")
    if args.models is None:
        with open(os.path.join(root, "Makefile")) as f:
            m = re.search(r"^MODELS := (.*)$", f.read(), re.M)
        args.models = m.group(1) if m else ""
    args.models = [m for m in re.split(r"[,\s]+", args.models) if m]
    if not args.models:
        ap.error("no models")
    if args.seed is None:
        args.seed = random.randrange(1 << 30)
    return args


# --------------------------------------------------------------------------
# The server and its figures


def proc_tree(pid):
    """pid and every descendant, found through each process's parent."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                data = f.read()
        except OSError:
            continue
        ppid = int(data[data.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += children.get(p, [])
    return tree


def sample(pid):
    """(descriptors, RSS KiB, threads, processes) of pid's process tree."""
    fds = rss = threads = procs = 0
    for p in proc_tree(pid):
        try:
            n = len(os.listdir("/proc/%d/fd" % p))
            with open("/proc/%d/status" % p) as f:
                status = f.read()
        except OSError:
            continue  # it ended meanwhile
        m_rss = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        m_thr = re.search(r"^Threads:\s+(\d+)", status, re.M)
        fds += n
        rss += int(m_rss.group(1)) if m_rss else 0
        threads += int(m_thr.group(1)) if m_thr else 0
        procs += 1
    return fds, rss, threads, procs


def die_with_parent():
    """In the server's child before exec: it dies with us
    (PR_SET_PDEATHSIG, SIGKILL), so a killed soak leaves no server."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except Exception:
        pass


def start_server(binary, idle_timeout):
    """The server started and ready (scripts/server.py)."""
    return server_mod.Server([binary, "--port", "0", "--idle-timeout",
                              str(idle_timeout)], preexec=die_with_parent)


# --------------------------------------------------------------------------
# The injected clients


def req(method, target, headers=(), body=b""):
    lines = ["%s %s HTTP/1.1" % (method, target), "Host: soak"]
    lines += list(headers)
    if body:
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


GET_ROOT = req("GET", "/")


class Answer(Exception):
    """A client did not get the answer the contract promises."""


def connect(port, timeout=10):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def rst_close(s):
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
    except OSError:
        pass
    s.close()


class Reader:
    """Reads responses off a blocking socket: status, headers, body."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            raise Answer("reset by the server")
        except socket.timeout:
            raise Answer("no answer within the timeout")
        if not chunk:
            raise Answer("closed by the server")
        self.buf += chunk

    def response(self, head_only=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        if status == 100:
            return status, headers, b""
        n = 0 if head_only else int(headers["content-length"])
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def eof(self):
        """Waits for the end of file; raises Answer on a reset."""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ConnectionResetError:
                raise Answer("reset instead of end of file")
            except socket.timeout:
                raise Answer("no end of file within the timeout")
            if not chunk:
                return
            if self.buf or chunk:
                raise Answer("bytes after the last response: %r"
                             % (self.buf + chunk)[:80])


def expect(cond, what):
    if not cond:
        raise Answer(what)


class Mix:
    """The Python clients, each kind in its own threads, until stop."""

    def __init__(self, port, seed, verbose):
        self.port = port
        self.rng = random.Random(seed)
        self.verbose = verbose
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.counts = {}
        self.errors = []
        self.socks = set()  # open client sockets, closed at the end
        self.threads = []

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def error(self, kind, e):
        with self.lock:
            self.errors.append("%s: %s" % (kind, e))

    def open(self, timeout=10):
        s = connect(self.port, timeout)
        with self.lock:
            self.socks.add(s)
        return s

    def close(self, s, reset=False):
        with self.lock:
            self.socks.discard(s)
        if reset:
            rst_close(s)
        else:
            s.close()

    def pause(self, seconds):
        return self.stop.wait(seconds)

    def loop(self, kind, fn, n=1):
        def run(rng):
            while not self.stop.is_set():
                try:
                    fn(rng)
                except Answer as e:
                    if not self.stop.is_set():
                        self.error(kind, e)
                except OSError as e:
                    if not self.stop.is_set():
                        self.error(kind, "%s: %s" % (type(e).__name__, e))
        for i in range(n):
            t = threading.Thread(target=run, daemon=True,
                                 args=(random.Random(self.rng.random()),))
            self.threads.append(t)
            t.start()

    # ---- legitimate clients: every answer must be right

    def canary(self, rng):
        s = self.open()
        try:
            r = Reader(s)
            for _ in range(50):
                if self.stop.is_set():
                    return
                s.sendall(req("HEAD", "/bytes?n=777"))
                st, h, _ = r.response(head_only=True)
                expect(st == 200 and h.get("content-length") == "777",
                       "HEAD /bytes: %d %r" % (st, h))
                body = os.urandom(rng.randint(1, 3000))
                s.sendall(req("POST", "/echo", ["Expect: 100-continue"],
                              b"")[:-2] + b"Content-Length: %d\r\n\r\n"
                          % len(body))
                st, _, _ = r.response()
                expect(st == 100, "Expect: got %d, not 100" % st)
                s.sendall(body)
                st, _, got = r.response()
                expect(st == 200 and got == body, "echo after 100: %d" % st)
                s.sendall(req("GET", "/", body=b"skip me") + GET_ROOT * 3)
                for _ in range(4):
                    st, h, got = r.response()
                    expect(st == 200 and got == b"Hello, World!",
                           "GET / (after a skipped body): %d %r"
                           % (st, got[:40]))
                    expect(h.get("server") == "threads-vs-events" and
                           len(h.get("date", "")) == 29, "Server/Date")
                self.count("canary requests", 7)
                self.pause(0.02)
        finally:
            self.close(s)

    def slow(self, rng):
        s = self.open()
        try:
            data = req("GET", "/delay?ms=10", ["X-Slow: yes"])
            cuts = sorted(rng.sample(range(1, len(data)), 3))
            for a, b in zip([0] + cuts, cuts + [len(data)]):
                s.sendall(data[a:b])
                if self.pause(rng.uniform(0.1, 0.5)):
                    return
            st, _, body = Reader(s).response()
            expect(st == 200 and body == b"Hello, World!",
                   "slow request: %d" % st)
            self.count("slow clients answered")
        finally:
            self.close(s)

    def refused(self, rng):
        s = self.open()
        try:
            if rng.random() < 0.5:
                data = req("POST", "/echo", ["Content-Length: %d"
                                             % (2 * MAX_BODY)])
                data += os.urandom(rng.randint(1, 48 * 1024))
                want = 413
            else:
                data = b"GARBAGE\r\n\r\n" + os.urandom(rng.randint(1, 20000))
                want = 400
            s.sendall(data)
            r = Reader(s)
            st, _, _ = r.response()
            expect(st == want, "refused body: %d, expected %d" % (st, want))
            r.eof()
            self.count("refused bodies (error read, then end of file)")
        finally:
            self.close(s)
        self.pause(0.05)

    # ---- injected faults: whatever happens to them is fine

    RESET_REQUESTS = [
        GET_ROOT, req("GET", "/delay?ms=300"), req("GET", "/bytes?n=4000000"),
        req("POST", "/echo", body=os.urandom(100000)), GET_ROOT * 50,
        b"GARBAGE\r\n\r\n" + b"x" * 5000,
        req("HEAD", "/bytes?n=5") + req("GET", "/cpu?us=500"),
    ]

    def resetter(self, rng):
        s = self.open()
        try:
            data = rng.choice(self.RESET_REQUESTS)
            s.sendall(data[:rng.randint(0, len(data))] if rng.random() < 0.5
                      else data)
            if rng.random() < 0.5:
                s.settimeout(0.05)
                try:
                    s.recv(rng.randint(1, 5000))
                except (socket.timeout, OSError):
                    pass
        finally:
            self.close(s, reset=True)
        self.count("resets")
        self.pause(0.02)

    def staller(self, rng):
        s = self.open(timeout=15)
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\nX-Stall:")
            end = time.monotonic() + 15
            while not self.stop.is_set() and time.monotonic() < end:
                r, _, _ = select.select([s], [], [], 0.2)
                if r:
                    try:
                        chunk = s.recv(4096)
                    except ConnectionResetError:
                        chunk = b""
                    if not chunk or chunk.startswith(b"HTTP/1.1 408"):
                        self.count("stallers cut off")
                        return
            self.count("stallers left")
        finally:
            self.close(s)

    def nonreader(self, rng):
        s = self.open()
        try:
            s.setblocking(False)
            data = req("GET", "/bytes?n=1048576") * 20
            end = time.monotonic() + rng.uniform(2, 6)
            while data and time.monotonic() < end and not self.stop.is_set():
                try:
                    data = data[s.send(data):]
                except BlockingIOError:
                    self.pause(0.1)
                except OSError:
                    break
            self.pause(max(0, end - time.monotonic()))
            self.count("non-readers")
        finally:
            self.close(s, reset=rng.random() < 0.5)

    def start(self):
        self.loop("canary", self.canary)
        self.loop("slow", self.slow, 8)
        self.loop("refused", self.refused, 2)
        self.loop("resets", self.resetter, 2)
        self.loop("stallers", self.staller, 4)
        self.loop("non-readers", self.nonreader, 4)

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=20)
        with self.lock:
            socks, self.socks = list(self.socks), set()
        for s in socks:
            rst_close(s)
        alive = sum(t.is_alive() for t in self.threads)
        if alive:
            self.error("mix", "%d client threads did not stop" % alive)


def loadgens(binary, port, seconds, tmp):
    """The loadgen part of the mix: (name, Popen, json path)."""
    base = "http://%s:%d" % (HOST, port)
    d = "%.1fs" % seconds
    runs = [
        ("churn", ["-c", "20", "--new-conn", "-R", "300", base + "/"]),
        ("pipelining", ["-c", "4", "--pipeline", "16", "-R", "3000",
                        base + "/bytes?n=2000"]),
        ("idle+delay", ["-c", "50", "--idle", "200", "-R", "500",
                        base + "/delay?ms=20"]),
        ("bodies", ["-c", "4", "--method", "POST", "--body-size", "5000",
                    "-R", "300", base + "/echo"]),
    ]
    out = []
    for name, args in runs:
        path = os.path.join(tmp, name + ".json")
        p = subprocess.Popen([binary, "-t", "1", "-d", d, "--json", path]
                             + args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        out.append((name, p, path))
    return out


def wait_loadgens(runs, seconds):
    """Waits for each; returns (requests, errors list)."""
    requests, errors = 0, []
    for name, p, path in runs:
        try:
            _, err = p.communicate(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            errors.append("loadgen %s: did not end" % name)
            continue
        try:
            with open(path) as f:
                j = json.load(f)
        except (OSError, ValueError) as e:
            errors.append("loadgen %s: exit %d, no JSON (%s): %s"
                          % (name, p.returncode, e,
                             err.decode("utf-8", "replace")[-300:]))
            continue
        requests += j.get("requests", 0)
        bad = {k: v for k, v in j.get("errors", {}).items() if v}
        if bad or p.returncode not in (0,):
            errors.append("loadgen %s: exit %d, errors %s"
                          % (name, p.returncode, bad))
    return requests, errors


# --------------------------------------------------------------------------
# One model


def within(base, now):
    fds, rss, threads, procs = now
    return (fds <= base[0] and threads <= base[2] and procs <= base[3] and
            rss <= base[1] + max(RSS_SLACK_KIB, base[1] * RSS_SLACK_FRACTION))


def settle(server, base, limit):
    """Samples until within the baseline's tolerance or limit seconds.
    Returns (last sample, seconds taken or None)."""
    t0 = time.monotonic()
    while True:
        now = sample(server.pid)
        if base is not None and within(base, now):
            return now, time.monotonic() - t0
        if time.monotonic() - t0 > limit:
            return now, None
        time.sleep(0.25)


def quiet(server, limit):
    """Waits until two samples a second apart agree (no connection left):
    the baseline is taken from a server at rest."""
    prev = sample(server.pid)
    end = time.monotonic() + limit
    while time.monotonic() < end:
        time.sleep(1)
        now = sample(server.pid)
        if now[0] == prev[0] and now[2] == prev[2] and now[3] == prev[3]:
            return now
        prev = now
    return prev


def run_phase(args, server, seconds, seed, sampler=None):
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        mix = Mix(server.port, seed, args.verbose)
        runs = loadgens(os.path.join(args.build, "loadgen"), server.port,
                        seconds, tmp)
        mix.start()
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            if sampler:
                sampler()
            if not server.alive():
                break
            time.sleep(min(1.0, max(0, seconds - (time.monotonic() - t0))))
        requests, lg_errors = wait_loadgens(runs, seconds)
        mix.finish()
    return mix, requests, lg_errors


def soak_model(args, model, index):
    binary = os.path.join(args.build, "servers", model)
    if not os.access(binary, os.X_OK):
        return False, "%s: %s is not built" % (model, binary)
    try:
        # Longer than the warm-up, the load and the settling together.
        server = start_server(binary, int(args.seconds + args.settle + 120))
    except (OSError, server_mod.ServerError) as e:
        return False, "%s: does not start: %s" % (model, e)
    problems = []
    try:
        # Warm-up: lazy allocations (thread stacks, allocator arenas,
        # pools) happen now, not in the figures.
        warm = min(10.0, max(1.0, args.seconds * 0.05))
        run_phase(args, server, warm, args.seed + index)
        base = quiet(server, args.settle)
        peak = list(base)
        samples = []

        def sampler():
            s = sample(server.pid)
            samples.append(s)
            for i in range(4):
                peak[i] = max(peak[i], s[i])
            if args.verbose:
                print("# %s: fds %d, rss %d KiB, threads %d, processes %d"
                      % ((model,) + s), flush=True)

        t0 = time.monotonic()
        mix, requests, lg_errors = run_phase(args, server, args.seconds,
                                             args.seed + index + 1000,
                                             sampler)
        took = time.monotonic() - t0
        problems += lg_errors
        problems += mix.errors[:10]
        if len(mix.errors) > 10:
            problems.append("... %d more client errors"
                            % (len(mix.errors) - 10))
        if not server.alive():
            problems.append("the server died (exit %s)"
                            % server.proc.returncode)
            end, settled = sample(server.pid), None
        else:
            end, settled = settle(server, base, args.settle)
            if settled is None:
                problems.append(
                    "not back at the baseline %.0f s after the load: fds "
                    "%d -> %d, threads %d -> %d, processes %d -> %d, rss "
                    "%d -> %d KiB" % (args.settle, base[0], end[0], base[2],
                                      end[2], base[3], end[3], base[1],
                                      end[1]))
        counts, problem = server.stop(timeout=15)
        if problem:
            problems.append("SIGTERM: %s" % problem)
        if counts is None:
            problems.append("no summary line on SIGTERM")
        elif counts["refused"]:
            problems.append("%d connections refused" % counts["refused"])
        err = server.stderr_text().strip()
        if err:
            problems.append("stderr: %s" % err[-500:])
    finally:
        server.close()
    injected = ", ".join("%s %d" % kv for kv in sorted(mix.counts.items()))
    line = ("%s: %.0f s, %d loadgen requests, %s served; fds %d/%d/%d, "
            "rss %.1f/%.1f/%.1f MiB, threads %d/%d/%d, processes %d/%d/%d "
            "(baseline/peak/end)%s; clients: %s"
            % (model, took, requests, counts["served"] if counts else "?",
               base[0], peak[0], end[0], base[1] / 1024, peak[1] / 1024,
               end[1] / 1024, base[2], peak[2], end[2], base[3], peak[3],
               end[3], "" if settled is None else
               ", back in %.1f s" % settled, injected))
    if problems:
        line += "\n" + "\n".join("# " + p for p in problems)
    return not problems, line


def main(argv):
    args = parse_args(argv)
    failed = 0
    print("# soak: %g s per model, models %s, seed %d"
          % (args.seconds, " ".join(args.models), args.seed), flush=True)
    for i, model in enumerate(args.models):
        ok, line = soak_model(args, model, i)
        if not ok:
            failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", i + 1, line),
              flush=True)
    print("1..%d" % len(args.models), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
