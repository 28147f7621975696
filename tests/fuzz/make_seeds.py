#!/usr/bin/env python3
"""make_seeds.py OUTDIR: seed corpora for the fuzz harnesses, generated, never committed.

  OUTDIR/etl/      every tests/fixtures/*.scn through etlgen, plus compressed (XPRESS) twins,
                   a small 32-bit capture, and kinds.etl: one record of every kind
  OUTDIR/payload/  the AFD event records of those captures, and one payload per template of
                   the manifest (both pointer sizes, IPv4 and IPv6 sockaddrs), in the
                   format of fuzz_payload:
                   id u16, version u8, flags u8 (bit 0: 32-bit pointers, bits 1-3: level),
                   pid u32, timestamp u64, then the payload; one file per (id, version, size)
  OUTDIR/filter/   option lists for fuzz_filter (selector byte, value, NUL; 0xFF; an event)
  OUTDIR/names/    for fuzz_names: a provider byte (0 Winsock-NameResolution, 1 DNS-Client,
                   2 Kernel-Process), then an event as for fuzz_payload: one per template of
                   those manifests, with each Result string form of the reference
  OUTDIR/packets/  the PktMon and NDIS-PacketCapture events of tests/fixtures/pktmon-*.scn and
                   ndis-*.scn for fuzz_packets: a selector byte (see fuzz_packets.c), then
                   the payload

The real captures in ../shared/data/etl are passed to the fuzzer as a read-only corpus as
they are. Standard library only.
"""
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TESTS, "hostile"))
sys.path.insert(0, os.path.join(TESTS, "tools"))
import etlgen  # noqa: E402
import etlmod  # noqa: E402

MANIFEST = os.path.join(os.path.dirname(TESTS), "manifests", "Microsoft-Windows-Winsock-AFD.man")
SOCKADDRS = {16: struct.pack("<H", 2) + struct.pack(">H", 443) + bytes([93, 184, 216, 34])
             + bytes(8),
             28: struct.pack("<H", 23) + struct.pack(">H", 8443) + bytes(4)
             + bytes.fromhex("20010db8000000000000000000000001") + bytes(4)}

OPTIONS = {"pid": 0, "port": 1, "addr": 2, "event": 3, "errors": 4, "level": 5}

SMALL = """capture build=9600 cpus=3 pointer=4 buffer=1024 clock=2 logger=small
0.001 cpu=0 pid=8 tid=9 id=1 Process=0x80001000 Endpoint=0x80002000 AddressFamily=23 \
SocketType=2 Protocol=17 UserModePid=812
0.002 cpu=2 pid=8 tid=9 id=3 Process=0x80001000 Endpoint=0x80002000 Address=::1 Port=53 Status=0
0.003 cpu=1 pid=8 tid=9 id=999 raw=0102030405
"""


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def make_etl(outdir):
    etl_dir = os.path.join(outdir, "etl")
    os.makedirs(etl_dir, exist_ok=True)
    fixtures = os.path.join(TESTS, "fixtures")
    scenarios = sorted(f for f in os.listdir(fixtures) if f.endswith(".scn"))
    small = os.path.join(outdir, "small.scn")
    with open(small, "w") as f:
        f.write(SMALL)
    made = []
    for scn in [os.path.join(fixtures, s) for s in scenarios] + [small]:
        name = os.path.splitext(os.path.basename(scn))[0]
        out = os.path.join(etl_dir, name + ".etl")
        subprocess.run([sys.executable, os.path.join(TESTS, "tools", "etlgen.py"), scn, out],
                       check=True)
        with open(out, "rb") as f:
            data = f.read()
        write(os.path.join(etl_dir, name + "-xpress.etl"), etlmod.compress_file(data))
        made.append(data)
    return made


def kinds_buffer(cpu, seq, t0):
    """A data buffer holding one record of every kind the reader knows, so that the fuzzer
    starts from each layout (etlgen itself writes only EVENT_HEADER records)."""
    def fixed(htype, header, payload, version=2):
        size = header + len(payload)
        if header == 0x10:      # PERFINFO: the time follows the size, no ids
            head = struct.pack("<HBBHBBQ", version, htype, 0xC0, size, 10, 0x20, t0)
        else:
            head = struct.pack("<HBBHBBIIQ", version, htype, 0xC0, size, 10, 0x20, 88, 4, t0)
        return head + bytes(header - len(head)) + payload

    def sized(htype, header, payload):
        size = header + len(payload)
        head = struct.pack("<HBBBBHIIQ", size, htype, 0xC0, 1, 4, 2, 88, 4, t0 + 1)
        head += bytes(8) + etlmod.AFD_GUID_LE
        return head + bytes(header - len(head)) + payload

    recs = [
        fixed(0x02, 0x20, b"\x01" * 8),                    # SYSTEM64
        fixed(0x01, 0x20, b"\x02" * 4),                    # SYSTEM32
        fixed(0x04, 0x18, b"\x03" * 8),                    # COMPACT64
        fixed(0x11, 0x10, b"\x04" * 24, version=0x8102),   # PERFINFO64, PEBS + 1 PMC
        sized(0x14, 0x30, b"\x05" * 6),                    # FULL_HEADER64
        sized(0x0B, 0x48, b"\x06" * 2),                    # INSTANCE32
        struct.pack("<I", 0xC00D0008) + bytes(4),            # ERROR, bare
        struct.pack("<HBBHH", 48, 0, 0x90, 7, 0x2B) + struct.pack("<I", 1) + etlmod.AFD_GUID_LE
        + struct.pack("<QII", t0 + 2, 88, 4) + b"wpp!",     # MESSAGE with options
    ]
    # EVENT_HEADER64 of AFD with two extended items, then a create's payload.
    items = struct.pack("<HHHH", 0, 1, 1, 8) + bytes(8)
    items += struct.pack("<HHHH", 0, 5, 0, 5) + bytes(8)
    payload = struct.pack("<QQIIIQ", 0xffffc10a4b6e0080, 0xffffc10a4c1d2010, 2, 1, 6, 4312)
    size = 0x50 + len(items) + len(payload)
    ev = struct.pack("<HBBHHII", size, 0x13, 0xC0, 0x0001, 0, 88, 4) + struct.pack("<Q", t0 + 3)
    ev += etlmod.AFD_GUID_LE + struct.pack("<HBBBBHQ", 1, 0, 0, 4, 0, 0, 0) + bytes(0x50 - 0x38)
    recs.append(ev + items + payload)
    body = b"".join(r + bytes(-len(r) % 8) for r in recs)
    end = 0x48 + len(body)
    hdr = struct.pack("<IIIIQQQ", 0x400, end, end, 0, t0, seq, 0) + \
        struct.pack("<HxxIIHH", cpu, 3, end, 0x20, 0) + bytes(0x10)
    return hdr + body + b"\xff" * (0x400 - end)


def make_kinds(outdir, small):
    """small.etl (1 KiB buffers) with one more buffer of every record kind."""
    bufs = etlmod.buffers(small)
    t0 = etlmod.u64(small, 0x48 + 0x10)
    data = bytearray(small) + kinds_buffer(1, len(bufs), t0)
    struct.pack_into("<I", data, 0x48 + 0x44, len(bufs) + 1)
    write(os.path.join(outdir, "etl", "kinds.etl"), bytes(data))


def make_payloads(outdir, captures):
    pay_dir = os.path.join(outdir, "payload")
    os.makedirs(pay_dir, exist_ok=True)
    seen = {}
    for data in captures:
        for _, off, size in etlmod.afd_events(data):
            h = data[off:off + etlmod.EVENT_HEADER]
            eid, version, level = etlmod.u16(h, 0x28), h[0x2A], h[0x2C]
            flags = (1 if h[2] == 0x12 else 0) | (level & 7) << 1
            seed = struct.pack("<HBBIQ", eid, version, flags, etlmod.u32(h, 0x0C),
                               etlmod.u64(h, 0x10)) + data[off + etlmod.EVENT_HEADER:off + size]
            seen.setdefault((eid, version, flags & 1, size), seed)
    for (eid, version, p32, size), seed in sorted(seen.items()):
        write(os.path.join(pay_dir, "id%d-v%d-%s-%d" % (eid, version, "p32" if p32 else "p64",
                                                          size)), seed)
    return list(seen.values())


def template_payload(fields, psize, addr_len):
    """A payload that fills every field of a template; variable Binary fields (sockaddrs)
    get addr_len bytes and their length field says so."""
    lengths = {f[2]: addr_len for f in fields if f[1] == "Binary" and f[2] and not f[2].isdigit()}
    out = bytearray()
    for i, (name, t, length) in enumerate(fields):
        if name in lengths:
            size = etlgen.INT_TYPES.get(t, (4, False))[0] if t != "Pointer" else psize
            out += lengths[name].to_bytes(size, "little")
        elif t == "Pointer":
            out += (0xffffc10a4c1d2010 + i).to_bytes(8, "little")[:psize]
        elif t in etlgen.INT_TYPES:
            value = 0x0102030405060708 >> (8 * i % 32)
            out += value.to_bytes(8, "little")[:etlgen.INT_TYPES[t][0]]
        elif t == "Boolean":
            out += struct.pack("<I", i & 1)
        elif t in ("GUID", "Float", "Double"):
            out += bytes({"GUID": 16, "Float": 4, "Double": 8}[t])
        elif t == "Binary" and length and length.isdigit():
            out += bytes(range(int(length)))
        elif t == "Binary":
            out += SOCKADDRS[addr_len]
    return bytes(out)


def make_template_payloads(outdir):
    """One payload per template of the manifest, modern events included, both pointer sizes."""
    pay_dir = os.path.join(outdir, "payload")
    made = []
    events = etlgen.load_manifest(MANIFEST)[0][etlgen.AFD_GUID]
    for (eid, version), ev in sorted(events.items()):
        for psize in (8, 4):
            for addr_len in (16, 28):
                payload = template_payload(ev.fields, psize, addr_len)
                seed = struct.pack("<HBBIQ", eid, version, (1 if psize == 4 else 0) | 4 << 1,
                                   4312, 0x01dc5a1b2c3d4e5f) + payload
                write(os.path.join(pay_dir, "tpl-id%d-v%d-p%d-a%d" % (eid, version, psize * 8,
                                                                      addr_len)), seed)
                made.append(seed)
    return made


NAME_MANIFESTS = [(0, "Winsock-NameResolution"), (1, "DNS-Client"), (2, "Kernel-Process")]
RESULTS = ["93.184.216.34;1.2.3.4:80;::ffff:5.6.7.8;[::ffff:9.10.11.12]:443;",
           "2001:db8::1;fe80::1%9;[2001:db8::2]:80;type: 5 cdn.example.net;", "",
           ";".join("2001:db8::%x" % (0x1000 + i) for i in range(70))[:1023]]


def name_payload(fields, result):
    """Every field of a lookup or process template, strings NUL-terminated."""
    out = bytearray()
    for i, (name, t, _) in enumerate(fields):
        if t == "UnicodeString":
            text = result if name in ("Result", "QueryResults") else (
                "\\Device\\HarddiskVolume3\\Windows\\System32\\curl.exe" if name == "ImageName"
                else "example.com")
            out += text.encode("utf-16-le") + b"\0\0"
        elif t == "AnsiString":
            out += b"curl.exe\0"
        elif t == "SID":
            out += bytes([1, 1, 0, 0, 0, 0, 0, 16]) + struct.pack("<I", 12288)
        elif t == "GUID":
            out += bytes(range(16))
        elif t == "FILETIME":
            out += struct.pack("<Q", 0x01dc5a1b2c3d4e5f)
        elif t in etlgen.INT_TYPES:
            value = 7300 if name == "ProcessID" else (0x0102030405060708 >> (8 * i % 32))
            out += value.to_bytes(8, "little")[:etlgen.INT_TYPES[t][0]]
    return bytes(out)


def make_names(outdir):
    names_dir = os.path.join(outdir, "names")
    os.makedirs(names_dir, exist_ok=True)
    manifests = os.path.join(os.path.dirname(TESTS), "manifests")
    for selector, provider in NAME_MANIFESTS:
        providers, _ = etlgen.load_manifest(os.path.join(manifests, "Microsoft-Windows-%s.man" % provider))
        for events in providers.values():
            for (eid, version), ev in sorted(events.items()):
                for k, result in enumerate(RESULTS):
                    seed = bytes([selector]) + struct.pack("<HBBIQ", eid, version, 4 << 1, 7300,
                                                           0x01dc5a1b2c3d4e5f)
                    write(os.path.join(names_dir, "%s-id%d-v%d-r%d" % (provider, eid, version, k)),
                          seed + name_payload(ev.fields, result))


def make_filters(outdir, payloads):
    fil_dir = os.path.join(outdir, "filter")
    os.makedirs(fil_dir, exist_ok=True)
    lists = [
        [("pid", "4312"), ("pid", "0")],
        [("port", "443")],
        [("addr", "93.184.216.0/24")],
        [("addr", "2001:db8::1/64"), ("errors", "")],
        [("addr", "::ffff:10.0.0.1")],
        [("event", "connect"), ("event", "4"), ("event", "unknown")],
        [("errors", ""), ("level", "4")],
        [("event", "connect_complete"), ("addr", "10.0.0.0/8"), ("port", "65535")],
        [("level", "5"), ("port", "0"), ("addr", "0.0.0.0/0")],
    ]
    for i, opts in enumerate(lists):
        head = b"".join(bytes([OPTIONS[k]]) + v.encode() + b"\0" for k, v in opts) + b"\xff"
        for j, payload in enumerate(payloads[:: max(1, len(payloads) // 6)]):
            write(os.path.join(fil_dir, "list%d-event%d" % (i, j)), head + payload)


PKTMON_SELECTOR = {160: 0, 170: 1, 20: 2, 70: 3, 1001: 4, 1003: 5, 1014: 6}
NDIS_KEYWORDS = ((0x40000000, 0x08), (0x80000000, 0x10), (0x100000000, 0x20), (0x10000, 0x40))


def make_packets(outdir):
    pkt_dir = os.path.join(outdir, "packets")
    os.makedirs(pkt_dir, exist_ok=True)
    fixtures = os.path.join(TESTS, "fixtures")
    for scn in sorted(f for f in os.listdir(fixtures) if f.startswith(("pktmon-", "ndis-"))):
        with open(os.path.join(fixtures, scn)) as f:
            for n, line in enumerate(f):
                words = dict(w.split("=", 1) for w in line.split() if "=" in w)
                if words.get("id") and int(words["id"]) in PKTMON_SELECTOR and "raw" in words:
                    kw = int(words.get("keyword", "0"), 0)
                    sel = PKTMON_SELECTOR[int(words["id"])]
                    sel |= sum(bit for mask, bit in NDIS_KEYWORDS if kw & mask)
                    seed = bytes([sel]) + bytes.fromhex(words["raw"])
                    write(os.path.join(pkt_dir, "%s-line%d" % (scn[:-4], n + 1)), seed)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_seeds.py OUTDIR")
    outdir = sys.argv[1]
    captures = make_etl(outdir)
    make_kinds(outdir, captures[-1])
    payloads = make_payloads(outdir, captures) + make_template_payloads(outdir)
    make_filters(outdir, payloads)
    make_names(outdir)
    make_packets(outdir)


if __name__ == "__main__":
    main()
