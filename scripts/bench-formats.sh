#!/usr/bin/env bash
# Decode speed of the formats only FFmpeg reads (and Opus through libopusfile for comparison), through
# AudioFileReader as the stream pool uses it, beside `ffmpeg -f null` on the same files.
# Usage: scripts/bench-formats.sh [BUILD_DIR]   (default build/release)
# Encodes two 10-minute tracks of the shared benchmark set (scripts/bench-set.sh) into each format once,
# into the set's folder; then 3 passes per format, best CPU time kept.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
export STILLPOINT_BENCH_TRACKS=${STILLPOINT_BENCH_TRACKS:-2}
source scripts/bench-set.sh

cmake --build "$build_dir" -j2 --target stillpoint_bench_reader >/dev/null
bench_reader="$build_dir/bench/stillpoint_bench_reader"

declare -A options=(
  [aac.m4a]="-c:a aac -b:a 256k"
  [alac.m4a]="-c:a alac"
  [wma.wma]="-c:a wmav2 -b:a 192k"
  [opus.webm]="-c:a libopus -b:a 160k"
  [opus]="-c:a libopus -b:a 160k"
  [negative.opus]="-c:a libopus -b:a 160k"
)
formats=(aac.m4a alac.m4a wma.wma opus.webm negative.opus opus)
for i in $(seq 1 "$tracks"); do
  for format in "${formats[@]}"; do
    target="$set_dir/track$i.$format"
    [[ -f "$target" ]] && continue
    offset=()
    [[ "$format" == negative.opus ]] && offset=(-itsoffset -0.02)  # a negative start, as libopusfile refuses
    # shellcheck disable=SC2086
    ffmpeg -nostdin -v error -y "${offset[@]}" -i "$set_dir/track$i.flac" ${options[$format]} "$target"
  done
done

best() { sort -g | head -1; }
minutes=$((tracks * track_seconds / 60))
echo "Decode of ${minutes} minutes per format: CPU seconds (x real time), best of 3; $(date -u +%F), $(nproc) cores"
echo
echo "| format | decoder | AudioFileReader (stereo float blocks) | \`ffmpeg -i F -f null -\` |"
echo "|---|---|---|---|"
for format in "${formats[@]}"; do
  files=()
  for i in $(seq 1 "$tracks"); do files+=("$set_dir/track$i.$format"); done
  ours=() theirs=()
  for pass in 1 2 3; do
    output=$("$bench_reader" "${files[@]}")
    ours+=("$(awk '$NF == "TOTAL" {print $5}' <<<"$output")")
    decoder=$(awk 'NR == 1 {print $1}' <<<"$output")
    audio=$(awk '$NF == "TOTAL" {print $2}' <<<"$output")
    total=0
    for f in "${files[@]}"; do
      cpu=$(ffmpeg -nostdin -hide_banner -benchmark -i "$f" -f null - 2>&1 |
        awk -F'[ =s]+' '/bench: utime/ {print $3 + $5}')
      total=$(awk -v a="$total" -v b="$cpu" 'BEGIN {print a + b}')
    done
    theirs+=("$total")
  done
  awk -v f="$format" -v d="$decoder" -v a="$audio" -v o="$(printf '%s\n' "${ours[@]}" | best)" \
    -v t="$(printf '%s\n' "${theirs[@]}" | best)" \
    'BEGIN { printf "| %s | %s | %.2f s (%.0fx) | %.2f s (%.0fx) |\n", f, d, o, a / o, t, a / t }'
done
