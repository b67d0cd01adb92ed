#!/usr/bin/env bash
# Sets up the machine, builds ctcr, indexes the example recordings plus fixture clips and searches the opening of
# Beethoven's Fifth (MusicXML). Extra arguments go to 'ctcr demo' (e.g. --features cqt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./ctcr demo "$@"
