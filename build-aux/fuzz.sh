#!/bin/bash
# build-aux/fuzz.sh: build the libFuzzer targets under fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) and run each for a bounded time.
#
#   bash build-aux/fuzz.sh [TARGET...]      (default: every target)
#
# Environment: FUZZ_SECONDS (each target's time, default 30), FUZZ_JOBS
# (targets run at once, default 2), FUZZ_BUILDDIR (default build-fuzz).
#
# A target that crashes, leaks, times out (-timeout=10) or passes 2 GiB
# (-rss_limit_mb=2048) fails the run.  The input that did it is kept under
# $FUZZ_BUILDDIR/fuzz-out/crashes/TARGET/ and printed here (base64 and a
# readable dump), so a CI log is enough to reproduce it:
#
#   base64 -d > crash.bin     (paste)
#   $FUZZ_BUILDDIR/fuzz/fuzz-TARGET crash.bin
#
# Then add it to fuzz/regressions/TARGET/ (see fuzz/README.md).
#
# Seeds: fuzz/seeds/TARGET/, fuzz/regressions/TARGET/ and fuzz/known/TARGET/
# (known bugs are tolerated outside their replay test); for the domain
# target, every document of ../shared/corpus/domains/ (read here, never
# copied into the repository) and tests/core/golden/*/*.xml, each with a
# settings part from fuzz/seeds/domain-settings/ in front.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
srcdir=$PWD
builddir=${FUZZ_BUILDDIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-2}
out=$builddir/fuzz-out
corpus_dir=$srcdir/../shared/corpus/domains

log() { echo "fuzz.sh: $*"; }

if ! command -v clang >/dev/null 2>&1; then
  log "clang is not installed (build-aux/deps.sh installs it)" >&2
  exit 1
fi

options=(-Dfuzzing=true -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false)
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" "${options[@]}" >"$builddir-setup.log" 2>&1 ||
    { cat "$builddir-setup.log" >&2; exit 1; }
else
  CC=clang meson setup "$builddir" "${options[@]}" >"$builddir-setup.log" 2>&1 ||
    { cat "$builddir-setup.log" >&2; exit 1; }
fi
rm -f "$builddir-setup.log"
meson compile -C "$builddir" >/dev/null ||
  { meson compile -C "$builddir" >&2; exit 1; }

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  for exe in "$builddir"/fuzz/fuzz-*; do
    name=${exe##*/fuzz-}
    case $name in *-replay|*.p) continue ;; esac
    [ -x "$exe" ] && targets+=("$name")
  done
fi
if [ "${#targets[@]}" -eq 0 ]; then
  log "no fuzz targets were built in $builddir/fuzz" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/logs" "$out/seeds" "$out/corpus" "$out/crashes"

# The domain seeds: each document with a settings part in front, so the
# fuzzer starts from real domains with real edits.  Golden inputs get
# every settings part; the corpus, larger, two each in turn.
make_domain_seeds() {
  local dest=$out/seeds/domain prefixes=(fuzz/seeds/domain-settings/*) i=0 n f p
  mkdir -p "$dest"
  n=${#prefixes[@]}
  for f in tests/core/golden/*/*.xml; do
    for p in "${prefixes[@]}"; do
      cat "$p" "$f" >"$dest/golden-$(basename "$(dirname "$f")")-$(basename "$f" .xml)-$(basename "$p" .bin)"
    done
  done
  if [ -d "$corpus_dir" ]; then
    for f in "$corpus_dir"/*.xml; do
      for p in "${prefixes[$((i % n))]}" "${prefixes[$(((i + 3) % n))]}"; do
        cat "$p" "$f" >"$dest/corpus-$(basename "$f" .xml)-$(basename "$p" .bin)"
      done
      i=$((i + 1))
    done
  else
    log "no corpus at $corpus_dir: the domain target starts from the golden files only"
  fi
}

seed_dirs() {
  local t=$1
  case $t in
    domain) make_domain_seeds; echo "$out/seeds/domain" ;;
    *) [ -d "fuzz/seeds/$t" ] && echo "fuzz/seeds/$t" ;;
  esac
  [ -d "fuzz/regressions/$t" ] && echo "fuzz/regressions/$t"
  [ -d "fuzz/known/$t" ] && echo "fuzz/known/$t"
  return 0
}

run_target() {
  local t=$1 dirs args
  mapfile -t dirs < <(seed_dirs "$t")
  mkdir -p "$out/corpus/$t" "$out/crashes/$t"
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10
        -print_final_stats=1 -artifact_prefix="$out/crashes/$t/")
  [ -f "fuzz/$t.dict" ] && args+=(-dict="fuzz/$t.dict")
  # New inputs go to the first directory, the work corpus; the seeds are
  # only read.
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    "$builddir/fuzz/fuzz-$t" "${args[@]}" "$out/corpus/$t" "${dirs[@]}" \
    >"$out/logs/$t.log" 2>&1 </dev/null || rc=$?
  echo "$rc" >"$out/logs/$t.rc"
}

# One line per target, from libFuzzer's own log.
summarise() {
  local t=$1 status=$2 runs cov
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$out/logs/$t.log" | tail -1 || true)
  echo "fuzz: $t: $status, ${runs:-?} runs in ${seconds} s, ${cov:-no coverage line}"
}

report_crash() {
  local t=$1 f
  echo "---- fuzz-$t: the end of its log ($out/logs/$t.log)"
  tail -n 60 "$out/logs/$t.log"
  for f in "$out/crashes/$t"/*; do
    [ -f "$f" ] || continue
    echo "---- fuzz-$t: $f ($(wc -c <"$f") bytes), base64:"
    base64 -w 76 "$f"
    echo "---- readable:"
    od -An -c "$f" | head -n 40
  done
  echo "---- reproduce: base64 -d > crash.bin, then $builddir/fuzz/fuzz-$t crash.bin"
}

log "running ${targets[*]} for ${seconds} s each, ${jobs} at a time"
failed=()
for t in "${targets[@]}"; do
  if [ ! -x "$builddir/fuzz/fuzz-$t" ]; then
    log "no target fuzz-$t" >&2
    exit 1
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  run_target "$t" &
done
wait

for t in "${targets[@]}"; do
  if [ "$(cat "$out/logs/$t.rc" 2>/dev/null)" = 0 ]; then
    summarise "$t" "no crash"
  else
    summarise "$t" "FAILED (exit $(cat "$out/logs/$t.rc" 2>/dev/null || echo '?'))"
    failed+=("$t")
  fi
done

for t in "${failed[@]}"; do
  report_crash "$t"
done
if [ "${#failed[@]}" -gt 0 ]; then
  log "${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}"
else
  log "${#targets[@]} targets ran ${seconds} s each, no crash"
fi
# One line for build-aux/test.sh: a target is a test that passes when it
# ran its time without a crash.
echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed, 0 skipped"
[ "${#failed[@]}" -eq 0 ]
