#!/bin/sh
# check_schema.sh SOURCE_DIR WORKDIR: regenerates the decode table from the
# manifest and fails if the committed files differ.
set -eu
src=$1 work=$2
mkdir -p "$work"
python3 "$src/src/schema/gen_afd_events.py" "$src/manifests/Microsoft-Windows-Winsock-AFD.man" \
	"$work/afd_events.c" "$work/afd_kinds.h" "$work/events.md"
diff -u "$src/src/schema/afd_events.c" "$work/afd_events.c"
diff -u "$src/include/wstrace/afd_kinds.h" "$work/afd_kinds.h"
diff -u "$src/docs/events.md" "$work/events.md"
