#!/usr/bin/env bash
# tests/harness/hosts.sh - the server on another "host", the load from
# several, on one machine (TAP).
#
# Three network namespaces stand in for machines: a switch (a bridge) and
# two hosts, srv (10.N.0.2) and lg (10.N.0.3), each joined to the bridge
# by a veth pair, as is this namespace (10.N.0.1).  An sshd runs inside
# each host namespace with host keys and a client key made for the test in
# a temporary folder (nothing is written to ~/.ssh or /etc).  A tiny matrix
# runs three ways:
#   1. SERVER_NETNS=srv                       server across a veth
#   2. SERVER_HOST=srv over ssh               started, sampled, stopped there
#   3. SERVER_NETNS=srv, LOADGEN_HOSTS=local,lg   two load generators
# and the checks read the rows, the merged histograms and the manifests.
# Namespaces, veths and processes are removed on exit, pass or fail.  The
# suite is skipped (TAP SKIP) only where `ip netns add` is not allowed.
set -euo pipefail
cd "$(dirname "$0")/../.."

id=$$
net=10.$((200 + id % 50)).$((id / 50 % 250))
ns_br=tve-br$id ns_srv=tve-srv$id ns_lg=tve-lg$id
tmp=$(mktemp -d)
made_run_sshd=0

cleanup() {
	local ns pids
	for ns in "$ns_srv" "$ns_lg" "$ns_br"; do
		# Only the processes this test started live in these namespaces
		# (the sshds and what they spawned).
		pids=$(ip netns pids "$ns" 2>/dev/null || true)
		if [[ -n $pids ]]; then
			# shellcheck disable=SC2086
			kill -9 $pids 2>/dev/null || true
		fi
		ip netns del "$ns" 2>/dev/null || true
	done
	ip link del "tvh$id" 2>/dev/null || true
	if ((made_run_sshd)); then
		rmdir /run/sshd 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
# A timeout's SIGTERM (tests/run) or Ctrl-C: exit, so that cleanup runs.
trap 'exit 143' TERM
trap 'exit 130' INT

if ! ip netns add "$ns_br" 2>"$tmp/err"; then
	echo "1..0 # SKIP network namespaces are not allowed here" \
		"(ip netns add: $(head -c 200 "$tmp/err"))"
	exit 0
fi

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
}
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then
		ok "$what"
	else
		not_ok "$what"
		sed 's/^/# /' "$tmp/check.out" | tail -20
	fi
}

# --- the network: a bridge in its own namespace, a veth per host --------
setup_net() {
	ip netns add "$ns_srv"
	ip netns add "$ns_lg"
	ip -n "$ns_br" link add br0 type bridge
	ip -n "$ns_br" link set br0 up
	local name ns addr
	for spec in "h:-:1" "s:$ns_srv:2" "l:$ns_lg:3"; do
		IFS=: read -r name ns addr <<<"$spec"
		ip link add "tv$name$id" type veth peer name "tb$name$id"
		ip link set "tb$name$id" netns "$ns_br"
		ip -n "$ns_br" link set "tb$name$id" master br0 up
		if [[ $ns == - ]]; then
			ip addr add "$net.$addr/24" dev "tv$name$id"
			ip link set "tv$name$id" up
		else
			ip link set "tv$name$id" netns "$ns"
			ip -n "$ns" addr add "$net.$addr/24" dev "tv$name$id"
			ip -n "$ns" link set "tv$name$id" up
			ip -n "$ns" link set lo up
		fi
	done
}

# --- sshd in each host namespace, keys of the test's own ----------------
setup_ssh() {
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/id"
	cp "$tmp/id.pub" "$tmp/authorized_keys"
	# sshd's privilege-separation folder, made by its service otherwise.
	if [[ ! -d /run/sshd ]]; then
		mkdir -m 755 /run/sshd
		made_run_sshd=1
	fi
	local ns addr alias
	: >"$tmp/ssh_config"
	for spec in "$ns_srv:2:srv" "$ns_lg:3:lg"; do
		IFS=: read -r ns addr alias <<<"$spec"
		cat >"$tmp/sshd_$alias.conf" <<-EOF
			ListenAddress $net.$addr
			Port 2222
			HostKey $tmp/host_key
			AuthorizedKeysFile $tmp/authorized_keys
			PermitRootLogin prohibit-password
			PasswordAuthentication no
			KbdInteractiveAuthentication no
			UsePAM no
			StrictModes no
			PidFile none
			MaxSessions 50
			MaxStartups 50
			LogLevel ERROR
		EOF
		# sshd closes every descriptor above stderr as it starts, so it
		# keeps no lock a caller's flock(1) passed down.
		ip netns exec "$ns" /usr/sbin/sshd -D -f "$tmp/sshd_$alias.conf" \
			-E "$tmp/sshd_$alias.log" </dev/null &
		disown
		cat >>"$tmp/ssh_config" <<-EOF
			Host $alias
			  HostName $net.$addr
			  Port 2222
			  User $(id -un)
			  IdentityFile $tmp/id
			  IdentitiesOnly yes
			  UserKnownHostsFile $tmp/known_hosts
			  StrictHostKeyChecking accept-new
			  LogLevel ERROR
		EOF
	done
	# Ready when a command goes through (no sleeping on a guess).
	for alias in srv lg; do
		for _ in $(seq 100); do
			if timeout 5 ssh -F "$tmp/ssh_config" -o BatchMode=yes \
				-o ConnectTimeout=2 "$alias" true 2>/dev/null; then
				continue 2
			fi
			sleep 0.1
		done
		return 1
	done
}

echo "# network $net.0/24, namespaces $ns_srv $ns_lg $ns_br"
if setup_net 2>"$tmp/net.err"; then
	ok "namespaces and veth pairs up ($net.0/24)"
else
	not_ok "namespaces and veth pairs up"
	sed 's/^/# /' "$tmp/net.err"
fi
if setup_ssh 2>"$tmp/ssh.err"; then
	ok "sshd answers in both namespaces (key auth, BatchMode)"
else
	not_ok "sshd answers in both namespaces"
	sed 's/^/# /' "$tmp/ssh.err" "$tmp"/sshd_*.log 2>/dev/null | tail -20
fi

export SSH_CONFIG=$tmp/ssh_config

# bench_run NAME ENV...: a tiny matrix into $tmp/NAME; ok when it exits 0.
bench_run() {
	local name=$1 rc=0
	shift
	env RESULTS_DIR="$tmp/$name" "$@" timeout 120 scripts/bench --smoke \
		--models epoll --scenarios hello --no-report \
		>"$tmp/$name.out" 2>&1 || rc=$?
	if ((rc == 0)); then
		ok "$name: scripts/bench exits 0"
	else
		not_ok "$name: scripts/bench exits 0 (got $rc)"
		sed 's/^/# /' "$tmp/$name.out" | tail -30
	fi
}

# rows_ok RUN: every row ok, with requests, the server's CPU and memory.
rows_ok() {
	python3 - "$tmp/$1/latest" <<-'EOF'
		import csv, sys
		rows = list(csv.DictReader(open(sys.argv[1] + "/results.csv")))
		assert len(rows) >= 2, rows
		for r in rows:
		    assert r["status"] == "ok", (r["status"], r["reason"])
		    assert int(r["requests"]) > 0 and float(r["rps"]) > 0, r
		    assert float(r["server_cpu_us_per_req"]) > 0, r
		    assert float(r["server_rss_kib"]) > 0, r
		    assert int(r["server_accepted"]) >= int(r["connections"]), r
	EOF
}

# manifest RUN EXPR: a Python expression on m (manifest.json) holds.
manifest() {
	python3 - "$tmp/$1/latest/manifest.json" "$2" <<-'EOF'
		import json, sys
		m = json.load(open(sys.argv[1]))
		assert eval("(" + sys.argv[2] + ")"), (m["network"], m["hosts"])
	EOF
}

# 1. SERVER_NETNS: the server in srv, clients across the veth.
bench_run netns SERVER_NETNS="$ns_srv"
check "netns: every row ok, server sampled (CPU, memory) and stopped" \
	rows_ok netns
check "netns: servers listened on $net.2 inside the namespace" \
	manifest netns "all(c.startswith('ip netns exec $ns_srv ') and
	'--host $net.2' in c for c in m['commands'] if 'servers/' in c)
	and any('http://$net.2:' in c for c in m['commands'])"
check "netns: manifest records the veth path and both hosts" \
	manifest netns "m['network']['kind'] == 'netns' and
	'veth' in m['network']['path'] and m['network']['shared_machine']
	and [h['role'] for h in m['hosts']] == ['server', 'loadgen'] and
	'$net.2' in m['hosts'][0]['addresses'] and
	all(h['cpu_model'] and h['kernel'] and h['cores'] for h in m['hosts'])"
check "netns: REPORT.md's row says server and load shared a machine" \
	python3 -c "import sys; sys.path.insert(0, 'scripts'); import hosts, json
row = hosts.report_row(json.load(open('$tmp/netns/latest/manifest.json')))
assert 'shared one machine' in row and 'veth' in row, row"

# 2. SERVER_HOST: over ssh into srv; SERVER_ADDR from ssh -G.
bench_run ssh SERVER_HOST=srv REMOTE_DIR="$tmp/remote-srv"
check "ssh: every row ok, sampled there (procmon streamed back), summary \
read after SIGTERM over ssh" rows_ok ssh
check "ssh: servers started over ssh from the copied binaries" \
	manifest ssh "all(c.startswith('ssh srv ') and
	'$tmp/remote-srv/build/servers/epoll ' in c for c in m['commands']
	if 'servers/' in c) and m['network']['kind'] == 'ssh' and
	m['network']['server_addr'] == '$net.2' and
	'copied' in m['network']['binaries']"
check "ssh: same boot id, so the manifest says one machine was shared" \
	manifest ssh "m['network']['shared_machine'] is True and
	m['hosts'][0]['boot_id'] == m['hosts'][1]['boot_id']"
check "ssh: no server left running in srv" \
	bash -c "! ip netns pids $ns_srv | xargs -r ps -o comm= -p |
	grep -qx epoll"

# 3. Two load generators (here and lg) against the server in srv.
bench_run two SERVER_NETNS="$ns_srv" LOADGEN_HOSTS=local,lg \
	REMOTE_DIR="$tmp/remote-lg"
check "two loadgens: every row ok" rows_ok two
check "two loadgens: each row's histogram is the exact merge of the parts" \
	python3 - "$tmp/two/latest" <<-'EOF'
		import csv, glob, json, os, sys
		run = sys.argv[1]
		rows = list(csv.DictReader(open(run + "/results.csv")))
		for r in rows:
		    m = json.load(open(os.path.join(run, r["json"])))
		    parts = [json.load(open(p)) for p in
		             sorted(glob.glob(os.path.join(run, r["json"][:-5]
		                                           + ".h*.json")))]
		    conns = int(r["connections"])
		    assert len(parts) == min(2, conns), (r["json"], len(parts))
		    assert m["merged"] and len(m["parts"]) == len(parts)
		    tot = sum(p["latency_histogram"]["total"] for p in parts)
		    assert m["latency_histogram"]["total"] == tot > 0, tot
		    assert sum(b[2] for b in m["latency_histogram"]["buckets"]) \
		        == tot
		    assert int(r["requests"]) == sum(p["requests"]
		                                     for p in parts)
		    assert abs(float(r["rps"]) - sum(p["rps"] for p in parts)) \
		        <= 1e-3 * float(r["rps"]) + 1
		    assert abs(float(r["lat_p99_us"])
		               - m["latency_us"]["p99"]) < 0.01
		    assert sum(p["config"]["connections"] for p in parts) == conns
		    # One schedule: every part started within 0.3 s of it.
		    for p in parts:
		        assert p["config"]["start_at_ns"] == \
		            parts[0]["config"]["start_at_ns"]
		        assert 0 <= p["config"]["start_late_ms"] < 300, p["config"]
	EOF
check "two loadgens: the manifest lists the server and both load hosts" \
	manifest two "[(h['role'], h['name']) for h in m['hosts']] ==
	[('server', 'netns $ns_srv'), ('loadgen', 'local'), ('loadgen', 'lg')]
	and m['network']['loadgen_hosts'] == ['local', 'lg'] and
	'$net.3' in m['hosts'][2]['addresses']"

# 4. Bad input is caught before the run.
rc=0
SERVER_NETNS=tve-no-such-ns scripts/bench --smoke --models epoll \
	--scenarios hello >"$tmp/bad.out" 2>&1 || rc=$?
check "a missing namespace: exit 2 with the reason" \
	bash -c "test $rc -eq 2 && grep -q 'no such network namespace' \
	'$tmp/bad.out'"

echo "1..$n"
((fails == 0))
