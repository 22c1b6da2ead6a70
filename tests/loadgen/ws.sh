#!/usr/bin/env bash
# ws.sh - the ws:// mode: against the epoll server every broadcast reaches
# every subscriber and is counted exactly (N subscribers x M broadcasts,
# M fixed by the rate and the window); --step finds the client count; a
# server that corrupts one delivered frame, or refuses the upgrade, is
# caught and counted; bad usage is refused.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

SERVER=build/servers/epoll
FAKE=tests/loadgen/fakeserver.py
need_built "$SERVER"
need_built "$LOADGEN"

# ws_run NAME ARGS...: loadgen against $PORT/ws; exit status in rc, JSON
# in $TMP/NAME.json, output in $TMP/NAME.out.
ws_run() {
	local name=$1
	shift
	rc=0
	timeout 120 "$LOADGEN" --json "$TMP/$name.json" "$@" \
		"ws://127.0.0.1:$PORT/ws" >"$TMP/$name.out" 2>&1 || rc=$?
}

start_server "$SERVER" --port 0

# 50 subscribers, 5 of them broadcasting 50/s in all for 2 s after a
# 500 ms warmup: broadcasts due in the window are exactly 100.
ws_run exact -c 50 -t 2 --broadcasters 5 --rate 50 -d 2 --warmup 500ms
check "epoll: clean run (exit $rc)" test "$rc" -eq 0
check "epoll: 100 broadcasts, each to all 50: 5000 deliveries exactly" \
	jtrue "$TMP/exact.json" \
	'j["ws"]["broadcasts"] == 100 and j["ws"]["expected"] == 5000
	and j["ws"]["deliveries"] == 5000 and j["ws"]["missing"] == 0'
check "epoll: no errors, every broadcastResult came" \
	jtrue "$TMP/exact.json" \
	'j["errors_total"] == 0 and j["ws"]["results"] == 100'
check "epoll: the JSON has the shape of the other modes" \
	jtrue "$TMP/exact.json" \
	'j["config"]["proto"] == "ws" and j["config"]["broadcasters"] == 5
	and j["requests"] == 5000 and j["latency_us"]["p99"] > 0
	and j["ws"]["rtt_us"]["p50"] > 0 and "cpu" in j
	and abs(j["ws"]["deliveries_per_s"] - 2500) < 1'
check "epoll: the delivery histogram holds every delivery" \
	jtrue "$TMP/exact.json" \
	'sum(b[2] for b in j["ws"]["delivery_histogram"]) == 5000'
check "epoll: the summary says Deliveries/sec" \
	grep -q "^Deliveries/sec: 2500" "$TMP/exact.out"

# One thread, bigger payloads (each one checked byte by byte).
ws_run big -c 20 -t 1 --rate 100 -d 1 --size 20000
check "20000-byte payloads: 100 x 20 deliveries, no errors (exit $rc)" \
	jtrue "$TMP/big.json" \
	'j["ws"]["deliveries"] == 2000 and j["errors_total"] == 0'

# The shootout's figure: steps of 100 up to 300 at a gentle rate pass.
ws_run step -c 300 --step 100 -t 2 --broadcasters 2 --rate 20 -d 1
check "--step: clean run (exit $rc)" test "$rc" -eq 0
check "--step: three steps of 100, 200, 300 clients, all under 250 ms" \
	jtrue "$TMP/step.json" \
	'[s["clients"] for s in j["ws"]["steps"]] == [100, 200, 300]
	and all(s["ok"] and s["rtt_p95_ms"] < 250 for s in j["ws"]["steps"])
	and j["ws"]["max_clients_under_250ms"] == 300'
check "--step: the summary names the figure" \
	grep -q "^Max clients (round trip p95 < 250 ms): 300" "$TMP/step.out"

# no_threads URL: 64 threads with 8 MB stacks in 200 MB of address space
# cannot all start; the run must end with exit 2 and a reason, in either
# mode, and no thread may be left waiting for the others.  (A sanitizer
# build cannot run in that little address space at all.)
no_threads() {
	local rc=0
	if [[ $LOADGEN == *sanitize* ]]; then
		skip "threads that cannot start: $1 (sanitizer build)"
		return 0
	fi
	(
		ulimit -S -s 8192
		ulimit -S -v 200000
		exec timeout 30 "$LOADGEN" -t 64 -c 64 --rate 10 -d 1 "$1"
	) >/dev/null 2>"$TMP/nothreads.err" || rc=$?
	check "threads that cannot start: $1 exits 2 (got $rc)" \
		test "$rc" -eq 2
	check "threads that cannot start: $1 says why" \
		grep -q "^loadgen: cannot run: " "$TMP/nothreads.err"
}
no_threads "ws://127.0.0.1:$PORT/ws"
no_threads "http://127.0.0.1:$PORT/"
stop_server

# A server whose tenth delivery has one payload byte changed.
start_server python3 "$FAKE" ws-corrupt
ws_run corrupt -c 5 -t 2 --rate 20 -d 1 --timeout 1s
check "one corrupted delivery: exit 1 (got $rc)" test "$rc" -eq 1
check "one corrupted delivery: exactly one mismatch, one missing" \
	jtrue "$TMP/corrupt.json" \
	'j["errors"]["mismatch"] == 1 and j["ws"]["missing"] == 1
	and j["ws"]["deliveries"] == j["ws"]["expected"] - 1'
stop_server

start_server python3 "$FAKE" ws-ok
ws_run fakeok -c 5 -t 2 --rate 20 -d 1 --timeout 1s
check "a correct Python chat server: exit 0 (got $rc), 20 x 5 deliveries" \
	jtrue "$TMP/fakeok.json" \
	'j["errors_total"] == 0 and j["ws"]["deliveries"] == 100'
stop_server

# A server that answers the upgrade with 200 OK: every handshake fails.
start_server python3 "$FAKE" http-ok
ws_run refused -c 4 -t 1 --rate 10 -d 1 --timeout 500ms
check "upgrade refused: exit 1 (got $rc), 4 status errors" \
	jtrue "$TMP/refused.json" \
	'j["errors"]["status"] == 4 and j["ws"]["deliveries"] == 0'
check "upgrade refused: exit status 1" test "$rc" -eq 1
stop_server

# bad_usage WHAT ARGS...: exit 2 with one line on stderr.
bad_usage() {
	local what=$1 rc=0
	shift
	timeout 30 "$LOADGEN" "$@" >/dev/null 2>"$TMP/usage.err" || rc=$?
	check "usage: $what exits 2 (got $rc)" test "$rc" -eq 2
}
bad_usage "ws:// without --rate" -c 2 ws://127.0.0.1:1/ws
bad_usage "--broadcasters over -c" -c 2 --rate 1 --broadcasters 3 \
	ws://127.0.0.1:1/ws
bad_usage "--step over -c" -c 2 --rate 1 --step 3 ws://127.0.0.1:1/ws
bad_usage "--step on http://" -c 2 --step 1 http://127.0.0.1:1/
bad_usage "--pipeline on ws://" -c 2 --rate 1 --pipeline 2 \
	ws://127.0.0.1:1/ws
check "--help describes ws://" sh -c "'$LOADGEN' --help | grep -q broadcasters"

done_testing
