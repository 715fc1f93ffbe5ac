/* test_eval.c: the comparison run: formulas, the n-gram model, the split (disjoint,
 * seeded), runs stored and cancelled, and migrating an older project file. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine.h"
#include "engine_eval_internal.h"
#include "eval/ngram.h"
#include "fixture.h"
#include "store.h"
#include "store_sql.h"
#include "util/xalloc.h"

TEST(eval_metrics_follow_the_formulas)
{
	struct eval_metrics m;

	eval_metrics_compute(25, 100, 2.0, 1.6, 1.8, true, &m);
	CHECK(fabs(m.sdf - 0.25) < 1e-12);
	CHECK(fabs(m.pir - 1.25) < 1e-12);	/* loss_full / loss_subset */
	CHECK(fabs(m.pir_random - 1.125) < 1e-12);
	CHECK(fabs(m.pir_ref - (1.400 + 1.303 * (0.25 - 0.025))) < 1e-12);
	eval_metrics_compute(25, 100, 0.5, 0.6, 0.4, false, &m);	/* accuracy: higher wins */
	CHECK(fabs(m.pir - 1.2) < 1e-12 && fabs(m.pir_random - 1.5) < 1e-12);
	CHECK(fabs(eval_pir_ref(0.025) - 1.4) < 1e-12);
}

TEST(ngram_is_a_distribution_and_prefers_what_it_saw)
{
	struct example_set a, b;
	struct ngram *m = ngram_new(4);
	int64_t n;
	int32_t ctx[3] = {'t', 'h', 'e'};

	examples_init(&a, 1 << 16);
	examples_init(&b, 1 << 16);
	for (int i = 0; i < 20; i++)
		examples_add(&a, "say it", 6, "the cat sat on the mat", 22);
	examples_add(&b, "say it", 6, "zyx wvu qpo", 11);
	ngram_train(m, &a);
	double sum = 0;
	for (int w = 0; w < TOK_VOCAB; w++)
		sum += ngram_prob(m, ctx, 3, w);
	CHECK(fabs(sum - 1.0) < 1e-9);
	CHECK(ngram_prob(m, ctx, 3, ' ') > 0.5);
	CHECK(ngram_prob(m, ctx, 3, 'q') > 0);	/* never zero */
	double seen = ngram_eval(m, &a, &n);
	CHECK(n == 20 * 23);	/* 22 bytes + EOS each */
	CHECK(seen < 0.5 && ngram_eval(m, &b, &n) > 3.0);
	ngram_free(m);
	examples_free(&a);
	examples_free(&b);
}

/* A project with the 200 alpaca samples. */
static struct engine *
project(void)
{
	const char *files[] = {"samples/alpaca.jsonl"};

	return fixture_project("p.db", files, 1);
}

static int64_t odd_ids[100];

static void
quick_opts(struct eval_opts *o)
{
	for (int i = 0; i < 100; i++)
		odd_ids[i] = 2 * i + 1;
	*o = (struct eval_opts){.subset_ids = odd_ids, .n_subset = 100, .selection = "ids:test",
				.quick = true};
}

TEST(eval_split_is_disjoint_seeded_and_sized)
{
	struct engine *e = project();
	struct eval_opts o;
	struct eval_plan p, q;
	struct err err;

	quick_opts(&o);
	CHECK(eval_plan_make(e, &o, &p, &err) == ST_OK);
	CHECK(p.n_eval_idx == 20 && p.n[EVAL_FULL] == 180);
	CHECK(p.n[EVAL_RANDOM] == p.n[EVAL_SUBSET] && p.n[EVAL_SUBSET] > 80);
	bool *full = xcalloc(200, 1);
	for (size_t i = 0; i < p.n[EVAL_FULL]; i++)
		full[p.idx[EVAL_FULL][i]] = true;
	for (size_t i = 0; i < p.n_eval_idx; i++)
		CHECK(!full[p.eval_idx[i]]);	/* no model trains on a held-out sample */
	for (int m = EVAL_SUBSET; m <= EVAL_RANDOM; m++)
		for (size_t i = 0; i < p.n[m]; i++)
			CHECK(full[p.idx[m][i]]);
	for (size_t i = 0; i < p.n[EVAL_SUBSET]; i++)
		CHECK(p.corpus.rows[p.idx[EVAL_SUBSET][i]].id % 2 == 1);
	CHECK(eval_plan_make(e, &o, &q, &err) == ST_OK);	/* same seed, same plan */
	CHECK(q.n_eval_idx == p.n_eval_idx &&
	      memcmp(q.eval_idx, p.eval_idx, p.n_eval_idx * sizeof(size_t)) == 0);
	CHECK(memcmp(q.idx[EVAL_RANDOM], p.idx[EVAL_RANDOM], p.n[EVAL_RANDOM] * sizeof(size_t)) == 0);
	eval_plan_free(&q);
	o.seed = 2;
	CHECK(eval_plan_make(e, &o, &q, &err) == ST_OK);
	CHECK(memcmp(q.eval_idx, p.eval_idx, p.n_eval_idx * sizeof(size_t)) != 0);
	eval_plan_free(&q);
	eval_plan_free(&p);
	free(full);
	int64_t bad = 999;
	o.subset_ids = &bad;
	o.n_subset = 1;
	CHECK(eval_plan_make(e, &o, &p, &err) == ST_NOTFOUND);
	CHECK(strstr(err.msg, "no sample with id 999") != NULL);
	eval_plan_free(&p);
	engine_close(e);
}

TEST(eval_run_is_stored_with_models_and_metrics)
{
	struct engine *e = project();
	struct eval_opts o;
	struct eval_result res;
	struct eval_run_row r;
	struct err err;

	quick_opts(&o);
	CHECK(engine_eval(e, &o, &res, &err) == ST_OK);
	CHECK(res.run_id == 1 && strcmp(res.run.status, "done") == 0);
	eval_result_free(&res);
	CHECK(engine_eval_get(e, 1, &r, &err) == ST_OK);
	CHECK(strcmp(r.kind, "ngram") == 0 && r.n_models == 3 && r.n_full == 180);
	CHECK(r.models[EVAL_FULL].model == EVAL_FULL && r.models[EVAL_RANDOM].model == EVAL_RANDOM);
	CHECK(fabs(r.pir - r.models[EVAL_FULL].loss / r.models[EVAL_SUBSET].loss) < 1e-9);
	CHECK(fabs(r.sdf - (double)r.n_subset / 180.0) < 1e-12);
	CHECK(r.finished_at != NULL && strlen(r.selection_hash) == 64);
	eval_run_row_free(&r);
	CHECK(engine_eval_get(e, 7, &r, &err) == ST_NOTFOUND);
	engine_close(e);
}

/* Positions (tokens predicted) of model m's training set, one pass, and its longest
 * example's. */
static int64_t
set_positions(struct eval_plan *p, int m, int64_t *longest)
{
	struct example_set s;
	int64_t n = 0;

	eval_plan_examples(p, m, 1 << 20, &s);
	*longest = 0;
	for (size_t i = 0; i < s.n; i++) {
		n += s.ex[i].len - 1;
		if (s.ex[i].len - 1 > *longest)
			*longest = s.ex[i].len - 1;
	}
	examples_free(&s);
	return n;
}

/* --quick is equal compute: every model counts the same tokens (one pass over the
 * subset, or --budget), whole examples, so each stops less than one example past it. */
TEST(eval_quick_counts_equal_tokens)
{
	struct engine *e = project();
	struct eval_opts o;
	struct eval_plan p;
	struct eval_result res;
	struct err err;
	int64_t pos[EVAL_N_MODELS], longest[EVAL_N_MODELS], lmax = 0;

	quick_opts(&o);
	CHECK(eval_plan_make(e, &o, &p, &err) == ST_OK);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		pos[m] = set_positions(&p, m, &longest[m]);
		lmax = longest[m] > lmax ? longest[m] : lmax;
	}
	eval_plan_free(&p);
	CHECK(pos[EVAL_FULL] > pos[EVAL_SUBSET] + lmax);	/* else the test shows nothing */
	CHECK(engine_eval(e, &o, &res, &err) == ST_OK);
	const struct eval_model_row *md = res.run.models;
	CHECK(md[EVAL_SUBSET].train_tokens == pos[EVAL_SUBSET]);	/* exactly one pass */
	for (int m = 0; m < EVAL_N_MODELS; m++)
		CHECK(md[m].train_tokens >= pos[EVAL_SUBSET] &&
		      md[m].train_tokens < pos[EVAL_SUBSET] + longest[m]);
	eval_result_free(&res);

	o.budget = 3 * pos[EVAL_FULL];	/* more than a pass: every set repeats */
	CHECK(engine_eval(e, &o, &res, &err) == ST_OK);
	for (int m = 0; m < EVAL_N_MODELS; m++)
		CHECK(res.run.models[m].train_tokens >= o.budget &&
		      res.run.models[m].train_tokens < o.budget + longest[m]);
	eval_result_free(&res);

	o.budget = 0;
	o.equal = EVAL_EQUAL_EPOCHS;	/* one pass over each set: the subset counts less */
	CHECK(engine_eval(e, &o, &res, &err) == ST_OK);
	for (int m = 0; m < EVAL_N_MODELS; m++)
		CHECK(res.run.models[m].train_tokens == pos[m]);
	eval_result_free(&res);
	engine_close(e);
}

static int n_calls;

static bool
stop_soon(void *ctx, const struct progress *p)
{
	(void)ctx;
	(void)p;
	return ++n_calls < 5;
}

TEST(eval_cancelled_run_is_marked_cancelled_with_its_curves)
{
	struct engine *e = project();
	struct eval_opts o;
	struct eval_result res;
	struct eval_run_row r;
	struct curve_point *c;
	size_t n;
	struct err err;

	quick_opts(&o);
	o.quick = false;
	o.model = (struct gpt_config){.max_seq = 32, .n_layer = 1, .n_head = 2, .n_embd = 16};
	o.budget = 5000;
	o.progress = (struct progress_sink){stop_soon, NULL};
	n_calls = 0;
	CHECK(engine_eval(e, &o, &res, &err) == ST_CANCELLED);
	CHECK(res.run_id == 1);
	eval_result_free(&res);
	CHECK(engine_eval_get(e, 1, &r, &err) == ST_OK);
	CHECK(strcmp(r.status, "cancelled") == 0 && r.finished_at != NULL && isnan(r.pir));
	CHECK(r.n_models == 1 && isnan(r.models[0].loss) && r.models[0].steps == 4);	/* the 4th step's callback said stop */
	eval_run_row_free(&r);
	CHECK(engine_eval_curve(e, 1, EVAL_FULL, &c, &n, &err) == ST_OK);
	free(c);
	engine_close(e);
}

TEST(eval_migration_upgrades_a_schema_2_file)
{
	char *path = test_path("old.db");
	sqlite3 *db;
	struct store *st;
	struct err err;
	sqlite3_stmt *q;
	int v = 0, n = 0;

	sqlite3_open(path, &db);
	for (int i = 0; i < store_n_migrations && store_migrations[i].version <= 2; i++)
		CHECK(sqlite3_exec(db, store_migrations[i].sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(path, 0, &st, &err) == ST_OK);
	store_close(st);
	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'eval_%'", -1, &q,
			   NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	CHECK(v == store_schema_version() && v >= 5);
	CHECK(n == 3);
	free(path);
}
