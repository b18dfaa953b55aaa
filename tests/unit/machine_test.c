/*
 * The machine loop with the real CPU, on the tiny ROMs of tests/machine/
 * (built by tests/machine/machine.mk): running for N instructions, running
 * until the guest exits, HLT skipping to the next deadline, the dead-halt
 * report, and whole-machine determinism.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "devices/post.h"
#include "emu/machine/machine.h"

static char out[4096];
static size_t n_out;

static void capture(void *opaque, const void *buf, size_t len)
{
	if (n_out + len < sizeof(out)) {
		memcpy(out + n_out, buf, len);
		n_out += len;
	}
}

static struct machine *boot(const char *rom)
{
	char err[256];
	struct machine_config cfg = {
		.bios = rom, .ram_size = 4 << 20, .cpu_model = CPU_486, .rtc_base = 0,
		.debugcon = { capture, NULL },
	};
	n_out = 0;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	cr_assert_not_null(m, "%s", err);
	return m;
}

Test(machine, runs_for_exactly_n_instructions_then_to_exit)
{
	struct machine *m = boot("build/tests/machine/timer.rom");
	cr_assert_eq(machine_run_for(m, 50), MACHINE_LIMIT);
	cr_assert_eq(m->clock.icount, 50);
	cr_assert_eq(machine_run(m, CLOCK_NEVER), MACHINE_EXIT);
	cr_assert_eq(m->exit_status, 11);
	cr_assert(strstr(out, "100 timer interrupts"));
	/* 100 interrupts at 1000 Hz take 0.1 virtual s = 10M instructions' worth of
	 * time (99 periods: programming mode 2 raises OUT, the first edge), almost
	 * all of it skipped while halted. */
	cr_assert(m->clock.icount >= 9890000 && m->clock.icount < 10000000, "icount %llu",
		  (unsigned long long)m->clock.icount);
	cr_assert(m->halt_skipped > m->clock.icount * 9 / 10, "skipped %llu",
		  (unsigned long long)m->halt_skipped);
	machine_destroy(m);
}

Test(machine, dead_halt_is_reported)
{
	struct machine *m = boot("build/tests/machine/halt.rom");
	cr_assert_eq(machine_run(m, CLOCK_NEVER), MACHINE_HALTED);
	cr_assert(!(cpu_get_eflags(m->cpu) & FLAG_IF));
	machine_destroy(m);
}

Test(machine, reset_requests_reset_everything)
{
	struct machine *m = boot("build/tests/machine/reset.rom");
	cr_assert_eq(machine_run(m, CLOCK_NEVER), MACHINE_EXIT);
	cr_assert_eq(m->exit_status, 7);
	cr_assert_eq(m->resets, 3);
	machine_destroy(m);
}

Test(machine, devices_found_by_name_and_post_codes_kept)
{
	struct machine *m = boot("build/tests/machine/hello.rom");
	const char *names[] = { "pic", "pit", "cmos", "com1", "misc", "fw_cfg" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		cr_assert_not_null(machine_find_device(m, names[i]), "%s", names[i]);
	cr_assert_null(machine_find_device(m, "floppy"));
	bus_io_write(&m->bus, 0x80, 0x42, 1);
	struct post_code pc;
	cr_assert(post_code(m->post, 0, &pc));
	cr_assert_eq(pc.code, 0x42);
	machine_destroy(m);
}

/* Everything a run leaves behind: device state, RAM and the clock. */
static void digest(struct machine *m, struct snap_writer *w)
{
	snap_writer_init(w);
	machine_save_devices(m, w);
	snap_put_bytes(w, m->bus.ram, m->bus.ram_size);
	snap_put_bytes(w, &m->clock.icount, sizeof(m->clock.icount));
	snap_put_bytes(w, m->cpu->regs, sizeof(m->cpu->regs));
}

Test(machine, two_runs_are_identical)
{
	struct snap_writer a, b;
	struct machine *m = boot("build/tests/machine/timer.rom");
	machine_run_for(m, 3000000);
	digest(m, &a);
	machine_destroy(m);
	m = boot("build/tests/machine/timer.rom");
	machine_run_for(m, 3000000);
	digest(m, &b);
	cr_assert_eq(a.len, b.len);
	cr_assert_eq(memcmp(a.buf, b.buf, a.len), 0, "two runs diverged");
	/* The digest does see time passing (so the comparison can fail). */
	machine_run_for(m, 1000000);
	snap_writer_free(&b);
	digest(m, &b);
	cr_assert(a.len != b.len || memcmp(a.buf, b.buf, a.len));
	machine_destroy(m);
	snap_writer_free(&a);
	snap_writer_free(&b);
}

/* How the frontend slices a run (10 ms at a time, or one instruction at a time
 * in a debugger) must not change what happens: timers the guest arms mid-run
 * fire on time. */
Test(machine, slicing_does_not_change_the_run)
{
	struct machine *m = boot("build/tests/machine/timer.rom");
	cr_assert_eq(machine_run(m, CLOCK_NEVER), MACHINE_EXIT);
	u64 whole = m->clock.icount;
	machine_destroy(m);
	u64 slices[] = { 1000000, 77777, 1 };
	for (size_t i = 0; i < ARRAY_SIZE(slices); i++) {
		m = boot("build/tests/machine/timer.rom");
		enum machine_stop st;
		while ((st = machine_run_for(m, slices[i])) == MACHINE_LIMIT)
			;
		cr_assert_eq(st, MACHINE_EXIT);
		cr_assert_eq(m->clock.icount, whole, "slice %llu: %llu vs %llu",
			     (unsigned long long)slices[i], (unsigned long long)m->clock.icount,
			     (unsigned long long)whole);
		machine_destroy(m);
	}
}

Test(machine, debugger_writes_arrive_through_the_input_queue)
{
	struct machine *m = boot("build/tests/machine/hello.rom");
	struct input_event ev = { INPUT_ASAP, INPUT_DEBUG_WRITE, 0x1234, 0xCAFEBABE, 4 };
	cr_assert_eq(input_push(&m->input, &ev), 0);
	cr_assert_eq(ld32(m->bus.ram + 0x1234), 0, "not before delivery");
	machine_run_for(m, 1);
	cr_assert_eq(ld32(m->bus.ram + 0x1234), 0xCAFEBABE);
	machine_destroy(m);
}

Test(machine, register_writes_arrive_through_the_input_queue)
{
	struct machine *m = boot("build/tests/machine/hello.rom");
	struct input_event ev[] = {
		{ INPUT_ASAP, INPUT_DEBUG_WRITE, INPUT_REG_EBX, 0x12345678, INPUT_WRITE_REG },
		{ INPUT_ASAP, INPUT_DEBUG_WRITE, INPUT_REG_EFLAGS, 0x2 | FLAG_CF, INPUT_WRITE_REG },
		{ INPUT_ASAP, INPUT_DEBUG_WRITE, INPUT_REG_DS, 0x1234, INPUT_WRITE_REG },
		{ INPUT_ASAP, INPUT_DEBUG_WRITE, INPUT_REG_EIP, 0xFFF0, INPUT_WRITE_REG },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ev); i++)
		cr_assert_eq(input_push(&m->input, &ev[i]), 0);
	cr_assert_eq(input_deliver(&m->input, m->clock.icount), 4);
	cr_assert_eq(m->cpu->regs[R_EBX], 0x12345678);
	cr_assert_eq(cpu_get_eflags(m->cpu) & FLAG_CF, FLAG_CF);
	cr_assert_eq(m->cpu->seg[SEG_DS].sel, 0x1234);
	cr_assert_eq(m->cpu->seg[SEG_DS].base, 0x12340, "loaded the real-mode way");
	cr_assert_eq(m->cpu->eip, 0xFFF0);
	machine_destroy(m);
}

static int hook_calls;
static void count_hook(void *opaque) { hook_calls += *(int *)opaque; }

Test(machine, destroy_hooks_run_first_unless_removed)
{
	struct machine *m = boot("build/tests/machine/hello.rom");
	int one = 1, ten = 10;
	struct machine_hook a = { .fn = count_hook, .opaque = &one };
	struct machine_hook b = { .fn = count_hook, .opaque = &ten };
	hook_calls = 0;
	machine_add_destroy_hook(m, &a);
	machine_add_destroy_hook(m, &b);
	machine_remove_destroy_hook(m, &b);
	machine_destroy(m);
	cr_assert_eq(hook_calls, 1);
}
