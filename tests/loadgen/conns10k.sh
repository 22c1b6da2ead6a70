#!/usr/bin/env bash
# conns10k.sh - 10,000 busy connections, idle connections held open, many
# source addresses and connection churn, all with zero errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

SERVER=build/servers/epoll
need_built "$SERVER"
# Both the server and loadgen need an fd per connection and then some.
ulimit -n 20000

# lg NAME ARGS...: runs loadgen; exit status in rc, JSON in $TMP/NAME.json.
lg() {
	local name=$1
	shift
	rc=0
	timeout 120 "$LOADGEN" --json "$TMP/$name.json" "$@" \
		>"$TMP/$name.out" 2>&1 || rc=$?
	if ((rc != 0)); then
		sed 's/^/# /' "$TMP/$name.out"
	fi
}

start_server "$SERVER" --port 0
URL="http://127.0.0.1:$PORT/"

lg c10k -c 10000 -t 2 -d 3 --warmup 1 "$URL"
check "10,000 connections: exit 0 (got $rc)" test "$rc" -eq 0
n=$(json_get "$TMP/c10k.json" 'j["requests"]')
check "10,000 connections: all opened, none failed, $n requests" \
	\
	jtrue "$TMP/c10k.json" \
	'j["connections_opened"] >= 10000 and j["errors_total"] == 0 and
	 j["requests"] > 10000'

lg idle -c 10 -t 2 -d 1 --idle 5000 "$URL"
check "5,000 idle connections: exit 0 (got $rc)" test "$rc" -eq 0
check "5,000 idle connections: all still connected at the end" test \
	"$(json_get "$TMP/idle.json" 'j["idle_connected"]')" = 5000

lg sips -c 400 -t 2 -d 1 \
	--source-ips 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4 "$URL"
check "four source addresses: exit 0 (got $rc)" test "$rc" -eq 0
check "four source addresses: listed in the JSON" test \
	"$(json_get "$TMP/sips.json" 'len(j["config"]["source_ips"])')" = 4

lg churn -c 20 -t 2 -d 2 --new-conn "$URL"
check "a new connection per request: exit 0 (got $rc)" test "$rc" -eq 0
check "a new connection per request: one connect per request" \
	jtrue "$TMP/churn.json" \
	'j["connections_opened"] >= j["requests"] > 1000'
stop_server

start_server "$SERVER" --port 0 --proto echo
lg echo10k -c 10000 -t 2 -d 2 --size 256 "echo://127.0.0.1:$PORT"
check "10,000 echo connections: exit 0 (got $rc)" test "$rc" -eq 0
check "10,000 echo connections: no errors" \
	jtrue "$TMP/echo10k.json" \
	'j["errors_total"] == 0 and j["requests"] > 10000'

done_testing
