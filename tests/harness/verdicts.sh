#!/usr/bin/env bash
# tests/harness/verdicts.sh - unit test of the claim verdicts of REPORT.md
# (scripts/verdicts.py): synthetic results that must confirm, refute or not
# show each claim.  Prints TAP; exits non-zero if a test failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/harness/test_verdicts.py
