#!/usr/bin/env python3
"""tests/fuzz/seeds.py TRACE CORPUS: the seed corpora from an strace of the
integration tests (tests/fuzz/seeds.sh). Keeps every JSON line written on a
socket: requests (they carry "op") and replies and pushes (they carry "ok" or
"event"), a few of each shape (op and argument names; reply keys), and writes
one file per seed, named by its SHA-1, under CORPUS/<target>/ in each target's
input format (the comment at the top of tests/fuzz/fuzz_<target>.c), in place
of the seeds it wrote before (seeds named otherwise, written by hand, stay)."""
import hashlib
import json
import os
import re
import sys

STRING = re.compile(r'"((?:\\x[0-9a-f]{2})*)"')


def lines_written(trace):
    """Every complete line of each sendto and writev in the trace."""
    with open(trace, encoding="ascii", errors="replace") as f:
        for row in f:
            if not re.search(r"\b(sendto|writev)\(", row):
                continue
            data = b"".join(bytes.fromhex(s.replace("\\x", ""))
                            for s in STRING.findall(row))
            for line in data.split(b"\n")[:-1]:
                if line.startswith(b"{"):
                    yield line


def parse(line):
    try:
        msg = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return msg if isinstance(msg, dict) else None


def shape(obj):
    return tuple(sorted(obj)) if isinstance(obj, dict) else type(obj).__name__


def dumps(msg):
    return json.dumps(msg, ensure_ascii=False).encode() + b"\n"


def write(corpus, target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def main():
    trace, corpus = sys.argv[1], sys.argv[2]
    requests, answers, seen, op_order, logins = [], [], {}, None, {}
    for line in lines_written(trace):
        msg = parse(line)
        if msg is None:
            continue
        if isinstance(msg.get("op"), str):
            key = ("req", msg["op"], shape(msg.get("args")))
            per = 2
        elif "ok" in msg or "event" in msg:
            result = msg.get("result")
            if isinstance(result, dict) and isinstance(result.get("ops"), list):
                op_order = [o.get("name") for o in result["ops"]]
            if isinstance(result, dict) and "user" in result and "role" in result:
                logins.setdefault(result["role"], msg)
            err = msg.get("error") if isinstance(msg.get("error"), dict) else {}
            key = ("ans", msg.get("event"), msg.get("ok"), err.get("code"),
                   shape(result), shape(msg.get("data")))
            per = 2
        else:
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per:
            (requests if key[0] == "req" else answers).append((msg, line))
    if op_order is None:
        sys.exit("seeds.py: no op.list answer in the trace: cannot number the ops")
    for target in ("proto", "ops", "frame", "reply"):   # its own seeds, afresh
        d = os.path.join(corpus, target)
        for name in os.listdir(d) if os.path.isdir(d) else []:
            if re.fullmatch(r"[0-9a-f]{40}", name):
                os.unlink(os.path.join(d, name))
    ops_seen = set()
    for i, (msg, line) in enumerate(requests):
        if msg["op"] not in ops_seen:   # the envelope: one of each op
            ops_seen.add(msg["op"])
            write(corpus, "proto", bytes([0 if i % 3 else 1 + i % 64]) + line + b"\n")
        if msg["op"] in op_order and isinstance(msg.get("args"), dict):
            args = json.dumps(msg["args"], ensure_ascii=False).encode()
            write(corpus, "ops", msg["op"].encode() + b"\0\0" + args)
    for i in range(0, len(requests), 16):
        group = b"".join(line + b"\n" for _, line in requests[i:i + 16])
        write(corpus, "frame", bytes([i % 17, 255]) + group)
    roles = sorted(logins)
    for i, (msg, line) in enumerate(answers):
        piece = bytes([0 if i % 3 else 1 + i % 64])
        if not isinstance(msg.get("id"), int):
            write(corpus, "reply", piece + line + b"\n")
            continue
        # The ids fuzz_reply has asked with: its own (1..8), and after a
        # login answered ok, the first screen's of that role (9...).
        msg["id"] = 1 + i % 8
        write(corpus, "reply", piece + dumps(msg))
        if roles:
            login = dict(logins[roles[i % len(roles)]], id=2)
            msg["id"] = 9 + i % 8
            write(corpus, "reply", piece + dumps(login) + dumps(msg))
    print(f"seeds.py: {len(requests)} requests, {len(answers)} answers "
          f"from {sum(seen.values())} lines")


if __name__ == "__main__":
    main()
