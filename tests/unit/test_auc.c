/* test_auc.c: ROC AUC against values worked out by hand. */
#include <math.h>

#include "check.h"
#include "util/auc.h"

TEST(auc_counts_ties_as_half)
{
	/* positives {3, 4}, negatives {1, 2, 3}: the pairs (3,1) (3,2) (4,1) (4,2) (4,3)
	 * win and (3,3) ties: (5 + 0.5) / 6. */
	double v[] = {3, 1, 4, 2, 3};
	signed char l[] = {1, 0, 1, 0, 0};
	struct auc a;

	auc_compute(v, l, 5, &a);
	CHECK(fabs(a.auc - 5.5 / 6) < 1e-12);
	CHECK(a.n_pos == 2 && a.n_neg == 3);
	CHECK(a.lo < a.auc && a.auc < a.hi && a.hi <= 1 && a.lo >= 0);
}

TEST(auc_perfect_reversed_and_unusable)
{
	double v[] = {5, 6, 1, 2, NAN, 9};
	signed char l[] = {1, 1, 0, 0, 0, -1};	/* the NaN and the unlabelled row are left out */
	struct auc a;

	auc_compute(v, l, 6, &a);
	CHECK(a.auc == 1 && a.n_neg == 2 && a.hi == 1);
	signed char flip[] = {0, 0, 1, 1, 0, -1};
	auc_compute(v, flip, 6, &a);
	CHECK(a.auc == 0);
	signed char none[] = {0, 0, 0, 0, 0, 0};
	auc_compute(v, none, 6, &a);
	CHECK(isnan(a.auc) && a.n_pos == 0);
}

TEST(auc_interval_matches_hanley_mcneil)
{
	/* A = 0.75 with 2 positives and 2 negatives: Q1 = 0.75/1.25 = 0.6,
	 * Q2 = 2(0.5625)/1.75 = 0.642857; var = (0.1875 + 1(0.6 - 0.5625)
	 * + 1(0.642857 - 0.5625)) / 4 = 0.0763393; se = 0.2762956; lo = 0.75 - 0.5415391. */
	double v[] = {2, 4, 1, 3};
	signed char l[] = {1, 1, 0, 0};
	struct auc a;

	auc_compute(v, l, 4, &a);
	CHECK(fabs(a.auc - 0.75) < 1e-12);
	CHECK(fabs(a.lo - (0.75 - 1.96 * 0.2762956)) < 1e-6);
	CHECK(a.hi == 1);
}
