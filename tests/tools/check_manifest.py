#!/usr/bin/env python3
"""check_manifest.py OUR.man REFERENCE_DIR

Compares one of the project's manifests with Microsoft's manifests of the same
provider (by GUID) as Windows reports them (../shared/reference/afd-manifests,
../shared/reference/provider-manifests; other providers' dumps in the
directory are passed over): every event
the references define with an id we cover must be in ours with the same
level, template (field names, inTypes and maps, in order). Our
only allowed additions are the wst: attributes and lengths on Binary fields
that the dumps leave out; keywords must be the union of the references'. Exit 77 (skipped) when the references are absent.
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.microsoft.com/win/2004/08/events"}


def provider_guid(path):
    return ET.parse(path).getroot().find(".//m:provider", NS).get("guid").lower()


def load(path):
    provider = ET.parse(path).getroot().find(".//m:provider", NS)
    keywords = {k.get("name"): int(k.get("mask"), 0) for k in provider.iterfind("m:keywords/m:keyword", NS)}
    templates = {}
    for t in provider.iterfind("m:templates/m:template", NS):
        templates[t.get("tid")] = [(d.get("name"), d.get("inType"), d.get("map"), d.get("length"))
                                   for d in t.iterfind("m:data", NS)]
    events = {}
    for e in provider.iterfind("m:events/m:event", NS):
        mask = 0
        for kw in (e.get("keywords") or "").split():
            mask |= keywords.get(kw, 0)
        events[(int(e.get("value")), int(e.get("version", "0")))] = {
            "level": e.get("level"), "keywords": mask,
            "fields": templates.get(e.get("template"), [])}
    return events


def main(argv):
    ours_path, ref_dir = argv[1], argv[2]
    if not os.path.isdir(ref_dir):
        print("skipped: no reference manifests at " + ref_dir)
        return 77
    ours = load(ours_path)
    guid = provider_guid(ours_path)
    covered = {eid for eid, _ in ours}
    problems = []
    keywords = {}
    ref_maps = {}  # (event, field index) -> the maps some reference gives it
    refs = [n for n in sorted(os.listdir(ref_dir)) if provider_guid(os.path.join(ref_dir, n)) == guid]
    if not refs:
        print("no reference for provider %s in %s" % (guid, ref_dir))
        return 1
    for name in refs:
        ref = load(os.path.join(ref_dir, name))
        for key, want in sorted(ref.items()):
            if key[0] not in covered:
                continue
            have = ours.get(key)
            where = "%s: event %d version %d" % (name, key[0], key[1])
            if have is None:
                problems.append(where + ": missing")
                continue
            if have["level"] != want["level"]:
                problems.append("%s: level %s, reference %s" % (where, have["level"], want["level"]))
            # Keywords grew between Windows versions (0x10000000000 on the
            # datagram drops): ours must be the union over the references.
            keywords[key] = keywords.get(key, 0) | want["keywords"]
            hf, wf = have["fields"], want["fields"]
            if [f[:2] for f in hf] != [f[:2] for f in wf]:
                problems.append("%s: fields %s, reference %s" % (where, hf, wf))
                continue
            for i, (h, w) in enumerate(zip(hf, wf)):
                ref_maps.setdefault((key, i), set()).add(w[2])
                if w[2] and h[2] != w[2]:
                    problems.append("%s: field %s map %s, reference %s" % (where, h[0], h[2], w[2]))
                if w[3] and h[3] != w[3]:
                    problems.append("%s: field %s length %s, reference %s" % (where, h[0], h[3], w[3]))
                if h[3] and not w[3] and h[1] != "win:Binary":
                    problems.append("%s: field %s: length on a non-binary field" % (where, h[0]))
    # A map no reference puts on a field would name values Windows never
    # meant: ours may only carry maps some reference carries.
    for key, have in sorted(ours.items()):
        for i, h in enumerate(have["fields"]):
            if h[2] and (key, i) in ref_maps and h[2] not in ref_maps[(key, i)]:
                problems.append("event %d version %d: field %s map %s, in no reference" % (
                    key[0], key[1], h[0], h[2]))
    for key, union in sorted(keywords.items()):
        if ours[key]["keywords"] != union:
            problems.append("event %d version %d: keywords 0x%x, references 0x%x" % (
                key[0], key[1], ours[key]["keywords"], union))
    for p in problems:
        print(p)
    print("%d events checked against %s: %d problems" % (len(ours), ", ".join(refs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
