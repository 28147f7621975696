/* Per-socket summaries: what the endpoint table knew when a socket's life
 * ended. The text table reads like bcc's tcplife: one socket a row. */
#include <string.h>

#include "field_names.h"
#include "json_writer.h"
#include "wstrace/csv.h"
#include "wstrace/format.h"
#include "wstrace/name_tables.h"
#include "wstrace/sockaddr.h"
#include "wstrace/socket_names.h"
#include "wstrace/status_names.h"
#include "wstrace/timefmt.h"

static const char *const end_names[] = {
	[WST_END_CLOSED] = "closed",
	[WST_END_EVICTED] = "evicted",
	[WST_END_OPEN_AT_END] = "open",
};

/* "TCP", "UDP", ... from the protocol, else from the family or the
 * socket type. */
static const char *transport(const struct wst_endpoint_info *info)
{
	switch (info->address_family) {
	case 1: return "UNIX";
	case 34: return "HYPERV";
	case 40: return "VSOCK";
	default: break;
	}
	switch (info->protocol) {
	case 6: return "TCP";
	case 17: return "UDP";
	case 1: return "ICMP";
	case 58: return "ICMPV6";
	default: break;
	}
	switch (info->socket_type) {
	case 1: return "STREAM";
	case 2: return "DGRAM";
	case 3: return "RAW";
	default: return "?";
	}
}

static uint64_t duration_us(const struct wst_endpoint_info *info)
{
	return info->last_seen >= info->opened ? (info->last_seen - info->opened) / 10 : 0;
}

static void json_address(struct wst_json *j, const char *key, const struct wst_sockaddr *a)
{
	char text[WST_ADDR_TEXT_LEN];

	if (a->family != WST_FAMILY_IPV4 && a->family != WST_FAMILY_IPV6)
		return;
	wst_sockaddr_format(a, text);
	wst_json_str(j, key, text);
}

static void json_named(struct wst_json *j, const char *key, uint32_t value, const char *name)
{
	wst_json_u64(j, key, value);
	if (name) {
		wst_json_key_suffix(j, key, "_name");
		wst_json_string(j->o, name);
	}
}

void wst_format_summary_json(struct wst_out *o, const struct wst_endpoint_info *info,
                             const struct wst_names *names, enum wst_endpoint_end how)
{
	struct wst_json j;

	wst_json_begin(&j, o);
	wst_json_u64(&j, "v", WST_JSON_SCHEMA_VERSION);
	wst_json_time(&j, "ts", info->last_seen);
	wst_json_str(&j, "event", "socket");
	if (info->pid_known) {
		wst_json_u64(&j, "pid", info->pid);
	} else {
		wst_json_key(&j, "pid");  /* no create, no mapped process: honest */
		wst_out_str(o, "null");
	}
	if (names->image)
		wst_json_str(&j, "image", names->image);
	wst_json_hex(&j, "process", info->process);
	wst_json_hex(&j, "endpoint", info->endpoint);
	if (info->address_family)
		json_named(&j, "address_family", info->address_family,
		           wst_value_map_name(&wst_names_address_families, info->address_family));
	if (info->socket_type)
		json_named(&j, "socket_type", info->socket_type, wst_socket_type_name(info->socket_type));
	if (info->protocol)
		json_named(&j, "protocol", info->protocol,
		           wst_protocol_name(info->address_family, info->protocol));
	json_address(&j, "local", &info->local);
	json_address(&j, "remote", &info->remote);
	if (names->host)
		wst_json_str(&j, "remote_name", names->host);
	wst_json_time(&j, "opened", info->opened);
	if (how == WST_END_CLOSED) {
		wst_json_time(&j, "closed", info->last_seen);
	} else {
		wst_json_key(&j, "closed");
		wst_out_str(o, "null");
	}
	wst_json_str(&j, "end", end_names[how]);
	wst_json_u64(&j, "duration_us", duration_us(info));
	wst_json_u64(&j, "bytes_sent", info->bytes_sent);
	wst_json_u64(&j, "bytes_received", info->bytes_received);
	wst_json_u64(&j, "sends", info->sends);
	wst_json_u64(&j, "receives", info->receives);
	if (info->connect_latency_us >= 0)
		wst_json_i64(&j, "connect_latency_us", info->connect_latency_us);
	wst_json_u64(&j, "errors", info->errors);
	if (info->last_status) {
		json_named(&j, "last_status", info->last_status, wst_code_name(info->last_status));
		const char *wsa = wst_ntstatus_wsa_name(info->last_status);
		if (wsa)
			wst_json_str(&j, "last_status_wsa", wsa);
	}
	wst_json_bool(&j, "create_seen", info->create_seen);
	wst_json_end(&j);
	wst_out_end_line(o);
}

static void text_address(struct wst_out *o, const struct wst_sockaddr *a, size_t width)
{
	char text[WST_ADDR_TEXT_LEN];
	size_t n = wst_sockaddr_format(a, text);

	if (n == 0) {
		text[0] = '-';
		n = 1;
	}
	wst_out_mem(o, text, n);
	wst_out_pad(o, n, width);
}

static void right(struct wst_out *o, uint64_t v, size_t width)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	wst_out_pad(o, n, width);
	while (n)
		wst_out_char(o, tmp[--n]);
}

/* " image=curl.exe remote_name=example.com", as far as they are known. */
static void names_text(struct wst_out *o, const struct wst_names *names)
{
	if (names->image) {
		wst_out_str(o, " image=");
		wst_out_printable(o, names->image);
	}
	if (names->host) {
		wst_out_str(o, " remote_name=");
		wst_out_printable(o, names->host);
	}
}

/* Milliseconds with three decimals, right-aligned. */
static void millis(struct wst_out *o, uint64_t us, size_t width)
{
	char tmp[32];
	size_t n = 0;
	uint64_t ms = us / 1000;
	unsigned frac = (unsigned)(us % 1000);

	tmp[n++] = (char)('0' + frac % 10);
	tmp[n++] = (char)('0' + frac / 10 % 10);
	tmp[n++] = (char)('0' + frac / 100);
	tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + ms % 10);
		ms /= 10;
	} while (ms);
	wst_out_pad(o, n, width);
	while (n)
		wst_out_char(o, tmp[--n]);
}

static void pid_column(struct wst_out *o, const struct wst_endpoint_info *info)
{
	size_t before = wst_out_column(o, 24);

	if (info->pid_known)
		wst_out_u64(o, info->pid);
	else
		wst_out_char(o, '-');
	wst_out_pad(o, o->len - before, 7);
}

static void status_text(struct wst_out *o, uint32_t status)
{
	const char *name = wst_code_name(status);

	if (!status)
		wst_out_char(o, '-');
	else if (name)
		wst_out_str(o, name);
	else
		wst_out_hex(o, status);
}

void wst_format_summary_header(struct wst_out *o)
{
	wst_out_str(o, "OPENED (UTC)    PID     PROTO  LOCAL                  REMOTE                 "
	               "   TX_BYTES    RX_BYTES  CONNECT_MS DURATION_MS ERR END     LAST_STATUS");
	wst_out_end_line(o);
}

void wst_format_summary_row(struct wst_out *o, const struct wst_endpoint_info *info,
                            const struct wst_names *names, enum wst_endpoint_end how)
{
	char clock[WST_CLOCK_TEXT_LEN];
	size_t n = wst_time_clock(info->opened, clock);

	wst_out_mem(o, clock, n);
	wst_out_char(o, ' ');
	pid_column(o, info);
	wst_out_char(o, ' ');
	n = strlen(transport(info));
	wst_out_mem(o, transport(info), n);
	wst_out_pad(o, n, 6);
	wst_out_char(o, ' ');
	text_address(o, &info->local, 22);
	wst_out_char(o, ' ');
	text_address(o, &info->remote, 22);
	right(o, info->bytes_sent, 12);
	right(o, info->bytes_received, 12);
	if (info->connect_latency_us >= 0)
		millis(o, (uint64_t)info->connect_latency_us, 12);
	else
		wst_out_str(o, "           -");
	millis(o, duration_us(info), 12);
	right(o, info->errors, 4);
	wst_out_char(o, ' ');
	n = strlen(end_names[how]);
	wst_out_mem(o, end_names[how], n);
	wst_out_pad(o, n, 7);
	wst_out_char(o, ' ');
	status_text(o, info->last_status);
	if (!info->create_seen)
		wst_out_str(o, " (create not seen)");
	names_text(o, names);  /* last: the columns before keep their places */
	wst_out_end_line(o);
}

void wst_format_summary_text(struct wst_out *o, const struct wst_endpoint_info *info,
                             const struct wst_names *names, enum wst_endpoint_end how)
{
	char clock[WST_CLOCK_TEXT_LEN];
	size_t n = wst_time_clock(info->last_seen, clock), before;

	wst_out_mem(o, clock, n);
	wst_out_char(o, ' ');
	pid_column(o, info);
	wst_out_str(o, " socket                   ");
	before = wst_out_column(o, 24);
	wst_out_hex(o, info->endpoint);
	wst_out_pad(o, o->len - before, 18);
	wst_out_char(o, ' ');
	wst_out_str(o, transport(info));
	wst_out_char(o, ' ');
	text_address(o, &info->local, 0);
	wst_out_str(o, " > ");
	text_address(o, &info->remote, 0);
	names_text(o, names);
	wst_out_str(o, " tx=");
	wst_out_u64(o, info->bytes_sent);
	wst_out_str(o, " rx=");
	wst_out_u64(o, info->bytes_received);
	if (info->connect_latency_us >= 0) {
		wst_out_str(o, " connect_us=");
		wst_out_i64(o, info->connect_latency_us);
	}
	wst_out_str(o, " duration_us=");
	wst_out_u64(o, duration_us(info));
	wst_out_str(o, " errors=");
	wst_out_u64(o, info->errors);
	if (info->last_status) {
		wst_out_str(o, " last_status=");
		status_text(o, info->last_status);
	}
	wst_out_char(o, ' ');
	wst_out_str(o, end_names[how]);
	if (!info->create_seen)
		wst_out_str(o, " (create not seen)");
	wst_out_end_line(o);
}

static const char csv_header[] =
	"ts,event,pid,image,process,endpoint,address_family,address_family_name,socket_type,"
	"socket_type_name,protocol,protocol_name,local,remote,remote_name,opened,closed,end,"
	"duration_us,bytes_sent,bytes_received,sends,receives,connect_latency_us,errors,"
	"last_status,last_status_name,last_status_wsa,create_seen";

void wst_format_summary_csv_header(struct wst_out *o)
{
	wst_out_str(o, csv_header);
	wst_csv_end_row(o);
}

static void csv_time(struct wst_out *o, uint64_t filetime)
{
	char ts[WST_TIME_TEXT_LEN];

	wst_csv_field(o, filetime <= WST_FILETIME_MAX && wst_time_iso(filetime, ts) ? ts : NULL, false);
}

static void csv_number(struct wst_out *o, bool present, uint64_t n)
{
	if (present)
		wst_out_u64(o, n);
	wst_out_char(o, ',');
}

/* The number and its name, empty both when the number is 0 (JSON leaves them out). */
static void csv_named(struct wst_out *o, uint32_t value, const char *name)
{
	csv_number(o, value != 0, value);
	wst_csv_field(o, value ? name : NULL, false);
}

static void csv_address(struct wst_out *o, const struct wst_sockaddr *a)
{
	char text[WST_ADDR_TEXT_LEN];
	bool ip = a->family == WST_FAMILY_IPV4 || a->family == WST_FAMILY_IPV6;

	wst_csv_field(o, ip && wst_sockaddr_format(a, text) ? text : NULL, false);
}

/* The columns of wst_format_summary_json's keys, empty where it leaves a
 * key out or writes null. */
void wst_format_summary_csv(struct wst_out *o, const struct wst_endpoint_info *info,
                            const struct wst_names *names, enum wst_endpoint_end how)
{
	csv_time(o, info->last_seen);
	wst_csv_field(o, "socket", false);
	csv_number(o, info->pid_known, info->pid);
	wst_csv_field(o, names->image, false);
	wst_out_hex(o, info->process);
	wst_out_char(o, ',');
	wst_out_hex(o, info->endpoint);
	wst_out_char(o, ',');
	csv_named(o, info->address_family,
	          wst_value_map_name(&wst_names_address_families, info->address_family));
	csv_named(o, info->socket_type, wst_socket_type_name(info->socket_type));
	csv_named(o, info->protocol, wst_protocol_name(info->address_family, info->protocol));
	csv_address(o, &info->local);
	csv_address(o, &info->remote);
	wst_csv_field(o, names->host, false);
	csv_time(o, info->opened);
	if (how == WST_END_CLOSED)
		csv_time(o, info->last_seen);
	else
		wst_out_char(o, ',');
	wst_csv_field(o, end_names[how], false);
	csv_number(o, true, duration_us(info));
	csv_number(o, true, info->bytes_sent);
	csv_number(o, true, info->bytes_received);
	csv_number(o, true, info->sends);
	csv_number(o, true, info->receives);
	if (info->connect_latency_us >= 0)
		wst_out_i64(o, info->connect_latency_us);
	wst_out_char(o, ',');
	csv_number(o, true, info->errors);
	csv_named(o, info->last_status, wst_code_name(info->last_status));
	wst_csv_field(o, info->last_status ? wst_ntstatus_wsa_name(info->last_status) : NULL, false);
	wst_csv_field(o, info->create_seen ? "true" : "false", true);
	wst_csv_end_row(o);
}
