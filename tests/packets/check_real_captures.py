#!/usr/bin/env python3
"""check_real_captures.py WSTRACE SHARED_DIR WORKDIR

wstrace pcap on the two real pktmon captures, checked against the events
themselves as `wstrace parse --all-providers --format json` hands them out
(the reader is tested on these files on its own): one frame per 160 and 170
event, in order, whose bytes are the event's packet bytes, with its time,
lengths, direction and interface; drops commented; the link types of each
component exactly as observed."""
import datetime
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapng_read  # noqa: E402

PKTMON = "{4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac}"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

# What the captures hold (../shared/data/etl/README.md, and observed):
# frames, drops, and per component the link types of its interfaces.
EXPECTED = {
    "pktmon-ws2022.etl": (114, 0, {48: {1}, 50: {1}, 59: {1}, 61: {1}}),
    "pktmon-win11.etl": (406, 28, {12: {1, 105}, 30: {1}, 31: {1, 105}, 32: {105},
                                   33: {105}, 69: {1}, 72: {1}, 74: {1}, 101: {101}}),
}
LINK = {1: 1, 2: 105, 3: 101}
DIRECTION = {1: 1, 3: 1, 5: 1, 2: 2, 4: 2, 6: 2}

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr)


def ticks_since_1970(iso):
    # "2026-02-01T09:36:29.4918527Z": 7 fractional digits, 100 ns ticks.
    whole, frac = iso.rstrip("Z").split(".")
    t = datetime.datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int((t - EPOCH).total_seconds()) * 10_000_000 + int(frac.ljust(7, "0"))


def check(wstrace, path, work):
    name = os.path.basename(path)
    frames_want, drops_want, links_want = EXPECTED[name]
    out = os.path.join(work, name + ".pcapng")
    run = subprocess.run([wstrace, "pcap", path, "-o", out], capture_output=True, text=True)
    if run.returncode != 0:
        fail("%s: pcap exit %d: %s" % (name, run.returncode, run.stderr))
        return
    events = subprocess.run([wstrace, "parse", path, "--all-providers", "--format", "json"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    packets = [json.loads(l) for l in events]
    packets = [e for e in packets if e["provider"] == PKTMON and e["event_id"] in (160, 170)]
    section, ifaces, frames = pcapng_read.read(out)
    if section.get(4) != [b"wstrace 0.1.0"]:
        fail("%s: shb_userappl %r" % (name, section.get(4)))
    if len(frames) != frames_want or len(packets) != frames_want:
        fail("%s: %d frames, %d packet events, expected %d" % (name, len(frames), len(packets),
                                                              frames_want))
        return
    links = {}
    drops = 0
    for i, (ev, fr) in enumerate(zip(packets, frames)):
        p = bytes.fromhex(ev["payload"])
        (_, _, _, dirtag, ptype, comp, _, _, reason, location, orig,
         logged) = struct.unpack_from("<QHHHHHHHIIHH", p)
        where = "%s frame %d" % (name, i + 1)
        iface = ifaces[fr.interface]
        if fr.data != p[34:34 + logged] or len(p) != 34 + logged:
            fail(where + ": bytes differ from the event's packet")
        if fr.original != orig:
            fail(where + ": original length %d, event says %d" % (fr.original, orig))
        if fr.timestamp != ticks_since_1970(ev["ts"]):
            fail(where + ": timestamp %d, event at %s" % (fr.timestamp, ev["ts"]))
        if fr.flags != DIRECTION.get(dirtag, 0):
            fail(where + ": epb_flags %d for direction tag %d" % (fr.flags, dirtag))
        if iface.options.get(9) != [b"\x07"]:
            fail(where + ": interface without if_tsresol 7")
        desc = iface.text(3) or ""
        if not desc.startswith("PktMon component %d of %s: " % (comp, name)):
            fail(where + ": interface description %r for component %d" % (desc, comp))
        links.setdefault(comp, set()).add(iface.link_type)
        relabelled = ptype == 2 and iface.link_type == 1
        if iface.link_type != LINK[ptype] and not relabelled:
            fail(where + ": link type %d for packet type %d" % (iface.link_type, ptype))
        want = []
        if ev["event_id"] == 170:
            drops += 1
            want.append("dropped: ")
        if relabelled:
            want.append("packet type 2 (wifi) but the bytes are an Ethernet frame")
        got = fr.comments
        if len(got) != len(want) or any(not g.startswith(w) for g, w in zip(got, want)):
            fail(where + ": comments %r, expected %r" % (got, want))
        if ev["event_id"] == 170 and got and "(%d), location 0x%08x" % (reason, location) not in got[0]:
            fail(where + ": drop comment %r lacks reason %d and location" % (got[0], reason))
    if drops != drops_want:
        fail("%s: %d drops, expected %d" % (name, drops, drops_want))
    if links != links_want:
        fail("%s: link types per component %r, expected %r" % (name, links, links_want))
    # Interface names come from the component events.
    names = {i.text(2) for i in ifaces}
    if name == "pktmon-win11.etl" and "Realtek 8852BE Wireless LAN WiFi 6 PCI-E NIC" not in names:
        fail("%s: no interface named after the WiFi adapter: %r" % (name, names))
    print("%s: %d frames, %d drops, %d interfaces" % (name, len(frames), drops, len(ifaces)))
    check_info(wstrace, path, packets, links_want)


# Component events in each capture (../shared/data/etl/README.md: ids 20).
COMPONENTS = {"pktmon-ws2022.etl": 44, "pktmon-win11.etl": 134}
LINK_NAMES = {1: "ethernet", 105: "ieee802_11", 101: "raw_ip", 147: "user0"}


def check_info(wstrace, path, packets, links_want):
    """info's PktMon section: the packets per component as the events count them."""
    name = os.path.basename(path)
    info = json.loads(subprocess.run([wstrace, "info", path, "--format", "json"],
                                     capture_output=True, text=True, check=True).stdout)
    pk = info.get("pktmon")
    if not pk:
        fail("%s: info has no pktmon section" % name)
        return
    counts = {}
    for ev in packets:
        comp = struct.unpack_from("<H", bytes.fromhex(ev["payload"]), 16)[0]
        c = counts.setdefault(comp, [0, 0])
        c[ev["event_id"] == 170] += 1
    got = {c["id"]: [c["logged"], c["dropped"]] for c in pk["components"] if c["logged"] or c["dropped"]}
    if got != counts:
        fail("%s: info packets per component %r, events say %r" % (name, got, counts))
    if pk["logged"] + pk["dropped"] != len(packets) or pk["dropped"] != EXPECTED[name][1]:
        fail("%s: info logged %d dropped %d" % (name, pk["logged"], pk["dropped"]))
    if len(pk["components"]) != COMPONENTS[name] or not all(c["described"] for c in pk["components"]):
        fail("%s: info lists %d components, expected %d, all described" %
             (name, len(pk["components"]), COMPONENTS[name]))
    ids = [c["id"] for c in pk["components"]]
    if ids != sorted(ids):
        fail("%s: info components not in id order" % name)
    links = {c["id"]: set(c["link_types"]) for c in pk["components"] if c["link_types"]}
    want = {k: {LINK_NAMES[l] for l in v} for k, v in links_want.items()}
    if links != want:
        fail("%s: info link types %r, expected %r" % (name, links, want))
    if name == "pktmon-win11.etl":
        wifi = [c for c in pk["components"] if c["id"] == 12][0]
        if (wifi["type"], wifi["name"], wifi["description"]) != (
                "miniport", "rtwlane601.sys", "Realtek 8852BE Wireless LAN WiFi 6 PCI-E NIC"):
            fail("%s: component 12 in info: %r" % (name, wifi))
    text = subprocess.run([wstrace, "info", path], capture_output=True, text=True,
                          check=True).stdout
    line = "packets       %d logged, %d dropped (PktMon)" % (pk["logged"], pk["dropped"])
    if line not in text.splitlines() or "components    %d" % COMPONENTS[name] not in text:
        fail("%s: info text lacks %r" % (name, line))


def main():
    wstrace, shared, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    etl = os.path.join(shared, "data", "etl")
    if not os.path.isdir(etl):
        print("SKIP: %s not found" % etl)
        return 77
    for name in sorted(EXPECTED):
        check(wstrace, os.path.join(etl, name), work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
