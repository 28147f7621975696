#!/bin/sh
# package_zip.sh BUILD_DIR VERSION SOURCE_DIR WORKDIR WSTRACE_EMULATOR LINUX_WSTRACE OBJDUMP
#
# What a Windows user downloads: `cpack` makes wstrace-VERSION-win64.zip
# holding one folder of that name with wstrace.exe, README.md, LICENSE and
# docs/*.md, and nothing else. The zipped wstrace.exe, unpacked and run
# under Wine, prints what the Linux build prints (--version, the demo
# capture as text and JSON) and imports only Windows' own DLLs.
set -u
build=$1 version=$2 src=$3 work=$4 emulator=$5 linux=$6 objdump=$7
here=$(cd "$(dirname "$0")" && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$work"
mkdir -p "$work"
cpack --config "$build/CPackConfig.cmake" -G ZIP -B "$work/cpack" >"$work/cpack.log" 2>&1 ||
	{ cat "$work/cpack.log" >&2; fail "cpack -G ZIP"; }
top=wstrace-$version-win64
zip=$work/cpack/$top.zip
if [ ! -f "$zip" ]; then
	fail "no $top.zip: $(ls "$work/cpack")"
	exit 1
fi

# Exactly these files.
{
	for f in wstrace.exe README.md LICENSE; do echo "$top/$f"; done
	for f in "$src"/docs/*.md; do echo "$top/docs/$(basename "$f")"; done
} | sort >"$work/expected.txt"
python3 -c 'import sys, zipfile
for n in zipfile.ZipFile(sys.argv[1]).namelist():
    if not n.endswith("/"): print(n)' "$zip" | sort >"$work/zipped.txt" || fail "cannot read $zip"
cmp -s "$work/expected.txt" "$work/zipped.txt" ||
	fail "the zip's files: $(diff "$work/expected.txt" "$work/zipped.txt" | grep '^[<>]' | head -4 | tr '\n' ' ')"

python3 -m zipfile -e "$zip" "$work/unzipped" || fail "cannot unpack $zip"
dir=$work/unzipped/$top
exe=$dir/wstrace.exe
cmp -s "$dir/README.md" "$src/README.md" || fail "README.md in the zip differs from the source's"
cmp -s "$dir/LICENSE" "$src/LICENSE" || fail "LICENSE in the zip differs from the source's"

sh "$here/exe_imports.sh" "$objdump" "$exe" || fail "the zipped wstrace.exe imports DLLs that do not come with Windows"
got=$("$emulator" "$exe" --version | tr -d '\r')
[ "$got" = "$("$linux" --version)" ] || fail "zipped wstrace.exe --version: '$got', Linux: '$("$linux" --version)'"
demo=$src/tests/fixtures/demo.etl
for format in text json; do
	"$linux" parse "$demo" --format "$format" >"$work/linux.$format"
	"$emulator" "$exe" parse "$demo" --format "$format" >"$work/zipped.$format" ||
		fail "zipped wstrace.exe parse --format $format: status $?"
	cmp -s "$work/linux.$format" "$work/zipped.$format" ||
		fail "zipped wstrace.exe parse --format $format prints other lines than Linux"
done

echo "$top.zip: $(wc -c <"$zip") bytes, $(wc -l <"$work/zipped.txt") files, wstrace.exe $(wc -c <"$exe") bytes; $failures failed"
[ "$failures" = 0 ]
