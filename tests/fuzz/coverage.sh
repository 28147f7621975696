#!/bin/sh
# coverage.sh: line and branch coverage of src/ reached by the fuzz corpora
# (BUILD/corpus/HARNESS from run.sh, plus the seeds and regression inputs),
# per harness and per file, with clang's source-based coverage. Builds the
# plain replay programs in BUILD/cov; BUILD is WSTRACE_FUZZ_BUILD or
# build-fuzz beside the sources.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${WSTRACE_FUZZ_BUILD:-$here/build-fuzz}
cov=$build/cov
flags="-fprofile-instr-generate -fcoverage-mapping"
cmake -S "$here" -B "$cov" -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS="$flags" \
	-DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$cov" -j2 --target replay_etl replay_payload replay_filter >/dev/null
for h in etl payload filter; do
	rm -f "$cov/$h".*.profraw
	dirs="$here/tests/fuzz/regressions/$h"
	for d in "$build/corpus/$h" "$build/seeds/$h"; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	LLVM_PROFILE_FILE="$cov/$h.%p.profraw" "$cov/tests/fuzz/replay_$h" $dirs >/dev/null 2>&1
	llvm-profdata merge -sparse "$cov/$h".*.profraw -o "$cov/$h.profdata"
	echo "== fuzz_$h"
	llvm-cov report "$cov/tests/fuzz/replay_$h" -instr-profile="$cov/$h.profdata" \
		"$here/src" | sed "s|$here/||"
done
