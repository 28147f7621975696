#!/bin/sh
# check_tshark.sh WSTRACE SHARED_DIR WORKDIR ETLGEN FIXTURE_DIR GOLDEN_DIR
# Wireshark's reader on every pcapng wstrace writes in the tests: the real
# pktmon captures and the packet fixtures (pktmon-*.scn, ndis-*.scn, bad
# input among them). Frame count equal to capinfos' and to the packets, no
# malformed frame (in the fixtures: none whose comment does not say why, as
# an incomplete packet's does), the comments visible as frame.comment, and
# the field-level read of the real captures equal to the
# reviewed goldens (made with tshark 4.0 of Debian 12). Exit 77 (skipped)
# when tshark is not installed: tests/setup-debian.sh installs it.
set -u
wstrace=$1 shared=$2 work=$3 etlgen=$4 fixtures=$5 golden=$6
if ! command -v tshark >/dev/null 2>&1 || ! command -v capinfos >/dev/null 2>&1; then
	echo "SKIP: tshark/capinfos not installed (run tests/setup-debian.sh)"
	exit 77
fi
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# check NAME PCAPNG FRAMES COMMENTED [MALFORMED]: Wireshark's view of one file
# (COMMENTED - : not checked; MALFORMED: the filter that must match no frame).
check() {
	name=$1 file=$2 frames=$3 commented=$4 malformed=${5:-_ws.malformed}
	got=$(capinfos -M -c -T "$file" 2>/dev/null | awk -F'\t' 'NR == 2 { print $2 }')
	[ "$got" = "$frames" ] || fail "$name: capinfos counts '$got' frames, expected $frames"
	got=$(tshark -n -r "$file" 2>/dev/null | wc -l)
	[ "$got" -eq "$frames" ] || fail "$name: tshark reads $got frames, expected $frames"
	got=$(tshark -n -r "$file" -Y "$malformed" 2>/dev/null | wc -l)
	[ "$got" -eq 0 ] || fail "$name: $got frames match '$malformed'"
	[ "$commented" = - ] && return
	got=$(tshark -n -r "$file" -Y frame.comment 2>/dev/null | wc -l)
	[ "$got" -eq "$commented" ] || fail "$name: $got frames with frame.comment, expected $commented"
}

# fields NAME PCAPNG: the golden read.
fields() {
	tshark -n -r "$2" -T fields -E separator=' ' -e frame.number -e frame.interface_id \
		-e frame.len -e frame.cap_len -e frame.protocols -e frame.comment 2>/dev/null \
		>"$work/$1.fields"
	cmp -s "$work/$1.fields" "$golden/$1.tshark.txt" ||
		fail "$1: tshark fields differ from $golden/$1.tshark.txt: $(diff "$golden/$1.tshark.txt" "$work/$1.fields" | head -5)"
}

etl=$shared/data/etl
if [ -d "$etl" ]; then
	"$wstrace" pcap "$etl/pktmon-ws2022.etl" -o "$work/ws2022.pcapng" 2>/dev/null ||
		fail "pcap pktmon-ws2022.etl failed"
	check ws2022 "$work/ws2022.pcapng" 114 0
	fields pcap-ws2022 "$work/ws2022.pcapng"
	"$wstrace" pcap "$etl/pktmon-win11.etl" -o "$work/win11.pcapng" 2>/dev/null ||
		fail "pcap pktmon-win11.etl failed"
	# 28 drops and 22 Ethernet frames the QoS Packet Scheduler typed 802.11
	check win11 "$work/win11.pcapng" 406 50
	fields pcap-win11 "$work/win11.pcapng"
	"$wstrace" pcap --once "$etl/pktmon-win11.etl" "$etl/pktmon-ws2022.etl" \
		-o "$work/both-once.pcapng" 2>/dev/null || fail "pcap --once on both failed"
	# 38 groups of ws2022 (numbered appearances), 60 distinct packets of win11
	check both-once "$work/both-once.pcapng" 98 -
fi
for scn in "$fixtures"/pktmon-*.scn "$fixtures"/ndis-*.scn; do
	[ -e "$scn" ] || continue
	base=$(basename "$scn" .scn)
	python3 "$etlgen" "$scn" "$work/$base.etl" || { fail "$base: etlgen failed"; continue; }
	"$wstrace" pcap "$work/$base.etl" -o "$work/$base.pcapng" 2>/dev/null
	frames=$("$wstrace" info "$work/$base.etl" --format json 2>/dev/null |
		jq '(.pktmon.logged // 0) + (.pktmon.dropped // 0) + (.ndis_capture.packets // 0)')
	check "$base" "$work/$base.pcapng" "$frames" - "_ws.malformed && !frame.comment"
done
[ "$failures" -eq 0 ] || exit 1
echo "tshark: all pcapng files read"
