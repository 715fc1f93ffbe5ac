/* select_run.c: one selection over in-memory arrays (see select_run.h). The order of
 * work: filter steps and the search give the candidates; the ranking orders them; the
 * diversity or sampling step and the budget choose among them; the curator's decisions
 * override the result in both directions. */
#include "select_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"
#include "util/xalloc.h"

static void
put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

void
sel_trace_pack(const struct sel_trace *t, unsigned char out[SEL_TRACE_SIZE])
{
	memset(out, 0, SEL_TRACE_SIZE);
	put64(out, (uint64_t)t->id);
	put64(out + 8, t->failed);
	for (int i = 0; i < 4; i++)
		out[16 + i] = (unsigned char)(t->rank >> (8 * i));
	out[20] = t->outcome;
	out[21] = t->verdict;
	out[22] = t->final;
	put64(out + 24, (uint64_t)t->other);
}

void
sel_trace_unpack(const unsigned char in[SEL_TRACE_SIZE], struct sel_trace *t)
{
	t->id = (int64_t)get64(in);
	t->failed = get64(in + 8);
	t->rank = (uint32_t)in[16] | (uint32_t)in[17] << 8 | (uint32_t)in[18] << 16 |
		  (uint32_t)in[19] << 24;
	t->outcome = in[20];
	t->verdict = in[21];
	t->final = in[22];
	t->other = (int64_t)get64(in + 24);
}

void
sel_ids_hash(const int64_t *ids, size_t n, char hex[65])
{
	struct sha256 s;
	char line[32];

	sha256_init(&s);
	for (size_t i = 0; i < n; i++)
		sha256_update(&s, line, (size_t)snprintf(line, sizeof(line), "%lld\n", (long long)ids[i]));
	sha256_final_hex(&s, hex);
}

/* Filter steps and search: trace[i].failed; the candidates (indices, id order). */
static size_t
run_filters(const struct sel_input *in, struct sel_output *out, size_t *cand)
{
	const struct recipe *r = in->r;
	int64_t *first_fail = xcalloc(r->n_steps + 1, sizeof(*first_fail));
	size_t nc = 0;

	for (size_t i = 0; i < in->n; i++) {
		uint64_t f = 0;
		size_t first = r->n_steps;
		for (size_t s = 0; s < r->n_steps; s++)
			if (!in->step_pass[s][i]) {
				f |= 1ULL << s;
				first = first < s ? first : s;
			}
		first_fail[first]++;
		if (in->search_pass && !in->search_pass[i])
			f |= 1ULL << SEL_SEARCH_BIT;
		out->trace[i].failed = f;
		if (f == 0)
			cand[nc++] = i;
	}
	/* left after step s: those whose first failure is after s */
	int64_t left = (int64_t)in->n;
	for (size_t s = 0; s < r->n_steps; s++) {
		left -= first_fail[s];
		out->after_step[s] = left;
	}
	free(first_fail);
	return nc;
}

/* The ranking of the candidates: order[0..nc) are candidate numbers, best first. */
static void
run_rank(const struct sel_input *in, const size_t *cand, size_t nc, size_t *order)
{
	const struct recipe *r = in->r;
	double *key = xcalloc(nc ? nc : 1, sizeof(*key));
	struct rank_term *t = xcalloc(r->n_terms + 1, sizeof(*t));
	double **vals = xcalloc(r->n_terms + 1, sizeof(*vals));

	for (size_t j = 0; j < r->n_terms; j++) {
		vals[j] = xmalloc((nc ? nc : 1) * sizeof(**vals));
		for (size_t c = 0; c < nc; c++)
			vals[j][c] = in->rank_cols[j][cand[c]];
		t[j] = (struct rank_term){vals[j], r->terms[j].weight, r->terms[j].dir};
	}
	strategy_rank_key(t, r->rank == RANK_SCORES ? r->n_terms : 0, r->norm, nc, key);
	strategy_order(key, nc, order);
	for (size_t j = 0; j < r->n_terms; j++)
		free(vals[j]);
	free(vals);
	free(t);
	free(key);
}

/* Mark the candidates in keep[] kept; the rest of order get `otherwise`. */
static void
mark(struct sel_output *out, const size_t *cand, const size_t *order, size_t nc,
     const size_t *keep, size_t n_keep, enum sel_outcome otherwise)
{
	for (size_t c = 0; c < nc; c++)
		out->trace[cand[order[c]]].outcome = (uint8_t)otherwise;
	for (size_t j = 0; j < n_keep; j++)
		out->trace[cand[keep[j]]].outcome = SEL_KEPT;
}

static enum status
run_diverse(const struct sel_input *in, struct sel_output *out, const size_t *cand,
	    const size_t *order, size_t nc, size_t k, size_t *keep, size_t *n_keep,
	    struct err *err)
{
	int64_t *cid = xmalloc((nc ? nc : 1) * sizeof(*cid));
	size_t *near = xmalloc((nc ? nc : 1) * sizeof(*near));
	struct svecs v;
	void *owner = NULL;
	enum status rc;

	for (size_t c = 0; c < nc; c++)
		cid[c] = in->ids[cand[c]];
	rc = in->vectors.load ? in->vectors.load(in->vectors.ctx, cid, nc, &v, &owner, err)
			      : err_set(err, ST_USAGE, "this diversity step needs vectors");
	if (rc == ST_OK && in->r->div == DIV_DEITA) {
		strategy_deita(&v, order, nc, in->r->threshold, k, keep, n_keep, near);
		mark(out, cand, order, nc, keep, *n_keep, SEL_BUDGET);
		for (size_t c = 0; c < nc; c++)
			if (near[c] != STRATEGY_NONE) {
				out->trace[cand[c]].outcome = SEL_DIVERSITY;
				out->trace[cand[c]].other = cid[near[c]];
			}
	} else if (rc == ST_OK) {
		strategy_kcenter(&v, order, nc, k, keep, n_keep, NULL);
		mark(out, cand, order, nc, keep, *n_keep, SEL_DIVERSITY);
	}
	if (owner && in->vectors.free_vecs)
		in->vectors.free_vecs(owner);
	free(cid);
	free(near);
	return rc;
}

static void
run_quota(const struct sel_input *in, struct sel_output *out, const size_t *cand,
	  const size_t *order, size_t nc, size_t k, size_t *keep, size_t *n_keep)
{
	double *cl = xmalloc((nc ? nc : 1) * sizeof(*cl));
	size_t per = (size_t)in->r->per_cluster;

	for (size_t c = 0; c < nc; c++)
		cl[c] = in->cluster[cand[c]];
	/* what the quotas alone keep; then the budget cuts that list in rank order */
	strategy_cluster_quota(cl, order, nc, per, per ? 0 : k, keep, n_keep);
	mark(out, cand, order, nc, keep, *n_keep, SEL_QUOTA);
	for (size_t c = 0; c < nc; c++)
		out->trace[cand[c]].other = isnan(cl[c]) ? -1 : (int64_t)cl[c];
	if (per && *n_keep > k) {
		for (size_t j = k; j < *n_keep; j++)
			out->trace[cand[keep[j]]].outcome = SEL_BUDGET;
		*n_keep = k;
	}
	free(cl);
}

static void
run_sample(const struct sel_input *in, struct sel_output *out, const size_t *cand,
	   size_t *order, size_t nc, size_t k, size_t *keep, size_t *n_keep)
{
	if (in->r->rank == RANK_RANDOM) {
		strategy_random(nc, k, in->seed, keep);
		*n_keep = k;
		for (size_t c = 0; c < nc; c++)
			order[c] = c;
		mark(out, cand, order, nc, keep, k, SEL_NOT_DRAWN);
		for (size_t c = 0; c < nc; c++)
			out->trace[cand[c]].rank = 0;
		return;
	}
	double *lw = xmalloc((nc ? nc : 1) * sizeof(*lw)), *key = xmalloc((nc ? nc : 1) * sizeof(*key));
	for (size_t c = 0; c < nc; c++)
		lw[c] = in->dsir_logw[cand[c]];
	strategy_gumbel_topk(lw, nc, k, in->seed, keep, n_keep, key);
	strategy_order(key, nc, order);	/* the draw order is the ranking */
	for (size_t c = 0; c < nc; c++)
		out->trace[cand[order[c]]].rank = (uint32_t)(c + 1);
	mark(out, cand, order, nc, keep, *n_keep, SEL_NOT_DRAWN);
	free(lw);
	free(key);
}

/* The curator wins: accepted in, rejected out. */
static void
apply_curator(const struct sel_input *in, struct sel_output *out)
{
	out->final_ids = xmalloc((in->n ? in->n : 1) * sizeof(*out->final_ids));
	for (size_t i = 0; i < in->n; i++) {
		struct sel_trace *t = &out->trace[i];
		bool kept = t->outcome == SEL_KEPT;
		out->n_recipe += kept;
		out->n_added += !kept && t->verdict == 1;
		out->n_removed += kept && t->verdict == 2;
		t->final = t->verdict == 1 || (kept && t->verdict != 2);
		if (t->final)
			out->final_ids[out->n_final++] = t->id;
	}
}

enum status
sel_run(const struct sel_input *in, struct sel_output *out, struct err *err)
{
	const struct recipe *r = in->r;
	size_t *cand = xmalloc((in->n ? in->n : 1) * sizeof(*cand));
	size_t *order = xmalloc((in->n ? in->n : 1) * sizeof(*order));
	size_t *keep = xmalloc((in->n ? in->n : 1) * sizeof(*keep));
	size_t nc, k, n_keep = 0;
	enum status rc = ST_OK;

	memset(out, 0, sizeof(*out));
	out->trace = xcalloc(in->n ? in->n : 1, sizeof(*out->trace));
	out->after_step = xcalloc(r->n_steps + 1, sizeof(*out->after_step));
	for (size_t i = 0; i < in->n; i++) {
		out->trace[i].id = in->ids[i];
		out->trace[i].verdict = in->verdict[i];
		out->trace[i].outcome = SEL_FILTERED;
	}
	nc = run_filters(in, out, cand);
	out->n_candidates = (int64_t)nc;
	run_rank(in, cand, nc, order);
	for (size_t c = 0; c < nc; c++)
		out->trace[cand[order[c]]].rank = (uint32_t)(c + 1);
	k = strategy_budget(nc, r->k, r->fraction);
	if (r->rank == RANK_RANDOM || r->rank == RANK_DSIR)
		run_sample(in, out, cand, order, nc, k, keep, &n_keep);
	else if (r->div == DIV_DEITA || r->div == DIV_KCENTER)
		rc = run_diverse(in, out, cand, order, nc, k, keep, &n_keep, err);
	else if (r->div == DIV_CLUSTER)
		run_quota(in, out, cand, order, nc, k, keep, &n_keep);
	else
		mark(out, cand, order, nc, order, n_keep = k, SEL_BUDGET);
	out->n_ranked_out = (int64_t)(nc - n_keep);
	if (rc == ST_OK)
		apply_curator(in, out);
	free(cand);
	free(order);
	free(keep);
	if (rc != ST_OK)
		sel_output_free(out);
	return rc;
}

void
sel_output_free(struct sel_output *out)
{
	free(out->trace);
	free(out->final_ids);
	free(out->after_step);
	memset(out, 0, sizeof(*out));
}
