#!/usr/bin/env python3
"""Type a Lucid input script's `when-serial PATTERN => TEXT` lines into another
machine's serial line (QEMU's -serial stdio), so that Lucid and QEMU run the
same scripted session. The rules are taken in order: TEXT is written once the
output since the previous rule matched shows PATTERN (plain text, with Lucid's
escapes \\n \\r \\t \\\\ \\xHH). Other script lines (`at ICOUNT ...`) are refused:
they have no meaning outside Lucid.

Usage: serial_session.py SCRIPT TIMEOUT LOG CMD... The machine's output goes to
LOG; the exit status is the machine's, or 124 if it ran past TIMEOUT seconds.
"""
import os
import re
import select
import subprocess
import sys
import time


def unescape(s):
    return re.sub(r'\\(x[0-9a-fA-F]{2}|.)', lambda m: {
        'n': '\n', 'r': '\r', 't': '\t', '\\': '\\'}.get(m.group(1), None) or
        chr(int(m.group(1)[1:], 16)), s).encode('latin-1')


def rules_of(path):
    rules = []
    for n, line in enumerate(open(path), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        m = re.match(r'when-serial (.*?) => (.*)$', line)
        if not m:
            sys.exit(f"{path}:{n}: only 'when-serial PATTERN => TEXT' lines can be typed here")
        rules.append((unescape(m.group(1)), unescape(m.group(2))))
    return rules


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: serial_session.py SCRIPT TIMEOUT LOG CMD...")
    rules = rules_of(sys.argv[1])
    deadline = time.monotonic() + float(sys.argv[2])
    log = open(sys.argv[3], 'wb')
    p = subprocess.Popen(sys.argv[4:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    seen = b''
    fd = p.stdout.fileno()
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            data = os.read(fd, 65536)
            if not data:
                break
            log.write(data)
            log.flush()
            seen += data
        while rules and rules[0][0] in seen:
            seen = seen[seen.index(rules[0][0]) + len(rules[0][0]):]
            try:
                p.stdin.write(rules[0][1])
                p.stdin.flush()
            except BrokenPipeError:
                pass
            rules.pop(0)
    try:
        st = p.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        st = 124
    log.close()
    sys.exit(st if st >= 0 else 128 - st)


if __name__ == '__main__':
    main()
