#!/usr/bin/env bash
# The session benchmarks, each beside a peer measured in the same run, with the real commands:
#   1. render speed: `stillpoint render` of a 60-minute program against pure libsndfile decoding of the same
#      files (the floor: the render decodes them all) and against `ffmpeg -f null` decoding them, per format;
#   2. CPU per minute of real-time playback: `stillpoint play --headless --output null` of a one-track
#      program against `mpv --ao=null` playing the same file, started together;
#   3. peak memory of a 3-hour program (three 60-minute phases with alternates and a grounding track):
#      `stillpoint play` for the same minute, and `stillpoint render` of all three hours, against mpv's for
#      one track;
#   4. CPU of the live outputs: patient alone, patient + room, patient + room + preview (the preview
#      playing the next track all along), each on the null device (`stillpoint_bench_outputs`: the engine
#      and its outputs without panel or journal) against `mpv --ao=null` of one track, started together.
# Wall and CPU time (user + system, all threads) are the best of $repeats runs, taken in turns so a busy
# neighbour spoils all three ways alike. The set comes from scripts/bench-set.sh (generated once; about
# 10 minutes on 2 cores), loudness is measured once into the set's folder before anything is timed.
#
# Usage: scripts/bench-session.sh [BUILD_DIR]    (default build/release)
# A quick trial: STILLPOINT_BENCH_DIR=/tmp/sp-trial STILLPOINT_BENCH_TRACKS=6 STILLPOINT_BENCH_TRACK_SECONDS=20 \
#                STILLPOINT_BENCH_PLAY_SECONDS=5 scripts/bench-session.sh
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
play_seconds=${STILLPOINT_BENCH_PLAY_SECONDS:-60}
repeats=${STILLPOINT_BENCH_REPEATS:-3}

for tool in mpv /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-session: $tool is missing (scripts/setup-debian.sh --test installs it)" >&2; exit 2; }
done
source scripts/bench-set.sh
if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" -j2 --target stillpoint stillpoint_bench_decode stillpoint_bench_outputs >/dev/null
stillpoint="$PWD/$build_dir/stillpoint"
bench_decode="$PWD/$build_dir/bench/stillpoint_bench_decode"
bench_outputs="$PWD/$build_dir/bench/stillpoint_bench_outputs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every command finds the loudness figures measured once, in the set's folder.
export XDG_CACHE_HOME="$set_dir/cache"

# ---- programs over the set: tracks 1..6 in three 20-minute phases, gapless, 10 s phase crossfades ----
write_program() {  # name suffix phase_seconds [alternates]
  local name=$1 suffix=$2 seconds=$3 alternates=${4:-}
  {
    printf 'format = 1\nname = "%s"\nroute = "other"\ntarget_loudness = -23.0\nvolume_ceiling = -1.0\nend_fade = "30s"\n' "$name"
    if [[ -n $alternates ]]; then
      printf '\n[grounding]\nfile = "%s/track6%s"\nlyrics = "none"\n' "$set_dir" "$suffix"
    fi
    for p in 1 2 3; do
      printf '\n[[phase]]\nname = "phase %d"\nplanned = "%ds"\ncrossfade = "10s"\nwhen_tracks_run_out = "loop"\n' "$p" "$seconds"
      for t in $((2 * p - 1)) $((2 * p)); do
        printf '\n[[phase.track]]\nfile = "%s/track%d%s"\nlyrics = "none"\n' "$set_dir" "$t" "$suffix"
        if [[ -n $alternates ]]; then
          printf '\n[[phase.track.alternate]]\nfile = "%s/track%d%s"\nlyrics = "none"\n' "$set_dir" $((7 - t)) "$suffix"
        fi
      done
    done
  } > "$work/$name.toml"
}
phase_seconds=$((tracks * track_seconds / 3))
write_program flac .flac "$phase_seconds"
write_program flac48k -48k.flac "$phase_seconds"
write_program ogg .ogg "$phase_seconds"
write_program mp3 .mp3 "$phase_seconds"
write_program three-hours .flac 3600 with-alternates
for rate in 48k 44k; do
  suffix=$([[ $rate == 48k ]] && echo -48k || echo "")
  printf 'format = 1\nname = "one track"\nroute = "other"\nend_fade = "5s"\n[[phase]]\nname = "only"\nplanned = "30m"\n[[phase.track]]\nfile = "%s/track1%s.flac"\nlyrics = "none"\n' \
    "$set_dir" "$suffix" > "$work/one-track-$rate.toml"
done

echo "measuring loudness once ($XDG_CACHE_HOME) ..." >&2
for program in flac flac48k ogg mp3 three-hours one-track-48k one-track-44k; do
  "$stillpoint" check "$work/$program.toml" >/dev/null
done

timed() {  # prints "wall cpu max_rss_kb" of the command
  local figures
  figures=$(mktemp)
  /usr/bin/time -o "$figures" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || { echo "bench-session: failed: $*" >&2; exit 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$figures"
  rm -f "$figures"
}
best() { sort -g | head -1; }

echo "## Session benchmarks: measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), $build_dir"
echo
echo "### Render of a $((phase_seconds * 3 / 60))-minute program against decoding its files (best of $repeats)"
echo
echo "| files | libsndfile floor: wall (CPU) | ffmpeg -f null: wall (CPU) | stillpoint render: wall (CPU) | render / floor: wall (CPU) | render / ffmpeg: wall |"
echo "|---|---|---|---|---|---|"
for program in flac flac48k ogg mp3; do
  case $program in
    flac) files=("$set_dir"/track[0-9].flac); label="FLAC 44.1 kHz (rendered at 44.1 kHz)" ;;
    flac48k) files=("$set_dir"/track[0-9]-48k.flac); label="FLAC 48 kHz" ;;
    ogg) files=("$set_dir"/track[0-9].ogg); label="Ogg Vorbis 44.1 kHz" ;;
    mp3) files=("$set_dir"/track[0-9].mp3); label="MP3 44.1 kHz" ;;
  esac
  floor_wall=() floor_cpu=() ffmpeg_wall=() ffmpeg_cpu=() render_wall=() render_cpu=()
  for _ in $(seq 1 "$repeats"); do
    read -r w c _ < <(timed "$bench_decode" --floor-only "${files[@]}")
    floor_wall+=("$w") floor_cpu+=("$c")
    read -r w c _ < <(timed bash -c 'for f; do ffmpeg -nostdin -v error -i "$f" -f null -; done' _ "${files[@]}")
    ffmpeg_wall+=("$w") ffmpeg_cpu+=("$c")
    # A new file each time, as a clinic renders: overwriting the last 1.3 GB costs the kernel a second
    # of dropping its pages, which is not the render's work.
    rm -f "$work/out.wav"
    sync  # and nothing of the last one still being written back while this one is timed
    read -r w c _ < <(timed "$stillpoint" render "$work/$program.toml" -o "$work/out.wav" --journal "$work/previews")
    render_wall+=("$w") render_cpu+=("$c")
  done
  awk -v l="$label" \
    -v fw="$(printf '%s\n' "${floor_wall[@]}" | best)" -v fc="$(printf '%s\n' "${floor_cpu[@]}" | best)" \
    -v mw="$(printf '%s\n' "${ffmpeg_wall[@]}" | best)" -v mc="$(printf '%s\n' "${ffmpeg_cpu[@]}" | best)" \
    -v rw="$(printf '%s\n' "${render_wall[@]}" | best)" -v rc="$(printf '%s\n' "${render_cpu[@]}" | best)" \
    'BEGIN {printf "| %s | %.2f s (%.2f s) | %.2f s (%.2f s) | %.2f s (%.2f s) | **%.2fx** (%.2fx) | %.2fx |\n", l, fw, fc, mw, mc, rw, rc, rw/fw, rc/fc, rw/mw}'
done
rm -rf "$work/out.wav" "$work/previews"
echo

echo "### ${play_seconds} s of real-time playback on the null output, and peak memory"
echo
echo "| what | player | CPU s | CPU s per minute | peak RSS |"
echo "|---|---|---|---|---|"
play_minute() {  # label program file
  local label=$1 program=$2 file=$3 ours mpv_figures
  ours=$(mktemp) mpv_figures=$(mktemp)
  # Both at once: each measured alone by /usr/bin/time, in the same conditions. SIGINT ends the session
  # (with its fade) after the minute, as an operator's Ctrl-C would.
  ALSOFT_DRIVERS=null /usr/bin/time -o "$ours" -f "%U %S %M" timeout -s INT "$play_seconds" "$stillpoint" play \
    "$work/$program.toml" --headless --output null --patient BENCH-1 --clinician bench --consent yes --new \
    --sessions "$work/sessions" </dev/null >/dev/null 2>&1 &
  /usr/bin/time -o "$mpv_figures" -f "%U %S %M" mpv --no-config --no-video --ao=null --length="$play_seconds" \
    "$file" >/dev/null 2>&1 &
  wait
  awk -v l="$label" -v s="$play_seconds" '/^[0-9]/ {printf "| %s | stillpoint play --headless | %.2f | %.2f | %.1f MB |\n", l, $1 + $2, ($1 + $2) * 60 / s, $3 / 1024}' "$ours"
  awk -v f="$(basename "$file")" -v s="$play_seconds" '/^[0-9]/ {printf "| %s, one file | mpv --ao=null | %.2f | %.2f | %.1f MB |\n", f, $1 + $2, ($1 + $2) * 60 / s, $3 / 1024}' "$mpv_figures"
  rm -f "$ours" "$mpv_figures"
}
play_minute "one 48 kHz FLAC track" one-track-48k "$set_dir/track1-48k.flac"
play_minute "one 44.1 kHz FLAC track (resampled to the 48 kHz output)" one-track-44k "$set_dir/track1.flac"
play_minute "3-hour program (44.1 kHz FLAC, alternates, grounding)" three-hours "$set_dir/track1.flac"
read -r w c rss < <(timed "$stillpoint" render "$work/three-hours.toml" -o "$work/three-hours.flac")
awk -v w="$w" -v c="$c" -v r="$rss" 'BEGIN {printf "| 3-hour program, rendered whole to FLAC | stillpoint render | %.2f (%.0f s wall) | - | %.1f MB |\n", c, w, r / 1024}'
echo

echo "### ${play_seconds} s of the live outputs on the null device: CPU time"
echo
echo "| outputs | player | CPU s | CPU s per minute | peak RSS | devices starved |"
echo "|---|---|---|---|---|---|"
for outputs in 1 2 3; do
  ours=$(mktemp) said=$(mktemp) mpv_figures=$(mktemp)
  # With the mixing updates `stillpoint` asks OpenAL Soft for (main.cpp reads them from this file).
  ALSOFT_DRIVERS=null ALSOFT_CONF="$PWD/assets/openal/alsoft.conf" \
    /usr/bin/time -o "$ours" -f "%U %S %M" "$bench_outputs" --outputs "$outputs" \
    --seconds "$play_seconds" "$work/flac48k.toml" >"$said" 2>&1 &
  /usr/bin/time -o "$mpv_figures" -f "%U %S %M" mpv --no-config --no-video --ao=null --length="$play_seconds" \
    "$set_dir/track1-48k.flac" >/dev/null 2>&1 &
  wait
  label=$(case $outputs in 1) echo "patient";; 2) echo "patient + room";; *) echo "patient + room + preview (playing)";; esac)
  starved=$(sed -n 's/.*devices starved: //p' "$said")
  awk -v l="$label" -v s="$play_seconds" -v st="$starved" '/^[0-9]/ {printf "| %s | stillpoint_bench_outputs | %.2f | %.2f | %.1f MB | %s |\n", l, $1 + $2, ($1 + $2) * 60 / s, $3 / 1024, st}' "$ours"
  awk -v s="$play_seconds" '/^[0-9]/ {printf "| one track (track1-48k.flac) | mpv --ao=null | %.2f | %.2f | %.1f MB | - |\n", $1 + $2, ($1 + $2) * 60 / s, $3 / 1024}' "$mpv_figures"
  rm -f "$ours" "$said" "$mpv_figures"
done
