# The built-in debugger and gdb stub; part of liblucid.a. One folder per role
# (docs/DEBUGGER.md, "Source layout"): sym, core, kview, cmd, gdb, target.
LIB_SRCS += $(wildcard debugger/*.c debugger/*/*.c)
