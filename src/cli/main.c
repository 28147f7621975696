/* wstrace: see what programs do with sockets on Windows. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "wstrace/diag.h"

/* Both from CMake: project(VERSION) and the commit (cmake/version.cmake). */
#if !defined WSTRACE_VERSION || !defined WSTRACE_COMMIT
#error "WSTRACE_VERSION and WSTRACE_COMMIT come from the build (CMakeLists.txt)"
#endif

static const char main_usage[] =
	"usage: wstrace COMMAND [ARGS]\n"
	"       wstrace --help | --version\n"
	"\n"
	"Decodes Microsoft-Windows-Winsock-AFD events: socket creation, bind, connect,\n"
	"accept, sends, receives, aborts, drops and close, keyed by the socket's endpoint.\n"
	"\n"
	"Commands:\n"
	"  parse FILE.etl   decode the AFD events of a saved capture (any OS)\n"
	"  report FILE.etl  say what went wrong: findings, a table per process (text,\n"
	"                   JSON, HTML, CSV)\n"
	"  info FILE.etl    show a capture's header and what it contains\n"
	"  pcap FILE.etl... write the packets of pktmon and netsh captures as pcapng\n"
	"  events           list the events wstrace decodes and their fields\n"
	"  start            capture live (Windows, elevated prompt)\n"
	"  run PROGRAM      capture what PROGRAM and its children do (Windows, elevated)\n"
	"  stop             stop a running capture session (Windows)\n"
	"  status           list capture sessions (Windows)\n"
	"\n"
	"Run 'wstrace COMMAND --help' for a command's options.\n"
	"Exit status: 0 ok, 1 failure, 2 usage, 3 damaged input (the rest was decoded),\n"
	"4 the capture lost events.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "parse", wst_cmd_parse },
	{ "report", wst_cmd_report },
	{ "info", wst_cmd_info },
	{ "events", wst_cmd_events },
	{ "pcap", wst_cmd_pcap },
#ifdef _WIN32
	{ "start", wst_cmd_start },
	{ "run", wst_cmd_run },
	{ "stop", wst_cmd_stop },
	{ "status", wst_cmd_status },
#endif
};

#ifndef _WIN32
static int windows_only(const char *name)
{
	wst_error("'%s' captures live through Windows' event tracing and runs only on Windows; "
	          "here, decode a saved capture with 'wstrace parse FILE.etl'", name);
	return WST_EXIT_FAILURE;
}
#endif

int main(int argc, char **argv)
{
	if (argc < 2)
		return wst_usage_error("no command given");
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		fputs(main_usage, stdout);
		return wst_finish_stdout();
	}
	if (strcmp(name, "--version") == 0) {
		puts("wstrace " WSTRACE_VERSION " (" WSTRACE_COMMIT ")");
		return wst_finish_stdout();
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
#ifndef _WIN32
	if (strcmp(name, "start") == 0 || strcmp(name, "run") == 0 || strcmp(name, "stop") == 0 ||
	    strcmp(name, "status") == 0)
		return windows_only(name);
#endif
	return wst_usage_error("unknown command '%s'", name);
}
