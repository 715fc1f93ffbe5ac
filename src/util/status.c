/* status.c: status names, exit codes and struct err helpers. */
#include "status.h"

#include <stdio.h>
#include <string.h>

static const struct {
	int exit_code;
	const char *msg;
} status_table[] = {
#define STATUS_ROW(name, code, msg) {code, msg},
	STATUS_INFO(STATUS_ROW)
#undef STATUS_ROW
};

const char *
status_str(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return "unknown status";
	return status_table[st].msg;
}

int
status_exit_code(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return 1;
	return status_table[st].exit_code;
}

static void
mark_truncated(char *msg, int n)
{
	if (n >= ERR_MSG_MAX)
		memcpy(msg + ERR_MSG_MAX - 4, "...", 4);
}

enum status
err_setv(struct err *err, enum status code, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	mark_truncated(err->msg, vsnprintf(err->msg, sizeof(err->msg), fmt, ap));
	return code;
}

enum status
err_set(struct err *err, enum status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void
err_prefix(struct err *err, const char *fmt, ...)
{
	char old[ERR_MSG_MAX], pre[ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	mark_truncated(err->msg, snprintf(err->msg, sizeof(err->msg), "%s: %s", pre, old));
}

void
err_clear(struct err *err)
{
	if (!err)
		return;
	err->code = ST_OK;
	err->msg[0] = '\0';
}
