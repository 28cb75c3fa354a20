#!/usr/bin/env bash
# Engine core benchmarks, each beside a peer measured in the same run:
#   1. decode floor: a 60-minute set (6 x 10 min) as FLAC, Ogg Vorbis and MP3, decoded by pure libsndfile,
#      by the StreamPool path (libsndfile + soxr to 48 kHz + rings), and by `ffmpeg -f null`;
#   2. CPU time and peak memory of 60 s of real-time playback on the null backend: stillpoint_bench_play
#      (StreamPool + LiveOutput) against `mpv --ao=null`, for a 44.1 kHz and a 48 kHz FLAC.
# Took 34 minutes on the shared 2-core machine under heavy load, most of it generating the set (once; kept
# for later runs), then 3 decode passes per format and 2 x 60 s of playback.
#
# Usage: scripts/bench-engine.sh [BUILD_DIR]    (default build/release; the benchmarks are built there)
# The set is generated once into $STILLPOINT_BENCH_DIR (default /tmp/stillpoint-bench). A quick trial run:
# STILLPOINT_BENCH_DIR=/tmp/sp-trial STILLPOINT_BENCH_TRACKS=2 STILLPOINT_BENCH_TRACK_SECONDS=20 STILLPOINT_BENCH_PLAY_SECONDS=5
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
play_seconds=${STILLPOINT_BENCH_PLAY_SECONDS:-60}
repeats=3

for tool in sox ffmpeg mpv /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-engine: $tool is missing (scripts/setup-debian.sh installs it)" >&2; exit 2; }
done

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build_dir" -j2 --target stillpoint_bench_decode stillpoint_bench_play >/dev/null
bench_decode="$build_dir/bench/stillpoint_bench_decode"
bench_play="$build_dir/bench/stillpoint_bench_play"

source scripts/bench-set.sh

echo "## Audio engine: figures measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m))"
echo
echo "### Decode floor: $((tracks * track_seconds / 60)) minutes ($tracks x $track_seconds s, 44.1 kHz stereo) per format"
echo
echo "CPU seconds, user + system (x real time), best of $repeats runs: CPU time, not wall time, because the machine"
echo "may be busy with other work. StreamPool = the engine's path: libsndfile, then soxr HQ to 48 kHz (or no"
echo "resampling at the file's rate), through the rings as an offline render reads them (decode thread included)."
echo
echo "| format | libsndfile (pure) | StreamPool, resampled to 48 kHz | StreamPool at 44.1 kHz | ffmpeg -f null |"
echo "|---|---|---|---|---|"
best() { sort -g | head -1; }
for format in flac ogg mp3; do
  files=("$set_dir"/track[0-9].$format)
  sndfile=() pool48=() pool44=() ffmpeg_runs=()
  for _ in $(seq 1 "$repeats"); do
    totals=$("$bench_decode" "${files[@]}" | awk '$NF == "TOTAL"')
    sndfile+=("$(awk '$1 == "libsndfile" {print $8}' <<<"$totals")")
    pool48+=("$(awk '$1 == "streampool" {print $8}' <<<"$totals")")
    audio=$(awk '$1 == "libsndfile" {print $2}' <<<"$totals")
    pool44+=("$("$bench_decode" --rate 44100 "${files[@]}" | awk '$NF == "TOTAL" && $1 == "streampool" {print $8}')")
    total=0
    for f in "${files[@]}"; do
      # -benchmark reports the CPU time of the decoding without process start-up, like the in-process figures.
      cpu=$(ffmpeg -nostdin -hide_banner -benchmark -i "$f" -f null - 2>&1 |
        sed -n 's/.*utime=\([0-9.]*\)s stime=\([0-9.]*\)s.*/\1 \2/p' | awk '{print $1 + $2}')
      total=$(awk -v a="$total" -v b="$cpu" 'BEGIN {print a + b}')
    done
    ffmpeg_runs+=("$total")
  done
  awk -v f="$format" -v a="$audio" -v s="$(printf '%s\n' "${sndfile[@]}" | best)" \
    -v p="$(printf '%s\n' "${pool48[@]}" | best)" -v q="$(printf '%s\n' "${pool44[@]}" | best)" \
    -v m="$(printf '%s\n' "${ffmpeg_runs[@]}" | best)" \
    'BEGIN {printf "| %s | %.2f s (%.0fx) | %.2f s (%.0fx) | %.2f s (%.0fx) | %.2f s (%.0fx) |\n", f, s, a/s, p, a/p, q, a/q, m, a/m}'
done
echo

echo "### Real-time playback for ${play_seconds} s on the null backend: CPU time and peak memory"
echo
echo "| file | player | user s | system s | CPU s per minute | max RSS |"
echo "|---|---|---|---|---|---|"
measure() {  # file-label player-label command...
  local label=$1 player=$2 figures
  shift 2
  figures=$(mktemp)
  /usr/bin/time -o "$figures" -f "%U %S %M" "$@" >/dev/null 2>&1
  awk -v l="$label" -v p="$player" -v s="$play_seconds" \
    '{printf "| %s | %s | %.2f | %.2f | %.3f | %.1f MB |\n", l, p, $1, $2, ($1 + $2) * 60 / s, $3 / 1024}' "$figures"
  rm -f "$figures"
}
for f in "$set_dir/track1.flac" "$set_dir/track1-48k.flac"; do
  name=$(basename "$f")
  # Both players run at the same time: each is measured alone by /usr/bin/time, and the run takes half as long.
  measure "$name" "stillpoint (StreamPool + LiveOutput)" "$bench_play" --output null --seconds "$play_seconds" "$f" > /tmp/bench-ours.$$ &
  measure "$name" "mpv --ao=null" mpv --no-config --no-video --ao=null --length="$play_seconds" "$f" > /tmp/bench-mpv.$$ &
  wait
  cat /tmp/bench-ours.$$ /tmp/bench-mpv.$$
  rm -f /tmp/bench-ours.$$ /tmp/bench-mpv.$$
done
