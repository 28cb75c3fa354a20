#!/usr/bin/env bash
# Installs what Stillpoint needs to build, run and test on Debian 12.
# Idempotent: packages already present are skipped; nothing is downloaded but Debian packages.
#   scripts/setup-debian.sh          build and run dependencies
#   scripts/setup-debian.sh --package  also the tools that build and check the Debian package
#   scripts/setup-debian.sh --test   also the tools the tests and benchmarks use (and the package tools)
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config git
  libsdl2-dev libopenal-dev libsndfile1-dev libimgui-dev libstb-dev
  libtomlplusplus-dev libebur128-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libopusfile-dev libsoxr-dev libssl-dev fonts-dejavu-core
  libavformat-dev libavcodec-dev libswresample-dev  # what libsndfile and libopusfile do not read (AAC, ALAC, WMA, WebM)
  libtinyxml2-dev  # XSPF playlists for `stillpoint import`
  liblo-dev  # OSC remote control and status (`stillpoint play --osc`, `stillpoint monitor`)
  libgtest-dev  # the build includes the tests unless -DSTILLPOINT_BUILD_TESTS=OFF
  libx11-dev  # the real-window tests close a window as a window manager does (WM_DELETE_WINDOW)
)
package_packages=(
  file lintian desktop-file-utils appstream  # file: CPack's dpkg-shlibdeps step; the validators
)
test_packages=(
  googletest sox ffmpeg xvfb xdotool tesseract-ocr chromium imagemagick mpv time man-db procps
  liblo-tools  # oscsend / oscdump, as docs/osc.md shows them
  clang libclang-rt-14-dev  # scripts/fuzz.sh: clang 14 and its libFuzzer runtime (libclang_rt.fuzzer)
)

wanted=("${build_packages[@]}")
case "${1:-}" in
  --package) wanted+=("${package_packages[@]}") ;;
  --test) wanted+=("${package_packages[@]}" "${test_packages[@]}") ;;
esac

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#wanted[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
    echo "setup: need root to install: ${missing[*]}" >&2
    echo "setup: run this script as root, or install sudo" >&2
    exit 1
  fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
