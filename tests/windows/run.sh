#!/bin/sh
# run.sh [BUILD_DIR [CTEST_ARGS...]]
#
# Builds wstrace.exe and the Windows tests with mingw-w64 on Debian and
# runs them under Wine through ctest. Everything it needs is installed
# here (apt-get), cJSON and cmocka are cross-built from Debian's sources
# (cross-deps.sh, cached in BUILD_DIR/deps), and a native wstrace is built
# in BUILD_DIR/host so that wstrace.exe's output can be compared with the
# Linux build's. BUILD_DIR defaults to build-win in the checkout;
# CTEST_ARGS (for example -R '^win_package') choose the tests, all by
# default.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-win}
[ $# = 0 ] || shift
mkdir -p "$build"
build=$(cd "$build" && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

sudo_cmd() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian 12: 64-bit Wine is the wine64 package (wine is its launcher);
# dpkg-dev is for `apt-get source`; libcjson-dev for the native build.
packages="cmake make gcc python3 libcjson-dev gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
          wine wine64 dpkg-dev util-linux"
missing=
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "run.sh: installing$missing"
	sudo_cmd apt-get update -qq
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >/dev/null
fi

sh "$root/tests/windows/cross-deps.sh" "$build/deps"

# The reference: the same sources built natively.
cmake -S "$root" -B "$build/host" -DWSTRACE_TESTS=OFF >/dev/null
cmake --build "$build/host" -j"$jobs" >/dev/null

cmake -S "$root" -B "$build" \
	-DCMAKE_TOOLCHAIN_FILE="$root/tests/windows/mingw-w64-x86_64.cmake" \
	-DCMAKE_PREFIX_PATH="$build/deps" \
	-DWST_HOST_WSTRACE="$build/host/wstrace" >/dev/null
cmake --build "$build" -j"$jobs"

# One Wine prefix for all tests, made before ctest starts them in parallel
# (wine-run.sh would also make it, under a lock), and one wineserver with
# Wine's own services for the whole run, started here with their output
# to a file: a service started by a test would hold that test's output
# pipe open, and ctest would wait for it.
export WST_WINEPREFIX="$build/wineprefix"
export WINEPREFIX="$WST_WINEPREFIX"
"$root/tests/windows/wine-run.sh" "$build/wstrace.exe" --version </dev/null >"$build/wine-start.log" 2>&1
wineserver -w
wineserver -p
trap 'wineserver -k 2>/dev/null || true' EXIT
"$root/tests/windows/wine-run.sh" "$build/wstrace.exe" --version </dev/null >"$build/wine-start.log" 2>&1
cat "$build/wine-start.log"

ctest --test-dir "$build" -j"$jobs" --output-on-failure "$@"
