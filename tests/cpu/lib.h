/* Constants and macros shared by the tests/cpu programs (see lib.S). */
#define SEL_CODE0 0x08
#define SEL_DATA0 0x10
#define SEL_CODE3 0x1B
#define SEL_DATA3 0x23
#define SEL_TSS0 0x28
#define SEL_TSS1 0x30
#define SEL_FREE 0x38
#define SEL_NP 0x40
#define SEL_SMALL 0x48
#define SEL_EXPDOWN 0x50
#define SEL_GATE 0x58
#define SEL_CONF 0x60
#define SEL_SMALL3 0x6B

#define RESUME 0x500		/* where the exception stubs return to (one use) */
#define LAST_EFLAGS 0x504	/* EFLAGS pushed for the last exception reported */
#define SCRATCH 0x508		/* tests' own variables from here */
#define GDT 0x1000
#define IDT 0x2000
#define IDT_VECTORS 0x48
#define TSS0 0x10000
#define TSS1 0x13000
#define STACK0 0x20000
#define ESP0 0x28000
#define STACK3 0x30000
#define STACK_T1 0x38000

/* Arm the exception stubs to resume at label after the next exception. */
#define EXPECT(label) movl $label, RESUME

/* Print a string literal. */
#define SAY(str) \
	.pushsection .rodata; 9: .asciz str; .popsection; \
	push %esi; mov $9b, %esi; call puts; pop %esi

/* Print EAX with n hex digits. */
#define HEX(n) push %ecx; mov $n, %ecx; call puthex; pop %ecx
