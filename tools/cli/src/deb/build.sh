#!/usr/bin/env bash
# The Debian package of jpki, from the release archive, with the JDK's own jpackage. Installed in
# the /usr tree (jpackage's --install-dir /usr), so that jpki is on the PATH and the copyright file
# is where Debian wants it:
#   /usr/bin/jpki               a POSIX sh launcher: the runtime's java with the cli= (and for
#                               `jpki agent` the agent=) JVM options, as the archive's bin/jpki
#   /usr/lib/jpki/app/          the archive's lib/*.jar and licenses/
#   /usr/lib/jpki/app/jpki.jsa  the class-data archive of jpki's classes, written by postinst
#   /usr/lib/jpki/runtime/      a Java runtime trimmed by jlink to the modules lib/ needs (jdeps)
#   /usr/share/doc/jpki/copyright
# jpackage's own native launcher is replaced (dpkg-deb -R, then -b): installed from a package, the
# JDK 17 one asks rpm and dpkg at every start which package owns it and lists all its files
# (rpm -qf, dpkg -S, dpkg -L: about 150 ms of 350 for `jpki --help`), and it applies the same JVM
# options to every command, the agent's included.
# Class-data sharing checks the class path, so the archive is made where the jars are installed:
# postinst runs the installed jpki on a few commands with -XX:DumpLoadedClassList, then dumps
# one static archive of those classes (the JDK's and jpki's) through the same launcher; prerm
# deletes it. The launcher names it (-XX:SharedArchiveFile); without it (postinst could not make
# it) jpki runs, slower.
# Needs a JDK 17+ (jdeps, jlink, jpackage), dpkg-deb and fakeroot (apt-get install fakeroot).
# Run by `mvn -Pdeb package` (tools/cli/pom.xml, then SHA256SUMS covers the .deb) and by
# DebPackageIT when the package is missing.
#
#   tools/cli/src/deb/build.sh target/jpki-VERSION.tar.gz OUTPUT-DIR
set -euo pipefail
archive=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
out=$2
name=$(basename "$archive" .tar.gz) # jpki-VERSION
version=${name#jpki-}
# Debian orders 0.1.0~SNAPSHOT before 0.1.0; a '-' would start the Debian revision
deb_version=${version//-/\~}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}

for tool in "${java_bin}jdeps" "${java_bin}jlink" "${java_bin}jpackage" dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || {
    echo "deb: $tool is missing (jdeps, jlink and jpackage come with a JDK 17+; apt-get install fakeroot dpkg-dev)" >&2
    exit 1
  }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jpki-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
app=$work/$name

# The modules the jars use (jdeps), and jdk.crypto.ec, which jdeps cannot see: the JDK's EC keys
# and TLS curves are a service of it.
modules=$("${java_bin}jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  "$app"/lib/*.jar)
modules=$modules,jdk.crypto.ec
echo "deb: runtime modules $modules"
# No --generate-cds-archive: postinst's archive holds the JDK's classes that jpki uses too, and
# a JVM given an archive that it cannot map uses none, not the runtime's (2 x 11 MB unused).
# No --compress: the package's own compression does better on the plain modules file.
"${java_bin}jlink" --add-modules "$modules" --output "$work/runtime" --strip-debug \
  --no-header-files --no-man-pages

# The application folder: the jars, and the licences beside them.
input=$work/input
mkdir -p "$input"
cp "$app"/lib/*.jar "$input/"
cp -r "$app/licenses" "$input/licenses"

# The launcher's JVM options: the cli= and agent= lines of jvm-options.properties, as the
# archive's bin/jpki has them (the build writes them there from that file).
jvm_cli=$(sed -n "s/^jvm_cli='\(.*\)'\$/\1/p" "$app/bin/jpki")
jvm_agent=$(sed -n "s/^jvm_agent='\(.*\)'\$/\1/p" "$app/bin/jpki")
[ -n "$jvm_cli" ] && [ -n "$jvm_agent" ] ||
  { echo "deb: no jvm_cli or jvm_agent line in $app/bin/jpki" >&2; exit 1; }
main_jar=cli-$version.jar
[ -f "$input/$main_jar" ] || { echo "deb: $main_jar is missing from $app/lib" >&2; exit 1; }

# Debian's copyright file: ours, the runtime's, and each bundled component's (THIRD-PARTY.txt).
resources=$work/resources
mkdir -p "$resources"
runtime_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$work/runtime/release")
{
  cat <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: jpki4j
Comment: jpki, the My Number Card for SSH and signing, with the Java runtime it runs on.

Files: *
Copyright: 2026 the jpki4j authors
License: Apache-2.0

Files: usr/lib/jpki/runtime/*
Copyright: Oracle and/or its affiliates, and the OpenJDK contributors
License: GPL-2.0-with-classpath-exception
Comment: OpenJDK $runtime_version, trimmed with jlink. Its licence and the notices of its parts
 are in /usr/lib/jpki/runtime/legal/. Its source is OpenJDK's (https://openjdk.org), or the
 openjdk source package of the distribution it was taken from.

Files: usr/lib/jpki/app/*
Copyright: the authors each component's own licence file names (/usr/lib/jpki/app/licenses/)
License: Apache-2.0 and MIT and CC0-1.0
Comment: The third-party jars and their licences (each compatible with Apache-2.0), from
 /usr/lib/jpki/app/licenses/THIRD-PARTY.txt; their own LICENSE and NOTICE files are in
 /usr/lib/jpki/app/licenses/.
EOF
  sed -n 's/^ *(/ (/p' "$app/licenses/THIRD-PARTY.txt"
  printf '\nLicense: Apache-2.0\n'
  sed -e 's/^$/./' -e 's/^/ /' "$app/licenses/LICENSE"
  printf '\nLicense: MIT\n The Bouncy Castle Licence: %s\n' \
    "/usr/lib/jpki/app/licenses/bc*-jar/META-INF/LICENSE.md"
  printf '\nLicense: CC0-1.0\n %s\n' "https://creativecommons.org/publicdomain/zero/1.0/legalcode"
  printf '\nLicense: GPL-2.0-with-classpath-exception\n %s\n' \
    "/usr/lib/jpki/runtime/legal/java.base/LICENSE and ASSEMBLY_EXCEPTION"
} >"$resources/copyright"

# The maintainer scripts (jpackage's resource names): postinst writes the class-data archive,
# prerm deletes it, so that dpkg -r leaves no file behind.
app_dir=/usr/lib/jpki/app
cat >"$resources/postinst" <<EOF
#!/bin/sh
# postinst of jpki: the class-data archive of jpki's classes, $app_dir/jpki.jsa, made at the
# paths the launcher runs them from. jpki works without it (slower): a failure is reported, and
# the installation goes on.
set -e
# The classes of the common first commands, each class once (without the lists' own ids: each
# list numbers from 0), dumped through the launcher itself: its options, its class path, and the
# SharedArchiveFile it names. jpki.cds.training: each run also builds every command's picocli
# model, which --help and ssh-key themselves do without.
make_archive() (
  export HOME="\$work" XDG_CACHE_HOME="\$work/cache" XDG_CONFIG_HOME="\$work/config"
  train="-Xshare:off -Djpki.cds.training=true -XX:DumpLoadedClassList=\$work"
  JPKI_JAVA_OPTS="\$train/1.classlist" /usr/bin/jpki --version &&
    JPKI_JAVA_OPTS="\$train/2.classlist" /usr/bin/jpki --help &&
    JPKI_JAVA_OPTS="\$train/3.classlist" /usr/bin/jpki --simulator="\$work/card" ssh-key &&
    cat "\$work"/*.classlist | grep -v '^#' | sed 's/ id: [0-9]*\$//' |
    awk '!seen[\$0]++' >"\$work/jpki.classlist" &&
    JPKI_JAVA_OPTS="-Xshare:dump -XX:SharedClassListFile=\$work/jpki.classlist" \\
      /usr/bin/jpki --version &&
    test -s $app_dir/jpki.jsa
)
case "\$1" in
  configure)
    rm -f $app_dir/jpki.jsa
    work=\$(mktemp -d)
    trap 'rm -rf "\$work"' EXIT
    if ! make_archive >"\$work/log" 2>&1; then
      rm -f $app_dir/jpki.jsa
      tail -n 20 "\$work/log" >&2
      echo "jpki: could not write the class-data archive $app_dir/jpki.jsa; jpki works without it, but starts slower" >&2
    fi
    ;;
  abort-upgrade | abort-remove | abort-deconfigure) ;;
  *)
    echo "postinst called with unknown argument '\$1'" >&2
    exit 1
    ;;
esac
exit 0
EOF
cat >"$resources/prerm" <<EOF
#!/bin/sh
# prerm of jpki: the class-data archive postinst wrote is no file of the package's.
set -e
case "\$1" in
  remove | upgrade | deconfigure | failed-upgrade) rm -f $app_dir/jpki.jsa ;;
  *)
    echo "prerm called with unknown argument '\$1'" >&2
    exit 1
    ;;
esac
exit 0
EOF

mkdir -p "$out"
rm -f "$out"/jpki_*.deb
"${java_bin}jpackage" --type deb --name jpki --app-version "$deb_version" \
  --description "jpki: the My Number Card (JPKI) for SSH and signing" \
  --vendor jpki4j --copyright "2026 the jpki4j authors" \
  --input "$input" --main-jar "$main_jar" --main-class io.github.jpki4j.cli.Main \
  --runtime-image "$work/runtime" --resource-dir "$resources" \
  --license-file "$app/licenses/LICENSE" --linux-package-name jpki --linux-app-category utils \
  --install-dir /usr --dest "$out"
deb=$(ls "$out"/jpki_"$deb_version"*.deb)

# The launcher, in place of jpackage's (see the top), and without that launcher's other files.
raw=$work/raw
classpath=/usr/lib/jpki/app/$main_jar
for jar in "$input"/*.jar; do
  [ "${jar##*/}" = "$main_jar" ] || classpath=$classpath:/usr/lib/jpki/app/${jar##*/}
done
fakeroot sh -ec '
  raw=$1 deb=$2
  dpkg-deb -R "$deb" "$raw"
  rm -rf "$raw/usr/lib/jpki/lib" "$raw/usr/lib/jpki/jpki.png" "$raw/usr/lib/jpki/app/jpki.cfg" \
    "$raw/usr/bin/jpki"
' sh "$raw" "$deb"
cat >"$raw/usr/bin/jpki" <<EOF
#!/bin/sh
# jpki $version: the My Number Card for SSH and signing, from its Debian package. Runs the
# package's own Java runtime with jpki's JVM options (jvm-options.properties: cli=, and agent= for
# \`jpki agent\`) and the class-data archive its postinst wrote. Extra JVM options: \$JPKI_JAVA_OPTS.
jvm='$jvm_cli'
for arg in "\$@"; do
  if [ "\$arg" = agent ]; then
    jvm='$jvm_agent $jvm_cli'
    break
  fi
done
JPKI_LAUNCHER=/usr/bin/jpki
export JPKI_LAUNCHER
set -f
# shellcheck disable=SC2086
exec /usr/lib/jpki/runtime/bin/java \$jvm -XX:SharedArchiveFile=$app_dir/jpki.jsa -Xlog:cds=off \\
  \${JPKI_JAVA_OPTS:-} -cp '$classpath' io.github.jpki4j.cli.Main "\$@"
EOF
chmod 755 "$raw/usr/bin/jpki"
fakeroot sh -ec '
  raw=$1 deb=$2
  cd "$raw"
  find usr -type f -exec md5sum {} + | LC_ALL=C sort -k 2 >DEBIAN/md5sums
  size=$(du -sk --apparent-size usr | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $size/" DEBIAN/control
  cd /
  dpkg-deb --root-owner-group -b "$raw" "$deb" >/dev/null
' sh "$raw" "$deb"
echo "$deb"
