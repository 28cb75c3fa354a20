#!/usr/bin/env bash
# Renders the operator panel offscreen (no display needed) and writes its screenshots:
#   scripts/screenshot-panel.sh [BUILD_DIR]     default build/release
# The PNGs land in docs/images/ (panel.png is the one the README shows; panel-end.png the end screen).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
test_binary="$build/tests/app/panel/panel_render_test"
if [[ ! -x $test_binary ]]; then
  echo "No $test_binary: build it first, e.g. cmake --build $build --target panel_render_test" >&2
  exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
SDL_VIDEODRIVER=offscreen STILLPOINT_SCREENSHOT_DIR="$out" "$test_binary" --gtest_brief=1 >/dev/null
mkdir -p docs/images
# The session screen with an alert shows the most at once. Quantised to keep the file small.
# The end-of-session screen is the one drawn at the smallest size the panel supports, 1024x600.
shots=(panel-session-alert.png:panel.png panel-setup.png:panel-setup.png panel-end-1024x600.png:panel-end.png)
for shot in "${shots[@]}"; do
  from=$out/${shot%%:*} to=docs/images/${shot##*:}
  if command -v convert >/dev/null; then
    convert "$from" -colors 128 -define png:compression-level=9 "$to"
  else
    cp "$from" "$to"
  fi
  ls -l "$to"
done
