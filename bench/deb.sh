#!/usr/bin/env bash
# The Debian package: its size, and the start-up of `jpki --version` and `jpki --help` from the
# installed package (jpackage's launcher on its jlink runtime) against the release archive's
# bin/jpki (on the default JDK, its class-data cache written) and `java -version` of that JDK, all
# interleaved, N rounds, the median of each row with its ratio to java -version. Prints numbers,
# asserts nothing. Installs the package with dpkg (root), and purges it again unless it was
# installed before.
#
# Usage: bench/deb.sh [N]      (N rounds, default 11); builds the archive and the package if missing
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-11}"
target="$root/tools/cli/target"
work="$(mktemp -d)"
installed_before="$(dpkg-query -W -f='${Status}' jpki 2>/dev/null || true)"
cleanup() {
  [ "$installed_before" = "install ok installed" ] || dpkg --purge jpki >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "bench: dpkg -i needs root" >&2; exit 1; }

archive="$(ls "$target"/jpki-*.tar.gz 2>/dev/null | head -1 || true)"
if [ -z "$archive" ]; then
  (cd "$root" && mvn -B -q -DskipTests -pl tools/cli -am package >"$work/build.log" 2>&1) ||
    { tail -n 40 "$work/build.log" >&2; exit 1; }
  archive="$(ls "$target"/jpki-*.tar.gz | head -1)"
fi
deb="$(ls "$target"/jpki_*.deb 2>/dev/null | head -1 || true)"
if [ -z "$deb" ] || [ "$deb" -ot "$archive" ]; then
  rm -f "$target"/jpki_*.deb
  "$root/tools/cli/src/deb/build.sh" "$archive" "$target" >"$work/deb.log" 2>&1 ||
    { tail -n 40 "$work/deb.log" >&2; exit 1; }
  deb="$(ls "$target"/jpki_*.deb | head -1)"
fi
dpkg -i "$deb" >/dev/null
tar -xzf "$archive" -C "$work"
release="$(ls -d "$work"/jpki-*/)"
export XDG_CACHE_HOME="$work/cache"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export JAVA_HOME="$java_home"
for _ in 1 2; do "$release/bin/jpki" --help >/dev/null; "$release/bin/jpki" --version >/dev/null; done

echo "$(basename "$deb"): $(stat -c %s "$deb") bytes ($(du -b "$deb" | awk '{printf "%.1f", $1 / 1048576}') MiB);" \
  "installed $(dpkg-query -W -f='${Installed-Size}' jpki) KiB"
echo "runtime modules: $(/usr/lib/jpki/runtime/bin/java --list-modules | cut -d@ -f1 | paste -sd, -)"

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rows=(
  "java -version"$'\t'"$JAVA_HOME/bin/java -version"
  "archive: bin/jpki --version"$'\t'"$release/bin/jpki --version"
  "deb: jpki --version"$'\t'"/usr/bin/jpki --version"
  "archive: bin/jpki --help"$'\t'"$release/bin/jpki --help"
  "deb: jpki --help"$'\t'"/usr/bin/jpki --help"
)
declare -A wall=()
TIMEFORMAT='%R'
for ((i = 0; i < n; i++)); do
  for r in "${rows[@]}"; do
    t=$( { time bash -c "${r#*$'\t'}" >/dev/null 2>&1; } 2>&1 )
    wall[$r]+="$(awk -v r="$t" 'BEGIN {printf "%d", r * 1000}') "
  done
done
echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1): median of $n rounds (wall), ratio to java -version"
w0=""
for r in "${rows[@]}"; do
  w=$(median <<<"${wall[$r]}")
  [ -z "$w0" ] && w0=$w
  printf '  %-32s %5s ms %6.2fx\n' "${r%%$'\t'*}" "$w" "$(awk -v m="$w" -v a="$w0" 'BEGIN {print m / a}')"
done
