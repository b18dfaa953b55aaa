# The kernel: start_kernel, registers, jiffies across 1 virtual second.
break start_kernel
c
info registers
delete
c 300000000
p HZ
p jiffies
c 100000000
p jiffies
jiffies
dmesg
p/x &jiffies
vtop &jiffies
x/1xw &jiffies
bt
irq
info idt 32
pagetable
info pic
info pit
info rtc
info uart
info ata
info vga
info tlb
info post
buddyinfo
meminfo
slabinfo
p totalram_pages
