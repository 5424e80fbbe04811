#!/usr/bin/python3
"""build-aux/test-counts.py LOG: "N passed, N failed, N skipped" from a meson
test log (meson-logs/*.json: one JSON object a line).  A log that cannot be
read counts as one failure."""

import json
import sys

counts = {"passed": 0, "failed": 0, "skipped": 0}
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                counts["passed"] += 1
            elif result == "SKIP":
                counts["skipped"] += 1
            else:
                counts["failed"] += 1
except (OSError, ValueError, IndexError):
    counts["failed"] += 1
print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
