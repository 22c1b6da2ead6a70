"""models.py - what each server is, as it says itself (--about).

The harness never guesses a model's nature from its name.  Every server,
our C models and the peers under servers/peers/ alike, answers `--about`
with one JSON line (servers/core/config.h):

    {"name":"epoll","kind":"event-loop","threads":1,"processes":1,
     "per_connection":null,"library":null,"library_version":null,
     "honours":["--blocking","--offload"],"poller":"epoll", ...}

This module finds a server's binary, asks it, keeps the answers, and turns
them into the few questions scenarios and verdicts ask: is it a thread
model, a single-threaded loop, a fixed pool; does it pay a thread (or a
process) per connection; which flags does it honour.  A run stores every
answer in its manifest ("about"), so a report regenerated later judges
the run by what the servers said then.

A model whose --about cannot be read is "unknown": it is measured, drawn
and reported, but no verdict counts it on either side, and the report says
so, rather than a wrong guess failing silently.
"""
import json
import os
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_DIR = os.path.join(REPO, "servers", "peers")

# The kinds a model's --about may name (docs/DESIGN.md), in two families.
THREAD_KINDS = ("thread-per-connection", "thread-pool",
                "process-per-connection", "process-pool")
LOOP_KINDS = ("event-loop", "event-loops-per-core", "completion-ring",
              "coroutines")
POOL_KINDS = ("thread-pool", "process-pool")

# name -> about dict, for the models of the run being judged.
_ABOUT = {}


def server_path(name, server_dir):
    """The binary of a model (server_dir) or a peer (servers/peers/)."""
    for d in (server_dir, PEERS_DIR):
        path = os.path.join(d, name)
        if os.access(path, os.X_OK) and not os.path.isdir(path):
            return path
    return None


def ask(path, timeout=20):
    """Runs `path --about`; returns (about dict, None) or (None, why)."""
    try:
        r = subprocess.run([path, "--about"], capture_output=True,
                           text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"{path} --about failed: {e}"
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    if r.returncode != 0 or len(lines) != 1:
        tail = " ".join((r.stderr or r.stdout).split())[-200:]
        return None, (f"{path} --about exited {r.returncode} with "
                      f"{len(lines)} lines: {tail!r}")
    try:
        about = json.loads(lines[0])
    except ValueError as e:
        return None, f"{path} --about printed no JSON: {e}"
    if not isinstance(about, dict) or "kind" not in about:
        return None, f"{path} --about has no kind"
    return about, None


def discover(names, server_dir):
    """{name: about} and {name: problem} for the named models."""
    found, problems = {}, {}
    for n in names:
        path = server_path(n, server_dir)
        if path is None:
            problems[n] = (f"no binary {os.path.join(server_dir, n)} (build "
                           f"it with `make servers`) and no peer "
                           f"servers/peers/{n}")
            continue
        about, why = ask(path)
        if about is None:
            problems[n] = why
        else:
            found[n] = about
    return found, problems


def peers():
    """The peers' names: every executable in servers/peers/."""
    if not os.path.isdir(PEERS_DIR):
        return []
    return sorted(n for n in os.listdir(PEERS_DIR)
                  if not n.startswith(".") and "." not in n
                  and os.access(os.path.join(PEERS_DIR, n), os.X_OK)
                  and not os.path.isdir(os.path.join(PEERS_DIR, n)))


def use(abouts):
    """Makes abouts ({name: about}) the models the questions below see."""
    _ABOUT.clear()
    _ABOUT.update(abouts or {})


def use_manifest(manifest, names=(), server_dir=None):
    """The abouts a run recorded in its manifest; for a model the manifest
    lacks (a run from before --about), the built binary is asked."""
    abouts = dict((manifest or {}).get("about") or {})
    missing = [n for n in names if n not in abouts]
    if missing:
        found, _ = discover(missing, server_dir or os.path.join(
            REPO, "build", "servers"))
        abouts.update(found)
    use(abouts)
    return abouts


def about(name):
    return _ABOUT.get(name) or {}


def kind(name):
    return about(name).get("kind", "unknown")


def known(name):
    return name in _ABOUT


def is_thread(name):
    """Threads or processes do the waiting: blocking code, the kernel's
    scheduler as the event loop."""
    return kind(name) in THREAD_KINDS


def is_loop(name):
    """An event loop, a completion ring or coroutines on one loop."""
    return kind(name) in LOOP_KINDS


def threads(name):
    try:
        return int(about(name).get("threads") or 1)
    except (TypeError, ValueError):
        return 1


def is_single_loop(name):
    """A loop that runs on one thread, so one core."""
    return is_loop(name) and kind(name) != "event-loops-per-core" and \
        threads(name) <= 1


def is_pool(name):
    """A fixed set of workers (threads or processes)."""
    return kind(name) in POOL_KINDS


def per_connection(name):
    """What the model makes per connection: thread, process, coroutine."""
    return about(name).get("per_connection")


def pays_per_conn(name):
    """A thread or process created for every connection."""
    return per_connection(name) in ("thread", "process")


def honours(name, flag):
    return flag in (about(name).get("honours") or [])


def poller(name):
    return about(name).get("poller")


def plain(name):
    """Our own model on no library: the bare system call."""
    return not about(name).get("library") and not about(name).get("peer")


def peer(name):
    return bool(about(name).get("peer"))


def serves(name, path):
    """Whether the model serves an endpoint ("/delay"): peers list theirs
    in --about ("endpoints"); our models serve every one."""
    eps = about(name).get("endpoints")
    if not eps:
        return True
    base = path.split("?", 1)[0]
    return base in eps


def proto_ok(name, proto):
    protos = about(name).get("protocols")
    return not protos or proto in protos


def unknown(names):
    return [n for n in names if not known(n)]
