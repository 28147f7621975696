#!/bin/sh
# version.sh WSTRACE_CMD VERSION SOURCE_DIR WORKDIR
#
# `wstrace --version` prints "wstrace VERSION (COMMIT)": VERSION from
# project() (passed by CMake), COMMIT the short hash of the checkout's HEAD
# (a stale one means the build missed a commit). Then the fallbacks of
# cmake/version.cmake: a `git archive` tarball, unpacked inside another
# checkout, names its commit through cmake/commit.txt; a plain copy of the
# files says "unknown".
set -u
wstrace=$1 version=$2 src=$3 work=$4
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

commit_of() {
	cmake -DSOURCE_DIR="$1" -P "$src/tests/package/print_commit.cmake" 2>&1
}

if ! head=$(git -C "$src" rev-parse --short HEAD 2>/dev/null); then
	echo "version.sh: $src is not a git checkout: nothing to compare the commit with" >&2
	exit 77
fi
got=$("$wstrace" --version | tr -d '\r')
[ "$got" = "wstrace $version ($head)" ] || fail "wstrace --version: '$got', expected 'wstrace $version ($head)'"

rm -rf "$work"
mkdir -p "$work/archive" "$work/plain"
git -C "$src" archive HEAD cmake | tar -x -C "$work/archive" || fail "git archive HEAD cmake"
got=$(commit_of "$work/archive")
[ "$got" = "$head" ] || fail "commit of a git archive tarball: '$got', expected '$head'"
cp -R "$src/cmake" "$work/plain/"
got=$(commit_of "$work/plain")
[ "$got" = unknown ] || fail "commit of a plain copy: '$got', expected 'unknown'"

echo "version and commit: $failures failed"
[ "$failures" = 0 ]
