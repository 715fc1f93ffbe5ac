/* auc.c: ROC AUC by the Mann-Whitney rank sum, with the Hanley-McNeil interval. */
#include "util/auc.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct ranked {
	double v;
	signed char pos;
};

static int
by_value(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

void
auc_compute(const double *v, const signed char *label, size_t n, struct auc *out)
{
	struct ranked *r = xmalloc((n ? n : 1) * sizeof(*r));
	size_t m = 0, np = 0, nn = 0;
	double rank_sum = 0, a, q1, q2, se;

	for (size_t i = 0; i < n; i++)
		if ((label[i] == 0 || label[i] == 1) && isfinite(v[i])) {
			r[m++] = (struct ranked){v[i], label[i]};
			np += label[i] == 1;
			nn += label[i] == 0;
		}
	*out = (struct auc){.auc = NAN, .lo = NAN, .hi = NAN, .n_pos = np, .n_neg = nn};
	if (!np || !nn) {
		free(r);
		return;
	}
	qsort(r, m, sizeof(*r), by_value);
	for (size_t i = 0; i < m;) {	/* a run of ties shares the average of its ranks */
		size_t j = i, pos = 0;
		while (j < m && r[j].v == r[i].v)
			pos += r[j++].pos == 1;
		rank_sum += (double)pos * ((double)(i + 1) + (double)j) / 2.0;
		i = j;
	}
	free(r);
	a = (rank_sum - (double)np * ((double)np + 1) / 2.0) / ((double)np * (double)nn);
	q1 = a / (2 - a);
	q2 = 2 * a * a / (1 + a);
	se = sqrt((a * (1 - a) + ((double)np - 1) * (q1 - a * a) + ((double)nn - 1) * (q2 - a * a)) /
		  ((double)np * (double)nn));
	out->auc = a;
	out->lo = fmax(0, a - 1.96 * se);
	out->hi = fmin(1, a + 1.96 * se);
}
