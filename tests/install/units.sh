#!/bin/bash
# The systemd units of data/systemd/, as meson made them for this build
# (@bindir@ replaced), pass 'systemd-analyze verify' with the build's
# vdctl in place of the installed one: known sections and keys, an
# ExecStart that exists.  And the command a unit runs parses: vdctl takes
# its arguments with --help added.  No systemd needs to run.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
: "${VDCTL_SRCDIR:?the source tree}"
: "${VDCTL_BUILDDIR:?the build tree}"

. "$VDCTL_SRCDIR/tests/lib/tap.sh"

command -v systemd-analyze >/dev/null 2>&1 ||
  { echo "1..0 # SKIP systemd-analyze is not installed (Debian: systemd)"; exit 0; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-units.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

units=("$VDCTL_BUILDDIR"/data/systemd/*.service)
[ -e "${units[0]}" ] || { echo "1..0 # SKIP no unit in data/systemd"; exit 0; }
for built in "${units[@]}"; do
  unit=$(basename "$built")
  exec_line=$(sed -n 's/^ExecStart=//p' "$built")
  read -r -a argv <<<"$exec_line"
  # The unit as installed, but running this build's vdctl.
  sed "s#^ExecStart=${argv[0]}#ExecStart=$VDCTL#" "$built" >"$TMP/$unit"
  if SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$TMP/$unit" >"$TMP/verify" 2>&1 &&
     [ ! -s "$TMP/verify" ]; then
    ok "$unit: systemd-analyze verify finds nothing"
  else
    not_ok "$unit: systemd-analyze verify"; show "$TMP/verify"
  fi
  if "$VDCTL" "${argv[@]:1}" --help >"$TMP/help" 2>&1; then
    ok "$unit: vdctl ${argv[*]:1} parses"
  else
    not_ok "$unit: vdctl ${argv[*]:1} --help fails"; show "$TMP/help"
  fi
done
tap_finish
