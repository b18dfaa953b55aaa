# The machine core: everything in emu/ but main.c goes into liblucid.a.
EMU_SRCS := $(filter-out emu/main.c,$(wildcard emu/*.c))
LIB_SRCS += $(EMU_SRCS)

LUCID := $(B)/lucid
ALL_TARGETS += $(LUCID)

$(LUCID): $(B)/host/emu/main.o $(LIBLUCID)
	$(HOST_CC) -o $@ $^ $(PKG_LIBS)
