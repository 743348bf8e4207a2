#!/usr/bin/env bash
# The Debian package of jpki, from the release archive, with the JDK's own jpackage. Installed in
# the /usr tree (jpackage's --install-dir /usr), so that jpki is on the PATH and the copyright file
# is where Debian wants it, without maintainer scripts of our own:
#   /usr/bin/jpki               jpackage's launcher (Main, the cli= JVM options of the archive)
#   /usr/lib/jpki/app/          the archive's lib/*.jar and licenses/
#   /usr/lib/jpki/runtime/      a Java runtime trimmed by jlink to the modules lib/ needs (jdeps)
#   /usr/share/doc/jpki/copyright
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
# --generate-cds-archive: the runtime's own class-data archive, as a full JDK has, for start-up.
# No --compress: the package's own compression does better on the plain modules file.
"${java_bin}jlink" --add-modules "$modules" --output "$work/runtime" --strip-debug \
  --no-header-files --no-man-pages --generate-cds-archive

# The application folder: the jars, and the licences beside them.
input=$work/input
mkdir -p "$input"
cp "$app"/lib/*.jar "$input/"
cp -r "$app/licenses" "$input/licenses"

# The launcher's JVM options: the cli= line, as the archive's bin/jpki has it.
jvm_cli=$(sed -n "s/^jvm_cli='\(.*\)'\$/\1/p" "$app/bin/jpki")
java_options=()
for option in $jvm_cli; do
  java_options+=(--java-options "$option")
done

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

mkdir -p "$out"
rm -f "$out"/jpki_*.deb
"${java_bin}jpackage" --type deb --name jpki --app-version "$deb_version" \
  --description "jpki: the My Number Card (JPKI) for SSH and signing" \
  --vendor jpki4j --copyright "2026 the jpki4j authors" \
  --input "$input" --main-jar "cli-$version.jar" --main-class io.github.jpki4j.cli.Main \
  "${java_options[@]}" --runtime-image "$work/runtime" --resource-dir "$resources" \
  --license-file "$app/licenses/LICENSE" --linux-package-name jpki --linux-app-category utils \
  --install-dir /usr --dest "$out"
ls "$out"/jpki_"$deb_version"*.deb
