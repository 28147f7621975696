#!/usr/bin/env python3
"""hostile.py WSTRACE WORKDIR CASE: builds one hostile input, runs wstrace on it, checks.

Every case is a function below marked @case("name", ...); CMake registers one ctest test per
case (tests/hostile/CMakeLists.txt reads the names from this file). A case builds its input in
WORKDIR at test time (nothing big is committed) and returns what wstrace must do:

  exit      the documented status (docs/cli.md: 1 unreadable / not an etl, 3 damaged but
            decoded, 4 the capture lost events)
  first     a regex the first stderr line must match in full, e.g. the one-line error with the
            file and the offset: "wstrace: FILE: offset 0x48: ..."
  lines     how many output lines the good parts give (counted independently by etlmod)
  problems  how many problems the summary line counts ("N problems in the file")

and every case is also held to the general rules: no crash or signal, done within its time
limit, every stderr line starts with "wstrace: ", at most 20 problem lines then a count, every
output line complete. Exit status 77 means the case cannot run here (skipped, with a reason).
Standard library only.
"""
import json
import os
import re
import resource
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import etlmod  # noqa: E402

ETLGEN = os.path.join(os.path.dirname(HERE), "tools", "etlgen.py")
SKIP = 77
CASES = {}
MIB = 1024 * 1024


def case(name, timeout=60, pending=None):
    """Registers a case. pending names a fix not applied yet (docs/hardening.md): ctest then
    expects the case to fail, and says so when it starts passing."""
    def register(fn):
        CASES[name] = (fn, timeout, pending)
        return fn
    return register


class Skip(Exception):
    pass


class Ctx:
    def __init__(self, wstrace, work, name):
        self.wstrace, self.work, self.name = wstrace, work, name

    def path(self, suffix):
        return os.path.join(self.work, "%s%s" % (self.name, suffix))

    def write(self, data, suffix=".etl"):
        p = self.path(suffix)
        with open(p, "wb") as f:
            f.write(data)
        return p


# ------------------------------------------------------------------ inputs

def scenario(n, cpus=2, buffer=1024, extra=""):
    """n create events, cpu by turn, 1 ms apart: each gives one output line."""
    lines = ["capture build=19041 cpus=%d pointer=8 buffer=%d %s" % (cpus, buffer, extra)]
    for i in range(n):
        lines.append("%.7f cpu=%d pid=%d tid=%d id=1 Process=0xffffc10a%08x "
                     "Endpoint=0xffffc10b%08x AddressFamily=2 SocketType=1 Protocol=6 "
                     "UserModePid=%d" % (0.001 * (i + 1), i % cpus, 4000 + i, 5000 + i, i, i * 16,
                                         4000 + i))
    return "\n".join(lines) + "\n"


def base(ctx, n=40, **kw):
    """A valid capture (1 KiB buffers: several per processor) and its bytes."""
    scn = ctx.path(".scn")
    with open(scn, "w") as f:
        f.write(scenario(n, **kw))
    out = ctx.path("-base.etl")
    subprocess.run([sys.executable, ETLGEN, scn, out], check=True)
    with open(out, "rb") as f:
        return bytearray(f.read())


def events_in(data, buffer_index):
    return [e for e in etlmod.afd_events(bytes(data)) if e[0] == buffer_index]


def put16(data, off, v):
    struct.pack_into("<H", data, off, v)


def put32(data, off, v):
    struct.pack_into("<I", data, off, v)


def offset_line(ctx_file, offset, text):
    return r"wstrace: %s: offset 0x%x: %s" % (re.escape(ctx_file), offset, text)


# ------------------------------------------------------------------ cases: not a capture

@case("empty")
def c_empty(ctx):
    f = ctx.write(b"")
    return dict(file=f, exit=1, first=offset_line(f, 0, "file is empty"), lines=0)


@case("one-byte")
def c_one_byte(ctx):
    f = ctx.write(b"\x00")
    return dict(file=f, exit=1, lines=0,
                first=offset_line(f, 0, r"file too short: 1 bytes, a buffer header needs 72"))


@case("not-etl")
def c_not_etl(ctx):
    f = ctx.write(b"# this is a text file, not a capture\n" * 10)
    return dict(file=f, exit=1, lines=0,
                first=offset_line(f, 0x36, r"not an etl file: first buffer has type \d+, "
                                  r"not 4 \(header\)"))


@case("cut-in-logfile-header")
def c_cut_logfile_header(ctx):
    f = ctx.write(base(ctx)[:0x48 + 0x60])
    return dict(file=f, exit=1, lines=0,
                first=offset_line(f, 0x48, "file too short: logfile header record is cut"))


@case("header-buffer-size-huge")
def c_header_size(ctx):
    data = base(ctx)
    put32(data, 0, 0xFFFFFFF0)
    f = ctx.write(data)
    return dict(file=f, exit=1, lines=0,
                first=offset_line(f, 0, "not an etl file: header buffer size 0xfffffff0 invalid"))


@case("directory")
def c_directory(ctx):
    d = ctx.path(".dir")
    os.makedirs(d, exist_ok=True)
    return dict(file=d, exit=1, lines=0, first=r"wstrace: %s: is a directory" % re.escape(d))


def as_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


@case("unreadable")
def c_unreadable(ctx):
    """chmod 000 stops everyone but root; as root, wstrace runs as nobody for this case."""
    f = ctx.write(bytes(base(ctx)))
    os.chmod(f, 0)
    preexec = None
    if os.access(f, os.R_OK):
        if os.geteuid() != 0:
            raise Skip("chmod 000 does not stop this user from reading; nothing to test")
        probe = subprocess.run([ctx.wstrace, "--version"], preexec_fn=as_nobody,
                               capture_output=True)
        if probe.returncode != 0:
            raise Skip("root cannot be kept from reading, and nobody cannot run %s" % ctx.wstrace)
        preexec = as_nobody
    return dict(file=f, exit=1, lines=0, preexec=preexec,
                first=r"wstrace: %s: cannot open: Permission denied" % re.escape(f))


@case("fifo")
def c_fifo(ctx):
    """A pipe cannot be read out of order: one line, no hang."""
    data = bytes(base(ctx))
    f = ctx.path(".fifo")
    if os.path.exists(f):
        os.unlink(f)
    os.mkfifo(f)

    def feed():
        try:
            with open(f, "wb") as w:
                w.write(data)
        except OSError:
            pass
    threading.Thread(target=feed, daemon=True).start()
    return dict(file=f, exit=1, lines=0,
                first=r"wstrace: %s: cannot find file size: Illegal seek" % re.escape(f))


# ------------------------------------------------------------------ cases: read errors

def read_error_env(offset):
    """The environment that makes wstrace's reads of offset fail with EIO (eio_shim.c)."""
    shim = os.environ.get("WST_EIO_SHIM")
    if not shim or not os.path.exists(shim):
        raise Skip("no eio_shim library (WST_EIO_SHIM): read errors cannot be made here")
    env = dict(os.environ, LD_PRELOAD=shim, WST_EIO_OFFSET=str(offset))
    # A sanitizer build wants its runtime first; the shim comes before it.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    return env


@case("read-error-in-buffer")
def c_read_error_buffer(ctx):
    """The disk fails inside buffer 3's data, once decoding has begun: a failure (exit 1,
    what came before is out), not damage in the file (3), and one line saying where."""
    f = ctx.write(bytes(base(ctx)))
    return dict(file=f, exit=1, stderr_lines=1, env=read_error_env(3 * 1024 + 100),
                first=offset_line(f, 3 * 1024, "cannot read buffer: Input/output error"),
                info=dict(problems=1))


@case("read-error-in-index")
def c_read_error_index(ctx):
    """The disk fails in buffer 4's header, while the buffers are indexed: the same."""
    f = ctx.write(bytes(base(ctx)))
    return dict(file=f, exit=1, stderr_lines=1, env=read_error_env(4 * 1024 + 8),
                first=offset_line(f, 4 * 1024, "cannot read buffer header: Input/output error"),
                info=dict(problems=1, buffers_read=4))


# ------------------------------------------------------------------ cases: damaged buffers

@case("cut-in-buffer-header")
def c_cut_buffer_header(ctx):
    data = base(ctx)
    bufs = etlmod.buffers(bytes(data))
    good = sum(len(events_in(data, i)) for i in range(1, 3))
    f = ctx.write(data[:bufs[3][0] + 0x20])
    return dict(file=f, exit=3, lines=good, problems=1,
                first=offset_line(f, bufs[3][0], "file ends inside the header of buffer 3"))


@case("cut-in-record")
def c_cut_record(ctx):
    data = base(ctx)
    last = len(etlmod.buffers(bytes(data))) - 1
    evs = events_in(data, last)
    cut = evs[2][1] + 0x30                      # inside the third record of the last buffer
    f = ctx.write(data[:cut])
    lines = len(etlmod.afd_events(bytes(data))) - (len(evs) - 2)
    off = etlmod.buffers(bytes(data))[last][0]
    return dict(file=f, exit=3, lines=lines, problems=1,
                first=offset_line(f, off, r"buffer truncated by end of file: 0x%x of 0x400 "
                                  r"bytes present" % (cut - off)))


def sized(ctx, size):
    """Buffer 2 claims another BufferSize; every buffer is still found."""
    data = base(ctx)
    off = etlmod.buffers(bytes(data))[2][0]
    put32(data, off, size)
    f = ctx.write(data)
    return dict(file=f, exit=3, lines=len(etlmod.afd_events(bytes(base(ctx)))), problems=1,
                first=offset_line(f, off, r"buffer size 0x%x, not the session's 0x400; the next "
                                  r"buffer is looked for 0x400 bytes on" % size))


@case("buffer-size-zero")
def c_size_zero(ctx):
    return sized(ctx, 0)


@case("buffer-size-huge")
def c_size_huge(ctx):
    return sized(ctx, 0xFFFFFFF0)


@case("buffer-size-not-multiple")
def c_size_odd(ctx):
    return sized(ctx, 0x404)


@case("buffer-size-zero-compressed")
def c_size_zero_compressed(ctx):
    """In a compressed file sizes vary, so a bad one ends the walk: what came before stays."""
    data = bytearray(etlmod.compress_file(bytes(base(ctx))))
    bufs = etlmod.buffers(bytes(data))
    put32(data, bufs[3][0], 0)
    f = ctx.write(data)
    good = len([e for e in etlmod.afd_events(bytes(base(ctx))) if e[0] < 3])
    return dict(file=f, exit=3, lines=good, problems=1,
                first=offset_line(f, bufs[3][0], "buffer size 0x0 invalid, later buffers "
                                  "cannot be located"))


@case("data-end-invalid")
def c_data_end(ctx):
    data = base(ctx)
    off = etlmod.buffers(bytes(data))[2][0]
    lost = len(events_in(data, 2))
    put32(data, off + 0x30, 0x800)              # Offset past BufferSize
    put32(data, off + 0x04, 0x20)               # SavedOffset inside the header
    f = ctx.write(data)
    return dict(file=f, exit=3, lines=len(etlmod.afd_events(bytes(data))) - lost, problems=1,
                first=offset_line(f, off + 0x30, "buffer data end invalid: offset 0x800, saved "
                                  "offset 0x20, size 0x400"))


@case("more-buffers-claimed")
def c_buffers_claimed(ctx):
    data = base(ctx)
    n = len(etlmod.buffers(bytes(data)))
    put32(data, 0x48 + 0x20 + 0x24, 0xFFFFFFFF)  # BuffersWritten
    f = ctx.write(data)
    return dict(file=f, exit=3, lines=len(etlmod.afd_events(bytes(data))), problems=1,
                first=offset_line(f, len(data), "file ends after %d of 4294967295 buffers" % n))


# ------------------------------------------------------------------ cases: damaged records

def record_case(ctx, buffer_index, record_index, damage, message, lost_rest):
    data = base(ctx)
    evs = events_in(data, buffer_index)
    off, size = evs[record_index][1], evs[record_index][2]
    damage(data, off, size)
    f = ctx.write(data)
    total = len(etlmod.afd_events(bytes(base(ctx))))
    lost = len(evs) - record_index if lost_rest else 1
    return dict(file=f, exit=3, lines=total - lost, problems=1, first=offset_line(f, off, message))


@case("record-size-zero")
def c_record_zero(ctx):
    return record_case(ctx, 2, 2, lambda d, o, s: put16(d, o, 0),
                       "record size 0, rest of buffer skipped", True)


@case("record-past-buffer")
def c_record_past(ctx):
    return record_case(ctx, 2, 2, lambda d, o, s: put16(d, o, 0xFFF0),
                       r"record of 0xfff0 bytes overruns the buffer data end at "
                       r"\+0x[0-9a-f]+", True)


@case("record-below-header")
def c_record_small(ctx):
    return record_case(ctx, 1, 1, lambda d, o, s: put16(d, o, 0x20),
                       "record size 0x20 below its 0x50 byte header, rest of buffer skipped", True)


@case("end-marker-mid-buffer")
def c_end_marker(ctx):
    return record_case(ctx, 1, 1, lambda d, o, s: put32(d, o, 0xFFFFFFFF),
                       r"end-of-data marker before the buffer's data end at \+0x[0-9a-f]+", True)


def with_items(items):
    """Sets EXTENDED_INFO and writes extended items over the start of the payload."""
    def damage(d, o, s):
        put16(d, o + 4, 1)
        d[o + 0x50:o + 0x50 + len(items)] = items
    return damage


@case("ext-item-length-lies")
def c_ext_lies(ctx):
    item = struct.pack("<HHHH", 0, 1, 0, 0x1000)
    return record_case(ctx, 1, 1, with_items(item),
                       "extended data item of 0x1000 bytes overruns the record", False)


@case("ext-item-chain-runs-out")
def c_ext_chain(ctx):
    items = struct.pack("<HHHH", 0, 1, 1, 0) * 5   # each links to one more, past the end
    return record_case(ctx, 1, 1, with_items(items),
                       "extended data item header overruns the record", False)


@case("ff-inside-payload")
def c_ff_payload(ctx):
    """0xFFFFFFFF inside a record is data, not an end marker: nothing is lost."""
    data = base(ctx)
    for _, off, size in etlmod.afd_events(bytes(data))[::3]:
        data[off + 0x50:off + 0x60] = b"\xff" * 16
    f = ctx.write(data)
    return dict(file=f, exit=0, lines=len(etlmod.afd_events(bytes(data))), problems=0)


@case("lost-events")
def c_lost(ctx):
    scn = scenario(10, extra="events_lost=3")
    with open(ctx.path(".scn"), "w") as fh:
        fh.write(scn)
    f = ctx.path(".etl")
    subprocess.run([sys.executable, ETLGEN, ctx.path(".scn"), f], check=True)
    return dict(file=f, exit=4, lines=10, problems=0,
                first=r"wstrace: warning: %s: the capture lost events: events_lost 3, "
                      r"buffers_lost 0, buffers flagged with losses 0" % re.escape(f))


# ------------------------------------------------------------------ cases: size and volume

@case("compressed-twin")
def c_compressed(ctx):
    """The XPRESS twin of a capture decodes to the same lines."""
    data = base(ctx)
    f = ctx.write(etlmod.compress_file(bytes(data)))
    return dict(file=f, exit=0, lines=len(etlmod.afd_events(bytes(data))), problems=0)


def bomb_stream(record, inflated):
    """An XPRESS stream: the record as literals, a zero, then one match of offset 1 that
    fills the rest: a few bytes that claim `inflated` bytes."""
    items = [("L", b) for b in record] + [("L", 0), ("M", inflated - len(record) - 1)]
    out = bytearray()
    for i in range(0, len(items), 32):
        chunk, flags, body = items[i:i + 32], 0, bytearray()
        for k, (kind, v) in enumerate(chunk):
            if kind == "L":
                body.append(v)
            else:
                flags |= 1 << (31 - k)
                body += struct.pack("<H", 7) + b"\x0f\xff" + struct.pack("<HI", 0, v - 3)
        flags |= (1 << (32 - len(chunk))) - 1
        out += struct.pack("<I", flags) + body
    return bytes(out)


@case("compressed-bomb", timeout=60)
def c_bomb(ctx):
    """200 processors' buffers of 150 bytes that each claim 64 MiB: before the cap this took
    12 GB of memory and a minute; now each is refused, fast and in little memory."""
    data = base(ctx, n=1)
    bufs = etlmod.buffers(bytes(data))
    off, _, end = bufs[1]
    stream = bomb_stream(data[off + 0x48:off + end], 64 * MIB - 0x48)
    head = bytearray(data[:bufs[0][1]])
    put32(head, 0x48 + 0x20, 64 * MIB)                                 # session BufferSize
    put32(head, 0x48 + 0x40, etlmod.u32(head, 0x48 + 0x40) | etlmod.MODE_COMPRESSED)
    put32(head, 0x2C, 3)                                               # XPRESS
    count = 200
    put32(head, 0x48 + 0x44, count + 1)                                # BuffersWritten
    out = bytearray(head)
    offsets = []
    for k in range(count):
        hdr = bytearray(0x48)
        struct.pack_into("<IIIIQQQ", hdr, 0, 0x48 + len(stream), 64 * MIB, 0, 0, 0, 0, k + 1)
        struct.pack_into("<HxxIIHH", hdr, 0x28, k, 3, 64 * MIB, 0x60, 0)
        offsets.append(len(out))
        out += hdr + bytes(stream)
    f = ctx.write(out)
    return dict(file=f, exit=3, lines=0, problems=count, max_rss_mb=400, max_seconds=20,
                first=offset_line(f, offsets[0] + 4, r"compressed buffer claims 0x3ffffb8 bytes "
                                  r"from 0x%x stored, more than 128 times as many" % len(stream)))


@case("many-processors")
def c_many_cpus(ctx):
    """One buffer for each of 3000 processor numbers: 3000 streams merged."""
    data = base(ctx, n=1)
    bufs = etlmod.buffers(bytes(data))
    head = bytearray(data[:bufs[0][1]])
    off, size, _ = bufs[1]
    one = bytearray(data[off:off + size])
    count = 3000
    put32(head, 0x48 + 0x44, count + 1)
    out = bytearray(head)
    for k in range(count):
        struct.pack_into("<Q", one, 0x18, k + 1)
        struct.pack_into("<H", one, 0x28, k)
        out += one
    f = ctx.write(out)
    return dict(file=f, exit=0, lines=count, problems=0)


@case("millions-of-tiny-records", timeout=300)
def c_tiny(ctx):
    """40 buffers of 1 MiB packed with 8-byte records, and every ninth record an AFD event
    with an empty payload: 2.3 million records, 290 thousand truncated payloads to report
    (20 lines, then only counted), all in seconds."""
    data = base(ctx, n=1, buffer=MIB)
    bufs = etlmod.buffers(bytes(data))
    head = bytearray(data[:bufs[0][1]])
    event = bytearray(data[etlmod.afd_events(bytes(data))[0][1]:][:0x50])
    put16(event, 0, 0x50)                       # the header alone: payload of 0 bytes
    tiny = struct.pack("<IHH", 0x90000008, 0, 0)   # a WPP message record, nothing in it
    group = bytes(event) + tiny * 8
    per_buffer = (MIB - 0x48) // len(group)
    body = group * per_buffer
    count = 40
    put32(head, 0x48 + 0x44, count + 1)
    out = bytearray(head)
    for k in range(count):
        hdr = bytearray(0x48)
        end = 0x48 + len(body)
        struct.pack_into("<IIIIQQQ", hdr, 0, MIB, end, end, 0, 0, 0, k + 1)
        struct.pack_into("<HxxIIHH", hdr, 0x28, k % 2, 3, end, 0x20, 0)
        out += hdr + body + b"\xff" * (MIB - end)
    f = ctx.write(out)
    events = count * per_buffer
    return dict(file=f, exit=3, lines=events, problems=events, big=True,
                first=r"wstrace: %s: offset 0x[0-9a-f]+: event 1 \(create\) payload truncated: "
                      r"0 bytes" % re.escape(f))


def sparse_probe(ctx):
    """Whether this file system keeps holes as holes, tried on 64 MiB first so that a file
    system that does not is never asked for 4 GiB."""
    probe = ctx.path(".probe")
    try:
        with open(probe, "wb") as f:
            f.seek(64 * MIB)
            f.write(b"x")
        return os.stat(probe).st_blocks * 512 < MIB
    except OSError:
        return False
    finally:
        if os.path.exists(probe):
            os.unlink(probe)


@case("over-4gb", timeout=120)
def c_over_4gb(ctx):
    """A sparse 4.3 GiB capture of 64 MiB buffers: empty ones up to 4 GiB, then the events,
    one record of them damaged: its offset, past 2^32, must come out whole."""
    data = base(ctx, n=24)
    bufs = etlmod.buffers(bytes(data))
    f = ctx.path(".etl")
    first_data = 64                              # buffer 64 starts at 4 GiB
    total = first_data + len(bufs) - 1
    head = bytearray(data[:bufs[0][2]])
    put32(head, 0, 64 * MIB)
    put32(head, 0x48 + 0x20, 64 * MIB)
    put32(head, 0x48 + 0x44, total)
    damaged = None
    if not sparse_probe(ctx):
        raise Skip("this file system does not keep files sparse; a 4.3 GiB file is too much")
    with open(f, "wb") as out:
        out.write(head)
        for k in range(1, total):
            hdr = bytearray(0x48)
            struct.pack_into("<IIIIQQQ", hdr, 0, 64 * MIB, 0x48, 0x48, 0, 0, 0, k)
            struct.pack_into("<HxxIIHH", hdr, 0x28, 0, 3, 0x48, 0x20, 0)
            body = b""
            if k >= first_data:
                off, _, end = bufs[k - first_data + 1]
                hdr = bytearray(data[off:off + 0x48])
                put32(hdr, 0, 64 * MIB)
                struct.pack_into("<Q", hdr, 0x18, k)
                body = bytearray(data[off + 0x48:off + end])
                if k == total - 1:
                    rec = events_in(data, k - first_data + 1)[1][1] - off
                    put16(body, rec - 0x48, 0)
                    damaged = k * 64 * MIB + rec
            out.seek(k * 64 * MIB)
            out.write(hdr + body)
        out.truncate(total * 64 * MIB)
    lost = len(events_in(data, len(bufs) - 1)) - 1
    assert damaged > 1 << 32
    return dict(file=f, exit=3, lines=len(etlmod.afd_events(bytes(data))) - lost, problems=1,
                big=True, first=offset_line(f, damaged, "record size 0, rest of buffer skipped"),
                info=dict(buffers=total, problems=1))


# ------------------------------------------------------------------ cases: output failures

def big_capture(ctx):
    return base(ctx, n=30000, buffer=65536)


def output_case(ctx, args, stdout, preexec=None, reader=None):
    f = ctx.write(big_capture(ctx))
    return dict(file=f, args=args, stdout=stdout, preexec=preexec, reader=reader)


@case("out-pipe-closed-text")
def c_pipe_text(ctx):
    return dict(output_case(ctx, [], "pipe-1"), exit=0, stderr_lines=0)


@case("out-pipe-closed-json-unbuffered")
def c_pipe_json(ctx):
    return dict(output_case(ctx, ["--format", "json", "--unbuffered"], "pipe-1"), exit=0,
                stderr_lines=0)


@case("out-pipe-closed-text-unbuffered")
def c_pipe_text_unbuf(ctx):
    return dict(output_case(ctx, ["--unbuffered"], "pipe-1"), exit=0, stderr_lines=0)


@case("out-dev-full")
def c_full(ctx):
    if not os.access("/dev/full", os.W_OK):
        raise Skip("no /dev/full here")
    return dict(output_case(ctx, ["--format", "json"], "/dev/full"), exit=1, stderr_lines=1,
                first="wstrace: write error: No space left on device")


@case("out-dev-full-unbuffered")
def c_full_unbuf(ctx):
    if not os.access("/dev/full", os.W_OK):
        raise Skip("no /dev/full here")
    return dict(output_case(ctx, ["--unbuffered"], "/dev/full"), exit=1, stderr_lines=1,
                first="wstrace: write error: No space left on device")


@case("out-stdout-closed")
def c_closed(ctx):
    return dict(output_case(ctx, [], "closed"), exit=1, stderr_lines=1,
                first="wstrace: write error: Bad file descriptor")


@case("out-info-dev-full")
def c_info_full(ctx):
    if not os.access("/dev/full", os.W_OK):
        raise Skip("no /dev/full here")
    exp = dict(output_case(ctx, [], "/dev/full"), exit=1, stderr_lines=1,
               first="wstrace: write error: No space left on device")
    exp["command"] = ["info", exp["file"], "--format", "json"]
    return exp


@case("out-events-dev-full")
def c_events_full(ctx):
    if not os.access("/dev/full", os.W_OK):
        raise Skip("no /dev/full here")
    return dict(file=None, command=["events", "--format", "json"], stdout="/dev/full", exit=1,
                stderr_lines=1, first="wstrace: write error: No space left on device")


@case("out-file-size-limit")
def c_fsize(ctx):
    """A file size limit (ulimit -f) stops the output half way: that must be said, as for a
    full disk, not end the program by SIGXFSZ with half a line written and nothing said."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))
    # The system writes up to the limit, so the last line is cut: said on
    # stderr, which is what matters.
    return dict(output_case(ctx, [], "file", preexec=limit), exit=1, stderr_lines=1,
                first="wstrace: write error: File too large", cut_ok=True)


# ------------------------------------------------------------------ the runner

def fail(msg):
    print("FAIL: %s" % msg)
    sys.exit(1)


def run_wstrace(ctx, exp, command):
    """Runs wstrace with its output where the case wants it; returns (status, stderr lines,
    output file or None, seconds, max RSS of the child in MiB)."""
    argv = [ctx.wstrace] + command
    out_path = ctx.path(".out")
    where = exp.get("stdout", "file")
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    timeout = exp["timeout"]
    if where == "pipe-1":
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = p.stdout.readline()
        p.stdout.close()                        # the reader goes away after one line
        err = p.stderr.read()
        status = p.wait(timeout=timeout)
        if not line.endswith(b"\n"):
            fail("first line through the pipe is incomplete: %r" % line[:200])
        out_path = None
    else:
        if where == "/dev/full":
            sink = open("/dev/full", "wb")
        elif where == "closed":
            sink = None
        else:
            sink = open(out_path, "wb")
        closer = (lambda: os.close(1)) if where == "closed" else exp.get("preexec")
        try:
            p = subprocess.run(argv, stdout=sink if sink else subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=timeout, preexec_fn=closer,
                               env=exp.get("env"))
        except subprocess.TimeoutExpired:
            fail("%s: no end after %d s" % (" ".join(argv), timeout))
        finally:
            if sink:
                sink.close()
        status, err = p.returncode, p.stderr
        if where != "file":
            out_path = None
    seconds = time.monotonic() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rss_mb = max(rss, before) / 1024
    return status, err.decode("utf-8", "replace").splitlines(), out_path, seconds, rss_mb


def count_lines(path, json_lines, cut_ok=False):
    n = 0
    last = b"\n"
    with open(path, "rb") as f:
        for line in f:
            n += 1
            last = line
            if json_lines:
                json.loads(line)
    if not last.endswith(b"\n") and not cut_ok:
        fail("the output ends in half a line: %r" % last[-200:])
    return n


def check_stderr(f, err, exp):
    for line in err:
        if not line.startswith("wstrace: "):
            fail("stderr line without 'wstrace: ': %r" % line)
    if "first" in exp:
        if not err or not re.fullmatch(exp["first"], err[0]):
            fail("first stderr line %r does not match %r" % (err[0] if err else None, exp["first"]))
    if "stderr_lines" in exp and len(err) != exp["stderr_lines"]:
        fail("%d stderr lines, expected %d: %r" % (len(err), exp["stderr_lines"], err[:5]))
    if exp["exit"] == 1 and "stderr_lines" not in exp and len(err) != 1:
        fail("a failure must be one line, got %d: %r" % (len(err), err[:5]))
    problems = exp.get("problems")
    if problems is None:
        return
    offsets = [l for l in err if re.match(r"wstrace: .*: offset 0x[0-9a-f]+: ", l)]
    if len(offsets) != min(problems, 20):
        fail("%d problem lines, expected %d" % (len(offsets), min(problems, 20)))
    more = [l for l in err if l.endswith("more problems follow; only their count is reported")]
    if (problems > 20) != bool(more):
        fail("the 'more problems follow' line is %s" % ("missing" if problems > 20 else "extra"))
    summary = [l for l in err if l.endswith("everything readable was decoded")]
    want = [] if problems == 0 else [
        "wstrace: %s: %d problem%s in the file; everything readable was decoded"
        % (f, problems, "" if problems == 1 else "s")]
    if summary != want:
        fail("summary %r, expected %r" % (summary, want))


def check_info(ctx, exp):
    argv = [ctx.wstrace, "info", exp["file"], "--format", "json"]
    p = subprocess.run(argv, capture_output=True, timeout=exp["timeout"], env=exp.get("env"))
    if p.returncode != exp["exit"]:
        fail("info: exit %d, expected %d: %r" % (p.returncode, exp["exit"], p.stderr[:300]))
    got = json.loads(p.stdout)
    for key, want in exp["info"].items():
        if got.get(key) != want:
            fail("info: %s is %r, expected %r" % (key, got.get(key), want))


def run_case(wstrace, work, name):
    fn, timeout, _ = CASES[name]
    ctx = Ctx(wstrace, work, name)
    os.makedirs(work, exist_ok=True)
    try:
        exp = fn(ctx)
    except Skip as why:
        print("SKIP %s: %s" % (name, why))
        return SKIP
    exp["timeout"] = timeout
    f = exp["file"]
    command = exp.get("command") or ["parse", f] + exp.get("args", [])
    status, err, out_path, seconds, rss = run_wstrace(ctx, exp, command)
    if status < 0:
        fail("wstrace died by signal %d: %r" % (-status, err[:5]))
    if status != exp["exit"]:
        fail("exit %d, expected %d; stderr: %r" % (status, exp["exit"], err[:5]))
    check_stderr(f, err, exp)
    if out_path is not None:
        got = count_lines(out_path, "--format" in command and "json" in command,
                          exp.get("cut_ok", False))
        if "lines" in exp and got != exp["lines"]:
            fail("%d output lines, expected %d" % (got, exp["lines"]))
    if "lines" in exp and out_path is None and exp.get("stdout", "file") == "file":
        fail("no output to count")
    if seconds > exp.get("max_seconds", timeout):
        fail("took %.1f s, limit %d s" % (seconds, exp.get("max_seconds", timeout)))
    if rss > exp.get("max_rss_mb", 1 << 30):
        fail("used %.0f MiB, limit %d MiB" % (rss, exp["max_rss_mb"]))
    if "info" in exp:
        check_info(ctx, exp)
    if exp.get("big"):
        for p in (f, out_path):
            if p and os.path.exists(p):
                os.unlink(p)
    print("ok %s: exit %d, %.1f s, %.0f MiB" % (name, status, seconds, rss))
    return 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        for name, (_, _, pending) in CASES.items():
            print(name, "pending" if pending else "")
        return 0
    if len(sys.argv) != 4 or sys.argv[3] not in CASES:
        sys.exit("usage: hostile.py WSTRACE WORKDIR CASE | --list; cases: " + " ".join(CASES))
    return run_case(*sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
