#!/usr/bin/env bash
# tests/harness/measure.sh - unit test of scripts/measure.py (one point's
# figures from its samples; impossible measurements refused).  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/harness/test_measure.py
