#!/usr/bin/env bash
# scripts/wrk-vs-nginx.sh - every server and nginx under the same wrk run.
#
# Runs `wrk -t1 -c100 -d5s http://127.0.0.1:PORT/` against each of our
# servers and against Debian's nginx (one worker, `return 200 "Hello,
# World!"`), the server pinned to one CPU and wrk to the other, in rounds
# that alternate the servers (A B C ... A B C ...) so that the machine's
# noise falls on all of them alike.  Prints the median requests/sec of
# each, its ratio to nginx, and any wrk errors.
#
# Usage: scripts/wrk-vs-nginx.sh [ROUNDS [DURATION]]   (default 3, 5s)
# Environment: MODELS="epoll libuv" to measure fewer servers.
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in
-h | --help)
	sed -n '2,13p' "$0"
	exit 0
	;;
*[!0-9]*)
	echo "wrk-vs-nginx: ROUNDS must be a number (try --help)" >&2
	exit 2
	;;
esac
rounds=${1:-3}
duration=${2:-5s}
models=${MODELS:-$(sed -n 's/^MODELS := //p' Makefile)}
server_cpu=0
client_cpu=1

for tool in wrk nginx taskset; do
	command -v "$tool" >/dev/null || {
		echo "wrk-vs-nginx: $tool not found (apt-get install wrk" \
			"nginx-light util-linux)" >&2
		exit 2
	}
done
for m in $models; do
	make -s "build/servers/$m"
done

# shellcheck source=scripts/nginx.bash
source scripts/nginx.bash
tmp=$(mktemp -d)
server_pid=
cleanup() {
	if [[ -n $server_pid ]]; then
		kill "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server NAME: starts it pinned, sets server_pid and port.
start_server() {
	local name=$1 line
	if [[ $name == nginx ]]; then
		nginx_start "$tmp/nginx" "$server_cpu"
		server_pid=$nginx_pid
		port=$nginx_port
		return
	fi
	coproc SRV { exec taskset -c "$server_cpu" "build/servers/$name" --port 0; }
	server_pid=$SRV_PID
	read -r -t 10 line <&"${SRV[0]}" || {
		echo "wrk-vs-nginx: $name did not start" >&2
		exit 1
	}
	port=${line##*:}
}

# cpu_ticks PID: user+system clock ticks of PID and its children (nginx's
# worker is a child of its master).
cpu_ticks() {
	local total=0 p f
	for p in "$1" $(pgrep -P "$1" || true); do
		f=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null) || continue
		total=$((total + ${f% *} + ${f#* }))
	done
	echo "$total"
}

stop_server() {
	kill "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=
}

read -r -a names <<<"nginx $models"
for ((r = 1; r <= rounds; r++)); do
	for name in "${names[@]}"; do
		start_server "$name"
		t0=$(cpu_ticks "$server_pid")
		out=$(taskset -c "$client_cpu" wrk -t1 -c100 -d"$duration" \
			"http://127.0.0.1:$port/")
		t1=$(cpu_ticks "$server_pid")
		stop_server
		rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
		reqs=$(awk '/requests in/ {print $1}' <<<"$out")
		us=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
			-v n="$reqs" 'BEGIN {printf "%.2f", t / hz * 1e6 / n}')
		echo "$name $us" >>"$tmp/cpu"
		errs=$(grep -E 'Socket errors|Non-2xx' <<<"$out" || true)
		echo "$name $rps" >>"$tmp/rps"
		[[ -n $errs ]] && echo "$name: $errs" >>"$tmp/errors"
		printf 'round %d/%d  %-16s %12s req/s %8s server CPU-us/req\n' \
			"$r" "$rounds" "$name" "$rps" "$us" >&2
	done
done

echo
echo "median of $rounds rounds, wrk -t1 -c100 -d$duration," \
	"server on CPU $server_cpu, wrk on CPU $client_cpu"
nginx_median=$(awk '$1=="nginx"{print $2}' "$tmp/rps" | sort -n |
	awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
median_of() {
	awk -v n="$2" '$1==n{print $2}' "$1" | sort -n |
		awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
printf '%-16s %12s %8s %18s\n' server req/s vs-nginx server-CPU-us/req
for name in "${names[@]}"; do
	median=$(median_of "$tmp/rps" "$name")
	printf '%-16s %12.0f %7.2fx %18s\n' "$name" "$median" \
		"$(awk -v a="$median" -v b="$nginx_median" 'BEGIN{print a/b}')" \
		"$(median_of "$tmp/cpu" "$name")"
done
if [[ -s $tmp/errors ]]; then
	echo "wrk reported errors:"
	cat "$tmp/errors"
	exit 1
fi
echo "no wrk errors"
