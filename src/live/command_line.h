/*
 * argv -> the one command-line string CreateProcessW takes. The program
 * splits it again by the Microsoft C runtime's rules (which
 * CommandLineToArgvW follows), so each word is quoted such that it comes
 * back exactly: inside quotes, backslashes are literal except before a
 * quote, where 2n backslashes + quote are n backslashes and the end of the
 * quoting, and 2n+1 backslashes + quote are n backslashes and a quote.
 */
#ifndef WSTRACE_LIVE_COMMAND_LINE_H
#define WSTRACE_LIVE_COMMAND_LINE_H

#include <stddef.h>
#include <wchar.h>

/* CreateProcessW's limit for lpCommandLine, terminator included. */
#define WST_COMMAND_LINE_MAX 32768

enum wst_command_line_error {
	WST_COMMAND_LINE_OK = 0,
	WST_COMMAND_LINE_TOO_LONG = -1,     /* over cap (or WST_COMMAND_LINE_MAX) */
	WST_COMMAND_LINE_BAD_PROGRAM = -2,  /* empty, or holds a quote: argv[0] is split
	                                       without escapes, so it cannot be given */
};

/* Writes argv[0..argc-1] as one command line into out (cap characters,
 * terminator included). Returns its length, or an enum
 * wst_command_line_error. */
long wst_command_line_build(const wchar_t *const *argv, int argc, wchar_t *out, size_t cap);

/* The words of a process's own command line (GetCommandLineW) split as
 * Windows splits them (CommandLineToArgvW), when that gives total words
 * as the C runtime's argv did: then the last n, in the block that *block
 * gets (LocalFree it). Else NULL, and the caller converts the narrow argv
 * instead. Wide words keep any name the code page cannot spell. */
wchar_t **wst_command_line_last_words(const wchar_t *line, int total, int n, wchar_t ***block);

#endif
