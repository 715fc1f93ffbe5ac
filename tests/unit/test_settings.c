/* test_settings.c: the settings table (migration 0007), its store and engine functions, and
 * the TUI's per-curator list columns kept there. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine_settings.h"
#include "store.h"
#include "store_settings.h"
#include "store_sql.h"
#include "util/xalloc.h"

/* One text value from a plain SQLite connection (NULL when no row); the caller frees. */
static char *
sql_text(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *out = NULL;

	sqlite3_open(path, &db);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_text(q, 0))
		out = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return out;
}

TEST(store_setting_put_get_overwrite_and_missing)
{
	char *path = test_path("s.db"), *v = (char *)"untouched", *at;
	struct store *st;
	struct err err;

	CHECK(store_open(path, STORE_CREATE, &st, &err) == ST_OK);
	CHECK(store_setting_get(st, "nothing.here", &v, &err) == ST_OK && v == NULL);
	CHECK(store_setting_put(st, "k", "first value", &err) == ST_OK);
	CHECK(store_setting_get(st, "k", &v, &err) == ST_OK);
	CHECK_STR(v, "first value");
	free(v);
	CHECK(store_setting_put(st, "k", "", &err) == ST_OK);	/* an empty value is a value */
	CHECK(store_setting_get(st, "k", &v, &err) == ST_OK);
	CHECK_STR(v, "");
	free(v);
	CHECK(store_setting_put(st, "k", "second", &err) == ST_OK);
	CHECK(store_setting_get(st, "k", &v, &err) == ST_OK);
	CHECK_STR(v, "second");
	free(v);
	CHECK(store_setting_get(st, "K", &v, &err) == ST_OK && v == NULL);	/* keys are exact */
	store_close(st);
	/* committed, one row per key, with a UTC time */
	v = sql_text(path, "SELECT group_concat(key || '=' || value, ';') FROM settings");
	CHECK_STR(v, "k=second");
	free(v);
	at = sql_text(path, "SELECT updated_at FROM settings WHERE key = 'k'");
	CHECK(at && strlen(at) == 20 && at[4] == '-' && at[10] == 'T' && at[19] == 'Z');
	free(at);
	free(path);
}

TEST(engine_tui_columns_are_per_curator)
{
	char *path = test_path("c.db"), *v = NULL;
	struct engine *e;
	struct err err;
	const char *alice[] = {"resp_ttr", "prompt_words", "dup_size"};
	const char *bob[] = {"flag_refusal"};

	CHECK(engine_open(path, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_tui_columns_load(e, "alice", &v, &err) == ST_OK && v == NULL);
	CHECK(engine_tui_columns_save(e, "alice", alice, 3, &err) == ST_OK);
	CHECK(engine_tui_columns_save(e, "bob", bob, 1, &err) == ST_OK);
	CHECK(engine_tui_columns_load(e, "alice", &v, &err) == ST_OK);
	CHECK_STR(v, "resp_ttr prompt_words dup_size");	/* display order kept */
	free(v);
	CHECK(engine_tui_columns_load(e, "bob", &v, &err) == ST_OK);
	CHECK_STR(v, "flag_refusal");
	free(v);
	CHECK(engine_tui_columns_load(e, "carol", &v, &err) == ST_OK && v == NULL);
	CHECK(engine_tui_columns_save(e, "alice", alice + 1, 1, &err) == ST_OK);	/* overwrite */
	CHECK(engine_tui_columns_load(e, "alice", &v, &err) == ST_OK);
	CHECK_STR(v, "prompt_words");
	free(v);
	CHECK(engine_tui_columns_save(e, "bob", NULL, 0, &err) == ST_OK);	/* every one hidden */
	CHECK(engine_tui_columns_load(e, "bob", &v, &err) == ST_OK);
	CHECK_STR(v, "");
	free(v);
	engine_close(e);
	/* the key is tui.columns:<curator>, readable with plain SQL */
	v = sql_text(path, "SELECT value FROM settings WHERE key = 'tui.columns:alice'");
	CHECK_STR(v, "prompt_words");
	free(v);
	free(path);
}

TEST(setting_put_on_a_read_only_project_fails_with_a_message)
{
	char *path = test_path("ro.db"), *v = NULL;
	struct engine *e;
	struct err err;
	const char *cols[] = {"resp_words"};

	CHECK(engine_open(path, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_tui_columns_save(e, "alice", cols, 1, &err) == ST_OK);
	engine_close(e);
	CHECK(engine_open(path, ENGINE_READONLY, &e, &err) == ST_OK);
	err.msg[0] = '\0';
	CHECK(engine_tui_columns_save(e, "alice", NULL, 0, &err) == ST_DB);
	CHECK(strstr(err.msg, "readonly") != NULL);
	CHECK(engine_tui_columns_load(e, "alice", &v, &err) == ST_OK);	/* reading still works */
	CHECK_STR(v, "resp_words");
	free(v);
	engine_close(e);
	free(path);
}

TEST(settings_migration_upgrades_a_schema_6_file)
{
	char *path = test_path("six.db"), *v = NULL;
	sqlite3 *db;
	struct store *st;
	struct err err;
	int n_applied = 0;

	sqlite3_open(path, &db);
	for (int i = 0; i < store_n_migrations && store_migrations[i].version <= 6; i++, n_applied++)
		CHECK(sqlite3_exec(db, store_migrations[i].sql, NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "INSERT INTO recipes VALUES ('mine', '{}', 't');"
			       "PRAGMA user_version = 6", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(n_applied >= 4 && n_applied < store_n_migrations);
	v = sql_text(path, "SELECT count(*) FROM sqlite_master WHERE name = 'settings'");
	CHECK_STR(v, "0");
	free(v);
	CHECK(store_open(path, 0, &st, &err) == ST_OK);
	CHECK(store_setting_put(st, "tui.columns:alice", "resp_ttr", &err) == ST_OK);
	store_close(st);
	v = sql_text(path, "PRAGMA user_version");
	CHECK(v && atoi(v) == store_schema_version() && atoi(v) >= 7);
	free(v);
	v = sql_text(path, "SELECT value FROM settings WHERE key = 'tui.columns:alice'");
	CHECK_STR(v, "resp_ttr");
	free(v);
	v = sql_text(path, "SELECT name FROM recipes");	/* what was there is kept */
	CHECK_STR(v, "mine");
	free(v);
	free(path);
}
