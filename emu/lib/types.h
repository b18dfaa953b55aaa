/* Fixed-width types and small helpers shared by the whole emulator. */
#ifndef LUCID_TYPES_H
#define LUCID_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Little-endian loads and stores from host byte buffers (the host is x86 too,
 * but memcpy keeps the compiler honest about alignment). */
static inline u16 ld16(const void *p) { u16 v; __builtin_memcpy(&v, p, 2); return v; }
static inline u32 ld32(const void *p) { u32 v; __builtin_memcpy(&v, p, 4); return v; }
static inline u64 ld64(const void *p) { u64 v; __builtin_memcpy(&v, p, 8); return v; }
static inline void st16(void *p, u16 v) { __builtin_memcpy(p, &v, 2); }
static inline void st32(void *p, u32 v) { __builtin_memcpy(p, &v, 4); }
static inline void st64(void *p, u64 v) { __builtin_memcpy(p, &v, 8); }

#endif
