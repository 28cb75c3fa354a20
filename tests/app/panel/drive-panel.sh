#!/usr/bin/env bash
# Drives a real operator panel window as a therapist would, for PanelWindowInputTest: run inside an X
# server (xvfb-run). Starts `stillpoint play` with the setup given on the command line, presses Enter to
# start, clicks the note field (found by OCR), types two notes containing every shortcut letter, holds
# talk-over by mouse and by Space, then ends the session with Ctrl+End, Enter.
#   drive-panel.sh STILLPOINT PROGRAM SESSIONS_DIR WORK_DIR
set -euo pipefail
stillpoint=$1 program=$2 sessions=$3 work=$4
export ALSOFT_DRIVERS=null OMP_THREAD_LIMIT=1

"$stillpoint" play "$program" --output null --patient KX-7 --clinician Lind --consent yes --new \
  --sessions "$sessions" >"$work/stillpoint.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

wait_for_window() {
  for _ in $(seq 100); do
    if xdotool search --name '^Stillpoint$' >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "drive-panel: no panel window appeared" >&2
  cat "$work/stillpoint.log" >&2
  return 1
}

# Reads the screen once (OCR), as a person looks at it; word_at then finds words on that reading.
read_screen() {
  import -window root "$work/shot.png"
  convert "$work/shot.png" -colorspace gray -negate -threshold 70% "$work/ocr.png"
  tesseract "$work/ocr.png" "$work/screen" --psm 11 tsv >/dev/null 2>&1
}

# The screen centre (x y) of the first word read matching REGEX, or nothing.
word_at() {
  awk -F'\t' -v w="$1" 'NR>1 && !found && tolower($12) ~ w {print int($7+$9/2), int($8+$10/2); found=1}' \
    "$work/screen.tsv"
}

click_word() {
  local at
  at=$(word_at "$1")
  if [[ -z $at ]]; then echo "drive-panel: \"$1\" not found on screen" >&2; return 1; fi
  # shellcheck disable=SC2086
  xdotool mousemove $at
  sleep 0.2
  xdotool click 1
}

wait_for_window
sleep 1
# The session has started once the journal says the music did.
started() {
  grep -qs '"type":"playback_started"' "$sessions"/*/journal.jsonl
}
wait_started() {
  for _ in $(seq 100); do
    if started; then return 0; fi
    sleep 0.1
  done
  return 1
}

xdotool key Return  # the setup is complete: Enter starts
if ! wait_started; then
  # Still on the setup screen: say so for the test, and start with the button as a mouse user would.
  echo "Enter did not start the session" >>"$work/problems.txt"
  read_screen
  click_word '^start$'
  wait_started
fi
sleep 0.5
read_screen
cp "$work/shot.png" "$work/panel-started.png"
talk_over=$(word_at 'talk-over')

# Every shortcut letter and digit, and the letters of the Ctrl chords, in a note; Enter adds it and the
# field keeps the keyboard, so the second note is typed into it too.
click_word 'happened'
xdotool type --delay 40 'Then she said: a calm hush, get me sun and 123456 more time'
xdotool key Return
xdotool type --delay 40 'Second note half typed'
# Esc leaves the field keeping the text; typing on at once goes nowhere (the grace period).
xdotool key Escape
xdotool type --delay 40 'nesh'
sleep 0.3
import -window root "$work/panel-typed.png"
sleep 2

# Talk-over held with the mouse, then with Space: each on while held, off when released.
[[ -n $talk_over ]] || { echo "drive-panel: talk-over button not found" >&2; exit 1; }
# shellcheck disable=SC2086
xdotool mousemove $talk_over
sleep 0.3
xdotool mousedown 1
sleep 1.2
xdotool mouseup 1
sleep 0.5
xdotool mousemove 5 5
xdotool keydown space
sleep 1.2
xdotool keyup space
sleep 0.5

xdotool key ctrl+End
sleep 0.5
xdotool key Return
# The end screen stays until the window is closed: wait for the end in the journal, look, close.
for _ in $(seq 150); do
  if grep -qs '"type":"session_end"' "$sessions"/*/journal.jsonl; then break; fi
  sleep 0.2
done
sleep 0.5
import -window root "$work/panel-end.png"
kill -TERM "$pid"
wait "$pid"
trap - EXIT
