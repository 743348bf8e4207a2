#!/usr/bin/env bash
# The jpki agent against OpenSSH's ssh-agent: median wall time of N `ssh … true` logins to a
# private sshd on 127.0.0.1 through each (jpki on the simulated card, ssh-agent with a plain
# RSA-2048 key file), their ratio, and the jpki agent's resident memory (VmRSS) idle, after 1,000
# signatures and after 1,000 more. Extra JVM options for the agent: JPKI_JAVA_OPTS.
# Usage: bench/agent.sh [N]   (needs /usr/sbin/sshd, ssh, ssh-agent, ssh-add, ssh-keygen, python3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
here="$root/bench/agent"
n="${1:-10}"
tmp="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_for() { # description, test command...
  local what="$1"; shift
  for _ in $(seq 300); do
    if "$@" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench/agent.sh: $what did not come up within 15 s" >&2
  exit 1
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# The card (the launcher builds the tools first if needed) and a plain key for ssh-agent.
"$root/jpki" --simulator="$tmp/card" ssh-key > "$tmp/authorized_keys"
ssh-keygen -q -t rsa -b 2048 -N '' -C bench-plain-key -f "$tmp/id_rsa"
cat "$tmp/id_rsa.pub" >> "$tmp/authorized_keys"

# A private sshd on a free port of 127.0.0.1.
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$tmp/host_key"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat > "$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
CONF
echo "[127.0.0.1]:$port $(cat "$tmp/host_key.pub")" > "$tmp/known_hosts"
/usr/sbin/sshd -D -e -f "$tmp/sshd_config" 2> "$tmp/sshd.log" &
pids+=($!)
wait_for "sshd" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"

# The jpki agent on the simulated card, in the foreground (its PID is the JVM's: ./jpki execs).
"$root/jpki" --simulator="$tmp/card" agent -D -a "$tmp/jpki.sock" \
  --pinentry "$here/fake-pinentry" > "$tmp/jpki-agent.out" 2> "$tmp/jpki-agent.err" &
jpki_pid=$!
pids+=("$jpki_pid")
wait_for "the jpki agent" test -S "$tmp/jpki.sock"

# OpenSSH's agent with the plain key.
ssh-agent -D -a "$tmp/openssh.sock" > /dev/null &
pids+=($!)
wait_for "ssh-agent" test -S "$tmp/openssh.sock"
SSH_AUTH_SOCK="$tmp/openssh.sock" ssh-add -q "$tmp/id_rsa"

login() { # socket
  ssh -F /dev/null -p "$port" -o IdentityAgent="$1" -o IdentitiesOnly=no -o IdentityFile=none \
    -o UserKnownHostsFile="$tmp/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o StrictHostKeyChecking=yes -o BatchMode=yes -o LogLevel=ERROR \
    "$(id -un)@127.0.0.1" true < /dev/null
}

# Logins alternate between the two agents, so that drift in the machine's load hits both alike.
declare -A times
measure() {
  local t0 t1 sock
  for _ in $(seq "$n"); do
    for sock in "$tmp/jpki.sock" "$tmp/openssh.sock"; do
      t0=$(date +%s%N)
      login "$sock"
      t1=$(date +%s%N)
      times[$sock]+="$(( (t1 - t0) / 1000000 )) "
    done
  done
}
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

login "$tmp/jpki.sock"      # the first login asks for the PIN (fake pinentry)
login "$tmp/openssh.sock"
rss_idle="$(rss_kb "$jpki_pid")"
# The simulated card computes RSA in Java: let the JIT see it before timing (a real card's own
# signing time would stand in its place).
python3 "$here/sign-loop.py" "$tmp/jpki.sock" 200 > /dev/null
measure
jpki_ms="$(median "${times[$tmp/jpki.sock]}")"
openssh_ms="$(median "${times[$tmp/openssh.sock]}")"

echo "median of $n logins each, alternating (ssh … true to sshd on 127.0.0.1), $(java -version 2>&1 | head -1)"
printf '%-40s %6s ms\n' "jpki agent (simulated card)" "$jpki_ms"
printf '%-40s %6s ms\n' "OpenSSH ssh-agent (RSA-2048 key file)" "$openssh_ms"
awk -v a="$jpki_ms" -v b="$openssh_ms" 'BEGIN {printf "%-40s %6.2f\n", "ratio jpki / ssh-agent", a / b}'
echo "jpki agent VmRSS (JPKI_JAVA_OPTS='${JPKI_JAVA_OPTS:-}'):"
printf '  %-38s %6d MB\n' "idle, after the first logins" $(( rss_idle / 1024 ))
for round in 1 2; do
  python3 "$here/sign-loop.py" "$tmp/jpki.sock" 1000 > "$tmp/sign-loop.out"
  printf '  %-38s %6d MB   (%s)\n' "after $((round * 1000)) signatures" \
    $(( $(rss_kb "$jpki_pid") / 1024 )) "$(cat "$tmp/sign-loop.out")"
done
