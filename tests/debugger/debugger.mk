# Test inputs for the debugger: a kernel-shaped ELF with DWARF (fixture.c),
# built with the guest's compiler flags (but -O0 so every variable survives).
DBG_FIXTURE := $(B)/tests/debugger/fixture.elf
TEST_TARGETS += $(DBG_FIXTURE)

$(DBG_FIXTURE): tests/debugger/fixture.c tests/debugger/fixture.ld
	@mkdir -p $(@D)
	$(GUEST_CC) -m32 -march=i686 -ffreestanding -nostdlib -fno-pic -fno-pie \
		-fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin \
		-O0 -g -fno-omit-frame-pointer -c $< -o $(@D)/fixture.o
	$(GUEST_LD) --no-warn-rwx-segments -T tests/debugger/fixture.ld -o $@ $(@D)/fixture.o
