#!/usr/bin/env python3
# tests/lifecycle/xml-parts.py: small XML jobs for the lifecycle tests.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   xml-parts.py raw FILE TAG...
#       print, byte for byte as they stand in FILE, the first element
#       named by each TAG (a qualified name as written, e.g. 'description'
#       or 'lcx:note'), each on a line of its own after a '== TAG' line;
#       exit 1 when one is missing.  For checking that an edit kept
#       content it has no business with exactly as libvirt wrote it.
#   xml-parts.py set-name IN OUT NAME
#       copy the domain XML IN to OUT with <name> set to NAME.

import re
import sys
import xml.etree.ElementTree as ET


def raw(path, tags):
    with open(path, "rb") as f:
        data = f.read()
    out = sys.stdout.buffer
    status = 0
    for tag in tags:
        t = re.escape(tag.encode())
        # <tag ...>...</tag> or <tag .../>; these tags do not nest in
        # themselves in the documents the tests make.
        m = re.search(rb"<" + t + rb"(?:\s[^>]*)?(?:/>|>.*?</" + t + rb">)", data, re.S)
        out.write(b"== " + tag.encode() + b"\n")
        if m is None:
            out.write(b"(missing)\n")
            status = 1
        else:
            out.write(m.group(0) + b"\n")
    return status


def set_name(src, dst, name):
    tree = ET.parse(src)
    node = tree.getroot().find("name")
    if node is None:
        node = ET.SubElement(tree.getroot(), "name")
    node.text = name
    tree.write(dst, encoding="utf-8", xml_declaration=False)
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "raw":
        return raw(argv[2], argv[3:])
    if len(argv) == 5 and argv[1] == "set-name":
        return set_name(argv[2], argv[3], argv[4])
    print(__doc__ if __doc__ else "usage: see the file", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
