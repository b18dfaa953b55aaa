#!/usr/bin/env bash
# The default image, build/images/lucid.img: its partition table (ext2 root
# at LBA 2048, an mkswap swap partition 2), a clean root file system holding
# Debian's busybox-static with its applet links, /etc, /dev nodes, the notes'
# programs, all owned by root; two builds give the same bytes. Then what lucix
# can do with it today:
#   - the image boots on Lucid and on QEMU (-M isapc -cpu pentium,+cmov,+pae:
#     the default kernel needs PAE) to the same point: the disk and both
#     partitions found;
#   - through group 85's initramfs (images/programs/imagetests.c, /init) with
#     the image as hda: ptrace checks, then the image's root mounted read-only
#     on /img and its own programs run from it (busybox, malloc_test,
#     cow_test, mlock_test, forkbomb, memhog, strace, lucid-tests), on Lucid
#     and on QEMU with the same results;
#   - the image's tree as an initramfs: busybox init reads /etc/inittab,
#     runs /etc/rc, and on SIGUSR2 (poweroff) /etc/rc.shutdown, then powers off.
# Not checked yet (what the image waits for is printed at the end).
cd "$(dirname "$0")/../.."
pass=0
fail=0
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
export PATH="$PATH:/sbin:/usr/sbin"

ok() { echo "  PASS $1"; pass=$((pass + 1)); }
bad() { echo "  FAIL $1: $2"; fail=$((fail + 1)); }
IMG=build/images/lucid.img
for f in build/lucid build/guest/bzImage "$IMG" build/images/imagetests.cpio build/images/mkcpio; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; echo "guest-image: $pass passed, $fail failed"; exit 1; }
done
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
strip_cr() { tr -d '\r' <"$1"; }

echo "lucid.img: partitions"
p1=$(od -An -tu1 -j 446 -N 16 "$IMG" | tr -s ' ' | sed 's/^ //')
p2=$(od -An -tu1 -j 462 -N 16 "$IMG" | tr -s ' ' | sed 's/^ //')
le32() { echo "$1" | awk -v i="$2" '{ print $(i+1) + 256 * $(i+2) + 65536 * $(i+3) + 16777216 * $(i+4) }'; }
p1_start=$(le32 "$p1" 8) p1_len=$(le32 "$p1" 12) p2_start=$(le32 "$p2" 8) p2_len=$(le32 "$p2" 12)
p1_type=$(echo "$p1" | awk '{print $1, $5}') p2_type=$(echo "$p2" | awk '{print $1, $5}')
size=$(stat -c %s "$IMG")
if [ "$p1_type" = "128 131" ] && [ "$p1_start" = 2048 ] && [ "$p2_type" = "0 130" ] &&
	[ $((p2_start % 2048)) = 0 ] && [ "$p2_start" -ge $((p1_start + p1_len)) ] &&
	[ $(((p2_start + p2_len) * 512)) = "$size" ]; then
	ok "partition 1: bootable 0x83 at LBA 2048 ($p1_len sectors); partition 2: 0x82 at LBA $p2_start ($p2_len sectors), 1 MiB aligned, to the end"
else
	bad "partition table" "p1 '$p1', p2 '$p2', image $size bytes"
fi
dd if="$IMG" of="$tmp/p1" bs=512 skip="$p1_start" count="$p1_len" status=none
dd if="$IMG" of="$tmp/p2" bs=512 skip="$p2_start" count="$p2_len" status=none
sw=$(blkid -o export "$tmp/p2" 2>/dev/null | tr '\n' ' ')
if [[ "$sw" == *"TYPE=swap"* && "$sw" == *"LABEL=lucid-swap"* ]] &&
	[ "$(dd if="$tmp/p2" bs=1 skip=4086 count=10 status=none)" = SWAPSPACE2 ]; then
	ok "partition 2 is a swap area made by mkswap (SWAPSPACE2, label lucid-swap)"
else
	bad "swap partition" "blkid: '$sw'"
fi
if e2fsck -fn "$tmp/p1" >"$tmp/fsck" 2>&1; then
	ok "e2fsck -fn: the root file system is clean ($(tail -1 "$tmp/fsck"))"
else
	bad "e2fsck -fn" "$(tail -3 "$tmp/fsck" | tr '\n' ' ')"
fi

echo "lucid.img: contents"
dfs() { debugfs -R "$1" "$tmp/p1" 2>/dev/null; }
dfs "dump /bin/busybox $tmp/busybox"
if cmp -s "$tmp/busybox" "$BB"; then ok "/bin/busybox is Debian's busybox-static as shipped"; else bad "/bin/busybox" "differs from $BB"; fi
want=$(grep / images/busybox-links.txt | grep -vxc bin/busybox)
rm -rf "$tmp/root" && mkdir "$tmp/root" && dfs "rdump / $tmp/root"
links=$(find "$tmp/root" -type l -lname /bin/busybox | wc -l)
if [ "$links" = "$want" ] && [ -L "$tmp/root/bin/sh" ] && [ -L "$tmp/root/sbin/init" ] &&
	[ -L "$tmp/root/usr/bin/free" ] && [ -L "$tmp/root/bin/ps" ] && [ -L "$tmp/root/sbin/insmod" ]; then
	ok "$links applet links to /bin/busybox (sh, init, free, ps, insmod, ...), one per line of images/busybox-links.txt"
else
	bad "applet links" "$links links, want $want"
fi
if list=$("$BB" --list-full 2>/dev/null) && [ -n "$list" ]; then
	if [ "$(echo "$list" | LC_ALL=C sort)" = "$(cat images/busybox-links.txt)" ]; then
		ok "images/busybox-links.txt is the installed busybox's own --list-full"
	else
		bad "busybox-links.txt" "differs from '$BB --list-full' (regenerate it)"
	fi
else
	bad "busybox --list-full" "the host cannot run $BB to compare images/busybox-links.txt"
fi
missing=""
for f in etc/passwd etc/group etc/shadow etc/hostname etc/fstab etc/inittab etc/rc etc/profile \
	usr/bin/malloc_test usr/bin/forkbomb usr/bin/memhog usr/bin/mlock_test usr/bin/cow_test \
	usr/bin/strace usr/bin/lucid-tests usr/bin/slabtop usr/bin/vmstat usr/bin/pmap usr/libexec/lucid/memtests usr/libexec/lucid/fstests; do
	[ -f "$tmp/root/$f" ] || missing="$missing $f"
done
for d in proc sys tmp mnt root dev; do [ -d "$tmp/root/$d" ] || missing="$missing $d/"; done
[ -L "$tmp/root/usr/bin/oomtest" ] && [ -L "$tmp/root/root/malloc_test" ] || missing="$missing oomtest/root-links"
if [ -z "$missing" ]; then
	ok "/etc (passwd, group, shadow, hostname, fstab, inittab, rc, profile), the programs, the mount points"
else
	bad "files" "missing:$missing"
fi
dev=$(dfs "stat /dev/console" | grep -o 'major/minor number: [0-9a-f:]*')
hda1=$(dfs "stat /dev/hda1" | grep -Eo 'Type: [a-z]+|major/minor number: [0-9a-f:]*' | tr '\n' ' ')
if [ "$dev" = "major/minor number: 05:01" ] && [ "$hda1" = "Type: block major/minor number: 03:01 " ]; then
	ok "/dev nodes: console is char 5:1, hda1 block 3:1"
else
	bad "/dev nodes" "console '$dev', hda1 '$hda1'"
fi
owners=$(dfs "ls -l -r /" >/dev/null; for d in / /bin /etc /dev /usr/bin /root; do dfs "ls -l $d"; done |
	awk 'NF >= 8 && $1 ~ /^[0-9]+$/ { print $4 ":" $5 }' | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
modes=$(for f in /tmp /root /etc/shadow; do dfs "stat $f" | grep -o 'Mode: *[0-7]*'; done | tr -s ' ' | tr '\n' ' ')
if [[ "$owners" =~ ^\ ?[0-9]+\ 0:0\ $ ]] && [ "$modes" = "Mode: 01777 Mode: 0700 Mode: 0600 " ]; then
	ok "everything is owned by root:root; /tmp 1777, /root 0700, /etc/shadow 0600"
else
	bad "owners and modes" "owners: $owners; modes: $modes"
fi
grep -q '^ttyS0::respawn:-/bin/sh$' images/rootfs/etc/inittab && grep -q '^tty1::respawn:-/bin/sh$' images/rootfs/etc/inittab &&
	grep -q "^PS1='\$PWD # '" images/rootfs/etc/profile &&
	ok "inittab: shells on ttyS0 and tty1; profile: a prompt with the cwd" ||
	bad "inittab/profile" "the shell lines or the prompt are missing"

# The image's slabtop, vmstat and pmap read Linux's /proc formats; lucix has no /proc
# yet, so they are checked here on the host's kernel, which runs the same i386 programs.
echo "slabtop, vmstat, pmap on the host's /proc"
P=build/images/prog
if "$P/slabtop" >"$tmp/slabtop" 2>&1 && grep -q '^ Active / Total Objects (% used) *: [0-9]* / [0-9]*' "$tmp/slabtop" &&
	[ "$(grep -cE '^ *[0-9]+ +[0-9]+ +[0-9]+% +[0-9.]+K +[0-9]+ +[0-9]+ +[0-9]+K [a-zA-Z0-9_:()-]+$' "$tmp/slabtop")" -ge 5 ]; then
	ok "slabtop: totals and a line per cache from /proc/slabinfo"
else
	bad "slabtop" "$(head -3 "$tmp/slabtop" | tr '\n' '|')"
fi
if "$P/vmstat" >"$tmp/vmstat" 2>&1 && sed -n 2p "$tmp/vmstat" | grep -q '^ r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st$' &&
	[ "$(sed -n 3p "$tmp/vmstat" | awk '{ for (i = 1; i <= NF; i++) if ($i !~ /^[0-9]+$/) bad = 1 } END { print NF, bad + 0 }')" = "17 0" ] &&
	[ "$(sed -n 3p "$tmp/vmstat" | awk '{ print $4 }')" -gt 0 ]; then
	ok "vmstat: procps' header and 17 numbers (free memory $(sed -n 3p "$tmp/vmstat" | awk '{ print $4 }') kB)"
else
	bad "vmstat" "$(tr '\n' '|' <"$tmp/vmstat")"
fi
if "$P/pmap" self >"$tmp/pmap" 2>&1 && grep -qE '^[0-9a-f]{8} +[0-9]+K rw-.. +\[stack\]$' "$tmp/pmap" &&
	grep -qE '^ total +[0-9]+K$' "$tmp/pmap" && ! "$P/pmap" 0 >/dev/null 2>&1; then
	ok "pmap self: the mappings with [stack] and the total; a missing pid fails"
else
	bad "pmap" "$(tail -3 "$tmp/pmap" | tr '\n' '|')"
fi

echo "lucid.img: reproducible"
if make -s B="$tmp/b2" "$tmp/b2/images/lucid.img" >"$tmp/b2.log" 2>&1; then
	a=$(sha256sum <"$IMG" | cut -c1-64)
	b=$(sha256sum <"$tmp/b2/images/lucid.img" | cut -c1-64)
	if [ "$a" = "$b" ]; then ok "a second build in another directory: the same SHA-256 ($a)"; else
		bad "reproducible" "$a vs $b"; fi
else
	bad "second build" "$(tail -3 "$tmp/b2.log" | tr '\n' ' ')"
fi
rm -rf "$tmp/b2"

# Run a machine in the background until its log has a line matching PATTERN
# (or it ends, or 120 s pass), then stop it. Prints the log's path.
run_until() {	# LOG PATTERN CMD...
	local log=$1 pat=$2 i
	shift 2
	: >"$log"
	"$@" >"$log" 2>&1 </dev/null &
	local pid=$!
	pids+=("$pid")
	for ((i = 0; i < 1200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		tr -d '\r' <"$log" | grep -Eq -- "$pat" && sleep 0.5 && break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

echo "lucid.img boots (Lucid and QEMU)"
PARTS='^\[ *[0-9.]+\]  hda: hda1 hda2$'
run_until "$tmp/boot.log" "$PARTS" build/lucid -display none -serial stdio -no-reboot -snapshot -hda "$IMG"
L=$tmp/boot.log
if strip_cr "$L" | grep -Eq '\] Kernel command line: console=ttyS0 console=tty0$' &&
	strip_cr "$L" | grep -Eq "$PARTS"; then
	ok "lucid: the BIOS boots the kernel from the image; it finds the disk and both partitions (hda1 hda2)"
else
	bad "lucid disk boot" "$(strip_cr "$L" | grep -E 'hda|command line' | tr '\n' ' ')"
fi
if command -v qemu-system-i386 >/dev/null; then
	cp "$IMG" "$tmp/q.img"
	run_until "$tmp/qboot.log" "$PARTS" qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -display none \
		-serial stdio -no-reboot -drive "file=$tmp/q.img,format=raw,if=ide"
	if strip_cr "$tmp/qboot.log" | grep -Eq '\] Kernel command line: console=ttyS0 console=tty0$' &&
		strip_cr "$tmp/qboot.log" | grep -Eq "$PARTS"; then
		ok "qemu -M isapc -cpu pentium,+cmov,+pae: the same image boots to the same point (hda1 hda2)"
	else
		bad "qemu disk boot" "$(strip_cr "$tmp/qboot.log" | grep -E 'hda|command line|panic' | tr '\n' ' ')"
	fi
else
	bad "qemu" "qemu-system-i386 is not installed (make deps)"
fi

echo "lucid: imagetests initramfs with lucid.img as hda"
L=$tmp/it.log
timeout 120 build/lucid -display none -serial stdio -no-reboot -snapshot -hda "$IMG" -kernel build/guest/bzImage \
	-initrd build/images/imagetests.cpio -append "console=ttyS0 panic_exit=3" >"$L" 2>&1
st=$?
check_suite() {	# NAME LOG STATUS
	local name=$1 log=$2 st=$3 p f sum
	p=$(strip_cr "$log" | grep -Ec '^PASS (ptrace|sigtimedwait|hostname|image)\.')
	f=$(strip_cr "$log" | grep -Ec '^FAIL (ptrace|sigtimedwait|hostname|image)\.')
	sum=$(strip_cr "$log" | grep -E '^imagetests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 55 ] && [ "$sum" = "imagetests: $p passed, 0 failed" ]; then
		ok "$name: $p ptrace, sigtimedwait, sethostname and image checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL; $(strip_cr "$log" | grep -E '^FAIL|panic|Oops' | head -3 | tr '\n' ' ')"
	fi
}
check_suite "lucid" "$L" "$st"
# The output of one program of the image: from its "run:" line to its "exit:" line.
out_of() { strip_cr "$L" | awk -v p="run: $1" '$0 == p { on = 1; next } on && /^exit: / { exit } on' |
	grep -Ev '^\[ *[0-9]+\.[0-9]+\] '; }
status_of() { strip_cr "$L" | awk -v p="run: $1" '$0 == p { on = 1; next } on && /^exit: / { print $NF; exit }'; }
expect_run() {	# WHAT "ARGS" REGEX [STATUS]
	local o s
	o=$(out_of "$2")
	s=$(status_of "$2")
	if [ "$s" = "${4:-0}" ] && echo "$o" | grep -Eq -- "$3"; then ok "$1"; else
		bad "$1" "status '$s', output: $(echo "$o" | head -4 | tr '\n' '|')"; fi
}
expect_run "the image's busybox runs" "/img/bin/busybox echo busybox from the image" '^busybox from the image$'
expect_run "an applet link (cat) reads /etc/hostname" "/img/bin/cat /img/etc/hostname" '^lucid$'
expect_run "ls lists the image's root" "/img/bin/ls -1 /img" '^usr$'
o=$(out_of /img/usr/bin/malloc_test)
vs0=$(echo "$o" | sed -n 's/.*at start: *VmSize *\([0-9]*\) kB *VmRSS *\([0-9]*\) kB/\1 \2/p')
vs4=$(echo "$o" | sed -n 's/.*after malloc #4: *VmSize *\([0-9]*\) kB *VmRSS *\([0-9]*\) kB/\1 \2/p')
vst=$(echo "$o" | sed -n 's/.*after touching #1: *VmSize *\([0-9]*\) kB *VmRSS *\([0-9]*\) kB/\1 \2/p')
if [ -n "$vs0" ] && [ -n "$vs4" ] && [ -n "$vst" ] && [ $(( ${vs4% *} - ${vs0% *} )) -ge 32768 ] &&
	[ $(( ${vs4#* } - ${vs0#* } )) -lt 256 ] && [ $(( ${vst#* } - ${vs4#* } )) -ge 8000 ]; then
	ok "malloc_test: VmSize up 32 MiB, VmRSS flat ($vs0 -> $vs4 kB), touching adds 8 MiB ($vst)"
else
	bad "malloc_test" "$(echo "$o" | tr '\n' '|')"
fi
expect_run "cow_test" /img/usr/bin/cow_test '^cow_test: copy-on-write as expected$'
expect_run "mlock_test" /img/usr/bin/mlock_test '^mlock_test: all as expected$'
expect_run "forkbomb 16: all made and reaped" "/img/usr/bin/forkbomb 16" '^forkbomb: all 16 reaped$'
expect_run "memhog 8" "/img/usr/bin/memhog 8" '^memhog: 8 MiB touched, done$'
o=$(out_of "/img/usr/bin/strace /img/bin/sh -c echo hi" | tr -s ' ')
if echo "$o" | grep -qF 'execve("/img/bin/sh", ["/img/bin/sh", "-c", "echo hi"], 0x' &&
	echo "$o" | grep -qxF 'write(1, "hi\n", 3) = 3' && echo "$o" | grep -qxF 'exit_group(0) = ?' &&
	echo "$o" | grep -qxF '+++ exited with 0 +++' && [ "$(status_of "/img/usr/bin/strace /img/bin/sh -c echo hi")" = 0 ]; then
	ok "strace sh -c 'echo hi': execve(...) = 0, write(1, \"hi\\n\", 3) = 3, exit_group(0) = ?, +++ exited with 0 +++"
else
	bad "strace" "$(echo "$o" | grep -E 'execve|write|exit' | head -4 | tr '\n' '|')"
fi
o=$(out_of "/img/usr/bin/strace -f /img/bin/sh -c /img/bin/true; echo hi" | tr -s ' ')
if echo "$o" | grep -Eq '^clone\(.*\) = [0-9]+$' &&
	echo "$o" | grep -Eq '^\[pid [0-9]+\] execve\("/img/bin/true", \["/img/bin/true"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' &&
	echo "$o" | grep -Eq '^\[pid [0-9]+\] \+\+\+ exited with 0 \+\+\+$' && echo "$o" | grep -qxF 'write(1, "hi\n", 3) = 3'; then
	ok "strace -f sh -c '/img/bin/true; echo hi': the child's execve and exit under [pid N], the parent's write"
else
	bad "strace -f" "$(echo "$o" | grep -E 'clone|execve|exited' | head -4 | tr '\n' '|')"
fi
o=$(strip_cr "$L" | sed -n '/^run: \/img\/usr\/bin\/strace -p /,/^sleeper: status/p' | tr -s ' ')
if echo "$o" | grep -Eq '^strace: Process [0-9]+ attached$' && echo "$o" | grep -qxF 'write(1, "sleeper: awake\n", 15) = 15' &&
	echo "$o" | grep -qxF '+++ exited with 3 +++' && echo "$o" | grep -qx 'sleeper: status 3'; then
	ok "strace -p PID: attaches to a sleeping process, shows its write and exit; its parent still reaps it (status 3)"
else
	bad "strace -p" "$(echo "$o" | grep -Ev '^(rt_sig|gettid|nanosleep)' | head -5 | tr '\n' '|')"
fi
n=$(out_of /img/usr/bin/lucid-tests | grep -E '^lucid-tests: [0-9]+ passed, 0 failed$' | grep -Eo '^lucid-tests: [0-9]+' | grep -Eo '[0-9]+')
if [ -n "$n" ] && [ "$n" -ge 100 ] && [ "$(status_of /img/usr/bin/lucid-tests)" = 0 ]; then
	ok "lucid-tests (the image's suites as one command): $n passed, 0 failed"
else
	bad "lucid-tests" "$(out_of /img/usr/bin/lucid-tests | grep -E '^FAIL|lucid-tests' | head -3 | tr '\n' '|')"
fi
if strip_cr "$L" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:'; then
	bad "the kernel survives" "$(strip_cr "$L" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "no oops, BUG, WARNING or panic through it all"
fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: imagetests initramfs with lucid.img as hda"
	timeout 180 qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -icount shift=4,sleep=off \
		-rtc clock=vm -display none \
		-serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "file=$tmp/q.img,format=raw,if=ide,snapshot=on" -kernel build/guest/bzImage \
		-initrd build/images/imagetests.cpio -append "console=ttyS0 panic_exit=3" >"$tmp/qit.log" 2>&1
	check_suite "qemu" "$tmp/qit.log" $?
	a=$(strip_cr "$L" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	b=$(strip_cr "$tmp/qit.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	if [ "$a" = "$b" ]; then ok "lucid and qemu: the same checks (with the image's suites) with the same results"; else
		bad "lucid = qemu" "$(diff <(strip_cr "$L" | grep -E '^(PASS|FAIL) ' | sort) \
			<(strip_cr "$tmp/qit.log" | grep -E '^(PASS|FAIL) ' | sort) | head -4 | tr '\n' ' ')"
	fi
fi

# The image's own tree (files and links as the image has them) as the
# initramfs: the kernel runs /sbin/init, busybox init, which reads the image's
# /etc/inittab and runs its sysinit line, /etc/rc. One line is added to the
# inittab for the test, "::once:/bin/kill -USR2 1" (what busybox's poweroff
# sends init), so init then runs the shutdown line (/etc/rc.shutdown), kills
# everything and powers the machine off, which ends the run.
echo "lucid: the image's tree as the initramfs (busybox init, /etc/rc, shutdown)"
echo '::once:/bin/kill -USR2 1' >>"$tmp/root/etc/inittab"
args=()
while read -r f; do
	rel=${f#"$tmp/root"}
	if [ -L "$f" ]; then args+=("$rel->$(readlink "$f")"); elif [ -f "$f" ]; then args+=("$rel=$f"); fi
done < <(find "$tmp/root" -mindepth 1 ! -path "$tmp/root/lost+found*" | LC_ALL=C sort)
if build/images/mkcpio "$tmp/root.cpio" "${args[@]}" 2>"$tmp/mkcpio.err"; then
	L=$tmp/init.log
	timeout 120 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
		-initrd "$tmp/root.cpio" -append "console=ttyS0" >"$L" 2>&1 </dev/null
	st=$?
	if strip_cr "$L" | grep -Eq '\] Run /sbin/init as init process$' && strip_cr "$L" | grep -qx 'rc: lucid is up'; then
		ok "busybox init (/sbin/init) ran the inittab's sysinit line: /etc/rc says 'rc: lucid is up'"
	else
		bad "busybox init" "$(strip_cr "$L" | grep -E 'init|rc:' | tail -4 | tr '\n' ' ')"
	fi
	# The line may follow the serial shell's prompt. Power-off gives 0 (the shutdown port).
	if [ "$st" = 0 ] && strip_cr "$L" | grep -q 'rc.shutdown: syncing, swap off, unmounting$' &&
		strip_cr "$L" | grep -qx 'Requesting system poweroff' && strip_cr "$L" | grep -Eq '\] reboot: Power down$'; then
		ok "on SIGUSR2 init runs /etc/rc.shutdown, kills every process and powers off (status $st)"
	else
		bad "init's poweroff" "status $st; $(strip_cr "$L" | tail -4 | tr '\n' ' ')"
	fi
	echo "  (today /etc/rc says:$(strip_cr "$L" | grep '^rc: .*failed' | sed 's/^rc: / |/;s/ failed.*//' | tr -d '\n'))"
else
	bad "mkcpio of the image's tree" "$(cat "$tmp/mkcpio.err")"
fi

echo "the default image boots to a shell on the serial line (what 'make run -nographic' shows)"
cat >"$tmp/shell.in" <<'SCRIPT'
when-serial /root #  => echo S1; uname -sr; ps; free; head -2 /proc/meminfo; mount; echo S2\n
when-serial S2\r\n => poweroff\n
SCRIPT
L=$tmp/shell.log
# As make run boots it: the image's kernel told to mount hda1 (the image's own command
# line leaves the root alone, so the tests that boot it never write it).
timeout 120 build/lucid -display none -serial stdio -no-reboot -snapshot -input-script "$tmp/shell.in" \
	-kernel build/guest/bzImage -append "root=/dev/hda1 console=ttyS0 console=tty0" "$IMG" </dev/null >"$L" 2>&1
st=$?
if [ "$st" = 0 ]; then ok "poweroff at the prompt ends the run with status 0"; else
	bad "poweroff at the prompt" "status $st: $(strip_cr "$L" | tail -3 | tr '\n' ' ')"; fi
expect_log() {	# WHAT REGEX
	if strip_cr "$L" | grep -Eq -- "$2"; then ok "$1"; else bad "$1" "no line matching /$2/"; fi
}
expect_log "the root is hda1, read-only until /etc/rc remounts it" '\] VFS: Mounted root \(ext2 filesystem\) readonly on device 3:1\.$'
expect_log "/etc/rc remounts it read-write" '\] EXT2-fs \(hda1\): mounted read-write$'
expect_log "busybox sh on ttyS0 (the inittab's respawn line)" '^BusyBox v1\.[0-9.]+ .*built-in shell \(ash\)$'
expect_log "uname" '^Linux 6\.1\.0-lucix$'
expect_log "ps lists init as pid 1" '^ +1 root +init$'
expect_log "ps lists the two shells" '^ +[0-9]+ root +-/bin/sh$'
expect_log "free reads /proc/meminfo" '^Mem: +[0-9]+ +[0-9]+ +[0-9]+ '
expect_log "/proc/meminfo" '^MemTotal: +[0-9]+ kB$'
expect_log "mount lists hda1 read-write at /" '^/dev/hda1 on / type ext2 \(rw'
expect_log "... and /proc" '^proc on /proc type proc '
expect_log "init syncs and powers off" '\] reboot: Power down$'

# make run's boot, to the prompt and `poweroff -f` at once: under 0.9 s of
# virtual time (the window paces to it, so this is the wall time a person waits).
printf '%s\n' 'when-serial /root #  => poweroff -f\n' >"$tmp/fast.in"
cp "$IMG" "$tmp/make-run.img"
build/images/mkdisk cmdline "$tmp/make-run.img" "root=/dev/hda1 console=ttyS0 console=tty0"
timeout 120 build/lucid -display none -serial stdio -no-reboot -stats -input-script "$tmp/fast.in" \
	"$tmp/make-run.img" </dev/null >"$tmp/fast.log" 2>&1
v=$(strip_cr "$tmp/fast.log" | sed -nE 's/^lucid: ([0-9]+) instructions executed.* ([0-9]+\.[0-9]+) s virtual.*/\1 \2/p')
if [ -n "$v" ] && awk -v t="${v#* }" 'BEGIN { exit !(t < 0.9) }'; then
	ok "boot to the prompt and poweroff -f in ${v#* } s virtual (${v% *} instructions)"
else
	bad "boot to the prompt under 0.9 s virtual" "got '${v:-nothing}': $(strip_cr "$tmp/fast.log" | tail -2 | tr '\n' ' ')"
fi

# Pasted lines on QEMU's serial line (a sender as fast as the UART takes bytes,
# which Lucid's input queue is not): 300 and four of 900 characters, each sent at once,
# must all reach the shell. The serial driver holds input in the UART while
# the tty's 256-byte flip buffer is full, rather than dropping it.
if command -v qemu-system-i386 >/dev/null; then
	a300=$(printf 'x%.0s' $(seq 300))
	a900=$(python3 -c "print(''.join(chr(97 + i % 26) for i in range(900)))")
	{ printf 'when-serial /root #  => echo %s | busybox wc -c\\n\n' "$a300" "$a900" "$a900" "$a900" "$a900"
	  printf '%s\n' 'when-serial /root #  => poweroff -f\n'; } >"$tmp/paste.in"
	cp "$IMG" "$tmp/paste.img"	# a fresh copy: the boot above wrote its root
	build/images/mkdisk cmdline "$tmp/paste.img" "root=/dev/hda1 console=ttyS0 console=tty0"
	python3 tests/guest/serial_session.py "$tmp/paste.in" 120 "$tmp/paste.log" \
		qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -icount shift=4,sleep=off \
		-display none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive format=raw,if=ide,file="$tmp/paste.img" >/dev/null 2>&1
	got=$(strip_cr "$tmp/paste.log" | grep -E '^[0-9]+$' | tr '\n' ' ')
	if [ "$got" = "301 901 901 901 901 " ]; then
		ok "qemu: lines of 300 and 900 characters pasted on ttyS0 all arrive (wc -c: $got)"
	else
		bad "qemu: pasted lines" "wc -c printed '$got', expected '301 901 901 901 901 ': $(strip_cr "$tmp/paste.log" | tail -2 | cut -c1-120 | tr '\n' ' ')"
	fi
fi
echo "guest-image: $pass passed, $fail failed"
