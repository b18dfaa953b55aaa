#!/usr/bin/env python3
"""Run an emulator until its serial output (stdout) shows PATTERN, then stop it
and print the wall time to the pattern and the guest instructions run to it.

Usage: milestone.py PATTERN TIMEOUT LOG lucid|qemu|qemu-rr CMD...

- lucid: CMD is build/lucid with -stats; at the pattern it gets SIGTERM and
  its -stats line gives the instructions (counted up to where the signal
  stopped it: the pattern's 10 ms output slice and the reader's latency late).
- qemu: wall time only (TCG as people run it; it counts no instructions).
- qemu-rr: CMD runs under -icount shift=0,rr=record with -qmp unix:SOCK (SOCK
  is taken from the command line); at the pattern QMP's query-replay gives the
  instruction count, then quit. Record mode is slower: no wall time.
A guest that exits by itself (isa-debug-exit) right after the pattern ends the
run too; then lucid's -stats line is still read, and qemu-rr has no count.

Prints one line: `wall SECONDS instructions N` (`-` for what is unknown), or
`timeout` / `exited STATUS before the pattern`, with the exit status 1.
PATTERN takes \\xHH escapes (an ESC is \\x1b)."""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time


def qmp_icount(path):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(path)
    f = s.makefile('rw')
    f.readline()
    for cmd in ('qmp_capabilities', 'query-replay'):
        f.write(json.dumps({'execute': cmd}) + '\n')
        f.flush()
        while True:
            r = json.loads(f.readline())
            if 'return' in r or 'error' in r:
                break
    n = r.get('return', {}).get('icount')
    f.write(json.dumps({'execute': 'quit'}) + '\n')
    f.flush()
    return n


def main():
    pattern = re.sub(rb'\\x([0-9a-fA-F]{2})', lambda m: bytes([int(m.group(1), 16)]),
                     sys.argv[1].encode('latin-1'))
    timeout, log, kind, cmd = float(sys.argv[2]), open(sys.argv[3], 'wb'), sys.argv[4], sys.argv[5:]
    sock = None
    if kind == 'qemu-rr':
        for a in cmd:
            m = re.match(r'unix:([^,]+)', a)
            if m:
                sock = m.group(1)
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    fd, seen, wall = p.stdout.fileno(), b'', None
    while time.monotonic() - start < timeout:
        r, _, _ = select.select([fd], [], [], 0.1)
        if not r:
            if p.poll() is not None:
                break
            continue
        data = os.read(fd, 65536)
        if not data:
            break
        log.write(data)
        seen = seen[-4096:] + data
        if pattern in seen:
            wall = time.monotonic() - start
            break
    icount = None
    if wall is not None and kind == 'qemu-rr' and sock:
        try:
            icount = qmp_icount(sock)
        except (OSError, ValueError):
            pass
    if p.poll() is None:
        if kind != 'qemu-rr' or icount is None:
            p.send_signal(signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    log.write(err)
    if wall is None:
        print('timeout' if p.returncode is None or time.monotonic() - start >= timeout
              else 'exited %d before the pattern' % p.returncode)
        sys.exit(1)
    if kind == 'lucid':
        m = re.search(rb'lucid: (\d+) instructions executed', err)
        icount = int(m.group(1)) if m else None
    print('wall %s instructions %s' % ('-' if kind == 'qemu-rr' else '%.3f' % wall,
                                       '-' if icount is None else icount))


if __name__ == '__main__':
    main()
