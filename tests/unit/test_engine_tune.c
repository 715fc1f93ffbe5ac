/* test_engine_tune.c: threshold tuning through the engine, over a real project file: the
 * recount agrees with `winnow select` (engine_select) as cuts move, flags flip, filters
 * come and go, the budget and the curator change things; the margin at ties; the
 * suggested cut, its preview and its application; the recipe written back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine_decide.h"
#include "engine_select.h"
#include "engine_tune.h"

/* Row i (1-based id i+1) answers with words_of(i) distinct words; every fifth row repeats
 * one word, so resp_ttr differs; rows from `unscored` on are imported after scoring. */
static int
words_of(int i)
{
	return 1 + (i * 7) % 13;
}

static void
write_rows(const char *path, int from, int to)
{
	FILE *fp = fopen(path, "w");

	for (int i = from; i < to; i++) {
		fprintf(fp, "{\"instruction\":\"Question %d?\",\"output\":\"", i);
		for (int w = 0; w < words_of(i); w++)
			fprintf(fp, "%sw%d", w ? " " : "", i % 5 == 0 ? 0 : w);
		fprintf(fp, "\"}\n");
	}
	fclose(fp);
}

/* A project of n scored rows (text family) and, after them, n_late unscored ones. */
static struct engine *
project(int n, int n_late)
{
	char *db = test_path("t.db"), *a = test_path("a.jsonl"), *b = test_path("b.jsonl");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	const char *only[] = {"text"};
	struct score_opts so = {.only = only, .n_only = 1, .n_threads = 1};
	struct import_result ir;
	struct score_result sr;
	struct engine *e = NULL;
	struct err err;

	write_rows(a, 0, n);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&a, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &so, &sr, &err) == ST_OK);
	if (n_late) {
		write_rows(b, n, n + n_late);
		CHECK(engine_import(e, (const char *const *)&b, 1, &io, &ir, &err) == ST_OK);
		import_result_free(&ir);
	}
	free(db);
	free(a);
	free(b);
	return e;
}

/* Save the live recipe, run it as `winnow select --dry-run` would, compare the counts. */
static void
agrees_with_select(struct engine *e, struct tune_session *t)
{
	const struct tune_summary *s = engine_tune_summary(t);
	struct select_opts o = {.recipe = "tuned", .dry_run = true};
	struct select_result res;
	struct err err;

	CHECK(engine_tune_save(t, "tuned", &err) == ST_OK);
	CHECK(!engine_tune_changed(t));
	CHECK(engine_select(e, &o, &res, &err) == ST_OK);
	CHECK((size_t)res.n_candidates == s->candidates);
	CHECK((size_t)res.n_recipe == s->recipe);
	CHECK((size_t)res.n_final == s->final);
	CHECK((size_t)res.n_added == s->cur_added && (size_t)res.n_removed == s->cur_removed);
	if ((size_t)res.n_final != s->final)
		fprintf(stderr, "      select: %lld final, tune: %zu\n", (long long)res.n_final, s->final);
	select_result_free(&res);
}

static size_t
find_filter(struct tune_session *t, const char *text)
{
	for (size_t i = 0; i < engine_tune_n_filters(t); i++)
		if (strcmp(engine_tune_filter(t, i)->text, text) == 0)
			return i;
	return (size_t)-1;
}

TEST(tune_recount_agrees_with_select_as_the_recipe_changes)
{
	struct engine *e = project(60, 5);
	struct tune_session *t = NULL;
	struct err err;
	struct decide_opts d = {.curator = "t"};
	int64_t acc[] = {2, 3}, rej[] = {10};
	const char *json = "{\"ranges\": {\"resp_words\": {\"min\": 4, \"max\": 11}},"
			   " \"filter\": [\"resp_ttr > 0.5 and not resp_chars < 12\", \"id != 7 or resp_words > 8\"]}";

	CHECK(engine_recipe_save(e, "r", json, "r", false, &err) == ST_OK);
	CHECK(engine_decide(e, acc, 2, VERDICT_ACCEPT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, rej, 1, VERDICT_REJECT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t) {
		fprintf(stderr, "      %s\n", err.msg);
		engine_close(e);
		return;
	}
	/* the and of two comparisons is two cuts; the or is one fixed filter */
	CHECK(engine_tune_n_filters(t) == 5);
	CHECK(find_filter(t, "resp_ttr > 0.5") != (size_t)-1);
	CHECK(find_filter(t, "not resp_chars < 12") != (size_t)-1);
	CHECK(engine_tune_filter(t, find_filter(t, "resp_words >= 4"))->kind == TK_CUT);
	size_t fx = 0;
	while (fx < engine_tune_n_filters(t) && engine_tune_filter(t, fx)->kind != TK_FIXED)
		fx++;
	CHECK(fx < engine_tune_n_filters(t));
	agrees_with_select(e, t);
	/* move a cut: the kept count follows, and select agrees */
	size_t lo = find_filter(t, "resp_words >= 4");
	CHECK(engine_tune_set(t, lo, 9, &err) == ST_OK);
	CHECK(strcmp(engine_tune_filter(t, lo)->text, "resp_words >= 9") == 0);
	CHECK(engine_tune_changed(t));
	agrees_with_select(e, t);
	/* a flag added (unscored rows have none: "not" keeps them), a budget, a ranking */
	CHECK(engine_tune_add(t, "resp_wrods > 3", NULL, &err) == ST_BADQUERY);
	CHECK(engine_tune_add(t, "not resp_dup_line_frac", NULL, &err) == ST_OK);
	CHECK(engine_tune_set_rank(t, "resp_words 1 higher, resp_ttr 0.5", &err) == ST_OK);
	CHECK(engine_tune_set_budget(t, "10", &err) == ST_OK);
	CHECK(engine_tune_summary(t)->recipe == 10);
	agrees_with_select(e, t);
	CHECK(engine_tune_set_budget(t, "25%", &err) == ST_OK);
	agrees_with_select(e, t);
	CHECK(engine_tune_set_budget(t, "lots", &err) == ST_USAGE);
	CHECK(engine_tune_set_rank(t, "resp_words 1 sideways", &err) == ST_USAGE);
	CHECK(engine_tune_set_rank(t, "n_turns", &err) == ST_USAGE);	/* no better side */
	/* remove the fixed filter and a cut, flip a flag */
	engine_tune_remove(t, fx);
	engine_tune_remove(t, find_filter(t, "resp_ttr > 0.5"));
	size_t fl = find_filter(t, "not resp_dup_line_frac");
	CHECK(fl != (size_t)-1 && engine_tune_flip(t, fl, &err) == ST_OK);
	CHECK(strcmp(engine_tune_filter(t, fl)->text, "resp_dup_line_frac") == 0);
	CHECK(engine_tune_flip(t, find_filter(t, "resp_words <= 11"), &err) == ST_USAGE);
	agrees_with_select(e, t);
	CHECK(engine_tune_set_budget(t, "", &err) == ST_OK && engine_tune_set_rank(t, "", &err) == ST_OK);
	CHECK(engine_tune_flip(t, fl, &err) == ST_OK);
	agrees_with_select(e, t);
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_drops_alone_summary_and_the_stored_selection)
{
	struct engine *e = project(40, 0);
	struct tune_session *t = NULL;
	struct select_result res;
	struct err err;
	const char *json = "{\"ranges\": {\"resp_words\": {\"min\": 5}}, \"filter\": \"resp_words <= 10\"}";

	CHECK(engine_recipe_save(e, "r", json, "r", false, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	/* by hand: words 1..13 cycle as 1 + 7i mod 13 over i = 0..39 */
	size_t below = 0, above = 0, kept = 0;
	for (int i = 0; i < 40; i++) {
		below += words_of(i) < 5;
		above += words_of(i) > 10;
		kept += words_of(i) >= 5 && words_of(i) <= 10;
	}
	const struct tune_summary *s = engine_tune_summary(t);
	size_t lo = find_filter(t, "resp_words >= 5"), hi = find_filter(t, "resp_words <= 10");
	CHECK(lo == 1 && hi == 0);	/* a recipe's steps: filters, then ranges */
	CHECK(s->n_samples == 40 && s->candidates == kept && s->final == kept);
	CHECK(engine_tune_filter(t, lo)->drops == below && engine_tune_filter(t, lo)->alone == below);
	CHECK(engine_tune_filter(t, hi)->drops == above);
	CHECK(!s->has_last && s->n_datasets == 1 && s->datasets[0].total == 40);
	CHECK(s->datasets[0].final == kept && fabs(s->sdf - (double)kept / 40) < 1e-12);
	CHECK(engine_tune_select(t, "r", &res, &err) == ST_OK);
	CHECK((size_t)res.n_final == kept);
	select_result_free(&res);
	s = engine_tune_summary(t);
	CHECK(s->has_last && strcmp(s->last_name, "r") == 0 && s->last_n == kept);
	CHECK(s->vs_added == 0 && s->vs_removed == 0);
	CHECK(engine_tune_set(t, lo, 4, &err) == ST_OK);	/* words 4 come in */
	size_t four = 0;
	for (int i = 0; i < 40; i++)
		four += words_of(i) == 4;
	CHECK(s->vs_added == four && s->vs_removed == 0);
	/* nudging moves to multiples of the step: whole numbers step by 1 here */
	CHECK(engine_tune_step(t, lo) == 1);
	CHECK(engine_tune_nudge(t, lo, 2, &err) == ST_OK && engine_tune_filter(t, lo)->cut.value == 6);
	CHECK(engine_tune_nudge(t, lo, -1, &err) == ST_OK && engine_tune_filter(t, lo)->cut.value == 5);
	CHECK(engine_tune_to_percentile(t, lo, 0, &err) == ST_OK);
	CHECK(engine_tune_filter(t, lo)->cut.value == 1);	/* the minimum */
	CHECK(engine_tune_to_percentile(t, lo, 101, &err) == ST_USAGE);
	engine_tune_close(t);
	/* opened with no recipe named: the latest selection's */
	CHECK(engine_tune_open(e, NULL, (struct progress_sink){0}, &t, &err) == ST_OK);
	CHECK(t && strcmp(engine_tune_source(t), "selection 'r'") == 0);
	CHECK(t && engine_tune_summary(t)->vs_added == 0);
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_margin_is_nearest_first_with_ties_by_id)
{
	struct engine *e = project(26, 0);
	struct tune_session *t = NULL;
	struct tune_margin_row in[4], out[4];
	size_t n_in, n_out;
	struct err err;

	/* words: ids 1..26 have 1 + 7i mod 13 (i = id - 1): 1,8,2,9,3,10,4,11,5,12,6,13,7,... */
	CHECK(engine_recipe_save(e, "r", "{\"filter\": \"resp_words >= 7 and resp_words <= 12\"}",
				 "r", false, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	engine_tune_margin(t, 0, 3, in, &n_in, out, &n_out);
	/* inside, nearest 7: words 7 at ids 13 and 26 (a tie, by id), then 8 at id 2 */
	CHECK(n_in == 3 && in[0].id == 13 && in[1].id == 26 && in[2].id == 2);
	CHECK(in[0].value == 7 && in[0].inside);
	/* outside, nearest: 6 at ids 11 and 24, then 5 at id 9 (12 and 13 words pass this cut;
	 * 13 fails the other one, so id 12 is in neither list) */
	CHECK(n_out == 3 && out[0].id == 11 && out[1].id == 24 && out[2].id == 9 && !out[0].inside);
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_suggested_cut_previewed_and_applied)
{
	struct engine *e = project(26, 0);
	struct tune_session *t = NULL;
	struct tune_suggestion s;
	struct tune_preview p;
	struct auc a;
	struct err err;
	struct decide_opts d = {.curator = "t"};
	/* accept the long answers (words >= 9: ids 2 4 6 8 10 12), reject the short (1, 3, 5) */
	int64_t acc[] = {2, 4, 6, 8, 10, 12}, rej[] = {1, 3, 5};

	CHECK(engine_decide(e, acc, 6, VERDICT_ACCEPT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, rej, 3, VERDICT_REJECT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_recipe_save(e, "r", "{\"ranges\": {\"resp_words\": {\"min\": 2}}}", "r", false,
				 &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	size_t w = score_matrix_col(engine_tune_matrix(t), "resp_words"), na, nr;
	engine_tune_labels(t, &na, &nr);
	CHECK(na == 6 && nr == 3);
	engine_tune_auc(t, w, &a);
	CHECK(a.auc == 1 && a.n_pos == 6 && a.n_neg == 3);	/* every accepted one is longer */
	CHECK(engine_tune_side(t, w) == TUNE_GE);	/* from the range's min */
	/* the recipe keeps words >= 2: ids 1 (1 word) is dropped; 3 and 5 are kept (2, 3) */
	struct tune_confusion c;
	engine_tune_confusion(t, &c);
	CHECK(c.tp == 6 && c.fp == 2 && c.tn == 1 && c.fn == 0);
	engine_tune_suggest(t, w, TUNE_GE, &s);
	/* the accepted have 8..12 words, the rejected 1..3: F1 1 from >= 8, the cut that keeps
	 * the most of the best ones (the lowest labelled value reaching F1 1 is 8) */
	CHECK(s.f1 == 1 && s.f1_value == 8 && s.j == 1 && s.j_value == 8);
	engine_tune_preview(t, w, TUNE_GE, s.f1_value, &p);
	size_t kept8 = 0;
	for (int i = 0; i < 26; i++)
		kept8 += words_of(i) >= 8;
	CHECK(!p.adds && p.filter == 0 && p.after == kept8 && p.before == 26 - 2);
	CHECK(p.c_after.tp == 6 && p.c_after.fp == 0 && p.c_after.f1 == 1);
	size_t f;
	CHECK(engine_tune_apply(t, w, TUNE_GE, s.f1_value, &f, &err) == ST_OK && f == 0);
	CHECK(engine_tune_filter(t, 0)->cut.value == 8 && engine_tune_summary(t)->candidates == kept8);
	/* on a score no filter reads, applying adds a filter */
	size_t ttr = score_matrix_col(engine_tune_matrix(t), "resp_ttr");
	CHECK(engine_tune_apply(t, ttr, TUNE_GE, 0.5, &f, &err) == ST_OK && f == 1);
	CHECK(strcmp(engine_tune_filter(t, 1)->text, "resp_ttr >= 0.5") == 0);
	/* a decision made here moves the counts at once */
	engine_tune_set_verdict(t, 7, VERDICT_ACCEPT);
	engine_tune_labels(t, &na, &nr);
	CHECK(na == 7);
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_recipe_written_back_keeps_ranges_flags_and_the_rest)
{
	struct engine *e = project(10, 0);
	struct tune_session *t = NULL;
	struct err err;
	const char *json = "{\"description\": \"d\", \"ranges\": {\"resp_words\": {\"min\": 2, \"max\": 9}},"
			   " \"flags\": {\"resp_dup_line_frac\": false}, \"regex\": \"w\","
			   " \"rank\": \"resp_ttr\", \"budget\": {\"fraction\": 0.5}, \"seed\": 7}";

	CHECK(engine_recipe_save(e, "r", json, "r", false, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	CHECK(engine_tune_set(t, 1, 8, &err) == ST_OK);	/* max 9 -> 8 */
	char *out = engine_tune_json(t), *rank = engine_tune_rank_text(t),
	     *budget = engine_tune_budget_text(t);
	CHECK(strstr(out, "\"resp_words\": {\"min\": 2, \"max\": 8}") != NULL);
	CHECK(strstr(out, "\"flags\": {\"resp_dup_line_frac\": false}") != NULL);
	CHECK(strstr(out, "\"pattern\": \"w\"") && strstr(out, "\"seed\": 7"));
	CHECK(strstr(out, "\"description\": \"d\"") && strstr(out, "\"fraction\": 0.5"));
	CHECK_STR(rank, "resp_ttr 1 higher");
	CHECK_STR(budget, "50%");
	free(out);
	free(rank);
	free(budget);
	engine_tune_remove(t, 3);	/* the regex */
	out = engine_tune_json(t);
	CHECK(strstr(out, "\"regex\": null") != NULL);
	CHECK(engine_recipe_check(e, out, "t", NULL, &err) == ST_OK);
	free(out);
	CHECK(engine_tune_save(t, "default", &err) == ST_USAGE);
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_cuts_at_fractional_values_agree_with_select)
{
	/* every fifth row repeats one word: resp_ttr = 1/words there (0.1, 1/3, 1/7, ...),
	 * values a float cannot hold exactly; the others have 1 */
	struct engine *e = project(60, 0);
	struct tune_session *t = NULL;
	struct tune_suggestion s;
	struct decide_opts d = {.curator = "t"};
	int64_t acc[] = {16, 31}, rej[] = {46, 41};	/* ttr 0.5, 1/3; 0.25, 0.125 */
	struct err err;
	size_t at;

	CHECK(engine_recipe_save(e, "r", "{\"ranges\": {\"resp_ttr\": {\"max\": 0.1}}}", "r", false,
				 &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	CHECK(engine_tune_summary(t)->candidates == 4);	/* 0.1 itself is kept, as in SQL */
	agrees_with_select(e, t);
	/* the 16th of 60 sorted values is 1/3; nothing scores between it and 0.5, so the cut
	 * is the shortest value there: <= 0.4 keeps what <= 1/3 keeps */
	CHECK(engine_tune_to_percentile(t, 0, 15.3, &err) == ST_OK);
	CHECK(engine_tune_filter(t, 0)->cut.value == 0.4);
	CHECK(engine_tune_summary(t)->candidates == 10);
	agrees_with_select(e, t);
	CHECK(engine_tune_add(t, "resp_ttr >= 0.1", NULL, &err) == ST_OK);
	CHECK(engine_tune_to_percentile(t, 1, 15.3, &err) == ST_OK);
	CHECK(engine_tune_filter(t, 1)->cut.value == 0.3);	/* the next value down is 0.25 */
	CHECK(engine_tune_summary(t)->candidates == 1);	/* only 1/3 is in [0.3, 0.4] */
	agrees_with_select(e, t);
	engine_tune_remove(t, 1);
	/* a suggested cut (the decided sample's 1/3) is written short the same way */
	CHECK(engine_decide(e, acc, 2, VERDICT_ACCEPT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, rej, 2, VERDICT_REJECT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_tune_reload_verdicts(t, &err) == ST_OK);
	size_t ttr = score_matrix_col(engine_tune_matrix(t), "resp_ttr");
	engine_tune_suggest(t, ttr, TUNE_GE, &s);
	CHECK(s.f1 == 1 && s.f1_value == (float)(1.0 / 3));
	CHECK(engine_tune_apply(t, ttr, TUNE_GE, s.f1_value, &at, &err) == ST_OK && at == 1);
	CHECK(engine_tune_filter(t, at)->cut.value == 0.3);
	agrees_with_select(e, t);
	engine_tune_close(t);
	engine_close(e);
}

/* Save, select (stored), and the session must choose the very same samples. */
static void
same_set_as_select(struct tune_session *t, const char *name)
{
	struct select_result res;
	struct err err;

	CHECK(engine_tune_save(t, name, &err) == ST_OK);
	CHECK(engine_tune_select(t, name, &res, &err) == ST_OK);
	CHECK((size_t)res.n_final == engine_tune_summary(t)->final);
	CHECK(engine_tune_summary(t)->vs_added == 0 && engine_tune_summary(t)->vs_removed == 0);
	select_result_free(&res);
}

TEST(tune_budgets_choose_the_same_samples_as_select)
{
	/* 300 rows, 13 distinct word counts: a budget cuts through runs of ties */
	struct engine *e = project(300, 0);
	struct tune_session *t = NULL;
	struct decide_opts d = {.curator = "t"};
	int64_t acc[] = {1, 2}, rej[] = {4, 6};
	struct err err;

	CHECK(engine_decide(e, acc, 2, VERDICT_ACCEPT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, rej, 2, VERDICT_REJECT, &d, NULL, NULL, &err) == ST_OK);
	CHECK(engine_recipe_save(e, "r", "{\"filter\": \"resp_words >= 2\"}", "r", false, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (!t)
		return;
	CHECK(engine_tune_set_budget(t, "37", &err) == ST_OK);	/* no ranking: file order */
	CHECK(engine_tune_summary(t)->recipe == 37);
	same_set_as_select(t, "b1");
	CHECK(engine_tune_set_rank(t, "resp_words higher", &err) == ST_OK);
	same_set_as_select(t, "b2");
	CHECK(engine_tune_set_rank(t, "resp_words lower", &err) == ST_OK);
	CHECK(engine_tune_set_budget(t, "0.3", &err) == ST_OK);
	same_set_as_select(t, "b3");
	CHECK(engine_tune_set_rank(t, "resp_ttr 2, resp_words 1 higher, resp_chars 0.5 lower", &err) == ST_OK);
	CHECK(engine_tune_set_budget(t, "61", &err) == ST_OK);
	same_set_as_select(t, "b4");
	CHECK(engine_tune_set_rank(t, "random", &err) == ST_OK);	/* through select_run itself */
	same_set_as_select(t, "b5");
	engine_tune_close(t);
	engine_close(e);
}

TEST(tune_summary_by_cluster_largest_first)
{
	/* the k-means `cluster` score (vec + kmeans families); the groups are counted here
	 * from the matrix, the session must agree and list them largest first */
	char *db = test_path("k.db"), *a = test_path("a.jsonl");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	const char *only[] = {"text", "vec", "kmeans"};
	struct score_opts so = {.only = only, .n_only = 3, .n_threads = 1};
	struct import_result ir;
	struct score_result sr;
	struct tune_session *t = NULL;
	struct engine *e = NULL;
	struct err err;

	write_rows(a, 0, 60);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&a, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &so, &sr, &err) == ST_OK);
	CHECK(engine_recipe_save(e, "r", "{\"filter\": \"resp_words >= 5\"}", "r", false, &err) == ST_OK);
	CHECK(engine_tune_open(e, "r", (struct progress_sink){0}, &t, &err) == ST_OK);
	if (t) {
		const struct tune_summary *s = engine_tune_summary(t);
		const struct score_matrix *m = engine_tune_matrix(t);
		size_t c = score_matrix_col(m, "cluster"), w = score_matrix_col(m, "resp_words");
		CHECK(s->has_clusters && s->n_clusters >= 2 && c < m->n_cols);
		for (size_t g = 0; c < m->n_cols && g < s->n_clusters; g++) {
			size_t total = 0, kept = 0;
			for (size_t r = 0; r < m->n_rows; r++)
				if (!isnan(m->cols[c][r]) &&
				    strtol(s->clusters[g].name + 1, NULL, 10) == lroundf(m->cols[c][r])) {
					total++;
					kept += m->cols[w][r] >= 5;
				}
			CHECK(s->clusters[g].total == total && s->clusters[g].final == kept);
			CHECK(g == 0 || s->clusters[g - 1].total >= s->clusters[g].total);
		}
	}
	engine_tune_close(t);
	engine_close(e);
	free(db);
	free(a);
}
