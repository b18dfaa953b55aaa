# build/images/lucid.img: MBR (images/mbr.S) + kernel command line (LBA 1) +
# bzImage (LBA 2..) + partition 1 at LBA 2048: ext2 made by mke2fs -d from
# images/rootfs/ and the build's programs, + partition 2: 8 MiB of swap. Change the default command line with LUCID_CMDLINE=...;
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
# The root file system's contents: images/rootfs/ (committed text: /etc, the
# README) plus Debian's busybox-static as /bin/busybox with a symbolic link
# per applet (images/busybox-links.txt, its `busybox --list-full`), the notes'
# programs in /usr/bin with links in /root, the suites in /usr/libexec/lucid,
# the sample modules in /lib/modules/RELEASE,
# the empty directories, and the device nodes (made with debugfs below, so no
# privileges are needed).
# Fixed UUID, hash seed and times: the same tree gives the same file system
# in any checkout (mke2fs -d keeps the files' own times, modes and owners:
# they are copied to a staging directory and pinned first, and the change
# times, which touch cannot set, the owners (root) and the special modes are
# set with debugfs after), so a log recorded with one build replays on
# another (the log names the image by its SHA-256).
ROOTFS_TIME := 1767225600
ROOTFS_DIRS := bin sbin usr/bin usr/sbin usr/libexec/lucid proc sys tmp mnt root dev run \
	var/log home lib/modules
ROOTFS_ROOT_LINKS := malloc_test forkbomb memhog oomtest mlock_test cow_test
# NAME TYPE MAJOR MINOR MODE: Linux's numbers (Documentation/admin-guide/devices.txt).
ROOTFS_DEVS := console:c:5:1:600 tty:c:5:0:666 null:c:1:3:666 zero:c:1:5:666 \
	full:c:1:7:666 random:c:1:8:666 urandom:c:1:9:666 kmsg:c:1:11:644 \
	tty0:c:4:0:620 tty1:c:4:1:620 tty2:c:4:2:620 tty3:c:4:3:620 tty4:c:4:4:620 \
	ttyS0:c:4:64:660 ttyS1:c:4:65:660 hda:b:3:0:660 hda1:b:3:1:660 hda2:b:3:2:660 \
	rtc0:c:252:0:600 dsp:c:14:3:660 mixer:c:14:0:660 event0:c:13:64:640
# Debian's dynamically linked i386 programs, as shipped (scripts/deps.sh
# unpacks their packages into $(DYN_I386)): bash as /bin/bash, coreutils' ls
# as /usr/bin/ls (busybox's /bin/ls stays first in PATH), glibc's dynamic
# loader and the libraries they need, symbolic links kept.
DYN_I386 ?= /opt/debian-i386-dyn
DYN_FILES := bin/bash:bin/bash bin/ls:usr/bin/ls lib/ld-linux.so.2:lib/ld-linux.so.2 \
	lib/i386-linux-gnu/ld-linux.so.2 lib/i386-linux-gnu/libc.so.6 \
	lib/i386-linux-gnu/libtinfo.so.6 lib/i386-linux-gnu/libtinfo.so.6.4 \
	lib/i386-linux-gnu/libselinux.so.1 usr/lib/i386-linux-gnu/libpcre2-8.so.0 \
	usr/lib/i386-linux-gnu/libpcre2-8.so.0.11.2
E2TOOLS := E2FSPROGS_FAKE_TIME=$(ROOTFS_TIME) PATH="$$PATH:/sbin:/usr/sbin"
# The sample modules (guest/modules/, not the tests' ones) in /lib/modules/RELEASE
# with their modules.dep, so `modprobe helloworld` works in the shell.
$(IB)/rootfs-modules.dep: $(MODULE_KOS) guest/modules/mod/depmod.sh
	@mkdir -p $(@D)
	sh guest/modules/mod/depmod.sh nm $(MODULE_KOS) > $@
$(IB)/rootfs.ext2: $(ROOTFS_FILES) images/disk.mk images/busybox-links.txt $(IMAGE_PROGRAM_BINS) \
		$(IB)/user/fstests $(IB)/user/memtests $(MODULE_KOS) $(IB)/rootfs-modules.dep
	@mkdir -p $(@D)
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	rm -rf $@ $(IB)/rootfs.stage
	cp -r images/rootfs $(IB)/rootfs.stage
	cd $(IB)/rootfs.stage && mkdir -p $(ROOTFS_DIRS)
	cp $(BUSYBOX) $(IB)/rootfs.stage/bin/busybox
	@test -f $(DYN_I386)/.unpacked || { echo "$@: no $(DYN_I386) (Debian's libc6, bash, coreutils:i386): run 'make deps'" >&2; exit 1; }
	for f in $(DYN_FILES); do src=$${f%%:*} dst=$${f#*:}; \
		mkdir -p $(IB)/rootfs.stage/$$(dirname $$dst) && cp -P $(DYN_I386)/$$src $(IB)/rootfs.stage/$$dst; done
	grep / images/busybox-links.txt | grep -vx bin/busybox | while read -r l; do \
		mkdir -p $(IB)/rootfs.stage/$$(dirname $$l) && ln -s /bin/busybox $(IB)/rootfs.stage/$$l; done
	cp $(IMAGE_PROGRAM_BINS) $(IB)/rootfs.stage/usr/bin/
	ln -s memhog $(IB)/rootfs.stage/usr/bin/oomtest
	ln -s wavplay $(IB)/rootfs.stage/usr/bin/wavrec
	cp $(IB)/user/fstests $(IB)/user/memtests $(IB)/rootfs.stage/usr/libexec/lucid/
	mkdir -p $(IB)/rootfs.stage$(MODDIR)
	cp $(MODULE_KOS) $(IB)/rootfs.stage$(MODDIR)/
	cp $(IB)/rootfs-modules.dep $(IB)/rootfs.stage$(MODDIR)/modules.dep
	for p in $(ROOTFS_ROOT_LINKS); do ln -s /usr/bin/$$p $(IB)/rootfs.stage/root/$$p; done
	chmod -R u=rwX,go=rX $(IB)/rootfs.stage
	find $(IB)/rootfs.stage -exec touch -h -d @$(ROOTFS_TIME) {} +
	$(E2TOOLS) mke2fs -q -t ext2 -F -L lucid-root -U 6c756369-642d-726f-6f74-000000000001 \
		-E hash_seed=6c756369-642d-6861-7368-000000000001,root_owner=0:0 \
		-d $(IB)/rootfs.stage $@ 32M
	{ for d in $(ROOTFS_DEVS); do set -- $$(echo $$d | tr : ' '); \
		echo "cd /dev"; echo "mknod $$1 $$2 $$3 $$4"; echo "cd /"; \
		echo "set_inode_field /dev/$$1 mode 0$$([ $$2 = c ] && echo 02 || echo 06)0$$5"; \
		for t in atime mtime; do echo "set_inode_field /dev/$$1 $$t @$(ROOTFS_TIME)"; done; \
		echo "set_inode_field /dev/$$1 ctime @$(ROOTFS_TIME)"; done; \
	  (cd $(IB)/rootfs.stage && find . -mindepth 1 | LC_ALL=C sort | sed 's|^\.||') | \
		while read -r f; do echo "set_inode_field \"$$f\" uid 0"; \
		echo "set_inode_field \"$$f\" gid 0"; \
		echo "set_inode_field \"$$f\" ctime @$(ROOTFS_TIME)"; done; \
	  echo "set_inode_field /tmp mode 041777"; echo "set_inode_field /root mode 040700"; \
	  echo "set_inode_field /etc/shadow mode 0100600"; } >$(IB)/rootfs.debugfs
	$(E2TOOLS) debugfs -w -f $(IB)/rootfs.debugfs $@ >/dev/null 2>$(IB)/rootfs.debugfs.err
	@if grep -v '^debugfs [0-9]' $(IB)/rootfs.debugfs.err | grep .; then \
		echo "$@: debugfs failed (above)" >&2; rm -f $@; exit 1; fi
	rm -f $(IB)/rootfs.debugfs $(IB)/rootfs.debugfs.err
	rm -rf $(IB)/rootfs.stage
# The swap partition: 8 MiB made by mkswap with a fixed UUID and label.
$(IB)/swap.img: images/disk.mk
	@mkdir -p $(@D)
	rm -f $@
	truncate -s 8M $@
	PATH="$$PATH:/sbin:/usr/sbin" mkswap -q -L lucid-swap -U 6c756369-642d-7377-6170-000000000001 $@
$(DEFAULT_IMAGE): $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 $(IB)/swap.img $(IB)/mkdisk images/disk.mk
	$(IB)/mkdisk build $(IB)/mbr.bin $(GB)/bzImage $(IB)/rootfs.ext2 $(IB)/swap.img "$(LUCID_CMDLINE)" $@
