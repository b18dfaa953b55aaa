/*
 * HZ as a variable, for debuggers: in C it is a macro (linux/time.h), which
 * leaves no symbol, but a debugger turning jiffies into seconds (our `jiffies`
 * view, crash) looks for one. This file must not include linux/time.h.
 */
const unsigned int HZ = CONFIG_HZ;
