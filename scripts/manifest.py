"""manifest.py - what a run was measured on, written beside its rows.

manifest.json (and manifest.md, the same for a reader) holds the machine
(CPU, cores, kernel, library versions, limits), the pinning, the
parameters and every scenario's sweep, how the server's CPU and memory
were accounted (the cgroup method or /proc), the database when one was
used, every host, and every command run.
"""
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time

import procmon
import scenarios
from server import cpulist


def sh(cmd):
    """Output of a command for the manifest, or '' if it fails."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def read_file(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def memory_text(method):
    own = ("server_mem_kib: the most the server's cgroup was charged "
           "while it held every connection (user memory, kernel stacks, "
           "slab, socket buffers where charged), server_kmem_kib its "
           "kernel part, server_sock_kib its socket memory; "
           if method != "proc" else "")
    return (
        own + "server_rss_kib: largest VmRSS seen while the load ran "
        "(a server of several processes, server_procs > 1: their PSS "
        "summed over the process tree, each shared page counted once, "
        "never RSS summed); server_rss_peak_kib: VmHWM (several "
        "processes: as server_rss_kib); kernel_stack_delta_kib, "
        "slab_delta_kib (SUnreclaim), pagetables_delta_kib "
        "(/proc/meminfo), sock_mem_delta_kib and tcp_inuse_delta "
        "(/proc/net/sockstat; also as machine_sock_mem_delta_kib and "
        "machine_tcp_inuse_delta) are machine-wide deltas against a "
        "sample taken with the server up and idle, so they include the "
        "client end of every loopback connection; a negative one is "
        "left empty.  Sizes count only once the server held every "
        "connection (settled_s after the client started); a model that "
        "makes a process or a thread per connection gets a warm-up long "
        "enough to make them (scripts/runner.py, SETTLE_RATE), and a "
        "point where it had not by the measured phase fails as not "
        "settled.")


def cpu_text(method):
    if method == "proc":
        return ("server_cpu_s: utime+stime of the server's process tree "
                "from /proc over the last duration_s seconds of the load "
                "generator's run (the measured phase; warm-up excluded); "
                "a child that exits takes its CPU time with it.")
    return (f"server_cpu_s: the CPU time of the server's own cgroup "
            f"({method}: every process of its tree, exited ones "
            "included) over the last duration_s seconds of the load "
            "generator's run (the measured phase; warm-up excluded); "
            "server_cpu_proc_s the same from /proc, to compare.")


def machine(cfg, run_id, git_rev, commands):
    """The manifest of a run about to start: the machine, its limits, the
    pinning, the parameters."""
    cpu_model = ""
    for line in read_file("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
    mem_total = ""
    for line in read_file("/proc/meminfo").splitlines():
        if line.startswith("MemTotal"):
            mem_total = line.split(":", 1)[1].strip()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    versions = {}
    for pkg in ("libuv1", "libev4"):
        out = sh(["dpkg-query", "-W", "-f", "${Version}", pkg])
        versions[pkg] = out or "not installed (dpkg-query)"
    return {
        "run_id": run_id,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "loadavg_at_start": read_file("/proc/loadavg"),
        "host": socket.gethostname(),
        "git_rev": git_rev,
        "mode": cfg["mode"],
        "machine": {
            "cpu_model": cpu_model,
            "cores": os.cpu_count(),
            "cpus_usable": cfg["cpus"],
            "mem_total": mem_total,
            "kernel": " ".join(os.uname()[2:4]),
            "arch": os.uname().machine,
            "virtualization": sh(["systemd-detect-virt"]) or "unknown",
        },
        "versions": {
            "glibc": sh(["ldd", "--version"]).splitlines()[0]
            if sh(["ldd", "--version"]) else "",
            "libuv": versions["libuv1"],
            "libev": versions["libev4"],
            "gnuplot": sh(["gnuplot", "--version"]),
            "wrk": (sh(["wrk", "--version"]).splitlines() or [""])[0]
            if shutil.which("wrk") else "not installed",
            "python": sys.version.split()[0],
            "cc": (sh(["cc", "--version"]).splitlines() or [""])[0],
        },
        "limits": {
            "nofile_soft_at_start": soft,
            "nofile_hard": hard,
            "nofile_used": hard,
            "somaxconn": read_file("/proc/sys/net/core/somaxconn"),
            "tcp_max_syn_backlog":
                read_file("/proc/sys/net/ipv4/tcp_max_syn_backlog"),
            "ip_local_port_range":
                read_file("/proc/sys/net/ipv4/ip_local_port_range"),
            "tcp_tw_reuse": read_file("/proc/sys/net/ipv4/tcp_tw_reuse"),
            "threads_max": read_file("/proc/sys/kernel/threads-max"),
            "max_map_count": read_file("/proc/sys/vm/max_map_count"),
            "default_thread_stack": sh(["sh", "-c", "ulimit -s"]) + " KiB",
            "kernel_stack_per_thread_kib":
                procmon.kernel_stack_per_thread_kib(),
        },
        "pinning": {
            "server_cpus": cpulist(cfg["server_cpus"]),
            "loadgen_cpus": cpulist(cfg["loadgen_cpus"]),
            "loadgen_threads": cfg["loadgen_threads"],
            "note": "server on the first half of the CPUs, load "
                    "generator on the other half (taskset -c); the cpu "
                    "scenario runs both unpinned so the thread models "
                    "can use every core, and the load generator then "
                    "shares the cores with the server.",
        },
        "parameters": dict(
            {k: cfg[k] for k in (
                "models", "scenarios", "reps", "duration", "warmup",
                "workers", "loadgen")},
            scenarios_params=cfg.get("scenario_params", {})),
        "scenario_about": {m.NAME: m.ABOUT for m in scenarios.load()},
        "about": cfg.get("about", {}),
        "accounting": cfg.get("accounting", "proc"),
        "accounting_why": cfg.get("accounting_why", ""),
        "memory_accounting": memory_text(cfg.get("accounting", "proc")),
        "cpu_accounting": cpu_text(cfg.get("accounting", "proc")),
        "database": cfg.get("database"),
        # Every host (server and load generators) and the path between.
        "network": cfg.get("network", {}),
        "hosts": cfg.get("hosts", []),
        "commands": commands,
    }


def write(run_dir, m):
    """manifest.json and its reading, manifest.md."""
    with open(os.path.join(run_dir, "manifest.json"), "w") as f:
        json.dump(m, f, indent=2)
        f.write("\n")
    lines = [f"# Run {m['run_id']}", "",
             "| | |", "|---|---|"]
    mach = m["machine"]
    lines += [
        f"| host | {m['host']} |",
        f"| git revision | {m['git_rev']} |",
        f"| mode | {m['mode']} |",
        f"| started | {m['started']} |",
        f"| finished | {m.get('finished', '(running)')} |",
        f"| CPU | {mach['cpu_model']} |",
        f"| cores | {mach['cores']} (usable: "
        f"{cpulist(mach['cpus_usable'])}) |",
        f"| memory | {mach['mem_total']} |",
        f"| kernel | {mach['kernel']} |",
        f"| virtualization | {mach['virtualization']} |"]
    for k, v in m["versions"].items():
        lines.append(f"| {k} | {v} |")
    for k, v in m["limits"].items():
        lines.append(f"| {k} | {v} |")
    for k, v in m["pinning"].items():
        lines.append(f"| pinning: {k} | {v} |")
    for k, v in m["parameters"].items():
        lines.append(f"| {k} | {v} |")
    why = m.get("accounting_why")
    lines.append(f"| accounting | {m['accounting']}"
                 + (f" ({why})" if why else "") + " |")
    for k, v in (m.get("database") or {}).items():
        lines.append(f"| database: {k} | {v} |")
    for k, v in m.get("network", {}).items():
        lines.append(f"| network: {k} | {v} |")
    for h in m.get("hosts", []):
        lines.append(f"| host: {h.get('role')} {h.get('name')} | "
                     + "; ".join(f"{k} {v}" for k, v in h.items()
                                 if k not in ("role", "name")) + " |")
    lines += ["", "## Memory accounting", "", m["memory_accounting"],
              "", "## CPU accounting", "", m["cpu_accounting"], "",
              f"## Commands ({len(m['commands'])})", "", "```"]
    lines += m["commands"]
    lines += ["```", ""]
    with open(os.path.join(run_dir, "manifest.md"), "w") as f:
        f.write("\n".join(lines))

