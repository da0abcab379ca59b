#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (C++ tests and notebooks).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
ctest --preset release
