#!/bin/sh
# check_schema.sh SOURCE_DIR WORKDIR FIELD_KEY_TOOL: regenerates the decode
# tables from the manifests and fails if the committed files differ.
set -eu
src=$1 work=$2 tool=$3
mkdir -p "$work"
m="$src/manifests"
python3 "$src/src/schema/gen_events.py" --field-key="$tool" \
	"$work/events.c" "$work/event_kinds.h" "$work/events.md" \
	"$m/Microsoft-Windows-Winsock-AFD.man" "$m/Microsoft-Windows-Winsock-NameResolution.man" \
	"$m/Microsoft-Windows-DNS-Client.man" "$m/Microsoft-Windows-Kernel-Process.man"
diff -u "$src/src/schema/events.c" "$work/events.c"
diff -u "$src/include/wstrace/event_kinds.h" "$work/event_kinds.h"
diff -u "$src/docs/events.md" "$work/events.md"

# The generator's keys are the C rule's, acronyms included (the TDH path
# gets "rio_state" for RIOState; the generator used to write "riostate").
cat >"$work/keys.man" <<'MAN'
<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"
    xmlns:wst="urn:wstrace:schema:1"><instrumentation><events>
<provider name="P" guid="{00000000-0000-0000-0000-000000000001}" symbol="P" wst:provider="p">
<templates><template tid="t"><data name="RIOState" inType="win:UInt32"/>
<data name="SourceIPAddress" inType="win:UInt32"/></template></templates>
<events><event value="1" version="0" level="win:Informational" template="t" wst:name="e" symbol="E"/></events>
</provider></events></instrumentation></instrumentationManifest>
MAN
python3 "$src/src/schema/gen_events.py" --field-key="$tool" \
	"$work/keys.c" "$work/keys.h" "$work/keys.md" "$work/keys.man"
grep -q '{ "RIOState", "rio_state",' "$work/keys.c"
grep -q '{ "SourceIPAddress", "source_ip_address",' "$work/keys.c"
