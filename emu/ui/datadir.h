/*
 * Where lucid finds the files it loads when the command line names none: the
 * BIOS ROM, the BIOS's symbols and the guest kernel's symbols. They are looked
 * up next to the executable, so build/lucid and an installed lucid run from
 * any directory:
 *
 *   build tree   DIR/lucid          DIR/bios/bios.bin, DIR/guest/lucix.elf, ...
 *   installed    PREFIX/bin/lucid   PREFIX/share/lucid/bios/bios.bin, ...
 *
 * When neither place holds bios/bios.bin, ./build is used (a lucid binary
 * copied elsewhere, run from the repository root).
 */
#ifndef LUCID_DATADIR_H
#define LUCID_DATADIR_H

/* The file that marks a data directory, relative to it. */
#define DATADIR_MARK "bios/bios.bin"

/* The data directory, found on first use from /proc/self/exe (argv0 where
 * /proc is missing). */
const char *datadir(const char *argv0);

/* DATADIR/rel as a malloc'd string (the caller frees it), or NULL without memory. */
char *datadir_file(const char *argv0, const char *rel);

#endif
