/* gpt.c: the built-in trainer's model, readable top to bottom in the spirit of llm.c.
 *
 *   1. kernels: matmul, layer norm, causal attention, GELU, residual, softmax + loss,
 *      each a forward and a backward written out by hand;
 *   2. the model: parameters (one allocation with their gradients and AdamW moments),
 *      activations (a second one), forward, backward, clipping, AdamW;
 *   3. checkpoints.
 *
 * Threads. Every kernel splits its work with pool_for over items whose results do not
 * depend on which thread computes them: fixed blocks of rows for the matrix products and
 * their input gradients, fixed blocks of output channels for weight gradients (each sums
 * over the rows in order), a (sequence, head) pair for attention. The products are
 * OpenBLAS sgemm calls, one per block, each on the calling thread alone; other sums use
 * a fixed 8-lane scheme. So the result is bit-identical for any thread count.
 * Padding after a sequence's last counted target is never computed (struct seqs).
 * Must not print, exit, or know about samples, files other than checkpoints, or SQL. */
#include "gpt.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "eval/pool.h"
#include "eval/rng.h"
#include "util/atomic_file.h"
#include "util/sha256.h"
#include "util/xalloc.h"

/* ===================================================================================
 * 1. kernels
 * =================================================================================== */

/* Eight lanes of floats. GCC's vector extension maps it to SIMD registers (two SSE
 * registers, or one AVX one); the arithmetic is the same either way, lane by lane. */
typedef float v8 __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));	/* lane masks and exponent bits */
/* Only static functions pass v8 by value, so no ABI crosses this file. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* The element-wise loops are also compiled for AVX2 and picked at load time. No FMA is
 * formed (-std=c11 turns contraction off), so both versions give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HOT __attribute__((target_clones("avx2", "default")))
#else
#define HOT
#endif

static inline v8
v8_load(const float *p)
{
	v8 x;
	memcpy(&x, p, sizeof(x));
	return x;
}

static inline void
v8_store(float *p, const v8 *x)
{
	memcpy(p, x, sizeof(*x));
}

static inline float
v8_sum(const v8 *p)
{
	v8 a = *p;

	return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
}

/* a . b: lane k sums the elements i = k (mod 8), then the lanes, then the tail. */
static inline float
dot(const float *a, const float *b, int n)
{
	v8 acc = {0};
	int i = 0;
	float s;

	for (; i + 8 <= n; i += 8)
		acc += v8_load(a + i) * v8_load(b + i);
	s = v8_sum(&acc);
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* y += alpha * x */
static inline void
axpy(float *restrict y, float alpha, const float *restrict x, int n)
{
	v8 a = {alpha, alpha, alpha, alpha, alpha, alpha, alpha, alpha};
	int i = 0;

	for (; i + 8 <= n; i += 8) {
		v8 r = v8_load(y + i) + a * v8_load(x + i);
		v8_store(y + i, &r);
	}
	for (; i < n; i++)
		y[i] += alpha * x[i];
}

/* ---- matmul: out[N][OC] = inp[N][C] . w[OC][C]^T + bias[OC] ----
 * The products go to OpenBLAS's sgemm (see README "Dependencies": it runs these shapes
 * about 2x faster than our best own kernels did), one call per fixed block of rows or
 * output channels. The blocks never depend on the thread count, and OpenBLAS runs each
 * call on the calling thread alone (gpt_alloc sets it to one thread), so every block is
 * computed the same way whichever of our threads takes it: the result is bit-identical
 * on any number of threads. */
#define MM_ROWS 128	/* rows of inp per call */
#define MM_COLS 64	/* output channels per weight-gradient call */

struct mm {
	float *out, *dinp, *dw, *db;
	const float *inp, *w, *bias, *dout;
	int C, OC;
	size_t N;
};

static void
mm_fwd_blocks(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;
	int C = a->C, OC = a->OC;

	(void)tid;
	for (size_t blk = lo; blk < hi; blk++) {
		size_t r0 = blk * MM_ROWS, r1 = r0 + MM_ROWS < a->N ? r0 + MM_ROWS : a->N;
		for (size_t r = r0; a->bias && r < r1; r++)
			memcpy(a->out + r * OC, a->bias, (size_t)OC * sizeof(float));
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(r1 - r0), OC, C, 1.0f,
			    a->inp + r0 * C, C, a->w, C, a->bias ? 1.0f : 0.0f, a->out + r0 * OC, OC);
	}
}

static size_t
blocks(size_t n, size_t per)
{
	return (n + per - 1) / per;
}

static void
matmul_forward(struct pool *p, float *out, const float *inp, const float *w, const float *bias,
	       size_t N, int C, int OC)
{
	struct mm a = {.out = out, .inp = inp, .w = w, .bias = bias, .C = C, .OC = OC, .N = N};

	pool_for(p, blocks(N, MM_ROWS), mm_fwd_blocks, &a);
}

/* dinp[r] += sum_o dout[r][o] w[o] */
static void
mm_bwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;
	int C = a->C, OC = a->OC;

	(void)tid;
	for (size_t blk = lo; blk < hi; blk++) {
		size_t r0 = blk * MM_ROWS, r1 = r0 + MM_ROWS < a->N ? r0 + MM_ROWS : a->N;
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)(r1 - r0), C, OC, 1.0f,
			    a->dout + r0 * OC, OC, a->w, C, 1.0f, a->dinp + r0 * C, C);
	}
}

/* dw[o] += sum_r dout[r][o] inp[r]; db[o] += sum_r dout[r][o], rows in order. */
HOT static void
mm_bwd_cols(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;
	int C = a->C, OC = a->OC;

	(void)tid;
	for (size_t blk = lo; blk < hi; blk++) {
		size_t o0 = blk * MM_COLS, o1 = o0 + MM_COLS < (size_t)OC ? o0 + MM_COLS : (size_t)OC;
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)(o1 - o0), C, (int)a->N,
			    1.0f, a->dout + o0, OC, a->inp, C, 1.0f, a->dw + o0 * C, C);
		if (!a->db)
			continue;
		float acc[MM_COLS] = {0};
		for (size_t r = 0; r < a->N; r++)	/* rows in order for each channel */
			for (size_t o = o0; o < o1; o++)
				acc[o - o0] += a->dout[r * OC + o];
		for (size_t o = o0; o < o1; o++)
			a->db[o] += acc[o - o0];
	}
}

static void
matmul_backward(struct pool *p, float *dinp, float *dw, float *db, const float *dout,
		const float *inp, const float *w, size_t N, int C, int OC)
{
	struct mm a = {.dinp = dinp, .dw = dw, .db = db, .dout = dout, .inp = inp, .w = w,
		       .C = C, .OC = OC, .N = N};

	pool_for(p, blocks(N, MM_ROWS), mm_bwd_rows, &a);
	pool_for(p, blocks((size_t)OC, MM_COLS), mm_bwd_cols, &a);
}
/* ---- layer norm over the last dimension C (eps 1e-5) ---- */

struct ln {
	float *out, *mean, *rstd, *dinp, *dw, *db;
	const float *inp, *w, *b, *dout;
	int C;
	size_t N;
};

static inline v8
v8_splat(float x)
{
	return (v8){x, x, x, x, x, x, x, x};
}

/* Sums over a row in the 8-lane order of dot(). */
HOT static void
ln_fwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C, i;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		const float *x = a->inp + r * C;
		float *y = a->out + r * C, m, v;
		v8 acc = {0};
		for (i = 0; i + 8 <= C; i += 8)
			acc += v8_load(x + i);
		m = v8_sum(&acc);
		for (; i < C; i++)
			m += x[i];
		m /= (float)C;
		v8 m8 = v8_splat(m), acc2 = {0};
		for (i = 0; i + 8 <= C; i += 8) {
			v8 d = v8_load(x + i) - m8;
			acc2 += d * d;
		}
		v = v8_sum(&acc2);
		for (; i < C; i++)
			v += (x[i] - m) * (x[i] - m);
		float s = 1.0f / sqrtf(v / (float)C + 1e-5f);
		v8 s8 = v8_splat(s);
		for (i = 0; i + 8 <= C; i += 8) {
			v8 o = (v8_load(x + i) - m8) * s8 * v8_load(a->w + i) + v8_load(a->b + i);
			v8_store(y + i, &o);
		}
		for (; i < C; i++)
			y[i] = (x[i] - m) * s * a->w[i] + a->b[i];
		a->mean[r] = m;
		a->rstd[r] = s;
	}
}

static void
layernorm_forward(struct pool *p, float *out, float *mean, float *rstd, const float *inp,
		  const float *w, const float *b, size_t N, int C)
{
	struct ln a = {.out = out, .mean = mean, .rstd = rstd, .inp = inp, .w = w, .b = b,
		       .C = C, .N = N};

	pool_for(p, N, ln_fwd_rows, &a);
}

HOT static void
ln_bwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C, i;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		const float *x = a->inp + r * C, *dy = a->dout + r * C;
		float m = a->mean[r], s = a->rstd[r], dmean, dnm, *dx = a->dinp + r * C;
		v8 m8 = v8_splat(m), s8 = v8_splat(s), am = {0}, an = {0};
		for (i = 0; i + 8 <= C; i += 8) {
			v8 dn = v8_load(a->w + i) * v8_load(dy + i);
			am += dn;
			an += dn * (v8_load(x + i) - m8) * s8;
		}
		dmean = v8_sum(&am);
		dnm = v8_sum(&an);
		for (; i < C; i++) {
			float dn = a->w[i] * dy[i];
			dmean += dn;
			dnm += dn * (x[i] - m) * s;
		}
		dmean /= (float)C;
		dnm /= (float)C;
		v8 dm8 = v8_splat(dmean), dn8 = v8_splat(dnm);
		for (i = 0; i + 8 <= C; i += 8) {
			v8 n = (v8_load(x + i) - m8) * s8, dn = v8_load(a->w + i) * v8_load(dy + i);
			v8 o = v8_load(dx + i) + (dn - dm8 - n * dn8) * s8;
			v8_store(dx + i, &o);
		}
		for (; i < C; i++) {
			float n = (x[i] - m) * s, dn = a->w[i] * dy[i];
			dx[i] += (dn - dmean - n * dnm) * s;
		}
	}
}

/* dw[i] += sum_r dy[r][i] n[r][i], db[i] += sum_r dy[r][i]: each column sums its rows in
 * order; a block of LN_COLS columns walks the rows once, contiguously. */
#define LN_COLS 32

HOT static void
ln_bwd_cols(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C;

	(void)tid;
	for (size_t blk = lo; blk < hi; blk++) {
		int c0 = (int)blk * LN_COLS, c1 = c0 + LN_COLS < C ? c0 + LN_COLS : C;
		float dw[LN_COLS] = {0}, db[LN_COLS] = {0};
		for (size_t r = 0; r < a->N; r++) {
			const float *dy = a->dout + r * C, *x = a->inp + r * C;
			float m = a->mean[r], s = a->rstd[r];
			for (int i = c0; i < c1; i++) {
				dw[i - c0] += dy[i] * (x[i] - m) * s;
				db[i - c0] += dy[i];
			}
		}
		for (int i = c0; i < c1; i++) {
			a->dw[i] += dw[i - c0];
			a->db[i] += db[i - c0];
		}
	}
}

static void
layernorm_backward(struct pool *p, float *dinp, float *dw, float *db, const float *dout,
		   const float *inp, const float *w, const float *mean, const float *rstd,
		   size_t N, int C)
{
	struct ln a = {.dinp = dinp, .dw = dw, .db = db, .dout = dout, .inp = inp, .w = w,
		       .mean = (float *)mean, .rstd = (float *)rstd, .C = C, .N = N};

	pool_for(p, N, ln_bwd_rows, &a);
	pool_for(p, ((size_t)C + LN_COLS - 1) / LN_COLS, ln_bwd_cols, &a);
}

/* ---- causal self-attention ----
 * qkv[B][T][3C] holds q, k, v; head h uses channels h*hs .. h*hs+hs-1 of each.
 * att[B][NH][T][T] keeps the softmax probabilities (row t: columns 0..t, zeros after).
 * Work items are (batch row, head) pairs: a pair reads and writes only its own head's
 * channels, so pairs run in parallel without sharing a sum. Within a pair the products
 * are sgemm calls over blocks of ATT_BLOCK rows, each only as wide as the causal mask
 * needs (the rows of block i see the columns of blocks 0..i). */
#define ATT_BLOCK 64

/* The sequences of a batch as the kernels see them. The positions after a sequence's
 * last counted target (its padding) change neither the loss nor any gradient, so they
 * are left out: sequence b is len[b] rows from row off[b] of every activation, and its
 * attention matrices (len[b] x len[b], one per head) start at att_off[b] * NH. */
struct seqs {
	int B, T;		/* the batch as given */
	int *len;		/* B */
	size_t *off, *att_off;	/* B: rows before b; the sum of len^2 before b */
	size_t N, TT;		/* rows in all; the sum of len^2 */
};

static inline size_t
att_at(const struct seqs *sq, int b, int h, int NH)
{
	return sq->att_off[b] * (size_t)NH + (size_t)h * (size_t)sq->len[b] * (size_t)sq->len[b];
}

struct attn {
	float *out, *att, *datt, *dqkv;
	const float *qkv, *dout;
	const struct seqs *sq;
	int C, NH;
};

/* exp(x) for x <= 0 (softmax arguments), the Cephes single-precision method: x = n ln2 + r
 * with |r| <= ln2/2, a degree-5 polynomial for e^r, and n put into the exponent bits.
 * Within a few ulp of expf; below -80 it returns e^-80 (about 1.8e-35): in a softmax
 * that is nothing next to the maximum term, e^0.
 * As with tanh, the vector and the scalar forms do the same operations in order. */
#define EXP_LO -80.0f
#define EXP_ROUND 12582912.0f	/* 1.5 * 2^23: adding it rounds to an integer */
#define EXP_POLY(r, p) do { \
	p = r * 1.9875691500e-4f + 1.3981999507e-3f; \
	p = p * r + 8.3334519073e-3f; \
	p = p * r + 4.1665795894e-2f; \
	p = p * r + 1.6666665459e-1f; \
	p = p * r + 5.0000001201e-1f; \
	p = p * (r * r) + r + 1.0f; \
} while (0)

static inline float
exp_neg(float x)
{
	float n, r, p;
	int32_t bits, e;

	x = x < EXP_LO ? EXP_LO : x;
	n = (x * 1.44269504088896341f + EXP_ROUND) - EXP_ROUND;
	r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
	EXP_POLY(r, p);
	e = (int32_t)n * (1 << 23);
	memcpy(&bits, &p, 4);
	bits += e;
	memcpy(&p, &bits, 4);
	return p;
}

static inline v8
v8_exp_neg(v8 x)
{
	const v8 lo = {EXP_LO, EXP_LO, EXP_LO, EXP_LO, EXP_LO, EXP_LO, EXP_LO, EXP_LO};
	v8i under = x < lo;
	v8 n, r, p;

	x = (v8)(((v8i)x & ~under) | ((v8i)lo & under));
	n = (x * 1.44269504088896341f + EXP_ROUND) - EXP_ROUND;
	r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
	EXP_POLY(r, p);
	return (v8)((v8i)p + __builtin_convertvector(n, v8i) * (1 << 23));
}

float
gpt_exp_neg(float x)
{
	return exp_neg(x);
}

/* Softmax of row[0..n) in place; row[n..end) is set to 0. */
static void
softmax_causal(float *row, int n, int end)
{
	float mx = -INFINITY, sum, inv;
	v8 acc = {0};
	int i = 0;

	v8 mx8 = v8_splat(-INFINITY);
	for (; i + 8 <= n; i += 8) {	/* max is exact: any order gives the same */
		v8 x = v8_load(row + i);
		v8i gt = x > mx8;
		mx8 = (v8)(((v8i)x & gt) | ((v8i)mx8 & ~gt));
	}
	for (int k = 0; k < 8; k++)
		mx = mx8[k] > mx ? mx8[k] : mx;
	for (; i < n; i++)
		mx = row[i] > mx ? row[i] : mx;
	i = 0;
	v8 m8 = v8_splat(mx);
	for (; i + 8 <= n; i += 8) {
		v8 e = v8_exp_neg(v8_load(row + i) - m8);
		acc += e;
		v8_store(row + i, &e);
	}
	sum = v8_sum(&acc);
	for (; i < n; i++) {
		row[i] = exp_neg(row[i] - mx);
		sum += row[i];
	}
	inv = 1.0f / sum;
	v8 inv8 = v8_splat(inv);
	for (i = 0; i + 8 <= n; i += 8) {
		v8 x = v8_load(row + i) * inv8;
		v8_store(row + i, &x);
	}
	for (; i < n; i++)
		row[i] *= inv;
	memset(row + n, 0, (size_t)(end - n) * sizeof(float));
}

HOT static void
attn_fwd_pairs(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct attn *a = ctx;
	int C = a->C, NH = a->NH, hs = C / NH, C3 = 3 * C;
	float scale = 1.0f / sqrtf((float)hs);

	(void)tid;
	for (size_t it = lo; it < hi; it++) {	/* it = b * NH + h */
		int b = (int)(it / (size_t)NH), h = (int)(it % (size_t)NH), T = a->sq->len[b];
		const float *q = a->qkv + a->sq->off[b] * C3 + h * hs, *k = q + C, *v = q + 2 * C;
		float *att = a->att + att_at(a->sq, b, h, NH), *out = a->out + a->sq->off[b] * C + h * hs;
		for (int r0 = 0; r0 < T; r0 += ATT_BLOCK) {
			int r1 = r0 + ATT_BLOCK < T ? r0 + ATT_BLOCK : T, m = r1 - r0;
			float *s = att + (size_t)r0 * T;
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, r1, hs, scale,
				    q + (size_t)r0 * C3, C3, k, C3, 0.0f, s, T);
			for (int t = r0; t < r1; t++)
				softmax_causal(att + (size_t)t * T, t + 1, T);
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, hs, r1, 1.0f, s, T,
				    v, C3, 0.0f, out + (size_t)r0 * C, C);
		}
	}
}

static void
attention_forward(struct pool *p, float *out, float *att, const float *qkv,
		  const struct seqs *sq, int C, int NH)
{
	struct attn a = {.out = out, .att = att, .qkv = qkv, .sq = sq, .C = C, .NH = NH};

	pool_for(p, (size_t)sq->B * NH, attn_fwd_pairs, &a);
}

/* One (b, h) pair. datt first holds d(probabilities), then d(scores) (the softmax
 * backward, scale included), row block by row block:
 *   dP = dy v^T,  dS = P * (dP - rowsum(P * dP)) * scale,  dq += dS k,
 * then by column blocks (the rows at or below the block):  dv += P^T dy,  dk += dS^T q. */
static void
attn_bwd_pair(const struct attn *a, size_t it)
{
	int C = a->C, NH = a->NH, hs = C / NH, C3 = 3 * C;
	int b = (int)(it / (size_t)NH), h = (int)(it % (size_t)NH), T = a->sq->len[b];
	float scale = 1.0f / sqrtf((float)hs);
	size_t qoff = a->sq->off[b] * C3 + h * hs, aoff = att_at(a->sq, b, h, NH);
	const float *q = a->qkv + qoff, *k = q + C, *v = q + 2 * C;
	const float *P = a->att + aoff, *dy = a->dout + a->sq->off[b] * C + h * hs;
	float *dS = a->datt + aoff, *dq = a->dqkv + qoff, *dk = dq + C, *dv = dq + 2 * C;

	for (int r0 = 0; r0 < T; r0 += ATT_BLOCK) {
		int r1 = r0 + ATT_BLOCK < T ? r0 + ATT_BLOCK : T, m = r1 - r0;
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, r1, hs, 1.0f,
			    dy + (size_t)r0 * C, C, v, C3, 0.0f, dS + (size_t)r0 * T, T);
		for (int t = r0; t < r1; t++) {
			const float *p = P + (size_t)t * T;
			float *d = dS + (size_t)t * T, s = dot(p, d, t + 1);
			for (int t2 = 0; t2 <= t; t2++)
				d[t2] = p[t2] * (d[t2] - s) * scale;
			memset(d + t + 1, 0, (size_t)(r1 - t - 1) * sizeof(float));
		}
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, hs, r1, 1.0f,
			    dS + (size_t)r0 * T, T, k, C3, 1.0f, dq + (size_t)r0 * C3, C3);
	}
	for (int c0 = 0; c0 < T; c0 += ATT_BLOCK) {
		int c1 = c0 + ATT_BLOCK < T ? c0 + ATT_BLOCK : T, rows = T - c0;
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c1 - c0, hs, rows, 1.0f,
			    P + (size_t)c0 * T + c0, T, dy + (size_t)c0 * C, C, 1.0f,
			    dv + (size_t)c0 * C3, C3);
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c1 - c0, hs, rows, 1.0f,
			    dS + (size_t)c0 * T + c0, T, q + (size_t)c0 * C3, C3, 1.0f,
			    dk + (size_t)c0 * C3, C3);
	}
}

HOT static void
attn_bwd_pairs(void *ctx, size_t lo, size_t hi, int tid)
{
	(void)tid;
	for (size_t it = lo; it < hi; it++)
		attn_bwd_pair(ctx, it);
}

static void
attention_backward(struct pool *p, float *dqkv, float *datt, const float *dout,
		   const float *qkv, const float *att, const struct seqs *sq, int C, int NH)
{
	struct attn a = {.dqkv = dqkv, .datt = datt, .dout = dout, .qkv = qkv,
			 .att = (float *)att, .sq = sq, .C = C, .NH = NH};

	pool_for(p, (size_t)sq->B * NH, attn_bwd_pairs, &a);
}
/* ---- GELU (tanh approximation) and element-wise helpers ---- */

#define GELU_K 0.7978845608028654f	/* sqrt(2 / pi) */

/* tanh as a rational function, odd degree 13 over even degree 6, on [-7.9053, 7.9053]
 * and +-1 outside (the approximation Eigen uses; within 4e-7 of tanh, see test_gpt.c).
 * libm's tanhf cost a third of a training step; this runs eight lanes at a time. The
 * scalar and the vector forms do the same operations in the same order, so an element
 * gets the same bits whichever form (and so whichever thread's range) computes it. */
#define TANH_CLAMP 7.90531110763549805f
#define TANH_POLY(x, x2, p, q) do { \
	p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f; \
	p = x2 * p + -8.60467152213735e-11f; \
	p = x2 * p + 5.12229709037114e-08f; \
	p = x2 * p + 1.48572235717979e-05f; \
	p = x2 * p + 6.37261928875436e-04f; \
	p = x2 * p + 4.89352455891786e-03f; \
	p = x * p; \
	q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f; \
	q = x2 * q + 2.26843463243900e-03f; \
	q = x2 * q + 4.89352518554385e-03f; \
} while (0)

static inline float
tanh_fast(float x)
{
	float p, q, x2;

	x = x > TANH_CLAMP ? TANH_CLAMP : x < -TANH_CLAMP ? -TANH_CLAMP : x;
	x2 = x * x;
	TANH_POLY(x, x2, p, q);
	return p / q;
}

static inline v8
v8_tanh_fast(v8 x)
{
	const v8 hi = {TANH_CLAMP, TANH_CLAMP, TANH_CLAMP, TANH_CLAMP, TANH_CLAMP, TANH_CLAMP,
		       TANH_CLAMP, TANH_CLAMP};
	v8i over = x > hi, under = x < -hi;
	v8 p, q, x2;

	x = (v8)(((v8i)x & ~(over | under)) | ((v8i)hi & over) | ((v8i)-hi & under));
	x2 = x * x;
	TANH_POLY(x, x2, p, q);
	return p / q;
}

float
gpt_tanh(float x)
{
	return tanh_fast(x);
}

struct ew {
	float *out, *dinp, *dinp2;
	const float *inp, *inp2, *dout;
};

HOT static void
gelu_fwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;
	size_t i = lo;

	(void)tid;
	for (; i + 8 <= hi; i += 8) {
		v8 x = v8_load(a->inp + i), y;
		y = 0.5f * x * (1.0f + v8_tanh_fast(GELU_K * (x + 0.044715f * x * x * x)));
		v8_store(a->out + i, &y);
	}
	for (; i < hi; i++) {
		float x = a->inp[i];
		a->out[i] = 0.5f * x * (1.0f + tanh_fast(GELU_K * (x + 0.044715f * x * x * x)));
	}
}

HOT static void
gelu_bwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;
	size_t i = lo;

	(void)tid;
	for (; i + 8 <= hi; i += 8) {
		v8 x = v8_load(a->inp + i), th = v8_tanh_fast(GELU_K * (x + 0.044715f * x * x * x));
		v8 g = 0.5f * (1.0f + th) + 0.5f * x * (1.0f - th * th) * GELU_K * (1.0f + 0.134145f * x * x);
		v8 d = v8_load(a->dinp + i) + g * v8_load(a->dout + i);
		v8_store(a->dinp + i, &d);
	}
	for (; i < hi; i++) {
		float x = a->inp[i], th = tanh_fast(GELU_K * (x + 0.044715f * x * x * x));
		float g = 0.5f * (1.0f + th) + 0.5f * x * (1.0f - th * th) * GELU_K * (1.0f + 0.134145f * x * x);
		a->dinp[i] += g * a->dout[i];
	}
}

static void
residual_fwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;

	(void)tid;
	for (size_t i = lo; i < hi; i++)
		a->out[i] = a->inp[i] + a->inp2[i];
}

static void
residual_bwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;

	(void)tid;
	for (size_t i = lo; i < hi; i++) {
		a->dinp[i] += a->dout[i];
		a->dinp2[i] += a->dout[i];
	}
}

/* ---- softmax + cross-entropy over the vocabulary, weighted by the mask ---- */

struct xent {
	float *probs, *losses, *dlogits;
	const int *targets;
	const float *dloss;
	int V;
};

static void
xent_fwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct xent *a = ctx;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		float *p = a->probs + r * a->V, mx = -INFINITY, sum = 0.0f;
		for (int i = 0; i < a->V; i++)
			mx = p[i] > mx ? p[i] : mx;
		for (int i = 0; i < a->V; i++) {
			p[i] = expf(p[i] - mx);
			sum += p[i];
		}
		for (int i = 0; i < a->V; i++)
			p[i] /= sum;
		if (a->targets)
			a->losses[r] = -logf(fmaxf(p[a->targets[r]], 1e-30f));
	}
}

static void
xent_bwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct xent *a = ctx;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		float d = a->dloss[r], *dl = a->dlogits + r * a->V;
		const float *p = a->probs + r * a->V;
		if (d == 0.0f)
			continue;
		for (int i = 0; i < a->V; i++)
			dl[i] += (p[i] - (i == a->targets[r] ? 1.0f : 0.0f)) * d;
	}
}

/* ===================================================================================
 * 2. the model
 * =================================================================================== */

/* Activations of one forward pass over the N rows of the batch's sequences (see struct
 * seqs), and their gradients (same layout). Per-layer arrays hold L consecutive slices. */
#define GPT_ACTS(X) \
	X(encoded, N * C) X(ln1, L * N * C) X(ln1_mean, L * N) X(ln1_rstd, L * N) \
	X(qkv, L * N * 3 * C) X(atty, L * N * C) X(att, L * NH * TT) \
	X(attproj, L * N * C) X(residual2, L * N * C) X(ln2, L * N * C) X(ln2_mean, L * N) \
	X(ln2_rstd, L * N) X(fch, L * N * 4 * C) X(fch_gelu, L * N * 4 * C) \
	X(fcproj, L * N * C) X(residual3, L * N * C) X(lnf, N * C) X(lnf_mean, N) \
	X(lnf_rstd, N) X(probs, N * V) X(losses, N)

struct act_ptrs {
#define ACT_FIELD(name, size) float *name;
	GPT_ACTS(ACT_FIELD)
#undef ACT_FIELD
};

struct gpt_acts {
	struct seqs sq;
	size_t cap, cap_rows;	/* floats in each of mem and dmem; rows in the row arrays */
	size_t used;		/* floats of mem (and dmem) the current batch uses */
	int cap_b;		/* sequences in sq's arrays */
	float *mem, *dmem;
	struct act_ptrs a, d;	/* activations and their gradients */
	float *dloss;		/* N: mask / sum(mask) */
	int *inputs, *targets;	/* N: the batch's, without the padding */
	bool has_targets;
};

static const char *const tensor_names[GPT_N_TENSORS] = {
#define GPT_T_NAME(id, name) name,
	GPT_TENSORS(GPT_T_NAME)
#undef GPT_T_NAME
};

const char *
gpt_tensor_name(enum gpt_tensor t)
{
	return t < GPT_N_TENSORS ? tensor_names[t] : "?";
}

enum status
gpt_config_check(const struct gpt_config *c, struct err *err)
{
	if (c->vocab < 2 || c->vocab > 1 << 20)
		return err_set(err, ST_USAGE, "model: vocab must be 2..1048576 (got %d)", c->vocab);
	if (c->max_seq < 2 || c->max_seq > 8192)
		return err_set(err, ST_USAGE, "model: sequence length must be 2..8192 (got %d)",
			       c->max_seq);
	if (c->n_layer < 1 || c->n_layer > 64)
		return err_set(err, ST_USAGE, "model: layers must be 1..64 (got %d)", c->n_layer);
	if (c->n_head < 1 || c->n_embd < 1 || c->n_embd > 4096 || c->n_embd % c->n_head)
		return err_set(err, ST_USAGE, "model: width %d must be a multiple of heads %d "
			       "(and at most 4096)", c->n_embd, c->n_head);
	return ST_OK;
}

static void
layout(struct gpt *g)
{
	size_t V = (size_t)g->cfg.vocab, C = (size_t)g->cfg.n_embd, L = (size_t)g->cfg.n_layer;
	size_t sizes[GPT_N_TENSORS] = {
		V * C, (size_t)g->cfg.max_seq * C, L * C, L * C, L * 3 * C * C, L * 3 * C,
		L * C * C, L * C, L * C, L * C, L * 4 * C * C, L * 4 * C, L * C * 4 * C, L * C, C, C,
	};
	size_t off = 0;

	for (int i = 0; i < GPT_N_TENSORS; i++) {
		g->size[i] = sizes[i];
		g->off[i] = off;
		off += sizes[i];
	}
	g->n_params = off;
}

static struct gpt *
gpt_alloc(const struct gpt_config *c, int n_threads)
{
	struct gpt *g = xcalloc(1, sizeof(*g));

	g->cfg = *c;
	layout(g);
	g->mem = xcalloc(4 * g->n_params, sizeof(float));
	g->params = g->mem;
	g->grads = g->mem + g->n_params;
	g->m = g->mem + 2 * g->n_params;
	g->v = g->mem + 3 * g->n_params;
	g->acts = xcalloc(1, sizeof(*g->acts));
	g->pool = pool_new(n_threads);
	/* our pool splits the work; each sgemm call runs on the thread that makes it */
	openblas_set_num_threads(1);
	return g;
}

/* GPT-2's initialisation: weights N(0, 0.02), the two projections into the residual
 * stream scaled by 1/sqrt(2 * layers), biases 0, layer-norm gains 1. */
static void
init_params(struct gpt *g, uint64_t seed)
{
	struct rng r;
	float proj_std = 0.02f / sqrtf(2.0f * (float)g->cfg.n_layer);

	rng_seed(&r, seed);
	for (int t = 0; t < GPT_N_TENSORS; t++) {
		float *p = g->params + g->off[t];
		bool gain = t == GPT_LN1W || t == GPT_LN2W || t == GPT_LNFW;
		bool bias = t == GPT_LN1B || t == GPT_LN2B || t == GPT_LNFB || t == GPT_QKVB ||
			    t == GPT_ATTPROJB || t == GPT_FCB || t == GPT_FCPROJB;
		float std = t == GPT_ATTPROJW || t == GPT_FCPROJW ? proj_std : 0.02f;
		for (size_t i = 0; i < g->size[t]; i++)
			p[i] = gain ? 1.0f : bias ? 0.0f : (float)rng_normal(&r) * std;
	}
}

enum status
gpt_new(const struct gpt_config *c, uint64_t seed, int n_threads, struct gpt **out,
	struct err *err)
{
	enum status rc = gpt_config_check(c, err);

	*out = NULL;
	if (rc != ST_OK)
		return rc;
	*out = gpt_alloc(c, n_threads);
	init_params(*out, seed);
	return ST_OK;
}

struct gpt *
gpt_clone(const struct gpt *g, int n_threads)
{
	struct gpt *c = gpt_alloc(&g->cfg, n_threads);

	memcpy(c->params, g->params, g->n_params * sizeof(float));
	c->step = g->step;
	memcpy(c->sha256, g->sha256, sizeof(c->sha256));
	return c;
}

void
gpt_free(struct gpt *g)
{
	if (!g)
		return;
	if (g->acts) {
		free(g->acts->mem);
		free(g->acts->dmem);
		free(g->acts->dloss);
		free(g->acts->inputs);
		free(g->acts->targets);
		free(g->acts->sq.len);
		free(g->acts->sq.off);
		free(g->acts->sq.att_off);
		free(g->acts);
	}
	pool_free(g->pool);
	free(g->mem);
	free(g);
}

/* The rows of each sequence: up to its last target with a non-zero mask (all T when
 * there is no mask; at least one row in all). Fills g->acts->sq. */
static void
seqs_plan(struct gpt *g, const float *mask, int B, int T)
{
	struct gpt_acts *ac = g->acts;
	struct seqs *sq = &ac->sq;

	if (B > ac->cap_b) {
		free(sq->len);
		free(sq->off);
		free(sq->att_off);
		sq->len = xmalloc((size_t)B * sizeof(int));
		sq->off = xmalloc((size_t)B * sizeof(size_t));
		sq->att_off = xmalloc((size_t)B * sizeof(size_t));
		ac->cap_b = B;
	}
	sq->B = B;
	sq->T = T;
	sq->N = sq->TT = 0;
	for (int b = 0; b < B; b++) {
		int len = mask ? 0 : T;
		for (int t = 0; mask && t < T; t++)
			if (mask[(size_t)b * T + t] != 0.0f)
				len = t + 1;
		sq->len[b] = len;
		sq->off[b] = sq->N;
		sq->att_off[b] = sq->TT;
		sq->N += (size_t)len;
		sq->TT += (size_t)len * (size_t)len;
	}
	if (sq->N == 0) {	/* nothing counts: run the first position, for a defined state */
		sq->len[0] = 1;
		sq->N = sq->TT = 1;
	}
}

/* Point the activation arrays into mem for the planned rows; grow it when needed. */
static void
acts_layout(struct gpt *g)
{
	struct gpt_acts *ac = g->acts;
	size_t N = ac->sq.N, TT = ac->sq.TT, C = (size_t)g->cfg.n_embd, L = (size_t)g->cfg.n_layer;
	size_t V = (size_t)g->cfg.vocab, NH = (size_t)g->cfg.n_head, total = 0;

#define ACT_SIZE(name, size) total += (size);
	GPT_ACTS(ACT_SIZE)
#undef ACT_SIZE
	ac->used = total;
	if (total > ac->cap) {
		free(ac->mem);
		free(ac->dmem);
		ac->mem = xmalloc(total * sizeof(float));
		ac->dmem = xmalloc(total * sizeof(float));
		ac->cap = total;
	}
	if (N > ac->cap_rows) {
		free(ac->dloss);
		free(ac->inputs);
		free(ac->targets);
		ac->dloss = xmalloc(N * sizeof(float));
		ac->inputs = xmalloc(N * sizeof(int));
		ac->targets = xmalloc(N * sizeof(int));
		ac->cap_rows = N;
	}
	size_t off = 0;
#define ACT_POINT(name, size) ac->a.name = ac->mem + off; ac->d.name = ac->dmem + off; off += (size);
	GPT_ACTS(ACT_POINT)
#undef ACT_POINT
}

#define P(t) (g->params + g->off[GPT_##t])
#define G(t) (g->grads + g->off[GPT_##t])

static void
encoder_forward(struct gpt *g)
{
	const struct seqs *sq = &g->acts->sq;
	int C = g->cfg.n_embd;

	for (int b = 0; b < sq->B; b++)
		for (int t = 0; t < sq->len[b]; t++) {
			size_t r = sq->off[b] + (size_t)t;
			float *o = g->acts->a.encoded + r * C;
			const float *te = P(WTE) + (size_t)g->acts->inputs[r] * C, *pe = P(WPE) + (size_t)t * C;
			for (int i = 0; i < C; i++)
				o[i] = te[i] + pe[i];
		}
}

/* One transformer block, layer l, reading residual and writing a.residual3[l]. */
static void
block_forward(struct gpt *g, int l, const float *residual)
{
	struct act_ptrs *a = &g->acts->a;
	const struct seqs *sq = &g->acts->sq;
	int C = g->cfg.n_embd, NH = g->cfg.n_head;
	size_t N = sq->N, nc = N * C, lc = (size_t)l * C;
	float *ln1 = a->ln1 + l * nc, *qkv = a->qkv + l * 3 * nc, *atty = a->atty + l * nc;
	float *att = a->att + (size_t)l * NH * sq->TT, *attproj = a->attproj + l * nc;
	float *res2 = a->residual2 + l * nc, *ln2 = a->ln2 + l * nc, *fch = a->fch + l * 4 * nc;
	float *gel = a->fch_gelu + l * 4 * nc, *fcproj = a->fcproj + l * nc, *res3 = a->residual3 + l * nc;

	layernorm_forward(g->pool, ln1, a->ln1_mean + l * N, a->ln1_rstd + l * N, residual,
			  P(LN1W) + lc, P(LN1B) + lc, N, C);
	matmul_forward(g->pool, qkv, ln1, P(QKVW) + 3 * lc * C, P(QKVB) + 3 * lc, N, C, 3 * C);
	attention_forward(g->pool, atty, att, qkv, sq, C, NH);
	matmul_forward(g->pool, attproj, atty, P(ATTPROJW) + lc * C, P(ATTPROJB) + lc, N, C, C);
	pool_for(g->pool, nc, residual_fwd_range,
		 &(struct ew){.out = res2, .inp = residual, .inp2 = attproj});
	layernorm_forward(g->pool, ln2, a->ln2_mean + l * N, a->ln2_rstd + l * N, res2,
			  P(LN2W) + lc, P(LN2B) + lc, N, C);
	matmul_forward(g->pool, fch, ln2, P(FCW) + 4 * lc * C, P(FCB) + 4 * lc, N, C, 4 * C);
	pool_for(g->pool, 4 * nc, gelu_fwd_range, &(struct ew){.out = gel, .inp = fch});
	matmul_forward(g->pool, fcproj, gel, P(FCPROJW) + 4 * lc * C, P(FCPROJB) + lc, N, 4 * C, C);
	pool_for(g->pool, nc, residual_fwd_range,
		 &(struct ew){.out = res3, .inp = res2, .inp2 = fcproj});
}

double
gpt_forward(struct gpt *g, const int *inputs, const int *targets, const float *mask, int B,
	    int T)
{
	struct gpt_acts *ac = g->acts;
	const struct seqs *sq = &ac->sq;
	struct act_ptrs *a = &ac->a;
	int C = g->cfg.n_embd, L = g->cfg.n_layer, V = g->cfg.vocab;
	double sum = 0.0, weight = 0.0;

	if (T > g->cfg.max_seq || B < 1 || T < 1)
		return NAN;
	seqs_plan(g, targets ? mask : NULL, B, T);
	acts_layout(g);
	ac->has_targets = targets != NULL;
	for (int b = 0; b < B; b++)
		for (int t = 0; t < sq->len[b]; t++) {
			ac->inputs[sq->off[b] + t] = inputs[(size_t)b * T + t];
			ac->targets[sq->off[b] + t] = targets ? targets[(size_t)b * T + t] : 0;
		}
	size_t N = sq->N;
	encoder_forward(g);
	for (int l = 0; l < L; l++)
		block_forward(g, l, l == 0 ? a->encoded : a->residual3 + (size_t)(l - 1) * N * C);
	layernorm_forward(g->pool, a->lnf, a->lnf_mean, a->lnf_rstd,
			  a->residual3 + (size_t)(L - 1) * N * C, P(LNFW), P(LNFB), N, C);
	matmul_forward(g->pool, a->probs, a->lnf, P(WTE), NULL, N, C, V);	/* logits */
	pool_for(g->pool, N, xent_fwd_rows, &(struct xent){.probs = a->probs, .losses = a->losses,
		 .targets = targets ? ac->targets : NULL, .V = V});
	/* in order (the same on any thread count); dropped padding had mask 0 */
	for (int b = 0; targets && mask && b < B; b++)
		for (int t = 0; t < sq->len[b]; t++) {
			float m = mask[(size_t)b * T + t];
			sum += (double)m * a->losses[sq->off[b] + t];
			weight += m;
		}
	for (int b = 0; targets && b < B; b++)
		for (int t = 0; t < sq->len[b]; t++)
			ac->dloss[sq->off[b] + t] = mask && weight > 0 ?
				(float)(mask[(size_t)b * T + t] / weight) : 0.0f;
	g->loss_sum = sum;
	g->loss_weight = weight;
	return weight > 0 ? sum / weight : 0.0;
}

double
gpt_seq_loss_sum(const struct gpt *g, const float *mask, int b)
{
	const struct seqs *sq = &g->acts->sq;
	double sum = 0.0;

	for (int t = 0; t < sq->len[b]; t++)
		sum += (double)mask[(size_t)b * sq->T + t] * g->acts->a.losses[sq->off[b] + t];
	return sum;
}

void
gpt_zero_grad(struct gpt *g)
{
	memset(g->grads, 0, g->n_params * sizeof(float));
}

static void
block_backward(struct gpt *g, int l, const float *residual, float *dresidual)
{
	struct act_ptrs *a = &g->acts->a, *d = &g->acts->d;
	const struct seqs *sq = &g->acts->sq;
	int C = g->cfg.n_embd, NH = g->cfg.n_head;
	size_t N = sq->N, nc = N * C, lc = (size_t)l * C;
	size_t o1 = l * nc, o3 = l * 3 * nc, o4 = l * 4 * nc;
	float *att = a->att + (size_t)l * NH * sq->TT;

	/* residual3 = residual2 + fcproj */
	pool_for(g->pool, nc, residual_bwd_range, &(struct ew){.dinp = d->residual2 + o1,
		 .dinp2 = d->fcproj + o1, .dout = d->residual3 + o1});
	matmul_backward(g->pool, d->fch_gelu + o4, G(FCPROJW) + 4 * lc * C, G(FCPROJB) + lc,
			d->fcproj + o1, a->fch_gelu + o4, P(FCPROJW) + 4 * lc * C, N, 4 * C, C);
	pool_for(g->pool, 4 * nc, gelu_bwd_range, &(struct ew){.dinp = d->fch + o4,
		 .inp = a->fch + o4, .dout = d->fch_gelu + o4});
	matmul_backward(g->pool, d->ln2 + o1, G(FCW) + 4 * lc * C, G(FCB) + 4 * lc, d->fch + o4,
			a->ln2 + o1, P(FCW) + 4 * lc * C, N, C, 4 * C);
	layernorm_backward(g->pool, d->residual2 + o1, G(LN2W) + lc, G(LN2B) + lc, d->ln2 + o1,
			   a->residual2 + o1, P(LN2W) + lc, a->ln2_mean + l * N, a->ln2_rstd + l * N,
			   N, C);
	/* residual2 = residual + attproj */
	pool_for(g->pool, nc, residual_bwd_range, &(struct ew){.dinp = dresidual,
		 .dinp2 = d->attproj + o1, .dout = d->residual2 + o1});
	matmul_backward(g->pool, d->atty + o1, G(ATTPROJW) + lc * C, G(ATTPROJB) + lc,
			d->attproj + o1, a->atty + o1, P(ATTPROJW) + lc * C, N, C, C);
	attention_backward(g->pool, d->qkv + o3, d->att + (att - a->att), d->atty + o1, a->qkv + o3,
			   att, sq, C, NH);
	matmul_backward(g->pool, d->ln1 + o1, G(QKVW) + 3 * lc * C, G(QKVB) + 3 * lc, d->qkv + o3,
			a->ln1 + o1, P(QKVW) + 3 * lc * C, N, C, 3 * C);
	layernorm_backward(g->pool, dresidual, G(LN1W) + lc, G(LN1B) + lc, d->ln1 + o1, residual,
			   P(LN1W) + lc, a->ln1_mean + l * N, a->ln1_rstd + l * N, N, C);
}

static void
encoder_backward(struct gpt *g)
{
	const struct seqs *sq = &g->acts->sq;
	int C = g->cfg.n_embd;

	for (int b = 0; b < sq->B; b++)	/* in order: token rows can repeat */
		for (int t = 0; t < sq->len[b]; t++) {
			size_t r = sq->off[b] + (size_t)t;
			const float *dy = g->acts->d.encoded + r * C;
			axpy(G(WTE) + (size_t)g->acts->inputs[r] * C, 1.0f, dy, C);
			axpy(G(WPE) + (size_t)t * C, 1.0f, dy, C);
		}
}

void
gpt_backward(struct gpt *g)
{
	struct gpt_acts *ac = g->acts;
	struct act_ptrs *a = &ac->a, *d = &ac->d;
	int C = g->cfg.n_embd, L = g->cfg.n_layer, V = g->cfg.vocab;
	size_t N = ac->sq.N, nc = N * C;

	if (!ac->has_targets)
		return;
	memset(ac->dmem, 0, ac->used * sizeof(float));
	pool_for(g->pool, N, xent_bwd_rows, &(struct xent){.probs = a->probs, .dlogits = d->probs,
		 .targets = ac->targets, .dloss = ac->dloss, .V = V});
	matmul_backward(g->pool, d->lnf, G(WTE), NULL, d->probs, a->lnf, P(WTE), N, C, V);
	layernorm_backward(g->pool, d->residual3 + (L - 1) * nc, G(LNFW), G(LNFB), d->lnf,
			   a->residual3 + (L - 1) * nc, P(LNFW), a->lnf_mean, a->lnf_rstd, N, C);
	for (int l = L - 1; l >= 0; l--) {
		const float *res = l == 0 ? a->encoded : a->residual3 + (size_t)(l - 1) * nc;
		float *dres = l == 0 ? d->encoded : d->residual3 + (size_t)(l - 1) * nc;
		block_backward(g, l, res, dres);
	}
	encoder_backward(g);
}

double
gpt_clip_grad(struct gpt *g, double max_norm)
{
	double ss = 0.0, norm;

	for (size_t i = 0; i < g->n_params; i++)
		ss += (double)g->grads[i] * g->grads[i];
	norm = sqrt(ss);
	if (max_norm > 0 && norm > max_norm) {
		float s = (float)(max_norm / norm);
		for (size_t i = 0; i < g->n_params; i++)
			g->grads[i] *= s;
	}
	return norm;
}

struct adam {
	struct gpt *g;
	float lr, wd, b1c, b2c;
	const bool *decay;		/* per tensor */
	size_t lo, n;			/* this tensor's range */
};

static void
adam_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct adam *a = ctx;
	struct gpt *g = a->g;
	float wd = *a->decay ? a->wd : 0.0f;

	(void)tid;
	for (size_t j = a->lo + lo; j < a->lo + hi; j++) {
		float gr = g->grads[j];
		g->m[j] = 0.9f * g->m[j] + 0.1f * gr;
		g->v[j] = 0.95f * g->v[j] + 0.05f * gr * gr;
		float mh = g->m[j] / a->b1c, vh = g->v[j] / a->b2c;
		g->params[j] -= a->lr * (mh / (sqrtf(vh) + 1e-8f) + wd * g->params[j]);
	}
}

void
gpt_update(struct gpt *g, float lr, float weight_decay)
{
	static const bool decay[GPT_N_TENSORS] = {
		[GPT_WTE] = true, [GPT_WPE] = true, [GPT_QKVW] = true, [GPT_ATTPROJW] = true,
		[GPT_FCW] = true, [GPT_FCPROJW] = true,
	};
	struct adam a = {.g = g, .lr = lr, .wd = weight_decay};

	g->step++;
	a.b1c = 1.0f - powf(0.9f, (float)g->step);
	a.b2c = 1.0f - powf(0.95f, (float)g->step);
	for (int t = 0; t < GPT_N_TENSORS; t++) {
		a.decay = &decay[t];
		a.lo = g->off[t];
		a.n = g->size[t];
		pool_for(g->pool, g->size[t], adam_range, &a);
	}
}

/* ===================================================================================
 * 3. checkpoints
 *
 *   offset  size  field
 *   0       8     magic "WNWGPT\r\n" + 0x1a (a text transfer or `type` garbles it visibly)
 *   8       4     version (1)
 *   12      4     0x01020304 as written (byte order check)
 *   16      20    vocab, max_seq, n_layer, n_head, n_embd (int32)
 *   36      4     reserved (0)
 *   40      8     AdamW step (int64)
 *   48      8     n_params (uint64)
 *   56      ...   params, m, v (float32, n_params each)
 *   end-64  64    SHA-256 of every byte before it, in hex
 * =================================================================================== */

#define CKPT_MAGIC "WNWGPT\r\n\x1a"
#define CKPT_VERSION 1
#define CKPT_HEADER 56

static void
put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

enum status
gpt_save(const struct gpt *g, const char *path, struct err *err)
{
	struct atomic_file af;
	unsigned char h[CKPT_HEADER] = {0};
	const struct gpt_config *c = &g->cfg;
	uint64_t n = g->n_params;
	struct sha256 sh;
	char hex[65];
	enum status rc = atomic_file_open(&af, path, err);

	if (rc != ST_OK)
		return rc;
	memcpy(h, CKPT_MAGIC, 8);
	put32(h + 8, CKPT_VERSION);
	put32(h + 12, 0x01020304u);
	put32(h + 16, (uint32_t)c->vocab);
	put32(h + 20, (uint32_t)c->max_seq);
	put32(h + 24, (uint32_t)c->n_layer);
	put32(h + 28, (uint32_t)c->n_head);
	put32(h + 32, (uint32_t)c->n_embd);
	memcpy(h + 40, &g->step, 8);
	memcpy(h + 48, &n, 8);
	sha256_init(&sh);
	sha256_update(&sh, h, sizeof(h));
	fwrite(h, 1, sizeof(h), af.fp);
	const float *blocks[3] = {g->params, g->m, g->v};
	for (int i = 0; i < 3; i++) {
		sha256_update(&sh, blocks[i], n * sizeof(float));
		fwrite(blocks[i], sizeof(float), n, af.fp);
	}
	sha256_final_hex(&sh, hex);
	fwrite(hex, 1, 64, af.fp);
	return atomic_file_commit(&af, err);
}

static enum status
read_all(const char *path, unsigned char **out, size_t *len, struct err *err)
{
	FILE *fp = fopen(path, "rb");
	long size;

	*out = NULL;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open: %s", path, strerror(errno));
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
		fclose(fp);
		return err_set(err, ST_IO, "%s: cannot read (not a regular file?)", path);
	}
	*out = xmalloc((size_t)size + 1);
	*len = fread(*out, 1, (size_t)size, fp);
	fclose(fp);
	if (*len != (size_t)size) {
		free(*out);
		*out = NULL;
		return err_set(err, ST_IO, "%s: read error", path);
	}
	return ST_OK;
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Check everything in the header and the length; fills c, *n. */
static enum status
ckpt_check(const char *path, const unsigned char *d, size_t len, struct gpt_config *c,
	   uint64_t *n, struct err *err)
{
	char hex[65];
	struct sha256 sh;

	if (len < 8 || memcmp(d, CKPT_MAGIC, 8) != 0)
		return err_set(err, ST_BADDATA, "%s: not a winnow model checkpoint (bad magic number)",
			       path);
	if (len < CKPT_HEADER + 64)
		return err_set(err, ST_BADDATA, "%s: truncated checkpoint (%zu bytes)", path, len);
	if (get32(d + 8) != CKPT_VERSION)
		return err_set(err, ST_BADDATA, "%s: checkpoint version %u, this winnow reads "
			       "version %d", path, get32(d + 8), CKPT_VERSION);
	if (get32(d + 12) != 0x01020304u)
		return err_set(err, ST_BADDATA, "%s: checkpoint written on a machine with another "
			       "byte order", path);
	*c = (struct gpt_config){(int)get32(d + 16), (int)get32(d + 20), (int)get32(d + 24),
				 (int)get32(d + 28), (int)get32(d + 32)};
	memcpy(n, d + 48, 8);
	if (gpt_config_check(c, err) != ST_OK) {
		err_prefix(err, "%s: bad checkpoint header", path);
		return err->code = ST_BADDATA;
	}
	if (*n > (len - CKPT_HEADER - 64) / (3 * sizeof(float)) ||
	    len != CKPT_HEADER + 3 * *n * sizeof(float) + 64)
		return err_set(err, ST_BADDATA, "%s: truncated or padded checkpoint (%zu bytes for "
			       "%llu parameters)", path, len, (unsigned long long)*n);
	sha256_init(&sh);
	sha256_update(&sh, d, len - 64);
	sha256_final_hex(&sh, hex);
	if (memcmp(hex, d + len - 64, 64) != 0)
		return err_set(err, ST_BADDATA, "%s: corrupted checkpoint (SHA-256 mismatch)", path);
	return ST_OK;
}

enum status
gpt_load(const char *path, int n_threads, struct gpt **out, struct err *err)
{
	unsigned char *d = NULL;
	size_t len = 0;
	struct gpt_config c;
	uint64_t n = 0;
	struct gpt *g;
	enum status rc = read_all(path, &d, &len, err);

	*out = NULL;
	if (rc == ST_OK)
		rc = ckpt_check(path, d, len, &c, &n, err);
	if (rc != ST_OK) {
		free(d);
		return rc;
	}
	g = gpt_alloc(&c, n_threads);
	if (g->n_params != n) {
		rc = err_set(err, ST_BADDATA, "%s: %llu parameters, the configuration needs %zu",
			     path, (unsigned long long)n, g->n_params);
		gpt_free(g);
		free(d);
		return rc;
	}
	memcpy(&g->step, d + 40, 8);
	memcpy(g->sha256, d + len - 64, 64);
	g->sha256[64] = '\0';
	memcpy(g->params, d + CKPT_HEADER, n * sizeof(float));
	memcpy(g->m, d + CKPT_HEADER + n * sizeof(float), n * sizeof(float));
	memcpy(g->v, d + CKPT_HEADER + 2 * n * sizeof(float), n * sizeof(float));
	free(d);
	*out = g;
	return ST_OK;
}

