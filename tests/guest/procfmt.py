#!/usr/bin/env python3
"""Compare the formats of /proc files dumped by proctests (procdump mode) on
Linux and on lucix: the same file must parse the same way and differ only in
values. Usage: procfmt.py LINUX.log LUCIX.log; prints one "ok NAME" or
"FAIL NAME: detail" line per check, for tests/groups/81-guest-proc.sh."""
import re
import sys


def sections(path):
    """{path: [lines]} from "==> PATH <==" .. "<== end" blocks, kernel log lines dropped."""
    out, cur = {}, None
    for raw in open(path, errors='replace'):
        line = raw.rstrip('\r\n')
        if re.match(r'^\[ *\d+\.\d+\] ', line):
            continue
        m = re.match(r'^==> (\S+) <==$', line)
        if m:
            cur = m.group(1)
            out[cur] = []
        elif line == '<== end':
            cur = None
        elif cur is not None:
            out[cur].append(line)
    return out


results = []


def check(name, cond, detail=''):
    results.append(('ok   ' if cond else 'FAIL ') + name + ('' if cond else ': ' + detail))


def keys(lines, sep=':'):
    return [l.split(sep, 1)[0].strip() for l in lines if sep in l]


def is_subsequence(small, big):
    it = iter(big)
    return all(k in it for k in small)


def all_match(lines, rx):
    bad = [l for l in lines if not re.match(rx, l)]
    return not bad, (bad[0] if bad else '')


def main():
    lin, luc = sections(sys.argv[1]), sections(sys.argv[2])
    g = lambda f: (lin.get(f, []), luc.get(f, []))

    # meminfo: Linux 6.1's keys in its order (the direct-map row is 4M without
    # PAE, 2M with), and every value ends in the same column.
    a, b = g('/proc/meminfo')
    ka = [k.replace('DirectMap4M', 'DirectMapBig') for k in keys(a)]
    kb = [k.replace('DirectMap2M', 'DirectMapBig').replace('DirectMap4M', 'DirectMapBig') for k in keys(b)]
    check('meminfo: the same fields in the same order', ka == kb and len(ka) > 40,
          'linux %d fields, lucix %d; first difference %s' % (len(ka), len(kb),
          next(((x, y) for x, y in zip(ka, kb) if x != y), None)))
    col = lambda lines: {l.split(':')[0]: re.search(r'\d( kB)?$', l).start() for l in lines
                         if re.search(r'\d( kB)?$', l)}
    ca, cb = col(a), col(b)
    off = [k for k in ca if k in cb and ca[k] != cb[k] and not k.startswith('DirectMap')]
    check('meminfo: values right-aligned in Linux\'s columns', not off, 'misaligned: %s' % off[:3])

    # /proc/PID/stat: 52 fields, the command in parentheses, a state letter
    for f in ('/proc/self/stat', '/proc/1/stat'):
        a, b = g(f)
        fa = a[0].split() if a else []
        fb = b[0].split() if b else []
        check('%s: 52 fields like Linux' % f, len(fa) == 52 and len(fb) == 52,
              'linux %d, lucix %d' % (len(fa), len(fb)))
        check('%s: pid (comm) state' % f, bool(b) and re.match(r'^\d+ \([^)]*\) [RSDZTtXI] ', b[0]),
              b[0][:40] if b else 'empty')

    # status: Linux's keys (lucix may leave none out), tab after the colon
    a, b = g('/proc/self/status')
    check('status: the same keys in the same order', keys(a) == keys(b),
          'missing %s, extra %s' % ([k for k in keys(a) if k not in keys(b)],
                                    [k for k in keys(b) if k not in keys(a)]))
    okk, bad = all_match(b, r'^[A-Za-z_]+:\t')
    check('status: "Key:<TAB>value" lines', okk, bad)
    va = [l for l in a if l.startswith('Vm')]
    vb = [l for l in b if l.startswith('Vm')]
    check('status: Vm* values as "%8lu kB"', all(re.match(r'^Vm\w+:\t[ \d]{8} kB$', l) for l in vb) and
          all(re.match(r'^Vm\w+:\t[ \d]{8} kB$', l) for l in va), str(vb[:2]))

    a, b = g('/proc/self/statm')
    check('statm: 7 numbers', bool(b) and len(b[0].split()) == 7 and len(a[0].split()) == 7, str(b))

    # maps: the columns, and names padded to Linux's column
    rx = r'^[0-9a-f]{8}-[0-9a-f]{8} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ (\s+\S.*)?$'
    a, b = g('/proc/self/maps')
    oka, bada = all_match(a, rx)
    okb, badb = all_match(b, rx)
    check('maps: every line in Linux\'s columns (both kernels)', oka and okb and len(b) > 3,
          'linux: %r lucix: %r' % (bada, badb))
    name_col = lambda lines: {l.index('['): 1 for l in lines if '[' in l}
    check('maps: names start in Linux\'s column', set(name_col(b)) == set(name_col(a)) and name_col(b),
          'linux %s, lucix %s' % (list(name_col(a)), list(name_col(b))))
    for n in ('[heap]', '[stack]', '[vdso]'):
        check('maps: %s named' % n, any(l.endswith(n) for l in b), 'no %s line' % n)

    # smaps: the same keys per mapping (Linux's order)
    a, b = g('/proc/self/smaps')
    per = lambda lines: [k for k in keys(lines) if not re.match(r'^[0-9a-f]{8}-', k)][:24]
    check('smaps: the same keys per mapping', per(a) == per(b), 'linux %s lucix %s' % (per(a)[:5], per(b)[:5]))

    a, b = g('/proc/self/limits')
    norm = lambda l: re.sub(r'\d+', 'N', l)
    check('limits: Linux\'s table', [norm(l) for l in a] == [norm(l) for l in b] or
          [l[:26] for l in a] == [l[:26] for l in b], 'first line %r' % (b[:1],))

    for f, rx in (('/proc/uptime', r'^\d+\.\d\d \d+\.\d\d$'),
                  ('/proc/loadavg', r'^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+$'),
                  ('/proc/version', r'^Linux version \S+ \(\S+\) \(.*\) #\d+ .+$'),
                  ('/proc/self/oom_score_adj', r'^-?\d+$'), ('/proc/self/oom_score', r'^\d+$'),
                  ('/proc/filesystems', r'^(nodev)?\t\S+$'),
                  ('/proc/mounts', r'^\S+ /\S* \S+ (rw|ro)(,\S+)? 0 0$'),
                  ('/proc/self/mountinfo', r'^\d+ \d+ \d+:\d+ / /\S* (rw|ro)\S* - \S+ \S+ \S+$'),
                  ('/proc/buddyinfo', r'^Node 0, zone +\w+( +\d+){11} $')):
        a, b = g(f)
        oka, bada = all_match(a, rx)
        okb, badb = all_match(b, rx)
        check('%s: lines parse alike' % f, oka and okb and b, 'linux %r lucix %r' % (bada, badb))

    a, b = g('/proc/stat')
    check('stat: Linux\'s rows in order', [l.split()[0] for l in a] == [l.split()[0] for l in b],
          str([l.split()[0] for l in b]))
    check('stat: 10 times per cpu row', all(len(l.split()) == 11 for l in b if l.startswith('cpu')) and
          all(len(l.split()) == 11 for l in a if l.startswith('cpu')), str(b[:2]))

    a, b = g('/proc/cpuinfo')
    ka, kb = keys(a), keys(b)
    check('cpuinfo: Linux\'s keys, in its order', is_subsequence(kb, ka) and len(kb) >= 20,
          'not in Linux order: %s' % kb)
    okb, badb = all_match([l for l in b if l], r'^[a-zA-Z0-9_ ]+\t+: ?.*$|^power management:$')
    check('cpuinfo: "key<TABs>: value" lines', okb, badb)

    a, b = g('/proc/interrupts')
    check('interrupts: the CPU0 header', a[:1] == b[:1], 'linux %r lucix %r' % (a[:1], b[:1]))
    rx = r'^ *\d+: +\d+ +\S+ +\d+-\S+ +\S.*$'
    oka, bada = all_match([l for l in a if re.match(r'^ *\d+:', l)], rx)
    okb, badb = all_match([l for l in b if re.match(r'^ *\d+:', l)], rx)
    check('interrupts: numbered rows alike', oka and okb, 'linux %r lucix %r' % (bada, badb))
    for row in ('NMI', 'ERR'):
        la = [norm(l) for l in a if l.startswith(row + ':')]
        lb = [norm(l) for l in b if l.startswith(row + ':')]
        ra = [re.sub(r' +', ' ', l) for l in la]
        rb = [re.sub(r' +', ' ', l) for l in lb]
        check('interrupts: %s row' % row, la == lb or (ra == rb and lb), 'linux %r lucix %r' % (la, lb))

    a, b = g('/proc/slabinfo')
    check('slabinfo: version 2.1 header lines', a[:2] == b[:2], 'lucix %r' % b[:2])
    rx = r'^\S+ +\d+ +\d+ +\d+ +\d+ +\d+ : tunables +\d+ +\d+ +\d+ : slabdata +\d+ +\d+ +\d+$'
    okb, badb = all_match(b[2:], rx)
    check('slabinfo: rows in Linux\'s columns', okb and len(b) > 5, badb)
    same_cols = lambda l: [m.end() for m in re.finditer(r'\d+', l)][:3]
    ra = [same_cols(l) for l in a[2:] if len(l.split()[0]) <= 17]
    rb = [same_cols(l) for l in b[2:] if len(l.split()[0]) <= 17]
    check('slabinfo: numbers end in the same columns', rb and set(map(tuple, rb)) <= set(map(tuple, ra)),
          'lucix %s linux %s' % (rb[:1], ra[:1]))

    a, b = g('/proc/zoneinfo')
    ka = [l.split()[0] for l in a if l.strip()]
    kb = [l.split()[0] for l in b if l.strip()]
    check('zoneinfo: rows are Linux\'s', all(k in ka for k in kb), str([k for k in kb if k not in ka]))
    a, b = g('/proc/vmstat')
    ka, kb = [l.split()[0] for l in a], [l.split()[0] for l in b]
    check('vmstat: counters Linux has, in its order', is_subsequence(kb, ka) and len(kb) > 10,
          str([k for k in kb if k not in ka]))
    # swaps: no swap on either side, so the header alone (its tabs included)
    a, b = g('/proc/swaps')
    check('swaps: Linux\'s header line', a[:1] == b[:1] and len(a) == 1, repr((a[:1], b[:1])))

    for r in results:
        print(r)


main()
