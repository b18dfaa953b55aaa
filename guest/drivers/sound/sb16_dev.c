/*
 * The OSS devices of the Sound Blaster 16 (Linux's sound/core/oss/pcm_oss.c
 * as seen from user space): /dev/dsp (14:3) and /dev/audio (14:4) on the
 * card's ring (sb16.c), /dev/mixer (14:0, mixer.c). One opener of the PCM at
 * a time (EBUSY). /dev/dsp starts as OSS says, 8 kHz mono unsigned 8-bit;
 * /dev/audio is 8 kHz mono mu-law (Sun's convention), played as 16-bit
 * linear and converted here, one mu-law byte to one sample.
 *
 * Playback: write() copies into the ring and sleeps while it is full (or
 * returns what fitted, EAGAIN if nothing, with O_NONBLOCK); the DSP starts
 * once two fragments are queued, or at SNDCTL_DSP_SYNC/POST and close, which
 * let the ring drain (close waits unless O_NONBLOCK). Recording starts at the
 * first read() and stops at close or SNDCTL_DSP_RESET. The stream runs in
 * one direction at a time: the first read or write picks it.
 * SNDCTL_DSP_SETFRAGMENT picks the fragment size and count (the interrupt
 * period); poll() says POLLOUT while a fragment's room is free and POLLIN
 * once a recorded fragment is waiting, woken by the fragment interrupt.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/chrdevs.h>
#include <linux/poll.h>

#include "sb16.h"

#define SNDCTL_DSP_RESET	0x5000
#define SNDCTL_DSP_SYNC		0x5001
#define SNDCTL_DSP_SPEED	0xC0045002
#define SNDCTL_DSP_STEREO	0xC0045003
#define SNDCTL_DSP_GETBLKSIZE	0xC0045004
#define SNDCTL_DSP_SETFMT	0xC0045005
#define SNDCTL_DSP_CHANNELS	0xC0045006
#define SNDCTL_DSP_POST		0x5008
#define SNDCTL_DSP_SETFRAGMENT	0xC004500A
#define SNDCTL_DSP_GETFMTS	0x8004500B
#define SNDCTL_DSP_GETOSPACE	0x8010500C
#define SNDCTL_DSP_GETISPACE	0x8010500D
#define SNDCTL_DSP_NONBLOCK	0x500E
#define SNDCTL_DSP_GETCAPS	0x8004500F
#define SNDCTL_DSP_GETODELAY	0x80045017
#define SOUND_PCM_READ_RATE	0x80045002
#define SOUND_PCM_READ_CHANNELS	0x80045006
#define DSP_CAP_TRIGGER		0x00001000
#define DSP_CAP_BATCH		0x00000200

struct audio_buf_info {
	int fragments;		/* whole fragments free (or ready to read) */
	int fragstotal;
	int fragsize;
	int bytes;
};

static bool pcm_busy;
static bool pcm_mulaw;		/* /dev/audio: user bytes are mu-law, ring bytes s16 */
static unsigned int pcm_fmt;	/* AFMT_* as the program sees it */

/* Ring bytes per user byte: 2 for mu-law (one byte becomes one s16 sample). */
static unsigned int ring_per_user(void)
{
	return pcm_mulaw ? 2 : 1;
}

static void set_format(struct sb16 *sb, unsigned int fmt)
{
	pcm_fmt = fmt;
	sb->bits = fmt == AFMT_U8 || fmt == AFMT_S8 ? 8 : 16;
	sb->is_signed = fmt != AFMT_U8;
}

/* Stop and forget the stream; the next start begins at the ring's start. */
static void pcm_reset(struct sb16 *sb)
{
	unsigned long flags;

	spin_lock_irqsave(&sb->lock, flags);
	sb16_stop(sb);
	sb->hw = sb->app = 0;
	sb16_fill_silence(sb, 0, SB_BUF_SIZE);
	spin_unlock_irqrestore(&sb->lock, flags);
}

/* Before a new stream: nothing running and nothing queued. */
static void rebase_if_idle(struct sb16 *sb, bool input)
{
	unsigned long flags;

	spin_lock_irqsave(&sb->lock, flags);
	if (sb->running && sb->input != input) {
		spin_unlock_irqrestore(&sb->lock, flags);
		pcm_reset(sb);
		spin_lock_irqsave(&sb->lock, flags);
	}
	if (!sb->running && sb->app <= sb->hw) {
		sb->hw = sb->app = 0;
		sb16_fill_silence(sb, 0, SB_BUF_SIZE);
	}
	spin_unlock_irqrestore(&sb->lock, flags);
}

/* Sleep on the card's queue until cond() or a signal; 0, -EAGAIN or -ERESTARTSYS. */
static int pcm_wait(struct sb16 *sb, struct file *f, bool (*cond)(struct sb16 *))
{
	struct wait_queue_entry w;
	int ret = 0;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&sb->wait, &w, TASK_INTERRUPTIBLE);
		if (cond(sb))
			break;
		if (f && (f->f_flags & O_NONBLOCK)) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&sb->wait, &w);
	return ret;
}

static bool has_space(struct sb16 *sb)
{
	return sb->hw + sb->ring > sb->app;
}

static bool drained(struct sb16 *sb)
{
	return !sb->running;
}

static bool has_data(struct sb16 *sb)
{
	return sb->hw > sb->app || !sb->running;
}

/* Start playback of what is queued if the DSP is idle. */
static void kick(struct sb16 *sb, bool force)
{
	unsigned long flags;

	spin_lock_irqsave(&sb->lock, flags);
	if (!sb->running && sb->app > sb->hw &&
	    (force || sb->app - sb->hw >= 2 * sb->frag))
		sb16_start(sb, false);
	spin_unlock_irqrestore(&sb->lock, flags);
}

/* Copy n user bytes to ring offset off (contiguous), converting mu-law. */
static int to_ring(struct sb16 *sb, unsigned int off, const char __user *src, unsigned int n)
{
	u8 chunk[256];
	unsigned int i, m;

	if (!pcm_mulaw)
		return copy_from_user(sb->buf + off, src, n) ? -EFAULT : 0;
	while (n) {
		m = min(n, (unsigned int)sizeof(chunk));
		if (copy_from_user(chunk, src, m))
			return -EFAULT;
		for (i = 0; i < m; i++) {
			s16 v = ulaw_to_linear(chunk[i]);

			sb->buf[off + 2 * i] = (u8)v;
			sb->buf[off + 2 * i + 1] = (u8)((u16)v >> 8);
		}
		src += m;
		off += 2 * m;
		n -= m;
	}
	return 0;
}

static int from_ring(struct sb16 *sb, char __user *dst, unsigned int off, unsigned int n)
{
	u8 chunk[256];
	unsigned int i, m;

	if (!pcm_mulaw)
		return copy_to_user(dst, sb->buf + off, n) ? -EFAULT : 0;
	while (n) {
		m = min(n, (unsigned int)sizeof(chunk));
		for (i = 0; i < m; i++)
			chunk[i] = linear_to_ulaw((s16)(sb->buf[off + 2 * i] |
							sb->buf[off + 2 * i + 1] << 8));
		if (copy_to_user(dst, chunk, m))
			return -EFAULT;
		dst += m;
		off += 2 * m;
		n -= m;
	}
	return 0;
}

static ssize_t pcm_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	struct sb16 *sb = &sb16_card;
	unsigned int rpu = ring_per_user(), align = (sb->bits / 8) * sb->channels;
	size_t done = 0;
	int err = 0;

	rebase_if_idle(sb, false);
	if (sb->input)
		sb->input = false;
	while (done < count) {
		unsigned int off, n;
		unsigned long flags;

		if (!has_space(sb)) {
			kick(sb, true);		/* a full ring always plays */
			err = pcm_wait(sb, f, has_space);
			if (err)
				break;
			continue;
		}
		spin_lock_irqsave(&sb->lock, flags);
		off = (unsigned int)(sb->app % sb->ring);
		n = (unsigned int)min_t(u64, sb->hw + sb->ring - sb->app, sb->ring - off);
		spin_unlock_irqrestore(&sb->lock, flags);
		n = min_t(size_t, n / rpu, count - done);
		if (!pcm_mulaw && n > align && done + n < count)
			n -= n % align;		/* whole frames, but never stall */
		if (!n)
			break;
		err = to_ring(sb, off, buf + done, n);
		if (err)
			break;
		spin_lock_irqsave(&sb->lock, flags);
		sb->app += (u64)n * rpu;
		spin_unlock_irqrestore(&sb->lock, flags);
		done += n;
		kick(sb, false);
	}
	return done ? (ssize_t)done : err;
}

static void capture_start(struct sb16 *sb);

static ssize_t pcm_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct sb16 *sb = &sb16_card;
	unsigned int rpu = ring_per_user();
	unsigned long flags;
	size_t done = 0;
	int err = 0;

	capture_start(sb);
	while (done < count) {
		unsigned int off, n;

		err = pcm_wait(sb, done ? NULL : f, has_data);
		if (err)
			break;
		spin_lock_irqsave(&sb->lock, flags);
		if (!sb->running && sb->hw <= sb->app) {
			spin_unlock_irqrestore(&sb->lock, flags);
			break;
		}
		off = (unsigned int)(sb->app % sb->ring);
		n = (unsigned int)min_t(u64, sb->hw - sb->app, sb->ring - off);
		spin_unlock_irqrestore(&sb->lock, flags);
		n = min_t(size_t, n / rpu, count - done);
		err = from_ring(sb, buf + done, off, n);
		if (err)
			break;
		spin_lock_irqsave(&sb->lock, flags);
		sb->app += (u64)n * rpu;
		spin_unlock_irqrestore(&sb->lock, flags);
		done += n;
		if (f->f_flags & O_NONBLOCK)
			break;
	}
	return done ? (ssize_t)done : err;
}

/*
 * SNDCTL_DSP_SETFRAGMENT's 0xMMMMSSSS: up to MMMM fragments of 2^SSSS user
 * bytes, fragments of 256 B to 4 KiB of the ring and 2 to 64 of them in its
 * 16 KiB. The stream is reset; returns the setting made, in the same form.
 */
static int set_fragment(struct sb16 *sb, int v)
{
	unsigned int shift = clamp(v & 0xffff, 8, 12), n = (unsigned int)v >> 16;
	unsigned int frag = (1u << shift) * ring_per_user();

	if (frag > SB_BUF_SIZE / 2)
		frag = SB_BUF_SIZE / 2;
	n = clamp(n, 2u, SB_BUF_SIZE / frag);
	pcm_reset(sb);
	sb->frag = frag;
	sb->nfrags = n;
	sb->ring = frag * n;
	for (shift = 0; (1u << shift) < frag / ring_per_user(); shift++)
		;
	return (int)(n << 16 | shift);
}

/* Start recording from an empty ring unless it runs already. */
static void capture_start(struct sb16 *sb)
{
	unsigned long flags;

	spin_lock_irqsave(&sb->lock, flags);
	if (!sb->running || !sb->input) {
		spin_unlock_irqrestore(&sb->lock, flags);
		pcm_reset(sb);
		spin_lock_irqsave(&sb->lock, flags);
		sb16_start(sb, true);
	}
	spin_unlock_irqrestore(&sb->lock, flags);
}

/*
 * Playback: writable while a whole fragment is free. Recording: readable
 * once a fragment has arrived; a file opened only for reading starts
 * recording here, as OSS does. The fragment interrupt wakes sb->wait.
 */
static unsigned int pcm_poll(struct file *f, struct poll_table_struct *pt)
{
	struct sb16 *sb = &sb16_card;
	unsigned int mask = 0;
	unsigned long flags;

	if ((f->f_mode & (FMODE_READ | FMODE_WRITE)) == FMODE_READ)
		capture_start(sb);
	poll_wait(f, &sb->wait, pt);
	spin_lock_irqsave(&sb->lock, flags);
	if (sb->input && sb->running) {
		if (sb->hw >= sb->app + sb->frag)
			mask |= POLLIN | POLLRDNORM;
	} else if (sb->hw + sb->ring >= sb->app + sb->frag) {
		mask |= POLLOUT | POLLWRNORM;
	}
	spin_unlock_irqrestore(&sb->lock, flags);
	return mask;
}

static int pcm_sync(struct sb16 *sb)
{
	if (sb->input)
		return 0;
	kick(sb, true);
	return pcm_wait(sb, NULL, drained);
}

static long pcm_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct sb16 *sb = &sb16_card;
	int __user *p = (int __user *)arg;
	unsigned int rpu = ring_per_user();
	struct audio_buf_info info;
	unsigned long flags;
	int v;

	switch (cmd) {
	case SNDCTL_DSP_RESET:
		pcm_reset(sb);
		return 0;
	case SNDCTL_DSP_SYNC:
		return pcm_sync(sb);
	case SNDCTL_DSP_POST:
		kick(sb, true);
		return 0;
	case SNDCTL_DSP_NONBLOCK:
		f->f_flags |= O_NONBLOCK;
		return 0;
	case SNDCTL_DSP_GETCAPS:
		return put_user(DSP_CAP_BATCH | 1, p);		/* revision 1, half duplex */
	case SNDCTL_DSP_GETFMTS:
		return put_user(pcm_mulaw ? AFMT_MU_LAW : AFMT_U8 | AFMT_S8 | AFMT_S16_LE, p);
	case SNDCTL_DSP_GETBLKSIZE:
		return put_user(sb->frag / rpu, p);
	case SNDCTL_DSP_SETFRAGMENT:
		if (get_user(v, p))
			return -EFAULT;
		return put_user(set_fragment(sb, v), p);
	case SOUND_PCM_READ_RATE:
		return put_user(sb->rate, p);
	case SOUND_PCM_READ_CHANNELS:
		return put_user(sb->channels, p);
	}
	if (cmd == SNDCTL_DSP_GETOSPACE || cmd == SNDCTL_DSP_GETISPACE) {
		unsigned int bytes;

		spin_lock_irqsave(&sb->lock, flags);
		if (cmd == SNDCTL_DSP_GETOSPACE)
			bytes = sb->input || sb->app <= sb->hw ? sb->ring :
				(unsigned int)(sb->hw + sb->ring - sb->app);
		else
			bytes = sb->input ? (unsigned int)(sb->hw - sb->app) : 0;
		spin_unlock_irqrestore(&sb->lock, flags);
		info.fragments = bytes / sb->frag;
		info.fragstotal = sb->nfrags;
		info.fragsize = sb->frag / rpu;
		info.bytes = bytes / rpu;
		return copy_to_user((void __user *)arg, &info, sizeof(info)) ? -EFAULT : 0;
	}
	if (cmd == SNDCTL_DSP_GETODELAY) {
		spin_lock_irqsave(&sb->lock, flags);
		v = sb->input ? 0 : (int)(sb->app - sb->hw);
		spin_unlock_irqrestore(&sb->lock, flags);
		return put_user(v / (int)rpu, p);
	}
	/* The format setters: each takes effect from the next start, returns what it got. */
	if (cmd != SNDCTL_DSP_SPEED && cmd != SNDCTL_DSP_SETFMT && cmd != SNDCTL_DSP_CHANNELS &&
	    cmd != SNDCTL_DSP_STEREO)
		return -ENOTTY;
	if (get_user(v, p))
		return -EFAULT;
	if (pcm_mulaw && cmd != SNDCTL_DSP_SETFMT)	/* /dev/audio stays 8 kHz mono */
		return put_user(cmd == SNDCTL_DSP_SPEED ? 8000 : cmd == SNDCTL_DSP_STEREO ? 0 : 1, p);
	switch (cmd) {
	case SNDCTL_DSP_SPEED:
		if (v > 0) {
			pcm_sync(sb);
			sb->rate = clamp(v, 5000, 44100);
		}
		v = sb->rate;
		break;
	case SNDCTL_DSP_SETFMT:
		if (pcm_mulaw) {
			v = AFMT_MU_LAW;
			break;
		}
		if (v == AFMT_U8 || v == AFMT_S8 || v == AFMT_S16_LE) {
			pcm_sync(sb);
			set_format(sb, v);
		}
		v = pcm_fmt;
		break;
	case SNDCTL_DSP_CHANNELS:
	case SNDCTL_DSP_STEREO:
		if (cmd == SNDCTL_DSP_STEREO)
			v = v ? 2 : 1;
		if (v == 1 || v == 2) {
			pcm_sync(sb);
			sb->channels = v;
		}
		v = cmd == SNDCTL_DSP_STEREO ? sb->channels == 2 : (int)sb->channels;
		break;
	}
	return put_user(v, p);
}

static int pcm_release(struct inode *inode, struct file *f)
{
	struct sb16 *sb = &sb16_card;

	if (!sb->input && !(f->f_flags & O_NONBLOCK))
		pcm_sync(sb);		/* OSS drains on close */
	pcm_reset(sb);
	pcm_busy = false;
	return 0;
}

static const struct file_operations pcm_fops = {
	.llseek = no_llseek, .read = pcm_read, .write = pcm_write, .ioctl = pcm_ioctl,
	.poll = pcm_poll, .release = pcm_release,
};

static int pcm_open(struct file *f, bool mulaw)
{
	struct sb16 *sb = &sb16_card;

	if (pcm_busy)
		return -EBUSY;
	pcm_busy = true;
	pcm_mulaw = mulaw;
	sb->rate = 8000;
	sb->channels = 1;
	sb->input = false;
	sb->frag = SB_FRAG;
	sb->nfrags = SB_NFRAGS;
	sb->ring = SB_BUF_SIZE;
	set_format(sb, mulaw ? AFMT_S16_LE : AFMT_U8);
	if (mulaw)
		pcm_fmt = AFMT_MU_LAW;
	pcm_reset(sb);
	f->f_op = &pcm_fops;
	return 0;
}

int sound_open(unsigned int minor, struct file *f)
{
	if (!sb16_present)
		return -ENODEV;
	switch (minor) {
	case 0: return sb16_mixer_open(f);
	case 3: return pcm_open(f, false);
	case 4: return pcm_open(f, true);
	}
	return -ENXIO;
}
