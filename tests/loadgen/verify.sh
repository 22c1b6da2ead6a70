#!/usr/bin/env bash
# verify.sh - every response is checked: a server that corrupts one echo
# byte, sends a wrong Content-Length or a 500 is caught, counted under the
# right kind, and makes loadgen exit 1; a correct one gives exit 0.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

FAKE=tests/loadgen/fakeserver.py

# run_mode MODE URL_SCHEME EXTRA_ARGS...: runs loadgen against fakeserver
# in MODE for one second; leaves the exit status in rc and JSON in $TMP.
run_mode() {
	local mode=$1 scheme=$2
	shift 2
	start_server python3 "$FAKE" "$mode"
	rc=0
	timeout 60 "$LOADGEN" -c 4 -t 2 -d 1 --timeout 500ms \
		--json "$TMP/$mode.json" "$@" "$scheme://127.0.0.1:$PORT/" \
		>"$TMP/$mode.out" 2>&1 || rc=$?
	stop_server
}

run_mode http-ok http
check "correct HTTP server: exit 0 (got $rc)" test "$rc" -eq 0
check "correct HTTP server: no errors, some requests" \
	jtrue "$TMP/http-ok.json" \
	'j["errors_total"] == 0 and j["requests"] > 0'

run_mode http-ok http --pipeline 8
check "correct HTTP server, pipelined: exit 0 (got $rc)" test "$rc" -eq 0

run_mode http-long-cl http
check "Content-Length too long: exit 1 (got $rc)" test "$rc" -eq 1
check "Content-Length too long: counted as timeout or status errors" \
	jtrue "$TMP/http-long-cl.json" \
	'j["errors"]["timeout"] + j["errors"]["status"] > 0'

run_mode http-short-cl http
check "Content-Length too short: exit 1 (got $rc)" test "$rc" -eq 1
check "Content-Length too short: counted as status errors" \
	jtrue "$TMP/http-short-cl.json" \
	'j["errors"]["status"] > 0'

run_mode http-500 http
check "status 500: exit 1 (got $rc)" test "$rc" -eq 1
check "status 500: every response counted as a status error" \
	jtrue "$TMP/http-500.json" \
	'j["errors"]["status"] >= j["requests"] > 0'

run_mode echo-ok echo --size 1000
check "correct echo server: exit 0 (got $rc)" test "$rc" -eq 0
check "correct echo server: requests, no errors" \
	jtrue "$TMP/echo-ok.json" \
	'j["errors_total"] == 0 and j["requests"] > 0'

run_mode echo-corrupt echo --size 1000
check "one corrupted echo byte: exit 1 (got $rc)" test "$rc" -eq 1
check "one corrupted echo byte: exactly one mismatch" test \
	"$(json_get "$TMP/echo-corrupt.json" 'j["errors"]["mismatch"]')" = 1
check "the error is reported on stderr" grep -q "errors" \
	"$TMP/echo-corrupt.out"

run_mode echo-corrupt echo --size 64 --pipeline 4
check "one corrupted byte, pipelined small messages: one mismatch" test \
	"$(json_get "$TMP/echo-corrupt.json" 'j["errors"]["mismatch"]')" = 1

# Connects that hang must end at the connect timeout and be counted.
start_server python3 "$FAKE" no-accept
rc=0
timeout 60 "$LOADGEN" -c 6 -t 1 -d 1 --connect-timeout 200ms \
	--json "$TMP/na.json" "http://127.0.0.1:$PORT/" >/dev/null 2>&1 || rc=$?
stop_server
check "hanging connects: exit 1 (got $rc)" test "$rc" -eq 1
check "hanging connects: counted as connect errors" \
	jtrue "$TMP/na.json" \
	'j["errors"]["connect"] > 0'

done_testing
