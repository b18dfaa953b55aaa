/* cli; hlt: nothing can ever wake the CPU; the run must end with a report. */
#include "rom.h"
start:
	ROM_INIT
	PUTS(msg)
	cli
	hlt
	EXIT(0x7f)			/* never reached */
msg:	.asciz "halting\n"
	ROM_END
