# The BIOS loads the MBR at 0:7C00 and jumps there in real mode.
break *0x7c00
c
info registers cs eip
disassemble/16 0x7c00,+12
