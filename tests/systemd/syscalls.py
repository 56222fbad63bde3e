#!/usr/bin/env python3
"""tests/systemd/syscalls.py: every system call the daemon makes is one the
unit's filter allows (debian/svcdeskd.service: SystemCallFilter=@system-service
less @privileged @resources, read from the unit and expanded with
`systemd-analyze syscall-filter`).

Runs the daemon under `strace -f` (every thread: the loop, the password
hasher, the exporter) through a start, a login (Argon2id), a report, an XLSX
export (a temporary file) and a CSV one, a sweep, and SIGTERM; then lists any
call outside the filter. The filter cannot be enforced here (no systemd), so
this is how a call the filter would refuse (EPERM in production) shows up.
  syscalls.py BIN CONNINFO TMPDIR UNIT
Prints TAP-style lines; exits 1 when a check failed.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import free_port, record_pid, wait_listening  # noqa: E402


def check(ok, name, detail=""):
    common.check("systemd/syscalls", ok, name, detail)


BIN, CONNINFO, TMP, UNIT = sys.argv[1:5]


def expand(name):
    out = subprocess.run(["systemd-analyze", "syscall-filter", name],
                         capture_output=True, text=True, check=True).stdout
    calls = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            calls |= expand(line) if line.startswith("@") else {line}
    return calls


def unit_filter():
    """The calls the unit's SystemCallFilter= lines allow."""
    allowed = set()
    for line in open(UNIT):
        m = re.match(r"SystemCallFilter=(~?)(.*)", line.strip())
        if m:
            names = set().union(*(expand(n) if n.startswith("@") else {n}
                                  for n in m.group(2).split()))
            allowed = allowed - names if m.group(1) else allowed | names
    return allowed


def work(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    f = s.makefile("rw", encoding="utf-8")

    def call(i, op, args):
        f.write(json.dumps({"id": i, "op": op, "args": args}) + "\n")
        f.flush()
        while True:
            m = json.loads(f.readline())
            if m.get("id") == i:
                return m
    span = {"from": "2026-11-01", "to": "2026-12-01"}
    answers = [call(1, "session.login", {"user": "manager", "password": "demo1234"}),
               call(2, "report.kpi", span),
               call(3, "report.export", dict(report="kpi", format="xlsx", **span)),
               call(4, "report.export", dict(report="kpi", format="csv", **span))]
    s.close()
    return [a.get("ok") for a in answers]


trace = os.path.join(TMP, "strace.out")
port = free_port()
log = open(os.path.join(TMP, "syscalls-daemon.log"), "w")
p = subprocess.Popen(["strace", "-f", "-qq", "-o", trace, os.path.join(BIN, "svcdeskd"), "serve",
                      "--db", CONNINFO, "--listen", "127.0.0.1:%d" % port,
                      "--sweep-interval", "1"], stdout=log, stderr=log)
record_pid(TMP, p.pid)
try:
    wait_listening(port, p)
    oks = work(port)
    check(oks == [True] * 4, "login, report, XLSX and CSV exports answered", str(oks))
    time.sleep(1.5)                      # a sweep
    # strace's child is the daemon: SIGTERM to it, strace then exits with it.
    children = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True,
                              text=True).stdout.split()
    for c in children:
        os.kill(int(c), signal.SIGTERM)
    p.wait(20)
finally:
    if p.poll() is None:
        p.kill()
        p.wait()
used = set()
for line in open(trace):
    m = re.match(r"\d+\s+([a-z0-9_]+)\(", line)
    if m:
        used.add(m.group(1))
allowed = unit_filter()
check(len(allowed) > 100, "the unit's filter read (%d calls allowed)" % len(allowed))
outside = sorted(used - allowed)
check(len(used) > 20 and not outside,
      "the daemon's %d system calls are all within the unit's filter" % len(used),
      "outside: %s" % outside)
print("# systemd/syscalls: %d failed" % common.failed)
sys.exit(1 if common.failed else 0)
