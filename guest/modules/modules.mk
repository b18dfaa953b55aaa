# Loadable modules (Linux's kbuild for obj-m, reduced). Every guest/modules/NAME.c
# is a module: CONFIG_NAME=y in guest/config (NAME upper-cased, '-' as '_') builds
# it into the kernel (module_init becomes an initcall, parameters NAME.PARAM on
# the command line), anything else builds build/guest/modules/NAME.ko: an ELF32
# i386 relocatable object, the module's object linked (ld -r) with NAME.mod.o
# (guest/modules/mod/this_module.c: struct module and vermagic, as modpost's
# NAME.mod.c). images/initramfs/modules/NAME.c are test modules, always .ko.
# The kernel's flags (LUCIX_CFLAGS, from guest/lucix.mk) are used, so a module
# sees the same headers and struct layouts as the kernel it is loaded into.

MB := $(B)/guest/modules
include guest/config
MODULE_SRCS := $(wildcard guest/modules/*.c)
MODULE_NAMES := $(basename $(notdir $(MODULE_SRCS)))
mod_config = $(CONFIG_$(shell echo '$(1)' | tr 'a-z-' 'A-Z_'))
MODULES_BUILTIN := $(foreach m,$(MODULE_NAMES),$(if $(filter y,$(call mod_config,$(m))),$(m)))
MODULES_M := $(filter-out $(MODULES_BUILTIN),$(MODULE_NAMES))
TEST_MODULE_NAMES := $(basename $(notdir $(wildcard images/initramfs/modules/*.c)))
MODULE_KOS := $(MODULES_M:%=$(MB)/%.ko)
TEST_MODULE_KOS := $(TEST_MODULE_NAMES:%=$(MB)/%.ko)
# guest/lucix.mk links these into lucix.elf.
MODULES_BUILTIN_OBJS := $(MODULES_BUILTIN:%=$(B)/guest/k/guest/modules/%.o)
ALL_TARGETS += $(MODULE_KOS) $(TEST_MODULE_KOS)

$(MODULES_BUILTIN_OBJS): LUCIX_CFLAGS += -DKBUILD_MODNAME='"$(basename $(notdir $@))"'

$(MB)/%.o: guest/modules/%.c $(B)/guest/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -DMODULE -DKBUILD_MODNAME='"$*"' -c $< -o $@
$(MB)/%.o: images/initramfs/modules/%.c $(B)/guest/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -DMODULE -DKBUILD_MODNAME='"$*"' -c $< -o $@
# badmagic.ko: built for another kernel (its vermagic names a different release).
$(MB)/badmagic.mod.o: MOD_EXTRA := -DVERMAGIC='"5.10.0 SMP mod_unload 486 "'
$(MB)/%.mod.o: guest/modules/mod/this_module.c $(B)/guest/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(GUEST_CC) $(LUCIX_CFLAGS) -DMODULE -DKBUILD_MODNAME='"$*"' $(MOD_EXTRA) -c $< -o $@
$(MB)/%.ko: $(MB)/%.o $(MB)/%.mod.o
	$(GUEST_LD) -r -o $@ $^
