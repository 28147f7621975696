"""A small pcapng reader for the tests: its own code, sharing nothing with
src/packets, so that one misreading of the format cannot hide on both sides.
Standard library only."""
import struct


class Interface:
    def __init__(self, link_type, snap_len, options):
        self.link_type = link_type
        self.snap_len = snap_len
        self.options = options          # code -> list of bytes

    def text(self, code):
        values = self.options.get(code)
        return values[0].decode("utf-8") if values else None


class Packet:
    def __init__(self, interface, timestamp, data, original, options):
        self.interface = interface
        self.timestamp = timestamp
        self.data = data
        self.original = original
        self.options = options

    @property
    def flags(self):
        v = self.options.get(2)
        return struct.unpack("<I", v[0])[0] if v else 0

    @property
    def comments(self):
        return [c.decode("utf-8") for c in self.options.get(1, [])]


def _options(body):
    opts, pos = {}, 0
    while pos + 4 <= len(body):
        code, length = struct.unpack_from("<HH", body, pos)
        pos += 4
        if code == 0:
            if length != 0 or pos != len(body):
                raise ValueError("opt_endofopt not last or with a length")
            return opts
        if pos + length > len(body):
            raise ValueError("option %d runs past its block" % code)
        opts.setdefault(code, []).append(body[pos:pos + length])
        pos += length + (-length % 4)
    if pos != len(body):
        raise ValueError("options do not fill their block")
    return opts


def read(path):
    """(section options, interfaces, packets); raises ValueError on any flaw."""
    data = open(path, "rb").read()
    pos, section, interfaces, packets = 0, None, [], []
    while pos < len(data):
        if pos + 12 > len(data):
            raise ValueError("block header cut at %d" % pos)
        btype, blen = struct.unpack_from("<II", data, pos)
        if blen % 4 or blen < 12 or pos + blen > len(data):
            raise ValueError("block at %d: bad length %d" % (pos, blen))
        if struct.unpack_from("<I", data, pos + blen - 4)[0] != blen:
            raise ValueError("block at %d: trailing length differs" % pos)
        body = data[pos + 8:pos + blen - 4]
        if btype == 0x0A0D0D0A:
            magic, major, minor, _ = struct.unpack_from("<IHHq", body)
            if magic != 0x1A2B3C4D or (major, minor) != (1, 0):
                raise ValueError("section header: magic or version")
            section = _options(body[16:])
        elif btype == 1:
            link, _, snap = struct.unpack_from("<HHI", body)
            interfaces.append(Interface(link, snap, _options(body[8:])))
        elif btype == 6:
            iface, hi, lo, cap, orig = struct.unpack_from("<IIIII", body)
            if iface >= len(interfaces):
                raise ValueError("packet before its interface")
            if cap > orig:
                raise ValueError("captured length above original")
            padded = cap + (-cap % 4)
            if 20 + padded > len(body):
                raise ValueError("packet data runs past its block")
            packets.append(Packet(iface, hi << 32 | lo, body[20:20 + cap], orig,
                                  _options(body[20 + padded:])))
        else:
            raise ValueError("unexpected block type 0x%x" % btype)
        pos += blen
    if section is None:
        raise ValueError("no section header")
    return section, interfaces, packets
