#!/usr/bin/env python3
# tests/examples/domains.py: read the domain XML documents that
# 'vdctl create --print-xml' prints one after another.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
#   domains.py split DIR < XML   write each document to DIR/1.xml, DIR/2.xml,
#                                ... and print one line per document:
#                                "FILE<TAB>NAME<TAB>PROFILE<TAB>LISTEN<TAB>
#                                REDIRDEVS<TAB>HAS-PASSWORD"; exit 1 when
#                                the input holds anything but documents

import os
import sys
import xml.etree.ElementTree as ET

VDCTL_NS = "https://vdctl.org/xmlns/desktop/1.0"


def describe(path):
    root = ET.parse(path).getroot()
    if root.tag != "domain":
        raise ValueError("%s: the root element is <%s>, not <domain>" % (path, root.tag))
    name = root.findtext("name") or ""
    desktop = root.find("metadata/{%s}desktop" % VDCTL_NS)
    profile = desktop.get("profile", "") if desktop is not None else ""
    graphics = root.find("devices/graphics[@type='spice']")
    listen = ""
    password = "no"
    if graphics is not None:
        address = graphics.find("listen[@type='address']")
        listen = address.get("address", "") if address is not None else graphics.get("listen", "")
        # --print-xml prints no password, only vdctl's record that one is set.
        recorded = desktop.get("password", "") if desktop is not None else ""
        password = "yes" if graphics.get("passwd") or recorded == "set" else "no"
    redirdevs = len(root.findall("devices/redirdev[@type='spicevmc']"))
    return [path, name, profile, listen, str(redirdevs), password]


def split(outdir):
    text = sys.stdin.read()
    docs = []
    current = []
    for line in text.splitlines(keepends=True):
        if not current and not line.strip():
            continue
        current.append(line)
        if line.rstrip() == "</domain>":
            docs.append("".join(current))
            current = []
    if current:
        print("domains.py: trailing text after the last </domain>: %r" % "".join(current)[:200],
              file=sys.stderr)
        return 1
    for i, doc in enumerate(docs, 1):
        path = os.path.join(outdir, "%d.xml" % i)
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc)
        try:
            print("\t".join(describe(path)))
        except (ET.ParseError, ValueError) as e:
            print("domains.py: %s: %s" % (path, e), file=sys.stderr)
            return 1
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "split":
        return split(argv[2])
    print("usage: domains.py split DIR < XML", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
