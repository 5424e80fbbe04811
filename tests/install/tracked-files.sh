#!/bin/bash
# What git tracks: no Python byte code, no build output; and .gitignore
# keeps them out of 'git status' when a test run or a build makes them.
#
# Skipped outside a git checkout (a release tarball has no history to
# check).  Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

: "${VDCTL_SRCDIR:?the source tree}"

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

if ! command -v git >/dev/null 2>&1 ||
   ! git -C "$VDCTL_SRCDIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "1..0 # SKIP not a git checkout (or git is not installed)"
  exit 0
fi

tracked=$(git -C "$VDCTL_SRCDIR" ls-files -- '*/__pycache__/*' '*.pyc' '*.pyo' '*.o' 'build/*' 'builddir/*')
if [ -z "$tracked" ]; then
  ok "no Python byte code or build output is tracked"
else
  mapfile -t lines <<<"$tracked"
  not_ok "Python byte code or build output is tracked; remove it with 'git rm -r --cached'" "${lines[@]}"
fi

for path in tests/cli/__pycache__/run-case.cpython-311.pyc tests/__pycache__/x.pyc \
            build/src/vdctl build-asan/meson-info/intro.json; do
  if git -C "$VDCTL_SRCDIR" check-ignore -q --no-index -- "$path"; then
    ok ".gitignore ignores $path"
  else
    not_ok ".gitignore does not ignore $path"
  fi
done

tap_finish
