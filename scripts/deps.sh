#!/usr/bin/env bash
# make deps: install the Debian packages Lucid386 needs, only those missing.
# As root it runs apt-get itself; otherwise it prints the command and stops.
set -eu
PKGS="gcc gcc-multilib make pkg-config libsdl2-dev libelf-dev libdw-dev
libcriterion-dev zlib1g-dev libcapstone-dev libunicorn-dev libpng-dev libssl-dev libedit-dev
e2fsprogs qemu-system-x86 xvfb xdotool x11-apps syslinux-common gdb kbd console-data afl++
xorriso isolinux grub-pc-bin grub-common"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# Debian's musl for i386 (the user programs of the initramfs): the package
# musl-dev:i386 conflicts with gcc-multilib through its cross compiler, so it
# is unpacked (not installed) into $MUSL_I386 with apt-get download + dpkg -x.
# Debian's busybox-static for i386 goes into the initramfs as it is (never rebuilt):
# unpacked the same way into $BUSYBOX_I386.
MUSL_I386=${MUSL_I386:-/opt/musl-i386}
BUSYBOX_I386=${BUSYBOX_I386:-/opt/busybox-i386}
# Debian's 32-bit Linux kernel (linux-image-686): its vmlinuz, and in modules/ the
# IDE, CD-ROM, ext4 and isofs modules; `make bench` runs the same user-space
# benchmarks on it under QEMU to compare with lucix.
LINUX_I386=${LINUX_I386:-/opt/linux-i386}
# Debian's dynamically linked bash and coreutils' ls for i386 with the
# libraries they load (glibc's ld-linux.so.2 and libc.so.6, libtinfo,
# libselinux, libpcre2): unpacked together into $DYN_I386 for the image.
DYN_I386=${DYN_I386:-/opt/debian-i386-dyn}
# Debian's iPXE (package ipxe, architecture all): its ipxe.lkrn is group 44's
# third-party guest, unpacked into $IPXE_DIR.
IPXE_DIR=${IPXE_DIR:-/opt/ipxe}
DYN_PKGS="libc6 bash coreutils libtinfo6 libselinux1 libpcre2-8-0"
# Debian's memtest86+ (group 43, make bench's guests): unpacked, not installed
# (installing it runs GRUB's hooks), into $MEMTEST_DIR; boot/memtest86+ia32.bin
# is the 32-bit Linux-boot-protocol image that -kernel loads.
MEMTEST_DIR=${MEMTEST_DIR:-/opt/memtest86+}
musl_missing=
[ -f "$MEMTEST_DIR/boot/memtest86+ia32.bin" ] || musl_missing=y
ls "$LINUX_I386"/vmlinuz-* >/dev/null 2>&1 || musl_missing=y
[ -f "$LINUX_I386/modules/ext4.ko" ] || musl_missing=y
[ -f "$LINUX_I386/modules/isofs.ko" ] || musl_missing=y
[ -f "$MUSL_I386/usr/lib/i386-linux-musl/libc.a" ] || musl_missing=y
[ -f "$BUSYBOX_I386/bin/busybox" ] || musl_missing=y
[ -f "$DYN_I386/.unpacked" ] || musl_missing=y
[ -f "$IPXE_DIR/boot/ipxe.lkrn" ] || musl_missing=y
[ -z "$missing" ] && [ -z "$musl_missing" ] && exit 0
[ -n "$missing" ] && echo "deps: missing Debian packages:$missing"
[ -n "$musl_missing" ] && echo "deps: missing i386 musl in $MUSL_I386, busybox in $BUSYBOX_I386, a Linux kernel in $LINUX_I386, iPXE in $IPXE_DIR or memtest86+ in $MEMTEST_DIR"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$musl_missing" ] && ! dpkg --print-foreign-architectures | grep -qx i386; then
	dpkg --add-architecture i386
fi
apt-get update -qq
if [ -n "$missing" ]; then
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	echo "deps: installed:$missing"
fi
unpack() {	# PACKAGE DIR
	local tmp
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq "$1:i386" 2>/dev/null) ||
		{ echo "deps: apt-get download $1:i386 failed" >&2; rm -rf "$tmp"; exit 1; }
	mkdir -p "$2"
	dpkg -x "$tmp"/"$1"_*_i386.deb "$2"
	rm -rf "$tmp"
	echo "deps: unpacked $1:i386 into $2"
}
if [ ! -f "$MEMTEST_DIR/boot/memtest86+ia32.bin" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq memtest86+ 2>/dev/null) ||
		{ echo "deps: apt-get download memtest86+ failed" >&2; rm -rf "$tmp"; exit 1; }
	mkdir -p "$MEMTEST_DIR"
	dpkg -x "$tmp"/memtest86+_*.deb "$MEMTEST_DIR"
	rm -rf "$tmp"
	echo "deps: unpacked memtest86+ into $MEMTEST_DIR"
fi
if [ -n "$musl_missing" ]; then
	[ -f "$MUSL_I386/usr/lib/i386-linux-musl/libc.a" ] || unpack musl-dev "$MUSL_I386"
	[ -f "$BUSYBOX_I386/bin/busybox" ] || unpack busybox-static "$BUSYBOX_I386"
	if [ ! -f "$IPXE_DIR/boot/ipxe.lkrn" ]; then
		tmp=$(mktemp -d)
		(cd "$tmp" && apt-get download -qq ipxe 2>/dev/null) ||
			{ echo "deps: apt-get download ipxe failed" >&2; rm -rf "$tmp"; exit 1; }
		mkdir -p "$IPXE_DIR"
		dpkg -x "$tmp"/ipxe_*_all.deb "$IPXE_DIR"
		rm -rf "$tmp"
		echo "deps: unpacked ipxe into $IPXE_DIR"
	fi
	if [ ! -f "$DYN_I386/.unpacked" ]; then
		for p in $DYN_PKGS; do unpack "$p" "$DYN_I386"; done
		touch "$DYN_I386/.unpacked"
	fi
	if ! ls "$LINUX_I386"/vmlinuz-* >/dev/null 2>&1; then
		tmp=$(mktemp -d)
		pkg=$(apt-cache depends linux-image-686:i386 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
		(cd "$tmp" && [ -n "$pkg" ] && apt-get download -qq "$pkg" 2>/dev/null) ||
			{ echo "deps: apt-get download linux-image-686 failed" >&2; rm -rf "$tmp"; exit 1; }
		mkdir -p "$LINUX_I386"
		(cd "$tmp" && dpkg-deb --fsys-tarfile linux-image-*.deb | tar -x ./boot/ &&
			cp boot/vmlinuz-* "$LINUX_I386"/)
		rm -rf "$tmp"
		echo "deps: unpacked $pkg's vmlinuz into $LINUX_I386"
	fi
	# The modules Linux needs to mount an ext2 on the IDE disk (make bench's file
	# figures): its IDE (ata_piix, libata, SCSI disk) and ext2 (ext4) are modules;
	# and to read an ISO from -cdrom (group 97): the legacy ISA ATA driver for the
	# secondary channel (pata_legacy), the SCSI CD-ROM (cdrom, sr_mod) and isofs.
	if [ ! -f "$LINUX_I386/modules/ext4.ko" ] || [ ! -f "$LINUX_I386/modules/isofs.ko" ]; then
		tmp=$(mktemp -d)
		pkg=$(apt-cache depends linux-image-686:i386 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
		(cd "$tmp" && [ -n "$pkg" ] && apt-get download -qq "$pkg" 2>/dev/null) ||
			{ echo "deps: apt-get download linux-image-686 failed" >&2; rm -rf "$tmp"; exit 1; }
		mkdir -p "$LINUX_I386/modules"
		(cd "$tmp" && dpkg-deb --fsys-tarfile linux-image-*.deb | tar -x --wildcards './lib/modules/*' &&
			for m in crc64 crc64-rocksoft crct10dif_common crct10dif_generic crc-t10dif t10-pi \
				scsi_common scsi_mod libata ata_piix sd_mod crc16 mbcache jbd2 crc32c_generic ext4 \
				pata_legacy cdrom sr_mod isofs; do
				cp "$(find lib/modules -name "$m.ko" | head -1)" "$LINUX_I386/modules/" || exit 1
			done)
		rm -rf "$tmp"
		echo "deps: unpacked $pkg's IDE, CD-ROM, ext4 and isofs modules into $LINUX_I386/modules"
	fi
fi
