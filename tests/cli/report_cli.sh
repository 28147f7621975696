#!/bin/sh
# report_cli.sh WSTRACE TESTS_DIR WORKDIR
# `wstrace report` as a user meets it: -o, formats, usage errors and their
# exit status, the help text, an unreadable file.
set -u
wstrace=$1 tests=$2 work=$3
mkdir -p "$work"
failures=0 checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run STATUS ARGS...: the exit status; stdout in $work/out, stderr in $work/err.
run() {
	want=$1
	shift
	checks=$((checks + 1))
	rc=0
	"$wstrace" "$@" >"$work/out" 2>"$work/err" || rc=$?
	[ "$rc" = "$want" ] || fail "wstrace $*: exit $rc, expected $want ($(cat "$work/err"))"
}
# err_is TEXT: stderr's first line is exactly TEXT.
err_is() {
	[ "$(head -n 1 "$work/err")" = "$1" ] || fail "stderr '$(head -n 1 "$work/err")', expected '$1'"
}

etl="$work/refused.etl"
python3 "$tests/tools/etlgen.py" "$tests/fixtures/report-connect-refused.scn" "$etl"

# -o and --output write the file, and nothing to stdout; the same bytes as stdout.
run 0 report "$etl" --format json
cp "$work/out" "$work/stdout.jsonl"
run 0 report "$etl" --format json -o "$work/o.jsonl"
[ ! -s "$work/out" ] && cmp -s "$work/o.jsonl" "$work/stdout.jsonl" || fail "-o FILE differs from stdout"
run 0 report "$etl" --format=json --output="$work/o2.jsonl"
cmp -s "$work/o2.jsonl" "$work/stdout.jsonl" || fail "--output=FILE differs from stdout"
run 0 report "$etl" --format json -o"$work/o2.jsonl"
cmp -s "$work/o2.jsonl" "$work/stdout.jsonl" || fail "--output=FILE differs from stdout"
# -o - is standard output (as for pcap), not a file named "-".
(cd "$work" && rm -f ./- && "$wstrace" report "$etl" --format json -o - >"$work/dash.jsonl") ||
	fail "report -o - failed"
checks=$((checks + 1))
cmp -s "$work/dash.jsonl" "$work/stdout.jsonl" && [ ! -e "$work/-" ] ||
	fail "-o - did not write to standard output"
[ "$(wc -l <"$work/o.jsonl")" = 2 ] || fail "two findings expected in $work/o.jsonl"
jq -e -s 'length == 2 and all(.[]; .v == 1)' "$work/o.jsonl" >/dev/null || fail "JSON lines not valid"

# CSV: a header, one row per finding, CRLF line ends.
run 0 report "$etl" --format csv
[ "$(head -n 1 "$work/out")" = "$(printf 'finding,severity,summary,advice,pid,image,remote,remote_name,local,name,reason,count,first,last,endpoints\r')" ] ||
	fail "CSV header"
[ "$(grep -c "$(printf '\r')\$" "$work/out")" = 3 ] || fail "CSV: 3 CRLF lines expected"

# Usage errors: status 2 and one message.
run 2 report
err_is "wstrace: report needs a capture file"
run 2 report "$etl" --format xml
err_is "wstrace: unknown format 'xml' (text, json, html or csv)"
run 2 report "$etl" --slow 0
err_is "wstrace: invalid --slow '0': less than 1"
run 2 report "$etl" --slow 12ms
err_is "wstrace: invalid --slow '12ms': not a decimal number"
run 2 report "$etl" -o
err_is "wstrace: option '-o' needs a value"
run 2 report "$etl" --summary
err_is "wstrace: unknown option '--summary'"
# Several captures are merged by time, as for parse. The same capture twice:
# each connect attempt comes twice on its socket and is counted once.
run 0 report "$etl" "$etl" --format json
jq -e -s 'length == 2 and .[0].count == 3 and .[1].count == 1' "$work/out" >/dev/null ||
	fail "two captures: $(cat "$work/out")"
run 2 report "$etl" --pid x
run 0 report --help
grep -q '^usage: wstrace report FILE.etl' "$work/out" || fail "--help text"

# An unreadable capture and an unwritable output: status 1.
run 1 report "$work/missing.etl"
run 1 report "$etl" -o "$work/no/such/dir/report.txt"
err_is "wstrace: $work/no/such/dir/report.txt: No such file or directory"

# Past 1,000 sockets the timeline counts instead of drawing: 1,005 short
# sockets of pid 4000 to 192.0.2.9:80 (create, connect, connect_complete, close).
big="$work/big.scn"
{
	echo "capture build=19045 cpus=1 pointer=8 buffer=65536 start=2026-11-20T09:15:00Z logger=wstrace-fixture"
	awk 'BEGIN { for (i = 0; i < 1005; i++) {
		t = i * 0.001; ep = sprintf("Process=0xffffb30f1a2e3080 Endpoint=0xffffb30f%08x", 0x10000 + i * 16)
		printf "%.7f cpu=0 pid=4000 tid=4004 id=1 %s AddressFamily=2 SocketType=1 Protocol=6 UserModePid=4000\n", t, ep
		printf "%.7f cpu=0 pid=4000 tid=4004 id=4 %s Address=192.0.2.9 Port=80\n", t + 0.0001, ep
		printf "%.7f cpu=0 pid=4000 tid=4004 id=6 %s Error=0\n", t + 0.0002, ep
		printf "%.7f cpu=0 pid=4000 tid=4004 id=13 %s Error=0\n", t + 0.0005, ep } }'
} >"$big"
python3 "$tests/tools/etlgen.py" "$big" "$work/big.etl"
run 0 report "$work/big.etl" --format html
[ "$(grep -c '<g class="sock' "$work/out")" = 1000 ] || fail "HTML: 1000 socket bars expected"
grep -q '>+5 sockets not drawn</text>' "$work/out" || fail "HTML: the 5 sockets past the ceiling are not counted"
run 0 report "$work/big.etl" --format json
jq -e -s 'length == 1 and .[0].finding == "socket_churn" and .[0].count == 1005 and .[0].endpoints_more == 997' \
	"$work/out" >/dev/null || fail "1005 short sockets: $(cat "$work/out")"

echo "report_cli: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
