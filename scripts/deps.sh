#!/usr/bin/env bash
# make deps: install the Debian packages Lucid386 needs, only those missing.
# As root it runs apt-get itself; otherwise it prints the command and stops.
set -eu
PKGS="gcc gcc-multilib make pkg-config libsdl2-dev libelf-dev libdw-dev
libcriterion-dev zlib1g-dev libcapstone-dev libunicorn-dev libpng-dev libssl-dev
e2fsprogs qemu-system-x86 xvfb syslinux-common gdb kbd console-data afl++"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: installed:$missing"
