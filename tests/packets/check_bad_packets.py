#!/usr/bin/env python3
"""check_bad_packets.py WSTRACE ETLGEN FIXTURES_DIR WORKDIR

wstrace pcap on tests/fixtures/pktmon-bad.scn, the PktMon events a writer
must survive: every frame written with what is there and a comment saying
what was wrong, one line on stderr per problem naming the file and the
event's offset, exit status 3 (damaged input). Offsets are found
independently: etlgen writes each event's payload right after its 80-byte
EVENT_HEADER, so a record starts 0x50 bytes before its (unique) payload."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapng_read  # noqa: E402

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr)


# Per frame: interface (link type, name), captured, original, epb_flags, comments.
ETH, USER0, RAW, WIFI = 1, 147, 101, 105
NIC = "Intel(R) PRO/1000 Test Adapter"
FRAMES = [
    (ETH, NIC, 60, 60, 1, []),
    (ETH, NIC, 60, 1514, 2, []),
    (ETH, NIC, 20, 60, 1, ["payload shorter than its logged size: 20 of 60 bytes"]),
    (USER0, NIC, 60, 60, 1, ["unknown packet type 42"]),
    (ETH, "filter.sys", 60, 60, 1, []),
    (ETH, "component 7", 60, 60, 2, []),
    (USER0, NIC, 0, 0, 1, ["dropped: reason and location cut off",
                           "payload of 20 bytes ends inside the 34-byte packet header"]),
    (ETH, NIC, 60, 60, 1, ["dropped: Filtered (8), location 0x00001234",
                           "4 bytes after the logged packet ignored"]),
    (ETH, NIC, 60, 60, 1, ["dropped: INET_EndpointNotFound (1204), location 0xe0004500",
                           "logged size 60 larger than the original size 40"]),
    (RAW, "TCP/IPv4 - L3/L4", 24, 24, 1, ["dropped: unknown (99999), location 0xe0001007",
                                          "bytes do not look like a packet of type 3 (ip)"]),
    (ETH, "Test Wireless Adapter", 60, 60, 1,
     ["packet type 2 (wifi) but the bytes are an Ethernet frame: written as Ethernet"]),
    (WIFI, "Test Wireless Adapter", 66, 66, 1, []),
    (USER0, NIC, 20, 20, 2, []),
    (USER0, "component 65535", 0, 0, 0, ["payload of 0 bytes ends inside the 34-byte packet header"]),
]

# stderr, in order; {N} is the offset of the scenario's event number N (1-14,
# then 15-19 the component events), "W" a warning, "E" a damaged event.
STDERR = [
    "warning: {F}: offset {16}: component 6 has no description",
    "warning: {F}: offset {6}: packets of component 7, which no component event describes",
    "warning: {F}: offset {14}: packets of component 65535, which no component event describes",
    "{F}: offset {3}: event 160: payload shorter than its logged size: 20 of 60 bytes",
    "warning: {F}: offset {4}: event 160: unknown packet type 42",
    "{F}: offset {7}: event 170: payload of 20 bytes ends inside the 34-byte packet header",
    "{F}: offset {8}: event 170: 4 bytes after the logged packet ignored",
    "{F}: offset {9}: event 170: logged size 60 larger than the original size 40",
    "warning: {F}: offset {10}: event 170: bytes do not look like a packet of type 3 (ip)",
    "warning: {F}: offset {11}: event 160: packet type 2 (wifi) but the bytes are an Ethernet "
    "frame: written as Ethernet (component 8; each such frame says so)",
    "{F}: offset {14}: event 160: payload of 0 bytes ends inside the 34-byte packet header",
    "5 problems in the input; everything readable was written",
]


def event_offsets(scenario, etl):
    data = open(etl, "rb").read()
    offsets, n = {}, 0
    for line in open(scenario):
        if not line[:1].isdigit():
            continue
        n += 1
        raw = re.search(r"raw=([0-9a-f]*)", line).group(1)
        if raw:
            payload = bytes.fromhex(raw)
            pos = data.find(payload)
            if pos < 0 or data.find(payload, pos + 1) >= 0:
                raise SystemExit("payload of event %d not unique in %s" % (n, etl))
            offsets[n] = "0x%x" % (pos - 0x50)
    return offsets


def main():
    wstrace, etlgen, fixtures, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    scenario = os.path.join(fixtures, "pktmon-bad.scn")
    etl = os.path.join(work, "pktmon-bad.etl")
    subprocess.run([sys.executable, etlgen, scenario, etl], check=True)
    out = os.path.join(work, "pktmon-bad.pcapng")
    run = subprocess.run([wstrace, "pcap", etl, "-o", out], capture_output=True, text=True)
    if run.returncode != 3:
        fail("exit %d, expected 3 (damaged input)" % run.returncode)

    offsets = event_offsets(scenario, etl)
    # The empty payload (event 14) cannot be searched for: its record follows
    # event 13's (80 + 54 bytes, 8-byte aligned) in cpu 0's buffer.
    offsets[14] = "0x%x" % (int(offsets[13], 16) + (0x50 + 54 + 7) // 8 * 8)
    want = []
    for line in STDERR:
        line = line.replace("{F}", etl)
        line = re.sub(r"\{(\d+)\}", lambda m: offsets[int(m.group(1))], line)
        want.append("wstrace: " + line)
    got = run.stderr.splitlines()
    if got != want:
        fail("stderr:\n  " + "\n  ".join(got) + "\nexpected:\n  " + "\n  ".join(want))

    _, ifaces, frames = pcapng_read.read(out)
    if len(frames) != len(FRAMES):
        fail("%d frames, expected %d" % (len(frames), len(FRAMES)))
    for i, (fr, exp) in enumerate(zip(frames, FRAMES)):
        iface = ifaces[fr.interface]
        got = (iface.link_type, iface.text(2), len(fr.data), fr.original, fr.flags, fr.comments)
        if got != exp:
            fail("frame %d: %r, expected %r" % (i + 1, got, exp))
    nic = [i for i in ifaces if i.text(2) == NIC and i.link_type == ETH]
    if not nic or nic[0].options.get(6) != [bytes([2, 0, 0, 0, 0, 5])]:
        fail("component 5's interface lacks if_MACaddr 02:00:00:00:00:05")
    if failures == 0:
        print("pktmon-bad: %d frames, %d stderr lines as expected" % (len(frames), len(want)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
