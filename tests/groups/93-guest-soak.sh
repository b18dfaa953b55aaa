#!/usr/bin/env bash
# The soak, short (tests/guest/soak-run.sh; `make bench` runs 120 s of it and
# `make soak` an hour): the default image runs tests/guest/soak.sh as init
# (shell work, file churn on the ext2 root, pipes, the OOM test, a module in
# and out when the image has one) for 10 s of virtual time under -record; the
# guest finds its memory back (free pages after dropping caches, slab
# objects); the replay is identical, disk image included; e2fsck -fn finds
# the root clean; nothing in the log says Oops, BUG or panic.
. "$(dirname "$0")/../lib.sh"
[ -f build/images/lucid.img ] || { bad "build" "build/images/lucid.img missing (make all)"; summary guest-soak; exit 1; }
bash tests/guest/soak-run.sh 10 "$tmp/soak"
res() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "$tmp/soak/results"; }
log=$tmp/soak/serial
passline=$(tr -d '\r' <"$log" | grep -a '^soak: PASS')
if [ "$(res run)" = 0 ] && [ -n "$passline" ]; then
	ok "soak: ${passline#soak: PASS: }, memory back, powered off"
else
	bad "soak" "status $(res run); $(tr -d '\r' <"$log" | grep -a -E '^soak: (FAIL|  )' | head -4 | tr '\n' ' ')"
fi
expect_in "$log" "soak: the workload ran more than one round" '^soak: after round ([2-9]|[1-9][0-9]+):'
hits=$(tr -d '\r' <"$log" | grep -a -E 'Oops|BUG|Kernel panic|WARNING:|Bad page state' | head -3)
if [ -z "$hits" ]; then ok "soak: no oops, BUG or panic"; else bad "soak: log" "$hits"; fi
if [ "$(res replay)" = "$(res run) 1" ]; then	# the same exit status, identical
	ok "soak: replay identical ($(grep -o '[0-9]* digests' "$tmp/soak/rep.err")), the disk image too"
else
	bad "soak: replay" "$(res replay): $(tail -2 "$tmp/soak/rep.err" | tr '\n' ' ')"
fi
if [ "$(res e2fsck)" = 0 ]; then
	ok "soak: e2fsck -fn clean ($(tail -1 "$tmp/soak/e2fsck.out"))"
else
	bad "soak: e2fsck" "$(tail -4 "$tmp/soak/e2fsck.out" | tr '\n' ' ')"
fi
summary guest-soak
