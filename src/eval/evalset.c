/* evalset.c: see evalset.h; the reading is ingest/samplefile.c's. */
#include "evalset.h"

#include "ingest/samplefile.h"

struct evalset_walk {
	evalset_fn fn;
	void *ctx;
};

static enum status
one(void *ctx, const struct samplefile_row *row, struct err *err)
{
	struct evalset_walk *w = ctx;

	return w->fn(w->ctx, row->line, row->prompt, row->prompt_len, row->response,
		     row->response_len, err);
}

enum status
evalset_each(const char *path, evalset_fn fn, void *ctx, int64_t *n_rows, struct err *err)
{
	struct evalset_walk w = {fn, ctx};

	return samplefile_each(path, one, &w, NULL, n_rows, err);
}
