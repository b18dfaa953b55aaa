/*
 * boot_cpu_init(): identify the boot processor with CPUID (Intel SDM vol. 2,
 * CPUID: leaf 0 vendor, leaf 1 family/model/stepping and feature flags, leaves
 * 0x80000002-4 the brand string). A CPU without CPUID (an original 386) is
 * detected by EFLAGS.ID (bit 21) not toggling, as Linux's have_cpuid_p().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <asm/processor.h>
#include <asm/irqflags.h>

struct cpuinfo_x86 boot_cpu_data;

#ifdef CONFIG_PAE
#define IS_ENABLED_PAE 1
#else
#define IS_ENABLED_PAE 0
#endif

static bool have_cpuid(void)
{
	unsigned long f1, f2;

	__asm__ __volatile__("pushfl; pushfl; popl %0; movl %0,%1; xorl $0x200000,%0;"
			     "pushl %0; popfl; pushfl; popl %0; popfl"
			     : "=&r"(f1), "=&r"(f2));
	return (f1 ^ f2) & 0x200000;
}

const char *const x86_cap_names[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};

void __init boot_cpu_init(void)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;
	u32 a, b, cx, d, i;
	char flags[200];
	int n = 0;

	if (!have_cpuid()) {
		c->cpuid_level = -1;
		c->x86 = 3;
		strlcpy(c->x86_vendor_id, "unknown", sizeof(c->x86_vendor_id));
		pr_info("boot_cpu_init: CPU0: no CPUID, assuming an i386\n");
		return;
	}
	cpuid(0, &a, &b, &cx, &d);
	c->cpuid_level = a;
	memcpy(c->x86_vendor_id, &b, 4);
	memcpy(c->x86_vendor_id + 4, &d, 4);
	memcpy(c->x86_vendor_id + 8, &cx, 4);
	if (c->cpuid_level >= 1) {
		cpuid(1, &a, &b, &cx, &d);
		c->x86 = (a >> 8) & 15;
		c->x86_model = (a >> 4) & 15;
		c->x86_stepping = a & 15;
		if (c->x86 == 15)
			c->x86 += (a >> 20) & 0xff;
		if (c->x86 >= 6)
			c->x86_model += ((a >> 16) & 15) << 4;
		c->x86_capability = d;
		c->x86_capability_ecx = cx;
	}
	cpuid(0x80000000, &a, &b, &cx, &d);
	if (a >= 0x80000004) {
		u32 *p = (u32 *)c->x86_model_id;

		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, p + 4 * i, p + 4 * i + 1, p + 4 * i + 2,
			      p + 4 * i + 3);
		c->x86_model_id[48] = 0;
	}
	flags[0] = 0;
	for (i = 0; i < 32; i++)
		if ((c->x86_capability & (1u << i)) && x86_cap_names[i])
			n += snprintf(flags + n, sizeof(flags) - n, " %s", x86_cap_names[i]);
	pr_info("boot_cpu_init: CPU0: %s family %u model %u stepping %u%s%s\n",
		c->x86_vendor_id, c->x86, c->x86_model, c->x86_stepping,
		c->x86_model_id[0] ? ", " : "", skip_spaces(c->x86_model_id));
	pr_info("boot_cpu_init: CPU0 features:%s\n", flags);
	if (IS_ENABLED_PAE && !boot_cpu_has(X86_FEATURE_PAE))
		panic("This kernel requires PAE, which this CPU does not report (CPUID.1:EDX bit 6)");
}
