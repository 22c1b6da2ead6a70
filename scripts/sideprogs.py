"""sideprogs.py - programs other than the load generator that a point runs.

A point may run programs beside its measured client (`side`: an attacker
such as slowhttptest, stopped once the client is done) or one instead of
it (`client`: a program whose own figures fill the same columns as the
load generator's, such as pgbench against the run's database).  Each
program is an entry of PROGRAMS that knows four things:

    need            the Debian package that brings it (for a clear error)
    needs_server    False: it measures the database itself, no model
    argv(spec, target)  its command line; target: host, port, db (URL)
    prepare(target, log)  once per run before first use, or None
    result(text, files)   (client only) its output as loadgen's JSON keys

A `side` entry may also be a plain argv list, with {host}, {port} and
{db} filled in: the engine starts it and stops it, nothing more.
"""
import os
import re
import shutil
import subprocess


class Program:
    name = ""
    need = ""
    # False: as the measured client it measures the run's database, not a
    # model; no model server is started and the database's processes are
    # the ones sampled.
    needs_server = True

    def argv(self, spec, target):
        return [a.format(**target) for a in spec.get("argv", [])]

    def prepare(self, target, log):
        return None

    def result(self, text, files):
        return None

    def missing(self):
        if shutil.which(self.name):
            return None
        return (f"{self.name} is not installed (apt-get install "
                f"{self.need}; scripts/install-deps lists it)")


class Slowhttptest(Program):
    """An attacker beside the measured client: slow headers, slow body,
    slow read (its statistics go where the scenario asks)."""
    name, need = "slowhttptest", "slowhttptest"


class Pgbench(Program):
    """PostgreSQL's own client as the measured client: select-only
    (-S) prepared statements (-M prepared) from `clients` connections
    for `seconds`; its per-transaction log gives the latency
    percentiles, its summary the rate."""
    name, need = "pgbench", "postgresql-client"
    needs_server = False

    def argv(self, spec, target):
        cmd = ["pgbench", "-n", "-c", str(spec["clients"]),
               "-j", str(spec.get("threads", 1)),
               "-T", str(max(1, int(round(spec["seconds"])))),
               "-M", spec.get("mode", "prepared")]
        if spec.get("select_only", True):
            cmd.append("-S")
        if spec.get("log_prefix"):
            cmd += ["--log", "--log-prefix", spec["log_prefix"]]
        return cmd + [target["db"]]

    def prepare(self, target, log):
        """pgbench's own tables, once per database (scale 1: 100,000
        accounts; the select-only script reads one at random)."""
        r = subprocess.run(["pgbench", "-i", "-q", "-s", "1", target["db"]],
                           stdout=log, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=300)
        return None if r.returncode == 0 else (
            f"pgbench -i exited {r.returncode}")

    def result(self, text, files):
        return pgbench_result(text, [read(f) for f in files])


def read(path):
    with open(path) as f:
        return f.read()


def percentile(sorted_vals, q):
    """The nearest-rank percentile (q in 0..100) of a sorted list."""
    if not sorted_vals:
        return None
    k = max(0, min(len(sorted_vals) - 1,
                   int(-(-q * len(sorted_vals) // 100)) - 1))
    return sorted_vals[k]


def pgbench_result(text, logs):
    """pgbench's summary and per-transaction logs as loadgen's JSON keys:
    requests (transactions), rps (tps), latency_us percentiles, errors."""
    tps = re.search(r"^tps = ([0-9.]+)", text, re.M)
    done = re.search(r"number of transactions actually processed: (\d+)",
                     text)
    if not tps or not done:
        return None
    failed = re.search(r"number of failed transactions: (\d+)", text)
    dur = re.search(r"^duration: (\d+) s", text, re.M)
    lat = []
    for log in logs:
        for line in log.splitlines():
            f = line.split()
            # client_id transaction_no time_us script_no epoch epoch_us
            if len(f) >= 3 and f[2].isdigit():
                lat.append(int(f[2]))
    lat.sort()
    n_failed = int(failed.group(1)) if failed else 0
    return {
        "tool": "pgbench", "requests": int(done.group(1)),
        "rps": float(tps.group(1)),
        "duration_s": float(dur.group(1)) if dur else None,
        "latency_us": {k: percentile(lat, q) for k, q in (
            ("p50", 50), ("p90", 90), ("p99", 99), ("p99_9", 99.9),
            ("p99_99", 99.99))} | {"max": lat[-1] if lat else None},
        "errors": {"status": n_failed}, "errors_total": n_failed,
    }


PROGRAMS = {p.name: p for p in (Slowhttptest(), Pgbench())}


def program(spec):
    """The Program of a spec: a dict naming one, or a plain argv."""
    if isinstance(spec, dict):
        return PROGRAMS[spec["program"]]
    return PROGRAMS.get(os.path.basename(spec[0]), Program())


def argv(spec, target):
    if isinstance(spec, dict):
        return program(spec).argv(spec, target)
    return [a.format(**target) for a in spec]
