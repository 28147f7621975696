#!/bin/sh
# wine-run.sh PROGRAM.exe [ARGS...]
#
# CMAKE_CROSSCOMPILING_EMULATOR of the mingw-w64 build: runs a Windows
# program under 64-bit Wine with a Wine prefix inside the build tree.
#   WST_WINEPREFIX  the prefix (default: wineprefix next to this build's
#                   CMakeCache.txt, found from the working directory)
#   WST_WINEDEBUG   Wine's debug channels (default -all: no Wine noise on
#                   stderr; tests that read Wine's ETW trace set their own)
# The first use creates the prefix (some seconds); a lock makes parallel
# tests wait for it instead of racing to create it.
set -eu

if [ -z "${WST_WINEPREFIX:-}" ]; then
	dir=$(pwd)
	while [ "$dir" != / ] && [ ! -f "$dir/CMakeCache.txt" ]; do
		dir=$(dirname "$dir")
	done
	[ -f "$dir/CMakeCache.txt" ] || dir=$(pwd)
	WST_WINEPREFIX=$dir/wineprefix
fi
export WINEPREFIX="$WST_WINEPREFIX"
export WINEDEBUG="${WST_WINEDEBUG:--all}"
# No Mono or Gecko installer dialogs when the prefix is made.
export WINEDLLOVERRIDES="mscoree,mshtml="
export WINEARCH=win64
unset DISPLAY

wine=${WST_WINE:-wine}
if [ ! -f "$WINEPREFIX/system.reg" ]; then
	mkdir -p "$WINEPREFIX"
	(
		flock 9
		if [ ! -f "$WINEPREFIX/system.reg" ]; then
			WINEDEBUG=-all "$wine" wineboot --init >/dev/null 2>&1 || true
			wineserver -w 2>/dev/null || true
		fi
	) 9>"$WINEPREFIX.lock"
fi
exec "$wine" "$@"
