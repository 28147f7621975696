#!/usr/bin/env python3
"""bench_pcap.py WSTRACE WORKDIR [PACKETS] [RUNS] [plain|compressed]

Measures `wstrace pcap` on a large generated PktMon capture, pcapng to
/dev/null: MB/s of .etl input and of packet payload, packets/s, peak memory,
and the I/O floor (`cat` of the capture and of the pcapng written, to
/dev/null). Not a test: numbers only.
Runs are pinned to one core, RUNS times (default 5) after a warm-up run;
the median is reported with the best beside it (tests/bench/bench.py).

The capture: PACKETS (default 200,000) packet events of the PktMon
provider on 4 CPUs, written by the fixture writer: Ethernet frames of 60
to 1514 bytes (a TCP-like mix: one in three full-size, the rest small),
each logged at three components (miniport, filter, protocol) as pktmon
does, one in fifty a drop, one in four truncated to 128 bytes; then the
component events at the end. Generated once per size, kept in WORKDIR.
`compressed` makes the same capture with compressed buffers, as pktmon
writes them (XPRESS, by tests/hostile/etlmod.py: slow, a minute for 40,000
packets), to measure the reader's decompression too.
"""
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "hostile"))
from bench import ETLGEN, median, timed  # noqa: E402
import etlmod  # noqa: E402

PKTMON = "{4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac}"
SIZES = (60, 1514, 66, 590, 1514, 54, 1514, 128, 1280)


def header(group, app, dirtag, comp, reason, orig, logged, dropped):
    return struct.pack("<QHHHHHHHIIHH", group, 1, app, dirtag, 1, comp, 1, 0,
                       reason if dropped else 0, 0xE0004500 if dropped else 0, orig, logged)


def frame(n, size):
    head = bytes.fromhex("02000000000102000000000208004500") + struct.pack(">H", size - 14)
    body = bytes((n + i) & 0xFF for i in range(size - len(head)))
    return head + body


def scenario(path, packets):
    payload = 0
    with open(path, "w") as f:
        f.write("capture build=22621 cpus=4 buffer=1048576 logger=PktMon-bench\n")
        t = 0
        for n in range(packets):
            comp = (5, 8, 11)[n % 3]
            group = n // 3
            size = SIZES[group % len(SIZES)]
            logged = 128 if group % 4 == 3 and size > 128 else size
            dropped = n % 50 == 49
            t += 23
            data = header(group, n % 3 + 1, 3 + group % 2, comp, 1204, size, logged, dropped)
            data += frame(group, size)[:logged]
            payload += logged
            f.write("%d.%07d cpu=%d pid=4 tid=88 id=%d provider=%s raw=%s\n" % (
                t // 10000000, t % 10000000, group % 4, 170 if dropped else 160, PKTMON,
                data.hex()))
        t += 10000
        for comp, typ, name, desc in ((5, 2, "e1000.sys", "Bench Ethernet Adapter"),
                                      (8, 3, "pacer.sys", "QoS Packet Scheduler"),
                                      (11, 4, "tcpip.sys", "TCPIP")):
            raw = struct.pack("<HH", comp, typ) + (name + "\0").encode("utf-16le") + \
                (desc + "\0").encode("utf-16le")
            t += 10
            f.write("%d.%07d cpu=0 pid=4 tid=88 id=20 provider=%s raw=%s\n" % (
                t // 10000000, t % 10000000, PKTMON, raw.hex()))
    return payload


def make_capture(workdir, packets, compressed):
    etl = os.path.join(workdir, "bench-pktmon-%d.etl" % packets)
    if compressed:
        plain, payload = make_capture(workdir, packets, False)
        etl = plain[:-4] + "-xpress.etl"
        if not os.path.exists(etl):
            print("bench: compressing %s ..." % etl, file=sys.stderr)
            with open(plain, "rb") as f:
                data = etlmod.compress_file(f.read())
            with open(etl, "wb") as f:
                f.write(data)
        return etl, payload
    if not os.path.exists(etl):
        scn = etl[:-4] + ".scn"
        payload = scenario(scn, packets)
        with open(etl + ".payload", "w") as f:
            f.write("%d\n" % payload)
        print("bench: writing %s ..." % etl, file=sys.stderr)
        subprocess.run([sys.executable, ETLGEN, scn, etl], check=True)
        os.remove(scn)
    with open(etl + ".payload") as f:
        return etl, int(f.read())


def main(argv):
    wstrace, workdir = argv[1], argv[2]
    packets = int(argv[3]) if len(argv) > 3 else 200000
    runs = int(argv[4]) if len(argv) > 4 else 5
    compressed = len(argv) > 5 and argv[5] == "compressed"
    os.makedirs(workdir, exist_ok=True)
    etl, payload = make_capture(workdir, packets, compressed)
    in_mb, pay_mb = os.path.getsize(etl) / 1e6, payload / 1e6
    print("capture: %s, %.1f MB, %d packets, %.1f MB of packet payload" % (
        etl, in_mb, packets, pay_mb))
    print("runs: %d each, pinned to core %d; median (best)" % (runs, max(os.sched_getaffinity(0))))
    out = os.path.join(workdir, "bench-out.pcapng")
    for once in (False, True):
        cmd = [wstrace, "pcap", etl] + (["--once"] if once else [])
        with open(out, "wb") as f:            # warm-up, and the output for the floor
            subprocess.run(cmd, stdout=f, check=True)
        out_mb = os.path.getsize(out) / 1e6
        walls, cpus, rsss, floors = [], [], [], []
        with open(os.devnull, "wb") as null:
            for _ in range(runs):
                wall, cpu, rss = timed(cmd, null)
                walls.append(wall)
                cpus.append(cpu)
                rsss.append(rss)
                floors.append(timed(["cat", etl, out], null)[0])
        wall, floor = median(walls), median(floors)
        print("pcap%-7s %7.1f MB/s in (best %7.1f)  %7.1f MB/s payload  %9.0f packets/s  "
              "%6.2f s wall  %6.2f s cpu  peak RSS %.1f MB  output %.0f MB  "
              "(I/O floor %.3f s: %.1fx)" % (
                  " --once" if once else "", in_mb / wall, in_mb / min(walls), pay_mb / wall,
                  packets / wall, wall, median(cpus), max(rsss) / 1024, out_mb, floor,
                  wall / floor if floor else 0))
    os.remove(out)


if __name__ == "__main__":
    main(sys.argv)
