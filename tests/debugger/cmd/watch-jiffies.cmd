# A watchpoint on jiffies hits in the timer interrupt.
break time_init
c
finish
watch jiffies
c
bt
