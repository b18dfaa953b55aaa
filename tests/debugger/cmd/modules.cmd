# A breakpoint in a loadable module (tests/groups/82-guest-modules.sh): stop
# where the loader is about to run a module's init, list the modules, load
# their symbols from guest memory, break in helloworld_init and continue.
break do_init_module
c
lsmod
modsyms
break helloworld_init
c
p/x $eip
info symbol $eip
quit
