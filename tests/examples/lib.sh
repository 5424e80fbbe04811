# shellcheck shell=bash
# tests/examples/lib.sh: TAP output and the recording vdctl wrapper that the
# example tests share. Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
: "${VDCTL_SRCDIR:?VDCTL_SRCDIR must name the source tree (meson test sets it)}"

# The examples, and this directory (for the scripts that source this file).
# shellcheck disable=SC2034
EXAMPLES=$VDCTL_SRCDIR/examples
# shellcheck disable=SC2034
EX_TESTS=$VDCTL_SRCDIR/tests/examples

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

# make_recorder DIR LOG: DIR/vdctl runs the real vdctl after appending its
# arguments to LOG, one invocation per line (each argument as bash's %q
# writes it), so a test can see what a script asked vdctl to do.
make_recorder ()
{
  local dir=$1 log=$2
  mkdir -p "$dir"
  : >"$log"
  cat >"$dir/vdctl" <<SH
#!/bin/bash
printf '%q ' "\$@" >>$(printf '%q' "$log")
echo >>$(printf '%q' "$log")
exec $(printf '%q' "$VDCTL") "\$@"
SH
  chmod +x "$dir/vdctl"
}
