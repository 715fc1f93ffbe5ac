/* test_scores_store.c: score columns, the scorers registry, incremental pending rows. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "store.h"
#include "store_scores.h"
#include "store_sql.h"

static enum status
count_row(void *ctx, const struct pending_row *row, struct err *err)
{
	(void)row;
	(void)err;
	(*(int *)ctx)++;
	return ST_OK;
}

static int
pending(struct store *st, const char *version)
{
	struct err err;
	int n = 0;

	if (store_scores_pending(st, "demo", version, 0, 100, count_row, &n, &err) != ST_OK)
		return -1;
	return n;
}

static struct store *
project_with_rows(const char *name, int rows)
{
	char *db = test_path(name), *in = test_path("in.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct store *st = NULL;
	struct err err;

	for (int i = 0; i < rows; i++)
		fprintf(fp, "{\"prompt\":\"p%d\",\"completion\":\"c%d\"}\n", i, i);
	fclose(fp);
	if (engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK &&
	    engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK)
		import_result_free(&res);
	engine_close(e);
	store_open(db, 0, &st, &err);
	free(db);
	free(in);
	return st;
}

TEST(scores_columns_versions_and_pending)
{
	struct store *st = project_with_rows("s.db", 5);
	struct metric_def defs[] = {{"demo_len", "length", DIR_NEUTRAL, 0, 1e9},
				    {"demo_flag", "a flag", DIR_FLAG, 0, 1}};
	struct score_writer *w = NULL;
	struct err err;
	double v[2] = {3, 1};

	CHECK(st != NULL);
	CHECK(store_scores_prepare(st, "demo", "1", defs, 2, true, &err) == ST_OK);
	CHECK(store_scores_prepare(st, "demo", "1", defs, 2, true, &err) == ST_OK);	/* idempotent */
	CHECK(pending(st, "1") == 5);
	CHECK(store_score_writer_new(st, "demo", defs, 2, true, &w, &err) == ST_OK);
	CHECK(store_score_write(w, 1, "1", v, "why#1", &err) == ST_OK);
	CHECK(store_score_write(w, 2, "1", v, NULL, &err) == ST_OK);
	CHECK(pending(st, "1") == 3);
	CHECK(pending(st, "2") == 5);	/* a new version re-scores everything */
	v[0] = 7;
	CHECK(store_score_write(w, 1, "1", v, "why#1", &err) == ST_OK);	/* upsert, not duplicate */
	store_score_writer_free(w);
	CHECK(pending(st, "1") == 3);
	store_close(st);
}

TEST(scores_names_must_be_identifiers)
{
	struct store *st = project_with_rows("n.db", 1);
	struct metric_def bad[] = {{"x\"; DROP TABLE samples; --", "evil", DIR_NEUTRAL, 0, 1}};
	struct err err;

	CHECK(!store_score_name_ok("Resp"));
	CHECK(!store_score_name_ok("1abc"));
	CHECK(store_score_name_ok("resp_ttr"));
	CHECK(store_scores_prepare(st, "demo", "1", bad, 1, false, &err) == ST_USAGE);
	CHECK(store_scores_prepare(st, "bad name", "1", bad, 0, false, &err) == ST_USAGE);
	CHECK(pending(st, "1") == 1);	/* samples still there */
	store_close(st);
}

TEST(schema_1_file_migrates_forward)
{
	char *p = test_path("old.db");
	sqlite3 *db;
	struct store *st = NULL;
	struct err err;

	sqlite3_open(p, &db);
	CHECK(sqlite3_exec(db, store_migrations[0].sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_exec(db, "INSERT INTO datasets VALUES (1,'a','/a','text','jsonl','x',1,1,0,NULL,NULL,NULL,'t');"
			 "INSERT INTO samples(dataset_id, ord, line, format, n_turns, prompt, response,"
			 " prompt_chars, response_chars, raw) VALUES (1,0,1,'text',1,'','hello',0,5,'{}');"
			 "PRAGMA user_version = 1", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(p, 0, &st, &err) == ST_OK);
	CHECK(pending(st, "1") == 1);	/* no v_demo column yet: every sample is pending */
	struct metric_def d[] = {{"demo_x", "x", DIR_NEUTRAL, 0, 1}};
	CHECK(store_scores_prepare(st, "demo", "1", d, 1, false, &err) == ST_OK);
	CHECK(pending(st, "1") == 1);	/* the old sample survived the migration */
	store_close(st);
	free(p);
}
