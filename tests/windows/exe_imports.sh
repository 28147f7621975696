#!/bin/sh
# exe_imports.sh OBJDUMP WSTRACE.EXE
#
# wstrace.exe runs from a folder of its own: it imports only DLLs that come
# with Windows (the C runtime msvcrt.dll included), none of the compiler's
# runtime (libgcc_s, libwinpthread) or of its libraries (cJSON): the mingw
# build links them statically (tests/windows/mingw-w64-x86_64.cmake,
# cross-deps.sh).
set -u
objdump=$1 exe=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

dlls=$("$objdump" -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr -d '\r')
[ -n "$dlls" ] || fail "$exe: objdump -p lists no imported DLL"
for dll in $dlls; do
	case $(echo "$dll" | tr 'A-Z' 'a-z') in
	kernel32.dll | advapi32.dll | tdh.dll | msvcrt.dll | ucrtbase.dll | api-ms-win-*.dll | \
	ntdll.dll | ws2_32.dll | user32.dll | shell32.dll | ole32.dll | bcrypt.dll) ;;
	*) fail "$exe imports $dll, which does not come with Windows" ;;
	esac
done
echo "$(basename "$exe") imports: $(echo $dlls); $failures failed"
[ "$failures" = 0 ]
