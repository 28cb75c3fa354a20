#!/usr/bin/env bash
# Installs what the tests need, builds with a CMake preset, and runs the whole suite.
#   scripts/test.sh            release build
#   scripts/test.sh asan       AddressSanitizer + UndefinedBehaviorSanitizer build of the same tests
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
scripts/setup-debian.sh --test
scripts/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)" --timeout 900
