/*
 * System services: the A20 gate through INT 15h 2400h-2403h (checked by
 * whether 0000:0500 and FFFF:0510 alias), the C0h configuration table's
 * model byte, and the timer: INT 08h must advance the tick count at 40:6C
 * and call a user INT 1Ch hook; INT 15h 86h must wait about as long as
 * asked.
 */
#include "lib.S"

	.text
	.globl main
main:
	/* 2403h: what is supported */
	mov $0x2403, %ax
	int $0x15
	mov $msg_2403, %si
	call puts
	call print_cf
	jc 1f
	movzwl %bx, %eax
	and $1, %al		/* the keyboard controller can do it */
	mov $msg_kbc, %si
	call puts
	call putdec
1:	call newline

	/* 2401h enable, 2402h query, and the memory says so */
	mov $0x2401, %ax
	int $0x15
	mov $msg_2401, %si
	call puts
	call print_cf
	call a20_query
	call a20_wraps
	call newline
	/* 2400h disable */
	mov $0x2400, %ax
	int $0x15
	mov $msg_2400, %si
	call puts
	call print_cf
	call a20_query
	call a20_wraps
	call newline
	mov $0x2401, %ax
	int $0x15

	/* C0h: the model byte */
	mov $0xC0, %ah
	int $0x15
	mov $msg_c0, %si
	call puts
	call print_cf
	jc 2f
	mov $msg_model, %si
	call puts
	movzbl %es:2(%bx), %eax
	mov $2, %cl
	call puthex
2:	push %ds
	pop %es
	call newline

	/* INT 08h/1Ch: hook 1Ch, wait for 3 ticks */
	cli
	xor %ax, %ax
	mov %ax, %es
	mov %es:0x1C * 4, %eax
	mov %eax, old1c
	movw $tick_hook, %es:0x1C * 4
	movw $0, %es:0x1C * 4 + 2
	mov %es:0x46C, %eax
	mov %eax, ticks0
	sti
3:	hlt
	cmpw $3, hook_calls
	jb 3b
	cli
	mov old1c, %eax
	mov %eax, %es:0x1C * 4
	mov %es:0x46C, %eax
	sti
	sub ticks0, %eax
	mov $msg_ticks, %si
	call puts
	cmp $3, %eax
	setae %al
	movzbl %al, %eax
	call putdec
	call newline

	/* 86h: 300 ms (0x493E0 us) must let at least 4 ticks pass, and a
	 * 2 ms wait (0x7D0) must come back too */
	xor %ax, %ax
	mov %ax, %es
	mov %es:0x46C, %eax
	mov %eax, ticks0
	mov $0x86, %ah
	mov $0x0004, %cx
	mov $0x93E0, %dx
	int $0x15
	mov $msg_86, %si
	call puts
	call print_cf
	mov %es:0x46C, %eax
	sub ticks0, %eax
	cmp $4, %eax
	setae %al
	movzbl %al, %eax
	mov $msg_waited, %si
	call puts
	call putdec
	mov $0x86, %ah
	xor %cx, %cx
	mov $0x07D0, %dx
	int $0x15
	call print_cf
	push %ds
	pop %es
	call newline
	ret

tick_hook:
	incw %cs:hook_calls
	iret

/* Print " a20=N" from 2402h. */
a20_query:
	mov $0x2402, %ax
	int $0x15
	mov $msg_query, %si
	call puts
	movzbl %al, %eax
	call putdec
	ret

/* Print " wraps=N": does FFFF:0510 (1 MiB + 0x500) alias 0000:0500? */
a20_wraps:
	push %es
	push %fs
	xor %ax, %ax
	mov %ax, %fs
	mov $0xFFFF, %ax
	mov %ax, %es
	mov %fs:0x500, %bl
	mov %bl, %bh
	not %bh
	mov %bh, %fs:0x500
	xor %eax, %eax
	cmp %es:0x510, %bh
	sete %al
	mov %bl, %fs:0x500
	pop %fs
	pop %es
	mov $msg_wraps, %si
	call puts
	call putdec
	ret

print_cf:
	pushf
	push %si
	mov $msg_cf0, %si
	jnc 1f
	mov $msg_cf1, %si
1:	call puts
	pop %si
	popf
	ret

msg_2403:	.asciz "2403h:"
msg_kbc:	.asciz " kbc="
msg_2401:	.asciz "2401h:"
msg_2400:	.asciz "2400h:"
msg_query:	.asciz " a20="
msg_wraps:	.asciz " wraps="
msg_c0:		.asciz "C0h:"
msg_model:	.asciz " model="
msg_ticks:	.asciz "08h: three ticks, 1Ch called each time="
msg_86:		.asciz "86h 300 ms:"
msg_waited:	.asciz " waited="
msg_cf0:	.asciz " cf=0"
msg_cf1:	.asciz " cf=1"
	.balign 4
old1c:		.long 0
ticks0:		.long 0
hook_calls:	.word 0
