#!/usr/bin/env bash
# jpki against OpenSC on the same (virtual) card in a real PC/SC stack: APDUs and bytes on the wire
# (counted by `jpki sim serve`'s vpcd bridge) for reading the auth key/certificate and for one
# signature with the PIN, and the median wall time of N runs of `./jpki --reader 0 ssh-key`
# against `ssh-keygen -D <opensc-pkcs11.so>`.
#
# Starts its own `pcscd --foreground` and `./jpki sim serve` (a fresh card in a temporary
# directory) and stops both by PID on exit. Needs pcscd, vsmartcard-vpcd, opensc, pcsc-tools and
# ssh-keygen; refuses to run while another pcscd is running. Usage: bench/pcsc.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-10}"
jpki="$root/jpki"

die() { echo "pcsc.sh: $*" >&2; exit 1; }

find_tool() { # name: prints its path or dies
  local p
  for p in /usr/sbin/"$1" /usr/local/sbin/"$1" /sbin/"$1"; do
    [ -x "$p" ] && { echo "$p"; return; }
  done
  command -v "$1" || die "$1 not found (Debian: apt-get install pcscd vsmartcard-vpcd opensc pcsc-tools)"
}
pcscd_bin="$(find_tool pcscd)"
for t in pcsc_scan pkcs11-tool pkcs15-tool ssh-keygen; do find_tool "$t" >/dev/null; done

module=""
for dir in /usr/lib/*-linux-* /usr/lib64 /usr/lib /usr/local/lib /opt/homebrew/lib; do
  for name in opensc-pkcs11.so pkcs11/opensc-pkcs11.so; do
    if [ -z "$module" ] && [ -f "$dir/$name" ]; then module="$dir/$name"; fi
  done
done
[ -n "$module" ] || die "opensc-pkcs11.so not found (Debian: apt-get install opensc-pkcs11)"

for pid in $(pgrep -x pcscd || true); do
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo X)"
  if [ "$state" != Z ] && [ "$state" != X ]; then
    die "another pcscd is running (pid $pid): stop it first; this script starts its own"
  fi
done

work="$(mktemp -d)"
pcscd_pid=""
serve_pid=""
cleanup() {
  exec 3>&- 2>/dev/null || true
  for pid in $serve_pid $pcscd_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Build first (./jpki does it on first use), outside the measurements. A class-data archive
# older than the jar no longer matches it and would be ignored silently: make a new one.
"$jpki" --version >/dev/null
target="$root/tools/target"
if [ -f "$target/jpki.jsa" ] && [ "$target/tools.jar" -nt "$target/jpki.jsa" ]; then
  rm -f "$target/jpki.jsa"
fi

mkdir -p /run/pcscd 2>/dev/null || true
"$pcscd_bin" --foreground >"$work/pcscd.log" 2>&1 </dev/null &
pcscd_pid=$!
for _ in $(seq 100); do
  [ -S /run/pcscd/pcscd.comm ] && break
  kill -0 "$pcscd_pid" 2>/dev/null || die "pcscd exited: $(cat "$work/pcscd.log")"
  sleep 0.1
done

mkfifo "$work/control"
JPKI_CDS=0 "$jpki" --simulator="$work/card" sim serve --connect-timeout 20 \
  <"$work/control" >"$work/serve.out" 2>"$work/serve.log" &
serve_pid=$!
exec 3>"$work/control"

card_in_reader() {
  pcsc_scan -n -c 2>/dev/null | awk '/Reader 0: Virtual PCD 00 00/{r=1; next} /Reader [0-9]+:/{r=0}
    r && /Card inserted/{found=1} END{exit !found}'
}
for i in $(seq 600); do
  card_in_reader && break
  kill -0 "$serve_pid" 2>/dev/null || die "jpki sim serve exited: $(cat "$work/serve.log")"
  [ "$i" = 600 ] && die "no card in 'Virtual PCD 00 00' after 60 s: $(tail -5 "$work/serve.log")"
  sleep 0.1
done

control() { # command: prints serve's one-line answer
  local before lines
  before=$(wc -l <"$work/serve.out")
  echo "$1" >&3
  for _ in $(seq 200); do
    lines=$(wc -l <"$work/serve.out")
    if [ "$lines" -gt "$before" ]; then sed -n "$((before + 1))p" "$work/serve.out"; return; fi
    sleep 0.02
  done
  die "jpki sim serve did not answer '$1'"
}

declare -A apdus to from
count() { # label, command...: the bridge's counts for one run of the command
  local label="$1" line a t f
  shift
  line="$(control reset-stats)"
  "$@" >/dev/null 2>&1 || die "failed: $*"
  line="$(control stats)" # "stats: 3 APDUs, 29 bytes to the card, 880 bytes from the card"
  read -r a t f < <(echo "$line" | sed -E \
    's/^stats: ([0-9]+) APDUs?, ([0-9]+) bytes to the card, ([0-9]+) bytes from the card.*/\1 \2 \3/')
  apdus[$label]=$a; to[$label]=$t; from[$label]=$f
}

echo 'app default { framework pkcs15 { } }' >"$work/opensc.conf"
export OPENSC_CONF="$work/opensc.conf" # no forced driver: OpenSC probes the card as usual
printf 'signed for the benchmark\n' >"$work/data.txt"
echo 1234 >"$work/pin"

"$jpki" --reader 0 ssh-key >/dev/null # warm-up: writes the class-data archive if missing

count jpki_cert "$jpki" --reader 0 cert auth
count jpki_sshkey "$jpki" --reader 0 ssh-key
count opensc_sshkeygen ssh-keygen -D "$module"
count opensc_readcert pkcs15-tool --read-certificate 1
count jpki_sign sh -c "'$jpki' --reader 0 sign -n file --pin-stdin '$work/data.txt' <'$work/pin'"
count opensc_sign pkcs11-tool --module "$module" --slot-index 0 --login --pin 1234 \
  --sign --mechanism SHA256-RSA-PKCS --id 01 -i "$work/data.txt" -o "$work/data.p11sig"

echo "APDUs and bytes on the wire (counted by the vpcd bridge; bytes = command + response with SW)"
printf '%-52s %6s %9s %9s %9s\n' "" APDUs "to card" "from card" "total"
line() { # label title
  printf '%-52s %6d %9d %9d %9d\n' "$2" "${apdus[$1]}" "${to[$1]}" "${from[$1]}" \
    "$((${to[$1]} + ${from[$1]}))"
}
ratio() { # jpki-label opensc-label title
  printf '%-52s %6s %9s %9s %9s\n' "$3" \
    "$(awk -v a="${apdus[$2]}" -v b="${apdus[$1]}" 'BEGIN{printf "%.1fx", a/b}')" "" "" \
    "$(awk -v a="$((${to[$2]} + ${from[$2]}))" -v b="$((${to[$1]} + ${from[$1]}))" \
      'BEGIN{printf "%.1fx", a/b}')"
}
line jpki_cert "read the auth certificate: jpki --reader 0 cert auth"
line jpki_sshkey "auth key line: jpki --reader 0 ssh-key"
line opensc_sshkeygen "OpenSC: ssh-keygen -D opensc-pkcs11.so"
line opensc_readcert "OpenSC: pkcs15-tool --read-certificate 1"
ratio jpki_sshkey opensc_sshkeygen "  OpenSC (ssh-keygen -D) / jpki (ssh-key)"
line jpki_sign "one signature with the PIN: jpki sign --pin-stdin"
line opensc_sign "OpenSC: pkcs11-tool --login --sign"
ratio jpki_sign opensc_sign "  OpenSC (pkcs11-tool --sign) / jpki (sign)"

median_ms() { # command...
  local times=() t0 t1
  for _ in $(seq "$n"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
echo
echo "Wall time, median of $n runs ($(java -version 2>&1 | head -1); $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
jt=$(median_ms "$jpki" --reader 0 ssh-key)
ot=$(median_ms ssh-keygen -D "$module")
ht=$(median_ms "$jpki" --help)
ft=$(median_ms java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)
printf '%-52s %6s ms\n' "./jpki --reader 0 ssh-key" "$jt"
printf '%-52s %6s ms\n' "ssh-keygen -D opensc-pkcs11.so" "$ot"
printf '%-52s %6s ms\n' "./jpki --help (no card: the launcher's floor)" "$ht"
printf '%-52s %6s ms\n' "java -version (the JVM's floor)" "$ft"
printf '%-52s %6s\n' "  jpki / OpenSC" "$(awk -v a="$jt" -v b="$ot" 'BEGIN{printf "%.1fx", a/b}')"
