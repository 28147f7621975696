#!/bin/sh
# cli_behaviour.sh WSTRACE TESTS_DIR WORKDIR SHARED_DIR
# The command line as a user meets it: usage errors, unreadable input,
# damaged input, closed pipes, full disks, JSON that jq accepts.
set -u
wstrace=$1 tests=$2 work=$3 shared=$4
mkdir -p "$work"
failures=0 checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS STDERR-PATTERN -- COMMAND...: exit status and a line of stderr.
expect() {
	want=$1 pattern=$2
	shift 3
	checks=$((checks + 1))
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	[ "$got" = "$want" ] || fail "$*: exit $got, expected $want ($(head -c 300 "$work/err"))"
	if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/err"; then
		fail "$*: stderr lacks '$pattern': $(head -c 300 "$work/err")"
	fi
}

# expect_only STATUS STDERR -- COMMAND...: exit status and the whole of stderr.
expect_only() {
	want_status=$1 want_err=$2
	shift 3
	expect "$want_status" "" -- "$@"
	[ "$(cat "$work/err")" = "$want_err" ] ||
		fail "$*: stderr is '$(head -c 300 "$work/err")', expected '$want_err'"
}

demo=$tests/fixtures/demo.etl

expect 2 "no command given" -- "$wstrace"
expect 2 "unknown command 'frobnicate'" -- "$wstrace" frobnicate
expect 2 "parse needs a capture file" -- "$wstrace" parse
expect 2 "unknown format 'xml'" -- "$wstrace" parse "$demo" --format xml
expect 2 "invalid port '70000'" -- "$wstrace" parse "$demo" --port 70000
expect 2 "unknown event 'nosuch'" -- "$wstrace" parse "$demo" --event nosuch
expect 2 "invalid address '10.0.0.300'" -- "$wstrace" parse "$demo" --addr 10.0.0.300
expect 2 "invalid prefix length" -- "$wstrace" parse "$demo" --addr 10.0.0.0/33
expect 2 "needs a value" -- "$wstrace" parse "$demo" --pid
expect 2 "takes no value" -- "$wstrace" parse "$demo" --errors=yes
expect 2 "unknown option '--bogus'" -- "$wstrace" parse "$demo" --bogus
expect 2 "invalid --max-sockets" -- "$wstrace" parse "$demo" --max-sockets 0
# Numbers in options: plain decimal in range, nothing else (issue 9, defect 6).
refuse_numbers() {
	checks=$((checks + 1))
	sh "$tests/cli/refuse_numbers.sh" "$wstrace" "$work/numbers" "$@" >/dev/null ||
		fail "refuse_numbers.sh $*"
}
refuse_numbers dec 16777216 "invalid --max-sockets" parse "$demo" --max-sockets
refuse_numbers dec 4294967295 "invalid process id" parse "$demo" --pid
refuse_numbers dec 65535 "invalid port" parse "$demo" --port
refuse_numbers dec 5 "invalid level" parse "$demo" --level
expect 2 "invalid prefix length in '10.0.0.0/010': leading zero" -- "$wstrace" parse "$demo" --addr 10.0.0.0/010
expect 2 "invalid prefix length in '::/+5': not a decimal number" -- "$wstrace" parse "$demo" --addr ::/+5
expect 2 "unknown event '010'" -- "$wstrace" parse "$demo" --event 010
expect 0 "" -- "$wstrace" parse "$demo" --max-sockets=16777216 --port 0 --pid 4294967295 --level 5
expect 0 "" -- "$wstrace" --help
grep -q "parse FILE.etl" "$work/out" || fail "--help does not list parse"
grep -q "^  run PROGRAM " "$work/out" || fail "--help does not list run"
expect 0 "" -- "$wstrace" parse --help
# The help is printed from the option table: every option is in it.
for option in --format --summary --summary-only --all-providers --unbuffered --max-sockets \
              --pid --port --addr --event --errors --level --help; do
	grep -q -- "^  \(-., \)\?$option\( \|\$\)" "$work/out" || fail "parse --help does not list $option"
done
expect 0 "" -- "$wstrace" info --help
grep -q -- "^  --format text|json " "$work/out" || fail "info --help does not list --format"
expect 0 "" -- "$wstrace" events -h
grep -q -- "^  --format text|json " "$work/out" || fail "events -h does not list --format"
expect 2 "events takes no arguments; 'x.etl' is not an option" -- "$wstrace" events x.etl
expect 1 "runs only on Windows" -- "$wstrace" start
expect 1 "'run' captures live through Windows' event tracing and runs only on Windows" -- \
	"$wstrace" run -- cmd.exe /c exit 3
# "--" ends the options: a file may then start with "-".
cp "$demo" "$work/-demo.etl"
checks=$((checks + 1))
(cd "$work" && "$wstrace" parse --max-sockets 4 -- -demo.etl >dashdash.out 2>dashdash.err) ||
	fail "parse -- -demo.etl: exit $?: $(cat "$work/dashdash.err")"
[ "$(wc -l <"$work/dashdash.out")" = 100 ] || fail "parse -- -demo.etl: $(wc -l <"$work/dashdash.out") lines, expected 100"
(cd "$work" && "$wstrace" parse -demo.etl >/dev/null 2>dashdash.err)
[ $? = 2 ] && grep -q "unknown option '-demo.etl'" "$work/dashdash.err" || fail "parse -demo.etl: $(cat "$work/dashdash.err")"

# Unreadable input: one line naming the file, exit 1.
expect 1 "$work/missing.etl: " -- "$wstrace" parse "$work/missing.etl"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "missing file: more than one line on stderr"
expect 1 "is a directory" -- "$wstrace" parse "$work"
: >"$work/empty.etl"
expect 1 "$work/empty.etl: " -- "$wstrace" parse "$work/empty.etl"
head -c 1 "$demo" >"$work/one-byte.etl"
expect 1 "$work/one-byte.etl: " -- "$wstrace" info "$work/one-byte.etl"

# Every JSON line is valid for jq, and the demo's numbers are right.
expect 0 "" -- "$wstrace" parse "$demo" --format json
jq -e -s 'length > 0 and all(.[]; .v == 1 and (.ts | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{7}Z$")))' \
	"$work/out" >/dev/null || fail "demo JSON lines are not all valid v1 records"

# Damaged input: a data buffer whose first record claims size 0 is reported
# with its offset, the rest is decoded, and the exit status says so.
buffer_size=$(od -An -tu4 -N4 "$demo" | tr -d ' ')
cp "$demo" "$work/damaged.etl"
printf '\000\000' | dd of="$work/damaged.etl" bs=1 seek=$((buffer_size + 72)) conv=notrunc 2>/dev/null
expect 3 "offset 0x" -- "$wstrace" parse "$work/damaged.etl" --format json
[ -s "$work/out" ] || fail "damaged capture: nothing decoded"
good=$("$wstrace" parse "$demo" | wc -l)
damaged=$(wc -l <"$work/out")
[ "$damaged" -lt "$good" ] || fail "damaged capture: $damaged lines, expected fewer than $good"

# A closed pipe ends the program quietly with status 0; a full disk is an error.
awk 'BEGIN {
	print "capture build=19041 cpus=2 pointer=8 buffer=65536";
	for (i = 0; i < 40000; i++)
		printf "%.7f cpu=%d pid=4 tid=8 id=24 Process=0xffff0000%08x Endpoint=0xffff1000%08x Buffer=0x1000 BufferLength=%d\n", i / 1000000.0, i % 2, i, i % 97, i;
}' >"$work/big.scn"
python3 "$tests/tools/etlgen.py" "$work/big.scn" "$work/big.etl" || fail "etlgen big.scn"
checks=$((checks + 1))
status=$( ( "$wstrace" parse "$work/big.etl" --format json 2>"$work/err"; echo $? >"$work/status" ) | head -1 >/dev/null; cat "$work/status")
[ "$status" = 0 ] || fail "parse | head -1: exit $status"
[ -s "$work/err" ] && fail "parse | head -1: stderr: $(cat "$work/err")"
if [ -w /dev/full ]; then
	checks=$((checks + 1))
	"$wstrace" parse "$demo" >/dev/full 2>"$work/err"
	status=$?
	[ "$status" = 1 ] || fail "parse >/dev/full: exit $status"
	grep -q "write error" "$work/err" || fail "parse >/dev/full: no write error message"
fi

# Evictions are said, once, at the end (issue 9, defect 1); the JSON's
# stats line is in the golden demo-evictions.jsonl.
expect_only 0 "wstrace: 5 sockets evicted from the endpoint table (--max-sockets 1): later events of those sockets lack their addresses" -- \
	"$wstrace" parse "$demo" --max-sockets 1
expect_only 0 "wstrace: 3 sockets evicted from the endpoint table (--max-sockets 3): later events of those sockets lack their addresses" -- \
	"$wstrace" parse "$demo" --max-sockets 3 --summary-only
expect_only 0 "" -- "$wstrace" parse "$demo" --max-sockets 4

# The real captures: info agrees with what their README says.
if [ -d "$shared/data/etl" ]; then
	# None holds an AFD event: parse says so rather than print nothing.
	etl=$shared/data/etl
	expect_only 0 "wstrace: $etl/pktmon-ws2022.etl: no Winsock-AFD events in this capture (403 events of 1 other provider: 'wstrace info' lists them, --all-providers prints them)" -- \
		"$wstrace" parse "$etl/pktmon-ws2022.etl"
	[ -s "$work/out" ] && fail "pktmon-ws2022.etl: printed $(head -c 200 "$work/out")"
	expect_only 0 "wstrace: $etl/powershell.etl: no Winsock-AFD events in this capture (112 events of 1 other provider: 'wstrace info' lists them)" -- \
		"$wstrace" parse "$etl/powershell.etl" --all-providers --format json
	[ "$(wc -l <"$work/out")" = 112 ] || fail "powershell.etl --all-providers: $(wc -l <"$work/out") lines"
	expect 0 "" -- "$wstrace" info "$shared/data/etl/powershell.etl" --format json
	jq -e '.buffers == 26 and .buffer_size == 8192 and .os_build == 22623 and .records.event_header == 112
	       and (.providers["{a0c1853b-5c40-4b15-8766-3cf1c58f985a}"] | [.[]] | add) == 112' \
		"$work/out" >/dev/null || fail "powershell.etl info: $(cat "$work/out")"
	# info names the providers it knows beside their GUIDs, in text and JSON.
	expect 0 "" -- "$wstrace" info "$etl/pktmon-ws2022.etl"
	grep -qx "  {4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac} Microsoft-Windows-PktMon  id 160   114" "$work/out" ||
		fail "pktmon-ws2022.etl info text: $(grep -m1 4d4f80d9 "$work/out")"
	expect 0 "" -- "$wstrace" info "$etl/pktmon-ws2022.etl" --format json
	jq -e '.provider_names == {"{4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac}": "Microsoft-Windows-PktMon"}' \
		"$work/out" >/dev/null || fail "pktmon-ws2022.etl info provider_names: $(jq -c .provider_names "$work/out")"
	expect 0 "" -- "$wstrace" info "$etl/lxcore_kernel.etl" --format json
	jq -e 'has("provider_names") | not' "$work/out" >/dev/null || fail "lxcore_kernel.etl: provider_names for an unknown provider"
	expect 4 "the capture lost events" -- "$wstrace" parse "$shared/data/etl/AMSITrace.etl" --all-providers --format json
	jq -e -s 'length == 19 and all(.[]; .provider == "{8e805eb3-6a8f-4a1e-90fa-a831d94e54a1}")' \
		"$work/out" >/dev/null || fail "AMSITrace.etl --all-providers: $(head -c 300 "$work/out")"
fi

echo "cli_behaviour: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
