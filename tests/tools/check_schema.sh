#!/bin/sh
# check_schema.sh SOURCE_DIR WORKDIR: regenerates the decode tables from the
# manifests and fails if the committed files differ.
set -eu
src=$1 work=$2
mkdir -p "$work"
m="$src/manifests"
python3 "$src/src/schema/gen_events.py" "$work/events.c" "$work/event_kinds.h" "$work/events.md" \
	"$m/Microsoft-Windows-Winsock-AFD.man" "$m/Microsoft-Windows-Winsock-NameResolution.man" \
	"$m/Microsoft-Windows-DNS-Client.man" "$m/Microsoft-Windows-Kernel-Process.man"
diff -u "$src/src/schema/events.c" "$work/events.c"
diff -u "$src/include/wstrace/event_kinds.h" "$work/event_kinds.h"
diff -u "$src/docs/events.md" "$work/events.md"
