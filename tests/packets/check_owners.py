#!/usr/bin/env python3
"""check_owners.py WSTRACE ETLGEN FIXTURES_DIR WORKDIR

The owner of every packet: tests/fixtures/owner-pktmon.scn (the packets)
given with owner-afd.scn (the AFD events of the same minutes), in either
order: the two captures are merged by time, each TCP or UDP packet of a
socket alive at its time is commented "pid=N image=NAME endpoint=0x...
remote_name=HOST" (image from the Kernel-Process rundown, remote_name from
a getaddrinfo, each only when known), including a packet shortly after its
socket's close, an address pair reused by another process, and packets
matching no socket; --pid, --port, --addr, --image and --name select
packets by owner, addresses and names."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcapng_read  # noqa: E402

CURL_TCP = "pid=7300 image=curl.exe endpoint=0xffffc70823b51a60 remote_name=www.example.com"
CURL_UDP = "pid=7300 image=curl.exe endpoint=0xffffc70822c7e5a0"
# No process event names pid 8800; curl's lookup names the server for any process.
OTHER = "pid=8800 endpoint=0xffffc70824000a60 remote_name=www.example.com"
# Per frame (the scenario's packets 1-8, in time order): comments.
OWNERS = [[CURL_UDP], [CURL_TCP], [CURL_TCP], [CURL_TCP], [], [OTHER], [OTHER], []]
# Filters: the packets (1-8) each keeps.
FILTERS = {
    ("--pid", "8800"): [6, 7],
    ("--pid", "7300"): [1, 2, 3, 4],
    ("--pid", "7300", "--pid", "8800"): [1, 2, 3, 4, 6, 7],
    ("--port", "53"): [1],
    ("--addr", "203.0.113.0/24"): [8],
    ("--pid", "7300", "--port", "443"): [2, 3, 4],
    ("--port", "443", "--addr", "198.51.100.7"): [2, 3, 4, 5, 6, 7],
    ("--image", "curl"): [1, 2, 3, 4],
    ("--image", "CURL.EXE"): [1, 2, 3, 4],
    ("--image", "curl.ex"): [],
    ("--image", "wget", "--image", "curl"): [1, 2, 3, 4],
    ("--name", "*.EXAMPLE.com"): [2, 3, 4, 6, 7],
    ("--name", "www.example.co?"): [2, 3, 4, 6, 7],
    ("--name", "example.com"): [],
    ("--image", "curl", "--name", "*.example.com"): [2, 3, 4],
    ("--image", "curl", "--port", "53"): [1],
}

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr)


def pcap(wstrace, args, out):
    run = subprocess.run([wstrace, "pcap"] + args + ["-o", out], capture_output=True, text=True)
    if run.returncode != 0 or run.stderr:
        fail("pcap %s: exit %d: %s" % (" ".join(args), run.returncode, run.stderr))
    return pcapng_read.read(out)[2]


def main():
    wstrace, etlgen, fixtures, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    etl = {}
    for name in ("owner-afd", "owner-pktmon"):
        etl[name] = os.path.join(work, name + ".etl")
        subprocess.run([sys.executable, etlgen, os.path.join(fixtures, name + ".scn"), etl[name]],
                       check=True)
    out = os.path.join(work, "owners.pcapng")
    baseline = None
    for order in ((etl["owner-pktmon"], etl["owner-afd"]), (etl["owner-afd"], etl["owner-pktmon"])):
        frames = pcap(wstrace, list(order), out)
        got = [f.comments for f in frames]
        if got != OWNERS:
            fail("owners with files %s: %r, expected %r" % (
                " ".join(os.path.basename(p) for p in order), got, OWNERS))
        if baseline is None:
            baseline = [(f.timestamp, f.data) for f in frames]
        times = [f.timestamp for f in frames]
        if times != sorted(times):
            fail("frames not in time order")
    # The packet capture alone: the same frames, no owner.
    alone = pcap(wstrace, [etl["owner-pktmon"]], out)
    if [f.comments for f in alone] != [[]] * len(OWNERS) or \
            [(f.timestamp, f.data) for f in alone] != baseline:
        fail("the packet capture alone: %r" % [f.comments for f in alone])
    # Without the AFD capture no packet has an owner, so none has its names.
    for args in (["--image", "curl"], ["--name", "*"]):
        kept = pcap(wstrace, [etl["owner-pktmon"]] + args, out)
        if kept:
            fail("the packet capture alone with %s keeps %d frames" % (" ".join(args), len(kept)))
    for args, keep in FILTERS.items():
        frames = pcap(wstrace, [etl["owner-pktmon"], etl["owner-afd"]] + list(args), out)
        got = [baseline.index((f.timestamp, f.data)) + 1 if (f.timestamp, f.data) in baseline
               else None for f in frames]
        if got != keep:
            fail("pcap %s keeps packets %r, expected %r" % (" ".join(args), got, keep))
    run = subprocess.run([wstrace, "pcap", etl["owner-pktmon"], "--errors", "-o", out],
                         capture_output=True, text=True)
    if run.returncode != 2 or "unknown option '--errors'" not in run.stderr:
        fail("pcap --errors: exit %d, %r" % (run.returncode, run.stderr))
    if failures == 0:
        print("owners: %d frames, %d filters as expected" % (len(OWNERS), len(FILTERS)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
