#!/bin/sh
# exe_options.sh WSTRACE_EXE_CMD TESTS_DIR WORKDIR
#
# wstrace.exe's own commands read their options through the same table and
# number parser as parse: start refuses bad numbers (issue 9, defect 6:
# `start --count " -1"` was taken as 2^64-1) before it touches ETW, and
# the --help of start, run, stop and status lists every option; run takes
# start's options from the same rows.
set -u
exe=$1 tests=$2 work=$3
mkdir -p "$work"
failures=0 checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

numbers() {
	checks=$((checks + 1))
	sh "$tests/cli/refuse_numbers.sh" "$exe" "$work/numbers" "$@" || fail "refuse_numbers.sh $*"
}
numbers dec 18446744073709551615 "invalid --count" start --count
numbers dec 5 "invalid --level" start --level
numbers hex 18446744073709551615 "invalid --keywords" start --keywords
numbers dec 16777216 "invalid --max-sockets" start --max-sockets
numbers dec 5 "invalid --level" run --level

# --duration: seconds with an optional fraction, nothing else.
for case in " 1|not a decimal number" "+1|not a decimal number" "01|leading zero" \
            "1.|not a number of seconds" "1e3|not a decimal number" "0|not more than 0" \
            "10000001|more than 10000000" "0.0|not more than 0"; do
	value=${case%%|*} reason=${case#*|}
	checks=$((checks + 1))
	"$exe" start --duration "$value" >"$work/out" 2>"$work/err" </dev/null
	got=$?
	line=$(head -1 "$work/err" | tr -d '\r')
	[ "$got" = 2 ] && [ "$line" = "wstrace: invalid --duration '$value': $reason" ] ||
		fail "start --duration '$value': exit $got, $line"
done

# Every option of each command is in its --help.
help() {
	command=$1
	shift
	checks=$((checks + 1))
	"$exe" "$command" --help >"$work/help" 2>&1 </dev/null || fail "$command --help: exit $?"
	for option in "$@" --help; do
		grep -q -- "  $option[ =]\\|  $option\$\\|, $option" "$work/help" ||
			fail "$command --help lacks $option"
	done
}
help start --session --level --keywords --format --etl --duration --count --force --decoder \
	--no-images --summary --summary-only --max-sockets --pid --port --addr --event --errors
help run --output --exit-code --session --level --keywords --format --etl --duration --count \
	--force --decoder --no-images --no-names --no-processes --summary --summary-only --max-sockets \
	--pid --port --addr --event --errors --image --name
help stop --session
help status --format --session

echo "exe_options: $checks checks, $failures failures"
[ "$failures" = 0 ]
