#!/bin/sh
# run-all.sh [BUILD_DIR]: every test. Installs what is missing, builds
# wstrace with warnings as errors and runs the test suite through ctest;
# then the whole suite again under AddressSanitizer and UndefinedBehavior-
# Sanitizer (tests/run-sanitizers.sh, in BUILD_DIR-san); then cross-builds
# wstrace.exe with mingw-w64 and runs its tests under Wine
# (tests/windows/run.sh, in BUILD_DIR-win).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
sh "$here/tests/setup-debian.sh"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWSTRACE_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
ctest --test-dir "$build" --output-on-failure -j2
sh "$here/tests/run-sanitizers.sh" "$build-san"
sh "$here/tests/windows/run.sh" "$build-win"
