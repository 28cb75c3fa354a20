#!/usr/bin/env bash
# Times Stillpoint's loudness analysis (integrated loudness, loudness range, true peak) against ffmpeg's
# ebur128 filter (peak=true) on the same generated files, and prints times-real-time for each.
#   scripts/bench-loudness.sh [path/to/stillpoint] [minutes per file] [runs]
# Each figure is the fastest of the runs (the least disturbed by other work on the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
stillpoint=$(realpath "${1:-build/release/stillpoint}")
minutes=${2:-10}
runs=${3:-3}
for tool in sox ffmpeg python3; do
    command -v "$tool" >/dev/null || { echo "bench-loudness: needs $tool (scripts/setup-debian.sh installs it)" >&2; exit 2; }
done
[ -x "$stillpoint" ] || { echo "bench-loudness: build first: no executable at $stillpoint" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds=$((minutes * 60))
echo "Generating ${minutes}-minute 48 kHz stereo files in $work ..." >&2
# Pink noise with slow swells, so the level moves like music rather than sitting at one value.
sox -n -r 48000 -c 2 -b 24 "$work/source.wav" synth "$seconds" pinknoise vol 0.3 tremolo 0.05 60
sox "$work/source.wav" -b 24 "$work/track.flac"
sox "$work/source.wav" -b 16 "$work/track.wav"
ffmpeg -loglevel error -y -i "$work/source.wav" -c:a libvorbis -q:a 6 "$work/track.ogg"
ffmpeg -loglevel error -y -i "$work/source.wav" -c:a libopus -b:a 160k "$work/track.opus"

# Fastest wall-clock and CPU (user+sys) seconds of $runs runs of the command in "$@".
fastest() {
    local best_wall="" best_cpu="" line wall cpu
    for _ in $(seq "$runs"); do
        line=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
        wall=$(echo "$line" | awk '{print $1}')
        cpu=$(echo "$line" | awk '{print $2 + $3}')
        if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; fi
        if [ -z "$best_cpu" ] || awk "BEGIN{exit !($cpu < $best_cpu)}"; then best_cpu=$cpu; fi
    done
    echo "$best_wall $best_cpu"
}

# Times real time from CPU seconds (user+sys, all threads): on a shared machine the wall clock measures the
# other jobs as much as ours. Wall seconds are shown too.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-11s | %8s %8s %8s | %8s %8s %8s | %s\n" format "wall s" "CPU s" "xRT" "wall s" "CPU s" "xRT" "ffmpeg CPU / ours"
printf "%-11s | %26s | %26s |\n" "" "stillpoint check" "ffmpeg ebur128=peak=true"
for file in track.flac track.wav track.ogg track.opus; do
    program="$work/${file/./-}.toml"
    printf 'format = 1\nname = "bench"\n[[phase]]\nname = "p"\nplanned = "%sm"\n  [[phase.track]]\n  file = "%s"\n' \
        "$minutes" "$file" >"$program"
    read -r ours_wall ours_cpu < <(fastest "$stillpoint" check --no-cache --threads 1 "$program")
    read -r ff_wall ff_cpu < <(fastest ffmpeg -nostats -hide_banner -i "$work/$file" -af ebur128=peak=true -f null -)
    awk -v f="$file" -v s="$seconds" -v ow="$ours_wall" -v oc="$ours_cpu" -v fw="$ff_wall" -v fc="$ff_cpu" \
        'BEGIN { printf "%-11s | %8.2f %8.2f %7.0fx | %8.2f %8.2f %7.0fx | %.1fx\n", f, ow, oc, s/oc, fw, fc, s/fc, fc/oc }'
done

# The figures themselves, side by side, so speed is not bought with wrong answers.
echo >&2
for file in track.flac track.opus; do
    ours=$("$stillpoint" check --json --no-cache "$work/${file/./-}.toml" 2>/dev/null |
        python3 -c 'import json,sys; t=json.load(sys.stdin)["programs"][0]["tracks"][0]; print("I %.1f LUFS, LRA %.1f LU, TP %.1f dBTP" % (t["integrated_lufs"], t["loudness_range_lu"], t["true_peak_dbtp"]))')
    theirs=$(ffmpeg -nostats -hide_banner -i "$work/$file" -af ebur128=peak=true -f null - 2>&1 |
        awk '/I:/ {i=$2} /LRA:/ {lra=$2} /Peak:/ {tp=$2} END {printf "I %s LUFS, LRA %s LU, TP %s dBTP", i, lra, tp}')
    echo "$file  stillpoint: $ours   ffmpeg: $theirs"
done
