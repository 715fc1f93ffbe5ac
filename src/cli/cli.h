/* cli.h: what the command handlers share: the command table entry, finding the project
 * file, error and usage output, the progress bar, and Ctrl-C. This is front-end code:
 * it may print and choose exit codes; the engine it calls may not. */
#ifndef WINNOW_CLI_H
#define WINNOW_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "engine.h"
#include "util/progress.h"
#include "util/status.h"

#define WINNOW_VERSION "0.1.0"

/* Exit codes (also in README.md): see STATUS_INFO in util/status.h. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_BADDATA = 3, EXIT_IO = 4,
       EXIT_NOTFOUND = 5, EXIT_INTERRUPTED = 130 };

struct command {
	const char *name;
	int (*fn)(const struct command *cmd, int argc, char **argv);
	const char *args;	/* one-line synopsis after the name */
	const char *summary;	/* one line for the command list */
	const char *help;	/* the options, shown by --help */
};

/* Print "winnow CMD: message" to stderr and return the exit code for err->code. */
int
cli_fail(const struct command *cmd, const struct err *err);

/* Print a usage error with a hint to --help; returns EXIT_USAGE. */
int
cli_usage(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Full help for a command on stdout; returns EXIT_OK. */
int
cli_help(const struct command *cmd);

/* The project file to use. explicit (--db) wins, then $WINNOW_DB; for an import,
 * <input stem>.winnow.db beside the first input (or in the current directory if that
 * folder is read-only); otherwise the one *.winnow.db in the current directory.
 * Returned string is the caller's. NULL with err when none can be chosen. */
char *
cli_project_path(const char *explicit, const char *first_input, struct err *err);

/* Open the project (must exist unless create). On failure prints and returns NULL;
 * *code gets the exit code. */
struct engine *
cli_open(const struct command *cmd, const char *explicit_db, const char *first_input,
	 bool create, int *code);

/* Parse a positive integer argument; false if it is not one. */
bool
cli_parse_i64(const char *s, int64_t *out);

/* The one sample ID left in argv after the options (a command like show or why). False
 * after printing the usage error; *code is then its exit code. */
bool
cli_one_sample_id(const struct command *cmd, int argc, char **argv, int64_t *id, int *code);

/* Sample IDs from a file, one a line ('#' comments and blank lines allowed; "-" is
 * standard input). ST_BADDATA naming file:line for a bad one. OUT: *ids (free()), *n. */
enum status
cli_read_ids(const char *path, int64_t **ids, size_t *n, struct err *err);

/* Progress on stderr when it is a terminal (and not quiet): a bar with rate and ETA,
 * redrawn at most ten times a second. Returns false after Ctrl-C, to cancel. */
struct cli_progress {
	bool enabled;
	double last_draw;
};

void cli_progress_init(struct cli_progress *p, bool quiet);
bool cli_progress_cb(void *ctx, const struct progress *p);

/* Ctrl-C sets a flag the progress callback reads; the job then rolls back. */
void cli_catch_interrupt(void);
bool cli_interrupted(void);

/* Thousands separators: "1,234,567". Returns buf. */
const char *cli_count(int64_t n, char buf[32]);
/* "5.3 MB", "812 KB". Returns buf. */
const char *cli_bytes(uint64_t n, char buf[32]);

#endif
