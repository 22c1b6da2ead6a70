#!/usr/bin/env bash
# tests/harness/histmerge.sh - unit test of scripts/histmerge.py (exact
# merging of several load generators' latency histograms).  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/harness/test_histmerge.py
