#!/usr/bin/env bash
# Old recordings and snapshots still load: tests/compat/ holds logs and a
# snapshot made by the Lucid before state sections registered themselves
# (tests/compat/mkfixtures.sh, on the ROM of tests/compat/compat.S). They
# must replay with every digest equal (the digests hash each device's saved
# bytes, so a changed section layout shows), a debugger's register and
# memory writes in a log must replay, the snapshot must load and run to the
# same end, and loading it then saving again must give the same stream.
. "$(dirname "$0")/../lib.sh"
L=${LUCID:-build/lucid}
C=tests/compat

gzip -dc $C/compat.rom.gz >"$tmp/compat.rom"
args=(-bios "$tmp/compat.rom" -display none -serial stdio -debugcon none)

# replay NAME: the log replays identically, with the recorded output.
replay() {
	timeout 60 $L "${args[@]}" -replay "$C/$1.rec" </dev/null >"$tmp/$1.out" 2>"$tmp/$1.err"
	local st=$?
	grep '^compat:\|^hello\|^bye' "$tmp/$1.out" >"$tmp/$1.got"
	grep '^compat:\|^hello\|^bye' "$C/$1.out" >"$tmp/$1.want"
	if [ $st = 43 ] && grep -q "replay identical to the recording" "$tmp/$1.err" &&
		cmp -s "$tmp/$1.got" "$tmp/$1.want"; then
		ok "old-log-$1-replays ($(grep -o '[0-9]* digests and [0-9]* input events' "$tmp/$1.err"))"
	else bad "old-log-$1-replays (status $st: $(head -c 300 "$tmp/$1.err"))"; fi
}
replay typed
replay pokes
if grep -q 'set \$ebx' $C/pokes.gdb && grep -q '00012323' $C/pokes.out; then
	ok "pokes-log-has-debugger-writes"
else bad "pokes-log-has-debugger-writes"; fi

timeout 60 $L "${args[@]}" -loadvm $C/mid.vm </dev/null >"$tmp/mid.out" 2>"$tmp/mid.err"
echo "status $?" >>"$tmp/mid.out"
if cmp -s "$tmp/mid.out" $C/mid.out; then ok "old-snapshot-loads-and-runs ($(head -1 $C/mid.out))"
else bad "old-snapshot-loads-and-runs: $(head -c 200 "$tmp/mid.out") $(head -c 200 "$tmp/mid.err")"; fi

# Load the old snapshot and save it again: the same stream, section by
# section (a file is a 24-byte header and the zlib-compressed stream of
# sections: tag, u32 version, u32 length, bytes), but for the one intended
# change since: the x87 came, so "CPU " is version 2 with the same bytes,
# followed by an "FPU " section.
printf '%s\n' "loadvm $C/mid.vm" "savevm $tmp/again.vm" quit >"$tmp/rs.gdb"
timeout 60 $L "${args[@]}" -debug-script "$tmp/rs.gdb" </dev/null >/dev/null 2>&1
stream() { perl -MCompress::Zlib -e 'local $/; my $d = <STDIN>;
	my $u = uncompress(substr($d, 24)); defined $u or exit 1; print $u' <"$1"; }
# sections FILE: one line per section, "TAG VERSION LENGTH SHA1-OF-BYTES".
sections() { perl -MDigest::SHA=sha1_hex -e 'local $/; my $s = <STDIN>; my $p = 0;
	while ($p + 12 <= length $s) { my ($t, $v, $n) = unpack("a4 V V", substr($s, $p, 12));
		print "$t $v $n ", sha1_hex(substr($s, $p + 12, $n)), "\n"; $p += 12 + $n; }
	print "trailing ", length($s) - $p, "\n" if $p != length $s' <"$1"; }
if [ -s "$tmp/again.vm" ] && stream $C/mid.vm >"$tmp/old.raw" && stream "$tmp/again.vm" >"$tmp/new.raw"; then
	sections "$tmp/old.raw" | sed 's/^CPU  1 /CPU  2 /' >"$tmp/old.sec"
	sections "$tmp/new.raw" | grep -v '^FPU ' >"$tmp/new.sec"
	if cmp -s "$tmp/old.sec" "$tmp/new.sec" && sections "$tmp/new.raw" | grep -A0 -B1 '^FPU ' |
		head -1 | grep -q '^CPU  2 '; then
		ok "old-snapshot-saves-the-same-stream ($(wc -l <"$tmp/old.sec") sections, CPU then FPU)"
	else bad "old-snapshot-saves-the-same-stream: $(diff "$tmp/old.sec" "$tmp/new.sec" | head -3 | tr '\n' ' ')"; fi
else bad "old-snapshot-saves-the-same-stream: no snapshot saved"; fi

# A one-disk machine doing disk I/O, recorded by the Lucid before the ATA
# device had four positions (commit 488e2c1, with that commit's BIOS, on the
# first MiB of the BIOS tests' disk.img; the BIOS's INT 13h test program
# reads, writes and fails on it): the ATA section's bytes, which every
# digest hashes, must be what they were.
gzip -dc $C/disk1-bios.bin.gz >"$tmp/disk1-bios.bin"
gzip -dc $C/disk1.img.gz >"$tmp/disk1.img"
timeout 60 $L -bios "$tmp/disk1-bios.bin" -display none -serial none -debugcon stdio \
	-replay $C/disk1.rec "$tmp/disk1.img" </dev/null >"$tmp/disk1.out" 2>"$tmp/disk1.err"
st=$?
if [ $st = 1 ] && grep -q "replay identical to the recording" "$tmp/disk1.err" &&
	cmp -s "$tmp/disk1.out" $C/disk1.out; then
	ok "old-one-disk-log-replays ($(grep -o '[0-9]* digests' "$tmp/disk1.err"))"
else bad "old-one-disk-log-replays (status $st: $(head -c 300 "$tmp/disk1.err"))"; fi

summary compat
