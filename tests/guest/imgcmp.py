#!/usr/bin/env python3
"""Compare a window grabbed with xwd against Lucid's PNG screenshot.

usage: imgcmp.py WINDOW.xwd SHOT.png
Prints "WxH N" (the size and the number of differing pixels) and, when some
differ, the bounding box of the differences as "box X0 Y0 X1 Y1". The
screenshot is an 8-bit RGB PNG (Lucid writes filter types 0-4); the window
dump is X's XWD format, ZPixmap with 24 or 32 bits per pixel.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, 'rb').read()
    pos, idat, w, h = 8, b'', 0, 0
    while pos < len(data):
        n, t = struct.unpack('>I4s', data[pos:pos + 8])
        if t == b'IHDR':
            w, h = struct.unpack('>II', data[pos + 8:pos + 16])
        elif t == b'IDAT':
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride, rows, prev = w * 3, [], bytearray(w * 3)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows


def read_xwd(path):
    data = open(path, 'rb').read()
    hdr = struct.unpack('>25I', data[:100])
    header_size, fmt, w, h = hdr[0], hdr[2], hdr[4], hdr[5]
    byte_order, bpp, bpl = hdr[7], hdr[11], hdr[12]
    rmask, gmask, bmask, ncolors = hdr[14], hdr[15], hdr[16], hdr[19]
    if fmt != 2 or bpp not in (24, 32):
        sys.exit('imgcmp: unsupported XWD (format %d, %d bits per pixel)' % (fmt, bpp))
    pix = data[header_size + 12 * ncolors:]
    step = bpp // 8

    def shift(m):
        return (m & -m).bit_length() - 1

    rs, gs, bs = shift(rmask), shift(gmask), shift(bmask)
    rows = []
    for y in range(h):
        line = bytearray()
        for x in range(w):
            b = pix[y * bpl + x * step:y * bpl + x * step + step]
            v = int.from_bytes(b, 'big' if byte_order else 'little')
            line += bytes(((v & rmask) >> rs, (v & gmask) >> gs, (v & bmask) >> bs))
        rows.append(bytes(line))
    return w, h, rows


def main():
    ww, wh, win = read_xwd(sys.argv[1])
    sw, sh, shot = read_png(sys.argv[2])
    if (ww, wh) != (sw, sh):
        print('%dx%d %dx%d' % (ww, wh, sw, sh))
        return
    diff, box = 0, [sw, sh, -1, -1]
    for y in range(sh):
        if win[y] == shot[y]:
            continue
        for x in range(sw):
            if win[y][x * 3:x * 3 + 3] != shot[y][x * 3:x * 3 + 3]:
                diff += 1
                box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    print('%dx%d %d' % (sw, sh, diff))
    if diff:
        print('box %d %d %d %d' % tuple(box))


if __name__ == '__main__':
    main()
