#!/usr/bin/env bash
# What `jpki pdf sign` costs, printed (nothing is asserted):
#   1. APDUs, bytes on the wire and the modelled card time (docs/card-profiles.md, "Latency
#      model") of `pdf sign` against `cms sign` on the same simulated card, counted from the -v
#      trace (every command and response APDU, status word included);
#   2. wall time and peak resident memory (/usr/bin/time -v) of `pdf sign` on a 1 MB and a 100 MB
#      PDF, and the 100 MB one again with the heap capped at 64 MB (streamed: it fits);
#   3. start-up of `jpki --help` and `jpki --simulator ssh-key` before this branch (its merge base
#      with main, built in a temp dir) and now, each with its ratio to `java -version` of the same
#      run: median of N interleaved rounds.
#
# Usage: bench/pdf.sh [N]     (N start-up rounds, default 11; JPKI_BENCH_BASE=COMMIT for "before")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
n="${1:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jpki="$root/jpki"
card="$work/card"

"$jpki" --simulator="$card" sim init --profile contact-2024 >/dev/null

# A PDF of about SIZE bytes: one page showing one 8-bit grey image of random (incompressible)
# bytes, like a scan.
make_pdf() { # file size
  python3 - "$1" "$2" <<'PY'
import os, sys
path, size = sys.argv[1], int(sys.argv[2])
w = 1024
h = max(1, size // w)
data = os.urandom(w * h)
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n" % (w, h, len(data)) + data + b"\nendstream",
        b"<< /Length 30 >>\nstream\nq 612 0 0 792 0 0 cm /Im Do Q\nendstream"]
with open(path, "wb") as f:
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    f.write(out); pos = len(out); offsets = []
    for i, o in enumerate(objs):
        offsets.append(pos)
        chunk = b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
        f.write(chunk); pos += len(chunk)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    xref += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    xref += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, pos)
    f.write(xref)
PY
}

# APDUs and bytes in a -v trace: ">> CLA INS P1 P2 [N bytes: HEX] [Le=N]" and "<< [HEX] SW [t]"
count_trace() { # trace file -> "apdus bytes"
  awk '
    /^>> / {
      apdus++; b = 4
      for (i = 2; i <= NF; i++) {
        if ($i == "bytes:") { lc = $(i - 1); b += lc + (lc > 255 ? 3 : 1) }
        if ($i ~ /^Le=/) { le = substr($i, 4); b += (le > 256 ? 2 : 1) }
      }
      bytes += b
    }
    /^<< / {
      for (i = 2; i <= NF; i++) { if ($i ~ /^\[/) break; bytes += length($i) / 2 }
    }
    END { print apdus + 0, bytes + 0 }' "$1"
}

# modelled card time in ms: APDUs × per-APDU + bytes × per-byte (docs/card-profiles.md)
model() { # apdus bytes per_apdu_ms per_byte_ms
  awk -v a="$1" -v b="$2" -v pa="$3" -v pb="$4" 'BEGIN {printf "%.0f", a * pa + b * pb}'
}

echo "== 1. card traffic of one signature (simulated card, contact-2024 profile)"
echo "x" >"$work/doc.txt"
make_pdf "$work/small.pdf" 1000000
echo ABC123 | "$jpki" -v --simulator="$card" cms sign --share-personal-data --pin-stdin \
  "$work/doc.txt" 2>"$work/cms.trace" >/dev/null
echo ABC123 | "$jpki" -v --simulator="$card" pdf sign --share-personal-data --pin-stdin \
  "$work/small.pdf" -o "$work/small-signed.pdf" 2>"$work/pdf.trace" >/dev/null
printf '  %-10s %6s %8s %18s %18s\n' "" APDUs bytes "contact-2024 ms" "contactless ms"
for what in cms pdf; do
  read -r a b <<<"$(count_trace "$work/$what.trace")"
  printf '  %-10s %6s %8s %18s %18s\n' "$what sign" "$a" "$b" \
    "$(model "$a" "$b" 5.05 0.25575)" "$(model "$a" "$b" 20.83 0.104)"
done
echo "  (the model leaves out RSA on the card: one signature each, the same for both)"

echo
echo "== 2. pdf sign: wall time and peak memory"
make_pdf "$work/big.pdf" 100000000
# warm the class-data cache on a run that loads PDFBox
rm -f "$work/small-signed.pdf"
echo ABC123 | "$jpki" --simulator="$card" pdf sign --share-personal-data --pin-stdin \
  "$work/small.pdf" -o "$work/small-signed.pdf" >/dev/null 2>&1
rss() { # label input [VAR=value...]: one run under /usr/bin/time -v
  local label="$1" input="$2"; shift 2
  rm -f "$work/out.pdf"
  echo ABC123 | /usr/bin/time -v env "$@" "$jpki" --simulator="$card" pdf sign \
    --share-personal-data --pin-stdin -o "$work/out.pdf" "$input" 2>"$work/time.log" >/dev/null ||
    { tail -5 "$work/time.log"; return; }
  printf '  %-44s %8s wall %7s MB peak RSS\n' "$label" \
    "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.log")" \
    "$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$work/time.log")"
}
rss "1 MB PDF ($(stat -c %s "$work/small.pdf") bytes)" "$work/small.pdf"
rss "100 MB PDF ($(stat -c %s "$work/big.pdf") bytes)" "$work/big.pdf"
rss "100 MB PDF, JPKI_JAVA_OPTS=-Xmx64m" "$work/big.pdf" JPKI_JAVA_OPTS=-Xmx64m
rm -f "$work/big.pdf" "$work/out.pdf"

echo
echo "== 3. start-up before and after (median of $n rounds; ratio to java -version)"
base="${JPKI_BENCH_BASE:-$(git -C "$root" merge-base HEAD main)}"
mkdir "$work/before"
git -C "$root" archive "$base" | tar -x -C "$work/before"
echo "  building the tools at ${base:0:12} (before)..." >&2
"$work/before/jpki" --help >/dev/null 2>&1 || { echo "bench: the before build failed" >&2; exit 1; }
for j in "$work/before/jpki" "$jpki"; do # warm both class-data caches as the launcher does
  for _ in 1 2; do "$j" --simulator="$card" ssh-key >/dev/null; "$j" --help >/dev/null; done
done
. "$root/bench/paired.sh" # median, bench
rows=(
  "java -version"$'\t'"java -version"
  "before: jpki --help"$'\t'"$work/before/jpki --help"
  "after:  jpki --help"$'\t'"$jpki --help"
  "before: jpki --simulator ssh-key"$'\t'"$work/before/jpki --simulator=$card ssh-key"
  "after:  jpki --simulator ssh-key"$'\t'"$jpki --simulator=$card ssh-key"
)
bench "${rows[@]}"
