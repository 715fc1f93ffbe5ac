/* test_knlm.c: the modified Kneser-Ney trigram model (knlm.c) against hand-computed
 * values, normalisation, and the splitter. The families built on it: test_lm.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "score/knlm.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static struct knlm *
model_of(const char *const *texts, size_t n, int n_folds)
{
	struct knlm *m = knlm_new(n_folds);
	struct knlm_words w = {0};

	for (size_t i = 0; i < n; i++) {
		knlm_split(texts[i], strlen(texts[i]), &w);
		knlm_add(m, (int)(i % (size_t)n_folds), &w);
	}
	knlm_words_free(&w);
	knlm_finish(m);
	return m;
}

TEST(knlm_discounts_by_hand)
{
	/* n1..n4 = 10, 4, 2, 1: Y = 10 / (10 + 2*4) = 5/9;
	 * D1 = 1 - 2Y*4/10 = 5/9; D2 = 2 - 3Y*2/4 = 7/6; D3+ = 3 - 4Y*1/2 = 17/9. */
	uint64_t n[5] = {0, 10, 4, 2, 1};
	double d[4];

	knlm_discounts(n, d);
	CHECK(NEAR(d[1], 5.0 / 9));
	CHECK(NEAR(d[2], 7.0 / 6));
	CHECK(NEAR(d[3], 17.0 / 9));
	/* n = 3, 0, 0, 0: Y = 1; D1 = 1 - 0 = 1; D2 and D3+ are 0/0: they fall back to Y = 1. */
	uint64_t tiny[5] = {0, 3, 0, 0, 0};
	knlm_discounts(tiny, d);
	CHECK(NEAR(d[1], 1) && NEAR(d[2], 1) && NEAR(d[3], 1));
	/* Nothing at all: Y undefined, every discount 0.5. */
	uint64_t none[5] = {0};
	knlm_discounts(none, d);
	CHECK(NEAR(d[1], 0.5) && NEAR(d[2], 0.5) && NEAR(d[3], 0.5));
}

/*
 * Corpus "a b", "a c", "a b" (one fold): <s> a b </s>, <s> a c </s>, <s> a b </s>.
 *
 * Order 3, raw counts: <s>ab 2, ab</s> 2, <s>ac 1, ac</s> 1. Count-of-counts n1..n4 =
 *   2, 2, 0, 0: Y = 2/6 = 1/3, D1 = 1 - 2(1/3)(2/2) = 1/3, D2 = 2 - 3Y*0/2 = 2, D3+ = Y.
 *   Context <s>a: sum 3, N1 = 1 (c), N2 = 1 (b). Context ab: sum 2, N2 = 1.
 * Order 2, adjusted counts (distinct left words; raw for <s>-initial): ab 1, b</s> 1,
 *   ac 1, c</s> 1, <s>a 3. n1..n4 = 4, 0, 1, 0: Y = 1, D1 = 1, D2 = Y = 1 (0/0),
 *   D3+ = 3 - 4*1*0/1 = 3. Context a: sum 2, N1 = 2. Context b: sum 1, N1 = 1.
 *   Context <s>: sum 3, N3+ = 1.
 * Order 1, adjusted counts: a 1, b 1, c 1, </s> 2 (sum 5); n1..n4 = 3, 1, 0, 0:
 *   Y = 3/5, D1 = 1 - 2(3/5)(1/3) = 3/5, D2 = 2, D3+ = Y.
 *   gamma1 = (3/5*3 + 2*1) / 5 = 19/25; |V| = 4 words + <unk> = 5: uniform share 0.152.
 *   p1(a) = p1(b) = p1(c) = (1 - 3/5)/5 + 0.152 = 0.232; p1(</s>) = 0 + 0.152; p1(unk) = 0.152.
 * p(b | a)       = (1 - D1 + gamma(a) p1(b)) / 2 = (0 + 1*2*0.232) / 2 = 0.232
 * p(a | <s>)     = (3 - 3 + 3*1*p1(a)) / 3 = 0.232
 * p(b | <s> a)   = (2 - D2 + (D1*1 + D2*1) p2(b|a)) / 3 = (7/3)(0.232)/3 = 0.180444...
 * p(c | <s> a)   = (1 - 1/3 + (7/3) p2(c|a)) / 3, p2(c|a) = 0.232: = 1.208/3 = 0.402666...
 * p(</s> | a b)  = (2 - 2 + 2*1*p2(</s>|b)) / 2, p2(</s>|b) = (1 - 1 + 1*p1(</s>))/1 = 0.152
 * p(zzz | a b)   = (0 + 2*p2(unk|b))/2 = p2(unk|b) = (0 + 1*0.152)/1 = 0.152
 */
TEST(knlm_kn_by_hand)
{
	static const char *const texts[] = {"a b", "a c", "a b"};
	struct knlm *m = model_of(texts, 3, 1);
	uint32_t a = knlm_id(m, "a"), b = knlm_id(m, "b"), c = knlm_id(m, "c");

	CHECK(a >= NGRAM_FIRST_WORD && b > a && c > b);
	CHECK(knlm_id(m, "zzz") == NGRAM_UNK);
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, NGRAM_UNK, a), 0.232));	/* unigram */
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, NGRAM_UNK, NGRAM_EOS), 0.152));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, NGRAM_UNK, NGRAM_UNK), 0.152));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, a, b), 0.232));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, NGRAM_BOS, a), 0.232));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_BOS, a, b), 7.0 / 3 * 0.232 / 3));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_BOS, a, c), (2.0 / 3 + 7.0 / 3 * 0.232) / 3));
	CHECK(NEAR(knlm_prob(m, 0, a, b, NGRAM_EOS), 0.152));
	CHECK(NEAR(knlm_prob(m, 0, a, b, NGRAM_UNK), 0.152));
	/* The sequence loss is the sum over the predictions, </s> included. */
	uint32_t ids[2] = {a, b};
	double lp[3];
	double nll = knlm_seq_nll(m, 0, ids, 2, lp);
	CHECK(NEAR(lp[0], log(0.232)) && NEAR(lp[1], log(7.0 / 9 * 0.232)));
	CHECK(NEAR(lp[2], log(0.152)) && NEAR(nll, -(lp[0] + lp[1] + lp[2])));
	struct knlm_info info;
	knlm_get_info(m, 0, &info);
	CHECK(info.tokens == 9 && info.texts == 3 && info.vocab == 4);
	CHECK(info.n_gram[3] == 4 && info.n_gram[2] == 5);
	CHECK(NEAR(info.d[3][1], 1.0 / 3) && NEAR(info.d[3][2], 2) && NEAR(info.d[2][3], 3));
	CHECK(NEAR(info.d[1][1], 0.6));
	knlm_free(m);
}

/* Sum of P(w | u v) over every word the fold knows plus one <unk>. */
static double
total(const struct knlm *m, int f, uint32_t u, uint32_t v)
{
	double s = knlm_prob(m, f, u, v, NGRAM_UNK);

	for (uint32_t w = NGRAM_EOS; w < knlm_n_ids(m); w++)
		if (w != NGRAM_UNK && knlm_known(m, f, w))
			s += knlm_prob(m, f, u, v, w);
	return s;
}

TEST(knlm_sums_to_one)
{
	static const char *const texts[] = {
		"the cat sat on the mat .", "the dog sat on the log .", "a cat and a dog met .",
		"the cat saw the dog , and the dog saw the cat .", "on the mat , the cat slept .",
		"the the the cat cat", "dogs and cats are pets .", "a mat is on the floor .",
		"", "!!! ???", "the dog sat on the mat again and again and again .",
	};
	struct knlm *m = model_of(texts, sizeof(texts) / sizeof(texts[0]), 2);

	for (int f = 0; f < 2; f++) {
		uint32_t the = knlm_id(m, "the"), cat = knlm_id(m, "cat"), on = knlm_id(m, "on");
		uint32_t hist[][2] = {
			{NGRAM_NONE, NGRAM_BOS}, {NGRAM_BOS, the}, {the, cat}, {on, the}, {cat, on},
			{NGRAM_UNK, NGRAM_UNK}, {the, NGRAM_UNK}, {NGRAM_UNK, the}, {cat, cat},
		};
		for (size_t h = 0; h < sizeof(hist) / sizeof(hist[0]); h++) {
			double s = total(m, f, hist[h][0], hist[h][1]);
			if (!(fabs(s - 1) < 1e-9))
				fprintf(stderr, "      fold %d history %zu: sum %.12f\n", f, h, s);
			CHECK(fabs(s - 1) < 1e-9);
		}
	}
	knlm_free(m);
}

TEST(knlm_split_words)
{
	struct knlm_words w = {0};

	knlm_split("Hello, WORLD!  it's  x_1\tnaïve", 31, &w);
	CHECK(w.n == 9);	/* hello , world ! it ' s x_1 naïve */
	CHECK(w.n == 9 && w.h[0] == knlm_hash_word("hello", 5));
	CHECK(w.n == 9 && w.h[2] == knlm_hash_word("world", 5));
	CHECK(w.n == 9 && w.h[1] == knlm_hash_word(",", 1) && w.h[5] == knlm_hash_word("'", 1));
	CHECK(w.n == 9 && w.h[8] == knlm_hash_word("naïve", 6));
	knlm_split("   \n\t ", 6, &w);
	CHECK(w.n == 0);
	knlm_words_free(&w);
}

/* Fold 0 only counts fold 0's texts: a word added only to fold 1 is <unk> in fold 0. */
TEST(knlm_folds_apart)
{
	static const char *const texts[] = {"alpha beta", "gamma delta", "alpha beta .",
					    "delta gamma .", "beta alpha", "gamma"};
	struct knlm *m = model_of(texts, 6, 2);
	uint32_t alpha = knlm_id(m, "alpha"), gamma = knlm_id(m, "gamma");

	CHECK(knlm_known(m, 0, alpha) && !knlm_known(m, 1, alpha));
	CHECK(knlm_known(m, 1, gamma) && !knlm_known(m, 0, gamma));
	CHECK(NEAR(knlm_prob(m, 0, NGRAM_NONE, NGRAM_BOS, gamma),
		   knlm_prob(m, 0, NGRAM_NONE, NGRAM_BOS, NGRAM_UNK)));
	CHECK(knlm_prob(m, 0, NGRAM_NONE, NGRAM_BOS, alpha) >
	      knlm_prob(m, 1, NGRAM_NONE, NGRAM_BOS, alpha));
	knlm_free(m);
}
