/* engine_matrix.c: every sample's scores (and verdicts) in memory as plain float columns,
 * for work that passes over all of them many times: threshold tuning, AUC, histograms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "engine_decide.h"
#include "engine_internal.h"
#include "store_scores.h"
#include "store_select.h"
#include "util/xalloc.h"

struct matrix_load {
	struct score_matrix *m;
	size_t cap;
	struct progress_sink sink;
	struct progress p;
	double t0;
};

#define MATRIX_TICK 16384	/* rows between progress reports */

/* The index of dataset name in m->datasets (rows come in id order, so the same dataset
 * repeats: the last one found is tried first). */
static uint32_t
dataset_index(struct score_matrix *m, const char *name)
{
	static const char none[] = "";

	name = name ? name : none;
	if (m->n_datasets && strcmp(m->datasets[m->n_datasets - 1], name) == 0)
		return (uint32_t)(m->n_datasets - 1);
	for (size_t i = 0; i < m->n_datasets; i++)
		if (strcmp(m->datasets[i], name) == 0)
			return (uint32_t)i;
	m->datasets = xrealloc(m->datasets, (m->n_datasets + 1) * sizeof(*m->datasets));
	m->datasets[m->n_datasets] = xstrdup(name);
	return (uint32_t)m->n_datasets++;
}

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
		m->dataset = xrealloc(m->dataset, l->cap * sizeof(*m->dataset));
		for (size_t c = 0; c < m->n_cols; c++)
			m->cols[c] = xrealloc(m->cols[c], l->cap * sizeof(float));
	}
	m->ids[m->n_rows] = r->id;
	m->dataset[m->n_rows] = dataset_index(m, r->dataset);
	for (size_t c = 0; c < m->n_cols; c++)
		m->cols[c][m->n_rows] = r->is_null[c] ? NAN : (float)r->vals[c];
	m->n_rows++;
	if (l->sink.fn && m->n_rows % MATRIX_TICK == 0) {
		l->p.rows = l->p.done = m->n_rows;
		l->p.elapsed = progress_now() - l->t0;
		if (!l->sink.fn(l->sink.ctx, &l->p))
			return err_set(err, ST_CANCELLED, "cancelled");
	}
	return ST_OK;
}

/* One pass over the decisions (not a lookup per sample: a million of those take
 * seconds). */
static enum status
load_verdicts(struct engine *e, struct score_matrix *m, struct err *err)
{
	uint8_t *v = xmalloc(m->n_rows ? m->n_rows : 1);
	enum status rc = store_load_verdicts(e->store, m->ids, m->n_rows, v, err);

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
	return engine_score_matrix_progress(e, with_verdicts, (struct progress_sink){0}, out, err);
}

enum status
engine_score_matrix_progress(struct engine *e, bool with_verdicts, struct progress_sink sink,
			     struct score_matrix *out, struct err *err)
{
	struct matrix_load l = {.m = out, .sink = sink, .t0 = progress_now()};
	int64_t total = 0;
	enum status rc = ST_OK;

	memset(out, 0, sizeof(*out));
	l.p.what = "load";
	if (sink.fn)
		rc = engine_sample_count(e, &total, err);	/* counted once per engine */
	l.p.total = (uint64_t)total;
	if (rc == ST_OK)
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

bool
score_is_label(const char *name)
{
	size_t len = strlen(name);

	return len >= 7 && strcmp(name + len - 7, "cluster") == 0;
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
	free(m->dataset);
	for (size_t i = 0; i < m->n_datasets; i++)
		free(m->datasets[i]);
	free(m->datasets);
	memset(m, 0, sizeof(*m));
}
