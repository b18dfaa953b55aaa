# build/images/inputtests.cpio: the initramfs of tests/groups/89-guest-input.sh,
# /init = images/initramfs/inputtests.c (evdev, mousedev, the PS/2 mouse,
# poll on /dev/rtc0 and /dev/dsp), /bin/evtest (images/programs/evtest.c)
# and Debian's busybox.
INPUTTESTS_CPIO := $(B)/images/inputtests.cpio
ALL_TARGETS += $(INPUTTESTS_CPIO)

$(INPUTTESTS_CPIO): $(B)/images/mkcpio $(B)/images/user/inputtests $(B)/images/prog/evtest \
		images/initramfs/inputtests.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(B)/images/mkcpio $@ /init=$(B)/images/user/inputtests /bin/evtest=$(B)/images/prog/evtest \
		/bin/busybox=$(BUSYBOX)
