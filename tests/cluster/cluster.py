#!/usr/bin/env python3
"""tests/cluster/cluster.py: the clients' side of tests/cluster/cluster.sh.

Every client connects through HAProxy; the admin socket's per-server session
counts say which daemon each connection reached. Proves, from the answers,
the pushes and the database:
  1. round robin spreads the clients over both daemons;
  2. a registration or a dispatch on one daemon reaches the subscribers of
     both, each push exactly once;
  3. the reports of both daemons read the replica (replay paused there: a
     ticket registered since is counted by the primary only);
  4. the overdue sweep runs once: each ticket marked and its event written
     once, the daemons' logged marks add up to the tickets, every
     dispatcher hears one sla.breach per ticket;
  5. the outbox goes out once: each message in one sink of the two, one
     attempt each, both workers busy at once (a slow sink);
  6. the daemons read the PROXY header HAProxy sends: the audit log has each
     client's own address, not HAProxy's; a header written by hand names
     the address; a connection without one is closed, one silent too (5 s);
  7. daemon A killed (SIGKILL) with a registration committed but its answer
     not read: HAProxy marks A down, A's clients reconnect through it to B,
     resume their sessions, the retried request_key gives the same ticket,
     new work goes on, B's clients never noticed; nothing acknowledged lost.
Output is TAP-like ("ok - cluster: ..."); exit status 1 on any failure.
"""
import argparse
import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

failed = 0
RUN = "%d" % os.getpid()


def report(good, what, detail=""):
    global failed
    print(("ok" if good else "not ok") + " - cluster: " + what, flush=True)
    if not good:
        failed += 1
        for line in str(detail).splitlines()[:20]:
            print("#   " + line, flush=True)
    return good


def bail(what, detail=""):
    report(False, what, detail)
    sys.exit(1)


def until(seconds, pred):
    end = time.monotonic() + seconds
    while True:
        v = pred()
        if v or time.monotonic() > end:
            return v
        time.sleep(0.1)


class Sql:
    def __init__(self, conninfo):
        self.conninfo = conninfo

    def value(self, sql):
        r = subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", self.conninfo,
                            "-c", sql], capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip())
        return r.stdout.strip()


class HAProxy:
    """The admin socket: each server's status and sessions so far."""

    def __init__(self, port, admin):
        self.port, self.admin = port, admin

    def servers(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.admin)
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        s.close()
        rows = csv.DictReader(io.StringIO(data.decode().lstrip("# ")))
        return {r["svname"]: (r["status"], int(r["stot"])) for r in rows
                if r["pxname"] == "daemons" and r["svname"] in ("a", "b")}


class Client:
    """One connection through HAProxy: answers by id, pushes kept in order."""

    def __init__(self, haproxy, name):
        self.name, self.haproxy = name, haproxy
        self.connect()

    def connect(self):
        before = self.haproxy.servers()
        self.s = socket.create_connection(("127.0.0.1", self.haproxy.port), timeout=15)
        self.buf, self.next_id, self.pushes = b"", 1, []
        self.call("ping")   # HAProxy has reached a daemon: which one?
        after = self.haproxy.servers()
        moved = [n for n in after if after[n][1] > before[n][1]]
        self.daemon = moved[0] if len(moved) == 1 else "?"

    def send(self, op, args=None):
        i = self.next_id
        self.next_id += 1
        line = json.dumps({"id": i, "op": op, "args": args or {}}, ensure_ascii=False)
        self.s.sendall(line.encode() + b"\n")
        return i

    def read(self, timeout=15):
        """The next message; socket.timeout when none came in time."""
        self.s.settimeout(timeout)
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise ConnectionError(self.name + ": connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, op, args=None):
        i = self.send(op, args)
        while True:
            m = self.read()
            if m.get("id") == i:
                return m
            if "event" in m:
                self.pushes.append(m)

    def ok(self, op, args=None):
        m = self.call(op, args)
        if not m.get("ok"):
            raise RuntimeError("%s %s: %s" % (self.name, op, m.get("error")))
        return m["result"]

    def login(self, user):
        r = self.ok("session.login", {"user": user, "password": "demo1234"})
        self.user, self.token = user, r.get("resume_token")
        return r

    def resume(self):
        r = self.ok("session.resume", {"token": self.token})
        self.token = r.get("resume_token")
        return r

    def gather(self, seconds):
        """Reads pushes for a while (a ping at the end: all before it are in)."""
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                m = self.read(max(0.01, end - time.monotonic()))
                if "event" in m:
                    self.pushes.append(m)
        except (socket.timeout, TimeoutError):
            pass
        self.call("ping")

    def heard(self, event, **match):
        return [p for p in self.pushes if p["event"] == event and
                all(p["data"].get(k) == v for k, v in match.items())]

    def wait_heard(self, seconds, event, **match):
        end = time.monotonic() + seconds
        while not self.heard(event, **match) and time.monotonic() < end:
            self.gather(0.2)
        return self.heard(event, **match)


def registration(key):
    """A repair call for a new customer; key (a number) makes it unique."""
    return {"request_key": "cluster-%s-%s" % (RUN, key), "channel": "phone", "type": "B",
            "customer": {"name": "王芳", "phones": ["139%08d" % int(key)],
                         "region": "urban", "address": "人民路8号"},
            "unit": {"model": "BCD-215", "serial": "CLUS%04d" % int(key), "purchase_date": "2025-09-01"},
            "fault": "不制冷"}


def register(client, key):
    return client.ok("call.register", registration(key))["no"]


def step_spread(hp):
    """Six clients, round robin: three on each daemon."""
    clients = [Client(hp, "c%d" % i) for i in range(6)]
    on = {"a": [c for c in clients if c.daemon == "a"],
          "b": [c for c in clients if c.daemon == "b"]}
    if not report(len(on["a"]) == 3 and len(on["b"]) == 3,
                  "HAProxy spreads six clients over both daemons (3 and 3)",
                  [c.daemon for c in clients]):
        sys.exit(1)
    roles = {}
    for d in ("a", "b"):
        for c, user in zip(on[d], ("operator", "dispatcher", "manager")):
            c.name = "%s@%s" % (user, d)
            c.login(user)
            roles[(user, d)] = c
    for d in ("a", "b"):
        roles[("dispatcher", d)].ok("subscribe", {"topics": ["tickets", "sla"]})
        roles[("operator", d)].ok("subscribe", {"topics": ["tickets"]})
    return roles


def step_pushes(c):
    t1 = register(c["operator", "a"], "1")
    t2 = register(c["operator", "b"], "2")
    for no, d in ((t1, "a"), (t2, "b")):
        for other in ("a", "b"):
            got = c["dispatcher", other].wait_heard(5, "ticket.changed", no=no, state="new")
            report(len(got) >= 1, "a ticket registered on daemon %s is pushed to the "
                   "dispatcher on daemon %s" % (d, other))
    c["dispatcher", "b"].ok("ticket.dispatch", {"no": t1, "technician": "technician"})
    got = c["operator", "a"].wait_heard(5, "ticket.changed", no=t1, state="dispatched")
    report(len(got) >= 1, "a dispatch on daemon b is pushed to the operator on daemon a")
    for who in c.values():
        who.gather(0.5)
    counts = ["%s: %d %d %d" % (who.name, len(who.heard("ticket.changed", no=t1, state="new")),
                                len(who.heard("ticket.changed", no=t2, state="new")),
                                len(who.heard("ticket.changed", no=t1, state="dispatched")))
              for who in c.values() if who.user != "manager"]
    report(all(x.endswith(": 1 1 1") for x in counts),
           "each subscriber hears each change exactly once, whichever daemon made it",
           "\n".join(counts))
    return [t1, t2]


def kpi_registered(client):
    r = client.ok("report.kpi", {"from": "2000-01-01", "to": "2100-12-31"})
    return r["tickets"]["registered"]


def step_reports(c, db, replica, tickets):
    n = len(tickets)
    if not until(20, lambda: replica.value("SELECT count(*) FROM tickets") == str(n)):
        bail("the replica did not replay the tickets")
    replica.value("SELECT pg_wal_replay_pause()")
    until(20, lambda: replica.value("SELECT pg_get_wal_replay_pause_state()") == "paused")
    tickets.append(register(c["operator", "a"], "3"))
    report(db.value("SELECT count(*) FROM tickets") == str(n + 1),
           "the primary has the ticket registered while the replica's replay is paused")
    for d in ("a", "b"):
        got = kpi_registered(c["manager", d])
        report(got == n, "report.kpi on daemon %s reads the replica (%d tickets, not %d)"
               % (d, n, n + 1), "got %s" % got)
    replica.value("SELECT pg_wal_replay_resume()")


def logged_marks(daemons):
    total = {}
    for d in daemons:
        with open(d["log"], encoding="utf-8", errors="replace") as f:
            total[d["name"]] = sum(int(m) for m in
                                   re.findall(r"sweep: (\d+) tickets newly overdue", f.read()))
    return total


def step_sweep(c, db, daemons, tickets):
    for i in range(4, 7):
        tickets.append(register(c["operator", "ab"[i % 2]], str(i)))
    nos = ",".join("'%s'" % t for t in tickets)
    db.value("UPDATE tickets SET arrival_due = now() - interval '1 minute' WHERE no IN (%s)" % nos)
    done = until(10, lambda: db.value(
        "SELECT count(*) FROM tickets WHERE overdue AND no IN (%s)" % nos) == str(len(tickets)))
    report(bool(done), "the sweep marks the %d tickets overdue" % len(tickets))
    time.sleep(2.5)   # more sweeps by both daemons: none may mark again
    events = db.value("SELECT string_agg(n::text, ',') FROM (SELECT count(*) AS n FROM"
                      " ticket_events WHERE kind = 'overdue' AND ticket_no IN (%s)"
                      " GROUP BY ticket_no) e" % nos)
    report(events == ",".join(["1"] * len(tickets)),
           "one overdue event per ticket, not one per daemon", "per ticket: %s" % events)
    marks = logged_marks(daemons)
    report(sum(marks.values()) == len(tickets),
           "the daemons' logged marks add up to the %d tickets (a: %d, b: %d)"
           % (len(tickets), marks["a"], marks["b"]))
    for d in ("a", "b"):
        who = c["dispatcher", d]
        who.gather(0.3)
        got = sorted(p["data"]["no"] for p in who.heard("sla.breach"))
        report(got == sorted(tickets), "the dispatcher on daemon %s hears one sla.breach "
               "per ticket" % d, "heard %s" % got)


def sink_messages(daemons):
    msgs = []
    for d in daemons:
        for f in sorted(os.listdir(d["sink"])):
            if f.startswith("msg-"):
                with open(os.path.join(d["sink"], f), encoding="utf-8") as r:
                    rcpt = re.search(r"^rcpt: (.*)$", r.read(), re.M)
                msgs.append((d["name"], rcpt.group(1) if rcpt else "?"))
    return msgs


def step_outbox(db, daemons):
    n = 30
    db.value("INSERT INTO notifications (kind, channel, recipient, text)"
             " SELECT 'appointment', 'email', 'c' || i || '@example.com',"
             " '您的预约 ' || i FROM generate_series(1, %d) i" % n)
    sent = until(20, lambda: db.value(
        "SELECT count(*) FROM notifications WHERE state = 'sent'") == str(n))
    report(bool(sent), "both outbox workers deliver the %d messages" % n)
    time.sleep(1.5)   # another pass of both workers: nothing goes twice
    attempts = db.value("SELECT string_agg(DISTINCT attempts::text, ',') FROM notifications")
    report(attempts == "1", "each message was tried once", "attempts: %s" % attempts)
    msgs = sink_messages(daemons)
    rcpts = sorted(r for _, r in msgs)
    want = sorted("c%d@example.com" % i for i in range(1, n + 1))
    by = {d: sum(1 for x, _ in msgs if x == d) for d in ("a", "b")}
    report(rcpts == want, "each message reached the sinks once (%d by a, %d by b)"
           % (by["a"], by["b"]), "received: %s" % rcpts)
    report(by["a"] > 0 and by["b"] > 0, "both workers took messages at once (SKIP LOCKED)",
           by)


def own_addresses(clients):
    return sorted("127.0.0.1:%d" % c.s.getsockname()[1] for c in clients)


def direct(daemon):
    """A connection to a daemon itself, not through HAProxy."""
    return socket.create_connection(("127.0.0.1", daemon["port"]), timeout=10)


def closed_unanswered(s):
    try:
        return s.recv(4096) == b""
    except ConnectionResetError:
        return True


def step_proxy(c, db, daemons):
    got = db.value("SELECT string_agg(address, ' ' ORDER BY address) FROM audit_log"
                   " WHERE action = 'session.login'").split()
    report(got == own_addresses(c.values()), "the audit log has each client's own address "
           "(the PROXY header), not HAProxy's", "audit %s, clients %s"
           % (got, own_addresses(c.values())))
    b = daemons[1]
    s = direct(b)
    s.sendall(b"PROXY TCP4 192.0.2.7 ")   # in two pieces, a request right after it
    time.sleep(0.2)
    s.sendall(b"127.0.0.1 40007 %d\r\n" % b["port"] + json.dumps(
        {"id": 1, "op": "session.login", "args": {"user": "quality", "password": "demo1234"}}
    ).encode() + b"\n")
    answer = s.makefile("rb").readline()
    s.close()
    addr = db.value("SELECT address FROM audit_log WHERE action = 'session.login'"
                    " AND actor = 'quality'")
    report(b'"ok":true' in answer and addr == "192.0.2.7:40007",
           "a PROXY header in two pieces, a login right after it: the login has its address",
           "answer %r, audit %s" % (answer, addr))
    s = direct(b)
    s.sendall(b'{"id":1,"op":"ping"}\n')
    report(closed_unanswered(s), "a connection that does not begin with a PROXY header is "
           "closed unanswered")
    s.close()


def step_failover(c, hp, db, daemons, tickets):
    a = next(d for d in daemons if d["name"] == "a")
    op = c["operator", "a"]
    acked = register(op, "7")
    tickets.append(acked)
    key = "cluster-%s-8" % RUN
    op.send("call.register", registration(8))
    committed = until(10, lambda: db.value(
        "SELECT no FROM tickets WHERE request_key = '%s'" % key))
    if not committed:
        bail("the registration in flight did not commit")
    os.kill(a["pid"], signal.SIGKILL)   # its answer unread: lost with the daemon
    down = until(5, lambda: hp.servers()["a"][0].startswith("DOWN"))
    report(bool(down), "HAProxy marks the killed daemon down", hp.servers())

    for who in (c["operator", "a"], c["dispatcher", "a"], c["manager", "a"]):
        try:
            while True:
                who.read()   # what A had sent, then the end of the connection
        except (ConnectionError, OSError, ValueError):
            pass
        who.s.close()
        who.connect()
        who.resume()
    report(all(c[u, "a"].daemon == "b" for u in ("operator", "dispatcher", "manager")),
           "daemon a's clients reconnect through HAProxy to daemon b and resume their sessions",
           [c[u, "a"].daemon for u in ("operator", "dispatcher", "manager")])
    c["dispatcher", "a"].ok("subscribe", {"topics": ["tickets", "sla"]})
    again = register(op, "8")
    report(again == committed, "the retried request_key gives the same ticket (%s)" % again,
           "got %s, committed %s" % (again, committed))
    tickets.append(again)
    after = register(op, "9")
    tickets.append(after)
    for d in ("a", "b"):
        got = c["dispatcher", d].wait_heard(5, "ticket.changed", no=after, state="new")
        report(len(got) == 1, "a new registration after the failover is pushed to the "
               "dispatcher first on daemon %s" % d)
    report(all(c[u, "b"].call("ping").get("ok") for u in ("operator", "dispatcher", "manager")),
           "daemon b's clients kept their connections")
    keys = db.value("SELECT count(*) || ' ' || count(DISTINCT request_key) FROM tickets"
                    " WHERE request_key LIKE 'cluster-%s-%%'" % RUN)
    have = db.value("SELECT count(*) FROM tickets WHERE no IN (%s)"
                    % ",".join("'%s'" % t for t in tickets))
    report(keys == "9 9" and have == str(len(set(tickets))),
           "nothing lost, nothing twice: nine request keys, nine tickets, each answered one "
           "in the database", "tickets/keys %s, answered found %s of %d"
           % (keys, have, len(set(tickets))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--haproxy", type=int, required=True)
    ap.add_argument("--admin", required=True)
    ap.add_argument("--daemon", action="append", required=True,
                    help="NAME:PID:PORT:LOG:SINKDIR")
    ap.add_argument("--db", required=True)
    ap.add_argument("--replica", required=True)
    o = ap.parse_args()
    daemons = []
    for spec in o.daemon:
        name, pid, port, log, sink = spec.split(":", 4)
        daemons.append({"name": name, "pid": int(pid), "port": int(port), "log": log,
                        "sink": sink})
    hp, db, replica = HAProxy(o.haproxy, o.admin), Sql(o.db), Sql(o.replica)
    if not until(10, lambda: all(s.startswith("UP") for s, _ in hp.servers().values())):
        bail("HAProxy does not see both daemons up", hp.servers())
    report(True, "HAProxy's health checks (a ping) see both daemons up")
    silent = direct(daemons[0])   # sends nothing: closed after 5 s
    c = step_spread(hp)
    step_proxy(c, db, daemons)
    tickets = step_pushes(c)
    step_reports(c, db, replica, tickets)
    step_sweep(c, db, daemons, tickets)
    step_outbox(db, daemons)
    report(closed_unanswered(silent), "a connection silent for 5 s is closed (no PROXY header)")
    step_failover(c, hp, db, daemons, tickets)
    print("# cluster.py: %d failed" % failed, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
