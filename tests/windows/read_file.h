/* A whole file in memory, for comparing what wstrace wrote. */
#ifndef WSTRACE_TEST_READ_FILE_H
#define WSTRACE_TEST_READ_FILE_H

#include <stddef.h>

/* The bytes of path with a NUL after them, their count in *len; the
 * calling cmocka test fails when the file cannot be read. Free it. */
char *read_file(const char *path, size_t *len);

#endif
