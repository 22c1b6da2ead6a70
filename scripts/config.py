"""config.py - a run's configuration, from flags and the environment.

    cfg = config.make(config.parse_args(argv))

Every knob is a flag or an environment (make) variable (flags win);
`scripts/bench --help` lists them.  Bad input raises Usage with the valid
choices; bench.py prints it and exits 2.
"""
import argparse
import os
import re
import resource

import models
import scenarios

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

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


def make(args):
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
