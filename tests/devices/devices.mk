# Whole-machine checks of the display, keyboard, disk and sound devices:
# tiny ROMs (tests/devices/*.S, using tests/machine/rom.h) run as the BIOS of
# build/lucid, and host tools that check what came out. Run by
# tests/groups/36-devices.sh.
DEVICES_ROM_SRCS := $(wildcard tests/devices/*.S)
DEVICES_ROMS := $(DEVICES_ROM_SRCS:tests/devices/%.S=$(B)/tests/devices/%.rom)
DEVICES_WAVCHECK := $(B)/tests/devices/wavcheck
TEST_TARGETS += $(DEVICES_ROMS) $(DEVICES_WAVCHECK) $(B)/lucid

$(B)/tests/devices/%.o: tests/devices/%.S tests/machine/rom.h
	@mkdir -p $(@D)
	$(GUEST_CC) -c -Itests/machine -o $@ $<

$(B)/tests/devices/%.rom: $(B)/tests/devices/%.o
	$(GUEST_LD) -e 0 -Ttext=0 --oformat=binary -o $@ $<

$(DEVICES_WAVCHECK): $(B)/host/tests/devices/wavcheck.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $^ $(PKG_LIBS)
