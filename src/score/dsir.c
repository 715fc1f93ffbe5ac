/* dsir.c: hashed n-gram distributions and DSIR log importance weights (see dsir.h). */
#include "dsir.h"

#include <math.h>

static inline uint32_t
bucket(uint64_t h)
{
	return (uint32_t)((h >> 32) % DSIR_BUCKETS);
}

void
dsir_count(struct dsir_counts *dc, struct hashfeat *f, const char *prompt, size_t prompt_len,
	   const char *response, size_t response_len)
{
	hashfeat_sample(f, prompt, prompt_len, response, response_len);
	for (size_t i = 0; i < f->n; i++)
		dc->c[bucket(f->h[i])]++;
	dc->total += f->n;
}

void
dsir_counts_add(struct dsir_counts *a, const struct dsir_counts *b)
{
	for (size_t i = 0; i < DSIR_BUCKETS; i++)
		a->c[i] += b->c[i];
	a->total += b->total;
}

void
dsir_fit(struct dsir_model *m, const struct dsir_counts *target, const struct dsir_counts *raw)
{
	double lt = log((double)target->total + DSIR_BUCKETS);
	double lr = log((double)raw->total + DSIR_BUCKETS);

	for (size_t i = 0; i < DSIR_BUCKETS; i++)
		m->lw[i] = (log((double)target->c[i] + 1) - lt) - (log((double)raw->c[i] + 1) - lr);
}

double
dsir_logw(const struct dsir_model *m, struct hashfeat *f, const char *prompt,
	  size_t prompt_len, const char *response, size_t response_len)
{
	double s = 0;

	hashfeat_sample(f, prompt, prompt_len, response, response_len);
	for (size_t i = 0; i < f->n; i++)
		s += m->lw[bucket(f->h[i])];
	return s;
}
