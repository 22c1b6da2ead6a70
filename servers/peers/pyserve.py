"""pyserve.py - what keeps the servers Python users deploy (gunicorn, uWSGI,
uvicorn) behind the server contract, so each launcher holds only its
server's command line and its notes on the model.

A deployed server cannot print `listening on HOST:PORT`, pick a free port
for us or print our summary line, so its launcher (run) does it:

- the contract's flags (pyhttp.parse_args), --about, --help, exit 2 on a
  bad flag;
- the listening socket is bound here (port 0 resolved, backlog 4096) and
  handed to the server as an inherited descriptor (gunicorn's and uWSGI's
  fd://N, uvicorn's --fd N): no port is picked, closed and raced for;
- `listening on` is printed once a GET / on that socket is answered 200,
  that is once a worker has loaded the application;
- SIGTERM or SIGINT: the server's own quick-stop signal, then, after
  STOP_GRACE_S, SIGKILL to its whole process group; the summary line
  (n/a: the workers keep their counts to themselves); exit 0;
- the server runs in a process group of its own and dies with the
  launcher (PR_SET_PDEATHSIG).

Worker processes: --workers N when given; else per core in our CPU
affinity, scaled from Cal Paterson's "Async Python is not faster" (2020):
on his 4-CPU machine, 16 sync workers and 5 async ones.  A sync worker
serves one request at a time and waits for the database in between, so it
takes several per core to keep a core busy: 16 / 4 = SYNC_PER_CORE = 4.
An async worker fills a core by itself; his 5 on 4 CPUs is one per core
plus one spare, and on one core a spare would only take turns with the
first: ASYNC_PER_CORE = 1.  Pinned to one core: 4 sync workers, 1 async.

The application (pyapps.py) learns the database and its pool from the
environment: DATABASE_URL (from --db or our own environment), TVE_DB_POOL
(--db-pool, connections per worker; a sync worker uses one) and
TVE_PEER_NAME.
"""
import ctypes
import os
import select
import signal
import socket
import subprocess
import sys
import time

import pydb
import pyhttp

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
SYNC_PER_CORE = 4
ASYNC_PER_CORE = 1
STOP_GRACE_S = 5
READY_TIMEOUT_S = 60


def workers_given(argv):
    return any(a == "--workers" or a.startswith("--workers=") for a in argv)


def worker_count(args, per_core):
    if workers_given(sys.argv[1:]):
        return args.workers
    return per_core * len(os.sched_getaffinity(0))


def die_with_parent():
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def ready(host, port, server):
    """Whether GET / on our own socket is answered 200 within
    READY_TIMEOUT_S (it waits in the listen backlog until a worker has
    loaded the application); False at once if the server exits."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    deadline = time.monotonic() + READY_TIMEOUT_S
    try:
        with socket.create_connection((host, port), timeout=5) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: peer\r\n"
                      b"Connection: close\r\n\r\n")
            head = b""
            while b"\r\n" not in head:
                if server.poll() is not None or time.monotonic() > deadline:
                    return False
                if select.select([s], [], [], 0.5)[0]:
                    chunk = s.recv(4096)
                    if not chunk:
                        return False
                    head += chunk
            return head.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200"))
    except OSError:
        return False


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return len(f.read().split())
    except OSError:
        return 0


def all_forked(server, n):
    """Waits (bounded) until the server has its n child processes: gunicorn
    forks its workers one by one, a random pause apart, and the first may
    answer before the last exists."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while children(server.pid) < n and server.poll() is None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return server.poll() is None


def run(name, summary, kind, per_core, library, version, command,
        stop_signal, per_connection=None, threads=1, forked=None,
        **about_extra):
    """Parses the flags, then either prints --about or starts
    command(fd, workers, args) (the server's argv) and serves until
    SIGTERM.  stop_signal is the server's quick stop; forked(workers) is
    how many processes the server forks (default: the workers, under a
    master)."""
    args = pyhttp.parse_args(name, summary)
    workers = worker_count(args, per_core)
    forked = forked or (lambda n: n)
    if args.about:
        about_extra.setdefault("db_connections_per_worker", args.db_pool)
        if kind == "event-loop" and workers > 1:
            kind = "event-loops-per-core"
        pyhttp.about(args, name, kind, per_connection, library, version,
                     honours=("--workers", "--db", "--db-pool"),
                     threads=threads, poller=about_extra.pop("poller", None),
                     processes=1 + forked(workers), workers=workers,
                     workers_per_core=per_core, **about_extra)
    listen = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listen.bind((args.host, args.port))
    except OSError as e:
        print("%s: cannot listen on %s:%d: %s" % (name, args.host,
                                                  args.port, e),
              file=sys.stderr)
        sys.exit(1)
    listen.listen(4096)
    listen.set_inheritable(True)
    port = listen.getsockname()[1]
    env = dict(os.environ, TVE_PEER_NAME=name, TVE_DB_POOL=str(args.db_pool),
               PYTHONPATH=HERE)
    dsn = pydb.conninfo(args)
    if dsn:
        env["DATABASE_URL"] = dsn
    else:
        env.pop("DATABASE_URL", None)
    argv = command(listen.fileno(), workers, args)
    server = subprocess.Popen(argv, env=env, cwd=HERE,
                              pass_fds=[listen.fileno()],
                              stdin=subprocess.DEVNULL, stdout=sys.stderr,
                              preexec_fn=die_with_parent,
                              start_new_session=True)
    stats = pyhttp.Stats(refused=None)
    stats.accepted = stats.served = None

    def stop(signum=None, frame=None):
        try:
            os.kill(server.pid, stop_signal)  # the master stops its workers
            server.wait(STOP_GRACE_S)
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(server.pid, signal.SIGKILL)  # workers left behind
        except OSError:
            pass
        stats.stopped()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    if not ready(args.host, port, server) or not all_forked(
            server, forked(workers)):
        print("%s: %s exited, or did not answer GET / within %d s" % (
            name, os.path.basename(argv[0]), READY_TIMEOUT_S),
            file=sys.stderr)
        try:
            os.killpg(server.pid, signal.SIGKILL)
        except OSError:
            pass
        sys.exit(1)
    pyhttp.listening(args.host, port)
    rc = server.wait()
    print("%s: %s exited with status %d" % (name, argv[0], rc),
          file=sys.stderr)
    sys.exit(1)
