#!/usr/bin/env python3
"""bench.py - runs the experiment matrix and leaves one run folder.

    scripts/bench [--smoke|--quick|--full] [--models a,b] [--scenarios x,y]
                  [--reps N] [--duration S] [--loadgen loadgen|wrk]

Every knob also reads an environment (make) variable: SMOKE, QUICK, FULL,
MODELS, SCENARIOS, REPS, DURATION, WARMUP, LOADGEN, CONNS, IDLE, FRACTIONS,
WORKERS, RESULTS_DIR, SERVER_DIR, LOADGEN_BIN, and where things run:
SERVER_NETNS, SERVER_HOST, SERVER_ADDR, LOADGEN_HOSTS (scripts/hosts.py).
`scripts/bench --help` lists them.

For every point of the matrix it starts a fresh server pinned to half the
CPUs, waits for its `listening on` line, samples the server and the
machine's kernel memory from /proc while build/loadgen (or wrk) pinned to
the other half warms up and measures, stops the server with SIGTERM and
reads its summary line.  Each repetition is one row of results.csv, written
as soon as it is measured, so an interrupted or crashed run keeps what it
had.  At the end it writes summary.csv, the gnuplot charts and REPORT.md.

Exit status: 0 done (failed points are data, listed in the report), 2 bad
usage or a missing tool, 130 interrupted (Ctrl-C), with the partial results
written all the same.
"""
import argparse
import csv
import json
import math
import os
import re
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hosts  # noqa: E402
import loadgens  # noqa: E402
import models  # noqa: E402
import procmon  # noqa: E402
import scenarios  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The CSV contract (issues 4, 5 and 8): these columns in this order; new
# columns only at the end.
COLUMNS = (
    "run_id,model,variant,scenario,connections,idle,rate,offered_fraction,"
    "delay_ms,cpu_us,workers,stack_kib,blocking,repetition,status,reason,"
    "client_limited,loadgen,requests,duration_s,rps,lat_p50_us,lat_p90_us,"
    "lat_p99_us,lat_p999_us,lat_p9999_us,lat_max_us,raw_p99_us,errors,"
    "err_connect,err_read,err_write,err_timeout,err_status,err_mismatch,"
    "server_cpu_s,server_cpu_us_per_req,server_rss_kib,server_rss_peak_kib,"
    "server_threads,kernel_stack_delta_kib,sock_mem_delta_kib,slab_delta_kib,"
    "loadgen_cpu_s,loadgen_cpu_us_per_req,json,"
    # extra columns
    "pagetables_delta_kib,tcp_inuse_delta,server_accepted,server_refused,"
    "pinned,wall_s,server_kstack_est_kib,other_cpu_frac,"
    # issue 8: --offload, extra server flags, and a second, concurrent load
    # (bg_*) measured beside the main one
    "offload,server_args,bg_path,bg_connections,bg_requests,bg_rps,"
    "bg_lat_p50_us,bg_lat_p99_us,bg_errors,"
    # issue 11: processes in the server's tree (its memory is then PSS)
    "server_procs").split(",")

# Mode -> how long and how often every point is measured.  Each scenario
# module holds its own sweep per mode (SWEEP); "max" in a sweep is the
# largest connection count the fd limit allows, up to 20,000.
MODES = {
    "smoke": dict(duration=0.5, warmup=0.2, reps=1),
    "quick": dict(duration=0.8, warmup=0.3, reps=1),
    "default": dict(duration=1.0, warmup=0.3, reps=1),
    "full": dict(duration=3.0, warmup=1.0, reps=3),
}
FD_MARGIN = 64           # fds a process needs beside its connections


class Usage(Exception):
    """Bad input: printed with the valid choices, exit 2."""


class Interrupted(Exception):
    pass


def die_usage(msg):
    print(f"bench: {msg}", file=sys.stderr)
    sys.exit(2)


def env_flag(name):
    return os.environ.get(name, "").strip() not in ("", "0", "no", "false")


def split_list(text):
    return [w for w in re.split(r"[,\s]+", text.strip()) if w]


def makefile_models():
    """The Makefile's MODELS line: the one list of models."""
    with open(os.path.join(REPO, "Makefile")) as f:
        for line in f:
            m = re.match(r"^MODELS\s*:?=\s*(.*)$", line)
            if m:
                return split_list(m.group(1))
    return []


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


# ---------------------------------------------------------------- config --

def scenario_help():
    return "\n".join(f"  {m.NAME:<10} {m.ABOUT}" for m in scenarios.load())


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="scripts/bench",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the threads-vs-events benchmark matrix into "
                    "results/<run-id>/ (CSV, charts, REPORT.md).",
        epilog="""modes (pick one; default about 13.5 min for the twelve models):
  --smoke / SMOKE=1   every scenario, tiny, seconds per point (make test)
  --quick / QUICK=1   every model and scenario at a few points (about 6 min)
  --full  / FULL=1    more points and repetitions, up to 20,000 connections

scenarios (one module each in scripts/scenarios/; TVE_SCENARIO_PATH=dir
adds folders of your own):
%s

environment / make variables (flags win):
  MODELS=epoll,libuv        models (default: the Makefile's MODELS)
  PEERS=1                   add every peer of servers/peers/ (Python
                            frameworks, nginx, Apache, lighttpd)
  SCENARIOS=hello,idle      scenarios (default: all of the above)
  REPS=N DURATION=S WARMUP=S   repetitions, seconds measured, warm-up
  CONNS=1,100,1000          connection sweep (hello, echo, delay, cpu, churn,
                            blocking)
  IDLE=0,1000,10000         idle-connection sweep
  FRACTIONS=0.5,0.9         latency: offered load as fractions of capacity
  WORKERS=16                thread-pool workers
  LOADGEN=wrk               closed-loop HTTP points with wrk
  RESULTS_DIR=dir           where run folders go (default results/)
  SERVER_DIR=dir LOADGEN_BIN=path   binaries (default build/)

where things run (scripts/hosts.py; default: all here, over loopback):
  SERVER_NETNS=name         every server in that network namespace (ip netns
                            exec), clients across its veth
  SERVER_HOST=[user@]host   every server on that host over ssh (BatchMode,
                            one ControlMaster connection); binaries copied
                            when arch and glibc match, else built there from
                            git HEAD; its CPU and memory sampled there
  SERVER_ADDR=ip            where clients connect (default: the namespace's
                            address, or the host's name from ssh -G)
  LOADGEN_HOSTS=local,h2    loadgen on each host at once (ssh; "local" is
                            this one), connections split, one start time,
                            latency histograms merged exactly
  REMOTE_DIR=dir            the binaries' folder on remote hosts
                            (default /tmp/tve-<git rev>)
  SSH_CONFIG=file           passed to ssh as -F file

examples:
  make bench QUICK=1
  make bench MODELS=epoll,thread-pool SCENARIOS=hello,delay
  scripts/bench --quick --loadgen wrk --scenarios hello""" % scenario_help())
    g = p.add_mutually_exclusive_group()
    g.add_argument("--smoke", action="store_true")
    g.add_argument("--quick", action="store_true")
    g.add_argument("--full", action="store_true")
    p.add_argument("--models")
    p.add_argument("--scenarios")
    p.add_argument("--reps", type=int)
    p.add_argument("--duration", type=float)
    p.add_argument("--warmup", type=float)
    p.add_argument("--loadgen", choices=["loadgen", "wrk"])
    p.add_argument("--results-dir")
    p.add_argument("--no-report", action="store_true",
                   help="write the CSVs only (no charts, no REPORT.md)")
    return p.parse_args(argv)


def number_list(name, text, kind=float):
    try:
        return [kind(w) for w in split_list(text)]
    except ValueError:
        raise Usage(f"{name}={text!r}: expected a comma-separated list of "
                    "numbers")


def duration_value(name, text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*(ms|s)?\s*", str(text))
    if not m:
        raise Usage(f"{name}={text!r}: expected seconds, e.g. 2 or 500ms")
    v = float(m.group(1))
    return v / 1000 if m.group(2) == "ms" else v


def smoke_models(valid, server_dir):
    """The smoke run's two models: the first thread-per-connection model
    and the first single-threaded event loop of the Makefile, by --about."""
    found, _ = models.discover(valid, server_dir)
    models.use(found)
    pick = []
    per_thread = (lambda m: models.pays_per_conn(m)
                  and models.per_connection(m) == "thread")
    for test in (per_thread, models.is_single_loop):
        pick += [m for m in valid if m in found and test(m)][:1]
    return pick or valid[:2]


def make_config(args):
    env = os.environ
    if args.smoke or env_flag("SMOKE"):
        mode = "smoke"
    elif args.quick or env_flag("QUICK"):
        mode = "quick"
    elif args.full or env_flag("FULL"):
        mode = "full"
    else:
        mode = "default"
    cfg = dict(MODES[mode])
    cfg["mode"] = mode
    cfg["server_dir"] = env.get("SERVER_DIR",
                                os.path.join(REPO, "build", "servers"))

    peers = models.peers()
    valid_models = makefile_models()
    models_text = args.models or env.get("MODELS", "")
    if models_text:
        chosen = split_list(models_text)
    elif mode == "smoke":
        chosen = smoke_models(valid_models, cfg["server_dir"])
    else:
        chosen = list(valid_models)
    if env_flag("PEERS"):
        chosen += [p for p in peers if p not in chosen]
    bad = [m for m in chosen if m not in valid_models and m not in peers]
    if bad:
        raise Usage(f"unknown model {', '.join(map(repr, bad))}; valid "
                    f"models (the Makefile's MODELS): "
                    f"{', '.join(valid_models)}; peers (servers/peers/): "
                    f"{', '.join(peers) or 'none'}")
    cfg["models"] = chosen
    cfg["all_models"] = valid_models + [p for p in peers
                                        if p not in valid_models]

    known = scenarios.names()
    sc_text = args.scenarios or env.get("SCENARIOS", "")
    wanted = split_list(sc_text) if sc_text else list(known)
    bad = [s for s in wanted if s not in known]
    if bad:
        raise Usage(f"unknown scenario {', '.join(map(repr, bad))}; valid "
                    f"scenarios: {', '.join(known)}")
    cfg["scenarios"] = [s for s in known if s in wanted]

    if args.reps is not None or env.get("REPS"):
        try:
            cfg["reps"] = int(args.reps if args.reps is not None
                              else env["REPS"])
        except ValueError:
            raise Usage(f"REPS={env.get('REPS')!r}: expected a whole number")
        if cfg["reps"] < 1:
            raise Usage("REPS must be at least 1")
    if args.duration is not None or env.get("DURATION"):
        cfg["duration"] = duration_value(
            "DURATION", args.duration if args.duration is not None
            else env["DURATION"])
    if args.warmup is not None or env.get("WARMUP"):
        cfg["warmup"] = duration_value(
            "WARMUP", args.warmup if args.warmup is not None
            else env["WARMUP"])
    if cfg["duration"] <= 0:
        raise Usage("DURATION must be more than 0")

    nofile_hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if nofile_hard == resource.RLIM_INFINITY:
        nofile_hard = 1 << 20
    cfg["nofile_hard"] = nofile_hard
    cfg["max_conns"] = max(1000, min(20000, (nofile_hard - FD_MARGIN)
                                     // 1000 * 1000))
    # Sweep overrides, checked here so a typo stops the run before it starts.
    cfg["sweep_env"] = {}
    for name in ("CONNS", "IDLE", "FRACTIONS"):
        if env.get(name):
            cfg["sweep_env"][name] = number_list(name, env[name])
    try:
        cfg["workers"] = int(env.get("WORKERS", "16"))
    except ValueError:
        raise Usage("WORKERS: expected a whole number")

    cfg["loadgen"] = args.loadgen or env.get("LOADGEN", "") or "loadgen"
    if cfg["loadgen"] not in ("loadgen", "wrk"):
        raise Usage(f"LOADGEN={cfg['loadgen']!r}: expected loadgen or wrk")
    cfg["loadgen_bin"] = env.get("LOADGEN_BIN",
                                 os.path.join(REPO, "build", "loadgen"))
    cfg["results_dir"] = (args.results_dir or env.get("RESULTS_DIR")
                          or os.path.join(REPO, "results"))
    cfg["no_report"] = args.no_report

    cpus = sorted(os.sched_getaffinity(0))
    cfg["cpus"] = cpus
    if len(cpus) >= 2:
        half = len(cpus) // 2
        cfg["server_cpus"] = cpus[:half]
        cfg["loadgen_cpus"] = cpus[half:]
    else:
        cfg["server_cpus"] = cfg["loadgen_cpus"] = cpus
    cfg["loadgen_threads"] = len(cfg["loadgen_cpus"])
    return cfg


def cpulist(cpus):
    return ",".join(str(c) for c in cpus)


# ---------------------------------------------------------------- matrix --

class MatrixContext:
    """What a scenario module's points(ctx) works with (scenarios/)."""

    def __init__(self, cfg, module):
        self.cfg = cfg
        self.mode = cfg["mode"]
        self.module = module
        self.scenario = module.NAME
        self.models = cfg["models"]
        self.scenarios = cfg["scenarios"]
        self.workers = cfg["workers"]

    def sweep(self, table=None, env=None):
        """This mode's list from the module's SWEEP (or `table`), "max"
        resolved, and the module's SWEEP_ENV variable (or `env`) winning.
        The list is recorded in the manifest under the scenario's name."""
        table = table if table is not None else getattr(self.module,
                                                        "SWEEP", {})
        env = env or getattr(self.module, "SWEEP_ENV", None)
        if env and env in self.cfg["sweep_env"]:
            vals = self.cfg["sweep_env"][env]
            if env != "FRACTIONS":
                vals = [int(v) for v in vals]
        else:
            vals = table.get(self.mode, table.get("default", []))
        vals = [self.cfg["max_conns"] if v == "max" else v for v in vals]
        self.note("sweep", vals)
        return vals

    def note(self, key, value):
        """Records a parameter of this scenario in the manifest."""
        self.cfg["scenario_params"].setdefault(self.scenario, {})[key] = value

    def point(self, model, **kw):
        """A point of this scenario with every field at its default."""
        pt = dict(model=model, variant="", scenario=self.scenario,
                  connections=0, idle=0, rate=None, offered_fraction=None,
                  delay_ms=None, cpu_us=None, workers=self.workers,
                  stack_kib=None, blocking=False, offload=False,
                  server_args=[], proto="http", path="/", size=None,
                  new_conn=False, idle_request=False, pinned=True,
                  background=None, side=None,
                  ws=None,
                  side_settle_s=0, refuse=None,
                  duration=self.cfg["duration"], warmup=self.cfg["warmup"],
                  timeout=10.0, repetition=1)
        pt.update(kw)
        return pt

    def interleave(self, xs, make, models=None):
        """Points for every x, repetition and model, in that nesting:
        within one x the models and repetitions interleave (rep 1 of every
        model, then rep 2 ...), so that a slow minute on a shared machine
        spreads over every model instead of hitting one.  make(model, x)
        returns a list of points (empty: the model sits this x out)."""
        pts = []
        for x in xs:
            for rep in range(1, self.cfg["reps"] + 1):
                for m in (models if models is not None else self.models):
                    for pt in make(m, x):
                        pt["repetition"] = rep
                        pts.append(pt)
        return pts


def build_matrix(cfg):
    """The list of points, in run order: scenario by scenario."""
    pts = []
    cfg["scenario_params"] = {}
    for mod in scenarios.load():
        if mod.NAME in cfg["scenarios"]:
            pts += mod.points(MatrixContext(cfg, mod))
    return pts


def point_label(pt):
    s = pt["model"] + (f"/{pt['variant']}" if pt["variant"] else "")
    s += f" {pt['scenario']} c={pt['connections']}"
    if pt["idle"]:
        s += f" idle={pt['idle']}"
    if pt["offered_fraction"] is not None:
        s += f" load={pt['offered_fraction']:g}x"
        if pt.get("rate"):
            s += f" ({human(pt['rate'])}/s)"
    if pt.get("background"):
        s += (f" + {pt['background']['connections']} x "
              f"{pt['background']['path']}")
    return s


def point_tag(seq, pt):
    parts = [f"{seq:04d}", pt["model"]]
    if pt["variant"]:
        parts.append(pt["variant"])
    parts += [pt["scenario"], f"c{pt['connections']}"]
    if pt["idle"]:
        parts.append(f"i{pt['idle']}")
    if pt["offered_fraction"] is not None:
        parts.append(f"f{pt['offered_fraction']:g}")
    parts.append(f"r{pt['repetition']}")
    return "-".join(parts)


def human(x):
    if x is None:
        return "-"
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.0f}"


def fmt_eta(s):
    s = int(max(0, s))
    return f"{s // 60}m{s % 60:02d}s"


# ---------------------------------------------------------------- running --

class Run:
    def __init__(self, cfg):
        self.cfg = cfg
        # Where the server runs and where the load comes from (hosts.py).
        self.place = cfg.get("place") or hosts.Local()
        self.clients = cfg.get("clients")
        host = socket.gethostname().split(".")[0]
        self.git_rev = (sh(["git", "-C", REPO, "describe", "--always",
                            "--dirty"]) or "unknown")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.run_id = f"{stamp}-{host}-{self.git_rev}"
        self.dir = os.path.join(cfg["results_dir"], self.run_id)
        os.makedirs(os.path.join(self.dir, "json"), exist_ok=True)
        os.makedirs(os.path.join(self.dir, "logs"), exist_ok=True)
        self.commands = []
        self.rows = []
        self.capacity = {}
        self.csv_file = open(os.path.join(self.dir, "results.csv"), "w",
                             newline="")
        self.csv = csv.DictWriter(self.csv_file, fieldnames=COLUMNS,
                                  extrasaction="ignore")
        self.csv.writeheader()
        self.csv_file.flush()
        self.started = time.time()
        self.overheads = []
        self.kstack_per_thread = procmon.kernel_stack_per_thread_kib()
        self.manifest = self.machine_manifest()
        self.write_manifest()

    # -- manifest --------------------------------------------------------
    def machine_manifest(self):
        cfg = self.cfg
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
            "run_id": self.run_id,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "loadavg_at_start": read_file("/proc/loadavg"),
            "host": socket.gethostname(),
            "git_rev": self.git_rev,
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
            "memory_accounting": (
                "server_rss_kib: largest VmRSS seen while the load ran "
                "(a server of several processes, server_procs > 1: their "
                "PSS summed over the process tree, each shared page counted "
                "once, never RSS summed); "
                "server_rss_peak_kib: VmHWM (several processes: as "
                "server_rss_kib); kernel_stack_delta_kib, "
                "slab_delta_kib (SUnreclaim), pagetables_delta_kib "
                "(/proc/meminfo) and sock_mem_delta_kib (TCP mem pages in "
                "/proc/net/sockstat) are machine-wide deltas against a "
                "sample taken with the server up and idle, so they include "
                "the client end of every loopback connection."),
            "cpu_accounting": (
                "server_cpu_s: utime+stime from /proc/<pid>/stat over the "
                "last duration_s seconds of the load generator's run (the "
                "measured phase; warm-up excluded), sampled every 0.1 s."),
            # Every host (server and load generators) and the path between.
            "network": cfg.get("network", {}),
            "hosts": cfg.get("hosts", []),
            "commands": self.commands,
        }

    def write_manifest(self):
        m = self.manifest
        with open(os.path.join(self.dir, "manifest.json"), "w") as f:
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
        with open(os.path.join(self.dir, "manifest.md"), "w") as f:
            f.write("\n".join(lines))

    # -- one point -------------------------------------------------------
    def record(self, pt, **res):
        row = {c: "" for c in COLUMNS}
        row.update(
            run_id=self.run_id, model=pt["model"], variant=pt["variant"],
            scenario=pt["scenario"], connections=pt["connections"],
            idle=pt["idle"], rate=int(pt["rate"]) if pt.get("rate") else "",
            offered_fraction=("" if pt["offered_fraction"] is None
                              else pt["offered_fraction"]),
            delay_ms="" if pt["delay_ms"] is None else pt["delay_ms"],
            cpu_us="" if pt["cpu_us"] is None else pt["cpu_us"],
            workers=pt["workers"] if passes_workers(pt) else "",
            stack_kib="" if pt["stack_kib"] is None else pt["stack_kib"],
            blocking=1 if pt["blocking"] else 0,
            offload=1 if pt["offload"] else 0,
            server_args=" ".join(pt["server_args"]),
            bg_path=pt["background"]["path"] if pt.get("background") else "",
            bg_connections=(pt["background"]["connections"]
                            if pt.get("background") else ""),
            repetition=pt["repetition"], pinned=1 if pt["pinned"] else 0)
        for k, v in res.items():
            if isinstance(v, float):
                v = f"{v:.6g}"
            elif isinstance(v, bool):
                v = 1 if v else 0
            row[k] = "" if v is None else v
        self.rows.append(row)
        self.csv.writerow(row)
        self.csv_file.flush()
        return row

    def server_cmd(self, pt):
        cfg = self.cfg
        path = (models.server_path(pt["model"], cfg["server_dir"])
                or os.path.join(cfg["server_dir"], pt["model"]))
        cmd = [path, "--proto", pt["proto"], "--host",
               self.place.listen_host, "--port", "0",
               # Long enough that idle connections are never reaped.
               "--idle-timeout", "600", "--header-timeout", "600"]
        if passes_workers(pt):
            cmd += ["--workers", str(pt["workers"])]
        if pt["stack_kib"]:
            cmd += ["--stack-kib", str(pt["stack_kib"])]
        if pt["blocking"]:
            cmd.append("--blocking")
        if pt["offload"]:
            cmd.append("--offload")
        cmd += list(pt["server_args"])
        if pt["pinned"]:
            cpus = self.place.server_cpus or cfg["server_cpus"]
            cmd = ["taskset", "-c", cpulist(cpus)] + cmd
        return cmd

    def start_server(self, pt, tag):
        """Starts the server; returns (proc, port, stdout_rest, errfile)."""
        cmd = self.server_cmd(pt)
        self.commands.append(" ".join(self.place.shown(cmd)))
        err_path = os.path.join(self.dir, "logs", tag + ".server.log")
        errf = open(err_path, "w+")
        # Here, in a namespace or over ssh (scripts/hosts.py), in a
        # session of its own: Ctrl-C reaches this script only, which then
        # stops the server and the load generator itself.
        proc = self.place.popen(cmd, subprocess.PIPE, errf)
        fd = proc.stdout.fileno()
        buf = b""
        deadline = time.monotonic() + 15
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
        line, _, rest = buf.partition(b"\n")
        m = re.match(r"listening on (\S+):(\d+)$", line.decode(errors="replace")
                     .strip())
        if not m:
            self.kill(proc)
            errf.seek(0)
            tail = " ".join(errf.read().split())[-300:]
            why = (f"exited with status {proc.returncode}"
                   if proc.returncode is not None else "timed out")
            raise StartError(f"server failed to start ({why}); stdout "
                             f"{line.decode(errors='replace')[:100]!r}; "
                             f"stderr {tail!r}")
        return proc, int(m.group(2)), rest, errf

    @staticmethod
    def kill(proc, sig=signal.SIGTERM, wait=10):
        if proc.poll() is None:
            try:
                proc.send_signal(sig)
                proc.wait(wait)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            except ProcessLookupError:
                pass

    def stop_server(self, proc, rest):
        """SIGTERM, then reads the summary line; returns (info, problem)."""
        problem = None
        crashed = proc.poll() is not None
        if crashed:
            rc = proc.returncode
            problem = (f"server died during the point (signal {-rc})"
                       if rc < 0 else f"server exited early (status {rc})")
        else:
            proc.send_signal(signal.SIGTERM)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            problem = problem or "server did not stop within 20 s of SIGTERM"
        text = (rest + (out or b"")).decode(errors="replace")
        info = {}
        m = re.search(r"(\d+) connections accepted, (\d+) requests served, "
                      r"(\d+) connections refused", text)
        if m:
            info = dict(accepted=int(m.group(1)), served=int(m.group(2)),
                        refused=int(m.group(3)))
        if not crashed and proc.returncode not in (0, None) and not problem:
            problem = f"server exited {proc.returncode} after SIGTERM"
        return info, problem

    def use_wrk(self, pt):
        return use_wrk(self.cfg, pt)

    def run_client(self, cmd, timeout, out_path):
        """Runs a load generator; returns (rc, stdout, cpu_s, t0, t1)."""
        self.commands.append(" ".join(cmd))
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        with open(out_path, "w+") as outf:
            proc = subprocess.Popen(cmd, stdout=outf, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True)
            self.client = proc
            try:
                rc = proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill(proc, wait=5)
                rc = None
            finally:
                self.client = None
            t1 = time.monotonic()
            outf.seek(0)
            out = outf.read()
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        return rc, out, cpu, t0, t1

    def run_point(self, seq, pt):
        cfg = self.cfg
        tag = point_tag(seq, pt)
        t_start = time.monotonic()
        bg = pt.get("background")
        total = pt["connections"] + pt["idle"] + (bg["connections"]
                                                   if bg else 0)
        if total + FD_MARGIN > cfg["nofile_hard"]:
            return self.record(
                pt, status="refused", loadgen="",
                reason=f"needs {total + FD_MARGIN} file descriptors; the "
                       f"RLIMIT_NOFILE hard limit is {cfg['nofile_hard']}")
        if pt.get("refuse"):
            # The scenario knows the model cannot take this point (a
            # peer's --about max_connections): a refused row, not run.
            return self.record(pt, status="refused", loadgen="",
                               reason=pt["refuse"])
        mod = scenarios.get(pt["scenario"])
        why = mod.prepare(self, pt) if hasattr(mod, "prepare") else None
        if why:
            return self.record(pt, status="failed", loadgen="", reason=why)
        wrk = self.use_wrk(pt)
        tool = "wrk" if wrk else "loadgen"
        try:
            proc, port, rest, errf = self.start_server(pt, tag)
        except StartError as e:
            return self.record(pt, status="failed", reason=str(e),
                               loadgen=tool)
        sampler = None
        res = {}
        status, reason = "ok", ""
        json_rel = os.path.join("json", tag + ".json")
        json_path = os.path.join(self.dir, json_rel)
        out_path = os.path.join(self.dir, "logs", tag + ".client.log")
        lg_cpus = cfg["loadgen_cpus"] if pt["pinned"] else cfg["cpus"]
        pin = ["taskset", "-c", cpulist(lg_cpus)]
        addr = self.place.connect_addr
        limit = (pt["warmup"] + pt["duration"] + pt["timeout"] + 30
                 + total / 500)
        data = None
        rc = None
        bg_proc = None
        side = []
        try:
            time.sleep(0.05)    # let the server settle before the baseline
            baseline = self.place.sample(proc)
            sampler = self.place.sampler(proc).start()
            side = self.start_side(pt, port, pin, tag)
            if bg:
                bg_proc, bg_json = self.start_background(pt, port, pin, tag)
            if wrk:
                if pt["warmup"] > 0:
                    self.run_client(
                        pin + loadgens.wrk_cmd(pt, port, len(lg_cpus),
                                               pt["warmup"], addr),
                        limit, out_path)
                cmd = pin + loadgens.wrk_cmd(pt, port, len(lg_cpus),
                                             pt["duration"], addr)
                rc, out, lg_cpu, t0, t1 = self.run_client(cmd, limit,
                                                          out_path)
                data = loadgens.parse_wrk(out)
                if data is not None:
                    data["config"] = {"command": cmd}
                    with open(json_path, "w") as f:
                        json.dump(data, f, indent=1)
            elif self.clients and self.clients.can_split(pt):
                # LOADGEN_HOSTS: one client per host, histograms merged.
                rc, out, lg_cpu, t0, t1, data = self.clients.run(
                    self, pt, addr, port, json_path, pin, len(lg_cpus),
                    limit, out_path)
            else:
                cmd = pin + loadgens.loadgen_cmd(
                    cfg["loadgen_bin"], pt, port, len(lg_cpus), json_path,
                    addr)
                rc, out, lg_cpu, t0, t1 = self.run_client(cmd, limit,
                                                          out_path)
                try:
                    with open(json_path) as f:
                        data = json.load(f)
                except (OSError, ValueError):
                    data = None
            if bg_proc is not None:
                res.update(self.finish_background(bg_proc, bg_json, limit))
                bg_proc = None
            # The last sample while the side programs still run: the
            # sampler may be sparse (procmon.SAMPLER_SHARE), and an
            # attacker's cost is gone once it is stopped.
            samples = sampler.stop()
            sampler = None
            for p in side:
                self.kill(p, wait=5)
            side = []
            if rc is None:
                status, reason = "failed", (f"{tool} did not finish within "
                                            f"{limit:.0f} s")
            elif data is None:
                tail = " ".join(out.split())[-300:]
                status, reason = "failed", (f"{tool} exited {rc} without a "
                                            f"result: {tail!r}")
            info, problem = self.stop_server(proc, rest)
            if problem:
                status, reason = "failed", problem
            elif info.get("refused"):
                status = "refused"
                reason = (f"{pt['model']} refused {info['refused']} "
                          f"connection attempts (accepted "
                          f"{info['accepted']}) with {total} wanted open: "
                          "a limit of the model, such as select's "
                          "FD_SETSIZE of 1024")
            if data is not None:
                res.update(self.measure(pt, data, samples, baseline, lg_cpu,
                                        t0, t1, lg_cpus))
                errs = data.get("errors_total", 0)
                if status == "ok" and errs:
                    kinds = ", ".join(f"{k} {v}" for k, v in
                                      data.get("errors", {}).items() if v)
                    reason = f"{errs} errors counted ({kinds})"
            res.update(server_accepted=info.get("accepted"),
                       server_refused=info.get("refused"))
        except KeyboardInterrupt:
            if sampler:
                sampler.stop()
            if bg_proc is not None:
                self.kill(bg_proc, wait=5)
            for p in side:
                self.kill(p, wait=5)
            if self.client is not None:
                self.kill(self.client, wait=5)
            self.kill(proc, wait=5)
            self.record(pt, status="interrupted", loadgen=tool,
                        reason="interrupted (Ctrl-C or SIGTERM) during the "
                               "point", wall_s=time.monotonic() - t_start)
            raise Interrupted()
        finally:
            if proc.poll() is None:
                self.kill(proc)
            errf.close()
            for p in (os.path.join(self.dir, "logs", tag + ".server.log"),):
                if os.path.exists(p) and os.path.getsize(p) == 0:
                    os.unlink(p)
        wall = time.monotonic() - t_start
        self.overheads.append(wall - pt["warmup"] - pt["duration"])
        if status == "ok" and not reason and os.path.exists(out_path):
            os.unlink(out_path)     # keep client logs of troubled points
        return self.record(pt, status=status, reason=reason, loadgen=tool,
                           json=json_rel if data is not None else "",
                           wall_s=wall, **res)

    def start_side(self, pt, port, pin, tag):
        """Starts the point's side programs (pt["side"]: argv lists, with
        {host} and {port} filled in, such as an attacker beside the measured
        client) on the load generator's CPUs; they run until the client
        is done and are then stopped with SIGTERM.  Returns the processes."""
        procs = []
        for i, argv in enumerate(pt.get("side") or []):
            cmd = pin + [a.format(host=self.place.connect_addr, port=port)
                         for a in argv]
            self.commands.append(" ".join(cmd) + " &")
            log = open(os.path.join(self.dir, "logs",
                                    f"{tag}.side{i}.log"), "w")
            procs.append(subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True))
            log.close()
        if procs and pt.get("side_settle_s"):
            time.sleep(pt["side_settle_s"])     # let the attack build up
        return procs

    def start_background(self, pt, port, pin, tag):
        """Starts the point's second load (pt["background"]: a path and a
        connection count), closed loop, for as long as the main client
        warms up and measures; returns (process, its JSON path)."""
        bg = pt["background"]
        bpt = dict(pt, path=bg["path"], connections=bg["connections"],
                   idle=0, rate=None, new_conn=False, size=None,
                   proto="http", duration=pt["warmup"] + pt["duration"] + 0.5,
                   warmup=pt["warmup"])
        bg_json = os.path.join(self.dir, "json", tag + ".bg.json")
        cmd = pin + loadgens.loadgen_cmd(self.cfg["loadgen_bin"], bpt, port,
                                         1, bg_json, self.place.connect_addr)
        self.commands.append(" ".join(cmd) + " &")
        log = open(os.path.join(self.dir, "logs", tag + ".bg.log"), "w")
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL,
                                start_new_session=True)
        log.close()
        return proc, bg_json

    def finish_background(self, proc, bg_json, limit):
        """Waits for the second load; its figures as bg_* columns."""
        try:
            proc.wait(limit)
        except subprocess.TimeoutExpired:
            self.kill(proc, wait=5)
        try:
            with open(bg_json) as f:
                data = json.load(f)
        except (OSError, ValueError):
            return {}
        lat = data.get("latency_us", {})
        return dict(bg_requests=data.get("requests"), bg_rps=data.get("rps"),
                    bg_lat_p50_us=lat.get("p50"), bg_lat_p99_us=lat.get("p99"),
                    bg_errors=data.get("errors_total"))

    def measure(self, pt, data, samples, baseline, lg_cpu, t0, t1, lg_cpus):
        """The CSV numbers of one point, from the client's result and the
        server's /proc samples."""
        lat = data.get("latency_us", {})
        raw = data.get("latency_raw_us", {})
        err = data.get("errors", {})
        reqs = data.get("requests", 0)
        dur = data.get("duration_s") or pt["duration"]
        out = dict(requests=reqs, duration_s=dur,
                   rps=data.get("rps", reqs / dur if dur else 0),
                   lat_p50_us=lat.get("p50"), lat_p90_us=lat.get("p90"),
                   lat_p99_us=lat.get("p99"), lat_p999_us=lat.get("p99_9"),
                   lat_p9999_us=lat.get("p99_99"), lat_max_us=lat.get("max"),
                   raw_p99_us=raw.get("p99"),
                   errors=data.get("errors_total", sum(err.values())))
        for k in ("connect", "read", "write", "timeout", "status",
                  "mismatch"):
            out["err_" + k] = err.get(k, 0)
        # The measured phase is the last `dur` seconds before the client
        # exited: the warm-up and the connection set-up come before it.
        c_end = procmon.cpu_at(samples, t1)
        c_begin = procmon.cpu_at(samples, max(t0, t1 - dur))
        if c_end is not None and c_begin is not None:
            out["server_cpu_s"] = c_end - c_begin
            if reqs:
                out["server_cpu_us_per_req"] = (c_end - c_begin) / reqs * 1e6
        out.update(procmon.summarize(samples, baseline, t0, t1))
        if out.get("server_threads"):
            # The server's own share of kernel stacks, which the machine-wide
            # delta measures with everyone else's noise.
            out["server_kstack_est_kib"] = (out["server_threads"]
                                            * self.kstack_per_thread)
        cpu = data.get("cpu") or {}
        if "user_s" in cpu:
            lg = cpu.get("user_s", 0) + cpu.get("sys_s", 0)
        else:
            lg = lg_cpu
        out["loadgen_cpu_s"] = lg
        # Noise: CPU the rest of the machine used during the measured
        # phase (not the server, not the load generator), as a fraction of
        # all cores.  A shared machine shows it; a quiet one shows ~0.
        b_end = procmon.cpu_at(samples, t1, "busy_s")
        b_begin = procmon.cpu_at(samples, max(t0, t1 - dur), "busy_s")
        if None not in (b_end, b_begin, out.get("server_cpu_s")):
            # Only the load generator's CPU on the server's machine counts
            # against that machine's busy time (hosts.py).
            here = data.get("cpu_on_server_machine_s", lg)
            if not self.place.shares_machine:
                here = 0.0
            lg_share = here * dur / max(dur, t1 - t0)
            other = (b_end - b_begin) - out["server_cpu_s"] - lg_share
            out["other_cpu_frac"] = max(0.0, other) / (
                dur * (self.place.cores() or len(self.cfg["cpus"])))
        if reqs:
            out["loadgen_cpu_us_per_req"] = lg / reqs * 1e6
        if "cpu_bound" in data:
            out["client_limited"] = bool(data["cpu_bound"])
        else:
            # wrk: busy for 90 % of the wall time on every core it had.
            wall = max(1e-9, t1 - t0)
            busy = lg_cpu / wall / max(1, min(len(lg_cpus),
                                              pt["connections"]))
            out["client_limited"] = busy >= 0.9
        return out

    # -- the loop --------------------------------------------------------
    def run(self, points):
        n = len(points)
        self.client = None
        most = {}
        for p in points:
            key = (p["scenario"], p["model"], p["variant"])
            most[key] = max(most.get(key, 1), p["repetition"])
        for i, pt in enumerate(points, 1):
            reps = most[(pt["scenario"], pt["model"], pt["variant"])]
            sys.stderr.write(f"[{i}/{n}] {point_label(pt)} rep "
                             f"{pt['repetition']}/{reps} ... ")
            sys.stderr.flush()
            row = self.run_point(i, pt)
            note = ""
            if row["status"] == "ok":
                rps = float(row["rps"] or 0)
                unit = "conn/s" if pt["new_conn"] else "req/s"
                note = f"{human(rps)} {unit}"
                if row["client_limited"] == 1:
                    note += " (client-limited)"
                if row["reason"]:
                    note += f" [{row['reason'][:60]}]"
            else:
                note = f"{row['status'].upper()}: {row['reason'][:100]}"
            left = points[i:]
            oh = (statistics.mean(self.overheads) if self.overheads else 1.0)
            eta = sum(p["warmup"] + p["duration"] + oh for p in left)
            sys.stderr.write(f"{note}  ETA {fmt_eta(eta)}\n")
            sys.stderr.flush()

    def finish(self, interrupted=False):
        self.csv_file.close()
        self.manifest["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.manifest["wall_s"] = round(time.time() - self.started, 1)
        self.manifest["interrupted"] = interrupted
        self.manifest["capacity_rps"] = self.capacity
        self.manifest["loadavg_at_end"] = read_file("/proc/loadavg")
        self.write_manifest()
        write_summary(self.dir)
        latest = os.path.join(self.cfg["results_dir"], "latest")
        try:
            if os.path.islink(latest) or os.path.exists(latest):
                os.unlink(latest)
            os.symlink(self.run_id, latest)
        except OSError as e:
            print(f"bench: could not point {latest} at the run: {e}",
                  file=sys.stderr)


class StartError(Exception):
    pass


def passes_workers(pt):
    """--workers goes to a fixed pool and to --offload's pool, when the
    model honours it (--about); a model with one loop per core keeps its
    own default (one per CPU), a peer its own pool size."""
    return (models.honours(pt["model"], "--workers")
            and (models.is_pool(pt["model"]) or pt["offload"])
            or "--workers" in pt["server_args"])


def use_wrk(cfg, pt):
    """LOADGEN=wrk takes the closed-loop HTTP points; the rest stay ours."""
    return (cfg["loadgen"] == "wrk" and loadgens.wrk_can_run(pt)
            and pt["offered_fraction"] is None)


# ---------------------------------------------------------------- summary --

SUMMARY_KEYS = ["model", "variant", "scenario", "connections", "idle",
                "offered_fraction", "delay_ms", "cpu_us", "workers",
                "stack_kib", "blocking", "offload", "bg_connections"]
SUMMARY_METRICS = ["rps", "lat_p50_us", "lat_p99_us", "lat_p999_us",
                   "raw_p99_us", "server_cpu_us_per_req", "server_rss_kib",
                   "server_rss_peak_kib", "server_threads",
                   "kernel_stack_delta_kib", "sock_mem_delta_kib",
                   "slab_delta_kib", "pagetables_delta_kib",
                   "server_kstack_est_kib",
                   "loadgen_cpu_us_per_req", "rate", "errors",
                   "other_cpu_frac", "bg_rps", "bg_lat_p50_us",
                   "bg_lat_p99_us"]


def summary_header():
    h = list(SUMMARY_KEYS) + ["reps", "reps_ok", "status", "reason",
                              "client_limited"]
    for m in SUMMARY_METRICS:
        h += [m, m + "_min", m + "_max"]
    return h


def summarize_rows(rows):
    """Median and min/max over repetitions, per point; a point is ok if any
    repetition was, else it takes the status of its repetitions."""
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r.get(k, "") for k in SUMMARY_KEYS),
                          []).append(r)
    out = []
    for key, rs in groups.items():
        s = dict(zip(SUMMARY_KEYS, key))
        ok = [r for r in rs if r["status"] == "ok"]
        s["reps"] = len(rs)
        s["reps_ok"] = len(ok)
        if ok:
            s["status"], s["reason"] = "ok", ""
            reasons = sorted({r["reason"] for r in ok if r["reason"]})
            if reasons:
                s["reason"] = reasons[0]
        else:
            order = ["refused", "failed", "interrupted"]
            worst = sorted(rs, key=lambda r: order.index(r["status"])
                           if r["status"] in order else 9)[0]
            s["status"], s["reason"] = worst["status"], worst["reason"]
        s["client_limited"] = 1 if any(str(r["client_limited"]) == "1"
                                       for r in ok) else 0
        use = ok or [r for r in rs if r["status"] == "refused"]
        for m in SUMMARY_METRICS:
            vals = []
            for r in use:
                try:
                    vals.append(float(r[m]))
                except (ValueError, TypeError, KeyError):
                    pass
            if vals:
                s[m] = f"{statistics.median(vals):.6g}"
                s[m + "_min"] = f"{min(vals):.6g}"
                s[m + "_max"] = f"{max(vals):.6g}"
            else:
                s[m] = s[m + "_min"] = s[m + "_max"] = ""
        out.append(s)
    return out


def write_summary(run_dir):
    with open(os.path.join(run_dir, "results.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    summary = summarize_rows(rows)
    with open(os.path.join(run_dir, "summary.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=summary_header())
        w.writeheader()
        w.writerows(summary)
    return rows, summary


# ---------------------------------------------------------------- main --

def check_tools(cfg, points):
    missing = []
    if not shutil.which("gnuplot") and not cfg["no_report"]:
        missing.append("gnuplot is not installed: it draws the charts "
                       "(apt-get install gnuplot-nox)")
    if not shutil.which("taskset"):
        missing.append("taskset is not installed: it pins the server and "
                       "the load generator (apt-get install util-linux)")
    wrk_pts = [p for p in points if use_wrk(cfg, p)]
    if cfg["loadgen"] == "wrk" and not shutil.which("wrk"):
        missing.append("LOADGEN=wrk but wrk is not installed "
                       "(apt-get install wrk)")
    if len(wrk_pts) < len(points) and not os.access(cfg["loadgen_bin"],
                                                    os.X_OK):
        missing.append(f"{cfg['loadgen_bin']} not found: build it with "
                       "`make loadgen` (make bench builds it)")
    return missing


def check_models(cfg):
    """Asks every model what it is (--about); the matrix is built from the
    answers.  Returns the problems (a model missing or mute)."""
    found, problems = models.discover(cfg["models"], cfg["server_dir"])
    cfg["about"] = found
    models.use(found)
    return [f"model {m}: {why}" for m, why in problems.items()]


def main(argv):
    args = parse_args(argv)
    try:
        cfg = make_config(args)
    except Usage as e:
        die_usage(str(e))
    missing = check_models(cfg)
    points = build_matrix(cfg) if not missing else []
    missing += check_tools(cfg, points)
    if missing:
        for m in missing:
            print(f"bench: {m}", file=sys.stderr)
        sys.exit(2)
    # Every connection is a file descriptor: raise the soft limit to the
    # hard one; the server and the load generator inherit it.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    # SIGTERM ends the run like Ctrl-C: stop the point, keep the rest.
    def on_term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)

    # Where the servers and the load generators run (scripts/hosts.py):
    # an unreachable host or a missing namespace stops the run here.
    try:
        cfg["place"], cfg["clients"], ctl = hosts.setup(
            cfg, sh(["git", "-C", REPO, "describe", "--always", "--dirty"])
            or "unknown")
    except (hosts.HostError, OSError, subprocess.SubprocessError) as e:
        die_usage(str(e))
    run = Run(cfg)
    est = sum(p["warmup"] + p["duration"] + 0.7 for p in points)
    print(f"bench: {cfg['mode']} run {run.run_id}: {len(cfg['models'])} "
          f"models, {len(cfg['scenarios'])} scenarios, {len(points)} points "
          f"(about {fmt_eta(est)}); server on CPU "
          f"{cpulist(cfg['server_cpus'])}, {cfg['loadgen']} on CPU "
          f"{cpulist(cfg['loadgen_cpus'])}", file=sys.stderr)
    print(f"bench: writing {run.dir}", file=sys.stderr)
    interrupted = False
    try:
        run.run(points)
    except (Interrupted, KeyboardInterrupt):
        interrupted = True
        print("\nbench: interrupted; writing what was measured "
              f"({len(run.rows)} rows)", file=sys.stderr)
    # A second Ctrl-C while writing should not leave half a report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    run.finish(interrupted)
    hosts.close(cfg["place"], ctl, cfg["clients"])
    rc = 130 if interrupted else 0
    if not cfg["no_report"]:
        try:
            import charts
            problems = charts.draw(run.dir)
            for p in problems:
                print(f"bench: chart: {p}", file=sys.stderr)
        except Exception as e:  # noqa: BLE001 - report, keep going
            print(f"bench: charts failed: {e!r}", file=sys.stderr)
            rc = rc or 1
        try:
            import report
            report.write(run.dir)
        except Exception as e:  # noqa: BLE001
            print(f"bench: report failed: {e!r}", file=sys.stderr)
            rc = rc or 1
    counts = {}
    for r in run.rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print(f"bench: done in {fmt_eta(time.time() - run.started)}: "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
          + f"; see {os.path.join(run.dir, 'REPORT.md')}", file=sys.stderr)
    sys.exit(rc)


if __name__ == "__main__":
    main(sys.argv[1:])
