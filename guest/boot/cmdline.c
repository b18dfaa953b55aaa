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
	return cmdline_option_offset(option) >= 0;
}

/* Offset (from cmd_line_ptr) just past OPTION in the command line, or -1. */
int cmdline_option_offset(const char *option)
{
	u32 ptr = hdr.cmd_line_ptr;
	u16 seg, off, i;
	int n;

	if (!ptr || ptr >= 0x100000)
		return -1;
	seg = ptr >> 4;
	off = ptr & 15;
	set_fs(seg);
	for (n = 0; n < COMMAND_LINE_SIZE; n++) {
		u8 c = rdfs8(off + n);

		if (!c)
			return -1;
		if (n && rdfs8(off + n - 1) != ' ')
			continue;
		for (i = 0; option[i] && rdfs8(off + n + i) == (u8)option[i]; i++)
			;
		if (!option[i])
			return n + i;
	}
	return -1;
}

/* The decimal value of "OPTION<number>" (e.g. "panic_exit="), or -1. */
int cmdline_option_value(const char *option)
{
	int off = cmdline_option_offset(option), v = -1;
	u8 c;

	if (off < 0)
		return -1;
	set_fs(hdr.cmd_line_ptr >> 4);
	while ((c = rdfs8((hdr.cmd_line_ptr & 15) + off++)) >= '0' && c <= '9')
		v = (v < 0 ? 0 : v * 10) + c - '0';
	return v;
}
