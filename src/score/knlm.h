/* knlm.h: a word-level trigram language model with interpolated modified Kneser-Ney
 * smoothing (Chen & Goodman 1998: three discounts D1, D2, D3+ per order from the
 * count-of-counts, continuation counts for the lower orders). A pure module: no store,
 * no files, no threads of its own.
 *
 * One model holds 1 or 2 folds that share a vocabulary: fold f is built only from the
 * texts added to fold f, so a caller can score a text with the fold it was not added to
 * (held-out cross-fitting). Build with knlm_add, then knlm_finish once; after that the
 * model is read-only and every query is thread-safe.
 *
 * Words: ASCII letters are folded to lower case; a word is a run of [a-z0-9_] or bytes
 * >= 0x80 (any non-ASCII UTF-8), and every other non-space byte is a word of its own
 * ("," "." "(" ...). A word is known by a 64-bit hash of its bytes; two words share an id
 * only if their hashes collide (about V^2 / 2^65: 3e-8 for a million words).
 *
 * Keys: ids are 21 bits (at most 2,097,147 words; later new words count as <unk>), so a
 * trigram packs exactly into 63 bits plus a fold bit. The n-gram tables have no hash
 * collisions at all; only the word hash above can collide. */
#ifndef WINNOW_KNLM_H
#define WINNOW_KNLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NGRAM_MAX_FOLDS 2

enum {
	NGRAM_NONE = 0,		/* no word: the history before <s> */
	NGRAM_BOS = 1,		/* <s>, never predicted */
	NGRAM_EOS = 2,		/* </s>, predicted after the last word */
	NGRAM_UNK = 3,		/* a word the model has not seen */
	NGRAM_FIRST_WORD = 4,
};
#define NGRAM_MAX_ID ((1u << 21) - 1)

/* A text as word hashes (see above). Owns its array. */
struct knlm_words {
	uint64_t *h;
	size_t n, cap;
};

void knlm_words_free(struct knlm_words *w);

/* Split s[0..len) into words, replacing w's contents. */
void knlm_split(const char *s, size_t len, struct knlm_words *w);

/* The hash knlm_split gives the single word s (already lower case). */
uint64_t knlm_hash_word(const char *s, size_t len);

struct knlm;

/* n_folds is 1 or 2. Never NULL (dies on out of memory). */
struct knlm *knlm_new(int n_folds);
void knlm_free(struct knlm *m);

/* Count one text (its words, framed as <s> w1 .. wn </s>) into fold. Before knlm_finish. */
void knlm_add(struct knlm *m, int fold, const struct knlm_words *w);

/* Derive continuation counts, context statistics and discounts. Call once. */
void knlm_finish(struct knlm *m);

/* ids[i] = the id of word i, NGRAM_UNK if never added. ids has room for w->n. */
void knlm_ids(const struct knlm *m, const struct knlm_words *w, uint32_t *ids);

/* The id of one word (lower case), NGRAM_UNK if never added. For tests and tools. */
uint32_t knlm_id(const struct knlm *m, const char *word);

/* P(w | u v) in fold. u may be NGRAM_NONE (history <s> only: u = NONE, v = BOS).
 * A word the fold never saw gets the <unk> probability. Always in (0, 1]. */
double knlm_prob(const struct knlm *m, int fold, uint32_t u, uint32_t v, uint32_t w);

/* True if w has a non-zero unigram count in fold (else it scores as <unk>). */
bool knlm_known(const struct knlm *m, int fold, uint32_t w);

/* Ids are 1 .. knlm_n_ids()-1 (0 is NGRAM_NONE). */
uint32_t knlm_n_ids(const struct knlm *m);

/* ln P of each of the n + 1 predictions of <s> ids[0..n) </s> in fold (lp[n] is </s>).
 * Returns the sum of -ln P. lp may be NULL. */
double knlm_seq_nll(const struct knlm *m, int fold, const uint32_t *ids, size_t n, double *lp);

/* The modified Kneser-Ney discounts D1, D2, D3+ from the count-of-counts n[1..4] (n[0]
 * unused): Y = n1/(n1+2 n2), D1 = 1-2Y n2/n1, D2 = 2-3Y n3/n2, D3+ = 3-4Y n4/n3.
 * On a corpus too small for a count-of-count to be non-zero, a discount that comes out
 * undefined or outside (0, k] is replaced by Y (0.5 if Y is undefined too), clamped
 * into (0, k]: probabilities still sum to 1. OUT: d[1..3]. */
void knlm_discounts(const uint64_t n[5], double d[4]);

struct knlm_info {
	uint64_t tokens;	/* predictions counted: words + one </s> per text */
	uint64_t texts;
	uint64_t vocab;		/* words with a unigram count, </s> included */
	uint64_t n_gram[4];	/* distinct n-grams per order [1..3] */
	double d[4][4];		/* d[order][1..3] */
	size_t bytes;		/* memory of the whole model (all folds) */
};

void knlm_get_info(const struct knlm *m, int fold, struct knlm_info *out);

#endif
