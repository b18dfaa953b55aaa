# Bootable disk images. The default image is build/images/lucid.img.
DEFAULT_IMAGE := $(B)/images/lucid.img
include $(wildcard images/*/*.mk images/disk.mk)
