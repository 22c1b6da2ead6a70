"""scenarios - one module per scenario, found by the harness, not listed in it.

A scenario is one file here (or in a folder named by the environment
variable TVE_SCENARIO_PATH, colon-separated, searched after this one).
bench.py and its stages (matrix.py, runner.py, results.py, charts.py,
report.py, verdicts.py) are engines: they know no scenario by name and
ask each module for its part.  A reader who wants "how is the blocking
claim judged?" opens scenarios/blocking.py.

A module holds (only NAME, ABOUT and points are required):

    NAME = "delay"              the scenario column of results.csv
    ABOUT = "GET /delay?ms=10: waiting, not computing"
                                one line for --help and the manifest
    ORDER = 40                  run and report order, smallest first
    SWEEP = {"smoke": [20], "quick": [10, 100], "default": [...],
             "full": [...]}     the x values of each mode
    SWEEP_ENV = "CONNS"         environment variable that overrides SWEEP

    def points(ctx)             the points to measure, in run order:
                                ctx.sweep(), ctx.point(), ctx.interleave(),
                                ctx.note() (matrix.MatrixContext)
    def prepare(run, pt)        optional, just before a point runs: may set
                                fields (an open-loop rate read from earlier
                                rows) or return a reason to fail the point
    def upgrade_row(row)        optional: a results.csv row of an older run
                                rewritten as this module now reads it
                                (results.upgrade), so older runs are
                                judged the same
    def charts(c)               the charts of this scenario's data, a list of
                                charts.Chart (c: charts.Context)
    def paragraph(name, d)      the report's paragraph under chart `name`
                                (d: report.Data)
    HEADLINE = [(column, fn)]   optional columns of the report's headline
                                table: fn(d, model) -> text
    HEADLINE_NOTE = "..."       optional: a sentence under that table
    CLAIMS = [kit.Claim]        optional: the talks' claims judged on this
                                scenario, each with its own rule and its
                                thresholds as named constants in the module
    NEEDS_PEERS = True          optional: the claims judge the peers; a run
                                without them says "needs PEERS=1"

A second lesson drawn from another scenario's points is a module of its
own with PART_OF = "<scenario>" instead of points (and SWEEP): it measures
nothing, and its charts, paragraph, HEADLINE and CLAIMS read that
scenario's points (scenarios/idle_active.py reads idle's).  load() and
names() list the measured scenarios; lessons() every module.

A module uses the engines through scripts/kit.py only (points, slopes,
formatting, verdicts, charts, the report's sentences), never a private
name of theirs.  Its verdict fixtures live in fixtures/<NAME>.py beside
it (the loader does not look into folders); tests/harness/
test_scenarios.py runs the fixtures of every scenario.

Points are dicts: ctx.point(model, **fields) gives every field its
default (matrix.MatrixContext.point lists them) and a module sets the
ones it needs:

    connections, idle, path, ...  what the load generator does
    params={"attack": "slowloris", "count": 3000}
                                the lesson's own parameters (a dict of JSON
                                values): results.csv keeps them in its
                                params column, and every point read back
                                (results.Point, summary.csv) has them as
                                fields of their own, p["attack"]
    db=True                     the point needs the run's database: the
                                server gets its URL as --db (a throwaway
                                cluster, or DATABASE_URL)
    client={"program": "pgbench", ...}
                                a program measured instead of the load
                                generator (scripts/sideprogs.py), its
                                figures in the same columns
    server_args=[...]           extra server flags
    background={"path", "connections"}
                                a second, concurrent closed-loop load, its
                                figures in the bg_* columns
    side=[argv, ...]            programs started once the server listens
                                ({host}, {port}, {db} filled in) and
                                stopped with SIGTERM when the client is
                                done, after side_settle_s seconds to build
                                up and then until the server's accept
                                queue is empty, side_settle_max_s at most:
                                an attacker such as slowhttptest
    refuse="..."                the model cannot take the point (more
                                connections than its --about
                                "max_connections"): recorded as refused,
                                not run

Each server runs in a cgroup of its own (scripts/cgroups.py): a point's
figures are what that group was charged (server_mem_kib, server_kmem_kib,
server_cpu_s), counted once it holds every connection.
"""
import importlib
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.dirname(HERE)
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

_LOADED = None


class ScenarioError(Exception):
    """A scenario module that breaks the contract above."""


def _folders():
    extra = os.environ.get("TVE_SCENARIO_PATH", "")
    return [HERE] + [d for d in extra.split(":") if d]


def _load_file(folder, fname):
    name = fname[:-3]
    if folder == HERE:
        return importlib.import_module("scenarios." + name)
    spec = importlib.util.spec_from_file_location(
        "tve_extra_scenario_" + name, os.path.join(folder, fname))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load():
    """Every scenario module, in ORDER (then name).  A later folder's module
    of the same NAME replaces an earlier one."""
    global _LOADED
    if _LOADED is not None:
        return [m for m in _LOADED if not hasattr(m, "PART_OF")]
    found = {}
    for folder in _folders():
        if not os.path.isdir(folder):
            raise ScenarioError(f"TVE_SCENARIO_PATH names {folder!r}, "
                                "which is not a folder")
        for fname in sorted(os.listdir(folder)):
            if not fname.endswith(".py") or fname.startswith("_"):
                continue
            mod = _load_file(folder, fname)
            need = ("NAME", "ABOUT") + (
                () if hasattr(mod, "PART_OF") else ("points",))
            for attr in need:
                if not hasattr(mod, attr):
                    raise ScenarioError(f"{folder}/{fname} has no {attr}: "
                                        "see scripts/scenarios/__init__.py")
            found[mod.NAME] = mod
    _LOADED = sorted(found.values(),
                     key=lambda m: (getattr(m, "ORDER", 100), m.NAME))
    return [m for m in _LOADED if not hasattr(m, "PART_OF")]


def lessons():
    """Every module, measured scenarios and the lessons drawn from their
    points (PART_OF), in ORDER."""
    load()
    return list(_LOADED)


def data_of(mod):
    """The scenario whose points a module reads: its PART_OF, or its own."""
    return getattr(mod, "PART_OF", mod.NAME)


def names():
    return [m.NAME for m in load()]


def get(name):
    """The measured scenario of that name, or None."""
    for m in load():
        if m.NAME == name:
            return m
    return None


def lesson(name):
    """The module (scenario or lesson) of that name, or None."""
    for m in lessons():
        if m.NAME == name:
            return m
    return None


def claims():
    """Every claim of every module, in claim order."""
    out = []
    for m in lessons():
        out += list(getattr(m, "CLAIMS", ()))
    return sorted(out, key=lambda c: c.order)
