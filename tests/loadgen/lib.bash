# shellcheck shell=bash
# lib.bash - helpers for the load generator's shell tests (sourced, so it
# is not executable and tests/run does not run it).

LOADGEN=${LOADGEN:-build/loadgen}
SERVER_PID=
# The server's stdout, left open after its "listening on" line.
SERVER_FD=
# Set by start_server for the scripts that source this file.
# shellcheck disable=SC2034
PORT=
tap_n=0
tap_failed=0

# ok COND_STATUS WHAT: prints one TAP line for the status of the last test.
ok() {
	local rc=$1
	shift
	tap_n=$((tap_n + 1))
	if ((rc == 0)); then
		echo "ok $tap_n - $*"
	else
		echo "not ok $tap_n - $*"
		tap_failed=$((tap_failed + 1))
	fi
}

# check WHAT COMMAND...: runs COMMAND and reports it as one TAP line.
check() {
	local what=$1 rc=0
	shift
	"$@" || rc=$?
	ok "$rc" "$what"
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $*"
}

# need_built PATH: the suite cannot run without PATH; `make test` always
# builds it, so its absence is a failure, not a skip.
need_built() {
	if [[ ! -x $1 ]]; then
		tap_n=$((tap_n + 1))
		echo "not ok $tap_n - $1 is not built (run make)"
		echo "1..$tap_n"
		exit 1
	fi
}

done_testing() {
	echo "1..$tap_n"
	((tap_failed == 0))
}

# start_server COMMAND...: starts a server that prints "listening on
# HOST:PORT" and sets SERVER_PID, SERVER_FD and PORT, waiting at most 10 s
# for the line.
start_server() {
	local line
	exec {SERVER_FD}< <(exec "$@")
	SERVER_PID=$!
	if ! read -r -t 10 -u "$SERVER_FD" line; then
		echo "# server '$*' did not say it was listening" >&2
		return 1
	fi
	# shellcheck disable=SC2034
	PORT=${line##*:}
}

stop_server() {
	if [[ -n $SERVER_PID ]]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
	if [[ -n $SERVER_FD ]]; then
		exec {SERVER_FD}<&-
		SERVER_FD=
	fi
}

# stop_server_summary: stops the server with SIGTERM and prints its
# summary line ("...: stopped: N connections accepted, N requests served,
# N connections refused"), waiting at most 10 s for it.
stop_server_summary() {
	local line
	kill "$SERVER_PID" 2>/dev/null || true
	while read -r -t 10 -u "$SERVER_FD" line; do
		if [[ $line == *": stopped: "* ]]; then
			echo "$line"
			break
		fi
	done
	stop_server
}

# json_get FILE EXPR: prints a value from a JSON file, EXPR in Python
# syntax on the object j, for example 'j["errors"]["mismatch"]'.
json_get() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(eval("(" + sys.argv[2] + ")"))' "$1" "$2"
}

# jtrue FILE EXPR: succeeds when EXPR (see json_get) is true.
jtrue() {
	[[ $(json_get "$1" "$2") == True ]]
}

TMP=$(mktemp -d)
trap 'stop_server; rm -rf "$TMP"' EXIT
