#!/usr/bin/env bash
# The benchmark set shared by scripts/bench-engine.sh and scripts/bench-session.sh, generated once and kept:
# six 10-minute tracks (tones over pink noise, different per track), 44.1 kHz stereo like most music, as
# FLAC, Ogg Vorbis q5 and MP3 256 kb/s, plus each FLAC resampled to 48 kHz (trackN-48k.flac).
# Usage: source scripts/bench-set.sh   (sets $set_dir; honours STILLPOINT_BENCH_DIR, _TRACKS, _TRACK_SECONDS)
set_dir=${STILLPOINT_BENCH_DIR:-/tmp/stillpoint-bench}
tracks=${STILLPOINT_BENCH_TRACKS:-6}
track_seconds=${STILLPOINT_BENCH_TRACK_SECONDS:-600}

for tool in sox ffmpeg; do
  command -v "$tool" >/dev/null || { echo "bench-set: $tool is missing (scripts/setup-debian.sh --test installs it)" >&2; exit 2; }
done
mkdir -p "$set_dir"
for i in $(seq 1 "$tracks"); do
  wav="$set_dir/track$i.wav"
  if [[ ! -f "$set_dir/track$i.mp3" ]]; then
    echo "generating track $i of $tracks ..." >&2
    sox -n -r 44100 -c 2 -b 16 "$wav" synth "$track_seconds" sine $((160 + 40 * i)) sine $((240 + 30 * i)) \
      synth "$track_seconds" pinknoise mix tremolo 0.$i 40 vol 0.5
    ffmpeg -nostdin -v error -y -i "$wav" -c:a flac "$set_dir/track$i.flac"
    ffmpeg -nostdin -v error -y -i "$wav" -c:a libvorbis -q:a 5 "$set_dir/track$i.ogg"
    ffmpeg -nostdin -v error -y -i "$wav" -c:a libmp3lame -b:a 256k "$set_dir/track$i.mp3"
    rm -f "$wav"
  fi
  if [[ ! -f "$set_dir/track$i-48k.flac" ]]; then
    ffmpeg -nostdin -v error -y -i "$set_dir/track$i.flac" -ar 48000 -c:a flac "$set_dir/track$i-48k.flac"
  fi
done
