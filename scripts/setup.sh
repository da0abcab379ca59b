#!/usr/bin/env bash
# Installs rapport's build, test, fuzzing, notebook and Python-module dependencies from Debian 12 packages.
# Quick when everything is already installed; needs root (or sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config ccache
  libeigen3-dev libboost-graph-dev libtbb-dev libhdf5-dev libcli11-dev
  libgtest-dev libgmock-dev libtomlplusplus-dev librandom123-dev libbenchmark-dev
  hdf5-tools python3-h5py python3-numpy python3-pandas python3-matplotlib python3-scipy
  jupyter-nbconvert python3-ipykernel
  python3-dev pybind11-dev python3-pybind11 python3-pytest  # the Python module (docs/PYTHON.md) and its tests
  clang libclang-rt-14-dev  # libFuzzer and clang's sanitizer runtimes (scripts/fuzz.sh)
  libopenmpi-dev openmpi-bin  # the MPI build (mpi preset, docs/CLUSTER.md)
  libjs-vega  # the charts of `rapport report`, compiled into the binary
  chromium chromium-driver python3-selenium  # the report's test in a real browser
  r-base-core r-cran-hdf5r  # the test that R reads results files
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "setup: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
