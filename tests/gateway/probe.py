#!/usr/bin/env python3
# tests/gateway/probe.py: one request to an HTTP proxy, its status line
# printed ("HTTP/1.1 403 Forbidden"), or "closed" when the proxy closed the
# connection without one.
#
#   probe.py PROXY_HOST PROXY_PORT connect HOST:PORT
#   probe.py PROXY_HOST PROXY_PORT get URL
#
# SPDX-License-Identifier: GPL-2.0-or-later
import socket
import sys


def main():
    host, port, kind, target = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    if kind == "connect":
        request = f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n"
    elif kind == "get":
        request = f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    else:
        sys.exit(f"probe.py: unknown request kind {kind}")
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(request.encode("ascii"))
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    line = data.split(b"\r\n", 1)[0].decode("latin-1") if data else ""
    print(line if line else "closed")


if __name__ == "__main__":
    main()
