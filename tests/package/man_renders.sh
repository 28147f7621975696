#!/bin/sh
# man_renders.sh MAN_PAGE WORKDIR
#
# The manual page renders without a warning, with groff's every warning on
# and through man-db as a user reads it (`man -l`), with its sections.
set -u
page=$1 work=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
mkdir -p "$work"

groff -ww -man -Tutf8 -z "$page" 2>"$work/groff.err" || fail "groff: status $?"
[ -s "$work/groff.err" ] && fail "groff -ww: $(head -3 "$work/groff.err")"
MANWIDTH=80 man --warnings -l "$page" >"$work/page.txt" 2>"$work/man.err" || fail "man -l: status $?"
[ -s "$work/man.err" ] && fail "man --warnings -l: $(head -3 "$work/man.err")"
for heading in NAME SYNOPSIS COMMANDS "EXIT STATUS" EXAMPLES; do
	grep -qx "$heading" "$work/page.txt" || fail "the rendered page has no $heading"
done
echo "$(wc -l <"$work/page.txt") lines rendered, $failures failed"
[ "$failures" = 0 ]
