#!/usr/bin/env python3
"""The CSV goldens read back with python's csv module: CRLF row ends, a
header, every row as wide as the header, and each row's columns the same
values as the matching JSON line of the same scenario.

usage: check_csv.py EVENTS.csv EVENTS.jsonl SUMMARY.csv SUMMARY.jsonl"""
import csv
import io
import json
import re
import sys


def rows(path):
    raw = open(path, 'rb').read()
    if raw.count(b'\n') != raw.count(b'\r\n') or not raw.endswith(b'\r\n'):
        sys.exit(f'{path}: a row not ended by CRLF')
    table = list(csv.reader(io.StringIO(raw.decode('utf-8'), newline='')))
    header = table[0]
    for n, row in enumerate(table[1:], 2):
        if len(row) != len(header):
            sys.exit(f'{path}: row {n} has {len(row)} columns, the header {len(header)}')
    return header, table[1:]


def as_csv(value):
    if value is None:
        return ''
    if value is True or value is False:
        return 'true' if value else 'false'
    return str(value)


def compare(csv_path, json_path, want_event, pairs_column):
    header, table = rows(csv_path)
    lines = [json.loads(l) for l in open(json_path, encoding='utf-8')]
    lines = [l for l in lines if (l.get('event') == 'socket') == (want_event == 'socket')]
    if len(lines) != len(table):
        sys.exit(f'{csv_path}: {len(table)} rows, {len(lines)} JSON lines')
    for n, (row, line) in enumerate(zip(table, lines), 2):
        for key, cell in zip(header, row):
            if key == 'fields':
                continue
            if cell != as_csv(line.get(key)):
                sys.exit(f'{csv_path}: row {n} {key}={cell!r}, JSON {line.get(key)!r}')
        if pairs_column:
            # Each pair's key is one of the line's own JSON keys.
            for key in re.findall(r'(?:^| )([a-z][a-z0-9_]*)=', row[-1]):
                if key not in line:
                    sys.exit(f'{csv_path}: row {n} pair key {key} not in the JSON line')
    return len(table)


events = compare(sys.argv[1], sys.argv[2], 'event', True)
sockets = compare(sys.argv[3], sys.argv[4], 'socket', False)
print(f'{events} event rows, {sockets} socket rows read back')
