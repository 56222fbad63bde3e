#!/usr/bin/env python3
"""xlsx_cells.py FILE: an XLSX workbook's cells as JSON, read with zipfile and
the sheet XML alone (no spreadsheet library): {"sheets": [names in order],
"cells": {sheet: [[row cells]]}}, a number as a number, a shared or inline
string as a string, a boolean as true/false, an empty cell as null. Used by
tests/integration/test_export.c to check what report.export wrote."""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


def column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def value(c, shared):
    kind = c.get("t", "n")
    v = c.find("m:v", NS)
    if kind == "s":
        return shared[int(v.text)]
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
    if kind == "b":
        return v.text == "1"
    if kind == "str":
        return v.text
    if v is None:
        return None
    f = float(v.text)
    return int(f) if f.is_integer() else f


def main(path):
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    out = {"sheets": [], "cells": {}}
    for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        name = s.get("name")
        target = rels[s.get("{%s}id" % NS["r"])].lstrip("/")
        target = target if target.startswith("xl/") else "xl/" + target
        rows = []
        for row in ET.fromstring(z.read(target)).iter("{%s}row" % NS["m"]):
            cells = []
            for c in row.findall("m:c", NS):
                i = column(c.get("r"))
                cells.extend([None] * (i + 1 - len(cells)))
                cells[i] = value(c, shared)
            rows.append(cells)
        out["sheets"].append(name)
        out["cells"][name] = rows
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
