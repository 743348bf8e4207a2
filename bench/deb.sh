#!/usr/bin/env bash
# The Debian package: its size, and the start-up of `jpki --help` and `jpki --simulator ssh-key`
# from the installed package (jpackage's launcher on its jlink runtime) against the release
# archive's bin/jpki (on the default JDK, its class-data cache written) and `java -version` of that
# JDK, all interleaved, N rounds, the median of each row (wall, and CPU: user + system of the
# process and its children) with its ratio to java -version's. Prints numbers, asserts nothing.
# Installs the package with dpkg (root), and purges it again unless it was installed before.
#
# Usage: bench/deb.sh [N] [DEB]   (N rounds, default 11; DEB, default the one in tools/cli/target,
#                                  built with the archive if missing)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-11}"
deb="${2:-}"
target="$root/tools/cli/target"
work="$(mktemp -d)"
installed_before="$(dpkg-query -W -f='${Status}' jpki 2>/dev/null || true)"
[ "$installed_before" = "install ok installed" ] &&
  { echo "bench: a jpki package is installed; the bench would replace it" >&2; exit 1; }
cleanup() {
  dpkg --purge jpki >/dev/null 2>&1 || true
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
if [ -z "$deb" ]; then
  deb="$(ls "$target"/jpki_*.deb 2>/dev/null | head -1 || true)"
  if [ -z "$deb" ] || [ "$deb" -ot "$archive" ]; then
    rm -f "$target"/jpki_*.deb
    "$root/tools/cli/src/deb/build.sh" "$archive" "$target" >"$work/deb.log" 2>&1 ||
      { tail -n 40 "$work/deb.log" >&2; exit 1; }
    deb="$(ls "$target"/jpki_*.deb | head -1)"
  fi
fi
dpkg -i "$deb" >/dev/null
tar -xzf "$archive" -C "$work"
release="$(ls -d "$work"/jpki-*/)"
release="${release%/}"
sim="$work/card"
export HOME="$work/home" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
export JAVA_HOME="$java_home"
# First runs: the card, and the archive launcher's class-data cache.
for _ in 1 2; do
  "$release/bin/jpki" --simulator="$sim" ssh-key >/dev/null
  "$release/bin/jpki" --help >/dev/null
  /usr/bin/jpki --simulator="$sim" ssh-key >/dev/null
done

echo "$(basename "$deb"): $(stat -c %s "$deb") bytes ($(awk -v b="$(stat -c %s "$deb")" 'BEGIN {printf "%.1f", b / 1048576}') MiB);" \
  "Installed-Size $(dpkg-query -W -f='${Installed-Size}' jpki) KiB; on disk after install $(du -sk /usr/lib/jpki | cut -f1) KiB"
echo "runtime modules: $(/usr/lib/jpki/runtime/bin/java --list-modules | cut -d@ -f1 | paste -sd, -)"
classes() { # command...: classes loaded, and how many from a class-data archive
  local log="$work/classes.log"
  rm -f "$log"
  JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$log" "$@" >/dev/null 2>&1
  echo "$(wc -l <"$log") classes, $(grep -c 'shared objects file' "$log") from a class-data archive"
}
echo "deb jpki --help: $(classes /usr/bin/jpki --help)"
echo "deb jpki --simulator ssh-key: $(classes /usr/bin/jpki --simulator="$sim" ssh-key)"

. "$root/bench/paired.sh" # median, bench
rows=(
  "java -version"$'\t'"$JAVA_HOME/bin/java -version"
  "archive: bin/jpki --help"$'\t'"$release/bin/jpki --help"
  "archive: bin/jpki --simulator ssh-key"$'\t'"$release/bin/jpki --simulator=$sim ssh-key"
  "deb: jpki --help"$'\t'"/usr/bin/jpki --help"
  "deb: jpki --simulator ssh-key"$'\t'"/usr/bin/jpki --simulator=$sim ssh-key"
)
echo "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1): median of $n rounds, ratios to java -version"
bench "${rows[@]}"
