#!/usr/bin/env bash
# tests/tui/connect_wait.sh: the screen never waits for the network.
# A server that accepts connections but never answers stalls the TLS
# handshake; meanwhile the client
#   - says it is connecting (status line and login screen)
#   - keeps answering keys: F1 help, typing in the user field
#   - gives up on the handshake after its timeout, says why, and tries again
# Then the same handshake, driven a step at a time, with a real daemon that
# serves TLS: the client connects, checks the certificate and logs in; without
# the CA it refuses the certificate and says so.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { tui_skip "the screen never waits for the network" "no python3"; tui_done; }

# A silent server on a free port: accepts, never reads or writes; ends by
# itself after two minutes.
tui_background python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(0.5)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
held, end = [], time.time() + 120
while time.time() < end:
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        pass' "$TUI_TMP/silent.port"
for _ in $(seq 100); do [[ -s $TUI_TMP/silent.port ]] && break; sleep 0.1; done
[[ -s $TUI_TMP/silent.port ]] || tui_bail "the silent server did not start"
TUI_PORT=$(<"$TUI_TMP/silent.port")

tui_client c -- --tls
tui_check "the login screen says it is connecting" c "Connecting to 127.0.0.1:$TUI_PORT..." 10
if tui_line c 1 | grep -qF " Connecting... "; then
    tui_ok "the status line says Connecting..."
else
    tui_not_ok "the status line says Connecting..." c
fi
tui_keys c F1
tui_check "F1 opens the help while the handshake waits" c "Help: Login" 3
tui_keys c Escape
tui_wait_gone c "Help: Login" 3
tui_type c "typed-while-connecting"
tui_check "typing shows while the handshake waits" c "typed-while-connecting" 3
tui_check "the handshake times out and the reason is shown" c "TLS: handshake timed out" 20
tui_check "the client tries again" c "Connecting to 127.0.0.1:$TUI_PORT..." 10
tui_keys c F10
tui_wait_exit c 5

if ! command -v openssl >/dev/null; then
    tui_skip "over TLS to the daemon" "no openssl command"
    tui_done
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$TUI_TMP/key.pem" -out "$TUI_TMP/cert.pem" -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1 ||
    tui_bail "cannot make a certificate"
TUI_DAEMON_ARGS=(--tls-cert "$TUI_TMP/cert.pem" --tls-key "$TUI_TMP/key.pem")
tui_setup
tui_client t -- --tls --ca "$TUI_TMP/cert.pem"
tui_check "over TLS: the client connects and says so" t "Connected to 127.0.0.1:$TUI_PORT (TLS)" 15
if tui_login t operator demo1234 && tui_wait t "Role: Operator" 20; then
    tui_ok "over TLS: logging in works"
else
    tui_not_ok "over TLS: logging in works" t
fi
tui_client v -- --tls
tui_check "over TLS: a certificate that does not verify is refused, with the reason" v \
    "Cannot connect: TLS: the server's certificate is self-signed" 15

tui_done
