#!/usr/bin/env bash
# tests/harness/plugin.sh - a new scenario is one file (TAP).
#
# Drops a tiny scenario module, with its points, chart, paragraph, headline
# column and claim, into a temporary folder named by TVE_SCENARIO_PATH and
# runs the harness on it alone.  It must show up in results.csv, as a chart
# (SVG and PNG) and in REPORT.md (chart, paragraph, headline, verdict),
# with no file of the repository touched.
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/check.out" 2>&1; then
		echo "ok $n - $what"
	else
		fails=$((fails + 1))
		echo "not ok $n - $what"
		sed 's/^/# /' "$tmp/check.out" | tail -20
	fi
}
echo "1..8"

mkdir -p "$tmp/extra"
cat >"$tmp/extra/tiny.py" <<'PY'
"""tiny - GET /bytes?n=1000 at a few connections: a scenario in one file."""
import charts as C
import report as R
from verdicts import CONFIRMED, NO_DATA, REFUTED, Claim, _ok, _verdict

NAME = "tiny"
ABOUT = "GET /bytes?n=1000, a scenario dropped in by a test"
ORDER = 99
SWEEP = {"smoke": [1, 4], "default": [1, 4]}


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, c: [
        ctx.point(m, connections=c, path="/bytes?n=1000")])


def charts(c):
    return [C.Chart("tiny_rps", [c.panel(NAME, "rps", 1, "requests/s")],
                    "Tiny: 1000-byte answers")]


def paragraph(name, d):
    return f"TINY-PARAGRAPH with {len(d.ok(NAME, variant=None))} points."


HEADLINE = [("tiny rows", lambda d, m: str(len(d.ok(NAME, m))))]


def _judge(points, manifest):
    ok = [p for p in _ok(points) if p["scenario"] == NAME]
    if not ok:
        return _verdict("tiny", NO_DATA, "TINY-NO-DATA.", {})
    return _verdict("tiny", CONFIRMED if all(p["rps"] for p in ok)
                    else REFUTED, "TINY-VERDICT.", {"points": len(ok)})


CLAIMS = [Claim("tiny", "Tiny answers get answered", NAME, "tiny_rps", 999,
                _judge)]
PY

before=$(git status --porcelain)
rc=0
TVE_SCENARIO_PATH="$tmp/extra" RESULTS_DIR="$tmp/results" \
	timeout 200 scripts/bench --smoke --scenarios tiny >"$tmp/bench.out" \
	2>&1 || rc=$?
run="$tmp/results/latest"
check "scripts/bench runs a scenario from TVE_SCENARIO_PATH (exit 0)" \
	bash -c "test $rc -eq 0 || { tail -20 '$tmp/bench.out'; exit 1; }"
check "--help lists the dropped-in scenario" bash -c \
	"TVE_SCENARIO_PATH='$tmp/extra' scripts/bench --help | grep -q 'tiny .*dropped in'"
check "its rows are in results.csv, all ok" python3 - "$run" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
assert rows and all(r["scenario"] == "tiny" for r in rows), rows
assert all(r["status"] == "ok" for r in rows), rows
assert {r["connections"] for r in rows} == {"1", "4"}, rows
PY
check "its chart is drawn (SVG and PNG)" bash -c \
	"test -s '$run/charts/tiny_rps.svg' && head -c 8 '$run/charts/tiny_rps.png' | grep -q PNG"
check "REPORT.md shows its chart and paragraph" bash -c \
	"grep -q 'charts/tiny_rps.png' '$run/REPORT.md' && grep -q 'TINY-PARAGRAPH with' '$run/REPORT.md'"
check "REPORT.md has its headline column" grep -q '| tiny rows |' \
	"$run/REPORT.md"
check "REPORT.md judges its claim" bash -c \
	"grep -q 'Claim: Tiny answers get answered' '$run/REPORT.md' && grep -q 'Verdict: confirmed.\*\* TINY-VERDICT' '$run/REPORT.md'"
check "no file of the repository was touched" \
	test "$before" = "$(git status --porcelain)"
((fails == 0))
