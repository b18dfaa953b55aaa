#!/usr/bin/env bash
# lucid from any directory: build/lucid run from an empty directory finds its
# BIOS and the debugger's default symbols next to its own executable;
# `make install PREFIX=DIR` lays out DIR/bin/lucid, DIR/share/lucid/...,
# DIR/share/doc/lucid/..., and the installed lucid (also moved elsewhere, also
# through a symlink) boots the guest kernel with its own ROM. A lucid copied
# away from any data files says plainly that it has no BIOS.
. "$(dirname "$0")/../lib.sh"
ROOT=$(pwd)

mkdir -p "$tmp/cwd"	# an empty working directory: no build/ to fall back on

# boots NAME LUCID KERNEL: run LUCID from the empty directory on the guest
# kernel's boot self-tests; they end the run with status 1 (isa-debug-exit 0).
boots() {
	local name=$1 lucid=$2 kernel=$3
	(cd "$tmp/cwd" && timeout 60 "$lucid" -nographic -kernel "$kernel" \
		-append "console=ttyS0 selftest=boot") >"$tmp/$name.log" 2>"$tmp/$name.err"
	local st=$?
	if [ "$st" = 1 ] && grep -q "^Lucid BIOS" "$tmp/$name.log" &&
		grep -qE "selftest: [1-9][0-9]* passed, 0 failed" "$tmp/$name.log"; then
		ok "$name: $(grep -oE 'selftest: [0-9]+ passed, 0 failed' "$tmp/$name.log")"
	else
		bad "$name: status $st: $(head -c 300 "$tmp/$name.err") $(tail -n 3 "$tmp/$name.log")"
	fi
}

# symbols NAME LUCID KERNEL DATADIR: the debugger, run from the empty directory,
# loads the kernel's and the BIOS's symbols from DATADIR and stops in start_kernel.
printf 'break start_kernel\nc\nbt\nquit\n' >"$tmp/kernel.cmd"
symbols() {
	local name=$1 lucid=$2 kernel=$3 dir=$4
	(cd "$tmp/cwd" && timeout 60 "$lucid" -display none -serial none -debugcon none \
		-x "$tmp/kernel.cmd" -kernel "$kernel") >"$tmp/$name.log" 2>"$tmp/$name.err"
	local st=$?
	if [ "$st" = 0 ] && grep -qF "Reading symbols from $dir/guest/lucix.elf" "$tmp/$name.err" &&
		grep -qF "Reading symbols from $dir/bios/bios.elf" "$tmp/$name.err" &&
		grep -q "^Breakpoint 1, start_kernel ()" "$tmp/$name.log"; then
		ok "$name: symbols from $dir, stopped in start_kernel"
	else
		bad "$name: status $st: $(head -c 300 "$tmp/$name.err") $(head -c 300 "$tmp/$name.log")"
	fi
}

# ---- build/lucid from another directory ----
boots build-from-elsewhere "$ROOT/build/lucid" "$ROOT/build/guest/bzImage"
symbols build-symbols "$ROOT/build/lucid" "$ROOT/build/guest/bzImage" "$ROOT/build"
if (cd "$tmp/cwd" && "$ROOT/build/lucid" -h) | grep -qF "(default $ROOT/build/bios/bios.bin)"; then
	ok "build-help-names-its-bios"
else
	bad "build-help-names-its-bios: $( (cd "$tmp/cwd" && "$ROOT/build/lucid" -h) | grep -A1 -- -bios)"
fi

# ---- make install ----
P=$tmp/prefix
if env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory install PREFIX="$P" >"$tmp/install.log" 2>&1; then
	ok "make-install"
else
	bad "make-install: $(tail -n 5 "$tmp/install.log")"
fi
missing=
for f in bin/lucid share/lucid/bios/bios.bin share/lucid/bios/bios.elf \
	share/lucid/guest/bzImage share/lucid/guest/lucix.elf share/lucid/images/lucid.img \
	share/doc/lucid/README.md share/doc/lucid/USER-GUIDE.md; do
	[ -s "$P/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ] && [ -x "$P/bin/lucid" ] && cmp -s "$P/share/lucid/bios/bios.bin" build/bios/bios.bin
then ok "install-layout"; else bad "install-layout: missing:$missing"; fi
boots installed "$P/bin/lucid" "$P/share/lucid/guest/bzImage"
symbols installed-symbols "$P/bin/lucid" "$P/share/lucid/guest/bzImage" "$P/share/lucid"

# The installed tree is relocatable, and a symlink to the binary works.
mv "$P" "$tmp/moved"
boots installed-moved "$tmp/moved/bin/lucid" "$tmp/moved/share/lucid/guest/bzImage"
mkdir -p "$tmp/links"
ln -s "$tmp/moved/bin/lucid" "$tmp/links/lucid"
boots installed-symlink "$tmp/links/lucid" "$tmp/moved/share/lucid/guest/bzImage"

# Staged with DESTDIR, as packagers do.
if env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory install DESTDIR="$tmp/stage" PREFIX=/usr >"$tmp/stage.log" 2>&1 &&
	[ -x "$tmp/stage/usr/bin/lucid" ] && [ -s "$tmp/stage/usr/share/lucid/bios/bios.bin" ]
then ok "install-destdir"; else bad "install-destdir: $(tail -n 5 "$tmp/stage.log")"; fi

# ---- a lucid with no data files anywhere near it ----
mkdir -p "$tmp/alone"
cp build/lucid "$tmp/alone/lucid"
(cd "$tmp/cwd" && "$tmp/alone/lucid" -nographic -kernel "$ROOT/build/guest/bzImage") \
	>"$tmp/alone.log" 2>"$tmp/alone.err"
st=$?
if [ "$st" = 2 ] && grep -qF "lucid: cannot open BIOS image 'build/bios/bios.bin'" "$tmp/alone.err" &&
	[ "$(wc -l <"$tmp/alone.err")" = 1 ]; then
	ok "alone-says-no-bios"
else
	bad "alone-says-no-bios: status $st: $(cat "$tmp/alone.err")"
fi
# ... and -bios still works for it.
boots_bios() {
	(cd "$tmp/cwd" && timeout 60 "$tmp/alone/lucid" -nographic -bios "$ROOT/build/bios/bios.bin" \
		-kernel "$ROOT/build/guest/bzImage" -append "console=ttyS0 selftest=boot") \
		>"$tmp/alone-bios.log" 2>&1
}
boots_bios
st=$?
if [ "$st" = 1 ] && grep -qE "selftest: [1-9][0-9]* passed, 0 failed" "$tmp/alone-bios.log"; then
	ok "alone-with-bios-option"
else
	bad "alone-with-bios-option: status $st"
fi

summary install
