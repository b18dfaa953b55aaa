/*
 * Time travel: periodic in-memory snapshots (checkpoints) of the machine,
 * so that the debugger can go back to any icount since they began: load the
 * latest checkpoint at or before it and run forward, which determinism makes
 * exact. Memory is bounded: past the budget every other checkpoint is
 * dropped and the interval doubles, so history stays reachable, only slower.
 */
#ifndef LUCID_TIMETRAVEL_H
#define LUCID_TIMETRAVEL_H

#include "emu/lib/types.h"

struct machine;

#define TT_DEFAULT_INTERVAL 10000000ull
#define TT_DEFAULT_BUDGET (256ull << 20)

/* Start keeping checkpoints (one is taken now). 0, or -1 with err. */
int tt_enable(struct machine *m, u64 interval, u64 budget, char *err, size_t errlen);
void tt_disable(struct machine *m);
bool tt_enabled(const struct machine *m);
/* The earliest icount history reaches, and the checkpoint at or before ic. */
u64 tt_history_start(const struct machine *m);
u64 tt_checkpoint_before(const struct machine *m, u64 ic);
/* Counts for "info timetravel": checkpoints kept, their bytes, the interval. */
void tt_stats(const struct machine *m, u64 *count, u64 *bytes, u64 *interval);

/*
 * Put the machine at exactly icount ic: back through a checkpoint, or
 * forward by running. Breakpoints do not stop the run. 0, or -1 with err
 * (before the history, the guest stopped first). While recording, going back
 * re-executes the log's history (see replay.c).
 */
int tt_seek(struct machine *m, u64 ic, char *err, size_t errlen);
/* The machine's state was replaced (loadvm): history no longer applies. */
void tt_reset_history(struct machine *m);

#endif
