#!/usr/bin/env python3
"""database.py - the Python peers' database endpoints against a real
PostgreSQL: TechEmpower's checks, and what a peer does when the database
goes away and comes back.

Usage:
  python3 tests/peers/database.py [-v] [PEER[:FLAGS]...]

PEER is a name under servers/peers/; FLAGS are its extra flags, comma
separated (py-asyncio:--driver=blocking).  Without any, every Python peer
and every variant (VARIANTS).

What it checks, each as one TAP line with its own deadline:
  - a throwaway cluster (scripts/pgcluster.py, TFB's hello_world) starts;
  - each peer, given --db URL, passes TFB's checks of /json, /plaintext,
    /db, /queries, /fortunes and /updates (tests/conformance/tfb.py's
    check_all), and answers /dbsleep?ms=50 in no less than 50 ms;
  - a peer started without --db and without DATABASE_URL answers /db with
    503 at once and still serves GET /;
  - the database stopped: every peer answers /db with 503 within
    DOWN_BOUND_S (never a hang) and still serves GET /;
  - the database started again: every peer answers /db with 200 within
    RECOVER_BOUND_S, reconnecting by itself;
  - SIGTERM: exit 0 with the summary line.

A peer whose Debian package is missing is skipped.  Servers start on port
0 and the suite reads their `listening on` line.  Python 3 standard
library, plus tests/peers/peers.py and tests/conformance/tfb.py.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, "tests", "conformance"),
                os.path.join(ROOT, "scripts")]

import peers  # noqa: E402
import pgcluster  # noqa: E402
import tfb  # noqa: E402

DOWN_BOUND_S = 3.0
RECOVER_BOUND_S = 20.0
# Few connections each: every peer runs against one cluster at once.
POOL = ["--db-pool", "4", "--workers", "4"]

# Every Python peer and its variants: (name, extra flags, module it needs
# in Debian's /usr/bin/python3).
VARIANTS = [
    ("py-asyncio", ["--driver=async"], "asyncpg"),
    ("py-asyncio", ["--driver=executor"], "psycopg2"),
    ("py-asyncio", ["--driver=blocking"], "psycopg2"),
    ("py-uvloop", [], "asyncpg"),
    ("py-tornado", [], "asyncpg"),
    ("py-threads", [], "psycopg2"),
    ("py-gevent", [], "psycogreen"),
    ("py-twisted", [], "psycopg2"),
    ("gunicorn-sync", [], "falcon"),
    ("uwsgi", [], "flask"),
    ("gunicorn-gevent", [], "psycogreen"),
    ("uvicorn", [], "starlette"),
    ("aiohttp", [], "aiohttp"),
]


def label(name, flags):
    return " ".join([name] + flags)


def ask_db(port, path="/db"):
    """(status, seconds) of one GET."""
    t0 = time.monotonic()
    status, _, _ = peers.ask(port, path)
    return status, time.monotonic() - t0


class DatabaseSuite(peers.Suite):
    def __init__(self, verbose):
        super().__init__("database", verbose)
        self.servers = {}  # label -> peers.Server

    def start_peers(self, variants, url):
        for name, flags, module in variants:
            what = label(name, flags)
            missing = peers.missing_package("python3:" + module)
            if missing:
                self.result(True, "%s # SKIP %s is not installed"
                            % (what, missing))
                continue

            def start():
                self.servers[what] = peers.Server(
                    os.path.join(ROOT, "servers", "peers", name),
                    flags + POOL + ["--db", url])
            self.check("%s: starts with --db" % what, 90, start)

    def check_tfb(self, what, url):
        srv = self.servers[what]
        failed = tfb.fails(tfb.check_all(peers.HOST, srv.port, db_url=url))
        if failed:
            raise peers.Failure("\n".join("%s: %s" % (path, msg)
                                          for _, msg, path in failed))
        status, took = ask_db(srv.port, "/dbsleep?ms=50")
        if status != 200 or took < 0.05:
            raise peers.Failure("/dbsleep?ms=50: %d after %.3f s"
                                % (status, took))

    def check_down(self, what):
        port = self.servers[what].port
        status, took = ask_db(port)
        if status != 503:
            raise peers.Failure("/db with the database down: %d" % status)
        if took > DOWN_BOUND_S:
            raise peers.Failure("503 after %.2f s (bound %.1f s)"
                                % (took, DOWN_BOUND_S))
        peers.expect_hello(peers.ask(port, "/"))
        return "503 in %.3f s" % took

    def check_recovered(self, what, deadline):
        port = self.servers[what].port
        polls = 0
        while True:
            polls += 1
            status, _ = ask_db(port)
            if status == 200:
                return "200 after %d tries" % polls
            if status != 503:
                raise peers.Failure("/db while recovering: %d" % status)
            if time.monotonic() > deadline:
                raise peers.Failure("still 503 %.0f s after the database "
                                    "was back" % RECOVER_BOUND_S)
            # A paced retry of a server that is up: this is waiting for
            # the peer's pool to reconnect, which has no line to read.
            time.sleep(0.1)

    def check_no_db(self, name, flags):
        old = os.environ.pop("DATABASE_URL", None)
        try:
            srv = peers.Server(os.path.join(ROOT, "servers", "peers", name),
                               flags + POOL)
        finally:
            if old is not None:
                os.environ["DATABASE_URL"] = old
        try:
            status, took = ask_db(srv.port)
            if status != 503 or took > DOWN_BOUND_S:
                raise peers.Failure("/db without a database: %d after "
                                    "%.2f s" % (status, took))
            peers.expect_hello(peers.ask(srv.port, "/"))
        finally:
            srv.kill()

    def check_stop(self, what):
        rc, out, took, _ = self.servers.pop(what).stop()
        if rc != 0 or not any(peers.SUMMARY_RE.match(line)
                              for line in out.splitlines()):
            raise peers.Failure("SIGTERM: exit %d, output %r" % (rc, out))

    def run(self, variants):
        cluster = pgcluster.Cluster(max_connections=200)
        if not self.check("a PostgreSQL cluster with TFB's data starts",
                          120, lambda: cluster.start().url):
            return
        try:
            self.start_peers(variants, cluster.url)
            for what in list(self.servers):
                self.check("%s: TFB checks, /dbsleep" % what, 180,
                           self.check_tfb, what, cluster.url)
            for name, flags, module in variants:
                if label(name, flags) in self.servers:
                    self.check("%s: without a database /db is 503 at once"
                               % label(name, flags), 60, self.check_no_db,
                               name, flags)
            if not self.check("the database stops", 60, cluster.stop):
                return
            for what in self.servers:
                self.check("%s: database down: 503 within %.0f s, GET / "
                           "still served" % (what, DOWN_BOUND_S), 30,
                           self.check_down, what)
            if not self.check("the database starts again", 120,
                              lambda: cluster.start().url):
                return
            deadline = time.monotonic() + RECOVER_BOUND_S
            for what in self.servers:
                self.check("%s: database back: /db is 200 again" % what,
                           RECOVER_BOUND_S + 10, self.check_recovered, what,
                           deadline)
            for what in list(self.servers):
                self.check("%s: SIGTERM exits 0 with a summary" % what, 30,
                           self.check_stop, what)
        finally:
            for srv in self.servers.values():
                srv.kill()
            cluster.remove()


def parse_variant(text):
    name, _, flags = text.partition(":")
    known = {n: m for n, _, m in VARIANTS}
    if name not in known:
        raise argparse.ArgumentTypeError("unknown peer %r" % name)
    return name, [f for f in flags.split(",") if f], known[name]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("peer", nargs="*", type=parse_variant,
                    help="PEER[:FLAGS] (default: every Python peer)")
    args = ap.parse_args()
    suite = DatabaseSuite(args.verbose)
    suite.run(args.peer or VARIANTS)
    print("1..%d" % suite.n, flush=True)
    sys.exit(1 if suite.failed else 0)


if __name__ == "__main__":
    main()
