#!/bin/bash
# build-aux/deb.sh: build vdctl's Debian package (debian/) on Debian 12.
# Installs what building it needs (dpkg-dev, debhelper, lintian and the
# Build-Depends of debian/control), builds it with 'dpkg-buildpackage -us
# -uc -b' from a copy of the tree, checks it with lintian (an error or a
# warning fails), and prints the path of the .deb as its last line.
#
# Everything it writes is under build-deb/ (ignored by git): the copy it
# builds in (removed after a good build), the .deb, .buildinfo and .changes,
# and the build's log. DEB_BUILD_OPTIONS and DEB_BUILD_PROFILES are passed
# on: nocheck skips the unit tests of the package build (debian/rules).
#
# The version is meson's project version; debian/changelog must say the
# same, and this script (like the test tests/install/debian.sh) refuses to
# build when it does not: it checks, it does not rewrite the changelog.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
src=$PWD
outdir=$src/build-deb

say() { echo "deb.sh: $*"; }
die() { echo "deb.sh: $*" >&2; exit 1; }

# as_root COMMAND...: run it as root (through sudo when not root).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root or sudo to run: $*"
  fi
}
apt_opts=(-q -y -o DPkg::Lock::Timeout=600
          -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
updated=
apt() {
  if [ -z "$updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update </dev/null
    updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" "$@" </dev/null
}

# --- what building needs ----------------------------------------------------------

tools=(build-essential dpkg-dev debhelper lintian)
missing=()
for p in "${tools[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  apt install "${missing[@]}"
fi

profiles=${DEB_BUILD_PROFILES-}
profiles=${profiles// /,}
profile_opts=()
[ -z "$profiles" ] || profile_opts=("-P$profiles")
if ! dpkg-checkbuilddeps "${profile_opts[@]}" debian/control >/dev/null 2>&1; then
  say "installing the Build-Depends of debian/control"
  apt build-dep "${profile_opts[@]}" "$src"
fi

# --- one version --------------------------------------------------------------------

version=$(meson introspect --projectinfo meson.build |
          python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
deb_version=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$deb_version" = "$version" ] ||
  die "debian/changelog says $deb_version, meson.build says $version; add a debian/changelog entry for $version (dch -v $version)"

# --- build ------------------------------------------------------------------------

arch=$(dpkg --print-architecture)
stage=$outdir/vdctl-$version
log=$outdir/vdctl_${version}_$arch.build.log
rm -rf -- "$stage"
rm -f -- "$outdir"/vdctl_*
mkdir -p -- "$stage"

# The copy: what git tracks, and new files it does not ignore, as they are
# in the working tree (a tree without git: everything but the build trees).
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do
      # A file deleted but not yet committed is still in the index.
      if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done |
    tar -C "$src" --null --no-recursion -T - -cf - | tar -C "$stage" -xf -
else
  tar -C "$src" --exclude='./build*' --exclude='./_build' -cf - . | tar -C "$stage" -xf -
fi

say "building vdctl $version for $arch in ${stage#"$src/"} (log: ${log#"$src/"})"
start=$SECONDS
rc=0
(cd "$stage" && dpkg-buildpackage -us -uc -b -Jauto) >"$log" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  tail -n 60 "$log" >&2
  die "dpkg-buildpackage exited $rc; the whole log is ${log#"$src/"}, the tree ${stage#"$src/"}"
fi
say "built in $((SECONDS - start)) s"
deb=$outdir/vdctl_${version}_$arch.deb
[ -f "$deb" ] || die "dpkg-buildpackage made no ${deb#"$src/"}"
rm -rf -- "$stage"

# --- lintian ----------------------------------------------------------------------

start=$SECONDS
rc=0
lintian --fail-on error,warning --display-info "$deb" || rc=$?
[ "$rc" -eq 0 ] || die "lintian found errors or warnings in ${deb#"$src/"} (exit $rc)"
say "lintian: no errors, no warnings ($((SECONDS - start)) s)"

echo "$deb"
