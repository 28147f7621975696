/* GUIDs from the providers' own manifests (Microsoft-Windows-*: their
 * <provider guid=...>) and, for the trace's own records, from evntrace.h's
 * constants (SystemTraceControlGuid, EventTraceGuid, RT_LostEvent's
 * class). Sorted by GUID text. */
#include <string.h>

#include "wstrace/provider_names.h"

static const struct {
	const char *guid;
	const char *name;
} providers[] = {
	{ "{1c95126e-7eea-49a9-a3fe-a378b03ddb4d}", "Microsoft-Windows-DNS-Client" },
	{ "{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}", "Microsoft-Windows-Kernel-Process" },
	{ "{2ed6006e-4729-4609-b423-3ee7bcd678ef}", "Microsoft-Windows-NDIS-PacketCapture" },
	{ "{2f07e2ee-15db-40f1-90ef-9d7ba282188a}", "Microsoft-Windows-TCPIP" },
	{ "{4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac}", "Microsoft-Windows-PktMon" },
	{ "{55404e71-4db9-4deb-a5f5-8f86e46dde56}", "Microsoft-Windows-Winsock-NameResolution" },
	{ "{68fdd900-4a3e-11d1-84f4-0000f80464e3}", "EventTrace (logfile header)" },
	{ "{6a399ae0-4bc6-4de9-870b-3657f8947e7e}", "RT_LostEvent (real-time losses)" },
	{ "{9e814aad-3204-11d2-9a82-006008a86939}", "NT Kernel Logger" },
	{ "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}", "Microsoft-Windows-PowerShell" },
	{ "{e53c6823-7bb8-44bb-90dc-3f86090d48a6}", "Microsoft-Windows-Winsock-AFD" },
};

const char *wst_provider_name(const char *guid_text)
{
	for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
		if (strcmp(providers[i].guid, guid_text) == 0)
			return providers[i].name;
	return NULL;
}
