#!/bin/sh
# update_golden.sh BUILD_DIR: rewrites every expected file listed in
# tests/golden/TESTLIST from the current build. Review `git diff` after.
set -euf  # -f: options such as --name *.com reach wstrace unexpanded
build=${1:?usage: update_golden.sh BUILD_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
grep -v '^#' "$here/golden/TESTLIST" | while read -r name scenario expected options; do
	[ -n "$name" ] || continue
	etl="$build/golden/$name.etl"
	mkdir -p "$build/golden"
	python3 "$here/tools/etlgen.py" "$here/fixtures/$scenario" "$etl"
	# shellcheck disable=SC2086
	"$build/wstrace" parse "$etl" $options >"$here/golden/$expected" || true
done
