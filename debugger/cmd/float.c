/*
 * The x87 in the debugger: "info float" in gdb's layout (the physical
 * registers R7..R0 with their tags and values, "=>" at TOP, then the
 * status, control and tag words decoded and the last instruction's
 * pointers), and "print $st0".."$st7" (also "$st" for ST(0)).
 *
 * Decimal values are printed through the host's long double where it is
 * the x87's own 80-bit format (display only, never a guest result), and
 * as raw hex elsewhere.
 */
#include <float.h>
#include <stdio.h>
#include <string.h>

#include "debugger/cmd/cmd.h"

/* The value of an 80-bit register as text, gdb-style. */
static void st_text(const u8 *v, char *buf, size_t len, int digits)
{
	u16 se = ld16(v + 8);
	u64 sig = ld64(v);
	bool sign = se >> 15;
	int e = se & 0x7FFF;
	if (e == 0x7FFF) {
		if (sig == 0x8000000000000000ull)
			snprintf(buf, len, "%sinf", sign ? "-" : "+");
		else if (!(sig >> 63))
			snprintf(buf, len, "<invalid float value>");
		else
			snprintf(buf, len, "%snan(0x%llx)", sign ? "-" : "+",
				 (unsigned long long)(sig & 0x3FFFFFFFFFFFFFFFull));
		return;
	}
	if (e && !(sig >> 63)) {
		snprintf(buf, len, "<invalid float value>");	/* unnormal */
		return;
	}
#if defined(__x86_64__) || defined(__i386__)
#if LDBL_MANT_DIG == 64
	long double x;
	memset(&x, 0, sizeof(x));
	memcpy(&x, v, 10);
	snprintf(buf, len, digits < 0 ? "%+.*Lg" : "%.*Lg", digits < 0 ? -digits : digits, x);
	return;
#endif
#endif
	snprintf(buf, len, "0x%04x%016llx", se, (unsigned long long)sig);
}

static const char *const tag_names[4] = { "Valid", "Zero", "Special", "Empty" };

int cmd_info_float(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (!r.has_fpu) {
		dbg_printf(d, "The target has no floating-point unit.\n");
		return 0;
	}
	int top = (r.fstat >> 11) & 7;
	for (int n = 7; n >= 0; n--) {
		int i = (n - top) & 7;		/* ST(i) is Rn */
		int tag = (r.ftag >> (2 * n)) & 3;
		const u8 *v = r.st[i];
		char text[64] = "";
		if (tag != 3)
			st_text(v, text, sizeof(text), -19);
		dbg_printf(d, "%sR%d: %-7s 0x%04x%016llx %s\n", n == top ? "=>" : "  ", n,
			   tag_names[tag], ld16(v + 8), (unsigned long long)ld64(v), text);
	}
	static const char *const sw_bits[] = { "IE", "DE", "ZE", "OE", "UE", "PE", "SF", "ES" };
	dbg_printf(d, "\nStatus Word:         0x%04x  ", r.fstat);
	for (int b = 0; b < 8; b++)
		dbg_printf(d, " %s", r.fstat >> b & 1 ? sw_bits[b] : "  ");
	dbg_printf(d, "   %s %s %s %s\n", r.fstat & 0x100 ? "C0" : "  ", r.fstat & 0x200 ? "C1" : "  ",
		   r.fstat & 0x400 ? "C2" : "  ", r.fstat & 0x4000 ? "C3" : "  ");
	dbg_printf(d, "                       TOP: %d\n", top);
	static const char *const cw_bits[] = { "IM", "DM", "ZM", "OM", "UM", "PM" };
	dbg_printf(d, "Control Word:        0x%04x  ", r.fctrl);
	for (int b = 0; b < 6; b++)
		dbg_printf(d, " %s", r.fctrl >> b & 1 ? cw_bits[b] : "  ");
	static const char *const pc[] = { "Single Precision (24-bits)", "Reserved",
					  "Double Precision (53-bits)",
					  "Extended Precision (64-bits)" };
	static const char *const rc[] = { "Round to nearest", "Round down", "Round up",
					  "Round toward zero" };
	dbg_printf(d, "\n                       PC: %s\n", pc[(r.fctrl >> 8) & 3]);
	dbg_printf(d, "                       RC: %s\n", rc[(r.fctrl >> 10) & 3]);
	dbg_printf(d, "Tag Word:            0x%04x\n", r.ftag);
	dbg_printf(d, "Instruction Pointer: 0x%02x:0x%08x\n", r.fiseg, r.fioff);
	dbg_printf(d, "Operand Pointer:     0x%02x:0x%08x\n", r.foseg, r.fooff);
	/* gdb shows the opcode with its implied D8 high bits. */
	dbg_printf(d, "Opcode:              0x%04x\n", r.fop ? r.fop | 0xd800 : 0);
	return 0;
}

bool dbg_print_st(struct dbg *d, const char *expr, bool bare)
{
	int i;
	char tail;
	if (!strcmp(expr, "$st"))
		i = 0;
	else if (sscanf(expr, "$st%d%c", &i, &tail) != 1 || i < 0 || i > 7)
		return false;
	struct dbg_regs r;
	dbg_regs(d, &r);
	char text[64];
	if (!r.has_fpu)
		snprintf(text, sizeof(text), "<unavailable>");
	else
		st_text(r.st[i], text, sizeof(text), 21);
	if (bare)
		dbg_printf(d, "%s", text);
	else
		dbg_printf(d, "$%d = %s\n", ++d->value_no, text);
	return true;
}
