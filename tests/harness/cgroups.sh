#!/usr/bin/env bash
# tests/harness/cgroups.sh - scripts/cgroups.py (a server's CPU and memory
# from its own control group) against the /proc method.  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec python3 tests/harness/test_cgroups.py
