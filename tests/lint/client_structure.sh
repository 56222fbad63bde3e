#!/usr/bin/env bash
# tests/lint/client_structure.sh: holds the client to the structure that
# doc/architecture.md ("The client") describes, so that it cannot grow back:
#   - no circle of includes among the client's modules (x.c and x.h);
#   - a layer includes nothing above it: the framework (client/ui/) no
#     widget or screen, a widget no screen;
#   - no mutable state at file scope: a view's state is its private struct
#     (read off the built objects: nothing in .data or .bss but the signal
#     flag and the one struct app of ui_run);
#   - replies go to the callback their request was sent with: no screen or
#     widget uses the raw id-returning send or a reply hook;
#   - every view has a key table.
# Run by scripts/check after the build; OBJDIR defaults to build/obj.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OBJDIR=${OBJDIR:-build/obj}
failed=0 count=0
ok() { count=$((count + 1)); echo "ok - client structure: $1"; }
not_ok() { count=$((count + 1)); failed=$((failed + 1)); echo "not ok - client structure: $1"; }

# 1. include circles, between modules (a module is x.c with x.h: x.c
#    including y.h while y.h or y.c includes x.h is a circle too)
cycle=$(python3 - <<'PY'
import re, glob, sys, os
files = glob.glob('client/**/*.[ch]', recursive=True)
edges = {}
for f in files:
    m = os.path.splitext(f)[0]
    for inc in re.findall(r'#include "(client/[^"]+)"', open(f).read()):
        n = os.path.splitext(inc)[0]
        if n != m:
            edges.setdefault(m, set()).add(n)
state = {}
def visit(m, path):
    state[m] = 1
    for n in sorted(edges.get(m, ())):
        if state.get(n) == 1:
            print(' -> '.join(path + [m, n])); sys.exit(0)
        if state.get(n) is None:
            visit(n, path + [m])
    state[m] = 2
for m in sorted(edges):
    if state.get(m) is None:
        visit(m, [])
PY
)
if [[ -z $cycle ]]; then ok "no circle of includes"; else not_ok "a circle of includes: $cycle"; fi

# 2. a layer includes nothing above it
up=$(grep -l -E '#include "client/(widget|screen)/' client/ui/*.[ch] 2>/dev/null
     grep -l '#include "client/screen/' client/widget/*.[ch] 2>/dev/null)
if [[ -z $up ]]; then
    ok "the framework includes no widget or screen, a widget no screen"
else
    not_ok "a layer includes one above it: $(echo $up)"
fi

# 3. no mutable file-scope state
state=$(for c in $(find client -name '*.c'); do
    o=$OBJDIR/${c%.c}.o
    [[ -f $o ]] || { echo "$o: not built"; continue; }
    objdump -t "$o" | awk -v f="$c" '$0 ~ / (\.bss|\.data|\.data\.rel|\.data\.rel\.local)[ \t]/ && $NF !~ /^\./ {print f": "$NF}'
done | grep -v -E '^client/ui/loop.c: (got_signal|a\.[0-9]+)$')
if [[ -z $state ]]; then ok "no mutable state at file scope"; else not_ok "mutable state at file scope: $(echo $state)"; fi

# 4. replies by callback only
raw=$(grep -n -E '\bnet_send\(|on_message|ui_deliver\(' client/screen/*.c client/widget/*.c 2>/dev/null)
if [[ -z $raw ]]; then ok "no screen or widget matches replies by hand"; else not_ok "replies matched by hand: $raw"; fi

# 5. every view has a key table
missing=$(for f in client/screen/*.c; do
    awk -v f="$f" '/^const struct view_ops ui_[a-z_]*_view = \{/ {v=$4; k=0} v && /\.keys = / {k=1} v && /^\};/ {if (!k) print f": "v; v=""}' "$f"
done)
if [[ -z $missing ]]; then ok "every view has a key table"; else not_ok "views without a key table: $(echo $missing)"; fi

echo "# client structure: $((count - failed)) passed, $failed failed"
((failed == 0))
