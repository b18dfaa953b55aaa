# REP strings on the whole machine and on QEMU -icount shift=0
# (tests/rep/rep.S, run by tests/groups/52-rep.sh): a ROM built on the
# tests/cpu start-up code.
REP_ROM := $(B)/tests/rep/rep.rom
TEST_TARGETS += $(REP_ROM)

$(B)/tests/rep/rep.o: tests/rep/rep.S tests/cpu/lib.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -Itests/cpu -c $< -o $@

$(REP_ROM): $(B)/tests/rep/rep.o $(B)/tests/cpu/lib.o tests/cpu/rom.ld
	$(GUEST_LD) -T tests/cpu/rom.ld -o $@ $(B)/tests/cpu/lib.o $<
	@test $$(stat -c %s $@) -eq 65536 || { echo "$@: not 64 KiB"; rm -f $@; exit 1; }

# The same ROM as an ELF, for the symbols the debugger check of 52-rep.sh needs.
REP_ELF := $(B)/tests/rep/rep.elf
TEST_TARGETS += $(REP_ELF)
$(REP_ELF): $(B)/tests/rep/rep.o $(B)/tests/cpu/lib.o tests/cpu/rom.ld
	$(GUEST_LD) -T tests/cpu/rom.ld --oformat elf32-i386 -o $@ $(B)/tests/cpu/lib.o $<
