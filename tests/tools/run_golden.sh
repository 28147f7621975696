#!/bin/sh
# run_golden.sh WSTRACE ETLGEN SCENARIO EXPECTED WORKDIR [report] [options...]
#
# Writes the scenario's capture with the fixture writer, decodes it with
# `wstrace parse` (or `wstrace report` when the options start with the
# word report), and compares the output with the reviewed expected file.
# To refresh an expected file after an intended change, run
# tests/tools/update_golden.sh and review the diff before committing it.
set -eu
wstrace=$1 etlgen=$2 scenario=$3 expected=$4 workdir=$5
shift 5
name=$(basename "$expected")
mkdir -p "$workdir"
# One capture per expected file: tests of one scenario run in parallel.
etl="$workdir/$name.etl"
actual="$workdir/$name"
python3 "$etlgen" "$scenario" "$etl"
command=parse
if [ "${1:-}" = report ]; then
	command=report
	shift
fi
status=0
"$wstrace" "$command" "$etl" "$@" >"$actual" || status=$?
expected_status=0
if [ -f "$expected.status" ]; then
	expected_status=$(cat "$expected.status")
fi
if [ "$status" != "$expected_status" ]; then
	echo "exit status $status, expected $expected_status" >&2
	exit 1
fi
diff -u "$expected" "$actual"
