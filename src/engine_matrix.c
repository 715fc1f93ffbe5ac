/* engine_matrix.c: every sample's scores (and verdicts) in memory as plain float columns,
 * for work that passes over all of them many times: threshold tuning, AUC, histograms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_decide.h"
#include "engine_internal.h"
#include "store_scores.h"
#include "util/xalloc.h"

struct matrix_load {
	struct score_matrix *m;
	size_t cap;
};

static enum status
take_dir(void *ctx, const char *name, const char *family, enum direction dir, const char *desc,
	 struct err *err)
{
	struct score_matrix *m = ctx;

	(void)family;
	(void)desc;
	(void)err;
	for (size_t c = 0; c < m->n_cols; c++)
		if (strcmp(m->names[c], name) == 0)
			m->dirs[c] = dir;
	return ST_OK;
}

static enum status
take_row(void *ctx, const struct score_table_row *r, struct err *err)
{
	struct matrix_load *l = ctx;
	struct score_matrix *m = l->m;

	(void)err;
	if (!m->names) {
		m->n_cols = r->n;
		m->names = xcalloc(r->n + 1, sizeof(*m->names));
		m->cols = xcalloc(r->n + 1, sizeof(*m->cols));
		m->dirs = xcalloc(r->n + 1, sizeof(*m->dirs));
		for (size_t c = 0; c < r->n; c++) {
			m->names[c] = xstrdup(r->names[c]);
			m->dirs[c] = DIR_NEUTRAL;
		}
	}
	if (m->n_rows == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		m->ids = xrealloc(m->ids, l->cap * sizeof(*m->ids));
		for (size_t c = 0; c < m->n_cols; c++)
			m->cols[c] = xrealloc(m->cols[c], l->cap * sizeof(float));
	}
	m->ids[m->n_rows] = r->id;
	for (size_t c = 0; c < m->n_cols; c++)
		m->cols[c][m->n_rows] = r->is_null[c] ? NAN : (float)r->vals[c];
	m->n_rows++;
	return ST_OK;
}

static enum status
load_verdicts(struct engine *e, struct score_matrix *m, struct err *err)
{
	enum verdict *v = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof(*v));
	enum status rc = engine_verdicts(e, m->ids, m->n_rows, v, err);

	m->verdict = xmalloc(m->n_rows ? m->n_rows : 1);
	for (size_t i = 0; rc == ST_OK && i < m->n_rows; i++)
		m->verdict[i] = v[i] == VERDICT_ACCEPT ? 1 : v[i] == VERDICT_REJECT ? 0 : -1;
	free(v);
	return rc;
}

enum status
engine_score_matrix(struct engine *e, bool with_verdicts, struct score_matrix *out,
		    struct err *err)
{
	struct matrix_load l = {.m = out};
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = store_scores_each(e->store, take_row, &l, err);
	if (rc == ST_OK)
		rc = store_scorers_each(e->store, take_dir, out, err);
	if (rc == ST_OK && with_verdicts)
		rc = load_verdicts(e, out, err);
	if (rc != ST_OK)
		score_matrix_free(out);
	return rc;
}

size_t
score_matrix_col(const struct score_matrix *m, const char *name)
{
	for (size_t c = 0; c < m->n_cols; c++)
		if (strcmp(m->names[c], name) == 0)
			return c;
	return m->n_cols;
}

size_t
score_matrix_row(const struct score_matrix *m, int64_t id)
{
	size_t lo = 0, hi = m->n_rows;

	while (lo < hi) {	/* rows are in id order */
		size_t mid = lo + (hi - lo) / 2;
		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n_rows && m->ids[lo] == id ? lo : m->n_rows;
}

void
score_matrix_free(struct score_matrix *m)
{
	for (size_t c = 0; c < m->n_cols; c++) {
		free(m->names[c]);
		free(m->cols[c]);
	}
	free(m->names);
	free(m->cols);
	free(m->dirs);
	free(m->ids);
	free(m->verdict);
	memset(m, 0, sizeof(*m));
}
