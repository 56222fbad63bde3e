#!/usr/bin/env bash
# tests/config/config.sh: the config file (issue 18), against a daemon of its own
# on a database of its own:
#   - check-config: exit 0 and "good" for a good file; exit 1 and FILE:LINE: message
#     for each error of a bad one (unknown key, bad number, out of range, missing value,
#     duplicate key); a password or TLS key file group or others may read is refused;
#   - serve --config FILE: the conninfo and the listen address from the file (never on
#     the command line, so not in /proc/PID/cmdline), a command-line option over it;
#   - SIGHUP: a logged-in client stays connected and answered across every reload; the
#     log level changes (debug lines appear); max_clients lowered refuses the next
#     connection; a certificate renewed on disk is served to the next TLS connection
#     (openssl s_client's serial); a change that needs a restart is logged as such; a
#     broken file keeps the old configuration and logs each error with its line.
# Cleaned up on every exit (tests/tui/lib.sh's trap).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../tui/lib.sh"
TUI_NAME=config
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
D=$TUI_TMP
LOG=$D/daemon.log
SVCDESKD=$SVCDESK_BIN/svcdeskd

command -v openssl >/dev/null || tui_bail "no openssl command"

# expect NAME STATUS WANT-STDERR -- COMMAND...: exit status and stderr exactly.
expect() {
    local name=$1 status=$2 want=$3 got rc
    shift 4
    got=$("$@" 2>&1 >/dev/null)
    rc=$?
    if ((rc == status)) && [[ $got == "$want" ]]; then
        tui_ok "$name"
    else
        tui_not_ok "$name: exit $rc (want $status)"
        diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/#   /'
    fi
}

# --- check-config
cat >"$D/good.conf" <<'CONF'
# a comment, then a blank line

pool = 4
max_clients = 100
insecure = false
log_level = warn
CONF
out=$("$SVCDESKD" check-config "$D/good.conf" 2>&1)
[[ $? == 0 && $out == "$D/good.conf: good" ]] && tui_ok "check-config: a good file, exit 0" ||
    tui_not_ok "check-config: a good file ($out)"
cat >"$D/bad.conf" <<'CONF'
pool = 4
colour = blue
max_clients = lots
# max_output below its minimum
max_output = 100
log_level =
pool = 5
listen
CONF
expect "check-config: each error with its line, exit 1" 1 "$D/bad.conf:2: unknown key colour
$D/bad.conf:3: max_clients takes a number from 1 to 1000000
$D/bad.conf:5: max_output takes a number from 4096 to 9223372036854775807
$D/bad.conf:6: log_level has no value
$D/bad.conf:7: pool is set twice (first on line 1)
$D/bad.conf:8: expected key = value" -- "$SVCDESKD" check-config "$D/bad.conf"
expect "check-config: a missing file" 1 "$D/none.conf: cannot read: No such file or directory" \
    -- "$SVCDESKD" check-config "$D/none.conf"
printf 'secret\n' >"$D/db.password"
chmod 644 "$D/db.password"
printf 'db_password_file = %s\n' "$D/db.password" >"$D/pw.conf"
expect "check-config: a password file others may read" 1 \
    "$D/db.password: group or others may read this file: chmod 600 it (or 640 with root as its owner)" \
    -- "$SVCDESKD" check-config "$D/pw.conf"
chmod 600 "$D/db.password"
expect "check-config: the password file at 600" 0 "" -- "$SVCDESKD" check-config "$D/pw.conf"
expect "serve refuses the open password file too" 2 \
    "$D/db.password: group or others may read this file: chmod 600 it (or 640 with root as its owner)" \
    -- bash -c "chmod 604 '$D/db.password'; timeout 20 '$SVCDESKD' serve --config '$D/pw.conf'"
chmod 600 "$D/db.password"

# The sample (doc/svcdeskd.conf) names every option of serve, and is good with
# them all set to their defaults (but the secrets' files, absent here).
sample=$HERE/../../doc/svcdeskd.conf
keys=$(sed -n 's/^#\([a-z_]*\) = .*/\1/p' "$sample" | sort)
options=$("$SVCDESKD" serve --help 2>&1 | sed -n 's/^  --\([a-z-]*\).*/\1/p' | grep -vx config | tr - _ | sort)
[[ -n $keys && $keys == "$options" ]] && tui_ok "the sample config names every option of serve" ||
    tui_not_ok "the sample config names every option: $(diff <(echo "$keys") <(echo "$options") | tr '\n' ' ')"
sed 's/^#\([a-z_]* = \)/\1/' "$sample" | grep -v '^db_password_file\|^tls_' >"$D/sample.conf"
expect "the sample, every option set, is good" 0 "" -- "$SVCDESKD" check-config "$D/sample.conf"

# --- the certificates: a CA, and a server certificate for 127.0.0.1 signed by it
# (serial 1001), renewed later (serial 1002) with the same key.
pki=$D/pki
mkdir -p "$pki"
ec_key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
sign() {   # sign SERIAL OUT
    openssl x509 -req -in "$pki/srv.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" \
        -set_serial "$1" -days 2 -extfile <(echo "subjectAltName=IP:127.0.0.1") -out "$2"
}
{
    openssl req -x509 "${ec_key[@]}" -days 2 -keyout "$pki/ca.key" -out "$pki/ca.pem" \
        -subj "/CN=svcdesk config test CA" &&
        openssl req "${ec_key[@]}" -keyout "$pki/srv.key" -out "$pki/srv.csr" -subj /CN=127.0.0.1 &&
        sign 1001 "$pki/srv.pem"
} >"$D/openssl.log" 2>&1 || { cat "$D/openssl.log"; tui_bail "cannot make the certificates"; }
chmod 600 "$pki/srv.key"
served_serial() {
    openssl s_client -connect "127.0.0.1:$TUI_PORT" -CAfile "$pki/ca.pem" </dev/null 2>/dev/null |
        openssl x509 -noout -serial 2>/dev/null
}

# --- serve --config
tui_create_db
TUI_PORT=$(tui_free_port) || tui_bail "no free port"
conf=$D/svcdeskd.conf
write_conf() {   # write_conf MAX-CLIENTS MORE-LINES: the daemon's file (line 6: max_clients)
    cat >"$conf.new" <<CONF
# svcdeskd for tests/config/config.sh
db = $TUI_DB_CONNINFO
listen = 127.0.0.1:$TUI_PORT
tls_cert = $pki/srv.pem
tls_key = $pki/srv.key
max_clients = $1
$2
CONF
    mv "$conf.new" "$conf"
}
write_conf 50 "log_level = info"
"$SVCDESKD" serve --config "$conf" --idle-timeout 600 >>"$LOG" 2>&1 &
TUI_DAEMON_PID=$!
for _ in $(seq 300); do tui_port_busy "$TUI_PORT" && break; sleep 0.1; done
tui_port_busy "$TUI_PORT" || tui_bail "svcdeskd --config did not start listening"
[[ $(python3 "$HERE/client.py" once "$TUI_PORT" "$pki/ca.pem") == ok ]] &&
    tui_ok "serve --config: listening where the file says, over TLS, on the file's database" ||
    tui_not_ok "serve --config: a TLS client is answered"
cmdline=$(tr '\0' ' ' <"/proc/$TUI_DAEMON_PID/cmdline")
[[ $cmdline != *dbname* && $cmdline != *"$TUI_DB"* ]] &&
    tui_ok "the conninfo is not on the command line ($cmdline)" ||
    tui_not_ok "the conninfo is on the command line: $cmdline"
[[ $(served_serial) == serial=03E9 ]] && tui_ok "serves the certificate of serial 1001" ||
    tui_not_ok "serves the certificate of serial 1001 ($(served_serial))"

# The held client: logged in over TLS, pinging on demand through a fifo.
mkfifo "$D/hold.in"
exec 5<>"$D/hold.in"   # read-write: opening it does not wait for the reader
hold() { exec python3 "$HERE/client.py" hold "$TUI_PORT" "$pki/ca.pem" <"$D/hold.in" >"$D/hold.out" 2>&1 5>&-; }
tui_background hold
pings=0
held_answers() {   # held_answers STEP: the held client answers its next ping
    pings=$((pings + 1))
    echo ping >&5
    for _ in $(seq 100); do grep -qx "ok $pings" "$D/hold.out" && break; sleep 0.1; done
    grep -qx "ok $pings" "$D/hold.out" && tui_ok "$1: the client connected before is still answered" ||
        tui_not_ok "$1: the client connected before is still answered ($(tail -n 2 "$D/hold.out"))"
}
for _ in $(seq 100); do grep -qx held "$D/hold.out" && break; sleep 0.1; done
grep -qx held "$D/hold.out" || tui_bail "the held client did not log in: $(cat "$D/hold.out")"
held_answers "before SIGHUP"

reloads=0
hup() {   # hup: SIGHUP, and wait for its outcome in the log
    local before
    before=$(grep -c "SIGHUP: " "$LOG")
    kill -HUP "$TUI_DAEMON_PID"
    for _ in $(seq 100); do (($(grep -c "SIGHUP: " "$LOG") > before)) && break; sleep 0.1; done
    sleep 0.2
}
debug_lines() { grep -c " debug " "$LOG"; }

# 1: the log level to debug, max_clients to 1 (the held client), pool changed.
write_conf 1 "log_level = debug
pool = 3"
hup
grep -q "SIGHUP: changed but only applied at a restart: pool" "$LOG" &&
    tui_ok "SIGHUP: a change needing a restart is logged as such" ||
    tui_not_ok "SIGHUP: a change needing a restart is logged as such"
held_answers "SIGHUP 1"
before=$(debug_lines)
got=$(python3 "$HERE/client.py" once "$TUI_PORT" "$pki/ca.pem")
[[ $got == "refused unavailable" ]] && tui_ok "SIGHUP: max_clients lowered to 1 refuses the next connection" ||
    tui_not_ok "SIGHUP: max_clients lowered to 1 refuses the next connection ($got)"
held_answers "after the refusal"
(($(debug_lines) > before)) && tui_ok "SIGHUP: the log level is debug now (debug lines logged)" ||
    tui_not_ok "SIGHUP: the log level is debug now"
kill -0 "$TUI_DAEMON_PID" 2>/dev/null && tui_ok "the daemon keeps serving" || tui_bail "the daemon died"

# 2: the certificate renewed on disk (replaced whole, as certbot does), max_clients
# back up, the log level back to info.
sign 1002 "$pki/new.pem" >>"$D/openssl.log" 2>&1 && mv "$pki/new.pem" "$pki/srv.pem" ||
    tui_bail "cannot renew the certificate"
write_conf 50 "log_level = info"
hup
[[ $(served_serial) == serial=03EA ]] && tui_ok "SIGHUP: the renewed certificate (serial 1002) is served to the next connection" ||
    tui_not_ok "SIGHUP: the renewed certificate is served ($(served_serial))"
[[ $(python3 "$HERE/client.py" once "$TUI_PORT" "$pki/ca.pem") == ok ]] &&
    tui_ok "SIGHUP: max_clients raised again: a new client is answered" ||
    tui_not_ok "SIGHUP: max_clients raised again: a new client is answered"
held_answers "SIGHUP 2 (new certificate)"
before=$(debug_lines)
python3 "$HERE/client.py" once "$TUI_PORT" "$pki/ca.pem" >/dev/null
(($(debug_lines) == before)) && tui_ok "SIGHUP: the log level is info again" ||
    tui_not_ok "SIGHUP: the log level is info again"

# 3: a broken file: every error logged with its line, nothing changed.
write_conf 0 "log_level = debug
bogus = 1"
hup
grep -q "error $conf:6: max_clients takes a number from 1 to 1000000" "$LOG" &&
    grep -q "error $conf:8: unknown key bogus" "$LOG" &&
    grep -q "SIGHUP: 2 errors in the configuration: nothing changed" "$LOG" &&
    tui_ok "SIGHUP with a broken file: each error logged with its line" ||
    tui_not_ok "SIGHUP with a broken file: each error logged with its line"
before=$(debug_lines)
[[ $(python3 "$HERE/client.py" once "$TUI_PORT" "$pki/ca.pem") == ok ]] &&
    (($(debug_lines) == before)) &&
    tui_ok "SIGHUP with a broken file: the old configuration stays (clients let in, no debug)" ||
    tui_not_ok "SIGHUP with a broken file: the old configuration stays"
held_answers "SIGHUP 3 (broken file)"

exec 5>&-
tui_stop_daemon || tui_bail "svcdeskd did not stop"
((TUI_DAEMON_STATUS == 0)) && tui_ok "svcdeskd stopped cleanly" ||
    tui_not_ok "svcdeskd exited $TUI_DAEMON_STATUS"
((TUI_FAILED == 0)) || { tail -n 30 "$LOG" | sed 's/^/#   /'; }
tui_done
