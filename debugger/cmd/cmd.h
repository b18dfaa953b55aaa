/*
 * The command line's own parts, shared by the files of debugger/cmd/: the
 * command tables each file keeps (data.c, run.c, travel.c, and cmd.c's
 * own), the execution helpers of run.c, and the small parsers.
 */
#ifndef LUCID_DBG_CMD_H
#define LUCID_DBG_CMD_H

#include "debugger/core/dbg_int.h"

extern const struct dbg_command cmd_data_commands[];
extern const struct dbg_command cmd_run_commands[];
extern const struct dbg_command cmd_travel_commands[];

/* The first non-blank character of s. */
const char *cmd_skip_ws(const char *s);
/* Whether word is one of the space-separated aliases (which may be NULL). */
bool cmd_alias_match(const char *aliases, const char *word);

/* info WHAT [ARGS] (info.c); a device's own view, 0 or -1 when no device
 * of the target has that name. */
int cmd_info(struct dbg *d, const char *args);
int cmd_info_device(struct dbg *d, const char *what);

/* The x87 (float.c): "info float" like gdb's, and "p $st0".."p $st7"
 * (true when expr was one of those and has been printed). */
int cmd_info_float(struct dbg *d, const char *args);
bool dbg_print_st(struct dbg *d, const char *expr, bool bare);

/* Execution (run.c): one instruction, or run until icount reaches limit;
 * both select frame 0 again and clear the last stop's message. */
enum dbg_stop_reason cmd_do_step(struct dbg *d);
enum dbg_stop_reason cmd_do_run(struct dbg *d, u64 limit);
/* The target can execute (or say why not and return false). */
bool cmd_can_run(struct dbg *d);

#endif
