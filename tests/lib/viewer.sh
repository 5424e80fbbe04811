# tests/lib/viewer.sh: what the tests with remote-viewer share (tests/viewer/,
# tests/redirect/). Source it from bash.
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# On top of tests/lib/e2e.sh (a libvirtd with the QEMU driver, unique names,
# domains removed at exit): a private Xvfb display on a free number in
# 90..99, remote-viewer runs with --spice-debug logs, screenshots, and a
# cleanup that ends every viewer and the Xvfb this test started, by pid.
#
# Everything listens and connects on loopback only: the desktops' SPICE
# listens on 127.0.0.1, Xvfb has no TCP listener.
#
# Packages (Debian): xvfb, virt-viewer, imagemagick (import, convert),
# x11-utils (xwininfo, xprop), python3-gi (GLib's GKeyFile from python3).

VIEWER_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/lib/e2e.sh
. "$VIEWER_LIB_DIR/e2e.sh"

# Every process this test starts on its display carries this in its
# environment, so the cleanup finds viewers that vdctl started, too.
VIEWER_MARK="vdctl-viewer-test-$$-$RANDOM"
VIEWER_PIDS=()
XVFB_PID=
XVFB_DISPLAY=
VIEWER_FAILURES=0
# Where screenshots and viewer logs of a failed check are kept.
VIEWER_KEEP="${VDCTL_BUILDDIR:-$E2E_TMP}/meson-logs/viewer"

# Bounds, in seconds.
VIEWER_WAIT=${VIEWER_WAIT:-30}

viewer_pids_on_display ()
{
  local env pid

  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}
    pid=${pid%/environ}
    [ "$pid" != "$$" ] || continue
    if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qxF "VDCTL_VIEWER_MARK=$VIEWER_MARK"; then
      echo "$pid"
    fi
  done
}

viewer_cleanup ()
{
  local pid

  for pid in ${VIEWER_PIDS[@]+"${VIEWER_PIDS[@]}"} $(viewer_pids_on_display); do
    kill "$pid" 2>/dev/null || true
  done
  sleep 0.3
  for pid in ${VIEWER_PIDS[@]+"${VIEWER_PIDS[@]}"} $(viewer_pids_on_display); do
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "$XVFB_PID" ]; then
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  e2e_cleanup
  # A script's own cleanup, after its domains are gone (tls.sh stops its
  # private libvirtd here).
  ${VIEWER_AFTER_CLEANUP:+"$VIEWER_AFTER_CLEANUP"}
}
trap viewer_cleanup EXIT

for tool in Xvfb remote-viewer import convert xwininfo xprop; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "SKIP: $tool is not installed (Debian: xvfb virt-viewer imagemagick x11-utils)"; exit 77; }
done

e2e_require_python_gi

# viewer_check CONDITION-DESCRIPTION: record a failure and go on, so that
# one broken behaviour does not hide the next. viewer_finish exits 1 then.
viewer_bad ()
{
  echo "FAIL: $*"
  VIEWER_FAILURES=$((VIEWER_FAILURES + 1))
}

viewer_ok ()
{
  echo "ok: $*"
}

viewer_finish ()
{
  if [ "$VIEWER_FAILURES" -ne 0 ]; then
    echo "$VIEWER_FAILURES check(s) failed; screenshots and logs in $VIEWER_KEEP"
    exit 1
  fi
  echo "PASS: $*"
  exit 0
}

# viewer_keep FILE...: keep copies for a person to look at after a failure.
viewer_keep ()
{
  local f

  mkdir -p "$VIEWER_KEEP" 2>/dev/null || return 0
  for f in "$@"; do
    [ -e "$f" ] && cp -- "$f" "$VIEWER_KEEP/$(basename "$0" .sh)-$(basename "$f")" 2>/dev/null
  done
  return 0
}

# Start Xvfb on the first free display of 90..99; sets XVFB_DISPLAY.
viewer_start_xvfb ()
{
  local n i

  for n in 90 91 92 93 94 95 96 97 98 99; do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    VDCTL_VIEWER_MARK=$VIEWER_MARK Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp -noreset \
      >"$E2E_TMP/xvfb-$n.log" 2>&1 </dev/null &
    XVFB_PID=$!
    for i in $(seq 1 50); do
      if ! kill -0 "$XVFB_PID" 2>/dev/null; then
        break
      fi
      if DISPLAY=":$n" xwininfo -root >/dev/null 2>&1; then
        XVFB_DISPLAY=":$n"
        e2e_note "Xvfb on display $XVFB_DISPLAY (pid $XVFB_PID)"
        return 0
      fi
      sleep 0.2
    done
    # Lost a race for this number, or it failed: try the next one.
    kill "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=
  done
  e2e_fail "cannot start Xvfb on any display of 90..99 (see $E2E_TMP/xvfb-*.log)"
}

# The environment every viewer runs in: our display, private settings,
# state (where vdctl logs the viewers it starts) and runtime directories, no session bus (no D-Bus daemon is started), and the
# mark the cleanup looks for.
viewer_env ()
{
  mkdir -p "$E2E_TMP/xdg/config" "$E2E_TMP/xdg/cache" "$E2E_TMP/xdg/runtime"
  chmod 0700 "$E2E_TMP/xdg/runtime"
  env DISPLAY="$XVFB_DISPLAY" GDK_BACKEND=x11 NO_AT_BRIDGE=1 \
    XDG_CONFIG_HOME="$E2E_TMP/xdg/config" XDG_CACHE_HOME="$E2E_TMP/xdg/cache" \
    XDG_RUNTIME_DIR="$E2E_TMP/xdg/runtime" XDG_STATE_HOME="$E2E_TMP/xdg/state" \
    DBUS_SESSION_BUS_ADDRESS="unix:path=$E2E_TMP/xdg/no-bus" \
    VDCTL_VIEWER_MARK="$VIEWER_MARK" "$@"
}

# viewer_screenshot FILE: the whole display as PNG.
viewer_screenshot ()
{
  timeout 30 import -display "$XVFB_DISPLAY" -window root "png:$1" 2>/dev/null
}

# viewer_run FILE LOG [OPTION...]: remote-viewer --spice-debug [OPTION...]
# FILE in the background; sets VIEWER_PID.
viewer_run ()
{
  viewer_env timeout 120 remote-viewer --spice-debug "${@:3}" -- "$1" >"$2" 2>&1 </dev/null &
  VIEWER_PID=$!
  VIEWER_PIDS+=("$VIEWER_PID")
}

# viewer_log_of LOG: the viewer's own log, which 'vdctl connect --debug'
# names in its output LOG ("Its output goes to FILE"): the viewer runs
# detached and writes there, not to vdctl's output.
viewer_log_of ()
{
  sed -n 's/^Its output goes to //p' "$1" | head -n 1
}

# viewer_stop PID: end one viewer (or the timeout wrapping it).
viewer_stop ()
{
  local pid=$1 child

  for child in $(pgrep -P "$pid" 2>/dev/null); do
    kill "$child" 2>/dev/null || true
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# viewer_stop_all: end every viewer on our display (ours or vdctl's).
viewer_stop_all ()
{
  local pid

  for pid in $(viewer_pids_on_display); do
    [ "$pid" = "$XVFB_PID" ] && continue
    kill "$pid" 2>/dev/null || true
  done
  sleep 0.5
}

# viewer_wait_log LOG EXTENDED-REGEX [SECONDS]: wait until LOG has a line
# matching; 0 if it came.
viewer_wait_log ()
{
  local log=$1 re=$2 limit=${3:-$VIEWER_WAIT} i

  for i in $(seq 1 $((limit * 5))); do
    grep -qE -- "$re" "$log" 2>/dev/null && return 0
    sleep 0.2
  done
  grep -qE -- "$re" "$log" 2>/dev/null
}

# viewer_channels_up LOG CHANNEL...: wait (VIEWER_WAIT seconds in all)
# for "CHANNEL: channel up" for each (spice-gtk's names: main-1:0,
# display-2:0, usbredir-9:0, ...).
viewer_channels_up ()
{
  local log=$1 ch missing deadline=$((SECONDS + VIEWER_WAIT))
  shift

  while :; do
    missing=
    for ch in "$@"; do
      grep -q -- " $ch: channel up" "$log" 2>/dev/null || missing="$missing $ch"
    done
    [ -z "$missing" ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || break
    # A refused link or a failed TLS handshake will not come up later.
    grep -qE "link result: reply [1-9]|SSL_connect: " "$log" 2>/dev/null && break
    sleep 0.2
  done
  echo "# channels not up:$missing; the log says:"
  grep -E "channel up|link result|Using (TLS|plain)|verif|SSL|error|Error" "$log" |
    grep -v "test cap" | tail -n 20 | sed 's/^/#   /'
  return 1
}

# viewer_find_window TITLE [SECONDS]: wait for a window named exactly
# TITLE; sets VIEWER_WIN to "id width height x y".
viewer_find_window ()
{
  local title=$1 limit=${2:-$VIEWER_WAIT} i

  VIEWER_WIN=
  for i in $(seq 1 $((limit * 2))); do
    if VIEWER_WIN=$(vvtool find-window "$XVFB_DISPLAY" "$title" 2>/dev/null); then
      return 0
    fi
    sleep 0.5
  done
  echo "# no window named '$title'; the windows are:"
  vvtool windows "$XVFB_DISPLAY" | sed 's/^/#   /'
  VIEWER_WIN=
  return 1
}

# viewer_guest_screen TITLE SHOT: wait until the window TITLE shows a guest
# text screen (light text on black, unlike the empty display in
# $E2E_TMP/empty.png); the last screenshot is in SHOT.
viewer_guest_screen ()
{
  local title=$1 shot=$2 limit=${3:-$VIEWER_WAIT} i
  local wid w h x y

  viewer_find_window "$title" "$limit" || return 1
  for i in $(seq 1 "$limit"); do
    # The window may move or resize as the guest's mode changes.
    VIEWER_WIN=$(vvtool find-window "$XVFB_DISPLAY" "$title" 2>/dev/null) || true
    read -r wid w h x y <<<"$VIEWER_WIN"
    if [ -n "$wid" ] && viewer_screenshot "$shot" &&
       vvtool screen "$shot" "$E2E_TMP/empty.png" "$x" "$y" "$w" "$h" >"$E2E_TMP/screen.out" 2>&1; then
      sed 's/^/# /' "$E2E_TMP/screen.out"
      return 0
    fi
    sleep 1
  done
  sed 's/^/# /' "$E2E_TMP/screen.out"
  return 1
}

# A screenshot of the display with nothing on it, to compare with.
viewer_empty_screenshot ()
{
  viewer_screenshot "$E2E_TMP/empty.png" || e2e_fail "cannot take a screenshot of $XVFB_DISPLAY"
}

# viewer_create NAME OPTIONS...: vdctl create NAME with the options every
# viewer test uses, tracked for removal; fails the test if it fails.
viewer_create ()
{
  local name=$1
  shift
  e2e_track "$name"
  e2e_vdctl create "$name" --network none --memory 256 "$@"
  if [ "$E2E_RC" -ne 0 ]; then
    e2e_show_output
    e2e_fail "vdctl create $name $* exited $E2E_RC"
  fi
}

# viewer_live_xml NAME FILE: the running definition with its secrets.
viewer_live_xml ()
{
  vd_virsh dumpxml --security-info -- "$1" >"$2" || e2e_fail "cannot read the live XML of $1"
}

# A password file for the desktops: random, never in an argv.
viewer_password_file ()
{
  local f=$1

  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=\n' >"$f")
  [ "$(wc -c <"$f")" -ge 12 ] || e2e_fail "cannot make a password file"
}
