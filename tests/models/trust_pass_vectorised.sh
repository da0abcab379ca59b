#!/usr/bin/env bash
# The trust pass (models/daily_relaxation.cpp) must stay vectorised: a scalar pass once went
# unnoticed for two rounds of work and ran the whole day several times slower. In the
# disassembly of the models library, each build of the pass must compute the logistic of
# several patients with one packed division (AVX2: eight, in a ymm register; AVX-512:
# sixteen, in a zmm register) and must have no scalar division left. The AVX2 and AVX-512
# builds must also widen a step's flag and propensity bytes in one instruction each
# (vpmovzxbd) and look up the constants that depend on the flags in one each (vpermps),
# inlined rather than called: the bytes and flags once took a third of the step.
# Usage: trust_pass_vectorised.sh OBJDUMP LIBRARY
set -euo pipefail
objdump=$1
library=$2
listing=$("$objdump" -d --no-show-raw-insn -C "$library")

# Prints the instructions of the function whose demangled name contains $1.
body() {
  awk -v name="$1" '/^[0-9a-f]+ <.*>:$/ { inside = index($0, name) > 0; next } inside' <<<"$listing"
}

# check FUNCTION PACKED_PATTERN [WIDENING_PATTERN LOOKUP_PATTERN]: the function exists, has
# PACKED_PATTERN (and WIDENING_PATTERN and LOOKUP_PATTERN), no divss and no call to one of
# the AVX helpers.
check() {
  local instructions
  instructions=$(body "$1")
  if [ -z "$instructions" ]; then
    echo "$library: no function $1 in the disassembly" >&2
    exit 1
  fi
  if ! grep -Eq "$2" <<<"$instructions"; then
    echo "$1: no packed division ($2): the trust pass is no longer vectorised" >&2
    exit 1
  fi
  if grep -Eq 'divss' <<<"$instructions"; then
    echo "$1: a scalar division (divss): part of the trust pass is no longer vectorised" >&2
    exit 1
  fi
  if [ -n "${3:-}" ] && ! grep -Eq "$3" <<<"$instructions"; then
    echo "$1: bytes not widened by $3" >&2
    exit 1
  fi
  if [ -n "${4:-}" ] && ! grep -Eq "$4" <<<"$instructions"; then
    echo "$1: flag constants not looked up by $4" >&2
    exit 1
  fi
  if grep -Eq 'call.*(zero_extend|look_up|half_to_doubles)' <<<"$instructions"; then
    echo "$1: calls an AVX helper instead of inlining it" >&2
    exit 1
  fi
  echo "$1: vectorised"
}

check "relax_panel_baseline(" '[[:space:]]v?divps[[:space:]]'
check "relax_panel_avx2(" '[[:space:]]vdivps[[:space:]].*%ymm' '[[:space:]]vpmovzxbd[[:space:]].*%ymm' \
  '[[:space:]]vpermps[[:space:]].*%ymm'
check "relax_panel_avx512(" '[[:space:]]vdivps[[:space:]].*%zmm' '[[:space:]]vpmovzxbd[[:space:]].*%zmm' \
  '[[:space:]]vpermps[[:space:]].*%zmm'
