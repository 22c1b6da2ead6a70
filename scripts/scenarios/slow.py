"""slow - slow clients as a lesson: slowloris, slow body and slow read.

Three attacks that need no bandwidth, only patience.  Slowloris (RSnake,
2009) opens many connections and sends each request's head a line at a
time, never finishing it.  R-U-DEAD-YET (slow body) sends a complete head
announcing a body and then trickles the body.  Slow read asks for a large
answer and takes it a few bytes at a time through a tiny TCP window.  Each
holds a connection for as long as the server lets it.  A server that pays a
thread (or a process) per connection pays one for every attacker; a server
whose fixed set of workers each wait on one client runs out of workers
(Apache's prefork and its MaxClients, the server slowloris was written
against); an event loop pays a slot in its poller and a buffer, and
select() runs out of slots at FD_SETSIZE (1,024 descriptors).

Every point runs slowhttptest (Debian's, the real tool) as a side program
against the model, lets the attack build up, then measures a legitimate
client beside it: build/loadgen asking GET / on LEGIT_CONNS connections.
The same client without an attack is the baseline.  An attack point
carries its parameters as params {"attack": "slowloris", "count": 3000}
(the attack and its attacking connections), fields of the point when read
back; the baseline has none.  A model's baseline and its attacks run back to back.  slowhttptest runs on
the load generator's CPUs, as every side program does: what it spends
there the legitimate client does not get.  Measured apart against epoll,
3,000 slowloris connections cost it 3 % of a core, 3,000 slow readers a
third of one (it reads every socket every second).

Defences.  The servers run with the core's own defaults, stated here so
they count (the harness's 600 s for both is overridden): --header-timeout
10 (a request head must be complete 10 s after its first byte: the
slowloris defence) and --idle-timeout 60 (a connection that moves no byte
for 60 s is closed).  Slow body sends a complete head, so the header
deadline never applies, and each trickled byte restarts the idle clock.
In every mode a point ends before the header deadline (warm-up +
measured phase + the attack's build-up < 10 s; the paragraph checks it
from the rows), so the figures are the attack in force: what an attacker
that reconnects whenever it is cut off keeps up.

The attacker's own figures.  slowhttptest writes its per-second count of
attacking connections pending, connected and closed (-g -o) to
logs/slowhttptest-<model>-<attack>-<count>-r<rep>.csv (and .html) in the run
folder; the paragraphs read the last line (how many connections the server
still held when the point ended).  They are not columns of results.csv,
which holds the server's side of the same story (server_threads,
server_mem_kib: what the server's own cgroup was charged, user and
kernel; machine_sock_mem_delta_kib: TCP socket buffers machine-wide,
both ends of every connection; server_accepted, server_refused and the
status "refused" when select turned connections away): that is what the
verdict reads.  Older runs, measured before the server had a cgroup of
its own, are read through upgrade_row: RSS plus the threads' kernel
stacks as its memory.
"""
import csv
import os
import re
import shutil

import kit as K
import models as M
import style
from kit import (CONFIRMED, NO_DATA, NOT_VISIBLE, REFUTED, Claim, f_int,
                 f_pct, f_rps, f_us)

NAME = "slow"
ABOUT = ("slowhttptest's slowloris, slow body and slow read beside a "
         "legitimate GET / client")
ORDER = 90

# The attacks: slowhttptest's mode flags and the path each one asks.
ATTACKS = ("slowloris", "slowbody", "slowread")
TITLES = {"slowloris": "Slowloris (request heads trickled)",
          "slowbody": "Slow body, R-U-DEAD-YET (request bodies trickled)",
          "slowread": "Slow read (answers taken through a tiny window)"}
# Attacking connections per attack and mode.  QUICK measures slowloris
# only (the claim's attack) to keep within its budget; 3,000 is past
# select's FD_SETSIZE of 1,024, where select must refuse connections.
SWEEP = {"smoke": {"slowloris": [50]},
         "quick": {"slowloris": [500]},
         "default": {a: [3000] for a in ATTACKS},
         "full": {a: [500, 3000, 10000] for a in ATTACKS}}

# The legitimate client: GET / on a few keep-alive connections.
LEGIT_CONNS = 4
# The servers' defences: the core's defaults, stated.
HEADER_TIMEOUT_S = 10
IDLE_TIMEOUT_S = 60

# slowhttptest: connections asked per second (it opens 1,500-3,000 a
# second on loopback), follow-up data every FOLLOWUP_S seconds of at most
# FOLLOWUP_BYTES bytes (a header line, or body bytes), the Content-Length
# the slow body announces (under the core's 1 MiB limit, so it is never
# refused), and the slow reader's answer: READ_REPEAT pipelined requests
# for a 1 MiB body, read READ_CHUNK bytes a second through a window of
# 1-64 bytes.  The test length is long: the harness stops it.
ATTACK_RATE = 10000
FOLLOWUP_S = 1
FOLLOWUP_BYTES = 24
BODY_BYTES = 65536
READ_PATH = "/bytes?n=1048576"
READ_REPEAT = 4
READ_CHUNK = 32
ATTACK_LENGTH_S = 600
# The attack's build-up before the client starts: SETTLE_S plus the time
# slowhttptest takes to open its connections at BUILD_RATE a second at
# least, and then until the server has accepted every attacking
# connection (its accept queue empty), for at most SETTLE_MAX_S in all:
# a legitimate client started sooner waits behind the attackers still
# queued and measures the build-up (3,000 slow readers cost a
# thread-per-connection server 2 to 3 s of a core to take in), not the
# attack.  SETTLE_MAX_S keeps build-up, warm-up and measured phase within
# the header deadline.
SETTLE_S = 0.3
BUILD_RATE = 2000
SETTLE_MAX_S = 6.0

# The claim "slowloris was written against thread-per-connection
# servers": a model is hurt by an attack when its legitimate client keeps
# less than 1 - HURT_LOSS of its baseline throughput, or sees a p99 at
# least P99_HURT times its baseline's and over P99_HURT_MIN_US (below it a
# few ms of scheduling noise on a shared machine would pass for harm), or
# has more than ERRORS_HURT of its requests fail, or the server refuses
# connections or dies.
HURT_LOSS = 0.5
P99_HURT = 10.0
P99_HURT_MIN_US = 10000
ERRORS_HURT = 0.01
# The attack took hold on a thread-per-connection model when its threads
# (or processes) grew by at least this many per attacking connection; if
# none did, the attack never reached it and the claim is "not visible".
THREADS_PER_ATTACKER_MIN = 0.5
# Confirmed when a thread-per-connection model is hurt by slowloris while
# an event loop at the same attack is not; refuted when every
# thread-per-connection model keeps serving (it pays a thread per attacker
# and survives), or when every event loop is hurt just as much; not
# visible when the attack did not take hold, or when the thread models
# kept serving but the load generator was the limit of their points.


def attack(r):
    """(attack, attacking connections) of a point or a summary row, or
    (None, None) for the baseline."""
    a, n = r.get("attack"), K.num(r.get("count"))
    return (a, int(n)) if a in ATTACKS and n else (None, None)


def upgrade_row(row):
    """A results.csv row of an older run as this module reads it: a
    variant "<attack>-<count>" (slowloris-3000) as the params it means;
    without the per-server columns, RSS plus the kernel stacks of its
    threads as the server's memory and the machine's TCP buffer delta,
    where not negative, as machine_sock_mem_delta_kib."""
    m = re.fullmatch(r"(%s)-(\d+)" % "|".join(ATTACKS), row.get("variant")
                     or "")
    if m and not row.get("params"):
        row = dict(row, variant="", params=K.params_text(
            {"attack": m.group(1), "count": int(m.group(2))}))
    if (row.get("accounting") or "").strip() \
            or K.fnum(row.get("server_mem_kib")) is not None:
        return row
    rss = K.fnum(row.get("server_rss_kib"))
    sock = K.fnum(row.get("sock_mem_delta_kib"))
    row = dict(row, machine_sock_mem_delta_kib=(
        "" if sock is None or sock < 0 else row["sock_mem_delta_kib"]))
    if rss is not None:
        ks = K.fnum(row.get("server_kstack_est_kib")) or 0.0
        row["server_mem_kib"] = rss + ks
    return row


def attack_argv(attack, n):
    """The slowhttptest command line; {host} and {port} are the harness's."""
    argv = ["slowhttptest", "-c", str(n), "-r", str(ATTACK_RATE),
            "-i", str(FOLLOWUP_S), "-x", str(FOLLOWUP_BYTES),
            "-l", str(ATTACK_LENGTH_S)]
    path = "/"
    if attack == "slowloris":
        argv.append("-H")
    elif attack == "slowbody":
        argv += ["-B", "-s", str(BODY_BYTES)]
        path = "/echo"
    else:
        argv += ["-X", "-k", str(READ_REPEAT), "-n", "1", "-w", "1",
                 "-y", "64", "-z", str(READ_CHUNK)]
        path = READ_PATH
    return argv + ["-u", "http://{host}:{port}" + path]


def settle_s(n):
    return SETTLE_S + n / BUILD_RATE


def settle_max_s(n):
    return max(settle_s(n), SETTLE_MAX_S)


def points(ctx):
    plan = SWEEP.get(ctx.mode, SWEEP["default"])
    ctx.note("attacks", plan)
    ctx.note("legit_connections", LEGIT_CONNS)
    ctx.note("header_timeout_s", HEADER_TIMEOUT_S)
    ctx.note("idle_timeout_s", IDLE_TIMEOUT_S)
    server_args = ["--header-timeout", str(HEADER_TIMEOUT_S),
                   "--idle-timeout", str(IDLE_TIMEOUT_S)]
    paths = {"slowloris": "/", "slowbody": "/echo", "slowread": "/bytes"}
    counts = sorted({n for ns in plan.values() for n in ns})

    def make(m, _):
        # A model's baseline and its attacks one after the other: each
        # attack is judged against a baseline measured seconds before it,
        # not minutes, on a machine whose load drifts.
        common = dict(connections=LEGIT_CONNS, path="/",
                      server_args=server_args)
        return [ctx.point(m, **common)] + [
            ctx.point(m, params={"attack": a, "count": n},
                      side=[attack_argv(a, n)], side_settle_s=settle_s(n),
                      side_settle_max_s=settle_max_s(n),
                      **common)
            for n in counts for a in ATTACKS
            if n in plan.get(a, ()) and M.serves(m, paths[a])]
    return ctx.interleave([None], make)


def prepare(run, pt):
    """slowhttptest's statistics go to the run's logs folder."""
    if not pt.get("side"):
        return None
    if not shutil.which("slowhttptest"):
        return ("slowhttptest is not installed (apt-get install "
                "slowhttptest; scripts/install-deps lists it)")
    prefix = os.path.join(run.dir, "logs", stats_name(
        pt["model"], attack(pt["params"]), pt["repetition"]))
    pt["side"] = [list(pt["side"][0]) + ["-g", "-o", prefix]]
    return None


def stats_name(model, an, rep):
    return f"slowhttptest-{model}-{an[0]}-{an[1]}-r{rep}"


def attacker_stats(run_dir, model, an, rep):
    """slowhttptest's last line for one point: {"connected", "closed",
    "pending"}, or None when it wrote none."""
    path = os.path.join(run_dir, "logs", stats_name(model, an, rep) + ".csv")
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    if not rows:
        return None
    last = rows[-1]
    try:
        return {k.lower(): int(last[k]) for k in
                ("Connected", "Closed", "Pending")}
    except (KeyError, TypeError, ValueError):
        return None


# ------------------------------------------------------------- charts --

def memory_mib(r, suffix=""):
    """The server's memory (MiB): what its cgroup was charged, user and
    kernel (an older run: RSS plus its threads' kernel stacks)."""
    v = K.fnum(r.get("server_mem_kib" + suffix))
    return None if v is None else max(v, 0.0) / 1024


def p99_ms(r, suffix=""):
    """The legitimate client's p99; none when a repetition served nothing
    (the load generator then reports 0, which a median would take in)."""
    lo = K.fnum(r.get("lat_p99_us_min"))
    v = K.fnum(r.get("lat_p99_us" + suffix))
    return None if v is None or lo is None or lo <= 0 else v / 1e3


def attacks_in(rows):
    return [a for a in ATTACKS if any(attack(r)[0] == a for r in rows
                                      if r["scenario"] == NAME)]


def counts(rows, a=None, model=None):
    """The attack sizes measured (of attack a, of one model)."""
    return sorted({attack(r)[1] for r in rows if r["scenario"] == NAME
                   and attack(r)[0] and (a is None or attack(r)[0] == a)
                   and (model is None or r["model"] == model)})


def base_x(rows):
    """Where the no-attack baseline sits on the log x axis."""
    ns = counts(rows)
    return min(ns) / 5 if ns else 1


def _panel(c, a, yf, title, ylabel, bx, key, floor=None, logy=None):
    """One series per model: its baseline, then attack a's points."""
    p = K.Panel(title, "attacking connections (log scale)", ylabel,
                logx=True, logy=logy)

    def xf(r):
        return attack(r)[1] or bx

    def mine(r):
        return attack(r)[0] in (None, a)
    for m in c.models:
        ok, refused, limited = K.series_points(c.summary, NAME, m, "", xf,
                                               yf, mine)
        if not ok and not refused:
            continue
        st = style.series_style(m, "", c.all_models)
        p.series.append(K.Series(m if key else "", st, ok))
        if refused:
            p.refused.append((f"{m}: refused" if key else "", st, refused))
        p.limited += limited
    if not key:
        # Rings (client-limited) belong to the throughput panel only.
        p.limited = []
    _fit(p, floor)
    return p


def _fit(p, floor=None):
    """Noise of a page or two of TCP buffers must not look like a slope:
    the y range reaches at least floor either side of zero."""
    ys = [v for s in p.series for pt in s.points for v in pt[1:]
          if v is not None]
    if floor and ys:
        p.yrange = (min(min(ys), -floor), max(max(ys) * 1.1, floor))


def charts(c):
    out = []
    bx = base_x(c.summary)
    tics = ", ".join([f'"no attack" {bx:g}']
                     + [f'"{f_int(n)}" {n}' for n in counts(c.summary)])
    legit = c.scenario_param(NAME, "legit_connections", LEGIT_CONNS)
    for a in attacks_in(c.summary):
        panels = [
            _panel(c, a, K.col("rps"), f"legitimate GET / throughput "
                   f"({legit:g} connections)", "throughput (requests/s)",
                   bx, True),
            _panel(c, a, p99_ms, "legitimate GET / p99 latency",
                   "p99 latency (ms)", bx, False),
            _panel(c, a, K.col("server_cpu_us_per_req"),
                   "server CPU per legitimate request",
                   "server CPU per GET / (µs)", bx, False),
            _panel(c, a, K.col("server_threads"),
                   "what the attack costs: server threads",
                   "threads (of every server process)", bx, False),
            _panel(c, a, memory_mib, "what the attack costs: server memory",
                   "charged to the server, user + kernel (MiB)", bx,
                   False),
            _panel(c, a, K.col("machine_sock_mem_delta_kib", 1 / 1024),
                   "TCP socket buffers (machine-wide, both ends)",
                   "kernel TCP memory growth (MiB)", bx, False,
                   floor=SOCK_NOTE_KIB / 1024, logy=False)]
        for p in panels:
            p.xtics = f"({tics})"
        out.append(K.Chart(f"slow_{a}", panels,
                           f"{TITLES[a]} against each model", 1500, 900,
                           layout=(2, 3)))
    return out


# ---------------------------------------------------------- paragraph --

# Machine-wide TCP buffer growth below this (KiB) is left out of the text:
# a page or two of noise, not the attack.
SOCK_NOTE_KIB = 10240


def _row(d, m, an=(None, None)):
    """The summary row of model m under attack an, (None, None): its
    baseline."""
    rs = [r for r in d.summary if r["scenario"] == NAME and r["model"] == m
          and attack(r) == an]
    return rs[0] if rs else None


def _diff(r, b, col):
    if col is None:
        x, y = memory_mib(r), memory_mib(b)
    else:
        x, y = K.fnum(r.get(col)), K.fnum(b.get(col))
    return None if x is None or y is None else x - y


def signed(x):
    """A difference in words a reader cannot misread as a negative
    figure: "+3", "3 less" (a drop is said, not signed), "±0" when it
    rounds to nothing."""
    if round(x) == 0:
        return "±0"
    return f"{x:+,.0f}" if x > 0 else f"{-x:,.0f} less"


def _model_text(d, m, a, n, detail):
    """One model's figures under one attack, against its baseline."""
    b, r = _row(d, m), _row(d, m, (a, n))
    if r is None:
        return None
    if r["status"] == "refused":
        return f"{m} refused connections"
    if r["status"] != "ok":
        return f"{m} {r['status']}"
    if b is None or b["status"] != "ok":
        return None
    rps, brps = K.fnum(r["rps"]), K.fnum(b["rps"])
    if rps is None or not brps:
        return None
    text = f"{m} {rps / brps * 100:.0f} %"
    if not detail:
        return text
    parts = []
    p99, bp99 = p99_ms(r), p99_ms(b)
    if K.fnum(r.get("rps_min")) == 0:
        parts.append("a repetition served nothing")
    elif p99 is not None and bp99 is not None:
        parts.append(f"p99 {K.fmt(bp99)} → {K.fmt(p99)} ms")
    cpu = _diff(r, b, "server_cpu_us_per_req")
    if cpu is not None:
        parts.append(f"{signed(cpu)} µs of server CPU per GET /")
    dt, dm = _diff(r, b, "server_threads"), _diff(r, b, None)
    if dt is not None:
        parts.append(f"{dt:+,.0f} threads")
    if dm is not None:
        parts.append(f"{signed(dm)} MiB")
    sock = _diff(r, b, "machine_sock_mem_delta_kib")
    if sock is not None and abs(sock) >= SOCK_NOTE_KIB:
        parts.append(f"TCP buffers {sock / 1024:+,.0f} MiB")
    return text + (" (" + ", ".join(parts) + ")" if parts else "")


def paragraph(name, d):
    a = name[len("slow_"):]
    ns = counts(d.summary, a)
    if not ns:
        return "No point of this attack was measured."
    legit = (d.manifest.get("parameters", {}).get("scenarios_params", {})
             .get(NAME, {}).get("legit_connections", LEGIT_CONNS))
    n = ns[-1]
    parts = [t for t in (_model_text(d, m, a, n, True) for m in d.models)
             if t]
    out = [f"With {f_int(n)} attacking connections, the legitimate client "
           f"({legit} connections asking GET /) kept this share of its "
           "throughput without the attack (its p99 before and after; what "
           "the attack added to the server's CPU per request, threads and "
           "memory, and to the machine's TCP buffers): "
           + "; ".join(parts) + "."]
    for k in reversed(ns[:-1]):
        parts = [t for t in (_model_text(d, m, a, k, False)
                             for m in d.models) if t]
        out.append(f"With {f_int(k)}: " + ", ".join(parts) + ".")
    held = []
    for m in d.models:
        raw = [r for r in d.rows if r["scenario"] == NAME and r["model"] == m
               and attack(K.params_of(r)) == (a, n)]
        if not raw:
            continue
        s = attacker_stats(d.dir, m, (a, n), raw[0]["repetition"])
        if s is not None:
            held.append(f"{m} {f_int(s['connected'])}")
    if held:
        out.append(f"slowhttptest's own count of its {f_int(n)} connections "
                   "still open when the point ended: " + ", ".join(held)
                   + ".")
    what = {"slowloris": (
        "Each attacker holds a connection whose request head never ends: a "
        "thread or a process in the models that pay one per connection, a "
        "slot in the poller and a small buffer in the loops."),
        "slowbody": (
        "Each attacker has sent a complete head and trickles its body: the "
        "header deadline no longer applies, and every trickled byte "
        "restarts the idle clock."),
        "slowread": (
        "Each attacker has pipelined requests for a 1 MiB answer and reads "
        "it a few bytes a second: the server keeps a full output buffer per "
        "attacker, a thread per connection waits in poll() for room to "
        "write, and the answers pile up in the kernel's TCP buffers, "
        "machine-wide; past net.ipv4.tcp_mem's pressure threshold the "
        "kernel holds back every TCP socket on the machine, the legitimate "
        "client's too, whatever the model. slowhttptest itself reads every "
        "attacking socket every second on the load generator's CPU, so "
        "part of the legitimate client's loss under this attack is the "
        "attacker's CPU, not the server's.")}[a]
    warmup = K.fnum(d.manifest.get("parameters", {}).get("warmup")) or 0
    longest = max((settle_max_s(p["count"]) + warmup
                   + (p["duration_s_max"] or 0))
                  for p in d.points if p["scenario"] == NAME
                  and attack(p)[0] == a)
    out.append(what + " The servers ran with their own defences "
               f"(--header-timeout {HEADER_TIMEOUT_S}, --idle-timeout "
               f"{IDLE_TIMEOUT_S}); ")
    if longest < HEADER_TIMEOUT_S:
        out[-1] += (f"every point ended within {K.fmt(longest)} s of the "
                    "attack's start, before the header deadline, so these "
                    "are the attack's figures in force, as an attacker that "
                    "reconnects when cut off keeps them up.")
    else:
        out[-1] += (f"the longest points lasted {K.fmt(longest)} s, past "
                    "the header deadline: where the model enforces it, the "
                    "attack was cut off before the point ended "
                    "(slowhttptest's count of closed connections in logs/ "
                    "shows it).")
    method = d.manifest.get("accounting") or ""
    if method.startswith("cgroup"):
        out[-1] += (f" Memory is what the server's own cgroup ({method}) "
                    "was charged, user pages and kernel memory (stacks, "
                    "page tables, sockets)")
    else:
        out[-1] += (" Memory is RSS (PSS summed over a server of several "
                    "processes) plus the kernel stacks of its threads")
    out[-1] += ("; TCP buffers are machine-wide, both ends of every "
                "connection, the attacker's included.")
    refused = sorted({(r["model"], attack(r)[1])
                      for r in d.summary if r["scenario"] == NAME
                      and r["status"] == "refused" and attack(r)[0] == a})
    if refused:
        by = {}
        for m, k in refused:
            by.setdefault(m, []).append(f_int(k))
        out.append("Refused connections (crosses on the bottom edge): "
                   + "; ".join(f"{m} at {K.and_list(ks)} attackers"
                               for m, ks in by.items())
                   + ", a limit of the model such as select's FD_SETSIZE of "
                   "1,024 descriptors: past it the attackers hold every "
                   "slot and the legitimate client is turned away too.")
    lim = [r for r in d.summary if r["scenario"] == NAME
           and r["status"] == "ok" and r["client_limited"] == "1"
           and attack(r)[0] in (a, None)]
    if lim:
        out.append(f"{len(lim)} of these points (ringed) were "
                   "client-limited: the load generator used all of its CPU, "
                   "so those numbers are a floor for the server, not its "
                   "ceiling.")
    return " ".join(out)


def _kept(d, m):
    """GET / throughput kept under the largest slowloris, for the headline
    table."""
    ns = counts(d.summary, "slowloris", m)
    if not ns:
        return "-"
    r, b = _row(d, m, ("slowloris", ns[-1])), _row(d, m)
    if r is None:
        return "-"
    if r["status"] == "refused":
        return f"refused at {f_int(ns[-1])}"
    if r["status"] != "ok" or b is None or b["status"] != "ok":
        return "-"
    rps, brps = K.fnum(r["rps"]), K.fnum(b["rps"])
    if not brps or rps is None:
        return "-"
    return f"{rps / brps * 100:.0f} % at {f_int(ns[-1])}"


HEADLINE = [("slowloris: GET / kept", _kept)]


# -------------------------------------------------------------- claim --

def _harm(p, b, n):
    """How an attack point compares with its baseline: a dict with
    "hurt" (bool) and "why" (text), or None when it cannot be judged."""
    if p["status"] == "refused":
        return {"hurt": True, "why": "refused connections", "kept": None,
                "p99x": None, "threads": None}
    if p["status"] != "ok":
        died = re.match(r"server (died|exited|did not stop)", p["reason"])
        if died:
            return {"hurt": True, "why": p["reason"], "kept": None,
                    "p99x": None, "threads": None}
        return None
    if b is None or not b["rps"] or p["rps"] is None:
        return None
    kept = p["rps"] / b["rps"]
    p99x = (p["lat_p99_us"] / b["lat_p99_us"]
            if p["lat_p99_us"] and b["lat_p99_us"] else None)
    errs = K.error_fraction(p)
    threads = None
    if p["server_threads"] is not None and b["server_threads"] is not None:
        threads = (p["server_threads"] - b["server_threads"]) / n
    why = []
    if kept < 1 - HURT_LOSS:
        why.append("kept {} of its throughput".format(f_pct(kept)))
    if p99x is not None and p99x >= P99_HURT and \
            p["lat_p99_us"] >= P99_HURT_MIN_US:
        why.append("p99 {} its baseline's".format(_times(p99x)))
    if errs > ERRORS_HURT:
        why.append("{} of requests failed".format(f_pct(errs)))
    return {"hurt": bool(why), "why": ", ".join(why), "kept": kept,
            "p99x": p99x, "threads": threads, "errors": errs,
            "limited": p["client_limited"] or b["client_limited"]}


def _times(x):
    return "{:.1f}x".format(x) if x < 10 else "{:,.0f}x".format(x)


def _claim_slowloris(points, manifest):
    pts = [p for p in points if p["scenario"] == NAME]
    base = {p["model"]: p for p in pts
            if attack(p)[0] is None and p["status"] == "ok"}
    loris = {}
    for p in pts:
        a, n = attack(p)
        if a == "slowloris":
            loris.setdefault(p["model"], {})[n] = p
    per_conn = [m for m in sorted(loris) if M.pays_per_conn(m)
                and m in base]
    loops = [m for m in sorted(loris) if M.is_loop(m) and m in base]
    if not per_conn or not loops:
        return K.verdict("slowloris", NO_DATA, "The slow scenario has no "
                        "slowloris point with its baseline for both a "
                        "thread-per-connection model and an event loop.", {})
    common = ({n for m in per_conn for n in loris[m]}
              & {n for m in loops for n in loris[m]})
    if not common:
        return K.verdict("slowloris", NO_DATA, "No slowloris attack of one "
                        "size hit both a thread-per-connection model and "
                        "an event loop.", {})
    n = max(common)
    judged = {}
    for m in per_conn + loops + [m for m in sorted(loris)
                                 if M.is_pool(m) and m in base]:
        if n in loris[m]:
            h = _harm(loris[m][n], base.get(m), n)
            if h is not None:
                judged[m] = h
    numbers = {"attacking connections": n}
    for m, h in sorted(judged.items()):
        b = base[m]
        p = loris[m][n]
        numbers[m + " baseline req/s"] = b["rps"]
        numbers[m + " under slowloris req/s"] = p["rps"]
        numbers[m + " baseline p99 us"] = b["lat_p99_us"]
        numbers[m + " under slowloris p99 us"] = p["lat_p99_us"]
        if h["threads"] is not None:
            numbers[m + " threads per attacker"] = h["threads"]
        if p["server_mem_kib"] is not None \
                and b["server_mem_kib"] is not None:
            numbers[m + " memory growth KiB"] = (p["server_mem_kib"]
                                                - b["server_mem_kib"])
    pc = {m: judged[m] for m in per_conn if m in judged}
    lp = {m: judged[m] for m in loops if m in judged}
    if not pc or not lp:
        return K.verdict("slowloris", NO_DATA, "The slowloris points at "
                        "{} attacking connections could not be compared "
                        "with their baselines.".format(f_int(n)), numbers)

    def state(m, h):
        if h["kept"] is None:
            return "{} {}".format(m, h["why"])
        text = "{} kept {} of its GET / throughput ({} → {} req/s".format(
            m, f_pct(h["kept"]), f_rps(base[m]["rps"]),
            f_rps(loris[m][n]["rps"]))
        if h["p99x"] is not None:
            text += ", p99 {} → {}".format(f_us(base[m]["lat_p99_us"]),
                                           f_us(loris[m][n]["lat_p99_us"]))
        if h["threads"] is not None:
            text += ", {:+.2f} threads per attacker".format(h["threads"])
        return text + ")"

    summary = "Under slowloris with {} attacking connections, {}; {}.".format(
        f_int(n), "; ".join(state(m, h) for m, h in sorted(pc.items())),
        "; ".join(state(m, h) for m, h in sorted(lp.items())))
    pools = {m: h for m, h in judged.items() if M.is_pool(m)}
    if pools:
        summary += " The fixed pool: {}.".format("; ".join(
            state(m, h) for m, h in sorted(pools.items())))
    landed = [m for m, h in pc.items() if h["kept"] is None
              or (h["threads"] is not None
                  and h["threads"] >= THREADS_PER_ATTACKER_MIN)]
    hurt_pc = sorted(m for m, h in pc.items() if h["hurt"])
    safe_loops = sorted(m for m, h in lp.items() if not h["hurt"])
    hurt_loops = sorted(m for m, h in lp.items() if h["hurt"])
    if hurt_loops:
        summary += " Hurt among the loops: {}.".format("; ".join(
            "{} ({})".format(m, lp[m]["why"]) for m in hurt_loops))
    # Smaller attacks, for the record: who was hurt there.
    for k in sorted({k for ps in loris.values() for k in ps if k < n}):
        hurt = []
        for m in sorted(judged):
            h = _harm(loris[m][k], base.get(m), k) if k in loris[m] \
                else None
            if h is not None and h["hurt"]:
                hurt.append("{} ({})".format(m, h["why"]))
        if hurt:
            summary += " At {} attacking connections: {}.".format(
                f_int(k), "; ".join(hurt))
    decision = None
    if not landed:
        verdict = NOT_VISIBLE
        summary += (" The attack did not take hold: no thread-per-"
                    "connection model grew {} threads per attacking "
                    "connection.").format(THREADS_PER_ATTACKER_MIN)
    elif hurt_pc and safe_loops:
        verdict = CONFIRMED
        summary += " {} lost to slowloris while {} kept serving.".format(
            K.and_list("{} ({})".format(m, pc[m]["why"]) for m in hurt_pc),
            K.and_list(safe_loops))
        decision = {"side": "loop", "text": (
            "Use an event loop (with a header deadline) when clients may be "
            "slow or hostile: under {} slowloris connections {} kept "
            "serving while {} {}").format(
            f_int(n), K.and_list(safe_loops), hurt_pc[0], pc[hurt_pc[0]]["why"])}
    elif hurt_pc:
        verdict = REFUTED
        summary += (" Every event loop was hurt as well: slowloris is not a "
                    "weakness of threads alone here.")
    elif any(h.get("limited") for h in pc.values()):
        # The client's limit may hide a loss: a baseline the load
        # generator capped understates what the server could do.
        verdict = NOT_VISIBLE
        summary += (" The load generator, not the server, was the limit, "
                    "so a loss of the server's capacity may be hidden.")
    else:
        verdict = REFUTED
        summary += (" Threads survive slowloris on modern Linux: {} paid a "
                    "thread (or process) for every attacker and kept "
                    "serving; the attack costs memory, not service, until "
                    "threads or memory run out.").format(K.and_list(sorted(pc)))
        m = max(pc, key=lambda k: pc[k]["kept"])
        decision = {"side": "either", "text": (
            "Either model serves through a slowloris on modern Linux: {} "
            "kept {} of its throughput under {} slowloris connections, "
            "paying {:.1f} threads per attacker until a header deadline "
            "frees them").format(m, f_pct(pc[m]["kept"]), f_int(n),
                                 pc[m]["threads"] or 0)}
    return K.verdict("slowloris", verdict, summary, numbers, decision)


CLAIMS = [Claim("slowloris", "slowloris was written against "
                "thread-per-connection servers", NAME, "slow_slowloris", 90,
                _claim_slowloris)]
