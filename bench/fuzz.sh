#!/usr/bin/env bash
# Fuzzes each @FuzzTest for SECONDS, one target after the other, nice'd (docs/robustness.md).
#
#   bench/fuzz.sh SECONDS [TARGET...]
#
# TARGET is Class#method (e.g. SshSigFuzzTest#armor), a Class (all its methods), or a module
# (ssh-format, apdu, jpki-applet, tools/pin, tools/agent); none means every target.
# 'bench/fuzz.sh --list' lists them. Each run is `mvn test` with JAZZER_FUZZ=1 for one method (Jazzer fuzzes one test per JVM),
# a heap of FUZZ_HEAP (default 1g: an input that needs more is a finding, not a slow machine), and
# at most FUZZ_INPUT_TIMEOUT seconds per input (default 10: slower is a hang). JaCoCo's agent is
# left out: Jazzer measures its own coverage, and a second instrumentation only slows it.
#
# The tests' own junit-platform.properties turn Jazzer's instrumentation off for the plain replay
# in `mvn verify` (it costs seconds per JVM and replaying needs none); this script turns it on.
#
# Findings (crash-*, timeout-*, slow-unit-* and oom-*) are written by Jazzer straight into the
# target's committed corpus, src/test/resources/<package>/<Class>Inputs/<method>/, where the next
# `mvn verify` replays them; the script lists them at the end. The corpus grown while fuzzing stays
# in <module>/.cifuzz-corpus/ (ignored by git) and is reused by the next run.
#
# Output: target/fuzz/<Class>#<method>.log per target, and target/fuzz/summary.tsv with one line per
# target: target, seconds asked, executions (libFuzzer's "Done N runs"), exec/s, coverage, the
# result (ok, FINDING) and the findings' file names.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MODULES=(ssh-format apdu jpki-applet tools/pin tools/agent)

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

# every fuzz target as module:package.Class#method, from the sources
list_targets() {
  local m f cls pkg
  for m in "${MODULES[@]}"; do
    while IFS= read -r f; do
      pkg=$(sed -n 's/^package \(.*\);/\1/p' "$f")
      cls=$(basename "$f" .java)
      # the method name follows @FuzzTest (on the same line or the next ones)
      awk '/@FuzzTest/ {want=1; next} want && /\(/ {match($0, /[A-Za-z0-9_]+\(/); print substr($0, RSTART, RLENGTH-1); want=0}' "$f" |
        while IFS= read -r meth; do echo "$m:$pkg.$cls#$meth"; done
    done < <(find "$m/src/test/java" -path '*/fuzz/*' -name '*FuzzTest.java' 2>/dev/null | sort)
  done
}

[ $# -ge 1 ] || usage
if [ "$1" = --list ]; then
  list_targets | sed 's/:.*\./ /'
  exit 0
fi
SECONDS_EACH=$1
shift
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] && [ "$SECONDS_EACH" -gt 0 ] || usage

ALL=$(list_targets)
SELECTED=()
if [ $# -eq 0 ]; then
  mapfile -t SELECTED <<<"$ALL"
else
  for want in "$@"; do
    n=0
    while IFS= read -r t; do
      m=${t%%:*}; cm=${t##*.}; c=${cm%%#*}
      if [ "$want" = "$m" ] || [ "$want" = "$cm" ] || [ "$want" = "$c" ]; then
        SELECTED+=("$t"); n=$((n + 1))
      fi
    done <<<"$ALL"
    [ $n -gt 0 ] || { echo "fuzz.sh: no target matches $want (see --list)" >&2; exit 2; }
  done
fi

OUT=$ROOT/target/fuzz
mkdir -p "$OUT"
SUMMARY=$OUT/summary.tsv
[ -f "$SUMMARY" ] || printf 'target\tseconds\texecutions\texec_per_s\tcoverage\tresult\tfindings\n' >"$SUMMARY"

for t in "${SELECTED[@]}"; do
  module=${t%%:*}
  fqcn=${t#*:}; fqcn=${fqcn%%#*}
  method=${t##*#}
  cls=${fqcn##*.}
  pkgdir=$(dirname "${fqcn//.//}")
  inputs=$module/src/test/resources/$pkgdir/${cls}Inputs/$method
  mkdir -p "$inputs" # Jazzer writes findings here only if it exists
  before=$(ls "$inputs" | sort)
  log=$OUT/$cls#$method.log
  echo "fuzz.sh: $cls#$method ($module) for ${SECONDS_EACH}s; log $log" >&2
  JAZZER_FUZZ=1 nice -n 19 mvn -B -o -pl "$module" -am test \
    -Dtest="$fqcn#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine="-Xmx${FUZZ_HEAP:-1g}" -Djacoco.skip=true \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Djazzer.hooks=true \
    -Djazzer.internal.arg.0=fuzz \
    -Djazzer.internal.arg.1=-max_total_time="$SECONDS_EACH" \
    -Djazzer.internal.arg.2=-timeout="${FUZZ_INPUT_TIMEOUT:-10}" \
    -Djazzer.internal.arg.3=-print_final_stats=1 \
    >"$log" 2>&1
  status=$?
  # stray findings (no inputs directory on the class path) land in the module directory
  for f in "$module"/crash-* "$module"/timeout-* "$module"/slow-unit-* "$module"/oom-*; do
    [ -e "$f" ] && mv "$f" "$inputs/"
  done
  after=$(ls "$inputs" | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')
  execs=$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  [ -n "$execs" ] || execs=$(grep -aoE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
  [ -n "$execs" ] || execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  rate=$(grep -aoE 'exec/s: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  result=ok
  if grep -aq 'no interesting inputs were found' "$log"; then result=NO-COVERAGE; fi
  if [ -n "$new" ] || [ $status -ne 0 ]; then result=FINDING; fi
  printf '%s#%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cls" "$method" "$SECONDS_EACH" "${execs:-?}" \
    "${rate:-?}" "${cov:-?}" "$result" "$new" >>"$SUMMARY"
  echo "fuzz.sh: $cls#$method: ${execs:-?} executions, $result $new" >&2
done
column -t -s $'\t' "$SUMMARY" >&2
