#!/bin/sh
# same_as_linux.sh LINUX_WSTRACE WSTRACE_EXE_CMD WORKDIR FILE.etl... DIR...
#
# (d) wstrace.exe parse prints, byte for byte, what the Linux build prints
# for the same captures (the bundled demo and the shared real captures),
# with the same exit status, in text and JSON, with and without the other
# providers' events.
set -u
linux=$1 exe=$2 work=$3
shift 3
mkdir -p "$work"
failures=0 checks=0 files=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

compare() {
	file=$1
	shift
	checks=$((checks + 1))
	"$linux" parse "$file" "$@" >"$work/linux.out" 2>/dev/null
	ls=$?
	"$exe" parse "$file" "$@" >"$work/win.out" 2>"$work/win.err"
	ws=$?
	# On a mismatch, what Windows' side said (wstrace's or Wine's own line).
	[ "$ls" = "$ws" ] ||
		fail "$file $*: exit $ws on Windows, $ls on Linux: $(head -c 300 "$work/win.err")"
	cmp -s "$work/linux.out" "$work/win.out" ||
		fail "$file $*: output differs: $(cmp "$work/linux.out" "$work/win.out" 2>&1 | head -1)"
}

check_file() {
	[ -f "$1" ] || return 0
	files=$((files + 1))
	compare "$1"
	compare "$1" --format json
	compare "$1" --format json --all-providers
	compare "$1" --all-providers --summary
}

for arg in "$@"; do
	if [ -d "$arg" ]; then
		for file in "$arg"/*.etl; do
			check_file "$file"
		done
	else
		check_file "$arg"
	fi
done
[ "$files" -gt 1 ] || fail "no shared captures found"
echo "$((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
