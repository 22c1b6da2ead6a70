#!/usr/bin/env python3
"""conformance.py - checks one server binary against docs/DESIGN.md's contract.

Usage:
  python3 tests/conformance/conformance.py [--proto http|echo] [--sanitized]
      [--only PATTERN] [--server-arg=FLAG ...] [-v] [--seed N]
      build/servers/<model>

The suite asks the server what it is (`--about`, one JSON line) once at the
start and keys model-specific checks off that answer, never off the name: a
model with a thread per connection must survive a failing pthread_create,
one that honours --offload gets the offload checks when started with it.
The one exception is select(2)'s FD_SETSIZE limit, a property of the system
call rather than of the model, which stays keyed on the name "select".
--server-arg passes one more flag to every server the suite starts, for
example --server-arg=--offload --server-arg=--workers=4.  The output is
TAP: "ok N - what" or
"not ok N - what", "# ..." diagnostics, and the plan "1..N" at the end.  The
exit status is 1 when any check failed.

How it works, so that it stays fast and never flaky:
  - servers are started with --port 0 and the suite reads their stdout up to
    the `listening on HOST:PORT` line; it never sleeps to wait for a server;
  - one server serves most checks; checks that need their own flags or limits
    (timeouts, a low descriptor limit, a failing pthread_create, the summary
    counts) start a dedicated one;
  - every socket has a timeout and every check a deadline (SIGALRM), so a
    hung server fails a check instead of hanging the suite;
  - when a server stops, its exit status, its summary line and (with
    --sanitized) its stderr are checked, so a sanitizer report fails the run.

The database checks (TechEmpower's test types, tests/conformance/tfb.py,
and the faults: a database that is down, comes back, or whose pool is
exhausted) need PostgreSQL: the suite uses $DATABASE_URL when set (tests/run
starts one cluster for the whole run) and otherwise starts a throwaway
cluster of its own (scripts/pgcluster.py); the fault checks always start a
private one, since they stop it.

Python 3.11 standard library only (Debian 12), and Debian's PostgreSQL.
"""

import argparse
import ctypes
import json
import os
import random
import re
import resource
import select
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import tfb
from tfb import pgcluster

HOST = "127.0.0.1"
CURL = "/usr/bin/curl"
HELLO = b"Hello, World!"
MAX_REQUEST_LINE = 4096
MAX_HEAD = 8192
MAX_BODY = 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024
FD_SETSIZE = 1024
# How much a server may grow while clients send and never read.  Each
# connection is bounded by its 16 KiB + 16 KiB buffers; the kernel's socket
# buffers are not in the process's RSS.
RSS_GROWTH_LIMIT_KIB = 64 * 1024
SPIN_CPU_LIMIT_S = 0.3

# docs/DESIGN.md's kinds of model and the optional flags a model may honour.
KINDS = ("process-per-connection", "thread-per-connection", "thread-pool",
         "event-loop", "event-loops-per-core", "completion-ring",
         "coroutines")
HONOURABLE = ("--blocking", "--offload", "--workers", "--stack-kib",
              "--db-pool")
PER_CONNECTION = (None, "thread", "process", "coroutine")

SUMMARY_RE = re.compile(
    r"(\d+) connections accepted, (\d+) requests served, "
    r"(\d+) connections refused"
)
LISTEN_RE = re.compile(r"^listening on 127\.0\.0\.1:(\d+)$")
SANITIZER_MARKERS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "ERROR: ThreadSanitizer",
    "runtime error:",
    "WARNING: ThreadSanitizer",
)


class Failure(Exception):
    """A check found the server breaking the contract."""


class Deadline(Exception):
    """A check ran past its deadline."""


# --------------------------------------------------------------------------
# TAP output


class Tap:
    def __init__(self, verbose):
        self.n = 0
        self.failed = 0
        self.verbose = verbose

    def diag(self, text):
        for line in str(text).splitlines() or [""]:
            print("# " + line, flush=True)

    def result(self, ok, what, diag=None):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what),
              flush=True)
        if diag and (not ok or self.verbose):
            self.diag(diag)

    def plan(self):
        print("1..%d" % self.n, flush=True)


# --------------------------------------------------------------------------
# Servers


def read_proc_stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    # The command name may hold spaces and parentheses; fields after it are
    # plain.
    fields = data[data.rindex(")") + 2:].split()
    # utime and stime are fields 14 and 15 of the whole line.
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def read_rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise Failure("no VmRSS in /proc/%d/status" % pid)


def tree_pss_kib(pid):
    """KiB of PSS summed over pid and its descendants: a model with a
    process per connection is all of its processes.  PSS, not RSS: RSS
    summed counts every page the processes share once in each of them."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    data = f.read()
                parent[int(d)] = int(data[data.rindex(")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += [c for c, pp in parent.items() if pp == p]
    total = 0
    for p in tree:
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass  # a child that just ended
    return total


class Server:
    """One server process started on port 0."""

    def __init__(self, suite, name, extra_args=(), nofile=None,
                 preexec_more=None):
        self.suite = suite
        self.name = name
        self.args = [suite.binary, "--proto", suite.proto, "--port", "0"]
        self.args += suite.server_args + list(extra_args)
        self.stderr_file = tempfile.TemporaryFile()
        self.stdout_rest = b""
        self.stopped = False
        self.returncode = None

        def preexec():
            # The server dies with the suite, even when the suite is killed
            # by a timeout: PR_SET_PDEATHSIG (1), SIGKILL.
            try:
                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
            except Exception:
                pass
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
            if preexec_more is not None:
                preexec_more()

        self.proc = subprocess.Popen(
            self.args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self.stderr_file, preexec_fn=preexec, close_fds=True)
        suite.servers.append(self)
        self.port = self._read_port(suite.scale(15.0))

    def _read_port(self, timeout):
        fd = self.proc.stdout.fileno()
        buf = b""
        end = time.monotonic() + timeout
        while b"\n" not in buf:
            left = end - time.monotonic()
            if left <= 0:
                self.kill()
                raise Failure("%s: no `listening on` line within %.0f s"
                              % (self.name, timeout))
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                rc = self.proc.wait(timeout=5)
                raise Failure("%s: exited %s before listening; stderr:\n%s"
                              % (self.name, rc, self.stderr_text()[-2000:]))
            buf += chunk
        line, _, rest = buf.partition(b"\n")
        self.stdout_rest = rest
        text = line.decode("utf-8", "replace")
        m = LISTEN_RE.match(text)
        if not m:
            self.kill()
            raise Failure("%s: first stdout line is %r, expected "
                          "'listening on 127.0.0.1:PORT'" % (self.name, text))
        port = int(m.group(1))
        if port == 0:
            raise Failure("%s: printed port 0, not the real port" % self.name)
        return port

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def cpu_seconds(self):
        return read_proc_stat(self.pid)

    def rss_kib(self):
        if self.suite.about.get("per_connection") == "process":
            return tree_pss_kib(self.pid)
        return read_rss_kib(self.pid)

    def stderr_text(self):
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode("utf-8", "replace")

    def sanitizer_report(self):
        text = self.stderr_text()
        for marker in SANITIZER_MARKERS:
            i = text.find(marker)
            if i >= 0:
                return text[max(0, i - 200):i + 3000]
        return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.stopped = True

    def stop(self, sig=signal.SIGTERM, timeout=None):
        """Sends sig; returns (returncode, stdout after the listening line,
        seconds it took).  Kills the server if it does not exit in time and
        raises Failure."""
        if timeout is None:
            timeout = self.suite.scale(10.0)
        t0 = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure("%s: still running %.0f s after %s"
                          % (self.name, timeout, signal.Signals(sig).name))
        took = time.monotonic() - t0
        out = self.stdout_rest + self.proc.stdout.read()
        self.proc.stdout.close()
        self.stopped = True
        self.returncode = rc
        return rc, out.decode("utf-8", "replace"), took

    def check_stop(self, what, sig=signal.SIGTERM, expect=None):
        """Stops the server with sig and reports, as checks: exit 0 with one
        summary line, the expectations on its counts, and (with
        --sanitized) a clean stderr.  expect(accepted, served, refused)
        returns None or a complaint.  Returns the counts or None."""
        tap = self.suite.tap
        counts = None
        signame = signal.Signals(sig).name
        try:
            rc, out, took = self.stop(sig)
        except Failure as e:
            tap.result(False, "%s: %s: exits on %s" % (what, self.name,
                                                       signame), str(e))
            self._check_sanitizer(what)
            return None
        lines = [l for l in out.splitlines() if l.strip()]
        m = SUMMARY_RE.search(lines[0]) if len(lines) == 1 else None
        problems = []
        if rc != 0:
            problems.append("exit status %s, expected 0" % rc)
        if m is None:
            problems.append("expected exactly one summary line on stdout, "
                            "got %r" % out)
        else:
            counts = tuple(int(x) for x in m.groups())
            if expect:
                complaint = expect(*counts)
                if complaint:
                    problems.append(complaint)
        diag = "summary: %r; stopped in %.2f s" % (out.strip(), took)
        if problems:
            diag = "\n".join(problems) + "\n" + diag
            err = self.stderr_text().strip()
            if err:
                diag += "\nstderr (tail):\n" + err[-1500:]
        tap.result(not problems, "%s: %s exits 0 with a summary line"
                   % (what, signame), diag)
        self._check_sanitizer(what)
        return counts

    def _check_sanitizer(self, what):
        if self.suite.sanitized:
            report = self.sanitizer_report()
            self.suite.tap.result(
                report is None, "%s: no sanitizer report on stderr" % what,
                report)


# --------------------------------------------------------------------------
# Sockets


def connect(port, timeout=5.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def set_rst_on_close(s):
    # SO_LINGER {1, 0}: close() sends RST instead of FIN.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def rst_close(s):
    try:
        set_rst_on_close(s)
    except OSError:
        pass
    s.close()


def wait_closed(s, timeout):
    """Waits for the peer to close.  Returns (how, extra bytes) where how is
    'eof', 'reset' or 'open' (nothing happened within timeout)."""
    s.settimeout(timeout)
    extra = b""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return "open", extra
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return "open", extra
        except (ConnectionResetError, BrokenPipeError):
            return "reset", extra
        if not chunk:
            return "eof", extra
        extra += chunk
        if len(extra) > 1 << 20:
            return "open", extra


class Response:
    def __init__(self, version, status, reason, headers):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (lowercased name, value)
        self.body = bytearray()
        self.body_len = 0

    def header(self, name):
        vals = [v for n, v in self.headers if n == name.lower()]
        return vals[0] if len(vals) == 1 else (None if not vals else vals)

    def __repr__(self):
        return "<%s %d %s, %d body bytes>" % (
            self.version, self.status, self.reason, self.body_len)


class RespParser:
    """An incremental HTTP/1.x response parser.  Every response must carry a
    Content-Length (the contract says so).  Bodies are kept up to keep_max
    bytes each and only counted beyond."""

    def __init__(self, keep_max=1 << 22):
        self.keep_max = keep_max
        self.buf = bytearray()
        self.cur = None
        self.body_left = 0

    def pending(self):
        return bool(self.buf) or self.cur is not None

    def _head(self, head):
        lines = head.split(b"\r\n")
        m = re.match(rb"^(HTTP/1\.[01]) (\d{3})(?: (.*))?$", lines[0])
        if not m:
            raise Failure("bad status line %r" % lines[0][:200])
        headers = []
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep or not name or name != name.strip():
                raise Failure("bad response header line %r" % line[:200])
            headers.append((name.decode("latin-1").lower(),
                            value.strip().decode("latin-1")))
        r = Response(m.group(1).decode(), int(m.group(2)),
                     (m.group(3) or b"").decode("latin-1"), headers)
        cl = r.header("content-length")
        if cl is None:
            raise Failure("response %d %s has no Content-Length"
                          % (r.status, r.reason))
        if not isinstance(cl, str) or not cl.isdigit():
            raise Failure("response %d has a bad Content-Length %r"
                          % (r.status, cl))
        return r, int(cl)

    def feed(self, data):
        done = []
        mv = memoryview(data)
        i = 0
        while i < len(mv):
            if self.cur is None:
                self.buf += mv[i:]
                i = len(mv)
                end = self.buf.find(b"\r\n\r\n")
                if end < 0:
                    if len(self.buf) > 65536:
                        raise Failure("no end of response head in 64 KiB")
                    break
                head = bytes(self.buf[:end])
                rest = bytes(self.buf[end + 4:])
                self.buf = bytearray()
                self.cur, self.body_left = self._head(head)
                if self.body_left == 0:
                    done.append(self.cur)
                    self.cur = None
                mv = memoryview(rest)
                i = 0
                continue
            take = min(self.body_left, len(mv) - i)
            room = self.keep_max - len(self.cur.body)
            if room > 0:
                self.cur.body += mv[i:i + min(take, room)]
            self.cur.body_len += take
            self.body_left -= take
            i += take
            if self.body_left == 0:
                done.append(self.cur)
                self.cur = None
        return done


class HttpConn:
    """A blocking client connection with a response parser."""

    def __init__(self, port, timeout=5.0, keep_max=1 << 22):
        self.sock = connect(port, timeout)
        self.timeout = timeout
        self.parser = RespParser(keep_max)
        self.ready = []

    def send(self, data):
        self.sock.sendall(data)

    def responses(self, n, timeout=None):
        """Reads until n responses are complete; returns them."""
        end = time.monotonic() + (timeout or self.timeout)
        while len(self.ready) < n:
            left = end - time.monotonic()
            if left <= 0:
                raise Failure("timed out after %d of %d responses"
                              % (len(self.ready), n))
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                continue
            except ConnectionResetError:
                raise Failure("connection reset after %d of %d responses"
                              % (len(self.ready), n))
            if not chunk:
                raise Failure("connection closed after %d of %d responses%s"
                              % (len(self.ready), n,
                                 " (in the middle of one)"
                                 if self.parser.pending() else ""))
            self.ready += self.parser.feed(chunk)
        got, self.ready = self.ready[:n], self.ready[n:]
        return got

    def request(self, data, timeout=None):
        self.send(data)
        return self.responses(1, timeout)[0]

    def expect_closed(self, timeout=None):
        """Fails unless the server closes (FIN or RST) within timeout,
        with no bytes beyond the responses already read."""
        how, extra = wait_closed(self.sock, timeout or self.timeout)
        if self.parser.pending() or self.ready:
            raise Failure("extra bytes after the response")
        if extra:
            raise Failure("unexpected bytes after the response: %r"
                          % extra[:200])
        if how == "open":
            raise Failure("connection still open %.1f s after the response"
                          % (timeout or self.timeout))
        return how

    def close(self):
        self.sock.close()


def req(method, target, headers=(), body=b"", version="HTTP/1.1",
        content_length=True):
    lines = ["%s %s %s" % (method, target, version), "Host: conformance"]
    lines += list(headers)
    if body and content_length:
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


GET_ROOT = req("GET", "/")


def expect_status(resp, status, what=""):
    if resp.status != status:
        raise Failure("%sexpected status %d, got %d %s (body %r)"
                      % (what, status, resp.status, resp.reason,
                         bytes(resp.body[:200])))


def expect_hello(resp, what=""):
    expect_status(resp, 200, what)
    if bytes(resp.body) != HELLO:
        raise Failure("%sexpected body %r, got %r"
                      % (what, HELLO, bytes(resp.body[:200])))


def ask(port, data, timeout=5.0):
    """One request on a fresh connection; returns the response."""
    c = HttpConn(port, timeout)
    try:
        return c.request(data)
    finally:
        c.close()


# --------------------------------------------------------------------------
# Many connections at once, driven by one selector


class MConn:
    """One non-blocking connection in a Multi run.  Subclasses fill out and
    react to data; result ends as 'ok', 'closed' (the server closed or reset
    it before any answer) or 'error: ...'."""

    def __init__(self, sock):
        self.sock = sock
        self.out = bytearray()
        self.result = None
        self.got_any = False

    def chunk(self):
        return self.out[:65536]

    def on_data(self, data):
        raise NotImplementedError

    def on_eof(self, reset):
        if self.result is None:
            if self.got_any:
                self.result = "error: %s after a partial answer" % (
                    "reset" if reset else "closed")
            else:
                self.result = "closed"


def drive(conns, timeout, stop_when_done=True):
    """Runs every connection until each has a result or timeout passes;
    the ones left get 'error: timeout'."""
    sel = selectors.DefaultSelector()
    want = {}
    for c in conns:
        c.sock.setblocking(False)
        ev = selectors.EVENT_READ | (selectors.EVENT_WRITE if c.out else 0)
        sel.register(c.sock, ev, c)
        want[c] = ev
    live = [c for c in conns if c.result is None]
    end = time.monotonic() + timeout
    left_count = len(live)
    while left_count:
        left = end - time.monotonic()
        if left <= 0:
            break
        for key, ev in sel.select(min(left, 1.0)):
            c = key.data
            if c.result is not None and stop_when_done:
                continue
            try:
                if ev & selectors.EVENT_WRITE and c.out:
                    n = c.sock.send(c.chunk())
                    del c.out[:n]
                if ev & selectors.EVENT_READ:
                    data = c.sock.recv(1 << 18)
                    if data:
                        c.got_any = True
                        c.on_data(data)
                    else:
                        c.on_eof(False)
            except BlockingIOError:
                pass
            except (ConnectionResetError, BrokenPipeError):
                c.on_eof(True)
            except Failure as e:
                c.result = "error: %s" % e
            except OSError as e:
                c.result = "error: %s" % e
            if c.result is not None:
                try:
                    sel.unregister(c.sock)
                except (KeyError, ValueError):
                    pass
                continue
            ev = selectors.EVENT_READ | (
                selectors.EVENT_WRITE if c.out else 0)
            if ev != want[c]:
                sel.modify(c.sock, ev, c)
                want[c] = ev
        left_count = sum(1 for c in live if c.result is None)
    sel.close()
    for c in conns:
        if c.result is None:
            c.result = "error: no answer within %.0f s" % timeout


class HttpSeq(MConn):
    """Sends `count` GET / one after the other, checking every answer."""

    def __init__(self, sock, count, request=GET_ROOT):
        super().__init__(sock)
        self.count = count
        self.request = request
        self.done = 0
        self.parser = RespParser()
        self.out += request

    def on_data(self, data):
        for r in self.parser.feed(data):
            expect_hello(r)
            self.done += 1
            if self.done == self.count:
                self.result = "ok"
            else:
                self.out += self.request


class EchoConn(MConn):
    """Sends payload in random chunks and checks it comes back whole."""

    def __init__(self, sock, payload, rng, max_chunk=16384, shut=False):
        super().__init__(sock)
        self.payload = payload
        self.rng = rng
        self.max_chunk = max_chunk
        self.out += payload
        self.back = 0
        self.shut = shut

    def chunk(self):
        return self.out[:self.rng.randint(1, self.max_chunk)]

    def on_data(self, data):
        end = self.back + len(data)
        if end > len(self.payload):
            raise Failure("%d bytes back, only %d sent"
                          % (end, len(self.payload)))
        if self.payload[self.back:end] != data:
            for i, b in enumerate(data):
                if self.payload[self.back + i] != b:
                    raise Failure("byte %d differs" % (self.back + i))
        self.back = end
        if self.back == len(self.payload):
            self.result = "ok"


def connect_many(port, n, timeout=5.0):
    """Opens n connections.  Each is established by the kernel (the listen
    backlog is 4096), whether or not the server has accepted it yet."""
    socks = []
    try:
        for _ in range(n):
            socks.append(connect(port, timeout))
    except BaseException:
        for s in socks:
            s.close()
        raise
    return socks


def tally(conns):
    counts = {}
    for c in conns:
        key = c.result if not c.result.startswith("error") else "error"
        counts[key] = counts.get(key, 0) + 1
    errors = [c.result for c in conns if c.result.startswith("error")]
    return counts, errors


# --------------------------------------------------------------------------
# The suite


class Suite:
    def __init__(self, args):
        self.binary = args.binary
        self.proto = args.proto
        self.sanitized = args.sanitized
        self.model = os.path.basename(args.binary)
        # Extra flags for every server started (--server-arg), and what
        # the server says it is (read_about fills it before the checks).
        self.server_args = list(args.server_arg)
        self.about = {}
        self.about_error = None
        self.about_proc = None
        self.only = re.compile(args.only) if args.only else None
        self.tap = Tap(args.verbose)
        self.verbose = args.verbose
        self.rng = random.Random(args.seed)
        self.seed = args.seed
        self.servers = []
        self.main = None
        self.tests = []

    # Sanitized builds run 2-10x slower: stretch the waits, never the
    # assertions on what the server does.
    def scale(self, seconds):
        return seconds * (3 if self.sanitized else 1)

    def many(self, n):
        return n if not self.sanitized else max(1, n // 5)

    def log(self, text):
        if self.verbose:
            self.tap.diag(text)

    def offloading(self):
        """The servers run with --offload and the model honours it."""
        return "--offload" in self.server_args and \
            "--offload" in self.about.get("honours", ())

    def read_about(self):
        """Runs `BINARY --about` once; keeps the JSON object in self.about
        ({} and self.about_error when the answer is not one JSON object).
        The about checks (cli_checks) then judge the answer."""
        try:
            # With the --server-arg flags, so that "threads" counts what the
            # servers of this run really start (--offload --workers 4).
            p = subprocess.run([self.binary, "--about"] + self.server_args,
                               capture_output=True,
                               timeout=self.scale(10),
                               stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.about_error = "--about: %s" % e
            return
        self.about_proc = p
        lines = p.stdout.decode("utf-8", "replace").splitlines()
        try:
            about = json.loads(lines[0]) if lines else None
        except ValueError as e:
            self.about_error = "--about printed %r: %s" % (lines[0][:200], e)
            return
        if not isinstance(about, dict):
            self.about_error = "--about printed %r, not a JSON object" % (
                p.stdout[:200])
            return
        self.about = about

    # ---- the shared server

    def main_server(self):
        if self.main is None or not self.main.alive():
            self.main = Server(self, "main server")
        return self.main

    # ---- running checks

    def check(self, name, deadline, fn, *args, always=False):
        """Runs one check as one TAP line.  fn returns None or a diagnostic
        string (printed with -v); it raises Failure when the server breaks
        the contract."""
        if self.only and not self.only.search(name) and not always:
            return
        ok, diag = True, None

        def on_alarm(signum, frame):
            raise Deadline()

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.scale(deadline))
        t0 = time.monotonic()
        try:
            diag = fn(*args)
        except Failure as e:
            ok, diag = False, str(e)
        except Deadline:
            ok, diag = False, "deadline of %.0f s passed" % self.scale(
                deadline)
        except Exception:
            ok, diag = False, traceback.format_exc()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        took = time.monotonic() - t0
        diag = ((diag + "\n") if diag else "") + "took %.2f s" % took
        self.tap.result(ok, name, diag)
        # A server that died during a check is reported as its own failure,
        # and the next checks get a fresh one.
        if self.main is not None and not self.main.stopped and \
                not self.main.alive():
            rc = self.main.proc.returncode
            self.tap.result(False, "main server survives: %s" % name,
                            "exited with %s; stderr (tail):\n%s"
                            % (rc, self.main.stderr_text()[-3000:]))
            self.main.stopped = True
            self.main = None

    def run(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = min(20000, hard) if hard != resource.RLIM_INFINITY else 20000
        if soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
        self.tap.diag("model %s, proto %s%s, seed %d, RLIMIT_NOFILE %d"
                      % (self.model, self.proto,
                         ", sanitized" if self.sanitized else "", self.seed,
                         resource.getrlimit(resource.RLIMIT_NOFILE)[0]))
        if not os.access(self.binary, os.X_OK):
            self.tap.result(False, "%s is an executable" % self.binary)
            self.tap.plan()
            return 1
        self.read_about()
        if self.about:
            self.tap.diag("about: %s" % json.dumps(self.about))
        own_db = None
        try:
            if self.proto == "http" and not os.environ.get("DATABASE_URL"):
                # Every server of the suite finds it in the environment.
                own_db = pgcluster.Cluster(max_connections=100)
                own_db.start()
                os.environ["DATABASE_URL"] = own_db.url
            cli_checks(self)
            if self.proto == "http":
                http_checks(self)
            else:
                echo_checks(self)
            if self.main is not None and not self.main.stopped:
                if not self.only or self.only.search("sigterm"):
                    self.main.check_stop("sigterm main server",
                                         expect=expect_served)
                else:
                    self.main.kill()
        finally:
            for s in self.servers:
                if not s.stopped:
                    s.kill()
            if own_db is not None:
                own_db.remove()
        self.tap.plan()
        return 1 if self.tap.failed else 0


def expect_served(accepted, served, refused):
    if accepted == 0 or served == 0:
        return "expected nonzero accepted and served counts"
    return None


# --------------------------------------------------------------------------
# Checks for both protocols


def cli_checks(suite):
    def help_():
        p = subprocess.run([suite.binary, "--help"], capture_output=True,
                           timeout=suite.scale(10), stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise Failure("--help exited %d" % p.returncode)
        if b"usage" not in p.stdout.lower():
            raise Failure("--help printed no usage on stdout: %r"
                          % p.stdout[:300])
        if b"--proto" not in p.stdout or b"--port" not in p.stdout:
            raise Failure("--help does not list --proto and --port")

    def bad_flag():
        p = subprocess.run([suite.binary, "--no-such-flag"],
                           capture_output=True, timeout=suite.scale(10),
                           stdin=subprocess.DEVNULL)
        if p.returncode != 2:
            raise Failure("exited %d, expected 2" % p.returncode)
        if not p.stderr.strip():
            raise Failure("no message on stderr")
        if b"LISTENING ON" in p.stdout.upper():
            raise Failure("started listening anyway")

    def bad_value():
        p = subprocess.run([suite.binary, "--proto", "gopher"],
                           capture_output=True, timeout=suite.scale(10),
                           stdin=subprocess.DEVNULL)
        if p.returncode != 2 or not p.stderr.strip():
            raise Failure("--proto gopher exited %d (stderr %r), expected 2 "
                          "with a message" % (p.returncode, p.stderr[:200]))

    def all_flags():
        # --blocking and --offload exclude each other: under
        # --server-arg=--offload the suite leaves --blocking out.
        blocking = [] if "--offload" in suite.server_args else ["--blocking"]
        srv = Server(suite, "all-flags server",
                     ["--host", HOST, "--workers", "4", "--stack-kib", "1024",
                      "--idle-timeout", "60", "--header-timeout", "10",
                      "--db-pool", "2"]
                     + blocking)
        try:
            if suite.proto == "http":
                expect_hello(ask(srv.port, GET_ROOT))
            else:
                check_echo_once(srv.port)
        finally:
            srv.kill()

    def about():
        if suite.about_error:
            raise Failure(suite.about_error)
        p = suite.about_proc
        if p.returncode != 0:
            raise Failure("--about exited %d" % p.returncode)
        lines = p.stdout.decode("utf-8", "replace").splitlines()
        if len(lines) != 1:
            raise Failure("--about printed %d lines, expected one JSON line: "
                          "%r" % (len(lines), p.stdout[:300]))
        a = suite.about
        problems = []
        if a.get("name") != suite.model:
            problems.append("name %r, the binary is %r"
                            % (a.get("name"), suite.model))
        if a.get("kind") not in KINDS:
            problems.append("kind %r is not one of %s"
                            % (a.get("kind"), ", ".join(KINDS)))
        for key in ("threads", "processes"):
            v = a.get(key)
            if type(v) is not int or v < 1:
                problems.append("%s %r, expected an integer >= 1" % (key, v))
        if a.get("per_connection") not in PER_CONNECTION:
            problems.append("per_connection %r is not one of %s"
                            % (a.get("per_connection"), PER_CONNECTION))
        honours = a.get("honours")
        if not isinstance(honours, list) or \
                any(f not in HONOURABLE for f in honours):
            problems.append("honours %r, expected a list of %s"
                            % (honours, ", ".join(HONOURABLE)))
        for key in ("library", "library_version", "poller"):
            if a.get(key) is not None and not isinstance(a.get(key), str):
                problems.append("%s %r, expected a string or null"
                                % (key, a.get(key)))
        if (a.get("library") is None) != (a.get("library_version") is None):
            problems.append("library %r with library_version %r"
                            % (a.get("library"), a.get("library_version")))
        if problems:
            raise Failure("; ".join(problems))
        return json.dumps(a)

    def blocking_offload():
        p = subprocess.run([suite.binary, "--blocking", "--offload"],
                           capture_output=True, timeout=suite.scale(10),
                           stdin=subprocess.DEVNULL)
        if p.returncode != 2:
            raise Failure("exited %d, expected 2" % p.returncode)
        if b"usage" not in p.stderr.lower():
            raise Failure("no usage message on stderr: %r" % p.stderr[:300])
        if b"LISTENING ON" in p.stdout.upper():
            raise Failure("started listening anyway")

    suite.check("cli: --about prints one JSON line (name, kind, threads, "
                "honours) and exits 0", 15, about)
    suite.check("cli: --blocking with --offload exits 2 with usage on "
                "stderr", 15, blocking_offload)
    suite.check("cli: --help exits 0 with usage on stdout", 15, help_)
    suite.check("cli: every contract flag is accepted (--host --workers "
                "--stack-kib --blocking --idle-timeout --header-timeout "
                "--db-pool)", 20, all_flags)
    suite.check("cli: an unknown flag exits 2 with a message on stderr", 15,
                bad_flag)
    suite.check("cli: a bad --proto value exits 2", 15, bad_value)


def sigint_check(suite):
    """SIGINT stops the server promptly even with an idle keep-alive
    connection and a /delay (or an echo connection) in progress."""
    name = "signals: SIGINT with open connections"
    if suite.only and not suite.only.search(name):
        return
    srv = None
    held = []

    def run():
        nonlocal srv
        srv = Server(suite, "SIGINT server")
        if suite.proto == "http":
            c = HttpConn(srv.port)
            held.append(c)
            expect_hello(c.request(GET_ROOT))
            d = HttpConn(srv.port)
            held.append(d)
            # The answer to GET / proves the /delay behind it was read.
            d.send(GET_ROOT + req("GET", "/delay?ms=60000"))
            expect_hello(d.responses(1)[0])
        else:
            s = connect(srv.port)
            held.append(s)
            s.sendall(b"ping")
            if recv_exact(s, 4) != b"ping":
                raise Failure("no echo")

    suite.check(name + ": server starts and serves", 20, run)
    if srv is not None and not srv.stopped:
        srv.check_stop(name, signal.SIGINT, expect=expect_served)
    for h in held:
        h.close()


def emfile_check(suite):
    """Under a low descriptor limit, connections beyond it are shed (closed),
    the server does not spin on a listening socket it cannot accept from,
    and it recovers once descriptors are free again."""
    name = "emfile"
    if suite.only and not suite.only.search(name):
        return
    if suite.about.get("per_connection") == "process":
        return process_emfile_check(suite, name)
    srv = None
    state = {}

    def run():
        nonlocal srv
        srv = Server(suite, "EMFILE server (RLIMIT_NOFILE 64)", nofile=64)
        socks = connect_many(srv.port, 100)
        state["socks"] = socks
        if suite.proto == "http":
            conns = [HttpSeq(s, 1) for s in socks]
        else:
            conns = [EchoConn(s, b"ping %d\n" % i, suite.rng)
                     for i, s in enumerate(socks)]
        for c in conns:
            c.sock.sendall(bytes(c.out))
            del c.out[:]
        drive(conns, suite.scale(10))
        counts, errors = tally(conns)
        # The served connections stay open, so the server is still out of
        # descriptors.  Only now, with its serving done, measure whether
        # more connections arriving make it burn CPU doing nothing: a
        # window that began before the serving would count the work of
        # accepting and answering (a thread made per connection, slow
        # under TSan) as spinning.
        more = connect_many(srv.port, 20)
        state["socks"] += more
        cpu0 = srv.cpu_seconds()
        t0 = time.monotonic()
        time.sleep(1.0)
        cpu = srv.cpu_seconds() - cpu0
        wall = time.monotonic() - t0
        diag = ("CPU %.2f s in %.2f s with 20 more connections arriving at "
                "the limit; connections: %s" % (cpu, wall, counts))
        if cpu > SPIN_CPU_LIMIT_S:
            raise Failure("server spins at EMFILE: %s" % diag)
        if errors:
            raise Failure("%s; first errors: %s" % (diag, errors[:3]))
        if counts.get("closed", 0) == 0:
            raise Failure("no connection was shed: %s" % diag)
        if counts.get("ok", 0) == 0:
            raise Failure("no connection was served: %s" % diag)
        for s in state["socks"]:
            s.close()
        # Recovery: once clients let go, descriptors come back.
        end = time.monotonic() + suite.scale(10)
        while True:
            try:
                if suite.proto == "http":
                    expect_hello(ask(srv.port, GET_ROOT))
                else:
                    check_echo_once(srv.port)
                break
            except (Failure, OSError) as e:
                # The server closes its side of the 100 connections as it
                # notices them; until then a new one may still be shed.
                if time.monotonic() > end:
                    raise Failure("no recovery after closing: %s" % e)
                time.sleep(0.05)
        return diag

    suite.check(name + ": 100 connections at RLIMIT_NOFILE 64: excess shed, "
                "no spin, recovery", 40, run)
    for s in state.get("socks", []):
        s.close()
    if srv is not None and not srv.stopped:
        srv.check_stop(name, expect=lambda a, s, r: None if r > 0 else
                       "expected refused > 0 after shedding")


def process_emfile_check(suite, name):
    """A model with a process per connection: the descriptor limit is per
    process, and the parent holds a connection's descriptor only from
    accept() to fork(), so at RLIMIT_NOFILE 64 all 100 connections are
    served (each child has its own table), and nothing spins."""
    srv = None
    state = {}

    def run():
        nonlocal srv
        srv = Server(suite, "EMFILE server (RLIMIT_NOFILE 64)", nofile=64)
        socks = connect_many(srv.port, 100)
        state["socks"] = socks
        if suite.proto == "http":
            conns = [HttpSeq(s, 1) for s in socks]
        else:
            conns = [EchoConn(s, b"ping %d\n" % i, suite.rng)
                     for i, s in enumerate(socks)]
        cpu0 = srv.cpu_seconds()
        drive(conns, suite.scale(20))
        cpu = srv.cpu_seconds() - cpu0
        counts, errors = tally(conns)
        diag = "parent CPU %.2f s; connections: %s" % (cpu, counts)
        if errors or counts.get("ok", 0) != len(conns):
            raise Failure("expected all %d served: %s; first errors: %s"
                          % (len(conns), diag, errors[:3]))
        if cpu > SPIN_CPU_LIMIT_S:
            raise Failure("the parent spins: %s" % diag)
        return diag

    suite.check(name + ": 100 connections at RLIMIT_NOFILE 64, a process "
                "each: all served, no spin", 40, run)
    for s in state.get("socks", []):
        s.close()
    if srv is not None and not srv.stopped:
        srv.check_stop(name, expect=lambda a, s, r: None if r == 0 and
                       a >= 100 else "expected 100 accepted, 0 refused")


def spawn_failure_check(suite):
    """What a model makes per connection can fail to be made: a process
    (fork() fails: the server runs with RLIMIT_NPROC 0, as nobody when the
    suite is root, whom the limit does not bind) or a coroutine (its
    --stack-kib 1 TiB stack cannot be mapped).  Each connection must be
    closed unanswered and counted refused, the failure said on stderr
    (fork), and the server must go on without spinning.  Threads have
    their own check (thread_failure_check)."""
    per = suite.about.get("per_connection")
    if per == "process":
        name = "processes: fork failing (RLIMIT_NPROC 0)"

        def no_fork():
            if os.getuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
            # LeakSanitizer's exit check clones a tracer task, which the
            # limit forbids too (it would exit 1): no leak check for this
            # one server; every other server of the suite keeps it.
            if suite.sanitized:
                os.environ["ASAN_OPTIONS"] = os.environ.get(
                    "ASAN_OPTIONS", "") + ":detect_leaks=0"

        args, more = [], no_fork
    elif per == "coroutine":
        name = "coroutines: stack mapping failing (--stack-kib 1 TiB)"
        args, more = ["--stack-kib", "1073741824"], None
    else:
        return
    if suite.only and not suite.only.search(name):
        return
    state = {}

    def run():
        srv = Server(suite, "spawn-failure server", args, preexec_more=more)
        state["srv"] = srv
        cpu0 = srv.cpu_seconds()
        for i in range(3):
            s = connect(srv.port)
            try:
                try:
                    s.sendall(GET_ROOT if suite.proto == "http" else b"ping")
                except (ConnectionResetError, BrokenPipeError):
                    pass
                how, extra = wait_closed(s, suite.scale(5))
                if how == "open":
                    raise Failure("connection %d neither served nor closed "
                                  "in 5 s" % i)
                if extra:
                    raise Failure("served %r although nothing could be "
                                  "made for it" % extra[:60])
            finally:
                s.close()
        cpu = srv.cpu_seconds() - cpu0
        if not srv.alive():
            raise Failure("server died")
        if cpu > SPIN_CPU_LIMIT_S:
            raise Failure("server spins: %.2f s of CPU" % cpu)
        if per == "process" and "fork" not in srv.stderr_text():
            raise Failure("nothing about fork on stderr: %r"
                          % srv.stderr_text()[-300:])
        return "CPU %.2f s" % cpu

    suite.check(name + ": connections closed, server alive", 30, run)
    srv = state.get("srv")
    if srv is not None and not srv.stopped:
        srv.check_stop(name, expect=lambda a, s, r: None if r >= 3 else
                       "expected refused >= 3, got %d" % r)


def many_connections_check(suite, what):
    """1,000 concurrent connections all served; select refuses the ones past
    FD_SETSIZE cleanly instead."""
    # Keyed on the name on purpose: FD_SETSIZE is a limit of select(2)
    # itself, not something a model could report about itself.
    is_select = suite.model == "select"
    n = suite.many(1100 if is_select else 1000)
    if suite.sanitized and is_select:
        n = 1100  # the refusal is the point
    name = "concurrency: %d concurrent %s connections" % (n, what)
    if suite.only and not suite.only.search(name):
        return
    srv = None
    state = {}

    def run():
        nonlocal srv
        srv = Server(suite, "many-connections server")
        socks = connect_many(srv.port, n)
        state["socks"] = socks
        if suite.proto == "http":
            conns = [HttpSeq(s, 3) for s in socks]
        else:
            conns = [EchoConn(s, suite.rng.randbytes(suite.rng.randint(
                1, 2000)), suite.rng) for s in socks]
        drive(conns, suite.scale(30))
        counts, errors = tally(conns)
        diag = "results: %s" % counts
        if errors:
            raise Failure("%s; first errors: %s" % (diag, errors[:5]))
        ok = counts.get("ok", 0)
        closed = counts.get("closed", 0)
        if is_select:
            # fds 0-2 and the listening socket at least are taken, so at
            # most FD_SETSIZE - 4 connections fit.
            if closed < n - (FD_SETSIZE - 4):
                raise Failure("select served %d, refused %d of %d: the "
                              "ones past FD_SETSIZE must be refused"
                              % (ok, closed, n))
            if ok < 900:
                raise Failure("select served only %d of %d" % (ok, n))
        elif closed:
            raise Failure("%d connections were closed unanswered: %s"
                          % (closed, diag))
        for s in socks:
            s.close()
        # Still serves afterwards.
        if suite.proto == "http":
            expect_hello(ask(srv.port, GET_ROOT))
        else:
            check_echo_once(srv.port)
        return diag

    suite.check(name, 90, run)
    for s in state.get("socks", []):
        s.close()
    if srv is not None and not srv.stopped:
        def expect(accepted, served, refused):
            if is_select and refused == 0:
                return "select refused connections but counted none"
            if not is_select and refused:
                return "%d connections counted refused" % refused
            if accepted < (FD_SETSIZE - 100 if is_select else n):
                return "only %d connections counted accepted" % accepted
            return None
        srv.check_stop("concurrency", expect=expect)


def reset_storm_check(suite, requests):
    name = "reset storm: 500 connections send and reset at once"
    if suite.only and not suite.only.search(name):
        return

    def run():
        srv = suite.main_server()
        rng = suite.rng
        for i in range(suite.many(500)):
            s = connect(srv.port)
            data = requests[i % len(requests)]
            cut = rng.randint(0, len(data))
            try:
                s.sendall(data[:cut] if i % 3 else data)
            except OSError:
                pass
            rst_close(s)
        if suite.proto == "http":
            expect_hello(ask(srv.port, GET_ROOT, timeout=suite.scale(5)))
        else:
            check_echo_once(srv.port)

    suite.check(name, 40, run)


def recv_exact(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise Failure("closed after %d of %d bytes" % (len(got), n))
        got += chunk
    return got


def check_echo_once(port, size=1000):
    s = connect(port)
    try:
        data = os.urandom(size)
        s.sendall(data)
        got = b""
        while len(got) < size:
            chunk = s.recv(65536)
            if not chunk:
                raise Failure("closed after %d of %d echoed bytes"
                              % (len(got), size))
            got += chunk
        if got != data:
            raise Failure("echo differs")
    finally:
        s.close()


def nonreading_check(suite, name, nconns, seconds, make_chunk, limit_total):
    """Clients that send and never read for `seconds`; the server's RSS must
    stay bounded.  Then the clients go away and the server still serves."""
    if suite.only and not suite.only.search(name):
        return

    def run():
        srv = suite.main_server()
        rss0 = srv.rss_kib()
        socks = []
        try:
            for _ in range(nconns):
                s = connect(srv.port)
                s.setblocking(False)
                socks.append(s)
            sent = [0] * nconns
            chunk = make_chunk()
            end = time.monotonic() + seconds
            last_progress = time.monotonic()
            while time.monotonic() < end:
                live = [i for i in range(nconns) if sent[i] < limit_total]
                if not live:
                    break
                _, w, _ = select.select([], [socks[i] for i in live], [],
                                        0.05)
                # Every client blocked for a while: the server has stopped
                # reading them all, which is what this check waits for.
                if w:
                    last_progress = time.monotonic()
                elif time.monotonic() - last_progress > 0.5:
                    break
                for s in w:
                    i = socks.index(s)
                    try:
                        sent[i] += s.send(chunk)
                    except BlockingIOError:
                        pass
                    except (ConnectionResetError, BrokenPipeError) as e:
                        raise Failure("server dropped a non-reading client "
                                      "(connection %d, %s)" % (i, e))
            rss1 = srv.rss_kib()
            diag = ("sent %.1f MiB in all (%.1f..%.1f MiB per connection); "
                    "RSS %d -> %d KiB" % (sum(sent) / 2**20,
                                          min(sent) / 2**20,
                                          max(sent) / 2**20, rss0, rss1))
            if not suite.sanitized and rss1 - rss0 > RSS_GROWTH_LIMIT_KIB:
                raise Failure("RSS grew by %d KiB (limit %d): %s"
                              % (rss1 - rss0, RSS_GROWTH_LIMIT_KIB, diag))
            if suite.sanitized:
                diag += " (RSS not checked: sanitized)"
        finally:
            for s in socks:
                rst_close(s)
        if suite.proto == "http":
            expect_hello(ask(srv.port, GET_ROOT, timeout=suite.scale(5)))
        else:
            check_echo_once(srv.port)
        return diag

    suite.check(name, 30, run)


# --------------------------------------------------------------------------
# HTTP


def curl(suite, port, *args, data=None):
    cmd = [CURL, "-sS", "--max-time", str(int(suite.scale(5)))] + list(args)
    cmd[-1] = "http://%s:%d%s" % (HOST, port, cmd[-1])
    p = subprocess.run(cmd, input=data, capture_output=True,
                       timeout=suite.scale(15))
    if p.returncode != 0:
        raise Failure("curl %s exited %d: %s" % (" ".join(args),
                                                 p.returncode,
                                                 p.stderr.decode()[:500]))
    return p


def parse_curl_i(out):
    """Parses `curl -i` output into (status, headers dict, body)."""
    head, sep, body = out.partition(b"\r\n\r\n")
    if not sep:
        raise Failure("no response head in curl output %r" % out[:300])
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.setdefault(k.strip().lower(), []).append(v.strip())
    return status, headers, body


def curl_checks(suite):
    port = suite.main_server().port

    def root():
        p = curl(suite, port, "-i", "/")
        status, h, body = parse_curl_i(p.stdout)
        if status != 200:
            raise Failure("status %d" % status)
        ct = h.get("content-type", [""])
        if len(ct) != 1 or not ct[0].lower().startswith("text/plain"):
            raise Failure("Content-Type %r, expected text/plain" % ct)
        if h.get("content-length") != ["13"]:
            raise Failure("Content-Length %r, expected 13"
                          % h.get("content-length"))
        if body != HELLO:
            raise Failure("body %r" % body[:200])

    def delay():
        p = curl(suite, port, "-o", "/dev/null", "-w",
                 "%{http_code} %{time_total}", "/delay?ms=50")
        code, t = p.stdout.decode().split()
        if code != "200":
            raise Failure("status %s" % code)
        # Servers keep time in whole milliseconds, so a timer armed at
        # 12.9 ms for 50 ms may fire at 62.0: allow that one millisecond.
        if float(t) < 0.049:
            raise Failure("answered after %.4f s, before 50 ms" % float(t))
        return "answered after %s s" % t

    def cpu():
        p = curl(suite, port, "-o", "/dev/null", "-w", "%{http_code}",
                 "/cpu?us=1000")
        if p.stdout != b"200":
            raise Failure("status %r" % p.stdout)

    def bytes_():
        p = curl(suite, port, "-i", "/bytes?n=100000")
        status, h, body = parse_curl_i(p.stdout)
        if status != 200 or len(body) != 100000:
            raise Failure("status %d, %d body bytes" % (status, len(body)))
        if h.get("content-length") != ["100000"]:
            raise Failure("Content-Length %r" % h.get("content-length"))

    def echo():
        data = bytes(suite.rng.getrandbits(8) for _ in range(20000))
        p = curl(suite, port, "-o", "-", "--data-binary", "@-", "/echo",
                 data=data)
        if p.stdout != data:
            raise Failure("echoed %d bytes, %s" % (
                len(p.stdout), "same length but different" if
                len(p.stdout) == len(data) else "expected %d" % len(data)))

    def http10():
        p = curl(suite, port, "--http1.0", "-i", "-v", "/")
        status, h, body = parse_curl_i(p.stdout)
        if status != 200 or body != HELLO:
            raise Failure("status %d body %r" % (status, body[:100]))
        conn = [v.lower() for v in h.get("connection", [])]
        if "keep-alive" in conn:
            raise Failure("HTTP/1.0 without keep-alive answered with "
                          "Connection: keep-alive")
        if b"left intact" in p.stderr:
            raise Failure("curl kept the connection open (curl -v says "
                          "'left intact')")

    suite.check("curl: GET / is 200 text/plain 'Hello, World!' (13)", 20,
                root)
    suite.check("curl: GET /delay?ms=50 is 200 after >= 50 ms", 20, delay)
    suite.check("curl: GET /cpu?us=1000 is 200", 20, cpu)
    suite.check("curl: GET /bytes?n=100000 has 100000 body bytes", 20,
                bytes_)
    suite.check("curl: POST /echo --data-binary echoes 20000 bytes", 20,
                echo)
    suite.check("curl: --http1.0 works and the connection closes", 20,
                http10)


def keepalive_checks(suite):
    port = suite.main_server().port

    def two():
        c = HttpConn(port)
        try:
            expect_hello(c.request(GET_ROOT), "first: ")
            expect_hello(c.request(GET_ROOT), "second: ")
            how, extra = wait_closed(c.sock, 0.3)
            if how != "open":
                raise Failure("keep-alive connection %s after 2 requests"
                              % how)
        finally:
            c.close()

    def http10_closes():
        c = HttpConn(port)
        try:
            r = c.request(b"GET / HTTP/1.0\r\n\r\n")
            expect_hello(r)
            if (r.header("connection") or "").lower() == "keep-alive":
                raise Failure("answered Connection: keep-alive")
            c.expect_closed()
        finally:
            c.close()

    def http10_keepalive():
        c = HttpConn(port)
        try:
            r = c.request(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            expect_hello(r)
            if (r.header("connection") or "").lower() != "keep-alive":
                raise Failure("response has Connection: %r, expected "
                              "keep-alive" % r.header("connection"))
            r = c.request(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            expect_hello(r, "second request: ")
        finally:
            c.close()

    def http11_close():
        c = HttpConn(port)
        try:
            expect_hello(c.request(req("GET", "/", ["Connection: close"])))
            c.expect_closed()
        finally:
            c.close()

    def bare_lf():
        c = HttpConn(port)
        try:
            expect_hello(c.request(b"GET / HTTP/1.1\nHost: x\n\n"))
            expect_hello(c.request(GET_ROOT), "then a CRLF request: ")
        finally:
            c.close()

    def pipelining():
        rng = suite.rng
        reqs, checks = [], []
        for i in range(50):
            kind = i % 5
            if kind == 0:
                reqs.append(GET_ROOT)
                checks.append(("/", lambda r: expect_hello(r)))
            elif kind == 1:
                n = 5 + i
                reqs.append(req("GET", "/bytes?n=%d" % n))
                checks.append(("/bytes?n=%d" % n,
                               lambda r, n=n: r.body_len == n or
                               fail("%d body bytes, expected %d"
                                    % (r.body_len, n))))
            elif kind == 2:
                reqs.append(req("GET", "/delay?ms=5"))
                checks.append(("/delay?ms=5", None))
            elif kind == 3:
                body = (b"request %d:" % i) + bytes(
                    rng.getrandbits(8) for _ in range(rng.randint(0, 300)))
                reqs.append(req("POST", "/echo", body=body))
                checks.append(("POST /echo #%d" % i,
                               lambda r, b=body: bytes(r.body) == b or
                               fail("body %r, expected %r"
                                    % (bytes(r.body[:60]), b[:60]))))
            else:
                reqs.append(req("GET", "/cpu?us=10"))
                checks.append(("/cpu?us=10", None))
        c = HttpConn(port, timeout=suite.scale(10))
        try:
            c.send(b"".join(reqs))
            resps = c.responses(50)
            for i, (r, (what, chk)) in enumerate(zip(resps, checks)):
                try:
                    expect_status(r, 200)
                    if chk:
                        chk(r)
                except Failure as e:
                    raise Failure("response %d (%s): %s" % (i, what, e))
            expect_hello(c.request(GET_ROOT), "after the pipeline: ")
        finally:
            c.close()
        return "%d request bytes in one write" % sum(map(len, reqs))

    def one_byte():
        c = HttpConn(port, timeout=suite.scale(10))
        try:
            body = b"split into single bytes"
            data = GET_ROOT + req("POST", "/echo", body=body)
            for i in range(len(data)):
                c.sock.send(data[i:i + 1])
            r1, r2 = c.responses(2)
            expect_hello(r1)
            expect_status(r2, 200)
            if bytes(r2.body) != body:
                raise Failure("echo body %r" % bytes(r2.body))
        finally:
            c.close()

    def zero_params():
        c = HttpConn(port)
        try:
            for target in ("/bytes?n=0", "/delay?ms=0", "/cpu?us=0"):
                r = c.request(req("GET", target))
                expect_status(r, 200, target + ": ")
                if target.startswith("/bytes") and r.body_len:
                    raise Failure("/bytes?n=0 has %d body bytes" % r.body_len)
            r = c.request(req("POST", "/echo", ["Content-Length: 0"]))
            expect_status(r, 200, "POST /echo with an empty body: ")
            if r.body_len:
                raise Failure("empty echo has %d body bytes" % r.body_len)
            expect_hello(c.request(GET_ROOT))
        finally:
            c.close()

    suite.check("keep-alive: two requests on one connection", 15, two)
    suite.check("params: n=0, ms=0, us=0 and an empty POST /echo are 200", 15,
                zero_params)
    suite.check("keep-alive: HTTP/1.0 closes after the response", 15,
                http10_closes)
    suite.check("keep-alive: HTTP/1.0 with Connection: keep-alive stays "
                "open", 15, http10_keepalive)
    suite.check("keep-alive: HTTP/1.1 Connection: close closes", 15,
                http11_close)
    suite.check("parse: lines ending in bare LF are accepted", 15, bare_lf)
    suite.check("pipelining: 50 mixed requests in one write, answered in "
                "order", 30, pipelining)
    suite.check("pipelining: requests written one byte at a time", 30,
                one_byte)


def fail(msg):
    raise Failure(msg)


def large_checks(suite):
    port = suite.main_server().port

    def bytes_64m():
        c = HttpConn(port, timeout=suite.scale(30), keep_max=0)
        try:
            t0 = time.monotonic()
            r = c.request(req("GET", "/bytes?n=%d" % MAX_BYTES),
                          timeout=suite.scale(60))
            took = time.monotonic() - t0
            expect_status(r, 200)
            if r.body_len != MAX_BYTES:
                raise Failure("%d body bytes" % r.body_len)
            c.parser.keep_max = 1 << 22
            expect_hello(c.request(GET_ROOT), "after 64 MiB: ")
        finally:
            c.close()
        return "64 MiB in %.2f s" % took

    def bytes_too_many():
        r = ask(port, req("GET", "/bytes?n=%d" % (MAX_BYTES + 1)))
        expect_status(r, 400)

    def echo_1m():
        data = os.urandom(MAX_BODY)
        s = connect(port, suite.scale(20))
        try:
            conn = EchoLikeHttp(s, req("POST", "/echo", body=data))
            drive([conn], suite.scale(30))
            if conn.result != "ok":
                raise Failure(conn.result)
            r = conn.resp
            expect_status(r, 200)
            if r.body_len != MAX_BODY or bytes(r.body) != data:
                raise Failure("echoed %d bytes, %s" % (
                    r.body_len, "different" if r.body_len == MAX_BODY
                    else "expected %d" % MAX_BODY))
        finally:
            s.close()

    def body_over():
        # One byte over the limit, announced: 413 before any body is read.
        c = HttpConn(port)
        try:
            r = c.request(req("POST", "/echo",
                              ["Content-Length: %d" % (MAX_BODY + 1)]))
            expect_status(r, 413)
            c.expect_closed()
        finally:
            c.close()

    suite.check("large: GET /bytes?n=67108864 arrives whole", 90, bytes_64m)
    suite.check("large: GET /bytes?n=67108865 is 400", 15, bytes_too_many)
    suite.check("large: POST /echo of exactly 1 MiB echoed byte for byte",
                60, echo_1m)
    suite.check("large: POST /echo of 1 MiB + 1 is 413 and closes", 15,
                body_over)


class EchoLikeHttp(MConn):
    """Sends one request while reading its response concurrently."""

    def __init__(self, sock, data):
        super().__init__(sock)
        self.out += data
        self.parser = RespParser()
        self.resp = None

    def on_data(self, data):
        for r in self.parser.feed(data):
            self.resp = r
            self.result = "ok"


BAD_INPUTS = [
    # (name, request bytes, status)
    ("a garbage line", b"this is not http\r\n\r\n", 400),
    ("binary garbage", b"\x00\x01\x02\xff\xfe garbage\r\n\r\n", 400),
    ("a request line over 4096 bytes",
     b"GET /" + b"a" * (MAX_REQUEST_LINE + 10) + b" HTTP/1.1\r\n\r\n", 414),
    ("a header block over 8 KiB",
     b"GET / HTTP/1.1\r\n" + b"".join(b"X-Pad-%02d: %s\r\n" % (i, b"p" * 190)
                                      for i in range(45)) + b"\r\n", 431),
    ("POST /echo with Content-Length 2000000",
     b"POST /echo HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413),
    ("Transfer-Encoding: chunked",
     b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"5\r\nhello\r\n0\r\n\r\n", 501),
    ("Transfer-Encoding with Content-Length",
     b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
     b"Content-Length: 5\r\n\r\nhello", 400),
    ("two different Content-Lengths",
     b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
     b"hello!", 400),
    ("two equal Content-Lengths",
     b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n"
     b"hello", 400),
    ("Content-Length 12a",
     b"POST /echo HTTP/1.1\r\nContent-Length: 12a\r\n\r\nhello world!", 400),
    ("Content-Length -1",
     b"POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
    ("an empty Content-Length",
     b"POST /echo HTTP/1.1\r\nContent-Length: \r\n\r\n", 400),
    ("HTTP/2.0", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ("a header line without a colon",
     b"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
]

# Requests that are well-formed HTTP but ask for something we refuse.  The
# answer's status is fixed; the contract does not say whether the connection
# stays, so either it closes or it keeps serving correctly.
REFUSED_REQUESTS = [
    ("POST / is 405", req("POST", "/", body=b"hello"), 405),
    ("POST / without a body is 405",
     req("POST", "/", ["Content-Length: 0"]), 405),
    ("GET /echo is 405", req("GET", "/echo"), 405),
    ("GET /delay?ms=abc is 400", req("GET", "/delay?ms=abc"), 400),
    ("GET /delay?ms=60001 is 400", req("GET", "/delay?ms=60001"), 400),
    ("GET /delay (no ms) is 400", req("GET", "/delay"), 400),
    ("GET /bytes?n=-1 is 400", req("GET", "/bytes?n=-1"), 400),
    ("GET /cpu (no us) is 400", req("GET", "/cpu"), 400),
    ("GET /cpu?us=1000001 is 400", req("GET", "/cpu?us=1000001"), 400),
]


def bad_input_checks(suite):
    port = suite.main_server().port

    def closing(data, status):
        c = HttpConn(port)
        try:
            try:
                c.send(data)
            except (ConnectionResetError, BrokenPipeError):
                pass  # the server answered and closed before we finished
            r = c.responses(1)[0]
            expect_status(r, status)
            if (r.header("connection") or "").lower() == "keep-alive":
                raise Failure("answered with Connection: keep-alive")
            how = c.expect_closed()
            return "answered %d %s, then %s" % (r.status, r.reason, how)
        finally:
            c.close()

    def lenient(data, status):
        c = HttpConn(port)
        try:
            r = c.request(data)
            expect_status(r, status)
            how, extra = wait_closed(c.sock, 0.2)
            if extra:
                raise Failure("unexpected bytes after the response: %r"
                              % extra[:200])
            if how != "open":
                return "answered %d, then %s" % (status, how)
            expect_hello(c.request(GET_ROOT), "next request on the same "
                         "connection: ")
            return "answered %d, connection kept and serving" % status
        finally:
            c.close()

    def not_found():
        c = HttpConn(port)
        try:
            expect_status(c.request(req("GET", "/nope")), 404)
            expect_hello(c.request(GET_ROOT), "the connection stays open: ")
        finally:
            c.close()

    for what, data, status in BAD_INPUTS:
        suite.check("bad input: %s is %d and closes" % (what, status), 15,
                    closing, data, status)
    suite.check("bad input: GET /nope is 404, keep-alive", 15, not_found)

    def near_limits():
        c = HttpConn(port)
        try:
            target = "/" + "a" * (MAX_REQUEST_LINE - 100)
            expect_status(c.request(req("GET", target)), 404,
                          "a %d-byte request line: " % (len(target) + 14))
            pad = ["X-Pad-%02d: %s" % (i, "p" * 180) for i in range(40)]
            head = req("GET", "/", pad)
            expect_hello(c.request(head), "a %d-byte head: " % len(head))
        finally:
            c.close()

    suite.check("bad input: a request line and a head just under the "
                "limits are served", 15, near_limits)
    for what, data, status in REFUSED_REQUESTS:
        suite.check("bad input: %s" % what, 15, lenient, data, status)
    suite.check("bad input: afterwards GET / still works", 15,
                lambda: expect_hello(ask(port, GET_ROOT)))


def timeout_checks(suite):
    """A dedicated server with --header-timeout 1 --idle-timeout 2; the
    four clients run side by side so this costs one wait, not four."""
    names = ["timeouts: a half-sent request head is cut off (1 s)",
             "timeouts: a head trickled a byte every 0.2 s is cut off",
             "timeouts: an idle keep-alive connection is closed (2 s)",
             "timeouts: a connection busy every 0.5 s stays open 3.5 s"]
    if suite.only and not any(suite.only.search(n) for n in names):
        return
    state = {}
    slack = suite.scale(1.0)

    def start():
        state["srv"] = Server(suite, "timeout server",
                              ["--header-timeout", "1", "--idle-timeout",
                               "2"])

    suite.check("timeouts: server with --header-timeout 1 --idle-timeout 2 "
                "starts", 20, start)
    srv = state.get("srv")
    if srv is None:
        return
    results = {}

    def half_head():
        c = HttpConn(srv.port)
        try:
            c.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
            t0 = time.monotonic()
            how, extra = wait_closed(c.sock, 5 + slack)
            took = time.monotonic() - t0
            if how == "open":
                raise Failure("still open after %.1f s" % took)
            if extra and not extra.startswith(b"HTTP/1.1 408") and \
                    not extra.startswith(b"HTTP/1.0 408"):
                raise Failure("sent %r before closing" % extra[:100])
            if took < 0.5:
                raise Failure("closed after only %.2f s" % took)
            return "closed (%s%s) after %.2f s" % (
                how, ", after a 408" if extra else "", took)
        finally:
            c.close()

    def trickle():
        c = HttpConn(srv.port)
        try:
            head = b"GET / HTTP/1.1\r\n" + b"X-Slow: " + b"s" * 1000
            t0 = time.monotonic()
            how = "open"
            for i in range(len(head)):
                if time.monotonic() - t0 > 5 + slack:
                    break
                try:
                    c.sock.send(head[i:i + 1])
                except (ConnectionResetError, BrokenPipeError):
                    break
                how, extra = wait_closed(c.sock, 0.2)
                if how != "open":
                    break
            took = time.monotonic() - t0
            if how == "open":
                raise Failure("still open after %.1f s of trickling" % took)
            if took > 5 + slack:
                raise Failure("closed only after %.1f s" % took)
            return "closed (%s) after %.2f s" % (how, took)
        finally:
            c.close()

    def idle():
        c = HttpConn(srv.port)
        try:
            expect_hello(c.request(GET_ROOT))
            t0 = time.monotonic()
            how, extra = wait_closed(c.sock, 6 + slack)
            took = time.monotonic() - t0
            if extra:
                raise Failure("sent %r while idle" % extra[:100])
            if how == "open":
                raise Failure("still open after %.1f s idle" % took)
            if took < 1.5:
                raise Failure("closed after only %.2f s idle" % took)
            return "closed (%s) after %.2f s idle" % (how, took)
        finally:
            c.close()

    def busy():
        c = HttpConn(srv.port)
        try:
            t0 = time.monotonic()
            n = 0
            while time.monotonic() - t0 < 3.5:
                expect_hello(c.request(GET_ROOT),
                             "request %d at %.1f s: " % (n, time.monotonic()
                                                         - t0))
                n += 1
                how, extra = wait_closed(c.sock, 0.5)
                if how != "open":
                    raise Failure("closed (%s) at %.1f s though busy"
                                  % (how, time.monotonic() - t0))
            return "%d requests over %.1f s" % (n, time.monotonic() - t0)
        finally:
            c.close()

    fns = [half_head, trickle, idle, busy]

    def run_in_thread(i, fn):
        try:
            results[i] = (True, fn())
        except Failure as e:
            results[i] = (False, str(e))
        except Exception:
            results[i] = (False, traceback.format_exc())

    # Three clients side by side; the trickler goes alone afterwards, so
    # that no other client's traffic wakes the server at a lucky moment
    # (a server that only checks deadlines when something else happens
    # would pass by chance).
    threads = []
    for i, (name, fn) in enumerate(zip(names, fns)):
        if suite.only and not suite.only.search(name):
            continue
        t = threading.Thread(target=run_in_thread, args=(i, fn), daemon=True)
        threads.append((i, t))
    for i, t in threads:
        if i != 1:
            t.start()
    for i, t in threads:
        if i != 1:
            t.join(timeout=suite.scale(20))
    for i, t in threads:
        if i == 1:
            t.start()
            t.join(timeout=suite.scale(20))
    for i, t in threads:
        ok, diag = results.get(i, (False, "did not finish in time"))
        suite.tap.result(ok, names[i], diag)
    srv.check_stop("timeouts")


def concurrency_checks(suite):
    port = suite.main_server().port

    def delay_not_blocking():
        a = HttpConn(port, timeout=suite.scale(10))
        b = None
        try:
            t0 = time.monotonic()
            # The answer to GET / on the same connection shows the server
            # has read the /delay behind it.
            a.send(GET_ROOT + req("GET", "/delay?ms=1000"))
            expect_hello(a.responses(1)[0])
            b = HttpConn(port)
            t1 = time.monotonic()
            expect_hello(b.request(GET_ROOT))
            quick = time.monotonic() - t1
            limit = 0.5 if not suite.sanitized else 0.9
            if quick > limit:
                raise Failure("GET / took %.2f s during a /delay?ms=1000"
                              % quick)
            r = a.responses(1)[0]
            slow = time.monotonic() - t0
            expect_status(r, 200)
            if slow < 1.0:
                raise Failure("/delay?ms=1000 answered after %.2f s" % slow)
            return "GET / in %.3f s while /delay took %.2f s" % (quick, slow)
        finally:
            a.close()
            if b:
                b.close()

    def delay_many():
        # 50 delays at once end together, not one after the other.
        conns = []
        try:
            t0 = time.monotonic()
            for _ in range(50):
                c = HttpConn(port, timeout=suite.scale(10))
                c.send(req("GET", "/delay?ms=500"))
                conns.append(c)
            for c in conns:
                expect_status(c.responses(1)[0], 200)
            took = time.monotonic() - t0
            if took > suite.scale(5):
                raise Failure("50 x /delay?ms=500 in parallel took %.1f s"
                              % took)
            return "50 parallel /delay?ms=500 in %.2f s" % took
        finally:
            for c in conns:
                c.close()

    suite.check("concurrency: GET / answers during a /delay?ms=1000", 20,
                delay_not_blocking)
    # Under --offload, /delay runs in a pool of --workers threads and 50 of
    # them do not overlap: offload_checks holds the pool to its cap instead.
    if not suite.offloading():
        suite.check("concurrency: 50 parallel /delay?ms=500 overlap", 30,
                    delay_many)


def disconnect_check(suite):
    name = ("disconnect: 200 clients leave during /delay (half RST, "
            "half FIN)")
    if suite.only and not suite.only.search(name):
        return

    def run():
        port = suite.main_server().port
        conns = []
        try:
            n = 200
            socks = connect_many(port, n)
            for s in socks:
                s.sendall(GET_ROOT + req("GET", "/delay?ms=300"))
            conns = [HttpSeq(s, 1) for s in socks]
            for c in conns:
                del c.out[:]
            # Each answer to GET / shows the /delay behind it was read.
            drive(conns, suite.scale(20))
            counts, errors = tally(conns)
            if errors or counts.get("closed"):
                raise Failure("first answers: %s %s" % (counts, errors[:3]))
            for i, s in enumerate(socks):
                if i % 2:
                    rst_close(s)
                else:
                    s.close()
            # A /delay?ms=600 sent now ends after every abandoned 300 ms
            # timer has fired: that is when freed memory would be touched.
            c = HttpConn(port, timeout=suite.scale(10))
            try:
                expect_status(c.request(req("GET", "/delay?ms=600")), 200)
                expect_hello(c.request(GET_ROOT))
            finally:
                c.close()
        finally:
            for c in conns:
                c.sock.close()

    suite.check(name, 40, run)


# --------------------------------------------------------------------------
# HTTP a real client expects: HEAD, Expect: 100-continue, bodies on
# endpoints that take none, Date and Server, the lingering close.

CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
SERVER_NAME = "threads-vs-events"
IMF_FIXDATE_RE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|"
    r"Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$")


def recv_until(sock, buf, marker, timeout):
    """Reads from sock onto buf (a bytearray) until marker is in it.
    Returns the index of the marker; raises Failure on EOF, reset or
    timeout."""
    end = time.monotonic() + timeout
    while marker not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise Failure("timed out waiting for %r; got %r"
                          % (marker, bytes(buf[:200])))
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            raise Failure("reset while waiting for %r; got %r"
                          % (marker, bytes(buf[:200])))
        if not chunk:
            raise Failure("closed while waiting for %r; got %r"
                          % (marker, bytes(buf[:200])))
        buf += chunk
    return buf.index(marker)


def head_response(c, timeout=5.0):
    """Reads one response to a HEAD on HttpConn c: a head and no body.
    Bytes after the head go to c's parser, so a body the server should not
    have sent breaks the next response."""
    buf = bytearray()
    end = recv_until(c.sock, buf, b"\r\n\r\n", timeout)
    resp, _ = RespParser()._head(bytes(buf[:end]))
    c.ready += c.parser.feed(bytes(buf[end + 4:]))
    return resp


def same_headers(a, b):
    """a's and b's headers but Date, as sorted lists."""
    return (sorted(h for h in a.headers if h[0] != "date"),
            sorted(h for h in b.headers if h[0] != "date"))


def check_date_server(r, what=""):
    """Exactly one Server (ours) and one Date (an IMF-fixdate within a few
    seconds of our clock)."""
    import email.utils

    server = [v for n, v in r.headers if n == "server"]
    date = [v for n, v in r.headers if n == "date"]
    if server != [SERVER_NAME]:
        raise Failure("%sServer headers %r, expected [%r]"
                      % (what, server, SERVER_NAME))
    if len(date) != 1 or not IMF_FIXDATE_RE.match(date[0]):
        raise Failure("%sDate headers %r, expected one IMF-fixdate"
                      % (what, date))
    skew = email.utils.parsedate_to_datetime(date[0]).timestamp() - \
        time.time()
    if abs(skew) > 5:
        raise Failure("%sDate %r is %.0f s off the clock" % (what, date[0],
                                                             skew))


HEAD_TARGETS = [("/", 200), ("/delay?ms=10", 200), ("/cpu?us=10", 200),
                ("/bytes?n=1000", 200), ("/bytes?n=0", 200), ("/echo", 405),
                ("/nope", 404), ("/json", 200), ("/plaintext", 200)]


def head_checks(suite):
    port = suite.main_server().port

    def every_endpoint():
        c = HttpConn(port)
        try:
            for target, status in HEAD_TARGETS:
                g = c.request(req("GET", target))
                c.send(req("HEAD", target))
                h = head_response(c)
                expect_status(h, status, "HEAD %s: " % target)
                mine, gets = same_headers(h, g)
                if mine != gets:
                    raise Failure("HEAD %s headers %r, GET's %r"
                                  % (target, mine, gets))
            # A stray body after any HEAD would break this answer.
            expect_hello(c.request(GET_ROOT), "GET / after the HEADs: ")
        finally:
            c.close()
        return "%d endpoints" % len(HEAD_TARGETS)

    def pipelined():
        c = HttpConn(port)
        try:
            c.send(req("HEAD", "/bytes?n=100000") + GET_ROOT)
            h = head_response(c)
            expect_status(h, 200)
            if h.header("content-length") != "100000":
                raise Failure("Content-Length %r, expected 100000"
                              % h.header("content-length"))
            expect_hello(c.responses(1)[0], "GET / right behind: ")
        finally:
            c.close()

    def curl_head():
        p = curl(suite, port, "-sSI", "/")
        status, h, body = parse_curl_i(p.stdout)
        if status != 200 or h.get("content-length") != ["13"] or body:
            raise Failure("status %d, Content-Length %r, %d body bytes"
                          % (status, h.get("content-length"), len(body)))

    suite.check("HEAD: every endpoint answers GET's status and headers, "
                "no body", 20, every_endpoint)
    suite.check("HEAD: /bytes?n=100000 pipelined before GET /: no body "
                "between", 15, pipelined)
    suite.check("HEAD: curl -I / is 200 with Content-Length 13", 20,
                curl_head)


def expect_checks(suite):
    port = suite.main_server().port

    def continue_then_body():
        c = HttpConn(port)
        try:
            body = os.urandom(5000)
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue"
                   b"\r\nContent-Length: %d\r\n\r\n" % len(body))
            buf = bytearray()
            t0 = time.monotonic()
            while len(buf) < len(CONTINUE):
                recv_until(c.sock, buf, b"\r\n\r\n", suite.scale(2))
            took = time.monotonic() - t0
            if not buf.startswith(CONTINUE):
                raise Failure("first bytes %r, expected %r"
                              % (bytes(buf[:60]), CONTINUE))
            c.ready += c.parser.feed(bytes(buf[len(CONTINUE):]))
            c.send(body)
            r = c.responses(1)[0]
            expect_status(r, 200)
            if bytes(r.body) != body:
                raise Failure("echoed %d bytes, different" % r.body_len)
            expect_hello(c.request(GET_ROOT), "then GET /: ")
        finally:
            c.close()
        return "100 Continue after %.3f s, before any body byte" % took

    def over_cap():
        c = HttpConn(port)
        try:
            c.send(b"POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue"
                   b"\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1))
            r = c.responses(1)[0]
            expect_status(r, 413)
            c.expect_closed()
        finally:
            c.close()

    def no_body_endpoint():
        c = HttpConn(port)
        try:
            c.send(b"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                   b"Content-Length: 5\r\n\r\n")
            buf = bytearray()
            while len(buf) < len(CONTINUE):
                recv_until(c.sock, buf, b"\r\n\r\n", suite.scale(2))
            if not buf.startswith(CONTINUE):
                raise Failure("first bytes %r, expected a 100"
                              % bytes(buf[:60]))
            c.ready += c.parser.feed(bytes(buf[len(CONTINUE):]))
            c.send(b"hello")
            expect_hello(c.responses(1)[0])
            expect_hello(c.request(GET_ROOT), "then GET /: ")
        finally:
            c.close()

    def http10():
        c = HttpConn(port)
        try:
            r = c.request(b"POST /echo HTTP/1.0\r\nExpect: 100-continue\r\n"
                          b"Content-Length: 3\r\n\r\nabc")
            expect_status(r, 200)
            if bytes(r.body) != b"abc":
                raise Failure("body %r" % bytes(r.body))
        finally:
            c.close()

    def curl_expect():
        data = os.urandom(3000)
        p = curl(suite, port, "-o", "-", "-w", "\n%{time_total}", "-H",
                 "Expect: 100-continue", "--data-binary", "@-", "/echo",
                 data=data)
        body, _, took = p.stdout.rpartition(b"\n")
        if body != data:
            raise Failure("echoed %d bytes, expected the same %d"
                          % (len(body), len(data)))
        # curl waits a second for a 100 that never comes.
        if float(took) > 0.8:
            raise Failure("took %s s: no 100 Continue?" % took.decode())
        return "%s s" % took.decode()

    suite.check("Expect: 100-continue: 100 before the body is read, then "
                "the echo", 15, continue_then_body)
    suite.check("Expect: 100-continue over the body cap: 413, no 100, "
                "closes", 15, over_cap)
    suite.check("Expect: 100-continue on GET / with a body: 100, answer, "
                "body skipped", 15, no_body_endpoint)
    suite.check("Expect: 100-continue from HTTP/1.0: no 100", 15, http10)
    suite.check("Expect: curl -H 'Expect: 100-continue' POST /echo does "
                "not stall", 20, curl_expect)


class ResponsesWhileSending(MConn):
    """Sends data while reading until n responses have come."""

    def __init__(self, sock, data, n):
        super().__init__(sock)
        self.out += data
        self.parser = RespParser()
        self.n = n
        self.got = []

    def on_data(self, data):
        self.got += self.parser.feed(data)
        if len(self.got) >= self.n:
            self.result = "ok"


DISCARD_TARGETS = [("GET", "/", 200), ("GET", "/delay?ms=5", 200),
                   ("GET", "/cpu?us=5", 200), ("GET", "/bytes?n=10", 200),
                   ("GET", "/nope", 404), ("POST", "/", 405),
                   ("GET", "/echo", 405), ("PUT", "/bytes?n=1", 405)]


def discard_checks(suite):
    port = suite.main_server().port

    def one_by_one():
        c = HttpConn(port)
        try:
            for method, target, status in DISCARD_TARGETS:
                body = b"GET /nope HTTP/1.1\r\n\r\n" + os.urandom(100)
                r = c.request(req(method, target, body=body))
                expect_status(r, status, "%s %s with a body: " % (method,
                                                                   target))
                expect_hello(c.request(GET_ROOT), "GET / after %s %s: "
                             % (method, target))
        finally:
            c.close()
        return "%d endpoints" % len(DISCARD_TARGETS)

    def pipelined():
        c = HttpConn(port)
        try:
            data = b"".join(req(m, t, body=os.urandom(50)) + GET_ROOT
                            for m, t, _ in DISCARD_TARGETS)
            c.send(data)
            resps = c.responses(2 * len(DISCARD_TARGETS))
            for i, (m, t, status) in enumerate(DISCARD_TARGETS):
                expect_status(resps[2 * i], status, "%s %s: " % (m, t))
                expect_hello(resps[2 * i + 1], "GET / after %s %s: "
                             % (m, t))
        finally:
            c.close()

    def body_after_answer():
        # The answer comes before the body is read: a client may wait
        # for it and send the body afterwards.
        c = HttpConn(port)
        try:
            expect_hello(c.request(b"GET / HTTP/1.1\r\nContent-Length: 4"
                                   b"\r\n\r\n"))
            expect_hello(c.request(b"abcd" + GET_ROOT), "then GET /: ")
        finally:
            c.close()

    def large():
        s = connect(port, suite.scale(20))
        try:
            body = os.urandom(MAX_BODY)
            conn = ResponsesWhileSending(s, req("GET", "/", body=body) +
                                         GET_ROOT, 2)
            drive([conn], suite.scale(30))
            if conn.result != "ok":
                raise Failure(conn.result)
            expect_hello(conn.got[0])
            expect_hello(conn.got[1], "GET / after 1 MiB skipped: ")
        finally:
            s.close()

    suite.check("discard: a body on every endpoint that takes none is "
                "skipped, the connection goes on", 20, one_by_one)
    suite.check("discard: the same, pipelined in one write", 20, pipelined)
    suite.check("discard: a body sent after the answer is skipped", 15,
                body_after_answer)
    suite.check("discard: GET / with a 1 MiB body, then GET /", 40, large)


def date_server_checks(suite):
    port = suite.main_server().port

    def every_response():
        seen = []
        c = HttpConn(port)
        try:
            for data in (GET_ROOT, req("GET", "/bytes?n=3"),
                         req("GET", "/nope"), req("POST", "/"),
                         req("POST", "/echo", body=b"x")):
                r = c.request(data)
                check_date_server(r, "%d: " % r.status)
                seen.append(r.status)
            c.send(req("HEAD", "/"))
            check_date_server(head_response(c), "HEAD: ")
            seen.append("HEAD")
        finally:
            c.close()
        for data in (b"GARBAGE\r\n\r\n", req("GET", "/delay?ms=x"),
                     req("POST", "/echo", ["Content-Length: 9999999"])):
            r = ask(port, data)
            check_date_server(r, "%d: " % r.status)
            seen.append(r.status)
        return "checked on %s" % seen

    suite.check("headers: Date (IMF-fixdate, now) and Server: "
                "threads-vs-events on every response", 20, every_response)


def read_to_end(sock, timeout):
    """Reads until EOF, reset or timeout: (bytes, 'eof'|'reset'|'open',
    seconds)."""
    t0 = time.monotonic()
    data = bytearray()
    sock.settimeout(timeout)
    while True:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return bytes(data), "open", time.monotonic() - t0
        except ConnectionResetError:
            return bytes(data), "reset", time.monotonic() - t0
        if not chunk:
            return bytes(data), "eof", time.monotonic() - t0
        data += chunk


def until_reset(sock, limit, chunk, pause):
    """Keeps sending chunk bytes every pause seconds until the peer resets
    us or limit seconds pass.  Returns (seconds until the reset or None,
    bytes sent)."""
    t0 = time.monotonic()
    sent = 0
    data = b"x" * chunk
    sock.setblocking(False)
    while time.monotonic() - t0 < limit:
        try:
            sent += sock.send(data)
        except BlockingIOError:
            pass
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - t0, sent
        try:
            sock.recv(65536)  # b"" after the FIN, an error after a reset
        except BlockingIOError:
            pass
        except ConnectionResetError:
            return time.monotonic() - t0, sent
        time.sleep(pause)
    return None, sent


def linger_checks(suite):
    port = suite.main_server().port

    def body_behind_413():
        # The client sends a body the server refuses; without a
        # lingering close the unread bytes make the kernel reset the
        # connection, and the reset can beat the 413 to the client.
        s = connect(port, suite.scale(5))
        try:
            s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: "
                      b"%d\r\n\r\n" % (MAX_BODY * 2) + os.urandom(48 * 1024))
            data, how, took = read_to_end(s, suite.scale(5))
            r = RespParser().feed(data)
            if len(r) != 1 or r[0].status != 413:
                raise Failure("got %r, expected one 413" % data[:200])
            if how != "eof":
                raise Failure("after the 413: %s, expected end of file"
                              % how)
            # The write side is shut at once, not at the end of the
            # lingering: a model that forgets net_shut_wr is slow here.
            if took > suite.scale(1.0):
                raise Failure("end of file only after %.2f s: is the write "
                              "side shut when the response is out?" % took)
            return "413, then end of file after %.3f s" % took
        finally:
            s.close()

    def drain_then_close():
        s = connect(port, suite.scale(5))
        try:
            s.sendall(b"GARBAGE\r\n\r\n")
            data, how, took = read_to_end(s, suite.scale(5))
            if not data.startswith(b"HTTP/1.1 400 ") or how != "eof":
                raise Failure("got %r then %s, expected 400 and end of file"
                              % (data[:100], how))
            # A client that trickles on is drained (no reset) for a while,
            # then the server closes for good (a reset answers our bytes).
            t, sent = until_reset(s, suite.scale(6), 1024, 0.05)
            if t is None:
                raise Failure("still draining after %.0f s (%d bytes)"
                              % (suite.scale(6), sent))
            if t < 1.0:
                raise Failure("reset after %.2f s (%d bytes): no lingering"
                              % (t, sent))
            return "drained %d bytes, closed after %.2f s" % (sent, t)
        finally:
            s.close()

    def bounded_size():
        s = connect(port, suite.scale(5))
        try:
            s.sendall(b"GARBAGE\r\n\r\n")
            data, how, _ = read_to_end(s, suite.scale(5))
            if not data.startswith(b"HTTP/1.1 400 "):
                raise Failure("got %r, expected a 400" % data[:100])
            t, sent = until_reset(s, suite.scale(6), 65536, 0.001)
            if t is None:
                raise Failure("still draining after %.0f s and %d bytes"
                              % (suite.scale(6), sent))
            if t > suite.scale(1.5):
                raise Failure("a client sending flat out was reset only "
                              "after %.2f s (%d bytes): no size bound?"
                              % (t, sent))
            return "reset after %.3f s, %d bytes sent" % (t, sent)
        finally:
            s.close()

    suite.check("linger: a client still sending a refused body reads the "
                "413 and end of file, no reset", 20, body_behind_413)
    suite.check("linger: after a 400 the input is drained, then the "
                "connection closes within the bound", 20, drain_then_close)
    suite.check("linger: a client sending flat out is cut off after a "
                "bounded amount", 20, bounded_size)


def client_checks(suite):
    """What a real client (curl, ab, h2load, a browser) expects beyond the
    basics: docs/DESIGN.md's HEAD, Expect, discarded bodies, Date and Server,
    and the lingering close."""
    head_checks(suite)
    expect_checks(suite)
    discard_checks(suite)
    date_server_checks(suite)
    linger_checks(suite)


def thread_cpu_seconds(pid):
    """CPU seconds (user + system) of each thread of pid, by thread id."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                data = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        fields = data[data.rindex(")") + 2:].split()
        out[tid] = (int(fields[11]) + int(fields[12])) / \
            os.sysconf("SC_CLK_TCK")
    return out


def per_core_check(suite):
    """A model with one loop per core (--about kind event-loops-per-core)
    spreads connections over its loops: with --workers 2, 16 connections
    busy on /cpu make both loop threads burn CPU.  The kernel's
    SO_REUSEPORT hash places each connection on a loop, so all 16 land on
    the same one only with probability 2 ** -15."""
    name = ("per-core: 16 connections busy on /cpu are spread over "
            "--workers 2 loops")
    if suite.about.get("kind") != "event-loops-per-core" or (
            suite.only and not suite.only.search(name)):
        return
    state = {}

    def run():
        srv = Server(suite, "--workers 2 per-core server", ["--workers", "2"])
        state["srv"] = srv
        before = thread_cpu_seconds(srv.pid)
        conns = [HttpSeq(s, 3, req("GET", "/cpu?us=20000"))
                 for s in connect_many(srv.port, 16)]
        drive(conns, suite.scale(20))
        counts, errors = tally(conns)
        if errors or counts.get("closed"):
            raise Failure("results: %s; first errors: %s"
                          % (counts, errors[:3]))
        after = thread_cpu_seconds(srv.pid)
        used = sorted((after[t] - before.get(t, 0.0) for t in after),
                      reverse=True)
        diag = "CPU seconds by thread: %s" % ", ".join(
            "%.2f" % u for u in used)
        # 48 requests of 20 ms: about 0.5 s a loop when spread evenly,
        # 0.06 s for a loop that got just one connection.
        if len(used) < 2 or used[1] < 0.03:
            raise Failure("one loop did all the work: %s" % diag)
        return diag

    suite.check(name, 40, run)
    srv = state.get("srv")
    if srv is not None and not srv.stopped:
        srv.check_stop("per-core", expect=expect_served)


def http_checks(suite):
    if main_server_check(suite):
        main_http_checks(suite)
        db_checks(suite)
        if "ws" in suite.about.get("protocols", ()):
            ws_checks(suite)
        if suite.offloading():
            offload_checks(suite)
    timeout_checks(suite)
    idle_workers_check(suite)
    per_core_check(suite)
    many_connections_check(suite, "HTTP")
    emfile_check(suite)
    spawn_failure_check(suite)
    if suite.about.get("per_connection") == "thread":
        thread_failure_check(suite)
    sigint_check(suite)


# --------------------------------------------------------------------------
# The database: TechEmpower's test types, and faults


def db_get(port, path, timeout):
    """(status, seconds) of one GET on a fresh connection; status -1 when
    no answer came within timeout."""
    t0 = time.monotonic()
    try:
        r = ask(port, req("GET", path), timeout=timeout)
        status = r.status
    except (OSError, Failure):
        status = -1
    return status, time.monotonic() - t0


def db_checks(suite):
    port = suite.main_server().port
    db_url = os.environ.get("DATABASE_URL")
    reached = []

    def tfb_check(fn, *args):
        def run():
            problems = fn(*args)
            bad = tfb.fails(problems)
            if bad:
                raise Failure("; ".join("%s: %s" % (u, m)
                                        for _, m, u in bad[:5]))
            return "; ".join("warn %s: %s" % (u, m)
                             for _, m, u in problems) or None
        return run

    def first_db():
        # Checked first, briefly: a model that never answers a database
        # request fails every database check below at once instead of
        # each waiting out its own deadline.
        status, took = db_get(port, "/db", suite.scale(5))
        if status != 200:
            raise Failure("GET /db: %s after %.1f s" % (
                "no answer" if status < 0 else "status %d" % status, took))
        reached.append(1)
        return "%.3f s" % took

    def head_db():
        c = HttpConn(port, suite.scale(5))
        try:
            for path in ("/db", "/queries?queries=3", "/fortunes",
                         "/updates?queries=2", "/dbsleep?ms=1"):
                c.send(req("HEAD", path))
                h = head_response(c, suite.scale(5))
                expect_status(h, 200, "HEAD %s: " % path)
                if not (h.header("content-length") or "0").isdigit() or \
                        int(h.header("content-length") or "0") == 0:
                    raise Failure("HEAD %s: Content-Length %r"
                                  % (path, h.header("content-length")))
            # A stray body after any HEAD would break this answer.
            expect_hello(c.request(GET_ROOT), "GET / after the HEADs: ")
        finally:
            c.close()
        r = ask(port, req("POST", "/db", body=b"x"), timeout=suite.scale(5))
        expect_status(r, 405, "POST /db: ")

    def dbsleep():
        t0 = time.monotonic()
        r = ask(port, req("GET", "/dbsleep?ms=200"), timeout=suite.scale(5))
        took = time.monotonic() - t0
        expect_status(r, 200, "/dbsleep?ms=200: ")
        if not (r.header("content-type") or "").startswith("text/plain"):
            raise Failure("Content-Type %r" % r.header("content-type"))
        if took < 0.2:
            raise Failure("answered after %.3f s, before its pg_sleep "
                          "could end" % took)
        for bad in ("ms=10001", "ms=-1", "ms=x", ""):
            r = ask(port, req("GET", "/dbsleep?" + bad),
                    timeout=suite.scale(5))
            expect_status(r, 400, "/dbsleep?%s: " % bad)
        return "%.3f s" % took

    def pipelined():
        # Database answers keep their place among pipelined requests.
        c = HttpConn(port, suite.scale(10))
        try:
            c.send(req("GET", "/db") + req("GET", "/") +
                   req("GET", "/queries?queries=500") + req("GET", "/json"))
            rs = c.responses(4)
        finally:
            c.close()
        expect_status(rs[0], 200)
        expect_hello(rs[1])
        expect_status(rs[2], 200)
        if len(json.loads(bytes(rs[2].body))) != 500:
            raise Failure("/queries?queries=500 gave %d rows"
                          % len(json.loads(bytes(rs[2].body))))
        if json.loads(bytes(rs[3].body)) != {"message": "Hello, World!"}:
            raise Failure("/json after it: %r" % bytes(rs[3].body[:60]))

    def guarded(name, deadline, fn):
        if reached:
            suite.check(name, deadline, fn)
        else:
            suite.check(name, 5, lambda: (_ for _ in ()).throw(Failure(
                "GET /db never answered 200 (see above)")))

    suite.check("db: GET /db answers 200 within 5 s (DATABASE_URL %s)"
                % ("set" if db_url else "missing"), 15, first_db,
                always=True)
    # No database behind these three: every model serves them.
    suite.check("tfb: json (headers, Date, body)", 20,
                tfb_check(tfb.verify_json, HOST, port))
    suite.check("tfb: plaintext", 20,
                tfb_check(tfb.verify_plaintext, HOST, port))
    suite.check("tfb: Date is not cached (it changes within 3 s)", 20,
                tfb_check(tfb.verify_date_changes, HOST, port))
    guarded("tfb: db: one object, id 1..10000, integer randomNumber", 20,
            tfb_check(tfb.verify_db, HOST, port))
    guarded("tfb: queries: arrays of 2, 1 (0, foo, nothing, -1), 500 "
            "(501), 20", 30, tfb_check(tfb.verify_queries, HOST, port))
    guarded("tfb: fortunes: the table, sorted, escaped, the extra row", 20,
            tfb_check(tfb.verify_fortunes, HOST, port))
    guarded("tfb: updates: arrays as queries, 500 rows really written", 60,
            tfb_check(tfb.verify_updates, HOST, port, db_url))
    guarded("tfb: query count: 512 GET /db cost exactly 512 queries "
            "(pg_stat_statements)", 90,
            tfb_check(tfb.verify_query_count, HOST, port, db_url, "/db",
                      {tfb.SELECT_WORLD: 1}, 512, 16))
    guarded("tfb: query count: 64 GET /queries?queries=20 cost 1280 "
            "queries", 90,
            tfb_check(tfb.verify_query_count, HOST, port, db_url,
                      "/queries?queries=20", {tfb.SELECT_WORLD: 20}, 64, 16))
    guarded("tfb: query count: 64 GET /updates?queries=20 cost 1280 reads "
            "and 1280 writes", 90,
            tfb_check(tfb.verify_query_count, HOST, port, db_url,
                      "/updates?queries=20",
                      {tfb.SELECT_WORLD: 20, tfb.UPDATE_WORLD: 20}, 64, 16))
    guarded("tfb: query count: 64 GET /fortunes cost 64 queries", 60,
            tfb_check(tfb.verify_query_count, HOST, port, db_url,
                      "/fortunes", {tfb.SELECT_FORTUNE: 1}, 64, 16))
    guarded("db: HEAD on the database endpoints: their heads, no body; "
            "POST /db 405", 20, head_db)
    guarded("db: GET /dbsleep?ms=200 answers after pg_sleep; bad ms 400", 20,
            dbsleep)
    guarded("db: pipelined /db, /, /queries?queries=500, /json answered in "
            "order", 20, pipelined)
    db_fault_checks(suite, guarded)


def db_fault_checks(suite, guarded):
    """The database down, back, or its pool exhausted: 503 within a
    bound, never a hang, and the model recovers by itself."""
    bound = suite.scale(3.5)
    # A model with a loop per core gives each loop its own --db-pool
    # connections and never lends them to another loop, so the pool's
    # faults are the loop's: a loop whose connection is held answers 503
    # while another's is idle, and one still waiting out its retry after
    # the restart fails a request another would answer.  The connection
    # lands on a loop by the kernel's hash, so these two checks run such
    # a model with one loop, where its pool is the whole server's, as
    # every other model's is.  (--offload and --blocking keep the loops:
    # their connections are per pool thread, or the loop's own.)
    one_loop = []
    if (suite.about.get("kind") == "event-loops-per-core"
            and not suite.offloading()
            and "--blocking" not in suite.server_args):
        one_loop = ["--workers", "1"]

    def unreachable():
        # Nothing listens on port 1: every connect fails at once.
        srv = Server(suite, "server without a database", [
            "--db", "postgresql://benchmarkdbuser:x@127.0.0.1:1/hello_world"])
        try:
            for i in range(5):
                status, took = db_get(srv.port, "/db", bound + 2)
                if status != 503 or took > bound:
                    raise Failure("GET /db %d: %s after %.2f s, expected "
                                  "503 within %.1f s" % (i, status, took,
                                                         bound))
            expect_hello(ask(srv.port, GET_ROOT))
        finally:
            srv.kill()

    def down_and_back():
        pg = pgcluster.Cluster(max_connections=30)
        srv = None
        try:
            pg.start()
            srv = Server(suite, "server on a private database",
                         ["--db", pg.url, "--db-pool", "2"] + one_loop)
            status, took = db_get(srv.port, "/db", suite.scale(5))
            if status != 200:
                raise Failure("before the stop: GET /db %s" % status)
            pg.stop()
            for i in range(4):
                status, took = db_get(srv.port, "/db", bound + 5)
                if status != 503 or took > bound:
                    raise Failure("database stopped, GET /db %d: %s after "
                                  "%.2f s, expected 503 within %.1f s"
                                  % (i, status, took, bound))
            expect_hello(ask(srv.port, GET_ROOT))
            pg.start()
            # The model reconnects by itself: poll its answers (not a
            # server's readiness) until 200, within a bound.
            end = time.monotonic() + suite.scale(10)
            tries = 0
            while True:
                tries += 1
                status, took = db_get(srv.port, "/db", bound + 5)
                if status == 200:
                    break
                if status != 503:
                    raise Failure("recovering: GET /db %s after %.2f s"
                                  % (status, took))
                if time.monotonic() > end:
                    raise Failure("still 503 %.0f s after the database "
                                  "came back" % suite.scale(10))
                time.sleep(0.1)
            # Every connection of the pool recovers, not just one.
            for i in range(8):
                status, _ = db_get(srv.port, "/queries?queries=5",
                                   suite.scale(5))
                if status != 200:
                    raise Failure("after recovery, request %d: %s"
                                  % (i, status))
            return "recovered after %d tries" % tries
        finally:
            if srv is not None:
                srv.kill()
            pg.remove()

    def exhausted():
        # One connection, held by a slow query: another request waits for
        # it a bounded time, then 503; the slow one still gets its 200.
        srv = Server(suite, "server with --db-pool 1",
                     ["--db-pool", "1"] + (one_loop or ["--workers", "4"]))
        results = {}

        def slow():
            results["slow"] = db_get(srv.port, "/dbsleep?ms=4000",
                                     suite.scale(10))

        try:
            t = threading.Thread(target=slow)
            t.start()
            time.sleep(1.5)  # the scenario: the slow query holds on
            status, took = db_get(srv.port, "/db", suite.scale(6))
            t.join()
            expect_hello(ask(srv.port, GET_ROOT))
        finally:
            srv.kill()
        if "--blocking" in suite.server_args:
            # The loop itself blocks on the slow query: nothing can answer
            # before it ends (the sin, on purpose); only no hang is asked.
            if status not in (200, 503) or took > suite.scale(4):
                raise Failure("--blocking: GET /db %s after %.2f s"
                              % (status, took))
        elif suite.offloading():
            # --offload: a connection per pool thread (--workers), not
            # --db-pool; a free thread answers.
            if status != 200 or took > bound:
                raise Failure("--offload: GET /db %s after %.2f s, "
                              "expected a free pool thread's 200"
                              % (status, took))
        elif status != 503 or took > bound:
            raise Failure("GET /db behind a held pool: %s after %.2f s, "
                          "expected 503 within %.1f s" % (status, took,
                                                          bound))
        if results.get("slow", (None,))[0] != 200:
            raise Failure("the slow query: %r" % (results.get("slow"),))
        return "503 after %.2f s" % took

    def idle_holder():
        # A keep-alive client that asked once and then sends nothing holds
        # no database connection: with --db-pool 1, other clients are
        # answered, and so is that client when it asks again.
        srv = Server(suite, "server with --db-pool 1",
                     ["--db-pool", "1"] + one_loop)
        idle = None
        try:
            idle = HttpConn(srv.port, suite.scale(5))
            expect_status(idle.request(req("GET", "/db")), 200,
                          "the first client: ")
            for i in range(3):
                status, took = db_get(srv.port, "/db", suite.scale(6))
                if status != 200 or took > bound:
                    raise Failure("GET /db %d beside an idle keep-alive "
                                  "client: %s after %.2f s, expected 200 "
                                  "within %.1f s" % (i, status, took, bound))
            expect_status(idle.request(req("GET", "/db")), 200,
                          "the idle client, asking again: ")
        finally:
            if idle is not None:
                idle.close()
            srv.kill()

    guarded("db fault: an unreachable database gives 503 within 3.5 s; "
            "GET / still served", 40, unreachable)
    guarded("db fault: database stopped: 503 within 3.5 s, no hang; "
            "restarted: the model recovers by itself", 90, down_and_back)
    guarded("db fault: an exhausted pool (--db-pool 1 held by a 4 s query) "
            "answers 503 within 3.5 s", 40, exhausted)
    guarded("db fault: a keep-alive client idle after GET /db does not "
            "hold --db-pool 1: other clients get 200", 40, idle_holder)


def main_server_check(suite):
    suite.check("server: starts and prints `listening on 127.0.0.1:PORT`",
                20, lambda: "port %d" % suite.main_server().port, always=True)
    return suite.main is not None


def main_http_checks(suite):
    curl_checks(suite)
    keepalive_checks(suite)
    bad_input_checks(suite)
    client_checks(suite)
    large_checks(suite)
    concurrency_checks(suite)
    disconnect_check(suite)
    reset_storm_check(suite, [
        GET_ROOT, req("GET", "/bytes?n=10000000"), req("GET", "/delay?ms=50"),
        req("POST", "/echo", body=os.urandom(50000)),
        req("GET", "/cpu?us=100"),
        GET_ROOT * 20,
    ])
    nonreading_check(
        suite, "non-reading: 20 clients pipeline /bytes?n=1048576 for 2 s, "
        "RSS bounded", 20, 2.0,
        lambda: req("GET", "/bytes?n=1048576") * 500, 1 << 40)
    suite.check("server: still serves GET / after everything", 15,
                lambda: expect_hello(ask(suite.main_server().port,
                                         GET_ROOT)))


def idle_workers_check(suite):
    """Idle connections must not pin a worker (docs/DESIGN.md, thread-pool: a
    dispatcher watches them).  With --workers 2: first five keep-alive
    connections idle after one request, then five more that never sent a
    byte; each time three new clients must still be served.  Every model is
    held to it; the others ignore --workers."""
    names = ["workers: 5 idle keep-alive connections do not starve "
             "--workers 2",
             "workers: 5 more connections that never sent a byte do not "
             "starve --workers 2"]
    if suite.only and not any(suite.only.search(n) for n in names):
        return
    state = {"held": []}
    held = state["held"]

    def new_clients(srv):
        t0 = time.monotonic()
        for i in range(3):
            expect_hello(ask(srv.port, GET_ROOT, timeout=suite.scale(3)),
                         "new client %d: " % i)
        return "3 new clients served in %.3f s" % (time.monotonic() - t0)

    def idle_after_request():
        srv = Server(suite, "--workers 2 server", ["--workers", "2"])
        state["srv"] = srv
        for i in range(5):
            c = HttpConn(srv.port)
            held.append(c)
            expect_hello(c.request(GET_ROOT), "idle client %d: " % i)
        return new_clients(srv)

    def silent():
        srv = state.get("srv")
        if srv is None:
            raise Failure("no server (the check before failed to start it)")
        for i in range(5):
            held.append(HttpConn(srv.port))
        diag = new_clients(srv)
        # And every held connection is still served when it speaks.
        for i, c in enumerate(held):
            expect_hello(c.request(GET_ROOT), "held client %d: " % i)
        return diag

    suite.check(names[0], 30, idle_after_request, always=True)
    suite.check(names[1], 30, silent, always=True)
    for c in held:
        c.close()
    if "srv" in state and not state["srv"].stopped:
        state["srv"].check_stop("workers", expect=expect_served)


def thread_failure_check(suite):
    """--stack-kib 1073741824 asks for 1 TiB stacks, so pthread_create fails
    (EAGAIN: the mmap is refused).  The connection must be closed and
    counted, and the server must go on."""
    name = "threads: pthread_create failing (--stack-kib 1 TiB)"
    if suite.only and not suite.only.search(name):
        return
    state = {}

    def run():
        srv = Server(suite, "thread-failure server",
                     ["--stack-kib", "1073741824"])
        state["srv"] = srv
        for i in range(3):
            c = HttpConn(srv.port)
            try:
                try:
                    c.send(GET_ROOT)
                except (ConnectionResetError, BrokenPipeError):
                    pass
                how, extra = wait_closed(c.sock, suite.scale(5))
                if how == "open":
                    raise Failure("connection %d neither served nor closed "
                                  "in 5 s" % i)
                if extra:
                    raise Failure("served %r although no thread can start "
                                  "(does --stack-kib work?)" % extra[:60])
            finally:
                c.close()
        if not srv.alive():
            raise Failure("server died")

    suite.check(name + ": connections closed, server alive", 30, run)
    srv = state.get("srv")
    if srv is not None and not srv.stopped:
        srv.check_stop("threads", expect=lambda a, s, r: None if r >= 3 else
                       "expected refused >= 3, got %d" % r)


def offload_workers(suite):
    """The --workers given with --server-arg (default 16, docs/DESIGN.md)."""
    args = suite.server_args
    for i, a in enumerate(args):
        if a.startswith("--workers="):
            return int(a.split("=", 1)[1])
        if a == "--workers" and i + 1 < len(args):
            return int(args[i + 1])
    return 16


def hold_delays(port, n, ms, timeout):
    """n connections, each with a /delay?ms=ms handed to the pool: the
    answer to a GET / pipelined before it shows the server has read it.
    Returns the connections, their /delay answers still to come."""
    held = []
    try:
        for _ in range(n):
            c = HttpConn(port, timeout=timeout)
            held.append(c)
            c.send(GET_ROOT + req("GET", "/delay?ms=%d" % ms))
        for i, c in enumerate(held):
            expect_hello(c.responses(1)[0], "held client %d: " % i)
    except BaseException:
        for c in held:
            c.close()
        raise
    return held


def offload_checks(suite):
    """--offload (through --server-arg): /delay is a blocking sleep in a
    pool of --workers threads, handed back to the loop.  So a /delay takes
    its time, the pool caps them at workers / delay a second (exactly like
    the thread pool), GET / keeps flowing while every worker sleeps,
    clients that leave while their job sleeps harm nothing (run it under
    ASan), and SIGTERM does not wait for the sleepers."""
    w = offload_workers(suite)
    port = suite.main_server().port

    def after_its_time():
        c = HttpConn(port, timeout=suite.scale(10))
        try:
            t0 = time.monotonic()
            r = c.request(req("GET", "/delay?ms=300"))
            took = time.monotonic() - t0
            expect_hello(r)
            if took < 0.3:
                raise Failure("/delay?ms=300 answered after %.3f s" % took)
            if took > 0.3 + suite.scale(1.0):
                raise Failure("/delay?ms=300 answered only after %.2f s"
                              % took)
            return "answered after %.3f s" % took
        finally:
            c.close()

    def many():
        # 10 rounds of the pool: at least 10 x 50 ms, however the jobs
        # are spread over the workers, and not much more.
        n, ms = 10 * w, 50
        rounds = -(-n // w)
        conns = []
        try:
            t0 = time.monotonic()
            for _ in range(n):
                c = HttpConn(port, timeout=suite.scale(20))
                c.send(req("GET", "/delay?ms=%d" % ms))
                conns.append(c)
            for i, c in enumerate(conns):
                expect_hello(c.responses(1)[0], "client %d: " % i)
            took = time.monotonic() - t0
        finally:
            for c in conns:
                c.close()
        if took < rounds * ms / 1000:
            raise Failure("%d x /delay?ms=%d on %d workers took %.2f s: "
                          "faster than %d rounds of the pool (is it a "
                          "timer?)" % (n, ms, w, took, rounds))
        if took > rounds * ms / 1000 + suite.scale(2.0):
            raise Failure("%d x /delay?ms=%d on %d workers took %.2f s, "
                          "expected about %.1f s" % (n, ms, w, took,
                                                     rounds * ms / 1000))
        return "%d x /delay?ms=%d on %d workers in %.2f s (%.0f req/s, " \
            "cap %.0f)" % (n, ms, w, took, n / took, w * 1000 / ms)

    def busy():
        # Every worker sleeps (and two more jobs wait): GET / must not.
        held = hold_delays(port, w + 2, 2000, suite.scale(10))
        try:
            worst = 0.0
            for i in range(5):
                t0 = time.monotonic()
                expect_hello(ask(port, GET_ROOT, timeout=suite.scale(5)),
                             "GET / %d: " % i)
                worst = max(worst, time.monotonic() - t0)
            limit = 0.5 if not suite.sanitized else 0.9
            if worst > limit:
                raise Failure("GET / took %.2f s while %d workers sleep"
                              % (worst, w))
            return "5 x GET / in at most %.3f s while %d workers sleep" % (
                worst, w)
        finally:
            # They leave with their jobs still in the pool.
            for i, c in enumerate(held):
                if i % 2:
                    rst_close(c.sock)
                else:
                    c.close()

    def disconnect():
        n, ms = 4 * w, 100
        held = hold_delays(port, n, ms, suite.scale(10))
        for i, c in enumerate(held):
            if i % 2:
                rst_close(c.sock)
            else:
                c.close()
        # The pool takes jobs oldest first, so this /delay (same length)
        # ends after every abandoned one has come back to the loop and
        # been answered to a client that is gone: that is when freed
        # memory would be touched.
        c = HttpConn(port, timeout=suite.scale(20))
        try:
            expect_hello(c.request(req("GET", "/delay?ms=%d" % ms)))
            expect_hello(c.request(GET_ROOT))
        finally:
            c.close()
        return "%d clients left during their offloaded /delay" % n

    suite.check("offload: /delay?ms=300 is answered after its time", 15,
                after_its_time)
    suite.check("offload: %d parallel /delay?ms=50 all answered, capped "
                "at %d workers" % (10 * w, w), 30, many)
    suite.check("offload: %d clients leave during an offloaded /delay "
                "(half RST, half FIN)" % (4 * w), 30, disconnect)
    # Last on this server: it leaves jobs sleeping in the pool, and the
    # main server's SIGTERM check then stops it with them asleep.
    suite.check("offload: GET / answers while all %d workers sleep" % w, 20,
                busy)
    offload_sigterm_check(suite, w)


def offload_sigterm_check(suite, w):
    """SIGTERM while every worker sleeps a long /delay: the server exits
    at once with its summary, it does not wait for the sleepers."""
    name = "offload: server with every worker sleeping /delay?ms=30000 " \
        "starts"
    if suite.only and not suite.only.search(name):
        return
    state = {}

    def run():
        srv = Server(suite, "offload sigterm server")
        state["srv"] = srv
        state["held"] = hold_delays(srv.port, w + 2, 30000, suite.scale(10))

    suite.check(name, 20, run)
    srv = state.get("srv")
    if srv is not None and not srv.stopped:
        # Stopping has scale(10) s, far less than the 30 s sleeps.
        srv.check_stop("offload sigterm", expect=expect_served)
    for c in state.get("held", ()):
        c.close()


# --------------------------------------------------------------------------
# Echo


def echo_checks(suite):
    if main_server_check(suite):
        main_echo_checks(suite)
    many_connections_check(suite, "echo")
    emfile_check(suite)
    spawn_failure_check(suite)
    if suite.about.get("per_connection") == "thread":
        echo_thread_failure_check(suite)
    sigint_check(suite)


def main_echo_checks(suite):
    port = suite.main_server().port
    rng = suite.rng

    def small():
        s = connect(port)
        try:
            for msg in (b"hello\n", b"x", b"\x00\r\n\xff", b"GET / HTTP/1.1"
                        b"\r\n\r\n"):
                s.sendall(msg)
                got = b""
                while len(got) < len(msg):
                    chunk = s.recv(100)
                    if not chunk:
                        raise Failure("closed")
                    got += chunk
                if got != msg:
                    raise Failure("sent %r, got %r" % (msg, got))
        finally:
            s.close()

    def concurrent300():
        n = suite.many(300)
        socks = connect_many(port, n)
        try:
            conns = [EchoConn(s, rng.randbytes(rng.randint(1, 100000)), rng)
                     for s in socks]
            drive(conns, suite.scale(30))
            counts, errors = tally(conns)
            if errors or counts.get("closed"):
                raise Failure("%s; first errors: %s" % (counts, errors[:5]))
            return "%d bytes round-tripped" % sum(len(c.payload)
                                                  for c in conns)
        finally:
            for s in socks:
                s.close()

    def one_mib():
        s = connect(port)
        try:
            c = EchoConn(s, os.urandom(MAX_BODY), rng, max_chunk=1 << 16)
            drive([c], suite.scale(30))
            if c.result != "ok":
                raise Failure(c.result)
        finally:
            s.close()

    def half_close():
        s = connect(port, suite.scale(10))
        try:
            data = os.urandom(200000)
            # Small enough to sit in the socket buffers: send it all, then
            # announce the end, then read everything back.
            c = EchoConn(s, data, rng, max_chunk=1 << 16)
            drive([c], suite.scale(30))
            if c.result != "ok":
                raise Failure(c.result)
            s.setblocking(True)
            s.shutdown(socket.SHUT_WR)
            how, extra = wait_closed(s, suite.scale(5))
            if extra:
                raise Failure("%d extra bytes after the echo" % len(extra))
            if how != "eof":
                raise Failure("after our FIN the server %s"
                              % ("did not close" if how == "open"
                                 else "reset the connection"))
        finally:
            s.close()

    def half_close_pending():
        # FIN right behind the data, before any of it came back: the
        # server must still echo all of it before closing.
        s = connect(port, suite.scale(10))
        try:
            data = os.urandom(50000)
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            got = bytearray()
            s.settimeout(suite.scale(10))
            while True:
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    raise Failure("reset after %d of %d bytes"
                                  % (len(got), len(data)))
                if not chunk:
                    break
                got += chunk
            if bytes(got) != data:
                raise Failure("got %d bytes back (%s) before the close"
                              % (len(got), "equal prefix" if
                                 data.startswith(bytes(got)) else "differ"))
        finally:
            s.close()

    suite.check("echo: small messages come back", 15, small)
    suite.check("echo: 300 concurrent connections, random payloads and "
                "chunks, byte for byte", 60, concurrent300)
    suite.check("echo: 1 MiB sent while reading comes back identical", 40,
                one_mib)
    suite.check("echo: half-close: echo completes, then the server closes",
                30, half_close)
    suite.check("echo: half-close right after the data: all echoed, then "
                "closed", 30, half_close_pending)
    nonreading_check(
        suite, "non-reading: 10 clients send up to 50 MiB without reading, "
        "RSS bounded", 10, 3.0, lambda: os.urandom(1 << 16), 50 << 20)
    reset_storm_check(suite, [os.urandom(100), os.urandom(100000),
                              os.urandom(1 << 20)])
    suite.check("server: still echoes after everything", 15,
                lambda: check_echo_once(port))


def echo_thread_failure_check(suite):
    name = "threads: pthread_create failing (--stack-kib 1 TiB), echo"
    if suite.only and not suite.only.search(name):
        return
    state = {}

    def run():
        srv = Server(suite, "thread-failure server",
                     ["--stack-kib", "1073741824"])
        state["srv"] = srv
        s = connect(srv.port)
        try:
            try:
                s.sendall(b"ping")
            except (ConnectionResetError, BrokenPipeError):
                pass
            how, extra = wait_closed(s, suite.scale(5))
            if how == "open" or extra:
                raise Failure("connection %s, got %r" % (how, extra[:40]))
        finally:
            s.close()

    suite.check(name + ": connection closed", 30, run)
    srv = state.get("srv")
    if srv is not None and not srv.stopped:
        srv.check_stop("threads", expect=lambda a, s, r: None if r >= 1 else
                       "expected refused >= 1, got %d" % r)


# --------------------------------------------------------------------------
# WebSocket: GET /ws (RFC 6455, the websocket-shootout chat) and GET /chat,
# for models whose --about lists "ws" among its protocols.  Most checks
# speak raw frames, so that they can break every rule on purpose; two use
# Debian's python3-websockets (under /usr/bin/python3, which sees Debian's
# packages) as an independent client.

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
WS_BACKLOG = 256 * 1024  # SESSION_WS_BACKLOG
WS_CLOSE_MS = 2000  # SESSION_WS_CLOSE_MS
DEBIAN_PYTHON = "/usr/bin/python3"


def ws_accept(key):
    import base64
    import hashlib
    return base64.b64encode(hashlib.sha1(key + WS_GUID).digest())


def ws_frame(opcode, payload, fin=True, mask=True, rsv=0):
    """A client frame: masked with a random key unless mask is False."""
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | rsv << 4 | opcode])
    mbit = 0x80 if mask else 0
    if n < 126:
        head += bytes([mbit | n])
    elif n <= 0xffff:
        head += bytes([mbit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([mbit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    body = bytes(b ^ key[i % 4] for i, b in enumerate(payload)) \
        if n < 4096 else ws_xor(payload, key)
    return head + key + body


def ws_xor(payload, key):
    k = int.from_bytes(key * ((len(payload) + 3) // 4), "big")
    k >>= 8 * ((-len(payload)) % 4)
    return (int.from_bytes(payload, "big") ^ k).to_bytes(len(payload),
                                                          "big")


def ws_chat(kind, payload):
    return json.dumps({"type": kind, "payload": payload}).encode()


class WsClient:
    """A raw WebSocket client: the handshake, frames in and out."""

    def __init__(self, port, timeout=5.0, rcvbuf=None, extra=b""):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            # Before connect(), so the window starts small.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect((HOST, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        import base64
        key = base64.b64encode(os.urandom(16))
        self.sock.sendall(
            b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key +
            b"\r\nSec-WebSocket-Version: 13\r\n\r\n" + extra)
        head = self._until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = lines[0]
        self.headers = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                self.headers[k.strip().lower()] = v.strip()
        if not self.status.startswith("HTTP/1.1 101 "):
            raise Failure("handshake answered %r" % self.status)
        if self.headers.get("sec-websocket-accept", "").encode() != \
                ws_accept(key):
            raise Failure("Sec-WebSocket-Accept %r, expected %r" % (
                self.headers.get("sec-websocket-accept"), ws_accept(key)))

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buf += chunk

    def _until(self, marker):
        while marker not in self.buf:
            self._fill()
        i = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, data):
        self.sock.sendall(data)

    def send_text(self, text):
        self.send(ws_frame(0x1, text if isinstance(text, bytes)
                           else text.encode()))

    def frame(self):
        """The next server frame: (fin, opcode, payload).  Server frames
        are never masked."""
        b0, b1 = self._take(2)
        if b1 & 0x80:
            raise Failure("the server sent a masked frame")
        if b0 & 0x70:
            raise Failure("the server set a reserved bit")
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack("!H", self._take(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._take(8))[0]
        return bool(b0 & 0x80), b0 & 0xf, self._take(n)

    def message(self):
        """The next data message as (opcode, bytes), or ('close', code,
        reason) for a close frame.  Pings are answered."""
        parts, op = [], None
        while True:
            fin, opcode, data = self.frame()
            if opcode == 0x8:
                code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 \
                    else 1005
                return ("close", code, data[2:])
            if opcode == 0x9:
                self.send(ws_frame(0xa, data))
                continue
            if opcode == 0xa:
                continue
            if opcode != 0:
                op = opcode
            parts.append(data)
            if fin:
                return (op, b"".join(parts))

    def json(self):
        m = self.message()
        if m[0] == "close":
            raise Failure("closed with %d %r while a message was expected"
                          % (m[1], m[2]))
        return json.loads(m[1])

    def expect_close(self, code, what):
        """Reads until a close frame; it must carry code."""
        try:
            while True:
                m = self.message()
                if m[0] == "close":
                    break
        except EOFError:
            raise Failure("%s: connection closed without a close frame"
                          % what)
        if m[1] != code:
            raise Failure("%s: closed with %d %r, expected %d"
                          % (what, m[1], m[2], code))
        return m

    def close(self):
        self.sock.close()


def ws_raw_http(port, data, timeout=5.0):
    """Sends data, returns (status line, headers, closed afterwards)."""
    s = connect(port, timeout)
    try:
        s.sendall(data)
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise Failure("closed before a response head: %r" % buf)
            buf += chunk
        head = buf.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        headers = {}
        for line in head[1:]:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        how, _ = wait_closed(s, timeout)
        return head[0], headers, how
    finally:
        s.close()


WS_LIB_SCRIPT = r'''
import asyncio, json, sys
import websockets

async def main(port, n):
    url = "ws://127.0.0.1:%d/ws" % port
    out = {}
    clients = [await websockets.connect(url, max_size=None) for _ in range(n)]
    a = clients[0]
    await a.send(json.dumps({"type": "echo", "payload": {"k": [1, "two"]}}))
    out["echo"] = await a.recv()
    await a.send(json.dumps({"type": "broadcast", "payload": "to all"}))
    out["sender"] = [await a.recv(), await a.recv()]
    out["others"] = [await c.recv() for c in clients[1:]]
    await a.send("x" * 65537)
    try:
        await a.recv()
        out["too_big"] = None
    except websockets.ConnectionClosed as e:
        out["too_big"] = e.rcvd.code if e.rcvd else None
    b = clients[1]
    await b.close(code=1000)
    out["closed"] = [b.close_code, b.close_reason]
    for c in clients[2:]:
        await c.close()
    print(json.dumps(out))

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
'''


def ws_checks(suite):
    port = suite.main_server().port

    def handshake():
        key = b"dGhlIHNhbXBsZSBub25jZQ=="
        s = connect(port)
        try:
            s.sendall(b"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                      b"Connection: keep-alive, Upgrade\r\n"
                      b"Sec-WebSocket-Key: " + key +
                      b"\r\nSec-WebSocket-Version: 13\r\n\r\n")
            buf = b""
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    raise Failure("closed: %r" % buf)
                buf += chunk
            head = buf.split(b"\r\n\r\n")[0].split(b"\r\n")
            if not head[0].startswith(b"HTTP/1.1 101 "):
                raise Failure("got %r" % head[0])
            hdrs = {l.split(b":", 1)[0].strip().lower():
                    l.split(b":", 1)[1].strip() for l in head[1:]}
            if hdrs.get(b"sec-websocket-accept") != \
                    b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=":
                raise Failure("accept %r" % hdrs.get(b"sec-websocket-accept"))
            if hdrs.get(b"upgrade", b"").lower() != b"websocket" or \
                    b"upgrade" not in hdrs.get(b"connection", b"").lower():
                raise Failure("Upgrade/Connection headers: %r" % hdrs)
        finally:
            s.close()

    def bad_handshakes():
        base = (b"GET /ws HTTP/1.1\r\nHost: x\r\n%s\r\n")
        ok = {"upgrade": b"Upgrade: websocket\r\n",
              "conn": b"Connection: Upgrade\r\n",
              "key": b"Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n",
              "ver": b"Sec-WebSocket-Version: 13\r\n"}
        cases = [("no Upgrade", dict(ok, upgrade=b""), "426"),
                 ("version 8", dict(ok, ver=b"Sec-WebSocket-Version: 8\r\n"),
                  "426"),
                 ("no Connection: upgrade", dict(ok, conn=b""), "400"),
                 ("a 4-byte key", dict(ok, key=b"Sec-WebSocket-Key: "
                                       b"AQID\r\n"), "400"),
                 ("no key", dict(ok, key=b""), "400")]
        for what, parts, status in cases:
            line, hdrs, how = ws_raw_http(port, base % b"".join(
                parts.values()), suite.scale(5))
            if line.split(" ")[1] != status:
                raise Failure("%s: got %r, expected %s" % (what, line, status))
            if status == "426" and \
                    hdrs.get("sec-websocket-version") != "13":
                raise Failure("%s: 426 without Sec-WebSocket-Version: 13 "
                              "(%r)" % (what, hdrs))
            if how != "eof":
                raise Failure("%s: connection %s after the %s" %
                              (what, how, status))

    def echo():
        c = WsClient(port)
        try:
            msgs = [ws_chat("echo", "hello"),
                    b'{ "payload" : {"a":[1,2,{"b":null}]}, "type":"echo" }',
                    ws_chat("echo", "\u00e9\u4e16\U0001f600" * 100)]
            # And one of exactly 64 KiB, the largest allowed.
            msgs.append(ws_chat("echo", "z" * (65536 - len(msgs[0]) + 5)))
            if len(msgs[-1]) != 65536:
                raise Failure("test bug: %d bytes" % len(msgs[-1]))
            for m in msgs:
                c.send_text(m)
                got = c.message()
                if got != (1, m):
                    raise Failure("sent %d bytes %r..., got %r" % (
                        len(m), m[:40], str(got)[:80]))
            # Fragmented, with a ping between the fragments.
            m = ws_chat("echo", "fragments")
            c.send(ws_frame(0x1, m[:5], fin=False) + ws_frame(0x9, b"p") +
                   ws_frame(0x0, m[5:12], fin=False) +
                   ws_frame(0x0, m[12:]))
            fin, op, data = c.frame()
            if (op, data) != (0xa, b"p"):
                raise Failure("expected the pong first, got %r" % ((op, data),))
            if c.message() != (1, m):
                raise Failure("fragmented echo differs")
        finally:
            c.close()

    def ping():
        c = WsClient(port)
        try:
            c.send(ws_frame(0x9, b"are you there?"))
            fin, op, data = c.frame()
            if (fin, op, data) != (True, 0xa, b"are you there?"):
                raise Failure("got %r" % ((fin, op, data),))
        finally:
            c.close()

    def broadcast():
        n = suite.many(50)
        cs = [WsClient(port) for _ in range(n)]
        try:
            for round_ in range(3):
                sender = cs[round_ % n]
                payload = {"round": round_, "text": "hi all"}
                sender.send_text(ws_chat("broadcast", payload))
                for i, c in enumerate(cs):
                    got = c.json()
                    if got != {"type": "broadcast", "payload": payload}:
                        raise Failure("client %d got %r" % (i, got))
                got = sender.json()
                if got != {"type": "broadcastResult", "payload": payload}:
                    raise Failure("sender got %r" % got)
            return "%d clients, 3 broadcasts" % n
        finally:
            for c in cs:
                c.close()

    def rule(name, data, code, then_close=True):
        """Sends data, expects a close with code, then the TCP close:
        after our answering close if then_close, else on its own within
        the close handshake's limit."""
        c = WsClient(port)
        try:
            c.send(data)
            c.expect_close(code, name)
            if then_close:
                c.send(ws_frame(0x8, struct.pack("!H", code)))
            how, extra = wait_closed(c.sock, suite.scale(
                WS_CLOSE_MS / 1000 + 3))
            if how == "open":
                raise Failure("%s: the server kept the connection open" %
                              name)
        finally:
            c.close()

    def unmasked():
        rule("unmasked", ws_frame(0x1, ws_chat("echo", 1), mask=False), 1002)

    def reserved():
        rule("RSV1", ws_frame(0x1, ws_chat("echo", 1), rsv=4), 1002)
        rule("opcode 3", ws_frame(0x3, b"x"), 1002)
        rule("fragmented ping", ws_frame(0x9, b"x", fin=False), 1002)
        rule("continuation first", ws_frame(0x0, b"x"), 1002,
             then_close=False)

    def oversized():
        rule("65537-byte message",
             ws_frame(0x1, b"x" * 65537), 1009)
        rule("fragments over 64 KiB",
             ws_frame(0x1, b"x" * 40000, fin=False) +
             ws_frame(0x0, b"x" * 30000), 1009)

    def bad_utf8():
        rule("bad UTF-8", ws_frame(0x1, b'{"type":"echo","payload":"\xff"}'),
             1007)
        # Valid so far, broken in the second fragment.
        rule("bad UTF-8 across fragments",
             ws_frame(0x1, b'{"type":"echo","payload":"\xce', fin=False) +
             ws_frame(0x0, b'\xce"}'), 1007, then_close=False)

    def not_chat():
        rule("not JSON", ws_frame(0x1, b"hello"), 1003)
        rule("unknown type", ws_frame(0x1, ws_chat("subscribe", 1)), 1003)
        rule("binary", ws_frame(0x2, ws_chat("echo", 1)), 1003)

    def close_handshake():
        c = WsClient(port)
        try:
            c.send(ws_frame(0x8, struct.pack("!H", 1000) + b"bye"))
            m = c.message()
            if m[:2] != ("close", 1000):
                raise Failure("answered %r" % (m,))
            how, extra = wait_closed(c.sock, suite.scale(5))
            if how != "eof" or extra:
                raise Failure("after the close handshake: %s %r" %
                              (how, extra[:40]))
        finally:
            c.close()

    def slow_subscriber():
        # Three readers, one client that never reads (a small receive
        # window so the kernel holds little for it), one broadcaster
        # sending 16 KiB broadcasts until well past the backlog cap.
        readers = [WsClient(port) for _ in range(3)]
        stuck = WsClient(port, rcvbuf=4096)
        sender = readers[0]
        sent = 0
        try:
            total = 8 << 20
            payload = "p" * (16 << 10)
            while sent * len(payload) < total:
                sender.send_text(ws_chat("broadcast", [sent, payload]))
                for r in readers:
                    got = r.json()
                    if got["type"] != "broadcast" or got["payload"][0] != sent:
                        raise Failure("reader got %r..." % str(got)[:60])
                if sender.json()["type"] != "broadcastResult":
                    raise Failure("no broadcastResult")
                sent += 1
            # Now read what the stuck client was given: a prefix of the
            # broadcasts, then the close 1008, then the end.
            stuck.sock.settimeout(suite.scale(10))
            got = 0
            while True:
                try:
                    m = stuck.message()
                except EOFError:
                    raise Failure("no close frame after %d of %d broadcasts"
                                  % (got, sent))
                if m[0] == "close":
                    break
                if json.loads(m[1])["payload"][0] != got:
                    raise Failure("broadcasts out of order")
                got += 1
            if m[1] != 1008:
                raise Failure("closed with %d, expected 1008" % m[1])
            if got >= sent:
                raise Failure("it got every broadcast: the cap never hit")
            return "%d broadcasts of 16 KiB; the stuck client got %d, then " \
                "1008" % (sent, got)
        finally:
            for c in readers + [stuck]:
                c.close()

    def with_websockets():
        if not os.access(DEBIAN_PYTHON, os.X_OK):
            raise Failure("%s is missing" % DEBIAN_PYTHON)
        n = suite.many(10)
        p = subprocess.run([DEBIAN_PYTHON, "-c", WS_LIB_SCRIPT, str(port),
                            str(n)], capture_output=True,
                           timeout=suite.scale(30), stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise Failure("python3-websockets client failed:\n%s"
                          % p.stderr.decode(errors="replace")[-2000:])
        out = json.loads(p.stdout)
        want_echo = {"type": "echo", "payload": {"k": [1, "two"]}}
        problems = []
        if json.loads(out["echo"]) != want_echo:
            problems.append("echo %r" % out["echo"])
        if [json.loads(m) for m in out["sender"]] != [
                {"type": "broadcast", "payload": "to all"},
                {"type": "broadcastResult", "payload": "to all"}]:
            problems.append("sender got %r" % out["sender"])
        if [json.loads(m) for m in out["others"]] != \
                [{"type": "broadcast", "payload": "to all"}] * (n - 1):
            problems.append("others got %r" % out["others"][:3])
        if out["too_big"] != 1009:
            problems.append("a 65537-byte message closed with %r"
                            % out["too_big"])
        if out["closed"][0] != 1000:
            problems.append("close handshake gave %r" % out["closed"])
        if problems:
            raise Failure("; ".join(problems))
        return "%d clients" % n

    def chat_page():
        r = ask(port, req("GET", "/chat"))
        expect_status(r, 200)
        ctype = r.header("content-type")
        if not isinstance(ctype, str) or not ctype.startswith("text/html"):
            raise Failure("Content-Type %r" % (ctype,))
        body = bytes(r.body)
        for needle in (b"<script", b"new WebSocket", b"/ws",
                       b"\"broadcast\"", b"<input", b"<button"):
            if needle not in body:
                raise Failure("the page has no %r" % needle)

    suite.check("ws: handshake: 101 with RFC 6455's Sec-WebSocket-Accept",
                15, handshake)
    suite.check("ws: bad handshakes get 426 (with Sec-WebSocket-Version: 13) "
                "or 400, and the connection closes", 30, bad_handshakes)
    suite.check("ws: echo comes back unchanged (64 KiB, UTF-8, fragmented "
                "with a ping between)", 20, echo)
    suite.check("ws: ping is answered with a pong carrying its payload", 15,
                ping)
    suite.check("ws: broadcast reaches all 50 clients; the sender then gets "
                "broadcastResult", 30, broadcast)
    suite.check("ws: an unmasked client frame gets close 1002", 20, unmasked)
    suite.check("ws: reserved bit, reserved opcode, fragmented control frame, "
                "stray continuation get close 1002", 40, reserved)
    suite.check("ws: a message over 64 KiB gets close 1009", 30, oversized)
    suite.check("ws: bad UTF-8 in a text message gets close 1007", 30,
                bad_utf8)
    suite.check("ws: a message that is not chat JSON gets close 1003", 30,
                not_chat)
    suite.check("ws: close handshake: our close 1000 is answered, then the "
                "server closes", 15, close_handshake)
    suite.check("ws: a subscriber that stops reading is closed with 1008 "
                "while the others get every broadcast", 90, slow_subscriber)
    suite.check("ws: python3-websockets client: echo, broadcast to 10, "
                "1009, close handshake", 60, with_websockets)
    suite.check("ws: GET /chat serves an HTML page that chats over /ws", 15,
                chat_page)
    suite.check("server: still serves GET / after the WebSocket checks", 15,
                lambda: expect_hello(ask(port, GET_ROOT)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--proto", choices=("http", "echo"), default="http")
    ap.add_argument("--sanitized", action="store_true",
                    help="the binary is a sanitizer build: fail on sanitizer "
                    "reports, allow more time, skip RSS limits")
    ap.add_argument("--only", metavar="PATTERN",
                    help="run only the checks whose name matches this "
                    "regular expression")
    ap.add_argument("--server-arg", action="append", default=[],
                    metavar="FLAG",
                    help="one more flag for every server started, e.g. "
                    "--server-arg=--offload (repeat for more)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print diagnostics of passing checks too")
    ap.add_argument("--seed", type=int,
                    default=int.from_bytes(os.urandom(4), "little"),
                    help="seed for the random payloads")
    ap.add_argument("binary")
    args = ap.parse_args()
    return Suite(args).run()


if __name__ == "__main__":
    sys.exit(main())
