#!/usr/bin/env bash
# Guest kernel boot tests. Boots build/images/lucid.img and
# build/guest/bzImage headless, captures the serial console and checks:
#   - every start_kernel step appears, in the notes' order
#   - the boot self-test suite passes (exit through isa-debug-exit)
#   - BogoMIPS is printed, jiffies advance HZ per second of the CMOS clock
#   - test=pagefault gives Linux's oops and a panic
#   - a too small machine (-m 2) stops with a clear panic, a CPU without PAE too
#   - the CONFIG_PAE=n variant boots on a 486 and a Pentium
#   - an overlong / malformed command line is truncated or ignored with warnings
#   - the disk boot and qemu -kernel give the same steps in the same order
#   - the same with Lucid's BIOS (build/bios/bios.bin) on QEMU
#   - the same on Lucid once build/lucid can boot disks
# QEMU runs with -icount (virtual time from the instruction count, like Lucid)
# and the RTC on that clock, so timing checks are repeatable and fast.
. "$(dirname "$0")/../lib.sh"
HZ=$(sed -n 's/^CONFIG_HZ=//p' guest/config)

# The start_kernel steps, in order: each must begin a console line.
STEPS=(local_irq_disable boot_cpu_init page_address_init "lucix version" setup_arch
	"BIOS-provided physical RAM map" load_cr3 __flush_tlb_all "Kernel command line"
	build_all_zonelists page_alloc_init trap_init mm_init sched_init preempt_disable
	early_irq_init init_IRQ tick_init init_timers softirq_init time_init
	local_irq_enable console_init tsc: "Calibrating delay loop" rest_init
	"Freeing unused kernel image memory")

# steps_in_order LOG: succeed when every STEPS entry starts a line, in order.
steps_in_order() {
	local log=$1 line=0 s n
	for s in "${STEPS[@]}"; do
		n=$(sed 's/^\[ *[0-9.]*\] //' "$log" | grep -n -F -- "$s" | grep -E "^[0-9]+:$(printf '%s' "$s" | sed 's/[.[\*^$]/\\&/g')" |
			awk -F: -v after="$line" '$1 > after { print $1; exit }')
		if [ -z "$n" ]; then
			echo "    missing or out of order: '$s'"
			return 1
		fi
		line=$n
	done
}

# step_names LOG: the sequence of step words, timestamps and values stripped.
step_names() {
	sed 's/^\[ *[0-9.]*\] //' "$1" | grep -E "^($(IFS='|'; echo "${STEPS[*]}" | sed 's/\./\\./g'))" |
		sed -E 's/^([A-Za-z_:]+( [a-z]+)?).*/\1/'
}

qemu_run() {	# qemu_run LOG TIMEOUT qemu-args...
	local log=$1 t=$2
	shift 2
	timeout "$t" qemu-system-i386 -icount shift=4,sleep=off -rtc clock=vm -display none \
		-serial "file:$log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot \
		"$@" >"$log.stderr" 2>&1
	echo $?
}

check_selftest_log() {	# NAME LOG STATUS: the boot suite ran and passed
	local name=$1 log=$2 st=$3
	if [ "$st" = 1 ] && grep -qE "selftest: [1-9][0-9]* passed, 0 failed" "$log" &&
		! grep -q "^\[.*\] FAIL" "$log"; then
		ok "$name: boot self-tests ($(grep -oE 'selftest: [0-9]+ passed, 0 failed' "$log"))"
	else
		bad "$name: boot self-tests" "exit status $st; $(grep -E 'FAIL|panic' "$log" | head -3 | tr '\n' ' ')"
	fi
	if steps_in_order "$log"; then
		ok "$name: every start_kernel step, in order"
	else
		bad "$name: start_kernel steps" "see above"
	fi
	if grep -qE "Calibrating delay loop(\.\.\.| \(skipped\), value calculated using timer frequency\.\.) [0-9]+\.[0-9]{2} BogoMIPS \(lpj=[0-9]+\)" "$log"; then
		ok "$name: $(grep -oE '[0-9]+\.[0-9]+ BogoMIPS \(lpj=[0-9]+\)' "$log")"
	else
		bad "$name: BogoMIPS" "no 'Calibrating delay loop... N BogoMIPS (lpj=N)' line (or Linux's '(skipped), ...' form)"
	fi
	local j
	j=$(sed -nE 's/.*selftest: ([0-9]+) jiffies in 2 RTC seconds.*/\1/p' "$log")
	if [ -n "$j" ] && [ "$j" -ge $((2 * HZ - HZ / 10)) ] && [ "$j" -le $((2 * HZ + HZ / 10)) ]; then
		ok "$name: jiffies advance at HZ=$HZ ($j in 2 RTC seconds)"
	else
		bad "$name: jiffies rate" "got '${j:-nothing}' jiffies in 2 s, expected $((2 * HZ))"
	fi
}

check_oops_log() {	# NAME LOG STATUS: test=pagefault gave the oops and panic
	local name=$1 log=$2 st=$3 missing=""
	local want=("BUG: unable to handle page fault for address: 0badc0de"
		"#PF: supervisor read access in kernel mode"
		"#PF: error_code(0x0000) - not-present page"
		"Oops: 0000 [#1] PREEMPT" "EIP: test_pagefault+0x" "CR2: 0badc0de" "Call Trace:"
		" rest_init+0x" "---[ end trace" "Kernel panic - not syncing: Fatal exception")
	local w
	for w in "${want[@]}"; do
		grep -qF -- "$w" "$log" || missing="$missing '$w'"
	done
	if [ "$st" = 5 ] && [ -z "$missing" ]; then
		ok "$name: test=pagefault oops and panic"
	else
		bad "$name: test=pagefault" "exit status $st (want 5), missing:$missing"
	fi
}

# The other crash paths: test=NAME must end in an oops line and a panic.
CRASHES=("bug:kernel BUG at " "bug:invalid opcode: 0000 [#1]" "divide:divide error: 0000 [#1]"
	"gpf:general protection fault: 1234 [#1]" "int3:int3: 0000 [#1]"
	"nullptr:BUG: kernel NULL pointer dereference, address: 00000000"
	"doublefault:PANIC: double fault" "stackoverflow:BUG: kernel stack overflow (double-fault)")
check_crashes() {	# NAME RUNNER: RUNNER LOG CMDLINE runs one boot, prints the exit status
	local name=$1 runner=$2 t want st missing=""
	for t in bug divide gpf int3 nullptr doublefault stackoverflow; do
		st=$($runner "$tmp/crash-$t.log" "console=ttyS0 test=$t panic_exit=2")
		[ "$st" = 5 ] && grep -q "Kernel panic - not syncing" "$tmp/crash-$t.log" ||
			missing="$missing $t(status $st)"
		for want in "${CRASHES[@]}"; do
			[ "${want%%:*}" = "$t" ] || continue
			grep -qF -- "${want#*:}" "$tmp/crash-$t.log" || missing="$missing '${want#*:}'"
		done
	done
	if [ -z "$missing" ]; then
		ok "$name: test=bug/divide/gpf/int3/nullptr/doublefault/stackoverflow give their oops and panic"
	else
		bad "$name: crash paths" "missing:$missing"
	fi
}
qemu_crash() { qemu_run "$1" 30 -kernel build/guest/bzImage -append "$2"; }

if ! command -v qemu-system-i386 >/dev/null; then
	bad "qemu" "qemu-system-i386 is not installed (make deps)"
else
	img=$tmp/lucid.img
	cp build/images/lucid.img "$img"

	echo "qemu: disk boot of lucid.img"
	build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot"
	st=$(qemu_run "$tmp/disk.log" 60 -drive "file=$img,format=raw")
	check_selftest_log "qemu disk" "$tmp/disk.log" "$st"

	echo "qemu: -kernel bzImage"
	st=$(qemu_run "$tmp/kernel.log" 60 -kernel build/guest/bzImage -append "console=ttyS0 selftest=boot")
	check_selftest_log "qemu -kernel" "$tmp/kernel.log" "$st"
	if diff <(step_names "$tmp/disk.log") <(step_names "$tmp/kernel.log") >/dev/null; then
		ok "qemu disk and -kernel: the same steps in the same order"
	else
		bad "qemu disk vs -kernel" "$(diff <(step_names "$tmp/disk.log") <(step_names "$tmp/kernel.log") | head -4 | tr '\n' ' ')"
	fi

	echo "qemu: test=pagefault from the disk"
	build/images/mkdisk cmdline "$img" "console=ttyS0 test=pagefault panic_exit=2"
	st=$(qemu_run "$tmp/oops.log" 60 -drive "file=$img,format=raw")
	check_oops_log "qemu disk" "$tmp/oops.log" "$st"

	echo "qemu: -cpu 486 (no PAE)"
	st=$(qemu_run "$tmp/486.log" 30 -cpu 486 -kernel build/guest/bzImage \
		-append "console=ttyS0 earlyprintk=serial panic_exit=2")
	if [ "$st" = 5 ] && grep -q "requires the following features not present on the CPU" "$tmp/486.log" &&
		grep -qx "pae" <(tr -d '\r' <"$tmp/486.log"); then
		ok "qemu -cpu 486: refused with Linux's missing-feature message"
	else
		bad "qemu -cpu 486" "exit status $st: $(tail -2 "$tmp/486.log" | tr '\n' ' ')"
	fi

	# The CONFIG_PAE=n variant (2-level paging, built for a 386) on a 486 and
	# a Pentium, built into its own directory (a few seconds the first time).
	echo "qemu: CONFIG_PAE=n kernel on -cpu 486 and -cpu pentium"
	if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
		st=$(qemu_run "$tmp/np486.log" 60 -cpu 486 -kernel build/nopae/guest/bzImage \
			-append "console=ttyS0 selftest=boot")
		check_selftest_log "qemu -cpu 486 CONFIG_PAE=n" "$tmp/np486.log" "$st"
		st=$(qemu_run "$tmp/nppf.log" 60 -cpu pentium -kernel build/nopae/guest/bzImage \
			-append "console=ttyS0 test=pagefault panic_exit=2")
		if [ "$st" = 5 ] && grep -q "BUG: unable to handle page fault for address: 0badc0de" "$tmp/nppf.log" &&
			grep -q '\*pde = 00000000' "$tmp/nppf.log" && grep -q "Fatal exception" "$tmp/nppf.log"; then
			ok "qemu -cpu pentium CONFIG_PAE=n: test=pagefault oops with the 2-level walk"
		else
			bad "qemu CONFIG_PAE=n pagefault" "exit status $st"
		fi
	else
		bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/nopae.make" | tr '\n' ' ')"
	fi

	echo "qemu: -m 2"
	st=$(qemu_run "$tmp/m2.log" 30 -m 2 -kernel build/guest/bzImage \
		-append "console=ttyS0 earlyprintk=serial panic_exit=2")
	if [ "$st" = 5 ] && grep -q "Kernel panic - not syncing: Out of memory" "$tmp/m2.log" &&
		grep -q "lucix needs at least 8 MiB" "$tmp/m2.log"; then
		ok "qemu -m 2: clear out-of-memory panic"
	else
		bad "qemu -m 2" "exit status $st: $(tail -3 "$tmp/m2.log" | tr '\n' ' ')"
	fi

	# The other crash paths run on Lucid (below), where they are quicker; on
	# QEMU only when Lucid cannot run the kernel.
	if ! { [ -x build/lucid ] && build/lucid -h 2>&1 | grep -q -- "-serial"; }; then
		echo "qemu: the other crash paths"
		check_crashes "qemu -kernel" qemu_crash
	fi

	# Lucid's own BIOS (guest/bios) on QEMU: the firmware lucid will run.
	if [ -f build/bios/bios.bin ]; then
		echo "qemu + Lucid BIOS: disk boot"
		build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot"
		st=$(qemu_run "$tmp/lbios.log" 60 -bios build/bios/bios.bin -drive "file=$img,format=raw")
		check_selftest_log "qemu+Lucid BIOS disk" "$tmp/lbios.log" "$st"
	fi

	echo "qemu: bad command lines"
	long="console=ttyS0 selftest=boot loglevel=abc panic=x quote=\"open $(printf 'x%.0s' $(seq 1 2100))"
	st=$(qemu_run "$tmp/cmd.log" 60 -kernel build/guest/bzImage -append "$long")
	missing=""
	for w in "Kernel command line too long: truncated to 2047 characters" \
		"loglevel=abc: not a number from 0 to 15, ignored" "panic=x: not a number, ignored" \
		"unterminated quote in 'quote'"; do
		grep -qF -- "$w" "$tmp/cmd.log" || missing="$missing '$w'"
	done
	if [ "$st" = 1 ] && [ -z "$missing" ] && grep -qE "selftest: [1-9][0-9]* passed, 0 failed" "$tmp/cmd.log"; then
		ok "qemu: overlong/malformed command line truncated and ignored with warnings, boot goes on"
	else
		bad "qemu bad command line" "exit status $st, missing:$missing"
	fi
fi

# The disk layout: partition 1 bootable, type 0x83, at LBA 2048, holding a clean ext2
# with the README; the kernel image at LBA 2.
echo "lucid.img layout"
pe=$(od -An -tx1 -j 446 -N 16 build/images/lucid.img | tr -s ' ' | sed 's/^ //')
sb_magic=$(od -An -tx2 -j $((2048 * 512 + 1024 + 56)) -N 2 build/images/lucid.img | tr -d ' ')
part=$tmp/part.ext2
dd if=build/images/lucid.img of="$part" bs=512 skip=2048 status=none
if [[ "$pe" == "80 "*" 83 "*"00 08 00 00 "* ]] && [ "$sb_magic" = ef53 ] &&
	PATH="$PATH:/sbin:/usr/sbin" e2fsck -fn "$part" >"$tmp/fsck" 2>&1 &&
	PATH="$PATH:/sbin:/usr/sbin" debugfs -R "cat /README" "$part" 2>/dev/null | grep -q "mke2fs -d" &&
	[ "$(dd if=build/images/lucid.img bs=1 skip=$((2 * 512 + 0x202)) count=4 status=none)" = HdrS ]; then
	ok "lucid.img: MBR partition 1 (bootable, 0x83, LBA 2048) is a clean ext2 with the README; kernel at LBA 2"
else
	bad "lucid.img layout" "entry '$pe', ext2 magic '$sb_magic', $(tail -2 "$tmp/fsck" | tr '\n' ' ')"
fi

# The file system is the same in every checkout: every inode's times are the
# pinned build time (mke2fs -d would copy the checkout's own), so a log recorded
# with one build replays with another.
echo "lucid.img reproducible"
times=$(PATH="$PATH:/sbin:/usr/sbin" debugfs -R "ls -p /" "$part" 2>/dev/null |
	awk -F/ '$2 != "" {print $2}' | while read -r ino; do
		PATH="$PATH:/sbin:/usr/sbin" debugfs -R "stat <$ino>" "$part" 2>/dev/null |
			sed -n 's/^ *\(c\|a\|m\|cr\)time: \(0x[0-9a-f]*\).*/\2/p'
	done | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
if [[ "$times" =~ ^\ ?[0-9]+\ 0x6955b900\ $ ]]; then
	ok "lucid.img: every inode's times are the pinned build time ($times)"
else
	bad "lucid.img reproducible" "inode times: $times"
fi

# The image tools refuse bad input with one line and status 2, touching nothing.
echo "image tools: bad input"
printf 'not a disk image' >"$tmp/junk"
cp "$tmp/junk" "$tmp/junk.orig"
build/images/mkdisk cmdline "$tmp/junk" "console=ttyS0" 2>"$tmp/e1"; s1=$?
build/images/mkdisk cmdline build/images/lucid.img "$(printf 'y%.0s' $(seq 1 600))" 2>"$tmp/e2"; s2=$?
build/guest/tools/mkbzimage build "$tmp/junk" "$tmp/junk" "$tmp/out.img" 0 0 0 2>"$tmp/e3"; s3=$?
build/images/mkdisk show build/images/lucid.img >"$tmp/show"
if [ "$s1$s2$s3" = 222 ] && cmp -s "$tmp/junk" "$tmp/junk.orig" && [ ! -e "$tmp/out.img" ] &&
	[ "$(cat "$tmp/e1" "$tmp/e2" "$tmp/e3" | wc -l)" = 3 ] &&
	grep -qx "console=ttyS0 console=tty0" "$tmp/show"; then
	ok "mkdisk/mkbzimage: bad input refused (status 2, one line, nothing written)"
else
	bad "image tools" "status $s1/$s2/$s3: $(cat "$tmp/e1" "$tmp/e2" "$tmp/e3" | tr '\n' ' ')"
fi

# Lucid: the same image, once the emulator boots disks. The MBR, setup and
# decompressor need no paging, so they are required as soon as lucid runs
# guests; the kernel checks are required once lucid gets as far as the first
# start_kernel line (which needs the CPU's paging).
lucid_run() {	# lucid_run LOG TIMEOUT lucid-args...: prints the exit status
	local log=$1 t=$2
	shift 2
	timeout "$t" build/lucid -cpu p6 -no-reboot -display none -serial "file:$log" "$@" \
		>"$log.stderr" 2>&1
	echo $?
}

lucid_crash() { lucid_run "$1" 60 -kernel build/guest/bzImage -append "$2"; }

if [ -x build/lucid ] && build/lucid -h 2>&1 | grep -q -- "-serial"; then
	img=$tmp/lucid-l.img
	cp build/images/lucid.img "$img"
	build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot"
	echo "lucid: disk boot of lucid.img"
	st=$(lucid_run "$tmp/lucid.log" 120 -snapshot "$img")
	if grep -q "^lucid MBR: ok" <(tr -d '\r' <"$tmp/lucid.log") &&
		grep -q "Decompressing lucix... done" "$tmp/lucid.log"; then
		ok "lucid disk: MBR, setup and decompressor run"
	else
		bad "lucid disk: boot path" "exit status $st: $(tail -3 "$tmp/lucid.log" "$tmp/lucid.log.stderr" | tr '\n' ' ')"
	fi
	st2=$(lucid_run "$tmp/lucid-m2.log" 60 -m 2 -kernel build/guest/bzImage \
		-append "console=ttyS0 panic_exit=2")
	if [ "$st2" = 5 ] && grep -q "Kernel panic - not syncing: Out of memory" "$tmp/lucid-m2.log"; then
		ok "lucid -m 2: clear out-of-memory panic"
	else
		bad "lucid -m 2" "exit status $st2: $(tail -2 "$tmp/lucid-m2.log" | tr '\n' ' ')"
	fi
	if grep -q "local_irq_disable:" "$tmp/lucid.log"; then
		# isa-debug-exit: Lucid exits with (value << 1) | 1 like QEMU.
		check_selftest_log "lucid disk" "$tmp/lucid.log" "$st"
		if [ -f "$tmp/disk.log" ] &&
			diff <(step_names "$tmp/disk.log") <(step_names "$tmp/lucid.log") >/dev/null; then
			ok "lucid and qemu: the same steps in the same order"
		else
			bad "lucid vs qemu" "$(diff <(step_names "$tmp/disk.log") <(step_names "$tmp/lucid.log") 2>&1 | head -4 | tr '\n' ' ')"
		fi
		build/images/mkdisk cmdline "$img" "console=ttyS0 test=pagefault panic_exit=2"
		st=$(lucid_run "$tmp/lucid-oops.log" 120 -snapshot "$img")
		check_oops_log "lucid disk" "$tmp/lucid-oops.log" "$st"
		echo "lucid: -kernel bzImage"
		st=$(lucid_run "$tmp/lucid-k.log" 120 -kernel build/guest/bzImage \
			-append "console=ttyS0 selftest=boot")
		if [ "$st" = 1 ] && grep -q "selftest: [1-9][0-9]* passed, 0 failed" "$tmp/lucid-k.log" &&
			steps_in_order "$tmp/lucid-k.log"; then
			ok "lucid -kernel: every step in order, self-tests pass"
		else
			bad "lucid -kernel" "exit status $st: $(grep -E 'FAIL|panic' "$tmp/lucid-k.log" | head -2 | tr '\n' ' ')"
		fi
		check_crashes "lucid -kernel" lucid_crash
		# The CONFIG_PAE=n variant on Lucid's 486 model: CPUID without CR4 or TSC.
		# (-cpu 386 waits for guest/mm to avoid INVLPG there: KNOWN-ISSUES.md.)
		if [ -f build/nopae/guest/bzImage ]; then
			st=$(timeout 120 build/lucid -cpu 486 -no-reboot -display none \
				-serial "file:$tmp/lucid-486.log" -kernel build/nopae/guest/bzImage \
				-append "console=ttyS0 selftest=boot" >/dev/null 2>&1; echo $?)
			check_selftest_log "lucid -cpu 486 CONFIG_PAE=n" "$tmp/lucid-486.log" "$st"
		fi
	else
		echo "  (lucid stops before start_kernel: $(tr '\n' ' ' <"$tmp/lucid.log.stderr" | cut -c1-120);"
		echo "   the kernel checks on Lucid start when its paging runs the kernel)"
	fi
else
	echo "  (lucid cannot boot disks yet: the Lucid checks start when 'build/lucid -h' lists -serial)"
fi

summary guest-boot
