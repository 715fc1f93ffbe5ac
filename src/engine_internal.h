/* engine_internal.h: the engine's state, shared by src/engine*.c only. */
#ifndef WINNOW_ENGINE_INTERNAL_H
#define WINNOW_ENGINE_INTERNAL_H

#include "engine.h"
#include "store.h"

struct engine {
	struct store *store;
	char *path;
};

/* engine_export with o->to set: rows rebuilt in another format (engine_export_to.c). */
enum status
engine_export_converted(struct engine *e, const struct export_opts *o,
			struct export_result *res, struct err *err);

#endif
