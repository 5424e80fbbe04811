#!/bin/bash
# classroom.sh: provision a classroom of SPICE desktops with vdctl.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# With --from GOLDEN, the classroom is a desktop pool cloned from the
# shut-off domain GOLDEN, which holds the installed system: 'vdctl pool
# create PREFIX --from GOLDEN --seats N' makes the seats PREFIX-01 ..
# PREFIX-N, each a linked clone of one copy of GOLDEN's disks. Without
# --from, N blank desktops are created in one 'vdctl create' call, to be
# installed one by one.
#
# The seats are started; then each seat gets a virt-viewer file,
# OUTDIR/SEAT.vv (mode 0600), holding a one-time ticket: a fresh password
# that expires after the ticket lifetime. With --users FILE (one user name
# a line), the users get the pool's seats in order ('vdctl pool assign'),
# and each user's file is OUTDIR/USER.vv ('vdctl export-vv --user'). Hand
# each student their file; remote-viewer opens it and deletes it once
# read. A seat table is printed at the end.
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
#       --public-host desktops.example.com --from golden --users class.txt lab 20
#   classroom.sh -c qemu:///system --listen 0.0.0.0 \
#       --public-host desktops.example.com --ttl 3600 lab 20 -- --usb3 --disk 20
#   classroom.sh --dry-run lab 2                  # the domain XML only
#   classroom.sh --dry-run --from golden lab 2    # the vdctl commands only
#   teardown.sh -c qemu:///system --out lab-seats lab   # and it is gone again

set -euo pipefail

prog=${0##*/}
vdctl=${VDCTL:-vdctl}

usage ()
{
  cat <<EOF
Usage: $prog [OPTION...] --from GOLDEN PREFIX N [-- CREATE-OPTION...]
       $prog [OPTION...] PREFIX N [-- CREATE-OPTION...]

With --from, make the pool PREFIX of N seats cloned from the shut-off domain
GOLDEN ('vdctl pool create'); without it, create N blank desktops in one
'vdctl create' call. Start the seats PREFIX-01 .. PREFIX-N and write one
virt-viewer file per seat with a one-time ticket.

  -f, --from GOLDEN        clone the seats from the shut-off domain GOLDEN
  -u, --users FILE         with --from: one user name a line (blank lines
                           and lines starting with # are skipped); the
                           users get seats PREFIX-01, PREFIX-02... in order
                           ('vdctl pool assign') and their files are named
                           OUTDIR/USER.vv; seats left over get SEAT.vv

  -c, --connect URI        libvirt connection URI (default: vdctl's own:
                           LIBVIRT_DEFAULT_URI, then 'connect' in vdctl.conf)
  -p, --profile NAME       desktop profile, without --from (default:
                           vdctl's: 'profile' in vdctl.conf, else linux)
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
                           --print-xml'), or with --from the vdctl commands
                           that would run, and change nothing
  -h, --help               show this help

Everything after -- goes to 'vdctl create' (or 'vdctl pool create') as it
is, for example
  -- --usb3 --disk 20 --pool default --password-file seats.pw
  -- --stateless --memory 4096                        (with --from)
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
from=
users_file=
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
    -f|--from)          need_value "$1" "$#"; from=$2; shift 2 ;;
    --from=*)           from=${1#*=}; shift ;;
    -u|--users)         need_value "$1" "$#"; users_file=$2; shift 2 ;;
    --users=*)          users_file=${1#*=}; shift ;;
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
if [ -z "$from" ]; then
  [ -z "$users_file" ] || usage_error "--users needs --from: only pool seats are assigned to users"
else
  [ -z "$profile" ] || usage_error "--profile and --from are alternatives: a pool's seats are made from GOLDEN"
fi

# The users, one a line, into users[]: read before anything is made.
users=()
if [ -n "$users_file" ]; then
  [ -r "$users_file" ] || usage_error "cannot read the user list '$users_file'"
  declare -A seen_user=()
  while IFS= read -r user || [ -n "$user" ]; do
    user=${user%$'\r'}
    user=${user#"${user%%[![:space:]]*}"}
    user=${user%"${user##*[![:space:]]}"}
    case $user in
      ''|'#'*) continue ;;
      */*|.|..) usage_error "user '$user' in $users_file cannot name a file" ;;
      *[[:space:]]*) usage_error "user '$user' in $users_file has a space" ;;
    esac
    [ -z "${seen_user[$user]+set}" ] || usage_error "user '$user' is twice in $users_file"
    seen_user[$user]=1
    users+=("$user")
  done <"$users_file"
  [ "${#users[@]}" -gt 0 ] || usage_error "the user list '$users_file' names no user"
  [ "${#users[@]}" -le "$count" ] ||
    usage_error "N is $count, fewer seats than the ${#users[@]} users of $users_file"
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

if [ "$dry_run" = yes ] && [ -z "$from" ]; then
  exec "${vd[@]}" create "${create_opts[@]}" --print-xml -- "${seats[@]}"
fi

# Options for 'vdctl pool create': the same, but seats are made from GOLDEN
# (no --profile).
pool_opts=(--from "$from" --seats "$count")
[ -n "$listen" ] && pool_opts+=(--listen "$listen")
pool_opts+=(${create_extra[@]+"${create_extra[@]}"})

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

export_opts=(--ttl "$ttl")
[ -n "$public_host" ] && export_opts+=(--host "$public_host")

# The export-vv options of SEAT: its user's file, or the seat's own.
seat_export_opts ()
{
  local seat=$1 user=${2:-}
  if [ -n "$user" ]; then
    printf '%s\0' --quiet "${export_opts[@]}" --user "$user" --pool "$prefix" \
      -o "$outdir/$user.vv"
  else
    printf '%s\0' --quiet --dir "$outdir" "${export_opts[@]}" -- "$seat"
  fi
}

if [ "$dry_run" = yes ]; then
  # The pool is not made, so print what would run, one command a line.
  show_command () { printf '%q ' "${vd[@]}" "$@"; echo; }
  show_command pool create "${pool_opts[@]}" --json -- "$prefix"
  for seat in "${seats[@]}"; do
    show_command start --quiet -- "$seat"
  done
  for ((i = 0; i < count; i++)); do
    seat=${seats[i]}
    user=${users[i]-}
    [ -z "$user" ] || show_command pool assign --quiet --seat "$seat" -- "$prefix" "$user"
    mapfile -d '' opts < <(seat_export_opts "$seat" "$user")
    show_command export-vv "${opts[@]}"
  done
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/classroom.XXXXXX")
trap 'rm -rf -- "$tmp"' EXIT

# vdctl's own message from FILE, without its "vdctl: error: " prefix, else
# DEFAULT.
vdctl_error ()
{
  local message
  message=$(sed -n 's/^vdctl: error: //p' "$1" | head -n 1)
  printf '%s' "${message:-$2}"
}

# --- create (and start), in one call ---------------------------------------

rc=0
if [ -n "$from" ]; then
  echo "Creating pool $prefix: ${#seats[@]} seats ${seats[0]} .. ${seats[-1]} from $from ..." >&2
  "${vd[@]}" pool create "${pool_opts[@]}" --json -- "$prefix" \
    </dev/null >"$tmp/create.json" 2>"$tmp/create.err" || rc=$?
else
  echo "Creating ${#seats[@]} desktops ${seats[0]} .. ${seats[-1]} ..." >&2
  "${vd[@]}" create "${create_opts[@]}" --start --json -- "${seats[@]}" \
    </dev/null >"$tmp/create.json" 2>"$tmp/create.err" || rc=$?
fi
if [ "$rc" -eq 2 ]; then
  # A usage error: nothing was created.
  cat "$tmp/create.err" >&2
  exit 2
fi

# One record per seat, each field ending in a NUL: name, uuid, generated
# password, error. Any character but NUL survives the trip. 'pool create'
# prints an object with the seats in it, and starts none.
if ! python3 - "$tmp/create.json" >"$tmp/create.records" <<'PY'
import json, sys

try:
    with open(sys.argv[1], encoding="utf-8") as f:
        results = json.load(f)
    pool = isinstance(results, dict)
    seats = results["seats"] if pool else results
except (OSError, ValueError, KeyError, TypeError):
    sys.exit(1)
for seat in seats:
    error = seat.get("error") or ""
    if not pool and not error and seat.get("started") is not True:
        error = "created, but not started"
    fields = [seat.get("name"), seat.get("uuid"), seat.get("password"), error]
    for value in fields:
        sys.stdout.write((value or "").replace("\0", " ") + "\0")
PY
then
  what=create
  [ -z "$from" ] || what="pool create"
  echo "$prog: 'vdctl $what' exited $rc without a readable result:" >&2
  cat "$tmp/create.err" >&2
  exit 1
fi

declare -A uuid_of=() password_of=() error_of=() user_of=()
while IFS= read -r -d '' name && IFS= read -r -d '' uuid &&
      IFS= read -r -d '' password && IFS= read -r -d '' error; do
  uuid_of[$name]=$uuid
  password_of[$name]=$password
  error_of[$name]=$error
done <"$tmp/create.records"

failed=0
for seat in "${seats[@]}"; do
  if [ -z "${uuid_of[$seat]+set}" ]; then
    uuid_of[$seat]=
    password_of[$seat]=
    error_of[$seat]="vdctl create gave no result for this seat"
  fi
  [ -z "${error_of[$seat]}" ] || failed=$((failed + 1))
done

# --- pool seats: started, then given to the users in order -------------------

if [ -n "$from" ]; then
  for seat in "${seats[@]}"; do
    [ -z "${error_of[$seat]}" ] || continue
    rc=0
    "${vd[@]}" start --quiet -- "$seat" </dev/null >/dev/null 2>"$tmp/start.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
      error_of[$seat]="created, but not started: $(vdctl_error "$tmp/start.err" "vdctl start exited $rc")"
      failed=$((failed + 1))
    fi
  done

  next_user=0
  for seat in "${seats[@]}"; do
    [ "$next_user" -lt "${#users[@]}" ] || break
    [ -z "${error_of[$seat]}" ] || continue
    user=${users[next_user]}
    rc=0
    "${vd[@]}" pool assign --quiet --seat "$seat" -- "$prefix" "$user" \
      </dev/null >/dev/null 2>"$tmp/assign.err" || rc=$?
    if [ "$rc" -ne 0 ]; then
      # The user tries the next seat.
      error_of[$seat]="started, but not assigned to $user: $(vdctl_error "$tmp/assign.err" "vdctl pool assign exited $rc")"
      failed=$((failed + 1))
      continue
    fi
    user_of[$seat]=$user
    next_user=$((next_user + 1))
  done
  users_left=$((${#users[@]} - next_user))
fi

# --- one ticket and one file per seat ---------------------------------------

valid_until=$(date -d "@$(($(date +%s) + ttl))" '+%Y-%m-%d %H:%M:%S')

declare -A file_of=()
for seat in "${seats[@]}"; do
  [ -z "${error_of[$seat]}" ] || continue
  # Only its owner may list the directory; export-vv writes each file 0600.
  [ -d "$outdir" ] || (umask 077 && mkdir -p -- "$outdir")
  user=${user_of[$seat]-}
  mapfile -d '' opts < <(seat_export_opts "$seat" "$user")
  rc=0
  "${vd[@]}" export-vv "${opts[@]}" </dev/null >"$tmp/export.out" 2>"$tmp/export.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    error_of[$seat]="started, but no file: $(vdctl_error "$tmp/export.err" "vdctl export-vv exited $rc")"
    failed=$((failed + 1))
    continue
  fi
  file_of[$seat]=$outdir/${user:-$seat}.vv
done

# --- the seat table ----------------------------------------------------------

seat_width=4
for seat in "${seats[@]}"; do
  [ "${#seat}" -le "$seat_width" ] || seat_width=${#seat}
done

# Pool seats have a user column; their passwords are never printed (the
# tickets are what users get). Blank desktops show the generated password.
if [ -n "$from" ]; then
  third=USER third_width=16
else
  third=PASSWORD third_width=24
fi
printf '%-*s  %-36s  %-*s  %s\n' "$seat_width" SEAT UUID "$third_width" "$third" FILE
for seat in "${seats[@]}"; do
  if [ -n "$from" ]; then
    value=${user_of[$seat]:--}
  else
    value=${password_of[$seat]:--}
  fi
  if [ -n "${error_of[$seat]}" ]; then
    printf '%-*s  %-36s  %-*s  FAILED: %s\n' "$seat_width" "$seat" \
      "${uuid_of[$seat]:--}" "$third_width" "$value" "${error_of[$seat]}"
  else
    printf '%-*s  %-36s  %-*s  %s\n' "$seat_width" "$seat" \
      "${uuid_of[$seat]}" "$third_width" "$value" "${file_of[$seat]}"
  fi
done
echo
if [ "$failed" -lt "${#seats[@]}" ]; then
  echo "$((${#seats[@]} - failed)) of ${#seats[@]} seats ready; tickets valid for ${ttl}s, until about $valid_until."
fi
if [ -z "$from" ] && [ "${#password_of[@]}" -gt 0 ] && [ -n "$(printf '%s' "${password_of[@]}")" ]; then
  echo "PASSWORD: the seat's own SPICE password, generated by vdctl and shown only this once."
fi
if [ -n "$from" ] && [ "$users_left" -gt 0 ]; then
  echo "$prog: $users_left of ${#users[@]} users got no seat: ${users[*]:next_user}" >&2
fi
if [ "$failed" -gt 0 ]; then
  echo "$prog: $failed of ${#seats[@]} seats failed; see the table" >&2
  exit 1
fi
if [ -n "$from" ] && [ "$users_left" -gt 0 ]; then
  exit 1
fi
