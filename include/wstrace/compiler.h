/* Compiler hints shared by every folder. */
#ifndef WSTRACE_COMPILER_H
#define WSTRACE_COMPILER_H

/* Marks a printf-like function (format string argument f, arguments from
 * a) so that GCC and Clang check its callers' formats. With mingw-w64,
 * "printf" would mean msvcrt's formats (no %zu); __MINGW_PRINTF_FORMAT is
 * gnu_printf when the build uses mingw-w64's C99 stdio, as it does. */
#if defined(__MINGW32__)
#include <stdio.h>
#define WST_PRINTF(f, a) __attribute__((format(__MINGW_PRINTF_FORMAT, f, a)))
#elif defined(__GNUC__) || defined(__clang__)
#define WST_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WST_PRINTF(f, a)
#endif

/* For a rare path beside a hot loop: kept out of line, so that the loop
 * stays small enough for the compiler to inline what it calls. */
#if defined(__GNUC__) || defined(__clang__)
#define WST_NOINLINE __attribute__((noinline, cold))
#elif defined(_MSC_VER)
#define WST_NOINLINE __declspec(noinline)
#else
#define WST_NOINLINE
#endif

#endif
