# tests/lib/e2e.sh: what the end-to-end tests share. Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Needs VDCTL (the built binary; meson's test_env sets it). Makes sure
# qemu:///system answers (or SKIPs with exit 77), gives unique names, runs
# vdctl capturing its output, and removes on exit every domain and volume a
# test registered with e2e_track, and ends every process it put in
# E2E_PIDS, whatever happened.

set -u

E2E_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/libvirtd.sh
. "$E2E_LIB_DIR/libvirtd.sh"

: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"

E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-e2e.XXXXXX")
E2E_DOMAINS=()
E2E_VOLUMES=()
E2E_PIDS=()

e2e_cleanup ()
{
  local pid name vol

  for pid in ${E2E_PIDS[@]+"${E2E_PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  # No look-up first: a define that timed out may have gone through.
  for name in ${E2E_DOMAINS[@]+"${E2E_DOMAINS[@]}"}; do
    vd_virsh destroy -- "$name" >/dev/null 2>&1 || true
    vd_virsh undefine --nvram -- "$name" >/dev/null 2>&1 ||
      vd_virsh undefine -- "$name" >/dev/null 2>&1 || true
  done
  for vol in ${E2E_VOLUMES[@]+"${E2E_VOLUMES[@]}"}; do
    if e2e_volume_exists "$vol"; then
      vd_virsh vol-delete --pool "$VD_TEST_POOL" -- "$vol" >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$E2E_TMP"
}
trap e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# e2e_require_python_gi: set E2E_PYTHON_GI to a python3 with GLib's
# bindings (python3-gi), for vvtool; the first python3 in PATH (a pyenv
# one, say) may lack them.  SKIPs the test (exit 77) where none has them.
E2E_PYTHON_GI=
e2e_require_python_gi ()
{
  local py

  for py in python3 /usr/bin/python3; do
    if "$py" -c 'import gi; gi.require_version("GLib", "2.0"); from gi.repository import GLib' \
         >/dev/null 2>&1; then
      E2E_PYTHON_GI=$py
      return
    fi
  done
  echo "SKIP: no python3 with GLib bindings (Debian: python3-gi)"
  exit 77
}

# vvtool ARGS...: tests/lib/vvtool.py, which reads .vv files with GLib's
# GKeyFile, virt-viewer's own parser (see its head); after
# e2e_require_python_gi.
vvtool ()
{
  "$E2E_PYTHON_GI" "$E2E_LIB_DIR/vvtool.py" "$@"
}

e2e_fail ()
{
  echo "FAIL: $*"
  exit 1
}

e2e_note ()
{
  echo "# $*"
}

# A name no other run uses: tests of several checkouts share one daemon.
e2e_name ()
{
  printf 'vdctl-e2e-%s-%s-%s' "$1" "$$" "$RANDOM"
}

# Remove this domain and its volume NAME.qcow2 at exit.
e2e_track ()
{
  E2E_DOMAINS+=("$1")
  E2E_VOLUMES+=("$1.qcow2")
}

# e2e_vdctl ARGS...: run vdctl on qemu:///system, its standard input from
# E2E_STDIN (default /dev/null); sets E2E_RC, E2E_OUT and E2E_ERR (the
# contents of its stdout and stderr).
e2e_vdctl ()
{
  E2E_RC=0
  timeout 180 "$VDCTL" -c "$VD_QEMU_URI" "$@" <"${E2E_STDIN:-/dev/null}" \
    >"$E2E_TMP/out" 2>"$E2E_TMP/err" || E2E_RC=$?
  E2E_OUT=$(cat "$E2E_TMP/out")
  E2E_ERR=$(cat "$E2E_TMP/err")
}

e2e_show_output ()
{
  echo "--- vdctl stdout:"
  printf '%s\n' "$E2E_OUT"
  echo "--- vdctl stderr:"
  printf '%s\n' "$E2E_ERR"
}

e2e_domain_exists ()
{
  vd_virsh dominfo -- "$1" >/dev/null 2>&1
}

e2e_volume_exists ()
{
  vd_virsh pool-refresh "$VD_TEST_POOL" >/dev/null 2>&1 || true
  vd_virsh vol-info --pool "$VD_TEST_POOL" -- "$1" >/dev/null 2>&1
}

# Does something accept TCP connections on 127.0.0.1:PORT?
e2e_port_open ()
{
  # shellcheck disable=SC2016 # $1 is for the inner bash
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# e2e_xpath FILE EXPR: the string value of an XPath expression.
e2e_xpath ()
{
  xmllint --xpath "$2" "$1" 2>/dev/null
}

# e2e_expect FILE DESCRIPTION EXPR EXPECTED
e2e_expect ()
{
  local got

  got=$(e2e_xpath "$1" "$3")
  if [ "$got" != "$4" ]; then
    echo "--- $1:"
    cat "$1"
    e2e_fail "$2: $3 gave '$got', expected '$4'"
  fi
}

# Does this host give the QEMU driver KVM? (vdctl then picks kvm.)
e2e_host_has_kvm ()
{
  vd_virsh capabilities 2>/dev/null | xmllint --xpath \
    "boolean(/capabilities/guest[os_type='hvm']/arch[@name='x86_64']/domain[@type='kvm'])" - 2>/dev/null |
    grep -qx true
}

for tool in virsh xmllint virt-xml-validate; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIP: $tool is not installed (Debian: libvirt-clients, libxml2-utils)"; exit 77; }
done
vd_libvirtd_require
