# Frame-local variables on the live kernel (tests/groups/61-debugger-locals.sh).
# wake_up_process(kthreadd_task), called from kthread_create for the first
# kernel thread the boot creates: at the entry, then after the prologue.
break *wake_up_process
c
x/2xw $esp
info args
delete
break wake_up_process
c
p kthreadd_task
info args
p p == kthreadd_task
p p->comm
p x
up
info locals
info args
p create.name
p create.threadfn == worker_thread
p kthread_create_list.prev == &create.list
info frame
frame 0
p p->pid
down
bt full 2
delete
# rmqueue_pcplist inlined into get_page_from_freelist: its locals, in
# registers and memory. RMQUEUE_LINE is the line of its refill loop's
# "page->index = mt;" (the group script fills it in).
break page_alloc.c:RMQUEUE_LINE
c
info args
info locals
p page->flags == page->flags
p zone
# get_page_from_freelist's own parameters, whose values exist only as
# entry values: found through alloc_pages's call site.
p gfp
p alloc_flags
# finish in a selected outer frame: run until alloc_pages returns.
bt 4
up 2
finish
bt 1
