#!/bin/sh
# run.sh [SECONDS] [HARNESS...]: builds the libFuzzer harnesses with clang
# (ASan + UBSan) in their own build directory and runs the given harnesses
# (default: etl payload filter names) for SECONDS each (default 60), all at the
# same time, one core each. The corpus grows across runs in
# BUILD/corpus/HARNESS; crashes, leaks, timeouts and out-of-memory inputs
# land in BUILD/artifacts/HARNESS/, and the run then fails. See
# docs/hardening.md for turning one into a regression input.
#
# Environment: WSTRACE_FUZZ_BUILD (default build-fuzz beside the sources),
# WSTRACE_FUZZ_FLAGS (more libFuzzer flags, e.g. "-jobs=2").
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-etl payload filter names}
build=${WSTRACE_FUZZ_BUILD:-$here/build-fuzz}
shared=$here/../shared/data/etl

sh "$here/tests/setup-debian.sh"
if ! command -v clang >/dev/null 2>&1 || ! clang -fsanitize=fuzzer -x c -o /dev/null - \
	<<'C' >/dev/null 2>&1
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
C
then
	if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
	echo "run.sh: installing clang and its libFuzzer runtime" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		clang libclang-rt-dev >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
			clang libclang-rt-14-dev >/dev/null
fi

cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER=clang -DWSTRACE_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=""
for h in $harnesses; do targets="$targets fuzz_$h"; done
# shellcheck disable=SC2086
cmake --build "$build" -j2 --target $targets
python3 "$here/tests/fuzz/make_seeds.py" "$build/seeds"

for h in $harnesses; do
	mkdir -p "$build/corpus/$h" "$build/artifacts/$h" "$build/logs"
	case $h in
	etl) opts="-max_len=131072 -dict=$here/tests/fuzz/etl.dict"
	     extra=""; [ -d "$shared" ] && extra=$shared ;;
	filter) opts="-max_len=4096 -dict=$here/tests/fuzz/filter.dict"; extra="" ;;
	*) opts="-max_len=4096"; extra="" ;;
	esac
	echo "run.sh: fuzz_$h for ${secs}s, log in $build/logs/$h.log" >&2
	# shellcheck disable=SC2086
	"$build/tests/fuzz/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="$build/artifacts/$h/" \
		$opts ${WSTRACE_FUZZ_FLAGS:-} "$build/corpus/$h" "$build/seeds/$h" $extra \
		>"$build/logs/$h.log" 2>&1 &
done
wait

status=0
for h in $harnesses; do
	last=$(grep -E '^#[0-9]+' "$build/logs/$h.log" | tail -1)
	execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$build/logs/$h.log")
	echo "fuzz_$h: ${last:-no progress line} | exec/s ${execs:-?}"
	found=$(find "$build/artifacts/$h" -type f | head -20)
	if [ -n "$found" ]; then
		echo "fuzz_$h: FINDINGS:" $found
		status=1
	fi
done
exit $status
