# build/images/initramfs.cpio: the initramfs lucix runs its first programs from
# (until it has a file system): /init is the user-space test suite
# (images/initramfs/usertests.c; /bin/userbench is `make bench`'s, /bin/fstests the
# file-system suite, images/initramfs/fstests.c, /bin/memtests the process-memory checks
# of group 69, /bin/ttyinit the init that runs busybox sh on the console with job
# control, /bin/ttytests the terminal suite, images/initramfs/ttytests.c, both for group 80), a static i386 program linked with Debian's
# musl (the musl-dev:i386 package). That package cannot be installed next to
# gcc-multilib (its cross-compiler dependency conflicts), so `make deps`
# unpacks it into MUSL_I386 and the host gcc -m32 links against it. /bin/busybox is
# Debian's busybox-static:i386 binary as shipped (unpacked by `make deps` too). Boot with
#   build/lucid -kernel build/guest/bzImage -initrd build/images/initramfs.cpio ...
IB := $(B)/images
MUSL_I386 ?= /opt/musl-i386/usr
BUSYBOX := $(or $(BUSYBOX_I386),/opt/busybox-i386)/bin/busybox
MUSL_LIB := $(MUSL_I386)/lib/i386-linux-musl
USER_CC := $(HOST_CC) -m32
USER_CFLAGS := -static -no-pie -fno-pie -O2 -g -Wall -Wextra -fno-stack-protector \
	-nostdinc -isystem $(MUSL_I386)/include/i386-linux-musl \
	-isystem $(shell $(HOST_CC) -m32 -print-file-name=include)
USER_START := $(MUSL_LIB)/crt1.o $(MUSL_LIB)/crti.o $(shell $(HOST_CC) -m32 -print-file-name=crtbeginT.o)
USER_END := $(MUSL_LIB)/libc.a $(shell $(HOST_CC) -m32 -print-libgcc-file-name) $(MUSL_LIB)/libc.a \
	$(shell $(HOST_CC) -m32 -print-file-name=crtend.o) $(MUSL_LIB)/crtn.o
INITRAMFS := $(IB)/initramfs.cpio
ALL_TARGETS += $(INITRAMFS) $(IB)/user/ext2wtests $(IB)/user/swaptests $(IB)/user/blktests $(IB)/user/sendfiletest \
	$(IB)/user/pfbench $(IB)/user/procbench

$(IB)/mkcpio: images/tools/mkcpio.c guest/tools/tool.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $<
$(IB)/user/%: images/initramfs/%.c images/initramfs/check.h images/initramfs/initramfs.mk
	@mkdir -p $(@D)
	@test -f $(MUSL_LIB)/libc.a || { echo "$@: no i386 musl in $(MUSL_I386): run 'make deps'" >&2; exit 1; }
	$(USER_CC) $(USER_CFLAGS) -nostdlib -o $@ $(USER_START) $< $(USER_END)
$(INITRAMFS): $(IB)/mkcpio $(IB)/user/usertests $(IB)/user/userbench $(IB)/user/fstests \
		$(IB)/user/memtests $(IB)/user/proctests $(IB)/user/proc2tests $(IB)/user/sysfuzz $(IB)/user/isotests \
		$(IB)/user/ttyinit $(IB)/user/ttytests images/initramfs/initramfs.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(IB)/mkcpio $@ /init=$(IB)/user/usertests /bin/usertests=$(IB)/user/usertests \
		/bin/userbench=$(IB)/user/userbench /bin/fstests=$(IB)/user/fstests \
		/bin/memtests=$(IB)/user/memtests /bin/proctests=$(IB)/user/proctests \
		/bin/proc2tests=$(IB)/user/proc2tests \
		/bin/sysfuzz=$(IB)/user/sysfuzz /bin/isotests=$(IB)/user/isotests \
		/bin/ttyinit=$(IB)/user/ttyinit /bin/ttytests=$(IB)/user/ttytests \
		/bin/busybox=$(BUSYBOX)

# build/images/modules.cpio: the module tests' initramfs (tests/groups/82-guest-modules.sh):
# /init is images/initramfs/modtests.c, busybox, and every .ko (guest/modules/modules.mk)
# in /lib/modules/RELEASE with a modules.dep (guest/modules/mod/depmod.sh) for modprobe.
MODULES_CPIO := $(IB)/modules.cpio
ALL_TARGETS += $(MODULES_CPIO)
MODDIR := /lib/modules/6.1.0-lucix
$(IB)/modules.dep: $(MODULE_KOS) $(TEST_MODULE_KOS) guest/modules/mod/depmod.sh
	sh guest/modules/mod/depmod.sh nm $(MODULE_KOS) $(TEST_MODULE_KOS) > $@
$(MODULES_CPIO): $(IB)/mkcpio $(IB)/user/modtests $(MODULE_KOS) $(TEST_MODULE_KOS) $(IB)/modules.dep \
		images/initramfs/initramfs.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(IB)/mkcpio $@ /init=$(IB)/user/modtests /bin/busybox=$(BUSYBOX) \
		$(MODDIR)/modules.dep=$(IB)/modules.dep \
		$(foreach k,$(MODULE_KOS) $(TEST_MODULE_KOS),$(MODDIR)/$(notdir $(k))=$(k))
