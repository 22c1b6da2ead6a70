#!/usr/bin/env bash
# usage.sh - bad input gets one clear line on stderr and exit 2.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/loadgen/lib.bash disable=SC1091
source tests/loadgen/lib.bash

# expect_usage WHAT ARGS...: loadgen ARGS must exit 2 with one stderr line.
expect_usage() {
	local what=$1 rc=0 lines
	shift
	timeout 30 "$LOADGEN" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	lines=$(wc -l <"$TMP/err")
	check "$what: exit 2 (got $rc), one line ($(head -c 100 "$TMP/err"))" \
		test "$rc" -eq 2 -a "$lines" -eq 1 -a ! -s "$TMP/out"
}

# A port that nothing listens on: bind one, note it, close it.
free_port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

expect_usage "bad scheme" ftp://127.0.0.1:80/
expect_usage "bad port" http://127.0.0.1:0/
expect_usage "no URL" -c 10
expect_usage "unknown flag" --frobnicate http://127.0.0.1:80/
expect_usage "bad number" -c ten http://127.0.0.1:80/
expect_usage "bad duration" -d 10y http://127.0.0.1:80/
expect_usage "unresolvable host" http://no-such-host.invalid:80/
expect_usage "unreachable server" -d 1 "http://127.0.0.1:$free_port/"
expect_usage "--idle-request without --idle" --idle-request \
	http://127.0.0.1:80/
expect_usage "--idle-request on echo://" --idle 5 --idle-request \
	echo://127.0.0.1:80
expect_usage "--idle-request on ws://" --idle-request --rate 5 \
	ws://127.0.0.1:80/ws
expect_usage "--idle-request with --new-conn" --idle 5 --idle-request \
	--new-conn http://127.0.0.1:80/
expect_usage "unreachable echo server" -d 1 "echo://127.0.0.1:$free_port"

rc=0
"$LOADGEN" --help >"$TMP/out" 2>&1 || rc=$?
check "--help exits 0 and lists the flags" test "$rc" -eq 0 -a \
	"$(grep -c -e --rate -e --source-ips -e --new-conn "$TMP/out")" -ge 3

done_testing
