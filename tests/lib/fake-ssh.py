#!/usr/bin/env python3
"""tests/lib/fake-ssh.py: a stand-in for ssh, for the RDP tunnel tests.

Copy it as 'ssh' into a directory early in PATH.  Each run appends its
pid and arguments to ssh.log beside it (libvirt runs ssh with a clean
environment, so the log is found from here).  Without -N it runs the
remote command locally, as libvirt's qemu+ssh needs; with -N -L it
really forwards: -L /PATH:HOST:PORT (a unix socket, mode 0600 as ssh
makes it) or -L BIND:LPORT:HOST:PORT.  A file 'mode' beside it holding
'hijack' makes the forward be held by a detached process this ssh leaves
behind (its pid in hijacker.pid), as a hostile listener would.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import socket
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WITH_VALUE = {"-p", "-l", "-i", "-o", "-e", "-L", "-F", "-J"}


def parse(args):
    i, forward = 0, None
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        if args[i] == "-L":
            forward = args[i + 1]
        i += 2 if args[i] in WITH_VALUE else 1
    if i < len(args) and args[i] == "--":
        i += 1
    return forward, args[i + 1:]


def listen(forward):
    if forward.startswith("/"):
        path, rest = forward.split(":", 1)
        server = socket.socket(socket.AF_UNIX)
        old_umask = os.umask(0o177)
        server.bind(path)
        os.umask(old_umask)
    else:
        bind, lport, rest = forward.split(":", 2)
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((bind, int(lport)))
    if rest.startswith("["):
        target, rport = rest[1:].split("]:")
    else:
        target, rport = rest.rsplit(":", 1)
    server.listen(8)
    return server, target, int(rport)


def pump(a, b):
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(server, target, rport):
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection((target, rport))
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


def main():
    args = sys.argv[1:]
    with open(os.path.join(HERE, "ssh.log"), "a") as f:
        f.write("%d %s\n" % (os.getpid(), " ".join(args)))
    forward, command = parse(args)
    if "-N" not in args:
        os.execvp("sh", ["sh", "-c", " ".join(command)])
    mode_file = os.path.join(HERE, "mode")
    mode = open(mode_file).read().strip() if os.path.exists(mode_file) else "forward"
    if mode == "hijack":
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                server, target, rport = listen(forward)
                with open(os.path.join(HERE, "hijacker.pid"), "w") as f:
                    f.write("%d\n" % os.getpid())
                serve(server, target, rport)
            os._exit(0)
        while True:
            time.sleep(60)
    serve(*listen(forward))


main()
