/* engine_auc.c: how well each score separates labelled rows (e.g. the planted defects of
 * samples/defects.tsv, or rows a reviewer marked) from the unlabelled rest: ROC AUC per
 * label and score, oriented so that 1 means "the score ranks every labelled row worse". */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "store_scores.h"
#include "util/xalloc.h"

#define MAX_KINDS 64

struct auc_job {
	struct auc_report *rep;
	int64_t *label_ids;	/* labelled sample ids and their kind bits, in file order */
	uint64_t *label_bits;
	size_t n_labels;
	struct score_matrix m;	/* every score, column by column */
};

static int
kind_index(struct auc_report *r, const char *kind)
{
	for (size_t i = 0; i < r->n_kinds; i++)
		if (strcmp(r->kinds[i], kind) == 0)
			return (int)i;
	if (r->n_kinds == MAX_KINDS)
		return -1;
	r->kinds = xrealloc(r->kinds, (r->n_kinds + 1) * sizeof(*r->kinds));
	r->kinds[r->n_kinds] = xstrdup(kind);
	return (int)r->n_kinds++;
}

/* Split a line at tabs in place; returns the field count (at most max). */
static int
split_tabs(char *line, char **f, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static enum status
read_labels(struct engine *e, const char *path, struct auc_job *j, struct err *err)
{
	FILE *fp = fopen(path, "r");
	char line[4096], *f[4];
	int64_t lineno = 0;
	bool by_id = false;
	enum status rc = ST_OK;
	size_t cap = 0;

	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	if (!fgets(line, sizeof(line), fp)) {
		fclose(fp);
		return err_set(err, ST_BADDATA, "%s: empty; expected a header 'file<TAB>line<TAB>kind'"
			       " or 'id<TAB>kind'", path);
	}
	lineno = 1;
	int nf = split_tabs(line, f, 4);
	if (nf == 2 && strcmp(f[0], "id") == 0 && strcmp(f[1], "kind") == 0)
		by_id = true;
	else if (!(nf == 3 && (strcmp(f[0], "file") == 0 || strcmp(f[0], "dataset") == 0) &&
		   strcmp(f[1], "line") == 0 && strcmp(f[2], "kind") == 0)) {
		fclose(fp);
		return err_set(err, ST_BADDATA, "%s:1: header must be 'file<TAB>line<TAB>kind' or "
			       "'id<TAB>kind'", path);
	}
	while (rc == ST_OK && fgets(line, sizeof(line), fp)) {
		char *end;
		int64_t key, id = 0;
		lineno++;
		nf = split_tabs(line, f, 4);
		if (nf == 1 && !*f[0])
			continue;	/* a blank line */
		if (nf != (by_id ? 2 : 3) || !*f[nf - 1]) {
			rc = err_set(err, ST_BADDATA, "%s:%lld: expected %d tab-separated fields", path,
				     (long long)lineno, by_id ? 2 : 3);
			break;
		}
		key = strtoll(f[by_id ? 0 : 1], &end, 10);
		if (*end || end == f[by_id ? 0 : 1] || key <= 0) {
			rc = err_set(err, ST_BADDATA, "%s:%lld: field '%s' is not a positive number: '%s'",
				     path, (long long)lineno, by_id ? "id" : "line", f[by_id ? 0 : 1]);
			break;
		}
		if (by_id) {
			bool exists = false;
			rc = store_sample_exists(e->store, key, &exists, err);
			id = exists ? key : 0;
		} else {
			rc = store_sample_by_line(e->store, f[0], key, &id, err);
		}
		int k = kind_index(j->rep, f[nf - 1]);
		if (rc == ST_OK && k < 0)
			rc = err_set(err, ST_BADDATA, "%s:%lld: more than %d kinds of label", path,
				     (long long)lineno, MAX_KINDS);
		if (rc != ST_OK)
			break;
		if (!id) {
			if (!j->rep->n_unmatched++)
				snprintf(j->rep->first_unmatched, sizeof(j->rep->first_unmatched),
					 "%s:%lld", path, (long long)lineno);
			continue;
		}
		if (j->n_labels == cap) {
			cap = cap ? 2 * cap : 256;
			j->label_ids = xrealloc(j->label_ids, cap * sizeof(*j->label_ids));
			j->label_bits = xrealloc(j->label_bits, cap * sizeof(*j->label_bits));
		}
		j->label_ids[j->n_labels] = id;
		j->label_bits[j->n_labels++] = 1ull << k;
	}
	fclose(fp);
	j->rep->n_labels = (int64_t)j->n_labels;
	return rc;
}

static int
by_kind_then_auc(const void *a, const void *b)
{
	const struct auc_score *x = a, *y = b;
	double ax = isnan(x->a.auc) ? -1 : x->a.auc, ay = isnan(y->a.auc) ? -1 : y->a.auc;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (ax != ay)
		return ax > ay ? -1 : 1;
	return strcmp(x->score, y->score);
}

static void
compute(struct auc_job *j)
{
	const struct score_matrix *m = &j->m;
	struct auc_report *r = j->rep;
	size_t n = m->n_rows ? m->n_rows : 1;
	uint64_t *bits = xcalloc(n, sizeof(*bits));
	signed char *label = xmalloc(n);
	double *v = xmalloc(n * sizeof(*v));

	for (size_t i = 0; i < j->n_labels; i++) {
		size_t row = score_matrix_row(m, j->label_ids[i]);
		if (row < m->n_rows)
			bits[row] |= j->label_bits[i];
	}
	r->rows = xcalloc(r->n_kinds * m->n_cols + 1, sizeof(*r->rows));
	for (size_t k = 0; k < r->n_kinds; k++) {
		for (size_t i = 0; i < m->n_rows; i++)
			label[i] = bits[i] >> k & 1 ? 1 : bits[i] ? -1 : 0;	/* other kinds: out */
		for (size_t c = 0; c < m->n_cols; c++) {
			if (score_is_label(m->names[c]))
				continue;
			struct auc_score *s = &r->rows[r->n_rows++];
			enum direction d = m->dirs[c];
			for (size_t i = 0; i < m->n_rows; i++)	/* larger = worse */
				v[i] = d == DIR_HIGHER ? -(double)m->cols[c][i] : (double)m->cols[c][i];
			*s = (struct auc_score){.kind = k, .score = xstrdup(m->names[c]), .dir = d};
			auc_compute(v, label, m->n_rows, &s->a);
			if (d == DIR_NEUTRAL && s->a.auc < 0.5) {	/* no better side: either way */
				double lo = s->a.lo;
				s->a.auc = 1 - s->a.auc;
				s->a.lo = 1 - s->a.hi;
				s->a.hi = 1 - lo;
				s->reversed = true;
			}
		}
	}
	qsort(r->rows, r->n_rows, sizeof(*r->rows), by_kind_then_auc);
	free(bits);
	free(label);
	free(v);
}

enum status
engine_scores_auc(struct engine *e, const char *labels_path, struct auc_report *out,
		  struct err *err)
{
	struct auc_job j = {.rep = out};
	enum status rc;

	memset(out, 0, sizeof(*out));
	rc = read_labels(e, labels_path, &j, err);
	if (rc == ST_OK && j.n_labels == 0)
		rc = err_set(err, ST_BADDATA, "%s: no label matched a sample%s%s", labels_path,
			     out->n_unmatched ? " (first: " : "", out->n_unmatched ? out->first_unmatched : "");
	if (rc == ST_OK)
		rc = engine_score_matrix(e, false, &j.m, err);
	if (rc == ST_OK && j.m.n_cols == 0)
		rc = err_set(err, ST_NOTFOUND, "no scores yet: run 'winnow score' first");
	if (rc == ST_OK)
		compute(&j);
	score_matrix_free(&j.m);
	free(j.label_ids);
	free(j.label_bits);
	if (rc != ST_OK)
		auc_report_free(out);
	return rc;
}

void
auc_report_free(struct auc_report *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		free(r->rows[i].score);
	for (size_t i = 0; i < r->n_kinds; i++)
		free(r->kinds[i]);
	free(r->rows);
	free(r->kinds);
	memset(r, 0, sizeof(*r));
}
