#!/usr/bin/env python3
"""tests/harness/test_server.py - unit test of scripts/server.py, the one
way every harness script starts and stops a server.

A real server (build/servers/epoll) started on port 0: its port read from
its `listening on` line, pinned with taskset, its summary counts after
SIGTERM; then the failures a caller must be told apart: a program that
exits at once, one that never prints the line (the timeout, not a hang),
one that dies before it is asked to stop.  Prints TAP; exits 1 if any
test failed.
"""
import os
import signal
import socket
import sys
import time

sys.dont_write_bytecode = True
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(REPO, "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import finish, test  # noqa: E402
import server as S  # noqa: E402

EPOLL = os.path.join(REPO, "build", "servers", "epoll")


def get(port):
    with socket.create_connection(("127.0.0.1", port), 5) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    return data


@test("a real server: port from its listening line, pinned, two requests "
      "counted in its summary after SIGTERM")
def _():
    with S.Server([EPOLL, "--port", "0"], cpus=[0]) as srv:
        assert srv.host == "127.0.0.1" and srv.port > 0
        assert srv.cmd[:3] == ["taskset", "-c", "0"]
        with open(f"/proc/{srv.pid}/status") as f:
            allowed = [ln for ln in f if ln.startswith("Cpus_allowed_list")]
        assert allowed[0].split()[1] == "0", allowed
        for _ in range(2):
            assert get(srv.port).startswith(b"HTTP/1.1 200")
        summary, problem = srv.stop()
        assert problem is None, problem
        assert summary["served"] == 2 and summary["accepted"] == 2, summary
        assert summary["refused"] == 0


@test("a program that exits at once: ServerError with its status and "
      "stderr, no wait for the timeout")
def _():
    t0 = time.monotonic()
    try:
        S.Server(["sh", "-c", "echo broken >&2; exit 3"], timeout=20)
        raise AssertionError("no ServerError")
    except S.ServerError as e:
        assert "exited with status 3" in str(e) and "broken" in str(e), e
    assert time.monotonic() - t0 < 5


@test("a program that never says it listens: ServerError after the "
      "timeout, and it is stopped")
def _():
    t0 = time.monotonic()
    try:
        S.Server(["sleep", "30"], timeout=0.5)
        raise AssertionError("no ServerError")
    except S.ServerError as e:
        assert "no `listening on` line within 0.5 s" in str(e), e
    assert time.monotonic() - t0 < 5


@test("a server that died before SIGTERM is a problem that says so, "
      "with the signal")
def _():
    srv = S.Server([EPOLL, "--port", "0"])
    os.kill(srv.pid, signal.SIGKILL)
    srv.proc.wait(5)
    summary, problem = srv.stop()
    srv.close()
    assert summary is None
    assert problem == "server died during the point (signal 9)", problem


@test("a log file that stayed empty is removed on close")
def _():
    log = os.path.join(REPO, "build", f"test-server-{os.getpid()}.log")
    srv = S.Server([EPOLL, "--port", "0"], log=log)
    srv.stop()
    srv.close()
    assert not os.path.exists(log)


@test("parse_summary reads the contract's line, None without it")
def _():
    assert S.parse_summary("x\n3 connections accepted, 5 requests served, "
                           "1 connections refused\n") == dict(
        accepted=3, served=5, refused=1)
    assert S.parse_summary("bye") is None


finish()
