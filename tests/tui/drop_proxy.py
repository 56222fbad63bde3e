# tests/tui/drop_proxy.py: a proxy between a TUI test's client and its
# daemon that loses one answer. Usage: drop_proxy.py PORT DAEMON-PORT FLAG OP.
# While the file FLAG exists, the next request of OP (such as call.register)
# is passed on to the daemon, then the connection is cut before the answer
# comes back (FLAG is removed): the client must send it again, and the
# request_key must keep the daemon from registering it twice.
import os, socket, sys, threading, time
port, daemon, flag, op = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
needle = ('"%s"' % op).encode()

def shut(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

def up(c, d, state):
    """Client to daemon, line by line; a request of op while the flag file
    is there is passed on, then nothing more comes back and both ends close."""
    buf = b""
    try:
        while True:
            data = c.recv(65536)
            if not data:
                break
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if needle in line and os.path.exists(flag):
                    os.unlink(flag)
                    state["cut"] = True
                    d.sendall(line + b"\n")
                    time.sleep(1.5)      # the daemon commits and answers: dropped
                    shut(c, d)
                    return
                d.sendall(line + b"\n")
    except OSError:
        pass
    shut(c, d)

def down(c, d, state):
    try:
        while True:
            data = d.recv(65536)
            if not data:
                break
            if not state["cut"]:
                c.sendall(data)
    except OSError:
        pass
    shut(c, d)

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(8)
while True:
    c, _ = srv.accept()
    d = socket.create_connection(("127.0.0.1", daemon))
    state = {"cut": False}
    threading.Thread(target=up, args=(c, d, state), daemon=True).start()
    threading.Thread(target=down, args=(c, d, state), daemon=True).start()
