#!/bin/sh
# setup-debian.sh: installs what building and testing wstrace needs on
# Debian (12 or later), skipping what is already there. Uses sudo when not
# run as root.
set -eu
# groff-base and man-db render the manual page, dpkg-dev (dpkg-shlibdeps)
# gives the Debian package its dependencies.
# tshark: the pcap tests check every pcapng wstrace writes with Wireshark's reader.
packages="cmake make gcc libc6-dev libcjson-dev libcmocka-dev python3 jq groff-base man-db dpkg-dev tshark"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
if [ -n "$missing" ]; then
	echo "setup-debian: installing:$missing" >&2
	$sudo apt-get update -qq
	# wireshark-common asks whether non-root users may capture: no, and no prompt.
	echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# Only for the browser test of the HTML report (tests/browser), which is
# skipped without it: not every Debian machine can have it.
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
	echo "setup-debian: installing chromium (for tests/browser)" >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
		echo "setup-debian: chromium could not be installed; the browser test will be skipped" >&2
fi
