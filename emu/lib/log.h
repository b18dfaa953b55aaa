/* Diagnostics for the emulator itself (not the guest's serial console). */
#ifndef LUCID_LOG_H
#define LUCID_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern enum log_level log_level;

void lucid_log(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) lucid_log(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) lucid_log(LOG_WARN, __VA_ARGS__)
#define log_info(...) lucid_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...) \
	do { if (log_level >= LOG_DEBUG) lucid_log(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
