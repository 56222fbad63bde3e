#!/usr/bin/env bash
# tests/chaos/chaos.sh: the crash test (issue 16). Makes its own PostgreSQL cluster on a
# free port under a temp dir (as the postgres user when run as root, as scripts/pg does),
# migrates a database with the demo users, then runs tests/chaos/chaos.py once per daemon
# count in CHAOS_DAEMONS (default "1 2": one daemon, then two on one database, either of
# them killed), CHAOS_FAULTS faults in all shared between the runs (default 12: what
# `make check` runs, about a minute; `make chaos` passes 100 or what it is given), one
# every CHAOS_GAP seconds on average (default 1.5) once the last has recovered.
# CHAOS_SEED=N replays a run's fault schedule (the seed is printed); CHAOS_VERBOSE=1 names
# each fault as it happens. The daemons, the cluster and the temp dir go on
# every exit.
#
# The cluster runs with fsync and full_page_writes off (a process crash, which is what is
# tested, loses nothing the kernel has) but synchronous_commit on: an acknowledged commit
# must survive `pg_ctl stop -m immediate`.
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
BIN=${SVCDESK_BIN:-$REPO/bin}
FAULTS=${CHAOS_FAULTS:-12}
read -ra RUNS <<<"${CHAOS_DAEMONS:-1 2}"
SEED=${CHAOS_SEED:-$(((RANDOM << 15) | RANDOM))}
GAP=${CHAOS_GAP:-1.5}

DIR=$(mktemp -d /tmp/svcdesk-chaos.XXXXXX)
RUNAS=$(id -un)
((EUID != 0)) || RUNAS=postgres
PGBIN=$(pg_config --bindir 2>/dev/null)
[[ -x $PGBIN/initdb ]] || PGBIN=/usr/lib/postgresql/15/bin
PY_PID=

as_pg() {
    if ((EUID == 0)); then (cd / && runuser -u "$RUNAS" -- "$@"); else "$@"; fi
}

# shellcheck disable=SC2317  # run by the trap
cleanup() {
    local f pid
    [[ -z $PY_PID ]] || { kill -TERM "$PY_PID" 2>/dev/null; wait "$PY_PID" 2>/dev/null; }
    for f in "$DIR"/daemon*.pid; do
        [[ -s $f ]] || continue
        pid=$(<"$f")
        [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */svcdeskd ]] && kill -KILL "$pid" 2>/dev/null
    done
    [[ -f $DIR/data/postmaster.pid ]] && as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate -w -s stop >/dev/null 2>&1
    rm -rf --one-file-system "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die() { echo "chaos: $*"; [[ -f $DIR/pg.log ]] && tail -n 20 "$DIR/pg.log"; exit 1; }

free_port() { "$REPO/scripts/free-port"; }   # below the ephemeral range: see there

# --- the cluster
chmod 755 "$DIR"
mkdir -m 700 "$DIR/data"
mkdir -m 755 "$DIR/run"
((EUID != 0)) || chown "$RUNAS:" "$DIR/data" "$DIR/run" "$DIR"
as_pg "$PGBIN/initdb" -D "$DIR/data" -U svcdesk -A trust -E UTF8 --locale=C.UTF-8 --lc-collate=C \
    --no-instructions >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log"; die "initdb failed"; }
PGPORT_=$(free_port)
printf '%s\n' "port = $PGPORT_" "listen_addresses = '127.0.0.1'" "unix_socket_directories = '$DIR/run'" \
    "max_connections = 100" "fsync = off" "full_page_writes = off" "synchronous_commit = on" \
    "log_min_messages = fatal" | as_pg tee -a "$DIR/data/postgresql.conf" >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/pg.log" -w -t 60 -s start || die "PostgreSQL did not start"
PGCI="host=$DIR/run port=$PGPORT_ user=svcdesk"
psql -XqAt -d "$PGCI dbname=postgres" -c "CREATE DATABASE chaos_template" ||
    die "cannot create the database"
"$BIN/svcdeskd" migrate --db "$PGCI dbname=chaos_template" >/dev/null || die "migrate failed"
"$REPO/scripts/demo-users" "$PGCI dbname=chaos_template" "$BIN" || die "demo-users failed"

PER_RUN=$(((FAULTS + ${#RUNS[@]} - 1) / ${#RUNS[@]}))
echo "chaos: seed $SEED (CHAOS_SEED=$SEED replays the fault schedule), $PER_RUN faults per run"
status=0
for n in "${RUNS[@]}"; do
    # Each run its own database: the checker counts every record in it.
    psql -XqAt -d "$PGCI dbname=postgres" -c "CREATE DATABASE chaos_$n TEMPLATE chaos_template" ||
        die "cannot create the database"
    DB="$PGCI dbname=chaos_$n"
    ports=()
    for ((i = 0; i < n; i++)); do ports+=("$(free_port)"); done
    python3 "$REPO/tests/chaos/chaos.py" --dir "$DIR" --db "$DB" --svcdeskd "$BIN/svcdeskd" \
        --ports "${ports[@]}" --pg-bin "$PGBIN" --pg-data "$DIR/data" --pg-log "$DIR/pg.log" \
        --pg-user "$RUNAS" --faults "$PER_RUN" --gap "$GAP" --seed "$SEED" ${CHAOS_VERBOSE:+--verbose} &
    PY_PID=$!
    wait "$PY_PID" || status=1
    PY_PID=
    if ((status)); then
        for f in "$DIR"/daemon*-of-"$n".log; do
            echo "# last lines of $(basename "$f"):"
            grep -v "database connection lost\|reconnect" "$f" | tail -n 10 | sed 's/^/#   /'
        done
    fi
done
exit "$status"
