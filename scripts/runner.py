"""runner.py - runs the points, one server and one client at a time.

For every point: a fresh server (scripts/server.py) pinned to half the
CPUs, in a cgroup of its own when this machine has one to give
(scripts/cgroups.py), its `listening on` line read; a baseline sample
with the server up and idle; a sampler while the client (build/loadgen,
wrk, or a side program such as pgbench) pinned to the other half warms up
and measures; the server stopped with SIGTERM and its summary line read;
the figures made by scripts/measure.py; one row written (scripts/rows.py).
A point whose figures cannot be true is written with status "invalid"
and the reason.  Ctrl-C stops the point, writes it as interrupted and
raises Interrupted.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import loadgens
from config import FD_MARGIN
import measure
import models
import procmon
import scenarios
import sideprogs
from matrix import fmt_eta, human, point_label, point_tag
from server import Running, Server, ServerError, cpulist

try:
    import cgroups
except ImportError:      # until it exists, /proc alone (scripts/procmon.py)
    cgroups = None


class Interrupted(Exception):
    pass


class NoSampler:
    """For a server we cannot see: no samples, so no server figures."""

    def take(self):
        return {}

    def start(self):
        return self

    def stop(self):
        return []


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
            and pt["offered_fraction"] is None and not pt.get("client"))


def accounting_method(place):
    """How the servers will be accounted: a cgroup method, or proc."""
    if cgroups is None or not place.local_process:
        return "proc"
    acct = cgroups.open(f"tve-probe-{os.getpid()}")
    try:
        return acct.method
    finally:
        acct.close()


def expect(pt, baseline):
    """What the server holds once every connection of the point is open
    (measure.Window.expect): a process or a thread per connection, over
    what it held idle.  None where the model says nothing of the kind, and
    for points whose connections come and go (new_conn)."""
    if pt["new_conn"] or models.peer(pt["model"]):
        return None
    key = {"process": "procs", "thread": "threads"}.get(
        models.per_connection(pt["model"]))
    base = baseline.get("cg_" + key) if key else None
    if key and base is None:
        base = baseline.get(key)
    if base is None:
        return None
    bg = pt.get("background")
    n = pt["connections"] + pt["idle"] + (bg["connections"] if bg else 0)
    return (key, base + n)


class Runner:
    def __init__(self, cfg, run_dir, writer, db=None):
        self.cfg = cfg
        self.dir = run_dir
        self.writer = writer
        self.rows = writer.rows
        self.db = db
        self.place = cfg["place"]
        self.clients = cfg.get("clients")
        self.method = cfg.get("accounting", "proc")
        self.commands = []
        self.capacity = {}
        self.overheads = []
        self.prepared = set()
        self.client = None
        self.kstack_per_thread = cfg["kstack_per_thread_kib"]

    def record(self, pt, **figures):
        return self.writer.record(pt, passes_workers(pt), **figures)

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
        if pt.get("db") and self.db is not None and self.db.url:
            cmd += ["--db", self.db.url]
        return cmd + list(pt["server_args"])

    def spawn(self, cmd, log, tag=""):
        """A client or side program on the load generator's side, in a
        session of its own; its output to `log`."""
        self.commands.append(" ".join(cmd) + tag)
        with open(log, "w") as f:
            return subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True)

    @staticmethod
    def kill(proc, wait=5):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(wait)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def run_client(self, cmd, timeout, out_path):
        """Runs a client; returns (rc, output, cpu_s, t0, t1)."""
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        self.client = self.spawn(cmd, out_path)
        try:
            rc = self.client.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill(self.client)
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

    def refusal(self, pt):
        """Why the point cannot run at all, before a server starts."""
        bg = pt.get("background")
        total = pt["connections"] + pt["idle"] + (bg["connections"]
                                                   if bg else 0)
        if total + FD_MARGIN > self.cfg["nofile_hard"]:
            return "refused", (f"needs {total + FD_MARGIN} file descriptors;"
                               " the RLIMIT_NOFILE hard limit is "
                               f"{self.cfg['nofile_hard']}")
        if pt.get("refuse"):
            # The scenario knows the model cannot take this point (a
            # peer's --about max_connections): a refused row, not run.
            return "refused", pt["refuse"]
        if pt.get("db") and (self.db is None or not self.db.url):
            return "failed", ("needs the database: " + (
                self.db.error if self.db is not None else "none"))
        for spec in ([pt["client"]] if pt.get("client") else []) + \
                list(pt.get("side") or []):
            prog = sideprogs.program(spec)
            if prog.name and prog.missing():
                return "failed", prog.missing()
        mod = scenarios.get(pt["scenario"])
        why = mod.prepare(self, pt) if hasattr(mod, "prepare") else None
        if not why and pt.get("client"):
            why = self.prepare_client(pt["client"])
        return ("failed", why) if why else (None, None)

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

    def measured_client(self, pt, port, pin, lg_cpus, tag, limit):
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
        if self.clients and self.clients.can_split(pt):
            # LOADGEN_HOSTS: one client per host, histograms merged.
            rc, out, cpu, t0, t1, data = self.clients.run(
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

    def start_side(self, pt, port, pin, tag):
        """The point's side programs, on the load generator's CPUs, until
        the client is done."""
        procs = []
        for i, spec in enumerate(pt.get("side") or []):
            cmd = pin + sideprogs.argv(spec, self.target(port))
            procs.append(self.spawn(cmd, os.path.join(
                self.dir, "logs", f"{tag}.side{i}.log"), " &"))
        if procs and pt.get("side_settle_s"):
            time.sleep(pt["side_settle_s"])     # let the attack build up
        return procs

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
            self.kill(proc)
        try:
            with open(bg_json) as f:
                data = json.load(f)
        except (OSError, ValueError):
            return {}
        lat = data.get("latency_us", {})
        return dict(bg_requests=data.get("requests"), bg_rps=data.get("rps"),
                    bg_lat_p50_us=lat.get("p50"), bg_lat_p99_us=lat.get("p99"),
                    bg_errors=data.get("errors_total"))

    def save_statements(self, tag):
        """The queries the database ran for this point and how often
        (pg_stat_statements), beside the client's JSON: how a reader
        checks one query per row."""
        calls = self.db.statement_calls()
        if calls is not None:
            with open(os.path.join(self.dir, "json", tag + ".db.json"),
                      "w") as f:
                json.dump(calls, f, indent=1, sort_keys=True)

    def start_server(self, pt, seq, tag):
        """The point's server, in a cgroup of its own when there is one
        to give; returns (server, its accountant or None).  A client
        that measures the database (pgbench) gets the database's
        postmaster instead, sampled from /proc."""
        if pt.get("client") and not sideprogs.program(
                pt["client"]).needs_server:
            pid = getattr(self.db, "postmaster_pid", lambda: None)()
            return Running(pid, getattr(self.db, "port", None)), None
        cfg = self.cfg
        acct = cgroups.open(f"p{seq:04d}") if self.method != "proc" else None
        cmd = self.server_cmd(pt)
        cpus = (self.place.server_cpus or cfg["server_cpus"]
                if pt["pinned"] else None)
        self.commands.append(" ".join(self.place.shown(
            ["taskset", "-c", cpulist(cpus)] + cmd if cpus else cmd)))
        try:
            return Server(cmd, cpus=cpus, popen=self.place.popen,
                          preexec=acct.preexec if acct else None,
                          log=os.path.join(self.dir, "logs",
                                           tag + ".server.log")), acct
        except ServerError:
            if acct:
                acct.close()
            raise

    def run_point(self, seq, pt):
        cfg = self.cfg
        tag = point_tag(seq, pt)
        t_start = time.monotonic()
        status, why = self.refusal(pt)
        tool = ("" if status == "refused" else
                (pt.get("client") or {}).get("program") or
                ("wrk" if use_wrk(cfg, pt) else "loadgen"))
        if status:
            return self.record(pt, status=status, reason=why, loadgen=tool)
        acct = None
        try:
            srv, acct = self.start_server(pt, seq, tag)
        except ServerError as e:
            return self.record(pt, status="failed", reason=str(e),
                               loadgen=tool)
        lg_cpus = cfg["loadgen_cpus"] if pt["pinned"] else cfg["cpus"]
        pin = ["taskset", "-c", cpulist(lg_cpus)]
        bg = pt.get("background")
        total = pt["connections"] + pt["idle"] + (bg["connections"]
                                                   if bg else 0)
        limit = (pt["warmup"] + pt["duration"] + pt["timeout"] + 30
                 + total / 500)
        sampler, bg_proc, side, res = None, None, [], {}
        extra = acct.sample if acct else None
        try:
            if self.db is not None and pt.get("db"):
                self.db.reset_stats()
            if not srv.pid:
                sampler = NoSampler()
            elif isinstance(srv, Running):      # the database, here
                sampler = procmon.Sampler(srv.pid)
            else:
                sampler = self.place.sampler(srv.proc, extra=extra)
            baseline = sampler.take() if hasattr(sampler, "take") else \
                self.place.sample(srv.proc)
            sampler.start()
            side = self.start_side(pt, srv.port, pin, tag)
            if bg:
                bg_proc, bg_json = self.start_background(pt, srv.port, pin,
                                                         tag)
            tool, rc, out, data, lg_cpu, t0, t1, json_path = \
                self.measured_client(pt, srv.port, pin, lg_cpus, tag, limit)
            if bg_proc is not None:
                res.update(self.finish_background(bg_proc, bg_json, limit))
                bg_proc = None
            if self.db is not None and pt.get("db"):
                self.save_statements(tag)
            # The last sample while the side programs still run: an
            # attacker's cost is gone once it is stopped.
            samples, sampler = sampler.stop(), None
            for p in side:
                self.kill(p)
            side = []
            info, problem = srv.stop()
            info = info or {}
            status, reason = "ok", ""
            if rc is None:
                status, reason = "failed", (f"{tool} did not finish within "
                                            f"{limit:.0f} s")
            elif data is None:
                tail = " ".join(out.split())[-300:]
                status, reason = "failed", (f"{tool} exited {rc} without a "
                                            f"result: {tail!r}")
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
                if pt.get("client") or use_wrk(cfg, pt):
                    with open(json_path, "w") as f:
                        json.dump(data, f, indent=1)
                w = measure.Window(
                    t0=t0, t1=t1, lg_cpu_s=lg_cpu, lg_cpus=len(lg_cpus),
                    kstack_per_thread_kib=self.kstack_per_thread,
                    shares_machine=self.place.shares_machine,
                    cores=self.place.cores() or len(cfg["cpus"]),
                    expect=(expect(pt, baseline)
                            if isinstance(srv, Server) else None))
                figures, problems = measure.measure(pt, data, samples,
                                                    baseline, w)
                res.update(figures)
                if status == "ok" and problems:
                    status, reason = "invalid", "; ".join(problems)
                errs = data.get("errors_total", 0)
                if status == "ok" and errs:
                    kinds = ", ".join(f"{k} {v}" for k, v in
                                      data.get("errors", {}).items() if v)
                    reason = f"{errs} errors counted ({kinds})"
                res["json"] = os.path.relpath(json_path, self.dir)
            res.update(server_accepted=info.get("accepted"),
                       server_refused=info.get("refused"))
        except KeyboardInterrupt:
            for p in side + [bg_proc, self.client]:
                if p is not None:
                    self.kill(p)
            if sampler:
                sampler.stop()
            srv.kill(wait=5)
            self.record(pt, status="interrupted", loadgen=tool,
                        reason="interrupted (Ctrl-C or SIGTERM) during the "
                               "point", wall_s=time.monotonic() - t_start)
            raise Interrupted()
        finally:
            srv.close()
            if acct:
                acct.close()
        wall = time.monotonic() - t_start
        self.overheads.append(wall - pt["warmup"] - pt["duration"])
        out_path = os.path.join(self.dir, "logs", tag + ".client.log")
        if status == "ok" and not reason and os.path.exists(out_path):
            os.unlink(out_path)     # keep client logs of troubled points
        return self.record(pt, status=status, reason=reason, loadgen=tool,
                           accounting=self.method if acct else "proc",
                           wall_s=wall, **res)

    def run(self, points):
        """Every point in order, one progress line each on stderr."""
        n = len(points)
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
            if row["status"] == "ok":
                unit = "conn/s" if pt["new_conn"] else "req/s"
                note = f"{human(float(row['rps'] or 0))} {unit}"
                if row["client_limited"] == 1:
                    note += " (client-limited)"
                if row["reason"]:
                    note += f" [{row['reason'][:60]}]"
            else:
                note = f"{row['status'].upper()}: {row['reason'][:100]}"
            oh = statistics.mean(self.overheads) if self.overheads else 1.0
            eta = sum(p["warmup"] + p["duration"] + oh for p in points[i:])
            sys.stderr.write(f"{note}  ETA {fmt_eta(eta)}\n")
            sys.stderr.flush()
