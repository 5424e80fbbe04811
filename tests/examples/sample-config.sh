#!/bin/bash
# examples/vdctl.conf: vdctl accepts it, it names every key 'vdctl config'
# knows, each commented-out key is valid once uncommented, and its listen=
# changes what 'vdctl create' (and so classroom.sh) makes. On libvirt's
# test driver (test:///default).
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

# "COND && ok ... || not_ok ...": ok only prints, it cannot fail.
# shellcheck disable=SC2015
# shellcheck source=tests/examples/lib.sh
. "$(dirname "$0")/lib.sh"

export LIBVIRT_DEFAULT_URI=test:///default
SAMPLE=$EXAMPLES/vdctl.conf

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vdctl-examples.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
PYTHON=python3

# The user's configuration directory of these tests: XDG_CONFIG_HOME.
mkdir -p "$TMP/xdg/vdctl"
CONF=$TMP/xdg/vdctl/vdctl.conf
export XDG_CONFIG_HOME=$TMP/xdg
# No host-wide file either (meson's test_env already says so; keep it so
# when this runs by hand).
export VDCTL_SYSTEM_CONFIG=$TMP/no-system-vdctl.conf

# vd ARGS...: run vdctl; sets RC, output in $TMP/out and $TMP/err.
vd ()
{
  RC=0
  timeout 60 "$VDCTL" "$@" </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
}

dump ()
{
  echo "#   exit status $RC; stdout:"
  show "$TMP/out"
  echo "#   stderr:"
  show "$TMP/err"
}

# json_config: "KEY<TAB>VALUE<TAB>SOURCE" per key of 'vdctl config --json'
# ($TMP/out), sorted by key.
json_config ()
{
  "$PYTHON" -c '
import json, sys
for key, entry in sorted(json.load(sys.stdin).items()):
    print("%s\t%s\t%s" % (key, entry["value"], entry["source"]))
' <"$TMP/out"
}

# The keys the sample names, set ("key=") or commented out ("#key="), sorted.
sample_keys ()
{
  sed -nE 's/^#?([a-z][a-z-]*)=.*/\1/p' "$1" | LC_ALL=C sort
}

# --- the sample as it is ----------------------------------------------------------

cp "$SAMPLE" "$CONF"
vd config
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] && grep -qF "#   $CONF" "$TMP/out"; then
  ok "vdctl config accepts the sample and reads it from \$XDG_CONFIG_HOME/vdctl/vdctl.conf"
else
  not_ok "vdctl config does not accept the sample"; dump
fi

vd config --json
json_config >"$TMP/config"
cut -f 1 "$TMP/config" | LC_ALL=C sort >"$TMP/config-keys"
sample_keys "$SAMPLE" >"$TMP/sample-keys"
if [ -s "$TMP/config-keys" ] && cmp -s "$TMP/config-keys" "$TMP/sample-keys"; then
  ok "the sample names every key of 'vdctl config', and no other: $(tr '\n' ' ' <"$TMP/config-keys")"
else
  not_ok "the keys of the sample and of 'vdctl config' differ" \
    "vdctl config: $(tr '\n' ' ' <"$TMP/config-keys")" "sample:       $(tr '\n' ' ' <"$TMP/sample-keys")"
fi
# Each key appears once, and has a comment paragraph right above it.
dups=$(sample_keys "$SAMPLE" | uniq -d | tr '\n' ' ')
[ -z "$dups" ] && ok "each key appears once in the sample" || not_ok "keys named twice: $dups"
undocumented=$(awk '/^#?[a-z][a-z-]*=/ { if (prev !~ /^# /) print $0 } { prev = $0 }' "$SAMPLE")
[ -z "$undocumented" ] && ok "every key has a comment right above it" ||
  not_ok "keys without a comment above them: $undocumented"

# The keys set in the sample come from it, with its values.
while IFS= read -r line; do
  key=${line%%=*}
  value=${line#*=}
  if grep -qxF "$key"$'\t'"$value"$'\t'"$CONF" "$TMP/config"; then
    ok "config --json: $key=$value, from the sample"
  else
    not_ok "config --json: $key is not '$value' from the sample" "$(grep "^$key" "$TMP/config")"
  fi
done < <(grep -E '^[a-z][a-z-]*=' "$SAMPLE")
# And those commented out are not set.
while IFS= read -r key; do
  if grep -qxF "$key"$'\t'"None"$'\t'"default" "$TMP/config"; then
    ok "config --json: $key, commented out, is not set"
  else
    not_ok "config --json: $key is commented out, yet set" "$(grep "^$key" "$TMP/config")"
  fi
done < <(sed -nE 's/^#([a-z][a-z-]*)=.*/\1/p' "$SAMPLE")

# --- every key uncommented ------------------------------------------------------

sed -E 's/^#([a-z][a-z-]*=)/\1/' "$SAMPLE" >"$CONF"
vd config --json
json_config >"$TMP/config"
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] &&
   [ "$(cut -f 3 "$TMP/config" | sort -u)" = "$CONF" ]; then
  ok "every key uncommented: vdctl config accepts all the example values, each from the sample"
else
  not_ok "every key uncommented: not accepted"; dump
fi

# --- listen= changes create's default ---------------------------------------------

listen_of ()
{
  xmllint --xpath "string(/domain/devices/graphics[@type='spice']/listen/@address)" "$1" 2>/dev/null
}

rm -f "$CONF"
vd create seat --network none --print-xml
cp "$TMP/out" "$TMP/plain.xml"
[ "$RC" -eq 0 ] && [ "$(listen_of "$TMP/plain.xml")" = 127.0.0.1 ] &&
  ok "without the sample: create listens on 127.0.0.1" ||
  { not_ok "without the sample: expected listen 127.0.0.1"; dump; }

cp "$SAMPLE" "$CONF"
vd create seat --network none --print-xml
cp "$TMP/out" "$TMP/sample.xml"
if [ "$RC" -eq 0 ] && [ "$(listen_of "$TMP/sample.xml")" = 0.0.0.0 ] &&
   [ "$(xmllint --xpath "string(/domain/metadata/*[local-name()='desktop']/@password)" "$TMP/sample.xml")" = set ] &&
   [ "$(xmllint --xpath "count(/domain/devices/redirdev[@type='spicevmc'])" "$TMP/sample.xml")" = 4 ]; then
  ok "with the sample: create listens on 0.0.0.0 with a generated password and 4 usbredir channels"
else
  not_ok "with the sample: expected listen 0.0.0.0, a password and usbredir=4"; dump
fi

vd create seat --network none --json
if [ "$RC" -eq 0 ] && "$PYTHON" -c '
import json, sys
[seat] = json.load(sys.stdin)
sys.exit(not (seat["listen"] == "0.0.0.0" and len(seat.get("password") or "") >= 8))
' <"$TMP/out"; then
  ok "with the sample: create --json reports listen 0.0.0.0 and the generated password"
else
  not_ok "with the sample: create --json"; dump
fi

vd create seat --network none --listen 127.0.0.1 --print-xml
cp "$TMP/out" "$TMP/override.xml"
[ "$RC" -eq 0 ] && [ "$(listen_of "$TMP/override.xml")" = 127.0.0.1 ] &&
  ok "with the sample: --listen 127.0.0.1 on the command line wins" ||
  { not_ok "with the sample: --listen did not win"; dump; }

# A listen= of another value is followed too: the sample's key is read, not
# a default that happens to match.
sed 's/^listen=.*/listen=::/' "$SAMPLE" >"$CONF"
vd create seat --network none --print-xml
cp "$TMP/out" "$TMP/v6.xml"
[ "$RC" -eq 0 ] && [ "$(listen_of "$TMP/v6.xml")" = "::" ] &&
  ok "listen=:: in the sample: create listens on ::" ||
  { not_ok "listen=:: in the sample: not followed"; dump; }

# classroom.sh leaves listen to the configuration unless told.
cp "$SAMPLE" "$CONF"
RC=0
VDCTL=$VDCTL timeout 120 bash "$EXAMPLES/classroom.sh" --dry-run lab 2 -- --network none \
  </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
mkdir -p "$TMP/xml"
if [ "$RC" -eq 0 ] && "$PYTHON" "$EX_TESTS/domains.py" split "$TMP/xml" <"$TMP/out" >"$TMP/domains" &&
   [ "$(cut -f 4 "$TMP/domains" | tr '\n' ' ')" = "0.0.0.0 0.0.0.0 " ]; then
  ok "classroom.sh --dry-run under the sample: both seats listen on 0.0.0.0"
else
  not_ok "classroom.sh --dry-run under the sample: expected listen 0.0.0.0"; dump
fi

# A broken copy is refused, naming the file: the test above is not passing
# because vdctl ignores the file.
printf '[defaults]\nlisten=not an address\n' >"$CONF"
vd config
[ "$RC" -ne 0 ] && grep -qF "$CONF" "$TMP/err" && ok "a bad listen= is refused, naming the file" ||
  { not_ok "a bad listen= in \$XDG_CONFIG_HOME/vdctl/vdctl.conf was not refused"; dump; }

tap_finish
