/* INT 1Ah: the RTC date and time (BCD) must match the emulator's -rtc
 * start time; prints date and hours:minutes (seconds may tick). */
#include "lib.S"
	.text
	.globl main
main:
	mov $0x04, %ah
	int $0x1A
	jc 9f
	mov %cx, date_cx
	mov %dx, date_dx
	mov $0x02, %ah
	int $0x1A
	jc 9f
	mov %cx, time_cx
	mov $msg_date, %si
	call puts
	mov $4, %cl
	movzwl date_cx, %eax	/* century and year, BCD */
	call puthex
	mov $2, %cl
	mov $'-', %al
	call putc
	movzbl date_dx + 1, %eax
	call puthex
	mov $'-', %al
	call putc
	movzbl date_dx, %eax
	call puthex
	mov $msg_time, %si
	call puts
	movzbl time_cx + 1, %eax
	call puthex
	mov $':', %al
	call putc
	movzbl time_cx, %eax
	call puthex
	call newline
	ret
9:	mov $msg_fail, %si
	call puts
	ret
msg_date:	.asciz "1Ah date="
msg_time:	.asciz " time="
msg_fail:	.asciz "1Ah failed\n"
date_cx:	.word 0
date_dx:	.word 0
time_cx:	.word 0
