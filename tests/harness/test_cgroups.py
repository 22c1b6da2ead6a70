#!/usr/bin/env python3
"""tests/harness/test_cgroups.py - scripts/cgroups.py against /proc.

A thread model (build/servers/thread-per-conn) and build/servers/
process-per-conn each run in a group of their own (cgroups.open, started
with preexec) and are watched by the /proc method at the same time
(cgroups.open(..., "proc"), procmon's sampling of the process tree).
200 connections are opened with plain sockets, each sends GET / and reads
the answer, and both methods must agree where they measure the same thing:

- tasks: the group and the tree count 1 + 200 threads (or processes);
- user memory per connection (the group's anon + page cache against PSS
  summed over the processes): within 25% or 4 KiB, whichever is more;
- the group's kernel memory per connection is at least a kernel stack per
  thread (the kernel charges one per task), which /proc cannot see;
- CPU: 100 connections that each burn 5 ms (GET /cpu?us=5000) and close:
  both methods within 10% + 20 ms of each other, both at least 90% of
  the 0.5 s burned.  process-per-conn serves each in a child that exits:
  the group keeps the CPU of every task that ever belonged to it, and
  /proc has it too, in the server's cutime, once the server has reaped
  the children.  While they exit, every group sample holds their CPU;
  a /proc sample may miss the children reaped while it walks the tree
  (its least figure is printed).
  After the server itself has exited the group still gives the total,
  where /proc has nothing left to read.

On a machine where no group can be made (no permission, no controllers)
the comparisons are skipped (TAP "# SKIP"), and the /proc fallback is
still checked.  Prints TAP; exits 1 if any test failed.
"""
import os
import signal
import socket
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import cgroups  # noqa: E402
import procmon  # noqa: E402

N = 0
FAILED = 0
CONNS = 200
BURNS, BURN_US = 100, 5000
WAIT_S = 20  # the most any step may take to show in the figures


def ok(cond, what, detail=""):
    global N, FAILED
    N += 1
    print(f"{'ok' if cond else 'not ok'} {N} - {what}")
    if not cond:
        FAILED += 1
    if detail:
        for line in str(detail).splitlines():
            print("# " + line)


def skip(what, why):
    global N
    N += 1
    print(f"ok {N} - {what} # SKIP {why}")


def fail(what):
    ok(False, what, traceback.format_exc())


def start(model, accts):
    """Starts build/servers/MODEL on port 0 in the first accountant's
    group, gives its pid to the others, returns (process, port)."""
    binary = os.path.join(REPO, "build", "servers", model)
    proc = subprocess.Popen([binary, "--port", "0", "--idle-timeout", "120"],
                            stdout=subprocess.PIPE, text=True,
                            preexec_fn=accts[0].preexec)
    for a in accts:
        a.add(proc.pid)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise RuntimeError(f"{model}: no listening line: {line!r}")
    return proc, int(line.rsplit(":", 1)[1])


def get(port, path, close=False):
    s = socket.create_connection(("127.0.0.1", port), timeout=WAIT_S)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\n".encode()
              + (b"Connection: close\r\n" if close else b"") + b"\r\n")
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = [int(v.split(b":")[1]) for v in head.split(b"\r\n")
                      if v.lower().startswith(b"content-length:")]
            if length and len(body) >= length[0]:
                break
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    assert data.startswith(b"HTTP/1.1 200"), data[:80]
    if close:
        while s.recv(4096):
            pass
        s.close()
    return s


def wait_for(acct, key, want):
    """Samples acct until sample[key] == want (a thread or a child shows
    in the figures a moment after the answer left it); the last sample."""
    deadline = time.monotonic() + WAIT_S
    while True:
        s = acct.sample()
        if s[key] == want or time.monotonic() > deadline:
            return s
        time.sleep(0.02)


def per_conn(after, before, key, n=CONNS):
    return (after[key] - before[key]) / n


def check_model(model, key):
    """key: "threads" for a thread model, "procs" for a process model."""
    cg = cgroups.open(model)
    pr = cgroups.open(model, "proc")
    proc = None
    socks = []
    try:
        proc, port = start(model, [cg, pr])
        c0, p0 = wait_for(cg, key, 1), wait_for(pr, key, 1)
        for _ in range(CONNS):
            socks.append(get(port, "/"))
        c1, p1 = wait_for(cg, key, CONNS + 1), wait_for(pr, key, CONNS + 1)
        ok(c1[key] == CONNS + 1 and p1[key] == CONNS + 1,
           f"{model}: {CONNS} connections: the group and /proc both count "
           f"{CONNS + 1} {key}", f"group {c1[key]}, /proc {p1[key]}")

        cu, pu = per_conn(c1, c0, "user_kib"), per_conn(p1, p0, "user_kib")
        ok(abs(cu - pu) <= max(0.25 * max(cu, pu), 4),
           f"{model}: user memory per connection agrees within 25% or "
           "4 KiB (group anon + cache against /proc PSS)",
           f"group {cu:.1f} KiB, /proc {pu:.1f} KiB")

        ck = per_conn(c1, c0, "kmem_kib")
        stack = procmon.kernel_stack_per_thread_kib()
        cm, pm = per_conn(c1, c0, "mem_kib"), per_conn(p1, p0, "mem_kib")
        ok(ck >= stack and cm >= pm * 0.9,
           f"{model}: the group is charged kernel memory per connection "
           f"(at least a {stack} KiB kernel stack), more in all than /proc "
           "shows", f"group kernel {ck:.1f} KiB, group total {cm:.1f} KiB, "
           f"/proc total {pm:.1f} KiB (PSS + kernel stacks)")

        for s in socks:
            s.close()
        socks = []
        c2, p2 = wait_for(cg, key, 1), wait_for(pr, key, 1)
        for _ in range(BURNS):
            get(port, f"/cpu?us={BURN_US}", close=True)
        c3, p3 = wait_for(cg, key, 1), wait_for(pr, key, 1)
        burned = BURNS * BURN_US / 1e6
        cc, pc = c3["cpu_s"] - c2["cpu_s"], p3["cpu_s"] - p2["cpu_s"]
        ok(abs(cc - pc) <= 0.1 * max(cc, pc) + 0.02
           and min(cc, pc) >= 0.9 * burned,
           f"{model}: CPU of {BURNS} connections burning {BURN_US} us each "
           f"agrees within 10% + 20 ms, at least 90% of {burned:.2f} s",
           f"group {cc:.3f} s, /proc {pc:.3f} s ({key} now: group "
           f"{c3[key]}, /proc {p3[key]})")

        if key == "procs":
            check_exit_window(model, cg, pr, port)

        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=WAIT_S)
        gone = procmon.sample(proc.pid).get("gone", False)
        final = cg.close()
        ok(final is not None and final["procs"] == 0
           and final["cpu_s"] >= c3["cpu_s"] and gone,
           f"{model}: after the server exited the group still holds its "
           "CPU (every task that ever ran in it); /proc has nothing left",
           f"group final {final and final['cpu_s']:.3f} s with "
           f"{final and final['procs']} procs, /proc gone: {gone}")
        ok(not any(os.path.exists(d) for d in cg.dirs) and
           cg.close() is final,
           f"{model}: close() removed the group and is safe to call again")
    except Exception:  # noqa: BLE001 - report every failure as TAP
        fail(f"{model}: the comparison ran to the end")
    finally:
        for s in socks:
            s.close()
        if proc and proc.poll() is None:
            proc.kill()
            proc.wait()
        cg.close()
        pr.close()


def check_exit_window(model, cg, pr, port):
    """Children exiting: the server reaps them while we sample.  The
    group's figure is whole at every instant.  /proc's is whole again
    once they are reaped (the parent's cutime), but a sample taken while
    they go may miss some: it reads the parent's cutime first, and a
    child reaped before its turn comes is in neither place.  That window
    is where a run's last sample falls, as its connections close: the
    least /proc figure seen is printed, not judged (it depends on the
    timing)."""
    burned = BURNS * BURN_US / 1e6
    c0, p0 = cg.sample(), pr.sample()
    socks = [get(port, f"/cpu?us={BURN_US}") for _ in range(BURNS)]
    wait_for(cg, "procs", BURNS + 1)
    for s in socks:
        s.close()
    cgs, prs = [], []
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        prs.append(pr.sample())
        cgs.append(cg.sample())
        if cgs[-1]["procs"] == 1 and prs[-1]["procs"] == 1:
            break
    cmin = min(x["cpu_s"] for x in cgs) - c0["cpu_s"]
    pmin = min(x["cpu_s"] for x in prs) - p0["cpu_s"]
    cc, pc = cgs[-1]["cpu_s"] - c0["cpu_s"], prs[-1]["cpu_s"] - p0["cpu_s"]
    ok(cmin >= 0.9 * burned and abs(cc - pc) <= 0.1 * max(cc, pc) + 0.02,
       f"{model}: while {BURNS} children exit, every group sample holds "
       "their CPU; once reaped, /proc agrees within 10% + 20 ms",
       f"group least {cmin:.3f} s, last {cc:.3f} s; /proc least "
       f"{pmin:.3f} s, last {pc:.3f} s ({len(cgs)} samples, "
       f"{burned:.2f} s burned)")


def check_proc_fallback():
    """The fallback on its own: preexec() alone tells it the pid."""
    try:
        acct = cgroups.open("fallback", "proc")
        p = subprocess.Popen([sys.executable, "-c",
                              "import sys; sum(range(3 * 10**6)); "
                              "sys.stdin.read()"],
                             stdin=subprocess.PIPE, preexec_fn=acct.preexec)
        s = acct.sample()
        deadline = time.monotonic() + WAIT_S
        while s["cpu_s"] < 0.02 and time.monotonic() < deadline:
            time.sleep(0.02)
            s = acct.sample()
        p.communicate(b"", timeout=WAIT_S)
        last = acct.close()
        good = (acct.roots == [p.pid] and s["procs"] == 1 and s["cpu_s"] > 0
           and last["cpu_s"] >= s["cpu_s"]
           and all(s[k] is None for k in ("kmem_kib", "slab_kib",
                                          "tcp_kib")))
        ok(good, "proc fallback: preexec alone makes it watch the child; it "
           "cannot tell kernel, slab or TCP memory (None)",
           "" if good else repr(s))
    except Exception:  # noqa: BLE001
        fail("proc fallback: ran to the end")


def main():
    signal.alarm(240)
    for m in ("thread-per-conn", "process-per-conn"):
        if not os.access(os.path.join(REPO, "build", "servers", m),
                         os.X_OK):
            ok(False, f"build/servers/{m} is built (make build/servers/{m})")
            return
    probe = cgroups.open("probe")
    method, why = probe.method, probe.why
    probe.close()
    ok(method in cgroups.METHODS,
       f"cgroups.open picks a method: {method}", why and f"why not a "
       f"better one: {why}")
    r = subprocess.run([sys.executable, os.path.join(REPO, "scripts",
                                                     "cgroups.py"),
                        "--interval", "0.05", "--json", "--", "sh", "-c",
                        "sleep 0.2; exit 3"],
                       capture_output=True, text=True, timeout=WAIT_S)
    lines = r.stdout.splitlines()
    ok(r.returncode == 3 and len(lines) >= 2 and '"method"' in lines[-1],
       "scripts/cgroups.py runs a command in a group, prints its samples "
       "and exits with its status",
       "" if r.returncode == 3 else r.stdout[-500:] + r.stderr[-500:])
    check_proc_fallback()
    if method == "proc":
        for m in ("thread-per-conn", "process-per-conn"):
            skip(f"{m}: the group against /proc", why)
        return
    check_model("thread-per-conn", "threads")
    check_model("process-per-conn", "procs")


if __name__ == "__main__":
    main()
    print(f"1..{N}")
    sys.exit(1 if FAILED else 0)
