"""loadgens.py - the two load generators the harness can drive.

build/loadgen is ours and does everything (closed and open loop, echo, idle
connections, a new connection per request).  wrk is the tool most people
already trust; LOADGEN=wrk sends the closed-loop HTTP points to it so our
generator's numbers can be cross-checked.  Both end up as the same dict, the
shape of build/loadgen's --json output.
"""
import json
import math
import os

SCRIPTS = os.path.dirname(os.path.abspath(__file__))


def dur_arg(seconds):
    """A duration as loadgen takes it: '2s' or '500ms'."""
    ms = int(round(seconds * 1000))
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


def source_ips(total_conns):
    """Source addresses for more connections than one 4-tuple space holds.

    Linux gives ~28,000 ephemeral ports per (source, destination) pair, so
    every 10,000 connections get one more loopback source address.
    """
    n = max(1, math.ceil(total_conns / 10000))
    return ",".join(f"127.0.0.{i + 1}" for i in range(n))


def loadgen_cmd(binary, pt, port, threads, json_path, host="127.0.0.1"):
    """The build/loadgen command line for one point (the server at
    host:port)."""
    conns = pt["connections"]
    cmd = [binary, "-c", str(conns), "-t", str(max(1, min(threads, conns))),
           "-d", dur_arg(pt["duration"]), "--warmup", dur_arg(pt["warmup"]),
           "--timeout", dur_arg(pt["timeout"]),
           "--json", json_path]
    if pt.get("rate"):
        cmd += ["--rate", str(int(pt["rate"]))]
    if pt.get("size"):
        cmd += ["--size", str(pt["size"])]
    if pt.get("pipeline") and pt["pipeline"] > 1:
        cmd += ["--pipeline", str(int(pt["pipeline"]))]
    if pt.get("idle"):
        cmd += ["--idle", str(pt["idle"])]
        # Each idle connection makes one request first (a used keep-alive
        # connection, as a real idle one is).
        if pt.get("idle_request"):
            cmd += ["--idle-request"]
    if pt.get("new_conn"):
        cmd += ["--new-conn"]
    # Extra source addresses are loopback ones: a server across a real
    # network gets its 4-tuples from its own address instead.
    if conns + (pt.get("idle") or 0) > 10000 and host.startswith("127."):
        cmd += ["--source-ips", source_ips(conns + (pt.get("idle") or 0))]
    if pt.get("ws"):
        # The chat: -c subscribers, broadcasters sending at --rate in all.
        cmd += ["--broadcasters", str(pt["ws"]["broadcasters"])]
        if not pt.get("rate"):
            cmd += ["--rate", str(pt["ws"]["rate"])]
        cmd.append(f"ws://{host}:{port}{pt['path']}")
    elif pt["proto"] == "echo":
        cmd.append(f"echo://{host}:{port}")
    else:
        cmd.append(f"http://{host}:{port}{pt['path']}")
    return cmd


def wrk_cmd(pt, port, threads, seconds, host="127.0.0.1"):
    """The wrk command line (whole seconds: wrk takes no milliseconds)."""
    conns = pt["connections"]
    return ["wrk", "-t", str(max(1, min(threads, conns))), "-c", str(conns),
            "-d", f"{max(1, math.ceil(seconds))}s",
            "--timeout", f"{max(1, math.ceil(pt['timeout']))}s",
            "-s", os.path.join(SCRIPTS, "wrk-json.lua"),
            f"http://{host}:{port}{pt['path']}"]


def wrk_can_run(pt):
    """wrk drives closed-loop HTTP only: no echo, idle, rate, churn,
    pipelining or WebSocket."""
    return (pt["proto"] == "http" and not pt.get("rate") and not pt.get("ws")
            and not pt.get("idle") and not pt.get("new_conn")
            and (pt.get("pipeline") or 1) <= 1)


def parse_wrk(stdout):
    """The JSON line wrk-json.lua printed, completed to loadgen's shape."""
    for line in reversed(stdout.splitlines()):
        if line.startswith('{"tool":"wrk"'):
            res = json.loads(line)
            res["errors_total"] = sum(res["errors"].values())
            res["rps"] = (res["requests"] / res["duration_s"]
                          if res["duration_s"] else 0.0)
            res["latency_raw_us"] = dict(res["latency_us"])
            return res
    return None
