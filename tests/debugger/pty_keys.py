#!/usr/bin/env python3
"""Type keys into a program on a pseudo-terminal and save what it shows.

usage: pty_keys.py OUTFILE PROGRAM ARGS...
The keys come from $KEYS (Python string escapes), in chunks split at "|",
with half a second of output read after each (the first once the prompt
"(lucid) " shows, within 20 s); the chunk "<INT>" sends SIGINT.
At the end the program gets SIGTERM if it is still running. For testing
the debugger's prompt (line editing, history, completion) as a user meets it.
"""
import os
import pty
import select
import signal
import sys
import time

out = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
buf = b''


def drain(seconds, until=None):
    global buf
    end = time.time() + seconds
    while time.time() < end and not (until and until in buf):
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            buf += data


drain(20, b'(lucid) ')
for chunk in os.environ['KEYS'].encode().decode('unicode_escape').split('|'):
    if chunk == '<INT>':
        os.kill(pid, signal.SIGINT)
    else:
        os.write(fd, chunk.encode('latin-1'))
    drain(0.5)
drain(0.5)
try:
    os.kill(pid, signal.SIGTERM)
except ProcessLookupError:
    pass
drain(1)
os.waitpid(pid, 0)
with open(out, 'wb') as f:
    f.write(buf.replace(b'\r', b''))
