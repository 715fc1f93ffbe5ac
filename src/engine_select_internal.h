/* engine_select_internal.h: what src/engine_recipe.c, engine_select*.c and engine_why.c
 * share. Not for the front ends. */
#ifndef WINNOW_ENGINE_SELECT_INTERNAL_H
#define WINNOW_ENGINE_SELECT_INTERNAL_H

#include "engine_decide.h"
#include "engine_internal.h"
#include "engine_select.h"

/* A recipe parsed against the project, with each filter step compiled.
 * Free with loaded_recipe_free. */
struct loaded_recipe {
	struct recipe *r;
	struct filter **steps;	/* r->n_steps */
};

/* Parse json (named source in messages), check its score names, compile its filter steps
 * and check its search query. OUT: *out. */
enum status
recipe_load(struct engine *e, const char *json, const char *source, struct loaded_recipe *out,
	    struct err *err);

void
loaded_recipe_free(struct loaded_recipe *lr);

#endif
