# Debian's Linux reading an ISO from -cdrom: the disc, the initramfs and the
# lines its /init must print, shared by tests/groups/97-guest-linux-cd.sh
# (Lucid) and scripts/bench.d/guest-linux.sh (Lucid and QEMU -M isapc).
# Sourced; needs the repository root as the working directory, build/images/mkcpio,
# xorriso, busybox-static ($BUSYBOX_I386) and the modules `make deps` unpacks
# into $LINUX_I386/modules.
#
#   linuxcd_make DIR   writes DIR/cd.iso, DIR/cd.cpio and DIR/want; returns
#                      non-zero (with the reason on stderr) when it cannot
#   linuxcd_got LOG    the "cd:" lines of a serial log, CRs dropped
#   $LINUXCD_APPEND    the kernel's command line for that initramfs
#
# The init loads the modules in dependency order: the SCSI core, the CD-ROM
# layer and its SCSI driver (sr_mod), libata with pata_legacy (the ISA PC's
# legacy ports: no PCI IDE function on Lucid or QEMU's isapc; probe_mask=3
# probes the primary and secondary channels only, where a PC has them), and
# isofs. It waits for /dev/sr0, then prints its size as the kernel has it
# from READ CAPACITY (/sys/block/sr0), the checksum of the whole device
# (READ CAPACITY and READ(10) of every sector), mounts it as iso9660 (Rock
# Ridge names) and prints the checksums of two files and a line of a third,
# then the dmesg lines where sr_mod and isofs say what they found.

LINUXCD_MODULES="scsi_common scsi_mod cdrom sr_mod libata pata_legacy isofs"
# The kernel's command line. Two things in Debian's boot cost about half of
# its instructions and have nothing to do with the CD, so they are left out
# here (group 79 boots with them): the crypto manager's self-tests of the
# built-in algorithms at late_initcall (CONFIG_CRYPTO_FIPS with the tests on;
# RSA and DH in lib/mpi's generic C, mpihelp_submul_1 and mpihelp_addmul_1:
# about 3.1e9 instructions before "clk: Disabling unused clocks", the same
# count on QEMU), and the ISA Plug and Play isolation (about 0.35e9
# instructions of udelay()s before "isapnp: No Plug & Play device found", on
# QEMU too: the protocol's own delays on a bus with no PnP card).
LINUXCD_APPEND="console=ttyS0 rdinit=/init cryptomgr.notests noisapnp"

linuxcd_make() {
	local dir=$1 m a mods=${LINUX_I386:-/opt/linux-i386}/modules
	local bb=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
	for m in $LINUXCD_MODULES; do
		[ -f "$mods/$m.ko" ] || { echo "no $mods/$m.ko (make deps)" >&2; return 1; }
	done
	[ -f "$bb" ] || { echo "no $bb (make deps)" >&2; return 1; }
	command -v xorriso >/dev/null || { echo "no xorriso (make deps)" >&2; return 1; }
	# The disc: a 300 KiB file of a counter's bytes (many sectors, not one
	# repeated), one in a directory with a name only Rock Ridge keeps, a text.
	mkdir -p "$dir/disc/sub dir"
	awk 'BEGIN { for (i = 0; i < 30000; i++) printf "%09d\n", i * 7919 }' >"$dir/disc/data.bin"
	seq 1 5000 >"$dir/disc/sub dir/a-long-file-name.with.dots"
	echo "read from the CD by Linux" >"$dir/disc/readme.txt"
	xorriso -as mkisofs -quiet -R -V LINUXCD -o "$dir/cd.iso" "$dir/disc" 2>"$dir/xorriso.err" ||
		{ echo "xorriso: $(head -c 200 "$dir/xorriso.err")" >&2; return 1; }
	{
		echo "cd: size $(($(stat -c %s "$dir/cd.iso") / 512)) sectors of 512, blocks of 2048"
		echo "cd: device $(sha256sum <"$dir/cd.iso" | cut -d' ' -f1)"
		echo "cd: data.bin $(sha256sum <"$dir/disc/data.bin" | cut -d' ' -f1)"
		echo "cd: long name $(sha256sum <"$dir/disc/sub dir/a-long-file-name.with.dots" | cut -d' ' -f1)"
		echo "cd: readme read from the CD by Linux"
	} >"$dir/want"
	{
		echo '#!/bin/sh'
		echo 'mkdir -p /proc /sys /dev /mnt'
		echo 'mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev'
		for m in $LINUXCD_MODULES; do
			a=
			[ "$m" = pata_legacy ] && a=" probe_mask=3"
			echo "insmod /lib/modules/$m.ko$a || echo 'cd: insmod $m failed'"
		done
		echo 'n=0; while [ ! -b /dev/sr0 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done'
		echo 'echo "cd: size $(cat /sys/block/sr0/size) sectors of 512, blocks of $(cat /sys/block/sr0/queue/logical_block_size)"'
		echo 'echo "cd: device $(sha256sum </dev/sr0 | cut -d" " -f1)"'
		echo 'if mount -t iso9660 -o ro /dev/sr0 /mnt; then'
		echo '	echo "cd: data.bin $(sha256sum </mnt/data.bin | cut -d" " -f1)"'
		echo '	echo "cd: long name $(sha256sum <"/mnt/sub dir/a-long-file-name.with.dots" | cut -d" " -f1)"'
		echo '	echo "cd: readme $(cat /mnt/readme.txt)"'
		echo '	umount /mnt'
		echo 'else echo "cd: mount failed"; fi'
		echo '# sr_mod and isofs say what they found at KERN_DEBUG, below the console level'
		echo "dmesg | grep -E 'Attached scsi CD-ROM|ISO 9660 Extensions'"
		echo 'poweroff -f'
	} >"$dir/init"
	chmod +x "$dir/init"
	local args=(/init="$dir/init" /bin/busybox="$bb")
	for a in sh mkdir mount umount insmod sleep cat cut sha256sum echo dmesg grep poweroff; do
		args+=("/bin/$a->busybox")
	done
	for m in $LINUXCD_MODULES; do args+=("/lib/modules/$m.ko=$mods/$m.ko"); done
	build/images/mkcpio "$dir/cd.cpio" "${args[@]}" >"$dir/mkcpio.out" 2>&1 ||
		{ echo "mkcpio: $(head -1 "$dir/mkcpio.out")" >&2; return 1; }
}

linuxcd_got() {
	tr -d '\r' <"$1" | grep -a '^cd: '
}
