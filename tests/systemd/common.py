"""tests/systemd/common.py: what notify.py and journal.py share: TAP-style
checks, a free port, waiting for a port, and the record of each daemon's pid
(daemons.pids in the test's directory) that notify.sh's trap ends should the
driver itself be killed."""
import os
import socket
import subprocess
import time

failed = 0


def check(prefix, ok, name, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + prefix + ": " + name)
    if not ok:
        failed += 1
        if detail:
            print("#   " + detail[:2000])


FREE_PORT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                                         "free-port"))   # at import, whatever the cwd later


def free_port():
    """A port below the ephemeral range (why: scripts/free-port)."""
    return int(subprocess.run([FREE_PORT], check=True, capture_output=True,
                              text=True).stdout)


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_listening(port, proc, seconds=30, idle=lambda: time.sleep(0.1)):
    end = time.monotonic() + seconds
    while not listening(port) and proc.poll() is None and time.monotonic() < end:
        idle()


def record_pid(tmp, pid):
    with open(os.path.join(tmp, "daemons.pids"), "a") as f:
        f.write("%d\n" % pid)
