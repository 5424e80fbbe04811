#!/bin/bash
# teardown.sh: remove a classroom that classroom.sh made.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# When PREFIX is a desktop pool (classroom.sh --from), the pool goes whole
# with 'vdctl pool delete --force': its seats, their overlays and its base
# images; the golden domain stays. With --out, also the .vv files of its
# seats and of their users.
#
# Otherwise deletes the desktops PREFIX-NN (two digits or more) found on the
# connection, running or not, with the volumes of their disks
# ('vdctl delete --remove-storage --force'); with N only PREFIX-01 ..
# PREFIX-N. With --out, also the seats' .vv files in that directory, and the
# directory once it is empty. A seat that cannot be deleted is reported and
# the others still go. Exit status: 0 when every seat went, 1 when any
# could not be deleted, 2 on a usage error.
#
# Needs vdctl and python3 (to read 'vdctl list --json' and 'vdctl pool
# list --json').

set -euo pipefail

prog=${0##*/}
vdctl=${VDCTL:-vdctl}

usage ()
{
  cat <<EOF
Usage: $prog [OPTION...] PREFIX [N]

Delete the classroom desktops PREFIX-NN, running or not, with their disk
volumes (every PREFIX-NN on the connection, or only PREFIX-01 .. PREFIX-N).
When PREFIX is a desktop pool, delete the pool whole ('vdctl pool delete'):
its seats, their disks and its base images, never its golden domain.

  -c, --connect URI   libvirt connection URI (default: vdctl's own:
                      LIBVIRT_DEFAULT_URI, then 'connect' in vdctl.conf)
  -o, --out DIR       also remove DIR/SEAT.vv for each seat (and DIR/USER.vv
                      for each user of a pool seat), and DIR when it is
                      empty then
  -n, --dry-run       print the seats that would be deleted, change nothing
  -h, --help          show this help

Environment: VDCTL, the vdctl program to run (default: vdctl).
EOF
}

usage_error ()
{
  printf '%s: %s\n' "$prog" "$1" >&2
  printf "See '%s --help'.\n" "$prog" >&2
  exit 2
}

connect=
outdir=
dry_run=no
positional=()

while [ "$#" -gt 0 ]; do
  case $1 in
    -c|--connect)   [ "$#" -ge 2 ] || usage_error "option '$1' needs a value"
                    connect=$2; shift 2 ;;
    --connect=*)    connect=${1#*=}; shift ;;
    -o|--out)       [ "$#" -ge 2 ] || usage_error "option '$1' needs a value"
                    outdir=$2; shift 2 ;;
    --out=*)        outdir=${1#*=}; shift ;;
    -n|--dry-run)   dry_run=yes; shift ;;
    -h|--help)      usage; exit 0 ;;
    --)             shift; positional+=("$@"); break ;;
    -?*)            usage_error "unknown option '$1'" ;;
    *)              positional+=("$1"); shift ;;
  esac
done

case ${#positional[@]} in
  1|2) ;;
  *) usage_error "expected PREFIX and an optional N" ;;
esac
prefix=${positional[0]}
count=${positional[1]:-}
[ -n "$prefix" ] || usage_error "PREFIX must not be empty"
if [ -n "$count" ] && ! [[ $count =~ ^[1-9][0-9]{0,2}$ ]]; then
  usage_error "N must be a number from 1 to 999, not '$count'"
fi
command -v "$vdctl" >/dev/null 2>&1 || { echo "$prog: cannot find vdctl ('$vdctl'); set VDCTL" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "$prog: python3 is needed to read vdctl's JSON output" >&2; exit 1; }

vd=("$vdctl")
[ -n "$connect" ] && vd+=(--connect "$connect")

# remove_out_dir: DIR, when --out gave one and it is empty now.
remove_out_dir ()
{
  if [ -n "$outdir" ] && [ "$dry_run" = no ] && [ -d "$outdir" ]; then
    rmdir -- "$outdir" 2>/dev/null ||
      echo "$prog: $outdir is not empty; left as it is" >&2
  fi
}

# --- a pool: deleted whole ---------------------------------------------------

pools_json=$("${vd[@]}" pool list --json </dev/null)
if python3 -c '
import json, sys
sys.exit(0 if any(p["name"] == sys.argv[1] for p in json.load(sys.stdin)) else 1)
' "$prefix" <<<"$pools_json"; then
  [ -z "$count" ] ||
    usage_error "'$prefix' is a pool: it is deleted whole, give no N (or shrink it with 'vdctl pool resize $prefix N')"
  # Its seats and their users, for the .vv files: NAME\0USER\0 each.
  show_json=$("${vd[@]}" pool show --json -- "$prefix" </dev/null)
  mapfile -d '' pool_seats < <(python3 -c '
import json, sys
for seat in json.load(sys.stdin)["seat_list"]:
    sys.stdout.write(seat["name"] + "\0" + (seat["user"] or "") + "\0")
' <<<"$show_json")
  names=()
  for ((i = 0; i < ${#pool_seats[@]}; i += 2)); do
    names+=("${pool_seats[i]}")
  done
  echo "Deleting pool $prefix: ${#names[@]} seats: ${names[*]}" >&2
  if [ "$dry_run" = yes ]; then
    printf 'would delete pool %s\n' "$prefix"
    exit 0
  fi
  rc=0
  "${vd[@]}" pool delete --force -- "$prefix" </dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "$prog: pool $prefix was not deleted whole (vdctl exited $rc)" >&2
    exit 1
  fi
  if [ -n "$outdir" ]; then
    for ((i = 0; i < ${#pool_seats[@]}; i += 2)); do
      rm -f -- "$outdir/${pool_seats[i]}.vv"
      user=${pool_seats[i + 1]}
      case $user in
        ''|*/*|.|..) ;;
        *) rm -f -- "$outdir/$user.vv" ;;
      esac
    done
  fi
  remove_out_dir
  exit 0
fi

# --- desktops PREFIX-NN, one by one -------------------------------------------

# The seats on the connection: PREFIX-NN, NN from 01 up to N (or any).
list_json=$("${vd[@]}" list --json </dev/null)
mapfile -d '' seats < <(python3 - "$prefix" "$count" <(printf '%s' "$list_json") <<'PY'
import json, re, sys

prefix, count, listing = sys.argv[1:4]
seat = re.compile(re.escape(prefix) + r"-([0-9]{2,})")
names = []
with open(listing, encoding="utf-8") as f:
    domains = json.load(f)
for domain in domains:
    match = seat.fullmatch(domain["name"])
    if match and (not count or 1 <= int(match.group(1)) <= int(count)):
        names.append(domain["name"])
for name in sorted(names):
    sys.stdout.write(name + "\0")
PY
)

if [ "${#seats[@]}" -eq 0 ]; then
  echo "$prog: no desktops named $prefix-NN${count:+ (NN up to $count)}: nothing to delete" >&2
else
  echo "Deleting ${#seats[@]} desktops: ${seats[*]}" >&2
fi

failed=0
for seat in ${seats[@]+"${seats[@]}"}; do
  if [ "$dry_run" = yes ]; then
    printf 'would delete %s\n' "$seat"
    continue
  fi
  rc=0
  "${vd[@]}" delete --remove-storage --force -- "$seat" </dev/null || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "$prog: $seat was not deleted (vdctl exited $rc)" >&2
    failed=$((failed + 1))
    continue
  fi
  if [ -n "$outdir" ]; then
    rm -f -- "$outdir/$seat.vv"
  fi
done

remove_out_dir

if [ "$failed" -gt 0 ]; then
  echo "$prog: $failed of ${#seats[@]} desktops could not be deleted" >&2
  exit 1
fi
