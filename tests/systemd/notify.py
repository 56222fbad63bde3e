#!/usr/bin/env python3
"""tests/systemd/notify.py: svcdeskd's sd_notify messages, without systemd.

Binds a unix datagram socket of its own, starts the daemon with NOTIFY_SOCKET
naming it (and WATCHDOG_USEC, as systemd sets them for a unit of Type=notify
with WatchdogSec=) and checks what arrives, by time:
  - with its database absent: it listens, says STATUS=waiting for the
    database, no READY=1 (and no WATCHDOG=1 without WATCHDOG_USEC); once the
    database is created, READY=1 comes;
  - with its database there: READY=1 once it accepts connections, WATCHDOG=1
    every half period, none while its loop is stopped (SIGSTOP), again after
    SIGCONT; on SIGHUP RELOADING=1 with MONOTONIC_USEC= (CLOCK_MONOTONIC,
    now), then READY=1, in that order; STOPPING=1 on SIGTERM, then exit
    status 0.
Run by tests/systemd/notify.sh, which makes the database and cleans up:
  notify.py BIN CONNINFO DBNAME MAINT_CONNINFO TEMPLATE TMPDIR
Prints TAP-style lines; exits 1 when a check failed.
"""
import os
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import free_port, listening, record_pid, wait_listening  # noqa: E402


def check(ok, name, detail=""):
    common.check('systemd/notify', ok, name, detail)


BIN, CONNINFO, DBNAME, MAINT, TEMPLATE, TMP = sys.argv[1:7]
WATCHDOG_USEC = 1_000_000          # a ping expected every 0.5 s
daemons = []


class Notify:
    """The socket systemd would listen on; messages kept with their time."""

    def __init__(self, name):
        self.path = os.path.join(TMP, name)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.got = []          # (monotonic time, "KEY=value")

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                return
            now = time.monotonic()
            for line in data.decode().split("\n"):
                if line:
                    self.got.append((now, line))

    def wait_for(self, line, seconds, on_arrival=None):
        """The time `line` arrived (None if not within seconds)."""
        end = time.monotonic() + seconds
        seen = len(self.got)
        while time.monotonic() < end:
            self.pump(min(0.05, end - time.monotonic()))
            for t, m in self.got[seen:]:
                if m == line or (line.endswith("*") and m.startswith(line[:-1])):
                    if on_arrival:
                        on_arrival()
                    return t
            seen = len(self.got)
        return None

    def lines(self, key, since=0.0):
        return [(t, m) for t, m in self.got if m.startswith(key) and t >= since]


def start(notify, conninfo, port, watchdog):
    env = dict(os.environ, NOTIFY_SOCKET=notify.path)
    env.pop("WATCHDOG_USEC", None)
    env.pop("WATCHDOG_PID", None)
    if watchdog:
        env["WATCHDOG_USEC"] = str(WATCHDOG_USEC)
    log = open(os.path.join(TMP, "daemon-%d.log" % port), "w")
    p = subprocess.Popen([os.path.join(BIN, "svcdeskd"), "serve", "--db", conninfo,
                          "--listen", "127.0.0.1:%d" % port, "--reconnect-ms", "200"],
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    daemons.append(p)
    record_pid(TMP, p.pid)
    return p


def stop(p, notify):
    p.send_signal(signal.SIGTERM)
    t = notify.wait_for("STOPPING=1", 10)
    try:
        rc = p.wait(15)
    except subprocess.TimeoutExpired:
        rc = None
    return t, rc


def psql(conninfo, sql):
    subprocess.run(["psql", "-XqAt", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def database_late():
    """No database at first: listening, waiting, then READY once it exists."""
    late = DBNAME + "_late"
    n = Notify("late.sock")
    port = free_port()
    p = start(n, CONNINFO + " dbname=" + late, port, watchdog=False)
    wait_listening(port, p, idle=lambda: n.pump(0.1))
    n.pump(1.5)     # long enough for the pool's first tries (--reconnect-ms 200)
    check(listening(port) and not n.lines("READY=1"),
          "no database: listening, no READY=1", str(n.got))
    check(any("waiting for the database" in m for _, m in n.lines("STATUS=")),
          "no database: STATUS= says it waits for the database", str(n.lines("STATUS=")))
    check(not n.lines("WATCHDOG="), "no WATCHDOG_USEC: no WATCHDOG=1", str(n.lines("WATCHDOG=")))
    made = time.monotonic()
    psql(MAINT, "CREATE DATABASE %s TEMPLATE %s" % (late, TEMPLATE))
    try:
        ready = n.wait_for("READY=1", 15)
        check(ready is not None and ready >= made, "READY=1 once the database exists")
        check(any(m.startswith("STATUS=serving") for _, m in n.lines("STATUS=")),
              "STATUS= says it is serving", str(n.lines("STATUS=")))
        stopped, rc = stop(p, n)
        check(stopped is not None and rc == 0, "STOPPING=1 on SIGTERM, exit 0",
              "rc %s" % rc)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        psql(MAINT, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % late)


def reload(p, n):
    """SIGHUP: RELOADING=1 and MONOTONIC_USEC= in one message, READY=1 after."""
    sent = time.monotonic()
    p.send_signal(signal.SIGHUP)
    reloading = n.wait_for("RELOADING=1", 5)
    n.pump(1.0)                 # READY=1 follows at once
    got = [m for t, m in n.got if t >= sent and not m.startswith(("WATCHDOG=", "STATUS="))]
    check(reloading is not None and len(got) == 3 and
          got[0] == "RELOADING=1" and got[2] == "READY=1",
          "SIGHUP: RELOADING=1, then READY=1", str(got))
    stamps = [int(m.split("=", 1)[1]) for m in got if m.startswith("MONOTONIC_USEC=")]
    check(len(stamps) == 1 and got[1].startswith("MONOTONIC_USEC=") and
          sent - 0.1 <= stamps[0] / 1e6 <= time.monotonic(),
          "RELOADING=1 carries MONOTONIC_USEC= of the reload's time", str(got))


def watchdog():
    n = Notify("dog.sock")
    port = free_port()
    accepted = []
    started = time.monotonic()
    p = start(n, CONNINFO, port, watchdog=True)
    ready = n.wait_for("READY=1", 30, lambda: accepted.append(listening(port)))
    check(ready is not None and accepted == [True],
          "READY=1 arrives and the daemon accepts connections then",
          "ready after %s s, accepted %s" % (ready and ready - started, accepted))
    n.pump(3.0)
    since = time.monotonic() - 3.0
    pings = [t for t, _ in n.lines("WATCHDOG=1", since)]
    gaps = [b - a for a, b in zip(pings, pings[1:])]
    check(len(pings) >= 4 and max(gaps, default=9) < WATCHDOG_USEC / 1e6,
          "WATCHDOG=1 every half WATCHDOG_USEC (%d in 3 s, longest gap %.2f s)"
          % (len(pings), max(gaps, default=0)))
    p.send_signal(signal.SIGSTOP)
    n.pump(0.2)                 # a ping sent just before the stop
    stopped_at = time.monotonic()
    n.pump(2.5 * WATCHDOG_USEC / 1e6)
    late = n.lines("WATCHDOG=1", stopped_at)
    check(not late, "no WATCHDOG=1 while the loop is stopped (SIGSTOP, %.1f s)"
          % (2.5 * WATCHDOG_USEC / 1e6), str(late))
    p.send_signal(signal.SIGCONT)
    resumed = n.wait_for("WATCHDOG=1", 2 * WATCHDOG_USEC / 1e6)
    check(resumed is not None, "WATCHDOG=1 again after SIGCONT")
    reload(p, n)
    stopped, rc = stop(p, n)
    check(stopped is not None and rc == 0, "STOPPING=1 on SIGTERM, exit 0", "rc %s" % rc)
    stopping = [m for _, m in n.lines("STATUS=", stopped or 0)]
    check(any(m.startswith("STATUS=stopping") for m in stopping),
          "STATUS= says it is stopping", str(stopping))


try:
    database_late()
    watchdog()
finally:
    for d in daemons:
        if d.poll() is None:
            d.send_signal(signal.SIGCONT)
            d.kill()
            d.wait()
print("# systemd/notify: %d failed" % common.failed)
sys.exit(1 if common.failed else 0)
