#!/usr/bin/env python3
"""smtp_sink.py OUTDIR: a small SMTP server for the outbox's integration test
(tests/integration/test_notify.c), as a real mail server would take a message.

Listens on 127.0.0.1 on a free port and writes the port to OUTDIR/port (once
listening). Each message accepted is parsed as e-mail and written to
OUTDIR/msg-N (N from 1) as lines "from:", "rcpt:" (one per recipient),
"subject:", then a blank line and the body decoded to text (UTF-8). One
connection at a time, as the daemon's one delivery thread sends.
SMTP_SINK_DELAY (seconds, default 0): how long it takes each message, as a
slow mail server would (tests/cluster: two daemons' workers then overlap).
"""
import email
import email.policy
import os
import socket
import sys
import time


def serve(conn, out, count):
    f = conn.makefile("rwb")

    def say(line):
        f.write(line.encode() + b"\r\n")
        f.flush()

    say("220 sink ESMTP")
    sender, rcpts = "", []
    while True:
        line = f.readline()
        if not line:
            return count
        cmd = line.decode("utf-8", "replace").strip()
        up = cmd.upper()
        if up.startswith("EHLO"):
            f.write(b"250-sink\r\n250 8BITMIME\r\n")
            f.flush()
        elif up.startswith("HELO") or up in ("RSET", "NOOP"):
            say("250 ok")
        elif up.startswith("MAIL FROM:"):
            sender, rcpts = cmd[10:].strip().strip("<>"), []
            say("250 ok")
        elif up.startswith("RCPT TO:"):
            rcpts.append(cmd[8:].strip().strip("<>"))
            say("250 ok")
        elif up == "DATA":
            say("354 end with .")
            data = b""
            while True:
                chunk = f.readline()
                if chunk in (b".\r\n", b".\n", b""):
                    break
                data += chunk[1:] if chunk.startswith(b"..") else chunk
            msg = email.message_from_bytes(data, policy=email.policy.default)
            count += 1
            tmp = os.path.join(out, "tmp-%d" % count)
            with open(tmp, "w", encoding="utf-8") as w:
                w.write("from: %s\n" % sender)
                for r in rcpts:
                    w.write("rcpt: %s\n" % r)
                w.write("subject: %s\n\n" % msg["subject"])
                w.write(msg.get_content())
            os.rename(tmp, os.path.join(out, "msg-%d" % count))
            time.sleep(float(os.environ.get("SMTP_SINK_DELAY", "0")))
            say("250 queued")
        elif up == "QUIT":
            say("221 bye")
            return count
        else:
            say("502 not here")


def main():
    out = sys.argv[1]
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    with open(os.path.join(out, "port.tmp"), "w") as w:
        w.write(str(s.getsockname()[1]))
    os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
    count = 0
    while True:
        conn, _ = s.accept()
        try:
            count = serve(conn, out, count)
        finally:
            conn.close()


if __name__ == "__main__":
    main()
