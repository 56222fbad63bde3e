#!/usr/bin/env bash
# tests/deb/deb.sh: the Debian packages (debian/, `make deb`), built, installed
# on this machine, used and purged.
#
# Builds both packages once (`make deb`: dpkg-buildpackage, then lintian, which
# fails the build on any error), then:
# 1. svcdesk alone (a desk's machine): `svcdesk --version` is debian/changelog's
#    version, its man page is found, and it speaks Chinese from the catalog it
#    ships, with no /usr/share/svcdesk to find it by.
# 2. svcdeskd: `svcdeskd --version` the same, `man -w` finds svcdeskd(8) and
#    svcdesk-protocol(7), the system user and group svcdesk exist (no login,
#    no home), the migrations are in /usr/share/svcdesk/sql and `svcdeskd
#    migrate` applies them from there to a database of scripts/check's cluster,
#    `svcdeskd serve` refuses a database migrated by a newer version; the
#    conffile (root:svcdesk 0640) and the unit when the tree has them.
# 3. An upgrade (the same package with a higher version) migrates nothing and
#    says what to run; with the conffile naming a database that lacks the last
#    migration, it says so (the daemon's own `migrate --check`, as svcdesk),
#    leaves it as it was, and `svcdeskd serve` refuses it with status 4.
# 4. `dpkg --purge` of both: every file, the user, the group, the override
#    and the unit's enablement are gone.
# Needs root (dpkg -i): skipped with a message otherwise; CI runs as root.
# Refuses to run where either package is installed already (it would purge it).
# Purges both and drops its database on every exit.
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$REPO"
NAME=deb
COUNT=0 FAILED=0
ok() { COUNT=$((COUNT + 1)); echo "ok - $NAME: $1"; }
not_ok() { COUNT=$((COUNT + 1)); FAILED=$((FAILED + 1)); echo "not ok - $NAME: $1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
bail() { echo "not ok - $NAME: $*"; exit 1; }

if ((EUID != 0)); then
    echo "ok - $NAME: installing packages needs root # SKIP not root (CI runs as root)"
    exit 0
fi
# Known to dpkg: installed, or removed with its configuration left.
known() {
    local st
    st=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) && [[ $st != *" not-installed" ]]
}
for p in svcdeskd svcdesk; do
    known "$p" && bail "package $p is on this machine already: purge it first (dpkg --purge $p)"
done
getent passwd svcdesk >/dev/null && bail "a user svcdesk exists already: the package makes it"

TMP=$(mktemp -d /tmp/svcdesk-deb.XXXXXX)
DB=svcdesk_deb_$$
DB_MADE=0
PSQL=(psql -X -q -A -t -v ON_ERROR_STOP=1)
cleanup() {
    local p
    for p in svcdesk svcdeskd; do
        known "$p" && dpkg --purge "$p" >/dev/null 2>&1
    done
    # A postrm that failed to remove them is reported above, not left behind.
    getent passwd svcdesk >/dev/null && deluser --system svcdesk >/dev/null 2>&1
    getent group svcdesk >/dev/null && delgroup --system svcdesk >/dev/null 2>&1
    ((DB_MADE)) && "${PSQL[@]}" -d "$SVCDESK_TEST_PG" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
        >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- build (the cost of this test)
VERSION=$(dpkg-parsechangelog -l debian/changelog -S Version)
start=$SECONDS
make --no-print-directory deb >"$TMP/build.log" 2>&1 ||
    { tail -n 30 "$TMP/build.log" | sed 's/^/#   /'; bail "make deb failed"; }
echo "# make deb (build and lintian): $((SECONDS - start)) s"
# The lintian warnings, for the record (errors fail make deb).
grep -E '^[WE]: ' "$TMP/build.log" | sed 's/^/# lintian: /'
DEBS=$REPO/build/deb
for p in svcdeskd svcdesk; do
    [[ -f $DEBS/${p}_${VERSION}_$(dpkg --print-architecture).deb ]] || bail "no $p package in $DEBS"
done
deb_of() { echo "$DEBS/${1}_${VERSION}_$(dpkg --print-architecture).deb"; }
ok "make deb built svcdeskd and svcdesk $VERSION, lintian without errors"

# A container's dpkg may be told to drop manuals, docs and catalogs: not these.
DPKG_I=(dpkg --path-include='/usr/share/man/*' --path-include='/usr/share/locale/*'
    --path-include='/usr/share/doc/*' -i)
install_deb() { "${DPKG_I[@]}" "$@" >"$TMP/dpkg.log" 2>&1 || { sed 's/^/#   /' "$TMP/dpkg.log"; return 1; }; }

# --- 1. the client alone
install_deb "$(deb_of svcdesk)" || bail "dpkg -i svcdesk failed"
check "svcdesk --version prints the package's version" \
    test "$(/usr/bin/svcdesk --version)" = "svcdesk $VERSION"
check "the package's version is debian/changelog's" \
    test "$(dpkg-query -W -f='${Version}' svcdesk)" = "$VERSION"
check "man -w svcdesk finds svcdesk(1)" \
    test "$(man -w svcdesk 2>/dev/null)" = /usr/share/man/man1/svcdesk.1.gz
check "a client-only install has no /usr/share/svcdesk" test ! -e /usr/share/svcdesk
zh_usage=$(LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE= /usr/bin/svcdesk --help 2>&1 | head -n 1)
check "svcdesk --help in zh_CN.UTF-8 is Chinese, from the catalog it ships ($zh_usage)" \
    test "$zh_usage" = "用法：svcdesk [选项]..."

# --- 2. the daemon
install_deb "$(deb_of svcdeskd)" || bail "dpkg -i svcdeskd failed"
check "svcdeskd --version prints the package's version" \
    test "$(/usr/sbin/svcdeskd --version)" = "svcdeskd $VERSION"
check "man -w svcdeskd finds svcdeskd(8)" \
    test "$(man -w svcdeskd 2>/dev/null)" = /usr/share/man/man8/svcdeskd.8.gz
check "man -w svcdesk-protocol finds svcdesk-protocol(7)" \
    test "$(man -w svcdesk-protocol 2>/dev/null)" = /usr/share/man/man7/svcdesk-protocol.7.gz
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd svcdesk)
check "the system user svcdesk exists (uid ${uid:-none} < 1000)" test "${uid:-1000}" -lt 1000
check "svcdesk has no login shell ($shell) and no home ($home)" \
    test "$shell" = /usr/sbin/nologin -a "$home" = /nonexistent -a ! -e /nonexistent
check "its group is the system group svcdesk" test "$(getent group "${gid:-x}" | cut -d: -f1)" = svcdesk
n_sql=$(find sql -maxdepth 1 -name '[0-9][0-9][0-9]_*.sql' | wc -l)
n_fn=$(find sql/functions -name '*.sql' | wc -l)
check "every migration ($n_sql) is in /usr/share/svcdesk/sql" \
    test "$(find /usr/share/svcdesk/sql -maxdepth 1 -name '[0-9][0-9][0-9]_*.sql' | wc -l)" = "$n_sql"
check "every function file ($n_fn) is in /usr/share/svcdesk/sql/functions" \
    test "$(find /usr/share/svcdesk/sql/functions -name '*.sql' | wc -l)" = "$n_fn"

if [[ -n ${SVCDESK_TEST_PG:-} ]]; then
    "${PSQL[@]}" -d "$SVCDESK_TEST_PG" -c "CREATE DATABASE $DB" || bail "cannot create database $DB"
    DB_MADE=1
    conninfo="$SVCDESK_TEST_PG dbname=$DB"
    # From / with a clean environment: nothing of the source tree to find.
    (cd / && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/sbin/svcdeskd migrate --db "$conninfo") \
        >"$TMP/migrate.log" 2>&1
    rc=$?
    applied=$("${PSQL[@]}" -d "$conninfo" -c "SELECT count(*) FROM schema_migrations" 2>&1)
    check "the installed svcdeskd migrates from /usr/share/svcdesk/sql (exit $rc, $applied of $n_sql)" \
        test "$rc" = 0 -a "$applied" = "$n_sql"
    "${PSQL[@]}" -d "$conninfo" -c "INSERT INTO schema_migrations (version) VALUES ('999_from_a_newer_svcdeskd')"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    (cd / && timeout 20 /usr/sbin/svcdeskd serve --db "$conninfo" --listen "127.0.0.1:$port") \
        >"$TMP/serve.log" 2>&1
    rc=$?
    check "svcdeskd serve refuses a database a newer version migrated (exit $rc)" \
        grep -q 999_from_a_newer_svcdeskd "$TMP/serve.log"
    ((rc == 3)) || sed 's/^/#   /' "$TMP/serve.log"
else
    echo "ok - $NAME: migrate from the installed path # SKIP no SVCDESK_TEST_PG (run it by scripts/check)"
fi

CONF=/etc/svcdesk/svcdeskd.conf
if [[ -f doc/svcdeskd.conf ]]; then
    check "$CONF is the sample doc/svcdeskd.conf" cmp -s doc/svcdeskd.conf "$CONF"
    check "$CONF is a conffile" grep -qx " $CONF [0-9a-f]*" \
        <(dpkg-query -W -f='${Conffiles}\n' svcdeskd)
    check "$CONF is readable by root and svcdesk alone (root:svcdesk 0640)" \
        test "$(stat -c '%U:%G %a' "$CONF")" = "root:svcdesk 640"
else
    echo "ok - $NAME: the conffile # SKIP the tree has no doc/svcdeskd.conf yet"
fi
if [[ -f debian/svcdeskd.service ]]; then
    check "the unit svcdeskd.service is installed" grep -q '/svcdeskd\.service$' <(dpkg -L svcdeskd)
    wants=/etc/systemd/system/$(sed -n 's/^WantedBy=//p' debian/svcdeskd.service).wants/svcdeskd.service
    check "the unit is enabled ($wants)" test -L "$wants"
else
    echo "ok - $NAME: the unit # SKIP the tree has no debian/svcdeskd.service yet"
fi

# --- 3. an upgrade: the same package with a higher version
mkdir "$TMP/up"
dpkg-deb -R "$(deb_of svcdeskd)" "$TMP/up/root" &&
    sed -i "s/^Version: .*/Version: $VERSION+upgrade/" "$TMP/up/root/DEBIAN/control" &&
    dpkg-deb -b "$TMP/up/root" "$TMP/up/svcdeskd.deb" >/dev/null || bail "cannot repack svcdeskd"
if ((DB_MADE)) && [[ -f $CONF ]]; then
    # The database as the new version's package would find it: the last
    # migration not applied yet (and no newer one), named by the conffile
    # over TCP (the cluster's socket directory is not svcdesk's to reach).
    last=$("${PSQL[@]}" -d "$conninfo" -c "SELECT max(version) FROM schema_migrations
        WHERE version NOT LIKE '999%'")
    "${PSQL[@]}" -d "$conninfo" -c "DELETE FROM schema_migrations
        WHERE version LIKE '999%' OR version = '$last'"
    tcp="host=127.0.0.1 port=$("${PSQL[@]}" -d "$conninfo" -c 'SHOW port') dbname=$DB"
    tcp+=" user=$("${PSQL[@]}" -d "$conninfo" -c 'SELECT current_user')"
    echo "db = $tcp" >>"$CONF"
fi
install_deb "$TMP/up/svcdeskd.deb" || bail "the upgrade failed"
check "an upgrade says the database is not migrated and what to run" \
    grep -q "upgraded from $VERSION. The package does not migrate the database" "$TMP/dpkg.log"
check "... naming svcdeskd migrate" grep -q "svcdeskd migrate --db" "$TMP/dpkg.log"
if ((DB_MADE)) && [[ -f $CONF ]]; then
    check "... that the configured database is older, lacking $last" \
        grep -q "is older than this version" "$TMP/dpkg.log"
    check "... listing $last.sql as pending" grep -q "pending $last.sql" "$TMP/dpkg.log"
    check "... and the database is left as it was" test "$("${PSQL[@]}" -d "$conninfo" \
        -c "SELECT count(*) FROM schema_migrations")" = "$((n_sql - 1))"
    (cd / && timeout 20 /usr/sbin/svcdeskd serve --config "$CONF" --listen "127.0.0.1:$port") \
        >"$TMP/serve.log" 2>&1
    rc=$?
    refused_older() {
        ((rc == 4)) && grep -q "lacks migration $last of .*svcdeskd migrate --config $CONF" \
            "$TMP/serve.log"
    }
    check "svcdeskd serve refuses it (exit $rc), naming $last and migrate --config" refused_older
    ((rc == 4)) || sed 's/^/#   /' "$TMP/serve.log"
elif ((DB_MADE)); then
    check "... and the database is left as it was" test "$("${PSQL[@]}" -d "$conninfo" \
        -c "SELECT count(*) FROM schema_migrations")" = "$((n_sql + 1))"
fi

# --- 4. purge
# What they installed: every file, and the directories of their own.
mapfile -t files < <(dpkg -L svcdeskd svcdesk | while read -r f; do [[ -d $f ]] || echo "$f"; done)
files+=(/usr/share/svcdesk /usr/share/doc/svcdeskd /usr/share/doc/svcdesk /etc/svcdesk)
dpkg --purge svcdeskd svcdesk >"$TMP/purge.log" 2>&1 || { sed 's/^/#   /' "$TMP/purge.log"; not_ok "dpkg --purge"; }
check "both packages are purged" eval '! known svcdeskd && ! known svcdesk'
left=$(for f in "${files[@]}"; do [[ -e $f || -L $f ]] && echo "$f"; done)
check "the ${#files[@]} files and directories they installed are gone (${left:-none left})" test -z "$left"
check "the user svcdesk is gone" bash -c '! getent passwd svcdesk >/dev/null'
check "the group svcdesk is gone" bash -c '! getent group svcdesk >/dev/null'
check "no ownership override is left" bash -c '! dpkg-statoverride --list | grep -q /etc/svcdesk'
check "the unit's enablement is gone" bash -c '! compgen -G "/etc/systemd/system/*/svcdeskd.service" >/dev/null'

echo "# $NAME: $((COUNT - FAILED)) passed, $FAILED failed"
((FAILED == 0))
