/* test_browse.c: the TUI's sample list (engine_browse_*): keyset pages in id and score
 * order, both directions, rows without a value last, limits (small and large id sets,
 * FTS), search hits, ranks; and the detail reads (percentiles, clusters, highlighting). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine.h"
#include "engine_browse.h"

#define N_ROWS 25000

/* x = (id * 37) % 101, NULL when id % 13 == 0; flag_odd = id % 2. */
static bool
x_null(int64_t id)
{
	return id % 13 == 0;
}

static double
x_of(int64_t id)
{
	return (double)((id * 37) % 101);
}

static void
sql(const char *db, const char *text)
{
	sqlite3 *h;
	char *msg = NULL;

	CHECK(sqlite3_open(db, &h) == SQLITE_OK);
	if (sqlite3_exec(h, text, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "sql: %s\n", msg);
		CHECK(!"sql failed");
	}
	sqlite3_free(msg);
	sqlite3_close(h);
}

static struct engine *
project(int rows)
{
	char *db = test_path("b.winnow.db"), *in = test_path("in.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e = NULL;
	struct err err;

	for (int i = 1; i <= rows; i++)
		fprintf(fp, "{\"instruction\":\"Question %d about %s?\",\"output\":\"Answer %d.\"}\n", i,
			i % 100 == 0 ? "refunds" : "topics", i);
	fclose(fp);
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK);
	import_result_free(&res);
	engine_close(e);
	sql(db, "ALTER TABLE scores ADD COLUMN x REAL; ALTER TABLE scores ADD COLUMN flag_odd REAL;"
		"INSERT INTO scores(sample_id, x, flag_odd) SELECT id, CASE WHEN id % 13 = 0 THEN"
		" NULL ELSE (id * 37) % 101 END, id % 2 FROM samples;"
		"INSERT INTO scorers VALUES ('x', 'test', 't', 'higher', 0, 100, 'a test score'),"
		" ('flag_odd', 'test', 't', 'flag', 0, 1, 'odd ids');");
	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	free(db);
	free(in);
	return e;
}

struct ref {
	int64_t id;
	double v;
	bool nul;
};

static bool desc_order;

static int
cmp_ref(const void *pa, const void *pb)
{
	const struct ref *a = pa, *b = pb;

	if (a->nul != b->nul)
		return a->nul ? 1 : -1;
	if (a->nul || a->v == b->v)
		return a->nul || !desc_order ? (a->id > b->id) - (a->id < b->id)
					     : (a->id < b->id) - (a->id > b->id);
	return desc_order ? (a->v < b->v) - (a->v > b->v) : (a->v > b->v) - (a->v < b->v);
}

/* The expected order of the ids that keep(id) accepts. */
static struct ref *
expected(int rows, bool (*keep)(int64_t), bool by_x, bool desc, size_t *n)
{
	struct ref *r = calloc((size_t)rows, sizeof(*r));

	*n = 0;
	for (int64_t id = 1; id <= rows; id++)
		if (!keep || keep(id))
			r[(*n)++] = (struct ref){id, by_x ? x_of(id) : 0, by_x && x_null(id)};
	desc_order = desc;
	if (by_x || desc)
		qsort(r, *n, sizeof(*r), cmp_ref);
	return r;
}

/* Walk the whole list in pages of `page`, forward or backward; ids in list order. */
static int64_t *
walk(struct browse *b, size_t page, bool backward, size_t *n)
{
	int64_t *ids = calloc(N_ROWS + 1, sizeof(*ids));
	struct browse_key key;
	bool have = false;
	struct err err;

	*n = 0;
	for (;;) {
		struct browse_row *rows;
		size_t got;
		CHECK(engine_browse_page(b, have ? &key : NULL, backward, page, &rows, &got, &err) == ST_OK);
		for (size_t i = 0; i < got && *n < N_ROWS; i++)
			ids[(*n)++] = rows[backward ? got - 1 - i : i].id;
		if (got)
			key = rows[backward ? 0 : got - 1].key;
		have = true;
		engine_browse_rows_free(rows, got);
		if (got < page)
			break;
	}
	if (backward)
		for (size_t i = 0; i < *n / 2; i++) {
			int64_t t = ids[i];
			ids[i] = ids[*n - 1 - i];
			ids[*n - 1 - i] = t;
		}
	return ids;
}

static bool
same_order(const int64_t *got, size_t n, const struct ref *want, size_t m)
{
	if (n != m) {
		fprintf(stderr, "      %zu rows, expected %zu\n", n, m);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i].id) {
			fprintf(stderr, "      row %zu: id %lld, expected %lld\n", i, (long long)got[i],
				(long long)want[i].id);
			return false;
		}
	return true;
}

static void
check_list(struct browse *b, bool (*keep)(int64_t), bool by_x, bool desc, size_t page)
{
	size_t n_want, n_fwd, n_back;
	struct ref *want = expected(N_ROWS, keep, by_x, desc, &n_want);
	int64_t *fwd = walk(b, page, false, &n_fwd), *back = walk(b, page, true, &n_back);
	struct err err;

	CHECK(engine_browse_count(b) == (int64_t)n_want);
	CHECK(same_order(fwd, n_fwd, want, n_want));
	CHECK(same_order(back, n_back, want, n_want));
	for (size_t i = 0; i < n_want; i += n_want / 7 + 1) {	/* ranks of a few rows */
		struct browse_key key;
		bool found;
		int64_t rank = -1;
		CHECK(engine_browse_key_of(b, want[i].id, &key, &found, &err) == ST_OK && found);
		CHECK(engine_browse_rank(b, &key, &rank, &err) == ST_OK);
		CHECK(rank == (int64_t)i);
	}
	free(want);
	free(fwd);
	free(back);
}

static bool
keep_small(int64_t id)
{
	return id % 97 == 3;
}

static bool
keep_large(int64_t id)
{
	return id % 5 != 0;	/* 20,000 of 25,000: walks the index */
}

static bool
keep_refund(int64_t id)
{
	return id % 100 == 0;
}

static void
limit_to(struct browse *b, bool (*keep)(int64_t))
{
	int64_t *ids = calloc(N_ROWS, sizeof(*ids));
	size_t n = 0;
	struct err err;

	for (int64_t id = N_ROWS; id >= 1; id--)	/* any order will do */
		if (keep(id))
			ids[n++] = id;
	CHECK(engine_browse_limit(b, NULL, ids, n, &err) == ST_OK);
	free(ids);
}

TEST(browse_orders_and_limits)
{
	struct engine *e = project(N_ROWS);
	struct browse *b;
	struct err err;
	const char *cols[] = {"x"};

	CHECK(engine_browse_new(e, &b, &err) == ST_OK);
	CHECK(engine_browse_columns(b, cols, 1, &err) == ST_OK);
	check_list(b, NULL, false, false, 977);
	CHECK(engine_browse_sort(b, "x", false, &err) == ST_OK);
	check_list(b, NULL, true, false, 1000);
	CHECK(engine_browse_sort(b, "x", true, &err) == ST_OK);
	check_list(b, NULL, true, true, 3001);
	limit_to(b, keep_large);
	check_list(b, keep_large, true, true, 999);
	CHECK(engine_browse_sort(b, "x", false, &err) == ST_OK);
	check_list(b, keep_large, true, false, 2500);
	limit_to(b, keep_small);
	check_list(b, keep_small, true, false, 7);
	CHECK(engine_browse_sort(b, NULL, true, &err) == ST_OK);
	check_list(b, keep_small, false, true, 10);
	CHECK(engine_browse_sort(b, "nope", false, &err) == ST_USAGE);
	CHECK(engine_browse_limit(b, "refunds", NULL, 0, &err) == ST_OK);
	CHECK(engine_browse_sort(b, "x", false, &err) == ST_OK);
	check_list(b, keep_refund, true, false, 13);
	CHECK(engine_browse_limit(b, "\"unbalanced", NULL, 0, &err) == ST_BADQUERY);
	CHECK(engine_browse_count(b) == N_ROWS);	/* a bad query leaves the whole list */
	engine_browse_free(b);
	engine_close(e);
}

TEST(browse_rows_carry_values_flags_and_hits)
{
	struct engine *e = project(300);
	struct browse *b;
	struct browse_row *rows;
	struct browse_key key;
	size_t n;
	int64_t hits = 0;
	bool found;
	struct err err;
	const char *cols[] = {"x"};

	CHECK(engine_browse_new(e, &b, &err) == ST_OK);
	CHECK(engine_browse_columns(b, cols, 1, &err) == ST_OK);
	CHECK(engine_browse_search(b, "refunds", &hits, &err) == ST_OK);
	CHECK(hits == 3 && engine_browse_hits(b) == 3);
	CHECK(engine_browse_page(b, NULL, false, 200, &rows, &n, &err) == ST_OK && n == 200);
	CHECK(rows[0].id == 1 && strcmp(rows[0].flags, "odd") == 0 && rows[1].flags[0] == 0);
	CHECK(rows[0].vals[0] == x_of(1) && !rows[0].nul[0] && rows[12].nul[0]);
	CHECK(strcmp(rows[0].preview, "Question 1 about topics?") == 0);
	CHECK(rows[99].hit && !rows[98].hit);
	engine_browse_rows_free(rows, n);
	CHECK(engine_browse_next_hit(b, NULL, false, &key, &found, &err) == ST_OK && found);
	CHECK(key.id == 100);
	CHECK(engine_browse_next_hit(b, &key, false, &key, &found, &err) == ST_OK && key.id == 200);
	CHECK(engine_browse_next_hit(b, NULL, true, &key, &found, &err) == ST_OK && key.id == 300);
	CHECK(engine_browse_next_hit(b, &key, false, &key, &found, &err) == ST_OK && !found);
	CHECK(engine_browse_search(b, "AND AND", &hits, &err) == ST_BADQUERY);
	CHECK(engine_browse_hits(b) == 3);	/* the old search stays */
	engine_browse_free(b);
	engine_close(e);
}

TEST(browse_percentiles_and_histogram)
{
	struct engine *e = project(300);
	struct sample_score *sc;
	struct dist_summary s;
	int64_t hist[4];
	size_t n;
	struct err err;
	int x;

	CHECK(engine_dist_load(e, &err) == ST_OK);
	x = engine_column_find(e, "x");
	CHECK(x >= 0);
	engine_dist_summary(e, (size_t)x, &s);
	CHECK(s.n == 300 - 300 / 13 && s.n_null == 300 / 13 && !s.sampled);
	CHECK(s.min == 0 && s.max == 100);
	CHECK(engine_percentile(e, (size_t)x, -1) == 0 && engine_percentile(e, (size_t)x, 101) == 100);
	engine_histogram(e, (size_t)x, 4, hist);
	CHECK(hist[0] + hist[1] + hist[2] + hist[3] == (int64_t)s.n);
	CHECK(engine_sample_scores(e, 2, &sc, &n, &err) == ST_OK);
	CHECK(sc[x].value == x_of(2) && !sc[x].nul);
	CHECK(fabs(sc[x].pct - engine_percentile(e, (size_t)x, x_of(2))) < 1e-9);
	free(sc);
	engine_close(e);
}

struct spans {
	size_t start[8], end[8];
	size_t n;
};

static void
add_span(void *ctx, size_t start, size_t end)
{
	struct spans *s = ctx;

	if (s->n < 8) {
		s->start[s->n] = start;
		s->end[s->n++] = end;
	}
}

TEST(highlight_terms)
{
	const char *text = "Refund the REFUNDS; refundable? No: \"full refund\" 退款 ok";
	struct terms *t = engine_terms_new("response:refund OR \"full refund\" NOT refunda* 退款");
	struct spans s = {0};

	engine_term_spans(t, text, strlen(text), add_span, &s);
	CHECK(s.n == 5);
	CHECK(s.start[0] == 0 && s.end[0] == 6);	/* Refund, case folded */
	CHECK(s.start[1] == 20 && s.end[1] == 30);	/* refundable via refunda* */
	CHECK(s.start[2] == 37 && s.end[2] == 41);	/* full */
	CHECK(s.start[3] == 42 && s.end[3] == 48);	/* refund */
	CHECK(s.start[4] == 50 && s.end[4] == 56);	/* 退款 */
	engine_terms_free(t);
}

TEST(rule_spans_show_where_a_rule_fired)
{
	struct engine *e = project(10);
	const char *text = "Sure. As an AI language model, I cannot do that.";
	struct spans s = {0};

	engine_rule_spans(e, "refusal#1", false, text, strlen(text), add_span, &s);
	CHECK(s.n == 1 && s.start[0] == 6 && s.end[0] > 30);
	s.n = 0;
	engine_rule_spans(e, "refusal#1", true, text, strlen(text), add_span, &s);
	CHECK(s.n == 0);	/* a response rule does not read the prompt */
	engine_rule_spans(e, "nosuch#1", false, text, strlen(text), add_span, &s);
	CHECK(s.n == 0);
	engine_close(e);
}

TEST(random_pick_is_seeded_and_a_subset)
{
	int64_t a[100], b[100];
	size_t na = 100, nb = 100, nc = 5;
	int64_t c[5] = {5, 4, 3, 2, 1};

	for (int i = 0; i < 100; i++)
		a[i] = b[i] = 1000 + i;
	engine_random_pick(a, &na, 10, 7);
	engine_random_pick(b, &nb, 10, 7);
	CHECK(na == 10 && nb == 10 && memcmp(a, b, sizeof(int64_t) * 10) == 0);
	for (size_t i = 0; i < na; i++)
		CHECK(a[i] >= 1000 && a[i] < 1100 && (i == 0 || a[i] > a[i - 1]));
	for (int i = 0; i < 100; i++)
		b[i] = 1000 + i;
	nb = 100;
	engine_random_pick(b, &nb, 10, 8);
	CHECK(memcmp(a, b, sizeof(int64_t) * 10) != 0);	/* another seed, another pick */
	engine_random_pick(c, &nc, 10, 1);
	CHECK(nc == 5 && c[0] == 5);	/* k >= n keeps everything as it was */
}

TEST(least_certain_is_nearest_a_threshold)
{
	struct engine *e = project(300);
	struct filter *f = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	struct err err;

	CHECK(engine_filter_parse(e, "x >= 50", &f, &err) == ST_OK);
	CHECK(engine_least_certain(e, f, 20, &ids, &n, &err) == ST_OK);
	CHECK(n == 20);
	for (size_t i = 0; i < n; i++) {	/* x = (id*37) % 101: every pick is within 4 */
		CHECK(!x_null(ids[i]) && x_of(ids[i]) >= 46 && x_of(ids[i]) <= 54);
		CHECK(i == 0 || ids[i] > ids[i - 1]);
	}
	free(ids);
	filter_free(f);
	CHECK(engine_filter_parse(e, "x >= 50 or flag_odd", &f, &err) == ST_OK);
	CHECK(engine_least_certain(e, f, 20, &ids, &n, &err) == ST_USAGE && n == 0);
	CHECK(strstr(err.msg, "joined by 'and'") != NULL);
	filter_free(f);
	engine_close(e);
}

TEST(browse_rows_carry_verdicts)
{
	struct engine *e = project(50);
	struct browse *b;
	struct browse_row *rows;
	struct decide_opts o = {"tester", NULL, NULL, NULL};
	int64_t ids[] = {2, 4}, *all = NULL;
	size_t n;
	struct err err;

	CHECK(engine_browse_new(e, &b, &err) == ST_OK);
	CHECK(engine_decide(e, ids, 1, VERDICT_ACCEPT, &o, NULL, NULL, &err) == ST_OK);
	CHECK(engine_decide(e, ids + 1, 1, VERDICT_REJECT, &o, NULL, NULL, &err) == ST_OK);
	CHECK(engine_browse_page(b, NULL, false, 5, &rows, &n, &err) == ST_OK && n == 5);
	CHECK(rows[0].verdict == VERDICT_NONE && rows[1].verdict == VERDICT_ACCEPT);
	CHECK(rows[3].verdict == VERDICT_REJECT);
	engine_browse_rows_free(rows, n);
	CHECK(engine_browse_limit(b, NULL, ids, 2, &err) == ST_OK);
	CHECK(engine_browse_ids(b, &all, &n, &err) == ST_OK && n == 2 && all[0] == 2 && all[1] == 4);
	free(all);
	engine_browse_free(b);
	engine_close(e);
}

static int64_t *
least(struct engine *e, const char *text, size_t k, size_t *n, enum status *rc)
{
	struct filter *f = NULL;
	int64_t *ids = NULL;
	struct err err;

	*n = 0;
	*rc = engine_filter_parse(e, text, &f, &err);
	if (*rc == ST_OK)
		*rc = engine_least_certain(e, f, k, &ids, n, &err);
	filter_free(f);
	return ids;
}

TEST(least_certain_reads_not_and_flags_as_a_recipe_does)
{
	struct engine *e = project(300);
	size_t n1, n2, n3;
	enum status rc;
	int64_t *a = least(e, "x >= 50", 20, &n1, &rc);
	int64_t *b = least(e, "not (x < 50)", 20, &n2, &rc);
	int64_t *c = least(e, "x >= 50 and not flag_odd", 300, &n3, &rc);

	CHECK(rc == ST_OK && n1 == 20 && n2 == 20 && memcmp(a, b, 20 * sizeof(*a)) == 0);
	for (size_t i = 0; i < n1; i++)	/* on the inclusive bound is not near it */
		CHECK(x_of(a[i]) != 50);
	/* an odd id fails the flag cut by one (margin 1, or more with x), an even one is
	 * decided by x alone: the 20 nearest are all even ids next to 50 */
	free(a);
	a = least(e, "x >= 50 and not flag_odd", 20, &n1, &rc);
	for (size_t i = 0; i < n1; i++)
		CHECK(a[i] % 2 == 0 && x_of(a[i]) >= 40 && x_of(a[i]) <= 60);
	CHECK(n3 > 0 && n3 <= 300);
	free(a);
	free(b);
	free(c);
	a = least(e, "not (x >= 50 and flag_odd)", 20, &n1, &rc);
	CHECK(rc == ST_USAGE && !a);
	engine_close(e);
}
