#!/usr/bin/env python3
"""A deliberately misbehaving server for the load generator's tests.

Usage: fakeserver.py MODE

Listens on 127.0.0.1, port 0, prints "listening on 127.0.0.1:PORT" and
serves one thread per connection.  MODE says how it answers:

  http-ok        correct HTTP/1.1 keep-alive, body "Hello, World!"
  http-long-cl   says Content-Length: 20 but sends the same 13 bytes
  http-short-cl  says Content-Length: 5 but sends the same 13 bytes
  http-500       correct framing, status 500
  echo-ok        echoes every byte
  echo-corrupt   echoes every byte but flips one, once in the whole run
  no-accept      never accepts, with a backlog of 1: connects beyond
                 the first two hang until the client gives up
"""
import socket
import sys
import threading

BODY = b"Hello, World!"
corrupted = threading.Event()
lock = threading.Lock()


def http_response(mode):
    status = b"500 Internal Server Error" if mode == "http-500" else b"200 OK"
    length = {"http-long-cl": 20, "http-short-cl": 5}.get(mode, len(BODY))
    return (b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\n"
            b"Content-Length: " + str(length).encode() + b"\r\n\r\n" + BODY)


def serve_http(conn, mode):
    buf = b""
    resp = http_response(mode)
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data
        out = b""
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                break
            buf = buf[end + 4:]
            out += resp
        if out:
            conn.sendall(out)


def serve_echo(conn, mode):
    seen = 0
    while True:
        data = conn.recv(65536)
        if not data:
            return
        # Flip a byte a little way into the stream, so that the load
        # generator has already checked some good bytes on this connection.
        if mode == "echo-corrupt" and seen + len(data) > 100:
            with lock:
                if not corrupted.is_set():
                    corrupted.set()
                    i = max(0, 100 - seen)
                    data = data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1:]
        seen += len(data)
        conn.sendall(data)


def handle(conn, mode):
    try:
        if mode.startswith("http"):
            serve_http(conn, mode)
        else:
            serve_echo(conn, mode)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    mode = sys.argv[1]
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1 if mode == "no-accept" else 1024)
    print("listening on 127.0.0.1:%d" % lsock.getsockname()[1], flush=True)
    if mode == "no-accept":
        threading.Event().wait()
    while True:
        conn, _ = lsock.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=handle, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
