/* dense.h: dot products of the VEC_SKETCH_DIM-float sketches, the inner loop of k-means
 * and the kNN index. GCC/Clang vector extensions give 4-wide SSE (plain x86-64, no AVX
 * needed) without -ffast-math; the sums are in a fixed order, so a result does not
 * depend on which thread computes it. Internal to src/score/. */
#ifndef WINNOW_DENSE_H
#define WINNOW_DENSE_H

#include <string.h>

#include "score/vectors.h"

#define DENSE_D VEC_SKETCH_DIM

_Static_assert(DENSE_D % 8 == 0, "dense kernels take 8 floats a step");

typedef float dense_v4 __attribute__((vector_size(16)));

static inline dense_v4
dense_load(const float *p)
{
	dense_v4 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline float
dense_sum(dense_v4 v)
{
	return (v[0] + v[1]) + (v[2] + v[3]);
}

/* a . b over DENSE_D floats: two running sums, over the even and the odd groups of four. */
static inline float
dense_dot(const float *a, const float *b)
{
	dense_v4 s0 = {0, 0, 0, 0}, s1 = s0;

	for (int i = 0; i < DENSE_D; i += 8) {
		s0 += dense_load(a + i) * dense_load(b + i);
		s1 += dense_load(a + i + 4) * dense_load(b + i + 4);
	}
	return dense_sum(s0 + s1);
}

/* x . b[0..3] at once (each group of x is loaded once for four rows): eight independent
 * sums keep the adder busy. OUT: out[4]. Each result equals dense_dot(x, b[j]) to the
 * last bit: the same products summed in the same order. */
static inline void
dense_dot4(const float *x, const float *b0, const float *b1, const float *b2,
	   const float *b3, float *out)
{
	dense_v4 z = {0, 0, 0, 0};
	dense_v4 e0 = z, e1 = z, e2 = z, e3 = z, o0 = z, o1 = z, o2 = z, o3 = z;

	for (int i = 0; i < DENSE_D; i += 8) {
		dense_v4 xe = dense_load(x + i), xo = dense_load(x + i + 4);
		e0 += xe * dense_load(b0 + i);
		e1 += xe * dense_load(b1 + i);
		e2 += xe * dense_load(b2 + i);
		e3 += xe * dense_load(b3 + i);
		o0 += xo * dense_load(b0 + i + 4);
		o1 += xo * dense_load(b1 + i + 4);
		o2 += xo * dense_load(b2 + i + 4);
		o3 += xo * dense_load(b3 + i + 4);
	}
	out[0] = dense_sum(e0 + o0);
	out[1] = dense_sum(e1 + o1);
	out[2] = dense_sum(e2 + o2);
	out[3] = dense_sum(e3 + o3);
}

/* x . rows[r] for r in [0, n), rows DENSE_D floats apart. OUT: out[n]. */
static inline void
dense_dots(const float *x, const float *rows, size_t n, float *out)
{
	size_t r = 0;

	for (; r + 4 <= n; r += 4)
		dense_dot4(x, rows + r * DENSE_D, rows + (r + 1) * DENSE_D, rows + (r + 2) * DENSE_D,
			   rows + (r + 3) * DENSE_D, out + r);
	for (; r < n; r++)
		out[r] = dense_dot(x, rows + r * DENSE_D);
}

#endif
