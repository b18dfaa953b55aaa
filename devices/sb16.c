/*
 * Sound Blaster 16 (Creative Labs "Sound Blaster Series Hardware Programming
 * Guide": DSP 4.xx commands, the CT1745 mixer). Base 0x220: DSP reset 0x226,
 * read data 0x22A, write command/data and write status 0x22C, read status
 * and 8-bit interrupt acknowledge 0x22E, 16-bit acknowledge 0x22F, mixer
 * index/data 0x224/0x225. DSP version 4.05.
 *
 * Sample pacing is the virtual clock: frame k of a transfer is due at a
 * fixed virtual time derived from the sample rate, a timer fetches the due
 * frames from DMA every few milliseconds (and exactly at each block end,
 * where the interrupt is raised), so the guest sees the same DMA counters
 * and interrupts whether or not the audio goes anywhere. Played frames go
 * to a ring keyed by frame number, from which the mixer resamples (nearest
 * frame) onto its 44.1 kHz output, with the master and voice volumes and
 * the speaker switch applied. Recording reads the -audio-in WAV file (nearest
 * frame at the recording rate) or silence.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/sb16.h"
#include "emu/lib/log.h"

#define RING 16384u			/* frames kept for the mixer (> 300 ms) */
#define TICK_DIV 200u			/* fetch at least every 1/200 s */

static const char copyright[] = "COPYRIGHT (C) CREATIVE TECHNOLOGY LTD, 1992.";

struct sb16_state {
	/* DSP */
	u8 reset_high;			/* last write to 0x226 had bit 0 set */
	u8 outq[64];			/* bytes for the guest at 0x22A */
	u8 out_rd, out_n, last_out;
	u8 cmd, need, got;		/* command being collected and its parameters */
	u8 param[4];
	u8 speaker, test_reg;
	u8 time_const;
	u16 out_rate, in_rate;
	u16 block_len;			/* 0x48: bytes - 1 for 0x1C/0x2C/0x90/0x98 */
	u8 irq8, irq16;			/* pending interrupts (mixer 0x82 bits 0/1) */
	/* the running transfer */
	u8 active, input, bits16, stereo, is_signed, autoinit, paused, pad;
	u32 rate;
	u32 block_bytes, block_pos;	/* current block and bytes done in it */
	u64 origin;			/* output frame at which frame 0 sits */
	u32 origin_rate;		/* rate the origin was set for (0: none) */
	u64 k_next;			/* next frame to fetch */
	u64 deadline;			/* tick timer, CLOCK_NEVER when idle */
	u64 rec_frame;			/* next -audio-in frame position (in its rate units) */
	/* CT1745 mixer */
	u8 mix_idx;
	u8 mix[256];
};

struct sb16 {
	struct device dev;
	struct bus *bus;
	struct clock *clock;
	struct irq_line *irq;
	struct dma *dma;
	struct audio_mixer *mixer;
	const struct wav_pcm *input;
	struct timer timer;
	s32 gain[64];			/* Q15 gain for 0..62 dB of attenuation */
	s16 ring[RING][2];
	u64 tag[RING];			/* frame number + 1 held in ring[], 0 = empty */
	struct sb16_state s;
};

/* ---- DSP output queue and interrupts ---- */

static void dsp_out(struct sb16 *sb, u8 v)
{
	struct sb16_state *s = &sb->s;
	if (s->out_n < sizeof(s->outq))
		s->outq[(s->out_rd + s->out_n++) % sizeof(s->outq)] = v;
}

static void update_irq(struct sb16 *sb)
{
	irq_set(sb->irq, sb->s.irq8 || sb->s.irq16);
}

/* ---- mixer ---- */

static void mixer_reset(struct sb16_state *s)
{
	memset(s->mix, 0, sizeof(s->mix));
	s->mix[0x30] = s->mix[0x31] = 0xC0;	/* master */
	s->mix[0x32] = s->mix[0x33] = 0xC0;	/* voice */
	s->mix[0x34] = s->mix[0x35] = 0xC0;	/* MIDI */
	s->mix[0x3C] = 0x1F;
	s->mix[0x3D] = 0x15;
	s->mix[0x3E] = 0x0B;
	s->mix[0x44] = s->mix[0x45] = s->mix[0x46] = s->mix[0x47] = 0x80;
	s->mix[0x80] = 0x02;			/* IRQ 5 */
	s->mix[0x81] = 0x22;			/* DMA 1 and 5 */
}

static u8 mixer_read(struct sb16 *sb)
{
	struct sb16_state *s = &sb->s;
	u8 *m = s->mix;
	switch (s->mix_idx) {
	case 0x04: return (m[0x32] & 0xF0) | m[0x33] >> 4;	/* SBPro voice */
	case 0x22: return (m[0x30] & 0xF0) | m[0x31] >> 4;	/* SBPro master */
	case 0x26: return (m[0x34] & 0xF0) | m[0x35] >> 4;
	case 0x28: return (m[0x36] & 0xF0) | m[0x37] >> 4;
	case 0x2E: return (m[0x38] & 0xF0) | m[0x39] >> 4;
	case 0x82: return (s->irq8 ? 1 : 0) | (s->irq16 ? 2 : 0) | 0x20;	/* rev bits */
	}
	return m[s->mix_idx];
}

static void mixer_write(struct sb16 *sb, u8 v)
{
	struct sb16_state *s = &sb->s;
	u8 *m = s->mix, i = s->mix_idx;
	/* SBPro-style registers set both channels' 4 high bits of the new ones. */
	static const u8 pro[][2] = { { 0x04, 0x32 }, { 0x22, 0x30 }, { 0x26, 0x34 },
				      { 0x28, 0x36 }, { 0x2E, 0x38 } };
	if (i == 0x00) {
		u8 irqsel = m[0x80], dmasel = m[0x81];
		mixer_reset(s);
		m[0x80] = irqsel;
		m[0x81] = dmasel;
		return;
	}
	for (unsigned k = 0; k < ARRAY_SIZE(pro); k++) {
		if (pro[k][0] == i) {
			m[pro[k][1]] = (v & 0xF0) | 0x08;
			m[pro[k][1] + 1] = (u8)(v << 4) | 0x08;
			return;
		}
	}
	if (i == 0x82)
		return;				/* read-only */
	m[i] = v;
}

/* ---- sample formats ---- */

static int frame_bytes(const struct sb16_state *s)
{
	return (s->bits16 ? 2 : 1) * (s->stereo ? 2 : 1);
}

static int dma_channel(struct sb16 *sb)
{
	u8 sel = sb->s.mix[0x81];
	if (sb->s.bits16) {
		for (int ch = 5; ch <= 7; ch++)
			if (sel & (1 << ch))
				return ch;
	}
	for (int ch = 0; ch <= 3; ch++)
		if (sel & (1 << ch))
			return ch;
	return 1;
}

/* Decode one channel's sample at p to s16. */
static s16 decode(const struct sb16_state *s, const u8 *p)
{
	if (s->bits16) {
		u16 v = ld16(p);
		return s->is_signed ? (s16)v : (s16)(v ^ 0x8000);
	}
	return s->is_signed ? (s16)((s8)p[0] * 256) : (s16)((p[0] - 128) * 256);
}

static void encode(const struct sb16_state *s, u8 *p, s16 v)
{
	if (s->bits16)
		st16(p, s->is_signed ? (u16)v : (u16)v ^ 0x8000);
	else
		p[0] = s->is_signed ? (u8)(v >> 8) : (u8)((v >> 8) + 128);
}

/* ---- timing ---- */

/* Position of frame k in units of 1 / (AUDIO_RATE * rate) s. */
static unsigned __int128 frame_pos(const struct sb16_state *s, u64 k)
{
	return (unsigned __int128)s->origin * s->rate + (unsigned __int128)k * AUDIO_RATE;
}

static u64 due_ns(const struct sb16_state *s, u64 k)
{
	unsigned __int128 den = (unsigned __int128)AUDIO_RATE * s->rate;
	return (u64)((frame_pos(s, k) * 1000000000u + den - 1) / den);
}

/* The current time in the same units as frame_pos. */
static unsigned __int128 now_pos(struct sb16 *sb)
{
	return (unsigned __int128)clock_ns(sb->clock) * AUDIO_RATE * sb->s.rate / 1000000000u;
}

static void arm(struct sb16 *sb)
{
	struct sb16_state *s = &sb->s;
	u64 left = (s->block_bytes - s->block_pos) / frame_bytes(s);
	u64 chunk = s->rate / TICK_DIV ? s->rate / TICK_DIV : 1;
	u64 k = s->k_next + (left < chunk ? left : chunk) - 1;
	s->deadline = clock_ns_to_icount(sb->clock, due_ns(s, k));
	if (s->deadline <= sb->clock->icount)
		s->deadline = sb->clock->icount + 1;
	timer_mod(sb->clock, &sb->timer, s->deadline);
}

/* Gain of the master and voice volume registers together (each 5 bits, 2 dB a step). */
static s32 vol_gain(struct sb16 *sb, u8 master, u8 voice)
{
	int db = (31 - (master >> 3)) * 2 + (31 - (voice >> 3)) * 2;
	return db > 62 ? 0 : sb->gain[db];
}

/* Move n frames between DMA and the ring (playback) or the input file (recording). */
static void move_frames(struct sb16 *sb, u32 n)
{
	struct sb16_state *s = &sb->s;
	int fb = frame_bytes(s), ch = dma_channel(sb);
	u8 buf[4096];
	while (n) {
		u32 m = n < sizeof(buf) / 4 ? n : sizeof(buf) / 4;
		u32 bytes = m * fb;
		if (!s->input) {
			u32 got = dma_read_memory(sb->dma, ch, buf, bytes);
			if (got < bytes)	/* DMA not ready: the DSP plays silence */
				memset(buf + got, s->is_signed || s->bits16 ? 0 : 0x80, bytes - got);
			s32 gl = vol_gain(sb, s->mix[0x30], s->mix[0x32]);
			s32 gr = vol_gain(sb, s->mix[0x31], s->mix[0x33]);
			for (u32 i = 0; i < m; i++) {
				const u8 *p = buf + i * fb;
				s16 l = decode(s, p), r = s->stereo ? decode(s, p + fb / 2) : l;
				u64 k = s->k_next + i;
				if (!s->speaker)
					l = r = 0;
				sb->ring[k % RING][0] = (s16)((l * gl) >> 15);
				sb->ring[k % RING][1] = (s16)((r * gr) >> 15);
				sb->tag[k % RING] = k + 1;
			}
		} else {
			const struct wav_pcm *in = sb->input;
			for (u32 i = 0; i < m; i++) {
				s16 l = 0, r = 0;
				u64 j = in && in->rate ? s->rec_frame / s->rate : 0;
				if (in && j < in->frames) {
					l = in->data[2 * j];
					r = in->data[2 * j + 1];
				}
				if (in)
					s->rec_frame += in->rate;
				u8 *p = buf + i * fb;
				if (s->stereo) {
					encode(s, p, l);
					encode(s, p + fb / 2, r);
				} else {
					encode(s, p, (s16)((l + r) / 2));
				}
			}
			dma_write_memory(sb->dma, ch, buf, bytes);
		}
		s->k_next += m;
		s->block_pos += bytes;
		n -= m;
	}
}

static void end_block(struct sb16 *sb)
{
	struct sb16_state *s = &sb->s;
	if (s->bits16)
		s->irq16 = 1;
	else
		s->irq8 = 1;
	update_irq(sb);
	s->block_pos = 0;
	if (!s->autoinit)
		s->active = 0;
}

/* Timer: fetch every frame due by now, ending the block if it is complete. */
static void sb16_tick(void *opaque)
{
	struct sb16 *sb = opaque;
	struct sb16_state *s = &sb->s;
	s->deadline = CLOCK_NEVER;
	if (!s->active || s->paused)
		return;
	unsigned __int128 now = now_pos(sb), p0 = frame_pos(s, s->k_next);
	u64 due = now >= p0 ? (u64)((now - p0) / AUDIO_RATE) + 1 : 0;
	u64 left = (s->block_bytes - s->block_pos) / frame_bytes(s);
	u32 n = (u32)(due < left ? due : left);
	if (n)
		move_frames(sb, n);
	if (s->block_pos >= s->block_bytes)
		end_block(sb);
	if (s->active)
		arm(sb);
}

/* Begin a transfer of block_bytes at the current rate. */
static void start(struct sb16 *sb, bool input, bool bits16, bool stereo, bool is_signed,
		  bool autoinit, u32 block_bytes)
{
	struct sb16_state *s = &sb->s;
	s->input = input;
	s->bits16 = bits16;
	s->stereo = stereo;
	s->is_signed = is_signed;
	s->autoinit = autoinit;
	s->paused = 0;
	s->rate = input ? s->in_rate : s->out_rate;
	if (!s->rate)
		s->rate = 11025;
	s->block_bytes = block_bytes - block_bytes % frame_bytes(s);
	if (!s->block_bytes)
		s->block_bytes = frame_bytes(s);
	s->block_pos = 0;
	s->active = 1;
	u64 now_ns = clock_ns(sb->clock);
	if (s->origin_rate != s->rate) {
		/* A new time line: frame 0 at the next output frame. */
		s->origin = (u64)(((unsigned __int128)now_ns * AUDIO_RATE + 999999999u) /
				  1000000000u);
		s->origin_rate = s->rate;
		s->k_next = 0;
		s->rec_frame = 0;
		/* Frames of an earlier time line must not play under the new numbers. */
		memset(sb->tag, 0, sizeof(sb->tag));
	} else {
		/* Same rate: keep the time line, start at the first frame not yet past. */
		unsigned __int128 now = now_pos(sb), p0 = frame_pos(s, 0);
		u64 k = now > p0 ? (u64)((now - p0 + AUDIO_RATE - 1) / AUDIO_RATE) : 0;
		if (k > s->k_next)
			s->k_next = k;
	}
	arm(sb);
}

/* ---- DSP commands ---- */

static int params_needed(u8 c)
{
	if (c >= 0xB0 && c <= 0xCF)
		return 3;
	switch (c) {
	case 0x10: case 0x40: case 0xE0: case 0xE4: case 0x0F: case 0x38:
		return 1;
	case 0x14: case 0x16: case 0x17: case 0x24: case 0x41: case 0x42: case 0x48:
	case 0x80: case 0x0E: case 0x05: case 0x74: case 0x75: case 0x76: case 0x77:
		return 2;
	}
	return 0;
}

static void pause_transfer(struct sb16 *sb, bool pause)
{
	struct sb16_state *s = &sb->s;
	if (!s->active)
		return;
	if (pause) {
		s->paused = 1;
		timer_del(sb->clock, &sb->timer);
		s->deadline = CLOCK_NEVER;
	} else if (s->paused) {
		s->paused = 0;
		unsigned __int128 now = now_pos(sb), p0 = frame_pos(s, 0);
		u64 k = now > p0 ? (u64)((now - p0 + AUDIO_RATE - 1) / AUDIO_RATE) : 0;
		if (k > s->k_next)
			s->k_next = k;
		arm(sb);
	}
}

static void dsp_command(struct sb16 *sb)
{
	struct sb16_state *s = &sb->s;
	u8 c = s->cmd, *p = s->param;
	if (c >= 0xB0 && c <= 0xCF) {
		/* 0xBx 16-bit, 0xCx 8-bit; bit 3 input, bit 2 auto-init; mode bit 4 signed,
		 * bit 5 stereo; length in samples - 1. */
		bool b16 = c < 0xC0;
		u32 samples = (u32)(p[1] | p[2] << 8) + 1;
		start(sb, c & 0x08, b16, p[0] & 0x20, p[0] & 0x10, c & 0x04,
		      samples * (b16 ? 2 : 1));
		return;
	}
	switch (c) {
	case 0x10: break;			/* direct 8-bit output: a single sample, ignored */
	case 0x14: case 0x91:			/* 8-bit single-cycle output */
		start(sb, false, false, false, false, false,
		      c == 0x14 ? (u32)(p[0] | p[1] << 8) + 1 : (u32)s->block_len + 1);
		break;
	case 0x1C: case 0x90:			/* 8-bit auto-init output */
		start(sb, false, false, false, false, true, (u32)s->block_len + 1);
		break;
	case 0x20: dsp_out(sb, 0x80); break;	/* direct input: silence */
	case 0x24: case 0x99:
		start(sb, true, false, false, false, false,
		      c == 0x24 ? (u32)(p[0] | p[1] << 8) + 1 : (u32)s->block_len + 1);
		break;
	case 0x2C: case 0x98:
		start(sb, true, false, false, false, true, (u32)s->block_len + 1);
		break;
	case 0x40:
		s->time_const = p[0];
		/* 1 MHz / (256 - TC); the DSP tops out at 45454 Hz (TC 234). */
		s->out_rate = s->in_rate = p[0] > 234 ? 45454 : (u16)(1000000 / (256 - p[0]));
		break;
	case 0x41: s->out_rate = (u16)(p[0] << 8 | p[1]); break;
	case 0x42: s->in_rate = (u16)(p[0] << 8 | p[1]); break;
	case 0x48: s->block_len = (u16)(p[0] | p[1] << 8); break;
	case 0xD0: if (!s->bits16) pause_transfer(sb, true); break;
	case 0xD4: if (!s->bits16) pause_transfer(sb, false); break;
	case 0xD5: if (s->bits16) pause_transfer(sb, true); break;
	case 0xD6: if (s->bits16) pause_transfer(sb, false); break;
	case 0xD9: if (s->bits16) s->autoinit = 0; break;	/* exit after this block */
	case 0xDA: if (!s->bits16) s->autoinit = 0; break;
	case 0xD1: s->speaker = 1; break;
	case 0xD3: s->speaker = 0; break;
	case 0xD8: dsp_out(sb, s->speaker ? 0xFF : 0x00); break;
	case 0xE0: dsp_out(sb, (u8)~p[0]); break;
	case 0xE1: dsp_out(sb, 4); dsp_out(sb, 5); break;
	case 0xE3:
		for (unsigned i = 0; i < sizeof(copyright); i++)
			dsp_out(sb, (u8)copyright[i]);
		break;
	case 0xE4: s->test_reg = p[0]; break;
	case 0xE8: dsp_out(sb, s->test_reg); break;
	case 0xF2: s->irq8 = 1; update_irq(sb); break;
	case 0xF3: s->irq16 = 1; update_irq(sb); break;
	case 0xF8: dsp_out(sb, 0); break;
	case 0x0F: dsp_out(sb, 0); break;	/* ASP register read */
	default:
		log_debug("sb16: DSP command 0x%02x ignored", c);
		break;
	}
}

static void dsp_write(struct sb16 *sb, u8 v)
{
	struct sb16_state *s = &sb->s;
	if (s->need) {
		s->param[s->got++] = v;
		if (s->got == s->need) {
			s->need = 0;
			dsp_command(sb);
		}
		return;
	}
	s->cmd = v;
	s->got = 0;
	s->need = (u8)params_needed(v);
	if (!s->need)
		dsp_command(sb);
}

static void dsp_reset(struct sb16 *sb)
{
	struct sb16_state *s = &sb->s;
	timer_del(sb->clock, &sb->timer);
	s->deadline = CLOCK_NEVER;
	s->active = s->paused = 0;
	s->need = s->got = 0;
	s->out_n = s->out_rd = 0;
	s->irq8 = s->irq16 = 0;
	s->speaker = 0;
	s->out_rate = s->in_rate = 11025;
	s->block_len = 0x7FF;
	s->origin_rate = 0;
	update_irq(sb);
}

/* ---- ports ---- */

static u32 sb16_read(void *dev, u32 off, int size)
{
	struct sb16 *sb = dev;
	struct sb16_state *s = &sb->s;
	switch (off) {
	case 0x4: return s->mix_idx;
	case 0x5: return mixer_read(sb);
	case 0xA:				/* read data */
		if (s->out_n) {
			s->last_out = s->outq[s->out_rd];
			s->out_rd = (s->out_rd + 1) % sizeof(s->outq);
			s->out_n--;
		}
		return s->last_out;
	case 0xC: return 0x7F;			/* write status: ready */
	case 0xE:				/* read status; acknowledges 8-bit IRQ */
		s->irq8 = 0;
		update_irq(sb);
		return s->out_n ? 0xFF : 0x7F;
	case 0xF:
		s->irq16 = 0;
		update_irq(sb);
		return 0xFF;
	}
	return 0xFF;
}

static void sb16_write(void *dev, u32 off, u32 v, int size)
{
	struct sb16 *sb = dev;
	struct sb16_state *s = &sb->s;
	switch (off) {
	case 0x4: s->mix_idx = v; break;
	case 0x5: mixer_write(sb, v); break;
	case 0x6:				/* DSP reset: 1 then 0 */
		if (v & 1) {
			s->reset_high = 1;
		} else if (s->reset_high) {
			s->reset_high = 0;
			dsp_reset(sb);
			dsp_out(sb, 0xAA);
		}
		break;
	case 0xC: dsp_write(sb, v); break;
	}
}

static const struct io_ops sb16_ops = { .read = sb16_read, .write = sb16_write };

/* ---- mixer source ---- */

static void sb16_render(void *opaque, s32 *acc, u32 n, u64 first)
{
	struct sb16 *sb = opaque;
	struct sb16_state *s = &sb->s;
	if (!s->origin_rate || s->input)
		return;
	for (u32 i = 0; i < n; i++) {
		u64 f = first + i;
		if (f < s->origin)
			continue;
		u64 k = (u64)((unsigned __int128)(f - s->origin) * s->origin_rate / AUDIO_RATE);
		if (sb->tag[k % RING] != k + 1)
			continue;
		acc[2 * i] += sb->ring[k % RING][0];
		acc[2 * i + 1] += sb->ring[k % RING][1];
	}
}

/* ---- device hooks ---- */

static void sb16_reset(void *dev)
{
	struct sb16 *sb = dev;
	memset(&sb->s, 0, sizeof(sb->s));
	memset(sb->tag, 0, sizeof(sb->tag));
	mixer_reset(&sb->s);
	dsp_reset(sb);
}

static void sb16_save(void *dev, struct snap_writer *w)
{
	struct sb16 *sb = dev;
	snap_put_section(w, "SB16", 1, &sb->s, sizeof(sb->s));
}

static int sb16_load(void *dev, struct snap_reader *r)
{
	struct sb16 *sb = dev;
	struct sb16_state s;
	if (snap_get_section(r, "SB16", 1, &s, sizeof(s)))
		return -1;
	if (s.out_rd >= sizeof(s.outq) || s.out_n > sizeof(s.outq) || s.got > 4 ||
	    s.need > 4 || (s.active && (!s.rate || s.block_pos > s.block_bytes))) {
		snprintf(r->error, sizeof(r->error), "sb16: inconsistent state");
		return -1;
	}
	sb->s = s;
	memset(sb->tag, 0, sizeof(sb->tag));	/* played frames are output, not state */
	timer_del(sb->clock, &sb->timer);
	if (s.deadline != CLOCK_NEVER)
		timer_mod(sb->clock, &sb->timer, s.deadline);
	update_irq(sb);
	return 0;
}

static void sb16_info(void *dev, void (*print)(void *, const char *, ...), void *ctx)
{
	struct sb16 *sb = dev;
	struct sb16_state *s = &sb->s;
	print(ctx, "sb16: DSP 4.05, speaker %s, rates out %u in %u, irq8 %u irq16 %u\n",
	      s->speaker ? "on" : "off", s->out_rate, s->in_rate, s->irq8, s->irq16);
	if (s->active)
		print(ctx, "transfer: %s %u-bit %s %s%s at %u Hz, block %u/%u bytes\n",
		      s->input ? "record" : "play", s->bits16 ? 16 : 8,
		      s->stereo ? "stereo" : "mono", s->is_signed ? "signed" : "unsigned",
		      s->autoinit ? " auto-init" : "", s->rate, s->block_pos, s->block_bytes);
	print(ctx, "mixer: master %02x/%02x voice %02x/%02x\n", s->mix[0x30], s->mix[0x31],
	      s->mix[0x32], s->mix[0x33]);
}

struct sb16 *sb16_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
			 struct dma *dma, struct audio_mixer *mixer, const struct wav_pcm *input)
{
	struct sb16 *sb = calloc(1, sizeof(*sb));
	if (!sb)
		return NULL;
	sb->bus = bus;
	sb->clock = clock;
	sb->irq = irq;
	sb->dma = dma;
	sb->mixer = mixer;
	sb->input = input;
	/* Volume steps are 2 dB; full scale (0 dB) is exactly unity. */
	for (int db = 0; db < 63; db++)
		sb->gain[db] = (s32)lround(32768.0 * pow(10.0, -db / 20.0));
	sb->gain[63] = 0;
	timer_init(&sb->timer, "sb16", sb16_tick, sb);
	if (bus_add_io(bus, 0x220, 16, &sb16_ops, sb, "sb16")) {
		free(sb);
		return NULL;
	}
	if (mixer)
		audio_add_source(mixer, sb16_render, sb);
	sb->dev = (struct device){
		.name = "sb16", .dev = sb, .reset = sb16_reset, .save = sb16_save,
		.load = sb16_load, .info = sb16_info,
	};
	sb16_reset(sb);
	return sb;
}

void sb16_destroy(struct sb16 *sb)
{
	if (!sb)
		return;
	timer_del(sb->clock, &sb->timer);
	bus_remove_device(sb->bus, sb);
	if (sb->mixer)
		audio_remove_source(sb->mixer, sb);
	free(sb);
}

struct device *sb16_device(struct sb16 *sb) { return &sb->dev; }
