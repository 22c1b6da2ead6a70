#!/usr/bin/env bash
# idle-request.sh - --idle-request: every idle connection makes exactly one
# request, gets its answer, and then stays open and silent to the end.
#
# The busy connections run an open loop slow enough that each of their
# requests is due, sent and answered inside the measured window, so the
# JSON's "requests" is every request they made; the server's own summary
# line must then count exactly that many plus one per idle connection.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

SERVER=build/servers/epoll
need_built "$SERVER"
IDLE=50

# served_by_run NAME ARGS...: one run against a fresh server; leaves the
# exit status in rc, the JSON in $TMP/NAME.json and the requests the
# server says it served in served.
served_by_run() {
	local name=$1 summary
	shift
	start_server "$SERVER" --port 0
	rc=0
	timeout 60 "$LOADGEN" -c 2 -t 2 --rate 4 -d 2 --idle "$IDLE" \
		--json "$TMP/$name.json" "$@" "http://127.0.0.1:$PORT/" \
		>"$TMP/$name.out" 2>&1 || rc=$?
	if ((rc != 0)); then
		sed 's/^/# /' "$TMP/$name.out"
	fi
	summary=$(stop_server_summary)
	echo "# $summary"
	served=$(sed -n 's/.* \([0-9]*\) requests served.*/\1/p' \
		<<<"$summary")
}

served_by_run used --idle-request
check "--idle-request: exit 0 (got $rc)" test "$rc" -eq 0
active=$(json_get "$TMP/used.json" 'j["requests"]')
check "--idle-request: every busy request inside the window ($active)" \
	jtrue "$TMP/used.json" \
	'j["requests"] == 8 and j["backlog"] == 0 and j["errors_total"] == 0'
check "--idle-request: the server served $active + $IDLE (got ${served:-none})" \
	test "${served:-x}" = "$((active + IDLE))"
check "--idle-request: all $IDLE idle connections answered" test \
	"$(json_get "$TMP/used.json" 'j["idle_answered"]')" = "$IDLE"
check "--idle-request: all $IDLE still connected at the end" test \
	"$(json_get "$TMP/used.json" 'j["idle_connected"]')" = "$IDLE"
check "--idle-request: recorded in the JSON's config" \
	jtrue "$TMP/used.json" 'j["config"]["idle_request"] is True'
check "--idle-request: said in the summary" \
	grep -q "$IDLE answered their one request" "$TMP/used.out"

# Without the flag the same run leaves the idle connections unused.
served_by_run unused
check "plain --idle: exit 0 (got $rc)" test "$rc" -eq 0
active=$(json_get "$TMP/unused.json" 'j["requests"]')
check "plain --idle: the server served only the $active busy requests" \
	test "${served:-x}" = "$active"
check "plain --idle: none answered, all $IDLE connected at the end" \
	jtrue "$TMP/unused.json" \
	"j['idle_answered'] == 0 and j['idle_connected'] == $IDLE"

done_testing
