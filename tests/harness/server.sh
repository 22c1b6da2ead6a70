#!/usr/bin/env bash
# tests/harness/server.sh - unit test of scripts/server.py (start on port
# 0, the listening line, SIGTERM and the summary line).  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec timeout 60 python3 tests/harness/test_server.py
