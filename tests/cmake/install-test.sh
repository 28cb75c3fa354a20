#!/usr/bin/env bash
# `cmake --install` of this build into a scratch DESTDIR under an unusual prefix, then the installed
# stillpoint run from / as a clinic's machine would: it says its version, finds its demo program and
# library, checks and renders it; the desktop files it installs validate.
#   install-test.sh BINARY_DIR SOURCE_DIR VERSION
set -euo pipefail
binary_dir=$1
source_dir=$2
version=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=/opt/stillpoint-install-test
root=$scratch/root$prefix
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$scratch/root cmake --install "$binary_dir" --prefix "$prefix" >"$scratch/install.log"
data=$root/share/stillpoint
for file in bin/stillpoint share/stillpoint/playlists/demo.toml share/stillpoint/assets/openal/alsoft.conf \
  share/applications/org.stillpoint.Stillpoint.desktop \
  share/icons/hicolor/scalable/apps/org.stillpoint.Stillpoint.svg \
  share/metainfo/org.stillpoint.Stillpoint.metainfo.xml share/man/man1/stillpoint.1.gz \
  share/doc/stillpoint/copyright share/doc/stillpoint/changelog.gz; do
  [[ -f $root/$file ]] || fail "$file was not installed"
done
# Every piece of the demo library the build generated, and every program the shipped ones refer to.
expected=$(ls "$source_dir"/assets/music/*.flac | wc -l)
installed=$(ls "$data"/assets/music/*.flac | wc -l)
((installed > 0 && installed == expected)) || fail "$installed of $expected demo pieces installed"
for program in "$data"/playlists/*.toml; do
  grep -o '"\.\./assets/music/[^"]*"' "$program" | tr -d '"' | while read -r music; do
    [[ -f $data/playlists/$music ]] || fail "$(basename "$program") plays $music, not installed"
  done
done

cd /
export HOME=$scratch/home XDG_CACHE_HOME=$scratch/cache ALSOFT_DRIVERS=null
mkdir -p "$HOME"
stillpoint=$root/bin/stillpoint

[[ $("$stillpoint" --version) == "stillpoint $version" ]] || fail "--version says: $("$stillpoint" --version)"

# Plain `stillpoint` without a display: it found the installed demo, and says how to play it headless.
if output=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$stillpoint" </dev/null 2>&1); then
  fail "plain stillpoint without a display succeeded"
fi
[[ $output == *"$data/playlists/demo.toml --headless"* ]] || fail "plain stillpoint said: $output"

"$stillpoint" check "$data/playlists/demo.toml" >"$scratch/check.log" 2>&1 || {
  cat "$scratch/check.log"
  fail "check of the installed demo"
}
"$stillpoint" render "$data/playlists/demo.toml" -o "$scratch/demo.flac" >"$scratch/render.log" 2>&1 || {
  cat "$scratch/render.log"
  fail "render of the installed demo"
}
[[ -s $scratch/demo.flac ]] || fail "render wrote no audio"

# OpenAL Soft plays with the installed settings (its short mixing period), read after any of the machine's.
env -u ALSOFT_CONF ALSOFT_LOGLEVEL=3 ALSOFT_LOGFILE="$scratch/openal.log" "$stillpoint" devices >/dev/null 2>&1 ||
  fail "stillpoint devices"
grep -q "Loading config $data/assets/openal/alsoft.conf" "$scratch/openal.log" ||
  fail "OpenAL Soft did not read $data/assets/openal/alsoft.conf: $(grep 'config' "$scratch/openal.log")"

desktop-file-validate "$root/share/applications/org.stillpoint.Stillpoint.desktop"
appstreamcli validate --no-net "$root/share/metainfo/org.stillpoint.Stillpoint.metainfo.xml" >/dev/null
# The release notes name this version first.
grep -q "<release version=\"$version\"" "$root/share/metainfo/org.stillpoint.Stillpoint.metainfo.xml" ||
  fail "the metainfo's releases do not name $version"
[[ $(gzip -dc "$root/share/doc/stillpoint/changelog.gz" | head -1) == "stillpoint ($version) "* ]] ||
  fail "the changelog does not begin with $version"
echo "installed stillpoint $version ran from /"
