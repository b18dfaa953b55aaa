/*
 * The Sound Blaster 16 card (Linux's sound/isa/sb/sb16_main.c and
 * sb_common.c; Creative's "Sound Blaster Series Hardware Programming Guide"):
 * the DSP at 0x220 (reset and version probe, rate and auto-init transfer
 * commands), the 8237 channels 1 (8-bit) and 5 (16-bit) in auto-init mode
 * over the GFP_DMA ring, and IRQ5, where each finished fragment moves the
 * ring on: the fragment just played is refilled with silence (so anything
 * the program has not written plays as silence), and when the DSP has run
 * past everything written the stream stops (an underrun, or the end).
 * Recording runs the same ring the other way, dropping the oldest fragment
 * when the reader falls a whole ring behind.
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/chrdevs.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <asm/io.h>

#include "sb16.h"

#define DSP_RESET	(SB_BASE + 0x6)
#define DSP_READ	(SB_BASE + 0xA)
#define DSP_WRITE	(SB_BASE + 0xC)
#define DSP_RSTATUS	(SB_BASE + 0xE)		/* also acknowledges the 8-bit IRQ */
#define DSP_ACK16	(SB_BASE + 0xF)
#define MIXER_ADDR	(SB_BASE + 0x4)
#define MIXER_DATA	(SB_BASE + 0x5)
#define MIXER_IRQ_STATUS 0x82

struct sb16 sb16_card;
bool sb16_present;

static bool dsp_write(u8 v)
{
	int i;

	for (i = 0; i < 10000; i++) {
		if (!(inb(DSP_WRITE) & 0x80)) {
			outb(v, DSP_WRITE);
			return true;
		}
	}
	return false;
}

static int dsp_read(void)
{
	int i;

	for (i = 0; i < 10000; i++)
		if (inb(DSP_RSTATUS) & 0x80)
			return inb(DSP_READ);
	return -1;
}

static bool dsp_reset(void)
{
	outb(1, DSP_RESET);
	udelay(3);
	outb(0, DSP_RESET);
	return dsp_read() == 0xAA;
}

/* The index register is shared with the interrupt handler: interrupts off around each pair. */
void sb16_mixer_write(u8 reg, u8 v)
{
	unsigned long flags;

	local_irq_save(flags);
	outb(reg, MIXER_ADDR);
	outb(v, MIXER_DATA);
	local_irq_restore(flags);
}

u8 sb16_mixer_read(u8 reg)
{
	unsigned long flags;
	u8 v;

	local_irq_save(flags);
	outb(reg, MIXER_ADDR);
	v = inb(MIXER_DATA);
	local_irq_restore(flags);
	return v;
}

/* Program the 8237 channel for the whole ring, auto-init. */
static void dma_setup(struct sb16 *sb, bool input)
{
	u8 mode = 0x40 | 0x10 | (input ? 0x04 : 0x08);	/* single, auto-init, write/read */
	unsigned long a = sb->buf_phys;

	if (sb->bits == 8) {
		outb(0x04 | SB_DMA8, 0x0A);		/* mask */
		outb(0, 0x0C);				/* flip-flop */
		outb(mode | SB_DMA8, 0x0B);
		outb(a & 0xFF, 0x02);
		outb((a >> 8) & 0xFF, 0x02);
		outb((a >> 16) & 0xFF, 0x83);
		outb((sb->ring - 1) & 0xFF, 0x03);
		outb((sb->ring - 1) >> 8, 0x03);
		outb(SB_DMA8, 0x0A);			/* unmask */
	} else {
		unsigned int words = sb->ring / 2 - 1;

		outb(0x04 | (SB_DMA16 & 3), 0xD4);
		outb(0, 0xD8);
		outb(mode | (SB_DMA16 & 3), 0xD6);
		outb((a >> 1) & 0xFF, 0xC4);
		outb((a >> 9) & 0xFF, 0xC4);
		outb((a >> 16) & 0xFE, 0x8B);
		outb(words & 0xFF, 0xC6);
		outb(words >> 8, 0xC6);
		outb(SB_DMA16 & 3, 0xD4);
	}
}

static void dma_mask(struct sb16 *sb)
{
	if (sb->bits == 8)
		outb(0x04 | SB_DMA8, 0x0A);
	else
		outb(0x04 | (SB_DMA16 & 3), 0xD4);
}

void sb16_fill_silence(struct sb16 *sb, unsigned int off, unsigned int len)
{
	memset(sb->buf + off, sb->bits == 8 && !sb->is_signed ? 0x80 : 0, len);
}

/* Start the ring from its first byte: DMA, rate, auto-init transfer. */
void sb16_start(struct sb16 *sb, bool input)
{
	unsigned int count = (sb->bits == 16 ? sb->frag / 2 : sb->frag) - 1;
	u8 mode = (sb->is_signed ? 0x10 : 0) | (sb->channels == 2 ? 0x20 : 0);

	sb->input = input;
	dma_setup(sb, input);
	dsp_write(input ? 0x42 : 0x41);			/* sample rate, high byte first */
	dsp_write(sb->rate >> 8);
	dsp_write(sb->rate & 0xFF);
	if (!input)
		dsp_write(0xD1);			/* speaker on */
	/* 0xB6/0xBE 16-bit, 0xC6/0xCE 8-bit: output/input, auto-init, FIFO */
	dsp_write((sb->bits == 16 ? 0xB0 : 0xC0) | (input ? 0x0E : 0x06));
	dsp_write(mode);
	dsp_write(count & 0xFF);
	dsp_write(count >> 8);
	sb->running = true;
}

void sb16_stop(struct sb16 *sb)
{
	if (!sb->running)
		return;
	dsp_write(sb->bits == 16 ? 0xD5 : 0xD0);	/* pause the transfer */
	dsp_write(sb->bits == 16 ? 0xD9 : 0xDA);	/* and leave auto-init */
	dma_mask(sb);
	sb->running = false;
	wake_up_all(&sb->wait);
}

/* One fragment done. Called with the lock held. */
static void fragment_done(struct sb16 *sb)
{
	unsigned int off = (unsigned int)(sb->hw % sb->ring);

	if (!sb->running)
		return;
	sb->hw += sb->frag;
	if (!sb->input) {
		sb16_fill_silence(sb, off, sb->frag);
		if (sb->app <= sb->hw) {
			/* Nothing written for the fragment now playing. */
			if (sb->app < sb->hw)
				sb->underruns++;
			sb16_stop(sb);
		}
	} else if (sb->hw + sb->frag > sb->app + sb->ring) {
		/* The DSP now fills the fragment the reader has not read yet. */
		sb->app = sb->hw + sb->frag - sb->ring;
		sb->overruns++;
	}
	wake_up_all(&sb->wait);
}

static irqreturn_t sb16_interrupt(int irq, void *dev_id)
{
	struct sb16 *sb = dev_id;
	u8 status = sb16_mixer_read(MIXER_IRQ_STATUS);

	if (!(status & 3))
		return IRQ_NONE;
	if (status & 1)
		inb(DSP_RSTATUS);
	if (status & 2)
		inb(DSP_ACK16);
	spin_lock(&sb->lock);
	fragment_done(sb);
	spin_unlock(&sb->lock);
	return IRQ_HANDLED;
}

static int __init sb16_init(void)
{
	struct sb16 *sb = &sb16_card;
	unsigned long buf;
	int err;

	spin_lock_init(&sb->lock);
	init_waitqueue_head(&sb->wait);
	if (!dsp_reset()) {
		pr_info("sb16: no DSP at 0x%x\n", SB_BASE);
		return 0;
	}
	dsp_write(0xE1);
	sb->version_major = (u8)dsp_read();
	sb->version_minor = (u8)dsp_read();
	if (sb->version_major < 4) {
		pr_info("sb16: DSP %d.%02d is not a Sound Blaster 16\n", sb->version_major,
			sb->version_minor);
		return 0;
	}
	buf = __get_free_pages(GFP_KERNEL | GFP_DMA, SB_BUF_ORDER);
	if (!buf) {
		pr_err("sb16: no DMA memory\n");
		return -ENOMEM;
	}
	sb->buf = (u8 *)buf;
	sb->buf_phys = __pa(buf);
	sb->frag = SB_FRAG;
	sb->nfrags = SB_NFRAGS;
	sb->ring = SB_BUF_SIZE;
	err = request_irq(SB_IRQ, sb16_interrupt, 0, "sb16", sb);
	if (err) {
		free_pages(buf, SB_BUF_ORDER);
		pr_err("sb16: IRQ %d is busy (%d)\n", SB_IRQ, err);
		return err;
	}
	request_region(SB_BASE, 16, "soundblaster");
	sb16_mixer_init();
	sb16_present = true;
	devtmpfs_create_node("mixer", S_IFCHR | 0660, MKDEV(SOUND_MAJOR, 0));
	devtmpfs_create_node("dsp", S_IFCHR | 0660, MKDEV(SOUND_MAJOR, 3));
	devtmpfs_create_node("audio", S_IFCHR | 0660, MKDEV(SOUND_MAJOR, 4));
	pr_info("sb16: Sound Blaster 16 DSP %d.%02d at 0x%x, irq %d, dma %d/%d, %u KiB ring at 0x%lx\n",
		sb->version_major, sb->version_minor, SB_BASE, SB_IRQ, SB_DMA8, SB_DMA16,
		SB_BUF_SIZE / 1024, sb->buf_phys);
	return 0;
}
device_initcall(sb16_init);
