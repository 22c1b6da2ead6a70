# scripts/nginx.bash - sourced by the comparison scripts: starts Debian's
# shellcheck shell=bash disable=SC2034  # nginx_pid and nginx_port are for the caller
# nginx as the reference server, one worker, answering every request
# `200 Hello, World!` (text/plain, 13 bytes: the same as our servers).
#
# nginx_start DIR CPU: writes DIR/nginx.conf, starts nginx pinned to CPU
# on a free port, and waits until it answers (nginx cannot print its port).
# Sets nginx_pid and nginx_port.  Exits 1 with nginx's messages if it does
# not come up within 10 s.

nginx_start() {
	local dir=$1 cpu=$2
	nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	mkdir -p "$dir"
	cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
error_log $dir/error.log;
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $dir;
	keepalive_requests 1000000000;
	server {
		listen 127.0.0.1:$nginx_port backlog=4096;
		location / {
			default_type text/plain;
			return 200 "Hello, World!";
		}
	}
}
CONF
	taskset -c "$cpu" nginx -c "$dir/nginx.conf" -p "$dir" \
		2>"$dir/nginx.err" &
	nginx_pid=$!
	for _ in $(seq 100); do
		curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && return 0
		sleep 0.1
	done
	echo "nginx did not start:" >&2
	cat "$dir/nginx.err" "$dir/error.log" >&2 2>/dev/null || true
	exit 1
}
