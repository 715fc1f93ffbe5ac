/* test_eval_points.c: eval_opts.on_point, the live curve the TUI's evaluation view draws:
 * every point of each model's training curve, in order, equal to what is stored. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine.h"
#include "fixture.h"
#include "util/xalloc.h"

struct seen {
	struct curve_point pts[EVAL_N_MODELS][512];
	size_t n[EVAL_N_MODELS];
	int64_t budget[EVAL_N_MODELS];
	int order_errors;
	int last_model;
};

static void
on_point(void *ctx, int model, const struct curve_point *pt, int64_t budget)
{
	struct seen *s = ctx;

	if (model < s->last_model || model < 0 || model >= EVAL_N_MODELS || s->n[model] >= 512) {
		s->order_errors++;
		return;
	}
	s->last_model = model;
	s->pts[model][s->n[model]++] = *pt;
	s->budget[model] = budget;
}

static struct engine *
points_project(void)
{
	const char *files[] = {"samples/alpaca.jsonl"};

	return fixture_project("points.db", files, 1);
}

TEST(eval_on_point_reports_each_stored_curve_point_live)
{
	struct engine *e = points_project();
	static struct seen s;
	int64_t ids[100];
	struct eval_result res;
	struct err err;

	memset(&s, 0, sizeof(s));
	for (int i = 0; i < 100; i++)
		ids[i] = 2 * i + 1;
	struct eval_opts o = {.subset_ids = ids, .n_subset = 100, .selection = "ids:test",
			      .model = {.max_seq = 32, .n_layer = 1, .n_head = 2, .n_embd = 16},
			      .budget = 6000, .on_point = on_point, .point_ctx = &s};
	o.train.curve_points = 0;
	CHECK(engine_eval(e, &o, &res, &err) == ST_OK);
	CHECK(s.order_errors == 0);
	for (int m = 0; m < EVAL_N_MODELS; m++) {
		struct curve_point *c = NULL;
		size_t n = 0;
		CHECK(engine_eval_curve(e, res.run_id, m, &c, &n, &err) == ST_OK);
		CHECK(n > 1 && n == s.n[m]);
		CHECK(s.budget[m] == 6000);
		for (size_t i = 0; i < n && i < s.n[m]; i++)
			CHECK(c[i].step == s.pts[m][i].step && c[i].tokens == s.pts[m][i].tokens &&
			      c[i].loss == s.pts[m][i].loss);
		free(c);
	}
	eval_result_free(&res);
	engine_close(e);
}
