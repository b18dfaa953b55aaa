/*
 * The Sound Blaster 16 driver's shared state: the card (sb16.c), the PCM
 * ring of /dev/dsp and /dev/audio (sb16_dev.c) and the mixer (mixer.c).
 *
 * The DMA buffer holds a ring of nfrags fragments of frag bytes (4 of 4 KiB
 * unless SNDCTL_DSP_SETFRAGMENT chose others) that the DSP walks in
 * auto-init mode, interrupting at the end of each fragment. hw counts the
 * bytes the DSP has finished (a fragment at a time), app the bytes the
 * program has written (playback) or read (recording); both only grow while
 * the stream runs, and the byte at position p sits at buf[p % ring].
 */
#ifndef SB16_H
#define SB16_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

struct file;

#ifndef min_t
#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#endif
#ifndef clamp
#define clamp(v, lo, hi) ((v) < (lo) ? (lo) : (v) > (hi) ? (hi) : (v))
#endif

#define SB_BASE		0x220
#define SB_IRQ		5
#define SB_DMA8		1
#define SB_DMA16	5

#define SB_BUF_ORDER	2			/* 16 KiB: inside one 64 KiB DMA page */
#define SB_BUF_SIZE	(4096u << SB_BUF_ORDER)
#define SB_NFRAGS	4
#define SB_FRAG		(SB_BUF_SIZE / SB_NFRAGS)

/* OSS sample formats (Linux's uapi/linux/soundcard.h) */
#define AFMT_QUERY	0x00000000
#define AFMT_MU_LAW	0x00000001
#define AFMT_U8		0x00000008
#define AFMT_S16_LE	0x00000010
#define AFMT_S8		0x00000040

struct sb16 {
	u8 *buf;			/* the DMA ring (GFP_DMA, below 16 MiB) */
	unsigned long buf_phys;
	spinlock_t lock;		/* the stream fields, against the interrupt */
	wait_queue_head_t wait;		/* writers, readers and SYNC wait here */
	/* the hardware format of the stream */
	unsigned int rate, channels, bits;
	bool is_signed;
	/* the stream */
	bool running, input;
	unsigned int frag, nfrags, ring;	/* fragment bytes, count; ring = frag * nfrags */
	u64 hw, app;
	unsigned long underruns, overruns;
	u8 version_major, version_minor;
};

extern struct sb16 sb16_card;
extern bool sb16_present;

void sb16_start(struct sb16 *sb, bool input);	/* with lock held */
void sb16_stop(struct sb16 *sb);		/* with lock held */
void sb16_fill_silence(struct sb16 *sb, unsigned int off, unsigned int len);
void sb16_mixer_write(u8 reg, u8 v);
u8 sb16_mixer_read(u8 reg);
void sb16_mixer_init(void);
int sb16_mixer_open(struct file *f);

u8 linear_to_ulaw(s16 pcm);
s16 ulaw_to_linear(u8 u);

#endif
