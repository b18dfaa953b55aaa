# Source stepping, finish back into the caller, and a watchpoint on jiffies
# that hits in the timer interrupt.
break time_init
c
step
bt
finish
next
watch jiffies
c
bt
