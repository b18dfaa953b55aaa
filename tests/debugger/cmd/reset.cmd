# From the reset vector: registers, disassembly in 16-bit mode, stepping.
info registers
x/2i $pc
stepi
stepi 3
info registers eip cs
p/x $cs * 16 + $eip
