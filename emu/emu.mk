# The machine, in layers (docs/ARCHITECTURE.md "Layers"). Every folder of emu/
# but ui/main.c goes into liblucid.a; main.c is the lucid binary's own.
EMU_LAYERS := lib board cpu machine replay ui
EMU_SRCS := $(filter-out emu/ui/main.c,$(foreach l,$(EMU_LAYERS),$(wildcard emu/$(l)/*.c))) \
	$(wildcard emu/cpu/jit/*.c)
LIB_SRCS += $(EMU_SRCS)

LUCID := $(B)/lucid
ALL_TARGETS += $(LUCID)

$(LUCID): $(B)/host/emu/ui/main.o $(LIBLUCID)
	$(HOST_CC) -o $@ $^ $(PKG_LIBS)
