#!/usr/bin/env bash
# jpki against OpenSC on the same (virtual) card in a real PC/SC stack, for two card profiles
# (contact-2024 and contactless), each on a fresh card:
#   - APDUs and bytes on the wire (counted by `jpki sim serve`'s vpcd bridge) and the modelled card
#     time (docs/card-profiles.md, "Latency model") for exporting the auth key
#     (`jpki ssh-key` vs `ssh-keygen -D opensc-pkcs11.so`) and for one signature with the PIN
#     (`jpki sign --pin-stdin` vs `pkcs11-tool --login --sign`), with the ratio OpenSC / jpki;
#   - APDUs per agent login after the first: `jpki agent` signs through `ssh-keygen -Y sign`
#     once (it reads the key and asks for the PIN), then N more times, counted;
#   - on the contact profile, the median wall time of N runs of `./jpki --reader 0 ssh-key`
#     against `ssh-keygen -D <opensc-pkcs11.so>`;
# and says whether the issue's aims are met.
#
# Starts its own `pcscd --foreground` and `./jpki sim serve` (fresh cards in a temporary directory)
# and stops everything it started by PID on exit. Needs pcscd, vsmartcard-vpcd, opensc, pcsc-tools
# and ssh-keygen; refuses to run while another pcscd is running. Usage: bench/pcsc.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-10}"
jpki="$root/jpki"
profiles=(contact-2024 contactless)

die() { echo "pcsc.sh: $*" >&2; exit 1; }
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number (usage: bench/pcsc.sh [N])"

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

# The latency model of docs/card-profiles.md (the same rule as jpki-applet's LatencyModel), from
# its stated inputs: per byte 11 etu; per APDU a fixed round trip plus 8 framing bytes.
#   contact-2024: etu = Fi / (Di × f) with TA1=13 (Fi=372, Di=4) and f = 4 MHz; round trip 3 ms.
#   contactless:  etu = 128 / 13.56 MHz (ISO 14443 Type B, 106 kbit/s); round trip 20 ms.
declare -A etu_us round_us per_byte_us per_apdu_us etu_how
etu_us[contact-2024]=$(awk 'BEGIN{printf "%.6f", 372 / (4 * 4e6) * 1e6}')
etu_how[contact-2024]="372 / (4 × 4 MHz)"
round_us[contact-2024]=3000
etu_us[contactless]=$(awk 'BEGIN{printf "%.6f", 128 / 13.56e6 * 1e6}')
etu_how[contactless]="128 / 13.56 MHz"
round_us[contactless]=20000
for p in "${profiles[@]}"; do
  per_byte_us[$p]=$(awk -v e="${etu_us[$p]}" 'BEGIN{printf "%.6f", 11 * e}')
  per_apdu_us[$p]=$(awk -v r="${round_us[$p]}" -v b="${per_byte_us[$p]}" \
    'BEGIN{printf "%.6f", r + 8 * b}')
done

work="$(mktemp -d)"
pcscd_pid=""
serve_pid=""
agent_pid=""
stop_pid() { # pid: TERM, wait up to 5 s, then KILL
  local pid="$1"
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  exec 3>&- 2>/dev/null || true
  for pid in $agent_pid $serve_pid $pcscd_pid; do stop_pid "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT

# Build first (./jpki does it on first use), outside the measurements. A class-data archive
# older than the jar no longer matches it and would be ignored silently: make a new one.
"$jpki" --version >/dev/null
target="$root/tools/cli/target"
if [ -f "$target/jpki.jsa" ] && [ "$target/cli.jar" -nt "$target/jpki.jsa" ]; then
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

card_in_reader() {
  pcsc_scan -n -c 2>/dev/null | awk '/Reader 0: Virtual PCD 00 00/{r=1; next} /Reader [0-9]+:/{r=0}
    r && /Card inserted/{found=1} END{exit !found}'
}

serve_out=""
start_card() { # profile: a fresh card with this profile, served in 'Virtual PCD 00 00'
  local card="$work/card-$1" i
  "$jpki" --simulator="$card" sim init --profile "$1" >"$work/init-$1.out" 2>&1 \
    || die "sim init --profile $1 failed: $(cat "$work/init-$1.out")"
  serve_out="$work/serve-$1.out"
  rm -f "$work/control"
  mkfifo "$work/control"
  JPKI_CDS=0 "$jpki" --simulator="$card" sim serve --connect-timeout 20 \
    <"$work/control" >"$serve_out" 2>"$work/serve-$1.log" &
  serve_pid=$!
  exec 3>"$work/control"
  for i in $(seq 600); do
    card_in_reader && break
    kill -0 "$serve_pid" 2>/dev/null || die "jpki sim serve exited: $(cat "$work/serve-$1.log")"
    [ "$i" = 600 ] && die "no card in 'Virtual PCD 00 00' after 60 s: $(tail -5 "$work/serve-$1.log")"
    sleep 0.1
  done
}
stop_card() { # stop serve by PID (quit first) and wait until the reader is empty
  local i
  echo quit >&3 2>/dev/null || true
  exec 3>&-
  for _ in $(seq 50); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  stop_pid "$serve_pid"
  serve_pid=""
  for i in $(seq 100); do
    card_in_reader || return 0
    sleep 0.1
  done
  die "the card stayed in 'Virtual PCD 00 00' after jpki sim serve stopped"
}

control() { # command: prints serve's one-line answer
  local before lines
  before=$(wc -l <"$serve_out")
  echo "$1" >&3
  for _ in $(seq 200); do
    lines=$(wc -l <"$serve_out")
    if [ "$lines" -gt "$before" ]; then sed -n "$((before + 1))p" "$serve_out"; return; fi
    sleep 0.02
  done
  die "jpki sim serve did not answer '$1'"
}

declare -A apdus to from
take() { # key: the bridge's counts since the last reset-stats
  local line a t f
  line="$(control stats)" # "stats: 3 APDUs, 29 bytes to the card, 880 bytes from the card"
  read -r a t f < <(echo "$line" | sed -E \
    's/^stats: ([0-9]+) APDUs?, ([0-9]+) bytes to the card, ([0-9]+) bytes from the card.*/\1 \2 \3/')
  [[ "$a" =~ ^[0-9]+$ ]] || die "unexpected answer to 'stats': $line"
  apdus[$1]=$a; to[$1]=$t; from[$1]=$f
}
count() { # key, command...: the bridge's counts for one run of the command (its stdout: $work/out)
  local key="$1"
  shift
  control reset-stats >/dev/null
  "$@" >"$work/out" 2>"$work/err" || die "failed: $* ($(tail -3 "$work/err"))"
  take "$key"
}

echo 'app default { framework pkcs15 { } }' >"$work/opensc.conf"
export OPENSC_CONF="$work/opensc.conf" # no forced driver: OpenSC probes the card as usual
printf 'signed for the benchmark\n' >"$work/data.txt"
echo 1234 >"$work/pin"
# A pinentry for the agent that answers GETPIN with the test PIN (as bench/agent.sh uses).
pinentry="$root/bench/agent/fake-pinentry"
[ -x "$pinentry" ] || die "$pinentry missing or not executable"

agent_sign() { # socket, key file: one SSHSIG signature of data.txt through the agent
  SSH_AUTH_SOCK="$1" ssh-keygen -Y sign -n file -f "$2" <"$work/data.txt" >"$work/agent.sig" \
    2>"$work/agent-sign.err" || die "ssh-keygen -Y sign through the agent: $(cat "$work/agent-sign.err")"
}

median_ms() { # command...
  local times=() t0 t1
  for _ in $(seq "$n"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>"$work/err" || die "failed: $* ($(tail -3 "$work/err"))"
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

measure() { # profile: all counts on a fresh card with this profile (keys "$profile/what")
  local p="$1" sock="$work/agent-$1.sock" i
  start_card "$p"
  # Warm-up, not counted: the first run writes the class-data archive (with the PC/SC classes).
  "$jpki" --reader 0 ssh-key >/dev/null

  count "$p/jpki_cert" "$jpki" --reader 0 cert auth
  count "$p/jpki_sshkey" "$jpki" --reader 0 ssh-key
  cp "$work/out" "$work/key-$p.pub"
  count "$p/opensc_sshkeygen" ssh-keygen -D "$module"
  count "$p/opensc_readcert" pkcs15-tool --read-certificate 1
  rm -f "$work/data.txt.sig"
  count "$p/jpki_sign" sh -c "'$jpki' --reader 0 sign -n file --pin-stdin '$work/data.txt' <'$work/pin'"
  count "$p/opensc_sign" pkcs11-tool --module "$module" --slot-index 0 --login --pin 1234 \
    --sign --mechanism SHA256-RSA-PKCS --id 01 -i "$work/data.txt" -o "$work/data.p11sig"

  # The agent: the first signature connects, reads the key and asks for the PIN; the next ones
  # should cost only the signature itself. Its PID is the JVM's (./jpki execs).
  control reset-stats >/dev/null
  "$jpki" --reader 0 agent -D -a "$sock" --pinentry "$pinentry" \
    >"$work/agent-$p.out" 2>"$work/agent-$p.err" &
  agent_pid=$!
  for i in $(seq 300); do
    [ -S "$sock" ] && break
    kill -0 "$agent_pid" 2>/dev/null || die "jpki agent exited: $(cat "$work/agent-$p.err")"
    [ "$i" = 300 ] && die "jpki agent did not bind $sock within 15 s"
    sleep 0.05
  done
  agent_sign "$sock" "$work/key-$p.pub"
  take "$p/agent_first"
  control reset-stats >/dev/null
  for _ in $(seq "$n"); do agent_sign "$sock" "$work/key-$p.pub"; done
  take "$p/agent_next"
  ssh-keygen -Y check-novalidate -n file -s "$work/agent.sig" <"$work/data.txt" >/dev/null 2>&1 \
    || die "the agent's last signature does not verify"
  stop_pid "$agent_pid"
  agent_pid=""

  if [ "$p" = contact-2024 ]; then
    wall_jpki=$(median_ms "$jpki" --reader 0 ssh-key)
    wall_opensc=$(median_ms ssh-keygen -D "$module")
  fi
  stop_card
}

for p in "${profiles[@]}"; do measure "$p"; done
wall_help=$(median_ms "$jpki" --help)
wall_java=$(median_ms java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)

# ---- report ----
ms() { # profile key [divisor]: modelled card time in ms
  awk -v a="${apdus[$1/$2]}" -v b="$((${to[$1/$2]} + ${from[$1/$2]}))" -v d="${3:-1}" \
    -v pa="${per_apdu_us[$1]}" -v pb="${per_byte_us[$1]}" \
    'BEGIN{printf "%.1f", (a * pa + b * pb) / 1000 / d}'
}
div() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b == 0) print "-"; else printf "%.1fx", a / b }'; }
fmt='%-46s %7s %9s %9s %9s %10s\n'
row() { # profile key title [divisor]
  local d="${4:-1}"
  printf "$fmt" "$3" \
    "$(awk -v x="${apdus[$1/$2]}" -v d="$d" 'BEGIN{printf (d == 1 ? "%d" : "%.1f"), x / d}')" \
    "$(awk -v x="${to[$1/$2]}" -v d="$d" 'BEGIN{printf "%d", x / d + 0.5}')" \
    "$(awk -v x="${from[$1/$2]}" -v d="$d" 'BEGIN{printf "%d", x / d + 0.5}')" \
    "$(awk -v x="$((${to[$1/$2]} + ${from[$1/$2]}))" -v d="$d" 'BEGIN{printf "%d", x / d + 0.5}')" \
    "$(ms "$1" "$2" "$d")"
}
ratio() { # profile jpki-key opensc-key title
  printf "$fmt" "$4" "$(div "${apdus[$1/$3]}" "${apdus[$1/$2]}")" "" "" \
    "$(div "$((${to[$1/$3]} + ${from[$1/$3]}))" "$((${to[$1/$2]} + ${from[$1/$2]}))")" \
    "$(div "$(ms "$1" "$3")" "$(ms "$1" "$2")")"
}

echo "jpki vs OpenSC $(opensc-tool --info 2>/dev/null | head -1 | cut -d' ' -f2) on the virtual card (jpki sim serve) in pcscd"
echo "APDUs and bytes counted by the vpcd bridge (bytes = command + response with SW, both ways)."
echo "Modelled card time = APDUs × per-APDU + bytes × per-byte (docs/card-profiles.md; RSA on the card"
echo "not modelled; per byte 11 etu; per APDU round trip + 8 framing bytes):"
for p in "${profiles[@]}"; do
  awk -v p="$p" -v e="${etu_us[$p]}" -v how="${etu_how[$p]}" -v r="${round_us[$p]}" \
    -v b="${per_byte_us[$p]}" -v a="${per_apdu_us[$p]}" 'BEGIN{
    printf "  %-13s %.3f ms per APDU + %.2f µs per byte  (etu %s = %.2f µs; round trip %g ms)\n",
      p, a / 1000, b, how, e, r / 1000 }'
done
for p in "${profiles[@]}"; do
  echo
  echo "== $p (fresh card) =="
  printf "$fmt" "" APDUs "to card" "from card" "bytes" "model ms"
  row "$p" jpki_cert "read the auth cert: jpki cert auth"
  row "$p" opensc_readcert "OpenSC: pkcs15-tool --read-certificate 1"
  row "$p" jpki_sshkey "export the key: jpki --reader 0 ssh-key"
  row "$p" opensc_sshkeygen "OpenSC: ssh-keygen -D opensc-pkcs11.so"
  ratio "$p" jpki_sshkey opensc_sshkeygen "  OpenSC / jpki"
  row "$p" jpki_sign "sign with the PIN: jpki sign --pin-stdin"
  row "$p" opensc_sign "OpenSC: pkcs11-tool --login --sign"
  ratio "$p" jpki_sign opensc_sign "  OpenSC / jpki"
  row "$p" agent_first "jpki agent, first login (key, PIN, sign)"
  row "$p" agent_next "jpki agent, per login after the first" "$n"
  printf '  (%d logins: %d APDUs, %d bytes in all; each is one ssh-keygen -Y sign via the agent)\n' \
    "$n" "${apdus[$p/agent_next]}" "$((${to[$p/agent_next]} + ${from[$p/agent_next]}))"
done

echo
echo "Wall time on contact-2024, median of $n runs ($(java -version 2>&1 | head -1); $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
printf '%-46s %7s ms\n' "./jpki --reader 0 ssh-key" "$wall_jpki"
printf '%-46s %7s ms\n' "ssh-keygen -D opensc-pkcs11.so" "$wall_opensc"
printf '%-46s %7s ms\n' "./jpki --help (no card: the launcher's floor)" "$wall_help"
printf '%-46s %7s ms\n' "java -version (the JVM's floor)" "$wall_java"
printf '%-46s %7s\n' "  jpki / OpenSC" "$(div "$wall_jpki" "$wall_opensc")"

echo
echo "Aims (from the issue):"
j="$(ms contact-2024 jpki_sshkey)"
o="$(ms contact-2024 opensc_sshkeygen)"
met="$(awk -v j="$j" -v o="$o" 'BEGIN{print (3 * j <= o) ? "MET" : "NOT MET"}')"
printf '  %-7s modelled time of jpki ssh-key <= 1/3 of OpenSC ssh-keygen -D on contact-2024:\n' "$met"
printf '          %s ms vs %s ms, jpki = %s of OpenSC (aim <= 0.333)\n' "$j" "$o" \
  "$(awk -v j="$j" -v o="$o" 'BEGIN{printf "%.3f", j / o}')"
all=MET
detail=""
for p in "${profiles[@]}"; do
  per="$(awk -v a="${apdus[$p/agent_next]}" -v d="$n" 'BEGIN{printf "%.1f", a / d}')"
  awk -v a="${apdus[$p/agent_next]}" -v d="$n" 'BEGIN{exit !(a <= 2 * d)}' || all="NOT MET"
  detail+="${detail:+, }$p $per"
done
printf '  %-7s <= 2 APDUs per agent login after the first: %s APDUs per login\n' "$all" "$detail"
