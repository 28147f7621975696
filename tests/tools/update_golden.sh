#!/bin/sh
# update_golden.sh BUILD_DIR [GOLDEN_DIR]: rewrites every expected file
# listed in tests/golden/TESTLIST from BUILD_DIR/wstrace, and beside it
# EXPECTED.status with the exit status when that is not 0 (3 damaged input,
# 4 events lost; run_golden.sh checks it). Any other status, a crash or a
# fixture that cannot be written stops it with a message and status 1.
# GOLDEN_DIR (default tests/golden) is where the files go. Review
# `git diff` after.
set -euf  # -f: options such as --name *.com reach wstrace unexpanded
build=${1:?usage: update_golden.sh BUILD_DIR [GOLDEN_DIR]}
here=$(cd "$(dirname "$0")/.." && pwd)
golden=${2:-$here/golden}
wstrace=$build/wstrace
die() { echo "update_golden: $*" >&2; exit 1; }
[ -x "$wstrace" ] || die "no wstrace in $build"
mkdir -p "$build/golden" "$golden"
while read -r name scenario expected options; do
	case $name in '' | '#'*) continue ;; esac
	# The capture's name as run_golden.sh gives it: reports print it.
	etl=$build/golden/$(basename "$expected").etl
	python3 "$here/tools/etlgen.py" "$here/fixtures/$scenario" "$etl" ||
		die "$name: cannot write the capture of $scenario"
	command=parse
	case $options in
	report*) command=report options=${options#report} ;;
	esac
	status=0
	# shellcheck disable=SC2086
	"$wstrace" $command "$etl" $options >"$golden/$expected" || status=$?
	case $status in
	0) rm -f "$golden/$expected.status" ;;
	3 | 4) echo "$status" >"$golden/$expected.status" ;;
	*) die "$name: wstrace $command $scenario $options exited $status" ;;
	esac
done <"$here/golden/TESTLIST"
