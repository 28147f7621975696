/*
 * Names for the numeric codes AFD events carry: NTSTATUS values, Winsock
 * (WSAE*) error codes, and the Winsock error an NTSTATUS turns into when
 * it reaches a Winsock caller. The tables are src/tables/NAME.tsv
 * (wstrace/name_tables.h).
 */
#ifndef WSTRACE_STATUS_NAMES_H
#define WSTRACE_STATUS_NAMES_H

#include <stdint.h>

/* A code field's name whichever family it belongs to: a WSAE* name for
 * values in the Winsock range, else the NTSTATUS name; NULL if unknown. */
const char *wst_code_name(uint32_t code);

/* The name of the Winsock error an NTSTATUS maps to ("WSAECONNREFUSED"
 * for STATUS_CONNECTION_REFUSED); NULL when there is no equivalent. */
const char *wst_ntstatus_wsa_name(uint32_t status);

/* The Winsock error a status field means: a Winsock code's own name, or
 * the one an NTSTATUS becomes; NULL when there is none. */
const char *wst_winsock_name(uint32_t code);

#endif
