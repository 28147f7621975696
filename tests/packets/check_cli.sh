#!/bin/sh
# check_cli.sh WSTRACE SHARED_DIR WORKDIR
# wstrace pcap as a user meets it: usage errors, a terminal refused, files
# that cannot be read or written, a closed pipe, standard output.
set -u
wstrace=$1 shared=$2 work=$3
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS STDERR-PATTERN -- COMMAND...
expect() {
	want=$1 pattern=$2
	shift 3
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	[ "$got" = "$want" ] || fail "$*: exit $got, expected $want ($(head -c 300 "$work/err"))"
	if [ -n "$pattern" ] && ! grep -q -- "$pattern" "$work/err"; then
		fail "$*: stderr lacks '$pattern': $(head -c 300 "$work/err")"
	fi
}

ws=$shared/data/etl/pktmon-ws2022.etl
expect 2 "pcap needs a capture file" -- "$wstrace" pcap
expect 2 "unknown option '--bogus'" -- "$wstrace" pcap "$ws" --bogus
expect 2 "option '-o' needs a value" -- "$wstrace" pcap "$ws" -o
expect 2 "takes no value" -- "$wstrace" pcap "$ws" --once=yes
expect 2 "invalid port" -- "$wstrace" pcap "$ws" --port 70000
expect 2 "unknown option '--level'" -- "$wstrace" pcap "$ws" --level 4
expect 0 "" -- "$wstrace" pcap --help
grep -q -- "--once" "$work/out" || fail "pcap --help does not list --once"
"$wstrace" --help | grep -q "pcap FILE.etl" || fail "wstrace --help does not list pcap"

# One line naming the file, status 1; nothing written.
expect 1 "$work/missing.etl: " -- "$wstrace" pcap "$work/missing.etl" -o "$work/x.pcapng"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "missing file: more than one line on stderr"
expect 1 "cannot create" -- "$wstrace" pcap "$ws" -o "$work/no/such/dir/x.pcapng"

# A capture without packets: an empty pcapng, and a warning.
demo=$(dirname "$0")/../fixtures/demo.etl
expect 0 "warning: no packet events (PktMon 160/170, NDIS-PacketCapture 1001/1003) in $demo" -- \
	"$wstrace" pcap "$demo" -o "$work/demo.pcapng"

if [ -f "$ws" ]; then
	# Standard output when it is a file or a pipe, the same bytes as -o.
	expect 0 "" -- "$wstrace" pcap "$ws" -o "$work/a.pcapng"
	"$wstrace" pcap "$ws" >"$work/b.pcapng" || fail "pcap to a redirected stdout failed"
	cmp -s "$work/a.pcapng" "$work/b.pcapng" || fail "stdout and -o differ"
	"$wstrace" pcap "$ws" -o - | cat >"$work/c.pcapng"
	cmp -s "$work/a.pcapng" "$work/c.pcapng" || fail "-o - through a pipe differs"
	# A reader that goes away: quiet, status 0.
	"$wstrace" pcap "$ws" 2>"$work/err" | head -c 10 >/dev/null
	[ ! -s "$work/err" ] || fail "closed pipe: $(cat "$work/err")"
	# A terminal is refused (script gives the command one), -o - too.
	if command -v script >/dev/null 2>&1; then
		for o in "" "-o -"; do
			script -qec "$wstrace pcap $ws $o" /dev/null >"$work/tty" 2>&1
			[ $? -eq 2 ] && grep -q "pcap writes binary pcapng" "$work/tty" ||
				fail "a terminal not refused with '$o': $(head -c 200 "$work/tty")"
		done
	fi
	# A full disk: one line, status 1.
	if [ -w /dev/full ]; then
		expect 1 "write error" -- "$wstrace" pcap "$ws" -o /dev/full
	fi
fi
[ "$failures" -eq 0 ] || exit 1
echo "pcap command line: as expected"
