#!/bin/bash
# build-aux/load-order.py, which names the most looked-up libraries first
# among vdctl's DT_NEEDED entries for a faster start, on small libraries
# made here:
#
#   libmany.so  defines many_1 .. many_40
#   libdupa.so  defines dup and dupa_1
#   libdupb.so  defines dup, dupb_1 .. dupb_30 (with 'dup' twice), or dupb_*
#               only (without)
#   libuser.so  uses many_*, dup, dupa_1 and dupb_*
#
# linked as "-luser -ldupa -ldupb -lmany", so that 'dup' binds to libdupa.
#
#   - without a second 'dup', the busiest libraries come first, libmany
#     before libdupb before libdupa;
#   - with it, libdupb (busier than libdupa) stays where it was, since
#     naming it first would bind 'dup' to it: the order may shorten
#     lookups, never change what they find;
#   - a compiler that fails gives no list and exit 0;
#   - and the vdctl of this build names first the libraries the build
#     chose ($VDCTL_LOAD_ORDER).
#
# Usage: load-order.sh CC... (the C compiler; meson test passes it).
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# shellcheck disable=SC2015

set -u

[ $# -gt 0 ] || { echo "usage: load-order.sh CC..." >&2; exit 2; }
CC=("$@")
: "${VDCTL_SRCDIR:?the source tree}" "${VDCTL:?vdctl}"
SCRIPT=$VDCTL_SRCDIR/build-aux/load-order.py

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"
finish () { tap_finish; exit; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-load-order.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT

# functions PREFIX N: "int PREFIX_1 (void) { return 1; }" ... up to N.
functions ()
{
  local i
  for ((i = 1; i <= $2; i++)); do echo "int $1_$i (void) { return $i; }"; done
}

# calls PREFIX N: a function that calls PREFIX_1 .. PREFIX_N.
calls ()
{
  local i
  for ((i = 1; i <= $2; i++)); do echo "int $1_$i (void);"; done
  echo "int use_$1 (void) { return 0"
  for ((i = 1; i <= $2; i++)); do echo " + $1_$i ()"; done
  echo "; }"
}

# make_libs WITH_DUP: the four libraries in $TMP/libs.
make_libs ()
{
  local dir=$TMP/libs

  rm -rf "$dir" && mkdir -p "$dir" || return 1
  functions many 40 >"$dir/many.c"
  { echo "int dup (void) { return 1; }"; functions dupa 1; } >"$dir/dupa.c"
  { [ "$1" = yes ] && echo "int dup (void) { return 2; }"; functions dupb 30; } >"$dir/dupb.c"
  { calls many 40; calls dupb 30; calls dupa 1;
    echo "int dup (void); int use_dup (void) { return dup (); }"; } >"$dir/user.c"
  for lib in many dupa dupb user; do
    "${CC[@]}" -shared -fPIC -o "$dir/lib$lib.so" "$dir/$lib.c" 2>"$TMP/cc.err" || return 1
  done
}

# order: what load-order.py prints for the four libraries, names only.
order ()
{
  local dir=$TMP/libs
  LD_LIBRARY_PATH=$dir python3 "$SCRIPT" "${CC[@]}" -- -L"$dir" -Wl,-rpath,"$dir" \
    -luser -ldupa -ldupb -lmany 2>"$TMP/order.err" | xargs -r -n1 basename | tr '\n' ' '
}

# position NAME LIST: the index of NAME in the space-separated LIST, or 99.
position ()
{
  local i=0 word
  for word in $2; do
    [ "$word" = "$1" ] && { echo "$i"; return; }
    i=$((i + 1))
  done
  echo 99
}

# --- no symbol defined twice ------------------------------------------------

if ! make_libs no; then
  not_ok "cannot build the test libraries" "$(cat "$TMP/cc.err")"
  finish
fi
got=$(order)
pm=$(position libmany.so "$got"); pb=$(position libdupb.so "$got"); pa=$(position libdupa.so "$got")
[ "$pm" -lt "$pb" ] && [ "$pb" -lt "$pa" ] && [ "$pa" -ne 99 ] &&
  ok "the busiest libraries come first: $got" ||
  not_ok "expected libmany.so, libdupb.so, libdupa.so in that order" "got: $got" \
    "$(cat "$TMP/order.err")"

# --- 'dup' defined twice ----------------------------------------------------

make_libs yes || { not_ok "cannot build the test libraries" "$(cat "$TMP/cc.err")"; finish; }
got=$(order)
pm=$(position libmany.so "$got"); pb=$(position libdupb.so "$got"); pa=$(position libdupa.so "$got")
[ "$pb" -eq 99 ] && [ "$pm" -ne 99 ] &&
  ok "a library that would take over a symbol stays in place: $got" ||
  not_ok "libdupb.so must not be named first (it would take 'dup' from libdupa.so)" \
    "got: $got" "$(cat "$TMP/order.err")"

# The order the script chose, linked: 'dup' still binds to libdupa.
dir=$TMP/libs
printf 'int use_dup (void);\nint main (void) { return use_dup () == 1 ? 0 : 1; }\n' >"$TMP/main.c"
first=$(LD_LIBRARY_PATH=$dir python3 "$SCRIPT" "${CC[@]}" -- -L"$dir" -luser -ldupa -ldupb -lmany)
# shellcheck disable=SC2086
if "${CC[@]}" -o "$TMP/main" "$TMP/main.c" -Wl,--no-as-needed $first -L"$dir" \
     -Wl,-rpath,"$dir" -luser -ldupa -ldupb -lmany 2>"$TMP/cc.err" && "$TMP/main"; then
  ok "linked in that order, 'dup' is still libdupa.so's"
else
  not_ok "linked in that order, 'dup' is no longer libdupa.so's" "$(cat "$TMP/cc.err")"
fi

# --- a compiler that fails --------------------------------------------------

out=$(python3 "$SCRIPT" false -- -lc 2>&1)
rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] &&
  ok "a failing compiler: no list, exit 0" ||
  not_ok "a failing compiler: expected no output and exit 0" "exit $rc" "$out"

# --- this build's vdctl -----------------------------------------------------

# VDCTL_LOAD_ORDER: the libraries the build named first (src/meson.build),
# empty when it named none.
if [ -z "${VDCTL_LOAD_ORDER:-}" ]; then
  ok "# SKIP this build names no library first (-Dload_order=false, a sanitizer, or no list)"
else
  read -r -a expected <<<"$VDCTL_LOAD_ORDER"
  mapfile -t needed < <(readelf -dW "$VDCTL" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
  head_needed="${needed[*]:0:${#expected[@]}}"
  [ "$head_needed" = "${expected[*]}" ] &&
    ok "vdctl's first ${#expected[@]} DT_NEEDED entries are the build's order" ||
    not_ok "vdctl's DT_NEEDED entries do not start with the build's order" \
      "expected: ${expected[*]}" "got: ${needed[*]}"
fi

finish
