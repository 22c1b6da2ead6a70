#!/usr/bin/env python3
"""scripts/verdicts.py - the talks' claims, judged from one run.

The talks this project grew from make claims about async servers.  Each
claim belongs to the scenario that tests it and lives in that scenario's
module (scripts/scenarios/<name>.py, CLAIMS): its text, its chart, its rule
and the thresholds of its rule as named constants.  This module is the
engine: it reads the run's points (scripts/results.py), runs the rule of
every claim of the scenarios the run measured, and writes verdicts.json,
which REPORT.md renders as its "When is async worth it?" section.

    write(run_dir) -> verdicts   the verdicts stage: run_dir/verdicts.json
    evaluate(rows, manifest) -> list of verdict dicts, one per claim
    report_markdown(verdicts) -> the "When is async worth it?" section

rows are csv.DictReader rows of results.csv (every value a string, "" when
missing); manifest is the run's machine manifest as a dict (may be empty).
Each verdict dict holds:

    id        short name of the claim ("memory", "scale", ...)
    claim     the claim as the talks state it
    scenario  the scenario of results.csv it is judged on
    verdict   "confirmed", "refuted", "not visible on this machine", "no data"
              or "needs PEERS=1" (a claim on the peers, in a run without)
    summary   one or two sentences with the numbers behind the verdict
    chart     the chart's name: REPORT.md embeds charts/<chart>.svg
    numbers   {label: value} of every figure the verdict used
    nonneg    (optional) {label: noise} of the numbers that cannot be
              negative and are within their noise of zero (or below it):
              printed "≈0 (±noise)"
    decision  None, or {"side": "threads"|"loop"|"either", "text": ...}:
              the row of the decision table this verdict supports

Rules that hold for every claim:
- Repetitions of one measured point are reduced to their median
  (results.reduce, the reduction summary.csv and the charts read).
- Only rows with status "ok" give numbers.  A point none of whose
  repetitions was ok keeps its status, and "refused" points are named in the
  summary (select refusing fds past FD_SETSIZE is a result, not an error).
- A point whose client_limited is "1" was limited by the load generator, not
  the server: a throughput comparison that rests on it and does not already
  confirm the claim is "not visible on this machine".
- Models are grouped by what they say they are (--about, kept in the run's
  manifest; scripts/models.py): thread models against event loops, single
  loops against loops per core, fixed pools, a thread per connection.  A
  model that said nothing joins neither side.
- Every number in the text is computed from the rows (or, for the core
  count, read from the manifest); the thresholds in the scenario modules
  are the only other numbers, and they are named where they decide.

Run by hand:  python3 scripts/verdicts.py results/<run-id>
              writes its verdicts.json and prints the Markdown;
              python3 scripts/verdicts.py RESULTS_CSV [MANIFEST_JSON]
              prints the Markdown of every claim.
"""

import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import results  # noqa: E402

# ---------------------------------------------------------------------------
# The threshold every claim shares.  The others are in the scenarios.
# ---------------------------------------------------------------------------

# Two throughputs (or costs) closer than this fraction are the same number:
# repeated runs of one point on an ordinary machine spread by 5-10%, so 15%
# is a difference we can see and still not mistake noise for an effect.
NOISE = 0.15

CONFIRMED = "confirmed"
REFUTED = "refuted"
NOT_VISIBLE = "not visible on this machine"
NO_DATA = "no data"
NEEDS_PEERS = "needs PEERS=1"
VERDICTS = (CONFIRMED, REFUTED, NOT_VISIBLE, NO_DATA, NEEDS_PEERS)
# Where a run without peers points its peers' claims.
PEERS_REFERENCE = "results/reference-peers"


class Claim:
    """A claim of the talks, as a scenario module declares it."""

    def __init__(self, id, claim, scenario, chart, order, judge):
        self.id = id                # short name: "delay"
        self.claim = claim          # as the talks state it
        self.scenario = scenario    # the scenario it is judged on
        self.chart = chart          # REPORT.md links charts/<chart>.svg
        self.order = order          # place in the report
        self.judge = judge          # judge(points, manifest) -> verdict


def claims():
    """Every claim of every scenario module, in order."""
    import scenarios
    return scenarios.claims()


# The run's structured results: one reduction, one slope, one formatter.
num = results.num
LIMITED = results.LIMITED
f_int, f_rps, f_kib, f_conns = (results.f_int, results.f_rps, results.f_kib,
                                results.f_conns)
f_us, f_ratio, f_pct, f_num = (results.f_us, results.f_ratio, results.f_pct,
                               results.f_num)


def collapse(rows):
    """The run's points (results.reduce): one per repetition set."""
    return results.reduce(rows)


def grade(ratio, confirm_at, limited=False):
    """The verdict for a ratio the claim says should be large.

    confirmed when ratio >= confirm_at; otherwise "not visible" when the
    points were client-limited or the ratio is within NOISE of 1; otherwise
    refuted (the effect is absent, reversed, or smaller than claimed)."""
    if ratio is None:
        return NO_DATA
    if ratio >= confirm_at:
        return CONFIRMED
    if limited or abs(ratio - 1.0) <= NOISE:
        return NOT_VISIBLE
    return REFUTED


def grade_blocking(x, more, later, limited, worse_by, kept_up, fared_better):
    """The verdict of "a loop with a blocking driver is worse than
    threads" (driver, pydriver): x connections; the threads served `more`
    times the blocked loop's throughput and the loop's GET / p99 is
    `later` times theirs.  Returns (verdict, sentence to add or "")."""
    if x <= 1:
        return NOT_VISIBLE, (" One connection at a time cannot show the "
                             "queueing.")
    if more >= worse_by and later >= 1 - NOISE:
        return CONFIRMED, ""
    if limited and more < worse_by:
        return NOT_VISIBLE, (" The load generator, not the server, was the "
                             "limit.")
    return REFUTED, " " + (kept_up if more < worse_by else fared_better)


def make(cid, verdict, summary, numbers, decision=None, nonneg=None):
    """A verdict dict of claim cid (see the module's docstring).  nonneg:
    {label: noise} of the numbers that cannot be negative (memory per
    connection, a CPU time): the table prints them as "≈0 (±noise)" when
    they are within their noise of zero or below it."""
    c = next(c for c in claims() if c.id == cid)
    out = {"id": cid, "claim": c.claim, "scenario": c.scenario,
           "verdict": verdict, "summary": summary, "chart": c.chart,
           "numbers": {k: results.rounded(v) for k, v in numbers.items()},
           "decision": decision}
    near = {k: results.rounded(v or 0.0) for k, v in (nonneg or {}).items()
            if results.near_zero(numbers.get(k), v)}
    if near:
        out["nonneg"] = near
    return out


def run_scenarios(points, manifest):
    """The scenarios this run measured: the manifest's list when it has
    one, else those with rows."""
    listed = (manifest.get("parameters") or {}).get("scenarios")
    return set(listed) if listed else {p["scenario"] for p in points}


def needs_peers(scenario, manifest):
    """True when a scenario judges peers (its module says NEEDS_PEERS) and
    the run, as its manifest lists its models, had none."""
    import scenarios
    mod = scenarios.get(scenario)
    listed = (manifest.get("parameters") or {}).get("models")
    return bool(getattr(mod, "NEEDS_PEERS", False)) and bool(listed) and \
        not any(models.peer(m) for m in listed)


# ---------------------------------------------------------------------------
# The claims
# ---------------------------------------------------------------------------


def evaluate(rows, manifest=None, only_run=True):
    """One verdict dict per claim of the run's scenarios, in the claims'
    order (every claim when only_run is False).

    A claim whose scenario judges peers, in a run without them, says so
    (NEEDS_PEERS).  A claim whose logic fails on odd input gets "no data"
    and the error in its summary rather than taking the whole report
    down."""
    manifest = manifest if isinstance(manifest, dict) else {}
    points = results.reduce(results.upgrade(rows))
    models.use_manifest(manifest, sorted({p["model"] for p in points}))
    ran = run_scenarios(points, manifest)
    out = []
    for c in claims():
        if only_run and c.scenario not in ran:
            continue
        if needs_peers(c.scenario, manifest):
            out.append(make(c.id, NEEDS_PEERS, "This claim is judged on the "
                            "peers (servers/peers/): it " + NEEDS_PEERS +
                            ": see " + PEERS_REFERENCE + ".", {}))
            continue
        try:
            out.append(c.judge(points, manifest))
        except (ArithmeticError, KeyError, TypeError, ValueError) as e:
            out.append(make(c.id, NO_DATA, "The verdict could not be "
                            "computed: {}: {}.".format(
                                type(e).__name__, e), {}))
    return out


def write(run_dir):
    """The verdicts stage: judges run_dir's results.csv and writes
    run_dir/verdicts.json (whole, or not at all); returns the verdicts."""
    res = results.load(run_dir)
    v = evaluate(res.rows, res.manifest)
    path = os.path.join(run_dir, "verdicts.json")
    with open(path + ".tmp", "w") as f:
        json.dump(v, f, indent=1, default=str)
    os.replace(path + ".tmp", path)
    return v


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

def _anchor(heading):
    """GitHub's anchor for a heading."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def _md(text):
    """Escapes the characters that would break a table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def report_markdown(verdicts):
    """The "When is async worth it?" section of REPORT.md."""
    verdicts = list(verdicts or ())
    out = ["## When is async worth it?", ""]
    counts = [(v, sum(1 for x in verdicts if x.get("verdict") == v))
              for v in VERDICTS]
    if verdicts:
        out.append("Each claim of the talks, judged from this run's "
                   "numbers: " + ", ".join("{} {}".format(n, v)
                                           for v, n in counts if n) + ".")
    else:
        out.append("This run measured no scenario that judges a claim of "
                   "the talks.")
    out.append("")
    for v in verdicts:
        heading = "Claim: " + str(v.get("claim", ""))
        chart = str(v.get("chart", ""))
        out.append("### " + heading)
        out.append("")
        out.append("![{} chart](charts/{}.svg)".format(chart, chart))
        out.append("")
        out.append("**Verdict: {}.** {}".format(v.get("verdict", NO_DATA),
                                                 v.get("summary", "")))
        out.append("")
        numbers = v.get("numbers") or {}
        nonneg = v.get("nonneg") or {}
        rows = [(k, x) for k, x in numbers.items() if x is not None]
        if rows:
            out.append("| figure | value |")
            out.append("|---|---:|")
            for k, x in rows:
                text = results.fmt_nonneg(x, noise=nonneg[k]) \
                    if k in nonneg else f_num(x)
                out.append("| {} | {} |".format(_md(k), _md(text)))
            out.append("")
    out.append("### Decision table")
    out.append("")
    decisions = []
    for side in ("threads", "loop", "either"):
        for v in verdicts:
            d = v.get("decision")
            if d and d.get("side") == side and d.get("text"):
                decisions.append((d["text"], v))
    if decisions:
        out.append("| decision | supported by |")
        out.append("|---|---|")
        for text, v in decisions:
            heading = "Claim: " + str(v.get("claim", ""))
            out.append("| {}. | [{}](#{}): {}, `{}` scenario |".format(
                _md(text), _md(v.get("claim", "")), _anchor(heading),
                v.get("verdict", ""), v.get("scenario", "")))
    else:
        out.append("No claim was decided on this machine, so this run "
                   "supports no choice between threads and event loops.")
    out.append("")
    undecided = [v for v in verdicts
                 if v.get("verdict") in (NOT_VISIBLE, NO_DATA,
                                         NEEDS_PEERS)]
    if undecided:
        out.append("Not decided by this run: " + "; ".join(
            "[{}](#{}) ({})".format(_md(v.get("claim", "")),
                                    _anchor("Claim: " + str(v.get("claim",
                                                                  ""))),
                                    v.get("verdict"))
            for v in undecided) + ".")
        out.append("")
    return "\n".join(out)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: verdicts.py RUN_DIR | RESULTS_CSV "
                         "[MANIFEST_JSON]\n")
        return 0 if len(argv) == 2 else 2
    try:
        if os.path.isdir(argv[1]):
            v = write(argv[1])
        else:
            with open(argv[1], newline="") as f:
                rows = list(csv.DictReader(f))
            manifest = {}
            if len(argv) > 2:
                try:
                    with open(argv[2]) as f:
                        manifest = json.load(f)
                except ValueError:
                    manifest = {}
            v = evaluate(rows, manifest, only_run=False)
    except OSError as e:
        sys.stderr.write(f"verdicts.py: {e}\n")
        return 1
    sys.stdout.write(report_markdown(v))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
