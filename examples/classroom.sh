#!/bin/bash
# classroom.sh: provision a classroom of SPICE desktops with vdctl.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# N desktops PREFIX-01 .. PREFIX-N are created in one 'vdctl create' call
# and started; then each seat gets a virt-viewer file, OUTDIR/SEAT.vv
# (mode 0600), holding a one-time ticket: a fresh password that expires
# after the ticket lifetime. Hand each student their file; remote-viewer
# opens it and deletes it once read. A seat table is printed at the end.
#
# A seat that fails (its name is taken, it does not start, its file cannot
# be written) is reported in the table; the other seats go ahead. The exit
# status is 0 when every seat got its file, 1 when any failed, 2 on a usage
# error.
#
# Needs vdctl and python3 (to read vdctl's --json output).
#
# Examples:
#   classroom.sh -c qemu:///system --listen 0.0.0.0 \
#       --public-host desktops.example.com --ttl 3600 lab 20 -- --usb3 --disk 20
#   classroom.sh --dry-run lab 2                  # the domain XML only
#   teardown.sh -c qemu:///system --out lab-seats lab   # and it is gone again

set -euo pipefail

prog=${0##*/}
vdctl=${VDCTL:-vdctl}

usage ()
{
  cat <<EOF
Usage: $prog [OPTION...] PREFIX N [-- CREATE-OPTION...]

Create the desktops PREFIX-01 .. PREFIX-N in one 'vdctl create' call, start
them, and write one virt-viewer file per seat with a one-time ticket.

  -c, --connect URI        libvirt connection URI (default: vdctl's own:
                           LIBVIRT_DEFAULT_URI, then 'connect' in vdctl.conf)
  -p, --profile NAME       desktop profile (default: vdctl's: 'profile' in
                           vdctl.conf, else linux)
  -l, --listen ADDR        SPICE listen address (default: vdctl's: 'listen'
                           in vdctl.conf, else 127.0.0.1); 0.0.0.0 makes
                           the seats reachable from other machines
  -H, --public-host HOST   the host name students dial (default: vdctl's:
                           'public-host' in vdctl.conf, the URI's host, this
                           host's name)
  -t, --ttl SECONDS        how long each ticket is valid (default: 'ttl' in
                           vdctl.conf, else 3600)
  -o, --out DIR            where the .vv files go (default: ./PREFIX-seats)
  -n, --dry-run            print the domain XML of every seat ('vdctl create
                           --print-xml') and change nothing
  -h, --help               show this help

Everything after -- goes to 'vdctl create' as it is, for example
  -- --usb3 --disk 20 --pool default --password-file seats.pw
Tickets need a SPICE password on the running display: vdctl generates one
for every seat (or takes --password-file's); never give --no-password.

Environment: VDCTL, the vdctl program to run (default: vdctl).
EOF
}

usage_error ()
{
  printf '%s: %s\n' "$prog" "$1" >&2
  printf "See '%s --help'.\n" "$prog" >&2
  exit 2
}

# need_value OPTION ARGC: the option has a value after it.
need_value ()
{
  [ "$2" -ge 2 ] || usage_error "option '$1' needs a value"
}

connect=
profile=
listen=
public_host=
ttl=
outdir=
dry_run=no
positional=()
create_extra=()

while [ "$#" -gt 0 ]; do
  case $1 in
    -c|--connect)       need_value "$1" "$#"; connect=$2; shift 2 ;;
    --connect=*)        connect=${1#*=}; shift ;;
    -p|--profile)       need_value "$1" "$#"; profile=$2; shift 2 ;;
    --profile=*)        profile=${1#*=}; shift ;;
    -l|--listen)        need_value "$1" "$#"; listen=$2; shift 2 ;;
    --listen=*)         listen=${1#*=}; shift ;;
    -H|--public-host)   need_value "$1" "$#"; public_host=$2; shift 2 ;;
    --public-host=*)    public_host=${1#*=}; shift ;;
    -t|--ttl)           need_value "$1" "$#"; ttl=$2; shift 2 ;;
    --ttl=*)            ttl=${1#*=}; shift ;;
    -o|--out)           need_value "$1" "$#"; outdir=$2; shift 2 ;;
    --out=*)            outdir=${1#*=}; shift ;;
    -n|--dry-run)       dry_run=yes; shift ;;
    -h|--help)          usage; exit 0 ;;
    --)                 shift; create_extra=("$@"); break ;;
    -?*)                usage_error "unknown option '$1'" ;;
    *)                  positional+=("$1"); shift ;;
  esac
done

[ "${#positional[@]}" -eq 2 ] || usage_error "expected PREFIX and N"
prefix=${positional[0]}
count=${positional[1]}
[ -n "$prefix" ] || usage_error "PREFIX must not be empty"
case $prefix in
  */*) usage_error "PREFIX cannot contain '/': it names desktops and files" ;;
esac
[[ $count =~ ^[1-9][0-9]{0,2}$ ]] || usage_error "N must be a number from 1 to 999, not '$count'"
if [ -n "$ttl" ] && ! [[ $ttl =~ ^[1-9][0-9]*$ ]]; then
  usage_error "--ttl must be a positive number of seconds, not '$ttl'"
fi
command -v "$vdctl" >/dev/null 2>&1 || { echo "$prog: cannot find vdctl ('$vdctl'); set VDCTL" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "$prog: python3 is needed to read vdctl's JSON output" >&2; exit 1; }

# vdctl with the global options.
vd=("$vdctl")
[ -n "$connect" ] && vd+=(--connect "$connect")

# The seats, PREFIX-01 .. PREFIX-N: two digits at least, so they sort.
width=${#count}
[ "$width" -ge 2 ] || width=2
seats=()
for ((i = 1; i <= count; i++)); do
  seats+=("$(printf '%s-%0*d' "$prefix" "$width" "$i")")
done

# Options for 'vdctl create': only those given, so vdctl.conf applies to
# the rest (and a vdctl without --profile works while none is asked for).
create_opts=()
[ -n "$profile" ] && create_opts+=(--profile "$profile")
[ -n "$listen" ] && create_opts+=(--listen "$listen")
create_opts+=(${create_extra[@]+"${create_extra[@]}"})

if [ "$dry_run" = yes ]; then
  exec "${vd[@]}" create "${create_opts[@]}" --print-xml -- "${seats[@]}"
fi

# The ticket lifetime: --ttl, else 'ttl' from vdctl.conf, else an hour.
if [ -z "$ttl" ]; then
  config_json=$("${vdctl}" config --json </dev/null)
  ttl=$(python3 -c '
import json, sys
value = json.load(sys.stdin).get("ttl", {}).get("value")
print(value if value else "")
' <<<"$config_json")
  [ -n "$ttl" ] || ttl=3600
fi

[ -n "$outdir" ] || outdir=./$prefix-seats

tmp=$(mktemp -d "${TMPDIR:-/tmp}/classroom.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

# --- create and start, in one call -----------------------------------------

echo "Creating ${#seats[@]} desktops ${seats[0]} .. ${seats[-1]} ..." >&2
rc=0
"${vd[@]}" create "${create_opts[@]}" --start --json -- "${seats[@]}" \
  >"$tmp/create.json" 2>"$tmp/create.err" || rc=$?
if [ "$rc" -eq 2 ]; then
  # A usage error: nothing was created.
  cat "$tmp/create.err" >&2
  exit 2
fi

# One record per seat, each field ending in a NUL: name, uuid, generated
# password, error. Any character but NUL survives the trip.
if ! python3 - "$tmp/create.json" >"$tmp/create.records" <<'PY'
import json, sys

with open(sys.argv[1], encoding="utf-8") as f:
    results = json.load(f)
for seat in results:
    error = seat.get("error") or ""
    if not error and seat.get("started") is not True:
        error = "created, but not started"
    fields = [seat.get("name"), seat.get("uuid"), seat.get("password"), error]
    for value in fields:
        sys.stdout.write((value or "").replace("\0", " ") + "\0")
PY
then
  echo "$prog: 'vdctl create' exited $rc without a readable result:" >&2
  cat "$tmp/create.err" >&2
  exit 1
fi

declare -A uuid_of=() password_of=() error_of=()
while IFS= read -r -d '' name && IFS= read -r -d '' uuid &&
      IFS= read -r -d '' password && IFS= read -r -d '' error; do
  uuid_of[$name]=$uuid
  password_of[$name]=$password
  error_of[$name]=$error
done <"$tmp/create.records"

# --- one ticket and one file per seat ---------------------------------------

export_opts=(--dir "$outdir" --ttl "$ttl")
[ -n "$public_host" ] && export_opts+=(--host "$public_host")
valid_until=$(date -d "@$(($(date +%s) + ttl))" '+%Y-%m-%d %H:%M:%S')

failed=0
for seat in "${seats[@]}"; do
  if [ -z "${uuid_of[$seat]+set}" ]; then
    uuid_of[$seat]=
    password_of[$seat]=
    error_of[$seat]="vdctl create gave no result for this seat"
  fi
  if [ -n "${error_of[$seat]}" ]; then
    failed=$((failed + 1))
    continue
  fi
  # Only its owner may list the directory; export-vv writes each file 0600.
  [ -d "$outdir" ] || (umask 077 && mkdir -p -- "$outdir")
  rc=0
  "${vd[@]}" export-vv --quiet "${export_opts[@]}" -- "$seat" \
    </dev/null >"$tmp/export.out" 2>"$tmp/export.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    # vdctl's own message, without its "vdctl: error: " prefix.
    error_of[$seat]=$(sed -n 's/^vdctl: error: //p' "$tmp/export.err" | head -n 1)
    [ -n "${error_of[$seat]}" ] || error_of[$seat]="vdctl export-vv exited $rc"
    error_of[$seat]="started, but no file: ${error_of[$seat]}"
    failed=$((failed + 1))
  fi
done

# --- the seat table ----------------------------------------------------------

seat_width=4
for seat in "${seats[@]}"; do
  [ "${#seat}" -le "$seat_width" ] || seat_width=${#seat}
done

printf '%-*s  %-36s  %-24s  %s\n' "$seat_width" SEAT UUID PASSWORD FILE
for seat in "${seats[@]}"; do
  if [ -n "${error_of[$seat]}" ]; then
    printf '%-*s  %-36s  %-24s  FAILED: %s\n' "$seat_width" "$seat" \
      "${uuid_of[$seat]:--}" "${password_of[$seat]:--}" "${error_of[$seat]}"
  else
    printf '%-*s  %-36s  %-24s  %s\n' "$seat_width" "$seat" \
      "${uuid_of[$seat]}" "${password_of[$seat]:--}" "$outdir/$seat.vv"
  fi
done
echo
if [ "$failed" -lt "${#seats[@]}" ]; then
  echo "$((${#seats[@]} - failed)) of ${#seats[@]} seats ready; tickets valid for ${ttl}s, until about $valid_until."
fi
if [ "${#password_of[@]}" -gt 0 ] && [ -n "$(printf '%s' "${password_of[@]}")" ]; then
  echo "PASSWORD: the seat's own SPICE password, generated by vdctl and shown only this once."
fi
if [ "$failed" -gt 0 ]; then
  echo "$prog: $failed of ${#seats[@]} seats failed; see the table" >&2
  exit 1
fi
