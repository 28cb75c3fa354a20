#!/usr/bin/env bash
# Previews a track on a real operator panel window as a therapist would, for PreviewWindowTest: run inside
# an X server (xvfb-run) with room for a WIDTH x HEIGHT window. Starts `stillpoint play` (with a preview
# output on the null device, or with none), sizes the window, presses Enter to start, then reads the
# screen (OCR) to find the preview card's Play button, clicks it, waits for the journal to have the
# preview, and clicks Stop. With MODE "without" it only takes the screenshot of the card without a
# preview output.
#   drive-preview.sh STILLPOINT PROGRAM SESSIONS_DIR WORK_DIR WIDTH HEIGHT [with|without]
set -euo pipefail
stillpoint=$1 program=$2 sessions=$3 work=$4 width=$5 height=$6 mode=${7:-with}
export ALSOFT_DRIVERS=null OMP_THREAD_LIMIT=1
preview=()
[[ $mode == with ]] && preview=(--preview-output null)

"$stillpoint" play "$program" --output null "${preview[@]}" --patient PV-1 --clinician Lind --consent yes \
  --new --sessions "$sessions" >"$work/stillpoint.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

driver=drive-preview
source "$(dirname "${BASH_SOURCE[0]}")/drive-window.sh"
size_panel_window

# The centre (screen pixels) of the lowest word matching REGEX: the preview card is below the transport.
lowest() {
  awk -F'\t' -v w="$1" 'NR>1 && $12 != "" && tolower($12) ~ w {
    print int(($7+$9/2)/2), int(($8+$10/2)/2)}' "$work/screen.tsv" | sort -n -k2 | tail -1
}
click_word() {
  local at
  at=$(lowest "$1")
  [[ -n $at ]] || fail "\"$1\" not found on screen"
  read -r x y <<<"$at"
  xdotool mousemove $((x + ox)) $((y + oy))
  sleep 0.2
  xdotool click 1
  sleep 0.3
}

xdotool key Return # the setup is complete: Enter starts
wait_journal '"type":"playback_started"' || fail "the session did not start"
sleep 1
read_screen
cp "$work/shot.png" "$work/before.png"
[[ $mode == with ]] || exit 0

click_word '^play$'
xdotool mousemove "$ox" "$oy"
wait_journal '"action":"preview"' || fail "the preview was not journaled"
sleep 2 # the position bar moves on
read_screen
cp "$work/shot.png" "$work/previewing.png"
click_word '^stop$'
wait_journal '"action":"preview_stop"' || fail "the preview stop was not journaled"
sleep 1
read_screen
cp "$work/shot.png" "$work/stopped.png"
