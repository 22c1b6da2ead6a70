#!/usr/bin/env bash
# start-at.sh - --start-at holds the run until a wall-clock time (so that
# load generators on several hosts start together), a time already past
# starts at once, and the JSON carries the whole latency histogram that
# scripts/histmerge.py merges across hosts.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

SERVER=build/servers/epoll
need_built "$SERVER"
start_server "$SERVER" --port 0
url="http://127.0.0.1:$PORT/"

now_ns() { date +%s%N; }

# 1.5 s ahead: the run (0.3 s) must end no sooner than that.
at=$(($(now_ns) + 1500000000))
rc=0
timeout 30 "$LOADGEN" -c 2 -t 1 -d 300ms --start-at "$at" \
	--json "$TMP/a.json" "$url" >/dev/null || rc=$?
end=$(now_ns)
check "--start-at 1.5 s ahead: clean run (exit $rc)" test "$rc" -eq 0
check "the run ended after the start time and its 0.3 s" \
	test $((end - at)) -ge 300000000
check "the JSON echoes start_at_ns and a lateness under 100 ms" \
	jtrue "$TMP/a.json" "j['config']['start_at_ns'] == $at and
	0 <= j['config']['start_late_ms'] < 100"

# A time already past: starts at once and says how late.
at=$(($(now_ns) - 2000000000))
t0=$(now_ns)
rc=0
timeout 30 "$LOADGEN" -c 2 -t 1 -d 300ms --start-at "$at" \
	--json "$TMP/b.json" "$url" >/dev/null || rc=$?
t1=$(now_ns)
check "a past --start-at runs at once (exit $rc, $(((t1 - t0) / 1000000)) ms)" \
	test "$rc" -eq 0 -a $((t1 - t0)) -lt 1500000000
check "... and reports itself about 2 s late" \
	jtrue "$TMP/b.json" "1900 < j['config']['start_late_ms'] < 5000"

# The histogram: its count is the request count, its buckets sum to it,
# and its max is the reported max.
check "latency_histogram: total = requests = sum of the buckets" \
	jtrue "$TMP/b.json" "(lambda h: h['total'] == j['requests'] ==
	sum(b[2] for b in h['buckets']) > 0 and
	abs(h['max_ns'] / 1e3 - j['latency_us']['max']) < 0.01 and
	all(b[0] <= b[1] for b in h['buckets']))(j['latency_histogram'])"

for bad in abc -5 1.5 0 ''; do
	rc=0
	"$LOADGEN" --start-at "$bad" "$url" >/dev/null 2>"$TMP/err" || rc=$?
	check "--start-at '$bad' is bad usage (exit $rc)" test "$rc" -eq 2
done
rc=0
"$LOADGEN" --help >"$TMP/out" 2>&1 || rc=$?
check "--help lists --start-at" grep -q -- --start-at "$TMP/out"

done_testing
