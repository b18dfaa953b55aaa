/*
 * Reading the kernel command line from real mode. It lives wherever the loader
 * put it (cmd_line_ptr, a linear address), usually outside our segment, so it
 * is read through FS. Only a substring test is needed here: the kernel parses
 * the line properly later (kernel/params.c).
 */
#include "boot.h"

/* Return 1 when OPTION appears in the command line as a word prefix. */
int cmdline_find_option(const char *option)
{
	u32 ptr = hdr.cmd_line_ptr;
	u16 seg, off, i;
	int n;

	if (!ptr || ptr >= 0x100000)
		return 0;
	seg = ptr >> 4;
	off = ptr & 15;
	set_fs(seg);
	for (n = 0; n < COMMAND_LINE_SIZE; n++) {
		u8 c = rdfs8(off + n);

		if (!c)
			return 0;
		if (n && rdfs8(off + n - 1) != ' ')
			continue;
		for (i = 0; option[i] && rdfs8(off + n + i) == (u8)option[i]; i++)
			;
		if (!option[i])
			return 1;
	}
	return 0;
}
