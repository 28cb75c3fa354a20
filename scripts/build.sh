#!/usr/bin/env bash
# Configures and builds one CMake preset with every core (release, debug, asan, fuzz: CMakePresets.json).
# The other scripts build through this one; it installs nothing (they run scripts/setup-debian.sh first).
#   scripts/build.sh release
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:?"which preset: release, debug, asan or fuzz"}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
