#!/usr/bin/env python3
"""Generate the decode tables from the providers' instrumentation manifests.

usage: gen_events.py --field-key=TOOL OUTPUT.c OUTPUT-KINDS.h OUTPUT-EVENTS.md MANIFEST...

The manifests are the only place the event schemas are written down; this
script turns them into the C tables the decoder reads (one table for every
provider, rows in manifest order, then id and version).

The JSON key of a field comes from the one C rule (src/schema/field_key.c),
which the live decoder uses too: TOOL is the `field_key` program the build
makes of it (build/src/schema/field_key); it reads names, one a line. The output is committed, and the
test `schema_in_sync` regenerates it and fails on any difference, so the two
cannot drift apart. Python 3 standard library only.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

EVENTS_NS = "http://schemas.microsoft.com/win/2004/08/events"
WST_NS = "urn:wstrace:schema:1"
NS = {"m": EVENTS_NS}

IN_TYPES = {
    "win:Pointer": "WST_FT_POINTER",
    "win:UInt8": "WST_FT_UINT8",
    "win:UInt16": "WST_FT_UINT16",
    "win:UInt32": "WST_FT_UINT32",
    "win:UInt64": "WST_FT_UINT64",
    "win:Int32": "WST_FT_INT32",
    "win:Int64": "WST_FT_INT64",
    "win:Boolean": "WST_FT_BOOL32",
    "win:Binary": "WST_FT_BINARY",
    "win:UnicodeString": "WST_FT_UTF16",
    "win:AnsiString": "WST_FT_ANSI",
    "win:GUID": "WST_FT_GUID",
    "win:FILETIME": "WST_FT_FILETIME",
    "win:SID": "WST_FT_SID",
}

LEVELS = {"win:Critical": 1, "win:Error": 2, "win:Warning": 3,
          "win:Informational": 4, "win:Verbose": 5}

# Field name -> (role, JSON key). Names not listed are plain fields whose key
# is the one C rule's (src/schema/field_key.c, through the field_key tool).
ROLES = {
    "Process": ("WST_ROLE_PROCESS", "process"),
    "Endpoint": ("WST_ROLE_ENDPOINT", "endpoint"),
    "ListenEndpoint": ("WST_ROLE_LISTEN_ENDPOINT", "endpoint"),
    "Address": ("WST_ROLE_ADDRESS", "addr"),
    "Port": ("WST_ROLE_PORT", "port"),
    "Status": ("WST_ROLE_STATUS", "status"),
    "Error": ("WST_ROLE_STATUS", "error"),
    "Reason": ("WST_ROLE_REASON", "reason"),
    "UserModePid": ("WST_ROLE_USER_PID", "user_pid"),
    "ProcessId": ("WST_ROLE_USER_PID", "user_pid"),
    "EnterExit": ("WST_ROLE_PHASE", "phase"),
    "Location": ("WST_ROLE_LOCATION", "location"),
    "AcceptEndpoint": ("WST_ROLE_ACCEPT_ENDPOINT", "accept_endpoint"),
    "AddressFamily": ("WST_ROLE_ADDRESS_FAMILY", "address_family"),
    "SocketType": ("WST_ROLE_SOCKET_TYPE", "socket_type"),
    "Protocol": ("WST_ROLE_PROTOCOL", "protocol"),
    "BufferLength": ("WST_ROLE_BYTES", "buffer_length"),
    # Winsock-NameResolution and DNS-Client: one vocabulary for both.
    "NodeName": ("WST_ROLE_QUERY_NAME", "name"),
    "QueryName": ("WST_ROLE_QUERY_NAME", "name"),
    "ServiceName": ("WST_ROLE_SERVICE", "service"),
    "QueryType": ("WST_ROLE_QUERY_TYPE", "query_type"),
    "QueryStatus": ("WST_ROLE_STATUS", "status"),
    "Result": ("WST_ROLE_RESULTS", "addresses"),
    "QueryResults": ("WST_ROLE_RESULTS", "addresses"),
    "Family": ("WST_ROLE_ADDRESS_FAMILY", "address_family"),
    "protocol": ("WST_ROLE_PROTOCOL", "protocol"),

    # Kernel-Process: the process the event is about is its "pid".
    "ProcessID": ("WST_ROLE_SUBJECT_PID", "pid"),
    "ParentProcessID": ("WST_ROLE_PARENT_PID", "parent_pid"),
    "ProcessSequenceNumber": ("WST_ROLE_SEQUENCE", "sequence"),
    "ParentProcessSequenceNumber": ("WST_ROLE_PARENT_SEQUENCE", "parent_sequence"),
    "CreateTime": ("WST_ROLE_CREATE_TIME", "create_time"),
    "ImageName": ("WST_ROLE_IMAGE", "image_path"),
    "PackageFullName": ("WST_ROLE_PACKAGE", "package"),
    "PackageRelativeAppId": ("WST_ROLE_PACKAGE", "package_app_id"),
}

# The fixed sides of calls whose events carry no EnterExit field.
PHASES = {"request": 0, "complete": 1}


def fail(msg):
    sys.exit("gen_events: " + msg)


FIELD_KEYS = {}  # field name -> JSON key, from the field_key tool


def load_field_keys(tool, roots):
    names = sorted({d.get("name") for root in roots for d in root.iterfind(".//m:data", NS)})
    run = subprocess.run([tool], input="".join(n + "\n" for n in names),
                         capture_output=True, text=True)
    keys = run.stdout.split("\n")[:-1]
    if run.returncode != 0 or len(keys) != len(names):
        fail("%s failed: %s" % (tool, run.stderr.strip()))
    FIELD_KEYS.update(zip(names, keys))


def field_key(name):
    return FIELD_KEYS[name]


def c_ident(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def number(text):
    return int(text, 0)


def read_strings(root):
    strings = {}
    for s in root.iterfind(".//m:stringTable/m:string", NS):
        strings["$(string.%s)" % s.get("id")] = s.get("value")
    return strings


def read_maps(provider, strings):
    maps = {}
    # A bitMap names single bits; wstrace names a value only when it is
    # one of them, as for a valueMap.
    for vm in list(provider.iterfind("m:maps/m:valueMap", NS)) + list(provider.iterfind("m:maps/m:bitMap", NS)):
        entries = []
        for m in vm.iterfind("m:map", NS):
            msg = m.get("message")
            if msg not in strings:
                fail("map %s: no string for %s" % (vm.get("name"), msg))
            entries.append((number(m.get("value")), strings[msg]))
        values = [v for v, _ in entries]
        if len(set(values)) != len(values):
            fail("map %s gives a value twice (wst_value_map_name is a binary search)" % vm.get("name"))
        maps[vm.get("name")] = sorted(entries)
    return maps


def read_templates(provider, maps):
    templates = {}
    for t in provider.iterfind("m:templates/m:template", NS):
        fields = []
        for d in t.iterfind("m:data", NS):
            name, in_type = d.get("name"), d.get("inType")
            if in_type not in IN_TYPES:
                fail("template %s: field %s: unsupported inType %s" % (t.get("tid"), name, in_type))
            role, key = ROLES.get(name) or ("WST_ROLE_PLAIN", field_key(name))
            length, length_field = 0, -1
            if in_type == "win:Binary":
                spec = d.get("length")
                if spec is None:
                    fail("template %s: binary field %s has no length" % (t.get("tid"), name))
                if spec.isdigit():
                    length = int(spec)
                else:
                    names = [f["name"] for f in fields]
                    if spec not in names:
                        fail("template %s: %s: length field %s must come first" % (t.get("tid"), name, spec))
                    length_field = names.index(spec)
            map_name = d.get("map")
            if map_name is not None and map_name not in maps:
                fail("template %s: unknown map %s" % (t.get("tid"), map_name))
            fields.append({"name": name, "key": key, "type": IN_TYPES[in_type], "role": role,
                           "length": length, "length_field": length_field, "map": map_name})
        templates[t.get("tid")] = fields
    return templates


def read_events(provider, templates, strings):
    keywords = {k.get("name"): number(k.get("mask")) for k in provider.iterfind("m:keywords/m:keyword", NS)}
    tasks = {t.get("name"): number(t.get("value")) for t in provider.iterfind("m:tasks/m:task", NS)}
    opcodes = {"win:Info": 0, "win:Start": 1, "win:Stop": 2}
    for t in provider.iterfind("m:tasks/m:task", NS):
        for o in t.iterfind("m:opcodes/m:opcode", NS):
            opcodes[o.get("name")] = number(o.get("value"))
    events = []
    for e in provider.iterfind("m:events/m:event", NS):
        eid, version = number(e.get("value")), number(e.get("version", "0"))
        name = e.get("{%s}name" % WST_NS)
        if not name:
            fail("event %d: no wst:name" % eid)
        tid = e.get("template")
        if tid is not None and tid not in templates:
            fail("event %d: unknown template %s" % (eid, tid))
        mask = 0
        for kw in (e.get("keywords") or "").split():
            if kw not in keywords:
                fail("event %d: unknown keyword %s" % (eid, kw))
            mask |= keywords[kw]
        flags = []
        if e.get("{%s}failure" % WST_NS) == "true":
            flags.append("WST_EVENT_FAILURE")
        direction = e.get("{%s}bytes" % WST_NS)
        if direction is not None:
            if direction not in ("sent", "received"):
                fail("event %d: wst:bytes must be sent or received" % eid)
            flags.append("WST_EVENT_BYTES_" + direction.upper())
        socket = e.get("{%s}socket" % WST_NS)
        if socket is not None:
            if socket not in ("stream", "datagram"):
                fail("event %d: wst:socket must be stream or datagram" % eid)
            flags.append("WST_EVENT_" + socket.upper())
        completes = e.get("{%s}completes" % WST_NS)
        phase = e.get("{%s}phase" % WST_NS)
        if phase is not None and phase not in PHASES:
            fail("event %d: wst:phase must be request or complete" % eid)
        message = strings.get(e.get("message"), "") if e.get("message") else ""
        events.append({"message": message, "id": eid, "version": version, "level": LEVELS[e.get("level")],
                       "opcode": opcodes.get(e.get("opcode"), 0) if e.get("opcode") else 0,
                       "task": tasks.get(e.get("task"), 0), "keywords": mask, "name": name,
                       "symbol": e.get("symbol"), "flags": flags, "template": tid,
                       "completes": completes, "phase": PHASES.get(phase, -1)})
    events.sort(key=lambda ev: (ev["id"], ev["version"]))
    names = {ev["name"] for ev in events}
    requests = {ev["completes"] for ev in events if ev["completes"]}
    for ev in events:
        if ev["completes"] and ev["completes"] not in names:
            fail("event %d: wst:completes names unknown event %s" % (ev["id"], ev["completes"]))
        if ev["name"] in requests:
            ev["flags"].append("WST_EVENT_REQUEST")
        ev["flags"] = " | ".join(ev["flags"]) or "0"
    for a, b in zip(events, events[1:]):
        if (a["id"], a["version"]) == (b["id"], b["version"]):
            fail("event %d version %d defined twice" % (a["id"], a["version"]))
    return events


def kind_names(providers):
    """Stable names in order of first use, provider by provider, id by id:
    the WST_EV_* enum."""
    names = []
    for prov in providers:
        for ev in prov["events"]:
            if ev["name"] not in names:
                names.append(ev["name"])
    return names


def kind_ident(name):
    return "WST_EV_" + c_ident(name).upper()


def provider_ident(prov):
    return "WST_PROVIDER_" + c_ident(prov["short"]).upper()


def emit_kinds(sources, providers):
    out = ["/* Generated by src/schema/gen_events.py from the manifests in manifests/. Do not edit. */",
           "#ifndef WSTRACE_EVENT_KINDS_H", "#define WSTRACE_EVENT_KINDS_H", "",
           "/* The providers wstrace decodes; OTHER: any other provider. */",
           "enum wst_provider {", "\tWST_PROVIDER_OTHER,"]
    out += ["\t%s," % provider_ident(p) for p in providers]
    out += ["\tWST_PROVIDER_COUNT", "};", "",
            "/* One value per stable event name (the JSON \"event\" value). */",
            "enum wst_event_kind {", "\tWST_EV_UNKNOWN,"]
    out += ["\t%s," % kind_ident(n) for n in kind_names(providers)]
    out += ["\tWST_EV_KIND_COUNT", "};", "", "#endif"]
    return "\n".join(out) + "\n"


LEVEL_NAMES = {1: "critical", 2: "error", 3: "warning", 4: "information", 5: "verbose"}

DOC_INTRO = """# Event reference

Every event wstrace decodes, provider by provider. This page is generated
from `manifests/*.man` by `src/schema/gen_events.py`; a test fails when it is
out of date. `wstrace events` prints the same table.

- **event**: the stable name, the `"event"` value of a JSON line. Several ids
  share a name when they differ only by address family, by version, or when
  they are the two sides of one call (`phase` tells which).
- **level**: the manifest's: 2 error, 3 warning, 4 information, 5
  verbose. A capture at level 4 has only the events up to information.
  Real Windows logs a failing modern AFD event (negative Status) at level 2
  whatever its id, so failures are in every capture from level 2 up;
  wstrace tells events apart by provider, id and version only, never by
  level or opcode.
- **fields**: the template in payload order, as JSON keys. `process` and
  `endpoint` appear on every AFD line as common keys; `Address` and `Port`
  become `family`, `addr` and `port`. Status, error and reason codes get a
  `_name` (and for NTSTATUS values a `_wsa`) member when wstrace knows the
  code; `query_type` gets a `query_type_name` (A, AAAA, CNAME, ...).
  `addresses` is the Result string split into `addresses` (IPv4 given as
  `::ffff:a.b.c.d` becomes `a.b.c.d`, ports dropped, zones kept) and
  `aliases` (CNAME targets), with `results_truncated` when the string is as
  long as ETW lets it be. A Kernel-Process event's `pid` is the process it
  is about, and `image_path` gives `image` (the base name) after `pid`.
- *failure* marks events that always report a failure (`--errors` keeps
  them); *bytes sent* / *bytes received* mark the events whose
  `buffer_length` the endpoint table adds to the socket's byte counts:
  at the completion, except modern datagram sends (`sendto`, `sendmsg`),
  which count at the request (see the endpoint table in architecture.md).
"""


def emit_docs(providers):
    out = [DOC_INTRO.rstrip("\n")]
    for prov in providers:
        out += ["", "## %s" % prov["name"], "", "`%s`, from `manifests/%s`." % (prov["guid"], prov["file"]), "",
                "| id | version | event | level | fields | meaning |", "|---:|---:|---|---|---|---|"]
        for ev in prov["events"]:
            fields = prov["templates"][ev["template"]] if ev["template"] else []
            keys = []
            for f in fields:
                if f["role"] in ("WST_ROLE_PROCESS", "WST_ROLE_ENDPOINT", "WST_ROLE_LISTEN_ENDPOINT"):
                    continue
                keys.append("`%s`" % f["key"])
            notes = []
            if ev["phase"] >= 0:
                notes.append("phase `%s`." % [k for k, v in PHASES.items() if v == ev["phase"]][0])
            if "WST_EVENT_FAILURE" in ev["flags"]:
                notes.append("*failure*")
            if "WST_EVENT_BYTES_SENT" in ev["flags"]:
                notes.append("*bytes sent*")
            if "WST_EVENT_BYTES_RECEIVED" in ev["flags"]:
                notes.append("*bytes received*")
            listen = any(f["role"] == "WST_ROLE_LISTEN_ENDPOINT" for f in fields)
            meaning = ev["message"] + (" The endpoint is the listening socket's." if listen else "")
            out.append("| %d | %d | `%s` | %d %s | %s | %s%s |" % (
                ev["id"], ev["version"], ev["name"], ev["level"], LEVEL_NAMES.get(ev["level"], ""),
                ", ".join(keys) or "-", meaning, (" " + " ".join(notes)) if notes else ""))
    return "\n".join(out) + "\n"


def guid_initializer(text):
    h = text.strip("{}").split("-")
    d4 = h[3] + h[4]
    return "{ 0x%s, 0x%s, 0x%s, { %s } }" % (h[0], h[1], h[2], ", ".join(
        "0x%s" % d4[i:i + 2] for i in range(0, 16, 2)))


def emit_row_switch(out, prov, first_row):
    """A switch on the id: the compiler makes jump tables of the id ranges,
    which beats a binary search over the table on every event."""
    out.append("const struct wst_event_desc *wst_%s_event_row(uint16_t id, uint8_t version)" % prov["short"])
    out.append("{")
    out.append("\tswitch (id) {")
    by_id = {}
    for row, ev in enumerate(prov["events"]):
        by_id.setdefault(ev["id"], []).append((ev["version"], first_row + row))
    for eid in sorted(by_id):
        rows = by_id[eid]
        if len(rows) == 1:
            out.append("\tcase %d: return version == %d ? &wst_events[%d] : NULL;" % (eid, rows[0][0], rows[0][1]))
            continue
        out.append("\tcase %d:" % eid)
        for version, row in rows:
            out.append("\t\tif (version == %d)" % version)
            out.append("\t\t\treturn &wst_events[%d];" % row)
        out.append("\t\treturn NULL;")
    out.append("\tdefault:")
    out.append("\t\treturn NULL;")
    out.append("\t}")
    out.append("}")
    out.append("")


def emit(sources, providers):
    out = ["/* Generated by src/schema/gen_events.py from the manifests in manifests/. Do not edit. */",
           "#include \"wstrace/schema.h\"", ""]
    for prov in providers:
        pre = prov["short"] + "_"
        for name, entries in sorted(prov["maps"].items()):
            ident = pre + c_ident(name)
            out.append("static const struct wst_value_name %s_names[] = {" % ident)
            out += ['\t{ 0x%x, "%s" },' % (v, s) for v, s in entries]
            out.append("};")
            out.append("static const struct wst_value_map %s = { %s_names, %d };" % (ident, ident, len(entries)))
            out.append("")
        used = {ev["template"] for ev in prov["events"] if ev["template"]}
        for tid in sorted(used):
            out.append("static const struct wst_field_desc %s[] = {" % (pre + c_ident(tid)))
            for f in prov["templates"][tid]:
                m = "&%s" % (pre + c_ident(f["map"])) if f["map"] else "NULL"
                out.append('\t{ "%s", "%s", %s, %s, %d, %d, %d, %s },' % (
                    f["name"], f["key"], f["type"], f["role"], f["length"], f["length_field"],
                    len(f["key"]), m))
            out.append("};")
            out.append("")
    out.append("const struct wst_event_desc wst_events[] = {")
    for prov in providers:
        pre = prov["short"] + "_"
        for ev in prov["events"]:
            fields = prov["templates"][ev["template"]] if ev["template"] else []
            out.append('\t{ %d, %d, %d, %d, %d, 0x%xull, %s, %s, %s, %d, "%s", "%s", %s, %d, %s },' % (
                ev["id"], ev["version"], ev["level"], ev["opcode"], ev["task"], ev["keywords"],
                provider_ident(prov), kind_ident(ev["name"]),
                kind_ident(ev["completes"]) if ev["completes"] else "WST_EV_UNKNOWN", ev["phase"],
                ev["name"], ev["symbol"], ev["flags"], len(fields),
                (pre + c_ident(ev["template"])) if ev["template"] else "NULL"))
    out.append("};")
    out.append("")
    out.append("const size_t wst_event_count = sizeof wst_events / sizeof wst_events[0];")
    out.append("")
    out.append("const struct wst_provider_desc wst_providers[] = {")
    row = 0
    for prov in providers:
        out.append('\t{ %s, "%s", "%s", %s, &wst_events[%d], %d, wst_%s_event_row },' % (
            provider_ident(prov), prov["name"], prov["short"], guid_initializer(prov["guid"]),
            row, len(prov["events"]), prov["short"]))
        row += len(prov["events"])
    out.append("};")
    out.append("")
    out.append("const size_t wst_provider_count = sizeof wst_providers / sizeof wst_providers[0];")
    out.append("")
    row = 0
    for prov in providers:
        emit_row_switch(out, prov, row)
        row += len(prov["events"])
    # Every field name the manifests use, with its role and key, sorted by
    # name: the live TDH decoder gives fields it reads the same meaning.
    names = {}
    for prov in providers:
        for fields in prov["templates"].values():
            for f in fields:
                have = names.setdefault(f["name"], (f["role"], f["key"]))
                if have != (f["role"], f["key"]):
                    fail("field %s means %s in one manifest and %s in another" % (f["name"], have, (f["role"], f["key"])))
    out.append("const struct wst_field_role_entry wst_field_roles[] = {")
    for name in sorted(names):
        out.append('\t{ "%s", "%s", %s },' % (name, names[name][1], names[name][0]))
    out.append("};")
    out.append("")
    out.append("const size_t wst_field_role_count = sizeof wst_field_roles / sizeof wst_field_roles[0];")
    return "\n".join(out) + "\n"


def read_provider(path, root):
    provider = root.find(".//m:provider", NS)
    if provider is None:
        fail("no provider in " + path)
    short = provider.get("{%s}provider" % WST_NS)
    if not short or not re.fullmatch(r"[a-z_]+", short):
        fail("%s: the provider needs wst:provider, a short lower-case name" % path)
    strings = read_strings(root)
    maps = read_maps(provider, strings)
    templates = read_templates(provider, maps)
    events = read_events(provider, templates, strings)
    for tid, fields in templates.items():
        if len(fields) > 16:
            fail("template %s has more than WST_MAX_FIELDS fields" % tid)
        for f in fields:
            if len(f["key"]) > 255:
                fail("template %s: key %s is longer than key_len (uint8_t) holds" % (tid, f["key"]))
    return {"name": provider.get("name"), "guid": provider.get("guid").lower(), "short": short,
            "file": path.replace("\\", "/").rsplit("/", 1)[-1],
            "maps": maps, "templates": templates, "events": events}


def main(argv):
    if len(argv) < 6 or not argv[1].startswith("--field-key="):
        sys.exit(__doc__.strip().splitlines()[2])
    tool = argv.pop(1)[len("--field-key="):]
    roots = [ET.parse(path).getroot() for path in argv[4:]]
    load_field_keys(tool, roots)
    providers = [read_provider(path, root) for path, root in zip(argv[4:], roots)]
    if len({p["short"] for p in providers}) != len(providers):
        fail("two manifests share a wst:provider name")
    sources = ["manifests/" + p["file"] for p in providers]
    with open(argv[1], "w", newline="\n") as f:
        f.write(emit(sources, providers))
    with open(argv[2], "w", newline="\n") as f:
        f.write(emit_kinds(sources, providers))
    with open(argv[3], "w", newline="\n") as f:
        f.write(emit_docs(providers))


if __name__ == "__main__":
    main(sys.argv)
