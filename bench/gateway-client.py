#!/usr/bin/env python3
# bench/gateway-client.py: the client side of bench/gateway.
#
#   gateway-client.py link HOST PORT ROUNDS [PROXY_PORT]
#       time to a SPICE link reply from HOST:PORT: connect, send the link
#       message of the main channel, read the whole reply; directly, or
#       through the HTTP CONNECT proxy on 127.0.0.1:PROXY_PORT (the CONNECT
#       and its answer counted in).  Prints median, min and max in ms.
#   gateway-client.py pair HOST PORT ROUNDS PROXY_PORT
#       the same, direct and through the proxy in turns within each round,
#       so that both see the same load; and the time to a usable
#       connection alone (TCP connect, or connect and CONNECT answered).
#   gateway-client.py bulk HOST PORT MIB [PROXY_PORT]
#       send MIB MiB to a sink on HOST:PORT (an 8-byte length first: a
#       tunnel does not carry a half-close) that answers one byte at the
#       end; prints MiB/s.
#   gateway-client.py sink PORT
#       the sink: accepts connections on 127.0.0.1:PORT, reads the length
#       and that many bytes, answers one byte.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import socket
import statistics
import struct
import sys
import threading
import time

SPICE_MAGIC = b"REDQ"


def open_conn(host, port, proxy_port):
    if not proxy_port:
        s = socket.create_connection((host, port), timeout=10)
    else:
        s = socket.create_connection(("127.0.0.1", proxy_port), timeout=10)
        target = f"{host}:{port}"
        s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise SystemExit("the proxy closed the connection")
            data += chunk
        status = data.split(b"\r\n", 1)[0]
        if b" 200 " not in status:
            raise SystemExit(f"the proxy said {status.decode('latin-1')}")
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise SystemExit("the server closed the connection")
        data += chunk
    return data


def link_once(host, port, proxy_port):
    # SpiceLinkMess: connection id, channel type 1 (main), channel id 0,
    # no common or channel capabilities, caps offset 18.
    mess = struct.pack("<IBBIII", 0, 1, 0, 0, 0, 18)
    header = SPICE_MAGIC + struct.pack("<III", 2, 2, len(mess))
    start = time.perf_counter()
    s = open_conn(host, port, proxy_port)
    s.sendall(header + mess)
    reply = recv_exact(s, 16)
    if reply[:4] != SPICE_MAGIC:
        raise SystemExit("no SPICE link reply")
    size = struct.unpack("<I", reply[12:16])[0]
    recv_exact(s, size)
    elapsed = time.perf_counter() - start
    s.close()
    return elapsed * 1000


def link(host, port, rounds, proxy_port):
    times = [link_once(host, port, proxy_port) for _ in range(rounds)]
    print(f"median {statistics.median(times):.3f} ms  min {min(times):.3f}  max {max(times):.3f}")


def connect_once(host, port, proxy_port):
    start = time.perf_counter()
    s = open_conn(host, port, proxy_port)
    elapsed = time.perf_counter() - start
    s.close()
    return elapsed * 1000


def show(label, times):
    print(f"{label:<22} median {statistics.median(times):7.3f} ms  "
          f"min {min(times):7.3f}  max {max(times):8.3f}")


def pair(host, port, rounds, proxy_port):
    link_d, link_g, conn_d, conn_g, diff = [], [], [], [], []
    for _ in range(rounds):
        d = link_once(host, port, 0)
        g = link_once(host, port, proxy_port)
        link_d.append(d)
        link_g.append(g)
        diff.append(g - d)
        conn_d.append(connect_once(host, port, 0))
        conn_g.append(connect_once(host, port, proxy_port))
    show("link, direct:", link_d)
    show("link, via gateway:", link_g)
    show("link, gateway - direct:", diff)
    show("connect, direct:", conn_d)
    show("connect, via gateway:", conn_g)


def bulk(host, port, mib, proxy_port):
    block = b"\0" * (1 << 20)
    s = open_conn(host, port, proxy_port)
    start = time.perf_counter()
    s.sendall(struct.pack("<Q", mib << 20))
    for _ in range(mib):
        s.sendall(block)
    recv_exact(s, 1)
    elapsed = time.perf_counter() - start
    s.close()
    print(f"{mib / elapsed:.0f} MiB/s  ({mib} MiB in {elapsed:.2f} s)")


def serve_one(conn):
    with conn:
        header = b""
        while len(header) < 8:
            chunk = conn.recv(8 - len(header))
            if not chunk:
                return
            header += chunk
        left = struct.unpack("<Q", header)[0]
        while left > 0:
            chunk = conn.recv(min(left, 1 << 20))
            if not chunk:
                return
            left -= len(chunk)
        conn.sendall(b"k")


def sink(port):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve_one, args=(conn,), daemon=True).start()


def main():
    kind = sys.argv[1]
    if kind == "sink":
        sink(int(sys.argv[2]))
        return
    host, port, n = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    proxy_port = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    if kind == "link":
        link(host, port, n, proxy_port)
    elif kind == "pair":
        pair(host, port, n, proxy_port)
    elif kind == "bulk":
        bulk(host, port, n, proxy_port)
    else:
        raise SystemExit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
