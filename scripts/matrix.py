"""matrix.py - the points of a run, in run order, from the scenarios.

Each scenario module (scripts/scenarios/) lists its points with a
MatrixContext: ctx.sweep() for this mode's values, ctx.point() for one
point with every field at its default, ctx.interleave() to spread the
models and repetitions over each value.  A point is a dict; the fields a
scenario may set are those of MatrixContext.point, and `params` holds
whatever else a lesson wants recorded (a dict, written as compact JSON
in results.csv's `params` column, untouched by the engine).
"""
import scenarios


class MatrixContext:
    """What a scenario module's points(ctx) works with (scenarios/)."""

    def __init__(self, cfg, module):
        self.cfg = cfg
        self.mode = cfg["mode"]
        self.module = module
        self.scenario = module.NAME
        self.models = cfg["models"]
        self.scenarios = cfg["scenarios"]
        self.workers = cfg["workers"]

    def sweep(self, table=None, env=None):
        """This mode's list from the module's SWEEP (or `table`), "max"
        resolved, and the module's SWEEP_ENV variable (or `env`) winning.
        The list is recorded in the manifest under the scenario's name."""
        table = table if table is not None else getattr(self.module,
                                                        "SWEEP", {})
        env = env or getattr(self.module, "SWEEP_ENV", None)
        if env and env in self.cfg["sweep_env"]:
            vals = self.cfg["sweep_env"][env]
            if env != "FRACTIONS":
                vals = [int(v) for v in vals]
        else:
            vals = table.get(self.mode, table.get("default", []))
        vals = [self.cfg["max_conns"] if v == "max" else v for v in vals]
        self.note("sweep", vals)
        return vals

    def note(self, key, value):
        """Records a parameter of this scenario in the manifest."""
        self.cfg["scenario_params"].setdefault(self.scenario, {})[key] = value

    def point(self, model, **kw):
        """A point of this scenario with every field at its default."""
        pt = dict(model=model, variant="", scenario=self.scenario,
                  connections=0, idle=0, rate=None, offered_fraction=None,
                  delay_ms=None, cpu_us=None, workers=self.workers,
                  stack_kib=None, blocking=False, offload=False,
                  server_args=[], proto="http", path="/", size=None,
                  new_conn=False, idle_request=False, pinned=True,
                  background=None, side=None,
                  ws=None,
                  side_settle_s=0, side_settle_max_s=None, refuse=None,
                  # db: the point needs the run's database (its URL is
                  # passed to the server as --db); client: a side program
                  # (scripts/sideprogs.py, e.g. pgbench) measured instead
                  # of the load generator; params: the lesson's own.
                  db=False, client=None, params=None,
                  # pipeline: requests in flight per connection (loadgen
                  # --pipeline; TFB plaintext pipelines 16).
                  pipeline=None,
                  duration=self.cfg["duration"], warmup=self.cfg["warmup"],
                  timeout=10.0, repetition=1)
        pt.update(kw)
        return pt

    def interleave(self, xs, make, models=None):
        """Points for every x, repetition and model, in that nesting:
        within one x the models and repetitions interleave (rep 1 of every
        model, then rep 2 ...), so that a slow minute on a shared machine
        spreads over every model instead of hitting one.  make(model, x)
        returns a list of points (empty: the model sits this x out)."""
        pts = []
        for x in xs:
            for rep in range(1, self.cfg["reps"] + 1):
                for m in (models if models is not None else self.models):
                    for pt in make(m, x):
                        pt["repetition"] = rep
                        pts.append(pt)
        return pts


def build_matrix(cfg):
    """The list of points, in run order: scenario by scenario."""
    pts = []
    cfg["scenario_params"] = {}
    for mod in scenarios.load():
        if mod.NAME in cfg["scenarios"]:
            pts += mod.points(MatrixContext(cfg, mod))
    return pts


def point_label(pt):
    s = pt["model"] + (f"/{pt['variant']}" if pt["variant"] else "")
    s += f" {pt['scenario']} c={pt['connections']}"
    if pt["idle"]:
        s += f" idle={pt['idle']}"
    if pt["offered_fraction"] is not None:
        s += f" load={pt['offered_fraction']:g}x"
        if pt.get("rate"):
            s += f" ({human(pt['rate'])}/s)"
    if pt.get("background"):
        s += (f" + {pt['background']['connections']} x "
              f"{pt['background']['path']}")
    return s


def point_tag(seq, pt):
    parts = [f"{seq:04d}", pt["model"]]
    if pt["variant"]:
        parts.append(pt["variant"])
    parts += [pt["scenario"], f"c{pt['connections']}"]
    if pt["idle"]:
        parts.append(f"i{pt['idle']}")
    if pt["offered_fraction"] is not None:
        parts.append(f"f{pt['offered_fraction']:g}")
    parts.append(f"r{pt['repetition']}")
    return "-".join(parts)


def human(x):
    if x is None:
        return "-"
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e3:
        return f"{x / 1e3:.1f}k"
    return f"{x:.0f}"


def fmt_eta(s):
    s = int(max(0, s))
    return f"{s // 60}m{s % 60:02d}s"
