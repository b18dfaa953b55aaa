/*
 * irq: the interrupt descriptors (irq_desc[]) with their counts, flow
 * handlers and action chains, like /proc/interrupts.
 */
#include "debugger/kview/kview.h"

static int cmd_irq(struct dbg *d, const char *args)
{
	u64 n;
	if (!kview_need(d, kview_eval(d, &n, "sizeof(irq_desc) / sizeof(irq_desc[0])"), "irq_desc[]"))
		return -1;
	dbg_printf(d, "IRQ  %10s  %-20s %s\n", "count", "handler", "actions");
	for (u64 i = 0; i < n && i < 256; i++) {
		u64 count = 0, action = 0, handler = 0;
		if (!kview_eval(d, &count, "irq_desc[%llu].kstat_irqs", (unsigned long long)i))
			kview_eval(d, &count, "irq_desc[%llu].count", (unsigned long long)i);
		kview_eval(d, &action, "(unsigned long)irq_desc[%llu].action", (unsigned long long)i);
		kview_eval(d, &handler, "(unsigned long)irq_desc[%llu].handle_irq", (unsigned long long)i);
		if (!action && !count)
			continue;
		char hs[128] = "-";
		if (handler)
			sym_format(d->st, (u32)handler, hs, sizeof(hs));
		dbg_printf(d, "%3llu  %10llu  %-20s", (unsigned long long)i, (unsigned long long)count, hs);
		for (int g = 0; action && g < 16; g++) {
			char name[40] = "?";
			u64 np, next = 0;
			if (kview_eval(d, &np, "(unsigned long)((struct irqaction *)0x%x)->name", (u32)action))
				kview_read_str(d, (u32)np, name, sizeof(name));
			dbg_printf(d, " %s", name);
			if (!kview_eval(d, &next, "(unsigned long)((struct irqaction *)0x%x)->next", (u32)action))
				break;
			action = next;
		}
		dbg_printf(d, "\n");
	}
	return 0;
}

const struct dbg_command kview_irq_commands[] = {
	{ "irq", NULL, cmd_irq, "irq: interrupt descriptors, actions and counts" },
	{ NULL, NULL, NULL, NULL },
};
