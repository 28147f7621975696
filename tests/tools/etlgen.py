#!/usr/bin/env python3
"""etlgen: write a Windows ETW .etl file from a small scenario text file.

Usage: etlgen.py [--manifest PATH]... SCENARIO OUT.etl

The encoding follows docs/etl-format.md section 11 (writer recipe) and reads the event
schemas from the instrumentation manifests (default: every manifests/*.man: Winsock-AFD,
Winsock-NameResolution, DNS-Client, Kernel-Process).
It shares no code with the C decoder on purpose. Standard library only, Python >= 3.9.
Output is byte-for-byte deterministic for a given scenario and manifest.

Scenario format (one item per line; blank lines and lines starting with '#' are ignored; a
token starting with '#' ends the line, so values may carry trailing comments):

  capture KEY=VALUE ...     optional, at most once, before the first event. Keys (defaults):
      build=19041           ProviderVersion (OS build); the OS version bytes follow from it
      cpus=4                NumberOfProcessors; every event's cpu must be below it
      pointer=8             4 or 8: 32-bit (0x110) or 64-bit (0x118) logfile header, and the
                            default event header (EVENT_HEADER32 0x12 or EVENT_HEADER64 0x13)
      buffer=65536          buffer size in bytes (multiple of 8)
      perf_freq=10000000    PerfFreq (QPC ticks per second)
      clock=1               ReservedFlags: 0/1 QPC, 2 system time (FILETIME), 3 CPU cycles
      cpu_mhz=2000          CpuSpeedInMHz (the tick rate of clock=3)
      start=2026-11-20T09:15:00Z   StartTime (ISO 8601 UTC)
      logger=wstrace-fixture       session name (no spaces)
      logfile=NAME          log file name string (default: the basename of OUT.etl)
      events_lost=0 buffers_lost=0 the header's EventsLost / BuffersLost
  TIME KEY=VALUE ...        one event. TIME = seconds after start, decimal, <= 7 fractional digits.
      cpu= pid= tid= id=    required (cpu = buffer ProcessorIndex; pid/tid = header ProcessId,
                            ThreadId)
      version=0             EventDescriptor.Version
      level= opcode= task= keyword= channel=   default: from the manifest event (level from
                            win:Informational=4 etc., others 0 when absent); for events that
                            the manifest lacks: level 4, the others 0
      ptr=4|8               this event's pointer size and header type (default: capture pointer)
      provider={GUID}|NAME  default {e53c6823-7bb8-44bb-90dc-3f86090d48a6} (Winsock-AFD); NAME is
                            a manifest's provider name (Microsoft-Windows-Kernel-Process); a
                            provider that is in no manifest needs raw=
      raw=HEX               the payload bytes, no fields then (needed for ids/versions that the
                            manifest does not define)
      truncate=N            keep only the first N payload bytes
      extra=HEX             bytes appended after the (possibly truncated) payload
      FIELD=VALUE           every template field, by manifest name, in any order; all required.
  Values: integers decimal or 0x-hex (signed types also take negatives, or their two's-complement
  hex); win:Boolean true/false (or 0/1); a UInt32 field named *Address takes a dotted IPv4 address,
  stored as the 4 network-order bytes (7f 00 00 01); a UInt16 named *Port takes the port number,
  stored in network order (443 -> 01 bb); a 16-byte Binary *Address takes IPv6 text; a Binary
  whose length is another field takes hex or a sockaddr written ip:port / [ipv6]:port
  (SOCKADDR_IN 16 bytes / SOCKADDR_IN6 28 bytes) and must match that field's value; other Binary
  values and GUIDs are hex / {GUID}; win:UnicodeString and win:AnsiString take the text, with
  %20 standing for a space and nothing else escaped (written NUL-terminated, UTF-16LE
  or Latin-1); win:FILETIME takes ISO 8601 UTC or an integer; win:SID takes S-1-16-12288.

Events of one cpu must have non-decreasing times; lines of different cpus may interleave freely.

Output layout. T0 (the raw clock at StartTime) = 0x27f2e70de3d QPC ticks; an event at TIME has
raw timestamp T0 + round(TIME * perf_freq) (clock=2: StartTime + TIME * 10^7; clock=3:
T0 + TIME * cpu_mhz * 10^6). Buffer 0 (the header buffer, SequenceNumber 0) comes first. Each
cpu takes a buffer with the next SequenceNumber when its first event arrives or its buffer is
full; a full buffer is written at once (TimeStamp = time of the event that did not fit). The
session stops 1 ms after the last event: the last buffer of every cpu is then written in
DESCENDING cpu order, TimeStamps stop, stop+1, ... (one tick apart), so file order is usually
not sequence order, as in real captures. BufferFlag is 0x20 (PROC_INDEX), 0x21 on the last
buffer of the file only (as observed in real captures). EndTime = the last flush time. The
header buffer is rewritten last with BuffersWritten and EndTime.
Errors: one line "etlgen: FILE:LINE: message" on stderr, exit status 1; OUT.etl is then not
written (the file is built as OUT.etl.tmp and renamed at the end).
"""
import argparse
import datetime
import ipaddress
import os
import re
import struct
import sys
import uuid
import xml.etree.ElementTree as ET

AFD_GUID = "e53c6823-7bb8-44bb-90dc-3f86090d48a6"
T0_QPC = 0x27F2E70DE3D          # raw clock value at StartTime (a QPC value ~3.2 days of uptime)
HDR_TID, HDR_PID = 9012, 7400   # controller thread/process of the logfile-header record
LOGGER_ID = 0x24
BUF_HDR = 0x48

WMI_BUFFER_HEADER = struct.Struct("<IIIIQQQHHIIHH16x")
SYSTEM_TRACE_HEADER = struct.Struct("<HBBHBBIIQII")
# TRACE_LOGFILE_HEADER up to LogFileName; TimeZone (172 bytes) + pad 4, then the tail
LOGFILE_HEAD = {8: struct.Struct("<I4sIIQIIIIIIIIQQ"), 4: struct.Struct("<I4sIIQIIIIIIIIII")}
LOGFILE_TAIL = struct.Struct("<176xQQQII")
EVENT_HEADER = struct.Struct("<HBBHHIIQ16sHBBBBHQII16x")
ZERO_TAIL = bytes(7)

LEVELS = {"win:LogAlways": 0, "win:Critical": 1, "win:Error": 2, "win:Warning": 3,
          "win:Informational": 4, "win:Verbose": 5}
OPCODES = {"win:Info": 0, "win:Start": 1, "win:Stop": 2, "win:DC_Start": 3, "win:DC_Stop": 4,
           "win:Extension": 5, "win:Reply": 6, "win:Resume": 7, "win:Suspend": 8, "win:Send": 9,
           "win:Receive": 240}
KEYWORDS = {"win:AnyKeyword": 0, "win:ResponseTime": 1 << 48, "win:WDIContext": 1 << 49,
            "win:WDIDiag": 1 << 50, "win:SQM": 1 << 51, "win:AuditFailure": 1 << 52,
            "win:AuditSuccess": 1 << 53, "win:CorrelationHint": 1 << 54,
            "win:EventlogClassic": 1 << 55}
INT_TYPES = {"UInt8": (1, False), "Int8": (1, True), "UInt16": (2, False), "Int16": (2, True),
             "UInt32": (4, False), "Int32": (4, True), "HexInt32": (4, False),
             "UInt64": (8, False), "Int64": (8, True), "HexInt64": (8, False)}
UFMT = {1: "B", 2: "H", 4: "I", 8: "Q"}
TIME_RE = re.compile(r"^(\d+)(?:\.(\d{1,7}))?$")


class GenError(Exception):
    pass


# ---------------------------------------------------------------- value parsers

def parse_int(s, bits=64, signed=False):
    try:
        v = int(s, 16) if ("x" in s or "X" in s) else int(s, 10)   # int(, 16) takes [-]0x
    except ValueError:
        raise GenError("bad integer %r" % s) from None
    lo = -(1 << (bits - 1)) if signed else 0
    if not lo <= v < (1 << bits):
        raise GenError("%s out of range for %d-bit %s"
                       % (s, bits, "signed" if signed else "unsigned"))
    return v & ((1 << bits) - 1)


def parse_hex(s):
    try:
        return bytes.fromhex(s[2:] if s.lower().startswith("0x") else s)
    except ValueError:
        raise GenError("bad hex bytes %r" % s) from None


def parse_guid(s):
    try:
        return uuid.UUID(s.strip("{}")).bytes_le
    except ValueError:
        raise GenError("bad GUID %r" % s) from None


def parse_bool(s):
    t = s.lower()
    if t in ("true", "1"):
        return 1
    if t in ("false", "0"):
        return 0
    raise GenError("bad Boolean %r (true/false)" % s)


def parse_ipv4_u32(s):
    if "." not in s:
        return parse_int(s, 32)
    try:
        return int.from_bytes(ipaddress.IPv4Address(s).packed, "little")
    except ValueError:
        raise GenError("bad IPv4 address %r" % s) from None


def parse_addr16(s):
    """A 16-byte Binary Address: IPv6 text, or 32 hex digits."""
    if "." in s and ":" not in s:
        raise GenError("%r: this Address holds 16 bytes: give IPv6 text (::ffff:%s for IPv4)"
                       % (s, s))
    if ":" not in s:
        return parse_hex(s)
    try:
        return ipaddress.IPv6Address(s).packed
    except ValueError:
        raise GenError("bad IPv6 address %r" % s) from None


def parse_sockaddr(s):
    """ip:port -> SOCKADDR_IN (16 bytes), [ipv6]:port -> SOCKADDR_IN6 (28 bytes), else hex."""
    m = re.match(r"^\[([0-9A-Fa-f:.]+)\]:(\d+)$", s) or re.match(r"^([\d.]+):(\d+)$", s)
    if not m:
        return parse_hex(s)
    try:
        ip = ipaddress.ip_address(m.group(1))
    except ValueError:
        raise GenError("bad address %r" % s) from None
    port = parse_int(m.group(2), 16)
    if ip.version == 4:
        return struct.pack("<H", 2) + struct.pack(">H", port) + ip.packed + bytes(8)
    return struct.pack("<H", 23) + struct.pack(">H", port) + bytes(4) + ip.packed + bytes(4)


def port_conv(s):
    v = parse_int(s, 16)
    return ((v & 0xFF) << 8) | (v >> 8)     # network byte order inside a little-endian UInt16


# ---------------------------------------------------------------- manifest

def _local(tag):
    return tag.rsplit("}", 1)[-1]


class EventDef:
    def __init__(self, eid, version, level, task, opcode, keyword, channel, fields, error):
        self.id, self.version = eid, version
        self.defaults = {"level": level, "task": task, "opcode": opcode,
                         "keyword": keyword, "channel": channel}
        self.fields = fields        # [(name, inType, length attr or None)]
        self.error = error          # why the template cannot be encoded, or None
        self.encoders = {}          # pointer size -> Encoder


def load_manifests(paths):
    """Every manifest's providers; also {provider name: GUID} under the key "names"."""
    providers, names = {}, {}
    for path in paths:
        try:
            loaded, named = load_manifest(path)
        except GenError as e:
            raise GenError("%s: %s" % (path, e)) from None
        providers.update(loaded)
        names.update(named)
    if AFD_GUID not in providers:
        raise GenError("no manifest has provider {%s}" % AFD_GUID)
    return providers, names


def load_manifest(path):
    """Return {provider GUID (lowercase, no braces): {(id, version): EventDef}} and
    {provider name: GUID}."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise GenError("cannot read manifest: %s" % e) from None
    providers, names = {}, {}
    for prov in (el for el in root.iter() if _local(el.tag) == "provider"):
        guid = prov.get("guid", "").strip("{}").lower()
        names[prov.get("name")] = guid
        levels, opcodes, keywords = dict(LEVELS), dict(OPCODES), dict(KEYWORDS)
        tasks, channels, templates, task_opcodes = {}, {}, {}, {}
        for el in prov.iter():
            tag = _local(el.tag)
            if tag == "level":
                levels[el.get("name")] = int(el.get("value"), 0)
            elif tag == "task":
                tasks[el.get("name")] = int(el.get("value"), 0)
                for op in (o for o in el.iter() if _local(o.tag) == "opcode"):
                    task_opcodes[(el.get("name"), op.get("name"))] = int(op.get("value"), 0)
            elif tag == "keyword":
                keywords[el.get("name")] = int(el.get("mask"), 0)
            elif tag in ("channel", "importChannel"):
                val = el.get("value")
                chid = el.get("chid") or el.get("name")
                channels[chid] = int(val, 0) if val else 16 + len(channels)
            elif tag == "template":
                templates[el.get("tid")] = [(d.get("name"), d.get("inType", ""), d.get("length"),
                                             d.get("count")) for d in el if _local(d.tag) == "data"]
        for group in (el for el in prov if _local(el.tag) == "opcodes"):    # provider-wide opcodes
            for op in (o for o in group if _local(o.tag) == "opcode"):
                opcodes[op.get("name")] = int(op.get("value"), 0)
        events = {}
        for ev in (el for el in prov.iter() if _local(el.tag) == "event"):
            eid, ver = int(ev.get("value"), 0), int(ev.get("version", "0"), 0)
            task_name, op_name = ev.get("task"), ev.get("opcode")
            try:
                level = levels[ev.get("level")] if ev.get("level") else 0
                task = tasks[task_name] if task_name else 0
                opcode = 0
                if op_name:
                    opcode = task_opcodes.get((task_name, op_name), opcodes.get(op_name))
                    if opcode is None:
                        raise KeyError(op_name)
                keyword = 0
                for kw in (ev.get("keywords") or "").split():
                    keyword |= keywords[kw]
                channel = channels[ev.get("channel")] if ev.get("channel") else 0
            except KeyError as e:
                raise GenError("manifest event %d version %d: unknown name %s"
                               % (eid, ver, e)) from None
            fields, error = [], None
            tid = ev.get("template")
            if tid is not None and tid not in templates:
                raise GenError("manifest event %d: unknown template %r" % (eid, tid))
            for name, intype, length, count in templates.get(tid, []):
                t = intype.split(":")[-1]
                if count:
                    error = "field %s has a count (arrays are not supported)" % name
                elif t == "Binary" and not length:
                    error = "field %s: win:Binary without length" % name
                elif t not in INT_TYPES and t not in ("Pointer", "Boolean", "Binary", "GUID",
                                                      "Float", "Double", "UnicodeString",
                                                      "AnsiString", "FILETIME", "SID"):
                    error = "field %s: inType %s is not supported" % (name, intype)
                fields.append((name, t, length))
            events[(eid, ver)] = EventDef(eid, ver, level, task, opcode, keyword, channel,
                                          fields, error)
        providers[guid] = events
    return providers, names


def parse_text(s):
    return s.replace("%20", " ")


def parse_filetime(s):
    if s[:1].isdigit() and "T" not in s:
        return parse_int(s, 64)
    return parse_start(s)


def parse_sid(s):
    parts = s.split("-")
    if len(parts) < 3 or parts[0] != "S" or not all(p.isdigit() for p in parts[1:]):
        raise GenError("bad SID %r (S-1-16-12288)" % s)
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(p) for p in parts[3:]]
    if rev > 255 or auth >= 1 << 48 or len(subs) > 255 or any(x >= 1 << 32 for x in subs):
        raise GenError("SID %r out of range" % s)
    return bytes([rev, len(subs)]) + auth.to_bytes(6, "big") + b"".join(
        struct.pack("<I", x) for x in subs)


class Encoder:
    """Encodes one event's fields for one pointer size; built once per (event, pointer size)."""

    def __init__(self, evdef, psize):
        self.names, self.convs, fmt, self.variable = [], [], "<", False
        self.pieces = []            # for variable templates: (struct or None, length field index)
        known = {}
        for i, (name, t, length) in enumerate(evdef.fields):
            st, lenref = None, None
            if t == "Pointer":
                f, conv = UFMT[psize], (lambda s, b=psize * 8: parse_int(s, b))
            elif t in INT_TYPES:
                n, signed = INT_TYPES[t]
                f, conv = UFMT[n], (lambda s, b=n * 8, sg=signed: parse_int(s, b, sg))
                if name.endswith("Port") and t == "UInt16":
                    conv = port_conv
                elif name.endswith("Address") and t == "UInt32":
                    conv = parse_ipv4_u32
            elif t == "Boolean":
                f, conv = "I", parse_bool
            elif t in ("Float", "Double"):
                f, conv = t[0].lower(), self._float
            elif t == "GUID":
                f, conv = "16s", self._sized(parse_guid, 16)
            elif t == "FILETIME":
                f, conv = "Q", parse_filetime
            elif t == "UnicodeString":
                f, conv, self.variable = None, (lambda s: parse_text(s).encode("utf-16-le") + b"\0\0"), True
            elif t == "AnsiString":
                f, conv, self.variable = None, (lambda s: parse_text(s).encode("latin-1") + b"\0"), True
            elif t == "SID":
                f, conv, self.variable = None, parse_sid, True
            elif length.isdigit():
                n = int(length)
                base = parse_addr16 if (name.endswith("Address") and n == 16) else parse_hex
                f, conv = "%ds" % n, self._sized(base, n)
            else:
                if length not in known:
                    raise GenError("field %s: length field %s is not an earlier field"
                                   % (name, length))
                f, conv, lenref, self.variable = None, parse_sockaddr, known[length], True
            known[name] = i
            self.names.append(name)
            self.convs.append(conv)
            if f:
                fmt += f
                st = struct.Struct("<" + f)
            self.pieces.append((st, lenref))
        self.struct = struct.Struct(fmt)

    @staticmethod
    def _float(s):
        try:
            return float(s)
        except ValueError:
            raise GenError("bad number %r" % s) from None

    @staticmethod
    def _sized(parse, n):
        def conv(s):
            b = parse(s)
            if len(b) != n:
                raise GenError("%d bytes given, the field holds %d" % (len(b), n))
            return b
        return conv

    def encode(self, kv):
        vals, missing = [], []
        for name, conv in zip(self.names, self.convs):
            s = kv.pop(name, None)
            if s is None:
                missing.append(name)
                continue
            try:
                vals.append(conv(s))
            except GenError as e:
                raise GenError("field %s: %s" % (name, e)) from None
        if missing:
            raise GenError("missing field(s): %s" % ", ".join(missing))
        if kv:
            raise GenError("unknown field(s): %s" % ", ".join(sorted(kv)))
        if not self.variable:
            return self.struct.pack(*vals)
        out = bytearray()
        for (st, lenref), name, v in zip(self.pieces, self.names, vals):
            if st is None:
                if lenref is not None and len(v) != vals[lenref]:
                    raise GenError("field %s: %d bytes but %s=%d"
                                   % (name, len(v), self.names[lenref], vals[lenref]))
                out += v
            else:
                out += st.pack(v)
        return bytes(out)


# ---------------------------------------------------------------- capture / writer

def parse_start(s):
    try:
        d = datetime.datetime.fromisoformat(s[:-1] + "+00:00" if s.endswith("Z") else s)
    except ValueError:
        raise GenError("bad start time %r (ISO 8601, e.g. 2026-11-20T09:15:00Z)" % s) from None
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    delta = d - datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10**7 + delta.microseconds * 10


def os_version(build):
    for min_build, major, minor in ((10240, 10, 0), (9600, 6, 3), (9200, 6, 2), (7600, 6, 1)):
        if build >= min_build:
            return major, minor
    return 6, 0


class Capture:
    INTS = {"build": 19041, "cpus": 4, "pointer": 8, "buffer": 65536, "perf_freq": 10_000_000,
            "clock": 1, "cpu_mhz": 2000, "events_lost": 0, "buffers_lost": 0}

    def __init__(self, tokens, out_path):
        self.__dict__.update(self.INTS)
        self.start, self.logger, self.logfile = "2026-11-20T09:15:00Z", "wstrace-fixture", None
        for k, v in tokens.items():
            if k in self.INTS:
                setattr(self, k, parse_int(v, 64 if k == "perf_freq" else 32))
            elif k in ("start", "logger", "logfile"):
                setattr(self, k, v)
            else:
                raise GenError("unknown capture key %r" % k)
        if self.pointer not in (4, 8):
            raise GenError("pointer must be 4 or 8")
        if self.clock not in (0, 1, 2, 3):
            raise GenError("clock must be 0, 1, 2 or 3")
        if not 1 <= self.cpus <= 2048 or self.perf_freq < 1 or self.cpu_mhz < 1:
            raise GenError("cpus, perf_freq and cpu_mhz must be positive (cpus <= 2048)")
        self.start_ft = parse_start(self.start)
        self.boot_ft = self.start_ft - T0_QPC * 10**7 // self.perf_freq
        self.t0 = self.start_ft if self.clock == 2 else T0_QPC      # raw clock at StartTime
        self.rate = {2: 10**7, 3: self.cpu_mhz * 10**6}.get(self.clock, self.perf_freq)  # ticks/s
        if self.logfile is None:
            self.logfile = os.path.basename(out_path)
        self.names = (self.logger + "\0" + self.logfile + "\0").encode("utf-16-le")
        self.hdr_rec_size = 0x20 + (0x118 if self.pointer == 8 else 0x110) + len(self.names)
        self.hdr_used = BUF_HDR + ((self.hdr_rec_size + 7) & ~7) + 0x50
        if self.buffer % 8 or self.buffer < self.hdr_used or self.buffer > 0x4000000:
            raise GenError("buffer must be a multiple of 8, at least %d bytes (the header) and "
                           "at most 64 MiB" % self.hdr_used)

    def ticks(self, units):
        """Raw timestamp for a time given in 100 ns units after start (rounded half up)."""
        return self.t0 + (units * self.rate + 5_000_000) // 10**7

    def to_filetime(self, ts):
        return self.start_ft + (ts - self.t0) * 10**7 // self.rate

    def header_buffer(self, buffers_written, end_ts):
        p, htype = self.pointer, (0x02 if self.pointer == 8 else 0x01)
        major, minor = os_version(self.build)
        lh = LOGFILE_HEAD[p].pack(
            self.buffer, bytes((major, minor, 1, 5)), self.build, self.cpus,
            self.to_filetime(end_ts), 156250, 0, 1, buffers_written, 1, p, self.events_lost,
            self.cpu_mhz, 0, 0)
        lh += LOGFILE_TAIL.pack(self.boot_ft, self.perf_freq, self.start_ft, self.clock,
                                self.buffers_lost)
        rec = SYSTEM_TRACE_HEADER.pack(2, htype, 0xC0, self.hdr_rec_size, 0, 0, HDR_TID, HDR_PID,
                                       self.t0, 0, 0) + lh + self.names
        rec += bytes(-len(rec) % 8)
        rec += SYSTEM_TRACE_HEADER.pack(2, htype, 0xC0, 0x50, 0x50, 0, HDR_TID, HDR_PID,
                                        self.t0, 0, 0) + bytes(48)
        end = BUF_HDR + len(rec)
        head = WMI_BUFFER_HEADER.pack(self.buffer, end, end, 0, 0, 0, 0, 0, LOGGER_ID, 3, end,
                                      0x21, 4)
        return head + rec + b"\xff" * (self.buffer - end)


class Writer:
    def __init__(self, cap, fh):
        self.cap, self.fh, self.size = cap, fh, cap.buffer
        self.cur = {}               # cpu -> [bytearray, SequenceNumber]
        self.next_seq, self.written = 1, 1
        fh.write(bytes(self.size))  # header buffer placeholder, rewritten by close()

    def add(self, cpu, rec, ts):
        need = len(rec) + (-len(rec) % 8)
        slot = self.cur.get(cpu)
        if slot is not None and len(slot[0]) + need > self.size:
            self._flush(cpu, slot, ts, 0x20)
            slot = None
        if slot is None:
            slot = self.cur[cpu] = [bytearray(BUF_HDR), self.next_seq]
            self.next_seq += 1
        slot[0] += rec
        slot[0] += ZERO_TAIL[:need - len(rec)]

    def _flush(self, cpu, slot, ts, flag):
        buf, seq = slot
        end = len(buf)
        WMI_BUFFER_HEADER.pack_into(buf, 0, self.size, end, end, 0, ts, seq, 0, cpu, LOGGER_ID,
                                    3, end, flag, 0)
        buf += b"\xff" * (self.size - end)
        self.fh.write(buf)
        self.written += 1

    def close(self, stop_ts):
        """Stop: flush every cpu's last buffer, descending cpu order, one tick apart; only the
        last buffer of the file carries FLUSH_MARKER (as in real captures). Then rewrite the
        header buffer with BuffersWritten and EndTime (= the last flush)."""
        cpus = sorted(self.cur, reverse=True)
        for i, cpu in enumerate(cpus):
            self._flush(cpu, self.cur.pop(cpu), stop_ts + i, 0x21 if i == len(cpus) - 1 else 0x20)
        end_ts = stop_ts + max(0, len(cpus) - 1)
        self.fh.seek(0)
        self.fh.write(self.cap.header_buffer(self.written, end_ts))


# ---------------------------------------------------------------- scenario

HEADER_KEYS = ("cpu", "pid", "tid", "id", "version", "level", "opcode", "task", "keyword",
               "channel", "ptr", "provider", "raw", "truncate", "extra")


def tokens_of(words):
    kv = {}
    for w in words:
        if w.startswith("#"):
            break
        k, eq, v = w.partition("=")
        if not eq or not k:
            raise GenError("expected KEY=VALUE, got %r" % w)
        if k in kv:
            raise GenError("%s given twice" % k)
        kv[k] = v
    return kv


class Scenario:
    def __init__(self, providers, cap, writer):
        (self.providers, self.names), self.cap, self.w = providers, cap, writer
        self.last_ts = {}           # cpu -> last raw timestamp
        self.max_ts = cap.t0
        self.guid_bytes = {}        # provider text -> (lowercase GUID, bytes_le)

    def event(self, words):
        m = TIME_RE.match(words[0])
        if not m:
            raise GenError("bad time %r (seconds, up to 7 fractional digits)" % words[0])
        ts = self.cap.ticks(int(m.group(1)) * 10**7 + int((m.group(2) or "").ljust(7, "0")))
        kv = tokens_of(words[1:])
        h = {k: kv.pop(k) for k in HEADER_KEYS if k in kv}
        for k in ("cpu", "pid", "tid", "id"):
            if k not in h:
                raise GenError("missing %s=" % k)
        cpu = parse_int(h["cpu"], 16)
        if cpu >= self.cap.cpus:
            raise GenError("cpu=%d but the capture has cpus=%d" % (cpu, self.cap.cpus))
        if ts < self.last_ts.get(cpu, 0):
            raise GenError("time goes backwards on cpu %d" % cpu)
        self.last_ts[cpu] = ts
        self.max_ts = max(self.max_ts, ts)
        eid, ver = parse_int(h["id"], 16), parse_int(h.get("version", "0"), 8)
        ptr = parse_int(h.get("ptr", str(self.cap.pointer)), 8)
        if ptr not in (4, 8):
            raise GenError("ptr must be 4 or 8")
        prov = h.get("provider", AFD_GUID)
        prov = self.names.get(prov, prov)
        if prov not in self.guid_bytes:
            b = parse_guid(prov)
            self.guid_bytes[prov] = (str(uuid.UUID(bytes_le=b)), b)
        guid, guid_b = self.guid_bytes[prov]
        events = self.providers.get(guid)
        evdef = events.get((eid, ver)) if events else None
        if "raw" in h:
            if kv:
                raise GenError("raw= given: no fields allowed (got %s)" % ", ".join(sorted(kv)))
            payload = parse_hex(h["raw"])
        elif events is None:
            raise GenError("provider {%s} is not in the manifest: give raw=" % guid)
        elif evdef is None:
            raise GenError("event id=%d version=%d is not in the manifest: give raw=" % (eid, ver))
        else:
            if evdef.error:
                raise GenError("event id=%d: %s; give raw=" % (eid, evdef.error))
            enc = evdef.encoders.get(ptr)
            if enc is None:
                enc = evdef.encoders[ptr] = Encoder(evdef, ptr)
            try:
                payload = enc.encode(kv)
            except GenError as e:
                raise GenError("id=%d: %s" % (eid, e)) from None
        if "truncate" in h:
            n = parse_int(h["truncate"], 16)
            if n > len(payload):
                raise GenError("truncate=%d but the payload has %d bytes" % (n, len(payload)))
            payload = payload[:n]
        if "extra" in h:
            payload += parse_hex(h["extra"])
        if evdef is None and events:   # unknown version of a known id: that id's defaults
            evdef = next((e for (i, _), e in sorted(events.items()) if i == eid), None)
        d = evdef.defaults if evdef else {"level": 4, "task": 0, "opcode": 0, "keyword": 0,
                                          "channel": 0}
        level, opcode, channel = (parse_int(h[k], 8) if k in h else d[k]
                                  for k in ("level", "opcode", "channel"))
        task = parse_int(h["task"], 16) if "task" in h else d["task"]
        keyword = parse_int(h["keyword"], 64) if "keyword" in h else d["keyword"]
        size = 0x50 + len(payload)
        if size > min(0xFFFF, self.cap.buffer - BUF_HDR):
            raise GenError("record of %d bytes does not fit a buffer" % size)
        rec = EVENT_HEADER.pack(size, 0x13 if ptr == 8 else 0x12, 0xC0, 0, 0,
                                parse_int(h["tid"], 32), parse_int(h["pid"], 32), ts, guid_b,
                                eid, ver, channel, level, opcode, task, keyword, 0, 0) + payload
        self.w.add(cpu, rec, ts)


def generate(scenario_path, out_path, manifest_paths):
    """Write out_path; raise GenError with the full "FILE:LINE: message" text on failure."""
    providers = load_manifests(manifest_paths)
    try:
        f = open(scenario_path, encoding="utf-8")
    except OSError as e:
        raise GenError("%s: cannot read: %s" % (scenario_path, e.strerror)) from None
    tmp, lineno, fh, cap, sc = out_path + ".tmp", 0, None, None, None

    def start():
        nonlocal fh, cap
        cap = cap or Capture({}, out_path)
        fh = open(tmp, "wb")
        return Scenario(providers, cap, Writer(cap, fh))

    try:
        with f:
            for lineno, line in enumerate(f, 1):
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                if words[0] == "capture":
                    if sc is not None or cap is not None:
                        raise GenError("the capture line must come once, before the events")
                    cap = Capture(tokens_of(words[1:]), out_path)
                    continue
                sc = sc or start()
                sc.event(words)
            lineno = 0
            sc = sc or start()
            sc.w.close(sc.max_ts + max(1, cap.rate // 1000))    # stop 1 ms after the last event
            fh.close()
            os.replace(tmp, out_path)
    except GenError as e:
        where = "%s:%d" % (scenario_path, lineno) if lineno else scenario_path
        raise GenError("%s: %s" % (where, e)) from None
    except OSError as e:
        name = out_path if e.filename in (None, tmp) else e.filename
        raise GenError("%s: %s" % (name, e.strerror)) from None
    finally:
        if fh and not fh.closed:
            fh.close()
        if os.path.exists(tmp):
            os.unlink(tmp)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write("etlgen: %s\n" % message)
        sys.exit(1)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = _Parser(prog="etlgen.py", description="Write an .etl file from a scenario file.")
    ap.add_argument("--manifest", action="append")
    ap.add_argument("scenario")
    ap.add_argument("out")
    a = ap.parse_args(argv)
    manifests = a.manifest or [os.path.join(here, "..", "..", "manifests", "Microsoft-Windows-%s.man" % p)
                               for p in ("Winsock-AFD", "Winsock-NameResolution", "DNS-Client",
                                         "Kernel-Process")]
    try:
        generate(a.scenario, a.out, manifests)
    except GenError as e:
        sys.stderr.write("etlgen: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
