#!/usr/bin/env bash
# Installs the system tools ctc-retrieval uses, where they are missing: a JDK 17 and Maven (build), ffmpeg
# (decoding MP3/FLAC/OGG/M4A), fluidsynth and two General MIDI soundfonts (rendering the evaluation benchmark),
# and for the realistic benchmark (bench-build --realistic, also run by the tests) a third soundfont
# (musescore-general-soundfont: /usr/share/sounds/sf3/MuseScore_General.sf3) and sox (room reverb).
set -euo pipefail
need=()
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v fluidsynth >/dev/null || need+=(fluidsynth)
[[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ]] || need+=(fluid-soundfont-gm)
[[ -f /usr/share/sounds/sf2/TimGM6mb.sf2 ]] || need+=(timgm6mb-soundfont)
[[ -f /usr/share/sounds/sf3/MuseScore_General.sf3 ]] || need+=(musescore-general-soundfont)
command -v sox >/dev/null || need+=(sox)
if ((${#need[@]})); then
  echo "setup: installing ${need[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
