/* test_select.c: a whole selection: in memory (select_run.c: steps, ranking, budget,
 * quotas, sampling, curator overrides both ways, the trace) and over a project file
 * (engine_select: filters evaluated in memory agree with SQL, determinism, the stored
 * selection, why, the manifest). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine_decide.h"
#include "engine_internal.h"
#include "fixture.h"
#include "engine_select.h"
#include "store_internal.h"
#include "store_scores.h"
#include "util/sha256.h"

static struct recipe *
recipe_of(const char *json)
{
	struct recipe *r = NULL;
	struct err err;

	if (recipe_parse(json, "t", NULL, 0, &r, &err) != ST_OK)
		fprintf(stderr, "      %s\n", err.msg);
	return r;
}

/* Six samples, ids 10..15; score v = 1..6; one filter step that drops id 11. */
static const int64_t ids6[] = {10, 11, 12, 13, 14, 15};
static const double v6[] = {1, 2, 3, 4, 5, 6};
static const uint8_t pass6[] = {1, 0, 1, 1, 1, 1};

static void
run6(const char *json, const uint8_t *verdict, struct sel_output *out)
{
	struct recipe *r = recipe_of(json);
	const uint8_t *steps[] = {pass6};
	const double *cols[] = {v6};
	struct sel_input in = {6, ids6, verdict, r, steps, NULL, cols, v6, v6, {0}, 5};
	struct err err;

	CHECK(r && r->n_steps == 1);
	CHECK(sel_run(&in, out, &err) == ST_OK);
	recipe_free(r);
}

TEST(select_rank_budget_and_curator_overrides_both_ways)
{
	uint8_t none[6] = {0}, cur[6] = {0, 1, 0, 2, 0, 0};	/* 11 accepted, 13 rejected */
	struct sel_output o;

	run6("{\"filter\": \"x\", \"rank\": {\"score\": \"v\", \"direction\": \"higher\"},"
	     " \"budget\": {\"k\": 3}}", none, &o);
	CHECK(o.n_candidates == 5 && o.after_step[0] == 5 && o.n_recipe == 3 && o.n_final == 3);
	CHECK(o.final_ids[0] == 13 && o.final_ids[1] == 14 && o.final_ids[2] == 15);
	CHECK(o.trace[1].outcome == SEL_FILTERED && o.trace[1].failed == 1 && o.trace[1].rank == 0);
	CHECK(o.trace[5].rank == 1 && o.trace[3].rank == 3 && o.trace[2].outcome == SEL_BUDGET);
	sel_output_free(&o);
	run6("{\"filter\": \"x\", \"rank\": {\"score\": \"v\", \"direction\": \"higher\"},"
	     " \"budget\": {\"k\": 3}}", cur, &o);
	/* the accepted one is in though filtered; the rejected one is out though chosen */
	CHECK(o.n_recipe == 3 && o.n_added == 1 && o.n_removed == 1 && o.n_final == 3);
	CHECK(o.final_ids[0] == 11 && o.final_ids[1] == 14 && o.final_ids[2] == 15);
	CHECK(o.trace[1].final && !o.trace[3].final && o.trace[3].outcome == SEL_KEPT);
	sel_output_free(&o);
}

TEST(select_without_rank_keeps_every_candidate_and_fraction_budgets)
{
	uint8_t none[6] = {0};
	struct sel_output o;

	run6("{\"filter\": \"x\"}", none, &o);
	CHECK(o.n_final == 5 && o.n_ranked_out == 0);
	sel_output_free(&o);
	run6("{\"filter\": \"x\", \"budget\": {\"fraction\": 0.4}}", none, &o);	/* 2 of 5, id order */
	CHECK(o.n_final == 2 && o.final_ids[0] == 10 && o.final_ids[1] == 12);
	sel_output_free(&o);
	run6("{\"filter\": \"x\", \"rank\": {\"score\": \"v\", \"direction\": \"lower\"},"
	     " \"budget\": {\"k\": 2}}", none, &o);
	CHECK(o.n_final == 2 && o.final_ids[0] == 10 && o.final_ids[1] == 12);
	sel_output_free(&o);
}

TEST(select_quotas_random_and_dsir_record_their_outcomes)
{
	uint8_t none[6] = {0};
	struct sel_output o, o2;

	/* clusters are v itself here: six clusters of one; per_cluster 1 keeps all five */
	run6("{\"filter\": \"x\", \"rank\": {\"score\": \"v\", \"direction\": \"higher\"},"
	     " \"diversity\": {\"method\": \"cluster\", \"per_cluster\": 1}, \"budget\": {\"k\": 2}}",
	     none, &o);
	CHECK(o.n_final == 2 && o.trace[4].outcome == SEL_KEPT && o.trace[3].outcome == SEL_BUDGET);
	CHECK(o.trace[3].other == 4 && o.trace[3].rank == 3);
	sel_output_free(&o);
	run6("{\"filter\": \"x\", \"rank\": \"random\", \"budget\": {\"k\": 3}}", none, &o);
	run6("{\"filter\": \"x\", \"rank\": \"random\", \"budget\": {\"k\": 3}}", none, &o2);
	CHECK(o.n_final == 3 && o2.n_final == 3);
	CHECK(memcmp(o.final_ids, o2.final_ids, 3 * sizeof(int64_t)) == 0);	/* seeded */
	for (size_t i = 0; i < 3; i++)
		CHECK(o.final_ids[i] != 11);	/* only candidates are drawn */
	CHECK(o.trace[1].outcome == SEL_FILTERED);
	sel_output_free(&o);
	sel_output_free(&o2);
	/* dsir: log weights 1..6 apart by 1000 each: the top ones always win */
	double lw[6] = {0, 1000, 2000, 3000, 4000, 5000};
	struct recipe *r = recipe_of("{\"rank\": \"dsir\", \"budget\": {\"k\": 2}}");
	struct sel_input in = {6, ids6, none, r, NULL, NULL, NULL, NULL, lw, {0}, 1};
	struct err err;
	CHECK(sel_run(&in, &o, &err) == ST_OK);
	CHECK(o.n_final == 2 && o.final_ids[0] == 14 && o.final_ids[1] == 15);
	CHECK(o.trace[5].rank == 1 && o.trace[0].outcome == SEL_NOT_DRAWN);
	sel_output_free(&o);
	recipe_free(r);
}

TEST(select_diversity_without_vectors_says_what_to_do)
{
	uint8_t none[6] = {0};
	struct recipe *r = recipe_of("{\"diversity\": {\"method\": \"deita\"}}");
	struct sel_input in = {6, ids6, none, r, NULL, NULL, NULL, NULL, NULL, {0}, 1};
	struct sel_output o;
	struct err err;

	CHECK(sel_run(&in, &o, &err) == ST_USAGE);
	recipe_free(r);
}

TEST(trace_records_pack_and_unpack)
{
	struct sel_trace t = {-5, 0x8000000000000003ULL, 123456, SEL_QUOTA, 2, 1, 77}, u;
	unsigned char buf[SEL_TRACE_SIZE];

	sel_trace_pack(&t, buf);
	CHECK(buf[0] == 0xfb && buf[15] == 0x80);	/* little-endian */
	sel_trace_unpack(buf, &u);
	CHECK(u.id == -5 && u.failed == t.failed && u.rank == 123456 && u.outcome == SEL_QUOTA);
	CHECK(u.verdict == 2 && u.final == 1 && u.other == 77);
	char hex[65];
	int64_t ids[] = {1, 2};
	sel_ids_hash(ids, 2, hex);	/* sha256 of "1\n2\n" */
	CHECK_STR(hex, "a6e2b7a040683432de03a18fd8a1939a2fdf82585b364bfc874bdd4095c4cae1");
}

/* ---- over a project ---- */

static struct engine *
project(int n)
{
	char *in = test_path("in.jsonl");
	FILE *fp = fopen(in, "w");
	struct metric_def defs[] = {{"q", "quality", DIR_HIGHER, 0, 1e9},
				    {"flag_bad", "bad", DIR_FLAG, 0, 1}};
	struct score_writer *w = NULL;
	struct engine *e = NULL;
	struct err err;

	for (int i = 1; i <= n; i++)
		fprintf(fp, "{\"prompt\":\"p%d\",\"completion\":\"c%d%s\"}\n", i, i,
			i % 5 == 0 ? " refund" : "");
	fclose(fp);
	e = fixture_project("s.db", (const char *const *)&in, 1);
	CHECK(store_scores_prepare(e->store, "demo", "1", defs, 2, true, &err) == ST_OK);
	CHECK(store_score_writer_new(e->store, "demo", defs, 2, true, &w, &err) == ST_OK);
	for (int i = 1; i <= n; i++) {
		double v[2] = {(i * 37) % n, i % 7 == 0};
		if (i != 3)	/* sample 3 is not scored */
			CHECK(store_score_write(w, i, "1", v, i % 2 ? "en" : "fr", &err) == ST_OK);
	}
	store_score_writer_free(w);
	free(in);
	return e;
}

static char *
write_recipe(const char *json)
{
	char *path = test_path("r.json");
	FILE *fp = fopen(path, "w");

	fputs(json, fp);
	fclose(fp);
	return path;
}

/* The in-memory filter evaluation gives what SQL gives, for every kind of leaf. */
TEST(select_filters_in_memory_agree_with_sql)
{
	static const char *const filters[] = {
		"q >= 20", "flag_bad", "not flag_bad", "q == null", "q != null and q < 10",
		"note_demo == 'fr'", "note_demo != 'en'", "dataset == 'in.jsonl' and line > 30",
		"dataset == 1", "id <= 7 or id >= 90", "verdict == accept", "verdict != none",
		"regex(response, 'refund$') and not (q > 50)", "true", "false",
		/* top-level score comparisons: the query starts from scores (an index may serve) */
		"q >= 20 and not flag_bad", "q < 30 and (q > 5 or verdict == reject)",
		"not (q < 10 or flag_bad)", "q < 30 or not (q >= 10)", "q > 5 and q != 40",
	};
	struct engine *e = project(100);
	int64_t acc[] = {4, 9}, rej[] = {5};
	struct err err;

	CHECK(engine_decide(e, acc, 2, VERDICT_ACCEPT, &(struct decide_opts){.curator = "t"}, NULL,
			    NULL, &err) == ST_OK);
	CHECK(engine_decide(e, rej, 1, VERDICT_REJECT, &(struct decide_opts){.curator = "t"}, NULL,
			    NULL, &err) == ST_OK);
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		char json[512];
		struct select_result r;
		struct filter *f;
		int64_t n_sql = -1;
		snprintf(json, sizeof(json), "{\"filter\": \"%s\"}", filters[i]);
		char *path = write_recipe(json);
		struct select_opts o = {.recipe_file = path, .dry_run = true, .want_recipe_ids = true};
		CHECK(engine_filter_parse(e, filters[i], &f, &err) == ST_OK);
		CHECK(engine_filter_count(e, f, NULL, &n_sql, &err) == ST_OK);
		filter_free(f);
		CHECK(engine_select(e, &o, &r, &err) == ST_OK);
		if (r.n_candidates != n_sql)
			fprintf(stderr, "      %s: memory %lld, SQL %lld\n", filters[i],
				(long long)r.n_candidates, (long long)n_sql);
		CHECK(r.n_candidates == n_sql && (int64_t)r.n_recipe_ids == n_sql);
		select_result_free(&r);
		free(path);
	}
	engine_close(e);
}

TEST(select_is_stored_deterministic_and_explains_itself)
{
	struct engine *e = project(100);
	char *path = write_recipe("{\"filter\": \"not flag_bad\", \"search\": \"refund\","
				  " \"rank\": {\"score\": \"q\"}, \"budget\": {\"k\": 5}, \"seed\": 3}");
	struct select_opts o = {.recipe_file = path, .name = "top"};
	struct select_result a, b;
	struct why_result w;
	struct err err;
	int64_t *ids = NULL;
	size_t n;
	char hash[65];

	CHECK(engine_select(e, &o, &a, &err) == ST_OK);
	CHECK(a.stored && !a.replaced && a.n_samples == 100);
	CHECK(a.n_candidates == 18 && a.n_recipe == 5 && a.n_final == 5);	/* 20 refunds, 2 bad */
	CHECK(engine_select(e, &o, &b, &err) == ST_OK);
	CHECK(b.replaced && strcmp(a.hash, b.hash) == 0);
	CHECK(engine_selection_ids(e, "top", &ids, &n, hash, &err) == ST_OK);
	CHECK(n == 5 && strcmp(hash, a.hash) == 0);
	/* why: sample 35 is bad (35 % 7 == 0), sample 1 has no refund */
	CHECK(engine_why(e, "top", 35, &w, &err) == ST_OK);
	CHECK(!w.t.final && w.t.failed == 1 && w.recipe->n_steps == 1);
	why_result_free(&w);
	CHECK(engine_why(e, NULL, 1, &w, &err) == ST_OK);
	CHECK(w.t.failed == (1ULL << SEL_SEARCH_BIT) && strcmp(w.selection, "top") == 0);
	why_result_free(&w);
	CHECK(engine_why(e, "top", ids[0], &w, &err) == ST_OK);
	CHECK(w.t.final && w.t.outcome == SEL_KEPT && w.t.rank >= 1 && w.t.rank <= 5);
	why_result_free(&w);
	CHECK(engine_why(e, "top", 1000, &w, &err) == ST_NOTFOUND);
	CHECK(engine_why(e, "nope", 1, &w, &err) == ST_NOTFOUND);
	/* the manifest describes its output */
	char *out = test_path("sub.jsonl");
	struct selection_export_opts x = {.selection = "top", .out = out, .version = "test"};
	struct selection_export_result xr;
	char file_hash[65];
	CHECK(engine_export_selection(e, &x, &xr, &err) == ST_OK);
	CHECK(xr.n_rows == 5 && sha256_file(out, file_hash, NULL));
	CHECK_STR(file_hash, xr.out_hash);
	FILE *fp = fopen(xr.manifest_path, "r");
	char text[8192] = "";
	CHECK(fp && fread(text, 1, sizeof(text) - 1, fp) > 0);
	if (fp)
		fclose(fp);
	CHECK(strstr(text, file_hash) && strstr(text, a.hash) && strstr(text, "\"seed\": 3"));
	free(xr.manifest_path);
	/* ids that are not 1..N (a row deleted by hand) are read instead of assumed */
	CHECK(sqlite3_exec(e->store->db, "DELETE FROM scores WHERE sample_id = 50;"
			   "DELETE FROM samples WHERE id = 50", NULL, NULL, NULL) == SQLITE_OK);
	struct select_opts d = {.recipe_file = path, .dry_run = true};
	struct select_result dr;
	CHECK(engine_select(e, &d, &dr, &err) == ST_OK);
	CHECK(dr.n_samples == 99);
	select_result_free(&dr);
	free(out);
	free(ids);
	select_result_free(&a);
	select_result_free(&b);
	free(path);
	engine_close(e);
}
