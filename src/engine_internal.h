/* engine_internal.h: the engine's state, shared by src/engine*.c only. */
#ifndef WINNOW_ENGINE_INTERNAL_H
#define WINNOW_ENGINE_INTERNAL_H

#include "engine.h"
#include "store.h"

struct engine {
	struct store *store;
	char *path;
};

#endif
