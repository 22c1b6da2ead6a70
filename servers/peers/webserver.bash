# webserver.bash - sourced by the launchers of the real servers (nginx,
# apache-prefork, apache-worker, apache-event, lighttpd): what keeps each
# of them behind docs/DESIGN.md's server contract, so a launcher holds only its
# server's configuration and its notes on the model.
# shellcheck shell=bash disable=SC2034  # its variables are the launchers'
#
# A real server cannot print `listening on HOST:PORT`, pick a free port or
# print our summary line, so its launcher does it:
#
#   peer_parse "$@"        the contract's flags (every one accepted, a bad
#                          one: usage on stderr, exit 2; --proto echo: a
#                          clear refusal, exit 2), and --sized N
#   peer_about KIND ...    the --about line: the fields every model prints,
#                          then peer, language, endpoints and the KEY=JSON
#                          pairs given (values are JSON already)
#   peer_make_dir          makes the run folder, $dir
#   peer_start CONFIG CMD... picks a free port (bind port 0 in Python,
#                          read it, close it), calls the function CONFIG
#                          to write the server's configuration for $port,
#                          starts CMD and waits until GET / answers 200,
#                          then prints `listening on`; a port taken in
#                          between (another process was faster) means a
#                          new port and a new try
#   peer_serve COUNTS      waits; SIGTERM or SIGINT call the function
#                          COUNTS (it prints "ACCEPTED REQUESTS REFUSED",
#                          numbers or n/a), stop the server and every
#                          process under it, print the summary line and
#                          exit 0
#
# Two configurations.  By default a server runs as Debian configures it
# (its package's own settings for processes, threads and connections), as
# its users run it.  --sized N sizes it in advance for N connections
# instead (the pools started up front, the connection tables and
# descriptor limits raised), as a benchmark of 10,000 connections needs.
# The launcher sets peer_configs, the paragraph --help prints about the
# two; --about says which one runs ("config": "debian" or "sized", and
# "sized": N or null).
#
# The run folder is $TVE_PEER_DIR when set (kept afterwards, for the logs),
# else a private temporary folder removed at exit.  Run as root, the
# servers' workers run as www-data, as Debian runs them; as any other user
# they stay that user.  The server gets PR_SET_PDEATHSIG (setpriv), so a
# launcher killed outright takes its server with it.  The kernel clears
# that setting when a process changes its user, so a server that would
# drop root itself (lighttpd) is started as www-data instead, setpriv
# changing the user first (peer_setpriv holds setpriv's extra flags).

peer_name=${peer_name:?}
peer_summary=${peer_summary:-}
proto=http
host=127.0.0.1
port=8080
workers=1
workers_given=0
idle_timeout=60
header_timeout=10
sized=0
peer_configs=${peer_configs:-}
want_about=0
workers_honoured=${workers_honoured:-0}
peer_counts=peer_no_counts
dir=
keep_dir=0
server_pid=
peer_setpriv=()
probe_conns=0
probe_reqs=0
run_user=$(id -un)
if ((EUID == 0)); then
	run_user=www-data
fi

peer_usage() {
	cat <<USAGE
usage: $peer_name [options]

$peer_summary

$peer_configs

The threads-vs-events peer $peer_name: Debian's server, started with a
configuration written for it.  Serves GET / (200, text/plain, "Hello,
World!").  Prints \`listening on HOST:PORT\` when it answers; SIGINT or
SIGTERM stops it and every process under it with a summary line.

options:
  --proto http|echo     protocol (this peer serves http only)
  --host ADDR           address to listen on (default 127.0.0.1)
  --port N              port; 0 picks a free one (default 8080)
  --workers N           see above
  --idle-timeout S      close idle keep-alive connections (default 60)
  --header-timeout S    close clients whose request head is late (default 10)
  --sized N             size the server in advance for N connections
                        (1 to 1000000) instead of Debian's configuration
  --about               print what this peer is as one JSON line
  --help                this text

Flags this peer has no use for (--stack-kib, --blocking, --offload) are
accepted and ignored.  TVE_PEER_DIR=DIR keeps the configuration and logs
in DIR.
USAGE
}

peer_bad_flag() {
	printf '%s: %s\n\n' "$peer_name" "$1" >&2
	peer_usage >&2
	exit 2
}

# peer_number VALUE MIN MAX FLAG: VALUE if it is a number in range.
peer_number() {
	if [[ ! $1 =~ ^[0-9]{1,9}$ ]] || (($1 < $2 || $1 > $3)); then
		peer_bad_flag "$4 takes $2 to $3: '$1'"
	fi
	printf '%d' "$((10#$1))"
}

peer_parse() {
	local flag value
	while (($#)); do
		flag=$1
		value=
		shift
		case $flag in
		--*=*)
			value=${flag#*=}
			flag=${flag%%=*}
			;;
		--proto | --host | --port | --workers | --stack-kib | \
			--idle-timeout | --header-timeout | --sized)
			(($#)) || peer_bad_flag "$flag needs a value"
			value=$1
			shift
			;;
		esac
		case $flag in
		--proto)
			[[ $value == http || $value == echo ]] ||
				peer_bad_flag "--proto takes http or echo: '$value'"
			proto=$value
			;;
		--host) host=$value ;;
		--port) port=$(peer_number "$value" 0 65535 --port) ;;
		--workers)
			workers=$(peer_number "$value" 1 100000 --workers)
			workers_given=1
			;;
		--stack-kib) peer_number "$value" 0 1073741824 --stack-kib \
			>/dev/null ;;
		--idle-timeout)
			idle_timeout=$(peer_number "$value" 1 86400 --idle-timeout)
			;;
		--header-timeout)
			header_timeout=$(peer_number "$value" 1 86400 \
				--header-timeout)
			;;
		--sized) sized=$(peer_number "$value" 1 1000000 --sized) ;;
		--blocking | --offload) ;;
		--about) want_about=1 ;;
		-h | --help)
			peer_usage
			exit 0
			;;
		*) peer_bad_flag "unknown or incomplete option: '$flag'" ;;
		esac
	done
	if [[ $proto != http ]] && ((!want_about)); then
		echo "$peer_name: serves HTTP only; --proto $proto is not" \
			"supported" >&2
		exit 2
	fi
}

# peer_json_str TEXT: TEXT as a JSON string (ours are plain ASCII).
peer_json_str() {
	local s=${1//\\/\\\\}
	printf '"%s"' "${s//\"/\\\"}"
}

peer_revision() {
	git -C "$(dirname "${BASH_SOURCE[0]}")" describe --always --dirty \
		2>/dev/null || echo unknown
}

# peer_about KIND THREADS PROCESSES PER_CONNECTION LIBRARY VERSION POLLER
#            ENDPOINTS [KEY=JSON...]: prints the --about line.
# PER_CONNECTION and POLLER are JSON (null or a string); ENDPOINTS is a
# JSON list.
peer_about() {
	local kind=$1 threads=$2 processes=$3 per_conn=$4 library=$5
	local version=$6 poller=$7 endpoints=$8 pair
	shift 8
	printf '{"name":%s,"kind":%s,"threads":%d,"processes":%d,' \
		"$(peer_json_str "$peer_name")" "$(peer_json_str "$kind")" \
		"$threads" "$processes"
	printf '"per_connection":%s,"library":%s,"library_version":%s,' \
		"$per_conn" "$(peer_json_str "$library")" \
		"$(peer_json_str "$version")"
	printf '"honours":%s,"poller":%s,"protocols":["http"],' \
		"$( ((workers_honoured)) && echo '["--workers"]' || echo '[]')" \
		"$poller"
	printf '"revision":%s,"peer":true,"language":"c","endpoints":%s,' \
		"$(peer_json_str "$(peer_revision)")" "$endpoints"
	printf '"runs_as":%s,' "$(peer_json_str "$run_user")"
	if ((sized)); then
		printf '"config":"sized","sized":%d' "$sized"
	else
		printf '"config":"debian","sized":null'
	fi
	for pair in "$@"; do
		printf ',"%s":%s' "${pair%%=*}" "${pair#*=}"
	done
	printf '}\n'
}

# peer_raise_nofile: raises our soft descriptor limit to the hard one (the
# server inherits it; the servers cannot raise the hard limit without
# CAP_SYS_RESOURCE) and sets nofile to it.
peer_raise_nofile() {
	local hard
	hard=$(ulimit -Hn)
	[[ $hard == unlimited ]] && hard=1048576
	ulimit -n "$hard" 2>/dev/null || true
	nofile=$(ulimit -n)
}

# peer_need BINARY: the server is installed, or a clear message and exit 1.
peer_need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	PATH=$PATH:/usr/sbin:/sbin command -v "$1" >/dev/null 2>&1 && return 0
	echo "$peer_name: $1 is not installed (scripts/install-deps installs" \
		"it)" >&2
	exit 1
}

peer_cleanup() {
	if [[ -n $dir ]] && ((!keep_dir)); then
		rm -rf -- "$dir"
	fi
}

peer_make_dir() {
	if [[ -n ${TVE_PEER_DIR:-} ]]; then
		dir=$(readlink -m "$TVE_PEER_DIR")
		keep_dir=1
		mkdir -p "$dir"
	else
		dir=$(mktemp -d "${TMPDIR:-/tmp}/tve-$peer_name.XXXXXX")
		trap peer_cleanup EXIT
	fi
	# The workers (www-data when we are root) read the files in here.
	chmod 755 "$dir"
}

# peer_bind_port PORT: binds HOST:PORT (0: any free port) as the server
# will (SO_REUSEADDR), prints the port and lets it go; fails when taken.
peer_bind_port() {
	local py=python3
	[[ -x /usr/bin/python3 ]] && py=/usr/bin/python3
	"$py" -c 'import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[1], int(sys.argv[2])))
except OSError as e:
    sys.exit("%s:%s: %s" % (sys.argv[1], sys.argv[2], e.strerror))
print(s.getsockname()[1])' "$host" "$1"
}

# The address a client connects to: a wildcard host means this machine.
peer_connect_host() {
	case $host in
	0.0.0.0 | "") echo 127.0.0.1 ;;
	:: | "[::]") echo ::1 ;;
	*) echo "$host" ;;
	esac
}

# peer_probe: GET / over a fresh connection answers 200 (within 2 s).
peer_probe() {
	local fd line=
	exec {fd}<>"/dev/tcp/$(peer_connect_host)/$port" || return 1
	probe_conns=$((probe_conns + 1))
	printf 'GET / HTTP/1.0\r\nHost: peer\r\n\r\n' >&"$fd" || true
	if IFS= read -r -t 2 line <&"$fd"; then
		probe_reqs=$((probe_reqs + 1))
	fi
	exec {fd}>&-
	[[ $line == "HTTP/1."[01]" 200"* ]]
}

# peer_alive PID[:START]: the process exists, is not a zombie and, when
# START is given, started at that time (/proc/PID/stat's field 22), so a
# pid reused by another process since is not taken for ours.  No fork:
# this runs for every process of a pool of thousands.
peer_alive() {
	local stat fields
	{ read -r stat <"/proc/${1%%:*}/stat"; } 2>/dev/null || return 1
	read -ra fields <<<"${stat##*) }"
	[[ ${fields[0]} != Z ]] && [[ $1 != *:* || ${fields[19]} == "${1#*:}" ]]
}

# peer_tree PID: PID and every live process under it, one PID:START (see
# peer_alive) a line, from one look at the process table: one cat and one
# awk however many thousand processes a pool has.  (/proc/PID/stat starts
# "PID (comm) STATE PPID"; comm may hold spaces, so the fields are counted
# after its last parenthesis.)
peer_tree() {
	# A process may end between the glob and cat's open: not an error.
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
		{
			rest = $0
			sub(/.*\) /, "", rest)
			split(rest, f, " ")
			if (f[1] == "Z")
				next
			kids[f[2]] = kids[f[2]] " " $1
			start[$1] = f[20]
		}
		END {
			if (!(root in start))
				exit
			q[n = 1] = root
			for (i = 1; i <= n; i++) {
				print q[i] ":" start[q[i]]
				m = split(kids[q[i]], k, " ")
				for (j = 1; j <= m; j++)
					q[++n] = k[j]
			}
		}'
}

# peer_now_us: the wall clock in microseconds, without a fork.
peer_now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$((10#$t))"
}

# peer_wait_gone SECONDS IDS: waits until none of the processes in IDS
# (PID:START words, see peer_alive) is alive, or SECONDS have passed, by
# the clock (however slowly a loaded machine runs this loop).  True when
# all are gone.  IDS is one word list (thousands of PID:START words for a
# large pool).
peer_wait_gone() {
	local end id
	end=$(($(peer_now_us) + $1 * 1000000))
	for id in $2; do
		while peer_alive "$id"; do
			(($(peer_now_us) < end)) || return 1
			sleep 0.01
		done
	done
}

# peer_start CONFIG CMD...: see the top of this file.  Sets server_pid.
peer_start() {
	local config=$1 deadline ready answered fixed_port=$port
	shift
	# The stop runs in the trap: a trapped signal ends a `wait` at once,
	# and a signal that comes between two commands is not lost.  Nothing
	# in it may fail under `set -e` (bash reports "pop_var_context" when
	# errexit unwinds a trap inside functions).
	trap peer_stop TERM INT
	# Our probe must reach our server, not one already on a given port.
	if ((fixed_port)) && ! peer_bind_port "$port" >/dev/null; then
		echo "$peer_name: cannot listen there" >&2
		exit 1
	fi
	for _ in 1 2 3 4 5; do
		((fixed_port)) || port=$(peer_bind_port 0)
		"$config"
		if command -v setpriv >/dev/null 2>&1; then
			setpriv --pdeathsig TERM "${peer_setpriv[@]}" -- "$@" \
				>>"$dir/server.out" 2>&1 </dev/null &
		else
			"$@" >>"$dir/server.out" 2>&1 </dev/null &
		fi
		server_pid=$!
		deadline=$((SECONDS + 60))
		ready=0
		answered=0
		while ((SECONDS < deadline)) && peer_alive "$server_pid"; do
			if ((answered)) || peer_probe 2>/dev/null; then
				answered=1
				if peer_ready; then
					ready=1
					break
				fi
			fi
			sleep 0.02
		done
		if ((ready)) && peer_alive "$server_pid"; then
			echo "listening on $host:$port"
			return 0
		fi
		peer_kill_tree
		if ((!fixed_port)) && grep -qsi 'address already in use' \
			"$dir"/*.log "$dir/server.out"; then
			echo "$peer_name: port $port was taken; trying another" >&2
			continue
		fi
		break
	done
	echo "$peer_name: the server did not come up; its messages:" >&2
	tail -n 20 "$dir"/*.log "$dir/server.out" >&2 2>/dev/null || true
	exit 1
}

# peer_ready: more than answering GET / (a launcher may redefine it: the
# Apache launchers wait for their whole pool of processes).
peer_ready() {
	return 0
}

# peer_kill_tree: SIGTERM to the server, up to 6 s for it to stop its
# children and exit, then SIGKILL to whatever of its tree is left (each
# process checked to be the same one, not a pid reused meanwhile), and up
# to 2 s for those to go: some 8 s in all, by the clock, inside the 10 s
# the contract's "promptly" allows even for a pool of thousands of
# processes on a loaded machine.
peer_kill_tree() {
	local tree p
	[[ -n $server_pid ]] || return 0
	tree=$(peer_tree "$server_pid")
	kill -TERM "$server_pid" 2>/dev/null || true
	# The first line is the server itself.
	peer_wait_gone 6 "${tree%%$'\n'*}" || true
	for p in $tree; do
		if peer_alive "$p"; then
			kill -KILL "${p%%:*}" 2>/dev/null || true
		fi
	done
	wait "$server_pid" 2>/dev/null || true
	# The children are gone when their parent has reaped them; give
	# their exit a moment to be complete before we report.
	peer_wait_gone 2 "$tree" || true
	server_pid=
}

peer_stop() {
	local counts a r f
	trap '' TERM INT
	counts=$("$peer_counts" 2>/dev/null) || counts="n/a n/a n/a"
	read -r a r f <<<"$counts"
	peer_kill_tree
	echo "$peer_name: stopped: ${a:-n/a} connections accepted," \
		"${r:-n/a} requests served, ${f:-n/a} connections refused"
	exit 0
}

# peer_serve COUNTS: see the top of this file.
peer_serve() {
	local rc=0
	peer_counts=$1
	while peer_alive "$server_pid"; do
		wait "$server_pid" || rc=$?
	done
	echo "$peer_name: the server exited by itself (status $rc); its" \
		"messages:" >&2
	tail -n 20 "$dir"/*.log "$dir/server.out" >&2 2>/dev/null || true
	exit 1
}

# No counts at all (a server that keeps none we can read cheaply).
peer_no_counts() {
	echo "n/a n/a n/a"
}
