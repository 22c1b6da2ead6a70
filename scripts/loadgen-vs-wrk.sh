#!/usr/bin/env bash
# loadgen-vs-wrk.sh - is our load generator cheaper than wrk?
#
# Runs wrk and build/loadgen alternately (A B A B ...) against the same
# server, the server pinned to CPU 0 and the client to CPU 1, and prints
# for each the median requests/s and the client's CPU microseconds per
# request (user + sys of the client process over its requests).  With one
# client thread and enough connections the client's own core is the limit,
# so the requests/s ratio is the ratio of the clients' speeds.  The
# machine is shared and noisy: that is why the runs alternate and the
# medians are quoted.
#
# Usage: scripts/loadgen-vs-wrk.sh [-c CONNS] [-d SECONDS] [-n ROUNDS]
#                                  [-s epoll|nginx] [-p PIPELINE]
set -euo pipefail
cd "$(dirname "$0")/.."

conns=50
secs=5
rounds=5
server=epoll
pipeline=1
if [[ ${1:-} == --help ]]; then
	sed -n '2,14p' "$0"
	exit 0
fi
while getopts c:d:n:s:p:h opt; do
	case $opt in
	c) conns=$OPTARG ;;
	d) secs=$OPTARG ;;
	n) rounds=$OPTARG ;;
	s) server=$OPTARG ;;
	p) pipeline=$OPTARG ;;
	h)
		sed -n '2,14p' "$0"
		exit 0
		;;
	*)
		sed -n '2,15p' "$0" >&2
		exit 2
		;;
	esac
done

tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=scripts/nginx.bash
source scripts/nginx.bash
make -s build/loadgen
case $server in
epoll)
	make -s build/servers/epoll
	exec {sfd}< <(exec taskset -c 0 build/servers/epoll --port 0)
	server_pid=$!
	read -r -t 10 -u "$sfd" line
	port=${line##*:}
	;;
nginx)
	nginx_start "$tmp/nginx" 0
	server_pid=$nginx_pid
	port=$nginx_port
	;;
*)
	echo "loadgen-vs-wrk: unknown server '$server'" >&2
	exit 2
	;;
esac
url="http://127.0.0.1:$port/"
curl -sf -o /dev/null "$url"

wrk_args=()
if ((pipeline > 1)); then
	# wrk pipelines only through Lua.
	cat >"$tmp/pipeline.lua" <<LUA
init = function(args)
	local r = {}
	for i = 1, $pipeline do r[i] = wrk.format(nil) end
	req = table.concat(r)
end
request = function() return req end
LUA
	wrk_args=(-s "$tmp/pipeline.lua")
fi

# run TOOL: one measured run; appends "rps cpu_us_per_request" to
# $tmp/TOOL.
run() {
	local tool=$1 out="$tmp/out" cpu
	local TIMEFORMAT='%U %S'
	if [[ $tool == wrk ]]; then
		cpu=$({ time taskset -c 1 wrk -t 1 -c "$conns" -d "${secs}s" \
			"${wrk_args[@]}" "$url" >"$out"; } 2>&1)
	else
		cpu=$({ time taskset -c 1 build/loadgen -t 1 -c "$conns" \
			-d "$secs" --pipeline "$pipeline" "$url" >"$out" \
			2>/dev/null; } 2>&1)
	fi
	awk -v cpu="$cpu" '
		/requests in/ { n = $1 }
		/^Requests\/sec:/ { rps = $2 }
		END {
			split(cpu, t, " ")
			printf "%.0f %.3f\n", rps, (t[1] + t[2]) * 1e6 / n
		}' "$out" >>"$tmp/$tool"
	tail -n 1 "$tmp/$tool" | awk -v t="$tool" \
		'{ printf "  %-8s %9s req/s %7s CPU-us/req\n", t, $1, $2 }'
}

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "server $server (CPU 0) at $url, client on CPU 1, 1 thread," \
	"$conns connections, pipeline $pipeline, ${secs}s x $rounds rounds"
for ((i = 1; i <= rounds; i++)); do
	echo "round $i"
	run wrk
	run loadgen
done

wrk_rps=$(cut -d' ' -f1 "$tmp/wrk" | median)
lg_rps=$(cut -d' ' -f1 "$tmp/loadgen" | median)
wrk_cpu=$(cut -d' ' -f2 "$tmp/wrk" | median)
lg_cpu=$(cut -d' ' -f2 "$tmp/loadgen" | median)
echo "median requests/s:   wrk $wrk_rps, loadgen $lg_rps," \
	"ratio $(awk -v a="$lg_rps" -v b="$wrk_rps" 'BEGIN { printf "%.2f", a / b }')x"
echo "median CPU-us/req:   wrk $wrk_cpu, loadgen $lg_cpu," \
	"ratio $(awk -v a="$lg_cpu" -v b="$wrk_cpu" 'BEGIN { printf "%.2f", a / b }')x"
