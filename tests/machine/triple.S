/* An interrupt with an empty IDT in real mode: #GP, #DF, triple fault. */
#include "rom.h"
start:
	ROM_INIT
	lidt idt0
	int $3
	EXIT(0x7e)			/* never reached */
idt0:	.word 0
	.long 0
	ROM_END
