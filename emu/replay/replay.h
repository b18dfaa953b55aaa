/*
 * Record and replay, so that a run can be repeated exactly and checked.
 * Recording writes every event the input queue delivers, with its icount,
 * and a state digest every N instructions to a log; replay checks that the
 * machine is configured as the log says, feeds the events back at their
 * icounts, ignores live input, and compares every digest, stopping at the
 * first divergence with a report of what differs. The log format is
 * described in docs/ARCHITECTURE.md.
 */
#ifndef LUCID_REPLAY_H
#define LUCID_REPLAY_H

#include "emu/lib/types.h"

struct machine;
struct rr;

/* 2: digests hold the x87 (VM_DIGEST_REGS 26). Version 1 logs still
 * replay; their digests leave the x87 unchecked. */
#define RR_FORMAT_VERSION 2
#define RR_DEFAULT_INTERVAL 10000000ull

/* Start recording m (freshly created, nothing run yet) to path. start_time is
 * the frontend's note of when (text; emu/ never reads the host clock). NULL
 * with a one-line reason in err. The machine's m->rr is set. */
struct rr *rr_record_start(struct machine *m, const char *path, u64 interval,
			   const char *start_time, char *err, size_t errlen);
/* Open a log and prepare m to replay it: header, configuration and image
 * hashes checked, every record validated, events queued. NULL with err. */
struct rr *rr_replay_start(struct machine *m, const char *path, char *err, size_t errlen);

bool rr_is_replay(const struct rr *rr);
/* Replay: the icount the recording ended at (run no further). */
u64 rr_end_icount(const struct rr *rr);
/* Replay: true once a digest mismatched; rr_report says where and what. */
bool rr_diverged(const struct rr *rr);
const char *rr_report(const struct rr *rr);
/* Counts for reports and tests. */
u64 rr_digests(const struct rr *rr);	/* written (record) or verified (replay) */
u64 rr_events(const struct rr *rr);

/*
 * End the session. Record: a last digest and the end record (icount and exit
 * status) are written and the log closed. Replay: the final state is
 * compared with the log's. Returns 0, or -1 with err set (a write error, a
 * divergence). Frees rr and clears m->rr.
 */
int rr_finish(struct rr *rr, int exit_status, char *err, size_t errlen);
/* A replay the debugger leaves before the recording's end: no end check (the
 * run did not get there), only what was checked up to here; frees rr. 0 if
 * nothing diverged, else -1 with the report in err. */
int rr_leave_replay(struct rr *rr, char *err, size_t errlen);

/* Replay progress in snapshots (vmstate.c): which events were queued and
 * delivered. Zeros when not replaying; loading them outside a replay is a no-op. */
void rr_save_progress(const struct rr *rr, u64 out[2]);
void rr_load_progress(struct rr *rr, const u64 in[2]);

/* Around loading a snapshot into the machine (time travel): before, note
 * how far a recording has got (its frontier); after, re-arm the digest timer
 * and find the next digest to check, and for a recording now behind its
 * frontier, feed it the logged events and close live input until it is
 * back there. */
void rr_before_load(struct rr *rr);
void rr_after_load(struct rr *rr);

/*
 * The debugger is about to change guest state (an INPUT_DEBUG_WRITE). During
 * a replay that is refused: -1 with msg. A recording behind its frontier
 * has its future discarded (the log is rewritten up to now), returning 1
 * with msg saying so; -1 with msg if rewriting failed. 0 otherwise.
 */
int rr_before_write(struct rr *rr, char *msg, size_t len);

#endif
