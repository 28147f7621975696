/* Compiler hints, with a plain fallback. */
#ifndef WSTRACE_COMPILER_H
#define WSTRACE_COMPILER_H

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
