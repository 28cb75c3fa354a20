# What the drive-*.sh scripts share, sourced by them once `stillpoint play` is started: finding the panel's
# window and sizing it, waiting on the journal, and reading the screen (OCR). Uses the sourcing script's
# $driver (its name, for messages), $width, $height, $sessions and $work; sets $window, $ox and $oy.

fail() {
  echo "$driver: $*" >&2
  exit 1
}

# Without a window manager SDL does not hear of a window moved under it, so the window is only resized
# where it opened (the test makes the screen large enough); screenshots are of the window alone and
# clicks are placed relative to it. SDL may replace its first window while it sets up the renderer: the
# window is looked up again until resizing it works.
size_panel_window() {
  window=""
  for _ in $(seq 300); do
    window=$(xdotool search --name '^Stillpoint$' 2>/dev/null | head -1) && [[ -n $window ]] && break
    sleep 0.1
  done
  [[ -n $window ]] || fail "no panel window appeared"
  local resized=""
  for _ in $(seq 20); do
    sleep 0.5
    window=$(xdotool search --name '^Stillpoint$' 2>/dev/null | tail -1) || continue
    if [[ -n $window ]] && xdotool windowsize "$window" "$width" "$height" 2>/dev/null; then
      resized=yes
      break
    fi
  done
  [[ -n $resized ]] || fail "the panel window could not be resized"
  sleep 1
  eval "$(xdotool getwindowgeometry --shell "$window")"
  ox=$X oy=$Y
}

journal_has() { grep -qs "$1" "$sessions"/*/journal.jsonl; }
# Waits until the journal has PATTERN, polling every 0.1 s at most TRIES times (150).
wait_journal() {
  for _ in $(seq "${2:-150}"); do
    if journal_has "$1"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Reads the screen (OCR, enlarged twice for small type); words are then looked up in screen pixels.
shoot() { import -window root -crop "${width}x${height}+${ox}+${oy}" +repage "$1"; }
read_screen() {
  shoot "$work/shot.png"
  convert "$work/shot.png" -colorspace gray -negate -resize 200% -threshold 70% "$work/ocr.png"
  tesseract "$work/ocr.png" "$work/screen" --psm 11 tsv >/dev/null 2>&1
}
