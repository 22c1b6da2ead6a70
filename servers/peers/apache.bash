# apache.bash - sourced by apache-prefork, apache-worker and apache-event:
# Debian's apache2 with one of its three MPMs (multi-processing modules,
# the part of Apache that decides who waits for what), configured and run
# behind the server contract by webserver.bash.
# shellcheck shell=bash disable=SC2154  # the launcher sets mpm, kind...
#
# The launcher sets, before sourcing this file:
#   peer_name, peer_summary   as webserver.bash wants them
#   mpm                       prefork, worker or event
#   kind, per_connection, poller   its --about answers (JSON for the last
#                             two)
#
# Two configurations of the MPM (webserver.bash, --sized):
# - By default, Debian's own: the directives of
#   /etc/apache2/mods-available/mpm_<mpm>.conf, read from that file (Debian
#   12's values when it is missing): prefork starts 5 processes and grows
#   to 150; worker and event start 2 processes of 25 threads and grow to
#   150 threads, up to 64 a process.  Apache grows its pool as connections
#   come, by at most 32 processes a second.
# - --sized N: a pool for N connections started at once and kept
#   (StartServers = the pool, spare limits that never trim it): N
#   processes (prefork), or N threads in processes of 64 (worker, event).
#   The suite measures a fresh server for a second or two, and an
#   on-demand pool would measure how fast Apache forks, not what its model
#   costs.  So memory is the pool's from the first point on, and
#   `listening on` waits until the whole pool is up.
#
# What both share:
# - GET / is mod_alias mapping "/" to a 13-byte file (ForceType
#   text/plain); the document root is an empty folder, so anything else is
#   404.  mod_authz_core grants access.  No other module: no access log
#   (no CustomLog), no mod_reqtimeout, no .htaccess lookups.
# - AcceptFilter http none: Apache's default on Linux, TCP_DEFER_ACCEPT,
#   has the kernel hold a new connection until its first bytes arrive, so
#   the suite's idle connections (which stand for keep-alive ones, and
#   send nothing) would never reach Apache and cost it nothing.
# - Keep-alive without a request limit (MaxKeepAliveRequests 0);
#   KeepAliveTimeout is --idle-timeout, and Timeout (how long a read may
#   wait, also for a new connection's first request) the longer of
#   --idle-timeout and --header-timeout.
# - /delay and /cpu would take a scripting module (mod_lua, CGI): not
#   served, and --about says so ("endpoints": ["/"]).
# - Apache will not run its children as root: run as root, they run as
#   www-data, as Debian runs them; the parent stays root.
# - Its parent signals its whole process group when it stops, so it runs
#   in a session of its own (setsid), away from the launcher and the
#   harness; SIGTERM stops it and its children at once.
# - --workers is accepted and ignored (a pool of 16 would not hold the
#   suite's connections; --sized sets the pool).  Apache keeps no counts
#   it tells without mod_status's per-request bookkeeping: the summary
#   says n/a.

# shellcheck source=servers/peers/webserver.bash
. "$(dirname "${BASH_SOURCE[0]}")/webserver.bash"

MODULES=/usr/lib/apache2/modules
DEBIAN_MPM_CONF=/etc/apache2/mods-available/mpm_$mpm.conf

# The MPM's directives, name -> value.
declare -A mpm_set
# shellcheck disable=SC2034  # the launcher's peer_configs, for --help
peer_configs="Configuration: by default Debian's own MPM settings, from
$DEBIAN_MPM_CONF (a pool that starts small and
grows to MaxRequestWorkers); --sized N starts a pool for N connections
at once and keeps it."

# debian_mpm: Debian's directives for this MPM, from its file when there
# is one, else Debian 12's values.
debian_mpm() {
	local name value _
	if [[ -r $DEBIAN_MPM_CONF ]]; then
		while read -r name value _; do
			[[ $name =~ ^[A-Z][A-Za-z]+$ && $value =~ ^[0-9]+$ ]] &&
				mpm_set[$name]=$value
		done <"$DEBIAN_MPM_CONF"
	elif [[ $mpm == prefork ]]; then
		mpm_set=([StartServers]=5 [MinSpareServers]=5
			[MaxSpareServers]=10 [MaxRequestWorkers]=150
			[MaxConnectionsPerChild]=0)
	else
		mpm_set=([StartServers]=2 [MinSpareThreads]=25
			[MaxSpareThreads]=75 [ThreadLimit]=64
			[ThreadsPerChild]=25 [MaxRequestWorkers]=150
			[MaxConnectionsPerChild]=0)
	fi
}

# sized_mpm N: a pool for N connections, all started at once and kept.
sized_mpm() {
	local n=$1 per=64 procs
	if [[ $mpm == prefork ]]; then
		mpm_set=([ServerLimit]=$n [StartServers]=$n
			[MinSpareServers]=$n [MaxSpareServers]=$((n + 1))
			[MaxRequestWorkers]=$n)
	else
		procs=$(((n + per - 1) / per))
		mpm_set=([ServerLimit]=$procs [StartServers]=$procs
			[ThreadLimit]=$per [ThreadsPerChild]=$per
			[MinSpareThreads]=$((procs * per))
			[MaxSpareThreads]=$((procs * per + per))
			[MaxRequestWorkers]=$((procs * per)))
	fi
	mpm_set[MaxConnectionsPerChild]=0
}

peer_parse "$@"
if ((sized)); then
	sized_mpm "$sized"
else
	debian_mpm
fi
# What starts (peer_ready waits for it) and how many connections it serves
# at once: processes (prefork) or threads (worker, event).
pool=${mpm_set[MaxRequestWorkers]:-150}
pool_processes=${mpm_set[StartServers]:-1}
pool_threads=$pool_processes
[[ $mpm == prefork ]] ||
	pool_threads=$((pool_processes * ${mpm_set[ThreadsPerChild]:-25}))
if ((want_about)); then
	version=$( (PATH=$PATH:/usr/sbin apache2 -v 2>&1 || true) |
		sed -n 's|^Server version: Apache/\([^ ]*\).*|\1|p')
	threads=$pool_threads
	[[ $mpm == prefork ]] && threads=1
	peer_about "$kind" "$threads" "$((pool_processes + 1))" \
		"$per_connection" apache2 "$version" "$poller" \
		'["/"]' "max_connections=$pool" "workers=$pool" \
		"mpm=\"$mpm\""
	exit 0
fi
peer_need apache2
timeout=$idle_timeout
((header_timeout > timeout)) && timeout=$header_timeout

# shellcheck disable=SC2317  # called by peer_start
write_config() {
	local user_lines=""
	((EUID == 0)) && user_lines="User $run_user
Group $run_user"
	mkdir -p "$dir/htdocs"
	printf 'Hello, World!' >"$dir/hello.txt"
	chmod a+r "$dir/hello.txt"
	cat >"$dir/apache2.conf" <<CONF
ServerRoot $dir
ServerName $host
Listen $host:$port
ListenBacklog 4096
AcceptFilter http none
PidFile $dir/apache2.pid
DefaultRuntimeDir $dir
ErrorLog $dir/error.log
LogLevel warn
LoadModule mpm_${mpm}_module $MODULES/mod_mpm_$mpm.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule alias_module $MODULES/mod_alias.so
$user_lines
DocumentRoot $dir/htdocs
AliasMatch "^/\$" "$dir/hello.txt"
ForceType text/plain
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout $idle_timeout
Timeout $timeout
$(mpm_config)
CONF
}

# The MPM's directives, ServerLimit and ThreadLimit first (Apache wants
# them before the limits they bound).
# shellcheck disable=SC2317  # called by write_config
mpm_config() {
	local name
	for name in ServerLimit ThreadLimit; do
		if [[ -n ${mpm_set[$name]:-} ]]; then
			printf '%s %s\n' "$name" "${mpm_set[$name]}"
		fi
	done
	for name in "${!mpm_set[@]}"; do
		if [[ $name != ServerLimit && $name != ThreadLimit ]]; then
			printf '%s %s\n' "$name" "${mpm_set[$name]}"
		fi
	done
}

# What the configuration starts is up: pool_processes children, each with
# its threads (worker and event: ThreadsPerChild workers, plus a listener
# and a main thread).
peer_ready() {
	local kids k tasks=0 t
	kids=$(pgrep -P "$server_pid") || return 1
	[[ $mpm == prefork ]] && {
		(($(wc -w <<<"$kids") >= pool_processes))
		return
	}
	for k in $kids; do
		t=("/proc/$k/task/"*)
		tasks=$((tasks + ${#t[@]}))
	done
	((tasks >= pool_threads))
}

peer_make_dir
peer_start write_config setsid apache2 -f "$dir/apache2.conf" -DFOREGROUND
peer_serve peer_no_counts
