#!/usr/bin/env python3
"""tests/backup/load.py: the registering load of tests/backup/backup.sh.

load.py PORT DIR: logs in as the demo operator and registers calls one after
another (each with its own request_key), appending the number of every ticket
the daemon acknowledged (ok: true, so committed) to DIR/acked, one a line,
flushed before the next request. While DIR/pause exists it sends nothing and
says so with DIR/paused; it ends when DIR/stop exists. A lost connection or a
refusal (the database gone) is not an acknowledgement: it reconnects and goes
on with a new key.
"""
import json
import os
import socket
import sys
import time

port, d = int(sys.argv[1]), sys.argv[2]


def exists(name):
    return os.path.exists(os.path.join(d, name))


def session():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = s.makefile("rw", encoding="utf-8")
    ids = iter(range(1, 1 << 62))

    def call(op, args):
        i = next(ids)
        f.write(json.dumps({"id": i, "op": op, "args": args}, ensure_ascii=False) + "\n")
        f.flush()
        while True:
            line = f.readline()
            if not line:
                raise ConnectionError("closed")
            m = json.loads(line)
            if m.get("id") == i:
                return m

    if not call("session.login", {"user": "operator", "password": "demo1234"}).get("ok"):
        raise ConnectionError("login refused")
    return s, call


def register(call, n):
    return call("call.register", {
        "request_key": "backup-%d-%d" % (os.getpid(), n), "channel": "phone", "type": "B",
        "customer": {"name": "备份测试", "phones": ["1390000%04d" % (n % 10000)],
                     "region": "urban", "address": "人民路1号"},
        "unit": {"model": "BCD-215", "serial": "BK%d-%d" % (os.getpid(), n),
                 "purchase_date": "2025-06-01"},
        "fault": "冰箱不制冷"})


def main():
    acked = open(os.path.join(d, "acked"), "a", encoding="utf-8")
    n, s, call = 0, None, None
    while not exists("stop"):
        if exists("pause"):
            open(os.path.join(d, "paused"), "w").close()
            time.sleep(0.02)
            continue
        try:
            if call is None:
                s, call = session()
            n += 1
            m = register(call, n)
            if m.get("ok"):
                acked.write(m["result"]["no"] + "\n")
                acked.flush()
            else:
                time.sleep(0.05)
        except (OSError, ValueError, ConnectionError):
            if s is not None:
                s.close()
            s, call = None, None
            time.sleep(0.2)


main()
