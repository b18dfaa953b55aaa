# Mode switches and CR3 loads on the way from the BIOS to the kernel.
catch mode
c
c
delete
catch cr3
c
info registers cr3
