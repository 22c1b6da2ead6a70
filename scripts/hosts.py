"""hosts.py - where the server runs and where the load comes from.

On one machine the server and the load generator share CPUs, caches and
the loopback path.  The suites people trust put them on separate machines
(TechEmpower uses three).  bench.py asks a *place* to do the four things
that depend on where the server is, and never asks where that is:

    place.popen(cmd, stdout, stderr, preexec)
                                       start a server (a Popen-like object:
                                       pid, stdout, poll, wait, communicate,
                                       send_signal, kill); preexec runs in
                                       the child before exec, here only
    place.sample(proc)                 one /proc sample of the server
    place.sampler(proc, extra, cpus)   a background sampler: start(), stop();
                                       extra a cheap reading for every tick
                                       (the server's cgroup), cpus where
                                       the sampling thread runs, here only
    place.connect_addr                 where clients connect

and a Loadgens object runs one point's client on several hosts at once.
The places:

    Local       the default: 127.0.0.1, the process as it is
    Netns       SERVER_NETNS=name: `ip netns exec name ...`, listening on
                the namespace's address; a veth between server and client.
                Same PID namespace, so /proc sampling is unchanged.
    SshServer   SERVER_HOST=[user@]host: over OpenSSH (BatchMode, one
                ControlMaster connection for the whole run); the server
                prints its pid, then its `listening on` line over the
                channel; signals go through ssh (`kill -TERM pid`); the
                sampler is scripts/procmon.py run there, one JSON sample
                per line streamed back.

The binaries reach a remote host copied (build/servers, servers/peers,
build/loadgen and scripts/procmon.py, when `uname -m` and glibc match) or
built there from this git revision (`git archive HEAD | ssh host 'tar -x
&& make'`).  Every host's facts (CPU, cores, kernel, glibc, addresses,
boot id) go into the manifest; two hosts with one boot id are one machine
(a namespace reached over ssh is still this machine), and the report says
when server and load shared one.
"""
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import histmerge
import loadgens
import procmon

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Printed by `sh` on any host (this one, a namespace, over ssh): key=value.
FACTS_SH = r"""
echo "hostname=$(hostname)"
echo "cpu_model=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n1)"
echo "cores=$(nproc)"
echo "kernel=$(uname -r) $(uname -v)"
echo "arch=$(uname -m)"
echo "glibc=$(ldd --version 2>/dev/null | head -n1)"
echo "boot_id=$(cat /proc/sys/kernel/random/boot_id)"
echo "addresses=$( (ip -4 -o addr show 2>/dev/null || true) |
    awk '{print $2 "=" $4}' | tr '\n' ' ')"
echo "python3=$(python3 -V 2>&1)"
"""

# How long a server may take to print its pid over ssh.
SSH_START_S = 30


class HostError(Exception):
    """A knob that cannot work (no such namespace, ssh refused): exit 2."""


def parse_facts(text):
    out = {}
    for line in text.splitlines():
        k, sep, v = line.partition("=")
        if sep:
            out[k.strip()] = v.strip()
    if "cores" in out:
        try:
            out["cores"] = int(out["cores"])
        except ValueError:
            pass
    return out


def local_facts(prefix=()):
    r = subprocess.run(list(prefix) + ["sh", "-c", FACTS_SH],
                       capture_output=True, text=True, timeout=20)
    return parse_facts(r.stdout)


def read_line(fd, deadline):
    """One line from fd, read a byte at a time so that nothing after it
    is taken from the pipe; None at EOF or the deadline."""
    buf = b""
    while not buf.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        c = os.read(fd, 1)
        if not c:
            return None
        buf += c
    return buf.decode(errors="replace").strip()


# ------------------------------------------------------------- ssh ------

class Ssh:
    """OpenSSH to one host: BatchMode (a missing key fails, never asks) and
    one ControlMaster socket, so each point's commands reuse the first
    connection instead of paying a handshake.  SSH_CONFIG=file is passed
    as `ssh -F file` (the tests name their keys and ports there)."""

    def __init__(self, target, control_dir):
        self.target = target
        self.base = ["ssh"]
        if os.environ.get("SSH_CONFIG"):
            self.base += ["-F", os.environ["SSH_CONFIG"]]
        self.base += ["-o", "BatchMode=yes", "-o", "ControlMaster=auto",
                      "-o", f"ControlPath={control_dir}/%C",
                      "-o", "ControlPersist=300",
                      "-o", "ServerAliveInterval=15"]

    def argv(self, remote_cmd):
        return self.base + [self.target, remote_cmd]

    def run(self, remote_cmd, timeout=60, input=None, check=True):
        r = subprocess.run(self.argv(remote_cmd), capture_output=True,
                           input=input, timeout=timeout)
        if check and r.returncode != 0:
            raise HostError(
                f"ssh {self.target} {remote_cmd[:60]!r} exited "
                f"{r.returncode}: "
                f"{' '.join(r.stderr.decode(errors='replace').split())[-300:]}")
        return r

    def hostname(self):
        """The address the target resolves to in ssh's configuration."""
        r = subprocess.run(self.base + ["-G", self.target],
                           capture_output=True, text=True, timeout=10)
        m = re.search(r"^hostname (\S+)$", r.stdout, re.M)
        return m.group(1) if m else self.target.rpartition("@")[2]

    def close(self):
        subprocess.run(self.base + ["-O", "exit", self.target],
                       capture_output=True, timeout=10)


class Remote:
    """One remote host: its ssh, its facts, and a folder holding this
    revision's binaries (REMOTE_DIR, default /tmp/tve-<git rev>)."""

    def __init__(self, target, control_dir, git_rev, local):
        self.target = target
        self.ssh = Ssh(target, control_dir)
        try:
            self.facts = parse_facts(self.ssh.run(
                "sh -s", input=FACTS_SH.encode(), timeout=30).stdout
                .decode(errors="replace"))
        except (HostError, subprocess.TimeoutExpired) as e:
            raise HostError(f"cannot reach {target} over ssh "
                            f"(BatchMode, a key is needed): {e}")
        self.dir = os.environ.get("REMOTE_DIR") or f"/tmp/tve-{git_rev}"
        self.matches = all(self.facts.get(k) == local.get(k)
                           for k in ("arch", "glibc"))
        self.how = None

    def prepare(self, parts, make_args=""):
        """Copies (hosts match) or builds (they do not) `parts`: paths
        under the repository for a copy, make targets for a build."""
        q = shlex.quote(self.dir)
        if self.matches:
            files = [p for p in parts["copy"]
                     if os.path.exists(os.path.join(REPO, p))]
            tar = subprocess.run(["tar", "-C", REPO, "-cf", "-"] + files,
                                 capture_output=True, check=True)
            self.ssh.run(f"mkdir -p {q} && tar -x -C {q}", timeout=300,
                         input=tar.stdout)
            self.how = f"copied ({' '.join(files)})"
        else:
            arch = subprocess.run(["git", "-C", REPO, "archive", "HEAD"],
                                  capture_output=True, check=True)
            self.ssh.run(f"mkdir -p {q} && tar -x -C {q} && make -C {q} "
                         f"{' '.join(parts['make'])} {make_args}",
                         timeout=1800, input=arch.stdout)
            self.how = (f"built there from git HEAD (make "
                        f"{' '.join(parts['make'])})")

    def path(self, local_path, server_dir=None):
        """A local binary's path on this host."""
        if server_dir and local_path.startswith(server_dir.rstrip("/") + "/"):
            return os.path.join(self.dir, "build", "servers",
                                local_path[len(server_dir.rstrip("/")) + 1:])
        if local_path.startswith(REPO + "/"):
            return os.path.join(self.dir, local_path[len(REPO) + 1:])
        return local_path


class RemoteProc:
    """A server started over ssh, looking like a subprocess.Popen to
    bench.py: stdout is the ssh channel (its `listening on` line and, after
    SIGTERM, its summary line), signals travel as `kill -SIG pid`, and the
    return code is the remote one (ssh passes it on)."""

    def __init__(self, remote, cmd, stdout, stderr):
        self.remote = remote
        line = ("echo \"pid $$\" && exec " + " ".join(map(shlex.quote, cmd)))
        self.p = subprocess.Popen(remote.ssh.argv(line), stdout=stdout,
                                  stderr=stderr, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
        self.stdout = self.p.stdout
        got = read_line(self.stdout.fileno(), time.monotonic() + SSH_START_S)
        m = re.fullmatch(r"pid (\d+)", got or "")
        self.pid = int(m.group(1)) if m else None

    @property
    def returncode(self):
        return self.p.returncode

    def poll(self):
        return self.p.poll()

    def wait(self, timeout=None):
        return self.p.wait(timeout)

    def communicate(self, timeout=None):
        return self.p.communicate(timeout=timeout)

    def send_signal(self, sig):
        if self.pid is not None and self.p.poll() is None:
            self.remote.ssh.run(f"kill -{signal.Signals(sig).name[3:]} "
                                f"{self.pid}", timeout=20, check=False)

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            self.p.kill()


class RemoteSampler:
    """scripts/procmon.py run on the server's host, one sample per line.
    Each sample's time is that host's monotonic clock; it is moved onto
    ours by the smallest (arrival - sample time) seen, the sample that
    crossed the channel fastest."""

    def __init__(self, remote, pid):
        self.remote, self.pid = remote, pid
        self.samples, self.offset = [], None
        self.p = None
        self._first = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)

    def start(self):
        cmd = (f"exec python3 {shlex.quote(self.remote.dir)}/scripts/"
               f"procmon.py {self.pid}")
        self.p = subprocess.Popen(self.remote.ssh.argv(cmd),
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        self._thread.start()
        # Like procmon.Sampler, return with a first sample taken: ssh and
        # Python take a good part of a second to start, longer than a
        # short point's warm-up.
        self._first.wait(SSH_START_S)
        return self

    def _read(self):
        for line in self.p.stdout:
            now = time.monotonic()
            try:
                s = json.loads(line)
            except ValueError:
                continue
            off = now - s["t"]
            self.offset = off if self.offset is None else min(self.offset,
                                                              off)
            self.samples.append(s)
            self._first.set()
        self._first.set()

    def stop(self):
        try:
            self.p.stdin.close()        # the sampler takes a last sample
        except OSError:
            pass
        self._thread.join(20)
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()
        for s in self.samples:
            s["t"] += self.offset or 0.0
        return [s for s in self.samples if not s.get("gone")] or \
            self.samples


# ------------------------------------------------------------- places ---

class Local:
    """The server on this machine, as bench.py always ran it."""
    kind = "loopback"
    listen_host = connect_addr = "127.0.0.1"
    shares_machine = True
    server_cpus = None          # None: bench.py's half of this machine
    # The server is a process of this machine: it can run in a cgroup of
    # its own (scripts/cgroups.py).
    local_process = True

    def popen(self, cmd, stdout, stderr, preexec=None):
        # A session of its own: Ctrl-C reaches bench.py only, which then
        # stops the server and the load generator itself.  `preexec` runs
        # in the child before exec (it joins the point's cgroup there).
        return subprocess.Popen(cmd, stdout=stdout, stderr=stderr,
                                stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=preexec)

    def shown(self, cmd):
        """The command as it is run, for the manifest."""
        return cmd

    def sample(self, proc):
        return procmon.sample(proc.pid)

    def sampler(self, proc, extra=None, cpus=None):
        return procmon.Sampler(proc.pid, extra=extra, cpus=cpus)

    def cores(self):
        return None             # bench.py's count of this machine

    def facts(self):
        return local_facts()

    def describe(self):
        return dict(kind=self.kind, server="this machine",
                    server_addr=self.connect_addr,
                    path="loopback (127.0.0.1)",
                    shared_machine=True)

    def close(self):
        pass


class Netns(Local):
    """SERVER_NETNS=name: the server in a local network namespace, reached
    over whatever joins it to ours (a veth pair).  `ip netns exec` execs
    the command, so the pid is the server's, in our PID namespace."""
    kind = "netns"

    def __init__(self, name, addr=None):
        self.name = name
        names = subprocess.run(["ip", "netns", "list"], capture_output=True,
                               text=True).stdout.split()
        if name not in names:
            raise HostError(f"SERVER_NETNS={name}: no such network "
                            f"namespace (ip netns list: "
                            f"{', '.join(names) or 'none'})")
        if not addr:
            out = subprocess.run(
                ["ip", "-n", name, "-4", "-o", "addr", "show", "scope",
                 "global"], capture_output=True, text=True).stdout
            m = re.search(r"inet (\d+\.\d+\.\d+\.\d+)", out)
            if not m:
                raise HostError(f"SERVER_NETNS={name}: it has no IPv4 "
                                "address but loopback; give SERVER_ADDR")
            addr = m.group(1)
        self.listen_host = self.connect_addr = addr

    def popen(self, cmd, stdout, stderr, preexec=None):
        return Local.popen(self, ["ip", "netns", "exec", self.name] + cmd,
                           stdout, stderr, preexec)

    def shown(self, cmd):
        return ["ip", "netns", "exec", self.name] + cmd

    def facts(self):
        return local_facts(["ip", "netns", "exec", self.name])

    def describe(self):
        return dict(kind=self.kind, server=f"network namespace {self.name} "
                    "on this machine", server_addr=self.connect_addr,
                    path=f"veth into network namespace {self.name} "
                    f"({self.connect_addr})", shared_machine=True)


class SshServer(Local):
    """SERVER_HOST=[user@]host: every server on that host over ssh."""
    kind = "ssh"
    listen_host = "0.0.0.0"
    local_process = False

    def __init__(self, remote, addr, server_dir, here):
        self.remote = remote
        self.connect_addr = addr or remote.ssh.hostname()
        self.server_dir = server_dir
        # One boot id: the "remote" is this machine (a namespace, say).
        self.shares_machine = remote.facts.get("boot_id") == here.get(
            "boot_id")
        cores = remote.facts.get("cores")
        # The server keeps the first half of its host, as here.
        self.server_cpus = (list(range(max(1, cores // 2)))
                            if isinstance(cores, int) and cores > 1
                            else None)

    def popen(self, cmd, stdout, stderr, preexec=None):
        # `preexec` is for a process of this machine: a remote server is
        # accounted from /proc there (scripts/procmon.py), not by a cgroup.
        cmd = [self.remote.path(a, self.server_dir) for a in cmd]
        return RemoteProc(self.remote, cmd, stdout, stderr)

    def shown(self, cmd):
        return ["ssh", self.remote.target] + [
            self.remote.path(a, self.server_dir) for a in cmd]

    def sample(self, proc):
        r = self.remote.ssh.run(
            f"python3 {shlex.quote(self.remote.dir)}/scripts/procmon.py "
            f"{proc.pid} --once", timeout=30, check=False)
        try:
            s = json.loads(r.stdout)
        except ValueError:
            return {}
        s["t"] = time.monotonic()
        return s

    def sampler(self, proc, extra=None, cpus=None):
        return RemoteSampler(self.remote, proc.pid)

    def cores(self):
        c = self.remote.facts.get("cores")
        return c if isinstance(c, int) else None

    def facts(self):
        return self.remote.facts

    def describe(self):
        return dict(kind=self.kind, server=f"{self.remote.target} over ssh",
                    server_addr=self.connect_addr,
                    path=f"network to {self.remote.target} "
                    f"({self.connect_addr})",
                    binaries=self.remote.how,
                    shared_machine=self.shares_machine)

    def close(self):
        self.remote.ssh.close()


# ------------------------------------------------------------- loadgens -

class Loadgens:
    """LOADGEN_HOSTS=h1,h2,...: one point's build/loadgen on every host at
    once ("local" is this machine), its connections, idle connections and
    open-loop rate split between them, all started on one schedule:
    `--start-at` a moment every one of them waits for.  Their histograms
    are merged exactly (histmerge.py) into the point's JSON; each part is
    kept beside it."""

    LEAD_S = 1.5        # ahead of now: ssh start-up and the probe fit in

    def __init__(self, names, remotes, here, server_boot_id):
        self.names = names
        self.remotes = remotes          # name -> Remote ("local": absent)
        self.here = here
        self.server_boot_id = server_boot_id

    @staticmethod
    def can_split(pt):
        """The chat (a subscriber set and its broadcasts), a second load
        and side programs stay on one client: their figures do not add."""
        return not (pt.get("ws") or pt.get("background") or pt.get("side"))

    def share(self, total, i, n):
        return total // n + (1 if i < total % n else 0)

    def run(self, bench_run, pt, addr, port, json_path, pin, threads, limit,
            log_path):
        """Runs the point; returns (rc, output, cpu_s, t0, t1, data)."""
        n = min(len(self.names), max(1, pt["connections"]))
        start_at = time.time_ns() + int(self.LEAD_S * 1e9)
        procs, t0 = [], time.monotonic()
        for i, name in enumerate(self.names[:n]):
            spt = dict(pt, connections=self.share(pt["connections"], i, n),
                       idle=self.share(pt["idle"] or 0, i, n))
            if pt.get("rate"):
                spt["rate"] = pt["rate"] / n
            part_json = f"{json_path[:-5]}.h{i}-{safe(name)}.json"
            remote = self.remotes.get(name)
            binary = bench_run.cfg["loadgen_bin"]
            if remote:
                binary = remote.path(binary)
                nthreads = max(1, (remote.facts.get("cores") or 2) // 2) \
                    if isinstance(remote.facts.get("cores"), int) else threads
            else:
                nthreads = threads
            cmd = loadgens.loadgen_cmd(binary, spt, port, nthreads,
                                       "@JSON@", host=addr)
            cmd[-1:-1] = ["--start-at", str(start_at)]
            logf = open(f"{log_path}.h{i}", "w+")
            if remote:
                line = " ".join(map(shlex.quote, cmd)).replace(
                    "'@JSON@'", '"$f"').replace("@JSON@", '"$f"')
                line = (f'f=$(mktemp) && {{ {line} >&2; rc=$?; cat "$f"; '
                        f'rm -f "$f"; exit $rc; }}')
                bench_run.commands.append(f"ssh {name} '{line}' &")
                out = open(part_json, "w")
                p = subprocess.Popen(remote.ssh.argv(line), stdout=out,
                                     stderr=logf, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
                out.close()
            else:
                cmd = pin + [part_json if a == "@JSON@" else a for a in cmd]
                bench_run.commands.append(" ".join(cmd) + " &")
                p = subprocess.Popen(cmd, stdout=logf,
                                     stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL,
                                     start_new_session=True)
            procs.append((name, p, part_json, logf))
        rc, parts, names, text = 0, [], [], []
        try:
            for name, p, part_json, logf in procs:
                try:
                    r = p.wait(max(1, limit + self.LEAD_S
                                   - (time.monotonic() - t0)))
                    rc = None if rc is None else max(rc, r)
                except subprocess.TimeoutExpired:
                    rc = None
                try:
                    with open(part_json) as f:
                        parts.append(json.load(f))
                    names.append(name)
                except (OSError, ValueError):
                    pass
                logf.seek(0)
                text.append(f"[{name}] " + logf.read())
        finally:
            for name, p, part_json, logf in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
                logf.close()
                os.unlink(logf.name)
        t1 = time.monotonic()
        data = None
        if len(parts) == len(procs):
            data = histmerge.merge(parts, names)
            # The load's CPU spent on the server's machine: the noise
            # estimate (other_cpu_frac) takes it out, and only it.
            data["cpu_on_server_machine_s"] = sum(
                p["cpu"]["user_s"] + p["cpu"]["sys_s"]
                for nm, p in zip(names, parts)
                if self.boot_id(nm) == self.server_boot_id)
            with open(json_path, "w") as f:
                json.dump(data, f, indent=1)
        return rc, "\n".join(text), 0.0, t0, t1, data

    def boot_id(self, name):
        r = self.remotes.get(name)
        return (r.facts if r else self.here).get("boot_id")


def safe(name):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


# ------------------------------------------------------------- setup ----

def setup(cfg, git_rev, env=os.environ):
    """The place and the load generators the knobs ask for; records
    cfg["network"] and cfg["hosts"] for the manifest.  Raises HostError."""
    netns = env.get("SERVER_NETNS", "").strip()
    target = env.get("SERVER_HOST", "").strip()
    addr = env.get("SERVER_ADDR", "").strip() or None
    lg_names = [w for w in re.split(r"[,\s]+",
                                    env.get("LOADGEN_HOSTS", "").strip())
                if w]
    if netns and target:
        raise HostError("SERVER_NETNS and SERVER_HOST: give one")
    if addr and not (netns or target):
        raise HostError("SERVER_ADDR goes with SERVER_NETNS or SERVER_HOST")
    here = local_facts()
    control_dir = None
    if target or [n for n in lg_names if n != "local"]:
        if not shutil.which("ssh"):
            raise HostError("ssh is not installed (apt-get install "
                            "openssh-client)")
        # A short path: a ControlPath must fit in a socket's 108 bytes.
        control_dir = tempfile.mkdtemp(prefix="tve-ssh-")
    remotes = {}
    if netns:
        place = Netns(netns, addr)
    elif target:
        remote = Remote(target, control_dir, git_rev, here)
        names = " ".join(m for m in cfg["models"])
        remote.prepare(dict(copy=["build/servers", "servers/peers",
                                  "scripts/procmon.py"],
                            make=["servers"]),
                       make_args=f"MODELS={shlex.quote(names)}")
        place = SshServer(remote, addr, cfg["server_dir"], here)
    else:
        place = Local()
    for n in lg_names:
        if n != "local" and n not in remotes:
            remotes[n] = Remote(n, control_dir, git_rev, here)
            remotes[n].prepare(dict(copy=["build/loadgen"],
                                    make=["loadgen"]))
    server_facts = place.facts()
    clients = None
    if lg_names:
        clients = Loadgens(lg_names, remotes, here,
                           server_facts.get("boot_id"))
    hosts = [dict(server_facts, role="server", name=(
        target or (f"netns {netns}" if netns else "local")),
        address=place.connect_addr)]
    for n in lg_names or ["local"]:
        f = remotes[n].facts if n in remotes else here
        hosts.append(dict(f, role="loadgen", name=n,
                          binaries=remotes[n].how if n in remotes else
                          "this checkout"))
    net = place.describe()
    net["loadgen_hosts"] = lg_names or ["local"]
    net["shared_machine"] = any(h["boot_id"] == server_facts.get("boot_id")
                                for h in hosts[1:] if h.get("boot_id"))
    cfg["network"], cfg["hosts"] = net, hosts
    return place, clients, control_dir


def close(place, control_dir, clients=None):
    """Ends the ssh master connections and removes their sockets."""
    place.close()
    if clients:
        for r in clients.remotes.values():
            r.ssh.close()
    if control_dir:
        shutil.rmtree(control_dir, ignore_errors=True)


def report_row(manifest):
    """REPORT.md's row on where the server and the load ran."""
    net = manifest.get("network")
    if not net:
        return ("| network path | loopback: the server and the load "
                "generator shared this machine |")
    where = (" **The server and the load generator shared one machine** "
             "(one kernel: CPUs, caches and memory bandwidth shared)."
             if net.get("shared_machine") else
             " The server had its machine to itself.")
    return (f"| network path | {net.get('path')}; server: "
            f"{net.get('server')}; load from "
            f"{', '.join(net.get('loadgen_hosts', ['local']))}.{where} |")
