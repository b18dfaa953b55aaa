#!/usr/bin/env bash
# The debugger's process views, checked against what the guest itself says.
# The default image boots as make run boots it (root=/dev/hda1), busybox sh
# on ttyS0 prints its own /proc files, then runs `sync`, where a breakpoint
# on sys_sync stops the machine with the shell waiting for that child
# ($ppid): ps u, maps, files and uregs are compared with the guest's
# /proc/PID/{status,maps,fd,cmdline}; catch syscall stops at a write's entry
# and return. The run is recorded, and the replay (a second debugger
# session) is straced from outside: the calls of `ls` equal the lines the
# in-guest strace printed, and the replay stays identical to the recording.
# In the replay too: a breakpoint on a user address shared by every process
# (the vDSO's return from sysenter) stops only in the pid named, and a user
# program's own symbols (malloc_test, built here) give `break show pid N`.
. "$(dirname "$0")/../lib.sh"
IMG=build/images/lucid.img
PROG=build/images/prog/malloc_test
for f in "$L" build/guest/bzImage "$IMG" "$PROG"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary debugger-procs; exit 1; }
done
BOOT=(-display none -no-reboot -snapshot -kernel build/guest/bzImage
	-append "root=/dev/hda1 console=ttyS0 console=tty0")

# has NAME TEXT...: each TEXT must appear in $tmp/NAME.
has() {
	local name=$1
	shift
	for want in "$@"; do
		if grep -qF -- "$want" "$tmp/$name"; then
			ok "$name: $want"
		else
			bad "$name" "no '$want' in: $(tail -c 600 "$tmp/$name")"
		fi
	done
}

# section FILE START: the lines after "START" up to the next "(lucid) " line.
section() {
	awk -v s="$2" '$0 == s { on = 1; next } on && /^\(lucid\) / { exit } on' "$1"
}
# gsection START END: serial lines strictly between the lines START and END.
gsection() {
	tr -d '\r' <"$tmp/serial" | awk -v s="$1" -v e="$2" '$0 ~ s { on = 1; next } $0 ~ e { exit } on' |
		grep -v '^\[ *[0-9.]*\] '	# the kernel's messages on the console
}
same() {	# NAME A B: files A and B are the same bytes
	if [ -s "$2" ] && cmp -s "$2" "$3"; then
		ok "$1 ($(wc -l <"$2") lines)"
	else
		bad "$1" "$(diff "$2" "$3" | head -8 | tr '\n' '|')"
	fi
}

# ---- session 1: the live shell, recorded ----
cat >"$tmp/in" <<'EOF'
when-serial /root #  => echo S1 $$; cat /proc/$$/maps; echo M1; cat /proc/1/maps; echo M2; ls -l /proc/$$/fd; echo M3; tr '\\000' ' ' </proc/$$/cmdline; echo; echo M4; cat /proc/1/status; echo M5; cat /proc/$$/status; echo M6; cat /proc/mounts; echo M7; cat /proc/$$/oom_score; echo M8; stat -c '%i %s %h' /etc/passwd; echo M9; sync; echo S$((1+1))\n
when-serial S2\r\n => strace ls -1 /etc; malloc_test; sync; echo S$((2+1))\n
EOF
cat >"$tmp/cmd1" <<'EOF'
ps u
break sys_sync
c 3000000000
p $pid
p $ppid
ps u
maps $ppid
maps 1
files $ppid
uregs $ppid
uregs 2
sigs $ppid
oom
pstree
mount
vma $ppid
task $ppid
inode /etc/passwd
pagecache /bin/busybox
vtop 0x08049000 $ppid
delete
catch syscall write pid $ppid
info breakpoints
c 100000000
c 100000000
delete
break sys_sync
c 3000000000
quit
EOF
timeout 120 "$L" "${BOOT[@]}" -serial file:"$tmp/serial" -record "$tmp/rec" -input-script "$tmp/in" \
	-x "$tmp/cmd1" "$IMG" >"$tmp/s1" 2>"$tmp/s1.err"
status_is "session 1 (boot, the shell's commands, two syncs): exit status" $? 0

# Bad arguments are refused (a run of its own: an error makes a script's
# status 1, and the replay below checks the status is the recording's).
printf 'maps 9999\ncatch syscall nosuchcall\nfiles\nstrace 9999\ninode /etc\nusersyms 1\nadd-symbol-file %s\ninfo line show\n' "$PROG" >"$tmp/cmd0"
timeout 60 "$L" "${BOOT[@]}" -serial none -x "$tmp/cmd0" "$IMG" >"$tmp/s0" 2>&1
has s0 'No task with pid 9999.' "Unknown syscall name 'nosuchcall'." 'files PID' "init's fs_struct"
expect_in "$tmp/s0" "add-symbol-file: a user program's symbols and DWARF from the host" \
	"^Reading symbols from $PROG: [1-9][0-9]* symbols, DWARF\$"
has s0 'malloc_test.c'
has s0 'No task with pid 1.'
has s1 'Breakpoint 1, sys_sync () at'

sh_pid=$(tr -d '\r' <"$tmp/serial" | sed -n 's/^S1 \([0-9]*\)$/\1/p')
if [ -n "$sh_pid" ] && grep -qx '\$2 = '"$sh_pid" "$tmp/s1"; then
	ok "\$ppid at sys_sync is the shell's pid ($sh_pid, as its \$\$ says)"
else
	bad "\$ppid" "shell says '$sh_pid': $(grep '^\$2' "$tmp/s1")"
fi
sh_pid=${sh_pid:-18}

# maps: byte for byte /proc/PID/maps.
gsection '^S1 ' '^M1$' >"$tmp/g.maps.sh"
gsection '^M1$' '^M2$' >"$tmp/g.maps.1"
section "$tmp/s1" '(lucid) maps $ppid' >"$tmp/d.maps.sh"
section "$tmp/s1" '(lucid) maps 1' >"$tmp/d.maps.1"
same "maps \$ppid = the shell's /proc/$sh_pid/maps" "$tmp/g.maps.sh" "$tmp/d.maps.sh"
same "maps 1 = /proc/1/maps" "$tmp/g.maps.1" "$tmp/d.maps.1"
grep -q '\[stack\]$' "$tmp/d.maps.sh" && grep -q '\[vdso\]$' "$tmp/d.maps.sh" &&
	ok "maps names [stack] and [vdso]" || bad "maps names" "$(cat "$tmp/d.maps.sh")"

# ps u: VSZ and RSS equal VmSize and VmRSS; the command line, TTY and STAT.
vm() { gsection "$1" "$2" | awk -v k="$3:" '$1 == k { print $2 }'; }
for who in "$sh_pid M5 M6" "1 M4 M5"; do
	set -- $who
	row=$(awk '/^\(lucid\) ps u$/ { n++ } n == 2 && $2 == "'"$1"'"' "$tmp/s1" | head -1)
	vsz=$(echo "$row" | awk '{ print $5 }') rss=$(echo "$row" | awk '{ print $6 }')
	gvsz=$(vm "^$2\$" "^$3\$" VmSize) grss=$(vm "^$2\$" "^$3\$" VmRSS)
	if [ -n "$rss" ] && [ "$vsz" = "$gvsz" ] && [ "$rss" = "$grss" ]; then
		ok "ps u: pid $1 VSZ $vsz RSS $rss = /proc/$1/status VmSize and VmRSS"
	else
		bad "ps u pid $1" "row '$row'; guest VmSize '$gvsz' VmRSS '$grss'"
	fi
done
row=$(awk '/^\(lucid\) ps u$/ { n++ } n == 2 && $2 == "'"$sh_pid"'"' "$tmp/s1" | head -1)
gcmd=$(gsection '^M3$' '^M4$' | sed 's/ *$//')
dcmd=$(echo "$row" | awk '{ for (i = 11; i <= NF; i++) printf "%s%s", $i, i < NF ? " " : "" }')
if [ -n "$gcmd" ] && [ "$dcmd" = "$gcmd" ]; then
	ok "ps u: the shell's COMMAND '$dcmd' = /proc/$sh_pid/cmdline (read from its stack)"
else
	bad "ps u COMMAND" "'$dcmd' vs the guest's '$gcmd'"
fi
if echo "$row" | awk '$1 == "root" && $7 == "ttyS0" && $8 ~ /^Ss/ { ok = 1 } END { exit !ok }'; then
	ok "ps u: the shell is root's on ttyS0, a sleeping session leader (Ss)"
else
	bad "ps u TTY/STAT" "$row"
fi
if awk '/^\(lucid\) ps u$/ { n++ } n == 2 && $2 == "2" && $NF == "[kthreadd]" && $5 == 0' "$tmp/s1" | grep -q .; then
	ok "ps u: a kernel thread shows [comm] and no memory"
else
	bad "ps u kthreadd" "$(grep kthreadd "$tmp/s1" | tail -1)"
fi
if section "$tmp/s1" '(lucid) ps u' | head -1 | grep -q 'No tasks'; then ok "ps u before the kernel: no tasks"; else bad "ps u before the kernel"; fi

# files: the descriptors and their paths, as ls -l /proc/PID/fd shows them.
gsection '^M2$' '^M3$' | awk '/ -> / { print $(NF-2), $NF }' | sort >"$tmp/g.fd"
section "$tmp/s1" '(lucid) files $ppid' | awk '$1 ~ /^[0-9]+$/ { print $1, $NF }' | sort >"$tmp/d.fd"
if [ -s "$tmp/g.fd" ]; then same "files \$ppid = ls -l /proc/$sh_pid/fd" "$tmp/g.fd" "$tmp/d.fd"; else bad "files" "the guest listed no fds"; fi
has s1 'ROOT: /    CWD: /root'

# uregs: the shell sleeps in wait4 (114) for sync; it entered from the vDSO.
section "$tmp/s1" '(lucid) uregs $ppid' >"$tmp/uregs"
oeax=$(awk '$1 == "orig_eax" { print $3 }' "$tmp/uregs")
eip=$(awk '$1 == "eip" { print $2 }' "$tmp/uregs")
vdso=$(awk '/\[vdso\]$/ { split($1, a, "-"); print a[1], a[2] }' "$tmp/d.maps.sh")
read -r vlo vhi <<<"$vdso"
if [ "$oeax" = 114 ] && [ -n "$eip" ] && [ -n "$vlo" ] &&
	[ $((eip)) -ge $((16#$vlo)) ] && [ $((eip)) -lt $((16#$vhi)) ]; then
	ok "uregs: the shell is in wait4 (orig_eax 114), eip $eip in its [vdso] $vlo-$vhi"
else
	bad "uregs" "orig_eax '$oeax' eip '$eip' vdso '$vdso'"
fi
has s1 'pid 2 is a kernel thread (no user registers).'

# sigs: the four sets of /proc/PID/status.
gsection '^M5$' '^M6$' | grep -E '^Sig(Pnd|Blk|Ign|Cgt):' | tr -s '\t ' ' ' >"$tmp/g.sigs"
section "$tmp/s1" '(lucid) sigs $ppid' | grep -E '^Sig(Pnd|Blk|Ign|Cgt):' | tr -s '\t ' ' ' >"$tmp/d.sigs"
same "sigs \$ppid = SigPnd/SigBlk/SigIgn/SigCgt of /proc/$sh_pid/status" "$tmp/g.sigs" "$tmp/d.sigs"
has s1 '] SIGCHLD   0x' '] SIGQUIT   SIG_IGN'

# oom: the shell's oom_score as the guest computes it; init's is 0.
goom=$(gsection '^M7$' '^M8$' | head -1)
doom=$(section "$tmp/s1" '(lucid) oom' | awk -v p="$sh_pid" '$1 == p { print $2 }')
ioom=$(section "$tmp/s1" '(lucid) oom' | awk '$1 == 1 { print $2 }')
if [ -n "$goom" ] && [ "$doom" = "$goom" ] && [ "$ioom" = 0 ]; then
	ok "oom: the shell's score $doom = /proc/$sh_pid/oom_score; init's 0"
else
	bad "oom" "shell '$doom' vs the guest's '$goom'; init '$ioom'"
fi

# mount: /proc/mounts byte for byte.
gsection '^M6$' '^M7$' >"$tmp/g.mounts"
section "$tmp/s1" '(lucid) mount' >"$tmp/d.mounts"
same "mount = /proc/mounts" "$tmp/g.mounts" "$tmp/d.mounts"

# pstree: init's children are the two shells, the sync under ours.
section "$tmp/s1" '(lucid) pstree' >"$tmp/pstree"
if grep -qx 'init(1)' "$tmp/pstree" && grep -qx "  sh($sh_pid)" "$tmp/pstree" &&
	grep -qE '^    sync\([0-9]+\)$' "$tmp/pstree" && grep -qx 'kthreadd(2)' "$tmp/pstree"; then
	ok "pstree: init(1) > sh($sh_pid) > sync, and kthreadd(2)"
else
	bad "pstree" "$(tr '\n' '|' <"$tmp/pstree")"
fi

# vma names the file a VMA maps (the guest's maps shows its text as anonymous).
if section "$tmp/s1" '(lucid) vma $ppid' | grep -qE ' r-xp \(0x[0-9a-f]+\) /bin/busybox @0x1000$'; then
	ok "vma: the shell's text maps /bin/busybox at offset 0x1000"
else
	bad "vma" "$(section "$tmp/s1" '(lucid) vma $ppid' | head -4 | tr '\n' '|')"
fi
has s1 '  real_parent->pid     1' "PID: $sh_pid  TASK: "

# inode: the dentry cache's /etc/passwd is what stat says; the shell's text
# page at 0x08049000 (file offset 0x1000) is busybox's page-cache page 1.
gstat=$(gsection '^M8$' '^M9$' | head -1)
dstat=$(section "$tmp/s1" '(lucid) inode /etc/passwd' | awk '$1 == "ino" { print $2, $12, $6 }')
if [ -n "$gstat" ] && [ "$dstat" = "$gstat" ]; then
	ok "inode /etc/passwd: ino, size and nlink '$dstat' = stat's"
else
	bad "inode /etc/passwd" "'$dstat' vs stat's '$gstat'"
fi
pc=$(section "$tmp/s1" '(lucid) pagecache /bin/busybox' | awk '$1 == 1 { print $3 }')
vt=$(section "$tmp/s1" '(lucid) vtop 0x08049000 $ppid' | sed -n 's/.*-> PHYSICAL 0x0*\([0-9a-f]*\)$/\1/p')
if [ -n "$pc" ] && [ -n "$vt" ] && [ $((pc)) = $((16#$vt >> 12)) ]; then
	ok "pagecache /bin/busybox page 1 (PFN $pc) is the frame vtop 0x08049000 \$ppid finds"
else
	bad "pagecache vs vtop" "page 1 PFN '$pc', vtop physical '$vt'"
fi

# catch syscall: the shell's write of "S2", at its entry and its return.
has s1 "Catchpoint 2 (syscall 'write' [4]) if \$pid == $sh_pid" \
	"Catchpoint 2 (call to syscall write), pid $sh_pid: write(1, \"S2\\n\", 3)" \
	"Catchpoint 2 (returned from syscall write), pid $sh_pid: write(1, \"S2\\n\", 3) = 3"
has s1 'Breakpoint 3, sys_sync () at'
malloc_pid=$(tr -d '\r' <"$tmp/serial" | sed -n 's/^malloc_test: pid \([0-9]*\),.*/\1/p')

# ---- session 2: the replay, traced from outside ----
eip=${eip:-0}
malloc_pid=${malloc_pid:-0}
sh_task=$(sed -n 's/^PID: '"$sh_pid"'  TASK: \([0-9a-f]*\) .*/\1/p' "$tmp/s1" | head -1)
sh_task=${sh_task:-0}
cat >"$tmp/cmd2" <<EOF
strace all
break *$eip
c 3000000000
p \$pid
delete
break *$eip pid $sh_pid
c 3000000000
p \$pid
c 3000000000
p \$pid
delete
catch syscall execve pid $malloc_pid
c 3000000000
c 3000000000
usersyms \$pid
delete
break show pid $malloc_pid
c 3000000000
p \$pid
p what
bt 3
delete
c 3000000000
strace off
when
watch *(long *)0x$sh_task
reverse-continue
when
p *(long *)0x$sh_task
bt 3
EOF
timeout 120 "$L" "${BOOT[@]}" -serial none -replay "$tmp/rec" -x "$tmp/cmd2" "$IMG" >"$tmp/s2" 2>"$tmp/s2.err"
status_is "session 2 (the replay under strace and breakpoints): exit status" $? 0
has s2 'The replay reached the end of the recording at icount'
expect_in "$tmp/s2.err" "the traced replay stays identical to the recording (to its end, then back)" \
	'^lucid: replay left at icount [0-9]+ of the recording.s [0-9]+: [0-9]+ digests .* identical$'

# reverse-continue to the last write of the shell's state field: it went to
# sleep in wait4 (TASK_INTERRUPTIBLE) before the second sync.
w=$(grep -A1 '^(lucid) when$' "$tmp/s2" | sed -n 's/^Current icount: //p' | tr '\n' ' ')
set -- $w
if [ "$#" = 2 ] && [ "$2" -lt "$1" ] && grep -q '^Hardware watchpoint [0-9]*: \*(long \*)0x' "$tmp/s2" &&
	grep -qE '^#[0-9]  0x[0-9a-f]+ in (do_wait|sys_wait4)' "$tmp/s2" &&
	[ "$(grep -A1 "^(lucid) p \*(long \*)0x$sh_task\$" "$tmp/s2" | sed -n 's/^\$[0-9]* = //p')" = 1 ]; then
	ok "reverse-continue with a watch on the shell's state: back from icount $1 to $2, in wait4, state 1"
else
	bad "reverse-continue to the state write" "when: '$w'; $(grep -A4 '^(lucid) reverse-continue' "$tmp/s2" | tr '\n' '|')"
fi

# The first stop of the unfiltered breakpoint is not the shell's; the
# filtered one's are.
pids=$(grep -A1 '^(lucid) p \$pid$' "$tmp/s2" | sed -n 's/^\$[0-9]* = //p' | tr '\n' ' ')
set -- $pids
if [ "$#" = 4 ] && [ "$1" != "$sh_pid" ] && [ "$2" = "$sh_pid" ] && [ "$3" = "$sh_pid" ] &&
	[ "$4" = "$malloc_pid" ]; then
	ok "break *$eip stops first in pid $1; with 'pid $sh_pid' only in $sh_pid (twice); break show pid $malloc_pid in $malloc_pid"
else
	bad "per-pid breakpoints" "stops in pids '$pids' (shell $sh_pid, malloc_test $malloc_pid)"
fi
# usersyms: at malloc_test's return from execve, its ELF read from the guest's
# disk gives the symbols and DWARF that break show and p what use.
has s2 "(returned from syscall execve), pid $malloc_pid: execve(\"/usr/bin/malloc_test\"" \
	"pid $malloc_pid runs /usr/bin/malloc_test (/usr/bin/malloc_test on hda1, read from the disk)"
expect_in "$tmp/s2" "usersyms: the program's symbols and DWARF loaded" \
	'^Reading symbols from /tmp/lucid-usersyms-[A-Za-z0-9]+: [1-9][0-9]* symbols, DWARF$'
has s2 "show (what=" 'at images/programs/malloc_test.c:' '"at start:"'
# A user program's backtrace, through its .eh_frame: show, then main.
if grep -A3 '^(lucid) bt 3$' "$tmp/s2" | grep -qE '^#1  0x[0-9a-f]+ in main\+[0-9]+ at malloc_test\.c:[0-9]+$'; then
	ok "bt in malloc_test: show, then main (the program's .eh_frame)"
else
	bad "bt in malloc_test" "$(grep -A3 '^(lucid) bt 3$' "$tmp/s2" | tr '\n' '|')"
fi

# strace from outside = the in-guest strace, call for call.
tr -d '\r' <"$tmp/serial" | sed -n '/^execve("\/sbin\/ls"/,/^exit_group/p' | grep -E '^[a-z_0-9]+\(' >"$tmp/g.strace"
ls_pid=$(sed -n 's/^\[pid *\([0-9]*\)\] execve("\/sbin\/ls".*/\1/p' "$tmp/s2" | head -1)
grep "^\[pid *$ls_pid\] " "$tmp/s2" | sed 's/^\[pid *[0-9]*\] //' |
	sed -n '/^execve("\/sbin\/ls"/,/^exit_group/p' >"$tmp/d.strace"
if [ -n "$ls_pid" ] && [ "$(wc -l <"$tmp/g.strace")" -gt 30 ]; then
	same "strace of the replay: ls (pid $ls_pid) = the in-guest strace's lines" "$tmp/g.strace" "$tmp/d.strace"
else
	bad "strace of ls" "pid '$ls_pid', $(wc -l <"$tmp/g.strace") in-guest lines"
fi
if grep -q '^\[pid *1\] ' "$tmp/s2" && grep -q "^\[pid *$sh_pid\] wait4(" "$tmp/s2"; then
	ok "strace all: init's and the shell's calls too ($(grep -c '^\[pid' "$tmp/s2") lines)"
else
	bad "strace all" "no init or shell lines"
fi

# ---- gdb: the processes as threads, named ----
if command -v gdb >/dev/null; then
	printf 'when-serial /root #  => sync; malloc_test\\n\n' >"$tmp/in3"
	gdb_stub_start "$tmp/stub.out" "${BOOT[@]:2}" -no-reboot -snapshot -input-script "$tmp/in3" "$IMG"
	# qXfer:libraries: at a stop in malloc_test, "sharedlibrary" makes gdb load the
	# program the stub read from the guest's disk; then break show, bt, p what.
	timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" -ex 'break sys_sync' \
		-ex continue -ex 'info threads' -ex 'delete 1' \
		-ex "break sys_getpid if ((struct thread_info *)((unsigned long)\$esp & ~8191))->task->comm[0] == 'm'" \
		-ex continue -ex sharedlibrary -ex 'info sharedlibrary' -ex 'break show' -ex 'delete 2' \
		-ex continue -ex 'bt 2' -ex 'p what' -ex kill build/guest/lucix.elf >"$tmp/gdb" 2>&1
	gdb_stub_stop
	has gdb '"sync" hit Breakpoint 1, sys_sync () at' '"init" (pid 1, user process)' \
		'"kthreadd" (pid 2, kernel thread)' "\"sh\" (pid $sh_pid, user process)" \
		'"malloc_test" hit Breakpoint 2, sys_getpid ()' \
		'show (what=0x805405f "at start:") at images/programs/malloc_test.c:16' \
		'in main () at images/programs/malloc_test.c:' '$1 = 0x805405f "at start:"'
	expect_in "$tmp/gdb" "gdb: info sharedlibrary lists the program read from the guest's disk" \
		'^0x08048000 +0x[0-9a-f]+ +Yes +/tmp/lucid-usersyms-'
else
	bad "gdb" "no gdb on this machine"
fi

summary debugger-procs
