/*
 * /dev/mixer (14:0): the SB16's CT1745 mixer through OSS's two paths to
 * the same levels. The control path is the ioctls (SOUND_MIXER_READ/WRITE of
 * a channel, the device, stereo, record masks and SOUND_MIXER_INFO), the
 * level a left | right << 8 pair of 0-100. The data path is text: read()
 * gives one line per channel, "vol 90 90", and writing "pcm 50" (one level
 * for both sides) or "pcm 50 40" sets it. The levels are kept as set (OSS
 * returns what was asked, Linux's sb_mixer keeps them the same way) and the
 * registers get them scaled to their 5, 4 or 2 bits.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

#include "sb16.h"

#define SOUND_MIXER_NRDEVICES	25
#define MIXER_READ(n)		(0x80044D00u | (n))
#define MIXER_WRITE(n)		(0xC0044D00u | (n))
#define SOUND_MIXER_RECSRC	0xFF
#define SOUND_MIXER_DEVMASK	0xFE
#define SOUND_MIXER_RECMASK	0xFD
#define SOUND_MIXER_CAPS	0xFC
#define SOUND_MIXER_STEREODEVS	0xFB
#define SOUND_MIXER_INFO	0x805C4D65u	/* _IOR('M', 101, mixer_info) */

struct mixer_info {
	char id[16];
	char name[32];
	int modify_counter;
	int fillers[10];
};

struct mixer_chan {
	const char *name;	/* OSS's sound_device_names */
	u8 left, right;		/* registers; right 0: a mono channel */
	u8 bits;		/* width at the top of the register */
	u16 level;		/* left | right << 8 */
};

/* Indexed by OSS channel number; Linux's sb16 defaults. */
static struct mixer_chan chans[SOUND_MIXER_NRDEVICES] = {
	[0] = { "vol", 0x30, 0x31, 5, 0x5a5a },
	[1] = { "bass", 0x46, 0x47, 4, 0x4b4b },
	[2] = { "treble", 0x44, 0x45, 4, 0x4b4b },
	[3] = { "synth", 0x34, 0x35, 5, 0x4b4b },
	[4] = { "pcm", 0x32, 0x33, 5, 0x4b4b },
	[5] = { "speaker", 0x3B, 0, 2, 0x4b4b },
	[6] = { "line", 0x38, 0x39, 5, 0x4b4b },
	[7] = { "mic", 0x3A, 0, 5, 0x1010 },
	[8] = { "cd", 0x36, 0x37, 5, 0x4b4b },
	[12] = { "igain", 0x3F, 0x40, 2, 0x4b4b },
	[13] = { "ogain", 0x41, 0x42, 2, 0x4b4b },
};
#define SOUND_MASK_LINE	(1 << 6)
#define SOUND_MASK_MIC	(1 << 7)
#define SOUND_MASK_CD	(1 << 8)
static int recsrc = SOUND_MASK_MIC;
static int modify_counter;

static u8 scale(unsigned int level, u8 bits)
{
	return (u8)((level * ((1u << bits) - 1) / 100) << (8 - bits));
}

static void set_level(struct mixer_chan *c, unsigned int l, unsigned int r)
{
	l = min(l, 100u);
	r = min(r, 100u);
	if (!c->right)
		r = l;
	c->level = (u16)(l | r << 8);
	sb16_mixer_write(c->left, scale(l, c->bits));
	if (c->right)
		sb16_mixer_write(c->right, scale(r, c->bits));
	modify_counter++;
}

static int devmask(bool stereo_only)
{
	int i, m = 0;

	for (i = 0; i < SOUND_MIXER_NRDEVICES; i++)
		if (chans[i].name && (!stereo_only || chans[i].right))
			m |= 1 << i;
	return m;
}

void sb16_mixer_init(void)
{
	int i;

	sb16_mixer_write(0x00, 0);		/* mixer reset */
	for (i = 0; i < SOUND_MIXER_NRDEVICES; i++)
		if (chans[i].name)
			set_level(&chans[i], chans[i].level & 0xFF, chans[i].level >> 8);
	modify_counter = 0;
}

static long mixer_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	int __user *p = (int __user *)arg;
	unsigned int n = cmd & 0xFF;
	int v;

	if (cmd == SOUND_MIXER_INFO) {
		struct mixer_info info;

		memset(&info, 0, sizeof(info));
		memcpy(info.id, "SB", 3);
		memcpy(info.name, "Sound Blaster 16", 17);
		info.modify_counter = modify_counter;
		return copy_to_user((void __user *)arg, &info, sizeof(info)) ? -EFAULT : 0;
	}
	if (cmd == MIXER_READ(n)) {
		switch (n) {
		case SOUND_MIXER_DEVMASK: return put_user(devmask(false), p);
		case SOUND_MIXER_STEREODEVS: return put_user(devmask(true), p);
		case SOUND_MIXER_RECMASK:
			return put_user(SOUND_MASK_LINE | SOUND_MASK_MIC | SOUND_MASK_CD, p);
		case SOUND_MIXER_RECSRC: return put_user(recsrc, p);
		case SOUND_MIXER_CAPS: return put_user(0, p);
		}
		if (n >= SOUND_MIXER_NRDEVICES || !chans[n].name)
			return -EINVAL;
		return put_user(chans[n].level, p);
	}
	if (cmd == MIXER_WRITE(n)) {
		if (get_user(v, p))
			return -EFAULT;
		if (n == SOUND_MIXER_RECSRC) {
			recsrc = v & (SOUND_MASK_LINE | SOUND_MASK_MIC | SOUND_MASK_CD);
			if (!recsrc)
				recsrc = SOUND_MASK_MIC;
			sb16_mixer_write(0x3D, (recsrc & SOUND_MASK_MIC ? 1 : 0) |
					 (recsrc & SOUND_MASK_CD ? 4 : 0) |
					 (recsrc & SOUND_MASK_LINE ? 0x10 : 0));
			sb16_mixer_write(0x3E, (recsrc & SOUND_MASK_MIC ? 1 : 0) |
					 (recsrc & SOUND_MASK_CD ? 2 : 0) |
					 (recsrc & SOUND_MASK_LINE ? 8 : 0));
			modify_counter++;
			return put_user(recsrc, p);
		}
		if (n >= SOUND_MIXER_NRDEVICES || !chans[n].name)
			return -EINVAL;
		set_level(&chans[n], v & 0xFF, (v >> 8) & 0xFF);
		return put_user(chans[n].level, p);
	}
	return -ENOTTY;
}

/* The text: one "name left right" line per channel, in channel order. */
static size_t mixer_text(char *buf, size_t size)
{
	size_t len = 0;
	int i;

	for (i = 0; i < SOUND_MIXER_NRDEVICES; i++)
		if (chans[i].name)
			len += snprintf(buf + len, size - len, "%s %u %u\n", chans[i].name,
					chans[i].level & 0xFF, chans[i].level >> 8);
	return len;
}

static ssize_t mixer_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	char text[512];
	size_t len = mixer_text(text, sizeof(text));

	if (*pos >= (loff_t)len)
		return 0;
	count = min(count, len - (size_t)*pos);
	if (copy_to_user(buf, text + *pos, count))
		return -EFAULT;
	*pos += count;
	return count;
}

static int parse_uint(const char **s, unsigned int *v)
{
	const char *p = *s;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (*v = 0; *p >= '0' && *p <= '9'; p++)
		*v = *v * 10 + (unsigned int)(*p - '0');
	*s = p;
	return 0;
}

/* One line: "name level" or "name left right". */
static int mixer_line(const char *s)
{
	unsigned int l, r, len, i;
	const char *p;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return 0;
	for (len = 0; s[len] && s[len] != ' ' && s[len] != '\t'; len++)
		;
	for (i = 0; i < SOUND_MIXER_NRDEVICES; i++)
		if (chans[i].name && strlen(chans[i].name) == len && !memcmp(chans[i].name, s, len))
			break;
	if (i == SOUND_MIXER_NRDEVICES)
		return -EINVAL;
	p = s + len;
	if (parse_uint(&p, &l))
		return -EINVAL;
	r = l;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p && parse_uint(&p, &r))
		return -EINVAL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p || l > 100 || r > 100)
		return -EINVAL;
	set_level(&chans[i], l, r);
	return 0;
}

static ssize_t mixer_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	char text[256], *line, *nl;
	int err;

	if (count >= sizeof(text))
		return -EINVAL;
	if (copy_from_user(text, buf, count))
		return -EFAULT;
	text[count] = 0;
	for (line = text; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = 0;
		err = mixer_line(line);
		if (err)
			return err;
	}
	return count;
}

static loff_t mixer_lseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	return f->f_pos = off;
}

static const struct file_operations mixer_fops = {
	.llseek = mixer_lseek, .read = mixer_read, .write = mixer_write, .ioctl = mixer_ioctl,
};

int sb16_mixer_open(struct file *f)
{
	f->f_op = &mixer_fops;
	return 0;
}
