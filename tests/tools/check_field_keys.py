#!/usr/bin/env python3
"""check_field_keys.py FIELD_KEY_TOOL MANIFEST_OR_DIR...

Runs the one field-key rule (the field_key tool, src/schema/field_key.c)
over every field name of every manifest given (a directory: its *.man and
*.xml files) and checks that each key is a usable JSON key: not empty,
lower-case words joined by single '_', short enough for the live decoder's
key buffer (WST_TDH_NAME_MAX), and that no two fields of one template get
the same key (a JSON line would carry it twice). Exit 77 (skipped) when a
directory is missing, e.g. without the shared reference folder.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TDH_NAME_MAX = 64  # src/live/tdh_decoder.h: the key and its NUL
KEY = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")


def manifests(args):
    for a in args:
        if os.path.isdir(a):
            for f in sorted(os.listdir(a)):
                if f.endswith((".man", ".xml")):
                    yield os.path.join(a, f)
        elif os.path.exists(a):
            yield a
        else:
            print("check_field_keys: %s: not found, skipped" % a)
            sys.exit(77)


def main(argv):
    tool, files = argv[1], list(manifests(argv[2:]))
    templates = []  # (file, template id, [names])
    for path in files:
        for t in ET.parse(path).getroot().iter():
            if t.tag.endswith("}template"):
                names = [d.get("name") for d in t if d.tag.endswith("}data") and d.get("name")]
                templates.append((path, t.get("tid"), names))
    names = sorted({n for _, _, ns in templates for n in ns})
    run = subprocess.run([tool], input="".join(n + "\n" for n in names),
                         capture_output=True, text=True, check=True)
    keys = dict(zip(names, run.stdout.split("\n")))
    problems = []
    for n in names:
        k = keys.get(n, "")
        if not KEY.fullmatch(k):
            problems.append("%r -> %r is not lower-case words joined by '_'" % (n, k))
        elif len(k) >= TDH_NAME_MAX:
            problems.append("%r -> %r is longer than the live decoder keeps" % (n, k))
    for path, tid, ns in templates:
        seen = {}
        for n in ns:
            if keys[n] in seen and seen[keys[n]] != n:
                problems.append("%s: template %s: %s and %s both become %s" % (
                    os.path.basename(path), tid, seen[keys[n]], n, keys[n]))
            seen[keys[n]] = n
    for p in problems:
        print("check_field_keys: " + p)
    print("check_field_keys: %d names in %d templates of %d manifests, %d problems" % (
        len(names), len(templates), len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
