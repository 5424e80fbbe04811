#!/usr/bin/env python3
# The bash completion in a real interactive bash on a pseudo-terminal: type
# a line, press TAB, read back what readline made of the line.  This is
# where bash's own word splitting (at '=' and ':'), readline's quoting of
# names and file names, and -o nospace show.
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import time

VDCTL = os.environ["VDCTL"]
SRCDIR = os.environ["VDCTL_SRCDIR"]
NODE_URI = "test://" + os.path.join(SRCDIR, "tests", "docs", "data", "node.xml")
TIMEOUT = 10.0
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"


class Bash:
    """An interactive bash with the completion loaded, on a pty."""

    def __init__(self, tmp, preload=None):
        self.tmp = tmp
        self.line_file = os.path.join(tmp, "line")
        rcfile = os.path.join(tmp, "bashrc")
        with open(rcfile, "w") as f:
            if preload:
                f.write("source \"$VDCTL_PRELOAD\"\n")
            # C-t writes readline's line buffer to a file: what TAB made.
            f.write("PS1='$ '\n"
                    "bind 'set bell-style none'\n"
                    "bind 'set show-all-if-ambiguous off'\n"
                    "source \"$VDCTL_COMPLETION\"\n"
                    "bind -x '\"\\C-t\": printf \"%s\" \"$READLINE_LINE\" > \"$LINE_FILE.tmp\"; "
                    "mv \"$LINE_FILE.tmp\" \"$LINE_FILE\"'\n")
        env = dict(os.environ,
                   TERM="dumb",
                   PATH=os.path.dirname(VDCTL) + os.pathsep + os.environ.get("PATH", ""),
                   VDCTL_COMPLETION=os.path.join(SRCDIR, "bash-completion", "vdctl"),
                   LINE_FILE=self.line_file,
                   VDCTL_PRELOAD=preload or "",
                   INPUTRC=os.path.join(tmp, "no-inputrc"),
                   HISTFILE=os.path.join(tmp, "history"))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(tmp)
            os.execvpe("bash", ["bash", "--noprofile", "--rcfile", rcfile, "-i"], env)
        self.drain(0.5)

    def drain(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    return

    def complete(self, line):
        """Type LINE and TAB; return the line as readline has it then."""
        if os.path.exists(self.line_file):
            os.unlink(self.line_file)
        os.write(self.fd, line.encode() + b"\t")
        # Readline takes C-t only once the completion has run.
        os.write(self.fd, b"\x14")
        end = time.time() + TIMEOUT
        while not os.path.exists(self.line_file) and time.time() < end:
            self.drain(0.05)
        result = None
        if os.path.exists(self.line_file):
            with open(self.line_file, encoding="utf-8") as f:
                result = f.read()
        os.write(self.fd, b"\x01\x0b")   # C-a C-k: empty the line
        self.drain(0.1)
        return result

    def close(self):
        try:
            os.write(self.fd, b"exit\n")
        except OSError:
            pass
        end = time.time() + 5
        while time.time() < end:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return
            self.drain(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def main():
    if shutil.which("bash") is None:
        print("1..0 # SKIP no bash")
        return 0
    tmp = tempfile.mkdtemp(prefix="vdctl-bash-")
    os.mkdir(os.path.join(tmp, "iso dir"))
    for name in ("alpha.iso", "beta.iso", os.path.join("iso dir", "gamma.iso")):
        open(os.path.join(tmp, name), "w").close()

    cases = [
        ("a command", "vdctl cre", "vdctl create "),
        ("an option", "vdctl create --vid", "vdctl create --video "),
        ("a value after a space", "vdctl create x --video vg", "vdctl create x --video vga "),
        ("a value after '='", "vdctl create x --video=vg", "vdctl create x --video=vga "),
        ("the common prefix of values", "vdctl create x --sound=i", "vdctl create x --sound=ich"),
        ("a domain name", "vdctl -c test:///default show te",
         "vdctl -c test:///default show test "),
        ("a domain name with --connect=URI", "vdctl --connect=test:///default edit t",
         "vdctl --connect=test:///default edit test "),
        ("a name with a space is escaped", f"vdctl -c {NODE_URI} show my",
         f"vdctl -c {NODE_URI} show my\\ desk "),
        ("an escaped prefix", f"vdctl -c {NODE_URI} show my\\ d",
         f"vdctl -c {NODE_URI} show my\\ desk "),
        ("a name with ':'", f"vdctl -c {NODE_URI} show lab:",
         f"vdctl -c {NODE_URI} show lab:01 "),
        ("a non-ASCII name", f"vdctl -c {NODE_URI} start é",
         f"vdctl -c {NODE_URI} start été "),
        ("path= without a space", "vdctl create x --disk pa", "vdctl create x --disk path="),
        ("a file for --cdrom", "vdctl create x --cdrom al", "vdctl create x --cdrom alpha.iso "),
        ("a file after '='", "vdctl create x --password-file=be",
         "vdctl create x --password-file=beta.iso "),
        ("a file after path=", "vdctl create x --disk path=al",
         "vdctl create x --disk path=alpha.iso "),
        ("a directory with a space, quoted, no space after",
         "vdctl create x --cdrom is", "vdctl create x --cdrom iso\\ dir/"),
    ]

    # Alone, and after the bash-completion package's functions, as an
    # interactive shell on Debian has them.
    shells = [("", None)]
    if os.path.exists(BASH_COMPLETION):
        shells.append(("with bash-completion: ", BASH_COMPLETION))
    n = 0
    failed = 0
    try:
        for prefix, preload in shells:
            bash = Bash(tmp, preload)
            try:
                for name, typed, want in cases:
                    n += 1
                    got = bash.complete(typed)
                    if got == want:
                        print(f"ok {n} - {prefix}{name}")
                    else:
                        failed += 1
                        print(f"not ok {n} - {prefix}{name}")
                        print(f"#   typed: {typed!r}")
                        print(f"#   want:  {want!r}")
                        print(f"#   got:   {got!r}")
                    sys.stdout.flush()
            finally:
                bash.close()
        if len(shells) == 1:
            n += 1
            print(f"ok {n} # SKIP {BASH_COMPLETION} is not installed")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
