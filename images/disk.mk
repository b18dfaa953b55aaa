# build/images/lucid.img: MBR (images/mbr.S) + kernel command line (LBA 1) +
# bzImage (LBA 2..) + partition 1 at LBA 2048: ext2 made by mke2fs -d from
# images/rootfs/. Change the default command line with LUCID_CMDLINE=...;
# change it in an existing image with build/images/mkdisk cmdline IMG "...".
IB := $(B)/images
LUCID_CMDLINE ?= console=ttyS0 console=tty0
ROOTFS_FILES := $(shell find images/rootfs -type f 2>/dev/null)
ALL_TARGETS += $(DEFAULT_IMAGE)

$(IB)/mkdisk: images/tools/mkdisk.c guest/tools/tool.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $<
$(IB)/mbr.o: images/mbr.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@
$(IB)/mbr.bin: $(IB)/mbr.o images/mbr.ld
	$(GUEST_LD) $(LUCIX_LDFLAGS) -T images/mbr.ld -o $(IB)/mbr.elf $<
	objcopy -O binary $(IB)/mbr.elf $@
# Fixed UUID, hash seed and time: the same tree gives the same file system.
$(IB)/rootfs.ext2: $(ROOTFS_FILES)
	@mkdir -p $(@D)
	rm -f $@
	E2FSPROGS_FAKE_TIME=1767225600 PATH="$$PATH:/sbin:/usr/sbin" mke2fs -q -t ext2 -F \
		-L lucid-root -U 6c756369-642d-726f-6f74-000000000001 \
		-E hash_seed=6c756369-642d-6861-7368-000000000001 -d images/rootfs $@ 16M
$(DEFAULT_IMAGE): $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 $(IB)/mkdisk images/disk.mk
	$(IB)/mkdisk build $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 "$(LUCID_CMDLINE)" $@
