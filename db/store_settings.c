/* store_settings.c: the settings table (see store_settings.h). Plain SQL reads it:
 *   SELECT key, value, updated_at FROM settings;
 * Owns nothing beyond its two cached statements. */
#include "store_settings.h"

#include "store_internal.h"

enum status
store_setting_get(struct store *st, const char *key, char **value, struct err *err)
{
	return store_query_text(st, STMT_SETTING_GET, key, value, "read setting", err);
}

enum status
store_setting_put(struct store *st, const char *key, const char *value, struct err *err)
{
	sqlite3_stmt *q = store_stmt(st, STMT_SETTING_PUT, err);
	enum status rc = ST_OK;

	if (!q)
		return ST_DB;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = store_fail(st, ST_DB, "save setting", err);
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return rc;
}
