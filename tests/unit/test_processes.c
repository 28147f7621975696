/* Kernel-Process events (every version), the process table with PID
 * reuse, the name table, and the --image / --name / --errors filters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "format_line.h"
#include "payload.h"
#include "wstrace/string_values.h"
#include "wstrace/decoder.h"
#include "wstrace/filter.h"
#include "wstrace/format.h"
#include "wstrace/name_table.h"
#include "wstrace/process_table.h"
#include "wstrace/schema.h"
#include "wstrace/sockaddr.h"

#define KERNEL_PROCESS (&wst_provider_desc(WST_PROVIDER_KERNEL_PROCESS)->guid)
#define NAME_RESOLUTION (&wst_provider_desc(WST_PROVIDER_NAME_RESOLUTION)->guid)
#define DNS_CLIENT (&wst_provider_desc(WST_PROVIDER_DNS_CLIENT)->guid)

#define CURL_PATH "\\Device\\HarddiskVolume3\\Windows\\System32\\curl.exe"
#define CREATED 133765000000000000ull   /* 2024-11-19T14:26:40Z */

/* S-1-16-12288, the high mandatory level. */
static void put_high_label(struct payload *p)
{
	static const uint8_t sid[12] = { 1, 1, 0, 0, 0, 0, 0, 16, 0x00, 0x30, 0, 0 };
	put_raw(p, sid, sizeof sid);
}

static void start_v0(struct payload *p, uint32_t pid, uint64_t created, const char *image)
{
	p->len = 0;
	put_le(p, pid, 4);
	put_le(p, created, 8);
	put_le(p, 6120, 4);   /* ParentProcessID */
	put_le(p, 1, 4);      /* SessionID */
	put_utf16(p, image);
}

static void start_v3(struct payload *p, const char *package)
{
	p->len = 0;
	put_le(p, 7300, 4);
	put_le(p, 912, 8);       /* ProcessSequenceNumber */
	put_le(p, CREATED, 8);
	put_le(p, 6120, 4);
	put_le(p, 880, 8);       /* ParentProcessSequenceNumber */
	put_le(p, 1, 4);         /* SessionID */
	put_le(p, 0, 4);         /* Flags */
	put_le(p, 2, 4);         /* ProcessTokenElevationType */
	put_le(p, 1, 4);         /* ProcessTokenIsElevated */
	put_high_label(p);
	put_utf16(p, CURL_PATH);
	put_le(p, 0x1234, 4);    /* ImageChecksum */
	put_le(p, 0x5f000000, 4);
	put_utf16(p, package);
	put_utf16(p, "");
}

static void process_start_every_version(void **state)
{
	(void)state;
	struct payload p;
	struct wst_record rec;
	struct wst_process_table *t = wst_process_table_new(8);
	assert_non_null(t);

	start_v0(&p, 7300, CREATED, CURL_PATH);
	struct wst_event ev = provider_event(KERNEL_PROCESS, 1, 0, 6120, &p);
	wst_decode(&ev, &rec);
	assert_int_equal(rec.desc->kind, WST_EV_PROCESS_START);
	assert_int_equal(rec.pid, 7300);          /* the process it is about */
	assert_int_equal(rec.parent_pid, 6120);
	assert_int_equal(rec.create_time, CREATED);
	wst_process_table_apply(t, &rec);
	assert_string_equal(rec.image, "curl.exe");
	assert_int_equal(rec.image_plain_len, 8);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"process_start\",\"event_id\":1,"
		"\"level\":4,\"pid\":7300,\"image\":\"curl.exe\",\"tid\":100,\"cpu\":1,"
		"\"create_time\":\"2024-11-19T14:26:40.0000000Z\",\"parent_pid\":6120,\"session_id\":1,"
		"\"image_path\":\"\\\\Device\\\\HarddiskVolume3\\\\Windows\\\\System32\\\\curl.exe\"}");

	/* v1 adds Flags, v2 the checksum, time stamp and package names. */
	p.len = 0;
	put_le(&p, 7301, 4);
	put_le(&p, CREATED, 8);
	put_le(&p, 6120, 4);
	put_le(&p, 1, 4);
	put_le(&p, 0, 4);
	put_utf16(&p, "C:\\Windows\\notepad.exe");
	ev = provider_event(KERNEL_PROCESS, 1, 1, 6120, &p);
	wst_decode(&ev, &rec);
	assert_false(rec.truncated);
	wst_process_table_apply(t, &rec);
	assert_string_equal(rec.image, "notepad.exe");
	put_le(&p, 0x1234, 4);
	put_le(&p, 0x5f000000, 4);
	put_utf16(&p, "Microsoft.WindowsNotepad_11.2.0.0_x64__8wekyb3d8bbwe");
	put_utf16(&p, "App");
	ev = provider_event(KERNEL_PROCESS, 1, 2, 6120, &p);
	wst_decode(&ev, &rec);
	assert_false(rec.truncated);
	wst_process_table_apply(t, &rec);
	assert_non_null(strstr(format_line(&rec, true),
		",\"flags\":0,\"image_path\":\"C:\\\\Windows\\\\notepad.exe\",\"image_checksum\":4660,"
		"\"time_date_stamp\":1593835520,"
		"\"package\":\"Microsoft.WindowsNotepad_11.2.0.0_x64__8wekyb3d8bbwe\",\"package_app_id\":\"App\"}"));

	/* v3 has the rundown V1 layout: sequence numbers and a SID; empty
	 * package names are left out. */
	start_v3(&p, "");
	ev = provider_event(KERNEL_PROCESS, 1, 3, 6120, &p);
	wst_decode(&ev, &rec);
	assert_false(rec.truncated);
	assert_int_equal(rec.sequence, 912);
	wst_process_table_apply(t, &rec);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"process_start\",\"event_id\":1,"
		"\"level\":4,\"pid\":7300,\"image\":\"curl.exe\",\"tid\":100,\"cpu\":1,\"sequence\":912,"
		"\"create_time\":\"2024-11-19T14:26:40.0000000Z\",\"parent_pid\":6120,\"parent_sequence\":880,"
		"\"session_id\":1,\"flags\":0,\"process_token_elevation_type\":2,\"process_token_is_elevated\":1,"
		"\"mandatory_label\":\"S-1-16-12288\","
		"\"image_path\":\"\\\\Device\\\\HarddiskVolume3\\\\Windows\\\\System32\\\\curl.exe\","
		"\"image_checksum\":4660,\"time_date_stamp\":1593835520}");
	wst_process_table_free(t);
}

/* A SID whose count says more sub-authorities than the payload holds:
 * the record is truncated there, nothing read past the payload. */
static void sid_that_lies(void **state)
{
	(void)state;
	struct payload p;
	struct wst_record rec;

	start_v3(&p, "");
	p.bytes[4 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4 + 1] = 15;  /* sub-authority count */
	p.len = 4 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4 + 12;     /* the payload ends after the SID */
	struct wst_event ev = provider_event(KERNEL_PROCESS, 15, 1, 4, &p);
	wst_decode(&ev, &rec);
	assert_true(rec.truncated);
	assert_true(rec.values[8].present);
	assert_false(rec.values[9].present);
	assert_int_equal(rec.image_field, WST_NO_FIELD);
	/* 16 would be more than Windows allows, even with the bytes there. */
	start_v3(&p, "");
	p.bytes[4 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4 + 1] = 16;
	while (p.len < 400)
		put_le(&p, 0, 1);
	ev = provider_event(KERNEL_PROCESS, 15, 1, 4, &p);
	wst_decode(&ev, &rec);
	assert_true(rec.truncated);
	assert_false(rec.values[9].present);
}

static void stop(struct wst_process_table *t, struct wst_record *rec, struct wst_event *ev,
                 struct payload *p, uint8_t version, uint64_t created, const char *ansi)
{
	p->len = 0;
	put_le(p, 7300, 4);
	if (version == 2)
		put_le(p, 912, 8);
	put_le(p, created, 8);
	put_le(p, CREATED + 50000000, 8);   /* ExitTime */
	put_le(p, 0, 4);                    /* ExitCode */
	put_le(p, 1, 4);
	put_le(p, 40, 4);
	put_le(p, 1000000, 8);
	put_le(p, 2000000, 8);
	if (version >= 1) {
		put_le(p, 123456789, 8);
		for (int i = 0; i < 5; i++)
			put_le(p, (uint64_t)i, 4);
	}
	put_raw(p, ansi, strlen(ansi) + 1);
	*ev = provider_event(KERNEL_PROCESS, 2, version, 7300, p);
	ev->timestamp = CREATED + 50000000;
	wst_decode(ev, rec);
	assert_false(rec->truncated);
	wst_process_table_apply(t, rec);
}

/* PID 7300 is curl.exe, exits, and is reused by another program: events
 * between are still curl's, events after the new start the new one's. */
static void process_stop_and_pid_reuse(void **state)
{
	(void)state;
	struct payload p;
	struct wst_record rec;
	struct wst_event ev;
	struct wst_process_table *t = wst_process_table_new(8);

	start_v0(&p, 7300, CREATED, CURL_PATH);
	ev = provider_event(KERNEL_PROCESS, 1, 0, 6120, &p);
	wst_decode(&ev, &rec);
	wst_process_table_apply(t, &rec);
	stop(t, &rec, &ev, &p, 0, CREATED, "curl.exe");
	assert_string_equal(rec.image, "curl.exe");
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:45.0000000Z\",\"event\":\"process_stop\",\"event_id\":2,"
		"\"level\":4,\"pid\":7300,\"image\":\"curl.exe\",\"tid\":100,\"cpu\":1,"
		"\"create_time\":\"2024-11-19T14:26:40.0000000Z\",\"exit_time\":\"2024-11-19T14:26:45.0000000Z\","
		"\"exit_code\":0,\"token_elevation_type\":1,\"handle_count\":40,\"commit_charge\":1000000,"
		"\"commit_peak\":2000000,\"image_path\":\"curl.exe\"}");
	const struct wst_process_info *info = wst_process_table_find(t, 7300);
	assert_non_null(info);
	assert_string_equal(info->image, "curl.exe");
	assert_int_equal(info->stopped, CREATED + 50000000);
	assert_int_equal(info->parent_pid, 6120);
	/* A stop of another process of the same PID that the table never
	 * saw start changes nothing. */
	stop(t, &rec, &ev, &p, 1, CREATED - 1, "other.exe");
	assert_null(rec.image);
	assert_string_equal(wst_process_table_find(t, 7300)->image, "curl.exe");
	/* The PID reused. */
	start_v0(&p, 7300, CREATED + 90000000, "\\Device\\HarddiskVolume3\\Windows\\System32\\PING.EXE");
	ev = provider_event(KERNEL_PROCESS, 1, 0, 6120, &p);
	wst_decode(&ev, &rec);
	wst_process_table_apply(t, &rec);
	info = wst_process_table_find(t, 7300);
	assert_string_equal(info->image, "PING.EXE");
	assert_int_equal(info->stopped, 0);
	assert_int_equal(info->create_time, CREATED + 90000000);
	assert_int_equal(wst_process_table_stats(t)->reused, 1);
	assert_int_equal(wst_process_table_stats(t)->processes, 1);
	/* A v2 stop of a process first seen at its stop: the short name. */
	struct wst_process_table *fresh = wst_process_table_new(8);
	stop(fresh, &rec, &ev, &p, 2, CREATED, "SearchProtocolH");
	assert_string_equal(rec.image, "SearchProtocolH");
	assert_int_equal(wst_process_table_find(fresh, 7300)->sequence, 912);
	wst_process_table_free(fresh);
	wst_process_table_free(t);
}

static void rundown_and_eviction(void **state)
{
	(void)state;
	struct payload p;
	struct wst_record rec;
	struct wst_process_table *t = wst_process_table_new(2);
	struct wst_event ev;   /* the last one is formatted after the loop */

	for (uint32_t pid = 100; pid < 104; pid++) {
		p.len = 0;
		put_le(&p, pid, 4);
		put_le(&p, CREATED, 8);
		put_le(&p, 4, 4);
		put_le(&p, 0, 4);
		put_le(&p, 1, 4);    /* Flags: PackageId */
		put_utf16(&p, "\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe");
		put_le(&p, 0, 4);
		put_le(&p, 0, 4);
		put_utf16(&p, "");
		put_utf16(&p, "");
		ev = provider_event(KERNEL_PROCESS, 15, 0, 4, &p);
		wst_decode(&ev, &rec);
		assert_int_equal(rec.desc->kind, WST_EV_PROCESS_RUNNING);
		wst_process_table_apply(t, &rec);
	}
	assert_non_null(strstr(format_line(&rec, true), "\"event\":\"process_running\",\"event_id\":15,"
		"\"level\":4,\"pid\":103,\"image\":\"svchost.exe\","));
	assert_non_null(strstr(format_line(&rec, true), ",\"flags\":1,\"flags_name\":\"PackageId\","));
	assert_null(wst_process_table_find(t, 100));
	assert_null(wst_process_table_find(t, 101));
	assert_true(wst_process_table_find(t, 103)->rundown);
	assert_int_equal(wst_process_table_stats(t)->evicted, 2);
	wst_process_table_free(t);
}

static void learn(struct wst_name_table *t, const struct wst_guid *provider, uint16_t id,
                  uint32_t pid, const char *name, uint32_t status, const char *results)
{
	struct payload p = { .len = 0 };
	struct wst_record rec;

	put_utf16(&p, name);
	if (provider == DNS_CLIENT) {
		put_le(&p, 1, 4);
		put_le(&p, 0, 8);
	}
	put_le(&p, status, 4);
	put_utf16(&p, results);
	struct wst_event ev = provider_event(provider, id, 0, pid, &p);
	wst_decode(&ev, &rec);
	wst_name_table_apply(t, &rec);
}

static struct wst_sockaddr addr_of(const char *text)
{
	struct wst_sockaddr a;
	assert_true(wst_addr_parse_text(text, &a));
	a.port = 443;
	return a;
}

static void names_per_process_first(void **state)
{
	(void)state;
	struct wst_name_table *t = wst_name_table_new(4);
	struct wst_sockaddr a = addr_of("93.184.216.34");

	learn(t, NAME_RESOLUTION, 1001, 7300, "example.com", 0, "93.184.216.34;2001:db8::1");
	learn(t, DNS_CLIENT, 3008, 5100, "www.example.org", 0, "93.184.216.34");
	assert_string_equal(wst_name_table_find(t, 7300, &a, NULL), "example.com");
	assert_string_equal(wst_name_table_find(t, 5100, &a, NULL), "www.example.org");
	assert_string_equal(wst_name_table_find(t, 1, &a, NULL), "www.example.org");  /* most recent */
	uint16_t plain = 0;
	assert_string_equal(wst_name_table_find(t, 7300, &a, &plain), "example.com");
	assert_int_equal(plain, 11);
	struct wst_sockaddr six = addr_of("2001:db8::1");
	assert_string_equal(wst_name_table_find(t, 1, &six, NULL), "example.com");
	/* A dual-stack socket's v4-mapped peer is the IPv4 address. */
	struct wst_sockaddr mapped = addr_of("::ffff:93.184.216.34");
	assert_string_equal(wst_name_table_find(t, 7300, &mapped, NULL), "example.com");
	/* Failures, requests and lookups of address literals teach nothing. */
	learn(t, NAME_RESOLUTION, 1001, 7300, "bad.example", 11001, "10.0.0.9");
	learn(t, NAME_RESOLUTION, 1000, 7300, "req.example", 0, "10.0.0.9");
	learn(t, NAME_RESOLUTION, 1004, 7300, "10.0.0.9", 0, "10.0.0.9");
	struct wst_sockaddr nine = addr_of("10.0.0.9");
	assert_null(wst_name_table_find(t, 7300, &nine, NULL));
	assert_int_equal(wst_name_table_stats(t)->learnt, 3);
	/* Four entries a map, the least recently used evicted: in the
	 * per-process map 7300's 2001:db8::1 and 5100's 93.184.216.34 (7300's
	 * was used since); in the any-process map 93.184.216.34, last used
	 * before 2001:db8::1. */
	learn(t, NAME_RESOLUTION, 1001, 7300, "many.example", 0, "10.0.0.1;10.0.0.2;10.0.0.3");
	assert_int_equal(wst_name_table_stats(t)->evicted, 2 + 1);
	assert_string_equal(wst_name_table_find(t, 7300, &a, NULL), "example.com");
	assert_null(wst_name_table_find(t, 5100, &a, NULL));
	assert_string_equal(wst_name_table_find(t, 7300, &six, NULL), "example.com");  /* any process's */
	struct wst_sockaddr one = addr_of("10.0.0.1");
	assert_string_equal(wst_name_table_find(t, 7300, &one, NULL), "many.example");
	wst_name_table_free(t);
}

/* A socket's memo answers as the table would, the most recent lookup
 * still winning: any lookup learnt makes it stale. */
static void name_memo_follows_the_table(void **state)
{
	(void)state;
	struct wst_name_table *t = wst_name_table_new(4);
	struct wst_name_memo memo = { 0 };
	struct wst_sockaddr a = addr_of("93.184.216.34"), b = addr_of("10.0.0.1");
	uint16_t plain = 99;

	assert_null(wst_name_table_find_memo(t, 7300, &a, &memo, &plain));
	assert_int_equal(plain, 0);
	learn(t, NAME_RESOLUTION, 1001, 7300, "example.com", 0, "93.184.216.34");
	assert_string_equal(wst_name_table_find_memo(t, 7300, &a, &memo, &plain), "example.com");
	assert_int_equal(plain, 11);
	assert_string_equal(wst_name_table_find_memo(t, 7300, &a, &memo, &plain), "example.com");
	/* A newer lookup names the address differently. */
	learn(t, DNS_CLIENT, 3008, 7300, "cdn.example.net", 0, "93.184.216.34");
	assert_string_equal(wst_name_table_find_memo(t, 7300, &a, &memo, &plain), "cdn.example.net");
	assert_int_equal(plain, 15);
	/* Another process, another address: asked again, not answered from the memo. */
	assert_string_equal(wst_name_table_find_memo(t, 5100, &a, &memo, &plain), "cdn.example.net");
	assert_null(wst_name_table_find_memo(t, 5100, &b, &memo, &plain));
	assert_int_equal(plain, 0);
	learn(t, NAME_RESOLUTION, 1001, 5100, "caf\xe9.example", 0, "10.0.0.1");
	assert_string_equal(wst_name_table_find_memo(t, 5100, &b, &memo, &plain), "caf\xc3\xa9.example");
	assert_int_equal(plain, 0);  /* needs escaping */
	wst_name_table_free(t);
}

/* What the tables copy without the JSON writer's scan, and what not. */
static void plain_names(void **state)
{
	(void)state;
	assert_int_equal(wst_plain_len("curl.exe"), 8);
	assert_int_equal(wst_plain_len("my app (x86).exe"), 16);
	assert_int_equal(wst_plain_len(""), 0);
	assert_int_equal(wst_plain_len("a\"b.exe"), 0);
	assert_int_equal(wst_plain_len("C:\\x"), 0);
	assert_int_equal(wst_plain_len("caf\xc3\xa9.exe"), 0);
	assert_int_equal(wst_plain_len("tab\there"), 0);
}

static void filters_image_name_errors(void **state)
{
	(void)state;
	struct wst_filter f;
	char err[160];
	struct wst_names curl = { "curl.exe", "www.example.com" };
	struct wst_names other = { "chrome.exe", "example.org" };
	struct wst_names unnamed = { NULL, NULL };

	wst_filter_init(&f);
	assert_int_equal(wst_filter_image(&f, "CURL", err, sizeof err), 0);
	assert_true(wst_filter_match_names(&f, &curl));
	assert_false(wst_filter_match_names(&f, &other));
	assert_false(wst_filter_match_names(&f, &unnamed));
	assert_int_equal(wst_filter_image(&f, "chrome.exe", err, sizeof err), 0);
	assert_true(wst_filter_match_names(&f, &other));
	assert_int_equal(wst_filter_name(&f, "*.EXAMPLE.com", err, sizeof err), 0);
	assert_true(wst_filter_match_names(&f, &curl));
	assert_false(wst_filter_match_names(&f, &other));
	assert_true(wst_glob_match("*.example.com", "a.b.example.com"));
	assert_false(wst_glob_match("*.example.com", "example.com"));
	assert_true(wst_glob_match("ex?mple.*", "example.org"));
	assert_true(wst_glob_match("*", ""));
	assert_false(wst_glob_match("curl", "curl.exe"));
	assert_int_equal(wst_filter_name(&f, "", err, sizeof err), -1);
	assert_string_equal(err, "empty --name pattern");

	/* --errors keeps a failed lookup, and --name matches the name asked. */
	struct payload p = { .len = 0 };
	put_utf16(&p, "nosuch.example.com");
	put_le(&p, 11001, 4);
	put_utf16(&p, "");
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1001, 0, 7300, &p);
	struct wst_record rec;
	wst_decode(&ev, &rec);
	wst_filter_init(&f);
	wst_filter_errors(&f, NULL, err, sizeof err);
	wst_filter_name(&f, "*.example.com", err, sizeof err);
	assert_true(wst_filter_match(&f, &rec));
	rec.image = "curl.exe";
	wst_filter_image(&f, "curl", err, sizeof err);
	assert_true(wst_filter_match(&f, &rec));
	rec.image = "chrome.exe";
	assert_false(wst_filter_match(&f, &rec));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(process_start_every_version),
		cmocka_unit_test(sid_that_lies),
		cmocka_unit_test(process_stop_and_pid_reuse),
		cmocka_unit_test(rundown_and_eviction),
		cmocka_unit_test(names_per_process_first),
		cmocka_unit_test(name_memo_follows_the_table),
		cmocka_unit_test(plain_names),
		cmocka_unit_test(filters_image_name_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
