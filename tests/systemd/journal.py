#!/usr/bin/env python3
"""tests/systemd/journal.py: svcdeskd's log entries as the journal gets them.

Run by tests/systemd/notify.sh inside a mount namespace of its own with a
tmpfs on /run (unshare --mount), so that this script can stand where
journald would: it binds /run/systemd/journal/socket and reads the native
protocol's datagrams (sd_journal_sendv). The daemon is started as systemd
starts it, its stderr a file named by JOURNAL_STREAM (device:inode):
  1. a database: "serving" at PRIORITY=6, a login's entry with REQUEST_ID=,
     per-request debug entries at PRIORITY=7 (--log-level debug), all with
     SYSLOG_IDENTIFIER=svcdeskd, none of them on stderr;
  2. no database: the warning at PRIORITY=4;
  3. no journal socket: the entries go to stderr as before.
  journal.py BIN CONNINFO TMPDIR
Prints TAP-style lines; exits 1 when a check failed.
"""
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import free_port, record_pid, wait_listening  # noqa: E402


def check(ok, name, detail=""):
    common.check('systemd/journal', ok, name, detail)


BIN, CONNINFO, TMP = sys.argv[1:4]
JOURNAL = "/run/systemd/journal/socket"


def parse(data):
    """One native-protocol datagram: FIELD=value lines, or FIELD, a
    little-endian 64-bit length and the value, for a value with newlines."""
    entry, i = {}, 0
    while i < len(data):
        nl = data.index(b"\n", i)
        line = data[i:nl]
        if b"=" in line:
            k, v = line.split(b"=", 1)
            i = nl + 1
        else:
            k = line
            (n,) = struct.unpack("<Q", data[nl + 1:nl + 9])
            v = data[nl + 9:nl + 9 + n]
            i = nl + 9 + n + 1
        entry[k.decode()] = v.decode()
    return entry


def run(name, conninfo, journal, work=None, level="info"):
    """Starts the daemon, runs work(port), stops it; its entries and stderr."""
    sock = None
    if journal:
        os.makedirs(os.path.dirname(JOURNAL), exist_ok=True)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(JOURNAL)
        sock.settimeout(0.2)
    entries, done = [], threading.Event()

    def read():
        # Read as journald does, all along: a unix datagram socket queues
        # few messages (net.unix.max_dgram_qlen) and the sender then waits.
        while sock and not done.is_set():
            try:
                entries.append(parse(sock.recv(1 << 16)))
            except socket.timeout:
                pass
    reader = threading.Thread(target=read)
    reader.start()
    path = os.path.join(TMP, "journal-%s.log" % name)
    log = open(path, "w")
    st = os.fstat(log.fileno())
    env = dict(os.environ, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
    env.pop("NOTIFY_SOCKET", None)
    port = free_port()
    p = subprocess.Popen([os.path.join(BIN, "svcdeskd"), "serve", "--db", conninfo,
                          "--listen", "127.0.0.1:%d" % port, "--log-level", level,
                          "--reconnect-ms", "200"],
                         env=env, stdout=log, stderr=log)
    record_pid(TMP, p.pid)
    try:
        wait_listening(port, p)
        time.sleep(0.5)
        if work:
            work(port)
        p.send_signal(signal.SIGTERM)
        p.wait(15)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        log.close()
        time.sleep(0.3)
        done.set()
        reader.join()
    if sock:
        sock.close()
        os.unlink(JOURNAL)
    with open(path) as f:
        return entries, f.read()


def login(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    f = s.makefile("rw", encoding="utf-8")
    f.write(json.dumps({"id": 1, "op": "session.login",
                        "args": {"user": "operator", "password": "demo1234"}}) + "\n")
    f.flush()
    reply = json.loads(f.readline())
    s.close()
    check(reply.get("ok") is True, "the login succeeds", str(reply))


def find(entries, pred):
    return [e for e in entries if pred(e)]


entries, stderr = run("up", CONNINFO, True, login, level="debug")
serving = find(entries, lambda e: e.get("MESSAGE", "").endswith(" serving"))
check(len(serving) == 1 and serving[0].get("PRIORITY") == "6",
      "'serving' at PRIORITY=6", str(serving))
check(entries and all(e.get("SYSLOG_IDENTIFIER") == "svcdeskd" for e in entries),
      "every entry has SYSLOG_IDENTIFIER=svcdeskd (%d entries)" % len(entries))
logins = find(entries, lambda e: " logged in as " in e.get("MESSAGE", ""))
check(len(logins) == 1 and logins[0].get("REQUEST_ID", "").isdigit()
      and logins[0].get("PRIORITY") == "6", "the login's entry has REQUEST_ID=", str(logins))
debug = find(entries, lambda e: e.get("PRIORITY") == "7" and "REQUEST_ID" in e)
check(len(debug) >= 1, "a request's debug entry at PRIORITY=7 with REQUEST_ID=", str(entries))
check(not find(entries, lambda e: "REQUEST_ID" in e and not e["REQUEST_ID"].isdigit())
      and find(entries, lambda e: "REQUEST_ID" not in e),
      "REQUEST_ID= only on entries of a request")
check("serving" not in stderr and "logged in" not in stderr,
      "nothing on stderr while the journal takes the entries", stderr)

entries, stderr = run("nodb", CONNINFO + " dbname=svcdesk_no_such_db", True)
warns = find(entries, lambda e: e.get("PRIORITY") == "4")
check(len(warns) >= 1, "a warning at PRIORITY=4 (no database)",
      str([(e.get("PRIORITY"), e.get("MESSAGE")) for e in entries]))

entries, stderr = run("nojournal", CONNINFO, False)
check(" serving" in stderr and " info " in stderr,
      "no journal socket: the lines go to stderr as before", stderr)

print("# systemd/journal: %d failed" % common.failed)
sys.exit(1 if common.failed else 0)
