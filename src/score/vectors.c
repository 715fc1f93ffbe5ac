/* vectors.c: decoding stored TF-IDF vectors, cosine, the dense sketch, vector sets
 * (see vectors.h). Loading a set from the project is in score_vec.c, beside the store
 * code that writes them. */
#include "vectors.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define SKETCH_SALT 0x2545f4914f6cdd1dULL

_Static_assert(VEC_SKETCH_DIM % 64 == 0, "the sketch takes 64 signs per hash");

/* LEB128; false when it runs off the end or past 32 bits. */
static bool
get_varint(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
	uint32_t v = 0;

	for (int shift = 0; shift < 35; shift += 7) {
		if (*p == end)
			return false;
		uint8_t c = *(*p)++;
		v |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*out = v;
			return shift < 28 || c < 16;
		}
	}
	return false;
}

static enum status
bad_blob(struct vec *v, struct err *err, const char *why)
{
	*v = (struct vec){0};
	return err_set(err, ST_BADDATA, "corrupt vector: %s", why);
}

enum status
vec_decode(const void *blob, size_t len, uint32_t *idx, float *w, struct vec *v,
	   struct err *err)
{
	const uint8_t *p = blob, *end = p + len;
	uint32_t n, at = 0;
	double norm = 0;

	*v = (struct vec){0, idx, w};
	if (len < 2 || p[0] != 1)
		return bad_blob(v, err, "unknown format");
	p++;
	if (!get_varint(&p, end, &n) || n > VEC_MAX_NNZ)
		return bad_blob(v, err, "bad length");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t d;
		if (!get_varint(&p, end, &d) || (i > 0 && d == 0) || d >= VEC_DIM - at)
			return bad_blob(v, err, "bad bucket");
		at += d;
		idx[i] = at;
	}
	if ((size_t)(end - p) != 2 * (size_t)n)
		return bad_blob(v, err, "bad size");
	for (uint32_t i = 0; i < n; i++) {
		w[i] = (float)(p[2 * i] | p[2 * i + 1] << 8);
		norm += (double)w[i] * w[i];
	}
	norm = sqrt(norm);
	for (uint32_t i = 0; i < n; i++)
		w[i] = norm > 0 ? (float)(w[i] / norm) : 0;
	v->n = norm > 0 ? n : 0;
	return ST_OK;
}

double
vec_cosine(const struct vec *a, const struct vec *b)
{
	double dot = 0, na = 0, nb = 0, c;
	uint32_t i = 0, j = 0;

	for (uint32_t k = 0; k < a->n; k++)
		na += (double)a->w[k] * a->w[k];
	for (uint32_t k = 0; k < b->n; k++)
		nb += (double)b->w[k] * b->w[k];
	if (na <= 0 || nb <= 0)
		return 0;
	while (i < a->n && j < b->n) {
		if (a->idx[i] < b->idx[j])
			i++;
		else if (a->idx[i] > b->idx[j])
			j++;
		else
			dot += (double)a->w[i++] * b->w[j++];
	}
	c = dot / sqrt(na * nb);
	return c < 0 ? 0 : c > 1 ? 1 : c;
}

void
vec_sketch(const struct vec *v, float *out)
{
	double norm = 0;

	memset(out, 0, VEC_SKETCH_DIM * sizeof(*out));
	for (uint32_t k = 0; k < v->n; k++) {
		for (int c = 0; c < VEC_SKETCH_DIM / 64; c++) {
			uint64_t bits = hash_mix64((uint64_t)v->idx[k] * 64 + (uint64_t)c + SKETCH_SALT);
			float pm[2] = {v->w[k], -v->w[k]};
			float *o = out + 64 * c;
			for (int j = 0; j < 64; j++)
				o[j] += pm[(bits >> j) & 1];
		}
	}
	for (int j = 0; j < VEC_SKETCH_DIM; j++)
		norm += (double)out[j] * out[j];
	if (norm <= 0)
		return;
	norm = 1 / sqrt(norm);
	for (int j = 0; j < VEC_SKETCH_DIM; j++)
		out[j] = (float)(out[j] * norm);
}

struct vec
vec_set_at(const struct vec_set *s, size_t i)
{
	return (struct vec){(uint32_t)(s->off[i + 1] - s->off[i]), s->idx + s->off[i],
			    s->w + s->off[i]};
}

void
vec_set_free(struct vec_set *s)
{
	if (!s)
		return;
	free(s->ids);
	free(s->off);
	free(s->idx);
	free(s->w);
	free(s);
}
