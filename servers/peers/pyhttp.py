"""pyhttp.py - what the Python peers share, so each peer file shows only its
model.

The Python peers (py-threads, py-asyncio, py-uvloop, py-gevent, py-tornado,
py-twisted) are the systems the talks behind this suite are about, run so
that the harness drives them exactly like our C models.  Everything that is
not the model lives here, once:

- the command line of docs/DESIGN.md's server contract (parse_args): every flag
  is accepted, the few a peer can use are honoured, a bad one prints usage
  on stderr and exits 2; --proto echo is refused (the peers speak HTTP);
- `--about` (about), the `listening on HOST:PORT` line (listening) and the
  summary line at SIGTERM (Stats.stopped);
- what an endpoint asks for (route), its query numbers (query_int) and the
  CPU burn of /cpu (burn_cpu); TFB's /json and /plaintext (tfb_answer);
  the database endpoints' flags (--db, --db-pool), their answers and
  pools are in pydb.py;
- for the peers whose framework brings no HTTP (asyncio, uvloop, gevent),
  a minimal HTTP/1.1 request parser (Parser) and response writer
  (response).  http.server, Tornado and Twisted parse with their own code,
  because their parser is part of what they cost.

The parser is deliberately small: request line and the three headers that
matter (Connection, Content-Length, Transfer-Encoding), keep-alive by
default on HTTP/1.1, pipelined requests taken in order from one buffer.  A
request with a body is answered and its connection closed, as our C core
does; Transfer-Encoding gets 501 and a head over 8 KiB 431.

Debian's /usr/bin/python3 (3.11) and its python3-* packages, nothing else.
"""
import argparse
import email.utils
import json
import os
import subprocess
import sys
import time

HELLO = b"Hello, World!"
MAX_HEAD = 8192
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found",
           405: "Method Not Allowed", 431: "Request Header Fields Too Large",
           501: "Not Implemented", 503: "Service Unavailable"}
# TFB's test types (json, plaintext and the four that query the database)
# and /dbsleep, a query that only waits.
TFB_ENDPOINTS = ["/json", "/plaintext"]
DB_ENDPOINTS = ["/db", "/queries", "/fortunes", "/updates", "/dbsleep"]
ENDPOINTS = ["/", "/delay", "/cpu"] + TFB_ENDPOINTS + DB_ENDPOINTS
HERE = os.path.dirname(os.path.abspath(__file__))

# The name in the Server header and the summary line (set by parse_args).
server_name = "py"


# ------------------------------------------------------------ command line


def _count(lo, hi):
    def parse(text):
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError("%r is not a number" % text)
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError("takes %d to %d" % (lo, hi))
        return n
    return parse


def parse_args(name, summary, argv=None, more=None):
    """The server contract's command line (docs/DESIGN.md).  Returns the
    parsed flags; exits 0 after --help, 2 on a bad flag or on --proto echo
    (unless --about asked).  more(parser) adds a peer's own flags."""
    global server_name
    server_name = name
    p = argparse.ArgumentParser(
        prog=name, allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The threads-vs-events peer %s.\n\n%s\n\nServes HTTP/1.1 "
        "(GET /, /delay?ms=N, /cpu?us=N, TFB's /json, /plaintext, /db,\n"
        "/queries?queries=N, /fortunes, /updates?queries=N, and "
        "/dbsleep?ms=N).\nPrints `listening on HOST:PORT` when ready; "
        "SIGINT or SIGTERM stops it\nwith a summary line."
        % (name, summary),
        epilog="Flags this peer has no use for are accepted and ignored.")
    p.add_argument("--proto", choices=["http", "echo"], default="http",
                   help="protocol (this peer serves http only)")
    p.add_argument("--host", default="127.0.0.1", metavar="ADDR",
                   help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_count(0, 65535), default=8080,
                   metavar="N", help="port; 0 picks a free one")
    p.add_argument("--workers", type=_count(1, 100000), default=16,
                   metavar="N", help="threads of the --offload pool (and of "
                   "--driver=executor); the deployed servers' worker "
                   "processes")
    p.add_argument("--stack-kib", type=_count(0, 1 << 30), default=0,
                   metavar="N", help="stack size of threads it creates")
    p.add_argument("--blocking", action="store_true",
                   help="event loops: /delay sleeps inside the loop")
    p.add_argument("--offload", action="store_true",
                   help="event loops: /delay sleeps in a thread pool")
    p.add_argument("--idle-timeout", type=_count(1, 86400), default=60,
                   metavar="S", help="close idle keep-alive connections")
    p.add_argument("--header-timeout", type=_count(1, 86400), default=10,
                   metavar="S", help="accepted, not used by the peers")
    p.add_argument("--db", metavar="CONNINFO",
                   help="PostgreSQL (libpq string or URI; default "
                   "$DATABASE_URL); without it the database endpoints "
                   "answer 503")
    p.add_argument("--db-pool", type=_count(1, 1000), default=16,
                   metavar="N", help="database connections (default 16)")
    p.add_argument("--about", action="store_true",
                   help="print what this peer is as one JSON line")
    if more:
        more(p)
    args = p.parse_args(argv)
    if args.blocking and args.offload:
        p.error("--blocking and --offload exclude each other")
    if args.proto != "http" and not args.about:
        print("%s: serves HTTP only; --proto %s is not supported"
              % (name, args.proto), file=sys.stderr)
        sys.exit(2)
    return args


def revision():
    """The suite's git revision, as the Makefile compiles into our models."""
    try:
        r = subprocess.run(["git", "-C", HERE, "describe", "--always",
                            "--dirty"], capture_output=True, text=True,
                           timeout=10)
        return r.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def about(args, name, kind, per_connection, library, library_version,
          honours=(), threads=1, poller="epoll", **extra):
    """Prints the --about line (servers/core/config.h's shape, plus what a
    peer adds: peer, language, endpoints) and exits 0."""
    if "--offload" in honours:
        honours = tuple(honours) + ("--workers",)  # the --offload pool
        if args.offload:
            threads += args.workers
    a = {"name": name, "kind": kind, "threads": threads, "processes": 1,
         "per_connection": per_connection, "library": library,
         "library_version": library_version,
         "honours": [f for f in ("--workers", "--stack-kib", "--blocking",
                                 "--offload", "--db", "--db-pool",
                                 "--driver") if f in honours],
         "poller": poller, "protocols": ["http"], "revision": revision(),
         "peer": True, "language": "python",
         "python": "%d.%d.%d" % sys.version_info[:3], "gil": True,
         "endpoints": ENDPOINTS}
    a.update(extra)
    print(json.dumps(a, separators=(",", ":")), flush=True)
    sys.exit(0)


def listening(host, port):
    print("listening on %s:%d" % (host, port), flush=True)


class Stats:
    """The three counts of the summary line; None prints as n/a (what the
    framework does not tell us)."""

    def __init__(self, refused=0):
        self.accepted = 0
        self.served = 0
        self.refused = refused

    def stopped(self):
        """Prints the summary line and ends the process at once, as a
        server stopped by SIGTERM should: the kernel closes what is open."""
        def show(n):
            return "n/a" if n is None else str(n)
        try:
            print("%s: stopped: %s connections accepted, %s requests "
                  "served, %s connections refused"
                  % (server_name, show(self.accepted), show(self.served),
                     show(self.refused)), flush=True)
        except OSError:
            pass  # nobody reads our stdout any more: stop all the same
        os._exit(0)


# --------------------------------------------------------------- endpoints


def number(text, lo, hi):
    """The decimal number text (str or bytes) if lo <= it <= hi, or None."""
    if text is None or not text.isdigit() or len(text) > 9:
        return None
    n = int(text)
    return n if lo <= n <= hi else None


def query_int(query, key, lo, hi):
    """The number after `key=` in a query string, or None."""
    for part in query.split("&"):
        k, _, v = part.partition("=")
        if k == key:
            return number(v, lo, hi)
    return None


def queries(query):
    """TFB's queries=N: clamped to 1..500; missing, 0, negative or not a
    number: 1."""
    for part in query.split("&"):
        k, _, v = part.partition("=")
        if k == "queries":
            try:
                return min(max(int(v), 1), 500)
            except ValueError:
                return 1
    return 1


def route(method, target):
    """What a request asks for: ("hello", 0), ("delay", ms), ("cpu", us),
    ("json", 0), ("plaintext", 0), a database endpoint ("db", 1),
    ("queries", n), ("fortunes", 0), ("updates", n), ("dbsleep", ms), or
    (status, 0) for an error answer."""
    path, _, query = target.partition("?")
    if path not in ENDPOINTS:
        return 404, 0
    if method != "GET":
        return 405, 0
    if path == "/":
        return "hello", 0
    if path in ("/delay", "/dbsleep"):
        n = query_int(query, "ms", 0, 60000)
        return (path[1:], n) if n is not None else (400, 0)
    if path == "/cpu":
        n = query_int(query, "us", 0, 1000000)
        return ("cpu", n) if n is not None else (400, 0)
    if path in ("/queries", "/updates"):
        return path[1:], queries(query)
    return path[1:], 1


def is_db(what):
    return what in ("db", "queries", "fortunes", "updates", "dbsleep")


def tfb_answer(what):
    """(status, content type, body) of /json and /plaintext."""
    if what == "json":
        return 200, "application/json", b'{"message":"Hello, World!"}'
    return 200, "text/plain", HELLO


def burn_cpu(us):
    """Burns us microseconds of this thread's CPU time (CLOCK_THREAD_CPUTIME
    _ID): time taken from us by other threads or processes does not count,
    as in our core's clock_burn_cpu_us()."""
    end = time.thread_time_ns() + us * 1000
    x = 88172645463325252
    while time.thread_time_ns() < end:
        for _ in range(32):
            x = (x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
    return x


# --------------------------------------------------- a minimal HTTP/1.1


class HttpError(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Request:
    __slots__ = ("method", "target", "minor", "keep_alive")

    def __init__(self, method, target, minor, keep_alive):
        self.method = method
        self.target = target
        self.minor = minor
        self.keep_alive = keep_alive


class Parser:
    """Bytes in (feed), complete requests out (next), in order."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf = self.buf + data if self.buf else data

    def next(self):
        """The next complete Request, or None when more bytes are needed.
        Raises HttpError for a request that gets an error and a close."""
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buf) > MAX_HEAD:
                raise HttpError(431)
            return None
        if end > MAX_HEAD:
            raise HttpError(431)
        head, self.buf = self.buf[:end], self.buf[end + 4:]
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or parts[2] not in (b"HTTP/1.1", b"HTTP/1.0"):
            raise HttpError(400)
        minor = 1 if parts[2] == b"HTTP/1.1" else 0
        keep_alive = minor == 1
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep or not name:
                raise HttpError(400)
            name = name.lower()
            if name == b"connection":
                value = value.lower()
                if b"close" in value:
                    keep_alive = False
                elif b"keep-alive" in value:
                    keep_alive = True
            elif name == b"content-length":
                if number(value.strip(), 0, 1 << 20) is None:
                    raise HttpError(400)
                if value.strip() != b"0":
                    # A body none of our endpoints reads: answer, close.
                    keep_alive = False
            elif name == b"transfer-encoding":
                raise HttpError(501)
        return Request(parts[0].decode("latin-1"),
                       parts[1].decode("latin-1"), minor, keep_alive)


_date = [0, b""]


def http_date():
    """The Date header's value, formatted once a second."""
    now = int(time.time())
    if now != _date[0]:
        _date[0] = now
        _date[1] = email.utils.formatdate(now, usegmt=True).encode()
    return _date[1]


def response(status, keep_alive=True, minor=1, ctype="text/plain",
             body=None):
    """A complete response: body, else the hello body for 200 and the
    reason otherwise."""
    if body is not None:
        pass
    elif status == 200:
        body = HELLO
    else:
        body = REASONS.get(status, "Error").encode() + b"\n"
    if not keep_alive:
        conn = b"Connection: close\r\n"
    elif minor == 0:
        conn = b"Connection: keep-alive\r\n"
    else:
        conn = b""
    return b"HTTP/1.1 %d %s\r\nServer: %s\r\nDate: %s\r\nContent-Type: " \
        b"%s\r\nContent-Length: %d\r\n%s\r\n%s" % (
            status, REASONS.get(status, "Error").encode(),
            server_name.encode(), http_date(), ctype.encode(), len(body),
            conn, body)
