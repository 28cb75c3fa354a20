#!/usr/bin/env bash
# Installs what Stillpoint needs, builds it, renders a preview of the demo session to a file, and plays
# the demo session: in the operator panel where there is a display, in the terminal where there is none,
# and to OpenAL Soft's null output where there is no sound card. Extra arguments go to `stillpoint play`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh release

stillpoint=build/release/stillpoint
program=playlists/demo.toml
preview=build/release/demo-session.flac

echo "== checking the demo program"
"$stillpoint" check "$program"
echo "== rendering a preview of the whole session to $preview"
"$stillpoint" render "$program" -o "$preview"

play=(play "$program")
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "== no display here: the session runs in the terminal"
  play+=(--headless --patient DEMO-1 --clinician Demo --consent yes)
fi
if ! "$stillpoint" devices >/dev/null 2>&1; then
  echo "== no sound output could be opened here: playing to OpenAL Soft's null output (listen to $preview)"
  play+=(--output null)
fi
echo "== playing the demo session: $stillpoint ${play[*]} $*"
exec "$stillpoint" "${play[@]}" "$@"
