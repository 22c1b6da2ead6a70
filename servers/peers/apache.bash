# apache.bash - sourced by apache-prefork, apache-worker and apache-event:
# Debian's apache2 with one of its three MPMs (multi-processing modules,
# the part of Apache that decides who waits for what), configured and run
# behind the server contract by webserver.bash.
# shellcheck shell=bash disable=SC2154  # the launcher sets mpm, pool...
#
# The launcher sets, before sourcing this file:
#   peer_name, peer_summary   as webserver.bash wants them
#   mpm                       prefork, worker or event
#   kind, per_connection, poller   its --about answers (JSON for the last
#                             two)
#   pool                      how many connections it can serve at once:
#                             processes (prefork) or threads (worker, event)
#   mpm_config                a function printing the MPM's directives
#   pool_processes, pool_threads   the children and threads mpm_config
#                             starts, which peer_ready waits for
#
# What every MPM shares here:
# - The whole pool is started at once and kept (StartServers = the pool,
#   spare limits that never trim it).  Apache otherwise grows its pool by
#   at most 32 processes a second, and the suite measures a fresh server
#   for a second or two: an on-demand pool would measure how fast Apache
#   forks, not what its model costs.  So memory is the pool's from the
#   first point on, and `listening on` waits until the whole pool is up.
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
#   suite's connections); TVE_APACHE_POOL=N sets the pool.  Apache keeps
#   no counts it tells without mod_status's per-request bookkeeping: the
#   summary says n/a.

# shellcheck source=servers/peers/webserver.bash
. "$(dirname "${BASH_SOURCE[0]}")/webserver.bash"

MODULES=/usr/lib/apache2/modules

peer_parse "$@"
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
MaxConnectionsPerChild 0
$(mpm_config)
CONF
}

# The whole pool is up: pool_processes children, each with its threads
# (worker and event: pool_threads / pool_processes workers, plus a
# listener and a main thread).
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
