#!/usr/bin/env python3
"""peers.py - checks one peer (servers/peers/<name>) against the server
contract's peer subset: the harness must drive it exactly like a model.

Usage:
  python3 tests/peers/peers.py [-v] servers/peers/<name>

What it checks, each as one TAP line with its own deadline:
  - --about is one JSON line with the peer's name, the kind it should
    have, "peer": true, its language, endpoints and protocols; --help exits
    0; a bad flag gives usage on stderr and exit 2; --proto echo is
    refused with exit 2;
  - started with --port 0 it prints `listening on 127.0.0.1:PORT`;
  - GET / is 200 text/plain `Hello, World!` with a Content-Length (no
    chunked answers: our load generator refuses them); 100 requests on one
    keep-alive connection; 10 pipelined requests answered in order; an
    unknown path is 404; 200 idle connections (fewer when --about's
    max_connections is lower) do not stop it answering;
  - /delay?ms=100 (when --about lists it) takes at least 100 ms, and 20 at
    once finish in well under 20 x 100 ms; /cpu?us=1000 is answered;
  - a peer that honours --blocking: 5 delays at once take 5 x 100 ms (the
    loop is blocked, on purpose); --offload: 20 at once run in parallel;
    --workers (nginx): N workers, the kind per core, still serving;
  - a web server (--about "config"): Debian's configuration by default,
    and --sized 300 says so in --about and holds 200 idle connections;
  - SIGTERM: exit 0 within 10 s, one summary line (numbers or n/a), and no
    process of its tree left behind.

A peer whose Debian package is missing is skipped (`ok 1 # SKIP`); the
packages are in scripts/install-deps, so CI has them all.  Servers start on
port 0 and the suite reads their `listening on` line: it never sleeps to
wait for a server.  Python 3 standard library only.
"""
import argparse
import ctypes
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HOST = "127.0.0.1"
HELLO = b"Hello, World!"
LISTEN_RE = re.compile(r"^listening on 127\.0\.0\.1:(\d+)$")
SUMMARY_RE = re.compile(
    r"^(\S+): stopped: (\d+|n/a) connections accepted, (\d+|n/a) requests "
    r"served, (\d+|n/a) connections refused$")

# name -> (kind, language, what must be installed: a binary or a module of
# Debian's /usr/bin/python3).  nginx runs a worker per CPU by default
# (Debian's worker_processes auto): one loop, or one per core.
PEERS = {
    "py-threads": ("thread-per-connection", "python", "python3:"),
    "py-asyncio": ("event-loop", "python", "python3:asyncio"),
    "py-uvloop": ("event-loop", "python", "python3:uvloop"),
    "py-gevent": ("coroutines", "python", "python3:gevent"),
    "py-tornado": ("event-loop", "python", "python3:tornado"),
    "py-twisted": ("event-loop", "python", "python3:twisted"),
    "gunicorn-sync": ("process-pool", "python", "python3:gunicorn"),
    "uwsgi": ("process-pool", "python", "uwsgi"),
    "gunicorn-gevent": ("coroutines", "python", "python3:gunicorn"),
    "uvicorn": (("event-loop", "event-loops-per-core"), "python",
                "python3:uvicorn"),
    "aiohttp": (("event-loop", "event-loops-per-core"), "python",
                "python3:aiohttp"),
    "nginx": (("event-loop", "event-loops-per-core"), "c", "nginx"),
    "apache-prefork": ("process-pool", "c", "apache2"),
    "apache-worker": ("thread-pool", "c", "apache2"),
    "apache-event": ("thread-pool", "c", "apache2"),
    "lighttpd": ("event-loop", "c", "lighttpd"),
}
ABOUT_KEYS = ("name", "kind", "threads", "processes", "per_connection",
              "library", "library_version", "honours", "protocols",
              "revision", "peer", "language", "endpoints")


class Failure(Exception):
    pass


class Deadline(Exception):
    pass


def missing_package(need):
    """What is missing for the peer to run, or None."""
    if need.startswith("python3:"):
        module = need.split(":", 1)[1]
        if not os.access("/usr/bin/python3", os.X_OK):
            return "python3 (/usr/bin/python3)"
        if module and subprocess.run(
                ["/usr/bin/python3", "-c", "import " + module],
                capture_output=True, timeout=30).returncode != 0:
            return "python3-" + module
        return None
    path = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    return None if shutil.which(need, path=path) else need


# ------------------------------------------------------------ processes


def proc_table():
    """{pid: (ppid, start time)} from one look at /proc."""
    table = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        if fields[0] != "Z":
            table[int(d)] = (int(fields[1]), fields[19])
    return table


def tree(root):
    """{pid: start time} of root and every process under it."""
    table = proc_table()
    kids = {}
    for pid, (ppid, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        if p in table:
            out[p] = table[p][1]
            todo += kids.get(p, [])
    return out


class Server:
    """One peer started on port 0."""

    def __init__(self, path, args=(), timeout=90.0):
        self.err = tempfile.TemporaryFile()
        self.rest = b""

        def preexec():
            # The launcher dies with the suite (PR_SET_PDEATHSIG, SIGKILL);
            # it passes its own death on to its server.
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)

        self.proc = subprocess.Popen(
            [path, "--port", "0"] + list(args), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=self.err, preexec_fn=preexec,
            start_new_session=True)
        self.port = self._read_port(timeout)

    def _read_port(self, timeout):
        fd = self.proc.stdout.fileno()
        buf = b""
        end = time.monotonic() + timeout
        while b"\n" not in buf:
            left = end - time.monotonic()
            if left <= 0:
                self.kill()
                raise Failure("no `listening on` line within %.0f s" %
                              timeout)
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 4096)
                if not chunk:
                    rc = self.proc.wait(10)
                    raise Failure("exited %s before listening; stderr:\n%s"
                                  % (rc, self.stderr()[-2000:]))
                buf += chunk
        line, _, self.rest = buf.partition(b"\n")
        m = LISTEN_RE.match(line.decode("utf-8", "replace"))
        if not m or int(m.group(1)) == 0:
            self.kill()
            raise Failure("first line %r, expected `listening on "
                          "127.0.0.1:PORT`" % line)
        return int(m.group(1))

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def kill(self):
        """SIGKILL to the launcher's whole tree (a failed check's cleanup)."""
        for pid in tree(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.proc.wait(10)

    def stop(self, timeout=10.0):
        """SIGTERM; returns (exit status, stdout after `listening on`,
        seconds, {pid: start} of the tree before the signal)."""
        before = tree(self.proc.pid)
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise Failure("still running %.0f s after SIGTERM" % timeout)
        took = time.monotonic() - t0
        out = self.rest + self.proc.stdout.read()
        return rc, out.decode("utf-8", "replace"), took, before


# ---------------------------------------------------------------- HTTP


def connect(port, timeout=10.0):
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def get(path, close=False):
    return ("GET %s HTTP/1.1\r\nHost: peer\r\n%s\r\n" % (
        path, "Connection: close\r\n" if close else "")).encode()


class Reader:
    """Reads responses off one connection; every one must have a
    Content-Length and no Transfer-Encoding."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise Failure("connection closed with %d bytes pending: %r"
                          % (len(self.buf), self.buf[:200]))
        self.buf += chunk

    def response(self):
        """(status, {lower-case header: value}, body)."""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        m = re.match(r"^HTTP/1\.[01] (\d{3})", lines[0])
        if not m:
            raise Failure("bad status line %r" % lines[0])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "transfer-encoding" in headers:
            raise Failure("a chunked answer (Transfer-Encoding: %s); our "
                          "load generator refuses those"
                          % headers["transfer-encoding"])
        if "content-length" not in headers:
            raise Failure("no Content-Length in %r" % head[:300])
        n = int(headers["content-length"])
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return int(m.group(1)), headers, body


def expect_hello(resp):
    status, headers, body = resp
    if status != 200 or body != HELLO:
        raise Failure("expected 200 %r, got %d %r" % (HELLO, status,
                                                       body[:100]))
    if not headers.get("content-type", "").startswith("text/plain"):
        raise Failure("Content-Type %r, expected text/plain"
                      % headers.get("content-type"))


def ask(port, path):
    with connect(port) as s:
        s.sendall(get(path))
        return Reader(s).response()


def timed_delays(port, n, ms):
    """n concurrent GET /delay?ms=ms on n connections: seconds for all."""
    socks = [connect(port, timeout=30) for _ in range(n)]
    results = [None] * n

    def one(i):
        try:
            results[i] = Reader(socks[i]).response()
        except Exception as e:  # reported below
            results[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    t0 = time.monotonic()
    for s in socks:
        s.sendall(get("/delay?ms=%d" % ms))
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    for s in socks:
        s.close()
    for r in results:
        if isinstance(r, Exception):
            raise Failure("a /delay failed: %s" % r)
        expect_hello(r)
    return took


# ---------------------------------------------------------------- suite


class Suite:
    def __init__(self, path, verbose):
        self.path = path
        self.name = os.path.basename(path)
        self.verbose = verbose
        self.n = 0
        self.failed = 0
        self.about = {}

    def result(self, ok, what, diag=None):
        self.n += 1
        self.failed += not ok
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what),
              flush=True)
        if diag and (not ok or self.verbose):
            for line in str(diag).splitlines():
                print("# " + line, flush=True)

    def check(self, what, deadline, fn, *args):
        def on_alarm(signum, frame):
            raise Deadline()

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, deadline)
        ok, diag = True, None
        t0 = time.monotonic()
        try:
            diag = fn(*args)
        except Failure as e:
            ok, diag = False, str(e)
        except Deadline:
            ok, diag = False, "deadline of %.0f s passed" % deadline
        except Exception:
            ok, diag = False, traceback.format_exc()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        diag = (diag + "\n" if diag else "") + "took %.2f s" % (
            time.monotonic() - t0)
        self.result(ok, what, diag)
        return ok

    def run_json(self, *args):
        try:
            return json.loads(self.run_cli(*args).stdout)
        except ValueError:
            return {}

    def run_cli(self, *args):
        return subprocess.run([self.path] + list(args), capture_output=True,
                              text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    # ---- checks

    def check_about(self):
        p = self.run_cli("--about")
        lines = [l for l in p.stdout.splitlines() if l.strip()]
        if p.returncode != 0 or len(lines) != 1:
            raise Failure("--about: exit %d, %d lines: %r %r" % (
                p.returncode, len(lines), p.stdout[:300], p.stderr[-300:]))
        a = json.loads(lines[0])
        kind, language, _ = PEERS[self.name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        missing = [k for k in ABOUT_KEYS if k not in a]
        if missing:
            raise Failure("--about lacks %s: %s" % (missing, lines[0]))
        if a["name"] != self.name or a["kind"] not in kinds or \
                a["peer"] is not True or a["language"] != language:
            raise Failure("expected name %s, kind %s, peer true, language "
                          "%s: %s" % (self.name, kind, language, lines[0]))
        if "/" not in a["endpoints"] or "http" not in a["protocols"]:
            raise Failure("endpoints must hold / and protocols http: %s"
                          % lines[0])
        self.about = a
        return lines[0]

    def check_cli(self):
        p = self.run_cli("--help")
        if p.returncode != 0 or "usage" not in p.stdout.lower():
            raise Failure("--help: exit %d, stdout %r" % (p.returncode,
                                                          p.stdout[:200]))
        p = self.run_cli("--no-such-flag")
        if p.returncode != 2 or "usage" not in p.stderr.lower():
            raise Failure("a bad flag: exit %d, stderr %r, expected 2 and "
                          "usage" % (p.returncode, p.stderr[:300]))
        p = self.run_cli("--proto", "echo", "--port", "0")
        if p.returncode != 2 or not p.stderr.strip():
            raise Failure("--proto echo: exit %d, stderr %r, expected a "
                          "refusal and 2" % (p.returncode, p.stderr[:300]))

    def check_hello(self, server):
        port = server.port
        expect_hello(ask(port, "/"))

    def check_keepalive(self, server):
        port = server.port
        with connect(port) as s:
            r = Reader(s)
            for i in range(100):
                s.sendall(get("/"))
                expect_hello(r.response())

    def check_pipeline(self, server):
        port = server.port
        with connect(port) as s:
            s.sendall(get("/") * 9 + get("/nope"))
            r = Reader(s)
            for i in range(9):
                expect_hello(r.response())
            status = r.response()[0]
            if status != 404:
                raise Failure("the 10th pipelined answer is %d, expected "
                              "404 (answers out of order?)" % status)

    def check_404(self, server):
        port = server.port
        status = ask(port, "/no/such/path")[0]
        if status != 404:
            raise Failure("GET /no/such/path: %d, expected 404" % status)

    def idle_count(self, about):
        """200 idle connections, or fewer than the server holds at once
        (Apache in Debian's configuration: 150), leaving room for one
        more to be served."""
        most = about.get("max_connections")
        return 200 if not isinstance(most, int) else min(200, most - 10)

    def check_idle(self, server, about=None):
        port = server.port
        idle = [connect(port) for _ in
                range(self.idle_count(about or self.about))]
        try:
            expect_hello(ask(port, "/"))
        finally:
            for s in idle:
                s.close()

    def check_delay(self, server):
        port = server.port
        t0 = time.monotonic()
        expect_hello(ask(port, "/delay?ms=100"))
        took = time.monotonic() - t0
        if took < 0.1:
            raise Failure("/delay?ms=100 answered after %.0f ms" %
                          (took * 1000))
        return "%.0f ms" % (took * 1000)

    def check_delay_concurrent(self, server):
        port = server.port
        took = timed_delays(port, 20, 100)
        if took >= 1.0:
            raise Failure("20 concurrent /delay?ms=100 took %.2f s: they "
                          "wait in turn (20 in turn: 2 s)" % took)
        return "%.0f ms for all 20" % (took * 1000)

    def check_delay_blocking(self, server):
        port = server.port
        took = timed_delays(port, 5, 100)
        if took < 0.45:
            raise Failure("5 concurrent /delay?ms=100 under --blocking took "
                          "%.2f s: the loop did not block" % took)
        return "%.0f ms for 5 (in turn: 500 ms)" % (took * 1000)

    def check_cpu(self, server):
        port = server.port
        expect_hello(ask(port, "/cpu?us=1000"))

    def check_workers(self, server):
        n = len(tree(server.proc.pid))
        # The launcher, nginx's master and 2 workers (or what --about says).
        want = 1 + self.run_json("--workers", "2", "--about").get(
            "processes", 3)
        if n != want:
            raise Failure("%d processes in the tree, expected the launcher "
                          "and %d (a master and 2 workers)" % (n, want - 1))
        for _ in range(10):
            expect_hello(ask(server.port, "/"))

    def check_stop(self, server, min_served):
        rc, out, took, before = server.stop()
        lines = [l for l in out.splitlines() if l.strip()]
        m = SUMMARY_RE.match(lines[0]) if len(lines) == 1 else None
        problems = []
        if rc != 0:
            problems.append("exit status %s, expected 0" % rc)
        if not m or m.group(1) != self.name:
            problems.append("expected one line `%s: stopped: A connections "
                            "accepted, R requests served, F connections "
                            "refused`, got %r" % (self.name, out))
        elif m.group(3) != "n/a" and int(m.group(3)) < min_served:
            problems.append("%s requests served: fewer than the %d the "
                            "suite made" % (m.group(3), min_served))
        now = proc_table()
        left = [p for p, start in before.items()
                if p in now and now[p][1] == start]
        if left:
            problems.append("%d processes of its tree still run: %s"
                            % (len(left), left[:10]))
        if took > 10:
            problems.append("took %.1f s" % took)
        if problems:
            raise Failure("\n".join(problems) + "\nstderr:\n" +
                          server.stderr()[-1500:])
        return "%r in %.2f s" % (lines[0], took)

    def check_sized(self):
        """Debian's configuration by default; --sized N sizes the server
        for N connections, says so in --about, and holds them."""
        self.result(self.about.get("config") == "debian" and
                    self.about.get("sized") is None,
                    "by default Debian's configuration (--about config "
                    "\"debian\")", json.dumps(self.about))
        p = self.run_cli("--sized", "300", "--about")
        try:
            sized = json.loads(p.stdout)
        except ValueError:
            sized = {}
        most = sized.get("max_connections")
        self.result(p.returncode == 0 and sized.get("config") == "sized"
                    and sized.get("sized") == 300 and isinstance(most, int)
                    and most >= 300,
                    "--sized 300: --about says config \"sized\" and "
                    "max_connections >= 300", p.stdout + p.stderr)
        self.with_server("--sized 300", ["--sized", "300"], [
            ("200 idle connections held, GET / still answered", 60,
             lambda server: self.check_idle(server, sized))], 1)

    # ---- one server's life

    def with_server(self, what, args, checks, min_served):
        """Starts a server with args, runs checks [(name, deadline, fn)],
        each fn called with the Server, then the SIGTERM check (a count of
        requests served, when the peer tells it, is at least min_served)."""
        holder = []

        def start():
            holder.append(Server(self.path, args))
            return "port %d" % holder[0].port

        if not self.check("%s: starts, prints `listening on 127.0.0.1:PORT`"
                          % what, 120, start):
            return
        server = holder[0]
        try:
            for name, deadline, fn in checks:
                self.check("%s: %s" % (what, name), deadline, fn, server)
                if server.proc.poll() is not None:
                    self.result(False, "%s: still running after: %s"
                                % (what, name), server.stderr()[-2000:])
                    return
            self.check("%s: SIGTERM: exit 0 promptly, one summary line, no "
                       "process of its tree left" % what, 30,
                       self.check_stop, server, min_served)
        finally:
            if server.proc.poll() is None:
                server.kill()

    def run(self):
        if self.name not in PEERS:
            self.result(False, "%s is one of docs/DESIGN.md's peers"
                        % self.name)
            return
        missing = missing_package(PEERS[self.name][2])
        if missing:
            print("ok 1 # SKIP %s is not installed (scripts/install-deps)"
                  % missing, flush=True)
            self.n = 1
            return
        if not self.check("--about: one JSON line, name, kind, peer, "
                          "language, endpoints", 60, self.check_about):
            return
        self.check("cli: --help exits 0; a bad flag exits 2 with usage; "
                   "--proto echo is refused with 2", 60, self.check_cli)
        eps = self.about.get("endpoints", [])
        honours = self.about.get("honours", [])
        checks = [
            ("GET / is 200 text/plain Hello, World!", 30, self.check_hello),
            ("an unknown path is 404", 30, self.check_404),
        ]
        # Sync pre-fork servers (gunicorn's sync workers, uWSGI) close
        # after each answer and give an idle client a whole worker, by
        # design: they say so in --about and expect a proxy in front.
        if self.about.get("keep_alive", True):
            checks[1:1] = [
                ("100 requests on one keep-alive connection", 60,
                 self.check_keepalive),
                ("10 pipelined requests answered in order", 30,
                 self.check_pipeline)]
        else:
            self.result(True, "keep-alive and pipelining # SKIP --about "
                        "says keep_alive: false")
        if not self.about.get("idle_holds_worker"):
            checks.append(("%d idle connections held, GET / still "
                           "answered" % self.idle_count(self.about), 60,
                           self.check_idle))
        else:
            self.result(True, "idle connections # SKIP --about says "
                        "idle_holds_worker: true")
        if "/delay" in eps:
            checks += [
                ("/delay?ms=100 takes at least 100 ms", 30,
                 self.check_delay),
                ("20 concurrent /delay?ms=100 finish in under 1 s", 30,
                 self.check_delay_concurrent),
            ]
        if "/cpu" in eps:
            checks.append(("/cpu?us=1000 answered", 30, self.check_cpu))
        self.with_server("server", [], checks, 100)
        if "/delay" in eps and "--blocking" in honours:
            self.with_server("--blocking", ["--blocking"], [
                ("5 concurrent /delay?ms=100 take 5 x 100 ms", 30,
                 self.check_delay_blocking)], 5)
        if "/delay" in eps and "--offload" in honours:
            self.with_server("--offload", ["--offload", "--workers", "20"], [
                ("20 concurrent /delay?ms=100 finish in under 1 s", 30,
                 self.check_delay_concurrent)], 20)
        if "config" in self.about:
            self.check_sized()
        # A loop with --workers N runs N loops (nginx, uvicorn, aiohttp);
        # a pre-fork server's --workers is its pool (gunicorn, uWSGI).
        if "--workers" in honours and "--offload" not in honours and \
                self.about["kind"] in ("event-loop", "event-loops-per-core"):
            p = self.run_cli("--workers", "2", "--about")
            self.result(
                p.returncode == 0 and
                '"kind":"event-loops-per-core"' in p.stdout,
                "--workers 2: --about says event-loops-per-core", p.stdout)
            self.with_server("--workers 2", ["--workers", "2"], [
                ("two workers serve GET /", 30, self.check_workers)], 10)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("peer", help="servers/peers/<name>")
    args = ap.parse_args()
    suite = Suite(args.peer, args.verbose)
    print("# peer %s" % suite.name, flush=True)
    suite.run()
    print("1..%d" % suite.n, flush=True)
    sys.exit(1 if suite.failed else 0)


if __name__ == "__main__":
    main()
