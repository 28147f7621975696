#!/bin/sh
# deb.sh BUILD_DIR VERSION WORKDIR DEMO.etl
#
# What a Linux user installs: `cmake --install` puts bin/wstrace, the
# manual page and the docs where they belong, and `cpack` packs the same
# files into wstrace_VERSION-1_ARCH.deb with its dependencies declared
# (dpkg-deb -I/-c). The packaged program, unpacked, prints what the build
# prints.
set -u
build=$1 version=$2 work=$3 demo=$4
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$work"
mkdir -p "$work"

# The install tree (the paths the issue and the man page promise).
cmake --install "$build" --prefix "$work/root/usr" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log" >&2; fail "cmake --install"; }
for f in bin/wstrace share/man/man1/wstrace.1 share/doc/wstrace/README.md \
	share/doc/wstrace/LICENSE share/doc/wstrace/docs/cli.md share/doc/wstrace/docs/windows.md; do
	[ -f "$work/root/usr/$f" ] || fail "cmake --install: no $f"
done
[ -x "$work/root/usr/bin/wstrace" ] || fail "cmake --install: bin/wstrace is not executable"
grep -q "^\.TH WSTRACE 1 .*wstrace $version" "$work/root/usr/share/man/man1/wstrace.1" ||
	fail "the installed manual page does not name wstrace $version"

# The package.
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1 ||
	{ cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
arch=$(dpkg --print-architecture)
deb=$work/cpack/wstrace_${version}-1_$arch.deb
if [ ! -f "$deb" ]; then
	fail "no $(basename "$deb"): $(ls "$work/cpack")"
	exit 1
fi
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = wstrace ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version-1" ] || fail "Version: $(field Version), expected $version-1"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
echo "$depends" | grep -Eq '(^|, )libcjson1 \(>= [0-9.]+\)(,|$)' || fail "Depends lacks libcjson1: $depends"
echo "$depends" | grep -Eq '(^|, )libc6 \(>= [0-9.]+\)(,|$)' || fail "Depends lacks libc6: $depends"
dpkg-deb -I "$deb" | grep -q '^ Description: ' || fail "no Description"

# The same files as the install tree, under /usr.
(cd "$work/root" && find . -type f | sort) >"$work/installed.txt"
dpkg-deb -c "$deb" >"$work/contents.txt"
awk '$1 !~ /^d/ { print $6 }' "$work/contents.txt" | sort >"$work/packaged.txt"
cmp -s "$work/installed.txt" "$work/packaged.txt" ||
	fail "the package's files differ from the install tree: $(diff "$work/installed.txt" "$work/packaged.txt" | grep '^[<>]' | head -3 | tr '\n' ' ')"
grep -q '^-rwxr-xr-x root/root .* \./usr/bin/wstrace$' "$work/contents.txt" ||
	fail "./usr/bin/wstrace is not root's, mode 0755, in the package"

# The packaged (stripped) program prints what the build prints.
dpkg-deb -x "$deb" "$work/unpacked"
packaged=$work/unpacked/usr/bin/wstrace
[ "$("$packaged" --version)" = "$("$build/wstrace" --version)" ] || fail "packaged wstrace --version differs"
"$packaged" parse "$demo" --format json >"$work/packaged.jsonl" || fail "packaged wstrace parse: status $?"
"$build/wstrace" parse "$demo" --format json >"$work/built.jsonl"
cmp -s "$work/packaged.jsonl" "$work/built.jsonl" || fail "packaged wstrace parse prints other lines than the build's"
cmp -s "$work/unpacked/usr/share/man/man1/wstrace.1" "$build/wstrace.1" || fail "packaged manual page differs"

echo "$(basename "$deb"): $(wc -c <"$deb") bytes, $(wc -l <"$work/packaged.txt") files, Depends: $depends; $failures failed"
[ "$failures" = 0 ]
