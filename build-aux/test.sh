#!/bin/bash
# build-aux/test.sh: install what is needed, build, and run the whole test
# suite, on a libvirtd with the QEMU driver. What CI runs (.ci/run).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
builddir=build

bash build-aux/deps.sh

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir"
else
  meson setup "$builddir"
fi
meson compile -C "$builddir"

# The e2e suite needs qemu:///system. Start it here so a failure to start
# it is one clear message, not a skip hidden in the test log. Where it
# cannot run at all (no root, nothing answering) the e2e tests skip.
rc=0
bash tests/lib/libvirtd.sh || rc=$?
case $rc in
  0) ;;
  77) echo "test.sh: the e2e tests will be skipped: no libvirtd can run here" >&2 ;;
  *) echo "test.sh: libvirtd does not answer at qemu:///system; see above" >&2; exit 1 ;;
esac

rc=0
meson test -C "$builddir" --print-errorlogs </dev/null || rc=$?

# One plain closing line, counted from meson's own log of this run.
python3 - "$builddir/meson-logs/testlog.json" <<'PY' || true
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
with open(sys.argv[1]) as f:
    for line in f:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
print("meson: %(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
PY
exit "$rc"
