/* fixture.c: see fixture.h. */
#include "fixture.h"

#include <stdlib.h>

#include "check.h"

struct engine *
fixture_project(const char *db_name, const char *const *files, size_t n)
{
	char *db = test_path(db_name);
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e = NULL;
	struct err err;

	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, files, n, &o, &res, &err) == ST_OK);
	import_result_free(&res);
	free(db);
	return e;
}
