#!/usr/bin/env python3
"""cgroups.py - a server's CPU and memory as the kernel charged them.

Usage: scripts/cgroups.py [--name NAME] [--interval S] [--method M]
                          [--json] [--probe] -- COMMAND [ARG...]

Each benchmarked server (its whole process tree) runs for one measured
point in a control group of its own, tve-<name>-<pid>.  The kernel then
keeps the books for us:

- CPU: every task that ever belonged to the group, children that have
  exited included.  A process-per-connection server forks a child per
  connection; /proc sees a child only while it lives, or through its
  parent's cutime once the parent has reaped it, and in clock ticks.
- Memory: what the group was charged: user pages (anonymous and the page
  cache it faulted in first), kernel stacks, slab (struct sock, dentries,
  epoll items, ...), page tables, and socket buffers where the kernel
  charges them.  /proc shows user pages only (RSS, or PSS summed over
  processes); the kernel's share is machine-wide there, and includes the
  load generator's end of every loopback connection.

Three methods, the first that works:

  cgroup-v2  the unified hierarchy with the memory controller: cpu.stat
             (usage_usec, kept by every v2 group with or without the cpu
             controller) and memory.current / memory.stat (anon, file,
             kernel, kernel_stack, slab, sock: v2 charges socket buffers
             to memory.current).  The group is made beside or under ours.
  cgroup-v1  the cpuacct and memory hierarchies: cpuacct.usage (ns),
             memory.usage_in_bytes (user pages + kernel memory),
             memory.kmem.usage_in_bytes, memory.kmem.tcp.usage_in_bytes.
             v1 counts TCP buffers apart from usage_in_bytes, and only in
             groups whose memory.kmem.tcp.limit_in_bytes was written once,
             which we do (with "no limit").  v1 has no per-group slab
             figure (slab_kib is None); kernel stacks are the group's
             tasks times the stack size (each task has exactly one).
  proc       neither usable (no permission, no controllers): the server's
             process tree sampled from /proc by scripts/procmon.py: CPU of
             the live processes and of the children they reaped, PSS
             (summed over the processes; PSS for one process too, so that
             a baseline of one process compares with many), and kernel
             stacks as threads times the stack size; slab and socket
             memory are None.

acct.sample() returns cpu_s, mem_kib (the charged total: user + kernel +
TCP buffers; proc: user + kernel stacks), user_kib, kmem_kib, kstack_kib,
slab_kib, tcp_kib, procs, threads; None where the method cannot tell.

The command line runs COMMAND in a group of its own, prints a sample every
--interval seconds while it runs and a last one once its whole tree has
exited, and exits with COMMAND's status.  --probe prints which method
would be used, and why, and exits.
"""
import argparse
import atexit
import errno
import json
import os
import signal
import subprocess
import sys
import time

import procmon

FIELDS = ("cpu_s", "mem_kib", "user_kib", "kmem_kib", "kstack_kib",
          "slab_kib", "tcp_kib", "procs", "threads")
METHODS = ("cgroup-v2", "cgroup-v1", "proc")
PREFIX = "tve-"
# How long close() waits for the group's tasks to exit before it moves the
# ones left back to our own group (it kills nothing) and removes the group.
CLOSE_WAIT_S = 5.0


def _read(path):
    """The whole of a (small) kernel file, as text.  Uses os.open rather
    than the open() builtin, which this module's open() hides."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while True:
            b = os.read(fd, 65536)
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks).decode()
    finally:
        os.close(fd)


def _write(path, text):
    """Writes text to a kernel file in one write(2): a cgroup file takes
    one value per write, and an error comes back from that write."""
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _count_lines(path):
    return _read(path).count("\n")


def _kv(path):
    """A flat keyed kernel file (memory.stat, cpu.stat) as {key: int}."""
    out = {}
    for line in _read(path).splitlines():
        key, _, val = line.partition(" ")
        try:
            out[key] = int(val)
        except ValueError:
            pass
    return out


def _unescape(field):
    """A mountinfo path: octal escapes (\\040 for a space) decoded."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _mounts():
    """[(fstype, mountpoint, mount root, super options)] of the cgroup
    file systems, from /proc/self/mountinfo."""
    out = []
    try:
        text = _read("/proc/self/mountinfo")
    except OSError:
        return out
    for line in text.splitlines():
        left, _, right = line.partition(" - ")
        lf, rf = left.split(), right.split()
        if len(lf) < 5 or len(rf) < 3 or rf[0] not in ("cgroup", "cgroup2"):
            continue
        out.append((rf[0], _unescape(lf[4]), _unescape(lf[3]),
                    set(rf[2].split(","))))
    return out


def _own_cgroups():
    """{controller or "": our path} from /proc/self/cgroup ("" is the
    unified hierarchy's line, 0::PATH)."""
    out = {}
    try:
        text = _read("/proc/self/cgroup")
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[0] == "0" and parts[1] == "":
            out[""] = parts[2]
        for c in parts[1].split(","):
            if c:
                out[c] = parts[2]
    return out


def _join(mountpoint, mount_root, path):
    """The directory of cgroup `path` (as /proc/self/cgroup spells it)
    under a mount of the hierarchy whose root is `mount_root`."""
    if mount_root != "/" and (path + "/").startswith(mount_root + "/"):
        path = path[len(mount_root):]
    d = os.path.join(mountpoint, path.lstrip("/"))
    return d if os.path.isdir(d) else mountpoint


def _kstack_kib():
    return procmon.kernel_stack_per_thread_kib()


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _remove_stale(parent):
    """Removes the empty tve-* groups under parent left by a process that
    no longer exists (a harness killed before its close())."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for n in names:
        if not n.startswith(PREFIX):
            continue
        tail = n.rsplit("-", 1)[-1].split(".")[0]
        if not tail.isdigit() or _pid_alive(int(tail)):
            continue
        try:
            os.rmdir(os.path.join(parent, n))
        except OSError:
            pass


def _safe_name(name):
    return "".join(c if c.isalnum() or c in "._-" else "_"
                   for c in str(name)) or "server"


def _make_group(parent, name):
    """Makes parent/tve-<name>-<pid> (with .2, .3, ... if this process
    already has one of that name) and returns its path."""
    base = os.path.join(parent, f"{PREFIX}{name}-{os.getpid()}")
    for n in range(1, 1000):
        path = base if n == 1 else f"{base}.{n}"
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        # A group we may make but not move tasks into (a delegation that
        # stops short) would fail only in preexec(), in the child.
        if not os.access(os.path.join(path, "cgroup.procs"), os.W_OK):
            os.rmdir(path)
            raise OSError(errno.EACCES, "cgroup.procs is not writable", path)
        return path
    raise OSError(errno.EEXIST, "too many groups", base)


class Acct:
    """What every method offers; see the module's docstring."""

    method = None

    def __init__(self, name):
        self.name = name
        self.why = ""  # why this method and not a better one
        self.last = None
        self._closed = False
        atexit.register(self.close)

    def preexec(self):
        raise NotImplementedError

    def add(self, pid):
        raise NotImplementedError

    def _sample(self):
        raise NotImplementedError

    def _empty(self):
        raise NotImplementedError

    def _dirs(self):
        return []

    def _evict(self):
        pass

    def close(self, wait_s=CLOSE_WAIT_S):
        """Waits (at most wait_s) until no task is left in the group, takes
        a last sample, removes the group; returns that last sample.  Kills
        nothing: tasks still there after wait_s go back to our own group
        (with a warning on stderr).  Safe to call twice."""
        if self._closed:
            return self.last
        self._closed = True
        try:
            atexit.unregister(self.close)
        except Exception:  # noqa: BLE001 - interpreter shutting down
            pass
        deadline = time.monotonic() + wait_s
        while not self._empty() and time.monotonic() < deadline:
            time.sleep(0.02)
        try:
            self.last = self._sample()
        except OSError:
            pass
        if not self._empty():
            print(f"cgroups: {self.name}: tasks still running after "
                  f"{wait_s:g} s moved out of the group", file=sys.stderr)
            self._evict()
        for d in self._dirs():
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError as e:
                    # EBUSY: a task that just exited is still leaving.
                    if e.errno != errno.EBUSY:
                        break
                    time.sleep(0.02)
        return self.last

    def sample(self):
        if self._closed:
            return self.last
        s = self._sample()
        self.last = s
        return s

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _Cgroup(Acct):
    """A group in one (v2) or several (v1) hierarchies."""

    def __init__(self, name, dirs, home):
        super().__init__(name)
        self.dirs = dirs  # where preexec() and add() write pids
        self.home = home  # our own groups, where close() evicts to
        self._procs_files = [os.path.join(d, "cgroup.procs") for d in dirs]

    def _dirs(self):
        return self.dirs

    def preexec(self):
        """For subprocess.Popen(preexec_fn=...): runs in the child between
        fork and exec, so the server starts inside the group and every
        page, thread and child it makes is charged to it."""
        pid = str(os.getpid())
        for f in self._procs_files:
            _write(f, pid)

    def add(self, pid):
        """Moves a running process and its live descendants into the
        group.  Memory they were charged before stays where it was; what
        they use from now on is the group's."""
        for p in procmon.proc_tree(int(pid)):
            for f in self._procs_files:
                try:
                    _write(f, str(p))
                except ProcessLookupError:
                    break

    def _empty(self):
        try:
            return all(not _read(f).strip() for f in self._procs_files)
        except FileNotFoundError:
            return True

    def _evict(self):
        for f, home in zip(self._procs_files, self.home):
            try:
                pids = _read(f).split()
            except OSError:
                continue
            for p in pids:
                try:
                    _write(os.path.join(home, "cgroup.procs"), p)
                except OSError:
                    pass


class CgroupV2(_Cgroup):
    method = "cgroup-v2"

    def __init__(self, name, group, home):
        super().__init__(name, [group], [home])
        self.group = group

    def _sample(self):
        g = self.group
        cpu = _kv(os.path.join(g, "cpu.stat"))
        ms = _kv(os.path.join(g, "memory.stat"))
        cur = int(_read(os.path.join(g, "memory.current")))
        kib = 1024
        kmem = ms.get("kernel")
        if kmem is None:  # before Linux 5.18: the parts it sums
            kmem = sum(ms.get(k, 0) for k in (
                "kernel_stack", "pagetables", "sec_pagetables", "percpu",
                "slab"))
        return {
            "cpu_s": cpu["usage_usec"] / 1e6,
            "mem_kib": cur // kib,
            "user_kib": (ms.get("anon", 0) + ms.get("file", 0)) // kib,
            "kmem_kib": kmem // kib,
            "kstack_kib": ms.get("kernel_stack", 0) // kib,
            "slab_kib": ms.get("slab", 0) // kib,
            "tcp_kib": ms.get("sock", 0) // kib,
            "procs": _count_lines(os.path.join(g, "cgroup.procs")),
            "threads": _count_lines(os.path.join(g, "cgroup.threads")),
        }


class CgroupV1(_Cgroup):
    method = "cgroup-v1"

    def __init__(self, name, mem, cpu, homes):
        dirs = [mem] if mem == cpu else [mem, cpu]
        super().__init__(name, dirs, homes[:len(dirs)])
        self.mem, self.cpu = mem, cpu
        self.stack_kib = _kstack_kib()

    def _sample(self):
        m = self.mem
        usage = int(_read(os.path.join(m, "memory.usage_in_bytes")))
        kmem = int(_read(os.path.join(m, "memory.kmem.usage_in_bytes")))
        tcp = int(_read(os.path.join(m, "memory.kmem.tcp.usage_in_bytes")))
        ms = _kv(os.path.join(m, "memory.stat"))
        cpu_ns = int(_read(os.path.join(self.cpu, "cpuacct.usage")))
        threads = _count_lines(os.path.join(m, "tasks"))
        kib = 1024
        return {
            "cpu_s": cpu_ns / 1e9,
            # v1 keeps TCP buffers out of usage_in_bytes: add them.
            "mem_kib": (usage + tcp) // kib,
            "user_kib": (ms.get("total_rss", 0)
                         + ms.get("total_cache", 0)) // kib,
            "kmem_kib": kmem // kib,
            "kstack_kib": threads * self.stack_kib,
            "slab_kib": None,
            "tcp_kib": tcp // kib,
            "procs": _count_lines(os.path.join(m, "cgroup.procs")),
            "threads": threads,
        }


class Proc(Acct):
    """No group: the process trees of the pids given to add() (or started
    with preexec()), sampled from /proc by scripts/procmon.py."""

    method = "proc"

    def __init__(self, name, why=""):
        super().__init__(name)
        self.why = why
        self.roots = []
        self._cpu = {}  # root pid -> its tree's CPU when last seen
        self._rfd, self._wfd = os.pipe()
        os.set_blocking(self._rfd, False)
        self.stack_kib = _kstack_kib()

    def preexec(self):
        """In the child between fork and exec: tells us its pid through a
        pipe (the pipe is close-on-exec, so the server never holds it)."""
        os.write(self._wfd, os.getpid().to_bytes(8, "little"))

    def add(self, pid):
        if int(pid) not in self.roots:
            self.roots.append(int(pid))

    def _drain(self):
        try:
            data = os.read(self._rfd, 65536)
        except BlockingIOError:
            return
        for i in range(0, len(data) - 7, 8):
            self.add(int.from_bytes(data[i:i + 8], "little"))

    def _empty(self):
        self._drain()
        return not any(_pid_alive(p) and procmon.proc_status(p) is not None
                       for p in self.roots)

    def _sample(self):
        self._drain()
        out = dict.fromkeys(FIELDS)
        user = procs = threads = 0
        for p in self.roots:
            s = procmon.sample(p)
            if s.get("gone"):
                continue
            self._cpu[p] = s["cpu_s"]
            # procmon gives one process's VmRSS but several processes'
            # PSS; a slope from one process to many would then take the
            # root's shared library pages (RSS) off the connections'
            # cost.  PSS in both cases keeps the baseline comparable.
            pss = procmon.proc_pss_kib(p) if s.get("procs") == 1 else None
            user += pss if pss is not None else s.get("rss_kib", 0)
            procs += s.get("procs", 0)
            threads += s.get("threads", 0)
        # A tree that is gone keeps the CPU it had when last seen: the
        # kernel forgets it, so the last figure is the best one left.
        out["cpu_s"] = sum(self._cpu.values())
        out["user_kib"] = user
        out["kstack_kib"] = threads * self.stack_kib
        out["mem_kib"] = user + out["kstack_kib"]
        out["procs"], out["threads"] = procs, threads
        return out

    def close(self, wait_s=CLOSE_WAIT_S):
        if self._closed:
            return self.last
        last = super().close(wait_s)
        for fd in (self._rfd, self._wfd):
            try:
                os.close(fd)
            except OSError:
                pass
        return last


def _try_v2(name, mounts, own):
    m = [x for x in mounts if x[0] == "cgroup2"]
    if not m or "" not in own:
        return None, "no unified (v2) hierarchy"
    _, mnt, root, _ = m[0]
    home = _join(mnt, root, own[""])
    try:
        ctrls = set(_read(os.path.join(home, "cgroup.controllers")).split())
    except OSError as e:
        return None, f"v2: {e.strerror}"
    if "memory" not in ctrls:
        return None, ("v2: the unified hierarchy has no memory controller"
                      f" (it has: {' '.join(sorted(ctrls)) or 'none'})")
    want = ["memory"] + (["cpu"] if "cpu" in ctrls else [])
    # A v2 group with processes of its own cannot hand controllers to
    # children (the "no internal processes" rule), unless it is the root:
    # then our group goes beside ours, in the parent, which has them on.
    parent = home
    try:
        sub = set(_read(os.path.join(home, "cgroup.subtree_control")).split())
        if not set(want) <= sub:
            _write(os.path.join(home, "cgroup.subtree_control"),
                   " ".join("+" + c for c in want))
    except OSError:
        if os.path.samefile(home, mnt):
            return None, "v2: cannot enable memory in the root group"
        parent = os.path.dirname(home)
    _remove_stale(parent)
    try:
        group = _make_group(parent, name)
    except OSError as e:
        return None, f"v2: cannot make a group in {parent}: {e.strerror}"
    return CgroupV2(name, group, home), ""


def _try_v1(name, mounts, own):
    dirs, homes = {}, {}
    for c in ("memory", "cpuacct"):
        m = [x for x in mounts if x[0] == "cgroup" and c in x[3]]
        if not m or c not in own:
            return None, f"v1: no {c} hierarchy"
        _, mnt, root, _ = m[0]
        homes[c] = _join(mnt, root, own[c])
        dirs[c] = homes[c]
    made = []
    try:
        for c in ("memory", "cpuacct"):
            if c == "cpuacct" and os.path.samefile(homes["cpuacct"],
                                                   homes["memory"]):
                dirs[c] = dirs["memory"]  # co-mounted: one group for both
                continue
            _remove_stale(homes[c])
            dirs[c] = _make_group(homes[c], name)
            made.append(dirs[c])
        mem = dirs["memory"]
        for f in ("memory.usage_in_bytes", "memory.kmem.usage_in_bytes",
                  "memory.kmem.tcp.usage_in_bytes"):
            if not os.path.exists(os.path.join(mem, f)):
                raise OSError(errno.ENOENT, f"no {f}")
        # The kernel charges TCP buffers to a v1 group only once its TCP
        # limit has been written: "-1" is no limit.
        _write(os.path.join(mem, "memory.kmem.tcp.limit_in_bytes"), "-1")
    except OSError as e:
        for d in made:
            try:
                os.rmdir(d)
            except OSError:
                pass
        return None, f"v1: {e.strerror or e}"
    return CgroupV1(name, dirs["memory"], dirs["cpuacct"],
                    [homes["memory"], homes["cpuacct"]]), ""


def open(name, method=None):  # noqa: A001 - the module's verb: cgroups.open
    """Makes a group tve-<name>-<pid> and returns its accountant.  Never
    raises because groups are unsupported: then it returns the /proc
    accountant (acct.method == "proc", acct.why says what was missing).
    method ("cgroup-v2", "cgroup-v1" or "proc") asks for one method only
    (proc, to compare, or a cgroup one, which raises OSError if it
    cannot be had)."""
    if method is not None and method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    name = _safe_name(name)
    if method == "proc":
        return Proc(name, "asked for")
    mounts, own = _mounts(), _own_cgroups()
    whys = []
    for m, fn in (("cgroup-v2", _try_v2), ("cgroup-v1", _try_v1)):
        if method not in (None, m):
            continue
        acct, why = fn(name, mounts, own)
        if acct is not None:
            acct.why = "; ".join(whys)
            return acct
        whys.append(why)
    if method is not None:
        raise OSError(errno.ENOTSUP, "; ".join(whys))
    return Proc(name, "; ".join(whys))


def _fmt(s):
    def f(k):
        v = s.get(k)
        if v is None:
            return "-"
        return f"{v:.3f}" if isinstance(v, float) else str(v)
    return " ".join(f"{f(k):>10}" for k in FIELDS)


def main(argv):
    head, _, rest = __doc__.partition("\n\n")
    usage = rest.split("\n\n", 1)[0].replace("Usage: ", "", 1)
    ap = argparse.ArgumentParser(
        usage=usage,
        description=rest.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--name", default=None,
                    help="the group is tve-NAME-PID (default: the "
                    "command's base name)")
    ap.add_argument("--interval", type=float, default=1.0,
                    help="seconds between samples (default 1)")
    ap.add_argument("--method", choices=METHODS, default=None,
                    help="use this method only (default: the first that "
                    "works of " + ", ".join(METHODS) + ")")
    ap.add_argument("--json", action="store_true",
                    help="one JSON object per sample, with t (seconds since "
                    "start) and method")
    ap.add_argument("--probe", action="store_true",
                    help="print the method that would be used, and why not "
                    "a better one, and exit")
    ap.add_argument("command", nargs=argparse.REMAINDER,
                    help="the command to run (after --)")
    args = ap.parse_args(argv)
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.interval <= 0:
        ap.error("--interval must be more than 0")
    if args.probe:
        try:
            acct = open(args.name or "probe", args.method)
        except OSError as e:
            print(f"unavailable: {e.strerror}")
            return 1
        print(acct.method + (f" ({acct.why})" if acct.why else ""))
        acct.close()
        return 0
    if not cmd:
        ap.error("no command given (put it after --)")
    try:
        acct = open(args.name or os.path.basename(cmd[0]), args.method)
    except OSError as e:
        print(f"cgroups.py: {args.method}: {e.strerror}", file=sys.stderr)
        return 1
    t0 = time.monotonic()

    def show(s):
        if args.json:
            print(json.dumps({"t": round(time.monotonic() - t0, 3),
                              "method": acct.method, **s}), flush=True)
        else:
            print(f"{time.monotonic() - t0:8.2f} {_fmt(s)}", flush=True)

    if not args.json:
        print(f"# {acct.method}" + (f" ({acct.why})" if acct.why else ""))
        print(f"{'t':>8} " + " ".join(f"{k:>10}" for k in FIELDS))
    try:
        proc = subprocess.Popen(cmd, preexec_fn=acct.preexec)
    except (OSError, subprocess.SubprocessError) as e:
        print(f"cgroups.py: cannot run {cmd[0]}: {e}", file=sys.stderr)
        acct.close()
        return 127
    if acct.method == "proc":
        acct.add(proc.pid)
    # Ctrl-C reaches the command too (same process group): wait for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            rc = proc.wait(timeout=args.interval)
            break
        except subprocess.TimeoutExpired:
            show(acct.sample())
    show(acct.close())
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
