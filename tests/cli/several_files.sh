#!/bin/sh
# several_files.sh WSTRACE TESTS_DIR WORKDIR
# parse FILE.etl...: captures merged by time into one stream, whichever
# order they are given in; a file that cannot be opened fails the run with
# one line; problems are named per file.
set -u
wstrace=$1 tests=$2 work=$3
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for s in life-tcp-client life-udp-no-create edge-cases; do
	python3 "$tests/tools/etlgen.py" "$tests/fixtures/$s.scn" "$work/$s.etl" || fail "etlgen $s"
done
a=$work/life-tcp-client.etl b=$work/life-udp-no-create.etl

# The two files' JSON lines, merged by time (a stable sort keeps each
# file's own order; the fixtures share no timestamp), are parse's of both.
"$wstrace" parse "$a" --format json >"$work/a.jsonl" || fail "parse a"
"$wstrace" parse "$b" --format json >"$work/b.jsonl" || fail "parse b"
cat "$work/a.jsonl" "$work/b.jsonl" | jq -s -c 'sort_by(.ts) | .[]' >"$work/want.jsonl"
"$wstrace" parse "$a" "$b" --format json >"$work/ab.jsonl" || fail "parse a b"
"$wstrace" parse "$b" "$a" --format json >"$work/ba.jsonl" || fail "parse b a"
jq -c . "$work/ab.jsonl" >"$work/ab.norm"
jq -c . "$work/ba.jsonl" >"$work/ba.norm"
cmp -s "$work/want.jsonl" "$work/ab.norm" || fail "parse a b is not the time-merge of a and b"
cmp -s "$work/ab.norm" "$work/ba.norm" || fail "the order of the files changes the output"
[ "$(wc -l <"$work/ab.jsonl")" -eq $(($(wc -l <"$work/a.jsonl") + $(wc -l <"$work/b.jsonl"))) ] ||
	fail "events lost or doubled in the merge"

# A file that cannot be opened: one line naming it, status 1, nothing printed.
"$wstrace" parse "$a" "$work/missing.etl" >"$work/out" 2>"$work/err"
[ $? -eq 1 ] || fail "missing second file: not status 1"
grep -q "$work/missing.etl: " "$work/err" && [ "$(wc -l <"$work/err")" -eq 1 ] ||
	fail "missing second file: $(cat "$work/err")"
[ ! -s "$work/out" ] || fail "missing second file: output written"

# Problems belong to their file: edge-cases.etl is damaged, the other not.
"$wstrace" parse "$a" "$work/edge-cases.etl" >/dev/null 2>"$work/err"
[ $? -eq 3 ] || fail "damaged second file: not status 3"
grep -q "^wstrace: $work/edge-cases.etl: [0-9]* problems* in the file" "$work/err" ||
	fail "damaged second file not named: $(tail -2 "$work/err")"
grep -q "life-tcp-client.etl" "$work/err" && fail "problems blamed on the sound file"

[ "$failures" -eq 0 ] || exit 1
echo "several files: as expected"
