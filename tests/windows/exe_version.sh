#!/bin/sh
# exe_version.sh WINDRES WSTRACE_EXE_CMD WSTRACE.EXE LINUX_WSTRACE VERSION
#
# wstrace.exe says which version it is, as the Linux build does: its
# --version under Wine prints what the Linux build of the same sources
# prints ("wstrace VERSION (COMMIT)"), and its version resource
# (src/live/wstrace.rc.in, what Explorer and Get-Item show) and manifest
# carry the same version, read back from the file with windres.
set -u
windres=$1 exe_cmd=$2 exe=$3 linux=$4 version=$5
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

want=$("$linux" --version)
case $want in
"wstrace $version ("*")") ;;
*) fail "the Linux build's --version: '$want', expected 'wstrace $version (COMMIT)'" ;;
esac
got=$("$exe_cmd" --version | tr -d '\r')
[ "$got" = "$want" ] || fail "wstrace.exe --version: '$got', the Linux build: '$want'"

rc=$("$windres" -i "$exe" -O rc) || fail "windres cannot read the resources of $exe"
numbers=$(echo "$version" | sed 's/\./, /g')
for line in "FILEVERSION $numbers, 0" "PRODUCTVERSION $numbers, 0" \
	"VALUE \"FileVersion\", \"${want#wstrace }\"" "VALUE \"ProductVersion\", \"${want#wstrace }\"" \
	"VALUE \"OriginalFilename\", \"wstrace.exe\""; do
	echo "$rc" | grep -qF -- "$line" || fail "the version resource lacks: $line"
done
echo "$rc" | grep -qF -- "name=\"\"wstrace\"\" version=\"\"$version.0\"\"" ||
	fail "the manifest's assemblyIdentity does not say version $version.0"
echo "wstrace.exe: ${want#wstrace }; $failures failed"
[ "$failures" = 0 ]
