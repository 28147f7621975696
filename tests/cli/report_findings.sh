#!/bin/sh
# report_findings.sh WSTRACE TESTS_DIR WORKDIR
# `wstrace report` on one scenario per finding (tests/fixtures/report-*.scn
# and others): the exact findings, in order, as JSON lines projected to
# their subject and numbers (summary and advice are checked by the text
# goldens), and the exit status. The expectations come from the
# scenarios' comments.
set -u
wstrace=$1 tests=$2 work=$3
mkdir -p "$work"
failures=0 checks=0
projection='{finding,severity,pid,remote,local,name,reason,count,first,last,endpoints,endpoints_more} | with_entries(select(.value != null))'

# expect SCENARIO STATUS [report options...] <<EXPECTED (one projected finding a line)
expect() {
	scenario=$1 status=$2
	shift 2
	checks=$((checks + 1))
	etl="$work/$scenario.etl"
	[ -f "$etl" ] || python3 "$tests/tools/etlgen.py" "$tests/fixtures/$scenario.scn" "$etl"
	cat >"$work/expected"
	rc=0
	"$wstrace" report "$etl" --format json "$@" >"$work/$scenario.json" 2>"$work/stderr" || rc=$?
	jq -c "$projection" "$work/$scenario.json" >"$work/actual"
	if [ "$rc" != "$status" ] || ! diff -u "$work/expected" "$work/actual" >&2; then
		echo "FAIL: $scenario $* (exit $rc, expected $status)" >&2
		failures=$((failures + 1))
	fi
}

expect report-connect-refused 0 <<'END'
{"finding":"connect_refused","severity":"error","pid":7300,"remote":"10.0.0.5:8080","count":3,"first":"2026-11-20T09:15:00.1012000Z","last":"2026-11-20T09:15:00.3012000Z","endpoints":["0xffffb30f2a0a1010","0xffffb30f2a0a2010","0xffffb30f2a0a3010"]}
{"finding":"connect_refused","severity":"error","pid":7300,"remote":"10.0.0.6:8080","count":1,"first":"2026-11-20T09:15:00.4012000Z","last":"2026-11-20T09:15:00.4012000Z","endpoints":["0xffffb30f2a0a4010"]}
END
expect report-connect-timeout 0 <<'END'
{"finding":"connect_timeout","severity":"error","pid":4820,"remote":"203.0.113.9:443","count":2,"first":"2026-11-20T09:15:21.0102000Z","last":"2026-11-20T09:15:42.0203000Z","endpoints":["0xffffb30f2a0a1010"]}
END
expect report-host-unreachable 0 <<'END'
{"finding":"host_unreachable","severity":"error","pid":3100,"remote":"198.51.100.200:80","reason":"WSAENETUNREACH","count":2,"first":"2026-11-20T09:15:00.2032000Z","last":"2026-11-20T09:15:00.3032000Z","endpoints":["0xffffb30f2a0b2010","0xffffb30f2a0b3010"]}
{"finding":"host_unreachable","severity":"error","pid":3100,"remote":"192.0.2.77:80","reason":"WSAEHOSTUNREACH","count":1,"first":"2026-11-20T09:15:00.1032000Z","last":"2026-11-20T09:15:00.1032000Z","endpoints":["0xffffb30f2a0b1010"]}
END
expect report-connection-reset 0 <<'END'
{"finding":"connect_refused","severity":"error","pid":6120,"remote":"203.0.113.41:443","count":1,"first":"2026-11-20T09:15:01.0012000Z","last":"2026-11-20T09:15:01.0012000Z","endpoints":["0xffffb30f2a0c3010"]}
{"finding":"connection_reset","severity":"warning","pid":6120,"remote":"203.0.113.40:443","count":2,"first":"2026-11-20T09:15:00.3202000Z","last":"2026-11-20T09:15:00.7202000Z","endpoints":["0xffffb30f2a0c1010","0xffffb30f2a0c2010"]}
END
# The modern family: indication, AfdAbort and the failed receive are one reset.
expect life-abort 0 <<'END'
{"finding":"connection_reset","severity":"warning","pid":6120,"remote":"203.0.113.40:443","count":1,"first":"2026-11-20T09:15:00.6000000Z","last":"2026-11-20T09:15:00.6000000Z","endpoints":["0xffffc70821c40a30"]}
END
expect report-slow-connect 0 <<'END'
{"finding":"slow_connect","severity":"warning","pid":2400,"remote":"198.51.100.7:443","count":2,"first":"2026-11-20T09:15:01.3002000Z","last":"2026-11-20T09:15:05.5002000Z","endpoints":["0xffffb30f2a0d1010","0xffffb30f2a0d3010"]}
END
expect report-slow-connect 0 --slow 300 <<'END'
{"finding":"slow_connect","severity":"warning","pid":2400,"remote":"198.51.100.7:443","count":3,"first":"2026-11-20T09:15:01.3002000Z","last":"2026-11-20T09:15:05.5002000Z","endpoints":["0xffffb30f2a0d1010","0xffffb30f2a0d2010","0xffffb30f2a0d3010"]}
END
expect report-slow-connect 0 --slow 3000 </dev/null
# Lookups paired by process, thread, event, record type and name; the
# summary names the slowest.
expect report-slow-lookup 0 <<'END'
{"finding":"name_not_found","severity":"error","pid":7300,"name":"nosuch.example","reason":"WSAHOST_NOT_FOUND","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":6120,"name":"slow.example","count":2,"first":"2026-11-20T09:15:01.5001000Z","last":"2026-11-20T09:15:01.6000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":6120,"name":"dual.example","count":1,"first":"2026-11-20T09:15:04.5000000Z","last":"2026-11-20T09:15:04.5000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":7300,"name":"slow.example","count":1,"first":"2026-11-20T09:15:06.0000000Z","last":"2026-11-20T09:15:06.0000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":7300,"name":"nosuch.example","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
END
checks=$((checks + 1))
summary=$(jq -r 'select(.finding == "slow_lookup") | .summary' "$work/report-slow-lookup.json" | head -1)
if [ "$summary" != "pid 6120: 2 lookups of slow.example took 1000 ms or more (the slowest 1500.000 ms)" ]; then
	echo "FAIL: report-slow-lookup summary: $summary" >&2
	failures=$((failures + 1))
fi
expect report-slow-lookup 0 --slow-lookup 1600 <<'END'
{"finding":"name_not_found","severity":"error","pid":7300,"name":"nosuch.example","reason":"WSAHOST_NOT_FOUND","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":7300,"name":"nosuch.example","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
END
# At 100 ms the AAAA answer (0.199 s) is slow too; fast.example (0.02 s) is
# not, and other.example, answered on another thread, is never paired.
expect report-slow-lookup 0 --slow-lookup 100 <<'END'
{"finding":"name_not_found","severity":"error","pid":7300,"name":"nosuch.example","reason":"WSAHOST_NOT_FOUND","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":6120,"name":"slow.example","count":2,"first":"2026-11-20T09:15:01.5001000Z","last":"2026-11-20T09:15:01.6000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":6120,"name":"dual.example","count":2,"first":"2026-11-20T09:15:03.2000000Z","last":"2026-11-20T09:15:04.5000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":7300,"name":"slow.example","count":1,"first":"2026-11-20T09:15:06.0000000Z","last":"2026-11-20T09:15:06.0000000Z"}
{"finding":"slow_lookup","severity":"warning","pid":7300,"name":"nosuch.example","count":1,"first":"2026-11-20T09:15:08.1000000Z","last":"2026-11-20T09:15:08.1000000Z"}
END
expect report-small-sends 0 <<'END'
{"finding":"small_sends","severity":"info","pid":5050,"remote":"192.0.2.30:6379","count":120,"first":"2026-11-20T09:15:00.1024000Z","last":"2026-11-20T09:15:00.2214000Z","endpoints":["0xffffb30f2a0e1010"]}
END
expect report-datagrams-dropped 0 <<'END'
{"finding":"datagrams_dropped","severity":"warning","pid":1876,"local":"0.0.0.0:5353","reason":"Insufficient local buffer space","count":3,"first":"2026-11-20T09:15:00.2000000Z","last":"2026-11-20T09:15:00.5000000Z","endpoints":["0xffffc70820a7b3c0"]}
{"finding":"datagrams_dropped","severity":"warning","pid":1876,"local":"0.0.0.0:5353","reason":"Datagram source address does not match connected address","count":1,"first":"2026-11-20T09:15:00.4000000Z","last":"2026-11-20T09:15:00.4000000Z","endpoints":["0xffffc70820a7b3c0"]}
{"finding":"sockets_left_open","severity":"info","pid":1876,"count":1,"first":"2026-11-20T09:15:00.0500000Z","last":"2026-11-20T09:15:00.5000000Z","endpoints":["0xffffc70820a7b3c0"]}
END
expect report-bind-conflict 0 <<'END'
{"finding":"bind_conflict","severity":"error","pid":2816,"local":"0.0.0.0:8080","reason":"WSAEADDRINUSE","count":2,"first":"2026-11-20T09:15:00.1001150Z","last":"2026-11-20T09:15:00.2001150Z","endpoints":["0xffffc70821b01010","0xffffc70821b02010"]}
{"finding":"bind_conflict","severity":"error","pid":2900,"local":"0.0.0.0:445","reason":"WSAEACCES","count":1,"first":"2026-11-20T09:15:00.5001000Z","last":"2026-11-20T09:15:00.5001000Z","endpoints":["0xffffb30f2a111010"]}
END
# The modern bind as afd.sys logs it: the failed completion names no address;
# the request asked for 0.0.0.0:8080. The second bind on a bound socket fails
# with STATUS_INVALID_PARAMETER: not a conflict, said as it is.
expect life-bind 0 <<'END'
{"finding":"bind_conflict","severity":"error","pid":6200,"local":"0.0.0.0:8080","reason":"WSAEADDRINUSE","count":1,"first":"2026-11-20T09:15:00.0100700Z","last":"2026-11-20T09:15:00.0100700Z","endpoints":["0xffffc70827a10c20"]}
{"finding":"operation_failed","severity":"warning","pid":6200,"reason":"STATUS_INVALID_PARAMETER (bind)","count":1,"first":"2026-11-20T09:15:00.0400150Z","last":"2026-11-20T09:15:00.0400150Z","endpoints":["0xffffc70827a10d40"]}
{"finding":"sockets_left_open","severity":"info","pid":6200,"count":1,"first":"2026-11-20T09:15:00.0700000Z","last":"2026-11-20T09:15:00.0700500Z","endpoints":["0xffffc70827a10e60"]}
END
expect report-accept-failed 0 <<'END'
{"finding":"accept_failed","severity":"error","pid":3344,"local":"0.0.0.0:8443","reason":"STATUS_INSUFFICIENT_RESOURCES","count":2,"first":"2026-11-20T09:15:00.3000000Z","last":"2026-11-20T09:15:00.4000000Z","endpoints":["0xffffb30f2a121010"]}
END
expect report-left-open 0 <<'END'
{"finding":"sockets_left_open","severity":"info","pid":900,"count":2,"first":"2026-11-20T09:15:00.2000000Z","last":"2026-11-20T09:15:00.3102000Z","endpoints":["0xffffb30f2a0f2010","0xffffb30f2a0f3010"]}
END
expect report-socket-churn 0 <<'END'
{"finding":"socket_churn","severity":"info","pid":5500,"remote":"192.0.2.80:80","count":25,"first":"2026-11-20T09:15:00.1000000Z","last":"2026-11-20T09:15:00.3980450Z","endpoints":["0xffffb30f2b001010","0xffffb30f2b011010","0xffffb30f2b021010","0xffffb30f2b031010","0xffffb30f2b041010","0xffffb30f2b051010","0xffffb30f2b061010","0xffffb30f2b071010"],"endpoints_more":17}
END
expect report-events-lost 4 <<'END'
{"finding":"events_lost","severity":"warning","count":12}
END
# edge-cases.scn holds four truncated payloads: damaged parts of the file;
# and a socket first seen at a truncated connect, never closed, whose owner
# is unknown (no pid key).
expect edge-cases 3 <<'END'
{"finding":"capture_damaged","severity":"warning","count":4}
{"finding":"sockets_left_open","severity":"info","count":1,"first":"2026-11-20T09:15:00.0080000Z","last":"2026-11-20T09:15:00.0080000Z","endpoints":["0x8a0a1010"]}
END
# Every legacy event once: each failure lands in its rule. The legacy
# bind_failed names no address and no bind request preceded it; the
# accept_failed is a pending accept cancelled (STATUS_CANCELLED): no finding.
expect all-legacy-events 0 <<'END'
{"finding":"connect_refused","severity":"error","pid":5120,"remote":"[2001:db8:2::7]:8443","count":1,"first":"2026-11-20T09:15:00.1012000Z","last":"2026-11-20T09:15:00.1012000Z","endpoints":["0xffffb30f2b0b2020"]}
{"finding":"host_unreachable","severity":"error","pid":7788,"remote":"203.0.113.53:53","reason":"WSAEHOSTUNREACH","count":1,"first":"2026-11-20T09:15:00.4300000Z","last":"2026-11-20T09:15:00.4300000Z","endpoints":["0xffffb30f30107070"]}
{"finding":"host_unreachable","severity":"error","pid":7788,"remote":"203.0.113.53:53","reason":"WSAENETUNREACH","count":1,"first":"2026-11-20T09:15:00.4301000Z","last":"2026-11-20T09:15:00.4301000Z","endpoints":["0xffffb30f30107070"]}
{"finding":"bind_conflict","severity":"error","pid":6344,"reason":"WSAEADDRINUSE","count":1,"first":"2026-11-20T09:15:00.3500700Z","last":"2026-11-20T09:15:00.3500700Z","endpoints":["0xffffb30f32129090"]}
{"finding":"connection_reset","severity":"warning","pid":5120,"remote":"198.51.100.7:443","count":1,"first":"2026-11-20T09:15:00.0610000Z","last":"2026-11-20T09:15:00.0610000Z","endpoints":["0xffffb30f2a0a1010"]}
{"finding":"connection_reset","severity":"warning","pid":6344,"remote":"198.51.100.23:51000","count":1,"first":"2026-11-20T09:15:00.2203000Z","last":"2026-11-20T09:15:00.2203000Z","endpoints":["0xffffb30f2d0d4040"]}
{"finding":"datagrams_dropped","severity":"warning","pid":7788,"local":"192.0.2.55:5353","reason":"reason 2","count":1,"first":"2026-11-20T09:15:00.4100000Z","last":"2026-11-20T09:15:00.4100000Z","endpoints":["0xffffb30f30107070"]}
{"finding":"datagrams_dropped","severity":"warning","pid":7788,"local":"[2001:db8::55]:5355","reason":"reason 1","count":1,"first":"2026-11-20T09:15:00.4700000Z","last":"2026-11-20T09:15:00.4700000Z","endpoints":["0xffffb30f31118080"]}
END
# Every modern event once: the timed-out ConnectEx carries no address.
expect all-modern-events 0 <<'END'
{"finding":"connect_refused","severity":"error","pid":5312,"remote":"[2001:db8:2::7]:8443","count":1,"first":"2026-11-20T09:15:00.0061400Z","last":"2026-11-20T09:15:00.0061400Z","endpoints":["0xffff9e8c2b0b2020"]}
{"finding":"connect_timeout","severity":"error","pid":9036,"count":1,"first":"2026-11-20T09:15:00.4500300Z","last":"2026-11-20T09:15:00.4500300Z","endpoints":["0xffff9e8c3524b0b0"]}
{"finding":"connection_reset","severity":"warning","pid":6480,"remote":"198.51.100.23:51000","count":1,"first":"2026-11-20T09:15:00.0420000Z","last":"2026-11-20T09:15:00.0420000Z","endpoints":["0xffff9e8c2d0d4040"]}
{"finding":"connection_reset","severity":"warning","pid":6480,"remote":"[::ffff:192.0.2.33]:50999","count":1,"first":"2026-11-20T09:15:00.0700000Z","last":"2026-11-20T09:15:00.0700000Z","endpoints":["0xffff9e8c2f0f6060"]}
{"finding":"datagrams_dropped","severity":"warning","pid":7904,"local":"0.0.0.0:5353","reason":"Insufficient local buffer space","count":1,"first":"2026-11-20T09:15:00.0400000Z","last":"2026-11-20T09:15:00.0400000Z","endpoints":["0xffff9e8c30107070"]}
END
# Another provider's capture: the provider was not enabled.
expect report-no-afd 0 <<'END'
{"finding":"no_winsock_events","severity":"warning","count":3}
END
# The healthy capture: nothing to say.
expect life-tcp-client 0 </dev/null
# Filters narrow what is counted: only pid 7300's other remote, by port and address.
expect report-connect-refused 0 --addr 10.0.0.6 <<'END'
{"finding":"connect_refused","severity":"error","pid":7300,"remote":"10.0.0.6:8080","count":1,"first":"2026-11-20T09:15:00.4012000Z","last":"2026-11-20T09:15:00.4012000Z","endpoints":["0xffffb30f2a0a4010"]}
END
expect report-connect-refused 0 --pid 1 </dev/null

echo "report_findings: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
