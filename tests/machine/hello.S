/* Text on debugcon and COM1, then isa-debug-exit with 0x10 (status 33). */
#include "rom.h"
start:
	ROM_INIT
	PUTS(msg)
	EXIT(0x10)
msg:	.asciz "hello from the ROM\n"
	ROM_END
