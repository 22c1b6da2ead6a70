#!/usr/bin/env python3
"""soak.py - a long mixed load against each model; every figure must come back.

Usage: scripts/soak.py [--seconds N] [--models "epoll libuv" | epoll,libuv]
                       [--build DIR] [--no-db] [--own-db] [-v]

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

Then the database phase, on the same server (started with --db): a
throwaway PostgreSQL cluster of the soak's own (scripts/pgcluster.py),
or DATABASE_URL's server, which is never stopped: then the kill and the
recovery are skipped, and the first line says so (--own-db starts a
cluster anyway).  Six keep-alive clients cycle through GET /db,
/queries?queries=1..20, /updates?queries=1..20 and /fortunes, each
answer checked (rows, ids, the fortunes' table), beside loadgen on
/queries, /updates and /fortunes:
  before        15% of --seconds (3 to 60 s): every answer a 200
  at rest       the clients gone: descriptors, RSS, threads, processes
  kill          PostgreSQL stopped at once (pg_ctl -m immediate) under
                the clients and 32 more loadgen connections, for 5% of
                --seconds (3 to 30 s): every answer a 200 or a 503, none
                later than 5 s (a pool waits 1 s, a connect gives up after
                2 s: servers/core/db.h), no reset, no hang, no crash
  restart       pg_ctl start: a second of 200s only within 10 s
  after         10% of --seconds (3 to 60 s): every answer a 200
  settle        the clients gone, within --settle seconds: descriptors,
                threads and processes at most the figures at rest
                before the kill, RSS within max(8 MiB, 25%) of them (the
                new descriptors are listed when not)
and the server exits 0 on SIGTERM with nothing on stderr but libpq's
relayed shutdown warnings (counted).  A model whose --about names no
--db-pool and whose GET /db answers 404 or nothing within 5 s does not
serve the database: its line says so (TAP SKIP), not failed.  The
cluster is removed however the soak ends (SIGTERM and Ctrl-C included).

Verdict per model, one TAP line (ok/not ok N - MODEL: figures), and one
for its database phase (MODEL database: figures).  A leak:
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
import collections
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
import pgcluster  # noqa: E402
import server as server_mod  # noqa: E402

HOST = "127.0.0.1"
RSS_SLACK_KIB = 8 * 1024
RSS_SLACK_FRACTION = 0.25
MAX_BODY = 1024 * 1024
# The database phase: every answer, 200 or 503, comes within DB_ANSWER_S
# (a pool waits DB_POOL_WAIT_MS for a connection and a connect gives up
# after DB_CONNECT_TIMEOUT_S, servers/core/db.h), and answers are 200s
# again within DB_RECOVER_S of PostgreSQL's restart (a connection is
# retried every DB_RETRY_MS).
DB_ANSWER_S = 5.0
DB_RECOVER_S = 10.0
DB_CLIENTS = 6
DB_WORLD_ROWS = 10000


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
    ap.add_argument("--no-db", action="store_true",
                    help="leave out the database phase")
    ap.add_argument("--own-db", action="store_true",
                    help="start a throwaway cluster (and kill it) even "
                    "when DATABASE_URL is set")
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


def tcp_sockets(pid, db_port):
    """{socket inode: what it is} of the TCP sockets pid sees: a
    connection to the database, or ports and state."""
    states = {"01": "ESTABLISHED", "06": "TIME_WAIT", "07": "CLOSE",
              "08": "CLOSE_WAIT", "0A": "LISTEN"}
    out = {}
    for name in ("tcp", "tcp6"):
        try:
            with open("/proc/%d/net/%s" % (pid, name)) as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            v = line.split()
            here, there = [int(a.rpartition(":")[2], 16) for a in v[1:3]]
            state = states.get(v[3], v[3])
            out[v[9]] = ("a database connection (%s)" % state
                         if there == db_port else
                         "a TCP socket, port %d->%d %s"
                         % (here, there, state))
    return out


def descriptors(pid, db_port):
    """What pid's process tree has open, one string a descriptor: a
    file's path, a database connection, a TCP socket's ports and state."""
    out = []
    for p in proc_tree(pid):
        tcp = tcp_sockets(p, db_port)
        try:
            fds = os.listdir("/proc/%d/fd" % p)
        except OSError:
            continue
        for fd in fds:
            try:
                t = os.readlink("/proc/%d/fd/%s" % (p, fd))
            except OSError:
                continue
            m = re.match(r"socket:\[(\d+)\]$", t)
            out.append(tcp[m.group(1)] if m and m.group(1) in tcp else t)
    return out


def new_descriptors(before, now):
    """What is open now that was not before (as many of a kind)."""
    extra = collections.Counter(now) - collections.Counter(before)
    return "; ".join("%s%s" % ("%d x " % n if n > 1 else "", what)
                     for what, n in sorted(extra.items())) or "none"


def die_with_parent():
    """In the server's child before exec: it dies with us
    (PR_SET_PDEATHSIG, SIGKILL), so a killed soak leaves no server."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    except Exception:
        pass


def start_server(binary, idle_timeout, db_url=None):
    """The server started and ready (scripts/server.py)."""
    return server_mod.Server([binary, "--port", "0", "--idle-timeout",
                              str(idle_timeout)] +
                             (["--db", db_url] if db_url else []),
                             preexec=die_with_parent)


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
# The database phase


def db_phase_times(seconds):
    """(load before the kill, the outage, load after the recovery) in
    seconds, for a soak of `seconds` a model."""
    def clamp(x, lo, hi):
        return min(hi, max(lo, x))
    return (clamp(seconds * 0.15, 3, 60), clamp(seconds * 0.05, 3, 30),
            clamp(seconds * 0.1, 3, 60))


def db_path(rng):
    """One of TechEmpower's database requests, its row count random."""
    kind = rng.choice(("db", "queries", "updates", "fortunes"))
    if kind in ("queries", "updates"):
        return "/%s?queries=%d" % (kind, rng.randint(1, 20))
    return "/" + kind


def db_check(path, status, headers, body):
    """None when a 200 to `path` carries what TechEmpower's test type
    asks for (or the answer is a 503), else what is wrong."""
    if status == 503:
        return None
    if status != 200:
        return "status %d" % status
    if path == "/fortunes":
        if not headers.get("content-type", "").startswith("text/html"):
            return "Content-Type %r" % headers.get("content-type")
        # TFB's 12 rows, the one added at request time, the header row.
        if body.count(b"<tr>") != 14 or \
                b"Additional fortune added at request time." not in body or \
                b"&lt;script&gt;" not in body:
            return "not the fortunes table: %r" % body[:80]
        return None
    try:
        rows = json.loads(body)
    except ValueError:
        return "not JSON: %r" % body[:80]
    if path == "/db":
        rows = [rows]
    else:
        n = int(path.rpartition("=")[2])
        if not isinstance(rows, list) or len(rows) != n:
            return "not %d rows: %r" % (n, body[:80])
    for row in rows:
        if not (isinstance(row, dict) and
                1 <= row.get("id", 0) <= DB_WORLD_ROWS and
                1 <= row.get("randomNumber", 0) <= DB_WORLD_ROWS):
            return "not a world row: %r" % body[:80]
    return None


class DbClients:
    """Keep-alive clients cycling through /db, /queries, /updates and
    /fortunes until stop, every answer recorded as (sent, seconds,
    path, status or None, problem or None): whether an answer was
    allowed depends on when it came, which only the phase knows."""

    def __init__(self, port, seed, n=DB_CLIENTS):
        self.port = port
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.records = []
        self.threads = [threading.Thread(
            target=self.run, daemon=True,
            args=(random.Random(self.rng.random()),)) for _ in range(n)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def run(self, rng):
        s = r = None
        while not self.stop.is_set():
            path = db_path(rng)
            t0 = time.monotonic()
            status = problem = None
            keep = False
            try:
                if s is None:
                    # Long enough to tell a slow answer from a hang.
                    s = connect(self.port, 2 * DB_ANSWER_S)
                    r = Reader(s)
                s.sendall(req("GET", path))
                status, h, body = r.response()
                problem = db_check(path, status, h, body)
                keep = h.get("connection", "").lower() != "close"
            except Answer as e:
                problem = str(e)
            except OSError as e:
                problem = "%s: %s" % (type(e).__name__, e)
            with self.lock:
                self.records.append((t0, time.monotonic() - t0, path,
                                     status, problem))
            if not keep and s is not None:
                s.close()
                s = None
        if s is not None:
            s.close()

    def since(self, t):
        """The records of the requests sent at or after t."""
        with self.lock:
            return [x for x in self.records if x[0] >= t]

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=4 * DB_ANSWER_S)
        return sum(t.is_alive() for t in self.threads)


def db_loadgens(binary, port, seconds, tmp):
    """loadgen beside the clients while the database is up: every
    answer must be a 200 (wait_loadgens)."""
    base = "http://%s:%d" % (HOST, port)
    d = "%.1fs" % seconds
    runs = [
        ("queries", ["-c", "8", "-R", "200", base + "/queries?queries=10"]),
        ("updates", ["-c", "4", "-R", "50", base + "/updates?queries=5"]),
        ("fortunes", ["-c", "4", "-R", "100", base + "/fortunes"]),
    ]
    out = []
    for name, args in runs:
        path = os.path.join(tmp, name + ".json")
        p = subprocess.Popen([binary, "-t", "1", "-d", d, "--json", path]
                             + args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        out.append(("db " + name, p, path))
    return out


def down_loadgen(p, path, seconds):
    """The problems of the loadgen run while the database is down: its
    errors may be statuses (the 503s), never a timeout or a refused
    connection."""
    try:
        _, err = p.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return ["loadgen while the database was down: did not end"]
    try:
        with open(path) as f:
            j = json.load(f)
    except (OSError, ValueError) as e:
        return ["loadgen while the database was down: exit %d, no JSON "
                "(%s): %s" % (p.returncode, e,
                              err.decode("utf-8", "replace")[-300:])]
    bad = {k: v for k, v in j.get("errors", {}).items()
           if v and k != "status"}
    if bad:
        return ["loadgen while the database was down: errors %s" % bad]
    return []


def conninfo_port(conninfo):
    """The database's port in a libpq URI or key=value string."""
    m = re.search(r"(?:^|\s)port\s*=\s*(\d+)", conninfo) or \
        re.match(r"postgres(?:ql)?://(?:[^@/]*@)?[^/?:]*:(\d+)",
                 conninfo)
    return int(m.group(1)) if m else 5432


def db_serves(port, about):
    """None when the model serves the database, else why it does not:
    --about names --db-pool (the models that reach PostgreSQL), or a
    GET /db answers 200; a 404 or no answer means it does not."""
    if "--db-pool" in (about.get("honours") or []):
        return None
    s = connect(port, DB_ANSWER_S)
    try:
        s.sendall(req("GET", "/db"))
        status, _, _ = Reader(s).response()
    except (Answer, OSError) as e:
        return ("--about names no --db-pool and GET /db got no answer "
                "(%s)" % e)
    finally:
        rst_close(s)
    if status == 200:
        return None
    return "--about names no --db-pool and GET /db answers %d" % status


def db_phase(args, model, binary, server, db, seed):
    """The database phase on a running server: (why it was skipped or
    None, problems, line)."""
    problems = []
    try:
        about = json.loads(subprocess.run(
            [binary, "--about"], capture_output=True, text=True,
            timeout=10).stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired) as e:
        return None, ["--about: %s" % e], "database: no --about"
    why = db_serves(server.port, about)
    if why:
        return why, [], "database"
    pre, outage, post = db_phase_times(args.seconds)
    loadgen = os.path.join(args.build, "loadgen")
    figures = {}
    t_up = None  # when PostgreSQL was back, for the problems' times

    def bad(records, allow_503, what):
        """Counts the records; a wrong answer, or a 503 where none is
        allowed, or an answer later than DB_ANSWER_S, is a problem."""
        ok = n503 = 0
        slowest = 0.0
        wrong = []
        for t0, took, path, status, problem in records:
            slowest = max(slowest, took)
            if problem is None and status == 503 and allow_503:
                n503 += 1
            elif problem is None and status == 200:
                ok += 1
            else:
                wrong.append("%s: %s" % (path, problem or "503"))
                if t_up is not None:
                    wrong[-1] += " (sent %.1f s after the restart)" % (
                        t0 - t_up)
            if took > DB_ANSWER_S:
                wrong.append("%s: answered after %.1f s" % (path, took))
        if wrong:
            problems.append("%s: %d wrong answers: %s" % (
                what, len(wrong), "; ".join(wrong[:3])))
        return ok, n503, slowest

    # Before the kill: the database up, every answer a 200.
    clients = DbClients(server.port, seed).start()
    with tempfile.TemporaryDirectory(prefix="soak-db-") as tmp:
        runs = db_loadgens(loadgen, server.port, pre, tmp)
        requests, lg_errors = wait_loadgens(runs, pre)
    clients.finish()
    problems += lg_errors
    figures["before"] = bad(clients.records, False, "before the kill")
    if not server.alive():
        problems.append("the server died (exit %s)" % server.proc.returncode)
        return None, problems, "database: died before the kill"
    # The figures to come back to: the server at rest after the load.
    before = quiet(server, args.settle)
    before_fds = descriptors(server.pid, conninfo_port(db.url))
    peak = list(before)

    def watch(seconds):
        end = time.monotonic() + seconds
        while server.alive() and time.monotonic() < end:
            s = sample(server.pid)
            for i in range(4):
                peak[i] = max(peak[i], s[i])
            if args.verbose:
                print("# %s database: fds %d, rss %d KiB, threads %d, "
                      "processes %d" % ((model,) + s), flush=True)
            time.sleep(min(1.0, max(0, end - time.monotonic())))

    t_start = t_kill = t_ok = time.monotonic()
    clients = DbClients(server.port, seed + 1).start()
    recovery = ""
    try:
        watch(1.0)
        if db.cluster is not None:
            t_kill = time.monotonic()
            db.cluster.stop("immediate")
            # More clients than the model has database connections, so
            # every one of them meets the dead database.
            with tempfile.TemporaryDirectory(prefix="soak-db-") as tmp:
                path = os.path.join(tmp, "down.json")
                p = subprocess.Popen(
                    [loadgen, "-t", "1", "-d", "%.1fs" % outage, "-c", "32",
                     "--timeout", "%gs" % DB_ANSWER_S, "--json", path,
                     "http://%s:%d/queries?queries=2"
                     % (HOST, server.port)], stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE)
                watch(outage)
                problems += down_loadgen(p, path, outage)
            db.cluster.start()
            t_up = time.monotonic()
            # Back: a second of 200s only, 20 of them at least, within
            # DB_RECOVER_S of the restart.  The model's clock starts when
            # pg_ctl says the database accepts connections.
            t_ok = None
            while server.alive():
                recs = clients.since(t_up)
                last = max([t0 for t0, _, _, st, _ in recs if st != 200],
                           default=t_up)
                oks = [t0 for t0, _, _, st, _ in recs if t0 > last]
                if oks and time.monotonic() - last >= 1.0 and \
                        len(oks) >= 20:
                    t_ok = last
                    break
                if time.monotonic() - t_up > DB_RECOVER_S:
                    break
                watch(0.1)
            first = min([t0 + took for t0, took, _, st, _ in
                         clients.since(t_up) if st == 200], default=None)
            if t_ok is None:
                problems.append("not every answer a 200 again within %.0f "
                                "s of the restart" % DB_RECOVER_S)
                t_ok = time.monotonic()
            recovery = ("; restarted: first 200 %s later, all 200s from "
                        "%.1f s" % ("never" if first is None else "%.1f s"
                                    % (first - t_up), t_ok - t_up))
            figures["down_s"] = t_up - t_kill
        else:
            t_kill = t_ok = t_start
        with tempfile.TemporaryDirectory(prefix="soak-db-") as tmp:
            runs = db_loadgens(loadgen, server.port, post, tmp)
            watch(post)
            after_requests, lg_errors = wait_loadgens(runs, post)
        requests += after_requests
        problems += lg_errors
    finally:
        stuck = clients.finish()
    if stuck:
        problems.append("%d database clients did not stop" % stuck)
    # Answered before the kill: 200s; sent from the kill until the
    # recovery: 200s or 503s; sent after it: 200s again.
    recs = clients.records
    bad([x for x in recs if x[0] + x[1] < t_kill], False, "before the kill")
    figures["down"] = bad([x for x in recs if x[0] + x[1] >= t_kill and
                           x[0] <= t_ok], True, "database down")
    figures["after"] = bad([x for x in recs if x[0] > t_ok], False,
                           "after the recovery")
    if not server.alive():
        problems.append("the server died (exit %s)"
                        % server.proc.returncode)
        end, settled = sample(server.pid), None
    else:
        end, settled = settle(server, before, args.settle)
        if settled is None:
            problems.append(
                "not back at the figures before the kill %.0f s after "
                "the load: fds %d -> %d, threads %d -> %d, processes %d "
                "-> %d, rss %d -> %d KiB" % (
                    args.settle, before[0], end[0], before[2], end[2],
                    before[3], end[3], before[1], end[1]))
            if end[0] > before[0]:
                problems.append("open now and not before the kill: %s"
                                % new_descriptors(before_fds, descriptors(
                                    server.pid, conninfo_port(db.url))))
    b, a = figures["before"], figures["after"]
    if db.cluster is not None:
        d = figures["down"]
        story = ("%.0f s up: %d 200s (slowest %.2f s); killed for %.1f s: "
                 "%d 503s and %d 200s (slowest %.2f s)%s; after: %d 200s "
                 "(slowest %.2f s)" % (pre, b[0], b[2], figures["down_s"],
                                       d[1], d[0], d[2], recovery, a[0],
                                       a[2]))
    else:
        story = ("%.0f s: %d 200s (slowest %.2f s); not killed "
                 "(DATABASE_URL's server); %.0f s more: %d 200s (slowest "
                 "%.2f s)" % (pre, b[0], b[2], post + 1, a[0], a[2]))
    line = ("database: %s; loadgen %d requests; fds %d/%d/%d, rss "
            "%.1f/%.1f/%.1f MiB, threads %d/%d/%d, processes %d/%d/%d "
            "(at rest before the %s/peak/end)%s"
            % (story, requests, before[0], peak[0], end[0],
               before[1] / 1024, peak[1] / 1024, end[1] / 1024, before[2],
               peak[2], end[2], before[3], peak[3], end[3],
               "kill" if db.cluster is not None else "second load",
               "" if settled is None else ", back in %.1f s" % settled))
    return None, problems, line


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


def soak_model(args, model, index, db):
    """[(ok, line)]: the soak's, then the database phase's when db."""
    binary = os.path.join(args.build, "servers", model)
    if not os.access(binary, os.X_OK):
        return [(False, "%s: %s is not built" % (model, binary))]
    try:
        # Longer than the warm-up, the load, the database phase and the
        # settling together.
        server = start_server(binary, int(3 * args.seconds +
                                          3 * args.settle + 300),
                              db.url if db else None)
    except (OSError, server_mod.ServerError) as e:
        return [(False, "%s: does not start: %s" % (model, e))]
    problems = []
    db_skip, db_problems, db_line = None, [], "database"
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
        if db is not None and server.alive():
            if db.error:
                db_problems.append(db.error)
            else:
                db_skip, db_problems, db_line = db_phase(
                    args, model, binary, server, db,
                    args.seed + index + 2000)
        elif db is not None:
            db_problems.append("the server died in the soak")
        last = []
        counts, problem = server.stop(timeout=15)
        if problem:
            last.append("SIGTERM: %s" % problem)
        if counts is None:
            last.append("no summary line on SIGTERM")
        elif counts["refused"]:
            last.append("%d connections refused" % counts["refused"])
        err, notices = server_stderr(server)
        if err:
            last.append("stderr: %s" % err[-500:])
        if notices and not db_skip:
            db_line += ("; libpq printed %d of PostgreSQL's shutdown "
                        "warnings on stderr" % notices)
        # The exit and stderr judge both phases.
        problems += last
        if not db_skip:
            db_problems += last
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
    out = [(not problems, line)]
    if db is None:
        return out
    if db_skip:
        return out + [(True, "%s database # SKIP does not serve the "
                       "database: %s" % (model, db_skip))]
    line = "%s %s" % (model, db_line)
    if db_problems:
        line += "\n" + "\n".join("# " + p for p in db_problems)
    return out + [(not db_problems, line)]


# What libpq's default notice processor prints on the server's stderr
# when PostgreSQL shuts down under a connection: PostgreSQL's words,
# not the server's.
LIBPQ_NOTICE_RE = re.compile(r"^WARNING:  terminating connection due to "
                             r"(immediate shutdown command|administrator "
                             r"command)$")


def server_stderr(server):
    """(the server's stderr without libpq's shutdown notices, how many
    of those there were)."""
    lines = server.stderr_text().strip().splitlines()
    kept = [x for x in lines if not LIBPQ_NOTICE_RE.match(x)]
    return "\n".join(kept).strip(), len(lines) - len(kept)


class Database:
    """The database phase's PostgreSQL: a throwaway cluster of ours
    (cluster, which the phase kills and restarts), or DATABASE_URL's
    server (cluster None: never stopped), or the reason there is none
    (error: every model's database line fails with it)."""

    def __init__(self, url=None, cluster=None, error=None):
        self.url, self.cluster, self.error = url, cluster, error


def open_database(args):
    """The Database for the run and the line that says which it is."""
    url = os.environ.get("DATABASE_URL")
    if url and not args.own_db:
        return Database(url), (
            "# database: DATABASE_URL's server, not ours: it is neither "
            "stopped nor killed, so the kill and the recovery are skipped")
    cluster = pgcluster.Cluster(max_connections=200)
    try:
        cluster.start()
    except (OSError, pgcluster.ClusterError) as e:
        cluster.remove()
        return Database(error="no PostgreSQL cluster: %s" % e), (
            "# database: could not start a throwaway cluster")
    pre, outage, post = db_phase_times(args.seconds)
    return Database(cluster.url, cluster), (
        "# database: a throwaway PostgreSQL cluster on port %d: %.0f s of "
        "load, an immediate stop for %.0f s under load, a restart, %.0f s "
        "of load after the recovery" % (cluster.port, pre, outage, post))


def on_term(signum, frame):
    # SystemExit unwinds through every finally: the servers are stopped
    # and the cluster removed.
    sys.exit(128 + signum)


def main(argv):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, on_term)
    failed = n = 0
    print("# soak: %g s per model, models %s, seed %d"
          % (args.seconds, " ".join(args.models), args.seed), flush=True)
    db = None
    try:
        if not args.no_db:
            db, line = open_database(args)
            print(line, flush=True)
        for i, model in enumerate(args.models):
            for ok, line in soak_model(args, model, i, db):
                n += 1
                if not ok:
                    failed += 1
                print("%s %d - %s" % ("ok" if ok else "not ok", n, line),
                      flush=True)
    finally:
        if db is not None and db.cluster is not None:
            db.cluster.remove()
    print("1..%d" % n, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
