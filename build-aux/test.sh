#!/bin/bash
# build-aux/test.sh: install what is needed, build, and run the whole test
# suite, on a libvirtd with the QEMU driver. What CI runs (.ci/run).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
builddir=build

bash build-aux/deps.sh

if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir"
else
  meson setup "$builddir"
fi
meson compile -C "$builddir"

# The e2e suite needs qemu:///system. Start it here so a failure to start
# it is one clear message, not a skip hidden in the test log. Where it
# cannot run at all (no root, nothing answering) the e2e tests skip.
rc=0
bash tests/lib/libvirtd.sh || rc=$?
case $rc in
  0) ;;
  77) echo "test.sh: the e2e tests will be skipped: no libvirtd can run here" >&2 ;;
  *) echo "test.sh: libvirtd does not answer at qemu:///system; see above" >&2; exit 1 ;;
esac

rc=0
start=$SECONDS
meson test -C "$builddir" --print-errorlogs </dev/null || rc=$?
main_time=$((SECONDS - start))

# One plain closing line, counted from meson's own log of this run.
main_counts=$(python3 build-aux/test-counts.py "$builddir/meson-logs/testlog.json")
echo "meson: $main_counts"

# Memory checks and fuzzing, after the main suite: ASan+UBSan and valgrind
# (build-aux/sanitize.sh), libFuzzer (build-aux/fuzz.sh); then the Debian
# package (build-aux/deb-check.sh).  Each stage ends with a line "STAGE: N
# passed, N failed, N skipped"; a stage that fails before it counts as one
# failure.
summary=("main       ${main_time} s  $main_counts")
totals=("$main_counts")
run_stage() {
  local name=$1 start=$SECONDS status=0 out counts
  shift
  echo "== $name: $*"
  out=$(mktemp)
  "$@" </dev/null 2>&1 | tee "$out" || status=$?
  counts=$(sed -n "s/^$name: \([0-9]* passed, [0-9]* failed, [0-9]* skipped\)\$/\1/p" "$out" | tail -n 1)
  rm -f "$out"
  if [ -z "$counts" ]; then
    counts="0 passed, 1 failed, 0 skipped"
  elif [ "$status" -ne 0 ] && [[ $counts == *" 0 failed"* ]]; then
    counts=${counts/ 0 failed/ 1 failed}
  fi
  [ "$status" -eq 0 ] || rc=1
  summary+=("$(printf '%-10s %s s  %s' "$name" "$((SECONDS - start))" "$counts")")
  totals+=("$counts")
}
run_stage asan bash build-aux/sanitize.sh asan
run_stage valgrind bash build-aux/sanitize.sh valgrind
run_stage fuzz bash build-aux/fuzz.sh
# Last: it builds the package, installs it on this machine and runs the
# installed /usr/bin/vdctl.  Nothing before it uses the package (the tests
# run the build tree's vdctl and never read /etc/vdctl/vdctl.conf), and it
# stays installed.
run_stage deb bash build-aux/deb-check.sh

echo "== summary (stage, time, tests)"
printf '%s\n' "${summary[@]}"
printf '%s\n' "${totals[@]}" | awk '
  { passed += $1; failed += $3; skipped += $5 }
  END { printf "total: %d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit "$rc"
