/*
 * RIFF WAVE files (Microsoft/IBM "Multimedia Programming Interface and Data
 * Specifications 1.0", WAVE form with a PCM "fmt " chunk). The writer puts a
 * header with zero sizes first and fills them in at close, so a run that is
 * killed still leaves the samples on disk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emu/board/wav.h"

struct wav_sink {
	struct audio_sink sink;
	FILE *f;
	u32 rate;
	u64 bytes;		/* sample data written */
	bool failed;
};

static void put_header(FILE *f, u32 rate, u64 bytes)
{
	u8 h[44];
	u32 data = bytes > 0xFFFFFFFFu - 36 ? 0xFFFFFFFFu - 36 : (u32)bytes;
	memcpy(h, "RIFF", 4);
	st32(h + 4, 36 + data);
	memcpy(h + 8, "WAVEfmt ", 8);
	st32(h + 16, 16);
	st16(h + 20, 1);		/* PCM */
	st16(h + 22, 2);		/* stereo */
	st32(h + 24, rate);
	st32(h + 28, rate * 4);
	st16(h + 32, 4);
	st16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	st32(h + 40, data);
	fwrite(h, 1, sizeof(h), f);
}

static void wav_write(struct audio_sink *s, const s16 *frames, u32 n, u32 rate)
{
	struct wav_sink *w = (struct wav_sink *)s;
	if (w->failed)
		return;
	if (!w->rate)
		w->rate = rate;
	if (fwrite(frames, 4, n, w->f) != n)
		w->failed = true;
	w->bytes += (u64)n * 4;
}

static void wav_close(struct audio_sink *s)
{
	struct wav_sink *w = (struct wav_sink *)s;
	if (fseek(w->f, 0, SEEK_SET) == 0)
		put_header(w->f, w->rate ? w->rate : AUDIO_RATE, w->bytes);
	fclose(w->f);
	free(w);
}

struct audio_sink *wav_sink_open(const char *path, char *err, size_t errlen)
{
	struct wav_sink *w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->f = fopen(path, "wb");
	if (!w->f) {
		snprintf(err, errlen, "cannot write audio file '%s': %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	put_header(w->f, AUDIO_RATE, 0);
	w->sink.write = wav_write;
	w->sink.close = wav_close;
	return &w->sink;
}

int wav_read(const char *path, struct wav_pcm *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot open audio file '%s': %s", path, strerror(errno));
		return -1;
	}
	u8 h[12], ck[8], fmt[16];
	u16 channels = 0, bits = 0;
	bool have_fmt = false;
	int rc = -1;
	if (fread(h, 1, 12, f) != 12 || memcmp(h, "RIFF", 4) || memcmp(h + 8, "WAVE", 4)) {
		snprintf(err, errlen, "'%s' is not a WAV file", path);
		goto out;
	}
	while (fread(ck, 1, 8, f) == 8) {
		u32 len = ld32(ck + 4);
		if (!memcmp(ck, "fmt ", 4) && len >= 16) {
			if (fread(fmt, 1, 16, f) != 16)
				break;
			u16 tag = ld16(fmt);
			channels = ld16(fmt + 2);
			out->rate = ld32(fmt + 4);
			bits = ld16(fmt + 14);
			if ((tag != 1 && tag != 0xFFFE) || channels < 1 || channels > 2 ||
			    (bits != 8 && bits != 16) || out->rate < 1000 || out->rate > 192000) {
				snprintf(err, errlen,
					 "'%s': only 8/16-bit PCM, mono or stereo, is supported", path);
				goto out;
			}
			have_fmt = true;
			fseek(f, (long)(len - 16 + (len & 1)), SEEK_CUR);
		} else if (!memcmp(ck, "data", 4) && have_fmt) {
			/* No more than the file holds: a header may claim 4 GiB (or
			 * 0xFFFFFFFF, as writers that stream leave it). */
			long here = ftell(f);
			struct stat st;
			if (here >= 0 && !fstat(fileno(f), &st) && S_ISREG(st.st_mode) &&
			    (u64)len > (u64)(st.st_size > here ? st.st_size - here : 0))
				len = (u32)(st.st_size > here ? st.st_size - here : 0);
			u32 fsz = channels * bits / 8;
			u32 frames = len / fsz;
			if (frames > 64u << 20) {
				snprintf(err, errlen, "'%s' is too long", path);
				goto out;
			}
			u8 *raw = malloc((size_t)frames * fsz + 1);
			out->data = malloc((size_t)frames * 4 + 4);
			if (!raw || !out->data) {
				free(raw);
				snprintf(err, errlen, "out of memory reading '%s'", path);
				goto out;
			}
			frames = (u32)(fread(raw, fsz, frames, f));
			for (u32 i = 0; i < frames; i++) {
				for (u32 c = 0; c < 2; c++) {
					u32 src = c < channels ? c : 0;
					const u8 *p = raw + (size_t)i * fsz + src * (bits / 8);
					s16 v = bits == 8 ? (s16)((p[0] - 128) * 256) : (s16)ld16(p);
					out->data[2 * i + c] = v;
				}
			}
			free(raw);
			out->frames = frames;
			rc = 0;
			goto out;
		} else {
			fseek(f, (long)(len + (len & 1)), SEEK_CUR);
		}
	}
	snprintf(err, errlen, "'%s' has no PCM data", path);
out:
	fclose(f);
	if (rc)
		wav_pcm_free(out);
	return rc;
}

void wav_pcm_free(struct wav_pcm *p)
{
	free(p->data);
	p->data = NULL;
	p->frames = 0;
}
