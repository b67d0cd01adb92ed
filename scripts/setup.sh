#!/usr/bin/env bash
# Installs the system tools ctc-retrieval needs, where they are missing (apt-get, by package name).
#
# Usage: scripts/setup.sh [demo|tests]
#   demo    what ./scripts/demo.sh needs: a JDK 17, Maven and npm (the build bundles the search page's notation
#           engine from the npm registry; the demo's recordings are WAV files)
#   tests   (default) also ffmpeg (decoding MP3/FLAC/OGG/M4A, used by the tests and by 'ctcr' for such files),
#           fluidsynth and two General MIDI soundfonts (rendering the evaluation benchmark, used by the tests
#           and scripts/benchmark.sh), for the realistic benchmark (bench-build --realistic, also in the tests)
#           a third soundfont (musescore-general-soundfont: /usr/share/sounds/sf3/MuseScore_General.sf3) and sox
#           (room reverb), Chromium and its WebDriver (the search page's browser tests)
# Prints one line per step (what it installs and how long it took); apt-get's own output goes to a log file.
set -euo pipefail
purpose="${1:-tests}"
case "$purpose" in demo|tests) ;; *) echo "setup.sh: unknown purpose '$purpose' (demo or tests)" >&2; exit 2 ;; esac
need=()
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v npm >/dev/null || need+=(npm)
if [[ "$purpose" == tests ]]; then
  command -v ffmpeg >/dev/null || need+=(ffmpeg)
  command -v fluidsynth >/dev/null || need+=(fluidsynth)
  [[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ]] || need+=(fluid-soundfont-gm)
  [[ -f /usr/share/sounds/sf2/TimGM6mb.sf2 ]] || need+=(timgm6mb-soundfont)
  [[ -f /usr/share/sounds/sf3/MuseScore_General.sf3 ]] || need+=(musescore-general-soundfont)
  command -v sox >/dev/null || need+=(sox)
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  [[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
fi
if ((${#need[@]} == 0)); then
  echo "setup: the system tools for the $purpose are installed" >&2
  exit 0
fi
log="${TMPDIR:-/tmp}/ctcr-setup-$$.log"
if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
start=$(date +%s)
echo "setup: installing ${need[*]} with apt-get (a few minutes on a fresh machine; log: $log)" >&2
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${need[@]}"; } > "$log" 2>&1; then
  echo "setup: apt-get failed; the end of its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
echo "setup: installed ${need[*]} in $(( $(date +%s) - start )) s" >&2
