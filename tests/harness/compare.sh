#!/usr/bin/env bash
# tests/harness/compare.sh - scripts/compare on results/reference: against
# itself it marks nothing; against a copy with a few figures shifted it
# marks exactly those.  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/harness/test_compare.py
