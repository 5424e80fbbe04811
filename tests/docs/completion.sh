#!/bin/bash
# The bash completion: load bash-completion/vdctl in a plain bash (no
# bash-completion package needed), fill COMP_WORDS the way bash does, call
# the completion function and check COMPREPLY.  Also 'vdctl complete'
# itself where the shim cannot show the difference (errors, hangs, ssh).
#
# Expected values come from elsewhere than the completion code: command
# names from 'vdctl --help', options from 'vdctl COMMAND --help' (GOption's
# own listing of the command table), domains from libvirt's test driver.
#
# Prints TAP.
#
# SPDX-License-Identifier: GPL-2.0-or-later

set -u

: "${VDCTL:?the vdctl binary}" "${VDCTL_SRCDIR:?the source tree}"

# shellcheck source=bash-completion/vdctl
source "$VDCTL_SRCDIR/bash-completion/vdctl"

NODE_URI="test://$VDCTL_SRCDIR/tests/docs/data/node.xml"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    local line
    for line in "$@"; do echo "#   $line"; done
}

# compopt only works while bash runs a completion; record what it is asked.
COMPOPT_LOG=
# shellcheck disable=SC2317 # called by the completion function
compopt() { COMPOPT_LOG+=" $*"; }

# Split LINE (cursor at its end) into COMP_WORDS as bash does for unquoted
# words: at blanks, and into runs of the break characters '=' and ':'
# (bash gives 'a=b:c' as a = b : c and '=::' as one word).
split_like_bash() {
    local line=$1 w tok
    local -a blank_words
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMP_WORDS=()
    read -ra blank_words <<<"$line"
    for w in "${blank_words[@]}"; do
        while [[ -n $w ]]; do
            if [[ $w == [=:]* ]]; then tok=${w%%[!=:]*}; else tok=${w%%[=:]*}; fi
            COMP_WORDS+=("$tok")
            w=${w:${#tok}}
        done
    done
    [[ -z $line || $line == *[[:space:]] ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
}

# Like split_like_bash, with a last word that is taken as typed (quotes,
# backslashes), as bash leaves such a word whole.
split_with_raw_last() {
    split_like_bash "$1 "
    COMP_WORDS[COMP_CWORD]=$2
    COMP_LINE+=$2
    COMP_POINT=${#COMP_LINE}
}

# Call the completion function on COMP_WORDS; GOT is the sorted COMPREPLY,
# one per line.
run_completion() {
    COMPREPLY=()
    COMPOPT_LOG=
    _vdctl vdctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
    GOT=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
}

sorted() { printf '%s\n' "$@" | LC_ALL=C sort; }

# check NAME DESCRIPTION CANDIDATE...: GOT is exactly these candidates.
check() {
    local name=$1 line=$2 want
    shift 2
    if (($#)); then want=$(sorted "$@"); else want=; fi
    if [[ $GOT == "$want" ]]; then
        ok "$name"
    else
        not_ok "$name" "line: $line" "want: ${want//$'\n'/ }" "got:  ${GOT//$'\n'/ }"
    fi
}

# expect NAME LINE CANDIDATE...: completing LINE gives exactly these.
expect() {
    local name=$1 line=$2
    shift 2
    split_like_bash "$line"
    run_completion
    check "$name" "'$line'" "$@"
}

# The shim calls vdctl by the name on the line.
PATH=$(dirname "$VDCTL"):$PATH
[[ $(type -P vdctl) -ef $VDCTL ]] || { echo "Bail out! vdctl on PATH is not $VDCTL"; exit 1; }

# ---- commands -------------------------------------------------------

mapfile -t help_commands < <("$VDCTL" --help |
    sed -n 's/^  \([a-z][a-z0-9-]*\)  .*/\1/p' | grep -v '^-')
# Two-word commands ("pool create"): the first word is offered once, the
# verbs after it.
mapfile -t help_pairs < <("$VDCTL" --help |
    sed -n 's/^  \([a-z][a-z0-9-]*\) \([a-z][a-z0-9-]*\)  .*/\1 \2/p')
mapfile -t help_groups < <(printf '%s\n' "${help_pairs[@]}" | cut -d' ' -f1 | uniq)
if ((${#help_commands[@]} >= 8)); then
    ok "vdctl --help lists ${#help_commands[@]} commands"
else
    not_ok "vdctl --help lists the commands" "found: ${help_commands[*]}"
fi
expect "every command, and only those, after 'vdctl'" "vdctl " "${help_commands[@]}" \
    "${help_groups[@]}"
for group in "${help_groups[@]}"; do
    mapfile -t verbs < <(printf '%s\n' "${help_pairs[@]}" | sed -n "s/^$group //p")
    expect "every verb of '$group', and only those" "vdctl $group " "${verbs[@]}"
done
expect "a verb from its start" "vdctl pool re" release resize
expect "nothing after an unknown verb" "vdctl pool frobnicate "
expect "a command from its start" "vdctl cre" create
expect "the hidden 'complete' command is not offered" "vdctl comp"
expect "commands after a global option" "vdctl -c test:///default st" start stop
mapfile -t global_options < <("$VDCTL" --help | sed -n '/^Global options:/,/^$/p' |
    grep -o -- '^ *\(-[a-zA-Z], \)\?--[a-z0-9-]*' | grep -o -- '--[a-z0-9-]*$')
expect "global options, as 'vdctl --help' lists them" "vdctl --" "${global_options[@]}"
expect "nothing after an unknown command" "vdctl frobnicate "

# ---- options --------------------------------------------------------

# A command's long options as GOption's --help lists them, --help aside.
help_options() {
    # shellcheck disable=SC2086 # "pool create" is two words
    "$VDCTL" $1 --help | grep -o -- '^  \(-[a-zA-Z], \)\?--[a-z0-9-]*' |
        sed 's/.*\(--[a-z0-9-]*\)$/\1/' | grep -v -- '^--help'
}

for command in "${help_commands[@]}"; do
    mapfile -t options < <(help_options "$command")
    if ((${#options[@]} == 0)); then
        not_ok "'$command --help' lists options"
        continue
    fi
    expect "$command: every option of '$command --help'" "vdctl $command --" "${options[@]}"
done
for pair in "${help_pairs[@]}"; do
    mapfile -t options < <(help_options "$pair")
    expect "$pair: every option of '$pair --help'" "vdctl $pair x --" "${options[@]}"
done
expect "create's options from their start" "vdctl create --v" --video --vcpus --virt-type --virtio-win
mapfile -t options < <(help_options show | grep -vx -- --json)
expect "an option given is not offered again" "vdctl show x --json --" "${options[@]}"
mapfile -t options < <(help_options list | grep -vx -- --connect)
expect "-c counts as --connect" "vdctl -c test:///default list --" "${options[@]}"
mapfile -t options < <(help_options show | grep -vx -- --connect)
expect "options once a command needs no more arguments" \
    "vdctl -c test:///default show test " "${options[@]}"
expect "no options while a command still needs a name" "vdctl create "
mapfile -t options < <(help_options create)
expect "options once create has a name" "vdctl create lab-01 " "${options[@]}"
expect "no options after --" "vdctl create lab-01 -- --"

# ---- option values --------------------------------------------------

expect "--video values" "vdctl create x --video " qxl virtio vga
expect "--video values from a prefix" "vdctl create x --video v" virtio vga
expect "--video=VALUE (bash replaces what follows '=')" "vdctl create x --video=v" virtio vga
expect "--sound values" "vdctl edit x --sound " ich9 ich6 ac97 none
expect "--virt-type values" "vdctl create x --virt-type " kvm qemu
expect "--port auto" "vdctl create x --port " auto
expect "--redirect items" "vdctl create x --redirect " \
    usb smartcard folders audio microphone clipboard files none
expect "--redirect: the item after the last comma" "vdctl edit x --redirect usb,m" usb,microphone
expect "--redirect: -NAME turns one off" "vdctl edit x --redirect -f" -folders -files
expect "--usb-deny class names" "vdctl create x --usb-deny s" storage smartcard-reader
expect "--usb-allow any" "vdctl edit x --usb-allow=a" any audio
expect "--display-profile values" "vdctl create x --display-profile " lan wan
expect "--port=auto for edit" "vdctl edit x --port=a" auto
expect "no values for a free-form option" "vdctl create x --memory "
expect "no values for --connect" "vdctl show x --connect "
expect "--disk offers path=" "vdctl create x --disk " path=
if [[ $COMPOPT_LOG == *nospace* ]]; then
    ok "no space after 'path='"
else
    not_ok "no space after 'path='" "compopt calls:$COMPOPT_LOG"
fi

# ---- files ----------------------------------------------------------

mkdir "$TMP/iso dir"
touch "$TMP/alpha.iso" "$TMP/beta.iso" "$TMP/iso dir/gamma.iso"
expect "--cdrom completes files" "vdctl create x --cdrom $TMP/" \
    "$TMP/alpha.iso" "$TMP/beta.iso" "$TMP/iso dir"
if [[ $COMPOPT_LOG == *filenames* ]]; then
    ok "file names are quoted by readline (-o filenames)"
else
    not_ok "file names are quoted by readline (-o filenames)" "compopt calls:$COMPOPT_LOG"
fi
expect "--password-file completes files" "vdctl edit x --password-file $TMP/al" "$TMP/alpha.iso"
expect "--cdrom=FILE completes the file after '='" "vdctl create x --cdrom=$TMP/b" "$TMP/beta.iso"
expect "--disk path=FILE completes the file after 'path='" \
    "vdctl create x --disk path=$TMP/al" "$TMP/alpha.iso"
expect "--disk=path=FILE too" "vdctl create x --disk=path=$TMP/be" "$TMP/beta.iso"
expect "no files where none are wanted" "vdctl create x --video $TMP/"
expect "directories only for an argument described as DIR" \
    "vdctl export-vv x --dir $TMP/" "$TMP/iso dir"
expect "a short option's file value" "vdctl export-vv x -o $TMP/al" "$TMP/alpha.iso"

# ---- domain names ---------------------------------------------------

for command in show edit start stop reboot delete connect export-vv; do
    expect "$command completes domain names" "vdctl -c test:///default $command " test
done
expect "create takes new names: none offered" "vdctl -c test:///default create "
expect "pool create takes a new name: none offered" "vdctl -c test:///default pool create "
expect "--from of pool create completes domain names" \
    "vdctl -c test:///default pool create lab --from " test
expect "no pools on the test driver: no pool names, no error" \
    "vdctl -c test:///default pool show "
expect "reset offers seats, and the test driver has none" "vdctl -c test:///default reset "
mapfile -t options < <(help_options list | grep -vx -- --connect)
expect "list takes no names: its options instead" "vdctl -c test:///default list " \
    "${options[@]}"
expect "names from a prefix" "vdctl -c test:///default show te" test
expect "no name after the one a command takes" "vdctl -c test:///default show test t"
expect "--connect=URI on the line (bash splits it at '=' and ':')" \
    "vdctl --connect=test:///default edit " test
expect "--connect after the command" "vdctl edit --connect test:///default " test
LIBVIRT_DEFAULT_URI=test:///default expect "LIBVIRT_DEFAULT_URI when the line has no --connect" \
    "vdctl stop " test
LIBVIRT_DEFAULT_URI=$NODE_URI expect "the line's --connect beats LIBVIRT_DEFAULT_URI" \
    "vdctl -c test:///default show " test

mkdir -p "$TMP/xdg/vdctl"
printf '[defaults]\nconnect=%s\n' "$NODE_URI" >"$TMP/xdg/vdctl/vdctl.conf"
saved_uri=${LIBVIRT_DEFAULT_URI-}
unset LIBVIRT_DEFAULT_URI
XDG_CONFIG_HOME=$TMP/xdg expect "connect from vdctl.conf when nothing else gives one" \
    "vdctl show l" 'lab:01'
XDG_CONFIG_HOME=$TMP/xdg LIBVIRT_DEFAULT_URI=test:///default \
    expect "LIBVIRT_DEFAULT_URI beats vdctl.conf" "vdctl show " test
[[ -n $saved_uri ]] && export LIBVIRT_DEFAULT_URI=$saved_uri

expect "names that need quoting are quoted" "vdctl -c $NODE_URI show m" 'my\ desk'
expect "a name with ':' (bash replaces what follows it)" "vdctl -c $NODE_URI show lab:" 01
expect "a non-ASCII name" "vdctl -c $NODE_URI show é" été
expect "a command that takes several names offers the others" \
    "vdctl -c $NODE_URI export-vv --dir /tmp été " 'lab:01' 'my\ desk'
for command in start stop reboot delete; do
    expect "$command takes several names: the others are offered" \
        "vdctl -c $NODE_URI $command été " 'lab:01' 'my\ desk'
done

# Quoted words: bash keeps them whole.
split_with_raw_last "vdctl -c $NODE_URI show" 'my\ d'
run_completion
check "a backslash-escaped prefix" "show my\\ d" 'my\ desk'
split_with_raw_last "vdctl -c $NODE_URI show" "'my d"
run_completion
check "inside an open quote the name goes in as it is" "show 'my d" 'my desk'
split_with_raw_last "vdctl -c $NODE_URI show" '"my d'
run_completion
check "inside open double quotes too" "show \"my d" 'my desk'

# ---- vdctl complete, without the shim ----------------------------------

out=$("$VDCTL" complete -- vdctl -c test:///no-such-file.xml show "" 2>"$TMP/err")
status=$?
if [[ $status == 0 && -z $out && ! -s $TMP/err ]]; then
    ok "a connection that fails gives no names, no message, status 0"
else
    not_ok "a connection that fails gives no names, no message, status 0" \
        "status $status, stdout '$out', stderr '$(cat "$TMP/err")'"
fi

out=$("$VDCTL" complete -- vdctl -c 'qemu+unix:///system?socket=/nonexistent/sock' show "" 2>"$TMP/err")
status=$?
if [[ $status == 0 && -z $out && ! -s $TMP/err ]]; then
    ok "a dead daemon socket gives no names and no message"
else
    not_ok "a dead daemon socket gives no names and no message" \
        "status $status, stdout '$out', stderr '$(cat "$TMP/err")'"
fi

out=$("$VDCTL" complete -- vdctl create --cdrom "" 2>&1)
if [[ $out == //files ]]; then
    ok "the file marker alone for a file value"
else
    not_ok "the file marker alone for a file value" "got: $out"
fi
out=$("$VDCTL" complete -- vdctl create x --disk=path=/t 2>&1)
if [[ $out == "//files --disk=path=" ]]; then
    ok "the file marker carries the text before the file name"
else
    not_ok "the file marker carries the text before the file name" "got: $out"
fi

# ssh must run in batch mode: a fake ssh records how libvirt runs it.
mkdir "$TMP/bin"
cat >"$TMP/bin/ssh" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$TMP/ssh-args"
exit 255
EOF
chmod +x "$TMP/bin/ssh"
PATH="$TMP/bin:$PATH" "$VDCTL" complete -- vdctl \
    -c 'qemu+ssh://someone@host.invalid/system?keyfile=/k%20ey' show "" >/dev/null 2>&1 </dev/null
if grep -qx 'BatchMode=yes' "$TMP/ssh-args" 2>/dev/null && grep -qx '/k ey' "$TMP/ssh-args"; then
    ok "ssh URIs run ssh in batch mode (no prompt), the rest of the URI kept"
else
    not_ok "ssh URIs run ssh in batch mode (no prompt), the rest of the URI kept" \
        "ssh was run with: $(tr '\n' ' ' <"$TMP/ssh-args" 2>/dev/null)"
fi

# A daemon that accepts and never answers: the names are given up on.
python3 - "$TMP/port" <<'EOF' &
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
s.settimeout(0.5)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held, end = [], time.time() + 30
while time.time() < end:
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        if os.path.exists(sys.argv[1] + ".stop"):
            break
EOF
listener=$!
for _ in $(seq 50); do [[ -e $TMP/port ]] && break; sleep 0.1; done
start=$SECONDS
out=$("$VDCTL" complete -- vdctl -c "qemu+tcp://127.0.0.1:$(cat "$TMP/port")/system" show "" 2>&1)
elapsed=$((SECONDS - start))
touch "$TMP/port.stop"
wait "$listener"
if [[ -z $out && $elapsed -le 10 ]]; then
    ok "a connection that hangs is given up on (${elapsed}s)"
else
    not_ok "a connection that hangs is given up on" "after ${elapsed}s, output '$out'"
fi

echo "1..$n"
exit $((failed > 0))
