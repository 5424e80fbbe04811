#!/usr/bin/python3
"""build-aux/load-order.py: the libraries vdctl should name first.

Usage: load-order.py [--verbose] CC... -- LINK-ARGS...

Every vdctl command starts by loading libvirt and the ~55 libraries it
depends on, and the dynamic loader resolves each of their symbols by
walking the global scope: the executable, then its DT_NEEDED entries, then
theirs, breadth first.  Most lookups are for symbols of a handful of
libraries (libcrypto, libvirt, libc, libstdc++ on Debian 12), which sit far
down that list.  Naming them first among vdctl's DT_NEEDED entries
shortens the walk for most lookups; on Debian 12 it takes about a quarter
off vdctl's start (docs/benchmarks.md).

The script links an empty program with LINK-ARGS (the libraries vdctl
links) using the compiler command CC, runs it under the loader's binding
trace (LD_DEBUG=bindings), and counts the lookups each library answers.
It then links the program again with those libraries named first, the
busiest first, and runs it again: a library that now answers a lookup
another one answered before (a symbol both define) goes back to its usual
place, until every symbol binds where it did.  The order changes where a
lookup stops, never what it finds.  It prints the file names of the
libraries to name first, one per line.  When anything fails (no compiler,
a loader without LD_DEBUG, no order that keeps the bindings) it prints
nothing and exits 0, and vdctl is linked as usual.
"""

import collections
import os
import re
import subprocess
import sys
import tempfile

# Name a library first when it answers at least this share of the lookups.
MIN_SHARE = 0.001
# Orders tried before giving up.
MAX_TRIES = 5

BINDING = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: "
                     r"(?:normal|protected|weak) symbol `([^']+)'")

verbose = False


def say(message):
    if verbose:
        print(f"load-order: {message}", file=sys.stderr)


def link(cc, out, first, link_args, workdir):
    source = os.path.join(workdir, "probe.c")
    with open(source, "w", encoding="utf-8") as f:
        f.write("int main (void) { return 0; }\n")
    # --no-as-needed: the probe uses nothing, yet must load what vdctl loads.
    argv = cc + ["-o", out, source, "-Wl,--no-as-needed"]
    argv += first + link_args
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=120)


def bindings(program, workdir):
    """(file, symbol, library) for every symbol the loader binds."""
    trace = os.path.join(workdir, "trace")
    for name in os.listdir(workdir):
        if name.startswith("trace."):
            os.unlink(os.path.join(workdir, name))
    env = dict(os.environ, LD_DEBUG="bindings", LD_DEBUG_OUTPUT=trace,
               LD_BIND_NOW="1")
    env.pop("LD_PRELOAD", None)
    subprocess.run([program], check=True, env=env, timeout=60)
    found = []
    for name in os.listdir(workdir):
        if not name.startswith("trace."):
            continue
        with open(os.path.join(workdir, name), encoding="utf-8",
                  errors="replace") as f:
            for line in f:
                m = BINDING.search(line)
                if m:
                    found.append((m.group(1), m.group(3), m.group(2)))
    return found


def order(cc, link_args, workdir):
    plain = os.path.join(workdir, "plain")
    link(cc, plain, [], link_args, workdir)
    before = bindings(plain, workdir)
    if not before:
        say("no binding trace (a loader without LD_DEBUG?)")
        return []

    counts = collections.Counter(lib for _, _, lib in before)
    total = sum(counts.values())
    first = []
    for lib, n in counts.most_common():
        name = os.path.basename(lib)
        if n < MIN_SHARE * total:
            break
        # Not the probe, not the loader, not the kernel's vDSO (no file).
        if lib == plain or name.startswith("ld-linux") or not os.path.isfile(lib):
            continue
        first.append(lib)

    def resolved(trace, program):
        return {(f, sym): lib for f, sym, lib in trace
                if f != program and lib != program}

    expected = resolved(before, plain)
    ordered = os.path.join(workdir, "ordered")
    # A library moved up can answer a lookup that a library before it
    # answered until now (a symbol both define): leave such a library
    # where it was, and try again.
    for _ in range(MAX_TRIES):
        if not first:
            return []
        link(cc, ordered, first, link_args, workdir)
        found = resolved(bindings(ordered, workdir), ordered)
        wrong = {lib for key, lib in found.items()
                 if expected.get(key, lib) != lib}
        if found.keys() != expected.keys():
            say("the order changes which symbols are looked up; keeping the usual one")
            return []
        if not wrong:
            for lib in first:
                say(f"{lib}: {counts[lib]} of {total} lookups")
            return first
        say("would bind elsewhere, left in place: " + " ".join(sorted(wrong)))
        first = [lib for lib in first if lib not in wrong]
    say("no order keeps every binding; keeping the usual one")
    return []


def main(argv):
    global verbose
    if argv and argv[0] == "--verbose":
        verbose = True
        argv = argv[1:]
    if "--" not in argv:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    split = argv.index("--")
    cc, link_args = argv[:split], argv[split + 1:]
    try:
        with tempfile.TemporaryDirectory(prefix="vdctl-load-order.") as workdir:
            first = order(cc, link_args, workdir)
    except (OSError, subprocess.SubprocessError) as e:
        say(f"cannot probe the loader: {e}")
        first = []
    for name in first:
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
