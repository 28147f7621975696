#!/usr/bin/env python3
"""bench.py WSTRACE WORKDIR [EVENTS]

Measures `wstrace parse` on a large generated capture: events/s, MB/s of
input, peak memory, and the I/O floor (reading the capture and writing the
same output bytes with cat). Not a test: numbers only, nothing asserted.

The capture is a realistic verbose mix written by the fixture writer: TCP
sockets over IPv4 and IPv6 on 4 CPUs, each created, bound, connected, doing
three request/response exchanges (send and receive posts and completions)
and closed; 16 events per socket. It is generated once per size and kept
in WORKDIR.
"""
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ETLGEN = os.path.join(HERE, "..", "tools", "etlgen.py")


def scenario_lines(events):
    yield "capture build=19045 cpus=4 pointer=8 buffer=65536 start=2026-11-20T09:00:00Z logger=wstrace-bench"
    t = 0
    sockets = max(1, events // 16)
    for n in range(sockets):
        cpu = n % 4
        pid = 1000 + n % 50
        proc = "0xffffa000%08x" % (n % 50 * 0x1000)
        ep = "0xffffb000%08x" % (n * 0x100)
        v6 = n % 4 == 3
        common = "cpu=%d pid=%d tid=%d" % (cpu, pid, pid + 4)
        base = "Process=%s Endpoint=%s" % (proc, ep)

        def line(eid, fields):
            nonlocal t
            t += 17
            return "%d.%07d %s id=%d %s %s" % (t // 10000000, t % 10000000, common, eid, base, fields)

        yield line(1, "AddressFamily=%d SocketType=1 Protocol=6 UserModePid=%d" % (23 if v6 else 2, pid))
        if v6:
            yield line(3, "Address=2001:db8::%x Port=%d Status=0" % (n % 65535 + 1, 49152 + n % 16000))
            yield line(5, "Address=2001:db8:1::%x Port=443" % (n % 200 + 1))
        else:
            yield line(2, "Address=10.0.%d.%d Port=%d Status=0" % (n // 250 % 250, n % 250 + 1, 49152 + n % 16000))
            yield line(4, "Address=192.0.2.%d Port=443" % (n % 200 + 1))
        yield line(6, "Error=0")
        for size in (517, 126, 412):
            yield line(18, "FastPath=true BufferCount=1 Buffer=0x1000 BufferLength=%d" % size)
            yield line(24, "Buffer=0x1000 BufferLength=%d" % size)
            yield line(19, "FastPath=true BufferCount=1 Buffer=0x2000 BufferLength=4096")
            yield line(23, "Buffer=0x2000 BufferLength=%d" % (1400 + size))
        yield line(14, "Error=0")
        yield line(13, "Error=0")


def make_capture(workdir, events):
    etl = os.path.join(workdir, "bench-%d.etl" % events)
    if os.path.exists(etl):
        return etl
    scn = etl[:-4] + ".scn"
    with open(scn, "w") as f:
        for line in scenario_lines(events):
            f.write(line + "\n")
    print("bench: writing %s ..." % etl, file=sys.stderr)
    subprocess.run([sys.executable, ETLGEN, scn, etl], check=True)
    os.remove(scn)
    return etl


def timed(cmd, stdout):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def main(argv):
    wstrace, workdir = argv[1], argv[2]
    events = int(argv[3]) if len(argv) > 3 else 1000000
    os.makedirs(workdir, exist_ok=True)
    etl = make_capture(workdir, events)
    in_mb = os.path.getsize(etl) / 1e6
    print("capture: %s, %.1f MB, %d events" % (etl, in_mb, events // 16 * 16))
    print("machine: %s, %d cores" % (os.uname().machine, os.cpu_count()))
    for fmt in ("json", "text"):
        out = os.path.join(workdir, "bench-out." + fmt)
        with open(out, "wb") as f:
            # Warm the page cache, then measure with output to /dev/null.
            subprocess.run([wstrace, "parse", etl, "--format", fmt], stdout=f, check=False)
        with open(os.devnull, "wb") as null:
            wall, cpu, rss = timed([wstrace, "parse", etl, "--format", fmt], null)
            floor, _, _ = timed(["cat", etl, out], null)
        n = events // 16 * 16
        print("parse --format %-4s  %9.0f events/s  %7.1f MB/s in  %6.2f s wall  %6.2f s cpu  "
              "peak RSS %.1f MB  (I/O floor %.3f s: %.1fx)" % (
                  fmt, n / wall, in_mb / wall, wall, cpu, rss / 1024, floor, wall / floor if floor else 0))
        os.remove(out)


if __name__ == "__main__":
    main(sys.argv)
