# build/images/devtests.cpio: the initramfs of tests/groups/83-guest-devices.sh,
# /init = images/initramfs/devtests.c (the device-driver checks) and
# Debian's busybox, kept apart from initramfs.cpio so its entries stay as
# group 67 counts them.
DEVTESTS_CPIO := $(B)/images/devtests.cpio
ALL_TARGETS += $(DEVTESTS_CPIO)

$(DEVTESTS_CPIO): $(B)/images/mkcpio $(B)/images/user/devtests images/initramfs/devtests.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(B)/images/mkcpio $@ /init=$(B)/images/user/devtests /bin/busybox=$(BUSYBOX)
