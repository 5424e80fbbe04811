#!/bin/bash
# Runs shellcheck on the example scripts and on their tests. Skips where
# it is not installed (Debian: shellcheck).
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

: "${VDCTL_SRCDIR:?VDCTL_SRCDIR must name the source tree (meson test sets it)}"

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "1..0 # SKIP shellcheck is not installed (Debian: shellcheck)"
  exit 0
fi

cd "$VDCTL_SRCDIR" || exit 1
n=0
failed=0
for f in examples/*.sh tests/examples/*.sh tests/install/*.sh; do
  n=$((n + 1))
  # -x: follow the files a test sources (paths relative to the source tree).
  if out=$(shellcheck -x "$f" 2>&1); then
    echo "ok $n - shellcheck $f"
  else
    failed=$((failed + 1))
    echo "not ok $n - shellcheck $f"
    printf '%s\n' "$out" | sed 's/^/#   /'
  fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
