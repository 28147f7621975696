#!/bin/sh
# update_golden.sh BUILD_DIR: rewrites every expected file listed in
# tests/golden/TESTLIST from the current build. Review `git diff` after.
set -eu
build=${1:?usage: update_golden.sh BUILD_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
grep -v '^#' "$here/golden/TESTLIST" | while read -r name scenario expected options; do
	[ -n "$name" ] || continue
	# The capture's name as run_golden.sh gives it: reports print it.
	base=$(basename "$expected")
	etl="$build/golden/${base%.*}.etl"
	mkdir -p "$build/golden"
	python3 "$here/tools/etlgen.py" "$here/fixtures/$scenario" "$etl"
	command=parse
	case "$options" in
	report*) command=report options=${options#report} ;;
	esac
	# shellcheck disable=SC2086
	"$build/wstrace" $command "$etl" $options >"$here/golden/$expected" || true
done
