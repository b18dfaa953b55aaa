/*
 * Record and replay (see replay.h). The log is
 *
 *   "LUCIDREC" | u32 format version | u32 meta length | meta text |
 *   u32 config length | config text | u32 CRC-32 of everything after the
 *   magic up to here | one zlib stream of records
 *
 * where meta is "key=value" lines (Lucid version, start time, digest
 * interval) and config is vm_config's text including the image hashes. The
 * records, little-endian: 'E' u64 icount, u32 type, a, b, c (an input event
 * as delivered); 'D' a struct vm_digest; 'Z' u64 icount, s32 exit status
 * (the end; nothing may follow), then after the zlib stream a u32 CRC-32
 * of the compressed bytes (deflate has slack where a flipped bit would go
 * unnoticed by zlib's own Adler-32 of the records). A damaged or cut log is
 * refused before anything runs.
 *
 * Digests are taken by a clock timer every interval instructions, so they
 * fall at the same icounts in the recording and in the replay.
 *
 * Live input reaches the queue while the machine is stopped at some icount
 * X, after the timers due at X have fired (the run that stopped there fired
 * them), and is delivered before anything else runs. A replay matches that
 * by feeding each logged event from a timer at its icount: the event is
 * queued among the timers due at X and delivered right after them. (Events
 * logged at the very start, before any run, are queued up front.)
 *
 * A recording keeps its events and digests in memory as well, so that the
 * debugger can travel back in it (timetravel.c) while it is being made. The
 * furthest icount the recording has reached is its frontier. Behind the
 * frontier the machine re-executes logged history: it is fed the logged
 * events exactly as a replay would, live input is closed, and the digests it
 * passes are checked, not written. Once it is back at the frontier with every
 * logged event fed, live input opens and recording carries on. A debugger
 * write behind the frontier changes the past: the log's future is discarded
 * (the file is rewritten up to now), as gdb's process record does. Ending a
 * session behind the frontier first runs forward to it, so the log always
 * holds everything the recording saw.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/lib/hostfile.h"
#include "emu/lib/log.h"
#include "emu/machine/machine.h"
#include "emu/replay/replay.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"

#define RR_MAGIC "LUCIDREC"
#define RR_EVENT_LEN 25
#define RR_END_LEN 13
/* The largest log read back (a 2 GiB log would be years of input). */
#define RR_LOG_MAX (2u << 30)

struct rr {
	struct machine *m;
	bool replay;
	u32 log_version;	/* of the log being replayed */
	u64 interval;
	struct timer timer;
	u64 ndigests, nevents;

	/* Recording. */
	FILE *f;
	char *path;
	u8 *header;		/* magic to header CRC, for rewriting the log */
	size_t header_len;
	z_stream z;
	bool write_error;
	u32 zcrc;		/* CRC-32 of the compressed bytes written */
	u64 frontier;		/* the furthest icount recorded */
	bool behind;		/* re-executing logged history (time travel) */
	struct timer at_frontier;
	u8 zout[1 << 16];

	/* The log's records: decoded (replay), or as written (recording). */
	struct vm_digest *digests;
	u64 digest_count, digest_cap, next_digest;
	struct input_event *events;
	u64 event_count, event_cap, next_event;	/* next_event: the next to be delivered */
	u64 next_feed;			/* the next to be queued */
	struct timer feed;
	u64 end_icount;
	s32 end_status;
	bool diverged;
	struct vm_digest last_ok;
	bool have_last_ok;
	char report[2048];
};

/* ---------------------------------------------------------------- writing */

static void rr_write(struct rr *rr, const void *p, size_t n, int flush)
{
	rr->z.next_in = (Bytef *)p;
	rr->z.avail_in = n;
	do {
		rr->z.next_out = rr->zout;
		rr->z.avail_out = sizeof(rr->zout);
		deflate(&rr->z, flush);
		size_t have = sizeof(rr->zout) - rr->z.avail_out;
		if (have && fwrite(rr->zout, 1, have, rr->f) != have)
			rr->write_error = true;
		rr->zcrc = crc32(rr->zcrc, rr->zout, have);
	} while (rr->z.avail_out == 0);
}

static void put_event(u8 *b, const struct input_event *ev)
{
	b[0] = 'E';
	st32(b + 1, (u32)ev->icount);
	st32(b + 5, (u32)(ev->icount >> 32));
	st32(b + 9, ev->type);
	st32(b + 13, ev->a);
	st32(b + 17, ev->b);
	st32(b + 21, ev->c);
}

static void write_event(struct rr *rr, const struct input_event *ev)
{
	u8 b[RR_EVENT_LEN];
	put_event(b, ev);
	rr_write(rr, b, sizeof(b), Z_NO_FLUSH);
}

static void write_digest(struct rr *rr, const struct vm_digest *d)
{
	u8 tag = 'D';
	rr_write(rr, &tag, 1, Z_NO_FLUSH);
	rr_write(rr, d, sizeof(*d), Z_NO_FLUSH);
}

/* Grow an array of n elements to hold one more; false when out of memory. */
static bool grow(void **arr, u64 *cap, u64 n, size_t size, u64 first)
{
	if (n < *cap)
		return true;
	u64 nc = *cap ? *cap * 2 : first;
	void *nb = realloc(*arr, nc * size);
	if (!nb)
		return false;
	*arr = nb;
	*cap = nc;
	return true;
}

static void replay_observer(void *opaque, const struct input_event *ev);

static void record_observer(void *opaque, const struct input_event *ev)
{
	struct rr *rr = opaque;
	if (rr->next_event < rr->event_count) {
		/* Behind the frontier: this is logged history coming round again. */
		replay_observer(rr, ev);
		return;
	}
	write_event(rr, ev);
	/* Kept for travelling back; without memory the log is still whole. */
	if (grow((void **)&rr->events, &rr->event_cap, rr->event_count, sizeof(*ev), 256)) {
		rr->events[rr->event_count++] = *ev;
		rr->next_event = rr->next_feed = rr->event_count;
	}
	rr->nevents++;
}

static void record_digest(struct rr *rr)
{
	struct vm_digest d;
	vm_digest(rr->m, &d);
	write_digest(rr, &d);
	/* Kept only while time travel can come back to check them (~1 KB each):
	 * none can be needed from before the first checkpoint. */
	if (tt_enabled(rr->m) &&
	    grow((void **)&rr->digests, &rr->digest_cap, rr->digest_count, sizeof(d), 64)) {
		rr->digests[rr->digest_count++] = d;
		rr->next_digest = rr->digest_count;
	}
	rr->ndigests++;
}

/* ------------------------------------------------------------- checking */

static void replay_fail(struct rr *rr, const char *fmt, const char *detail)
{
	if (rr->diverged)
		return;
	rr->diverged = true;
	int n = snprintf(rr->report, sizeof(rr->report), fmt, detail);
	if (!rr->replay)
		log_warn("%s", rr->report);
	if (n > 0 && (size_t)n < sizeof(rr->report)) {
		if (rr->have_last_ok)
			snprintf(rr->report + n, sizeof(rr->report) - n,
				 "; last matching digest %016llx at icount %llu",
				 (unsigned long long)vm_digest_sum(&rr->last_ok),
				 (unsigned long long)rr->last_ok.icount);
		else
			snprintf(rr->report + n, sizeof(rr->report) - n,
				 "; no digest had matched yet");
	}
	machine_request_stop(rr->m);
}

/* What a divergence is called: a replay's, or a recording's re-execution. */
static const char *what_diverged(const struct rr *rr)
{
	return rr->replay ? "replay diverged" : "re-executing the recording diverged";
}

static void replay_check(struct rr *rr, const struct vm_digest *want)
{
	struct vm_digest d;
	char diff[1400], msg[1600];
	vm_digest(rr->m, &d);
	if (rr->replay && rr->log_version == 1)
		d.regs[VM_DIGEST_FPU] = want->regs[VM_DIGEST_FPU];	/* not in version 1 */
	if (vm_digest_diff(rr->m, want, &d, diff, sizeof(diff))) {
		snprintf(msg, sizeof(msg), "%s at icount %llu: %s (log vs now)", what_diverged(rr),
			 (unsigned long long)d.icount, diff);
		replay_fail(rr, "%s", msg);
		return;
	}
	rr->last_ok = d;
	rr->have_last_ok = true;
	if (rr->replay)
		rr->ndigests++;
}

static void replay_observer(void *opaque, const struct input_event *ev)
{
	struct rr *rr = opaque;
	char msg[200];
	if (rr->next_event >= rr->event_count) {
		snprintf(msg, sizeof(msg), "an input event (type %u) not in the log was delivered "
			 "at icount %llu", ev->type, (unsigned long long)ev->icount);
		replay_fail(rr, rr->replay ? "replay diverged: %s" :
			    "re-executing the recording diverged: %s", msg);
		return;
	}
	const struct input_event *w = &rr->events[rr->next_event++];
	if (w->icount != ev->icount || w->type != ev->type || w->a != ev->a || w->b != ev->b ||
	    w->c != ev->c) {
		snprintf(msg, sizeof(msg), "input event %llu delivered at icount %llu, logged at %llu",
			 (unsigned long long)rr->next_event - 1, (unsigned long long)ev->icount,
			 (unsigned long long)w->icount);
		replay_fail(rr, rr->replay ? "replay diverged: %s" :
			    "re-executing the recording diverged: %s", msg);
		return;
	}
	if (rr->replay)
		rr->nevents++;
}

static void arm_feed(struct rr *rr)
{
	if (rr->next_feed < rr->event_count)
		timer_mod(&rr->m->clock, &rr->feed, rr->events[rr->next_feed].icount);
	else
		timer_del(&rr->m->clock, &rr->feed);
}

/* Queue a logged event; one logged at icount 0 must not pass for live input. */
static int feed_push(struct rr *rr, const struct input_event *ev)
{
	struct input_queue *q = &rr->m->input;
	bool closed = q->live_closed;
	q->live_closed = false;
	int r = input_push(q, ev);
	q->live_closed = closed;
	return r;
}

/* A recording back at its frontier with all its history fed goes live. */
static void maybe_live(struct rr *rr)
{
	struct machine *m = rr->m;
	if (rr->replay || !rr->behind || m->clock.icount < rr->frontier ||
	    rr->next_feed < rr->event_count)
		return;
	rr->behind = false;
	m->input.live_closed = false;
	timer_del(&m->clock, &rr->at_frontier);
}

static void feed_tick(void *opaque)
{
	struct rr *rr = opaque;
	struct machine *m = rr->m;
	while (rr->next_feed < rr->event_count &&
	       rr->events[rr->next_feed].icount <= m->clock.icount) {
		if (feed_push(rr, &rr->events[rr->next_feed]))
			break;
		rr->next_feed++;
	}
	arm_feed(rr);
	maybe_live(rr);
}

static void frontier_tick(void *opaque)
{
	maybe_live(opaque);
}

void rr_save_progress(const struct rr *rr, u64 out[2])
{
	out[0] = rr ? rr->next_feed : 0;
	out[1] = rr ? rr->next_event : 0;
}

void rr_load_progress(struct rr *rr, const u64 in[2])
{
	if (!rr)
		return;
	rr->next_feed = in[0] <= rr->event_count ? in[0] : rr->event_count;
	rr->next_event = in[1] <= rr->next_feed ? in[1] : rr->next_feed;
}

static void digest_tick(void *opaque)
{
	struct rr *rr = opaque;
	struct machine *m = rr->m;
	if (rr->next_digest < rr->digest_count) {
		/* Replaying, or re-executing a recording behind its frontier. */
		const struct vm_digest *want = &rr->digests[rr->next_digest];
		if (want->icount == m->clock.icount) {
			rr->next_digest++;
			replay_check(rr, want);
		}
	} else if (!rr->replay) {
		record_digest(rr);
	}
	timer_mod(&m->clock, &rr->timer, (m->clock.icount / rr->interval + 1) * rr->interval);
}

static void arm(struct rr *rr)
{
	struct machine *m = rr->m;
	timer_init(&rr->timer, "rr-digest", digest_tick, rr);
	timer_mod(&m->clock, &rr->timer, (m->clock.icount / rr->interval + 1) * rr->interval);
}

void rr_before_load(struct rr *rr)
{
	if (!rr->replay && rr->m->clock.icount > rr->frontier)
		rr->frontier = rr->m->clock.icount;
}

void rr_after_load(struct rr *rr)
{
	struct machine *m = rr->m;
	timer_del(&m->clock, &rr->timer);
	timer_mod(&m->clock, &rr->timer, (m->clock.icount / rr->interval + 1) * rr->interval);
	rr->next_digest = 0;
	while (rr->next_digest < rr->digest_count &&
	       rr->digests[rr->next_digest].icount <= m->clock.icount)
		rr->next_digest++;
	/* The snapshot carried the queue and the feed's progress (vm_load). */
	timer_del(&m->clock, &rr->feed);
	arm_feed(rr);
	rr->diverged = false;
	rr->report[0] = 0;
	if (rr->replay)
		return;
	/* A recording travelled back: history until the frontier is the log's. */
	rr->behind = true;
	m->input.live_closed = true;
	timer_mod(&m->clock, &rr->at_frontier, rr->frontier);
	maybe_live(rr);
}

/*
 * The past of a recording is changing (a debugger write behind the
 * frontier): keep the events already fed and the digests up to now, and
 * write the log again from its header with just those. 0, or -1 with err.
 */
static int truncate_future(struct rr *rr, char *err, size_t errlen)
{
	struct machine *m = rr->m;
	u64 now = m->clock.icount, old = rr->frontier;
	rr->event_count = rr->next_feed;
	while (rr->digest_count && rr->digests[rr->digest_count - 1].icount > now)
		rr->digest_count--;
	rr->next_digest = rr->digest_count;
	rr->frontier = now;
	rr->behind = false;
	m->input.live_closed = false;
	timer_del(&m->clock, &rr->feed);
	timer_del(&m->clock, &rr->at_frontier);

	FILE *f = freopen(rr->path, "wb", rr->f);
	rr->f = f;
	if (!f || fwrite(RR_MAGIC, 1, 8, f) != 8 ||
	    fwrite(rr->header, 1, rr->header_len, f) != rr->header_len) {
		rr->write_error = true;
		snprintf(err, errlen, "rewriting '%s' failed: %s", rr->path, strerror(errno));
		return -1;
	}
	deflateReset(&rr->z);
	rr->zcrc = 0;
	/* In icount order, as they were first written. */
	u64 e = 0, d = 0;
	while (e < rr->event_count || d < rr->digest_count) {
		if (d < rr->digest_count &&
		    (e == rr->event_count || rr->digests[d].icount <= rr->events[e].icount))
			write_digest(rr, &rr->digests[d++]);
		else
			write_event(rr, &rr->events[e++]);
	}
	rr->nevents = rr->event_count;
	rr->ndigests = rr->digest_count;
	snprintf(err, errlen, "the recording's history from icount %llu to %llu is discarded",
		 (unsigned long long)now, (unsigned long long)old);
	return rr->write_error ? -1 : 0;
}

int rr_before_write(struct rr *rr, char *msg, size_t len)
{
	if (rr->replay) {
		snprintf(msg, len, "the machine cannot be changed during a replay "
			 "(it would no longer be the recorded run)");
		return -1;
	}
	if (!rr->behind)
		return 0;
	return truncate_future(rr, msg, len) ? -1 : 1;
}

/* ---------------------------------------------------------------- start */

struct rr *rr_record_start(struct machine *m, const char *path, u64 interval,
			   const char *start_time, char *err, size_t errlen)
{
	char cfg[2048], meta[512];
	if (!interval)
		interval = RR_DEFAULT_INTERVAL;
	if (!vm_config(m, true, cfg, sizeof(cfg))) {
		snprintf(err, errlen, "the machine configuration is too long to record");
		return NULL;
	}
	snprintf(meta, sizeof(meta), "lucid=%s\nstart_time=%s\ninterval=%llu\nstart_icount=%llu\n",
		 LUCID_VERSION, start_time ? start_time : "unknown",
		 (unsigned long long)interval, (unsigned long long)m->clock.icount);
	struct rr *rr = calloc(1, sizeof(*rr));
	if (!rr) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	rr->m = m;
	rr->interval = interval;
	if (deflateInit(&rr->z, 6) != Z_OK || !(rr->f = fopen(path, "wb"))) {
		snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
		deflateEnd(&rr->z);
		free(rr);
		return NULL;
	}
	/* The header is plain (a person can read it with head -c). */
	size_t ml = strlen(meta), cl = strlen(cfg);
	size_t hl = 4 + 4 + ml + 4 + cl;
	u8 *h = malloc(hl + 4);
	if (!h) {
		fclose(rr->f);
		deflateEnd(&rr->z);
		free(rr);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	st32(h, RR_FORMAT_VERSION);
	st32(h + 4, ml);
	memcpy(h + 8, meta, ml);
	st32(h + 8 + ml, cl);
	memcpy(h + 12 + ml, cfg, cl);
	st32(h + hl, (u32)crc32(0, h, hl));
	rr->header = h;
	rr->header_len = hl + 4;
	rr->path = strdup(path);
	bool ok = rr->path && fwrite(RR_MAGIC, 1, 8, rr->f) == 8 &&
		  fwrite(h, 1, hl + 4, rr->f) == hl + 4;
	if (!ok) {
		snprintf(err, errlen, "writing '%s' failed: %s", path, strerror(errno));
		fclose(rr->f);
		deflateEnd(&rr->z);
		free(rr->path);
		free(h);
		free(rr);
		return NULL;
	}
	rr->frontier = m->clock.icount;
	timer_init(&rr->at_frontier, "rr-frontier", frontier_tick, rr);
	timer_init(&rr->feed, "rr-feed", feed_tick, rr);
	m->input.observer = record_observer;
	m->input.observer_opaque = rr;
	m->rr = rr;
	arm(rr);
	return rr;
}

static const char *meta_get(const char *text, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (!strncmp(l, key, kl) && l[kl] == '=') {
			const char *v = l + kl + 1, *e = strchr(v, '\n');
			size_t n = e ? (size_t)(e - v) : strlen(v);
			if (n >= len)
				n = len - 1;
			memcpy(out, v, n);
			out[n] = 0;
			return out;
		}
	}
	return NULL;
}

/* Inflate the record stream; NULL with err set. */
static u8 *inflate_all(const u8 *p, size_t n, size_t *outlen, size_t *used, char *err,
			 size_t errlen)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		snprintf(err, errlen, "zlib failed to start");
		return NULL;
	}
	/* Deflate expands at most about 1032:1, so a stream claiming more is
	 * damaged or hostile: refused before the memory is asked for. */
	size_t cap = 1 << 16, len = 0, most = n * 1032 + (1 << 16);
	u8 *out = malloc(cap);
	z.next_in = (Bytef *)p;
	z.avail_in = n;
	int ret = Z_OK;
	while (out) {
		if (len == cap) {
			u8 *nb = cap < (1ull << 30) && cap < most ? realloc(out, cap * 2) : NULL;
			if (!nb) {
				free(out);
				out = NULL;
				snprintf(err, errlen, "the log's records are too large");
				break;
			}
			out = nb;
			cap *= 2;
		}
		z.next_out = out + len;
		z.avail_out = cap - len;
		ret = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (ret == Z_STREAM_END)
			break;
		if (ret == Z_BUF_ERROR && z.avail_in == 0) {
			snprintf(err, errlen, "the log is truncated (the record stream ends early)");
			goto fail;
		}
		if (ret != Z_OK && ret != Z_BUF_ERROR) {
			snprintf(err, errlen, "the log is damaged (record stream: %s)",
				 z.msg ? z.msg : "corrupt data");
			goto fail;
		}
	}
	if (!out)
		goto fail;
	*used = n - z.avail_in;
	inflateEnd(&z);
	*outlen = len;
	return out;
fail:
	inflateEnd(&z);
	free(out);
	return NULL;
}

/* A digest record of format version 1 (before the x87): 25 registers. */
struct vm_digest_v1 {
	u64 icount;
	u32 regs[25];
	u32 nregions, region_size;
	u64 region[VM_DIGEST_REGIONS];
	u32 ndevices;
	u64 device[VM_DIGEST_DEVICES];
};

static void digest_from_v1(struct vm_digest *d, const u8 *r)
{
	struct vm_digest_v1 o;
	memcpy(&o, r, sizeof(o));
	memset(d, 0, sizeof(*d));
	d->icount = o.icount;
	memcpy(d->regs, o.regs, sizeof(o.regs));
	d->nregions = o.nregions;
	d->region_size = o.region_size;
	memcpy(d->region, o.region, sizeof(o.region));
	d->ndevices = o.ndevices;
	memcpy(d->device, o.device, sizeof(o.device));
}

/* Split the records into events and digests; -1 with err on anything odd. */
static int parse_records(struct rr *rr, const u8 *b, size_t n, char *err, size_t errlen)
{
	size_t cap_e = 0, cap_d = 0;
	u64 last = 0;
	bool ended = false;
	for (size_t pos = 0; pos < n;) {
		if (ended) {
			snprintf(err, errlen, "the log is damaged: records after the end record");
			return -1;
		}
		u8 tag = b[pos];
		size_t dlen = rr->log_version == 1 ? sizeof(struct vm_digest_v1) :
			      sizeof(struct vm_digest);
		size_t need = tag == 'E' ? RR_EVENT_LEN : tag == 'D' ? 1 + dlen :
			      tag == 'Z' ? RR_END_LEN : 0;
		if (!need) {
			snprintf(err, errlen, "the log is damaged: unknown record 0x%02x at byte %zu",
				 tag, pos);
			return -1;
		}
		if (n - pos < need) {
			snprintf(err, errlen, "the log is truncated (a partial record at byte %zu)", pos);
			return -1;
		}
		const u8 *r = b + pos + 1;
		u64 ic;
		if (tag == 'E') {
			if (rr->event_count == cap_e) {
				cap_e = cap_e ? cap_e * 2 : 256;
				void *nb = realloc(rr->events, cap_e * sizeof(*rr->events));
				if (!nb)
					goto oom;
				rr->events = nb;
			}
			struct input_event *ev = &rr->events[rr->event_count++];
			ev->icount = ic = ld32(r) | (u64)ld32(r + 4) << 32;
			ev->type = ld32(r + 8);
			ev->a = ld32(r + 12);
			ev->b = ld32(r + 16);
			ev->c = ld32(r + 20);
			if (ev->type >= INPUT_NTYPES) {
				snprintf(err, errlen, "the log is damaged: event of unknown type %u",
					 ev->type);
				return -1;
			}
		} else if (tag == 'D') {
			if (rr->digest_count == cap_d) {
				cap_d = cap_d ? cap_d * 2 : 64;
				void *nb = realloc(rr->digests, cap_d * sizeof(*rr->digests));
				if (!nb)
					goto oom;
				rr->digests = nb;
			}
			struct vm_digest *d = &rr->digests[rr->digest_count++];
			if (rr->log_version == 1)
				digest_from_v1(d, r);
			else
				memcpy(d, r, sizeof(*d));
			ic = d->icount;
			if (d->nregions > VM_DIGEST_REGIONS || d->ndevices > VM_DIGEST_DEVICES) {
				snprintf(err, errlen, "the log is damaged: a digest record is malformed");
				return -1;
			}
		} else {
			rr->end_icount = ic = ld32(r) | (u64)ld32(r + 4) << 32;
			rr->end_status = (s32)ld32(r + 8);
			ended = true;
		}
		if (ic < last) {
			snprintf(err, errlen, "the log is damaged: icounts go backwards at byte %zu", pos);
			return -1;
		}
		last = ic;
		pos += need;
	}
	if (!ended) {
		snprintf(err, errlen, "the log is truncated (no end record: was the recording "
			 "killed?)");
		return -1;
	}
	return 0;
oom:
	snprintf(err, errlen, "out of memory reading the log");
	return -1;
}

static void rr_free(struct rr *rr)
{
	free(rr->path);
	free(rr->header);
	free(rr->events);
	free(rr->digests);
	free(rr);
}

struct rr *rr_replay_start(struct machine *m, const char *path, char *err, size_t errlen)
{
	size_t len;
	u8 *f = host_read_file(path, NULL, RR_LOG_MAX, &len, err, errlen);
	if (!f)
		return NULL;
	struct rr *rr = calloc(1, sizeof(*rr));
	u8 *body = NULL;
	char e[600], cfg[2048], meta[512], have[2048], val[64];
	if (!rr) {
		snprintf(e, sizeof(e), "out of memory");
		goto fail;
	}
	rr->m = m;
	rr->replay = true;
	if (len < 8 || memcmp(f, RR_MAGIC, 8)) {
		snprintf(e, sizeof(e), "not a Lucid record log");
		goto fail;
	}
	if (len < 12 + 4 + 4 + 4) {
		snprintf(e, sizeof(e), "the log is truncated (in its header)");
		goto fail;
	}
	u32 ver = ld32(f + 8);
	u32 ml = ld32(f + 12);
	if (ml >= sizeof(meta) || len < 16 + (size_t)ml + 4) {
		snprintf(e, sizeof(e), "the log's header is damaged or truncated");
		goto fail;
	}
	u32 cl = ld32(f + 16 + ml);
	size_t hl = 4 + 4 + (size_t)ml + 4 + cl;
	if (cl >= sizeof(cfg) || len < 8 + hl + 4) {
		snprintf(e, sizeof(e), "the log's header is damaged or truncated");
		goto fail;
	}
	if ((u32)crc32(0, f + 8, hl) != ld32(f + 8 + hl)) {
		snprintf(e, sizeof(e), "the log's header is damaged (checksum mismatch)");
		goto fail;
	}
	if (ver != RR_FORMAT_VERSION && ver != 1) {
		snprintf(e, sizeof(e), "the log is format version %u; this Lucid replays versions "
			 "1 to %u", ver, RR_FORMAT_VERSION);
		goto fail;
	}
	rr->log_version = ver;
	memcpy(meta, f + 16, ml);
	meta[ml] = 0;
	memcpy(cfg, f + 20 + ml, cl);
	cfg[cl] = 0;
	if (!meta_get(meta, "interval", val, sizeof(val)) ||
	    !(rr->interval = strtoull(val, NULL, 10))) {
		snprintf(e, sizeof(e), "the log's header has no digest interval");
		goto fail;
	}
	if (!meta_get(meta, "start_icount", val, sizeof(val)) ||
	    strtoull(val, NULL, 10) != m->clock.icount) {
		snprintf(e, sizeof(e), "the log starts at icount %s, the machine is at %llu",
			 val, (unsigned long long)m->clock.icount);
		goto fail;
	}
	vm_config_adopt(m, cfg);
	if (!vm_config(m, true, have, sizeof(have))) {
		snprintf(e, sizeof(e), "the machine configuration is too long");
		goto fail;
	}
	char cerr[400];
	if (vm_config_compare(cfg, have, "the log", cerr, sizeof(cerr))) {
		snprintf(e, sizeof(e), "wrong configuration for this log: %s", cerr);
		goto fail;
	}
	size_t blen, used, zstart = 8 + hl + 4;
	if (len < zstart + 4 ||
	    (u32)crc32(0, f + zstart, len - zstart - 4) != ld32(f + len - 4)) {
		/* Say "truncated" when the stream itself ends early. */
		body = inflate_all(f + zstart, len - zstart, &blen, &used, e, sizeof(e));
		if (body)
			snprintf(e, sizeof(e), "the log is damaged (checksum of the records)");
		goto fail;
	}
	body = inflate_all(f + zstart, len - zstart - 4, &blen, &used, e, sizeof(e));
	if (!body)
		goto fail;
	if (used != len - zstart - 4) {
		snprintf(e, sizeof(e), "the log has %zu bytes of trailing garbage",
			 len - zstart - 4 - used);
		goto fail;
	}
	if (parse_records(rr, body, blen, e, sizeof(e)))
		goto fail;
	/* Events of the very start go in now; the rest from the feed timer. */
	while (rr->next_feed < rr->event_count &&
	       rr->events[rr->next_feed].icount <= m->clock.icount) {
		if (feed_push(rr, &rr->events[rr->next_feed])) {
			snprintf(e, sizeof(e), "out of memory queueing the log's events");
			goto fail;
		}
		rr->next_feed++;
	}
	timer_init(&rr->feed, "rr-feed", feed_tick, rr);
	arm_feed(rr);
	free(body);
	free(f);
	m->input.observer = replay_observer;
	m->input.observer_opaque = rr;
	m->input.live_closed = true;
	m->rr = rr;
	arm(rr);
	return rr;
fail:
	snprintf(err, errlen, "-replay '%s': %s", path, e);
	free(body);
	free(f);
	if (rr)
		rr_free(rr);
	return NULL;
}

/* ---------------------------------------------------------------- queries */

bool rr_is_replay(const struct rr *rr) { return rr->replay; }
u64 rr_end_icount(const struct rr *rr) { return rr->replay ? rr->end_icount : CLOCK_NEVER; }
bool rr_diverged(const struct rr *rr) { return rr->diverged; }
const char *rr_report(const struct rr *rr) { return rr->report; }
u64 rr_digests(const struct rr *rr) { return rr->ndigests; }
u64 rr_events(const struct rr *rr) { return rr->nevents; }

/* Detach from the machine: no more timers, feeding or observing. */
static void rr_detach(struct rr *rr)
{
	struct machine *m = rr->m;
	timer_del(&m->clock, &rr->timer);
	timer_del(&m->clock, &rr->feed);
	timer_del(&m->clock, &rr->at_frontier);
	m->input.observer = NULL;
	m->input.observer_opaque = NULL;
	m->input.live_closed = false;
	m->rr = NULL;
}

int rr_leave_replay(struct rr *rr, char *err, size_t errlen)
{
	int ret = 0;
	if (rr->diverged) {
		snprintf(err, errlen, "%s", rr->report);
		ret = -1;
	}
	rr_detach(rr);
	rr_free(rr);
	return ret;
}

int rr_finish(struct rr *rr, int exit_status, char *err, size_t errlen)
{
	struct machine *m = rr->m;
	int ret = 0;
	if (!rr->replay && rr->behind && !rr->diverged) {
		/* Ended in the past: run on to the frontier, so nothing recorded is lost. */
		char e[300];
		if (tt_seek(m, rr->frontier, e, sizeof(e)))
			log_warn("recording: %s", e);
		input_deliver(&m->input, m->clock.icount);
	}
	rr_detach(rr);
	if (!rr->replay) {
		record_digest(rr);
		u8 z[RR_END_LEN];
		z[0] = 'Z';
		st32(z + 1, (u32)m->clock.icount);
		st32(z + 5, (u32)(m->clock.icount >> 32));
		st32(z + 9, (u32)exit_status);
		rr_write(rr, z, sizeof(z), Z_FINISH);
		deflateEnd(&rr->z);
		u8 crc[4];
		st32(crc, rr->zcrc);
		if (fwrite(crc, 1, 4, rr->f) != 4)
			rr->write_error = true;
		if (fclose(rr->f) || rr->write_error) {
			snprintf(err, errlen, "writing the record log failed");
			ret = -1;
		} else if (rr->diverged) {
			snprintf(err, errlen, "%s", rr->report);
			ret = -1;
		}
		rr_free(rr);
		return ret;
	}
	if (!rr->diverged) {
		/* The final digest is the last one in the log, taken at the end icount. */
		const struct vm_digest *want = rr->digest_count ?
			&rr->digests[rr->digest_count - 1] : NULL;
		char msg[300];
		if (m->clock.icount != rr->end_icount) {
			snprintf(msg, sizeof(msg), "the replay ended at icount %llu, the recording at %llu",
				 (unsigned long long)m->clock.icount,
				 (unsigned long long)rr->end_icount);
			replay_fail(rr, "replay diverged: %s", msg);
		} else if (exit_status != rr->end_status) {
			snprintf(msg, sizeof(msg), "exit status %d, the recording's was %d", exit_status,
				 rr->end_status);
			replay_fail(rr, "replay diverged: %s", msg);
		} else if (want && want->icount == m->clock.icount) {
			replay_check(rr, want);
		}
	}
	if (rr->diverged) {
		snprintf(err, errlen, "%s", rr->report);
		ret = -1;
	}
	rr_free(rr);
	return ret;
}
