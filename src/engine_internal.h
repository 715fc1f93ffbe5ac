/* engine_internal.h: the engine's state, shared by src/engine*.c only. */
#ifndef WINNOW_ENGINE_INTERNAL_H
#define WINNOW_ENGINE_INTERNAL_H

#include "engine.h"
#include "store.h"

struct engine_cache;	/* engine_columns.c: score columns, distributions, rules */

struct engine {
	struct store *store;
	char *path;
	struct engine_cache *cache;	/* NULL until the TUI's reads need it */
};

/* engine_export with o->to set: rows rebuilt in another format (engine_export_to.c). */
enum status
engine_export_converted(struct engine *e, const struct export_opts *o,
			struct export_result *res, struct err *err);

void
engine_cache_free(struct engine_cache *c);

#endif
