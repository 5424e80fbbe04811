#!/bin/bash
# dumpable.sh MODULE: vdctl is not dumpable while it holds a secret.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A process that is not dumpable leaves no core file and lets no other
# process of its user read its memory (/proc/PID/mem, ptrace).  MODULE
# (dumpable-log.c) logs the flag at vdctl's first read of standard input
# and at its exit.  Commands that may hold a password are not dumpable
# before they read one; list and show read no password (libvirt's secure
# flag is off), so they stay as they are.
set -u
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

module=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export LIBVIRT_DEFAULT_URI=test:///default
log=$tmp/dumpable.log

# run STDIN VDCTL-ARGS...: vdctl with the module; $status, and $seen (the
# log on one line).
run ()
{
  local input=$1
  shift
  rm -f "$log"
  printf '%s' "$input" | VD_DUMPABLE_LOG="$log" LD_PRELOAD="$module" \
    "$VDCTL" "$@" >"$tmp/out" 2>&1
  status=$?
  seen=$(tr '\n' ' ' <"$log" 2>/dev/null)
  seen=${seen% }
}

expect ()
{
  local what=$1 want=$2
  if [ "$seen" = "$want" ] && [ "$status" -eq 0 ]; then
    ok "$what"
  else
    not_ok "$what" "logged: '$seen', expected '$want'" "exit status $status" "output:"
    show "$tmp/out"
  fi
}

run 'pipe-secret
' create lab --listen 0.0.0.0 --password-file - --print-xml
expect "create --password-file -: not dumpable when the password arrives, nor after" \
  "stdin 0 exit 0"

run '' create lab --listen 0.0.0.0 --print-xml
expect "create with a generated password: not dumpable" "exit 0"

run '' edit test --memory 300 --print-xml
expect "edit (it reads the definition with its passwords): not dumpable" "exit 0"

run '' list
expect "list holds no secret: dumpable as started" "exit 1"

run '' show test
expect "show holds no secret: dumpable as started" "exit 1"

tap_finish
