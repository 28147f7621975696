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
expect 0 "" -- "$wstrace" --help
grep -q "parse FILE.etl" "$work/out" || fail "--help does not list parse"
grep -q "^  run PROGRAM " "$work/out" || fail "--help does not list run"
expect 0 "" -- "$wstrace" parse --help
grep -q -- "--errors" "$work/out" || fail "parse --help does not list --errors"
expect 1 "runs only on Windows" -- "$wstrace" start
expect 1 "'run' captures live through Windows' event tracing and runs only on Windows" -- \
	"$wstrace" run -- cmd.exe /c exit 3

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

# The real captures: info agrees with what their README says.
if [ -d "$shared/data/etl" ]; then
	expect 0 "" -- "$wstrace" info "$shared/data/etl/powershell.etl" --format json
	jq -e '.buffers == 26 and .buffer_size == 8192 and .os_build == 22623 and .records.event_header == 112
	       and (.providers["{a0c1853b-5c40-4b15-8766-3cf1c58f985a}"] | [.[]] | add) == 112' \
		"$work/out" >/dev/null || fail "powershell.etl info: $(cat "$work/out")"
	expect 4 "the capture lost events" -- "$wstrace" parse "$shared/data/etl/AMSITrace.etl" --all-providers --format json
	jq -e -s 'length == 19 and all(.[]; .provider == "{8e805eb3-6a8f-4a1e-90fa-a831d94e54a1}")' \
		"$work/out" >/dev/null || fail "AMSITrace.etl --all-providers: $(head -c 300 "$work/out")"
fi

echo "cli_behaviour: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
