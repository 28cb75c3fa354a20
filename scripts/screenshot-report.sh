#!/usr/bin/env bash
# Renders a session report in headless Chromium and saves a screenshot, to check its design.
#   scripts/screenshot-report.sh SESSION_DIR [OUT.png] [WIDTHxHEIGHT]
# Writes the report first if report.html is missing or older than the journal (needs build/release/stillpoint
# or STILLPOINT=/path/to/stillpoint).
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 SESSION_DIR [OUT.png] [WIDTHxHEIGHT]" >&2
  exit 2
fi
session_dir=$(realpath "$1")
out=$(realpath -m "${2:-/tmp/report.png}")
size=${3:-1280x1600}
report="$session_dir/report.html"
if [[ ! -f "$report" || "$session_dir/journal.jsonl" -nt "$report" ]]; then
  stillpoint=${STILLPOINT:-$(dirname "$0")/../build/release/stillpoint}
  "$stillpoint" report "$session_dir" >/dev/null
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --screenshot="$out" --window-size="${size/x/,}" "file://$report" 2>/dev/null
echo "$out"
