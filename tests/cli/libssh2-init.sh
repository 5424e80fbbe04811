#!/bin/bash
# libssh2-init.sh MODULE: how vdctl has libssh2 start.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# libvirt's virInitialize initializes libcurl, which initializes libssh2
# with its crypto backend (flags 0).  Unless libssh2 may carry the
# connection, vdctl initializes it first without (flags 1,
# LIBSSH2_INIT_NO_CRYPTO; see src/host/virt.c).  MODULE (libssh2-init-log.c)
# logs the flags of every libssh2_init call, in order.
#
# A URI that only libvirt resolves, an alias or the default, goes through
# libvirt.conf: as root these cases bind-mount their own over
# /etc/libvirt/libvirt.conf in a private mount namespace (and are skipped
# where that is not allowed); otherwise they use XDG_CONFIG_HOME.
set -u
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

module=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# An ASan build wants its runtime first in the list, before any preload.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
log=$tmp/libssh2_init.log

# run [ENV=VALUE...] -- VDCTL-ARGS...: vdctl with the module; its output
# in $tmp/out, its status in $status, the calls' flags in $calls (one line).
run ()
{
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  rm -f "$log"
  env "${envs[@]}" VD_LIBSSH2_LOG="$log" LD_PRELOAD="$module" \
    ${conf_runner:+"$conf_runner"} "$VDCTL" "$@" >"$tmp/out" 2>&1
  status=$?
  calls=$(tr '\n' ' ' <"$log" 2>/dev/null)
  calls=${calls% }
}

# expect DESCRIPTION CALLS [STATUS]: the calls were CALLS, vdctl exited
# with STATUS (default 0).
expect ()
{
  local what=$1 want=$2 want_status=${3:-0}
  if [ "$calls" = "$want" ] && [ "$status" -eq "$want_status" ]; then
    ok "$what"
  else
    not_ok "$what" "libssh2_init calls: '$calls', expected '$want'" \
      "exit status $status, expected $want_status" "output:"
    show "$tmp/out"
  fi
}

# expect_crypto DESCRIPTION: no call skipped libssh2's crypto, and vdctl
# failed to connect (these URIs name a closed port).
expect_crypto ()
{
  case " $calls " in
    *" 1 "*) not_ok "$1" "libssh2_init calls: '$calls', expected no 1" ;;
    *) check "$1" grep -q "unable to connect to server at '127.0.0.1:1'" "$tmp/out" ;;
  esac
}

# ---- URIs vdctl reads itself ----------------------------------------

conf_runner=
run -- -c test:///default list
expect "-c test:///default: libssh2 starts without crypto, then libcurl's call" "1 0"

run LIBVIRT_DEFAULT_URI=test:///default -- list
expect "LIBVIRT_DEFAULT_URI=test:///default: the same" "1 0"

run -- -c 'qemu+libssh2://root@127.0.0.1:1/system?known_hosts_verify=ignore' list
expect_crypto "-c qemu+libssh2://: libssh2 keeps its crypto"

# ---- URIs libvirt resolves through libvirt.conf ---------------------

# with_conf TEXT: the cases that follow see a libvirt.conf of TEXT.
conf_skip=
with_conf ()
{
  printf '%s\n' "$1" >"$tmp/libvirt.conf"
  if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$tmp/xdg/libvirt"
    cp "$tmp/libvirt.conf" "$tmp/xdg/libvirt/libvirt.conf"
    export XDG_CONFIG_HOME=$tmp/xdg
    conf_runner=
    return
  fi
  cat >"$tmp/in-namespace" <<'SH'
#!/bin/sh
mount --bind "$VD_LIBVIRT_CONF" /etc/libvirt/libvirt.conf || exit 99
exec "$@"
SH
  chmod +x "$tmp/in-namespace"
  cat >"$tmp/conf-runner" <<SH
#!/bin/sh
VD_LIBVIRT_CONF='$tmp/libvirt.conf' exec unshare -m --propagation private '$tmp/in-namespace' "\$@"
SH
  chmod +x "$tmp/conf-runner"
  conf_runner=$tmp/conf-runner
  if [ ! -f /etc/libvirt/libvirt.conf ]; then
    conf_skip="no /etc/libvirt/libvirt.conf to cover"
  elif ! "$conf_runner" true 2>/dev/null; then
    conf_skip="no private mount namespace here (unshare -m)"
  fi
}

# conf_case DESCRIPTION CALLS STATUS [ENV=VALUE...] -- VDCTL-ARGS...
conf_case ()
{
  local what=$1 want=$2 want_status=$3
  shift 3
  if [ -n "$conf_skip" ]; then
    ok "$what # SKIP $conf_skip"
    return
  fi
  run "$@"
  expect "$what" "$want" "$want_status"
}

with_conf 'uri_aliases = [ "here=test:///default" ]'
conf_case "an alias libvirt.conf maps to test:///default: without crypto" "1 0" 0 \
  -u LIBVIRT_DEFAULT_URI -- -c here list

with_conf 'uri_aliases = [ "here=test:///default", "far=qemu+libssh2://127.0.0.1:1/system" ]'
conf_case "an alias in a libvirt.conf that mentions libssh2: libssh2 keeps its crypto" "0" 0 \
  -u LIBVIRT_DEFAULT_URI -- -c here list

with_conf 'uri_default = "test:///default"'
conf_case "no URI, libvirt.conf's uri_default test:///default: without crypto" "1 0" 0 \
  -u LIBVIRT_DEFAULT_URI -- list

with_conf 'uri_default = "qemu+libssh2://root@127.0.0.1:1/system?known_hosts_verify=ignore"'
if [ -n "$conf_skip" ]; then
  ok "no URI, libvirt.conf's uri_default qemu+libssh2://: libssh2 keeps its crypto # SKIP $conf_skip"
else
  run -u LIBVIRT_DEFAULT_URI -- list
  expect_crypto "no URI, libvirt.conf's uri_default qemu+libssh2://: libssh2 keeps its crypto"
fi

tap_finish
