continue 100000000
set $ebx = 3
set var *(int *)0x504 = 0x10000
continue
quit
