/* atomic_file.h: write a file so that it appears whole or not at all. Data goes to a
 * temporary file beside the target (same directory, so rename is atomic), which is
 * fsynced and renamed over the target on commit, and removed on abort. */
#ifndef WINNOW_ATOMIC_FILE_H
#define WINNOW_ATOMIC_FILE_H

#include <stdio.h>

#include "status.h"

struct atomic_file {
	FILE *fp;	/* write here between open and commit */
	char *path;	/* the target */
	char *tmp;	/* the temporary file; NULL when written in place */
};

/* "-" means standard output: written directly, commit only flushes. A target that
 * exists and is not a regular file (/dev/null, a FIFO, a terminal) is also written in
 * place: renaming a temporary file over it would replace the device or pipe itself. */
enum status
atomic_file_open(struct atomic_file *af, const char *path, struct err *err);

/* Flush, fsync, rename. On failure the temporary file is removed and the target is
 * untouched. Always releases af. */
enum status
atomic_file_commit(struct atomic_file *af, struct err *err);

/* Remove the temporary file; the target is untouched. Safe after commit (no-op). */
void
atomic_file_abort(struct atomic_file *af);

#endif
