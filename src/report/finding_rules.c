/* The rules' words: each finding's name, severity, advice and summary
 * sentence. docs/report.md says the same at length. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "wstrace/sockaddr.h"

struct rule {
	const char *name;
	enum wst_severity severity;
	const char *advice;
};

static const struct rule rules[WST_FINDING_COUNT] = {
	[WST_FINDING_CONNECT_REFUSED] = { "connect_refused", WST_SEVERITY_ERROR,
		"Nothing listens on that address and port, or a firewall answered with a reset. "
		"Check that the service runs and listens there (netstat -ano on the server) and that "
		"the client uses the right address and port." },
	[WST_FINDING_CONNECT_TIMEOUT] = { "connect_timeout", WST_SEVERITY_ERROR,
		"No answer came to the connection request: the host is down, a firewall drops the "
		"packets silently, or the route is wrong. Check that the host is up and that no "
		"firewall on the path drops the port." },
	[WST_FINDING_HOST_UNREACHABLE] = { "host_unreachable", WST_SEVERITY_ERROR,
		"The network stack found no way to the host or network: no route, the interface is "
		"down, or a router answered unreachable. Check the routes (route print), the "
		"interface and any VPN." },
	[WST_FINDING_CONNECTION_RESET] = { "connection_reset", WST_SEVERITY_WARNING,
		"An established connection ended abortively, by a reset from the peer or an abort "
		"here. Check the peer's logs at that time, idle timeouts of proxies and load "
		"balancers, and whether the application closes sockets with data unread." },
	[WST_FINDING_NAME_NOT_FOUND] = { "name_not_found", WST_SEVERITY_ERROR,
		"The name could not be resolved. Check its spelling, the DNS servers the "
		"interface uses (ipconfig /all) and the hosts file." },
	[WST_FINDING_SLOW_LOOKUP] = { "slow_lookup", WST_SEVERITY_WARNING,
		"Name resolution took long: a DNS server is slow or does not answer and the "
		"resolver waits for the next. Check the DNS servers configured." },
	[WST_FINDING_SLOW_CONNECT] = { "slow_connect", WST_SEVERITY_WARNING,
		"The connection took long to set up: a distant or busy server, lost SYN packets "
		"retransmitted after a second or more, or a full listen backlog. Compare with a "
		"ping to the host and check the server's load." },
	[WST_FINDING_SMALL_SENDS] = { "small_sends", WST_SEVERITY_INFO,
		"Many sends of a few bytes each: the application writes without buffering, or "
		"disabled Nagle (TCP_NODELAY) and sends each piece alone. Buffer the writes into "
		"larger sends." },
	[WST_FINDING_DATAGRAMS_DROPPED] = { "datagrams_dropped", WST_SEVERITY_WARNING,
		"AFD dropped received datagrams, for the reason given: usually the receive buffer "
		"was full because the application reads too slowly. Read faster or raise SO_RCVBUF." },
	[WST_FINDING_BIND_CONFLICT] = { "bind_conflict", WST_SEVERITY_ERROR,
		"The local address could not be taken: another socket holds it (address in use) "
		"or it is reserved or excluded (access denied). Find the owner with netstat -ano, "
		"and check excluded port ranges (netsh int ipv4 show excludedportrange tcp)." },
	[WST_FINDING_ACCEPT_FAILED] = { "accept_failed", WST_SEVERITY_ERROR,
		"Accepting an incoming connection failed; the client saw its connection fail. "
		"Check the status given and the server's resources (handles, memory)." },
	[WST_FINDING_OPERATION_FAILED] = { "operation_failed", WST_SEVERITY_WARNING,
		"Socket operations failed with a status no other finding explains. Look the status "
		"up (the Winsock error it maps to is in 'wstrace parse --errors') and check what "
		"the application asked for at that time." },
	[WST_FINDING_SOCKETS_LEFT_OPEN] = { "sockets_left_open", WST_SEVERITY_INFO,
		"These sockets were still open when the capture ended. That is normal for "
		"listeners and live connections; many of them in a process that should be idle "
		"point to a socket leak." },
	[WST_FINDING_SOCKET_CHURN] = { "socket_churn", WST_SEVERITY_INFO,
		"Many short-lived sockets to one remote: each request opens a new connection. "
		"Reuse connections (keep-alive, a connection pool); under load this exhausts "
		"ephemeral ports (TIME_WAIT)." },
	[WST_FINDING_EVENTS_LOST] = { "events_lost", WST_SEVERITY_WARNING,
		"The capture itself lost events, so findings may miss some occurrences. Capture "
		"with larger or more buffers, or fewer keywords." },
	[WST_FINDING_CAPTURE_DAMAGED] = { "capture_damaged", WST_SEVERITY_WARNING,
		"Parts of the capture file were damaged and skipped (the error messages give "
		"their offsets); the rest was read. Copy the file again or capture again." },
	[WST_FINDING_NO_WINSOCK_EVENTS] = { "no_winsock_events", WST_SEVERITY_WARNING,
		"The capture holds no Microsoft-Windows-Winsock-AFD event: the session did not "
		"enable that provider, or the capture is of another kind. Capture with 'wstrace "
		"start --etl FILE', or enable the provider {e53c6823-7bb8-44bb-90dc-3f86090d48a6} "
		"in the session (logman, xperf, WPR)." },
};

static const char *const severity_names[] = { "error", "warning", "info" };

const char *wst_finding_name(enum wst_finding_id id)
{
	return rules[id].name;
}

enum wst_severity wst_finding_severity(enum wst_finding_id id)
{
	return rules[id].severity;
}

const char *wst_severity_name(enum wst_severity s)
{
	return severity_names[s];
}

const char *wst_finding_advice(enum wst_finding_id id)
{
	return rules[id].advice;
}

void wst_report_code_text(uint32_t code, char *buf, size_t len)
{
	snprintf(buf, len, "0x%08x", code);
}

void wst_report_who(const struct wst_report_names *names, bool pid_known, uint32_t pid,
                    char out[WST_REPORT_WHO_LEN])
{
	const char *image = pid_known && names->image ? names->image(names->ctx, pid) : NULL;

	if (!pid_known)
		snprintf(out, WST_REPORT_WHO_LEN, "an unknown process");
	else if (image)
		snprintf(out, WST_REPORT_WHO_LEN, "%.64s (pid %u)", image, pid);
	else
		snprintf(out, WST_REPORT_WHO_LEN, "pid %u", pid);
}

/* "10.0.0.5:8080", with its host name when known: "10.0.0.5:8080 (example.com)". */
static void where(const struct wst_report_names *names, uint32_t pid, const struct wst_sockaddr *a,
                  char *out, size_t len, const char *unknown)
{
	char text[WST_ADDR_TEXT_LEN];
	const char *name = names->remote_name && a->family ? names->remote_name(names->ctx, pid, a) : NULL;

	if (!a->family) {
		snprintf(out, len, "%s", unknown);
		return;
	}
	wst_sockaddr_format(a, text);
	if (name)
		snprintf(out, len, "%s (%.96s)", text, name);
	else
		snprintf(out, len, "%s", text);
}

static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

void wst_finding_summary(const struct wst_finding *f, const struct wst_report_view *v,
                         char out[WST_FINDING_SUMMARY_LEN])
{
	char who[WST_REPORT_WHO_LEN], remote[160], local[160];
	unsigned long long n = f->count;
	const char *s = plural(f->count);

	wst_report_who(v->names, f->has_pid, f->pid, who);
	where(v->names, f->pid, &f->remote, remote, sizeof remote, "an unknown remote");
	where(v->names, f->pid, &f->local, local, sizeof local, "an unknown address");
	switch ((enum wst_finding_id)f->id) {
	case WST_FINDING_CONNECT_REFUSED:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu connect%s to %s refused", who, n, s, remote);
		break;
	case WST_FINDING_CONNECT_TIMEOUT:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu connect%s to %s timed out", who, n, s, remote);
		break;
	case WST_FINDING_HOST_UNREACHABLE:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %s unreachable %llu time%s (%s)", who, remote, n, s,
		         f->reason);
		break;
	case WST_FINDING_CONNECTION_RESET:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu connection%s to %s reset or aborted", who, n, s,
		         remote);
		break;
	case WST_FINDING_NAME_NOT_FOUND:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu lookup%s of %.128s failed: %s", who, n, s,
		         f->name, f->reason[0] ? f->reason : "no status");
		break;
	case WST_FINDING_SLOW_LOOKUP:
		snprintf(out, WST_FINDING_SUMMARY_LEN,
		         "%s: %llu lookup%s of %.128s took %u ms or more (the slowest %llu.%03llu ms)", who, n, s,
		         f->name, v->slow_lookup_ms, (unsigned long long)f->worst / 1000,
		         (unsigned long long)f->worst % 1000);
		break;
	case WST_FINDING_SLOW_CONNECT:
		snprintf(out, WST_FINDING_SUMMARY_LEN,
		         "%s: %llu connect%s to %s took %u ms or more (the slowest %llu.%03llu ms)", who, n, s,
		         remote, v->slow_connect_ms, (unsigned long long)f->worst / 1000,
		         (unsigned long long)f->worst % 1000);
		break;
	case WST_FINDING_SMALL_SENDS:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu sends of less than %u bytes to %s on %u socket%s",
		         who, n, WST_REPORT_SMALL_SEND_BYTES, remote, f->endpoint_count,
		         plural(f->endpoint_count));
		break;
	case WST_FINDING_DATAGRAMS_DROPPED:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu datagram%s dropped on %s: %s", who, n, s, local,
		         f->reason);
		break;
	case WST_FINDING_BIND_CONFLICT:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu bind%s to %s failed: %s", who, n, s, local,
		         f->reason);
		break;
	case WST_FINDING_ACCEPT_FAILED:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu accept%s on %s failed%s%s%s", who, n, s, local,
		         f->reason[0] ? " (" : "", f->reason, f->reason[0] ? ")" : "");
		break;
	case WST_FINDING_OPERATION_FAILED:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu operation%s on %s failed: %s", who, n, s,
		         f->remote.family ? remote : "a socket", f->reason);
		break;
	case WST_FINDING_SOCKETS_LEFT_OPEN:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu socket%s still open at the end of the capture",
		         who, n, s);
		break;
	case WST_FINDING_SOCKET_CHURN:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%s: %llu sockets to %s lived less than %u ms each", who, n,
		         remote, WST_REPORT_CHURN_LIFE_MS);
		break;
	case WST_FINDING_EVENTS_LOST:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "the capture lost %llu %s (%llu buffer%s)", n,
		         v->input->events_lost ? (n == 1 ? "event" : "events") : (n == 1 ? "buffer" : "buffers"),
		         (unsigned long long)f->detail, plural(f->detail));
		break;
	case WST_FINDING_CAPTURE_DAMAGED:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "%llu damaged part%s of the capture skipped", n, s);
		break;
	case WST_FINDING_NO_WINSOCK_EVENTS:
		snprintf(out, WST_FINDING_SUMMARY_LEN, "the capture holds %llu event%s, none of Winsock-AFD", n, s);
		break;
	case WST_FINDING_COUNT:
		out[0] = '\0';
		break;
	}
}
