/* auc.h: how well one number separates two groups: the area under the ROC curve. */
#ifndef WINNOW_AUC_H
#define WINNOW_AUC_H

#include <stddef.h>

struct auc {
	double auc;		/* P(a positive's value > a negative's), ties counting half */
	double lo, hi;		/* 95% interval (Hanley & McNeil 1982), clipped to [0, 1] */
	size_t n_pos, n_neg;	/* rows used: labelled and finite */
};

/* label[i]: 1 positive, 0 negative, anything else left out; non-finite values are left
 * out too. With no positive or no negative, out->auc is NAN. Mann-Whitney with average
 * ranks for ties: O(n log n). */
void
auc_compute(const double *v, const signed char *label, size_t n, struct auc *out);

#endif
