#!/bin/sh
# Run as /init of an initramfs by tests/groups/88-guest-files.sh, on lucix
# (Lucid) and on Debian's Linux (QEMU): Debian's dynamically linked bash and
# coreutils' ls through ld-linux.so.2, execve's errors as the shells report
# them, chown/utimes, /dev/full, /dev/urandom and getrandom, and rename over
# a file while another process looks, sendfile. Lines starting "T " must be the same
# on both kernels; "R " lines carry values (random bytes) that differ.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp /root && chmod 1777 /tmp && chmod 700 /root && cd /tmp || exit 1
echo "T start"

# Debian's bash and ls (PT_INTERP: /lib/ld-linux.so.2 maps libc.so.6, libtinfo, libselinux, libpcre2)
echo "T bash: $(/bin/bash -c 'echo $BASH_VERSION')"
/bin/bash -c 'declare -A a=([x]=1 [y]=2); s=0; for i in $(seq 1 10); do s=$((s + i)); done;
	printf "T bash arrays %s sum %s ext %s\n" "${#a[@]}" "$s" "${BASH_VERSINFO[0]}"'
/bin/bash -c 'echo "T bash pipe $(echo hello | tr a-z A-Z) status ${PIPESTATUS[0]}"'
/usr/bin/ls -l / | awk '/^total/ { print "T ls total line"; next } { print "T ls", $1, $3, $4, $NF }'
/usr/bin/ls -la /lib | awk '/^l/ { print "T ls link", $(NF-2), $(NF-1), $NF }'
echo "T ls status $(/usr/bin/ls /nonexistent 2>&1 >/dev/null; echo $?)"
/usr/bin/ls --version | head -1 | sed 's/^/T /'
# the auxiliary vector ld.so is given (names; values differ)
LD_SHOW_AUXV=1 /usr/bin/ls -d / | awk -F: '/^AT_/ { print "T auxv", $1 } /^\// { print "T auxv ran ls", $0 }'

# execve's errors (ENOENT, EACCES, ENOEXEC) as busybox sh and bash report them
echo 'echo x' >noexec
printf '\177ELF\001\001\001\000junk' >badelf
chmod +x badelf
sed 's|/lib/ld-linux.so.2|/lib/ld-linux.so.9|' /usr/bin/ls >nointerp
chmod +x nointerp
printf '#!/bin/sh\necho "T shebang $0 $1"\n' >script
chmod +x script
sh -c 'nosuchcommand' 2>&1 | sed 's/^/T /'
sh -c '/tmp/nothere' 2>&1 | sed 's/^/T /'
sh -c '/tmp/noexec' 2>&1 | sed 's/^/T /'
sh -c '/tmp' 2>&1 | sed 's/^/T /'
sh -c '/tmp/badelf' 2>&1 | sed 's/^/T /'
/bin/bash -c 'nosuchcommand; /tmp/nothere; /tmp/noexec; /tmp/badelf; /tmp/nointerp; /tmp/script arg' 2>&1 | sed 's/^/T /'
./script one | sed 's/^/T /'

# chown and utimes
echo data >f
ln -s f sl
chmod 6755 f
chown 1234:5678 f
echo "T chown: $(stat -c '%u %g %a' f)"
chown -h 77:88 sl
echo "T lchown: $(stat -c '%u %g' sl) $(stat -L -c '%u %g' f)"
chown 0 f
echo "T chown uid only: $(stat -c '%u %g' f)"
touch -d '2001-02-03 04:05:06' f
echo "T touch -d: $(stat -c '%X %Y' f)"
touch -a -d '2002-01-01 00:00:00' f
echo "T touch -a: $(stat -c '%X %Y' f)"

# /dev/full, /dev/urandom, getrandom
echo "T /dev/full: $(echo x 2>&1 >/dev/full)"
echo "T /dev/full reads: $(dd if=/dev/full bs=4 count=2 2>/dev/null | od -An -tx1 | tr -s ' ')"
echo "T /dev/urandom: $(head -c 4096 /dev/urandom | wc -c) bytes, $(head -c 4096 /dev/random | wc -c) bytes"
echo "R urandom $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "T SRANDOM: $(/bin/bash -c 'a=$SRANDOM b=$SRANDOM; [ "$a" != "$b" ] && echo differs')"

# rename over an existing file while another process keeps opening it
echo old >t
( i=0; while [ $i -lt 200 ]; do echo $i >t.new; mv -f t.new t; i=$((i + 1)); done; echo done >t.done ) &
missing=0 n=0
while [ ! -e t.done ]; do
	cat t >/dev/null 2>&1 || missing=$((missing + 1))
	n=$((n + 1))
done
wait
echo "T rename: target missing $missing times; last $(cat t)"
echo "V rename: $n looks"
# sendfile: busybox cat uses sendfile64; the calls' rules (images/initramfs/sendfiletest.c)
head -c 300000 /dev/urandom >sf.big
echo "T cat through sendfile: $(cat sf.big | cksum | cut -d' ' -f2) bytes, $(cat sf.big >sf.copy; cmp sf.big sf.copy && echo same)"
rm -f sf.big sf.copy
/bin/sendfiletest
echo "T end"
sync
poweroff -f
