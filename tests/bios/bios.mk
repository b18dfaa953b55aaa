# BIOS tests: small real-mode programs booted from disk images (under
# Lucid and under QEMU with SeaBIOS), built here; run by tests/bios/run.sh
# from tests/groups/40-bios.sh.
BT := $(B)/tests/bios
BIOS_TESTS := e820 disk video kbd rtc sys resume disk2 com1
BIOS_TEST_BINS := $(BIOS_TESTS:%=$(BT)/%.bin) $(BT)/vbr.bin $(BT)/hello.bin
MKDISK := $(BT)/mkdisk
SYSLINUX_MBR := /usr/lib/syslinux/mbr/mbr.bin

BIOS_TEST_IMGS := $(BIOS_TESTS:%=$(BT)/%.img) $(BT)/mbr-chain.img $(BT)/empty.img \
	$(BT)/nosig.img $(BT)/tiny.img $(BT)/hello.img $(BT)/first.img
TEST_TARGETS += $(BIOS_TEST_IMGS)

$(MKDISK): tests/bios/mkdisk.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $<

$(BT)/%.o: tests/bios/%.S tests/bios/lib.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -Itests/bios -c $< -o $@

$(BT)/%.bin: $(BT)/%.o tests/bios/test.ld
	$(GUEST_LD) -T tests/bios/test.ld -o $@ $<

# single-sector programs: the MBR chain test's volume boot record, and
# the boot-speed probe
$(BT)/vbr.bin $(BT)/first.bin: $(BT)/%.bin: $(BT)/%.o
	$(GUEST_LD) -Ttext 0x7C00 --oformat binary -o $@ $<

# 8 MiB disks: the program from sector 0, the check pattern from LBA 64
$(BT)/%.img: $(BT)/%.bin $(MKDISK)
	$(MKDISK) $@ 16384 --boot $< --pattern 64

# the CD-ROM test's El Torito boot image (tests/groups/41-cdrom.sh makes the ISO)
TEST_TARGETS += $(BT)/cdboot.bin $(BT)/hello.bin

# the second disk of the disk2 test: 16 MiB, the pattern from LBA 0
$(BT)/disk2b.img: $(MKDISK)
	$(MKDISK) $@ 32768 --pattern 0
TEST_TARGETS += $(BT)/disk2b.img

$(BT)/mbr-chain.img: $(BT)/vbr.bin $(MKDISK)
	$(MKDISK) $@ 16384 --mbr $(SYSLINUX_MBR) --part-start 2048 --vbr $<

# bad disks: all zeros; text but no 55AA; shorter than one sector
$(BT)/empty.img: $(MKDISK)
	$(MKDISK) $@ 2048

$(BT)/nosig.img: $(MKDISK)
	$(MKDISK) $@ 2048 --pattern 0

$(BT)/tiny.img: $(MKDISK)
	$(MKDISK) $@ 0 --bytes 100

# The harness that boots these images on Lucid itself; it needs the machine
# (emu/machine/machine.c) and the CPU (emu/cpu/cpu.c), so it is built once both landed.
LUCID_BOOT := $(BT)/lucid_boot
ifneq ($(wildcard emu/machine/machine.c),)
ifneq ($(wildcard emu/cpu/cpu.c),)
TEST_TARGETS += $(LUCID_BOOT)
BENCH_TARGETS += $(LUCID_BOOT) $(BT)/first.img
endif
endif

$(LUCID_BOOT): $(B)/host/tests/bios/lucid_boot.o $(LIBLUCID)
	@mkdir -p $(@D)
	$(HOST_CC) -o $@ $< $(LIBLUCID) $(PKG_LIBS)

# The option-ROM test (Lucid only: QEMU maps no more than 128 KiB of -bios
# below 1 MiB): a 256 KiB ROM image with tests/bios/optrom.S at 0xC0000
# and our BIOS in its last 64 KiB.
BIOS_TEST_IMGS += $(BT)/tty.img $(BT)/rom256.bin
TEST_TARGETS += $(BT)/tty.img $(BT)/rom256.bin
$(BT)/optrom.bin: $(BT)/optrom.o
	$(GUEST_LD) -Ttext 0 --oformat binary -o $@.tmp $<
	@sum=$$(od -An -tu1 -v $@.tmp | awk '{ for (i = 1; i <= NF; i++) s += $$i } END { print (256 - s % 256) % 256 }'); \
	printf "$$(printf '\\%03o' $$sum)" | dd of=$@.tmp bs=1 seek=2047 conv=notrunc status=none
	mv $@.tmp $@

$(BT)/rom256.bin: $(BT)/optrom.bin $(BIOS_BIN)
	@mkdir -p $(@D)
	head -c $$((192 * 1024)) /dev/zero | tr '\0' '\377' >$@.tmp
	dd if=$(BT)/optrom.bin of=$@.tmp conv=notrunc status=none
	cat $(BIOS_BIN) >>$@.tmp
	mv $@.tmp $@
