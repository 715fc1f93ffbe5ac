/* test_score_run.c: batches, cancellation, incremental re-runs, thread independence. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "engine.h"
#include "store.h"
#include "store_scores.h"

static char *
project(const char *name, int rows)
{
	char *db = test_path(name), *in = test_path("in.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;

	for (int i = 0; i < rows; i++)
		fprintf(fp, "{\"instruction\":\"Question %d about topic %d?\",\"output\":\"%s %d.\"}\n",
			i, i % 97, i % 50 == 0 ? "As an AI language model, I cannot answer"
					       : "The answer is the number", i);
	fclose(fp);
	if (engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK &&
	    engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK)
		import_result_free(&res);
	engine_close(e);
	free(in);
	return db;
}

static bool
stop_after_first(void *ctx, const struct progress *p)
{
	(void)p;
	return (*(int *)ctx)++ < 0;
}

struct sums {
	double total;
	int64_t rows, nulls;
};

static enum status
add_row(void *ctx, const struct score_table_row *r, struct err *err)
{
	struct sums *s = ctx;

	(void)err;
	s->rows++;
	for (size_t i = 0; i < r->n; i++) {
		if (r->is_null[i])
			s->nulls++;
		else
			s->total += r->vals[i] * (double)(i + 1) * (double)(r->id % 7 + 1);
	}
	return ST_OK;
}

static struct sums
table_sums(const char *db)
{
	struct store *st;
	struct err err;
	struct sums s = {0};

	if (store_open(db, 0, &st, &err) == ST_OK)
		store_scores_each(st, add_row, &s, &err);
	store_close(st);
	return s;
}

TEST(score_cancel_keeps_finished_batches_and_rerun_finishes)
{
	char *db = project("c.db", 10000);
	const char *only[] = {"text"};
	int calls = 0;
	struct score_opts o = {.only = only, .n_only = 1, .n_threads = 2,
			       .progress = {stop_after_first, &calls}};
	struct score_result res;
	struct engine *e;
	struct err err;

	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	CHECK(engine_score(e, &o, &res, &err) == ST_CANCELLED);
	CHECK(res.fam[0].n_scored == 8192);	/* one committed batch */
	o.progress.fn = NULL;
	CHECK(engine_score(e, &o, &res, &err) == ST_OK);
	CHECK(res.fam[0].n_scored == 10000 - 8192);	/* only the rest */
	CHECK(engine_score(e, &o, &res, &err) == ST_OK);
	CHECK(res.fam[0].n_scored == 0);		/* up to date */
	engine_close(e);
	struct sums s = table_sums(db);
	CHECK(s.rows == 10000 && s.nulls == 0);
	free(db);
}

TEST(score_threads_do_not_change_results)
{
	char *a = project("a.db", 3000), *b = project("b.db", 3000);
	struct score_opts o1 = {.n_threads = 1}, o2 = {.n_threads = 2};
	struct score_result res;
	struct engine *e;
	struct err err;

	CHECK(engine_open(a, 0, &e, &err) == ST_OK && engine_score(e, &o1, &res, &err) == ST_OK);
	engine_close(e);
	CHECK(engine_open(b, 0, &e, &err) == ST_OK && engine_score(e, &o2, &res, &err) == ST_OK);
	engine_close(e);
	struct sums sa = table_sums(a), sb = table_sums(b);
	CHECK(sa.rows == 3000 && sa.nulls == 0 && sa.total > 0);
	CHECK(sa.total == sb.total);
	free(a);
	free(b);
}

/* Stops at the first tick, keeping the total it was given. */
static bool
stop_keep_total(void *ctx, const struct progress *p)
{
	*(uint64_t *)ctx = p->total;
	return false;
}

/* The single pass that scores every stale family together must store exactly what
 * scoring each family on its own stores, and cancelling it keeps whole batches of all. */
TEST(score_families_together_equal_families_alone)
{
	char *a = project("tog.db", 9000), *b = project("alone.db", 9000);
	const char *names[] = {"text", "rules", "lang", "dup"};
	struct score_opts o = {.only = names, .n_only = 4, .n_threads = 2};
	struct score_result res;
	struct engine *e;
	struct err err;
	uint64_t total = 0;

	CHECK(engine_open(a, 0, &e, &err) == ST_OK);
	o.progress = (struct progress_sink){stop_keep_total, &total};
	CHECK(engine_score(e, &o, &res, &err) == ST_CANCELLED);
	CHECK(total == 9000);	/* the gauge knows the whole pass */
	CHECK(res.n_fam == 3 && res.fam[0].n_scored == 8192 && res.fam[2].n_scored == 8192);
	CHECK(res.fam[0].shared_pass && res.fam[1].shared_pass);
	o.progress.fn = NULL;
	CHECK(engine_score(e, &o, &res, &err) == ST_OK);
	CHECK(res.fam[1].n_scored == 9000 - 8192);
	engine_close(e);
	CHECK(engine_open(b, 0, &e, &err) == ST_OK);
	for (size_t i = 0; i < 4; i++) {
		struct score_opts one = {.only = &names[i], .n_only = 1, .n_threads = 1};
		CHECK(engine_score(e, &one, &res, &err) == ST_OK);
		CHECK(res.n_fam == 1 && res.fam[0].n_scored == 9000 && !res.fam[0].shared_pass);
	}
	engine_close(e);
	struct sums sa = table_sums(a), sb = table_sums(b);
	CHECK(sa.rows == 9000 && sa.nulls == 0 && sa.total > 0);
	CHECK(sa.total == sb.total);
	free(a);
	free(b);
}

TEST(score_dup_can_be_cancelled_while_reading_and_writes_nothing)
{
	char *db = project("dupc.db", 20000);
	const char *only[] = {"dup"};
	int calls = 0;
	struct score_opts o = {.only = only, .n_only = 1, .n_threads = 2,
			       .progress = {stop_after_first, &calls}};
	struct score_result res;
	struct engine *e;
	struct err err;

	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	CHECK(engine_score(e, &o, &res, &err) == ST_CANCELLED);
	CHECK(strstr(err.msg, "nothing was written") != NULL);
	CHECK(fixture_col(db, "SELECT count(*) FROM scores WHERE v_dup IS NOT NULL", 0) == 0);
	o.progress.fn = NULL;
	CHECK(engine_score(e, &o, &res, &err) == ST_OK && res.fam[0].n_scored == 20000);
	engine_close(e);
	free(db);
}

TEST(score_rejects_unknown_family_and_bad_rule_file)
{
	char *db = project("r.db", 10), *rules = test_path("bad.rules");
	const char *only[] = {"nosuch"};
	struct score_opts o = {.only = only, .n_only = 1};
	struct score_result res;
	struct engine *e;
	struct err err;
	FILE *fp = fopen(rules, "w");

	fputs("refusal response (unclosed\n", fp);
	fclose(fp);
	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	CHECK(engine_score(e, &o, &res, &err) == ST_USAGE);
	o.only = NULL;
	o.n_only = 0;
	o.rules_path = rules;
	CHECK(engine_score(e, &o, &res, &err) == ST_BADDATA);
	CHECK(strstr(err.msg, "(unclosed") != NULL && strstr(err.msg, "offset") != NULL);
	engine_close(e);
	free(db);
	free(rules);
}

TEST(score_lang_flags_the_odd_language_out)
{
	char *db = test_path("l.db"), *in = test_path("l.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result ir;
	const char *only[] = {"lang"};
	struct score_opts o = {.only = only, .n_only = 1};
	struct score_result res;
	struct engine *e;
	struct err err;

	for (int i = 0; i < 30; i++)
		fprintf(fp, "{\"prompt\":\"q\",\"completion\":\"This is the answer that you were "
			    "looking for, and it is written in plain English for the reader %d.\"}\n", i);
	fprintf(fp, "{\"prompt\":\"q\",\"completion\":\"Ceci est la réponse que vous cherchiez, "
		    "et elle est écrite en français pour le lecteur.\"}\n");
	fclose(fp);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&in, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &o, &res, &err) == ST_OK);
	engine_close(e);
	CHECK(fixture_col(db, "SELECT flag_lang_other FROM scores WHERE sample_id = ?1", 31) == 1);
	CHECK(fixture_col(db, "SELECT flag_lang_other FROM scores WHERE sample_id = ?1", 1) == 0);
	CHECK(fixture_col(db, "SELECT flag_lang_other FROM scores WHERE sample_id = ?1", 30) == 0);
	free(db);
	free(in);
}


TEST(score_dup_clusters_copies_and_reclusters_new_data)
{
	char *db = test_path("d.db"), *a = test_path("a.jsonl"), *b = test_path("b.jsonl");
	const char *base = "The quick brown fox jumps over the lazy dog while the farmer watches "
			   "from the porch and the sun sets slowly behind the distant green hills";
	FILE *fp = fopen(a, "w");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result ir;
	const char *only[] = {"dup"};
	struct score_opts o = {.only = only, .n_only = 1};
	struct score_result res;
	struct engine *e;
	struct err err;

	fprintf(fp, "{\"text\":\"%s.\"}\n{\"text\":\"Something else entirely, about databases.\"}\n"
		    "{\"text\":\"  %s.  \"}\n{\"text\":\"%s today.\"}\n", base, base, base);
	fclose(fp);
	fp = fopen(b, "w");
	fprintf(fp, "{\"text\":\"Something else entirely, about databases.\"}\n");
	fclose(fp);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&a, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &o, &res, &err) == ST_OK && res.fam[0].n_scored == 4);
	CHECK(fixture_col(db, "SELECT flag_dup FROM scores WHERE sample_id = ?1", 1) == 0);
	CHECK(fixture_col(db, "SELECT dup_exact FROM scores WHERE sample_id = ?1", 3) == 1);
	CHECK(fixture_col(db, "SELECT flag_dup FROM scores WHERE sample_id = ?1", 4) == 1);	/* near */
	CHECK(fixture_col(db, "SELECT dup_cluster FROM scores WHERE sample_id = ?1", 4) == 1);
	CHECK(fixture_col(db, "SELECT dup_size FROM scores WHERE sample_id = ?1", 1) == 3);
	CHECK(fixture_col(db, "SELECT dup_size FROM scores WHERE sample_id = ?1", 2) == 1);
	CHECK(engine_score(e, &o, &res, &err) == ST_OK && res.fam[0].n_scored == 0);
	CHECK(engine_import(e, (const char *const *)&b, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &o, &res, &err) == ST_OK && res.fam[0].n_scored == 5);
	CHECK(fixture_col(db, "SELECT dup_exact FROM scores WHERE sample_id = ?1", 5) == 1);
	CHECK(fixture_col(db, "SELECT dup_size FROM scores WHERE sample_id = ?1", 2) == 2);
	engine_close(e);
	free(db);
	free(a);
	free(b);
}
