/* gpt.h: a small decoder-only transformer (GPT-2 style) in plain C, for comparing training
 * sets on this machine. Token and position embeddings, pre-norm blocks (causal multi-head
 * attention, an MLP with GELU), a final layer norm and an output layer tied to the token
 * embedding. Forward, backward, AdamW and checkpoints; parallel over a thread pool.
 *
 * Owns: the parameters, their gradients and the AdamW moments (one allocation), the
 * activations of the last forward pass (a second one), and its thread pool.
 * Deterministic: the same seed, data and configuration give bit-identical parameters on
 * any number of threads (every reduction runs in a fixed order; see gpt.c). */
#ifndef WINNOW_EVAL_GPT_H
#define WINNOW_EVAL_GPT_H

#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

struct pool;

struct gpt_config {
	int vocab;	/* tokens (the byte tokenizer has 258) */
	int max_seq;	/* longest sequence, the size of the position table */
	int n_layer;
	int n_head;
	int n_embd;	/* a multiple of n_head */
};

/* The parameter tensors, in their order in memory. */
#define GPT_TENSORS(X) \
	X(WTE, "wte") X(WPE, "wpe") X(LN1W, "ln1w") X(LN1B, "ln1b") X(QKVW, "qkvw") \
	X(QKVB, "qkvb") X(ATTPROJW, "attprojw") X(ATTPROJB, "attprojb") X(LN2W, "ln2w") \
	X(LN2B, "ln2b") X(FCW, "fcw") X(FCB, "fcb") X(FCPROJW, "fcprojw") \
	X(FCPROJB, "fcprojb") X(LNFW, "lnfw") X(LNFB, "lnfb")

enum gpt_tensor {
#define GPT_T_ENUM(id, name) GPT_##id,
	GPT_TENSORS(GPT_T_ENUM)
#undef GPT_T_ENUM
	GPT_N_TENSORS
};

struct gpt_acts;

struct gpt {
	struct gpt_config cfg;
	size_t size[GPT_N_TENSORS];	/* floats in each tensor */
	size_t off[GPT_N_TENSORS];	/* offset of each tensor in params (and grads, m, v) */
	size_t n_params;
	float *mem;		/* the one block: params | grads | m | v */
	float *params, *grads, *m, *v;
	int64_t step;		/* AdamW updates done */
	struct gpt_acts *acts;	/* activations and their gradients (second block) */
	struct pool *pool;
	/* The last forward pass with targets: sum over positions of mask * loss (nats), and
	 * the sum of the mask. */
	double loss_sum, loss_weight;
	char sha256[65];	/* gpt_load: the checkpoint's SHA-256 (hex); else "" */
};

const char *
gpt_tensor_name(enum gpt_tensor t);

/* ST_USAGE naming the field if the configuration is not usable. */
enum status
gpt_config_check(const struct gpt_config *c, struct err *err);

/* A model with parameters drawn from seed (GPT-2's initialisation) and n_threads workers
 * (<= 0: all cores). OUT: *out, NULL on failure. */
enum status
gpt_new(const struct gpt_config *c, uint64_t seed, int n_threads, struct gpt **out,
	struct err *err);

/* A model with g's configuration, parameters, step and sha256 (not its AdamW moments or
 * activations) and n_threads workers: one per thread to run forward passes side by side.
 * Never fails (dies on OOM). */
struct gpt *
gpt_clone(const struct gpt *g, int n_threads);

/* Frees everything. Accepts NULL. */
void
gpt_free(struct gpt *g);

/* Forward pass over B sequences of T tokens (T <= max_seq). inputs and targets are B*T
 * token ids; mask[b*T+t] weighs the loss of predicting targets[b*T+t] (0 leaves it out).
 * targets and mask may be NULL (no loss). Returns the mean loss over the mask (0 when the
 * mask is empty) and sets g->loss_sum, g->loss_weight. The arrays are borrowed. */
double
gpt_forward(struct gpt *g, const int *inputs, const int *targets, const float *mask, int B,
	    int T);

/* After a forward pass with targets and mask: sequence b's part of g->loss_sum (the same
 * mask must be given). */
double
gpt_seq_loss_sum(const struct gpt *g, const float *mask, int b);

/* Set every parameter gradient to zero. */
void
gpt_zero_grad(struct gpt *g);

/* Backward pass of the last forward (which must have had targets): adds the gradient of
 * its mean masked loss to g->grads. */
void
gpt_backward(struct gpt *g);

/* Scale the gradients so their global L2 norm is at most max_norm (<= 0: no clipping).
 * Returns the norm before clipping. */
double
gpt_clip_grad(struct gpt *g, double max_norm);

/* One AdamW step (betas 0.9, 0.95, eps 1e-8); weight decay applies to the matrices and
 * embeddings, not to biases or layer-norm gains. */
void
gpt_update(struct gpt *g, float lr, float weight_decay);

/* The tanh approximation the GELU uses, and the exp (for x <= 0) the softmax of attention
 * uses; exposed for their tests. */
float
gpt_tanh(float x);

float
gpt_exp_neg(float x);

/* Write the configuration, parameters, AdamW state and step to path atomically: a magic
 * number, a version and a SHA-256 of the contents guard the file. */
enum status
gpt_save(const struct gpt *g, const char *path, struct err *err);

/* Read a checkpoint. ST_BADDATA with a clear message for a foreign, newer, truncated or
 * corrupted file; ST_IO if it cannot be read. OUT: *out, NULL on failure. */
enum status
gpt_load(const char *path, int n_threads, struct gpt **out, struct err *err);

#endif
