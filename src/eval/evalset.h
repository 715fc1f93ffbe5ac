/* evalset.h: read a held-out set from a dataset file, in any format winnow imports
 * (through src/ingest's reader and format mapper), without importing it into a project.
 * Knows nothing of the store. */
#ifndef WINNOW_EVAL_EVALSET_H
#define WINNOW_EVAL_EVALSET_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* Called once per row with its prompt and response (borrowed for the call). */
typedef enum status (*evalset_fn)(void *ctx, int64_t line, const char *prompt, size_t prompt_len,
				  const char *response, size_t response_len, struct err *err);

/* Every row of path, the format detected from its first row (later rows must match).
 * ST_BADDATA naming file:line and the field for a bad row or an empty file; ST_IO if it
 * cannot be read. OUT: *n_rows. */
enum status
evalset_each(const char *path, evalset_fn fn, void *ctx, int64_t *n_rows, struct err *err);

#endif
