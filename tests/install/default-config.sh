#!/bin/bash
# data/vdctl.conf, the default /etc/vdctl/vdctl.conf that is installed: the
# built vdctl reads it as the host-wide file and it sets nothing; it names
# every key 'vdctl config' knows, each once and commented out; and each is
# valid once uncommented.
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015

set -u

: "${VDCTL:?VDCTL must name the vdctl binary (meson test sets it)}"
: "${VDCTL_SRCDIR:?the source tree}"

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

DEFAULT=$VDCTL_SRCDIR/data/vdctl.conf
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-default-config.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
export XDG_CONFIG_HOME=$TMP/xdg

# vd CONF ARGS...: vdctl with CONF as the host-wide file; sets RC, output
# in $TMP/out and $TMP/err.
vd ()
{
  local conf=$1
  shift
  RC=0
  VDCTL_SYSTEM_CONFIG=$conf timeout 60 "$VDCTL" "$@" </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
}

# sources: "KEY<TAB>SOURCE" per key of 'vdctl config --json' ($TMP/out).
sources ()
{
  python3 -c '
import json, sys
for key, entry in sorted(json.load(sys.stdin).items()):
    print("%s\t%s" % (key, entry["source"]))
' <"$TMP/out"
}

vd "$DEFAULT" config
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] && grep -qxF "#   $DEFAULT" "$TMP/out"; then
  ok "vdctl config reads data/vdctl.conf as the host-wide file"
else
  not_ok "vdctl config does not accept data/vdctl.conf (exit $RC)"; show "$TMP/err"
fi

vd "$DEFAULT" config --json
sources >"$TMP/sources"
cut -f 1 "$TMP/sources" >"$TMP/keys"
if [ -s "$TMP/sources" ] && [ "$(cut -f 2 "$TMP/sources" | sort -u)" = default ]; then
  ok "it sets no key: every one of $(wc -l <"$TMP/keys") keeps its default"
else
  not_ok "it sets a key"; show "$TMP/sources"
fi

# Every key, commented out ("#key="), and nothing set ("key=").
sed -nE 's/^#([a-z][a-z-]*)=.*/\1/p' "$DEFAULT" | LC_ALL=C sort >"$TMP/commented"
grep -E '^[a-z][a-z-]*=' "$DEFAULT" >"$TMP/set"
if cmp -s "$TMP/keys" "$TMP/commented" && [ ! -s "$TMP/set" ]; then
  ok "it names every key of 'vdctl config' once, commented out: $(tr '\n' ' ' <"$TMP/keys")"
else
  not_ok "its keys differ from those of 'vdctl config'" \
    "vdctl config: $(tr '\n' ' ' <"$TMP/keys")" "commented:    $(tr '\n' ' ' <"$TMP/commented")" \
    "set:          $(tr '\n' ' ' <"$TMP/set")"
fi

sed -E 's/^#([a-z][a-z-]*=)/\1/' "$DEFAULT" >"$TMP/uncommented.conf"
vd "$TMP/uncommented.conf" config --json
sources >"$TMP/sources"
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] &&
   [ "$(cut -f 2 "$TMP/sources" | sort -u)" = "$TMP/uncommented.conf" ]; then
  ok "every key uncommented: vdctl accepts each value and reads it from the file"
else
  not_ok "every key uncommented: not accepted (exit $RC)"; show "$TMP/err"; show "$TMP/sources"
fi

tap_finish
