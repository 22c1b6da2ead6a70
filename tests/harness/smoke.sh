#!/usr/bin/env bash
# tests/harness/smoke.sh - a tiny run of the benchmark harness (TAP).
#
# Runs `scripts/bench --smoke` (every scenario, two models, half a second
# per point) into a temporary results folder, then checks what a reader
# gets: the CSV header and rows, the statuses, every chart of the run's
# chart index as SVG (parsed as XML) and PNG (magic bytes), a REPORT.md that
# shows them, and verdicts.json with a verdict computed from the run.  Then
# the bad-input paths: an unknown model or scenario exits 2 and names the
# valid ones, and an interrupted run (SIGINT) exits 130 and still leaves
# its CSV and report.
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
}
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$tmp/check.out" | tail -20
	fi
}

echo "1..24"

# 1. The smoke run itself.
rc=0
RESULTS_DIR="$tmp/results" timeout 300 scripts/bench --smoke \
	>"$tmp/bench.out" 2>&1 || rc=$?
if ((rc == 0)); then
	ok "scripts/bench --smoke exits 0"
else
	not_ok "scripts/bench --smoke exits 0 (got $rc)"
	sed 's/^/# /' "$tmp/bench.out" | tail -30
fi
run="$tmp/results/latest"
check "results/latest points at the run folder" test -d "$run"
check "progress lines on stderr with a count and an ETA" \
	grep -qE '^\[1/[0-9]+\] .* ETA ' "$tmp/bench.out"

# 2. The CSVs.
check "results.csv has the contract's header" python3 - "$run" <<'EOF'
import csv, sys
want = ("run_id,model,variant,scenario,connections,idle,rate,"
        "offered_fraction,delay_ms,cpu_us,workers,stack_kib,blocking,"
        "repetition,status,reason,client_limited,loadgen,requests,"
        "duration_s,rps,lat_p50_us,lat_p90_us,lat_p99_us,lat_p999_us,"
        "lat_p9999_us,lat_max_us,raw_p99_us,errors,err_connect,err_read,"
        "err_write,err_timeout,err_status,err_mismatch,server_cpu_s,"
        "server_cpu_us_per_req,server_rss_kib,server_rss_peak_kib,"
        "server_threads,kernel_stack_delta_kib,sock_mem_delta_kib,"
        "slab_delta_kib,loadgen_cpu_s,loadgen_cpu_us_per_req,json").split(",")
head = next(csv.reader(open(sys.argv[1] + "/results.csv")))
assert head[:len(want)] == want, head
EOF
# Every scenario module of scripts/scenarios/ shows up.
scenarios=$(cd scripts && python3 -c 'import scenarios; print(" ".join(scenarios.names()))')
check "results.csv: a row per point, every scenario, statuses valid" \
	python3 - "$run" "$scenarios" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
assert len(rows) >= 16, f"only {len(rows)} rows"
scen = {r["scenario"] for r in rows}
want = set(sys.argv[2].split())
assert scen == want, scen ^ want
for r in rows:
    assert r["status"] in ("ok", "refused", "failed", "interrupted"), r
    assert r["status"] == "ok" or r["reason"], r
ok = [r for r in rows if r["status"] == "ok"]
assert len(ok) >= len(rows) * 0.8, f"{len(ok)} of {len(rows)} ok"
for r in ok:
    assert float(r["rps"]) > 0 and float(r["requests"]) > 0, r
    assert r["json"], r
EOF
check "every ok point has its load generator JSON" python3 - "$run" <<'EOF'
import csv, json, sys
for r in csv.DictReader(open(sys.argv[1] + "/results.csv")):
    if r["status"] == "ok":
        d = json.load(open(sys.argv[1] + "/" + r["json"]))
        assert "latency_us" in d and "requests" in d, r["json"]
EOF
check "per-server CPU and memory: the method in the manifest, its columns filled and never negative on every ok row" \
	python3 - "$run" <<'EOF'
import csv, json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
method = m.get("accounting")
assert method in ("cgroup-v2", "cgroup-v1", "proc"), method
assert m.get("memory_accounting") and m.get("cpu_accounting"), m.keys()
models = set(m.get("about") or {})
assert models, "manifest.json names no models"
for r in csv.DictReader(open(sys.argv[1] + "/results.csv")):
    if r["status"] != "ok":
        continue
    where = (r["model"], r["scenario"], r["variant"], r["params"])
    # A point that measures the database alone (pgbench) samples its
    # processes from /proc; every server of ours has the run's method.
    assert r["accounting"] in (method, "proc"), (r["accounting"], where)
    cgroup = r["accounting"].startswith("cgroup")
    if r["model"] not in models:
        # The database alone: no server of ours; what it has is >= 0.
        for c in ("server_cpu_s", "server_rss_kib", "server_threads"):
            assert r[c] == "" or float(r[c]) >= 0, (c, r[c], where)
        continue
    need = ["server_cpu_s", "server_rss_kib", "server_threads"]
    if cgroup:
        need += ["server_mem_kib", "server_kmem_kib", "server_sock_kib"]
    for c in need:
        assert r[c] != "" and float(r[c]) >= 0, (c, r[c], where)
    assert float(r["server_rss_kib"]) > 0, where
    if cgroup:
        assert float(r["server_mem_kib"]) > 0, where
        assert float(r["server_kmem_kib"]) <= float(r["server_mem_kib"]), \
            where
    # Machine-wide deltas: empty when the machine freed more than the
    # point added, never a negative figure.
    for c in ("kernel_stack_delta_kib", "sock_mem_delta_kib",
              "slab_delta_kib", "pagetables_delta_kib",
              "machine_sock_mem_delta_kib"):
        assert r[c] == "" or float(r[c]) >= 0, (c, r[c], where)
EOF
check "summary.csv has medians and min/max per point" python3 - "$run" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/summary.csv")))
assert rows and {"rps", "rps_min", "rps_max", "reps"} <= set(rows[0]), rows[:1]
EOF
check "manifest.json has machine, versions, pinning and commands" \
	python3 - "$run" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1] + "/manifest.json"))
for k in ("machine", "versions", "limits", "pinning", "git_rev"):
    assert m.get(k), k
assert m["versions"]["libuv"] and m["versions"]["libev"]
assert any("taskset" in c for c in m["commands"]), m["commands"][:3]
EOF

# 3. The charts: every chart of the run's chart index, and every scenario
# or lesson with a charts() of its own has at least one there.
mapfile -t charts < <(python3 -c '
import json, sys
for name in json.load(open(sys.argv[1]))["charts"]:
    print(name)' "$run/charts/index.json" 2>/dev/null || true)
check "the chart index names a chart of every scenario that draws one" \
	python3 - "$run" <<'EOF'
import json, sys
sys.path.insert(0, "scripts")
import scenarios
index = json.load(open(sys.argv[1] + "/charts/index.json"))
drawn = set(index["lesson"][name] for name in index["charts"])
want = {m.NAME for m in scenarios.lessons() if hasattr(m, "charts")}
assert index["charts"] and want <= drawn, want - drawn
EOF
check "every chart exists as SVG that parses as XML" python3 - "$run" "${charts[@]}" <<'EOF'
import os, sys
import xml.etree.ElementTree as ET
assert sys.argv[2:], "no chart in the index"
for name in sys.argv[2:]:
    p = f"{sys.argv[1]}/charts/{name}.svg"
    assert os.path.getsize(p) > 1000, p
    root = ET.parse(p).getroot()
    assert root.tag.endswith("svg"), (p, root.tag)
EOF
check "every chart exists as a PNG" python3 - "$run" "${charts[@]}" <<'EOF'
import sys
assert sys.argv[2:], "no chart in the index"
for name in sys.argv[2:]:
    p = f"{sys.argv[1]}/charts/{name}.png"
    data = open(p, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, p
EOF
check "charts have axis labels with units and a title" \
	python3 - "$run" "${charts[@]}" <<'EOF'
import sys
for name in sys.argv[2:]:
    gp = open(f"{sys.argv[1]}/charts/{name}.gp").read()
    assert 'set xlabel "' in gp and 'set ylabel "' in gp, name
    assert "(" in gp.split('set ylabel "')[1].split('"')[0], name
EOF
check "a model keeps one colour in every chart" python3 - "$run" <<'EOF'
import glob, re, sys
models = open("Makefile").read().split("MODELS := ")[1].split("\n")[0].split()
seen = {}
for gp in glob.glob(sys.argv[1] + "/charts/*.gp"):
    for colour, title in re.findall(
            r'lc rgb "(#[0-9a-f]+)"[^\n]*title "([a-z-]+)', open(gp).read()):
        if title in models:
            seen.setdefault(title, set()).add(colour)
bad = {t: c for t, c in seen.items() if len(c) > 1}
assert seen and not bad, bad
EOF

# 4. The report.
check "REPORT.md shows every chart of the index" \
	python3 - "$run" "${charts[@]}" <<'EOF'
import sys
text = open(sys.argv[1] + "/REPORT.md").read()
assert sys.argv[2:], "no chart in the index"
for name in sys.argv[2:]:
    assert f"(charts/{name}.png)" in text, name
EOF
check "verdicts.json judges the run's claims, REPORT.md shows them" \
	python3 - "$run" <<'EOF'
import json, re, sys
sys.path.insert(0, "scripts")
import scenarios
v = json.load(open(sys.argv[1] + "/verdicts.json"))
want = [c.id for c in scenarios.claims()]
assert sorted(x["id"] for x in v) == sorted(want), [x["id"] for x in v]
md = open(sys.argv[1] + "/REPORT.md").read()
# At least one claim has a verdict drawn from this run: a verdict line
# whose summary holds a number, with figures of its own.
computed = []
for x in v:
    line = f"**Verdict: {x['verdict']}.** {x['summary']}"
    assert line in md, line
    if x["numbers"] and re.search(r"\d", x["summary"]):
        computed.append(x["id"])
assert computed, [(x["id"], x["verdict"], x["summary"]) for x in v]
EOF

# 5. Bad input.
rc=0
RESULTS_DIR="$tmp/bad" scripts/bench --smoke --models epoll,nosuch \
	>"$tmp/bad.out" 2>&1 || rc=$?
check "unknown model: exit 2" test "$rc" -eq 2
check "unknown model: the message names it and lists valid models" \
	grep -q "unknown model 'nosuch'.*epoll" "$tmp/bad.out"
rc=0
RESULTS_DIR="$tmp/bad" SCENARIOS=hello,nosuch scripts/bench --smoke \
	>"$tmp/bad.out" 2>&1 || rc=$?
check "unknown scenario: exit 2 with the valid list" \
	bash -c "test $rc -eq 2 && grep -q \"unknown scenario 'nosuch'.*latency\" '$tmp/bad.out'"
rc=0
RESULTS_DIR="$tmp/bad" SERVER_DIR="$tmp/none" scripts/bench --smoke \
	>"$tmp/bad.out" 2>&1 || rc=$?
check "missing server binary: exit 2 and says how to build it" \
	bash -c "test $rc -eq 2 && grep -q 'make servers' '$tmp/bad.out'"
check "no run folder is left by bad input" test ! -e "$tmp/bad"

# 6. A server that fails to start is a failed point, and the run goes on.
mkdir -p "$tmp/fake"
read -ra models <<<"$(sed -n 's/^MODELS := //p' Makefile)"
for m in "${models[@]}"; do
	ln -s "$PWD/build/servers/$m" "$tmp/fake/$m"
done
# It still says what it is (--about), then fails to start.
# shellcheck disable=SC2016  # $1 belongs to the fake server
printf '#!/bin/sh\n[ "$1" = --about ] && exec %s --about\necho "cannot start" >&2\nexit 1\n' \
	"$PWD/build/servers/epoll" >"$tmp/fake/epoll.new"
chmod +x "$tmp/fake/epoll.new"
rm -f "$tmp/fake/epoll"
mv "$tmp/fake/epoll.new" "$tmp/fake/epoll"
rc=0
RESULTS_DIR="$tmp/fail" SERVER_DIR="$tmp/fake" SCENARIOS=hello \
	scripts/bench --smoke --models epoll,thread-pool >"$tmp/fail.out" 2>&1 ||
	rc=$?
check "a server that fails to start: failed rows with the reason" \
	python3 - "$tmp/fail/latest" "$rc" <<'EOF'
import csv, sys
assert sys.argv[2] == "0", f"exit {sys.argv[2]}"
rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
bad = [r for r in rows if r["model"] == "epoll"]
good = [r for r in rows if r["model"] == "thread-pool"]
assert bad and all(r["status"] == "failed" and "cannot start" in r["reason"]
                   for r in bad), bad
assert good and all(r["status"] == "ok" for r in good), good
EOF

# A model that cannot say what it is (--about) stops the run before it
# starts, naming the model: the harness never guesses.
printf '#!/bin/sh\necho "no idea" >&2\nexit 1\n' >"$tmp/fake/thread-pool.new"
chmod +x "$tmp/fake/thread-pool.new"
rm -f "$tmp/fake/thread-pool"
mv "$tmp/fake/thread-pool.new" "$tmp/fake/thread-pool"
rc=0
RESULTS_DIR="$tmp/mute" SERVER_DIR="$tmp/fake" SCENARIOS=hello \
	scripts/bench --smoke --models thread-pool >"$tmp/mute.out" 2>&1 ||
	rc=$?
check "a model without --about: exit 2, the model and --about named" \
	bash -c "test $rc -eq 2 && grep -q 'thread-pool.*--about' '$tmp/mute.out'"

# 7. Ctrl-C: the point in progress is marked interrupted, the rest kept.
rc=0
RESULTS_DIR="$tmp/int" SCENARIOS=hello DURATION=3 \
	scripts/bench --smoke --models epoll >"$tmp/int.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q '^\[2/' "$tmp/int.out" 2>/dev/null && break
	sleep 0.1
done
sleep 1
kill -INT "$pid"
wait "$pid" || rc=$?
check "Ctrl-C: exit 130, CSV keeps the measured and the interrupted point" \
	python3 - "$tmp/int/latest" "$rc" <<'EOF'
import csv, sys, os
assert sys.argv[2] == "130", f"exit {sys.argv[2]}"
rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
st = [r["status"] for r in rows]
assert "ok" in st and st[-1] == "interrupted", st
assert os.path.exists(sys.argv[1] + "/REPORT.md")
EOF

((fails == 0))
