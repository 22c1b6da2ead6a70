"""runner.py - runs the points, one server and one client at a time.

For every point: a fresh server (scripts/server.py) pinned to half the
CPUs, in a cgroup of its own when this machine has one to give
(scripts/cgroups.py), its `listening on` line read; a baseline sample
with the server up and idle; a sampler while the client (build/loadgen,
wrk, or a side program such as pgbench) pinned to the other half warms up
and measures; the server stopped with SIGTERM and its summary line read;
the figures made by scripts/measure.py; one row written (scripts/rows.py).
A point whose figures cannot be true is written as failed, its reason
"invalid measurement: " and why.  Ctrl-C stops the point, writes it as
interrupted and raises Interrupted.
"""
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field

import clients
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


@dataclass
class Take:
    """What one point's run saw, for judge() to turn into a row."""
    tool: str = ""
    lg_cpus: int = 1
    limit: float = 0.0
    sampler: object = None
    baseline: dict = field(default_factory=dict)
    samples: list = field(default_factory=list)
    running: list = field(default_factory=list)     # side programs, load
    client: tuple = None        # measured_client()'s answer
    figures: dict = field(default_factory=dict)     # the bg_* columns
    summary: dict = None        # the server's summary line
    problem: str = None         # the server's stop went wrong
    note: str = None            # the side programs' build-up fell short


def total_conns(pt):
    bg = pt.get("background")
    return pt["connections"] + pt["idle"] + (bg["connections"] if bg else 0)


def limit_s(pt):
    """How long the client may take before it counts as hung."""
    return (pt["warmup"] + pt["duration"] + pt["timeout"] + 30
            + total_conns(pt) / 500)


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


def accounting_method(place):
    """How the servers will be accounted: (a cgroup method or proc, why
    not a better one)."""
    if cgroups is None:
        return "proc", "no scripts/cgroups.py"
    if not place.local_process:
        return "proc", "the server runs on another host"
    acct = cgroups.open("probe")
    try:
        return acct.method, acct.why
    finally:
        acct.close()


# How fast a server takes on connections that each cost it a process or a
# thread while the ones it has are busy (per second, measured here: 220
# forks a second for process-per-conn under load on one CPU): the warm-up
# a point gives it to hold them all before anything is measured.  A server
# that has not by then is "not settled", never measured half-open.
SETTLE_RATE = {"procs": 150, "threads": 2000}
SETTLE_MAX_S = 10


def per_conn_key(pt):
    """"procs" or "threads" when the model makes one per connection and
    the point keeps its connections open; else None."""
    if pt["new_conn"] or pt.get("ws") or models.peer(pt["model"]):
        return None
    return {"process": "procs", "thread": "threads"}.get(
        models.per_connection(pt["model"]))


def warmup_s(pt):
    """The point's warm-up, longer where the server must first make a
    process or thread for each of many connections."""
    key = per_conn_key(pt)
    if not key:
        return pt["warmup"]
    need = min(SETTLE_MAX_S, 0.2 + total_conns(pt) / SETTLE_RATE[key])
    return round(max(pt["warmup"], need), 2)


def expect(pt, baseline):
    """What the server holds once every connection of the point is open
    (measure.Window.expect): a process or a thread per connection, over
    what it held idle.  None where the model says nothing of the kind, and
    for points whose connections come and go (new_conn)."""
    key = per_conn_key(pt)
    base = baseline.get("cg_" + key) if key else None
    if key and base is None:
        base = baseline.get(key)
    if base is None:
        return None
    return (key, base + total_conns(pt))


class Runner:
    def __init__(self, cfg, run_dir, writer, db=None):
        self.cfg = cfg
        self.dir = run_dir
        self.writer = writer
        self.rows = writer.rows
        self.db = db
        self.place = cfg["place"]
        self.method = cfg.get("accounting", "proc")
        self.commands = []      # every command run, for the manifest
        self.clients = clients.Clients(cfg, run_dir, self.commands, db)
        self.capacity = {}
        self.overheads = []
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

    def refusal(self, pt):
        """Why the point cannot run at all, before a server starts."""
        total = total_conns(pt)
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
            why = self.clients.prepare_client(pt["client"])
        return ("failed", why) if why else (None, None)

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
        if acct is not None and acct.method == "proc":
            # No group this time after all: /proc alone, and said so.
            acct.close()
            acct = None
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
        """One point from start to row: refused before it starts, failed
        (also: figures that cannot be true), interrupted, or ok."""
        tag = point_tag(seq, pt)
        t_start = time.monotonic()
        status, why = self.refusal(pt)
        tool = ("" if status == "refused" else
                (pt.get("client") or {}).get("program") or
                ("wrk" if clients.use_wrk(self.cfg, pt) else "loadgen"))
        if status:
            return self.record(pt, status=status, reason=why, loadgen=tool)
        try:
            srv, acct = self.start_server(pt, seq, tag)
        except ServerError as e:
            return self.record(pt, status="failed", reason=str(e),
                               loadgen=tool)
        take = Take(tool=tool)
        try:
            self.drive(pt, srv, acct, tag, take)
        except KeyboardInterrupt:
            for p in take.running + [self.clients.client]:
                if p is not None:
                    clients.kill(p)
            if take.sampler:
                take.sampler.stop()
            srv.kill(wait=5)
            self.record(pt, status="interrupted", loadgen=take.tool,
                        reason="interrupted (Ctrl-C or SIGTERM) during the "
                               "point", wall_s=time.monotonic() - t_start)
            raise Interrupted()
        finally:
            srv.close()
            if acct:
                acct.close()
        status, reason, res = self.judge(pt, srv, take)
        wall = time.monotonic() - t_start
        self.overheads.append(wall - pt["warmup"] - pt["duration"])
        out_path = os.path.join(self.dir, "logs", tag + ".client.log")
        if status == "ok" and not reason and os.path.exists(out_path):
            os.unlink(out_path)     # keep client logs of troubled points
        return self.record(pt, status=status, reason=reason,
                           loadgen=take.tool,
                           # Without a group of its own (the database
                           # alone, measured by pgbench) /proc sampled it.
                           accounting=acct.method if acct else "proc",
                           wall_s=wall, **res)

    def drive(self, pt, srv, acct, tag, take):
        """The point's run: a baseline sample, the sampler, side programs
        and background load, the measured client, then everything
        stopped in order, the server last (its summary line).  What it
        saw goes into `take`."""
        cfg = self.cfg
        lg_cpus = cfg["loadgen_cpus"] if pt["pinned"] else cfg["cpus"]
        pin = ["taskset", "-c", cpulist(lg_cpus)]
        take.lg_cpus, take.limit = len(lg_cpus), limit_s(pt)
        if self.db is not None and pt.get("db"):
            self.db.reset_stats()
        if not srv.pid:
            take.sampler = NoSampler()
        elif isinstance(srv, Running):      # the database, here
            take.sampler = procmon.Sampler(srv.pid, cpus=lg_cpus)
        else:
            take.sampler = self.place.sampler(
                srv.proc, extra=acct.sample if acct else None, cpus=lg_cpus)
        take.baseline = (take.sampler.take() if hasattr(take.sampler, "take")
                         else self.place.sample(srv.proc))
        take.sampler.start()
        # The accept queue is read from /proc in the server's network
        # namespace: a server here (or in a local namespace) only.
        backlog = None
        if isinstance(srv, Server) and getattr(self.place, "local_process",
                                               False):
            def backlog():
                return procmon.listen_queue(srv.pid, srv.port)
        take.running, take.note = self.clients.start_side(
            pt, srv.port, pin, tag, backlog)
        bg = None
        if pt.get("background"):
            bg, bg_json = self.clients.start_background(pt, srv.port, pin,
                                                        tag)
            take.running.append(bg)
        warmup = warmup_s(pt) if isinstance(srv, Server) else pt["warmup"]
        take.client = self.clients.measured(
            dict(pt, warmup=warmup), srv.port, pin, lg_cpus, tag,
            take.limit + warmup - pt["warmup"])
        take.tool = take.client[0]
        if bg is not None:
            take.figures.update(self.clients.finish_background(bg, bg_json,
                                                       take.limit))
        if self.db is not None and pt.get("db"):
            self.save_statements(tag)
        # The last sample while the side programs still run: an attacker's
        # cost is gone once it is stopped.
        take.samples, take.sampler = take.sampler.stop(), None
        for p in take.running:
            clients.kill(p)
        take.running = []
        take.summary, take.problem = srv.stop()

    def judge(self, pt, srv, take):
        """The point's status, reason and figures from what drive() saw."""
        tool, rc, out, data, lg_cpu, t0, t1, json_path = take.client
        info = take.summary or {}
        res = dict(take.figures, server_accepted=info.get("accepted"),
                   server_refused=info.get("refused"))
        status, reason = "ok", ""
        if rc is None:
            status, reason = "failed", (f"{tool} did not finish within "
                                        f"{take.limit:.0f} s")
        elif data is None:
            tail = " ".join(out.split())[-300:]
            status, reason = "failed", (f"{tool} exited {rc} without a "
                                        f"result: {tail!r}")
        if take.problem:
            status, reason = "failed", take.problem
        elif info.get("refused"):
            status = "refused"
            reason = (f"{pt['model']} refused {info['refused']} connection "
                      f"attempts (accepted {info['accepted']}) with "
                      f"{total_conns(pt)} wanted open: a limit of the "
                      "model, such as select's FD_SETSIZE of 1024")
        if data is None:
            return status, reason, res
        if pt.get("client") or clients.use_wrk(self.cfg, pt):
            with open(json_path, "w") as f:
                json.dump(data, f, indent=1)
        res["json"] = os.path.relpath(json_path, self.dir)
        w = measure.Window(
            t0=t0, t1=t1, lg_cpu_s=lg_cpu, lg_cpus=take.lg_cpus,
            kstack_per_thread_kib=self.kstack_per_thread,
            shares_machine=self.place.shares_machine,
            cores=self.place.cores() or len(self.cfg["cpus"]),
            expect=(expect(pt, take.baseline) if isinstance(srv, Server)
                    else None))
        figures, problems = measure.measure(pt, data, take.samples,
                                            take.baseline, w)
        res.update(figures)
        errs = data.get("errors_total", 0)
        counted = ""
        if errs:
            kinds = ", ".join(f"{k} {v}" for k, v in
                              data.get("errors", {}).items() if v)
            counted = f"{errs} errors counted ({kinds})"
        if status == "ok" and not data.get("requests") and \
                (pt.get("side") or pt.get("background")):
            # Beside an attack or a blocking load, a client answered not
            # once in the window is what the lesson measures (a blocked
            # loop answers nobody): a rate of zero, kept as data.
            reason = "no request answered in the window" + (
                f": {counted}" if counted else "")
        elif status == "ok" and not data.get("requests"):
            # A rate of nothing is no measurement of the model.
            status = "failed"
            reason = "no request succeeded" + (
                f": {counted}" if counted else "")
        elif status == "ok" and problems:
            # Figures that cannot be true: the point failed to measure,
            # and no average may include it.
            status = "failed"
            reason = "invalid measurement: " + "; ".join(problems + (
                [counted] if counted else []))
        elif status == "ok" and counted:
            reason = counted
        if status == "ok" and take.note:
            reason = "; ".join(x for x in (reason, take.note) if x)
        return status, reason, res

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
