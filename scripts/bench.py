#!/usr/bin/env python3
"""bench.py - runs the experiment matrix and leaves one run folder.

    scripts/bench [--smoke|--quick|--full] [--models a,b] [--scenarios x,y]
                  [--reps N] [--duration S] [--loadgen loadgen|wrk]

Every knob also reads an environment (make) variable (scripts/config.py;
`scripts/bench --help` lists them).  main() is the pipeline, one stage a
module:

    config      flags and environment; every model's --about
    matrix      the points, from the scenario modules (scripts/scenarios/)
    hosts       where servers and load generators run
    manifest    the machine, its limits, the accounting method, the
                database, every command (manifest.json, manifest.md)
    database    one throwaway PostgreSQL cluster, if a point needs it
    runner      each point: server (server.py) in its own cgroup
                (cgroups.py), client, samples; figures (measure.py); one
                row of results.csv each (rows.py), written at once
    results     summary.csv: the repetitions reduced
    charts, verdicts, report   the run's charts, judged claims, REPORT.md
    report_html REPORT.html: the same page with interactive charts

Exit status: 0 done (failed points are data, listed in the report), 1 a
later stage failed, 2 bad usage or a missing tool, 130 interrupted
(Ctrl-C or SIGTERM), with the partial results written all the same.
"""
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clients  # noqa: E402
import config  # noqa: E402
import database  # noqa: E402
import hosts  # noqa: E402
import manifest  # noqa: E402
import matrix  # noqa: E402
import models  # noqa: E402
import procmon  # noqa: E402
import results  # noqa: E402
import rows  # noqa: E402
import runner  # noqa: E402
from matrix import fmt_eta  # noqa: E402
from server import cpulist  # noqa: E402

REPO = config.REPO
# The CSV contract; kept here too for the tests that read it from bench.
COLUMNS = rows.COLUMNS


def say(msg):
    print(f"bench: {msg}", file=sys.stderr)


def check_models(cfg):
    """Asks every model what it is (--about); the matrix is built from the
    answers.  Returns the problems (a model missing or mute)."""
    found, problems = models.discover(cfg["models"], cfg["server_dir"])
    cfg["about"] = found
    models.use(found)
    return [f"model {m}: {why}" for m, why in problems.items()]


def check_tools(cfg, points):
    missing = []
    if not shutil.which("gnuplot") and not cfg["no_report"]:
        missing.append("gnuplot is not installed: it draws the charts "
                       "(apt-get install gnuplot-nox)")
    if not shutil.which("taskset"):
        missing.append("taskset is not installed: it pins the server and "
                       "the load generator (apt-get install util-linux)")
    if cfg["loadgen"] == "wrk" and not shutil.which("wrk"):
        missing.append("LOADGEN=wrk but wrk is not installed "
                       "(apt-get install wrk)")
    ours = [p for p in points
            if not clients.use_wrk(cfg, p) and not p.get("client")]
    if ours and not os.access(cfg["loadgen_bin"], os.X_OK):
        missing.append(f"{cfg['loadgen_bin']} not found: build it with "
                       "`make loadgen` (make bench builds it)")
    return missing


def configure(argv):
    """The configuration and the points, or exit 2 saying what is wrong."""
    try:
        cfg = config.make(config.parse_args(argv))
    except config.Usage as e:
        say(str(e))
        sys.exit(2)
    missing = check_models(cfg)
    points = matrix.build_matrix(cfg) if not missing else []
    missing += check_tools(cfg, points)
    for m in missing:
        say(m)
    if missing:
        sys.exit(2)
    return cfg, points


def place_servers(cfg, git_rev):
    """Where the servers and the load generators run (scripts/hosts.py):
    an unreachable host or a missing namespace stops the run here."""
    try:
        cfg["place"], cfg["clients"], ctl = hosts.setup(cfg, git_rev)
    except (hosts.HostError, OSError, subprocess.SubprocessError) as e:
        say(str(e))
        sys.exit(2)
    cfg["accounting"], cfg["accounting_why"] = runner.accounting_method(
        cfg["place"])
    cfg["kstack_per_thread_kib"] = procmon.kernel_stack_per_thread_kib()
    return ctl


def open_run_dir(cfg, git_rev):
    host = socket.gethostname().split(".")[0]
    run_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{host}-{git_rev}"
    run_dir = os.path.join(cfg["results_dir"], run_id)
    for sub in ("json", "logs"):
        os.makedirs(os.path.join(run_dir, sub), exist_ok=True)
    return run_id, run_dir


def start_run(cfg, points, run_id, run_dir, git_rev, writer, db):
    """The runner and the manifest, written before the first point."""
    cfg["database"] = db.info() if db is not None else None
    run = runner.Runner(cfg, run_dir, writer, db)
    man = manifest.machine(cfg, run_id, git_rev, run.commands)
    manifest.write(run_dir, man)
    est = sum(p["warmup"] + p["duration"] + 0.7 for p in points)
    say(f"{cfg['mode']} run {run_id}: {len(cfg['models'])} models, "
        f"{len(cfg['scenarios'])} scenarios, {len(points)} points (about "
        f"{fmt_eta(est)}); server on CPU {cpulist(cfg['server_cpus'])}, "
        f"{cfg['loadgen']} on CPU {cpulist(cfg['loadgen_cpus'])}; "
        f"accounting {cfg['accounting']}")
    say(f"writing {run_dir}")
    return run, man


def run_points(run, points):
    """Every point; False when interrupted (the rows so far are kept)."""
    try:
        run.run(points)
        return True
    except (runner.Interrupted, KeyboardInterrupt):
        print(file=sys.stderr)
        say(f"interrupted; writing what was measured ({len(run.rows)} "
            "rows)")
        return False
    finally:
        # A second Ctrl-C while writing should not leave half a run.
        on_signals(signal.SIG_IGN)


def close_run(cfg, man, run_dir, run, completed, started):
    man["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    man["wall_s"] = round(time.time() - started, 1)
    man["interrupted"] = not completed
    man["capacity_rps"] = run.capacity
    man["loadavg_at_end"] = manifest.read_file("/proc/loadavg")
    manifest.write(run_dir, man)
    latest = os.path.join(cfg["results_dir"], "latest")
    try:
        if os.path.islink(latest) or os.path.exists(latest):
            os.unlink(latest)
        os.symlink(os.path.basename(run_dir), latest)
    except OSError as e:
        say(f"could not point {latest} at the run: {e}")


def stage(name, fn, run_dir):
    """One stage after the points: a failure is said and makes the exit
    status 1, and the stages after it still run."""
    try:
        fn(run_dir)
        return 0
    except Exception as e:  # noqa: BLE001 - say it, keep going
        say(f"{name} failed: {e!r}")
        return 1


def draw_charts(run_dir):
    import charts
    for problem in charts.draw(run_dir):
        say(f"chart: {problem}")


def judge(run_dir):
    import verdicts
    verdicts.write(run_dir)


def write_report(run_dir):
    import report
    report.write(run_dir)


def write_report_html(run_dir):
    import report_html
    report_html.write(run_dir)


def on_signals(handler):
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def interrupt(signum, frame):
    raise KeyboardInterrupt()


def main(argv):
    cfg, points = configure(argv)
    git_rev = (manifest.sh(["git", "-C", REPO, "describe", "--always",
                            "--dirty"]) or "unknown")
    # Every connection is a file descriptor: the soft limit up to the hard
    # one; the server and the load generator inherit it.
    resource.setrlimit(resource.RLIMIT_NOFILE,
                       (cfg["nofile_hard"], cfg["nofile_hard"]))
    # SIGTERM ends the run like Ctrl-C: stop the point, keep the rest.
    on_signals(interrupt)
    ctl = place_servers(cfg, git_rev)
    run_id, run_dir = open_run_dir(cfg, git_rev)
    started = time.time()
    writer = rows.Writer(run_dir, run_id)
    run = man = None
    completed = False
    try:
        with database.for_run(points) as db:
            run, man = start_run(cfg, points, run_id, run_dir, git_rev,
                                 writer, db)
            completed = run_points(run, points)
    except KeyboardInterrupt:
        on_signals(signal.SIG_IGN)
    finally:
        writer.close()
        hosts.close(cfg["place"], ctl, cfg["clients"])
    if man is None:
        say("interrupted before the first point")
        sys.exit(130)
    close_run(cfg, man, run_dir, run, completed, started)
    rc = stage("summary", results.write_summary, run_dir)
    if not cfg["no_report"]:
        rc |= stage("charts", draw_charts, run_dir)
        rc |= stage("verdicts", judge, run_dir)
        rc |= stage("report", write_report, run_dir)
        rc |= stage("report_html", write_report_html, run_dir)
    counts = {}
    for r in writer.rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    say(f"done in {fmt_eta(time.time() - started)}: "
        + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        + f"; see {os.path.join(run_dir, 'REPORT.md')} (or REPORT.html)")
    sys.exit(130 if not completed else rc)


if __name__ == "__main__":
    main(sys.argv[1:])
