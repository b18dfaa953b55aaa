# triple.rom: INT 3 with an empty IDT in real mode: #GP, #DF, triple fault.
catch triple
c
