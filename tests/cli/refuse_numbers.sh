#!/bin/sh
# refuse_numbers.sh WSTRACE WORKDIR dec|hex MAX MESSAGE ARGS...
# A number option refuses what is not a plain number in its range (issue 9,
# defect 6: " -1" was read as 2^64-1, "010" as 8, "+5" as 5): runs
# `WSTRACE ARGS... VALUE` for each bad VALUE and wants exit 2 with exactly
# "wstrace: MESSAGE 'VALUE': REASON" and the --help hint on stderr.
# dec: decimal only; hex: 0x... allowed too. MAX: the largest value taken.
set -u
wstrace=$1 work=$2 kind=$3 max=$4 message=$5
shift 5
mkdir -p "$work"
failures=0 checks=0

if [ "$kind" = hex ]; then
	not_number="not a number (decimal, or hex after 0x)"
	hex_case="0x|0x without hex digits"
else
	not_number="not a decimal number"
	hex_case="0x10|not a decimal number (no hex here)"
fi
above=$(python3 -c "print($max + 1)")

for case in " -1|$not_number" "-1|$not_number" "+5|$not_number" " 5|$not_number" \
            "5 |$not_number" "1.5|$not_number" "010|leading zero" "00|leading zero" \
            "|empty" "$hex_case" "$above|more than $max" \
            "18446744073709551616|more than $max"; do
	value=${case%%|*} reason=${case#*|}
	checks=$((checks + 1))
	"$wstrace" "$@" "$value" >"$work/out" 2>"$work/err.raw" </dev/null
	got=$?
	tr -d '\r' <"$work/err.raw" >"$work/err"   # wstrace.exe ends its lines in CR LF
	printf "wstrace: %s '%s': %s\nTry 'wstrace --help' for more information.\n" \
		"$message" "$value" "$reason" >"$work/want"
	if [ "$got" != 2 ] || ! cmp -s "$work/want" "$work/err"; then
		echo "FAIL: $* '$value': exit $got (expected 2), stderr:" >&2
		cat "$work/err" >&2
		failures=$((failures + 1))
	fi
done
echo "refuse_numbers $*: $checks checks, $failures failures"
[ "$failures" = 0 ]
