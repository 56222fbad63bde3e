#!/usr/bin/env bash
# tests/tui/tls_certs.sh: the client checks the daemon's certificate and, when it
# refuses one, says why on the login screen, in English and in Chinese, at 80x24:
#   - expired (signed by the CA the client is given, its dates in 2020): "has expired";
#   - self-signed, not in the client's CA file: "is self-signed";
#   - signed by a CA the client was not given (the system's CAs only): "not signed by
#     a CA this client trusts";
#   - for another host (the daemon's own certificate, for 127.0.0.1, reached as
#     localhost): "for another host, not localhost";
# and while it refuses, it does not log in (Enter says it is not connected). With a
# good certificate (signed by the CA, for 127.0.0.1) it connects and logs in.
# The certificates are made here by openssl (the expired one by `openssl ca` with
# -startdate and -enddate in the past); the expired and the self-signed one are served
# by `openssl s_server`, the good one by svcdeskd.
TUI_COLS=80 TUI_LINES=24
. "$(dirname "$0")/lib.sh"

command -v openssl >/dev/null || { tui_skip "certificates refused with their reason" "no openssl command"; tui_done; }

# --- the certificates: a CA; signed by it, a good one and an expired one for
# 127.0.0.1; a self-signed one for 127.0.0.1.
pki=$TUI_TMP/pki
mkdir -p "$pki"
ec_key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
cat >"$pki/ca.cnf" <<'EOF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = ./index.txt
unique_subject = no
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any
x509_extensions = server
[ any ]
commonName = supplied
[ server ]
subjectAltName = IP:127.0.0.1
EOF
(
    cd "$pki" && : >index.txt && echo 01 >serial &&
        openssl req -x509 "${ec_key[@]}" -days 2 -keyout ca.key -out ca.pem -subj "/CN=svcdesk test CA" &&
        openssl req "${ec_key[@]}" -keyout good.key -out good.csr -subj /CN=127.0.0.1 &&
        openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in good.csr -out good.pem \
            -days 2 -notext &&
        openssl req "${ec_key[@]}" -keyout old.key -out old.csr -subj /CN=127.0.0.1 &&
        openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in old.csr -out old.pem \
            -startdate 20200101000000Z -enddate 20200201000000Z -notext &&
        openssl req -x509 "${ec_key[@]}" -days 2 -keyout self.key -out self.pem -subj /CN=127.0.0.1 \
            -addext "subjectAltName=IP:127.0.0.1"
) >"$TUI_TMP/openssl.log" 2>&1 || { cat "$TUI_TMP/openssl.log"; tui_bail "cannot make the certificates"; }
# What the test stands on: openssl itself finds each as meant.
[[ $(openssl verify -CAfile "$pki/ca.pem" "$pki/old.pem" 2>&1) == *"certificate has expired"* ]] ||
    tui_bail "the expired certificate is not expired"
openssl verify -CAfile "$pki/ca.pem" "$pki/good.pem" >/dev/null 2>&1 || tui_bail "the good certificate does not verify"

# serve NAME: openssl s_server with NAME.pem on a free port of 127.0.0.1; sets PORT_NAME.
serve() {
    local port
    port=$(tui_free_port) || tui_bail "no free port"
    tui_background openssl s_server -quiet -www -accept "127.0.0.1:$port" \
        -cert "$pki/$1.pem" -key "$pki/$1.key" </dev/null >>"$TUI_TMP/s_server.log" 2>&1
    for _ in $(seq 100); do tui_port_busy "$port" && break; sleep 0.1; done
    tui_port_busy "$port" || tui_bail "openssl s_server ($1) did not start"
    printf -v "PORT_$1" '%s' "$port"
}
serve old
serve self
TUI_DAEMON_ARGS=(--tls-cert "$pki/good.pem" --tls-key "$pki/good.key")
tui_setup

# shows_wrapped SESSION TEXT: TEXT is on the screen, maybe wrapped over lines (the login
# screen wraps the reason at its box's width: where depends on the language).
shows_wrapped() {
    tui_screen "$1" | sed 's/^ *//; s/ *$//' | tr '\n' ' ' | grep -qF "$2"
}

# refused DESCRIPTION SESSION TEXT NO-LOGIN [VAR=value...] -- CLIENT ARGS...: the client
# shows TEXT (the reason) on its login screen and never says it is connected; Enter on
# the filled-in login screen shows NO-LOGIN (not connected: nothing was sent).
refused() {
    local what=$1 s=$2 text=$3 no_login=$4 envs=()
    shift 4
    while (($#)) && [[ $1 != -- ]]; do envs+=("$1"); shift; done
    tui_client "$s" "${envs[@]}" "$@"
    if tui_until 15 shows_wrapped "$s" "$text" && ! tui_screen "$s" | grep -qE "Connected to|已连接到"; then
        tui_ok "$what: refused, the reason on the screen"
    else
        tui_not_ok "$what: refused, the reason on the screen ($text)" "$s"
    fi
    tui_type "$s" operator
    tui_keys "$s" Tab
    tui_type "$s" demo1234
    tui_keys "$s" Enter
    tui_check "$what: no login while refused" "$s" "$no_login" 5
    tui_keys "$s" F10
    tui_wait_exit "$s" 5 || tui_not_ok "$what: the client quits" "$s"
}

en=(-- --tls --ca "$pki/ca.pem")
zh=(LANG=zh_CN.UTF-8 -- --tls --ca "$pki/ca.pem")
no_en="Not connected to the server yet"
no_zh="尚未连接到服务器"
refused "expired" e "TLS: the server's certificate has expired" "$no_en" "${en[@]}" --port "$PORT_old"
refused "self-signed, not in the CA file" s "TLS: the server's certificate is self-signed" "$no_en" \
    "${en[@]}" --port "$PORT_self"
refused "signed by a CA not given" u "is not signed by a CA this client trusts" "$no_en" \
    -- --tls --port "$TUI_PORT"
refused "for another host" h "is for another host, not localhost" "$no_en" \
    "${en[@]}" --host localhost --port "$TUI_PORT"
refused "in Chinese: expired" ze "TLS：服务端的证书已过期" "$no_zh" "${zh[@]}" --port "$PORT_old"
refused "in Chinese: self-signed" zs "服务端的证书是自签名的" "$no_zh" "${zh[@]}" --port "$PORT_self"
refused "in Chinese: for another host" zh "是签发给其他主机的，不是 localhost" "$no_zh" \
    "${zh[@]}" --host localhost --port "$TUI_PORT"

tui_client g -- --tls --ca "$pki/ca.pem"
tui_check "a good certificate: the client connects over TLS" g "Connected to 127.0.0.1:$TUI_PORT (TLS)" 15
tui_login g operator demo1234 || tui_not_ok "a good certificate: the login screen takes the login" g
tui_check "a good certificate: logging in works" g "Role: Operator" 20

tui_done
