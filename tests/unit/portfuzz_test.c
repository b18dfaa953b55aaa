/*
 * Robustness and determinism of the board's devices, without a CPU:
 *  - random reads and writes of random widths (1, 2, 4) with random values
 *    to every claimed port and MMIO range, plus stray ports, interleaved with
 *    virtual time passing, timers firing, input arriving and interrupts being
 *    acknowledged, must never crash (run once under ASan, see
 *    docs/ARCHITECTURE.md);
 *  - the same scenario run twice gives byte-identical device state (save()).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/ata.h"
#include "devices/cmos.h"
#include "devices/fw_cfg.h"
#include "devices/i8042.h"
#include "devices/isa_debug_exit.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port92.h"
#include "devices/post.h"
#include "devices/uart.h"
#include "devices/debugcon.h"
#include "devices/vga.h"
#include "emu/board/disk.h"

struct board {
	struct bus bus;
	struct clock clock;
	struct input_queue input;
	struct pic *pic;
	struct pit *pit;
	struct cmos *cmos;
	struct uart *uart;
	struct port92 *port92;
	struct post *post;
	struct isa_debug_exit *dexit;
	struct debugcon *dcon;
	struct fw_cfg *fw;
	struct vga *vga;
	struct i8042 *kbc;
	struct ata *ata;
	struct disk *disk;
	struct device *dev[16];
	int n_dev;
	int intr, resets, exits;
};

static char disk_path[64];

static void intr_set(void *o, int n, int level) { ((struct board *)o)->intr = level; }
static void on_reset(void *o) { ((struct board *)o)->resets++; }
static void on_exit_req(void *o, int s) { ((struct board *)o)->exits++; }

static void board_init(struct board *b)
{
	static struct irq_line intr;
	char err[256];

	memset(b, 0, sizeof(*b));
	cr_assert_eq(bus_init(&b->bus, 4 << 20), 0);
	clock_init(&b->clock, 100000000);
	cr_assert_eq(input_init(&b->input), 0);
	irq_init(&intr, intr_set, b, 0);
	b->pic = pic_create(&b->bus, &intr);
	b->pit = pit_create(&b->bus, &b->clock, pic_irq(b->pic, 0));
	b->cmos = cmos_create(&b->bus, &b->clock, pic_irq(b->pic, 8), CMOS_DEFAULT_BASE);
	b->uart = uart_create(&b->bus, &b->clock, 0x3F8, pic_irq(b->pic, 4), "com1", NULL);
	b->port92 = port92_create(&b->bus, on_reset, b);
	b->post = post_create(&b->bus, &b->clock);
	b->dexit = isa_debug_exit_create(&b->bus, on_exit_req, b);
	b->dcon = debugcon_create(&b->bus, NULL);
	b->fw = fw_cfg_create(&b->bus, 4 << 20);
	b->vga = vga_create(&b->bus, &b->clock);
	b->kbc = i8042_create(&b->bus, &b->clock, &b->input, pic_irq(b->pic, 1),
			      pic_irq(b->pic, 12), on_reset, b);
	b->disk = disk_open(disk_path, true, err, sizeof(err));
	cr_assert_not_null(b->disk, "%s", err);
	b->ata = ata_create(&b->bus, &b->clock, pic_irq(b->pic, 14), b->disk);
	cr_assert(b->pic && b->pit && b->cmos && b->uart && b->port92 && b->post && b->dexit &&
		  b->dcon && b->fw && b->vga && b->kbc && b->ata);
	struct device *all[] = {
		pic_device(b->pic), pit_device(b->pit), cmos_device(b->cmos), uart_device(b->uart),
		fw_cfg_device(b->fw), vga_device(b->vga), i8042_device(b->kbc),
		ata_device(b->ata),
	};
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		b->dev[b->n_dev++] = all[i];
}

static void board_free(struct board *b)
{
	ata_destroy(b->ata);
	disk_close(b->disk);
	i8042_destroy(b->kbc);
	vga_destroy(b->vga);
	fw_cfg_destroy(b->fw);
	debugcon_destroy(b->dcon);
	isa_debug_exit_destroy(b->dexit);
	post_destroy(b->post);
	port92_destroy(b->port92);
	uart_destroy(b->uart);
	cmos_destroy(b->cmos);
	pit_destroy(b->pit);
	pic_destroy(b->pic);
	input_free(&b->input);
	bus_free(&b->bus);
}

static void board_save(struct board *b, struct snap_writer *w)
{
	snap_writer_init(w);
	for (int i = 0; i < b->n_dev; i++)
		b->dev[i]->save(b->dev[i]->dev, w);
	struct post_history h;
	post_get_history(b->post, &h);
	for (u32 i = 0; i < POST_HISTORY; i++) {
		snap_put_bytes(w, &h.code[i].icount, 8);
		snap_put_bytes(w, &h.code[i].code, 1);
	}
	u8 small[] = { h.last, port92_get(b->port92) };
	snap_put_bytes(w, small, sizeof(small));
	snap_put_bytes(w, b->bus.ram, b->bus.ram_size);
	cr_assert(!w->failed);
}

/* xorshift64*: the scenario's only source of "randomness", seeded. */
static u64 rng;
static u32 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (u32)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Run n random operations on the board. */
static void scramble(struct board *b, u64 seed, long n)
{
	static const int widths[3] = { 1, 2, 4 };

	rng = seed;
	for (long i = 0; i < n; i++) {
		u32 r = rnd();
		int size = widths[r % 3];
		u32 val = rnd();
		switch ((r >> 2) % 16) {
		case 0: case 1: case 2: case 3: case 4: case 5: {
			/* A claimed port range, at a random offset (maybe past the end). */
			struct io_range *io = &b->bus.io[rnd() % b->bus.n_io];
			u16 port = io->base + rnd() % (io->len + 2);
			if (r & 0x100)
				bus_io_write(&b->bus, port, val, size);
			else
				bus_io_read(&b->bus, port, size);
			break;
		}
		case 6:		/* anywhere in the port space */
			if (r & 0x100)
				bus_io_write(&b->bus, rnd(), val, size);
			else
				bus_io_read(&b->bus, rnd(), size);
			break;
		case 7: case 8: {	/* MMIO ranges (VGA) and around them */
			struct io_range *mm = &b->bus.mmio[rnd() % b->bus.n_mmio];
			u32 addr = mm->base + rnd() % (mm->len + 8) - 4;
			if (r & 0x100)
				bus_mem_write(&b->bus, addr, val, size);
			else
				bus_mem_read(&b->bus, addr, size);
			break;
		}
		case 9:		/* anywhere in the physical address space */
			if (r & 0x100)
				bus_mem_write(&b->bus, rnd(), val, size);
			else
				bus_mem_read(&b->bus, rnd(), size);
			break;
		case 10: case 11:	/* time passes; due timers fire */
			b->clock.icount += rnd() % 5000;
			input_deliver(&b->input, b->clock.icount);
			clock_run_due(&b->clock);
			break;
		case 12:		/* the CPU takes an interrupt */
			if (b->intr)
				pic_acknowledge(b->pic);
			break;
		case 13: {		/* host input */
			struct input_event ev = { INPUT_ASAP, rnd() % 2 ? INPUT_KEY : INPUT_MOUSE,
						  rnd() % 300, rnd() % 2, rnd() };
			if (r & 0x100)
				uart_receive(b->uart, val);
			else
				input_push(&b->input, &ev);
			break;
		}
		case 14:		/* a device is reset */
			if ((r & 0xFF00) == 0) {
				struct device *d = b->dev[rnd() % b->n_dev];
				d->reset(d->dev);
			}
			break;
		default:		/* a long HLT: jump to the next deadline */
			if (clock_next_deadline(&b->clock) != CLOCK_NEVER &&
			    clock_next_deadline(&b->clock) - b->clock.icount < 1000000000ull) {
				b->clock.icount = clock_next_deadline(&b->clock);
				clock_run_due(&b->clock);
			}
			break;
		}
	}
}

static void make_disk(void)
{
	strcpy(disk_path, "/tmp/lucid-fuzzdisk-XXXXXX");
	int fd = mkstemp(disk_path);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, 1 << 20), 0);
	close(fd);
}

Test(portfuzz, three_million_random_accesses_never_crash, .timeout = 120)
{
	struct board b;
	long n = getenv("LUCID_FUZZ_OPS") ? atol(getenv("LUCID_FUZZ_OPS")) : 3000000;

	make_disk();
	board_init(&b);
	scramble(&b, 0x9E3779B97F4A7C15ull, n);
	/* Whatever the guest did, state still saves and loads back. */
	struct snap_writer w;
	board_save(&b, &w);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	for (int i = 0; i < b.n_dev; i++)
		cr_assert_eq(b.dev[i]->load(b.dev[i]->dev, &r), 0, "%s: %s", b.dev[i]->name,
			     r.error);
	snap_writer_free(&w);
	board_free(&b);
	unlink(disk_path);
}

Test(portfuzz, same_scenario_same_state)
{
	struct board a, b;
	struct snap_writer wa, wb;

	make_disk();
	board_init(&a);
	scramble(&a, 42, 300000);
	board_save(&a, &wa);
	board_free(&a);
	board_init(&b);
	scramble(&b, 42, 300000);
	board_save(&b, &wb);
	board_free(&b);
	cr_assert_eq(wa.len, wb.len);
	cr_assert_eq(memcmp(wa.buf, wb.buf, wa.len), 0, "two runs of one scenario diverged");
	/* And a different scenario does give a different state (the test can fail). */
	board_init(&b);
	scramble(&b, 43, 300000);
	snap_writer_free(&wb);
	board_save(&b, &wb);
	board_free(&b);
	cr_assert(wa.len != wb.len || memcmp(wa.buf, wb.buf, wa.len));
	snap_writer_free(&wa);
	snap_writer_free(&wb);
	unlink(disk_path);
}
