#!/usr/bin/env python3
# tests/lib/vvtool.py: what the viewer and example tests check of .vv files,
# viewers and their windows, in one place.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   vvtool.py keys FILE              the groups and keys of a .vv file, as
#                                    GKeyFile (virt-viewer's parser) reads it:
#                                    one "group<TAB>key" line each
#   vvtool.py get FILE KEY           one value of [virt-viewer], unescaped
#   vvtool.py set IN OUT KEY VALUE   a copy of IN with KEY set, written by
#                                    GKeyFile (mode 0600)
#   vvtool.py same-value FILE KEY EXPECTED
#                                    exit 0 if KEY's value is exactly EXPECTED
#   vvtool.py same-file FILE KEY PATH
#                                    exit 0 if KEY's value is exactly the
#                                    contents of PATH (a PEM certificate)
#   vvtool.py procscan SECRET_FILE   is the text of SECRET_FILE (one line,
#                                    or the password key of a .vv file) in
#                                    any process's /proc/PID/cmdline or
#                                    environ? Lists them and exits 1 if so.
#                                    The secret never goes through an argv.
#   vvtool.py screen SHOT EMPTY X Y W H
#                                    is there a guest text screen inside the
#                                    window X,Y,W,H of screenshot SHOT (light
#                                    text on a black area), different from
#                                    the empty display EMPTY? exit 0 if so
#   vvtool.py windows DISPLAY        the mapped top-level windows of an X
#                                    display: id, size, position and name
#                                    (_NET_WM_NAME, else WM_NAME, as Python
#                                    literals), read with xwininfo and xprop
#   vvtool.py find-window DISPLAY TITLE
#                                    "id width height x y" of the window
#                                    named exactly TITLE; exit 1 if none

import os
import re
import subprocess
import sys

GROUP = "virt-viewer"


def keyfile(path):
    import gi

    gi.require_version("GLib", "2.0")
    from gi.repository import GLib

    kf = GLib.KeyFile()
    kf.load_from_file(path, GLib.KeyFileFlags.KEEP_COMMENTS)
    return kf, GLib


def cmd_keys(path):
    kf, _ = keyfile(path)
    groups, _ = kf.get_groups()
    for group in groups:
        keys, _ = kf.get_keys(group)
        for key in keys:
            print("%s\t%s" % (group, key))
    return 0


def cmd_get(path, key):
    kf, _ = keyfile(path)
    sys.stdout.write(kf.get_string(GROUP, key) + "\n")
    return 0


def cmd_set(src, dst, key, value):
    kf, _ = keyfile(src)
    kf.set_string(GROUP, key, value)
    data, _ = kf.to_data()
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(data)
    return 0


def cmd_same_value(path, key, expected):
    kf, _ = keyfile(path)
    got = kf.get_string(GROUP, key)
    if got != expected:
        print("%s: %s is %r, expected %r" % (path, key, got, expected))
        return 1
    return 0


def cmd_same_file(path, key, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    return cmd_same_value(path, key, expected)


def read_secret(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        kf, _ = keyfile(path)
        return kf.get_string(GROUP, "password")
    return text.strip("\n")


def cmd_procscan(path):
    secret = read_secret(path).encode()
    if len(secret) < 6:
        print("procscan: the secret is too short to look for")
        return 2
    found = []
    scanned = 0
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        for what in ("cmdline", "environ"):
            try:
                with open("/proc/%s/%s" % (entry, what), "rb") as f:
                    data = f.read()
            except OSError:
                continue  # gone, or a kernel thread
            if what == "cmdline":
                scanned += 1
            if secret in data:
                try:
                    with open("/proc/%s/comm" % entry) as f:
                        comm = f.read().strip()
                except OSError:
                    comm = "?"
                found.append("pid %s (%s): in its %s" % (entry, comm, what))
    print("procscan: %d processes scanned" % scanned)
    for line in found:
        print("procscan: the password is visible: " + line)
    return 1 if found else 0


def read_ppm(path):
    data = subprocess.run(["convert", path, "-depth", "8", "ppm:-"],
                          check=True, stdout=subprocess.PIPE).stdout
    # P6 header: magic, width, height, maxval, each separated by whitespace.
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6" or fields[3] != b"255":
        raise SystemExit("%s: not an 8-bit PPM" % path)
    return int(fields[1]), int(fields[2]), data[pos:]


def cmd_screen(shot, empty, x, y, w, h):
    width, height, px = read_ppm(shot)
    ew, eh, epx = read_ppm(empty)
    if (ew, eh) != (width, height):
        print("screen: the screenshots differ in size")
        return 1
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(width, x + w), min(height, y + h)
    if x1 - x0 < 100 or y1 - y0 < 100:
        print("screen: the window %dx%d+%d+%d is not on the screen" % (w, h, x, y))
        return 1

    def pixel(buf, px_x, px_y):
        i = (px_y * width + px_x) * 3
        return buf[i], buf[i + 1], buf[i + 2]

    def dark(p):
        return max(p) <= 40

    # The guest's screen is the large black area of the window: the rows,
    # then the columns, that are mostly black.
    rows = [yy for yy in range(y0, y1)
            if sum(dark(pixel(px, xx, yy)) for xx in range(x0, x1)) >= 0.6 * (x1 - x0)]
    if not rows:
        print("screen: no black guest area in the window")
        return 1
    # The longest run of such rows.
    best, start = (0, 0), rows[0]
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i] != rows[i - 1] + 1:
            if rows[i - 1] - start + 1 > best[1] - best[0]:
                best = (start, rows[i - 1] + 1)
            if i < len(rows):
                start = rows[i]
    gy0, gy1 = best
    cols = [xx for xx in range(x0, x1)
            if sum(dark(pixel(px, xx, yy)) for yy in range(gy0, gy1)) >= 0.6 * (gy1 - gy0)]
    gx0, gx1 = (cols[0], cols[-1] + 1) if cols else (x0, x0)
    gw, gh = gx1 - gx0, gy1 - gy0
    print("screen: guest area %dx%d+%d+%d in window %dx%d+%d+%d" % (gw, gh, gx0, gy0, w, h, x, y))
    if gw < 300 or gh < 150:
        print("screen: the black guest area is too small to be a guest screen")
        return 1

    light = 0
    differ = 0
    text_rows = []
    for yy in range(gy0, gy1):
        row_light = 0
        for xx in range(gx0, gx1):
            p = pixel(px, xx, yy)
            if min(p) >= 140 and max(p) - min(p) <= 60:
                row_light += 1
            e = pixel(epx, xx, yy)
            if max(abs(p[0] - e[0]), abs(p[1] - e[1]), abs(p[2] - e[2])) > 48:
                differ += 1
        light += row_light
        if row_light:
            text_rows.append(yy)
    # Text lines: runs of rows with light pixels, at least 5 rows tall.
    lines = 0
    run = 0
    for i, yy in enumerate(text_rows):
        run = run + 1 if i and text_rows[i - 1] == yy - 1 else 1
        if run == 5:
            lines += 1
    print("screen: %d light pixels in %d text lines; %d pixels differ from the empty display"
          % (light, lines, differ))
    ok = True
    if light < 300 or lines < 3:
        print("screen: no guest text (expected at least 300 light pixels in 3 lines)")
        ok = False
    if light > 0.4 * gw * gh:
        print("screen: the guest area is mostly light: not a text screen")
        ok = False
    if differ < 300:
        print("screen: the guest area looks like the empty display")
        ok = False
    return 0 if ok else 1


def xprop_string(text):
    """Decode one quoted string as xprop prints it (C-like escapes)."""
    m = re.search(r'=\s*"(.*)"\s*$', text, re.S)
    if not m:
        return None
    raw = m.group(1)
    out = bytearray()
    i = 0
    b = raw.encode("utf-8")
    while i < len(b):
        c = b[i:i + 1]
        if c == b"\\" and i + 1 < len(b):
            n = b[i + 1:i + 2]
            if n in b"01234567":
                j = i + 1
                while j < len(b) and j < i + 4 and b[j:j + 1] in b"01234567":
                    j += 1
                out.append(int(b[i + 1:j], 8))
                i = j
                continue
            out += {b"n": b"\n", b"t": b"\t"}.get(n, n)
            i += 2
            continue
        out += c
        i += 1
    return out.decode("utf-8", "replace")


def windows(display):
    env = dict(os.environ, DISPLAY=display)
    found = []
    tree = subprocess.run(["xwininfo", "-root", "-children"], env=env, check=True,
                          stdout=subprocess.PIPE, text=True, errors="replace").stdout
    for wid in re.findall(r"^\s+(0x[0-9a-f]+)\s", tree, re.M):
        info = subprocess.run(["xwininfo", "-id", wid], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, errors="replace").stdout

        def field(label):
            m = re.search(r"^\s*" + re.escape(label) + r":\s*(-?\d+)", info, re.M)
            return int(m.group(1)) if m else 0

        if "IsViewable" not in info:
            continue
        name = None
        for prop in ("_NET_WM_NAME", "WM_NAME"):
            out = subprocess.run(["xprop", "-id", wid, prop], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, errors="replace").stdout
            name = xprop_string(out)
            if name is not None:
                break
        if name is None:
            continue
        found.append((wid, field("Width"), field("Height"), field("Absolute upper-left X"),
                      field("Absolute upper-left Y"), name))
    return found


def cmd_windows(display):
    for wid, w, h, x, y, name in windows(display):
        print("%s\t%d\t%d\t%d\t%d\t%r" % (wid, w, h, x, y, name))
    return 0


def cmd_find_window(display, title):
    found = windows(display)
    for wid, w, h, x, y, name in found:
        if name == title:
            print("%s %d %d %d %d" % (wid, w, h, x, y))
            return 0
    for wid, w, h, x, y, name in found:
        print("window %s: %r" % (wid, name), file=sys.stderr)
    return 1


def main(argv):
    if len(argv) < 2:
        print(__doc__ or "see the comment at the top", file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "keys" and len(args) == 1:
        return cmd_keys(*args)
    if cmd == "get" and len(args) == 2:
        return cmd_get(*args)
    if cmd == "set" and len(args) == 4:
        return cmd_set(*args)
    if cmd == "same-value" and len(args) == 3:
        return cmd_same_value(*args)
    if cmd == "same-file" and len(args) == 3:
        return cmd_same_file(*args)
    if cmd == "procscan" and len(args) == 1:
        return cmd_procscan(*args)
    if cmd == "screen" and len(args) == 6:
        return cmd_screen(args[0], args[1], *map(int, args[2:]))
    if cmd == "windows" and len(args) == 1:
        return cmd_windows(*args)
    if cmd == "find-window" and len(args) == 2:
        return cmd_find_window(*args)
    print("vvtool.py: bad arguments: %r" % argv[1:], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
