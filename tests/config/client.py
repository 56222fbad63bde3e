#!/usr/bin/env python3
"""tests/config/client.py: a TLS client of svcdeskd for tests/config/config.sh.

  client.py once PORT CAFILE   connects, sends ping; prints "ok" when answered,
                               "refused CODE" when the daemon refused the
                               connection; exit 0 / 1.
  client.py hold PORT CAFILE   connects, logs in as operator, then for each
                               line "ping" on stdin sends ping and prints "ok N"
                               (N: the pings so far on this one connection) or
                               "lost"; ends at end of input.
"""
import json
import socket
import ssl
import sys


def connect(port, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    raw = socket.create_connection(("127.0.0.1", port), timeout=20)
    s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
    return s, s.makefile("rw", encoding="utf-8")


def call(f, i, op, args):
    f.write(json.dumps({"id": i, "op": op, "args": args}) + "\n")
    f.flush()
    while True:
        line = f.readline()
        if not line:
            return None
        m = json.loads(line)
        if m.get("id") == i or (m.get("id") is None and "error" in m):
            return m


def once(port, cafile):
    try:
        _, f = connect(port, cafile)
        m = call(f, 1, "ping", {})
    except (OSError, ValueError) as e:
        print("error %s" % e)
        return 1
    if m is not None and m.get("ok"):
        print("ok")
        return 0
    print("refused %s" % ((m or {}).get("error") or {}).get("code"))
    return 1


def hold(port, cafile):
    _, f = connect(port, cafile)
    m = call(f, 1, "session.login", {"user": "operator", "password": "demo1234"})
    if not m or not m.get("ok"):
        print("login refused %s" % m, flush=True)
        return 1
    print("held", flush=True)
    n = 0
    for line in sys.stdin:
        if line.strip() != "ping":
            continue
        n += 1
        try:
            m = call(f, 1 + n, "ping", {})
        except (OSError, ValueError):
            m = None
        print("ok %d" % n if m and m.get("ok") else "lost", flush=True)
    return 0


if __name__ == "__main__":
    mode, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sys.exit(once(port, cafile) if mode == "once" else hold(port, cafile))
