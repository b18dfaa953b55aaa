/* The plot command (plot.c): the panels' pictures as SVG or PNG files. */
#ifndef LUCID_DBG_PLOT_H
#define LUCID_DBG_PLOT_H

#include "debugger/core/dbg_int.h"

extern const struct dbg_command plot_commands[];

#endif
