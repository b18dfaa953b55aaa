# Whole-machine tests: tiny ROMs (tests/machine/*.S) run as the BIOS of
# build/lucid, checked by tests/groups/35-machine.sh.
MACHINE_ROM_SRCS := $(wildcard tests/machine/*.S)
MACHINE_ROMS := $(MACHINE_ROM_SRCS:tests/machine/%.S=$(B)/tests/machine/%.rom)
TEST_TARGETS += $(MACHINE_ROMS) $(B)/lucid

$(B)/tests/machine/%.o: tests/machine/%.S tests/machine/rom.h
	@mkdir -p $(@D)
	$(GUEST_CC) -c -Itests/machine -o $@ $<

$(B)/tests/machine/%.rom: $(B)/tests/machine/%.o
	$(GUEST_LD) -e 0 -Ttext=0 --oformat=binary -o $@ $<

# A fake kernel image in the boot protocol's layout, for -kernel tests.
MACHINE_FAKE_KERNEL := $(B)/tests/machine/fake-kernel.bin
TEST_TARGETS += $(MACHINE_FAKE_KERNEL)
$(MACHINE_FAKE_KERNEL): tests/machine/kernel/fake.S
	@mkdir -p $(@D)
	$(GUEST_CC) -c -o $(@:.bin=.o) $<
	$(GUEST_LD) -e 0 -Ttext=0 --oformat=binary -o $@ $(@:.bin=.o)
BENCH_TARGETS += $(MACHINE_ROMS)
