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
#
# Usage: layout.sh MESON (the meson program; meson test passes it). Needs
# VDCTL_BUILDDIR and VDCTL_SRCDIR (meson's test_env sets them).
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015

set -u

MESON=${1:?usage: layout.sh MESON}
: "${VDCTL_BUILDDIR:?the build tree}" "${VDCTL_SRCDIR:?the source tree}"

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"
finish () { tap_finish; exit; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-install.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
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
"$MESON" introspect "$VDCTL_BUILDDIR" --projectinfo >"$TMP/project.json"
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
version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$TMP/project.json")
BIN=$DEST$(dir bindir)/vdctl
MAN=$DEST$(dir mandir)/man1/vdctl.1
DATA=$DEST$(dir datadir)
COMPLETION=$DATA/bash-completion/completions/vdctl
TEMPLATES=$DATA/vdctl/templates
EXAMPLES=$DATA/doc/vdctl/examples

# --- the binary -----------------------------------------------------------------

if [ -x "$BIN" ] && [ -f "$BIN" ]; then
  ok "${BIN#"$DEST"} is an executable file"
else
  not_ok "no executable ${BIN#"$DEST"}"
  (cd "$DEST" && find . | sort | sed 's/^/#   /')
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
  [ "$got" = "export-rdp export-vv " ] &&
    ok "the installed shim completes 'vdctl export-' with the installed binary: $got" ||
    not_ok "the installed shim completed 'vdctl export-' as '$got'"
else
  not_ok "no ${COMPLETION#"$DEST"}, or it differs from bash-completion/vdctl"
  (cd "$DEST" && find . -path '*completion*' | sed 's/^/#   /')
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

finish
