#!/bin/sh
# cross-deps.sh PREFIX
#
# Cross-builds cJSON and cmocka for x86_64 Windows (mingw-w64) from
# Debian's own source packages and installs them, static, into PREFIX.
# Nothing is vendored: the sources come from `apt-get source`, so the
# versions are the ones Debian ships for the native build.
#
# Source entries are derived from the machine's own apt sources (the same
# mirrors, suites and keys, with deb-src added); no host name is written
# here. A stamp in PREFIX naming the source versions makes a second run a
# no-op.
set -eu

prefix=${1:?usage: cross-deps.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
toolchain=$here/mingw-w64-x86_64.cmake
jobs=$(nproc 2>/dev/null || echo 2)

sudo_cmd() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# deb-src entries next to the deb ones this machine already uses.
ensure_deb_src() {
	if apt-cache showsrc cjson >/dev/null 2>&1 &&
	   apt-cache showsrc cjson 2>/dev/null | grep -q '^Package: cjson'; then
		return 0
	fi
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		# deb822: every stanza of type deb also serves deb-src.
		sed -e 's/^Types:.*$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
			sudo_cmd tee /etc/apt/sources.list.d/wstrace-deb-src.sources >/dev/null
	elif [ -f /etc/apt/sources.list ]; then
		grep -E '^deb[[:space:]]' /etc/apt/sources.list | sed -e 's/^deb\([[:space:]]\)/deb-src\1/' |
			sudo_cmd tee /etc/apt/sources.list.d/wstrace-deb-src.list >/dev/null
	else
		echo "cross-deps.sh: no apt sources found to derive deb-src entries from" >&2
		exit 1
	fi
	sudo_cmd apt-get update -qq
}

src_version() {
	apt-cache showsrc "$1" | sed -n 's/^Version: //p' | head -1
}

ensure_deb_src
cjson_v=$(src_version cjson)
cmocka_v=$(src_version cmocka)
stamp=$prefix/.wstrace-deps-cjson-$cjson_v-cmocka-$cmocka_v
if [ -f "$stamp" ]; then
	echo "cross-deps.sh: cJSON $cjson_v and cmocka $cmocka_v already built in $prefix"
	exit 0
fi

work=$prefix/.src
rm -rf "$work"
mkdir -p "$work"
cd "$work"
# apt-get source unpacks with dpkg-source; running it as root is fine here.
apt-get source -qq "cjson=$cjson_v" "cmocka=$cmocka_v" >/dev/null

# configure_install SOURCE_DIR CMAKE_OPTIONS...: one static cross build.
configure_install() {
	dir=$1
	shift
	cmake -S "$dir" -B "$dir/build-mingw" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
		-DCMAKE_POLICY_DEFAULT_CMP0077=NEW -Wno-dev -Wno-deprecated "$@" >/dev/null
	cmake --build "$dir/build-mingw" -j"$jobs" >/dev/null
	cmake --install "$dir/build-mingw" >/dev/null
}

configure_install "$(ls -d cjson-*/ | head -1)" \
	-DBUILD_SHARED_LIBS=OFF -DENABLE_CJSON_TEST=OFF -DENABLE_CJSON_UTILS=OFF \
	-DENABLE_CUSTOM_COMPILER_FLAGS=OFF -DENABLE_TARGET_EXPORT=ON
configure_install "$(ls -d cmocka-*/ | head -1)" \
	-DWITH_STATIC_LIB=ON -DUNIT_TESTING=OFF -DWITH_EXAMPLES=OFF
# Only the static library, under the name find_library(cmocka) looks for,
# so that the test programs need no DLL beside them under Wine.
rm -f "$prefix/lib/libcmocka.dll.a" "$prefix/bin/cmocka.dll"
mv "$prefix/lib/libcmocka-static.a" "$prefix/lib/libcmocka.a"

rm -rf "$work"
touch "$stamp"
echo "cross-deps.sh: built cJSON $cjson_v and cmocka $cmocka_v into $prefix"
