#!/usr/bin/env bash
# Start-up time of the jpki launcher: median wall time of N runs of `jpki --help` and of
# `jpki --simulator ssh-key`, with the launcher's settings (TieredStopAtLevel=1, SerialGC,
# AppCDS archive) and without them (a plain `java -cp`). Usage: bench/startup.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-11}"
sim="$(mktemp -d)"
trap 'rm -rf "$sim"' EXIT
"$root/jpki" --simulator="$sim" ssh-key >/dev/null   # builds if needed, creates the card
target="$root/tools/target"
cp="$target/tools.jar:$target/lib/*"

median_ms() { # command...
  local times=()
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

row() { # label, command...
  local label="$1"; shift
  printf '%-44s %6s ms\n' "$label" "$(median_ms "$@")"
}

echo "median of $n runs, $(java -version 2>&1 | head -1)"
row "plain java -cp: --help" java -cp "$cp" io.github.jpki4j.cli.Main --help
row "launcher without CDS: --help" env JPKI_CDS=0 "$root/jpki" --help
row "launcher (C1 + SerialGC + AppCDS): --help" "$root/jpki" --help
row "plain java -cp: --simulator ssh-key" \
  java -cp "$cp" io.github.jpki4j.cli.Main --simulator="$sim" ssh-key
row "launcher without CDS: --simulator ssh-key" env JPKI_CDS=0 "$root/jpki" --simulator="$sim" ssh-key
row "launcher (C1 + SerialGC + AppCDS): --simulator ssh-key" "$root/jpki" --simulator="$sim" ssh-key
row "java -version (the JVM's floor)" java -Xshare:auto -XX:TieredStopAtLevel=1 -version
