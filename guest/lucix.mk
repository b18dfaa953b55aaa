# The lucix guest kernel. Outputs:
#   build/guest/lucix.elf   the kernel, linked at 0xC0100000, with symbols and DWARF
#   build/guest/bzImage     the boot-protocol image: boot sector + real-mode setup
#                           (HdrS header) + decompressor carrying the gzip'ed kernel
# Kernel options come from guest/config (CONFIG_HZ, CONFIG_PAE, ...).

GB := $(B)/guest
include guest/config

ifeq ($(filter $(CONFIG_PAE),y n),)
$(error guest/config: CONFIG_PAE must be y or n, not '$(CONFIG_PAE)')
endif
# PAE means a P6-class CPU; without it lucix runs on any 386, so it is built for one.
ifeq ($(CONFIG_PAE),y)
LUCIX_MARCH := -march=i686
else
LUCIX_MARCH := -march=i386
endif
ifeq ($(filter $(CONFIG_HZ),100 250 1000),)
$(error guest/config: CONFIG_HZ must be 100, 250 or 1000, not '$(CONFIG_HZ)')
endif
CONFIG_SLOB ?= n
ifneq ($(sort $(CONFIG_SLUB) $(CONFIG_SLAB) $(CONFIG_SLOB)),n y)
$(error guest/config: set exactly one of CONFIG_SLUB, CONFIG_SLAB and CONFIG_SLOB to y)
endif
ifneq ($(words $(filter y,$(CONFIG_SLUB) $(CONFIG_SLAB) $(CONFIG_SLOB))),1)
$(error guest/config: set exactly one of CONFIG_SLUB, CONFIG_SLAB and CONFIG_SLOB to y)
endif

AUTOCONF := $(GB)/include/generated/autoconf.h
LUCIX_INC := -nostdinc -Iguest/include
# Kernel code: the top Makefile's GUEST_CFLAGS plus what a kernel needs on top:
# frame pointers for stack traces, no FPU/SSE code, no loop-to-memset rewriting
# (string.c would call itself).
LUCIX_CFLAGS := $(filter-out -march=%,$(GUEST_CFLAGS)) $(LUCIX_MARCH) -std=gnu11 $(LUCIX_INC) -I$(GB)/vdso -include $(AUTOCONF) \
	-fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -mgeneral-regs-only \
	-fno-common -fno-strict-aliasing
# MUTANT=NAME builds a deliberately broken kernel for mutation testing of the
# self-tests: the code has one-line faults under #ifdef MUTANT_NAME, and
# tests/groups/86-guest-mutants.sh expects the self-test that names the
# mechanism to fail on each (docs/TESTING.md).
ifneq ($(MUTANT),)
LUCIX_CFLAGS += -DMUTANT_$(MUTANT)
endif
LUCIX_ASFLAGS := $(GUEST_ASFLAGS) $(LUCIX_INC) -include $(AUTOCONF) -D__ASSEMBLY__
# The real-mode setup: 16-bit code (gcc -m16 emits 32-bit-operand real-mode code,
# so it needs a 386), small rather than fast.
SETUP_CFLAGS := $(filter-out -m32 -march=i686 -O2,$(GUEST_CFLAGS)) -m16 -march=i386 -Os \
	-std=gnu11 $(LUCIX_INC) -include $(AUTOCONF) -fomit-frame-pointer -fno-tree-loop-distribute-patterns \
	-mgeneral-regs-only -fno-common --param=min-pagesize=0
LUCIX_LDFLAGS := -z noexecstack --no-warn-rwx-segments
LIBGCC := $(shell $(GUEST_CC) -print-libgcc-file-name)

LUCIX_SRCS := $(wildcard guest/arch/x86/*.c guest/arch/x86/*.S guest/kernel/*.c \
	guest/kernel/*/*.c guest/lib/*.c guest/mm/*.c guest/fs/*.c guest/fs/*/*.c guest/block/*.c \
	guest/drivers/*/*.c)
LUCIX_OBJS := $(patsubst %,$(GB)/k/%.o,$(basename $(LUCIX_SRCS))) $(GB)/vdso/vdso-image.o \
	$(MODULES_BUILTIN_OBJS)
SETUP_SRCS := $(wildcard guest/boot/*.c guest/boot/*.S)
SETUP_OBJS := $(patsubst %,$(GB)/setup/%.o,$(basename $(SETUP_SRCS)))
DECOMP_OBJS := $(addprefix $(GB)/compressed/,head_32.o misc.o inflate.o piggy.o)

ALL_TARGETS += $(GB)/lucix.elf $(GB)/bzImage

# autoconf.h comes from the make variables (so `make CONFIG_PAE=n ...` works, as
# the tests do for the non-PAE variant) and is rewritten only when it changes.
hash := \#
CONFIG_VARS := $(sort $(filter CONFIG_%,$(.VARIABLES)))
conf_line = $(if $(filter y,$($(1))),$(hash)define $(1) 1,$(if $(filter n,$($(1))),/* $(1) is not set */,$(hash)define $(1) $($(1))))
$(AUTOCONF): guest/config FORCE
	@mkdir -p $(@D)
	@( $(foreach v,$(CONFIG_VARS),echo '$(call conf_line,$(v))';) ) > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
.PHONY: FORCE
FORCE:

$(GB)/k/%.o: %.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -c $< -o $@
$(GB)/k/%.o: %.S $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_ASFLAGS) -c $< -o $@

# The 32-bit vDSO: a one-page shared object (guest/arch/x86/vdso/), linked at 0,
# embedded in the kernel's data; vdso-syms.h gives the kernel its entry offsets.
$(GB)/vdso/%.o: guest/arch/x86/vdso/%.S $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_ASFLAGS) -fPIC -c $< -o $@
$(GB)/vdso/vclock_gettime.o: guest/arch/x86/vdso/vclock_gettime.c
	@mkdir -p $(@D)
	$(GUEST_CC) -m32 -march=i686 -O2 -fPIC -ffreestanding -nostdinc -fno-stack-protector \
		-fno-asynchronous-unwind-tables -fno-omit-frame-pointer -mgeneral-regs-only -Wall -c $< -o $@
$(GB)/vdso/vdso32.so: $(GB)/vdso/vdso32.o $(GB)/vdso/vclock_gettime.o guest/arch/x86/vdso/vdso.lds
	$(GUEST_LD) -shared -soname linux-gate.so.1 --hash-style=both -z noexecstack \
		-T guest/arch/x86/vdso/vdso.lds -o $@ $(GB)/vdso/vdso32.o $(GB)/vdso/vclock_gettime.o
	@! readelf -r $@ | grep -q 'R_386' || { echo "$@: the vDSO must have no relocations" >&2; rm -f $@; exit 1; }
	@test $$(stat -c %s $@) -le 4096 || { echo "$@: the vDSO must fit in one page" >&2; rm -f $@; exit 1; }
$(GB)/vdso/vdso-syms.h: $(GB)/vdso/vdso32.so
	nm $< | awk '$$3 == "__kernel_vsyscall" || $$3 == "int80_landing_pad" || $$3 == "vdso_data" { print "#define VDSO_" toupper($$3) " 0x" $$1 }' > $@
$(GB)/vdso/vdso-image.o: guest/arch/x86/vdso/vdso-image.S $(GB)/vdso/vdso32.so
	$(GUEST_CC) $(LUCIX_ASFLAGS) -DVDSO_FILE='"$(GB)/vdso/vdso32.so"' -c $< -o $@
$(GB)/k/guest/arch/x86/vdso.o $(GB)/k/guest/arch/x86/syscall_32.o $(GB)/k/guest/fs/exec.o: $(GB)/vdso/vdso-syms.h

# Two-pass link for the built-in symbol table (like Linux's kallsyms): link
# with an empty table, list the text symbols, link again with them. The table
# sits after all code, so the second link cannot move a function; the check
# regenerates the table from the result and insists it is the same.
$(GB)/kallsyms0.S: guest/tools/kallsyms.sh
	@mkdir -p $(@D)
	sh $< --empty > $@
$(GB)/kallsyms%.o: $(GB)/kallsyms%.S
	$(GUEST_CC) $(LUCIX_ASFLAGS) -c $< -o $@
$(GB)/lucix.tmp: $(LUCIX_OBJS) $(GB)/kallsyms0.o guest/arch/x86/vmlinux.lds
	$(GUEST_LD) $(LUCIX_LDFLAGS) -T guest/arch/x86/vmlinux.lds -o $@ $(LUCIX_OBJS) $(GB)/kallsyms0.o $(LIBGCC)
$(GB)/kallsyms1.S: $(GB)/lucix.tmp guest/tools/kallsyms.sh
	nm -n $< | sh guest/tools/kallsyms.sh > $@
$(GB)/lucix.elf: $(LUCIX_OBJS) $(GB)/kallsyms1.o guest/arch/x86/vmlinux.lds
	$(GUEST_LD) $(LUCIX_LDFLAGS) -T guest/arch/x86/vmlinux.lds -o $@ $(LUCIX_OBJS) $(GB)/kallsyms1.o $(LIBGCC)
	@nm -n $@ | sh guest/tools/kallsyms.sh | cmp -s - $(GB)/kallsyms1.S || \
		{ echo "lucix.elf: kallsyms table moved code between link passes" >&2; rm -f $@; exit 1; }

$(GB)/vmlinux.bin: $(GB)/lucix.elf
	objcopy -O binary $< $@
$(GB)/vmlinux.bin.gz: $(GB)/vmlinux.bin $(GB)/tools/mkbzimage
	$(GB)/tools/mkbzimage gzip $< $@

# The decompressor, linked at 4 MiB with the compressed kernel inside.
$(GB)/compressed/%.o: guest/boot/compressed/%.S $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_ASFLAGS) -c $< -o $@
$(GB)/compressed/%.o: guest/boot/compressed/%.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -c $< -o $@
$(GB)/compressed/inflate.o: guest/lib/inflate.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -c $< -o $@
$(GB)/compressed/piggy.o: guest/boot/compressed/piggy.S $(GB)/vmlinux.bin.gz
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_ASFLAGS) -DPIGGY_FILE='"$(GB)/vmlinux.bin.gz"' -c $< -o $@
$(GB)/compressed.elf: $(DECOMP_OBJS) guest/boot/compressed/vmlinux.lds
	$(GUEST_LD) $(LUCIX_LDFLAGS) -T guest/boot/compressed/vmlinux.lds -o $@ $(DECOMP_OBJS) $(LIBGCC)
$(GB)/payload.bin: $(GB)/compressed.elf
	objcopy -O binary $< $@

# The real-mode setup.
$(GB)/setup/%.o: %.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(GUEST_CC) $(SETUP_CFLAGS) -c $< -o $@
$(GB)/setup/%.o: %.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) $(LUCIX_INC) -D__ASSEMBLY__ -c $< -o $@
$(GB)/setup.elf: $(SETUP_OBJS) guest/boot/setup.ld
	$(GUEST_LD) $(LUCIX_LDFLAGS) -T guest/boot/setup.ld -o $@ $(SETUP_OBJS)
$(GB)/setup.bin: $(GB)/setup.elf
	objcopy -O binary $< $@

sym = $$(nm $(1) | awk '$$3 == "$(2)" { print "0x" $$1 }')
$(GB)/bzImage: $(GB)/setup.bin $(GB)/payload.bin $(GB)/tools/mkbzimage
	@start=$(call sym,$(GB)/compressed.elf,input_data); \
	end=$(call sym,$(GB)/compressed.elf,input_data_end); \
	dend=$(call sym,$(GB)/compressed.elf,_end); \
	size=$$(stat -c %s $(GB)/payload.bin); \
	if [ $$size -gt $$((0x300000)) ]; then echo "bzImage: payload too big ($$size bytes)" >&2; exit 1; fi; \
	echo "$(GB)/tools/mkbzimage build ... $@"; \
	$(GB)/tools/mkbzimage build $(GB)/setup.bin $(GB)/payload.bin $@ \
		$$((start - 0x400000)) $$((end - start)) $$((dend - 0x100000))

$(GB)/tools/mkbzimage: guest/tools/mkbzimage.c guest/tools/tool.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< -lz
