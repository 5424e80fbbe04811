# shellcheck shell=bash
# tests/lib/tap.sh: TAP output for the test scripts. Source it from bash;
# end the script with tap_finish (its status is the script's).
#
# SPDX-License-Identifier: GPL-2.0-or-later

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
