#!/usr/bin/env bash
# One-shot query latency: runs `./ctcr query -x INDEX THEME` RUNS times (after one untimed run) and prints the
# median wall-clock and CPU (user + system) seconds, with the load average. Without INDEX, indexes the example
# recordings into bench-work/latency-index first.
#   scripts/query-latency.sh [INDEX [THEME [RUNS]]]
set -euo pipefail
cd "$(dirname "$0")/.."
index="${1:-bench-work/latency-index}"
theme="${2:-testdata/src/main/resources/themes/beethoven5_op67_opening.musicxml}"
runs="${3:-9}"
export CTCR_JAVA_OPTS="${CTCR_JAVA_OPTS:--Xmx3g}"
if [[ ! -d "$index" ]]; then
  echo "indexing the example recordings into $index" >&2
  ./ctcr index -i "${CTCR_SHARED:-../shared}/ctc_chroma/audio" -x "$index" --no-progress >&2
fi
./ctcr query -x "$index" "$theme" >/dev/null # builds the jar and the start-up archive if needed
times=()
TIMEFORMAT='%R %U %S'
for ((i = 0; i < runs; i++)); do
  t=$( { time ./ctcr query -x "$index" "$theme" >/dev/null 2>&1; } 2>&1 )
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  { wall[NR] = $1; cpu[NR] = $2 + $3 }
  END {
    n = asorti_free_sort(cpu, NR)
    printf "ctcr query: median %.2f s wall, %.2f s CPU (user+sys) over %d runs; min %.2f s wall; load average %s\n",
      wall[int((NR + 1) / 2)], cpu[int((NR + 1) / 2)], runs, wall[1], load
  }
  function asorti_free_sort(a, n,   i, j, t) { # insertion sort (mawk has no asort)
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n
  }'
