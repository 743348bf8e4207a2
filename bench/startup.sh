#!/usr/bin/env bash
# Start-up time of jpki: `jpki --help` and `jpki --simulator ssh-key`, through the release
# archive's bin/jpki and through the checkout's ./jpki, against `java -version` of the same JDK
# measured in the same run. All commands of one JDK run interleaved, N rounds, and each row is
# the median of its N times (wall and CPU), so that load from other work on the machine hits every
# row alike.
# The aim (issue 9): at most 2.5x `java -version`. The default java (JDK 17 here) first, then
# any JDK given in JPKI_BENCH_JDKS (default: the Temurin 25 JDK, if installed).
#
# Usage: bench/startup.sh [N]        (N rounds, default 21)
#   JPKI_BENCH_LEVERS=1 adds rows for what the launchers' settings are worth: plain java -cp,
#   no class-data cache, and on JDK 25 an AOT cache (JEP 483/514) trained on the same command.
#   JPKI_BENCH_BEFORE=ARCHIVE.tar.gz adds the same archive rows for another build (e.g. of an
#   earlier commit), measured in the same rounds: a before/after that load hits alike.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-21}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The archive, built if missing or older than the sources (the build also makes ./jpki's jar).
archive="$(ls "$root"/tools/cli/target/jpki-*.tar.gz 2>/dev/null | head -1 || true)"
if [ -z "$archive" ] || [ -n "$(find "$root"/pom.xml "$root"/*/pom.xml "$root"/*/src/main \
    "$root"/tools/*/pom.xml "$root"/tools/*/src/main "$root"/tools/cli/src/dist -newer "$archive" \
    -print -quit)" ]; then
  echo "bench: building the archive..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl tools/cli -am package >"$work/build.log" 2>&1) ||
    { tail -n 40 "$work/build.log" >&2; exit 1; }
  archive="$(ls "$root"/tools/cli/target/jpki-*.tar.gz | head -1)"
fi
tar -xzf "$archive" -C "$work"
release="$(ls -d "$work"/jpki-*/)"
release="${release%/}"
sim="$work/card"
before=
if [ -n "${JPKI_BENCH_BEFORE:-}" ]; then
  mkdir "$work/before"
  tar -xzf "$JPKI_BENCH_BEFORE" -C "$work/before"
  before="$(ls -d "$work"/before/jpki-*/)"
  before="${before%/}"
fi
export XDG_CACHE_HOME="$work/cache"   # the archive launcher's class-data cache starts empty

jdks=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
for j in ${JPKI_BENCH_JDKS-/usr/lib/jvm/temurin-25-jdk-amd64}; do
  [ -x "$j/bin/java" ] && jdks+=("$j")
done

# median, bench
. "$root/bench/paired.sh"

# Classes loaded, and how many came from a class-data archive, for one run.
classes() { # java_home, command...
  local log="$work/classes.log"
  JAVA_HOME="$1" JPKI_JAVA_OPTS="-Xlog:class+load:file=$log" "${@:2}" >/dev/null 2>&1
  echo "$(wc -l <"$log") classes, $(grep -c 'shared objects file' "$log") from the archive"
}

for jdk in "${jdks[@]}"; do
  java="$jdk/bin/java"
  export JAVA_HOME="$jdk"
  jpki="env PATH=$jdk/bin:$PATH $root/jpki"
  # First runs: create the card, build ./jpki if needed, write both launchers' caches.
  for _ in 1 2; do
    $jpki --simulator="$sim" ssh-key >/dev/null
    "$release/bin/jpki" --simulator="$sim" ssh-key >/dev/null
    "$release/bin/jpki" --help >/dev/null
    if [ -n "$before" ]; then
      "$before/bin/jpki" --simulator="$sim" ssh-key >/dev/null
    fi
  done
  echo
  echo "$("$java" -version 2>&1 | head -1): median of $n rounds, ratios to java -version"
  rows=(
    "java -version"$'\t'"$java -version"
    "archive bin/jpki --help"$'\t'"$release/bin/jpki --help"
    "archive bin/jpki --simulator ssh-key"$'\t'"$release/bin/jpki --simulator=$sim ssh-key"
    "./jpki --help"$'\t'"$jpki --help"
    "./jpki --simulator ssh-key"$'\t'"$jpki --simulator=$sim ssh-key"
  )
  if [ -n "$before" ]; then
    rows+=(
      "before: archive bin/jpki --help"$'\t'"$before/bin/jpki --help"
      "before: archive bin/jpki --simulator ssh-key"$'\t'"$before/bin/jpki --simulator=$sim ssh-key"
    )
  fi
  if [ "${JPKI_BENCH_LEVERS:-0}" = 1 ]; then
    cp="$(ls "$release"/lib/*.jar | tr '\n' ':')"
    options="$root/tools/agent/src/main/resources/io/github/jpki4j/agent/lifecycle/jvm-options.properties"
    opts="$(sed -n 's/^cli=//p' "$options")"
    rows+=(
      "  java -cp, no JVM options, no cache: --help"$'\t'"$java -cp $cp io.github.jpki4j.cli.Main --help"
      "  java -cp, no JVM options, no cache: ssh-key"$'\t'"$java -cp $cp io.github.jpki4j.cli.Main --simulator=$sim ssh-key"
      "  bin/jpki, JPKI_CDS=0 (no cache): --help"$'\t'"JPKI_CDS=0 $release/bin/jpki --help"
      "  bin/jpki, JPKI_CDS=0 (no cache): ssh-key"$'\t'"JPKI_CDS=0 $release/bin/jpki --simulator=$sim ssh-key"
    )
    if "$java" -XX:AOTMode=off -version >/dev/null 2>&1; then
      for cmd in "--help" "--simulator=$sim ssh-key"; do
        aot="$work/aot-${cmd//[^a-z]/}.aot"
        # shellcheck disable=SC2086
        "$java" $opts -XX:AOTCacheOutput="$aot" -Xlog:disable -cp "$cp" \
          io.github.jpki4j.cli.Main $cmd >/dev/null 2>&1
        rows+=("  java -cp, AOT cache trained on it: ${cmd/=$sim/}"$'\t'"$java $opts -XX:AOTCache=$aot -Xlog:disable -cp $cp io.github.jpki4j.cli.Main $cmd")
      done
    fi
  fi
  bench "${rows[@]}"
  echo "  classes loaded by bin/jpki --help: $(classes "$jdk" "$release/bin/jpki" --help)"
  echo "  classes loaded by bin/jpki --simulator ssh-key: $(classes "$jdk" "$release/bin/jpki" \
    --simulator="$sim" ssh-key)"
done
