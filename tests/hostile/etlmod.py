"""etlmod: read and rewrite the bytes of .etl files for hostile tests and fuzz seeds.

Works on files that tests/tools/etlgen.py writes (uncompressed, one record kind per buffer
walk) and knows just enough of the layout (docs/etl-format.md sections 1-4) to
find buffers and records, damage them on purpose, or compress them. Shares no code with the
C reader, so that the same misreading cannot hide on both sides. Standard library only.
"""
import struct

BUF_HDR = 0x48
EVENT_HEADER = 0x50
MODE_COMPRESSED = 0x04000000
FLAG_COMPRESSED = 0x40
AFD_GUID_LE = bytes.fromhex("23683ce5b87bbb4490dc3f86090d48a6")


def u16(b, o):
    return struct.unpack_from("<H", b, o)[0]


def u32(b, o):
    return struct.unpack_from("<I", b, o)[0]


def u64(b, o):
    return struct.unpack_from("<Q", b, o)[0]


def buffers(data):
    """(offset, BufferSize, data end) of every buffer, stepping by each one's BufferSize."""
    out, pos = [], 0
    while pos + BUF_HDR <= len(data):
        size = u32(data, pos)
        if size < BUF_HDR:
            break
        out.append((pos, size, u32(data, pos + 0x30)))
        pos += size
    return out


def records(data, buf_off, data_end):
    """(offset, size, first u32) of the records of one uncompressed buffer."""
    out, pos = [], buf_off + BUF_HDR
    while pos + 4 <= buf_off + data_end:
        marker = u32(data, pos)
        size = u16(data, pos + 4) if (marker >> 16) & 0xFF in (1, 2, 3, 4, 0x10, 0x11) \
            else marker & 0xFFFF
        if marker == 0xFFFFFFFF or size == 0:
            break
        out.append((pos, size, marker))
        pos += (size + 7) & ~7
    return out


def is_afd_event(data, rec_off):
    marker = u32(data, rec_off)
    return marker >> 24 == 0xC0 and (marker >> 16) & 0xFF in (0x12, 0x13) and \
        data[rec_off + 0x18:rec_off + 0x28] == AFD_GUID_LE


def afd_events(data):
    """(buffer index, record offset, record size) of every AFD event record in file order."""
    out = []
    for i, (off, _, end) in enumerate(buffers(data)):
        if i == 0:
            continue
        for rec_off, size, _ in records(data, off, end):
            if is_afd_event(data, rec_off):
                out.append((i, rec_off, size))
    return out


def xpress_compress(src):
    """[MS-XCA] 2.3 plain LZ77: 32-bit flag words (1 = match), literals and matches of
    offset <= 8192 with the shared half-byte length extension."""
    out = bytearray(4)
    state = {"flag_pos": 0, "flags": 0, "n": 0}
    half = None
    last = {}
    n = len(src)

    def flag(bit):
        if state["n"] == 32:
            struct.pack_into("<I", out, state["flag_pos"], state["flags"])
            state["flag_pos"] = len(out)
            out.extend(b"\0\0\0\0")
            state["flags"], state["n"] = 0, 0
        state["flags"] = (state["flags"] << 1) | bit
        state["n"] += 1

    i = 0
    while i < n:
        key = bytes(src[i:i + 3])
        cand = last.get(key) if len(key) == 3 else None
        last[key] = i
        length = 0
        if cand is not None and i - cand <= 8192:
            while i + length < n and src[cand + length] == src[i + length] and length < 70000:
                length += 1
        if length < 3:
            flag(0)
            out.append(src[i])
            i += 1
            continue
        flag(1)
        offset, rest = i - cand, length - 3
        if rest < 7:
            out.extend(struct.pack("<H", (offset - 1) << 3 | rest))
        else:
            out.extend(struct.pack("<H", (offset - 1) << 3 | 7))
            rest -= 7
            nib = min(rest, 15)
            if half is None:
                half = len(out)
                out.append(nib)
            else:
                out[half] |= nib << 4
                half = None
            if rest >= 15:
                rest -= 15
                if rest < 255:
                    out.append(rest)
                else:
                    out.append(255)
                    if length - 3 <= 0xFFFF:
                        out.extend(struct.pack("<H", length - 3))
                    else:
                        out.extend(struct.pack("<HI", 0, length - 3))
        for j in range(i + 1, min(i + length, n - 2)):
            last[bytes(src[j:j + 3])] = j
        i += length
    left = 32 - state["n"]
    struct.pack_into("<I", out, state["flag_pos"],
                     ((state["flags"] << left) | ((1 << left) - 1)) & 0xFFFFFFFF)
    return bytes(out)


def compress_file(data):
    """The same capture in compressed mode (format 3, XPRESS): the header buffer stays as it
    is but for LogFileMode and State; every data buffer shrinks to header + stream."""
    bufs = buffers(data)
    head = bytearray(data[:bufs[0][1]])
    mode_off = BUF_HDR + 0x20 + 0x20        # LogFileMode inside TRACE_LOGFILE_HEADER
    struct.pack_into("<I", head, mode_off, u32(head, mode_off) | MODE_COMPRESSED)
    struct.pack_into("<I", head, 0x2C, (u32(head, 0x2C) & 0xFFFF0000) | 3)
    out = bytearray(head)
    for off, _, end in bufs[1:]:
        hdr = bytearray(data[off:off + BUF_HDR])
        stream = xpress_compress(data[off + BUF_HDR:off + end])
        struct.pack_into("<I", hdr, 0x00, BUF_HDR + len(stream))
        struct.pack_into("<I", hdr, 0x04, end)
        struct.pack_into("<I", hdr, 0x30, end)
        struct.pack_into("<H", hdr, 0x34, u16(hdr, 0x34) | FLAG_COMPRESSED)
        out += hdr + stream
    return bytes(out)


def xpress_decompress(src, cap):
    """Reference decoder, used only to check xpress_compress in this module's self-test."""
    out, i, half = bytearray(), 0, None
    flags, nflags = 0, 0
    while True:
        if nflags == 0:
            if i + 4 > len(src):
                break
            flags, nflags, i = u32(src, i), 32, i + 4
        nflags -= 1
        if not flags >> nflags & 1:
            if i >= len(src):
                break
            out.append(src[i])
            i += 1
            continue
        if i + 2 > len(src):
            break
        m = u16(src, i)
        i += 2
        length, offset = m & 7, (m >> 3) + 1
        if length == 7:
            if half is None:
                half, length, i = i, src[i] & 15, i + 1
            else:
                length, half = src[half] >> 4, None
            if length == 15:
                length, i = src[i], i + 1
                if length == 255:
                    length, i = u16(src, i), i + 2
                    if length == 0:
                        length, i = u32(src, i), i + 4
                    length -= 22
                length += 15
            length += 7
        length += 3
        for _ in range(length):
            out.append(out[-offset])
        if len(out) > cap:
            raise ValueError("too long")
    return bytes(out)


if __name__ == "__main__":
    import random
    rng = random.Random(4)
    for size in (0, 1, 5, 100, 5000, 70000, 300000):
        for kind in ("zeros", "random", "mixed"):
            if kind == "zeros":
                src = bytes(size)
            elif kind == "random":
                src = bytes(rng.getrandbits(8) for _ in range(size))
            else:
                src = bytes((i // 7) % 5 if i % 1000 < 900 else rng.getrandbits(8)
                            for i in range(size))
            assert xpress_decompress(xpress_compress(src), size) == src, (size, kind)
    print("etlmod: xpress round trips ok")
