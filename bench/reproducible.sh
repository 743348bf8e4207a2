#!/usr/bin/env bash
# Reproducible build check: builds the release twice from clean clones of one commit (HEAD by
# default) in two different temporary directories, the second started later, under another time
# zone, umask and locale, then compares every jar, both archives, the SBOM and SHA256SUMS with
# sha256sum. Prints the result; on a difference, which entries differ (zipinfo, tar, cmp).
# The umask may differ (022, 002: the archiver takes group and other write access away), but must
# not take read access away (077): the jars keep their files' read permissions.
# Exit status: 0 identical, 1 different, 2 a build failed.
#
#   bench/reproducible.sh [COMMIT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
commit="$(git -C "$root" rev-parse --verify "${1:-HEAD}^{commit}")"
work="$(mktemp -d "${TMPDIR:-/tmp}/jpki-repro.XXXXXX")"
trap 'rm -rf "$work"' EXIT

build() { # DIR TZ UMASK LANG
  local dir=$1
  git clone -q --no-checkout "$root" "$dir"
  git -C "$dir" checkout -q --detach "$commit"
  echo "== build in $dir (TZ=$2, umask $3, LANG=$4), started $(date -u +%H:%M:%S)"
  (cd "$dir" && umask "$3" && TZ=$2 LANG=$4 LC_ALL=$4 mvn -B -q -DskipTests -Djacoco.skip=true \
    -Dspotless.check.skip=true -pl tools/cli -am package >"$dir.log" 2>&1) || {
    tail -n 40 "$dir.log"
    echo "reproducible: the build in $dir failed"
    exit 2
  }
}

# What a release ships: every module's jar, the archives, the SBOM and the checksums.
outputs() {
  (cd "$1" && {
    find . -regextype posix-extended -regex '\./([^/]+/){1,2}target/[^/]+\.jar'
    find ./tools/cli/target -maxdepth 1 \( -name 'jpki-*.zip' -o -name 'jpki-*.tar.gz' \
      -o -name 'jpki-*.cdx.json' -o -name SHA256SUMS \)
  } | sort)
}

# Which entries of two zip files (jars, the zip archive) differ.
zip_entries() {
  diff <(zipinfo -l "$1" | sed 1,2d | sed '$d') <(zipinfo -l "$2" | sed 1,2d | sed '$d') |
    sed 's/^/    listing /' | head -20 || true
  local e
  while IFS= read -r e; do
    case $e in */) continue ;; esac
    cmp -s <(unzip -p "$1" "$e") <(unzip -p "$2" "$e") || echo "    content differs: $e"
  done < <(zipinfo -1 "$1")
}

# Which entries of two tar.gz archives differ.
tar_entries() {
  diff <(tar -tvzf "$1") <(tar -tvzf "$2") | sed 's/^/    listing /' | head -20 || true
  mkdir -p "$work/x1" "$work/x2"
  tar -xzf "$1" -C "$work/x1"
  tar -xzf "$2" -C "$work/x2"
  diff -rq "$work/x1" "$work/x2" | sed 's/^/    /' || true
  rm -rf "$work/x1" "$work/x2"
}

echo "reproducible: commit $commit"
build "$work/one" UTC 022 C.UTF-8
sleep 61 # the second build starts at least a minute later
build "$work/two/deeper/path" Asia/Tokyo 002 C

list1="$(outputs "$work/one")"
list2="$(outputs "$work/two/deeper/path")"
if [ "$list1" != "$list2" ]; then
  echo "reproducible: the two builds made different files"
  diff <(echo "$list1") <(echo "$list2") || true
  exit 1
fi
different=0
count=0
while IFS= read -r f; do
  count=$((count + 1))
  a="$work/one/$f"
  b="$work/two/deeper/path/$f"
  ha="$(sha256sum <"$a" | cut -d' ' -f1)"
  hb="$(sha256sum <"$b" | cut -d' ' -f1)"
  if [ "$ha" = "$hb" ]; then
    echo "same       $ha  ${f#./}"
  else
    different=$((different + 1))
    echo "DIFFERENT  ${f#./}"
    echo "    one $ha"
    echo "    two $hb"
    case $f in
      *.jar | *.zip) zip_entries "$a" "$b" ;;
      *.tar.gz) tar_entries "$a" "$b" ;;
      *) diff "$a" "$b" | head -20 | sed 's/^/    /' || true ;;
    esac
  fi
done <<<"$list1"
if [ "$different" -eq 0 ]; then
  echo "reproducible: yes, $count files byte-identical"
else
  echo "reproducible: NO, $different of $count files differ"
  exit 1
fi
