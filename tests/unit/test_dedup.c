/* test_dedup.c: exact and near-duplicate clustering. Texts are built from numbered words
 * ("w0 w1 ..."), so each Jaccard similarity below is worked out in a comment: a text of
 * W words has W - 4 word 5-grams, and changing word k alters the 5-grams that start at
 * k - 4 .. k (fewer at the ends). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "score/dedup.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_TEXTS 512

struct res {
	size_t n;
	int64_t cluster[MAX_TEXTS];
	int32_t size[MAX_TEXTS];
	uint8_t is_rep[MAX_TEXTS], is_exact[MAX_TEXTS];
};

/* Words w<base+0> .. w<base+n-1>, except that word k becomes x<k> where change[k]. */
static char *
words(int base, int n, const char *change)
{
	struct buf b = BUF_INIT;

	for (int k = 0; k < n; k++)
		buf_printf(&b, "%s%c%d", k ? " " : "", change && change[k] ? 'x' : 'w', base + k);
	return buf_take(&b);
}

/* Cluster texts[0..n) one dedup_add at a time, or with dedup_add_batch if batch. */
static void
run(const struct dedup_opts *o, char *const *texts, size_t n, bool batch, struct res *r)
{
	struct dedup *d = dedup_new(o, 0);
	size_t len[MAX_TEXTS];

	for (size_t i = 0; i < n; i++)
		len[i] = strlen(texts[i]);
	if (batch)
		dedup_add_batch(d, 0, n, (const char *const *)texts, len);
	else
		for (size_t i = 0; i < n; i++)
			dedup_add(d, i, texts[i], len[i]);
	memset(r, 0xee, sizeof *r);	/* anything dedup_run leaves unset shows */
	r->n = dedup_count(d);
	dedup_run(d, r->cluster, r->size, r->is_rep, r->is_exact);
	dedup_free(d);
}

static bool
same(const struct res *a, const struct res *b)
{
	return a->n == b->n && !memcmp(a->cluster, b->cluster, a->n * sizeof *a->cluster) &&
	       !memcmp(a->size, b->size, a->n * sizeof *a->size) &&
	       !memcmp(a->is_rep, b->is_rep, a->n) && !memcmp(a->is_exact, b->is_exact, a->n);
}

static void
free_texts(char **t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i]);
}

TEST(dedup_bands_follow_the_threshold)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	int b, r;

	dedup_bands(&o, &b, &r);
	CHECK(b == 14 && r == 8);	/* 1-(1-0.8^8)^14 = 0.92; r = 9, b = 12: 0.82 */
	o.threshold = 0.5;
	dedup_bands(&o, &b, &r);
	CHECK(r < 8 && b * r <= 112);
	o.threshold = 0.95;
	dedup_bands(&o, &b, &r);
	CHECK(r > 8 && b * r <= 112);
}

TEST(dedup_exact_duplicates_ignore_case_and_white_space)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *t[6] = {
		words(0, 30, NULL),
		xstrdup("Hello   World, how are you today?"),
		xstrdup("  hello world, HOW are\tyou\n\ntoday?  "),
		words(100, 30, NULL),
		xstrdup("hello world, how are you today?"),
		xstrdup("hello world, how are you today!"),	/* '!' is not white space */
	};
	static const int copy[4] = {1, 2, 4, 5};
	struct res r;

	run(&o, t, 6, false, &r);
	CHECK(r.n == 6);
	for (int k = 0; k < 4; k++) {	/* 5 is a near duplicate: same words, J = 1 */
		int i = copy[k];

		CHECK(r.cluster[i] == 1 && r.size[i] == 4);
		CHECK(r.is_rep[i] == (i == 1) && r.is_exact[i] == (i == 2 || i == 4));
	}
	CHECK(r.cluster[0] == 0 && r.size[0] == 1 && r.is_rep[0] && !r.is_exact[0]);
	CHECK(r.cluster[3] == 3 && r.size[3] == 1 && r.is_rep[3] && !r.is_exact[3]);
	free_texts(t, 6);
}

TEST(dedup_exact_hash_is_the_normalised_text)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	uint16_t s1[112], s2[112];
	uint64_t h1 = dedup_signature(&o, "A  b\tC", 6, s1);
	uint64_t h2 = dedup_signature(&o, "\na B c \r\n", 9, s2);

	CHECK(h1 == h2 && !memcmp(s1, s2, sizeof s1));
	CHECK(h1 != dedup_signature(&o, "a bc", 4, s2));	/* a space is kept */
	CHECK(h1 != dedup_signature(&o, "a b c.", 6, s2));
	o.seed = 1;
	CHECK(dedup_signature(&o, "a b c", 5, s2) != h1 || memcmp(s1, s2, sizeof s1));
}

TEST(dedup_near_duplicate_joins_but_half_changed_does_not)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char two[60] = {0}, half[60] = {0};
	char *t[4];
	struct res r;

	two[0] = two[59] = 1;	/* each alters 1 of 56 5-grams: J = 54/58 = 0.93 */
	memset(half, 1, 30);	/* 5-grams starting at 30..55 stay: J = 26/86 = 0.30 */
	t[0] = words(0, 60, NULL);
	t[1] = words(1000, 60, NULL);
	t[2] = words(0, 60, two);
	t[3] = words(0, 60, half);
	run(&o, t, 4, false, &r);
	CHECK(r.cluster[2] == 0 && r.size[0] == 2 && r.size[2] == 2);
	CHECK(r.is_rep[0] && !r.is_rep[2] && !r.is_exact[2]);
	CHECK(r.cluster[3] == 3 && r.size[3] == 1 && r.is_rep[3]);
	CHECK(r.cluster[1] == 1 && r.size[1] == 1);
	free_texts(t, 4);
}

TEST(dedup_unrelated_texts_are_singletons)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *t[40];
	struct res r;

	for (int i = 0; i < 40; i++)	/* 40 words each, no word shared */
		t[i] = words(100 * i, 40, NULL);
	run(&o, t, 40, false, &r);
	for (int i = 0; i < 40; i++)
		CHECK(r.cluster[i] == i && r.size[i] == 1 && r.is_rep[i] && !r.is_exact[i]);
	free_texts(t, 40);
}

TEST(dedup_threshold_decides_a_jaccard_0_7_pair)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char chg[60] = {0};
	char *t[2];
	struct res r;

	chg[20] = chg[40] = 1;	/* 10 of 56 5-grams altered: J = 46/66 = 0.70 */
	t[0] = words(0, 60, NULL);
	t[1] = words(0, 60, chg);
	o.n_perm = 256;		/* sd of J^ 0.029: both thresholds over 3 sd away */
	o.threshold = 0.6;
	run(&o, t, 2, false, &r);
	CHECK(r.cluster[1] == 0 && r.size[1] == 2 && !r.is_rep[1]);
	o.threshold = 0.9;
	run(&o, t, 2, false, &r);
	CHECK(r.cluster[1] == 1 && r.size[1] == 1 && r.is_rep[1]);
	o.threshold = 0.8;	/* the default misses it too, and says so in dedup.h */
	o.n_perm = 112;
	run(&o, t, 2, false, &r);
	CHECK(r.size[0] == 1);
	free_texts(t, 2);
}

TEST(dedup_short_and_empty_texts_match_exactly)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *t[9] = {
		xstrdup(""), xstrdup("Hi"), xstrdup("   "), xstrdup(" hi\n"), xstrdup("a b c"),
		xstrdup("a b d"), xstrdup("!!!"), xstrdup("???"), xstrdup("\t\n"),
	};
	struct res r;

	run(&o, t, 9, false, &r);
	CHECK(r.cluster[0] == 0 && r.size[0] == 3 && r.is_rep[0] && !r.is_exact[0]);
	CHECK(r.cluster[2] == 0 && r.is_exact[2] && r.cluster[8] == 0 && r.is_exact[8]);
	CHECK(r.cluster[1] == 1 && r.size[1] == 2 && r.cluster[3] == 1 && r.is_exact[3]);
	for (int i = 4; i <= 7; i++)	/* under 5 words: whole text, no partial match */
		CHECK(r.cluster[i] == i && r.size[i] == 1 && r.is_rep[i]);
	free_texts(t, 9);
}

/* 60 texts: 20 unrelated, each repeated as a near copy (last word changed) and as an
 * exact copy in capitals, interleaved. */
static size_t
mixed_texts(char **t)
{
	char last[60] = {0};
	size_t n = 0;

	last[59] = 1;
	for (int i = 0; i < 20; i++) {
		t[n++] = words(1000 * i, 60, NULL);
		t[n++] = words(1000 * ((i + 7) % 20), 60, last);
		t[n] = xstrdup(t[n - 2]);
		for (char *p = t[n]; *p; p++)
			*p = *p == 'w' ? 'W' : *p;
		n++;
	}
	return n;
}

TEST(dedup_is_deterministic_across_runs_and_threads)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *t[MAX_TEXTS];
	size_t n = mixed_texts(t), n_rep = 0;
	static struct res a, b;

	o.seed = 42;
	run(&o, t, n, false, &a);
	for (size_t i = 0; i < n; i++)
		n_rep += a.is_rep[i];
	CHECK(n_rep == 20);	/* the comparisons below are over real clusters */
	run(&o, t, n, false, &b);
	CHECK(same(&a, &b));
	o.n_threads = 2;
	run(&o, t, n, true, &b);
	CHECK(same(&a, &b));
	o.n_threads = 7;	/* more threads than the split is even for */
	run(&o, t, n, true, &b);
	CHECK(same(&a, &b));
	free_texts(t, n);
}

TEST(dedup_large_bucket_is_capped_but_still_one_cluster)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *base = words(0, 59, NULL);
	char *t[200];
	struct res r;

	for (int i = 0; i < 200; i++)	/* differing in the last word: J = 55/57 pairwise */
		t[i] = xasprintf("%s z%d", base, i);
	run(&o, t, 200, false, &r);
	for (int i = 0; i < 200; i++)
		CHECK(r.cluster[i] == 0 && r.size[i] == 200 && r.is_rep[i] == (i == 0));
	free_texts(t, 200);
	free(base);
}

TEST(dedup_slots_may_be_added_in_any_order)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	char *t[MAX_TEXTS];
	size_t n = mixed_texts(t);
	static struct res a, b;
	struct dedup *d = dedup_new(&o, 4);	/* small hint: grows while adding */

	run(&o, t, n, false, &a);
	for (size_t i = n; i-- > 0;)
		dedup_add(d, i, t[i], strlen(t[i]));
	b.n = dedup_count(d);
	dedup_run(d, b.cluster, b.size, b.is_rep, b.is_exact);
	CHECK(same(&a, &b));
	dedup_free(d);
	dedup_free(NULL);
	free_texts(t, n);
}

/* Signatures made by hand: every one shares band 0 (values 0..7) with sample 0, so all
 * are LSH candidates, and only the estimate J^ = equal values / 112 decides. */
TEST(dedup_candidates_are_verified_by_estimated_jaccard)
{
	struct dedup_opts o = DEDUP_OPTS_INIT;
	static const int n_diff[5] = {0, 104, 22, 23, 0};	/* J^ 1, 0.07, 0.804, 0.795 */
	struct dedup *d = dedup_new(&o, 0);
	uint16_t sig[112];
	struct res r;

	for (int s = 0; s < 5; s++) {
		for (int k = 0; k < 112; k++)
			sig[k] = (uint16_t)(k >= 112 - n_diff[s] ? 1000 * (s + 1) + k : k);
		dedup_add_signature(d, (size_t)s, sig, s == 4 ? 7 : (uint64_t)s);
	}
	dedup_run(d, r.cluster, r.size, r.is_rep, r.is_exact);
	CHECK(r.cluster[1] == 1 && r.size[1] == 1);
	CHECK(r.cluster[2] == 0 && r.size[0] == 3 && r.cluster[4] == 0);
	CHECK(r.cluster[3] == 3 && r.size[3] == 1);
	CHECK(!r.is_exact[4]);	/* equal signatures, different exact hashes */
	dedup_free(d);
}
