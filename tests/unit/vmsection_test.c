/* The state section registry: stream order, loading back, after_load, removal. */
#include <criterion/criterion.h>
#include <string.h>

#include "emu/board/vmsection.h"

struct part {
	char tag[5];
	u32 value, loads, after;
};

static void part_save(void *o, struct snap_writer *w)
{
	struct part *p = o;
	snap_put_section(w, p->tag, 1, &p->value, 4);
}

static int part_load(void *o, struct snap_reader *r)
{
	struct part *p = o;
	p->loads++;
	return snap_get_section(r, p->tag, 1, &p->value, 4);
}

static int part_after(void *o, struct snap_reader *r)
{
	struct part *p = o;
	p->after++;
	u32 v;
	return snap_get_section(r, p->tag, 1, &v, 4) || v != p->value ? -1 : 0;
}

Test(vmsection, order_class_then_registration)
{
	struct vm_sections l = { 0 };
	struct part disk = { .tag = "DISK", .value = 6 }, cpu = { .tag = "CPU ", .value = 3 },
		    d1 = { .tag = "DEV1", .value = 51 }, d2 = { .tag = "DEV2", .value = 52 },
		    mach = { .tag = "MACH", .value = 1 };
	/* Registered out of order: the stream is sorted by class. */
	cr_assert(vm_register_section(&l, "disk", VM_ORDER_DISK, part_save, part_load, &disk));
	cr_assert(vm_register_section(&l, "d1", VM_ORDER_DEVICE, part_save, part_load, &d1));
	cr_assert(vm_register_section(&l, "cpu", VM_ORDER_CPU, part_save, part_load, &cpu));
	cr_assert(vm_register_section(&l, "d2", VM_ORDER_DEVICE, part_save, part_load, &d2));
	struct vm_section *ms =
		vm_register_section(&l, "mach", VM_ORDER_MACHINE, part_save, part_load, &mach);
	cr_assert(ms);
	ms->after_load = part_after;

	struct snap_writer w;
	snap_writer_init(&w);
	vm_sections_save(&l, &w, 0, 100);
	cr_assert_eq(w.len, 5 * 16);
	const char *want[] = { "MACH", "CPU ", "DEV1", "DEV2", "DISK" };
	for (int i = 0; i < 5; i++)
		cr_assert_eq(memcmp(w.buf + 16 * i, want[i], 4), 0, "section %d", i);

	/* A range saves only its classes. */
	struct snap_writer w2;
	snap_writer_init(&w2);
	vm_sections_save(&l, &w2, VM_ORDER_CPU, VM_ORDER_DISK);
	cr_assert_eq(w2.len, 3 * 16);
	cr_assert_eq(memcmp(w2.buf, "CPU ", 4), 0);
	snap_writer_free(&w2);

	mach.value = cpu.value = d1.value = d2.value = disk.value = 0;
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(vm_sections_load(&l, &r, 0, 100), 0, "%s", r.error);
	cr_assert_eq(vm_sections_after_load(&l, &r), 0, "%s", r.error);
	cr_assert_eq(mach.value, 1);
	cr_assert_eq(d2.value, 52);
	cr_assert_eq(disk.value, 6);
	cr_assert_eq(mach.after, 1);
	cr_assert_eq(d1.after, 0);

	/* A stream in another order is refused by the first section that differs. */
	vm_unregister_sections(&l, &cpu);
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(vm_sections_load(&l, &r, 0, 100), -1);
	cr_assert(strstr(r.error, "expected section 'DEV1'"), "%s", r.error);
	snap_writer_free(&w);
	vm_sections_free(&l);
	cr_assert_null(l.head);
}
