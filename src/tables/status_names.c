/* Which table names a code: Winsock codes and NTSTATUS values share the
 * status fields of AFD events. */
#include "wstrace/name_tables.h"
#include "wstrace/status_names.h"

/* Windows Sockets codes: 10000..11999. */
#define WSA_RANGE_FIRST	10000u
#define WSA_RANGE_LAST	11999u

const char *wst_code_name(uint32_t code)
{
	if (code >= WSA_RANGE_FIRST && code <= WSA_RANGE_LAST)
		return wst_value_map_name(&wst_names_winsock_errors, code);
	return wst_value_map_name(&wst_names_ntstatus, code);
}

const char *wst_ntstatus_wsa_name(uint32_t status)
{
	return wst_value_map_name(&wst_names_ntstatus_to_winsock, status);
}

const char *wst_winsock_name(uint32_t code)
{
	if (code >= WSA_RANGE_FIRST && code <= WSA_RANGE_LAST)
		return wst_value_map_name(&wst_names_winsock_errors, code);
	return wst_ntstatus_wsa_name(code);
}
