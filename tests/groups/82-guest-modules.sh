#!/usr/bin/env bash
# Guest loadable modules: build/images/modules.cpio's /init
# (images/initramfs/modtests.c) loads and removes the .ko files of
# guest/modules/ and images/initramfs/modules/ with Debian's busybox insmod,
# rmmod and lsmod and with init_module/finit_module/delete_module directly:
# the notes' helloworld with parameters, every module_param type, refusals
# (unknown symbol, bad vermagic, a proprietary module using a _GPL export, a
# failing init, junk), busy modules (an open char device, a dependent module),
# the chardev sample from user space, the ticker's thread and timer stopped on
# rmmod, 1000 loads and unloads without leaking. From the console log: the
# kernel's lines in Linux's words, and free pages, slab objects and vmalloc
# areas the same before and after the 1000 loads. Then helloworld built in
# (CONFIG_HELLOWORLD=y) with its parameters from the kernel command line.
. "$(dirname "$0")/../lib.sh"

RD=build/images/modules.cpio
CMD="console=ttyS0 panic_exit=3 loglevel=8"
for f in $L build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-modules; exit 1; }
done

echo "lucid: modtests as /init (PAE kernel)"
LOG=$tmp/mod.log
timeout 120 $L -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "$CMD" >"$LOG" 2>&1
st=$?
p=$(tr -d '\r' <"$LOG" | grep -c '^PASS ')
f=$(tr -d '\r' <"$LOG" | grep -c '^FAIL ')
sum=$(tr -d '\r' <"$LOG" | grep -E '^modtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 60 ] && [ "$sum" = "modtests: $p passed, 0 failed" ]; then
	ok "modtests: $p module checks passed, powered off"
else
	bad "modtests" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$LOG" | grep -E '^FAIL|Kernel panic|Oops|BUG' | head -3 | tr '\n' ' ')"
fi
tr -d '\r' <"$LOG" | grep '^FAIL ' | head -5

T='^\[ *[0-9]+\.[0-9]+\] '
expect_in "$LOG" "helloworld's init line shows insmod's io=0x300 msg=hi-there" \
	"${T}helloworld: init, io=0x300 msg=\"hi-there\"\$"
expect_in "$LOG" "rmmod runs helloworld's exit" "${T}helloworld: exit, io=0x300 msg=\"hi-there\"\$"
dm=$(tr -d '\r' <"$LOG" | sed -n '/^dmesg: begin$/,/^dmesg: end$/p')
if echo "$dm" | grep -Eq "${T}helloworld: init, io=0x300 msg=\"hi-there\"\$" &&
	echo "$dm" | grep -Eq "${T}helloworld: exit, io=0x300 msg=\"hi-there\"\$"; then
	ok "busybox dmesg shows helloworld's init and exit lines"
else
	bad "dmesg" "$(echo "$dm" | head -4 | tr '\n' '|')"
fi
expect_in "$LOG" "unknown symbol: Linux's line" \
	"${T}unknownsym: Unknown symbol no_such_kernel_function \(err -2\)\$"
expect_in "$LOG" "busybox insmod reports it" \
	"^insmod: can't insert '/lib/modules/6.1.0-lucix/unknownsym.ko': unknown symbol in module, or unknown parameter\$"
expect_in "$LOG" "bad vermagic: Linux's line" \
	"${T}badmagic: version magic '5\.10\.0 SMP mod_unload 486 ' should be '6\.1\.0-lucix mod_unload slub 686 PAE '\$"
expect_in "$LOG" "busybox insmod reports it" "^insmod: can't insert '/lib/modules/6.1.0-lucix/badmagic.ko': invalid module format\$"
expect_in "$LOG" "a proprietary licence taints" "${T}gplonly: module license 'Proprietary' taints kernel\.\$"
expect_in "$LOG" "... and does not see _GPL exports" "${T}gplonly: Unknown symbol sprint_symbol \(err -2\)\$"
expect_in "$LOG" "every parameter type set from the insmod line" \
	"${T}paramtest: b=48 s=-300 us=65535 i=-2147483648 ui=4000000000 l=-9 ul=4294967295 cp=two words bo=1 ib=0 str=abcdefg narr=3 arr=7,-8,9\$"
expect_in "$LOG" "an unknown parameter is ignored with Linux's line" "${T}paramtest: unknown parameter 'nosuch' ignored\$"
expect_in "$LOG" "a bad value: Linux's line" "${T}paramtest: '256' invalid for parameter 'b'\$"
expect_in "$LOG" "a dependent module calls the exported symbol" "${T}paramuser: paramtest_value\(\) = -2147483648\$"
notes=$(tr -d '\r' <"$LOG" | sed -n '/^notes: begin$/,/^notes: end$/p' | grep -v '^notes: \|^PASS \|^FAIL \|^\[')
if [ "$notes" = "300" ]; then
	ok "the notes' printf \"%x\\n\" of parameters/io prints 300"
else
	bad "the notes' printf" "printed '$(echo "$notes" | tr '\n' '|')'"
fi
expect_in "$LOG" "busybox lsmod lists helloworld from /proc/modules" '^helloworld +[0-9]+ +0 *$'
expect_in "$LOG" "rmmod after writing msg through sysfs: exit shows the new values" \
	"${T}helloworld: exit, io=0x2f8 msg=\"hello world\"\$"
expect_in "$LOG" "busybox modinfo shows the .modinfo strings" '^description: +The notes. hello world module with parameters$'
expect_in "$LOG" "... the parameters with their descriptions" '^parm: +io:I/O port base \(int\)$'
expect_in "$LOG" "... and the vermagic" '^vermagic: +6\.1\.0-lucix mod_unload slub 686 PAE $'
expect_in "$LOG" "busybox rmmod of a busy module: EWOULDBLOCK as Linux" \
	"^rmmod: can't unload module 'chardev': Resource temporarily unavailable\$"
expect_in "$LOG" "chardev's exit saw two opens and the 12 bytes" "${T}chardev: unregistered, 2 opens, 12 bytes held\$"
if tr -d '\r' <"$LOG" | grep -Eq "${T}ticker: stopped, timer fired [1-9][0-9]* times, thread ran [1-9][0-9]* times\$"; then
	ok "ticker: its timer and thread both ran and were stopped on rmmod"
else
	bad "ticker" "$(tr -d '\r' <"$LOG" | grep 'ticker:' | tr '\n' ' ')"
fi
expect_in "$LOG" "irqshare: the UART's interrupt handled, the idle device's handler returned IRQ_NONE" \
	"${T}irqshare: irq 4 shared: [1-9][0-9]* handled by irqshare, irqshare-other returned IRQ_NONE [1-9][0-9]* times\$"
expect_in "$LOG" "irqshare: rmmod frees the line" "${T}irqshare: released irq 4 "
if tr -d '\r' <"$LOG" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:|general protection'; then
	bad "no oops" "$(tr -d '\r' <"$LOG" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "no oops, BUG, WARNING or panic"
fi
# The loop sits between the last two sync() calls.
for what in 'sync: [0-9]+ pages free, [0-9]+ slab objects in use' 'sync: vmalloc: [0-9]+ areas, [0-9]+ pages'; do
	a=$(tr -d '\r' <"$LOG" | grep -oE "$what" | tail -2 | head -1)
	b=$(tr -d '\r' <"$LOG" | grep -oE "$what" | tail -1)
	n=$(tr -d '\r' <"$LOG" | grep -cE "$what")
	if [ "$n" -ge 2 ] && [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "1000 loads/unloads leak nothing: '$b' before and after"
	else
		bad "no leak ($what)" "$n lines: before '$a', after '$b'"
	fi
done

echo "lucid: helloworld built in (CONFIG_HELLOWORLD=y), parameters from the command line"
if make -s B=build/modin CONFIG_HELLOWORLD=y build/modin/guest/bzImage >"$tmp/modin.make" 2>&1; then
	if nm build/modin/guest/lucix.elf | grep -q ' helloworld_init$'; then
		ok "the built-in kernel has helloworld_init"
	else
		bad "built in" "no helloworld_init in build/modin/guest/lucix.elf"
	fi
	LOG=$tmp/modin.log
	timeout 60 $L -display none -serial stdio -no-reboot -kernel build/modin/guest/bzImage \
		-initrd "$RD" \
		-append "console=ttyS0 panic_exit=3 helloworld.io=0x2f8 helloworld.msg=\"built in\"" \
		>"$LOG" 2>&1
	st=$?
	expect_in "$LOG" "built in: init runs as an initcall with NAME.PARAM= values" \
		"${T}helloworld: init, io=0x2f8 msg=\"built in\"\$"
	p=$(tr -d '\r' <"$LOG" | grep -c '^PASS builtin\.')
	sum=$(tr -d '\r' <"$LOG" | grep -E '^modtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$p" -ge 7 ] && [ "$sum" = "modtests: $p passed, 0 failed" ]; then
		ok "built in: /sys/module/helloworld/parameters read and written, insmod of its .ko refused ($p checks)"
	else
		bad "built in" "status $st, summary '$sum'; $(tr -d '\r' <"$LOG" | grep '^FAIL' | head -3 | tr '\n' ' ')"
	fi
	expect_in "$LOG" "... with Linux's line" "${T}helloworld: module is already loaded\$"
	if tr -d '\r' <"$LOG" | grep -q 'Unknown kernel command line parameters.*helloworld'; then
		bad "NAME.PARAM words are known" "$(tr -d '\r' <"$LOG" | grep 'Unknown kernel command line')"
	else
		ok "NAME.PARAM words are not reported as unknown"
	fi
else
	bad "CONFIG_HELLOWORLD=y build" "$(tail -3 "$tmp/modin.make" | tr '\n' ' ')"
fi
if nm build/guest/lucix.elf | grep -q ' helloworld_init$'; then
	bad "the default kernel leaves helloworld out (=m)" "helloworld_init is in lucix.elf"
else
	ok "the default kernel leaves helloworld out (CONFIG_HELLOWORLD=m)"
fi

echo "lucid: the 2-level (CONFIG_PAE=n) kernel refuses modules built for PAE"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
	LOG=$tmp/nopae.log
	timeout 120 $L -display none -serial stdio -no-reboot -kernel build/nopae/guest/bzImage \
		-initrd "$RD" -append "$CMD" >"$LOG" 2>&1
	expect_in "$LOG" "vermagic names the paging mode: Linux's line" \
		"${T}helloworld: version magic '6\.1\.0-lucix mod_unload slub 686 PAE ' should be '6\.1\.0-lucix mod_unload slub 386 '\$"
	if tr -d '\r' <"$LOG" | grep -q 'helloworld: init'; then
		bad "no PAE module runs on the 2-level kernel" "$(tr -d '\r' <"$LOG" | grep 'helloworld: init' | head -1)"
	else
		ok "no PAE module runs on the 2-level kernel"
	fi
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/nopae.make" | tr '\n' ' ')"
fi

echo "lucid: the debugger stops in a module function by name"
DBG=$tmp/dbg.out
timeout 60 $L -display none -serial none -debugcon none -x tests/debugger/cmd/modules.cmd \
	-kernel-symbols build/guest/lucix.elf -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0" >"$DBG" 2>&1
init=$(awk '$1 == "helloworld" && $5 == "Loading" { print $6 }' "$DBG" | head -1)
if [ -n "$init" ]; then
	ok "lsmod shows helloworld loading, init code at $init"
else
	bad "lsmod" "$(grep -A2 '(lucid) lsmod' "$DBG" | tr '\n' ' ')"
fi
expect_in "$DBG" "modsyms reads the module's symbols from guest memory" '^helloworld: [1-9][0-9]* symbols at 0x[0-9a-f]{8}$'
# With the module's DWARF (modsyms loads it) the breakpoint goes after the
# function's prologue, as gdb puts it: within the first bytes of the init code.
bp=$(tr -d '\r' <"$DBG" | grep -oE '^Breakpoint 2 at 0x[0-9a-f]{8} <helloworld_init(\+[0-9]+)?>$' | awk '{ print $4 }')
if [ -n "$bp" ] && [ -n "$init" ] && (( bp >= init && bp < init + 32 )); then
	ok "break helloworld_init resolves to the init code ($bp, after the prologue)"
else
	bad "break helloworld_init" "breakpoint at '$bp', init code at '$init'"
fi
expect_in "$DBG" "continue stops there, at the function's first line" \
	'^Breakpoint 2, helloworld_init \(\) at guest/modules/helloworld\.c:[0-9]+$'
expect_in "$DBG" "... with EIP at the breakpoint" "^\\\$1 = ${bp:-none}\$"
expect_in "$DBG" "info symbol names the module" '^helloworld_init( \+ [0-9]+)? in section .* of \[helloworld\]$'

summary guest-modules
