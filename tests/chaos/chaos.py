#!/usr/bin/env python3
"""tests/chaos/chaos.py: the crash test of issue 16 (driver, fault loop and checker).

In the manner of PostgreSQL's src/test/recovery and Jepsen's set checker. Worker
connections (standard library sockets, the JSON-lines protocol of svcdesk-protocol(7))
register calls, dispatch them, arrive, repair, complete, record the return visit, and
register, classify and advance complaints, while the fault loop, at seeded random moments:
  kill    kill -9 of a daemon (either, with two on one database), then starts it again;
  pgstop  pg_ctl stop -m immediate, then start (the daemons reconnect by themselves: they
          are never restarted for a database crash);
  pgterm  pg_terminate_backend of the daemon sessions caught in a statement or transaction,
          then of the others: connections lost mid-transaction with the server up.
A write whose answer is lost (connection gone, `unavailable`, `internal`) has an unknown
outcome: a registration is retried with the same request_key (or abandoned), a transition
guarded by its state is sent again (its `conflict` then says it was done), ticket.repair
(which a retry would repeat: it stays on_site) is abandoned. At the end, with the daemons
stopped, the database must hold every acknowledged change exactly once, nothing that was
never sent, every record with its events, no event twice, and every retried key's answer
must be its first one. Prints one summary line; exit status 1 on any violation.

Run by tests/chaos/chaos.sh, which makes the PostgreSQL cluster and cleans up.
"""
import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

UNKNOWN_CODES = {"unavailable", "internal"}   # the write may or may not have committed


class Lost(Exception):
    """The answer did not come: the connection broke or timed out."""


class Conn:
    """One protocol connection, logged in as a demo user."""

    def __init__(self, port, user, timeout):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.file = self.sock.makefile("rwb")
        self.next_id = 0
        ok, res = self.call("session.login", {"user": user, "password": "demo1234"})
        if not ok:
            self.close()
            raise Lost("login: %s" % res.get("code"))

    def call(self, op, args):
        self.next_id += 1
        line = json.dumps({"id": self.next_id, "op": op, "args": args}, ensure_ascii=False)
        try:
            self.file.write(line.encode() + b"\n")
            self.file.flush()
            while True:
                raw = self.file.readline()
                if not raw:
                    raise Lost("eof")
                msg = json.loads(raw)
                if msg.get("id") == self.next_id:
                    return (True, msg.get("result")) if msg.get("ok") else (False, msg.get("error") or {})
        except (OSError, ValueError) as e:
            raise Lost(str(e))

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Run:
    """What the workers did and saw, for the checker; shared under one lock."""

    def __init__(self, prefix):
        self.lock = threading.Lock()
        self.prefix = prefix
        self.keys = {}              # request_key -> dict(kind, status, no, answers, retried)
        self.ops = {}               # (record no, op) -> acked | unknown | confirmed
        self.oks = []               # (time, daemon port, is_write)
        self.violations = []
        self.counts = defaultdict(int)
        self.queues = {q: [] for q in ("dispatch", "tech", "visit", "classify", "advance")}

    def note_ok(self, port, write):
        with self.lock:
            self.oks.append((time.monotonic(), port, write))

    def push(self, q, item):
        with self.lock:
            self.queues[q].append(item)

    def pop(self, q, rng):
        with self.lock:
            items = self.queues[q]
            if not items:
                return None
            return items.pop(rng.randrange(len(items)))

    def violation(self, text):
        with self.lock:
            self.violations.append(text)


class Worker(threading.Thread):
    """One connection's loop: a role, a preferred daemon, a seeded generator."""

    def __init__(self, run, env, user, index, seed):
        super().__init__(daemon=True)
        self.run_, self.env, self.user, self.index = run, env, user, index
        self.rng = random.Random(seed)
        self.conn = None
        self.counter = 0

    # --- the connection
    def preferred(self):
        return self.env.ports[self.index % len(self.env.ports)]

    def connect(self):
        ports = [self.preferred()] + [p for p in self.env.ports if p != self.preferred()]
        while not self.env.stopping.is_set():
            for port in ports:
                try:
                    self.conn = Conn(port, self.user, self.env.timeout)
                    return True
                except (OSError, Lost):
                    pass
            time.sleep(0.05)
        return False

    def drop(self):
        if self.conn:
            self.conn.close()
        self.conn = None

    def back_home(self):
        """After the preferred daemon restarts, come back to it (to measure its recovery)."""
        if self.conn and self.conn.port != self.preferred():
            try:
                c = Conn(self.preferred(), self.user, self.env.timeout)
            except (OSError, Lost):
                return
            self.drop()
            self.conn = c

    def send(self, op, args, write=True):
        """One request: ('ok', result), ('error', error) or ('lost', None) when the outcome
        of a write is unknown (the connection is then dropped)."""
        if self.conn is None and not self.connect():
            return "stop", None
        port = self.conn.port
        try:
            ok, res = self.conn.call(op, args)
        except Lost:
            self.drop()
            return "lost", None
        if ok:
            self.run_.note_ok(port, write)
            return "ok", res
        if res.get("code") == "unauthenticated":   # the session ended under a live connection
            self.run_.violation("%s answered unauthenticated to %s, logged in" % (op, self.user))
            self.drop()
            return "lost", None
        if res.get("code") in UNKNOWN_CODES:
            if res.get("code") == "internal":
                self.run_.violation("%s answered internal: %s" % (op, res.get("message")))
            time.sleep(0.05)
            return "lost", None
        return "error", res

    def run(self):
        while not self.env.stopping.is_set():
            self.back_home()
            if not self.step():
                time.sleep(0.02)
        self.drop()

    # --- a state-guarded transition: resent after a lost answer; a conflict then says
    # the first one committed.
    def transition(self, no, op, args, tries=50):
        lost = False
        for _ in range(tries):
            status, res = self.send(op, args)
            if status == "stop":
                break
            if status == "ok":
                self.record(no, op, "acked")
                return res
            if status == "error":
                if lost and res.get("code") == "conflict":
                    self.record(no, op, "confirmed")
                    return None
                self.run_.violation("%s %s refused: %s %s" % (op, no, res.get("code"), res.get("message")))
                return None
            lost = True
        if lost:
            self.record(no, op, "unknown")
        return None

    def record(self, no, op, status):
        with self.run_.lock:
            self.run_.ops[(no, op)] = status
            self.run_.counts[status] += 1

    # --- registration with a request_key: retried with the same key, or abandoned
    def register(self, kind, op, args):
        run = self.run_
        key = "%s-%s-%d-%d" % (run.prefix, kind[0], self.index, self.counter)
        self.counter += 1
        args = dict(args, request_key=key)
        entry = {"kind": kind, "status": "unknown", "no": None, "answers": [], "retried": False}
        with run.lock:
            run.keys[key] = entry
        abandon = self.rng.random() < 0.2     # after a lost answer: else retried until answered
        while True:
            status, res = self.send(op, args)
            if status == "stop":
                return None
            if status == "ok":
                with run.lock:
                    entry["answers"].append(res["no"])
                    entry["no"] = entry["no"] or res["no"]
                    entry["status"] = "acked"
                    run.counts["acked"] += 1
                # Sometimes once more, on purpose: it must answer the same record.
                if self.rng.random() < 0.1:
                    status, again = self.send(op, args)
                    if status == "ok":
                        with run.lock:
                            entry["answers"].append(again["no"])
                            entry["retried"] = True
                return res
            if status == "error":
                self.run_.violation("%s %s refused: %s %s" % (op, key, res.get("code"), res.get("message")))
                entry["status"] = "refused"
                return None
            if abandon:                      # the outcome stays unknown
                with run.lock:
                    run.counts["abandoned"] += 1
                return None
            entry["retried"] = True

    def customer(self):
        n = (self.index * 1000000 + self.counter) % 100000000
        return {"name": "混沌测试", "phones": ["139%08d" % n], "region": "urban",
                "address": "人民路%d号" % (n % 1000)}


class Registrar(Worker):
    def step(self):
        bought = time.strftime("%Y-%m-%d", time.localtime(time.time() - 60 * 86400))   # class C
        res = self.register("ticket", "call.register", {
            "channel": "phone", "type": "B", "customer": self.customer(),
            "unit": {"model": "BCD-215", "serial": "CHAOS%d-%d" % (self.index, self.counter),
                     "purchase_date": bought},
            "fault": "冰箱不制冷"})
        if res:
            self.run_.push("dispatch", res["no"])
        return True


class Dispatcher(Worker):
    def step(self):
        no = self.run_.pop("dispatch", self.rng)
        if no is None:
            return False
        if self.transition(no, "ticket.dispatch", {"no": no, "technician": "technician"}) is not None \
                or self.run_.ops.get((no, "ticket.dispatch")) == "confirmed":
            self.run_.push("tech", no)
        return True


class Technician(Worker):
    def step(self):
        no = self.run_.pop("tech", self.rng)
        if no is None:
            return False
        if not self.done(self.transition(no, "ticket.arrive", {"no": no}), no, "ticket.arrive"):
            return True
        # A repair is not guarded by a state change: a lost answer abandons it.
        status, res = self.send("ticket.repair", {
            "no": no, "diagnosis": "压缩机不启动", "cause": "启动电容损坏",
            "actions": "更换启动电容", "labour_minutes": 30})
        self.record(no, "ticket.repair", {"ok": "acked", "lost": "unknown"}.get(status, "unknown"))
        if status == "error":
            self.run_.violation("ticket.repair %s refused: %s" % (no, res.get("message")))
        if self.done(self.transition(no, "ticket.complete", {"no": no, "signed_by": "张三"}),
                     no, "ticket.complete"):
            self.run_.push("visit", no)
        return True

    def done(self, res, no, op):
        return res is not None or self.run_.ops.get((no, op)) == "confirmed"


class Visitor(Worker):
    def step(self):
        no = self.run_.pop("visit", self.rng)
        if no is None:
            return False
        self.transition(no, "visit.record", {"no": no, "attitude": 1, "skill": 1,
                                             "punctuality": 1, "promise": 1, "score": 96})
        return True


class Quality(Worker):
    def step(self):
        no = self.run_.pop("advance", self.rng)
        if no is not None:
            self.transition(no, "complaint.advance", {"no": no, "stage": 1, "finding": "已查明"})
            return True
        no = self.run_.pop("classify", self.rng)
        if no is not None:
            res = self.transition(no, "complaint.classify",
                                  {"no": no, "severity": "minor", "category": "service"})
            if res is not None or self.run_.ops.get((no, "complaint.classify")) == "confirmed":
                self.run_.push("advance", no)
            return True
        res = self.register("complaint", "complaint.register", {
            "channel": "phone", "customer": self.customer(), "text": "上门迟到", "demand": "道歉"})
        if res:
            self.run_.push("classify", res["no"])
        return True


# --- the daemons and the cluster
class Env:
    def __init__(self, a):
        self.a = a
        self.ports = a.ports
        self.procs = [None] * len(self.ports)
        self.stopping = threading.Event()
        self.timeout = 20

    def as_pg(self, *cmd):
        pre = ["runuser", "-u", self.a.pg_user, "--"] if os.geteuid() == 0 else []
        return subprocess.run(pre + list(cmd), cwd="/", stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode

    def pg_ctl(self, *args):
        return self.as_pg(os.path.join(self.a.pg_bin, "pg_ctl"), "-D", self.a.pg_data, "-w", "-t", "120", "-s", *args)

    def psql(self, sql):
        out = subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-d", self.a.db, "-c", sql],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError("psql: " + out.stderr.strip())
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def log(self, i):
        return os.path.join(self.a.dir, "daemon%d-of-%d.log" % (i, len(self.ports)))

    def start_daemon(self, i):
        log = open(self.log(i), "ab")
        p = subprocess.Popen([self.a.svcdeskd, "serve", "--db", self.a.db, "--listen",
                              "127.0.0.1:%d" % self.ports[i], "--pool", "4",
                              "--log-level", "warn"], stdout=log, stderr=log)
        log.close()
        self.procs[i] = p
        with open(os.path.join(self.a.dir, "daemon%d.pid" % i), "w") as f:
            f.write(str(p.pid))
        return time.monotonic()

    def wait_listening(self, i, seconds=30):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", self.ports[i]), timeout=1).close()
                return True
            except OSError:
                if self.procs[i].poll() is not None:
                    return False
                time.sleep(0.02)
        return False

    def stop_daemons(self, run):
        """SIGTERM: each must stop with status 0 (an ASan build's leak check included),
        and no log may hold a sanitizer's report."""
        for p in self.procs:
            if p and p.poll() is None:
                p.terminate()
        for i, p in enumerate(self.procs):
            try:
                rc = p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = "none (still running after 30 s)"
            if rc != 0:
                run.violation("daemon %d stopped with status %s on SIGTERM" % (i, rc))
            with open(self.log(i), errors="replace") as f:
                bad = [line.strip() for line in f if "Sanitizer" in line or "runtime error" in line]
            if bad:
                run.violation("daemon %d's log: %s" % (i, bad[0]))


def first_ok_after(run, t0, port=None, write=False, seconds=60):
    """Seconds from t0 to the first answered request after it (through that daemon, a
    write when asked), or None when none came within the time."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with run.lock:
            hits = []
            i = len(run.oks)
            while i > 0 and run.oks[i - 1][0] >= t0:
                i -= 1
                t, p, w = run.oks[i]
                if (port is None or p == port) and (w or not write):
                    hits.append(t)
        if hits:
            return min(hits) - t0
        time.sleep(0.01)
    return None


# pgterm: waits (up to 2 s) for daemon sessions in the middle of a statement or a
# transaction, terminates those, then every other daemon session; answers how many were
# cut busy.
CUT_BUSY = """
CREATE FUNCTION pg_temp.cut_busy() RETURNS int LANGUAGE plpgsql AS $f$
DECLARE
    n int := 0;
    t0 timestamptz := clock_timestamp();
BEGIN
    LOOP
        PERFORM pg_stat_clear_snapshot();
        SELECT count(pg_terminate_backend(pid)) INTO n FROM pg_stat_activity
            WHERE application_name LIKE 'svcdeskd%' AND state IN ('active', 'idle in transaction');
        EXIT WHEN n > 0 OR clock_timestamp() - t0 > interval '2 s';
        PERFORM pg_sleep(0.001);
    END LOOP;
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'svcdeskd%';
    RETURN n;
END $f$;
SELECT pg_temp.cut_busy();
"""


def chaos(env, run, a, rng):
    """The fault loop: returns the recovery times, per kind."""
    listening = []
    rec = {"daemon": [], "pg": [], "term": [], "listening": listening}
    kinds = ["kill"] * 5 + ["pgstop"] * 3 + ["pgterm"] * 2
    for n in range(a.faults):
        time.sleep(rng.uniform(a.gap / 2, a.gap * 1.5))
        kind = rng.choice(kinds)
        if kind == "kill":
            i = rng.randrange(len(env.ports))
            env.procs[i].send_signal(signal.SIGKILL)
            env.procs[i].wait()
            time.sleep(rng.uniform(0, 0.3))
            t0 = env.start_daemon(i)
            if not env.wait_listening(i):
                run.violation("fault %d: daemon %d did not start again" % (n, i))
                return rec
            listening.append(time.monotonic() - t0)
            r = first_ok_after(run, t0, port=env.ports[i])
            rec["daemon"].append(r)
        elif kind == "pgstop":
            try:                     # a snapshot: how many sessions the crash is likely to cut busy
                run.counts["busy at pgstop"] += int(env.psql(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'svcdeskd%' "
                    "AND state <> 'idle'")[0][0])
            except RuntimeError:
                pass
            env.pg_ctl("stop", "-m", "immediate")
            time.sleep(rng.uniform(0, 1.0))
            if env.pg_ctl("-l", a.pg_log, "start") != 0:
                run.violation("fault %d: PostgreSQL did not start again" % n)
                return rec
            t0 = time.monotonic()
            rec["pg"].append(first_ok_after(run, t0, write=True))
        else:
            t0 = time.monotonic()
            try:
                busy = env.psql(CUT_BUSY)[0][0]
                run.counts["cut mid-transaction"] += int(busy)
            except RuntimeError as e:
                run.violation("fault %d: %s" % (n, e))
            rec["term"].append(first_ok_after(run, t0, write=True))
        for k, v in rec.items():
            if v and v[-1] is None:
                run.violation("fault %d (%s): no request succeeded within 60 s after it" % (n, kind))
                return rec
        if a.verbose:
            print("# fault %d: %s" % (n + 1, kind), flush=True)
    return rec


# --- the checker
def check(env, run):
    v = run.violation
    pre = run.prefix + "-%"
    tickets = {r[1]: r for r in env.psql(
        "SELECT no, request_key, state FROM tickets WHERE request_key LIKE '%s'" % pre)}
    complaints = {r[1]: r for r in env.psql(
        "SELECT no, request_key, state FROM complaints WHERE request_key LIKE '%s'" % pre)}
    stray = env.psql("SELECT (SELECT count(*) FROM tickets WHERE request_key IS NULL OR request_key NOT LIKE '%s'),"
                     " (SELECT count(*) FROM complaints WHERE origin = 'call' AND"
                     "  (request_key IS NULL OR request_key NOT LIKE '%s'))" % (pre, pre))[0]
    if stray != ["0", "0"]:
        v("records registered without one of the run's keys: tickets %s, complaints %s" % tuple(stray))
    lost = dup = 0
    for key, e in run.keys.items():
        rows = tickets if e["kind"] == "ticket" else complaints
        row = rows.get(key)
        if e["status"] == "acked":
            if row is None:
                lost += 1
                v("acknowledged %s %s (%s) is not in the database" % (e["kind"], e["no"], key))
            elif row[0] != e["no"]:
                v("key %s answered %s but the database has %s" % (key, e["no"], row[0]))
        if row is not None and e["status"] == "refused":
            v("refused key %s is in the database" % key)
        if len(set(e["answers"])) > 1:
            v("retried key %s got different answers: %s" % (key, e["answers"]))
    for key in list(tickets) + list(complaints):
        if key not in run.keys:
            v("key %s is in the database but was never sent" % key)
    # Customers: one new customer per registration, none left by a retry.
    custs = env.psql("SELECT count(*) FROM customers WHERE name = '混沌测试'")[0][0]
    if int(custs) != len(tickets) + len(complaints):
        dup += 1
        v("%s test customers for %d records: a registration wrote its customer twice or left one"
          % (custs, len(tickets) + len(complaints)))
    dup += check_events(env, run, "ticket_events", "ticket_no", tickets, {
        "ticket.dispatch": "dispatch", "ticket.arrive": "arrive", "ticket.repair": "repair",
        "ticket.complete": "complete", "visit.record": "visit"})
    dup += check_events(env, run, "complaint_events", "complaint_no", complaints, {
        "complaint.classify": "classify", "complaint.advance": "advance"})
    return lost, dup


def check_events(env, run, table, col, records, kinds):
    """Every record: one register event, each op's event once when acknowledged, at most
    once when unknown, never when not sent; the state is where its last event took it."""
    v = run.violation
    dup = 0
    counts = defaultdict(lambda: defaultdict(int))
    for no, kind, n in env.psql("SELECT %s, kind, count(*) FROM %s GROUP BY 1, 2" % (col, table)):
        counts[no][kind] = int(n)
    last = dict(env.psql("SELECT DISTINCT ON (%s) %s, to_state FROM %s WHERE to_state IS NOT NULL "
                         "ORDER BY %s, id DESC" % (col, col, table, col)))
    same = env.psql("SELECT count(*) FROM (SELECT 1 FROM %s GROUP BY %s, kind, actor, details, to_state "
                    "HAVING count(*) > 1 AND kind <> 'note') d" % (table, col))[0][0]
    if same != "0":
        dup += int(same)
        v("%s: %s events written twice (same record, kind, actor, details)" % (table, same))
    for key, row in records.items():
        no, state = row[0], row[2]
        c = counts.get(no, {})
        if c.get("register") != 1:
            dup += 1
            v("%s %s has %s register events" % (table, no, c.get("register", 0)))
        for op, kind in kinds.items():
            st = run.ops.get((no, op))
            n = c.get(kind, 0)
            want = {"acked": (1,), "confirmed": (1,), "unknown": (0, 1), None: (0,)}[st]
            if n not in want:
                if n > 1:
                    dup += 1
                v("%s %s: %d %s events, the op was %s" % (table, no, n, kind, st or "never sent"))
        if last.get(no) != state:
            v("%s %s is %s but its last event says %s" % (table, no, state, last.get(no)))
    return dup


def median(xs):
    xs = [x for x in xs if x is not None]
    return "%.2fs" % statistics.median(xs) if xs else "-"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--svcdeskd", required=True)
    p.add_argument("--ports", type=int, nargs="+", required=True)
    p.add_argument("--pg-bin", required=True)
    p.add_argument("--pg-data", required=True)
    p.add_argument("--pg-log", required=True)
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--faults", type=int, default=20)
    p.add_argument("--gap", type=float, default=1.5, help="mean seconds between faults")
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--registrars", type=int, default=4)
    p.add_argument("--verbose", action="store_true")
    a = p.parse_args()

    rng = random.Random(a.seed)
    run = Run("c%d-%d" % (a.seed, len(a.ports)))
    env = Env(a)
    try:
        for i in range(len(a.ports)):
            env.start_daemon(i)
            if not env.wait_listening(i):
                print("chaos: daemon %d did not start" % i)
                return 1
        roles = [(Registrar, "operator")] * a.registrars + [(Dispatcher, "dispatcher"), (Dispatcher, "dispatcher"),
                 (Technician, "technician"), (Technician, "technician"), (Technician, "technician"),
                 (Technician, "technician"), (Visitor, "operator"),
                 (Quality, "quality"), (Quality, "quality")]
        workers = [cls(run, env, user, i, rng.randrange(2**32)) for i, (cls, user) in enumerate(roles)]
        for w in workers:
            w.start()
        started = time.monotonic()
        rec = chaos(env, run, a, rng)
        time.sleep(2)              # some work after the last fault
        env.stopping.set()
        for w in workers:
            w.join(60)
        elapsed = time.monotonic() - started
        env.stop_daemons(run)       # nothing in flight while the checker reads
        lost, dup = check(env, run)
    finally:
        env.stopping.set()
        for p_ in env.procs:
            if p_ and p_.poll() is None:
                p_.kill()
                p_.wait()
    c = run.counts
    print("chaos: daemons %d, seed %d, faults %d (kill %d, pgstop %d, pgterm %d) in %.0fs, acknowledged %d "
          "(registrations %d, changes %d), confirmed by a conflict %d, keys retried %d, unknown %d, abandoned %d, lost %d, duplicated %d, "
          "violations %d, recovery medians: daemon restart -> first ok %s (listening %s), PostgreSQL ready -> "
          "first ok %s, backends terminated -> first ok %s"
          % (len(a.ports), a.seed, len(rec["daemon"]) + len(rec["pg"]) + len(rec["term"]), len(rec["daemon"]), len(rec["pg"]),
             len(rec["term"]), elapsed, c["acked"],
             sum(1 for e in run.keys.values() if e["status"] == "acked"),
             sum(1 for s in run.ops.values() if s == "acked"), c["confirmed"],
             sum(1 for e in run.keys.values() if e["retried"]), c["unknown"],
             c["abandoned"], lost, dup, len(run.violations), median(rec["daemon"]),
             median(rec["listening"]), median(rec["pg"]), median(rec["term"])))
    per_op = defaultdict(int)
    for (no, op), st in run.ops.items():
        per_op[op] += st in ("acked", "confirmed")
    print("# acknowledged per op: registrations %d tickets, %d complaints; %s; daemon sessions busy "
          "(in a statement or a transaction) when cut: %d by pgterm, about %d by pgstop" % (
              sum(1 for e in run.keys.values() if e["status"] == "acked" and e["kind"] == "ticket"),
              sum(1 for e in run.keys.values() if e["status"] == "acked" and e["kind"] == "complaint"),
              ", ".join("%s %d" % kv for kv in sorted(per_op.items())), run.counts["cut mid-transaction"],
              run.counts["busy at pgstop"]))
    for text in run.violations[:30]:
        print("# " + text)
    if not run.keys or not run.ops:
        print("# no work was done")
        return 1
    return 1 if run.violations else 0


if __name__ == "__main__":
    sys.exit(main())
