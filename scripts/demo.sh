#!/usr/bin/env bash
# Installs what Stillpoint needs, builds it, and plays the demo session.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
exec build/release/stillpoint "$@"
