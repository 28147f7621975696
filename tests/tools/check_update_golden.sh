#!/bin/sh
# check_update_golden.sh WSTRACE WORKDIR: update_golden.sh writes again
# exactly the committed goldens, exit statuses (.status files) included,
# and stops loudly when wstrace fails (issue 9, defect 9: it ended in
# `|| true` and never wrote a .status file).
set -u
wstrace=$1 work=$2
here=$(cd "$(dirname "$0")/.." && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$work"
mkdir -p "$work/build" "$work/golden" "$work/broken"
ln -s "$wstrace" "$work/build/wstrace"
sh "$here/tools/update_golden.sh" "$work/build" "$work/golden" || fail "update_golden.sh: exit $?"
# Every expected file and status, nothing more, nothing less (TESTLIST is the source's).
for f in "$here"/golden/*; do
	name=$(basename "$f")
	[ "$name" = TESTLIST ] && continue
	cmp -s "$f" "$work/golden/$name" || fail "$name differs or is missing"
done
for f in "$work"/golden/*; do
	[ -e "$here/golden/$(basename "$f")" ] || fail "$(basename "$f") written, not committed"
done

# A wstrace that fails (status 2, a usage error) must stop the update.
printf '#!/bin/sh\nexit 2\n' >"$work/broken/wstrace"
chmod +x "$work/broken/wstrace"
if sh "$here/tools/update_golden.sh" "$work/broken" "$work/broken-golden" 2>"$work/err"; then
	fail "update_golden.sh with a failing wstrace: exit 0"
fi
grep -q "^update_golden: .*exited 2$" "$work/err" || fail "no message for the failing wstrace: $(cat "$work/err")"

echo "check_update_golden: $failures failures"
[ "$failures" = 0 ]
