# build/images/vt.cpio: the initramfs of tests/groups/90-guest-vt.sh,
# /init = images/initramfs/vttests.c (the virtual-console checks), /bin/ttyinit
# (the keyboard session), /bin/vtbench (make bench's console figures) and Debian's busybox (also as /bin/sh, for system()),
# kept apart from initramfs.cpio so its entries stay as group 67 counts them.
VT_CPIO := $(B)/images/vt.cpio
ALL_TARGETS += $(VT_CPIO)

$(VT_CPIO): $(B)/images/mkcpio $(B)/images/user/vttests $(B)/images/user/vtbench $(B)/images/user/ttyinit images/initramfs/vttests.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(B)/images/mkcpio $@ /init=$(B)/images/user/vttests /bin/vttests=$(B)/images/user/vttests \
		/bin/ttyinit=$(B)/images/user/ttyinit /bin/vtbench=$(B)/images/user/vtbench /bin/busybox=$(BUSYBOX) /bin/sh=$(BUSYBOX)
