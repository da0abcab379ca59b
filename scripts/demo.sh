#!/usr/bin/env bash
# Installs dependencies, builds, runs every scenario in scenarios/ and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
mkdir -p results
./build/release/rapport run scenarios/*.toml -o results/demo.h5 --force "$@"
