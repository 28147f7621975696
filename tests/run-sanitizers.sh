#!/bin/sh
# run-sanitizers.sh [BUILD_DIR]: builds all of wstrace with gcc's
# AddressSanitizer and UndefinedBehaviorSanitizer (every report fatal) and
# runs the whole ctest suite under them: unit, golden, CLI, fuzz replays and
# hostile inputs. Every report aborts the program (status 134, which the
# tests see); AddressSanitizer's reports, leaks included, also go to
# BUILD_DIR/sanitizer-logs, so that one in a program whose status a test
# ignores still fails the run. (UBSan, sharing ASan's runtime, prints to
# stderr only.)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-san}
sh "$here/tests/setup-debian.sh"

flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
mkdir -p "$build"
# gcc on Debian brings libasan and libubsan; say so plainly if they are missing.
if ! printf 'int main(void) { return 0; }\n' | gcc $flags -x c - -o "$build/sanitizer-check"; then
	echo "run-sanitizers: gcc cannot build with $flags (libasan/libubsan missing?)" >&2
	exit 1
fi
cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"

logs=$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:log_path=$logs/asan"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export ASAN_OPTIONS UBSAN_OPTIONS
status=0
ctest --test-dir "$build" --output-on-failure -j2 || status=$?
if [ -n "$(ls -A "$logs")" ]; then
	echo "run-sanitizers: sanitizer reports:" >&2
	for f in "$logs"/*; do
		echo "== $f" >&2
		head -40 "$f" >&2
	done
	status=1
fi
exit $status
