# timer.rom: the PIT at 1000 Hz on IRQ0 (vector 8); the handler counts ticks at 0:0x500.
# The first tick comes at once (icount 37), before the icount catch at 1000.
iowatch 0x43 1 w
c
delete
catch icount 1000
c
p $icount
delete
catch interrupt 8
c
p/x $eip
delete
watch phys 0x500 len 2
c
c
x/1dh 0x500
delete
break *0xf006c if *(short *)0x500 == 5
c
x/1dh 0x500
info breakpoints
delete
set var *(short *)0x500 = 98
x/1dh 0x500
c
