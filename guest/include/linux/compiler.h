/* Compiler attributes used across the kernel (Linux's compiler_types.h). */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __weak __attribute__((weak))
#define __maybe_unused __attribute__((unused))
#define noinline __attribute__((__noinline__))
#define __cold __attribute__((cold))
#define asmlinkage __attribute__((regparm(0)))
#define __visible __attribute__((externally_visible))
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

#endif
