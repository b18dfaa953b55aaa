/*
 * The rest of /proc/PID's entries (status, stat, maps, ...), whose show
 * functions live in array.c and task_mmu.c; included by base.c into its table.
 */
#define PID_ENTRIES_MORE
