#!/usr/bin/env bash
# tests/lint/sql_names.sh: each trigger and each function of sql/functions/ is
# created once. The files are re-applied with CREATE OR REPLACE, so a second
# trigger of a table under a name already taken, or a second function of the
# same name and arguments, silently replaces the first: no error, and the
# first's work is gone (a visit's first_visit trigger once replaced the one
# keeping tickets.first_visit_satisfied; the report tests caught it).
set -u
cd "${SVCDESK_REPO:-$(dirname "$0")/../..}" || exit 1
python3 - sql/functions/*.sql <<'PY'
import re, sys

seen, bad, n = {}, 0, 0
trigger = re.compile(r"CREATE\s+OR\s+REPLACE\s+TRIGGER\s+(\w+)\s+(?:BEFORE|AFTER|INSTEAD\s+OF)\b"
                     r".*?\bON\s+(\w+)", re.I | re.S)
function = re.compile(r"CREATE\s+OR\s+REPLACE\s+FUNCTION\s+(\w+)\s*\(([^)]*)\)", re.I)
for path in sys.argv[1:]:
    text = re.sub(r"--[^\n]*", "", open(path, encoding="utf-8").read())
    for m in trigger.finditer(text):
        seen.setdefault(("trigger", m.group(1).lower() + " on " + m.group(2).lower()), []).append(path)
    for m in function.finditer(text):
        args = re.sub(r"\s+", " ", m.group(2).strip().lower())
        seen.setdefault(("function", m.group(1).lower() + "(" + args + ")"), []).append(path)
for (kind, name), paths in sorted(seen.items()):
    if len(paths) > 1:
        bad += 1
        print(f"not ok - {kind} {name} created {len(paths)} times: {', '.join(paths)}")
triggers = sum(1 for k in seen if k[0] == "trigger")
print(f"# {triggers} triggers, {len(seen) - triggers} functions in sql/functions")
if triggers == 0 or len(seen) == triggers:
    print("not ok - no trigger or no function found: the patterns are wrong")
    bad += 1
print("ok - each created once" if bad == 0 else f"# {bad} created more than once")
sys.exit(1 if bad else 0)
PY
