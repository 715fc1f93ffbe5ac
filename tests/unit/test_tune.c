/* test_tune.c: threshold tuning over in-memory columns, against values worked by hand. */
#include <math.h>

#include "check.h"
#include "select/tune.h"

TEST(tune_recount_counts_kept_drops_and_alone)
{
	/* cut 0: a >= 2, cut 1: b >= 3. Rows: 0 fails a only, 1 fails b only, 2 passes,
	 * 3 fails b only, 4 is unscored on a (fails it), 5 fails both. */
	float a[] = {1, 2, 3, 4, NAN, 0}, b[] = {5, 1, 5, 1, 5, 0};
	const float *cols[] = {a, b};
	struct tune_table t = {6, 2, cols};
	struct tune_cut c[] = {{0, TUNE_GE, 2, false}, {1, TUNE_GE, 3, false}};
	size_t kept, drops[2], alone[2];

	tune_recount(&t, c, 2, &kept, drops, alone);
	CHECK(kept == 1);
	CHECK(drops[0] == 3 && drops[1] == 3);
	CHECK(alone[0] == 2 && alone[1] == 2);
	c[1] = (struct tune_cut){1, TUNE_NE, 1, false};	/* b != 1 */
	tune_recount(&t, c, 2, &kept, drops, NULL);
	CHECK(kept == 1 && drops[1] == 2);
	CHECK(tune_pass(&(struct tune_cut){0, TUNE_LT, 2, false}, 1.5f));
	CHECK(!tune_pass(&(struct tune_cut){0, TUNE_LE, 2, false}, NAN));
}

TEST(tune_histogram_percentile_and_rank)
{
	float v[] = {0, 0.5f, 1, NAN, 2}, s[5];
	uint32_t bins[2];
	size_t missing, n;

	tune_histogram(v, 5, 0, 2, 2, bins, &missing);
	CHECK(bins[0] == 2 && bins[1] == 2 && missing == 1);	/* 2 is clamped into the last */
	n = tune_sorted(v, 5, s);
	CHECK(n == 4 && s[0] == 0 && s[3] == 2);
	float q[] = {1, 2, 3, 4};
	CHECK(tune_percentile(q, 4, 50) == 2.5);
	CHECK(tune_percentile(q, 4, 0) == 1 && tune_percentile(q, 4, 100) == 4);
	CHECK(isnan(tune_percentile(q, 0, 50)));
	float r[] = {1, 2, 2, 3};
	CHECK(tune_rank(r, 4, 2) == 50);	/* one below, two tied: (1 + 1) / 4 */
	CHECK(tune_rank(r, 4, 0) == 0 && tune_rank(r, 4, 9) == 100);
}

TEST(tune_margin_nearest_first_ties_by_row_other_cuts_respected)
{
	float a[] = {1.0f, 2.0f, 2.0f, 3.0f, 2.5f, 1.5f}, b[] = {0, 0, 0, 0, -1, 0};
	const float *cols[] = {a, b};
	struct tune_table t = {6, 2, cols};
	struct tune_cut c[] = {{0, TUNE_GE, 2, false}, {1, TUNE_GE, 0, false}};
	size_t in[3], out[3], n_in, n_out;

	tune_margin(&t, c, 2, 0, 2, in, &n_in, out, &n_out);
	CHECK(n_in == 2 && in[0] == 1 && in[1] == 2);	/* both at distance 0: by row */
	CHECK(n_out == 2 && out[0] == 5 && out[1] == 0);	/* 1.5 is nearer than 1.0 */
	tune_margin(&t, c, 2, 0, 3, in, &n_in, out, &n_out);
	CHECK(n_in == 3 && in[2] == 3);		/* row 4 (2.5) is dropped by cut 1 */
}

TEST(tune_suggest_f1_and_youden_by_hand)
{
	/* accepted: 3, 5, 6; rejected: 1, 2, 4. Keeping >= x:
	 * x=6 F1 .5 J .33; x=5 F1 .8 J .67; x=4 F1 .67 J .33; x=3 F1 6/7 J .67;
	 * x=2 F1 .75 J .33; x=1 F1 .67 J 0. Best F1 at 3; best J ties 5 and 3 -> 3, which
	 * keeps more. */
	float v[] = {1, 2, 3, 4, 5, 6, 9};
	signed char l[] = {0, 0, 1, 0, 1, 1, -1};	/* the last is undecided: left out */
	struct tune_suggestion s;

	tune_suggest(v, l, 7, TUNE_GE, &s);
	CHECK(s.f1_value == 3 && fabs(s.f1 - 6.0 / 7) < 1e-12);
	CHECK(s.j_value == 3 && fabs(s.j - 2.0 / 3) < 1e-12);
	CHECK(s.at_f1.tp == 3 && s.at_f1.fp == 1 && s.at_f1.fn == 0 && s.at_f1.tn == 2);
	CHECK(s.at_f1.precision == 0.75 && s.at_f1.recall == 1);
	/* Keeping low values mirrors it: accepted are now the low ones. */
	signed char flip[] = {1, 1, 0, 1, 0, 0, -1};
	tune_suggest(v, flip, 7, TUNE_LE, &s);
	CHECK(s.f1_value == 4 && fabs(s.f1 - 6.0 / 7) < 1e-12);
	signed char none[] = {1, 1, 1, 1, 1, 1, 1};
	tune_suggest(v, none, 7, TUNE_GE, &s);
	CHECK(isnan(s.f1_value));
}

TEST(tune_confusion_precision_recall_f1)
{
	bool kept[] = {true, true, false, false, true};
	signed char l[] = {1, 0, 1, 0, -1};
	struct tune_confusion c;

	tune_confusion(kept, l, 5, &c);
	CHECK(c.tp == 1 && c.fp == 1 && c.fn == 1 && c.tn == 1);
	CHECK(c.precision == 0.5 && c.recall == 0.5 && c.f1 == 0.5);
}

TEST(tune_keep_missing_and_the_pass_mask)
{
	/* "not flag" keeps a row with no value: flag == 0, keeping the missing */
	float f[] = {0, 1, NAN, 0}, w[] = {5, 5, 5, 1};
	const float *cols[] = {f, w};
	struct tune_table t = {4, 2, cols};
	struct tune_cut c[] = {{0, TUNE_EQ, 0, true}, {1, TUNE_GE, 2, false}};
	size_t kept, drops[2], alone[2];
	bool pass[4];

	CHECK(tune_pass(&c[0], NAN) && !tune_pass(&c[1], NAN));
	tune_recount_mask(&t, c, 2, &kept, drops, alone, pass);
	CHECK(kept == 2 && pass[0] && !pass[1] && pass[2] && !pass[3]);
	CHECK(drops[0] == 1 && alone[0] == 1 && drops[1] == 1 && alone[1] == 1);
}
