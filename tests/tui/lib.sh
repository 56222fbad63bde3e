# tests/tui/lib.sh: helpers for the TUI tests, sourced by each tests/tui/*.sh.
#
# In the manner of tmux's regress/*.sh: a test starts its own daemon on a free
# port against its own fresh database (a copy of the migrated template), runs
# the real client in a private tmux server, types with send-keys and reads
# the screen with capture-pane. Everything is removed by a trap on exit.
#
# The runner (scripts/check) exports:
#   SVCDESK_TEST_PG        libpq conninfo of the maintenance database
#   SVCDESK_TEST_TEMPLATE  migrated template database with the demo users
#                          (operator, dispatcher, ... password demo1234)
#   SVCDESK_BIN            directory holding svcdeskd and svcdesk
# Output: one "ok - name" or "not ok - name" line per check (TAP style);
# the script exits non-zero when any check failed.

set -u

: "${SVCDESK_TEST_PG:?SVCDESK_TEST_PG is not set (see tests/tui/lib.sh)}"
: "${SVCDESK_TEST_TEMPLATE:?SVCDESK_TEST_TEMPLATE is not set}"
: "${SVCDESK_BIN:?SVCDESK_BIN is not set}"

TUI_NAME=$(basename "$0" .sh)
TUI_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)   # whatever the test's cwd later
TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/svcdesk-tui.XXXXXX")
TUI_SOCK="svcdesk-tui-$$-$RANDOM"
TUI_DB="t_tui_$(printf '%s' "$TUI_NAME" | tr -c 'a-zA-Z0-9_' '_' | tr 'A-Z' 'a-z')_$$"
TUI_DB_CREATED=0
TUI_DAEMON_PID=
TUI_PORT=
TUI_PIDS=()
TUI_DAEMON_ARGS=()   # more options for svcdeskd serve
TUI_FAILED=0
TUI_COUNT=0
TUI_COLS=${TUI_COLS:-120}
TUI_LINES=${TUI_LINES:-30}
PSQL=${PSQL:-psql}

mkdir -p "$TUI_TMP/home"
cat >"$TUI_TMP/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g history-limit 100
set -s escape-time 0
EOF

tmux_() { tmux -L "$TUI_SOCK" -f "$TUI_TMP/tmux.conf" "$@"; }

psql_() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$SVCDESK_TEST_PG" "$@"; }

tui_cleanup() {
    local p f
    # Clients still running quit on SIGTERM while their terminal is still
    # there (an ASan build then runs its leak check in peace), then tmux goes.
    for f in "$TUI_TMP"/*.pid; do
        [[ -s $f && ! -s ${f%.pid}.status ]] && kill -TERM "$(<"$f")" 2>/dev/null
    done
    for f in "$TUI_TMP"/*.pid; do
        [[ -s $f ]] || continue
        for _ in $(seq 50); do kill -0 "$(<"$f")" 2>/dev/null || break; sleep 0.1; done
    done
    tmux_ kill-server >/dev/null 2>&1
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TUI_SOCK"
    for p in "${TUI_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    if [[ -n $TUI_DAEMON_PID ]]; then
        kill -TERM "$TUI_DAEMON_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$TUI_DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$TUI_DAEMON_PID" 2>/dev/null
        wait "$TUI_DAEMON_PID" 2>/dev/null
    fi
    if ((TUI_DB_CREATED)); then
        psql_ -c "DROP DATABASE IF EXISTS $TUI_DB WITH (FORCE)" >/dev/null 2>&1
    fi
    rm -rf "$TUI_TMP"
}
trap tui_cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- reporting
tui_ok() { TUI_COUNT=$((TUI_COUNT + 1)); echo "ok - $TUI_NAME: $1"; }
tui_skip() { TUI_COUNT=$((TUI_COUNT + 1)); echo "ok - $TUI_NAME: $1 # SKIP $2"; }

# tui_not_ok NAME [SESSION]: reports a failure with the session's screen.
tui_not_ok() {
    TUI_COUNT=$((TUI_COUNT + 1))
    TUI_FAILED=$((TUI_FAILED + 1))
    echo "not ok - $TUI_NAME: $1"
    if [[ -n ${2:-} ]]; then
        echo "# client of $2: pid $(tui_client_pid "$2"), exit status $(cat "$TUI_TMP/$2.status" 2>/dev/null || echo "none yet")"
        echo "# screen of $2:"
        tui_screen "$2" 2>&1 | sed 's/^/#   |/'
    fi
}

tui_bail() {
    echo "not ok - $TUI_NAME: $*"
    if [[ -s $TUI_TMP/daemon.log ]]; then
        echo "# daemon log:"
        tail -n 20 "$TUI_TMP/daemon.log" | sed 's/^/#   /'
    fi
    exit 1
}

# Ends the script: a summary line and the exit status.
tui_done() {
    echo "# $TUI_NAME: $((TUI_COUNT - TUI_FAILED)) passed, $TUI_FAILED failed"
    ((TUI_FAILED == 0))
    exit $?
}

# --- the database and the daemon
tui_create_db() {
    psql_ -c "CREATE DATABASE $TUI_DB TEMPLATE $SVCDESK_TEST_TEMPLATE" >"$TUI_TMP/psql.log" 2>&1 ||
        { cat "$TUI_TMP/psql.log" >&2; tui_bail "cannot create database $TUI_DB"; }
    TUI_DB_CREATED=1
    # libpq takes the last value of a repeated keyword.
    TUI_DB_CONNINFO="$SVCDESK_TEST_PG dbname=$TUI_DB"
}

# Runs SQL in the test's own database: tui_sql "INSERT ...".
tui_sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$TUI_DB_CONNINFO" -c "$1"; }

tui_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# tui_free_port: a port nothing holds, below the kernel's ephemeral range
# (why: scripts/free-port).
tui_free_port() { "$TUI_LIB_DIR/../../scripts/free-port"; }

# tui_start_daemon [PORT]: starts svcdeskd on PORT (default: a free port)
# and waits until it accepts connections. The log goes to $TUI_TMP/daemon.log.
tui_start_daemon() {
    local try tries=3
    [[ -n ${1:-} ]] && tries=1
    for ((try = 1; try <= tries; try++)); do
        TUI_PORT=${1:-$(tui_free_port)} || tui_bail "no free port"
        "$SVCDESK_BIN/svcdeskd" serve --db "$TUI_DB_CONNINFO" \
            --listen "127.0.0.1:$TUI_PORT" "${TUI_DAEMON_ARGS[@]}" \
            >>"$TUI_TMP/daemon.log" 2>&1 &
        TUI_DAEMON_PID=$!
        for _ in $(seq 300); do
            tui_port_busy "$TUI_PORT" && return 0
            kill -0 "$TUI_DAEMON_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill "$TUI_DAEMON_PID" 2>/dev/null
        wait "$TUI_DAEMON_PID" 2>/dev/null
        TUI_DAEMON_PID=
    done
    tui_bail "svcdeskd did not start listening"
}

# tui_stop_daemon [SECONDS]: SIGTERM to the daemon; true once it has ended
# (within SECONDS, default 15), its exit status then in TUI_DAEMON_STATUS.
tui_stop_daemon() {
    local end=$((SECONDS + ${1:-15}))
    [[ -n $TUI_DAEMON_PID ]] || return 1
    kill -TERM "$TUI_DAEMON_PID" 2>/dev/null
    while kill -0 "$TUI_DAEMON_PID" 2>/dev/null; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
    wait "$TUI_DAEMON_PID"
    TUI_DAEMON_STATUS=$?
    TUI_DAEMON_PID=
}

# tui_background COMMAND...: runs a helper in the background, ended on exit.
tui_background() {
    "$@" &
    TUI_PIDS+=($!)
}

# Creates the database and starts the daemon: what most tests want first.
tui_setup() {
    tui_create_db
    tui_start_daemon
}

# --- the client in tmux
# tui_client SESSION [VAR=value...] [-- client args...]: runs svcdesk in a
# new tmux session of TUI_COLSxTUI_LINES, in English unless LANG=... is given.
# A small runner records the client's pid ($TUI_TMP/SESSION.pid) and, once it
# ends, its exit status ($TUI_TMP/SESSION.status): tmux may report a pane dead
# before it has collected the status.
tui_client() {
    local session=$1 runner=$TUI_TMP/$1.run
    local envs=(LANG=C.UTF-8 TERM=xterm-256color "HOME=$TUI_TMP/home")
    shift
    while (($#)) && [[ $1 != -- ]]; do envs+=("$1"); shift; done
    (($#)) && shift
    rm -f "$TUI_TMP/$session.pid" "$TUI_TMP/$session.status"
    {
        printf '%q ' bash -c 'echo $$ >"$0"; exec "$@"' "$TUI_TMP/$session.pid" \
            env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LC_CTYPE -u SVCDESK_HOST \
            -u SVCDESK_PORT -u SVCDESK_USER "${envs[@]}" \
            "$SVCDESK_BIN/svcdesk" --host 127.0.0.1 --port "$TUI_PORT" "$@"
        printf '\necho $? >%q\n' "$TUI_TMP/$session.status"
    } >"$runner"
    tmux_ new-session -d -s "$session" -x "$TUI_COLS" -y "$TUI_LINES" \
        "bash $(printf %q "$runner")" || tui_bail "cannot start tmux"
}

# The client's pid (once it started).
tui_client_pid() { cat "$TUI_TMP/$1.pid" 2>/dev/null; }

# tui_wait_exit SESSION [SECONDS]: true once the client has ended; its exit
# status is then in TUI_EXIT_STATUS.
tui_wait_exit() {
    local end=$((SECONDS + ${2:-10}))
    until [[ -s $TUI_TMP/$1.status ]]; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
    TUI_EXIT_STATUS=$(<"$TUI_TMP/$1.status")
}

tui_screen() { tmux_ capture-pane -p -t "$1"; }
# The screen with colours and attributes as escape sequences.
tui_screen_attrs() { tmux_ capture-pane -p -e -t "$1"; }

# tui_keys SESSION KEY...: tmux key names (Enter, Tab, F1, Escape, ...).
tui_keys() { local s=$1; shift; tmux_ send-keys -t "$s" "$@"; }
# tui_type SESSION TEXT: types TEXT literally.
tui_type() { tmux_ send-keys -t "$1" -l "$2"; }

# tui_wait SESSION TEXT [SECONDS]: true once TEXT is on the screen.
tui_wait() {
    local end=$((SECONDS + ${3:-10}))
    while :; do
        tui_screen "$1" 2>/dev/null | grep -qF -- "$2" && return 0
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_wait_gone SESSION TEXT [SECONDS]: true once TEXT is off the screen.
tui_wait_gone() {
    local end=$((SECONDS + ${3:-10}))
    while :; do
        tui_screen "$1" 2>/dev/null | grep -qF -- "$2" || return 0
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_line SESSION N: line N (1 is the top) of the screen.
tui_line() { tui_screen "$1" | sed -n "${2}p"; }

# tui_pane SESSION FORMAT: a tmux format for the session's pane, such as
# '#{pane_dead}' or '#{pane_dead_status}'.
tui_pane() { tmux_ display-message -p -t "$1" "$2"; }

# tui_wait_connected SESSION [SECONDS]: true once the status line (in English
# or Chinese) says the client is connected.
tui_wait_connected() {
    local end=$((SECONDS + ${2:-10}))
    until tui_line "$1" 1 2>/dev/null | grep -qE ' (Connected|已连接) '; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_login SESSION USER PASSWORD [MARK]: fills in the login screen (once
# MARK, default "Password:", is on it and the client is connected) and
# submits.
tui_login() {
    tui_wait "$1" "${4:-Password:}" 10 || return 1
    tui_wait_connected "$1" 10 || return 1
    tui_keys "$1" Up C-a C-k
    tui_type "$1" "$2"
    tui_keys "$1" Down C-a C-k
    tui_type "$1" "$3"
    tui_keys "$1" Enter
}

# tui_until SECONDS COMMAND...: true once COMMAND succeeds (tried every 0.1 s);
# for what the screen shows a moment after keys or a push, never checked
# before the client has had the time to draw it.
tui_until() {
    local end=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_check DESCRIPTION SESSION TEXT [SECONDS]: ok when TEXT shows up.
tui_check() {
    if tui_wait "$2" "$3" "${4:-10}"; then tui_ok "$1"; else tui_not_ok "$1" "$2"; fi
}

# tui_f6_to SESSION TITLE: presses F6 (the role's next screen) until the screen's
# title line (line 2; not the key bar, where F6 names the next screen) holds
# TITLE, at most once round the longest role's screens; fails when it never does.
# A test names the screen it wants, not how many screens come before it.
tui_f6_to() {
    local i t
    for i in $(seq 20); do
        for t in $(seq 15); do
            tui_line "$1" 2 | grep -qF -- "$2" && return 0
            sleep 0.1
        done
        tui_keys "$1" F6
    done
    return 1
}

# tui_cursor SESSION: "X Y" of the pane's cursor (0-based).
tui_cursor() { tui_pane "$1" '#{cursor_x} #{cursor_y}'; }

# tui_wait_cursor SESSION X [SECONDS]: true once the cursor is in column X.
tui_wait_cursor() {
    local end=$((SECONDS + ${3:-10})) x
    while :; do
        x=$(tui_cursor "$1")
        [[ ${x%% *} == "$2" ]] && return 0
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_column SESSION LINE-TEXT [TEXT]: on the first screen line that holds
# LINE-TEXT (and TEXT), the column (0-based, by display width: a CJK
# character takes two) where TEXT starts; without TEXT, the column just past
# the line's last non-blank cell. -1 when there is no such line. Needs python3.
tui_column() {
    tui_screen "$1" | python3 -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
key, text = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
for line in sys.stdin.read().splitlines():
    if key in line and (text is None or text in line):
        print(width(line.rstrip() if text is None else line[:line.index(text)]))
        break
else:
    print(-1)' "${@:2}"
}

# Whether a locale is installed (locale -a spells UTF-8 as utf8).
tui_has_locale() {
    locale -a 2>/dev/null | grep -qiE "^${1%%.*}\.utf-?8\$"
}

# tui_rpc USER OP ARGS-JSON: logs in to the test's daemon as USER (password
# demo1234) and runs one op; prints the result (JSON) and is true when it
# succeeded, else prints the error and is false. For setting up data through
# the daemon, so that its pushes reach the clients. Needs python3.
tui_rpc() {
    python3 - "$TUI_PORT" "$1" "$2" "$3" <<'PY'
import json, socket, sys
port, user, op, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
s = socket.create_connection(("127.0.0.1", port), timeout=30)
f = s.makefile("rw", encoding="utf-8")
def call(i, op, args):
    f.write(json.dumps({"id": i, "op": op, "args": args}, ensure_ascii=False) + "\n")
    f.flush()
    while True:
        m = json.loads(f.readline())
        if m.get("id") == i:
            return m
m = call(1, "session.login", {"user": user, "password": "demo1234"})
if m.get("ok"):
    m = call(2, op, args)
print(json.dumps(m.get("result") if m.get("ok") else m.get("error"), ensure_ascii=False))
sys.exit(0 if m.get("ok") else 1)
PY
}

# tui_drop_proxy OP FLAG: starts drop_proxy.py between clients started
# with TUI_PORT=$TUI_PROXY_PORT and the daemon: while the file FLAG exists,
# the next OP request is passed on and its answer lost (the connection cut).
tui_drop_proxy() {
    TUI_PROXY_PORT=$(tui_free_port) || tui_bail "no free port"
    tui_background python3 "$TUI_LIB_DIR/drop_proxy.py" \
        "$TUI_PROXY_PORT" "$TUI_PORT" "$2" "$1"
    for _ in $(seq 100); do tui_port_busy "$TUI_PROXY_PORT" && return 0; sleep 0.1; done
    tui_bail "the proxy did not start"
}

# tui_f6_to_board SESSION: F6 until the complaint board is the screen (its title
# on line 2, not the key bar's "F6 Complaint board"), at most five presses; one check.
tui_f6_to_board() {
    local up=0
    for _ in 1 2 3 4 5; do
        if tui_wait_connected "$1" 2 && sleep 0.3 && tui_line "$1" 2 | grep -q "Complaint board"
        then up=1; break; fi
        tui_keys "$1" F6
    done
    ((up)) && tui_ok "F6 brings the operator to the complaint board" ||
        tui_not_ok "F6 brings the operator to the complaint board" "$1"
}

# tui_complaint NAME PHONE KEY TEXT [DEMAND]: a complaint the operator registers
# for a new urban customer (request_key: the test's name and KEY); prints its number.
tui_complaint() {
    tui_rpc operator complaint.register '{"request_key":"'"$TUI_NAME-$3"'","channel":"phone",
        "customer":{"name":"'"$1"'","phones":["'"$2"'"],"region":"urban","address":"人民路1号"},
        "text":"'"$4"'","demand":"'"${5:-道歉}"'"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}

# tui_call NAME PHONE SERIAL FAULT: a repair call the operator registers for a
# new urban customer with a unit bought two months ago (request_key: the test's
# name and SERIAL); prints its number.
tui_call() {
    tui_rpc operator call.register '{"request_key":"'"$TUI_NAME-$3"'","channel":"phone",
        "type":"B","customer":{"name":"'"$1"'","phones":["'"$2"'"],"region":"urban",
        "address":"人民路1号"},
        "unit":{"model":"BCD-215","serial":"'"$3"'","purchase_date":"'"$(date -d '-2 months' +%F)"'"},
        "fault":"'"$4"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}

# tui_frame_ok DESCRIPTION SESSION: one check that the screen lays out in a
# 24-line terminal: the clock whole at the end of line 1, the key bar (F10)
# on line 24, nothing wrapped below it.
tui_frame_ok() {
    local s
    s=$(tui_screen "$2")
    if [[ $(printf '%s\n' "$s" | wc -l) -le 24 ]] &&
        printf '%s\n' "$s" | sed -n 1p | grep -qE '[0-9]{2}:[0-9]{2}:[0-9]{2} *$' &&
        printf '%s\n' "$s" | sed -n 24p | grep -qF "F10"; then
        tui_ok "$1"
    else
        tui_not_ok "$1" "$2"
    fi
}

# tui_sql_value SQL: one value from the test's database.
tui_sql_value() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$TUI_DB_CONNINFO" -c "$1"; }

# tui_wait_sql SQL EXPECTED [SECONDS]: true once SQL returns EXPECTED.
tui_wait_sql() {
    local end=$((SECONDS + ${3:-10}))
    until [[ $(tui_sql_value "$1" 2>/dev/null) == "$2" ]]; do
        ((SECONDS < end)) || return 1
        sleep 0.2
    done
}

# tui_row SESSION TEXT: the first screen line holding TEXT.
tui_row() { tui_screen "$1" | grep -F -- "$2" | head -n 1; }

# tui_wait_row SESSION TEXT PATTERN [SECONDS]: true once the line holding
# TEXT also matches the extended regular expression PATTERN.
tui_wait_row() {
    local end=$((SECONDS + ${4:-10}))
    until tui_row "$1" "$2" | grep -qE -- "$3"; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# tui_select SESSION TEXT: the list's own search (/) selects the row holding
# TEXT, whatever the rows' order (a queue ordered by time changes its order
# with the time of day).
tui_select() {
    tui_keys "$1" Home /
    tui_type "$1" "$2"
    tui_keys "$1" Enter
    tui_wait_gone "$1" "Search:" 5 || tui_wait_gone "$1" "查找：" 5
}

# tui_row_attrs SESSION TEXT: that line with its colours as escape sequences.
tui_row_attrs() { tui_screen_attrs "$1" | grep -F -- "$2" | head -n 1; }
