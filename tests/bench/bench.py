#!/usr/bin/env python3
"""bench.py WSTRACE WORKDIR [EVENTS] [mix|names|distinct] [RUNS]

Measures `wstrace parse` on a large generated capture: events/s, MB/s of
input, peak memory, and the I/O floor (reading the capture and writing the
same output bytes with cat); then `wstrace report` (text and HTML) on the
same capture: events/s and peak memory. Not a test: numbers only, nothing
asserted.

Every command runs pinned to one core (the last), RUNS times (default 5)
after a warm-up run; the figures are the median run, with the best beside
it, because a shared virtual machine's timings vary by tens of percent
from one run to the next.

The capture is a realistic verbose mix written by the fixture writer: TCP
sockets over IPv4 and IPv6 on 4 CPUs, each created, bound, connected, doing
three request/response exchanges (send and receive posts and completions)
and closed; 18 events per socket. It is generated once per size and kept
in WORKDIR. The `distinct` capture instead gives every event its own
endpoint (a create of a new socket each), to show that the endpoint table
stays bounded however many sockets a capture holds. The `names` capture is
the mix with a tenth of its events from the name and process providers: a
Kernel-Process rundown of the 50 processes first, then before each socket
its process's getaddrinfo completion and DNS query completion for the
address it connects to (2 of every 20 events), so that every line gets an
image and every connected socket a remote_name.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ETLGEN = os.path.join(HERE, "..", "tools", "etlgen.py")


NR = "provider=Microsoft-Windows-Winsock-NameResolution"
DNS = "provider=Microsoft-Windows-DNS-Client"
KP = "provider=Microsoft-Windows-Kernel-Process"


def scenario_lines(events, names=False):
    yield "capture build=19045 cpus=4 pointer=8 buffer=65536 start=2026-11-20T09:00:00Z logger=wstrace-bench"
    t = 0
    per_socket = 20 if names else 18
    sockets = max(1, events // per_socket)
    if names:
        for p in range(50):
            yield ("0.0000%03d cpu=0 pid=4 tid=8 id=15 version=0 %s ProcessID=%d "
                   "CreateTime=2026-11-20T08:00:00Z ParentProcessID=4 SessionID=1 Flags=0 "
                   "ImageName=\\Device\\HarddiskVolume3\\Program%%20Files\\App\\app%d.exe "
                   "ImageChecksum=0 TimeDateStamp=0 PackageFullName= PackageRelativeAppId=" % (
                       p, KP, 1000 + p, p))
        t = 1000
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

        if names:
            remote = "2001:db8:1::%x" % (n % 200 + 1) if v6 else "192.0.2.%d" % (n % 200 + 1)
            host = "host%d.example.com" % (n % 200)
            t += 17
            stamp = "%d.%07d %s" % (t // 10000000, t % 10000000, common)
            yield ("%s id=3008 %s QueryName=%s QueryType=%d QueryOptions=0 QueryStatus=0 "
                   "QueryResults=%s;" % (stamp, DNS, host, 28 if v6 else 1, remote))
            t += 17
            stamp = "%d.%07d %s" % (t // 10000000, t % 10000000, common)
            yield "%s id=1001 %s NodeName=%s Status=0 Result=%s;" % (stamp, NR, host, remote)
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


def distinct_lines(events):
    yield "capture build=19045 cpus=4 pointer=8 buffer=65536 start=2026-11-20T09:00:00Z logger=wstrace-bench"
    for n in range(events):
        t = n * 17
        yield ("%d.%07d cpu=%d pid=%d tid=%d id=1 Process=0xffffa000%08x Endpoint=0xffffb%011x "
               "AddressFamily=2 SocketType=1 Protocol=6 UserModePid=%d" % (
                   t // 10000000, t % 10000000, n % 4, 1000 + n % 50, 1004 + n % 50,
                   n % 50 * 0x1000, n * 0x100, 1000 + n % 50))


def make_capture(workdir, events, kind):
    etl = os.path.join(workdir, "bench-%s-%d.etl" % (kind, events))
    if os.path.exists(etl):
        return etl
    scn = etl[:-4] + ".scn"
    lines = distinct_lines(events) if kind == "distinct" else scenario_lines(events, kind == "names")
    count = -1  # the capture line is not an event
    with open(scn, "w") as f:
        for line in lines:
            f.write(line + "\n")
            count += 1
    with open(etl + ".events", "w") as f:
        f.write("%d\n" % count)
    print("bench: writing %s ..." % etl, file=sys.stderr)
    subprocess.run([sys.executable, ETLGEN, scn, etl], check=True)
    os.remove(scn)
    return etl


def pin_to_last_core():
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def timed(cmd, stdout):
    """Wall time, CPU time and peak RSS (KiB) of this one child."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=stdout, preexec_fn=pin_to_last_core)
    _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = 0  # reaped above
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main(argv):
    wstrace, workdir = argv[1], argv[2]
    events = int(argv[3]) if len(argv) > 3 else 1000000
    kind = argv[4] if len(argv) > 4 else "mix"
    runs = int(argv[5]) if len(argv) > 5 else 5
    if kind not in ("mix", "names", "distinct"):
        sys.exit("bench: the capture is mix, names or distinct")
    os.makedirs(workdir, exist_ok=True)
    etl = make_capture(workdir, events, kind)
    in_mb = os.path.getsize(etl) / 1e6
    with open(etl + ".events") as f:
        n = int(f.read())
    print("capture: %s, %.1f MB, %d events" % (etl, in_mb, n))
    print("machine: %s, %d cores" % (os.uname().machine, os.cpu_count()))
    print("runs: %d each, pinned to core %d; median (best)" % (runs, max(os.sched_getaffinity(0))))
    for fmt in ("json", "text"):
        out = os.path.join(workdir, "bench-out." + fmt)
        with open(out, "wb") as f:
            # Warm the page cache, then measure with output to /dev/null.
            subprocess.run([wstrace, "parse", etl, "--format", fmt], stdout=f, check=False)
        out_mb = os.path.getsize(out) / 1e6
        walls, cpus, rsss, floors = [], [], [], []
        with open(os.devnull, "wb") as null:
            for _ in range(runs):
                wall, cpu, rss = timed([wstrace, "parse", etl, "--format", fmt], null)
                walls.append(wall)
                cpus.append(cpu)
                rsss.append(rss)
                floors.append(timed(["cat", etl, out], null)[0])
        wall, floor = median(walls), median(floors)
        print("parse --format %-4s  %9.0f events/s (best %9.0f)  %7.1f MB/s in  %6.2f s wall  "
              "%6.2f s cpu  peak RSS %.1f MB  output %.0f MB  (I/O floor %.3f s: %.1fx)" % (
                  fmt, n / wall, n / min(walls), in_mb / wall, wall, median(cpus),
                  max(rsss) / 1024, out_mb, floor, wall / floor if floor else 0))
        os.remove(out)
    for fmt in ("text", "html"):
        cmd = [wstrace, "report", etl, "--format", fmt]
        walls, cpus, rsss = [], [], []
        with open(os.devnull, "wb") as null:
            subprocess.run(cmd, stdout=null, check=False)
            for _ in range(runs):
                wall, cpu, rss = timed(cmd, null)
                walls.append(wall)
                cpus.append(cpu)
                rsss.append(rss)
        wall = median(walls)
        print("report --format %-4s %9.0f events/s (best %9.0f)  %7.1f MB/s in  %6.2f s wall  "
              "%6.2f s cpu  peak RSS %.1f MB" % (
                  fmt, n / wall, n / min(walls), in_mb / wall, wall, median(cpus), max(rsss) / 1024))


if __name__ == "__main__":
    main(sys.argv)
