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

tap_n=0
tap_failed=0

ok ()
{
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $1"
}

# not_ok DESCRIPTION [DETAIL-LINE...]
not_ok ()
{
  local line
  tap_n=$((tap_n + 1))
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_n - $1"
  shift
  for line in "$@"; do
    printf '#   %s\n' "$line"
  done
}

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check ()
{
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# show FILE: a file's contents as TAP diagnostics.
show ()
{
  sed 's/^/#   /' "$1"
}

tap_finish ()
{
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
}

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
