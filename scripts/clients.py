"""clients.py - the load side of a point: what connects to the server.

The measured client is build/loadgen (one host, or several merged by
scripts/hosts.py), wrk for closed-loop HTTP points when LOADGEN=wrk, or a
side program (scripts/sideprogs.py) such as pgbench; beside it may run
side programs (an attacker) and a second, closed-loop background load.
Every one runs on the load generator's CPUs in a session of its own, its
command line kept for the manifest, its output in the run's logs/.
"""
import json
import os
import resource
import subprocess
import time

import loadgens
import sideprogs

# How often the accept queue is read while an attack builds up.
SIDE_POLL_S = 0.05


def use_wrk(cfg, pt):
    """LOADGEN=wrk takes the closed-loop HTTP points; the rest stay ours."""
    return (cfg["loadgen"] == "wrk" and loadgens.wrk_can_run(pt)
            and pt["offered_fraction"] is None and not pt.get("client"))


def kill(proc, wait=5):
    """SIGTERM, then SIGKILL after `wait` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Clients:
    def __init__(self, cfg, run_dir, commands, db=None):
        self.cfg = cfg
        self.dir = run_dir
        self.place = cfg["place"]
        self.hosts = cfg.get("clients")     # LOADGEN_HOSTS, or None
        self.commands = commands
        self.db = db
        self.prepared = set()
        self.client = None      # the measured client while it runs

    def spawn(self, cmd, log, tag=""):
        """A client or side program on the load generator's side, in a
        session of its own; its output to `log`."""
        self.commands.append(" ".join(cmd) + tag)
        with open(log, "w") as f:
            return subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True)

    def run_client(self, cmd, timeout, out_path):
        """Runs a client; returns (rc, output, cpu_s, t0, t1)."""
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        self.client = self.spawn(cmd, out_path)
        try:
            rc = self.client.wait(timeout)
        except subprocess.TimeoutExpired:
            kill(self.client)
            rc = None
        finally:
            self.client = None
        t1 = time.monotonic()
        with open(out_path) as f:
            out = f.read()
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        return rc, out, cpu, t0, t1

    def target(self, port):
        return dict(host=self.place.connect_addr, port=port,
                    db=self.db.url if self.db is not None and self.db.url
                    else "")

    def prepare_client(self, spec):
        """A client program's set-up, once per run (pgbench's tables),
        before any point counts the database's statements."""
        prog = sideprogs.program(spec)
        if prog.name in self.prepared:
            return None
        log = os.path.join(self.dir, "logs", f"prepare-{prog.name}.log")
        with open(log, "w") as f:
            why = prog.prepare(self.target(None), f)
        if why:
            return f"{why} (see logs/{os.path.basename(log)})"
        self.prepared.add(prog.name)
        os.unlink(log)
        return None

    def measured(self, pt, port, pin, lg_cpus, tag, limit):
        """Runs the point's measured client; returns (tool, rc, output,
        client figures or None, cpu_s, t0, t1, json path)."""
        cfg, addr = self.cfg, self.place.connect_addr
        json_path = os.path.join(self.dir, "json", tag + ".json")
        out_path = os.path.join(self.dir, "logs", tag + ".client.log")
        if pt.get("client"):
            spec = dict(pt["client"], log_prefix=os.path.join(
                self.dir, "logs", tag))
            prog = sideprogs.program(spec)
            cmd = pin + prog.argv(spec, self.target(port))
            rc, out, cpu, t0, t1 = self.run_client(cmd, limit, out_path)
            logs = [os.path.join(self.dir, "logs", f)
                    for f in os.listdir(os.path.join(self.dir, "logs"))
                    if f.startswith(tag + ".") and f[len(tag) + 1:][:1]
                    .isdigit()]
            data = prog.result(out, logs) if rc == 0 else None
            for f in logs:
                os.unlink(f)
            return prog.name, rc, out, data, cpu, t0, t1, json_path
        if use_wrk(cfg, pt):
            if pt["warmup"] > 0:
                self.run_client(pin + loadgens.wrk_cmd(
                    pt, port, len(lg_cpus), pt["warmup"], addr), limit,
                    out_path)
            cmd = pin + loadgens.wrk_cmd(pt, port, len(lg_cpus),
                                         pt["duration"], addr)
            rc, out, cpu, t0, t1 = self.run_client(cmd, limit, out_path)
            data = loadgens.parse_wrk(out)
            if data is not None:
                data["config"] = {"command": cmd}
            return "wrk", rc, out, data, cpu, t0, t1, json_path
        if self.hosts and self.hosts.can_split(pt):
            # LOADGEN_HOSTS: one client per host, histograms merged.
            rc, out, cpu, t0, t1, data = self.hosts.run(
                self, pt, addr, port, json_path, pin, len(lg_cpus), limit,
                out_path)
            return "loadgen", rc, out, data, cpu, t0, t1, json_path
        cmd = pin + loadgens.loadgen_cmd(cfg["loadgen_bin"], pt, port,
                                         len(lg_cpus), json_path, addr)
        rc, out, cpu, t0, t1 = self.run_client(cmd, limit, out_path)
        try:
            with open(json_path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            data = None
        return "loadgen", rc, out, data, cpu, t0, t1, json_path

    def start_side(self, pt, port, pin, tag, backlog=None):
        """The point's side programs, on the load generator's CPUs, until
        the client is done; returns (processes, a note or None).

        An attack has built up when the server has taken in every
        attacking connection: side_settle_s at least, then, when
        `backlog` (a function: the connections waiting in the server's
        accept queue) is given, until that queue is empty, for at most
        side_settle_max_s in all.  A client started earlier queues behind
        the attackers the server has yet to accept and measures the
        build-up, not the attack (a server that spends a core filling
        3,000 slow readers' buffers may take seconds to reach it).  A
        queue still full at the limit is the attack's effect on that
        model: the point goes on, and the note says so."""
        procs = []
        for i, spec in enumerate(pt.get("side") or []):
            cmd = pin + sideprogs.argv(spec, self.target(port))
            procs.append(self.spawn(cmd, os.path.join(
                self.dir, "logs", f"{tag}.side{i}.log"), " &"))
        least = pt.get("side_settle_s") or 0
        if not procs or not least:
            return procs, None
        t0 = time.monotonic()
        time.sleep(least)
        if backlog is None:
            return procs, None
        most = max(least, pt.get("side_settle_max_s") or least)
        empty = 0
        while True:
            waiting = backlog()
            # Twice empty in a row: not a lull between two bursts of
            # connects.
            empty = empty + 1 if waiting == 0 else 0
            if waiting is None or empty >= 2:
                return procs, None
            if time.monotonic() - t0 >= most:
                return procs, (f"the attack was still building after "
                               f"{most:g} s: {waiting} connections waiting "
                               "in the server's accept queue when the "
                               "client started")
            time.sleep(SIDE_POLL_S)

    def start_background(self, pt, port, pin, tag):
        """The point's second load (background: a path and a connection
        count), closed loop, while the main client warms up and
        measures; returns (process, its JSON path)."""
        bg = pt["background"]
        bpt = dict(pt, path=bg["path"], connections=bg["connections"],
                   idle=0, rate=None, new_conn=False, size=None,
                   proto="http", duration=pt["warmup"] + pt["duration"] + 0.5,
                   warmup=pt["warmup"])
        bg_json = os.path.join(self.dir, "json", tag + ".bg.json")
        cmd = pin + loadgens.loadgen_cmd(self.cfg["loadgen_bin"], bpt, port,
                                         1, bg_json, self.place.connect_addr)
        return self.spawn(cmd, os.path.join(self.dir, "logs",
                                            tag + ".bg.log"), " &"), bg_json

    def finish_background(self, proc, bg_json, limit):
        try:
            proc.wait(limit)
        except subprocess.TimeoutExpired:
            kill(proc)
        try:
            with open(bg_json) as f:
                data = json.load(f)
        except (OSError, ValueError):
            return {}
        lat = data.get("latency_us", {})
        return dict(bg_requests=data.get("requests"), bg_rps=data.get("rps"),
                    bg_lat_p50_us=lat.get("p50"), bg_lat_p99_us=lat.get("p99"),
                    bg_errors=data.get("errors_total"))
