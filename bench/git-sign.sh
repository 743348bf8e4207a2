#!/usr/bin/env bash
# Per-commit time of `git commit -S` with the card's key, set up by `jpki git-setup` both ways:
# through a running `jpki agent` (OpenSSH's own ssh-keygen signs via SSH_AUTH_SOCK: no JVM per
# commit), and with gpg.ssh.program = jpki (a JVM per commit). Simulated card; the PIN comes from
# a fake pinentry (bench/agent/fake-pinentry), so no human time is counted. Commits of the two
# ways are timed in separate blocks (the simulated card serves one of them at a time); each row
# is the median of N commits, wall and CPU (user + system, git and all its children).
# Usage: bench/git-sign.sh [N]   (default 11; needs git, ssh-keygen)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-11}"
tmp="$(mktemp -d)"
agent_pid=

cleanup() {
  if [ -n "$agent_pid" ]; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A private HOME and git configuration; the simulated card; the fake pinentry.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" GIT_CONFIG_NOSYSTEM=1
export JPKI_SIMULATOR="$tmp/card" JPKI_PINENTRY="$root/bench/agent/fake-pinentry"
unset SSH_AUTH_SOCK SSH_AGENT_PID JPKI_READER
mkdir -p "$HOME" "$tmp/repo"
"$root/jpki" ssh-key >/dev/null # builds the tools if needed, creates the card
cd "$tmp/repo"
git init -q .
git config --global user.name Bench
git config --global user.email bench@example.jp

. "$root/bench/paired.sh" # median

# commits LABEL: N signed commits, each verified afterwards; prints the medians.
commits() {
  local wall="" cpu="" out real user sys TIMEFORMAT='%R %U %S'
  git commit -q -S --allow-empty -m warm-up # the first signature (the agent asks for the PIN)
  for i in $(seq "$n"); do
    out=$( { time git commit -q -S --allow-empty -m "commit $i" >/dev/null 2>&1; } 2>&1 )
    read -r real user sys <<<"$out"
    wall+="$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}') "
    cpu+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}') "
    git verify-commit HEAD 2>/dev/null || { echo "bench: commit $i is not verified" >&2; exit 1; }
  done
  printf '  %-52s %5s ms wall %5s ms cpu\n' "$1" "$(median <<<"$wall")" "$(median <<<"$cpu")"
  eval "$2=$(median <<<"$wall") $3=$(median <<<"$cpu")"
}

echo "git commit -S on the simulated card, median of $n commits each, $(java -version 2>&1 | head -1)"

# 1. Through the jpki agent, with stock ssh-keygen.
"$root/jpki" agent -D -a "$tmp/agent.sock" >"$tmp/agent.out" 2>"$tmp/agent.err" &
agent_pid=$!
for _ in $(seq 300); do [ -S "$tmp/agent.sock" ] && break; sleep 0.05; done
[ -S "$tmp/agent.sock" ] || { cat "$tmp/agent.err" >&2; exit 1; }
export SSH_AUTH_SOCK="$tmp/agent.sock"
"$root/jpki" git-setup | sed 's/^/    git-setup: /'
[ -z "$(git config --global --get gpg.ssh.program || true)" ] || { echo "bench: not set up for the agent" >&2; exit 1; }
commits "ssh-keygen through the jpki agent" agent_wall agent_cpu
kill "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
agent_pid=
unset SSH_AUTH_SOCK

# 2. gpg.ssh.program = jpki (./jpki here; bin/jpki of an installation does the same).
"$root/jpki" git-setup | sed 's/^/    git-setup: /'
commits "gpg.ssh.program = jpki (a JVM per commit)" jpki_wall jpki_cpu
awk -v a="$jpki_wall" -v b="$agent_wall" -v c="$jpki_cpu" -v d="$agent_cpu" \
  'BEGIN {printf "  jpki / agent: %.1fx wall, %.1fx cpu\n", a / b, c / d}'
