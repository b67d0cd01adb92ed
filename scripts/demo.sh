#!/usr/bin/env bash
# Sets up the machine (only what the demo needs), builds ctcr, indexes the example recordings plus fixture clips
# and searches the opening of Beethoven's Fifth (MusicXML). Extra arguments go to 'ctcr demo' (e.g. --features cqt).
# Every step says what it does and how long it took; nothing is printed that a log file would garble.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
step() { echo "== $*" >&2; }
took() { echo "   ($1 took $(( $(date +%s) - $2 )) s)" >&2; }

step "setup: system packages the demo needs (JDK 17, Maven, npm for the build)"
s=$(date +%s); scripts/setup.sh demo; took setup "$s"

step "build: the ctcr executable jar (Maven; a minute or two the first time, instant when up to date)"
s=$(date +%s); ./ctcr --version >/dev/null; took build "$s"

step "demo: index the example recordings and fixtures, search the Op. 67 theme, plot the match"
s=$(date +%s); ./ctcr demo "$@"; took demo "$s"
echo "== done in $(( $(date +%s) - t0 )) s" >&2
