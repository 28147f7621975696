#!/usr/bin/env python3
"""check_fixtures.py WSTRACE ETLGEN FIXTURES_DIR WORKDIR

wstrace pcap on the packet fixtures, every frame and stderr line exact:
- pktmon-bad.scn, the PktMon events a writer must survive: every frame
  written with what is there and a comment saying what was wrong, one line
  on stderr per problem naming the file and the event's offset, status 3;
- ndis-capture.scn, NDIS-PacketCapture fragments joined per processor, one
  interface per miniport, media and direction from the keywords, fragments
  that do not join still written and said.
Offsets are found independently: etlgen writes each event's payload right
after its 80-byte EVENT_HEADER, so a record starts 0x50 bytes before its
(unique) payload."""
import json
import os
import re
import struct
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
# then 15-19 the component events).
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


# ndis-capture.scn: events 1-2 attach miniports 7 and 12, then the fragments
# 3-17 of packets 1-11 (packet 2: events 4, 5, 7; packet 7: 11, 12).
MP7 = "miniport interface 7"
NDIS_FRAMES = [
    (ETH, MP7, 82, 82, 1, []),                                  # 1
    (ETH, MP7, 82, 82, 1, []),                                  # 3, done before 2
    (ETH, MP7, 342, 342, 2, []),                                # 2, three fragments
    (WIFI, "miniport interface 12", 76, 76, 1, []),             # 4
    (RAW, "miniport interface 20", 40, 40, 2, []),              # 5
    (ETH, MP7, 54, 54, 1, ["truncated by the capture: original length unknown"]),
    (ETH, MP7, 82, 82, 1, ["2 fragments without the packet's first fragment"]),
    (ETH, MP7, 40, 40, 1, ["packet incomplete: 1 fragment, the last one missing"]),
    (ETH, MP7, 82, 82, 1, []),                                  # 8's second first fragment
    (ETH, MP7, 60, 60, 1, ["a fragment shorter than its FragmentSize: 140 bytes missing"]),
    (ETH, MP7, 82, 82, 2, []),                                  # 10, VM switch
    (ETH, MP7, 50, 50, 2, ["packet incomplete: 1 fragment, the last one missing"]),
]
NDIS_STDERR = [
    "{F}: offset {11}: event 1001: 2 fragments without the packet's first fragment",
    "{F}: offset {13}: event 1001: packet incomplete: 1 fragment, the last one missing",
    "{F}: offset {15}: event 1001: a fragment shorter than its FragmentSize: 140 bytes missing",
    "{F}: offset {17}: event 1001: packet incomplete: 1 fragment, the last one missing",
    "4 problems in the input; everything readable was written",
]


def run_fixture(wstrace, etlgen, fixtures, work, name, status):
    scenario = os.path.join(fixtures, name + ".scn")
    etl = os.path.join(work, name + ".etl")
    subprocess.run([sys.executable, etlgen, scenario, etl], check=True)
    out = os.path.join(work, name + ".pcapng")
    run = subprocess.run([wstrace, "pcap", etl, "-o", out], capture_output=True, text=True)
    if run.returncode != status:
        fail("%s: exit %d, expected %d" % (name, run.returncode, status))
    return scenario, etl, out, run


def expect_stderr(name, run, lines, etl, offsets):
    want = []
    for line in lines:
        line = line.replace("{F}", etl)
        line = re.sub(r"\{(\d+)\}", lambda m: offsets[int(m.group(1))], line)
        want.append("wstrace: " + line)
    got = run.stderr.splitlines()
    if got != want:
        fail("%s: stderr:\n  " % name + "\n  ".join(got) + "\nexpected:\n  " + "\n  ".join(want))
    return want


def expect_frames(name, out, expected):
    _, ifaces, frames = pcapng_read.read(out)
    if len(frames) != len(expected):
        fail("%s: %d frames, expected %d" % (name, len(frames), len(expected)))
    for i, (fr, exp) in enumerate(zip(frames, expected)):
        iface = ifaces[fr.interface]
        got = (iface.link_type, iface.text(2), len(fr.data), fr.original, fr.flags, fr.comments)
        if got != exp:
            fail("%s frame %d: %r, expected %r" % (name, i + 1, got, exp))
    return ifaces, frames


def check_ndis(wstrace, etlgen, fixtures, work):
    scenario, etl, out, run = run_fixture(wstrace, etlgen, fixtures, work, "ndis-capture", 3)
    want = expect_stderr("ndis-capture", run, NDIS_STDERR, etl, event_offsets(scenario, etl))
    ifaces, frames = expect_frames("ndis-capture", out, NDIS_FRAMES)
    # Packet 2's three fragments joined in order, and 7's two.
    lines = [l for l in open(scenario) if l[:1].isdigit()]
    raw = [bytes.fromhex(re.search(r"raw=([0-9a-f]*)", l).group(1)) for l in lines]
    frag = lambda n: raw[n - 1][12:12 + struct.unpack_from("<I", raw[n - 1], 8)[0]]
    if len(frames) > 6 and (frames[2].data != frag(4) + frag(5) + frag(7) or
                            frames[6].data != frag(11) + frag(12)):
        fail("ndis-capture: fragments not joined in order")
    descs = [i.text(3) for i in ifaces]
    if not descs or not descs[0].endswith("of ndis-capture.etl, above layer interface 9, media type 0"):
        fail("ndis-capture: interface description %r" % descs[:1])
    info = json.loads(subprocess.run([wstrace, "info", etl, "--format", "json"], capture_output=True,
                                     text=True).stdout)
    got = [(m["if_index"], m["described"], m["packets"], m["link_types"])
           for m in info.get("ndis_capture", {}).get("miniports", [])]
    if got != [(7, True, 10, ["ethernet"]), (12, True, 1, ["ieee802_11"]),
               (20, False, 1, ["raw_ip"])]:
        fail("ndis-capture: info miniports %r" % got)
    if failures == 0:
        print("ndis-capture: %d frames, %d stderr lines as expected" % (len(frames), len(want)))


def check_pktmon_bad(wstrace, etlgen, fixtures, work):
    scenario, etl, out, run = run_fixture(wstrace, etlgen, fixtures, work, "pktmon-bad", 3)
    offsets = event_offsets(scenario, etl)
    # The empty payload (event 14) cannot be searched for: its record follows
    # event 13's (80 + 54 bytes, 8-byte aligned) in cpu 0's buffer.
    offsets[14] = "0x%x" % (int(offsets[13], 16) + (0x50 + 54 + 7) // 8 * 8)
    want = expect_stderr("pktmon-bad", run, STDERR, etl, offsets)
    ifaces, frames = expect_frames("pktmon-bad", out, FRAMES)
    nic = [i for i in ifaces if i.text(2) == NIC and i.link_type == ETH]
    if not nic or nic[0].options.get(6) != [bytes([2, 0, 0, 0, 0, 5])]:
        fail("component 5's interface lacks if_MACaddr 02:00:00:00:00:05")
    if failures == 0:
        print("pktmon-bad: %d frames, %d stderr lines as expected" % (len(frames), len(want)))


def check_lost(wstrace, etlgen, fixtures, work):
    """A capture whose header says it lost events: every frame written, status 4."""
    lines = [l for l in open(os.path.join(fixtures, "pktmon-bad.scn")) if l.startswith("0.0010000")]
    scn = os.path.join(work, "pktmon-lost.scn")
    with open(scn, "w") as f:
        f.write("capture build=22621 cpus=2 buffer=8192 logger=PktMon events_lost=3\n" + lines[0])
    etl = os.path.join(work, "pktmon-lost.etl")
    subprocess.run([sys.executable, etlgen, scn, etl], check=True)
    out = os.path.join(work, "pktmon-lost.pcapng")
    run = subprocess.run([wstrace, "pcap", etl, "-o", out], capture_output=True, text=True)
    want = ["wstrace: warning: %s: offset 0x%x: packets of component 5, which no component event "
            "describes" % (etl, int(event_offsets(scn, etl)[1], 16)),
            "wstrace: warning: %s: the capture lost events: events_lost 3, buffers_lost 0, "
            "buffers flagged with losses 0" % etl]
    if run.returncode != 4 or run.stderr.splitlines() != want:
        fail("lost events: exit %d, stderr %r" % (run.returncode, run.stderr))
    if len(pcapng_read.read(out)[2]) != 1:
        fail("lost events: the frame is not written")


def main():
    wstrace, etlgen, fixtures, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    check_pktmon_bad(wstrace, etlgen, fixtures, work)
    check_ndis(wstrace, etlgen, fixtures, work)
    check_lost(wstrace, etlgen, fixtures, work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
