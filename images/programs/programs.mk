# The notes' programs for the default image (images/programs/*.c): static i386
# programs linked with Debian's musl like the initramfs's suites
# (images/initramfs/initramfs.mk), installed in the image's /usr/bin by
# images/disk.mk. oomtest is memhog under another name, wavrec wavplay.
IMAGE_PROGRAMS := malloc_test forkbomb memhog mlock_test cow_test lucid-tests strace slabtop vmstat \
	pmap evtest wavplay
IMAGE_PROGRAM_BINS := $(IMAGE_PROGRAMS:%=$(B)/images/prog/%)

$(B)/images/prog/%: images/programs/%.c images/programs/vmstat.h images/initramfs/check.h \
		images/programs/programs.mk
	@mkdir -p $(@D)
	@test -f $(MUSL_LIB)/libc.a || { echo "$@: no i386 musl in $(MUSL_I386): run 'make deps'" >&2; exit 1; }
	$(USER_CC) $(USER_CFLAGS) -nostdlib -o $@ $(USER_START) $< $(USER_END)

# Test group 85's initramfs: imagetests (images/programs/imagetests.c) as
# /init, which mounts the default image's root and runs its programs, and
# busybox (the target of the image's applet links).
IMAGETESTS := $(B)/images/imagetests.cpio
ALL_TARGETS += $(IMAGETESTS)
$(IMAGETESTS): $(B)/images/mkcpio $(B)/images/prog/imagetests images/programs/programs.mk
	@test -f $(BUSYBOX) || { echo "$@: no $(BUSYBOX) (Debian's busybox-static:i386): run 'make deps'" >&2; exit 1; }
	$(B)/images/mkcpio $@ /init=$(B)/images/prog/imagetests /bin/busybox=$(BUSYBOX)
