# Sourced by the bench scripts: timing commands in paired, interleaved rounds. Asserts nothing.

# median: the median of the numbers on standard input (separated by spaces or new lines).
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bench ROW... : each row is "label<TAB>command"; runs all rows $n times, interleaved, and prints
# each row's median wall time and median CPU time (user + system, all threads and children),
# each with its ratio to the first row's. On a loaded machine the wall time grows with the load;
# the CPU time much less, so it is the steadier of the two ratios.
bench() {
  local rows=("$@") i r out real user sys width=0
  declare -A wall=() cpu=()
  local TIMEFORMAT='%R %U %S'
  for ((i = 0; i < n; i++)); do
    for r in "${rows[@]}"; do
      out=$( { time bash -c "${r#*$'\t'}" >/dev/null 2>&1; } 2>&1 ) ||
        { echo "bench: failed: ${r#*$'\t'}" >&2; exit 1; }
      read -r real user sys <<<"$out"
      wall[$r]+="$(awk -v r="$real" 'BEGIN {printf "%d", r * 1000}') "
      cpu[$r]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}') "
    done
  done
  for r in "${rows[@]}"; do
    r=${r%%$'\t'*}
    [ "${#r}" -gt "$width" ] && width=${#r}
  done
  local wall0="" cpu0="" w c
  printf "  %-${width}s %8s %7s %8s %7s\n" "" "wall" "ratio" "cpu" "ratio"
  for r in "${rows[@]}"; do
    w=$(median <<<"${wall[$r]}")
    c=$(median <<<"${cpu[$r]}")
    [ -z "$wall0" ] && wall0=$w && cpu0=$c
    printf "  %-${width}s %5s ms %6.2fx %5s ms %6.2fx\n" "${r%%$'\t'*}" "$w" \
      "$(awk -v m="$w" -v a="$wall0" 'BEGIN {print m / a}')" "$c" \
      "$(awk -v m="$c" -v a="$cpu0" 'BEGIN {print m / a}')"
  done
}
