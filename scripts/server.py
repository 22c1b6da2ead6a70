"""server.py - one server process, as every harness script runs it.

The server contract (docs/DESIGN.md) makes starting and stopping a server
the same for every model: start it on port 0, read its one
`listening on HOST:PORT` line (never a sleep), and at the end send SIGTERM
and read the one summary line it prints before it exits 0.  This module
does exactly that, once, for bench.py, soak.py, side-by-side.py and the
tests:

    srv = server.Server(cmd, cpus=[0], log="x.log")   # started and ready
    srv.host, srv.port, srv.pid
    summary, problem = srv.stop()   # {"accepted", "served", "refused"}

`cpus` pins the server (taskset -c); `popen` lets a caller start it
elsewhere (scripts/hosts.py: a network namespace, another host over ssh);
`preexec` runs in the child before exec (a cgroup to join, a parent-death
signal).  A server that prints no `listening on` line within `timeout`
seconds is killed and raises ServerError with the tail of its stderr.
"""
import os
import re
import select
import signal
import subprocess
import tempfile
import time
import types

LISTEN_RE = re.compile(r"listening on (\S+):(\d+)$")
SUMMARY_RE = re.compile(r"(\d+) connections accepted, (\d+) requests "
                        r"served, (\d+) connections refused")


class ServerError(Exception):
    """The server did not start: no `listening on` line in time."""


def cpulist(cpus):
    return ",".join(str(c) for c in cpus)


def pinned(cmd, cpus):
    """The command pinned to `cpus` with taskset, or as it is."""
    return ["taskset", "-c", cpulist(cpus)] + list(cmd) if cpus else cmd


def parse_summary(text):
    """The counts of the summary line in `text`, or None."""
    m = SUMMARY_RE.search(text)
    if not m:
        return None
    return dict(accepted=int(m.group(1)), served=int(m.group(2)),
                refused=int(m.group(3)))


def read_line(fd, timeout):
    """Bytes from fd up to the first newline, within timeout seconds;
    returns (line, the bytes after it, whether the writer closed fd)."""
    buf = b""
    deadline = time.monotonic() + timeout
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            return buf.decode(errors="replace").strip(), b"", True
        buf += chunk
    line, _, rest = buf.partition(b"\n")
    return line.decode(errors="replace").strip(), rest, False


def local_popen(cmd, stdout, stderr, preexec=None):
    """Here, in a session of its own: Ctrl-C reaches the harness only,
    which then stops the server itself."""
    return subprocess.Popen(cmd, stdout=stdout, stderr=stderr,
                            stdin=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=preexec)


class Server:
    def __init__(self, cmd, cpus=None, log=None, timeout=15, popen=None,
                 preexec=None):
        self.cmd = pinned(cmd, cpus)
        self.log = log
        self.err = open(log, "w+") if log else tempfile.TemporaryFile("w+")
        self.proc = (popen or local_popen)(self.cmd, subprocess.PIPE,
                                           self.err, preexec)
        line, self.rest, closed = read_line(self.proc.stdout.fileno(),
                                            timeout)
        m = LISTEN_RE.match(line)
        if not m:
            try:
                # A closed stdout is a process on its way out: its status.
                rc = self.proc.wait(2 if closed else 0)
            except subprocess.TimeoutExpired:
                rc = None
            why = (f"exited with status {rc}" if rc is not None
                   else f"no `listening on` line within {timeout:g} s")
            self.kill()
            tail = " ".join(self.stderr_text().split())[-300:]
            self.close()
            raise ServerError(f"server failed to start ({why}); stdout "
                              f"{line[:100]!r}; stderr {tail!r}")
        self.host, self.port = m.group(1), int(m.group(2))

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stderr_text(self):
        self.err.flush()
        self.err.seek(0)
        return self.err.read()

    def kill(self, sig=signal.SIGTERM, wait=10):
        """Stops the server without reading its summary: sig, then SIGKILL
        after `wait` seconds."""
        if self.proc.poll() is not None:
            return
        try:
            self.proc.send_signal(sig)
            self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        except ProcessLookupError:
            pass

    def stop(self, timeout=20):
        """SIGTERM, then the summary line.  Returns (summary dict or None,
        problem or None): a server that died before it was asked, did not
        stop within `timeout` seconds, or exited non-zero is a problem."""
        problem = None
        rc = self.proc.poll()
        if rc is not None:
            problem = (f"server died during the point (signal {-rc})"
                       if rc < 0 else f"server exited early (status {rc})")
        else:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
            problem = problem or (f"server did not stop within {timeout:g} "
                                  "s of SIGTERM")
        if not problem and self.proc.returncode != 0:
            problem = f"server exited {self.proc.returncode} after SIGTERM"
        text = (self.rest + (out or b"")).decode(errors="replace")
        return parse_summary(text), problem

    def close(self):
        """Closes the log; an empty log file is removed."""
        if self.proc.poll() is None:
            self.kill()
        self.err.close()
        if self.log and os.path.exists(self.log) and \
                os.path.getsize(self.log) == 0:
            os.unlink(self.log)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Running:
    """A server started and stopped by someone else (the run's database,
    measured by its own client): the face of Server, with nothing to
    stop.  pid None: one we cannot see (on another host)."""

    def __init__(self, pid, port):
        self.proc = types.SimpleNamespace(pid=pid)
        self.pid, self.port = pid, port

    def stop(self, timeout=20):
        return None, None

    def kill(self, sig=signal.SIGTERM, wait=10):
        pass

    def close(self):
        pass
