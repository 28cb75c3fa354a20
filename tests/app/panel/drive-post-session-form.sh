#!/usr/bin/env bash
# Fills the post-session form on a real operator panel window as a therapist would, for
# PostSessionFormWindowTest: run inside an X server (xvfb-run) with room for a WIDTH x HEIGHT window. Starts
# `stillpoint play`, sizes the window to the screen, presses Enter to start, waits for the short program to
# end, opens the form, rates the first phase by clicking numbers found by reading the screen (OCR), types
# the patient's words, adds one unwelcome moment typed as m:ss and one picked on the form's timeline, saves,
# then presses Open report (xdg-open is a stand-in that records what it was asked to open).
# With MODE "look" it only opens the form and scrolls it to its end, for the screenshots.
#   drive-post-session-form.sh STILLPOINT PROGRAM SESSIONS_DIR WORK_DIR WIDTH HEIGHT [fill|look]
set -euo pipefail
stillpoint=$1 program=$2 sessions=$3 work=$4 width=$5 height=$6 mode=${7:-fill}
export ALSOFT_DRIVERS=null OMP_THREAD_LIMIT=1
mkdir -p "$work/bin"
printf '#!/bin/sh\necho "$@" >>"%s/opened.txt"\n' "$work" >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"

"$stillpoint" play "$program" --output null --patient PF-1 --clinician Lind --consent yes --new \
  --sessions "$sessions" >"$work/stillpoint.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

driver=drive-post-session-form
source "$(dirname "${BASH_SOURCE[0]}")/drive-window.sh"
size_panel_window

xdotool key Return # the setup is complete: Enter starts
wait_journal '"type":"playback_started"' || fail "the session did not start"
wait_journal '"type":"session_end"' 300 || fail "the session did not end"
sleep 1

# "left top right bottom" (screen pixels) of every word matching REGEX, top to bottom.
boxes() {
  awk -F'\t' -v w="$1" 'NR>1 && $12 != "" && tolower($12) ~ w {
    print int($7/2), int($8/2), int(($7+$9)/2), int(($8+$10)/2)}' "$work/screen.tsv" | sort -n -k2
}
centre_of() { awk '{print int(($1+$3)/2), int(($2+$4)/2)}'; }
click_at() {
  xdotool mousemove $(($1 + ox)) $(($2 + oy))
  sleep 0.2
  xdotool click 1
  sleep 0.3
}
click_word() {
  local at
  at=$(boxes "$1" | head -1 | centre_of)
  [[ -n $at ]] || fail "\"$1\" not found on screen"
  # shellcheck disable=SC2086
  click_at $at
}

read_screen
cp "$work/shot.png" "$work/end-screen.png"
click_word '^landed'
xdotool mousemove "$ox" "$oy"
sleep 0.5
read_screen
cp "$work/shot.png" "$work/form-open.png"

# A score row: its low label ends at the left of the eleven buttons, its high label starts at their right;
# the buttons share the space between evenly. Clicks VALUE on the first row whose high label matches HIGH.
click_score() {
  local high=$1 value=$2
  local row
  row=$(boxes "$high" | head -1)
  [[ -n $row ]] || fail "score row ending \"$high\" not found"
  read -r hl ht _ hb <<<"$row"
  local y=$(((ht + hb) / 2))
  # The low label: the rightmost word left of the high label on the same line.
  local lr
  lr=$(awk -F'\t' -v y="$y" -v hl="$hl" 'NR>1 && $12 != "" {
      top=$8/2; bottom=($8+$10)/2; right=($7+$9)/2
      if (top <= y && bottom >= y && right < hl && tolower($12) ~ /^(all|closed)$/) print int(right)}' \
    "$work/screen.tsv" | sort -n | tail -1)
  [[ -n $lr ]] || fail "the low end of the row ending \"$high\" not found"
  click_at $((lr + (hl - lr) * (2 * value + 1) / 22)) "$y"
}

click_score '^very$' 7        # liking
click_score '^completely$' 8  # resonance
click_score '^fully$' 3       # openness
click_word "^patient's$"
xdotool type --delay 40 'Like being carried'
sleep 0.3

if [[ $mode == look ]]; then
  # The wheel over the form (a move, never a click: that would answer a question) scrolls its questions.
  xdotool mousemove $((ox + width / 3)) $((oy + height * 2 / 3))
  sleep 0.2
  xdotool click --repeat 20 --delay 30 5
  sleep 0.3
  shoot "$work/form-scrolled.png"
  kill -TERM "$pid"
  wait "$pid" || true
  trap - EXIT
  exit 0
fi

# Moments: one typed, one picked on the form's timeline (the strip above its "0:00" ... length line).
# The questions scroll: the wheel brings the moments up.
xdotool mousemove $((ox + width / 3)) $((oy + height * 2 / 3))
sleep 0.2
xdotool click --repeat 20 --delay 30 5
sleep 0.3
read_screen
cp "$work/shot.png" "$work/form-scrolled.png"
# The time field (its dim hint is not read) starts the row of Add moment, under the timeline's "0:00".
read -r sl _ _ _ <<<"$(boxes '^0:00$' | tail -1)"
read -r ml mt _ mb <<<"$(boxes '^moment$' | tail -1)"
[[ -n ${sl:-} && -n ${mt:-} ]] || fail "the moment's time field not found"
time_field="$((sl + 25)) $(((mt + mb) / 2))"
# The words field ends just left of Add moment.
words_field="$((ml - 90)) $(((mt + mb) / 2))"
# shellcheck disable=SC2086
click_at $time_field
xdotool type --delay 40 '0:02'
# shellcheck disable=SC2086
click_at $words_field
xdotool type --delay 40 'a sharp tone'
click_word '^moment$'
read_screen
# The strip ends at the session's length, printed under its right end; "0:00" under its left end.
strip=$(boxes '^0:00$' | tail -1)
[[ -n $strip ]] || fail "the form's timeline not found"
read -r sl st _ _ <<<"$strip"
# The right edge of the length label is the strip's end.
total=$(awk -F'\t' -v y="$st" -v sl="$sl" 'NR>1 && $12 ~ /^[0-9]+:[0-9][0-9]$/ && $8/2 >= y-6 && $8/2 <= y+6 && $7/2 > sl+50 {print int(($7+$9)/2)}' "$work/screen.tsv" | tail -1)
[[ -n $total ]] || fail "the end of the form's timeline not found"
# Three quarters along, 20 px above the labels: inside the strip.
click_at $((sl + (total - sl) * 3 / 4)) $((st - 20))
# shellcheck disable=SC2086
click_at $words_field
xdotool type --delay 40 'too loud here'
click_word '^moment$'
sleep 0.3
read_screen
cp "$work/shot.png" "$work/form-filled.png"
click_word '^save$'
wait_journal '"type":"post_session_rating"' 30 || fail "Save wrote nothing to the journal"
sleep 0.5
shoot "$work/form-saved.png"

click_word '^back$'
read_screen
click_word '^report$'
for _ in $(seq 100); do
  [[ -s $work/opened.txt ]] && break
  sleep 0.1
done
[[ -s $work/opened.txt ]] || fail "Open report opened nothing"
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
