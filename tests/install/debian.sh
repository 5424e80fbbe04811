#!/bin/bash
# debian/: the package's version is meson's project version. The version
# has one home, meson.build's project(); debian/changelog must name the
# same (its newest entry), and this test fails when it does not (as does
# build-aux/deb.sh, which builds the package). A native package's version
# has no Debian revision.
#
# Usage: debian.sh VERSION (meson's project version; meson test passes it).
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015

set -u

VERSION=${1:?usage: debian.sh VERSION}
: "${VDCTL_SRCDIR:?the source tree}"

# shellcheck source=tests/lib/tap.sh
. "$VDCTL_SRCDIR/tests/lib/tap.sh"

CHANGELOG=$VDCTL_SRCDIR/debian/changelog

# The newest entry's first line: "vdctl (VERSION) DISTRIBUTION; urgency=...".
first=$(sed -n '1p' "$CHANGELOG" 2>/dev/null)
name=$(printf '%s\n' "$first" | sed -nE 's/^([a-z0-9][a-z0-9.+-]*) \(([^()]*)\) .*/\1/p')
version=$(printf '%s\n' "$first" | sed -nE 's/^([a-z0-9][a-z0-9.+-]*) \(([^()]*)\) .*/\2/p')
if command -v dpkg-parsechangelog >/dev/null 2>&1; then
  parsed=$(dpkg-parsechangelog -l "$CHANGELOG" -S Version 2>&1)
  [ "$parsed" = "$version" ] && ok "dpkg-parsechangelog reads the same version: $parsed" ||
    not_ok "dpkg-parsechangelog reads '$parsed', the first line says '$version'"
fi

[ "$name" = vdctl ] && ok "debian/changelog is vdctl's" ||
  not_ok "debian/changelog's first line names '$name', not vdctl" "$first"
if [ "$version" = "$VERSION" ]; then
  ok "debian/changelog's newest version is meson's project version, $VERSION"
else
  not_ok "debian/changelog's newest version is '$version', meson's project version is $VERSION" \
    "add an entry for $VERSION (dch -v $VERSION), or change the project version in meson.build"
fi
case $version in
  *-*) not_ok "$version has a Debian revision; debian/source/format says native" ;;
  *) ok "$version is a native version (no Debian revision)" ;;
esac
[ "$(cat "$VDCTL_SRCDIR/debian/source/format" 2>/dev/null)" = "3.0 (native)" ] &&
  ok "debian/source/format is 3.0 (native)" ||
  not_ok "debian/source/format is not '3.0 (native)'"

tap_finish
