/*
 * Every device's life cycle: its constructor claims its ports (and timers,
 * input handlers, mixer sources), its destroy gives all of them back, so
 * the same devices can be created again on the same board.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "devices/ata.h"
#include "devices/cmos.h"
#include "devices/debugcon.h"
#include "devices/dma.h"
#include "devices/fw_cfg.h"
#include "devices/i8042.h"
#include "devices/isa_debug_exit.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port92.h"
#include "devices/post.h"
#include "devices/sb16.h"
#include "devices/shutdown_port.h"
#include "devices/speaker.h"
#include "devices/uart.h"
#include "devices/vga.h"
#include "emu/board/audio.h"
#include "emu/board/disk.h"

struct all {
	struct pic *pic;
	struct pit *pit;
	struct cmos *cmos;
	struct uart *uart;
	struct port92 *port92;
	struct post *post;
	struct isa_debug_exit *dexit;
	struct shutdown_port *shut;
	struct debugcon *dcon;
	struct i8042 *kbc;
	struct vga *vga;
	struct ata *ata;
	struct fw_cfg *fw;
	struct dma *dma;
	struct sb16 *sb;
	struct speaker *spk;
};

static struct bus bus;
static struct clock clk;
static struct input_queue in;
static struct audio_mixer mix;
static struct irq_line cpu_intr;
static struct disk *disk;
static char img[64];

static void nop_reset(void *o) { }
static void nop_exit(void *o, int s) { }
static void nop_power_off(void *o) { }

static void create_all(struct all *a)
{
	a->pic = pic_create(&bus, &cpu_intr);
	cr_assert(a->pic);
	a->pit = pit_create(&bus, &clk, pic_irq(a->pic, 0));
	a->cmos = cmos_create(&bus, &clk, pic_irq(a->pic, 8), CMOS_DEFAULT_BASE);
	a->uart = uart_create(&bus, &clk, 0x3F8, pic_irq(a->pic, 4), "com1", NULL);
	a->port92 = port92_create(&bus, nop_reset, NULL);
	a->post = post_create(&bus, &clk);
	a->dexit = isa_debug_exit_create(&bus, nop_exit, NULL);
	a->shut = shutdown_port_create(&bus, nop_power_off, NULL);
	a->dcon = debugcon_create(&bus, NULL);
	a->kbc = i8042_create(&bus, &clk, &in, pic_irq(a->pic, 1), pic_irq(a->pic, 12),
			      nop_reset, NULL);
	a->vga = vga_create(&bus, &clk);
	a->ata = ata_create(&bus, &clk, pic_irq(a->pic, 14), disk);
	a->fw = fw_cfg_create(&bus, 2 << 20);
	a->dma = dma_create(&bus);
	a->sb = a->dma ? sb16_create(&bus, &clk, pic_irq(a->pic, 5), a->dma, &mix, NULL) : NULL;
	a->spk = a->pit ? speaker_create(a->pit, &clk, &mix) : NULL;
	cr_assert(a->pit && a->cmos && a->uart && a->port92 && a->post && a->dexit && a->shut && a->dcon &&
		  a->kbc && a->vga && a->ata && a->fw && a->dma && a->sb && a->spk,
		  "every device is created (its ports are free)");
}

static void destroy_all(struct all *a)
{
	speaker_destroy(a->spk);
	sb16_destroy(a->sb);
	dma_destroy(a->dma);
	fw_cfg_destroy(a->fw);
	ata_destroy(a->ata);
	vga_destroy(a->vga);
	i8042_destroy(a->kbc);
	debugcon_destroy(a->dcon);
	shutdown_port_destroy(a->shut);
	isa_debug_exit_destroy(a->dexit);
	post_destroy(a->post);
	port92_destroy(a->port92);
	uart_destroy(a->uart);
	cmos_destroy(a->cmos);
	pit_destroy(a->pit);
	pic_destroy(a->pic);
}

static void setup(void)
{
	char err[200];
	snprintf(img, sizeof(img), "/tmp/lucid-devlife-XXXXXX");
	int fd = mkstemp(img);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, 64 * 512), 0);
	close(fd);
	cr_assert_eq(bus_init(&bus, 2 << 20), 0);
	clock_init(&clk, 10000000);
	cr_assert_eq(input_init(&in), 0);
	audio_mixer_init(&mix, &clk);
	disk = disk_open(img, true, err, sizeof(err));
	cr_assert(disk, "%s", err);
}

static void teardown(void)
{
	disk_close(disk);
	input_free(&in);
	bus_free(&bus);
	unlink(img);
}

TestSuite(devlife, .init = setup, .fini = teardown);

Test(devlife, destroy_gives_everything_back)
{
	struct all a;
	u64 idle = clock_next_deadline(&clk);

	create_all(&a);
	cr_assert_gt(bus.n_io, 10);
	cr_assert_eq(bus.n_mmio, 1);
	cr_assert_eq(mix.n_src, 2);
	cr_assert_not_null(in.handler[INPUT_KEY]);
	cr_assert_eq(bus_io_read(&bus, 0xE9, 1), 0xE9, "debugcon answers");
	destroy_all(&a);

	cr_assert_eq(bus.n_io, 0, "%d port ranges left", bus.n_io);
	cr_assert_eq(bus.n_mmio, 0);
	for (u32 p = 0; p < 65536; p++)
		cr_assert_eq(bus.port_map[p], 0, "port 0x%x still claimed", p);
	cr_assert_eq(mix.n_src, 0);
	cr_assert_null(in.handler[INPUT_KEY]);
	cr_assert_null(in.handler[INPUT_MOUSE]);
	cr_assert_eq(clock_next_deadline(&clk), idle, "a timer was left armed");
	cr_assert_eq(bus_io_read(&bus, 0xE9, 1), 0xFF, "open bus again");

	create_all(&a);		/* the same ports can be claimed again */
	destroy_all(&a);
	cr_assert_eq(bus.n_io, 0);
}
