/*
 * Resets through port 0x92, counting them in CMOS byte 0x50 (the CMOS keeps
 * its contents over a reset, RAM is not cleared either but CMOS is the
 * battery-backed place). On the fourth start, exit with the count 3
 * (status 7). With -no-reboot the first reset ends the run instead.
 */
#include "rom.h"
start:
	ROM_INIT
	mov $0x50, %al
	out %al, $0x70
	in $0x71, %al
	cmp $3, %al
	je done
	inc %al
	out %al, $0x71
	mov $0x01, %al			/* fast reset */
	out %al, $0x92
1:	jmp 1b
done:
	EXIT(3)
	ROM_END
