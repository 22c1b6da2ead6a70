#!/usr/bin/env bash
# tests/harness/verdicts.sh - unit tests of the results model and the
# verdict stage (test_verdicts.py), then every scenario's verdict fixtures
# (test_scenarios.py): synthetic results that must confirm, refute or not
# show each claim.  Prints TAP; exits non-zero if a test failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
rc=0
timeout 300 python3 tests/harness/test_verdicts.py || rc=1
timeout 300 python3 tests/harness/test_scenarios.py || rc=1
exit "$rc"
