/*
 * The ETW providers wstrace can name: the one it decodes, the ones a
 * network capture is likely to hold beside it, and the records every
 * trace carries. For `wstrace info`, which otherwise shows bare GUIDs.
 */
#ifndef WSTRACE_PROVIDER_NAMES_H
#define WSTRACE_PROVIDER_NAMES_H

/* The provider's name for a GUID as wst_guid_format writes it
 * ("{xxxxxxxx-...}", lowercase), or NULL when wstrace does not know it. */
const char *wst_provider_name(const char *guid_text);

#endif
