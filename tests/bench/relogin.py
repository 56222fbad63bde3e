#!/usr/bin/env python3
"""tests/bench/relogin.py [N...]: how long N clients wait to log in again
after a daemon restart, with the password (Argon2id on the hasher's
threads, server/auth.c) and with the resume token of session.resume
(doc/architecture.md, Resuming a session). For each N (default 18): N users,
each logged in once for its token; the daemon restarted; all N connect at
once and send session.login; the daemon restarted again; all N send
session.resume. N from the arguments, else RELOGIN_CLIENTS ("18 200"),
else 18. Prints each one's median and slowest answer (from the
moment all started), and how many of the daemon's threads did the hashing
(each one that took at least a fifth of a fair share of the CPU time of the
password round), against the cores online.

Fails (exit 1) when a login or resume is refused, when the token round's
median is not under a fifth of the password round's, or when fewer threads
hashed than min(cores, 16) (auth.c's HASHER_THREADS_MAX): the claims of
issue 16 measured. Runs under scripts/check (SVCDESK_TEST_PG,
SVCDESK_TEST_TEMPLATE, SVCDESK_BIN); its own database and daemon, removed on
every exit."""
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PSQL = os.environ.get("PSQL", "psql")
BIN = os.environ.get("SVCDESK_BIN", "bin")
PG = os.environ["SVCDESK_TEST_PG"]
TEMPLATE = os.environ["SVCDESK_TEST_TEMPLATE"]
DB = "relogin_%d" % os.getpid()
CONNINFO = "%s dbname=%s" % (PG, DB)
HASHER_THREADS_MAX = 16
TIMEOUT = 120


def psql(conninfo, sql):
    return subprocess.run([PSQL, "-XqAt", "-v", "ON_ERROR_STOP=1", "-d", conninfo,
                           "-c", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


FREE_PORT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                                         "free-port"))   # at import, whatever the cwd later


def free_port():
    """A port below the ephemeral range (why: scripts/free-port)."""
    return int(subprocess.run([FREE_PORT], check=True, capture_output=True,
                              text=True).stdout)


class Daemon:
    def __init__(self, log):
        self.proc, self.port, self.log = None, free_port(), log

    def start(self):
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "svcdeskd"), "serve", "--db", CONNINFO,
             "--listen", "127.0.0.1:%d" % self.port],
            stdout=self.log, stderr=self.log)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
        raise SystemExit("relogin: svcdeskd did not start listening")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def thread_cpu(self):
        """CPU ticks (user + system) of each of the daemon's threads."""
        ticks = {}
        task = "/proc/%d/task" % self.proc.pid
        for tid in os.listdir(task):
            try:
                with open("%s/%s/stat" % (task, tid)) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                ticks[tid] = int(fields[11]) + int(fields[12])
            except (OSError, IndexError):
                pass
        return ticks


def call(port, op, args, start):
    """Connects, waits for start, sends op; (seconds from start, result)."""
    with socket.create_connection(("127.0.0.1", port), TIMEOUT) as s:
        s.settimeout(TIMEOUT)
        start.wait()
        t0 = start.t0
        s.sendall((json.dumps({"id": 1, "op": op, "args": args}) + "\n").encode())
        buf = b""
        while b"\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                raise RuntimeError("connection closed")
            buf += chunk
        reply = json.loads(buf.split(b"\n", 1)[0])
        took = time.monotonic() - t0
    if not reply.get("ok"):
        raise RuntimeError("%s refused: %s" % (op, reply.get("error")))
    return took, reply["result"]


class Start(threading.Event):
    t0 = 0.0


def burst(port, op, argses):
    """All at once: the answers' times and results, in order."""
    start, out, errors = Start(), [None] * len(argses), []

    def one(i):
        try:
            out[i] = call(port, op, argses[i], start)
        except Exception as e:  # noqa: BLE001 -- reported below
            errors.append(str(e))
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(argses))]
    for t in threads:
        t.start()
    time.sleep(0.3)   # every connection open and waiting
    start.t0 = time.monotonic()
    start.set()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit("relogin: %d of %d %s failed: %s" % (len(errors), len(argses),
                                                          op, errors[0]))
    return out


def round_of(n, daemon):
    users = ["rl%03d" % i for i in range(n)]
    psql(CONNINFO, "INSERT INTO users (login, name, role, password_hash) "
         "SELECT 'rl' || lpad(i::text, 3, '0'), 'relogin', 'operator', "
         "(SELECT password_hash FROM users WHERE login = 'operator') "
         "FROM generate_series(0, %d) i ON CONFLICT DO NOTHING" % (n - 1))
    logins = [{"user": u, "password": "demo1234"} for u in users]
    daemon.start()
    tokens = [r["resume_token"] for _, r in burst(daemon.port, "session.login", logins)]
    daemon.stop()

    daemon.start()
    before = daemon.thread_cpu()
    pw = [t for t, _ in burst(daemon.port, "session.login", logins)]
    after = daemon.thread_cpu()
    daemon.stop()
    used = sorted((after.get(k, 0) - before.get(k, 0) for k in after), reverse=True)
    total = sum(used)
    cores = os.sysconf("SC_NPROCESSORS_ONLN")
    want = min(cores, HASHER_THREADS_MAX)
    busy = sum(1 for u in used if total and u >= total / want / 5)

    daemon.start()
    tok = [t for t, _ in burst(daemon.port, "session.resume",
                               [{"token": t} for t in tokens])]
    daemon.stop()
    print("relogin %d clients after a restart: password median %.3f s (slowest %.3f s);"
          " token median %.3f s (slowest %.3f s); %d of %d cores hashed" %
          (n, statistics.median(pw), max(pw), statistics.median(tok), max(tok),
           busy, cores))
    ok = True
    if statistics.median(tok) * 5 >= statistics.median(pw):
        print("relogin: FAIL the token is not 5 times quicker than the password")
        ok = False
    if busy < want:
        print("relogin: FAIL %d threads hashed, want %d (one per core)" % (busy, want))
        ok = False
    return ok


def main():
    sizes = [int(a) for a in sys.argv[1:] or
             os.environ.get("RELOGIN_CLIENTS", "18").split()]
    log = tempfile.NamedTemporaryFile(prefix="relogin-", suffix=".log", delete=False)
    daemon = Daemon(log)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    psql(PG, "CREATE DATABASE %s TEMPLATE %s" % (DB, TEMPLATE))
    ok = False
    try:
        ok = all([round_of(n, daemon) for n in sizes])
    finally:
        daemon.stop()
        psql(PG, "DROP DATABASE IF EXISTS %s" % DB)
        log.close()
        if ok:
            os.unlink(log.name)
        else:
            print("relogin: the daemon's log is %s" % log.name)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
