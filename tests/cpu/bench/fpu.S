/*
 * FPU throughput loops for scripts/bench.d/fpu.sh, one per ROM (KIND):
 *   1 arith: x = x * 0.30103 + 1 (FMUL, FADD), 8 x87 instructions a round
 *   2 sqrt:  x = sqrt(x) + 1 (FSQRT, FADD), 4 FSQRT a round
 *   3 sin:   x = sin(x) + 1 (FSIN, FADD), 4 FSIN a round
 * ROUNDS rounds of the unrolled body and a DEC/JNZ, then exit. The values
 * stay finite and normal (each converges to a fixed point).
 */
#include "lib.h"

#ifndef KIND
#define KIND 1
#endif
#if KIND == 3
#define ROUNDS 200000
#elif KIND == 2
#define ROUNDS 500000
#else
#define ROUNDS 1500000
#endif

	.text
	.code32
	.globl main
main:
	fninit
	fld1			/* ST(2) = 1 */
	fldlg2			/* ST(1) = log10(2) */
	fldpi			/* ST(0) = x */
	mov $ROUNDS, %ecx
1:
#if KIND == 1
	.rept 4
	fmul %st(1), %st
	fadd %st(2), %st
	.endr
#elif KIND == 2
	.rept 4
	fsqrt
	fadd %st(2), %st
	.endr
#else
	.rept 4
	fsin
	fadd %st(2), %st
	.endr
#endif
	dec %ecx
	jnz 1b
	SAY("bench: done\n")
	ret
