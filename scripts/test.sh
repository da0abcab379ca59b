#!/usr/bin/env bash
# Installs dependencies, builds, and runs the whole test suite (C++ tests, notebooks and
# the MPI build's tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
ctest --preset release
# The MPI build: the tests of what only it does (ranks, same bits as the build above).
bash scripts/build.sh mpi
ctest --preset mpi
