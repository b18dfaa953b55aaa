# gdb command `lucid-modsyms` for a session through Lucid's gdb stub: asks the
# debugger for every loaded module (`monitor modsyms`) and runs the
# add-symbol-file line it prints for each, so gdb sees module code, variables
# and lines at their load addresses (as Linux's lx-symbols does with a real
# kernel). Run it again after a module is loaded or moved.
#   (gdb) source scripts/lucid-modsyms.py
#   (gdb) lucid-modsyms
import gdb


class LucidModsyms(gdb.Command):
    """Load the symbols and DWARF of every module loaded in the Lucid guest."""

    def __init__(self):
        super().__init__("lucid-modsyms", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        out = gdb.execute("monitor modsyms" + (" " + arg if arg else ""), to_string=True)
        n = 0
        for line in out.splitlines():
            if line.startswith("add-symbol-file "):
                gdb.execute(line, from_tty=False, to_string=True)
                n += 1
        print("lucid-modsyms: %d module%s" % (n, "" if n == 1 else "s"))


LucidModsyms()
