#!/usr/bin/env bash
# tests/lint/lint.sh - the static checks, as TAP: pyflakes3 on the Python
# (scripts, tests, the Python peers) and shellcheck on every shell script.
#
# Debian's pyflakes3 and shellcheck (scripts/install-deps installs both);
# a missing one is a failure, not a skip.  The shell scripts are found by
# their first line (a bash or sh shebang) or a .bash/.sh name, so a new
# script is checked without being listed here.
set -euo pipefail
cd "$(dirname "$0")/../.."

# diag TEXT: TEXT as TAP diagnostics, "# " before every line.
diag() {
	local line
	while IFS= read -r line; do
		printf '# %s\n' "$line"
	done <<<"$1"
}

echo "1..2"

# Python: every .py file under these folders, and the scripts whose
# shebang names python (pyflakes3 finds both by itself).
if ! command -v pyflakes3 >/dev/null; then
	echo "not ok 1 - pyflakes3 scripts tests servers/peers: pyflakes3 is" \
		"not installed (scripts/install-deps)"
elif out=$(pyflakes3 scripts tests servers/peers 2>&1); then
	echo "ok 1 - pyflakes3 scripts tests servers/peers: clean"
else
	echo "not ok 1 - pyflakes3 scripts tests servers/peers"
	diag "$out"
fi

# The shell scripts this repository holds (build/ and results/ are not
# ours to check).
scripts=()
while IFS= read -r -d '' f; do
	case $f in
	*.bash | *.sh) scripts+=("$f") ;;
	*)
		head -c 64 "$f" 2>/dev/null | head -n 1 |
			grep -Eq '^#!.*(/|env )(ba)?sh( |$)' && scripts+=("$f")
		;;
	esac
done < <(find . \( -path ./build -o -path ./results -o -path ./.git \) \
	-prune -o -type f -print0 | sort -z)
if ((${#scripts[@]} == 0)); then
	echo "not ok 2 - shellcheck: no shell scripts found"
elif ! command -v shellcheck >/dev/null; then
	echo "not ok 2 - shellcheck: shellcheck is not installed" \
		"(scripts/install-deps)"
elif out=$(shellcheck -x "${scripts[@]}" 2>&1); then
	echo "ok 2 - shellcheck: ${#scripts[@]} shell scripts clean"
else
	echo "not ok 2 - shellcheck (${#scripts[@]} shell scripts)"
	diag "$out"
fi
