#!/bin/sh
# lifecycles.sh WSTRACE TESTS_DIR WORKDIR
# What the endpoint table concludes about each socket of the lifecycle
# scenarios (tests/fixtures/life-*.scn), asserted field by field on the
# "socket" summaries. The expectations come from the scenarios' comments.
set -u
wstrace=$1 tests=$2 work=$3
mkdir -p "$work"
failures=0 checks=0

# check SCENARIO ENDPOINT JQ-CONDITION: the socket's summary satisfies it.
check() {
	scenario=$1 endpoint=$2 condition=$3
	checks=$((checks + 1))
	etl="$work/$scenario.etl"
	[ -f "$etl" ] || python3 "$tests/tools/etlgen.py" "$tests/fixtures/$scenario.scn" "$etl"
	"$wstrace" parse "$etl" --summary-only --format json >"$work/$scenario.json" 2>/dev/null
	if ! jq -e -s --arg ep "$endpoint" "[.[] | select(.endpoint == \$ep)] | length == 1 and (.[0] | $condition)" \
		"$work/$scenario.json" >/dev/null; then
		echo "FAIL: $scenario $endpoint: $condition" >&2
		jq -c --arg ep "$endpoint" 'select(.endpoint == $ep)' "$work/$scenario.json" >&2
		failures=$((failures + 1))
	fi
}

check life-tcp-client 0xffffc70823b51a60 '.pid == 4312 and .local == "0.0.0.0:50123" and .remote == "198.51.100.7:443"
	and .bytes_sent == 1055 and .sends == 3 and .bytes_received == 4380 and .receives == 2
	and .connect_latency_us == 23150 and .errors == 0 and (has("last_status") | not) and .create_seen
	and .end == "closed" and .duration_us == 85015'
check life-tcp-server-acceptex 0xffffc708245e3c10 '.pid == 2816 and .local == "0.0.0.0:8443" and (has("remote") | not)
	and .bytes_sent == 0 and .bytes_received == 0 and .create_seen and .duration_us == 890045'
check life-tcp-server-acceptex 0xffffc70825a90d30 '.pid == 2816 and .local == "0.0.0.0:8443"
	and .remote == "198.51.100.23:51000" and .bytes_sent == 4204 and .sends == 2
	and .bytes_received == 643 and .receives == 3 and (.create_seen | not) and .protocol_name == "IPPROTO_TCP"
	and .duration_us == 726595'
check life-udp-no-create 0xffffc70822c7e5a0 '.pid == 3390 and (has("local") | not) and .remote == "192.0.2.53:53"
	and .bytes_sent == 45 and .bytes_received == 61 and (.create_seen | not) and .protocol_name == "IPPROTO_UDP"
	and .duration_us == 60045'
check life-eprocess-reuse 0xffffc70821d4a010 '.pid == 4100 and .local == "0.0.0.0:50311" and .remote == "198.51.100.80:443"
	and .bytes_sent == 230 and .bytes_received == 1337 and .connect_latency_us == 31200 and .duration_us == 300045'
check life-eprocess-reuse 0xffffc70822e5b020 '.pid == 5200 and .local == "0.0.0.0:50388" and .remote == "203.0.113.44:443"
	and .bytes_sent == 781 and .bytes_received == 5840 and .connect_latency_us == 22100 and .duration_us == 100045'
check life-eprocess-reuse 0xffffc70823f6c030 '.pid == 5200 and .remote == "203.0.113.53:53" and .bytes_received == 93
	and (.create_seen | not) and .duration_us == 70045'
check life-refused 0xffffc70820f51b80 '.pid == 2208 and .local == "0.0.0.0:50745" and .remote == "198.51.100.80:8080"
	and .connect_latency_us == 1040 and .errors == 1 and .last_status == 3221226038
	and .last_status_name == "STATUS_CONNECTION_REFUSED" and .last_status_wsa == "WSAECONNREFUSED"
	and .duration_us == 1245'
check life-abort 0xffffc70821c40a30 '.pid == 6120 and .remote == "203.0.113.40:443" and .bytes_sent == 643
	and .bytes_received == 1460 and .connect_latency_us == 18700 and .errors == 3
	and .last_status_name == "STATUS_CONNECTION_RESET" and .duration_us == 412045'
check life-bytes 0xffffc70824a11b50 '.pid == 5120 and .local == "0.0.0.0:50500" and .remote == "203.0.113.10:80"
	and .bytes_sent == 3342 and .sends == 3 and .bytes_received == 1972 and .receives == 2
	and .connect_latency_us == 12400 and .errors == 0 and .duration_us == 290045'
check life-bytes 0xffffc70826c02d90 '.pid == 5120 and .local == "0.0.0.0:61000" and .remote == "192.0.2.53:53"
	and .bytes_sent == 90 and .sends == 2 and .bytes_received == 154 and .receives == 2
	and .socket_type_name == "SOCK_DGRAM" and .errors == 0 and .duration_us == 300045'
check life-bind 0xffffc70827a10c20 '.pid == 6200 and (has("local") | not) and .errors == 1
	and .last_status_name == "STATUS_ADDRESS_ALREADY_EXISTS" and .end == "closed" and .duration_us == 10045'
check life-bind 0xffffc70827a10d40 '.pid == 6200 and .local == "0.0.0.0:50611" and .errors == 1
	and .last_status_name == "STATUS_INVALID_PARAMETER" and .end == "closed" and .duration_us == 30045'
check life-bind 0xffffc70827a10e60 '.pid == 6200 and .local == "[::]:5353" and .end == "open" and .create_seen'
check life-header-pid 0xffffc70829c30a40 '.pid == 5200 and .bytes_sent == 10 and .sends == 1
	and .bytes_received == 1460 and (.create_seen | not) and .end == "closed"'
check life-header-pid 0xffffc70829c30b60 '.pid == null and .bytes_received == 300 and .end == "closed"'

# Every event of the EPROCESS-reuse scenario's second process carries its
# PID, though the kernel logged completions with header PID 0 or 4.
checks=$((checks + 1))
"$wstrace" parse "$work/life-eprocess-reuse.etl" --format json 2>/dev/null |
	jq -e -s '[.[] | select(.endpoint == "0xffffc70822e5b020")] | length > 0 and all(.[]; .pid == 5200)' >/dev/null ||
	{ echo "FAIL: life-eprocess-reuse: events of 0xffffc70822e5b020 not all pid 5200" >&2; failures=$((failures + 1)); }
# --errors keeps the abort's failures and nothing else.
checks=$((checks + 1))
"$wstrace" parse "$work/life-abort.etl" --errors --format json 2>/dev/null |
	jq -e -s 'length == 3 and ([.[].event] | sort) == ["abort", "disconnect_indicated", "recv"]
	          and (.[] | select(.event == "abort") | .reason_name) == "Transport indicated abortive disconnect"' >/dev/null ||
	{ echo "FAIL: life-abort --errors" >&2; failures=$((failures + 1)); }

# The socket lines of --summary and the rows of --summary-only are the
# same facts: byte counts, addresses and owners do not depend on the mode.
for scenario in life-bytes life-bind life-header-pid life-udp-no-create life-tcp-server-acceptex; do
	checks=$((checks + 1))
	"$wstrace" parse "$work/$scenario.etl" --summary --format json 2>/dev/null |
		jq -c 'select(.event == "socket")' >"$work/$scenario.with-events.json"
	"$wstrace" parse "$work/$scenario.etl" --summary-only --format json 2>/dev/null |
		jq -c . >"$work/$scenario.only.json"
	[ -s "$work/$scenario.only.json" ] && cmp -s "$work/$scenario.with-events.json" "$work/$scenario.only.json" ||
		{ echo "FAIL: $scenario: --summary and --summary-only disagree" >&2; failures=$((failures + 1)); }
done

echo "lifecycles: $((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
