/* run_cmd.h: run a shell command line as a child process and wait for it, so that the
 * engine can hand work to a program it does not know (winnow eval --external).
 * The child runs `/bin/sh -c CMD` in its own process group, with stdin from /dev/null,
 * stdout and stderr appended to a log file, and extra environment variables set. While
 * it runs, a callback is polled (about ten times a second); when it says stop, the whole
 * process group gets SIGTERM, then SIGKILL after a grace period.
 * Owns nothing after the call returns; never prints. */
#ifndef WINNOW_RUN_CMD_H
#define WINNOW_RUN_CMD_H

#include <stdbool.h>

#include "util/status.h"

/* Return false to stop the command. elapsed: seconds since it started. */
typedef bool (*run_cmd_poll)(void *ctx, double elapsed);

struct run_cmd_result {
	int exit_code;		/* the command's exit status, or -1 if a signal ended it */
	int signal;		/* the signal that ended it, or 0 */
	double seconds;
};

/* env: "NAME=value" strings, NULL-terminated (may be NULL). poll may be NULL.
 * ST_OK when the command ran to its end (whatever its exit status: see *res);
 * ST_CANCELLED when poll said stop (the command was ended); ST_IO if the log cannot be
 * opened; ST_ERROR if no process can be started. */
enum status
run_cmd(const char *cmd, const char *const *env, const char *log_path, run_cmd_poll poll,
	void *ctx, struct run_cmd_result *res, struct err *err);

#endif
