#!/bin/sh
# kallsyms.sh: turn `nm -n lucix` output on stdin into the assembly of the
# built-in symbol table (kernel/kallsyms.c reads it). Only text symbols
# (t/T/w/W) inside the kernel image are kept. With --empty, emit an empty
# table for the first link pass.
if [ "$1" = "--empty" ]; then
	printf '\t.section ".kallsyms", "a"\n\t.globl kallsyms_num, kallsyms_table, kallsyms_names\n'
	printf '\t.balign 4\nkallsyms_num:\t.long 0\nkallsyms_table:\nkallsyms_names:\t.byte 0\n'
	exit 0
fi
awk '
$2 ~ /^[tTwW]$/ && length($1) == 8 && $1 >= "c0100000" && $3 !~ /^\./ {
	addr[n] = $1; name[n] = $3; n++
}
END {
	print "\t.section \".kallsyms\", \"a\""
	print "\t.globl kallsyms_num, kallsyms_table, kallsyms_names"
	print "\t.balign 4"
	print "kallsyms_num:\t.long " n
	print "kallsyms_table:"
	off = 0
	for (i = 0; i < n; i++) {
		print "\t.long 0x" addr[i] ", " off
		off += length(name[i]) + 1
	}
	print "kallsyms_names:"
	for (i = 0; i < n; i++)
		print "\t.asciz \"" name[i] "\""
}'
