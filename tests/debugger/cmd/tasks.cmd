# The scheduler's structures on the live kernel: ps from init_task, runq,
# `current` as Linux's macro, p *current, and a break in schedule().
break schedule
continue
p current->pid
p current->comm
delete
continue 150000000
ps
runq
current
p current->comm
p init_task.comm
p nr_context_switches > 0
