#!/usr/bin/env python3
"""Write three MOO test files (tests/conformance/conformance.c's format, see
../shared/conformance/README.md) holding one 80286 case each that Lucid
decides differently, as the 286 behaves according to the project's notes on
the SingleStepTests data past its first 500 tests (not in the shared data):

  8F.0   POP word [0xFFFF]: #GP, the 286 having added 2 to SP first
  D4     AAM 0: #DE, the 286 having set SF=0 ZF=0 PF=1 first
  F6.7   IDIV BL with a quotient of -260: the 286 returns AX=C180, no #DE

They are synthetic (built here, not captured), for checking that the
runner's named rules excuse exactly these cases (tests/groups/30-conformance.sh).
usage: quirks286.py OUTDIR METADATA.json
"""
import gzip
import shutil
import struct
import sys

REGS = ["ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags"]


def chunk(tag, body):
    return tag.encode() + struct.pack("<I", len(body)) + body


def state(regs, ram):
    mask, vals = 0, b""
    for k, name in enumerate(REGS):
        if name in regs:
            mask |= 1 << k
            vals += struct.pack("<H", regs[name])
    body = chunk("REGS", struct.pack("<H", mask) + vals)
    body += chunk("RAM ", struct.pack("<I", len(ram)) +
                  b"".join(struct.pack("<IB", a, v) for a, v in sorted(ram.items())))
    return body


def test(index, name, code, init_regs, init_ram, fina_regs, fina_ram, exc=None):
    body = struct.pack("<I", index)
    body += chunk("NAME", struct.pack("<I", len(name)) + name.encode())
    body += chunk("BYTS", struct.pack("<I", len(code)) + bytes(code))
    body += chunk("INIT", state(init_regs, init_ram))
    body += chunk("FINA", state(fina_regs, fina_ram))
    if exc:
        body += chunk("EXCP", struct.pack("<BI", *exc))
    return chunk("TEST", body)


def write(path, tests):
    data = chunk("MOO ", struct.pack("<B3xI4s", 1, len(tests), b"C286")) + b"".join(tests)
    with gzip.open(path, "wb") as f:
        f.write(data)


# Common frame: code at 2000:0000, handler 1000:0100 (a HLT), stack 3000:0100.
CODE, HANDLER, STACK = 0x20000, 0x10100, 0x30000


def base(code, vector, extra_regs):
    regs = {"ax": 0, "bx": 0, "cx": 0, "dx": 0, "cs": 0x2000, "ss": 0x3000, "ds": 0x4000,
            "es": 0x5000, "sp": 0x0100, "bp": 0, "si": 0, "di": 0, "ip": 0, "flags": 0x0002}
    regs.update(extra_regs)
    ram = {CODE + k: b for k, b in enumerate(code + [0xF4])}
    ram[HANDLER] = 0xF4
    for k, b in enumerate(struct.pack("<HH", 0x0100, 0x1000)):
        ram[vector * 4 + k] = b
    return regs, ram


def frame(sp, flags):
    """Final RAM of an exception frame pushed below sp (IP 0, CS 2000)."""
    sp -= 6
    return sp, {STACK + sp + k: b for k, b in enumerate(struct.pack("<HHH", 0, 0x2000, flags))}


def main():
    out, meta = sys.argv[1], sys.argv[2]
    shutil.copy(meta, out + "/metadata.json")

    code = [0x8F, 0x06, 0xFF, 0xFF]
    regs, ram = base(code, 13, {})
    ram[STACK + 0x100], ram[STACK + 0x101] = 0x34, 0x12
    sp, fram = frame(0x102, 0x0002)		# the 286 has added 2 to SP
    write(out + "/8F.0.MOO.gz", [test(0, "pop word [0FFFFh]", code, regs, ram,
                                      {"sp": sp, "cs": 0x1000, "ip": 0x0101}, fram,
                                      (13, STACK + sp + 4))])

    code = [0xD4, 0x00]
    regs, ram = base(code, 0, {"ax": 0x1234, "flags": 0x00C2})
    sp, fram = frame(0x100, 0x0006)		# SF=0 ZF=0 PF=1 before #DE
    write(out + "/D4.MOO.gz", [test(0, "aam 00h", code, regs, ram,
                                    {"sp": sp, "cs": 0x1000, "ip": 0x0101, "flags": 0x0006},
                                    fram, (0, STACK + sp + 4))])

    code = [0xF6, 0xFB]
    regs, ram = base(code, 0, {"ax": 0xFEFC, "bx": 0x0001})
    write(out + "/F6.7.MOO.gz", [test(0, "idiv bl", code, regs, ram,
                                      {"ax": 0xC180, "ip": 0x0003}, {})])


main()
