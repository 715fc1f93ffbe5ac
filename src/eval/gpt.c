/* gpt.c: the built-in trainer's model, readable top to bottom in the spirit of llm.c.
 *
 *   1. kernels: matmul, layer norm, causal attention, GELU, residual, softmax + loss,
 *      each a forward and a backward written out by hand;
 *   2. the model: parameters (one allocation with their gradients and AdamW moments),
 *      activations (a second one), forward, backward, clipping, AdamW;
 *   3. checkpoints.
 *
 * Threads. Every kernel splits its work with pool_for over items whose results do not
 * depend on which thread computes them: output rows for the forward matmul and the input
 * gradient, output channels for weight gradients (each sums over the rows in order), a
 * (batch, head) pair for attention backward. Sums use the same fixed 8-lane scheme
 * everywhere. So the result is bit-identical for any thread count.
 * Must not print, exit, or know about samples, files other than checkpoints, or SQL. */
#include "gpt.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
/* Only static functions pass v8 by value, so no ABI crosses this file. */
#pragma GCC diagnostic ignored "-Wpsabi"

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
 * The three matmul loops (most of the time) are also compiled for AVX2 and picked at load
 * time. Without -ffp-contract (off under -std=c11) no FMA is formed, so both versions do
 * the same operations in the same order and give the same bits. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define HOT __attribute__((target_clones("avx2", "default")))
#else
#define HOT
#endif

struct mm {
	float *out, *dinp, *dw, *db;
	const float *inp, *w, *bias, *dout;
	int C, OC;
	size_t N;
};

/* Four rows at a time share each load of w; per row the sum is exactly dot()'s. */
HOT static void
mm_fwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;
	int C = a->C, OC = a->OC;
	size_t r = lo;

	(void)tid;
	for (; r + 4 <= hi; r += 4) {
		const float *x0 = a->inp + r * C, *x1 = x0 + C, *x2 = x1 + C, *x3 = x2 + C;
		for (int o = 0; o < OC; o++) {
			const float *w = a->w + (size_t)o * C;
			v8 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
			int i = 0;
			for (; i + 8 <= C; i += 8) {
				v8 wv = v8_load(w + i);
				s0 += v8_load(x0 + i) * wv;
				s1 += v8_load(x1 + i) * wv;
				s2 += v8_load(x2 + i) * wv;
				s3 += v8_load(x3 + i) * wv;
			}
			float t0 = v8_sum(&s0), t1 = v8_sum(&s1), t2 = v8_sum(&s2), t3 = v8_sum(&s3);
			for (; i < C; i++) {
				t0 += x0[i] * w[i];
				t1 += x1[i] * w[i];
				t2 += x2[i] * w[i];
				t3 += x3[i] * w[i];
			}
			float b = a->bias ? a->bias[o] : 0.0f;
			a->out[r * OC + o] = t0 + b;
			a->out[(r + 1) * OC + o] = t1 + b;
			a->out[(r + 2) * OC + o] = t2 + b;
			a->out[(r + 3) * OC + o] = t3 + b;
		}
	}
	for (; r < hi; r++)
		for (int o = 0; o < OC; o++)
			a->out[r * OC + o] = dot(a->inp + r * C, a->w + (size_t)o * C, C) +
					     (a->bias ? a->bias[o] : 0.0f);
}

static void
matmul_forward(struct pool *p, float *out, const float *inp, const float *w, const float *bias,
	       size_t N, int C, int OC)
{
	struct mm a = {.out = out, .inp = inp, .w = w, .bias = bias, .C = C, .OC = OC, .N = N};

	pool_for(p, N, mm_fwd_rows, &a);
}

/* dinp[r] += sum_o dout[r][o] w[o] */
HOT static void
mm_bwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;

	(void)tid;
	for (size_t r = lo; r < hi; r++)
		for (int o = 0; o < a->OC; o++) {
			float d = a->dout[r * a->OC + o];
			if (d != 0.0f)
				axpy(a->dinp + r * a->C, d, a->w + (size_t)o * a->C, a->C);
		}
}

/* dw[o] += sum_r dout[r][o] inp[r], db[o] += sum_r dout[r][o]: rows in order. */
HOT static void
mm_bwd_cols(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct mm *a = ctx;

	(void)tid;
	for (size_t o = lo; o < hi; o++) {
		float *dw = a->dw + o * a->C, db = 0.0f;
		for (size_t r = 0; r < a->N; r++) {
			float d = a->dout[r * a->OC + o];
			if (d != 0.0f)
				axpy(dw, d, a->inp + r * a->C, a->C);
			db += d;
		}
		if (a->db)
			a->db[o] += db;
	}
}

static void
matmul_backward(struct pool *p, float *dinp, float *dw, float *db, const float *dout,
		const float *inp, const float *w, size_t N, int C, int OC)
{
	struct mm a = {.dinp = dinp, .dw = dw, .db = db, .dout = dout, .inp = inp, .w = w,
		       .C = C, .OC = OC, .N = N};

	pool_for(p, N, mm_bwd_rows, &a);
	pool_for(p, (size_t)OC, mm_bwd_cols, &a);
}

/* ---- layer norm over the last dimension C (eps 1e-5) ---- */

struct ln {
	float *out, *mean, *rstd, *dinp, *dw, *db;
	const float *inp, *w, *b, *dout;
	int C;
	size_t N;
};

static void
ln_fwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		const float *x = a->inp + r * C;
		float *y = a->out + r * C, m = 0.0f, v = 0.0f;
		for (int i = 0; i < C; i++)
			m += x[i];
		m /= (float)C;
		for (int i = 0; i < C; i++)
			v += (x[i] - m) * (x[i] - m);
		float s = 1.0f / sqrtf(v / (float)C + 1e-5f);
		for (int i = 0; i < C; i++)
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

static void
ln_bwd_rows(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C;

	(void)tid;
	for (size_t r = lo; r < hi; r++) {
		const float *x = a->inp + r * C, *dy = a->dout + r * C;
		float m = a->mean[r], s = a->rstd[r], dmean = 0.0f, dnm = 0.0f;
		for (int i = 0; i < C; i++) {
			float dn = a->w[i] * dy[i];
			dmean += dn;
			dnm += dn * (x[i] - m) * s;
		}
		dmean /= (float)C;
		dnm /= (float)C;
		for (int i = 0; i < C; i++) {
			float n = (x[i] - m) * s, dn = a->w[i] * dy[i];
			a->dinp[r * C + i] += (dn - dmean - n * dnm) * s;
		}
	}
}

static void
ln_bwd_cols(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ln *a = ctx;
	int C = a->C;

	(void)tid;
	for (size_t i = lo; i < hi; i++) {
		float dw = 0.0f, db = 0.0f;
		for (size_t r = 0; r < a->N; r++) {
			float dy = a->dout[r * C + i];
			dw += dy * (a->inp[r * C + i] - a->mean[r]) * a->rstd[r];
			db += dy;
		}
		a->dw[i] += dw;
		a->db[i] += db;
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
	pool_for(p, (size_t)C, ln_bwd_cols, &a);
}

/* ---- causal self-attention ----
 * qkv[B][T][3C] holds q, k, v; head h uses channels h*hs .. h*hs+hs-1 of each.
 * att[B][NH][T][T] keeps the softmax probabilities (row t, columns 0..t). */

struct attn {
	float *out, *att, *dqkv, *scratch;
	const float *qkv, *dout;
	int B, T, C, NH;
};

HOT static void
attn_fwd_items(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct attn *a = ctx;
	int T = a->T, C = a->C, NH = a->NH, hs = C / NH;
	float scale = 1.0f / sqrtf((float)hs);

	(void)tid;
	for (size_t it = lo; it < hi; it++) {	/* it = (b * T + t) * NH + h */
		int h = (int)(it % (size_t)NH), t = (int)(it / (size_t)NH % (size_t)T);
		int b = (int)(it / ((size_t)NH * T));
		const float *base = a->qkv + (size_t)b * T * 3 * C, *q = base + (size_t)t * 3 * C + h * hs;
		float *row = a->att + (((size_t)b * NH + h) * T + t) * T, mx = -INFINITY, sum = 0.0f;
		for (int t2 = 0; t2 <= t; t2++) {
			row[t2] = dot(q, base + (size_t)t2 * 3 * C + C + h * hs, hs) * scale;
			mx = row[t2] > mx ? row[t2] : mx;
		}
		for (int t2 = 0; t2 <= t; t2++) {
			row[t2] = expf(row[t2] - mx);
			sum += row[t2];
		}
		for (int t2 = 0; t2 <= t; t2++)
			row[t2] /= sum;
		float *o = a->out + ((size_t)b * T + t) * C + h * hs;
		memset(o, 0, sizeof(float) * hs);
		for (int t2 = 0; t2 <= t; t2++)
			axpy(o, row[t2], base + (size_t)t2 * 3 * C + 2 * C + h * hs, hs);
	}
}

static void
attention_forward(struct pool *p, float *out, float *att, const float *qkv, int B, int T, int C,
		  int NH)
{
	struct attn a = {.out = out, .att = att, .qkv = qkv, .B = B, .T = T, .C = C, .NH = NH};

	pool_for(p, (size_t)B * T * NH, attn_fwd_items, &a);
}

/* One (b, h) pair: it writes only head h's channels of batch row b, so pairs run in
 * parallel without sharing a sum. */
static void
attn_bwd_pair(const struct attn *a, int b, int h, float *datt)
{
	int T = a->T, C = a->C, hs = C / a->NH;
	float scale = 1.0f / sqrtf((float)hs);
	const float *base = a->qkv + (size_t)b * T * 3 * C;
	float *dbase = a->dqkv + (size_t)b * T * 3 * C;

	for (int t = 0; t < T; t++) {
		const float *row = a->att + (((size_t)b * a->NH + h) * T + t) * T;
		const float *dy = a->dout + ((size_t)b * T + t) * C + h * hs;
		const float *q = base + (size_t)t * 3 * C + h * hs;
		float *dq = dbase + (size_t)t * 3 * C + h * hs, s = 0.0f;
		for (int t2 = 0; t2 <= t; t2++) {
			datt[t2] = dot(dy, base + (size_t)t2 * 3 * C + 2 * C + h * hs, hs);
			axpy(dbase + (size_t)t2 * 3 * C + 2 * C + h * hs, row[t2], dy, hs);
			s += row[t2] * datt[t2];
		}
		for (int t2 = 0; t2 <= t; t2++) {
			float dpre = row[t2] * (datt[t2] - s) * scale;
			axpy(dq, dpre, base + (size_t)t2 * 3 * C + C + h * hs, hs);
			axpy(dbase + (size_t)t2 * 3 * C + C + h * hs, dpre, q, hs);
		}
	}
}

HOT static void
attn_bwd_items(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct attn *a = ctx;

	for (size_t it = lo; it < hi; it++)
		attn_bwd_pair(a, (int)(it / (size_t)a->NH), (int)(it % (size_t)a->NH),
			      a->scratch + (size_t)tid * a->T);
}

static void
attention_backward(struct pool *p, float *dqkv, const float *dout, const float *qkv,
		   const float *att, float *scratch, int B, int T, int C, int NH)
{
	struct attn a = {.dqkv = dqkv, .dout = dout, .qkv = qkv, .att = (float *)att,
			 .scratch = scratch, .B = B, .T = T, .C = C, .NH = NH};

	pool_for(p, (size_t)B * NH, attn_bwd_items, &a);
}

/* ---- GELU (tanh approximation) and element-wise helpers ---- */

#define GELU_K 0.7978845608028654f	/* sqrt(2 / pi) */

struct ew {
	float *out, *dinp, *dinp2;
	const float *inp, *inp2, *dout;
};

static void
gelu_fwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;

	(void)tid;
	for (size_t i = lo; i < hi; i++) {
		float x = a->inp[i];
		a->out[i] = 0.5f * x * (1.0f + tanhf(GELU_K * (x + 0.044715f * x * x * x)));
	}
}

static void
gelu_bwd_range(void *ctx, size_t lo, size_t hi, int tid)
{
	const struct ew *a = ctx;

	(void)tid;
	for (size_t i = lo; i < hi; i++) {
		float x = a->inp[i], u = GELU_K * (x + 0.044715f * x * x * x);
		float th = tanhf(u), sech2 = 1.0f - th * th;
		float g = 0.5f * (1.0f + th) + 0.5f * x * sech2 * GELU_K * (1.0f + 0.134145f * x * x);
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

/* Activations of one forward pass over N = B*T positions, and their gradients (same
 * layout). Per-layer arrays hold L consecutive slices. */
#define GPT_ACTS(X) \
	X(encoded, N * C) X(ln1, L * N * C) X(ln1_mean, L * N) X(ln1_rstd, L * N) \
	X(qkv, L * N * 3 * C) X(atty, L * N * C) X(att, L * B * NH * T * T) \
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
	int B, T;
	size_t cap;		/* floats allocated in each of mem and dmem */
	float *mem, *dmem;
	struct act_ptrs a, d;	/* activations and their gradients */
	float *dloss;		/* N: mask / sum(mask) */
	const int *inputs, *targets;
	float *scratch;		/* threads * max_seq floats for attention backward */
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

void
gpt_free(struct gpt *g)
{
	if (!g)
		return;
	if (g->acts) {
		free(g->acts->mem);
		free(g->acts->dmem);
		free(g->acts->dloss);
		free(g->acts->scratch);
		free(g->acts);
	}
	pool_free(g->pool);
	free(g->mem);
	free(g);
}

/* Point the activation arrays into mem for this (B, T); grow it when needed. */
static void
acts_layout(struct gpt *g, int B, int T)
{
	struct gpt_acts *ac = g->acts;
	size_t N = (size_t)B * T, C = (size_t)g->cfg.n_embd, L = (size_t)g->cfg.n_layer;
	size_t V = (size_t)g->cfg.vocab, NH = (size_t)g->cfg.n_head, total = 0;

#define ACT_SIZE(name, size) total += (size);
	GPT_ACTS(ACT_SIZE)
#undef ACT_SIZE
	if (total > ac->cap) {
		free(ac->mem);
		free(ac->dmem);
		free(ac->dloss);
		ac->mem = xmalloc(total * sizeof(float));
		ac->dmem = xmalloc(total * sizeof(float));
		ac->dloss = xmalloc(N * sizeof(float));
		ac->cap = total;
	}
	if (!ac->scratch)
		ac->scratch = xmalloc((size_t)pool_threads(g->pool) * g->cfg.max_seq * sizeof(float));
	size_t off = 0;
#define ACT_POINT(name, size) ac->a.name = ac->mem + off; ac->d.name = ac->dmem + off; off += (size);
	GPT_ACTS(ACT_POINT)
#undef ACT_POINT
	ac->B = B;
	ac->T = T;
	(void)T;
}

#define P(t) (g->params + g->off[GPT_##t])
#define G(t) (g->grads + g->off[GPT_##t])

static void
encoder_forward(struct gpt *g, const int *inputs, int B, int T)
{
	int C = g->cfg.n_embd;

	for (int b = 0; b < B; b++)
		for (int t = 0; t < T; t++) {
			float *o = g->acts->a.encoded + ((size_t)b * T + t) * C;
			const float *te = P(WTE) + (size_t)inputs[b * T + t] * C, *pe = P(WPE) + (size_t)t * C;
			for (int i = 0; i < C; i++)
				o[i] = te[i] + pe[i];
		}
}

/* One transformer block, layer l, reading residual and writing a.residual3[l]. */
static void
block_forward(struct gpt *g, int l, const float *residual)
{
	struct act_ptrs *a = &g->acts->a;
	int B = g->acts->B, T = g->acts->T, C = g->cfg.n_embd, NH = g->cfg.n_head;
	size_t N = (size_t)B * T, nc = N * C, lc = (size_t)l * C;
	float *ln1 = a->ln1 + l * nc, *qkv = a->qkv + l * 3 * nc, *atty = a->atty + l * nc;
	float *att = a->att + (size_t)l * B * NH * T * T, *attproj = a->attproj + l * nc;
	float *res2 = a->residual2 + l * nc, *ln2 = a->ln2 + l * nc, *fch = a->fch + l * 4 * nc;
	float *gel = a->fch_gelu + l * 4 * nc, *fcproj = a->fcproj + l * nc, *res3 = a->residual3 + l * nc;

	layernorm_forward(g->pool, ln1, a->ln1_mean + l * N, a->ln1_rstd + l * N, residual,
			  P(LN1W) + lc, P(LN1B) + lc, N, C);
	matmul_forward(g->pool, qkv, ln1, P(QKVW) + 3 * lc * C, P(QKVB) + 3 * lc, N, C, 3 * C);
	attention_forward(g->pool, atty, att, qkv, B, T, C, NH);
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
	struct act_ptrs *a;
	int C = g->cfg.n_embd, L = g->cfg.n_layer, V = g->cfg.vocab;
	size_t N = (size_t)B * T;
	double sum = 0.0, weight = 0.0;

	if (T > g->cfg.max_seq || B < 1 || T < 1)
		return NAN;
	acts_layout(g, B, T);
	a = &g->acts->a;
	g->acts->inputs = inputs;
	g->acts->targets = targets;
	encoder_forward(g, inputs, B, T);
	for (int l = 0; l < L; l++)
		block_forward(g, l, l == 0 ? a->encoded : a->residual3 + (size_t)(l - 1) * N * C);
	layernorm_forward(g->pool, a->lnf, a->lnf_mean, a->lnf_rstd,
			  a->residual3 + (size_t)(L - 1) * N * C, P(LNFW), P(LNFB), N, C);
	matmul_forward(g->pool, a->probs, a->lnf, P(WTE), NULL, N, C, V);	/* logits */
	pool_for(g->pool, N, xent_fwd_rows,
		 &(struct xent){.probs = a->probs, .losses = a->losses, .targets = targets, .V = V});
	if (targets && mask)
		for (size_t r = 0; r < N; r++) {	/* in order: the same on any thread count */
			sum += (double)mask[r] * a->losses[r];
			weight += mask[r];
		}
	for (size_t r = 0; targets && r < N; r++)
		g->acts->dloss[r] = mask && weight > 0 ? (float)(mask[r] / weight) : 0.0f;
	g->loss_sum = sum;
	g->loss_weight = weight;
	return weight > 0 ? sum / weight : 0.0;
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
	int B = g->acts->B, T = g->acts->T, C = g->cfg.n_embd, NH = g->cfg.n_head;
	size_t N = (size_t)B * T, nc = N * C, lc = (size_t)l * C;
	size_t o1 = l * nc, o3 = l * 3 * nc, o4 = l * 4 * nc;
	float *att = a->att + (size_t)l * B * NH * T * T;

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
	attention_backward(g->pool, d->qkv + o3, d->atty + o1, a->qkv + o3, att, g->acts->scratch,
			   B, T, C, NH);
	matmul_backward(g->pool, d->ln1 + o1, G(QKVW) + 3 * lc * C, G(QKVB) + 3 * lc, d->qkv + o3,
			a->ln1 + o1, P(QKVW) + 3 * lc * C, N, C, 3 * C);
	layernorm_backward(g->pool, dresidual, G(LN1W) + lc, G(LN1B) + lc, d->ln1 + o1, residual,
			   P(LN1W) + lc, a->ln1_mean + l * N, a->ln1_rstd + l * N, N, C);
}

static void
encoder_backward(struct gpt *g)
{
	int B = g->acts->B, T = g->acts->T, C = g->cfg.n_embd;

	for (int b = 0; b < B; b++)	/* in order: token rows can repeat */
		for (int t = 0; t < T; t++) {
			const float *dy = g->acts->d.encoded + ((size_t)b * T + t) * C;
			axpy(G(WTE) + (size_t)g->acts->inputs[b * T + t] * C, 1.0f, dy, C);
			axpy(G(WPE) + (size_t)t * C, 1.0f, dy, C);
		}
}

void
gpt_backward(struct gpt *g)
{
	struct gpt_acts *ac = g->acts;
	struct act_ptrs *a = &ac->a, *d = &ac->d;
	int C = g->cfg.n_embd, L = g->cfg.n_layer, V = g->cfg.vocab;
	size_t N = (size_t)ac->B * ac->T, nc = N * C;

	if (!ac->targets)
		return;
	memset(ac->dmem, 0, ac->cap * sizeof(float));
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
	memcpy(g->params, d + CKPT_HEADER, n * sizeof(float));
	memcpy(g->m, d + CKPT_HEADER + n * sizeof(float), n * sizeof(float));
	memcpy(g->v, d + CKPT_HEADER + 2 * n * sizeof(float), n * sizeof(float));
	free(d);
	*out = g;
	return ST_OK;
}
