#!/usr/bin/env bash
# rate.sh - the open loop keeps its rate, and a server that cannot keep up
# shows in the latency from the intended send time, not in a lower rate
# quietly accepted.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

SERVER=build/servers/epoll
need_built "$SERVER"
start_server "$SERVER" --port 0

# rate_run RATE THREADS CONNS: 3 s at RATE; JSON in $TMP/r.json.
rate_run() {
	rc=0
	timeout 60 "$LOADGEN" --rate "$1" -t "$2" -c "$3" -d 3 --warmup 500ms \
		--json "$TMP/r.json" "http://127.0.0.1:$PORT/" >/dev/null ||
		rc=$?
}

for spec in "1000 1 10" "5000 2 20" "20000 2 50"; do
	read -r rate threads conns <<<"$spec"
	rate_run "$rate" "$threads" "$conns"
	achieved=$(json_get "$TMP/r.json" 'round(j["rps"], 1)')
	check "rate $rate, $threads threads: clean run (exit $rc)" \
		test "$rc" -eq 0
	check "rate $rate: achieved $achieved/s, within 1%" \
		jtrue "$TMP/r.json" 'abs(j["rps"] / j["target_rate"] - 1) < 0.01
		and j["backlog"] <= j["requests"] / 100'
done

# One connection and 10 ms per request allow 100 requests/s; asking for
# 200/s must build a queue: the corrected latency grows towards the run
# length while the raw latency stays near 10 ms.
rc=0
timeout 60 "$LOADGEN" --rate 200 -t 1 -c 1 -d 2 --json "$TMP/co.json" \
	"http://127.0.0.1:$PORT/delay?ms=10" >/dev/null || rc=$?
check "overload: clean run (exit $rc)" test "$rc" -eq 0
p99=$(json_get "$TMP/co.json" 'j["latency_us"]["p99"]')
raw99=$(json_get "$TMP/co.json" 'j["latency_raw_us"]["p99"]')
check "overload: p99 from the intended time over 500 ms ($p99 us)" \
	\
	jtrue "$TMP/co.json" \
	'j["latency_us"]["p99"] > 500000'
check "overload: raw p99 under 100 ms ($raw99 us)" \
	\
	jtrue "$TMP/co.json" \
	'j["latency_raw_us"]["p99"] < 100000'
check "overload: achieved rate about 100/s, backlog reported" \
	jtrue "$TMP/co.json" \
	'j["rps"] < 120 and j["backlog"] > 100'

# A response slower than --timeout closes the connection and is counted.
rc=0
timeout 60 "$LOADGEN" -t 1 -c 2 -d 1 --timeout 100ms --json "$TMP/to.json" \
	"http://127.0.0.1:$PORT/delay?ms=300" >/dev/null 2>&1 || rc=$?
check "slow responses: exit 1 (got $rc)" test "$rc" -eq 1
check "slow responses: counted as timeouts" \
	jtrue "$TMP/to.json" \
	'j["errors"]["timeout"] >= 2 and j["requests"] == 0'

done_testing
