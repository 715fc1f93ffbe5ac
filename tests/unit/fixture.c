/* fixture.c: see fixture.h. */
#include "fixture.h"

#include <math.h>
#include <sqlite3.h>
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

double
fixture_col(const char *db, const char *sql, int64_t arg)
{
	sqlite3 *h;
	sqlite3_stmt *q;
	double v = NAN;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return v;
	}
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, arg);
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
			v = sqlite3_column_double(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(h);
	return v;
}
