# vtop of a vmalloc address (4 KiB PTEs under the kernel's PMD), checked
# against a physical scan for a pattern written through that address.
break vfree
c
p/x vmlist->addr
vtop vmlist->addr
set var *(unsigned long long *)vmlist->addr = 0x4c75636964333836
find/g phys 0, +0x4000000, 0x4c75636964333836
