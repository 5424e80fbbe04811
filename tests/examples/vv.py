#!/usr/bin/env python3
# tests/examples/vv.py: a .vv file as virt-viewer reads it (GLib's GKeyFile).
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   vv.py FILE   print "KEY<TAB>VALUE" for each key of the [virt-viewer]
#                group, values unescaped; exit 1 when GKeyFile refuses the
#                file or it has no [virt-viewer] group or another group

import sys

import gi

gi.require_version("GLib", "2.0")
from gi.repository import GLib  # noqa: E402


def main(argv):
    if len(argv) != 2:
        print("usage: vv.py FILE", file=sys.stderr)
        return 2
    kf = GLib.KeyFile()
    try:
        kf.load_from_file(argv[1], GLib.KeyFileFlags.NONE)
    except GLib.Error as e:
        print("vv.py: %s: %s" % (argv[1], e.message), file=sys.stderr)
        return 1
    groups, _ = kf.get_groups()
    if list(groups) != ["virt-viewer"]:
        print("vv.py: %s: groups %r, expected only [virt-viewer]" % (argv[1], groups),
              file=sys.stderr)
        return 1
    keys, _ = kf.get_keys("virt-viewer")
    for key in keys:
        value = kf.get_string("virt-viewer", key)
        if "\n" in value or "\t" in value:
            print("vv.py: %s: %s holds a tab or a line break" % (argv[1], key), file=sys.stderr)
            return 1
        print("%s\t%s" % (key, value))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
