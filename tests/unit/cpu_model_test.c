/*
 * The one -cpu parser (emu/cpu/cpu.c): every spelling in the model table is
 * accepted and selects its model, each model's name parses back to it, the
 * help/error text lists every spelling, and anything else is refused.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "emu/cpu/cpu.h"

Test(cpu_model, every_alias_parses_to_its_model)
{
	cr_assert_geq(cpu_model_alias_count, 6);
	for (size_t k = 0; k < cpu_model_alias_count; k++) {
		enum cpu_model m = (enum cpu_model)-1;
		cr_assert_eq(cpu_model_parse(cpu_model_aliases[k].name, &m), 0, "%s",
			     cpu_model_aliases[k].name);
		cr_assert_eq(m, cpu_model_aliases[k].model, "%s", cpu_model_aliases[k].name);
		/* The model's own name parses back to the same model. */
		enum cpu_model back;
		cr_assert_eq(cpu_model_parse(cpu_model_name(m), &back), 0);
		cr_assert_eq(back, m);
	}
}

Test(cpu_model, the_usual_names)
{
	static const struct { const char *name; enum cpu_model m; } want[] = {
		{ "386", CPU_386 }, { "486", CPU_486 }, { "pentium", CPU_PENTIUM },
		{ "586", CPU_PENTIUM }, { "p6", CPU_P6 }, { "686", CPU_P6 },
	};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		enum cpu_model m;
		cr_assert_eq(cpu_model_parse(want[k].name, &m), 0, "%s", want[k].name);
		cr_assert_eq(m, want[k].m, "%s", want[k].name);
	}
	cr_assert_str_eq(cpu_model_name(CPU_386), "386");
	cr_assert_str_eq(cpu_model_name(CPU_PENTIUM), "pentium");
	cr_assert_str_eq(cpu_model_name(CPU_P6), "p6");
}

Test(cpu_model, bogus_names_are_refused)
{
	static const char *bad[] = { "", "z80", "Pentium", "p5", "86", "3866", "486 ", "p6x" };
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		enum cpu_model m = CPU_486;
		cr_assert_eq(cpu_model_parse(bad[k], &m), -1, "'%s'", bad[k]);
		cr_assert_eq(m, CPU_486, "'%s' changed the model", bad[k]);
	}
}

Test(cpu_model, choices_name_every_alias)
{
	const char *c = cpu_model_choices();
	cr_assert_str_eq(c, "386, 486, pentium (586) or p6 (686)");
	for (size_t k = 0; k < cpu_model_alias_count; k++)
		cr_assert(strstr(c, cpu_model_aliases[k].name), "%s", cpu_model_aliases[k].name);
}
