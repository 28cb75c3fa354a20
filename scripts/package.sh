#!/usr/bin/env bash
# Builds the Debian package from the release build (reusing it: nothing is compiled twice), then checks
# it with lintian and lists its contents.
#   scripts/package.sh        build/release/package/stillpoint_VERSION_ARCH.deb
# Install it with: sudo apt-get install ./build/release/package/stillpoint_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --package
scripts/build.sh release
rm -rf build/release/package
cpack --preset release >/dev/null
deb=$(ls build/release/package/stillpoint_*.deb)

echo "== $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
echo "== contents"
dpkg-deb --contents "$deb" | awk '{print $1, $6}' | grep -v '/assets/music/.' || true
echo "   ... and $(dpkg-deb --contents "$deb" | grep -c '/assets/music/.*\.flac$') demo pieces in share/stillpoint/assets/music"
for required in ./usr/bin/stillpoint ./usr/share/stillpoint/playlists/demo.toml \
  ./usr/share/stillpoint/assets/openal/alsoft.conf \
  ./usr/share/applications/org.stillpoint.Stillpoint.desktop \
  ./usr/share/icons/hicolor/scalable/apps/org.stillpoint.Stillpoint.svg \
  ./usr/share/metainfo/org.stillpoint.Stillpoint.metainfo.xml ./usr/share/man/man1/stillpoint.1.gz; do
  dpkg-deb --contents "$deb" | awk '{print $6}' | grep -qx "$required" || {
    echo "package: $required is missing from $deb" >&2
    exit 1
  }
done
echo "== lintian"
# Errors fail the build; warnings are shown.
lintian --fail-on error --tag-display-limit 0 "$deb"
echo "package: $deb"
