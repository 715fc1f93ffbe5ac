/* test_store.c: the schema, migrations, and the engine over a real project file. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "store.h"
#include "store_sql.h"
#include "util/buf.h"

static void
dump_schema(sqlite3 *db, struct buf *out)
{
	sqlite3_stmt *q;

	sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name", -1, &q,
			   NULL);
	while (sqlite3_step(q) == SQLITE_ROW)
		buf_printf(out, "%s %s %s\n", sqlite3_column_text(q, 0), sqlite3_column_text(q, 1),
			   sqlite3_column_text(q, 2) ? (const char *)sqlite3_column_text(q, 2) : "");
	sqlite3_finalize(q);
}

TEST(schema_sql_equals_the_migrations_applied_in_order)
{
	char *a = test_path("a.db"), *b = test_path("b.db");
	struct store *st;
	struct err err;
	sqlite3 *db;
	struct buf sa = BUF_INIT, sb = BUF_INIT;

	CHECK(store_open(a, STORE_CREATE, &st, &err) == ST_OK);
	store_close(st);
	sqlite3_open(a, &db);
	dump_schema(db, &sa);
	sqlite3_close(db);
	sqlite3_open(b, &db);
	for (int i = 0; i < store_n_migrations; i++)
		CHECK(sqlite3_exec(db, store_migrations[i].sql, NULL, NULL, NULL) == SQLITE_OK);
	dump_schema(db, &sb);
	sqlite3_close(db);
	CHECK(sa.len > 100);
	CHECK_STR(buf_str(&sa), buf_str(&sb));
	buf_free(&sa);
	buf_free(&sb);
	free(a);
	free(b);
}

TEST(store_refuses_foreign_and_newer_files)
{
	char *p = test_path("other.db"), *q = test_path("newer.db"), *r = test_path("missing.db");
	struct store *st = NULL;
	struct err err;
	sqlite3 *db;

	sqlite3_open(p, &db);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(p, 0, &st, &err) == ST_DB && st == NULL);
	CHECK(strstr(err.msg, "not a winnow project") != NULL);
	sqlite3_open(q, &db);
	sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(q, 0, &st, &err) == ST_DB);
	CHECK(strstr(err.msg, "newer winnow") != NULL);
	CHECK(store_open(r, 0, &st, &err) == ST_NOTFOUND);
	free(p);
	free(q);
	free(r);
}

static char *
write_file(const char *name, const char *text)
{
	char *path = test_path(name);
	FILE *fp = fopen(path, "wb");

	fputs(text, fp);
	fclose(fp);
	return path;
}

static int64_t
count(struct engine *e)
{
	struct stats s;
	struct err err;
	int64_t n = -1;

	if (engine_stats(e, &s, &err) == ST_OK) {
		n = s.n_samples;
		stats_free(&s);
	}
	return n;
}

TEST(import_is_all_or_nothing_and_idempotent)
{
	char *db = test_path("p.db");
	char *good = write_file("good.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}\n"
					      "{\"instruction\":\"c\",\"output\":\"refund now\"}\n");
	char *bad = write_file("bad.jsonl", "{\"instruction\":\"a\",\"output\":\"b\"}\n{oops}\n");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;
	const char *both[] = {good, bad};

	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, both, 2, &o, &res, &err) == ST_BADDATA);
	CHECK(strstr(err.msg, "bad.jsonl:2: malformed JSON") != NULL);
	import_result_free(&res);
	CHECK(count(e) == 0);	/* the good file was rolled back too */
	CHECK(engine_import(e, both, 1, &o, &res, &err) == ST_OK);
	CHECK(res.n_samples == 2 && !res.files[0].already);
	import_result_free(&res);
	CHECK(engine_import(e, both, 1, &o, &res, &err) == ST_OK);
	CHECK(res.files[0].already && res.n_samples == 0);
	import_result_free(&res);
	CHECK(count(e) == 2);
	int64_t n = 0;
	struct search_query q = {.fts = "refund"};
	CHECK(engine_search_count(e, &q, &n, &err) == ST_OK && n == 1);
	q.fts = "AND AND";
	CHECK(engine_search_count(e, &q, &n, &err) == ST_BADQUERY);
	q.fts = NULL;
	q.regex = "(unclosed";
	CHECK(engine_search_count(e, &q, &n, &err) == ST_BADQUERY);
	CHECK(strstr(err.msg, "offset") != NULL);
	q.regex = "^ref+und";
	CHECK(engine_search_count(e, &q, &n, &err) == ST_OK && n == 1);
	engine_close(e);
	free(db);
	free(good);
	free(bad);
}

TEST(sample_read_back_has_turns_and_raw)
{
	char *db = test_path("p.db");
	char *f = write_file("c.jsonl", "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
				       "{\"role\":\"user\",\"content\":\"Q\"},{\"role\":\"assistant\","
				       "\"content\":\"A\"}], \"meta\": 7}\n");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;
	struct sample s;
	const char *files[] = {f};

	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, files, 1, &o, &res, &err) == ST_OK);
	import_result_free(&res);
	CHECK(engine_sample_get(e, 1, &s, &err) == ST_OK);
	CHECK(s.n_turns == 3);
	CHECK_STR(s.turns[0].role, "system");
	CHECK_STR(s.turns[2].text, "A");
	CHECK_STR(s.prompt, "S\n\nQ");
	CHECK(strstr(s.raw, "\"meta\": 7") != NULL);
	sample_free(&s);
	CHECK(engine_sample_get(e, 99, &s, &err) == ST_NOTFOUND);
	engine_close(e);
	free(db);
	free(f);
}
