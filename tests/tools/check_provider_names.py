#!/usr/bin/env python3
"""check_provider_names.py PROVIDER_NAMES_C MANIFEST_DIR...: every provider a manifest declares
(<provider name=... guid=...>) that the table in src/schema/provider_names.c lists has there
the manifest's own name and GUID, and every Microsoft-Windows-* row of the table is backed by
a manifest. Directories that do not exist are passed over; none at all exits 77 (skipped)."""
import os
import re
import sys


def main():
    table_path, dirs = sys.argv[1], [d for d in sys.argv[2:] if os.path.isdir(d)]
    if not dirs:
        print("SKIP: no manifest directory")
        return 77
    with open(table_path, encoding="utf-8") as f:
        table = dict(re.findall(r'\{ "(\{[0-9a-f-]{36}\})", "([^"]+)" \}', f.read()))
    declared = {}
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith((".xml", ".man")):
                continue
            with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
                for pname, guid in re.findall(r'<provider\s+name="([^"]+)"\s+guid="(\{[^"]+\})"',
                                              f.read()):
                    declared[guid.lower()] = pname
    failures = 0
    for guid, name in sorted(table.items()):
        if guid in declared and declared[guid] != name:
            print("FAIL: %s is %s in the manifest, %s in the table" % (guid, declared[guid], name))
            failures += 1
        if name.startswith("Microsoft-Windows-") and guid not in declared:
            print("note: %s %s has no manifest here to check it against" % (guid, name))
    backed = sum(1 for guid in table if guid in declared)
    print("check_provider_names: %d of %d rows checked against manifests, %d failures"
          % (backed, len(table), failures))
    return 1 if failures or backed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
