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
  ws-ok          the WebSocket chat (GET /ws): echo and broadcast
  ws-corrupt     the chat, but one delivered broadcast, once in the whole
                 run, has one payload byte changed
"""
import base64
import hashlib
import json
import socket
import struct
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


# The chat: every WebSocket connection, each with a lock so that frames
# from several senders never interleave on its socket.
ws_conns = {}
ws_lock = threading.Lock()
ws_deliveries = [0]


def ws_send(conn, text):
    data = text.encode()
    n = len(data)
    if n < 126:
        head = bytes([0x81, n])
    elif n <= 0xffff:
        head = bytes([0x81, 126]) + struct.pack("!H", n)
    else:
        head = bytes([0x81, 127]) + struct.pack("!Q", n)
    with ws_conns[conn]:
        conn.sendall(head + data)


def ws_recv_exact(conn, buf, n):
    while len(buf) < n:
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError
        buf += chunk
    return buf[:n], buf[n:]


def serve_ws(conn, mode):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return
        buf += chunk
    head, buf = buf.split(b"\r\n\r\n", 1)
    key = b""
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"sec-websocket-key:"):
            key = line.split(b":", 1)[1].strip()
    accept = base64.b64encode(hashlib.sha1(
        key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket"
                 b"\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                 accept + b"\r\n\r\n")
    with ws_lock:
        ws_conns[conn] = threading.Lock()
    try:
        while True:
            h, buf = ws_recv_exact(conn, buf, 2)
            n = h[1] & 0x7f
            if n == 126:
                e, buf = ws_recv_exact(conn, buf, 2)
                n = struct.unpack("!H", e)[0]
            elif n == 127:
                e, buf = ws_recv_exact(conn, buf, 8)
                n = struct.unpack("!Q", e)[0]
            mask, buf = ws_recv_exact(conn, buf, 4)
            data, buf = ws_recv_exact(conn, buf, n)
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if h[0] & 0xf == 0x8:
                return
            msg = json.loads(data)
            if msg["type"] == "echo":
                ws_send(conn, data.decode())
                continue
            out = json.dumps({"type": "broadcast",
                              "payload": msg["payload"]})
            with ws_lock:
                targets = list(ws_conns)
            for c in targets:
                text = out
                with ws_lock:
                    ws_deliveries[0] += 1
                    # The tenth delivery of the run gets one byte changed
                    # inside its payload.
                    if mode == "ws-corrupt" and ws_deliveries[0] == 10:
                        i = text.index("payload") + 15
                        text = text[:i] + chr(ord(text[i]) ^ 1) + \
                            text[i + 1:]
                try:
                    ws_send(c, text)
                except OSError:
                    pass
            ws_send(conn, json.dumps({"type": "broadcastResult",
                                      "payload": msg["payload"]}))
    except EOFError:
        return
    finally:
        with ws_lock:
            ws_conns.pop(conn, None)


def handle(conn, mode):
    try:
        if mode.startswith("http"):
            serve_http(conn, mode)
        elif mode.startswith("ws"):
            serve_ws(conn, mode)
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
