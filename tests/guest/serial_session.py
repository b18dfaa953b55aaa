#!/usr/bin/env python3
"""Type a Lucid input script's `when-serial PATTERN => TEXT` lines into another
machine's serial line (QEMU's -serial stdio), so that Lucid and QEMU run the
same scripted session. The rules are taken in order: TEXT is written once the
output since the previous rule matched shows PATTERN (plain text, with Lucid's
escapes \\n \\r \\t \\\\ \\xHH). Other script lines (`at ICOUNT ...`) are refused:
they have no meaning outside Lucid.

Usage: serial_session.py [-t] SCRIPT TIMEOUT LOG CMD... The machine's output goes
to LOG; the exit status is the machine's, or 124 if it ran past TIMEOUT seconds.
Before typing, it waits until the machine has printed nothing for 0.3 s. With
-t, the wall time at which each PATTERN was first read goes to stderr.
"""
import os
import re
import select
import subprocess
import sys
import time

# SERIAL_CHUNK=N types each TEXT in pieces of N bytes, each after the echo of
# the last has settled, as a person types; by default a TEXT goes at once,
# as a paste does.
CHUNK = int(os.environ.get("SERIAL_CHUNK", "0")) or 1 << 30


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
    args = sys.argv[1:]
    times = args[:1] == ['-t']
    if times:
        args = args[1:]
    if len(args) < 4:
        sys.exit("usage: serial_session.py [-t] SCRIPT TIMEOUT LOG CMD...")
    rules = rules_of(args[0])
    deadline = time.monotonic() + float(args[1])
    log = open(args[2], 'wb')
    p = subprocess.Popen(args[3:], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    seen = b''
    fd = p.stdout.fileno()
    start = time.monotonic()
    matched_at = None
    while time.monotonic() < deadline:
        # After a match, type only once the machine has been quiet for 0.3 s:
        # the shell has printed its whole prompt and waits for a line.
        r, _, _ = select.select([fd], [], [], 0.3)
        if r:
            data = os.read(fd, 65536)
            if not data:
                break
            log.write(data)
            log.flush()
            seen += data
            if rules and matched_at is None and rules[0][0] in seen:
                matched_at = time.monotonic() - start
                if times:
                    print("serial_session: %r at %.3f s" % (rules[0][0].decode('latin-1'),
                          matched_at), file=sys.stderr, flush=True)
            continue
        if rules and matched_at is not None:
            pattern, text = rules.pop(0)
            seen = seen[seen.index(pattern) + len(pattern):]
            for k in range(0, len(text), CHUNK):
                try:
                    p.stdin.write(text[k:k + CHUNK])
                    p.stdin.flush()
                except BrokenPipeError:
                    break
                if k + CHUNK < len(text):
                    while True:
                        r, _, _ = select.select([fd], [], [], 0.2)
                        if not r:
                            break
                        data = os.read(fd, 65536)
                        if not data:
                            break
                        log.write(data)
                        log.flush()
                        seen += data
            matched_at = None
            if rules and rules[0][0] in seen:
                matched_at = time.monotonic() - start
                if times:
                    print("serial_session: %r at %.3f s" % (rules[0][0].decode('latin-1'),
                          matched_at), file=sys.stderr, flush=True)
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
