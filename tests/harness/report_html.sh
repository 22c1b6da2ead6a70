#!/usr/bin/env bash
# tests/harness/report_html.sh - scripts/report_html.py on a copy of
# results/reference: the page as text, then in headless chromium (Debian's
# python3-websockets drives it, hence /usr/bin/python3).  Prints TAP.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec /usr/bin/python3 tests/harness/test_report_html.py "$@"
