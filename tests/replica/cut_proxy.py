#!/usr/bin/env python3
"""tests/replica/cut_proxy.py PORTFILE TARGET_PORT FLAG: a TCP proxy on a
free port of 127.0.0.1 (written to PORTFILE once it listens: a port picked
beforehand may be taken meanwhile, if only as the local end of an outgoing
connection) to 127.0.0.1:TARGET_PORT for the daemon's report pool. While
the file FLAG exists, a connection whose client sends anything (a query on a
session that is already up) is cut, both ends, before it goes on: the
replica lost under a running request, as when it crashes mid-report."""
import os
import socket
import sys
import threading

portfile, target, flag = sys.argv[1], int(sys.argv[2]), sys.argv[3]


def close(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def pump(src, dst, cut_on_flag):
    try:
        while True:
            data = src.recv(65536)
            if not data or (cut_on_flag and os.path.exists(flag)):
                break
            dst.sendall(data)
    except OSError:
        pass
    close(src, dst)


def serve(client):
    try:
        server = socket.create_connection(("127.0.0.1", target), timeout=5)
        server.settimeout(None)
    except OSError:
        close(client)
        return
    threading.Thread(target=pump, args=(client, server, True), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, False), daemon=True).start()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write("%d\n" % listener.getsockname()[1])
os.rename(portfile + ".tmp", portfile)
while True:
    conn, _ = listener.accept()
    serve(conn)
