/* status.h: the one status enum of winnow and the error carrier.
 * Owns: struct err (code + message). Touches nothing else.
 * Engine functions return an enum status and fill a caller's struct err; they never print. */
#ifndef WINNOW_STATUS_H
#define WINNOW_STATUS_H

#include <stdarg.h>

/* X(name, exit_code, message). The exit code is what the CLI returns for it. */
#define STATUS_INFO(X) \
	X(ST_OK,        0, "ok") \
	X(ST_ERROR,     1, "runtime error") \
	X(ST_NOMEM,     1, "out of memory") \
	X(ST_DB,        1, "database error") \
	X(ST_NOFTS,     1, "SQLite was built without FTS5") \
	X(ST_USAGE,     2, "usage error") \
	X(ST_BADQUERY,  2, "bad query") \
	X(ST_BADDATA,   3, "bad input data") \
	X(ST_IO,        4, "cannot read or write a file") \
	X(ST_NOTFOUND,  5, "not found") \
	X(ST_CANCELLED, 130, "cancelled")

enum status {
#define STATUS_ENUM(name, code, msg) name,
	STATUS_INFO(STATUS_ENUM)
#undef STATUS_ENUM
	ST__COUNT
};

#define ERR_MSG_MAX 1024

struct err {
	enum status code;
	char msg[ERR_MSG_MAX];	/* human text; truncated with "..." if longer */
};

/* Generic text for a status ("bad input data"). Never NULL. */
const char *
status_str(enum status st);

/* The process exit code the CLI uses for a status. */
int
status_exit_code(enum status st);

/* Set err (may be NULL) to code + printf-style message; returns code so callers can
 * `return err_set(err, ST_IO, "...")`. */
enum status
err_set(struct err *err, enum status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum status
err_setv(struct err *err, enum status code, const char *fmt, va_list ap);

/* Prefix the existing message with printf-style text plus ": ". */
void
err_prefix(struct err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void
err_clear(struct err *err);

#endif
