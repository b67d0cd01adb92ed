#!/usr/bin/env bash
# Retrieval benchmark on ASAP: builds the benchmark collection (ctcr bench-build), indexes it once per feature type
# (timed), evaluates every index with candidate search and exhaustively, and writes docs/benchmark.md
# (ctcr bench-table under a header naming the machine, the benchmark parameters and the date).
#
# Usage: scripts/benchmark.sh [--small | --full] [--realistic] [--pieces N] [--performances N] [--seconds S] [--seed N]
#                             [--features "ID ID ..."] [--work DIR] [--out FILE] [--threads N] [--table-only]
#
#   (default)         medium benchmark: 40 pieces x 3 performances, first 60 s of each (113 recordings,
#                     147 queries; 16 minutes on 2 shared cores, up to about 25 when they are busy)
#   --small           quick check: 4 pieces x 3 performances, first 30 s (bench-build --small; about 2 minutes)
#   --full            every qualifying piece of the ASAP subset, all aligned performances, whole recordings
#                     (about 80 hours of audio, 13 GB of WAV: many hours)
#   --realistic       render under real-world conditions (bench-build --realistic: instruments, three soundfonts,
#                     reverb, MP3/Ogg, tuning, tempo 0.4x-2.5x, scores without tempo marks) and add a breakdown of
#                     the metrics per condition; combines with the size presets; the report goes into its own
#                     section of FILE, so the plain and the realistic benchmark share docs/benchmark.md
#   --pieces, --performances, --seconds, --seed   override the preset (--seconds 0 = whole performances)
#   --features        feature types to compare (default: cqt cens v2_linear_train345valid1
#                     v2_strong_train345valid1 v2_ctc_train345valid1 v1_ctc_train1234valid5)
#   --work DIR        audio, indexes, reports and logs (default: bench-work/<preset> in the repository, ignored by
#                     git); an existing collection built with the same settings is reused, indexes are rebuilt
#   --out FILE        the markdown report (default: docs/benchmark.md)
#   --threads N       rendering and extraction threads (default: nproc)
#   --table-only      rewrite FILE from the reports already in the work folder
#
# The same variables can be given in the environment: BENCH_PIECES, BENCH_PERFORMANCES, BENCH_SECONDS, BENCH_SEED,
# BENCH_FEATURES, BENCH_WORK, BENCH_OUT, BENCH_THREADS. Shared data: CTCR_SHARED (default ../shared).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

command="scripts/benchmark.sh${*:+ $*}"
preset=medium
pieces="${BENCH_PIECES:-}"
performances="${BENCH_PERFORMANCES:-}"
seconds="${BENCH_SECONDS:-}"
seed="${BENCH_SEED:-1}"
features="${BENCH_FEATURES:-cqt cens v2_linear_train345valid1 v2_strong_train345valid1 v2_ctc_train345valid1 v1_ctc_train1234valid5}"
work="${BENCH_WORK:-}"
out="${BENCH_OUT:-docs/benchmark.md}"
threads="${BENCH_THREADS:-$(nproc)}"
table_only=false
realistic=false

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --small) preset=small ;;
    --full) preset=full ;;
    --realistic) realistic=true ;;
    --pieces) pieces="$2"; shift ;;
    --performances) performances="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --features) features="$2"; shift ;;
    --work) work="$2"; shift ;;
    --out) out="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --table-only) table_only=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "benchmark.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# Preset values, unless given explicitly. Empty = bench-build's default (all pieces / performances, whole audio).
case "$preset" in
  small)  : "${pieces:=4}" "${performances:=3}" "${seconds:=30}" ;;
  medium) : "${pieces:=40}" "${performances:=3}" "${seconds:=60}" ;;
  full)   : ;;
esac
[[ "$seconds" == 0 ]] && seconds=""
if [[ "$realistic" == true ]]; then
  soundfonts=(/usr/share/sounds/sf2/FluidR3_GM.sf2 /usr/share/sounds/sf2/TimGM6mb.sf2 /usr/share/sounds/sf3/MuseScore_General.sf3)
  kind=realistic
else
  soundfonts=(/usr/share/sounds/sf2/FluidR3_GM.sf2 /usr/share/sounds/sf2/TimGM6mb.sf2)
  kind=plain
fi
name="$preset"; [[ "$realistic" == true ]] && name="realistic-$preset"
work="${work:-bench-work/$name-p${pieces:-all}x${performances:-all}-s${seconds:-whole}-seed$seed}"
mkdir -p "$work/logs" "$work/reports"
export CTCR_SHARED="${CTCR_SHARED:-$(cd "$repo/.." && pwd)/shared}"
ctcr="$repo/ctcr"

step() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
# run LOG COMMAND...: stderr goes to LOG, which is shown when the command fails.
run() {
  local log="$1"; shift
  if ! "$@" 2> "$log"; then
    echo "benchmark.sh: failed: $*" >&2; tail -n 20 "$log" >&2; exit 1
  fi
}
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

t_start=$(now)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
collection="$work/collection"
if [[ "$table_only" == false ]]; then
  build_args=(-o "$collection" --seed "$seed" --threads "$threads")
  [[ "$realistic" == true ]] && build_args+=(--realistic)
  [[ -n "$pieces" ]] && build_args+=(--pieces "$pieces")
  [[ -n "$performances" ]] && build_args+=(--performances "$performances")
  [[ -n "$seconds" ]] && build_args+=(--max-seconds "$seconds")
  for sf in "${soundfonts[@]}"; do build_args+=(--soundfont "$sf"); done
  step "bench-build ${build_args[*]}"
  t0=$(now)
  run "$work/logs/bench-build.log" "$ctcr" bench-build "${build_args[@]}" > "$work/reports/bench-build.txt"
  elapsed "$t0" "$(now)" > "$work/reports/bench-build.seconds"
  cat "$work/reports/bench-build.txt" >&2

  for f in $features; do
    index="$work/index-$f"
    rm -rf "$index"   # a fresh index, so that the build time is the whole extraction
    step "index $f"
    t0=$(now)
    run "$work/logs/index-$f.log" \
      "$ctcr" index -i "$collection/audio" -x "$index" --features "$f" --threads "$threads" --no-progress \
      > "$work/reports/index-$f.txt"
    secs=$(elapsed "$t0" "$(now)")
    echo "$secs" > "$work/reports/index-$f.seconds"
    step "index $f: $secs s; evaluate"
    for mode in indexed exhaustive; do
      run "$work/logs/evaluate-$f-$mode.log" "$ctcr" evaluate -x "$index" -q "$collection/queries.tsv" --json \
        --index-seconds "$secs" $( [[ $mode == exhaustive ]] && echo --exhaustive ) > "$work/reports/$f-$mode.json"
    done
  done
  # Queries by audio (cross-version excerpts, synthetic sung melodies) on the default deep-chroma index.
  audio_feature=v2_ctc_train345valid1
  if [[ " $features " == *" $audio_feature "* ]]; then
    step "bench-audio on $audio_feature"
    run "$work/logs/bench-audio.log" "$ctcr" bench-audio -c "$collection" -x "$work/index-$audio_feature" \
      > "$work/reports/audio.md"
  fi
  elapsed "$t_start" "$(now)" > "$work/reports/total.seconds"
  echo "$command" > "$work/reports/command.txt"
  echo "$load_before" > "$work/reports/load-before.txt"
  cut -d' ' -f1-3 /proc/loadavg > "$work/reports/load-after.txt"
fi

# Facts for the header, from the bench-build summary and the manifest.
summary() { awk -v k="$1" '$1 == k { print $2; exit }' "$work/reports/bench-build.txt"; }
n_pieces=$(summary pieces)
n_recordings=$(summary recordings)
n_queries=$(summary queries)
audio_hours=$(grep -o '"duration_s" : [0-9.]*' "$collection/manifest.json" | awk '{ s += $3 } END { printf "%.2f", s / 3600 }')
length="whole performances"; [[ -n "$seconds" ]] && length="first $seconds s of each"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
java_version=$(java -version 2>&1 | head -1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
reports=()
for f in $features; do reports+=("$work/reports/$f-indexed.json" "$work/reports/$f-exhaustive.json"); done
if [[ "$realistic" == true ]]; then
  table=$("$ctcr" bench-table "${reports[@]}" --conditions "$collection/manifest.json")
else
  table=$("$ctcr" bench-table "${reports[@]}")
fi
soundfont_names=$(for sf in "${soundfonts[@]}"; do printf '%s ' "$(basename "$sf")"; done | sed 's/ $//; s/ /, /g')
generated="Generated by \`$(cat "$work/reports/command.txt" 2>/dev/null || echo "$command")\` on $(date -u -r "$work/reports/total.seconds" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || date -u '+%Y-%m-%d %H:%M UTC') (commit $commit);"

# The section of this kind of benchmark (plain or realistic); the other one in FILE is kept.
section=$(mktemp)
trap 'rm -f "$section"' EXIT
{
  if [[ "$realistic" == true ]]; then
    echo "## Realistic benchmark"
    echo
    echo "$generated"
    echo "every figure below is written by the script. \`ctcr bench-build --realistic\` renders the ASAP performances"
    echo "under conditions drawn per recording and lists them in the manifest (see [evaluation.md](evaluation.md))."
  else
    echo "## ASAP benchmark"
    echo
    echo "$generated"
    echo "every figure below is written by the script. See [evaluation.md](evaluation.md) for the metrics, the query"
    echo "format and how \`ctcr bench-build\` renders ASAP performances and cuts score queries at downbeats."
  fi
  echo
  echo "**Machine.** $(nproc) cores ($cpu), $mem memory, $java_version. Load average (1, 5, 15 min) before the"
  echo "run $(cat "$work/reports/load-before.txt" 2>/dev/null || echo '?'), after it $(cat "$work/reports/load-after.txt" 2>/dev/null || echo '?') (the machine is shared, so times vary)."
  echo
  if [[ "$realistic" == true ]]; then
    echo "**Benchmark.** ASAP (shared subset), seed $seed: $n_pieces pieces, $n_recordings recordings"
    echo "(${performances:-all aligned} performances per piece, $length; $audio_hours h of audio), $n_queries score queries (whole"
    echo "texture and right hand; every performance of the piece is relevant). Each recording draws its conditions:"
    echo "instruments (piano for 30 %; otherwise, by composer, harpsichord or organ for Bach, bright piano, violin or"
    echo "flute playing the top voice with piano, strings), soundfont ($soundfont_names), room reverb"
    echo "(none / room / hall with sox, 40 / 30 / 30 %), codec round trip (none / MP3 64 kbit/s / Ogg Vorbis q1,"
    echo "50 / 25 / 25 %), tuning (A=440 for half, else A=415, 430, 443 or 446) and tempo (as performed for half,"
    echo "else 0.4x-2.5x the marked tempo, log-uniform); 40 % of the scores with a tempo mark lose it, so the query"
    echo "assumes 120 quarter notes per minute. Building the collection took $(cat "$work/reports/bench-build.seconds") s,"
    echo "the whole run $(cat "$work/reports/total.seconds" 2>/dev/null || echo '?') s."
  else
    echo "**Benchmark.** ASAP (shared subset), seed $seed: $n_pieces pieces, $n_recordings recordings"
    echo "(${performances:-all aligned} performances per piece, $length;"
    echo "$audio_hours h of audio), $n_queries score queries (whole texture and right hand; every performance of the piece is"
    echo "relevant). Rendered with FluidSynth, soundfonts alternating per performance: $soundfont_names."
    echo "Building the collection took $(cat "$work/reports/bench-build.seconds") s, the whole run $(cat "$work/reports/total.seconds" 2>/dev/null || echo '?') s."
  fi
  echo
  echo "**Search.** Indexed = Lucene candidate stage (default number of candidates) then subsequence DTW on the"
  echo "candidates; exhaustive = DTW against every recording. Latency is per query, including reading the score."
  echo "Index time is the wall time of \`ctcr index\` (feature extraction with $threads threads, JVM start included)."
  if [[ "$realistic" == true ]]; then
    echo "Per condition: the mAP of each query restricted to its relevant recordings made under that condition (the"
    echo "other relevant recordings are taken out of the ranking), indexed / exhaustive; tempo ratio = performed tempo"
    echo "of the snippet over the tempo its score states (120 quarter notes per minute when it states none). The"
    echo "conditions are drawn independently, so each column mixes the others; a restricted AP counts one kind of"
    echo "recording per query, so compare the columns of a row with each other rather than with the overall mAP."
    echo "Each mAP table is followed by the share of those recordings found in the top 10 of the same restricted"
    echo "ranking (out of min(10, their number) per query, so it does not depend on how many a query has)."
  fi
  echo
  echo "$table"
  if [[ -f "$work/reports/audio.md" ]]; then echo; cat "$work/reports/audio.md"; fi
} > "$section"

mkdir -p "$(dirname "$out")"
begin="<!-- begin $kind benchmark (scripts/benchmark.sh) -->"
end="<!-- end $kind benchmark -->"
if [[ -f "$out" ]] && grep -qF "$begin" "$out"; then
  awk -v b="$begin" -v e="$end" -v f="$section" '
    $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$out" > "$out.tmp"
  mv "$out.tmp" "$out"
else
  [[ -f "$out" ]] || printf '# Retrieval benchmark\n' > "$out"
  { echo; echo "$begin"; cat "$section"; echo "$end"; } >> "$out"
fi
step "wrote $out"
