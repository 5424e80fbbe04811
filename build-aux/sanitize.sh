#!/bin/bash
# build-aux/sanitize.sh: memory checks of the test suite.
#
#   bash build-aux/sanitize.sh [asan] [valgrind]      (default: both)
#
#   asan      a second build, build-sanitize/ (gcc, -Db_sanitize=address,
#             undefined), runs the unit, cli and fuzz suites with
#             LeakSanitizer on; any report aborts the process, which fails
#             its test
#   valgrind  the cli suite of the normal build (build/, or
#             $VALGRIND_BUILDDIR, set up and built if needed) with vdctl
#             under valgrind memcheck: no error and no definitely lost
#             block (tests/cli/run-case.py, VDCTL_TEST_VALGRIND=1);
#             tests/valgrind.supp, if there, suppresses reports that come
#             from libraries outside the project
#
# Each stage ends with one line "STAGE: N passed, N failed, N skipped".
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
san_builddir=${SANITIZE_BUILDDIR:-build-sanitize}
vg_builddir=${VALGRIND_BUILDDIR:-build}

stages=("$@")
[ "${#stages[@]}" -gt 0 ] || stages=(asan valgrind)

# "N passed, N failed, N skipped" from a meson test log.
count() {
  python3 build-aux/test-counts.py "$1"
}

setup() {
  local dir=$1 log
  shift
  log=$(mktemp)
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
  else
    meson setup "$dir" "$@" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
  fi
  meson compile -C "$dir" >"$log" 2>&1 || { cat "$log"; rm -f "$log"; return 1; }
  rm -f "$log"
}

stage_asan() {
  local rc=0
  setup "$san_builddir" -Db_sanitize=address,undefined -Db_lundef=false || return 1
  # abort_on_error for UBSan too: halt_on_error alone exits with status 1,
  # which a case that expects 1 would take for its own.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:print_summary=1 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    meson test -C "$san_builddir" --no-rebuild --suite unit --suite cli --suite fuzz \
      --num-processes "$(nproc)" --timeout-multiplier 3 --print-errorlogs \
      --logbase asan </dev/null >"$san_builddir/asan-test.out" 2>&1 || rc=$?
  # The failures with their logs; the passes are in the log file.
  grep -vE '^ *[0-9]+/[0-9]+ .* (OK|SKIP) ' "$san_builddir/asan-test.out" || true
  echo "asan: $(count "$san_builddir/meson-logs/asan.json")"
  return "$rc"
}

stage_valgrind() {
  local rc=0 opts=()
  if ! command -v valgrind >/dev/null 2>&1; then
    echo "sanitize.sh: valgrind is not installed (build-aux/deps.sh installs it)" >&2
    return 1
  fi
  setup "$vg_builddir" || return 1
  [ -f tests/valgrind.supp ] && opts+=("--suppressions=$PWD/tests/valgrind.supp")
  VALGRIND_OPTS="${opts[*]:-}" VDCTL_TEST_VALGRIND=1 \
    meson test -C "$vg_builddir" --no-rebuild --suite cli \
      --num-processes "$(nproc)" --timeout-multiplier 10 --print-errorlogs \
      --logbase valgrind </dev/null >"$vg_builddir/valgrind-test.out" 2>&1 || rc=$?
  grep -vE '^ *[0-9]+/[0-9]+ .* (OK|SKIP) ' "$vg_builddir/valgrind-test.out" || true
  echo "valgrind: $(count "$vg_builddir/meson-logs/valgrind.json")"
  return "$rc"
}

rc=0
for stage in "${stages[@]}"; do
  case $stage in
    asan) stage_asan || rc=1 ;;
    valgrind) stage_valgrind || rc=1 ;;
    *) echo "sanitize.sh: unknown stage '$stage': asan or valgrind" >&2; exit 2 ;;
  esac
done
exit "$rc"
