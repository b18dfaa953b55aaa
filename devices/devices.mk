# One file per chip; all of them go into liblucid.a.
LIB_SRCS += $(wildcard devices/*.c)
