/*
 * wavplay FILE.wav: plays a PCM WAV file (8-bit unsigned or 16-bit signed,
 * mono or stereo, 5000-44100 Hz) on /dev/dsp, the Sound Blaster 16's OSS
 * device, as the old OSS tools did (Linux's OSS API: SNDCTL_DSP_SETFMT,
 * _CHANNELS, _SPEED, then write(), then SNDCTL_DSP_SYNC to let the last
 * fragment drain).
 *
 * wavrec FILE.wav SECONDS [RATE [BITS [CHANNELS]]] (the same program under
 * that name): records from /dev/dsp into a new WAV file; 8000 Hz, 8 bits,
 * mono by default.
 *
 * Both print what they did in one line: the format, the frames and the
 * rate the card agreed to (the driver may round it).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Linux's <linux/soundcard.h> (OSS), i386 numbers. */
#define SNDCTL_DSP_SYNC		0x5001
#define SNDCTL_DSP_SPEED	0xC0045002
#define SNDCTL_DSP_SETFMT	0xC0045005
#define SNDCTL_DSP_CHANNELS	0xC0045006
#define AFMT_U8			0x00000008
#define AFMT_S16_LE		0x00000010

struct wav_fmt {
	unsigned int rate, bits, channels;
};

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(unsigned char *p, unsigned int v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static unsigned int get16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static unsigned int get32(const unsigned char *p)
{
	return get16(p) | get16(p + 2) << 16;
}

/* The card set to f; the rate it agreed to goes back into f. */
static int dsp_open(int mode, struct wav_fmt *f)
{
	int fd = open("/dev/dsp", mode), v;

	if (fd < 0) {
		fprintf(stderr, "wav: /dev/dsp: %s\n", strerror(errno));
		return -1;
	}
	v = f->bits == 16 ? AFMT_S16_LE : AFMT_U8;
	if (ioctl(fd, SNDCTL_DSP_SETFMT, &v) < 0 || v != (f->bits == 16 ? AFMT_S16_LE : AFMT_U8)) {
		fprintf(stderr, "wav: the card refuses %u-bit samples\n", f->bits);
		close(fd);
		return -1;
	}
	v = f->channels;
	if (ioctl(fd, SNDCTL_DSP_CHANNELS, &v) < 0 || (unsigned int)v != f->channels) {
		fprintf(stderr, "wav: the card refuses %u channels\n", f->channels);
		close(fd);
		return -1;
	}
	v = f->rate;
	if (ioctl(fd, SNDCTL_DSP_SPEED, &v) < 0) {
		fprintf(stderr, "wav: SNDCTL_DSP_SPEED: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	f->rate = v;
	return fd;
}

/* Whole writes (the device may take less at a time). */
static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int play(const char *path)
{
	unsigned char hdr[12], ck[8], buf[4096];
	struct wav_fmt f = { 0, 0, 0 };
	unsigned long frames = 0;
	int in = open(path, O_RDONLY), out = -1;

	if (in < 0) {
		fprintf(stderr, "wavplay: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (read(in, hdr, 12) != 12 || memcmp(hdr, "RIFF", 4) || memcmp(hdr + 8, "WAVE", 4)) {
		fprintf(stderr, "wavplay: %s: not a WAV file\n", path);
		return 1;
	}
	/* Chunks up to "data"; "fmt " says the format. */
	for (;;) {
		unsigned int len;

		if (read(in, ck, 8) != 8) {
			fprintf(stderr, "wavplay: %s: no data chunk\n", path);
			return 1;
		}
		len = get32(ck + 4);
		if (!memcmp(ck, "fmt ", 4)) {
			unsigned char fmt[16];

			if (len < 16 || read(in, fmt, 16) != 16 || get16(fmt) != 1) {
				fprintf(stderr, "wavplay: %s: not PCM\n", path);
				return 1;
			}
			f.channels = get16(fmt + 2);
			f.rate = get32(fmt + 4);
			f.bits = get16(fmt + 14);
			lseek(in, len - 16 + (len & 1), SEEK_CUR);
		} else if (!memcmp(ck, "data", 4)) {
			unsigned int left = len;

			if (!f.rate || (f.bits != 8 && f.bits != 16) || f.channels < 1 || f.channels > 2) {
				fprintf(stderr, "wavplay: %s: %u-bit, %u channels: not playable here\n",
					path, f.bits, f.channels);
				return 1;
			}
			out = dsp_open(O_WRONLY, &f);
			if (out < 0)
				return 1;
			while (left) {
				ssize_t n = read(in, buf, left < sizeof(buf) ? left : sizeof(buf));

				if (n <= 0)
					break;
				if (write_all(out, buf, (size_t)n)) {
					fprintf(stderr, "wavplay: /dev/dsp: %s\n", strerror(errno));
					return 1;
				}
				left -= (unsigned int)n;
			}
			frames = (len - left) / (f.bits / 8 * f.channels);
			ioctl(out, SNDCTL_DSP_SYNC, 0);
			close(out);
			break;
		} else {
			lseek(in, len + (len & 1), SEEK_CUR);
		}
	}
	printf("wavplay: %s: %u Hz, %u-bit, %u channel%s, %lu frames\n", path, f.rate, f.bits,
	       f.channels, f.channels > 1 ? "s" : "", frames);
	return 0;
}

static int rec(const char *path, double secs, struct wav_fmt f)
{
	unsigned char hdr[44], buf[4096];
	unsigned long bytes, got = 0;
	int in, out;

	in = dsp_open(O_RDONLY, &f);
	if (in < 0)
		return 1;
	bytes = (unsigned long)(secs * f.rate) * (f.bits / 8) * f.channels;
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		fprintf(stderr, "wavrec: %s: %s\n", path, strerror(errno));
		return 1;
	}
	lseek(out, 44, SEEK_SET);
	while (got < bytes) {
		size_t want = bytes - got < sizeof(buf) ? bytes - got : sizeof(buf);
		ssize_t n = read(in, buf, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write_all(out, buf, (size_t)n)) {
			fprintf(stderr, "wavrec: %s\n", strerror(errno));
			return 1;
		}
		got += (unsigned long)n;
	}
	close(in);
	memcpy(hdr, "RIFF", 4);
	put32(hdr + 4, 36 + got);
	memcpy(hdr + 8, "WAVEfmt ", 8);
	put32(hdr + 16, 16);
	put16(hdr + 20, 1);
	put16(hdr + 22, f.channels);
	put32(hdr + 24, f.rate);
	put32(hdr + 28, f.rate * f.channels * (f.bits / 8));
	put16(hdr + 32, f.channels * (f.bits / 8));
	put16(hdr + 34, f.bits);
	memcpy(hdr + 36, "data", 4);
	put32(hdr + 40, got);
	if (pwrite(out, hdr, 44, 0) != 44 || close(out)) {
		fprintf(stderr, "wavrec: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("wavrec: %s: %u Hz, %u-bit, %u channel%s, %lu frames\n", path, f.rate, f.bits,
	       f.channels, f.channels > 1 ? "s" : "", got / (f.bits / 8 * f.channels));
	return 0;
}

int main(int argc, char **argv)
{
	const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	if (!strcmp(me, "wavrec")) {
		struct wav_fmt f = { 8000, 8, 1 };

		if (argc < 3 || argc > 6) {
			fprintf(stderr, "usage: wavrec FILE.wav SECONDS [RATE [BITS [CHANNELS]]]\n");
			return 2;
		}
		if (argc > 3)
			f.rate = (unsigned int)strtoul(argv[3], NULL, 10);
		if (argc > 4)
			f.bits = (unsigned int)strtoul(argv[4], NULL, 10);
		if (argc > 5)
			f.channels = (unsigned int)strtoul(argv[5], NULL, 10);
		if ((f.bits != 8 && f.bits != 16) || f.channels < 1 || f.channels > 2 || !f.rate) {
			fprintf(stderr, "wavrec: 8 or 16 bits, 1 or 2 channels\n");
			return 2;
		}
		return rec(argv[1], strtod(argv[2], NULL), f);
	}
	if (argc != 2) {
		fprintf(stderr, "usage: wavplay FILE.wav\n");
		return 2;
	}
	return play(argv[1]);
}
