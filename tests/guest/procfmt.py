#!/usr/bin/env python3
"""Compare the formats of /proc files dumped by proctests (procdump mode) on
Linux and on lucix: the same file must parse the same way and differ only in
values. Usage: procfmt.py [--set 2] LINUX.log LUCIX.log; prints one "ok NAME"
or "FAIL NAME: detail" line per check, for tests/groups/81-guest-proc.sh
(set 1, the default) and, with --set 2, for proc2tests's procdump2 dump
(tests/groups/92-guest-proc2.sh: softirqs, iomem, ioports, diskstats,
devices, timer_list, kcore, kmsg, wchan, sched and /sys)."""
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
    args = sys.argv[1:]
    if args[:2] == ['--set', '2']:
        set2(sections(args[2]), sections(args[3]))
        for r in results:
            print(r)
        return
    lin, luc = sections(args[0]), sections(args[1])
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
    # pagetypeinfo: the same header lines; free-count and block-count rows of
    # the same shape, numbers aside, each in Linux's columns (zones may differ)
    a, b = g('/proc/pagetypeinfo')
    fixed = lambda lines: [l for l in lines if not re.search(r'^Node', l)]
    check('pagetypeinfo: Linux\'s header lines', len(b) > 8 and fixed(a) == fixed(b),
          repr([x for x in fixed(b) if x not in fixed(a)][:2]))
    shape = lambda l: re.sub(r'zone +\w+', 'zone Z', re.sub(r'>?\d+', 'N', l))
    cols = lambda l: tuple(m.end() for m in re.finditer(r'\d+', l))
    rows = lambda lines: [l for l in lines if l.startswith('Node')]
    sa = {(shape(l), cols(l)) for l in rows(a)}
    bad = [l for l in rows(b) if (shape(l), cols(l)) not in sa]
    check('pagetypeinfo: rows of Linux\'s shape in its columns', rows(b) and not bad, repr(bad[:1]))
    a, b = g('/proc/vmstat')
    ka, kb = [l.split()[0] for l in a], [l.split()[0] for l in b]
    check('vmstat: counters Linux has, in its order', is_subsequence(kb, ka) and len(kb) > 10,
          str([k for k in kb if k not in ka]))
    # swaps: no swap on either side, so the header alone (its tabs included)
    a, b = g('/proc/swaps')
    check('swaps: Linux\'s header line', a[:1] == b[:1] and len(a) == 1, repr((a[:1], b[:1])))

    for r in results:
        print(r)


def nums(line):
    """The line with each number replaced by N (the shape that must match)."""
    return re.sub(r'\d+', 'N', line)


def set2(lin, luc):
    g = lambda f: (lin.get(f), luc.get(f))
    for f in ('/proc/softirqs', '/proc/iomem', '/proc/ioports', '/proc/diskstats', '/proc/devices',
              '/proc/timer_list', '/proc/child/wchan', '/proc/child/sched', '/proc/kcore', '/dev/kmsg',
              '/proc/kmsg', '/sys/class/tty', '/sys/class/mem', '/sys/class/rtc', '/sys/devices'):
        a, b = g(f)
        check('%s: dumped on both kernels' % f, a is not None and b is not None and
              a != ['(unreadable)'] and b != ['(unreadable)'] and (b or f == '/proc/diskstats'),
              'linux %r lucix %r' % ((a or [])[:1], (b or [])[:1]))
    a, b = [x or [] for x in g('/proc/softirqs')]
    check('softirqs: the same header and rows, numbers in the same columns',
          [len(l) for l in a] == [len(l) for l in b] and [l.split(':')[0] for l in a] == [l.split(':')[0] for l in b]
          and len(b) == 11, 'linux %r lucix %r' % (a[:2], b[:2]))

    for f, width in (('/proc/iomem', 8), ('/proc/ioports', 4)):
        a, b = [x or [] for x in g(f)]
        rx = r'^(  )*[0-9a-f]{%d}-[0-9a-f]{%d} : \S.*$' % (width, width)
        oka, bada = all_match(a, rx)
        okb, badb = all_match(b, rx)
        check('%s: "start-end : name" lines, children indented (both kernels)' % f, oka and okb and b,
              'linux %r lucix %r' % (bada, badb))
        names = lambda lines: set(l.split(' : ', 1)[1] for l in lines if ' : ' in l)
        extra = names(b) - names(a) - {'ide0', 'soundblaster'}
        check('%s: every name is one Linux uses' % f, not extra, 'lucix only: %s' % sorted(extra))
    a, b = [x or [] for x in g('/proc/ioports')]
    same = [l for l in b if l in a]
    check('ioports: the standard PC ports and the serial, RTC and VGA lines equal Linux\'s',
          all(x in same for x in ('0020-0021 : pic1', '0040-0043 : timer0', '03f8-03ff : serial',
                                  '0070-0071 : rtc_cmos', '  0070-0071 : rtc0', '03c0-03df : vga+')),
          'lines in both: %s' % same)
    a, b = [x or [] for x in g('/proc/iomem')]
    check('iomem: the legacy areas equal Linux\'s', all(x in a and x in b for x in (
          '00000000-00000fff : Reserved', '000a0000-000bffff : Video RAM area',
          '  000f0000-000fffff : System ROM')), 'lucix %s' % b[:4])
    check('iomem: the kernel\'s sections nested in System RAM in Linux\'s order',
          [l.split(' : ')[1] for l in b if l.startswith('  ') and 'Kernel' in l] ==
          [l.split(' : ')[1] for l in a if l.startswith('  ') and 'Kernel' in l], str(b))

    # diskstats: Debian's kernel sees no disk on an ISA PC (pata_legacy is a
    # module), so lucix's rows are held to the format Linux 6.1 prints
    # ("%4d %7d %pg" and 17 counters).
    a, b = [x or [] for x in g('/proc/diskstats')]
    oka, bada = all_match(a, r'^ {0,3}\d+ {1,7}\d+ \S+( \d+){17}$')
    okb, badb = all_match(b, r'^ {0,3}\d+ {1,7}\d+ \S+( \d+){17}$')
    check('diskstats: "%4d %7d name" and 17 counters', oka and okb and b and all(len(l.split()[0]) + l.index(
          l.split()[0]) == 4 for l in b), 'linux %r lucix %r' % (bada, badb))

    a, b = [x or [] for x in g('/proc/devices')]
    check('devices: the two headings, a blank line between', a[:1] == b[:1] == ['Character devices:'] and
          '' in b and 'Block devices:' in b and b[b.index('Block devices:') - 1] == '', str(b))
    oka, bada = all_match([l for l in a if l and not l.endswith(':')], r'^[ \d]{2}\d \S+$')
    okb, badb = all_match([l for l in b if l and not l.endswith(':')], r'^[ \d]{2}\d \S+$')
    check('devices: "%3d name" rows (both kernels)', oka and okb, 'linux %r lucix %r' % (bada, badb))
    both = [l for l in b if l in a and l and not l.endswith(':')]
    check('devices: the memory, tty, console and pty majors equal Linux\'s',
          all(x in both for x in ('  1 mem', '  4 /dev/vc/0', '  4 tty', '  4 ttyS', '  5 /dev/tty',
                                  '  5 /dev/console', '  5 /dev/ptmx', '128 ptm', '136 pts')), str(both))

    a, b = [x or [] for x in g('/proc/timer_list')]
    # The clock event device's handler is tick_handle_periodic, or hrtimer_interrupt
    # once Linux trusts the clocksource enough for high-resolution mode, which
    # under QEMU depends on the host's load: the handler's name is a value.
    handler = lambda l: re.sub(r'^( event_handler: +)\S+$', r'\1HANDLER', l)
    shape = lambda lines: [nums(handler(l)) for l in lines if not l.startswith(' #')]
    sa, sb = shape(a), shape(b)
    check('timer_list: Linux\'s lines (its hrtimers aside), numbers aside', sa == sb,
          'first difference %s' % (next(((x, y) for x, y in zip(sa, sb) if x != y), (len(sa), len(sb))),))

    a, b = [x or [] for x in g('/proc/child/wchan')]
    check('wchan: a function name for a sleeping process (both kernels)',
          len(a) == 1 and len(b) == 1 and re.match(r'^[a-z_][a-z0-9_]*$', a[0]) and
          re.match(r'^[a-z_][a-z0-9_]*$', b[0]), 'linux %r lucix %r' % (a, b))
    a, b = [x or [] for x in g('/proc/child/sched')]
    check('sched: "comm (pid, #threads: N)" and the rule', len(a) > 2 and len(b) > 2 and
          nums(a[0]) == nums(b[0]) and a[1] == b[1], 'linux %r lucix %r' % (a[:2], b[:2]))
    ka = [l.split(':')[0] for l in a[2:]]
    kb = [l.split(':')[0] for l in b[2:]]
    check('sched: Linux 6.1\'s rows, padded alike', ka == kb and len(kb) > 15, 'linux %s lucix %s' % (ka, kb))
    rx = r'^\S+ *: +-?\d+(\.\d{6})?$'
    oka, bada = all_match(a[2:], rx)
    okb, badb = all_match(b[2:], rx)
    check('sched: values end in Linux\'s column, ns rows with 6 decimals',
          oka and okb and set(len(l) for l in b[2:]) == set(len(l) for l in a[2:]) and
          [('.' in l) for l in a[2:]] == [('.' in l) for l in b[2:]], 'linux %r lucix %r' % (bada, badb))

    a, b = [x or [] for x in g('/proc/kcore')]
    check('kcore: ELF32 core for i386, PT_NOTE first with Linux\'s notes, PT_LOADs alike',
          a[:7] == b[:7] and set(a[7:]) == set(b[7:]) and len(b) > 7, 'linux %s lucix %s' % (a, b))

    a, b = [x or [] for x in g('/dev/kmsg')]
    rx = r'^\d+,\d+,\d+,[-c];.*$'
    oka, bada = all_match(a, rx)
    okb, badb = all_match(b, rx)
    check('/dev/kmsg: "prefix,seq,usec,flag;text" records from seq 0 (both kernels)',
          oka and okb and len(b) == 3 and b[0].split(',')[1] == '0' and a[0].split(',')[1] == '0',
          'linux %r lucix %r' % (bada, badb))
    a, b = [x or [] for x in g('/proc/kmsg')]
    rx = r'^<\d>\[ *\d+\.\d{6}\] .*$'
    oka, bada = all_match(a, rx)
    okb, badb = all_match(b, rx)
    check('/proc/kmsg: "<level>[secs.usecs] text" lines (both kernels)', oka and okb and b,
          'linux %r lucix %r' % (bada, badb))

    for cls in ('tty', 'mem', 'rtc', 'input'):
        a, b = [x or [] for x in g('/sys/class/' + cls)]
        # device numbers are values (Linux's keyboard is input0 or input1 as probing goes)
        na = [nums(x) for x in a]
        both = [l for l in b if nums(l.split(' ->')[0]) in [x.split(' ->')[0] for x in na]]
        check('/sys/class/%s: links into /sys/devices, equal to Linux\'s for the devices both have' % cls,
              b and all(re.match(r'^\S+ -> \.\./\.\./devices/\S+$', l) for l in b) and both and
              all(nums(l) in na for l in both), 'lucix %s linux %s' % (b[:4], a[:4]))
    for f in ('/sys/class/block', '/sys/block'):
        a, b = [x or [] for x in g(f)]
        up = '../' if f == '/sys/block' else '../../'
        check('%s: links to the disk and its partitions (Linux shows no disk here)' % f,
              b and all(re.match(r'^hda\d* -> ' + re.escape(up) + r'devices/(\S+/)?block/hda(/hda\d+)?$', l)
                        for l in b), str(b))
    a, b = [x or [] for x in g('/sys/devices')]
    check('/sys/devices: top directories Linux has', b and set(b) <= set(a), 'lucix only %s' % (set(b) - set(a)))
    for f in ('/sys/devices/platform/serial8250/tty/ttyS0', '/sys/devices/virtual/mem/null',
              '/sys/class/rtc/rtc0/'):
        a, b = [x or [] for x in g(f)]
        check('%s: attributes Linux has, dev, subsystem and uevent among them' % f,
              set(b) <= set(a) and {'dev', 'subsystem', 'uevent'} <= set(b), 'lucix only %s' % (set(b) - set(a)))
    for f in ('/sys/class/tty/ttyS0/uevent', '/sys/class/mem/null/uevent'):
        a, b = [x or [] for x in g(f)]
        check('%s: Linux\'s keys in its order' % f, b and [l.split('=')[0] for l in b] ==
              [l.split('=')[0] for l in a][:len(b)], 'linux %s lucix %s' % (a, b))
    for f in ('/sys/class/tty/ttyS0/dev', '/sys/class/rtc/rtc0/dev'):
        a, b = [x or [] for x in g(f)]
        check('%s: "MAJOR:MINOR"' % f, b and a and re.match(r'^\d+:\d+$', b[0]) and
              re.match(r'^\d+:\d+$', a[0]), 'linux %s lucix %s' % (a, b))


main()
