/*
 * Names for the numeric codes AFD events carry: NTSTATUS values, Winsock
 * (WSAE*) error codes, and the Winsock error an NTSTATUS turns into when
 * it reaches a Winsock caller.
 */
#ifndef WSTRACE_STATUS_NAMES_H
#define WSTRACE_STATUS_NAMES_H

#include <stdint.h>

/* "STATUS_CONNECTION_REFUSED" for 0xC0000236; NULL when not known. */
const char *wst_ntstatus_name(uint32_t status);

/* "WSAECONNREFUSED" for 10061; NULL when not known. */
const char *wst_wsa_error_name(uint32_t code);

/* The Winsock error code an NTSTATUS maps to (10061 for
 * STATUS_CONNECTION_REFUSED); 0 when there is no equivalent. */
uint32_t wst_ntstatus_to_wsa(uint32_t status);

/* A code field's name whichever family it belongs to: a WSAE* name for
 * values in the Winsock range, else the NTSTATUS name; NULL if unknown. */
const char *wst_code_name(uint32_t code);

#endif
