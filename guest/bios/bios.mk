# The Lucid BIOS: a 64 KiB ROM built from guest/bios/*.S with the guest
# toolchain. build/bios/bios.bin is what the emulator loads (and what QEMU's
# -bios takes); build/bios/bios.elf has the symbols at physical addresses
# (0xF0000 + offset) for the debugger.
BIOS_SRCS := $(wildcard guest/bios/*.S)
BIOS_OBJS := $(BIOS_SRCS:%.S=$(B)/%.o)
BIOS_BIN := $(B)/bios/bios.bin
BIOS_ELF := $(B)/bios/bios.elf
ALL_TARGETS += $(BIOS_BIN) $(BIOS_ELF)

$(B)/guest/bios/%.o: guest/bios/%.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -I. -Iguest/bios -c $< -o $@

# Linked at 0 (segment F000 offsets), then a copy with addresses moved to
# where the ROM appears in physical memory.
$(B)/bios/bios.link.elf: $(BIOS_OBJS) guest/bios/bios.ld
	@mkdir -p $(@D)
	$(GUEST_LD) -T guest/bios/bios.ld -o $@ $(BIOS_OBJS)

$(BIOS_ELF): $(B)/bios/bios.link.elf
	objcopy --change-addresses 0xF0000 $< $@

$(BIOS_BIN): $(B)/bios/bios.link.elf
	objcopy -O binary --gap-fill 0xFF $< $@.tmp
	@size=$$(stat -c %s $@.tmp); \
	if [ "$$size" -ne 65536 ]; then \
		echo "bios: image is $$size bytes, not 65536" >&2; rm -f $@.tmp; exit 1; fi
	@# the last byte makes all 65536 bytes sum to 0 (mod 256), as PC ROMs do
	@sum=$$(od -An -tu1 -v $@.tmp | awk '{ for (i = 1; i <= NF; i++) s += $$i } END { print (256 - s % 256) % 256 }'); \
	printf "$$(printf '\\%03o' $$sum)" | dd of=$@.tmp bs=1 seek=65535 conv=notrunc status=none
	mv $@.tmp $@
