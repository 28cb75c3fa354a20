#!/usr/bin/env bash
# Fuzzes every reader of files a clinic brings (program files, action scripts, journals) with libFuzzer,
# built in the `fuzz` preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer). Any crash, leak,
# hang or sanitizer report fails the run; the input that caused it is kept as build/fuzz/crash-*.
#   scripts/fuzz.sh                 20 s per target, as many at once as there are cores (what CI runs)
#   scripts/fuzz.sh 3600            an hour per target, for developers
#   scripts/fuzz.sh 600 journal     ten minutes of one target (program, action-script, journal,
#                                   machine-config)
# The corpus grows in build/fuzz/corpus/<target>, seeded from the shipped programs and tests/fuzz/seeds;
# a longer run starts from what the earlier runs found.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(program action-script journal machine-config)

scripts/setup-debian.sh --test
scripts/build.sh fuzz

work=build/fuzz
# One target: its corpus seeded, fuzzed, and its figures printed; on a failure, where the input is.
fuzz_target() {
  local target=$1 binary seeds
  case "$target" in
    program) binary=fuzz_program_parser; seeds=(playlists/*.toml) ;;
    action-script) binary=fuzz_action_script; seeds=(tests/fuzz/seeds/action-script/*) ;;
    journal) binary=fuzz_journal_reader; seeds=(tests/fuzz/seeds/journal/*) ;;
    machine-config) binary=fuzz_machine_config; seeds=(tests/fuzz/seeds/machine-config/*) ;;
    *) echo "fuzz: unknown target '$target' (program, action-script, journal, machine-config)" >&2; return 2 ;;
  esac
  local corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  cp -n "${seeds[@]}" "$corpus/"
  echo "fuzz: $target for ${seconds} s"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one input costing 2 GB is a failure too.
  "$work/tests/fuzz/$binary" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/crash-$target-" 2>"$work/$target.log" || {
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: $target failed; the input is in $work/crash-$target-*; reproduce with" >&2
    echo "  $work/tests/fuzz/$binary $work/crash-$target-<id>" >&2
    return 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$target.log" | sed "s/^/fuzz: $target /"
}

# As many targets at once as there are cores, each fuzzed on one.
cores=$(nproc)
failed=0
running=0
wait_for_one() {
  wait -n || failed=1
  running=$((running - 1))
}
for target in "${targets[@]}"; do
  ((running < cores)) || wait_for_one
  fuzz_target "$target" &
  running=$((running + 1))
done
while ((running > 0)); do wait_for_one; done
exit "$failed"
