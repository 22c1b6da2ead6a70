#!/usr/bin/env bash
# scripts/ws-max-clients.sh - the websocket-shootout's figure for every model:
# the most subscribers whose broadcast round trip stays under 250 ms (p95).
#
# For each model, starts build/servers/MODEL on CPU 0 and runs
#   loadgen -c MAX --step STEP --broadcasters 10 --rate RATE -d 1s ws://...
# on CPU 1: subscribers are added STEP at a time, and at each step the
# broadcasters send RATE broadcasts a second in all for a second.  Prints a
# Markdown table: the figure, and the round trip p95 at the last step.
#
# Usage: scripts/ws-max-clients.sh [MAX [STEP [RATE]]]   (default 10000
#        1000 10).  Environment: MODELS="epoll thread-per-conn" to measure
#        fewer; the default is every model whose --about lists ws.
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in
-h | --help)
	sed -n '2,14p' "$0"
	exit 0
	;;
esac
max=${1:-10000}
step=${2:-1000}
rate=${3:-10}
for n in "$max" "$step" "$rate"; do
	if [[ ! $n =~ ^[0-9]+$ ]] || ((n == 0)); then
		echo "ws-max-clients: MAX, STEP and RATE are positive numbers" \
			"(try --help)" >&2
		exit 2
	fi
done
models=${MODELS:-$(sed -n 's/^MODELS := //p' Makefile)}
make -s loadgen servers >/dev/null
ulimit -n "$(ulimit -Hn)"

tmp=$(mktemp -d)
server=
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "| model | max clients (round trip p95 < 250 ms) | steps passed | p95 at the last step (ms) |"
echo "|---|---:|---:|---:|"
for m in $models; do
	bin=build/servers/$m
	"$bin" --about | grep -q '"ws"' || continue
	echo "ws-max-clients: $m" >&2
	coproc SRV { exec taskset -c 0 "$bin" --port 0 --idle-timeout 600 2>&1; }
	server=$SRV_PID
	port=
	while IFS= read -r -t 10 line <&"${SRV[0]}"; do
		if [[ $line =~ listening\ on\ [^:]+:([0-9]+) ]]; then
			port=${BASH_REMATCH[1]}
			break
		fi
	done
	if [[ -z $port ]]; then
		echo "| $m | server did not start | | |"
		kill "$server" 2>/dev/null || true
		server=
		continue
	fi
	taskset -c 1 build/loadgen -t 1 -c "$max" --step "$step" \
		--broadcasters 10 --rate "$rate" -d 1s --json "$tmp/$m.json" \
		"ws://127.0.0.1:$port/ws" >"$tmp/$m.out" 2>&1 || true
	kill "$server" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
	server=
	python3 - "$tmp/$m.json" "$m" <<'EOF'
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print(f"| {sys.argv[2]} | no result | | |")
    sys.exit()
steps = j.get("ws", {}).get("steps", [])
ok = [s for s in steps if s.get("ok") and s.get("rtt_p95_ms", 1e9) < 250]
best = max((s["clients"] for s in ok), default=0)
last = steps[-1] if steps else {}
p95 = last.get("rtt_p95_ms")
print(f"| {sys.argv[2]} | {best:,} | {len(ok)} of {len(steps)} | "
      f"{p95:.1f} |" if p95 is not None else
      f"| {sys.argv[2]} | {best:,} | {len(ok)} of {len(steps)} | - |")
EOF
done
