#!/usr/bin/env bash
# tests/harness/plugin.sh - a new scenario is one file (TAP).
#
# Drops a tiny scenario module, with its points, a parameter of its own
# (params: body_bytes), chart, paragraph, headline column and claim, into a
# temporary folder named by TVE_SCENARIO_PATH and runs the harness on it
# alone.  It uses the engines through scripts/kit.py only.  Its parameter
# must reach results.csv, the chart (as its x axis), REPORT.md (paragraph,
# headline, verdict) and verdicts.json, with no file of the repository
# touched.
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
echo "1..9"

mkdir -p "$tmp/extra"
cat >"$tmp/extra/tiny.py" <<'PY'
"""tiny - GET /bytes?n=N for two body sizes: a lesson in one file, with a
parameter of its own (body_bytes) that no engine knows."""
import kit as K

NAME = "tiny"
ABOUT = "GET /bytes?n=N, a scenario dropped in by a test"
ORDER = 99
SWEEP = {"smoke": [100, 1000], "default": [100, 1000]}


def points(ctx):
    return ctx.interleave(ctx.sweep(), lambda m, n: [
        ctx.point(m, connections=2, path=f"/bytes?n={n}",
                  params={"body_bytes": n})])


def charts(c):
    p = K.Panel("", "body size (bytes)", "throughput (requests/s)",
                logx=False, logy=False)
    c.add(p, NAME, K.x_field("body_bytes"), K.col("rps"))
    return [K.Chart("tiny_rps", [p], "Tiny: answers by body size")]


def paragraph(name, d):
    sizes = sorted({int(p["body_bytes"]) for p in K.select(d.points, NAME)})
    return "TINY-PARAGRAPH bodies of " + K.and_list(
        K.f_int(n) for n in sizes) + " bytes."


HEADLINE = [("tiny points", lambda d, m: str(len(d.ok(NAME, m))))]


def _judge(points, manifest):
    ok = K.select(points, NAME)
    if not ok:
        return K.verdict("tiny", K.NO_DATA, "TINY-NO-DATA.", {})
    big = K.top(ok, "body_bytes")
    return K.verdict("tiny", K.CONFIRMED if all(p["rps"] for p in ok)
                     else K.REFUTED, "TINY-VERDICT at {}-byte bodies: {} "
                     "req/s.".format(K.f_int(big["body_bytes"]),
                                     K.f_rps(big["rps"])),
                     {"largest body bytes": big["body_bytes"]})


CLAIMS = [K.Claim("tiny", "Tiny answers get answered", NAME, "tiny_rps",
                  999, _judge)]
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
check "its rows are in results.csv, all ok, its parameter in params" \
	python3 - "$run" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
assert rows and all(r["scenario"] == "tiny" for r in rows), rows
assert all(r["status"] == "ok" for r in rows), rows
got = sorted(json.loads(r["params"])["body_bytes"] for r in rows)
assert set(got) == {100, 1000}, got
PY
check "summary.csv has its parameter as a column" python3 - "$run" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/summary.csv")))
assert sorted(r["body_bytes"] for r in rows if r["model"] == rows[0][
    "model"]) == ["100", "1000"], rows
PY
check "its chart is drawn (SVG and PNG) with the parameter as x" bash -c \
	"test -s '$run/charts/tiny_rps.svg' && head -c 8 '$run/charts/tiny_rps.png' | grep -q PNG && grep -q '^1000 ' '$run/charts/tiny_rps.gp' && grep -q tiny_rps '$run/charts/index.json'"
check "REPORT.md shows its chart and its paragraph reads the parameter" \
	bash -c "grep -q 'charts/tiny_rps.png' '$run/REPORT.md' && grep -q 'TINY-PARAGRAPH bodies of 100 and 1,000 bytes' '$run/REPORT.md'"
check "REPORT.md has its headline column" grep -q '| tiny points |' \
	"$run/REPORT.md"
check "its claim is judged on the parameter (verdicts.json, REPORT.md)" \
	python3 - "$run" <<'PY'
import json, sys
v = json.load(open(sys.argv[1] + "/verdicts.json"))
assert [x["id"] for x in v] == ["tiny"], v
assert v[0]["verdict"] == "confirmed", v
assert v[0]["numbers"] == {"largest body bytes": 1000}, v
assert v[0]["summary"].startswith("TINY-VERDICT at 1,000-byte bodies: "), v
md = open(sys.argv[1] + "/REPORT.md").read()
assert "Claim: Tiny answers get answered" in md
assert "**Verdict: confirmed.** TINY-VERDICT at 1,000-byte bodies" in md
PY
check "no file of the repository was touched" \
	test "$before" = "$(git status --porcelain)"
((fails == 0))
