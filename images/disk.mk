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
# Fixed UUID, hash seed and times: the same tree gives the same file system
# in any checkout (mke2fs -d keeps the files' own times and modes: they are
# copied to a staging directory and pinned first, and the change times, which
# touch cannot set, are set with debugfs after), so a log recorded with one
# build replays on another (the log names the image by its SHA-256).
$(IB)/rootfs.ext2: $(ROOTFS_FILES) images/disk.mk
	@mkdir -p $(@D)
	rm -rf $@ $(IB)/rootfs.stage
	cp -r images/rootfs $(IB)/rootfs.stage
	chmod -R u=rwX,go=rX $(IB)/rootfs.stage
	find $(IB)/rootfs.stage -exec touch -h -d @1767225600 {} +
	E2FSPROGS_FAKE_TIME=1767225600 PATH="$$PATH:/sbin:/usr/sbin" mke2fs -q -t ext2 -F \
		-L lucid-root -U 6c756369-642d-726f-6f74-000000000001 \
		-E hash_seed=6c756369-642d-6861-7368-000000000001 -d $(IB)/rootfs.stage $@ 16M
	(cd $(IB)/rootfs.stage && find . -mindepth 1 | sort | \
		sed 's|^\.\(.*\)|set_inode_field "\1" ctime @1767225600|') >$(IB)/rootfs.ctime
	E2FSPROGS_FAKE_TIME=1767225600 PATH="$$PATH:/sbin:/usr/sbin" \
		debugfs -w -f $(IB)/rootfs.ctime $@ >/dev/null 2>&1
	rm -rf $(IB)/rootfs.stage $(IB)/rootfs.ctime
$(DEFAULT_IMAGE): $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 $(IB)/mkdisk images/disk.mk
	$(IB)/mkdisk build $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 "$(LUCID_CMDLINE)" $@
