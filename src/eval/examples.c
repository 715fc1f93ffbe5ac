/* examples.c: see examples.h. */
#include "examples.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "eval/rng.h"
#include "util/xalloc.h"

void
examples_init(struct example_set *s, int max_len)
{
	memset(s, 0, sizeof(*s));
	s->max_len = max_len < 4 ? 4 : max_len;
}

void
examples_free(struct example_set *s)
{
	free(s->ex);
	free(s->pool);
	memset(s, 0, sizeof(*s));
}

void
examples_add(struct example_set *s, const char *prompt, size_t prompt_len, const char *response,
	     size_t response_len)
{
	size_t max = (size_t)s->max_len, p = prompt_len + 1, r = response_len + 1;

	if (p + r > max) {	/* keep the prompt's end and the response's start */
		size_t keep_p = r < max ? max - r : 0;	/* room left by the whole response */
		if (keep_p < max / 2)
			keep_p = max / 2;
		p = p < keep_p ? p : keep_p;
		r = max - p;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->ex = xrealloc(s->ex, s->cap * sizeof(*s->ex));
	}
	if (s->n_tok + p + r > s->cap_tok) {
		while (s->n_tok + p + r > s->cap_tok)
			s->cap_tok = s->cap_tok ? 2 * s->cap_tok : 65536;
		int32_t *old = s->pool;
		s->pool = xrealloc(s->pool, s->cap_tok * sizeof(int32_t));
		for (size_t i = 0; i < s->n; i++)	/* rebase the examples' pointers */
			s->ex[i].tok = s->pool + (s->ex[i].tok - old);
	}
	int32_t *t = s->pool + s->n_tok;
	const unsigned char *pp = (const unsigned char *)prompt + (prompt_len - (p - 1));
	for (size_t i = 0; i + 1 < p; i++)
		t[i] = pp[i];
	t[p - 1] = TOK_SEP;
	for (size_t i = 0; i < r; i++)
		t[p + i] = i < response_len ? ((const unsigned char *)response)[i] : TOK_EOS;
	s->ex[s->n++] = (struct example){t, (int)(p + r), (int)p};
	s->n_tok += p + r;
	s->n_resp += (int64_t)r;
}

int
examples_batch(const struct example_set *s, const size_t *idx, int B, int *inputs, int *targets,
	       float *mask, int64_t *n_tok)
{
	int T = 1;

	*n_tok = 0;
	for (int b = 0; b < B; b++)
		if (s->ex[idx[b]].len - 1 > T)
			T = s->ex[idx[b]].len - 1;
	for (int b = 0; b < B; b++) {
		const struct example *e = &s->ex[idx[b]];
		for (int t = 0; t < T; t++) {
			bool real = t + 1 < e->len;
			inputs[b * T + t] = real ? e->tok[t] : TOK_EOS;
			targets[b * T + t] = real ? e->tok[t + 1] : TOK_EOS;
			mask[b * T + t] = real && t + 1 >= e->resp ? 1.0f : 0.0f;
		}
		*n_tok += e->len - 1;
	}
	return T;
}

void
examples_shuffle(size_t *order, size_t n, struct rng *r)
{
	for (size_t j = 0; j < n; j++)
		order[j] = j;
	for (size_t j = n; j > 1; j--) {
		size_t k = (size_t)rng_index(r, j), t = order[j - 1];
		order[j - 1] = order[k];
		order[k] = t;
	}
}
