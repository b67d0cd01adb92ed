#!/usr/bin/env bash
# Runs every test of every module (installs the system tools the tests need first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mvn -B -ntp test "$@"
