#!/usr/bin/env bash
# tests/lint/catalog_complete.sh: nothing English-only. Every text the client
# shows and every refusal the daemon writes (what `make pot` extracts) has
# its translation in each po/LANG.po, none fuzzy, and each catalog passes
# msgfmt --check (the translation takes the same printf arguments).
set -u
cd "${SVCDESK_REPO:-$(dirname "$0")/../..}" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 bad=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $*"; }

make -s pot POT="$tmp/svcdesk.pot" >/dev/null || { echo "make pot failed"; exit 1; }
for po in po/*.po; do
    if ! msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/svcdesk.pot"; then
        not_ok "$po merges with the extracted messages"
        continue
    fi
    missing=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ')
    fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -c '^msgid ')
    # The header counts as one msgid in each extract when there is any entry.
    ((missing > 0)) && missing=$((missing - 1))
    ((fuzzy > 0)) && fuzzy=$((fuzzy - 1))
    if ((missing == 0)); then
        ok "$po translates every message"
    else
        not_ok "$po lacks $missing translations:"
        msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^#:' | head -40
    fi
    if ((fuzzy == 0)); then ok "$po has no fuzzy entry"; else not_ok "$po has $fuzzy fuzzy entries"; fi
    if msgfmt --check -o /dev/null "$po"; then ok "$po passes msgfmt --check"; else not_ok "$po fails msgfmt --check"; fi
done
echo "1..$n"
((bad == 0))
