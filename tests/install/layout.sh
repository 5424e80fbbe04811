#!/bin/bash
# The installed layout: 'meson install --destdir' of this build tree, then
# what a package would ship is checked where it lands under the prefix:
#
#   bin/vdctl                              runs, --version
#   share/man/man1/vdctl.1                 renders with man -l, no warnings,
#                                          a section for every command
#   share/bash-completion/completions/vdctl  the shim, which completes with
#                                          the installed binary
#   share/vdctl/templates/*.xml            every profile of templates/, each
#                                          a valid libvirt domain
#   share/doc/vdctl/examples/              every file of examples/
#   SYSCONFDIR/vdctl/vdctl.conf            data/vdctl.conf, which the
#                                          installed vdctl accepts
#   the systemd unit directory             every unit of data/systemd/
#
# With --installed, the same is checked on this machine's own files under
# the prefix /usr, as a package installs them (build-aux/deb-check.sh runs
# it after installing the Debian package): nothing is installed, and the
# man page may be compressed.
#
# Usage: layout.sh MESON [--installed] (MESON: the meson program; meson test
# passes it). Needs VDCTL_SRCDIR and, without --installed, VDCTL_BUILDDIR
# (meson's test_env sets them).
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015

set -u

MESON=${1:?usage: layout.sh MESON [--installed]}
INSTALLED=
case ${2-} in
  '') ;;
  --installed) INSTALLED=yes ;;
  *) echo "usage: layout.sh MESON [--installed]" >&2; exit 2 ;;
esac
: "${VDCTL_SRCDIR:?the source tree}"
[ -n "$INSTALLED" ] || : "${VDCTL_BUILDDIR:?the build tree}"

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"
finish () { tap_finish; exit; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-install.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# The project's version, from the source tree's meson.build.
"$MESON" introspect --projectinfo "$VDCTL_SRCDIR/meson.build" >"$TMP/project.json"
version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$TMP/project.json")

if [ -n "$INSTALLED" ]; then
  # The installed vdctl reads the host-wide /etc/vdctl/vdctl.conf, as it
  # does for users, but not the user's own.
  export XDG_CONFIG_HOME=$TMP/xdg-config
  # What a package built with prefix /usr installs: meson's directories for
  # that prefix (sysconfdir /etc), and systemd's unit directory as
  # data/systemd/meson.build finds it.
  DEST=
  BINDIR=/usr/bin
  MANDIR=/usr/share/man
  DATADIR=/usr/share
  SYSCONFDIR=/etc
  UNITDIR=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null) || UNITDIR=
  [ -n "$UNITDIR" ] || UNITDIR=/usr/lib/systemd/system
else
  DEST=$TMP/dest

  # --- install ------------------------------------------------------------------

  # --no-rebuild: meson test has built everything already, and a ninja run
  # inside a test would fight the one that runs the tests.
  rc=0
  "$MESON" install -C "$VDCTL_BUILDDIR" --destdir "$DEST" --no-rebuild --quiet \
    </dev/null >"$TMP/install.log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    ok "meson install --destdir --no-rebuild"
  else
    not_ok "meson install exited $rc"; show "$TMP/install.log"
    finish
  fi

  # Where things go: the build's own prefix and directories.
  "$MESON" introspect "$VDCTL_BUILDDIR" --buildoptions >"$TMP/options.json"
  "$MESON" introspect "$VDCTL_BUILDDIR" --installed >"$TMP/installed.json"
  option ()
  {
    python3 -c '
import json, sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == sys.argv[2]:
        print(o["value"])
' "$TMP/options.json" "$1"
  }
  # dir OPTION: the absolute installation directory of a meson directory option.
  dir ()
  {
    local value
    value=$(option "$1")
    case $value in
      /*) printf '%s' "$value" ;;
      *) printf '%s/%s' "$(option prefix)" "$value" ;;
    esac
  }
  BINDIR=$(dir bindir)
  MANDIR=$(dir mandir)
  DATADIR=$(dir datadir)
  SYSCONFDIR=$(dir sysconfdir)
  # The unit directory is worked out in data/systemd/meson.build: where meson
  # installs a unit of that folder ("no": none is installed).
  UNITDIR=$(option systemdsystemunitdir)
  if [ "$UNITDIR" != no ]; then
    UNITDIR=$(python3 -c '
import json, os, sys
for src, dst in json.load(open(sys.argv[1])).items():
    if os.path.dirname(src) == sys.argv[2]:
        print(os.path.dirname(dst))
        break
' "$TMP/installed.json" "$VDCTL_BUILDDIR/data/systemd")
  fi
fi

BIN=$DEST$BINDIR/vdctl
MAN=$DEST$MANDIR/man1/vdctl.1
[ -n "$INSTALLED" ] && [ ! -e "$MAN" ] && [ -e "$MAN.gz" ] && MAN=$MAN.gz
DATA=$DEST$DATADIR
COMPLETION=$DATA/bash-completion/completions/vdctl
TEMPLATES=$DATA/vdctl/templates
EXAMPLES=$DATA/doc/vdctl/examples
CONF=$DEST$SYSCONFDIR/vdctl/vdctl.conf

# --- the binary -----------------------------------------------------------------

if [ -x "$BIN" ] && [ -f "$BIN" ]; then
  ok "${BIN#"$DEST"} is an executable file"
else
  not_ok "no executable ${BIN#"$DEST"}"
  [ -z "$DEST" ] || (cd "$DEST" && find . | sort | sed 's/^/#   /')
  finish
fi
got=$("$BIN" --version 2>&1) || true
[ "$got" = "vdctl $version" ] && ok "the installed vdctl runs: --version says '$got'" ||
  not_ok "installed vdctl --version said '$got', expected 'vdctl $version'"
# It works on its own too, from the profile built into it.
if LIBVIRT_DEFAULT_URI=test:///default "$BIN" create probe --network none --print-xml \
     </dev/null >"$TMP/probe.xml" 2>"$TMP/probe.err" &&
   virt-xml-validate "$TMP/probe.xml" domain >/dev/null 2>&1; then
  ok "the installed vdctl makes a valid domain (create --print-xml on test:///default)"
else
  not_ok "the installed vdctl cannot make a domain"; show "$TMP/probe.err"
fi

mapfile -t commands < <("$BIN" complete -- vdctl '' </dev/null)
[ "${#commands[@]}" -ge 10 ] && ok "vdctl complete lists ${#commands[@]} commands: ${commands[*]}" ||
  not_ok "vdctl complete lists only: ${commands[*]}"

# --- the man page -----------------------------------------------------------------

if [ -f "$MAN" ]; then
  ok "${MAN#"$DEST"} is installed"
  rc=0
  MANWIDTH=80 man --warnings -l "$MAN" 2>"$TMP/man.err" | col -b >"$TMP/man.txt" || rc=$?
  if [ "$rc" -eq 0 ] && [ ! -s "$TMP/man.err" ] && grep -q "^NAME" "$TMP/man.txt" &&
     grep -q "vdctl - " "$TMP/man.txt"; then
    ok "man -l renders it, without warnings ($(wc -l <"$TMP/man.txt") lines)"
  else
    not_ok "man -l does not render it cleanly (exit $rc)"; show "$TMP/man.err"
  fi
  # COMMANDS, and POOLS for pool and reset, have a subsection per
  # command: "   NAME ...".
  sed -n -e '/^COMMANDS$/,/^[A-Z]/p' -e '/^POOLS$/,/^[A-Z]/p' \
    "$TMP/man.txt" >"$TMP/man-commands.txt"
  missing=()
  for c in "${commands[@]}"; do
    grep -qE "^   $c( |\$)" "$TMP/man-commands.txt" || missing+=("$c")
  done
  [ "${#commands[@]}" -gt 0 ] && [ "${#missing[@]}" -eq 0 ] &&
    ok "the man page has a COMMANDS subsection for every command of 'vdctl complete'" ||
    not_ok "commands without a subsection in the man page: ${missing[*]}"
else
  not_ok "no ${MAN#"$DEST"}"
fi

# --- the bash completion ---------------------------------------------------------

if [ -f "$COMPLETION" ] && cmp -s "$COMPLETION" "$VDCTL_SRCDIR/bash-completion/vdctl"; then
  ok "${COMPLETION#"$DEST"} is bash-completion/vdctl"
  # In a bash of its own: load the shim, complete "vdctl export-" with the
  # installed binary as the program word.
  got=$(BIN=$BIN COMPLETION=$COMPLETION bash --norc --noprofile -c '
    . "$COMPLETION" || exit 1
    complete -p vdctl >/dev/null || exit 1
    COMP_LINE="$BIN export-"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=("$BIN" export-); COMP_CWORD=1
    _vdctl "$BIN" export- "$BIN" 2>/dev/null
    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' 2>&1)
  [ "$got" = "export-rdp export-vv export-web " ] &&
    ok "the installed shim completes 'vdctl export-' with the installed binary: $got" ||
    not_ok "the installed shim completed 'vdctl export-' as '$got'"
else
  not_ok "no ${COMPLETION#"$DEST"}, or it differs from bash-completion/vdctl"
  [ -z "$DEST" ] || (cd "$DEST" && find . -path '*completion*' | sed 's/^/#   /')
fi

# --- the profiles ----------------------------------------------------------------

# Every profile of templates/ (the GResource manifest beside them is not one).
want=$(cd "$VDCTL_SRCDIR/templates" && for f in *.xml; do
         case $f in *.gresource.xml) ;; *) echo "$f" ;; esac
       done | LC_ALL=C sort | tr '\n' ' ')
got=$(cd "$TEMPLATES" 2>/dev/null && for f in *; do [ -e "$f" ] && echo "$f"; done | LC_ALL=C sort | tr '\n' ' ')
if [ -n "$want" ] && [ "$got" = "$want" ]; then
  ok "${TEMPLATES#"$DEST"} holds every profile of templates/ and nothing else: $got"
else
  not_ok "${TEMPLATES#"$DEST"}: '$got', expected '$want'"
fi
for f in $want; do
  if ! cmp -s "$TEMPLATES/$f" "$VDCTL_SRCDIR/templates/$f"; then
    not_ok "$f: the installed profile differs from templates/$f"
  elif virt-xml-validate "$TEMPLATES/$f" domain >"$TMP/validate" 2>&1; then
    ok "$f: installed as it is, a valid libvirt domain (virt-xml-validate)"
  else
    not_ok "$f: not a valid libvirt domain"; show "$TMP/validate"
  fi
done

# --- the examples ----------------------------------------------------------------

want=$(cd "$VDCTL_SRCDIR/examples" && for f in *; do
         [ "$f" = meson.build ] || echo "$f"
       done | LC_ALL=C sort | tr '\n' ' ')
got=$(cd "$EXAMPLES" 2>/dev/null && for f in *; do [ -e "$f" ] && echo "$f"; done | LC_ALL=C sort | tr '\n' ' ')
if [ -n "$want" ] && [ "$got" = "$want" ]; then
  ok "${EXAMPLES#"$DEST"} holds every file of examples/: $got"
else
  not_ok "${EXAMPLES#"$DEST"}: '$got', expected '$want'"
fi
for f in $want; do
  case $f in *.sh) mode=755 ;; *) mode=644 ;; esac
  if cmp -s "$EXAMPLES/$f" "$VDCTL_SRCDIR/examples/$f" && [ "$(stat -c %a "$EXAMPLES/$f")" = "$mode" ]; then
    ok "$f: installed as it is, mode $mode"
  else
    not_ok "$f: differs from examples/$f or has mode $(stat -c %a "$EXAMPLES/$f" 2>&1), expected $mode"
  fi
done
# The installed scripts run (their help) with the installed vdctl.
for f in classroom.sh teardown.sh; do
  if [ -x "$EXAMPLES/$f" ] && VDCTL=$BIN "$EXAMPLES/$f" --help </dev/null 2>&1 | grep -q "^Usage: $f"; then
    ok "the installed $f runs"
  else
    not_ok "the installed $f does not run"
  fi
done


# --- the default configuration ---------------------------------------------------

if [ -f "$CONF" ] && cmp -s "$CONF" "$VDCTL_SRCDIR/data/vdctl.conf" &&
   [ "$(stat -c %a "$CONF")" = 644 ]; then
  ok "${CONF#"$DEST"} is data/vdctl.conf, mode 644"
else
  not_ok "${CONF#"$DEST"} is missing, differs from data/vdctl.conf or is not mode 644"
fi
# The installed vdctl reads it as the host-wide file (installed: where it
# is, /etc/vdctl/vdctl.conf), and it sets nothing.
if [ -n "$INSTALLED" ]; then
  config_env=(env -u VDCTL_SYSTEM_CONFIG)
else
  config_env=(env "VDCTL_SYSTEM_CONFIG=$CONF")
fi
config_env+=("XDG_CONFIG_HOME=$TMP/xdg-config")
rc=0
"${config_env[@]}" "$BIN" config </dev/null >"$TMP/config.txt" 2>"$TMP/config.err" || rc=$?
"${config_env[@]}" "$BIN" config --json </dev/null >"$TMP/config.json" 2>>"$TMP/config.err" || rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$TMP/config.err" ] &&
   grep -qxF "#   $CONF" "$TMP/config.txt" &&
   python3 -c '
import json, sys
config = json.load(open(sys.argv[1]))
sys.exit(not config or any(e["source"] != "default" for e in config.values()))
' "$TMP/config.json"; then
  ok "the installed vdctl reads ${CONF#"$DEST"} and every key keeps its default"
else
  not_ok "the installed vdctl does not read ${CONF#"$DEST"} cleanly, or it sets a key"
  show "$TMP/config.txt"; show "$TMP/config.err"
fi

# --- the systemd units -------------------------------------------------------------

# Every unit file of data/systemd/, installed with @bindir@ replaced.
units=()
for f in "$VDCTL_SRCDIR"/data/systemd/*; do
  [ -f "$f" ] && [ "${f##*/}" != meson.build ] && units+=("${f##*/}")
done
if [ "${#units[@]}" -eq 0 ]; then
  ok "data/systemd/ has no unit yet: none to look for # SKIP no unit in data/systemd/"
elif [ -z "$INSTALLED" ] && [ "$(option systemdsystemunitdir)" = no ]; then
  ok "-Dsystemdsystemunitdir=no: no unit is installed # SKIP units not installed in this build"
else
  for unit in "${units[@]}"; do
    installed=$DEST$UNITDIR/$unit
    if [ -n "$UNITDIR" ] && [ -f "$installed" ] && python3 -c '
import sys
source = open(sys.argv[1]).read().replace("@bindir@", sys.argv[3])
sys.exit(open(sys.argv[2]).read() != source)
' "$VDCTL_SRCDIR/data/systemd/$unit" "$installed" "$BINDIR" &&
       [ "$(stat -c %a "$installed")" = 644 ]; then
      ok "$unit is installed in ${UNITDIR:-?}, @bindir@ made $BINDIR, mode 644"
    else
      not_ok "$unit is not installed as data/systemd/$unit in ${UNITDIR:-the unit directory} (is it in systemd_units?)"
    fi
  done
fi

finish
