# The built-in debugger and gdb stub; part of liblucid.a.
LIB_SRCS += $(wildcard debugger/*.c)
