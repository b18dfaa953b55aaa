#!/usr/bin/env python3
"""Replay a serial log written for a VT100 (cursor moves, erase, attributes)
onto an 80x25 screen and print the screen as text, one row a line.

ansiscreen.py LOG [--every N]: the final screen, or with --every N a screen
after every N bytes of the log, each preceded by a line '--- byte OFFSET'.
Only what memtest86+'s serial console and the BIOS send is understood:
CSI row;col H, CSI 2J, CSI K, CSI ...m and private modes (ignored), CR, LF,
BS. Any other escape is dropped."""
import re
import sys

ROWS, COLS = 25, 80
CSI = re.compile(rb'\x1b\[([0-9;?]*)([A-Za-z])')


class Screen:
    def __init__(self):
        self.cells = [[' '] * COLS for _ in range(ROWS)]
        self.row = self.col = 0

    def put(self, ch):
        if self.col >= COLS:
            self.col = 0
            self.lf()
        self.cells[self.row][self.col] = ch
        self.col += 1

    def lf(self):
        if self.row == ROWS - 1:
            self.cells.pop(0)
            self.cells.append([' '] * COLS)
        else:
            self.row += 1

    def csi(self, params, final):
        if params.startswith('?'):
            return
        nums = [int(p) if p else 0 for p in params.split(';')] if params else []
        if final == 'H' or final == 'f':
            r = nums[0] if nums and nums[0] else 1
            c = nums[1] if len(nums) > 1 and nums[1] else 1
            self.row, self.col = min(r, ROWS) - 1, min(c, COLS) - 1
        elif final == 'J' and nums[:1] == [2]:
            self.cells = [[' '] * COLS for _ in range(ROWS)]
        elif final == 'K':
            for c in range(self.col, COLS):
                self.cells[self.row][c] = ' '

    def feed(self, data):
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x1b:
                m = CSI.match(data, i)
                if m:
                    self.csi(m.group(1).decode(), m.group(2).decode())
                    i = m.end()
                    continue
                i += 2
                continue
            if b == 0x0d:
                self.col = 0
            elif b == 0x0a:
                self.lf()
            elif b == 0x08:
                self.col = max(0, self.col - 1)
            elif 0x20 <= b < 0x7f:
                self.put(chr(b))
            elif b >= 0x80:
                self.put('#')
            i += 1

    def text(self):
        return '\n'.join(''.join(r).rstrip() for r in self.cells)


def main():
    data = open(sys.argv[1], 'rb').read()
    every = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == '--every' else 0
    s = Screen()
    if not every:
        s.feed(data)
        print(s.text())
        return
    # Feed whole escape sequences only: cut at the next ESC after each step.
    pos = 0
    while pos < len(data):
        end = data.find(b'\x1b', pos + every)
        end = len(data) if end < 0 else end
        s.feed(data[pos:end])
        pos = end
        print('--- byte %d' % pos)
        print(s.text())


if __name__ == '__main__':
    main()
