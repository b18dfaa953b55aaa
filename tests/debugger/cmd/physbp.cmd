# A breakpoint on a physical address, set before paging exists, found
# through the kernel's page tables once they do.
break phys (unsigned)timer_interrupt - 0xc0000000
c
info breakpoints
