/* test_vectors.c: TF-IDF vectors (by hand on a tiny corpus), their blobs, cosine and
 * sketch; the vec step's incremental updates; kNN distance (density, recall against
 * brute force); k-means; DSIR; determinism; empty texts. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "engine.h"
#include "score/dsir.h"
#include "score/kmeans.h"
#include "score/knn.h"
#include "score/vec_build.h"
#include "score/vec_corpus.h"
#include "score/vectors.h"
#include "store.h"
#include "store_vectors.h"
#include "util/buf.h"

#define NEAR(a, b, eps) (fabs((double)(a) - (double)(b)) <= (eps))

/* ---- synthetic corpora: topics with their own vocabularies ---- */

static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* n_phrases phrases of the topic, each followed by a word all topics share half the
 * time. A topic has 15 phrases of 5 words from its own 60, so two samples of a topic
 * share words and bigrams, and two of different topics only shared words. */
static void
topic_text(struct buf *b, int topic, int n_phrases, uint64_t *rng)
{
	for (int i = 0; i < n_phrases; i++) {
		int p = (int)(rnd(rng) % 15);
		for (int j = 0; j < 5; j++)
			buf_printf(b, "%st%dw%d", b->len ? " " : "", topic, (p * 7 + j * 13) % 60);
		if (rnd(rng) % 2)
			buf_printf(b, " common%d", (int)(rnd(rng) % 50));
	}
}

/* One Alpaca row of the topic to fp. */
static void
topic_row(FILE *fp, int topic, uint64_t *rng)
{
	struct buf p = BUF_INIT, r = BUF_INIT;

	topic_text(&p, topic, 2, rng);
	topic_text(&r, topic, 6, rng);
	fprintf(fp, "{\"instruction\":\"%s\",\"output\":\"%s\"}\n", buf_str(&p), buf_str(&r));
	buf_free(&p);
	buf_free(&r);
}

/* rows[i] samples of topic i for i < n_topics, in turn, into a new project. */
static char *
topic_project(const char *name, int n_topics, const int *rows, uint64_t seed)
{
	char *db = test_path(name), *in = test_path("topics.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;
	int left = 1;

	for (int round = 0; left; round++) {
		left = 0;
		for (int t = 0; t < n_topics; t++)
			if (round < rows[t]) {
				topic_row(fp, t, &seed);
				left = 1;
			}
	}
	fclose(fp);
	if (engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK &&
	    engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK)
		import_result_free(&res);
	engine_close(e);
	free(in);
	return db;
}

static enum status
score(const char *db, const char *only, struct score_opts *o, struct score_result *res)
{
	struct engine *e;
	struct err err;
	const char *names[1] = {only};
	enum status rc;

	o->only = only ? names : NULL;
	o->n_only = only ? 1 : 0;
	if (engine_open(db, 0, &e, &err) != ST_OK)
		return err.code;
	rc = engine_score(e, o, res, &err);
	if (rc != ST_OK && rc != ST_CANCELLED)
		fprintf(stderr, "    score: %s\n", err.msg);
	engine_close(e);
	return rc;
}

/* ---- the vectors themselves ---- */

static size_t
buckets_of(struct vec_builder *b, const char *text, uint32_t *out)
{
	const uint32_t *k;
	size_t n = vec_buckets(b, "", 0, text, strlen(text), &k);

	memcpy(out, k, n * sizeof(*k));
	return n;
}

static float
weight_at(const struct vec *v, uint32_t bucket)
{
	for (uint32_t i = 0; i < v->n; i++)
		if (v->idx[i] == bucket)
			return v->w[i];
	return -1;
}

TEST(vec_tfidf_weights_match_a_hand_computation)
{
	/* Three samples; features are unigrams and bigrams:
	 *   d1 "apple banana"        apple, banana, [apple banana]
	 *   d2 "apple cherry"        apple, cherry, [apple cherry]
	 *   d3 "apple apple banana"  apple x2, banana, [apple apple], [apple banana]
	 * df: apple 3, banana 2, [apple banana] 2, the rest 1; N = 3, so
	 * idf = ln(4 / (1 + df)) + 1: 1 (df 3), 1.2876821 (df 2), 1.6931472 (df 1).
	 * d3: apple (1 + ln 2) * 1 = 1.6931472, banana 1.2876821, [apple apple] 1.6931472,
	 * [apple banana] 1.2876821; norm 3.0082791, so 0.5628291 and 0.4280458. */
	const char *docs[3] = {"apple banana", "Apple cherry!", "apple APPLE, banana"};
	struct vec_builder *b = vec_builder_new();
	uint32_t *df = calloc(VEC_DIM, sizeof(*df)), k_apple[4], k_banana[4], k_ab[4], k_aa[4];
	struct vec v;
	size_t len;

	for (int d = 0; d < 3; d++) {
		const uint32_t *k;
		size_t n = vec_buckets(b, "", 0, docs[d], strlen(docs[d]), &k);
		CHECK(n == (d == 2 ? 4u : 3u));	/* no bucket collisions in this corpus */
		for (size_t i = 0; i < n; i++)
			df[k[i]]++;
	}
	CHECK(buckets_of(b, "apple", k_apple) == 1 && buckets_of(b, "banana", k_banana) == 1);
	CHECK(buckets_of(b, "apple banana", k_ab) == 3 && buckets_of(b, "apple apple", k_aa) == 2);
	struct vec_model *m = vec_model_new(df, 3);
	CHECK(NEAR(vec_model_idf(m, k_apple[0]), 1.0, 1e-6));
	CHECK(NEAR(vec_model_idf(m, k_banana[0]), 1.2876821, 1e-6));
	const uint8_t *blob = vec_build(m, b, "", 0, docs[2], strlen(docs[2]), &v, &len);
	CHECK(v.n == 4);
	CHECK(NEAR(weight_at(&v, k_apple[0]), 0.5628291, 1e-6));
	CHECK(NEAR(weight_at(&v, k_banana[0]), 0.4280458, 1e-6));
	for (int i = 0; i < 3; i++)	/* the bigram: the bucket of "apple banana" not a unigram */
		if (k_ab[i] != k_apple[0] && k_ab[i] != k_banana[0])
			CHECK(NEAR(weight_at(&v, k_ab[i]), 0.4280458, 1e-6));
	for (int i = 0; i < 2; i++)
		if (k_aa[i] != k_apple[0])
			CHECK(NEAR(weight_at(&v, k_aa[i]), 0.5628291, 1e-6));
	/* the stored form: 4 bytes a nonzero plus 2, weights within the u16 step */
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	struct vec d;
	struct err err;
	CHECK(len <= 2 + 4 * 4 + 4);
	CHECK(vec_decode(blob, len, idx, w, &d, &err) == ST_OK && d.n == 4);
	CHECK(NEAR(weight_at(&d, k_apple[0]), 0.5628291, 1e-4));
	CHECK(NEAR(weight_at(&d, k_banana[0]), 0.4280458, 1e-4));
	vec_model_free(m);
	vec_builder_free(b);
	free(df);
}

/* Build the vector of text under an idf of all ones (df 0, N 0 gives ln 1 + 1 = 1). */
static struct vec
build_plain(struct vec_builder *b, const struct vec_model *m, const char *text, uint32_t *idx,
	    float *w)
{
	struct vec v, d = {0};
	size_t len;
	struct err err;
	const uint8_t *blob = vec_build(m, b, "", 0, text, strlen(text), &v, &len);

	CHECK(vec_decode(blob, len, idx, w, &d, &err) == ST_OK);
	return d;
}

TEST(vec_cosine_identical_is_one_disjoint_is_zero)
{
	uint32_t *df = calloc(VEC_DIM, sizeof(*df)), i1[VEC_MAX_NNZ], i2[VEC_MAX_NNZ], i3[VEC_MAX_NNZ];
	float w1[VEC_MAX_NNZ], w2[VEC_MAX_NNZ], w3[VEC_MAX_NNZ];
	struct vec_model *m = vec_model_new(df, 0);
	struct vec_builder *b = vec_builder_new();
	struct vec a = build_plain(b, m, "the cat sat on the mat", i1, w1);
	struct vec a2 = build_plain(b, m, "The cat sat on the mat.", i2, w2);
	struct vec c = build_plain(b, m, "quantum chromodynamics lattice", i3, w3);
	float s1[VEC_SKETCH_DIM], s2[VEC_SKETCH_DIM];
	double dot = 0;

	CHECK(a.n == 10);	/* the, cat, sat, on, mat + 5 bigrams; "the" counted once */
	CHECK(NEAR(vec_cosine(&a, &a2), 1.0, 1e-9));
	CHECK(vec_cosine(&a, &c) == 0);
	vec_sketch(&a, s1);
	vec_sketch(&a2, s2);
	for (int j = 0; j < VEC_SKETCH_DIM; j++)
		dot += (double)s1[j] * s2[j];
	CHECK(NEAR(dot, 1.0, 1e-5));	/* sketches are unit length */
	vec_builder_free(b);
	vec_model_free(m);
	free(df);
}

TEST(vec_empty_texts_give_the_empty_vector_without_nan)
{
	uint32_t *df = calloc(VEC_DIM, sizeof(*df)), idx[VEC_MAX_NNZ], i2[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ], w2[VEC_MAX_NNZ], s[VEC_SKETCH_DIM];
	struct vec_model *m = vec_model_new(df, 10);
	struct vec_builder *b = vec_builder_new();
	struct vec e1 = build_plain(b, m, "", idx, w);

	CHECK(e1.n == 0);
	CHECK(build_plain(b, m, " ... !!! --- ", idx, w).n == 0);	/* no word characters */
	struct vec x = build_plain(b, m, "words here", i2, w2);
	CHECK(vec_cosine(&e1, &x) == 0 && vec_cosine(&e1, &e1) == 0);
	vec_sketch(&e1, s);
	for (int j = 0; j < VEC_SKETCH_DIM; j++)
		CHECK(s[j] == 0);
	vec_builder_free(b);
	vec_model_free(m);
	free(df);
}

TEST(vec_long_text_keeps_the_heaviest_buckets)
{
	uint32_t *df = calloc(VEC_DIM, sizeof(*df)), idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	struct vec_model *m = vec_model_new(df, 0);
	struct vec_builder *b = vec_builder_new();
	struct buf t = BUF_INIT;
	uint64_t rng = 7;

	for (int i = 0; i < 2000; i++)	/* ~4000 distinct features */
		buf_printf(&t, "w%d ", (int)(rnd(&rng) % 100000));
	buf_puts(&t, "again again again again again again again again");
	struct vec v = build_plain(b, m, buf_str(&t), idx, w);
	CHECK(v.n == VEC_MAX_NNZ);
	double norm = 0;
	for (uint32_t i = 0; i < v.n; i++) {
		norm += (double)v.w[i] * v.w[i];
		CHECK(i == 0 || v.idx[i] > v.idx[i - 1]);
	}
	CHECK(NEAR(norm, 1.0, 1e-5));
	uint32_t k[2];
	CHECK(buckets_of(b, "again", k) == 1);
	CHECK(weight_at(&v, k[0]) > 0);	/* tf 8: the heaviest bucket survives the cut */
	buf_free(&t);
	vec_builder_free(b);
	vec_model_free(m);
	free(df);
}

TEST(vec_decode_rejects_corrupt_blobs)
{
	uint32_t idx[VEC_MAX_NNZ];
	float w[VEC_MAX_NNZ];
	struct vec v;
	struct err err;
	const uint8_t ok[] = {1, 2, 5, 3, 0xff, 0xff, 0x00, 0x80};
	const uint8_t bad_format[] = {2, 0};
	const uint8_t short_w[] = {1, 2, 5, 3, 0xff, 0xff, 0x00};
	const uint8_t zero_delta[] = {1, 2, 5, 0, 0xff, 0xff, 0x00, 0x80};
	const uint8_t past_dim[] = {1, 1, 0xff, 0xff, 0x7f, 1, 0};

	CHECK(vec_decode(ok, sizeof(ok), idx, w, &v, &err) == ST_OK);
	CHECK(v.n == 2 && v.idx[0] == 5 && v.idx[1] == 8);
	CHECK(NEAR(v.w[0] / v.w[1], 65535.0 / 32768.0, 1e-6));
	CHECK(vec_decode(bad_format, sizeof(bad_format), idx, w, &v, &err) == ST_BADDATA);
	CHECK(vec_decode(short_w, sizeof(short_w), idx, w, &v, &err) == ST_BADDATA);
	CHECK(vec_decode(zero_delta, sizeof(zero_delta), idx, w, &v, &err) == ST_BADDATA);
	CHECK(vec_decode(past_dim, sizeof(past_dim), idx, w, &v, &err) == ST_BADDATA && v.n == 0);
}

/* ---- the vec step: stored, incremental, refit ---- */

static int64_t
vec_made(const char *db)
{
	struct score_opts o = {.n_threads = 2};
	struct score_result res;

	CHECK(score(db, "vec", &o, &res) == ST_OK);
	return res.fam[0].n_scored;
}

static void
append_rows(const char *db, const char *name, int topic, int n, uint64_t seed)
{
	char *in = test_path(name);
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e;
	struct err err;

	for (int i = 0; i < n; i++)
		topic_row(fp, topic, &seed);
	fclose(fp);
	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK);
	import_result_free(&res);
	engine_close(e);
	free(in);
}

TEST(vec_step_is_incremental_and_refits_when_the_corpus_grows)
{
	int rows[2] = {50, 50};
	char *db = topic_project("v.db", 2, rows, 1);
	const char *space = "SELECT max(space_id) FROM vectors";
	const char *spaces = "SELECT count(*) FROM vector_spaces";

	CHECK(vec_made(db) == 100);
	CHECK(vec_made(db) == 0);		/* up to date */
	CHECK(fixture_col(db, space, 0) == 1);
	append_rows(db, "more.jsonl", 0, 5, 99);	/* +5%: same document frequencies */
	CHECK(vec_made(db) == 5);
	CHECK(fixture_col(db, "SELECT count(*) FROM vectors WHERE space_id = 1", 0) == 105);
	CHECK(fixture_col(db, "SELECT n_docs FROM vector_spaces", 0) == 100);
	append_rows(db, "lots.jsonl", 1, 20, 98);	/* 125 vs 100: refit, all again */
	CHECK(vec_made(db) == 125);
	CHECK(fixture_col(db, "SELECT min(space_id) FROM vectors", 0) == 2);
	CHECK(fixture_col(db, spaces, 0) == 1);	/* the old fit is gone */
	CHECK(fixture_col(db, "SELECT n_docs FROM vector_spaces", 0) == 125);
	CHECK(fixture_col(db, "SELECT count(*) FROM vectors", 0) == 125);
	free(db);
}

TEST(vec_set_load_reads_stored_vectors_and_marks_missing_ids)
{
	int rows[2] = {20, 20};
	char *db = topic_project("s.db", 2, rows, 2);
	struct store *st;
	struct vec_set *s = NULL;
	struct err err;
	int64_t ids[4] = {3, 7, 999, 3};

	CHECK(vec_made(db) == 40);
	CHECK(store_open(db, 0, &st, &err) == ST_OK);
	CHECK(vec_set_load(st, ids, 4, &s, &err) == ST_OK);
	CHECK(s && s->n == 4 && s->n_missing == 1 && s->ids[2] == 999);
	struct vec a = vec_set_at(s, 0), b = vec_set_at(s, 1), miss = vec_set_at(s, 2),
		   again = vec_set_at(s, 3);
	CHECK(a.n > 0 && miss.n == 0);
	CHECK(NEAR(vec_cosine(&a, &again), 1.0, 1e-9));
	/* 3 and 7 are the same topic (rows alternate topics 0 and 1); 4 is the other one */
	int64_t other[1] = {4};
	struct vec_set *o = NULL;
	CHECK(vec_set_load(st, other, 1, &o, &err) == ST_OK);
	struct vec c = vec_set_at(o, 0);
	CHECK(vec_cosine(&a, &b) > vec_cosine(&a, &c));
	vec_set_free(s);
	vec_set_free(o);
	store_close(st);
	free(db);
}

/* ---- kNN ---- */

TEST(knn_isolated_sample_is_farther_than_one_in_a_dense_cluster)
{
	int rows[2] = {40, 1};	/* 40 of topic 0; sample 2 is the only one of topic 1 */
	char *db = topic_project("k.db", 2, rows, 3);
	struct score_opts o = {.n_threads = 2, .knn_k = 5};
	struct score_result res;
	const char *q = "SELECT knn_dist FROM scores WHERE sample_id = ?1";

	CHECK(score(db, "knn", &o, &res) == ST_OK);
	CHECK(res.fam[0].n_scored == 41);
	double lone = fixture_col(db, q, 2), crowd = fixture_col(db, q, 1), most = fixture_col(db,
		"SELECT max(knn_dist) FROM scores WHERE sample_id <> 2", 0);
	CHECK(lone > 0.8 && lone <= 1);
	CHECK(crowd < lone && most < lone);
	CHECK(score(db, "knn", &o, &res) == ST_OK && res.fam[0].n_scored == 0);
	o.knn_k = 3;	/* another k is another version */
	CHECK(score(db, "knn", &o, &res) == ST_OK && res.fam[0].n_scored == 41);
	free(db);
}

static int
by_sim_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Exact top-k similarities of row i by brute force; returns the k-th. */
static double
brute_kth(const struct vec_corpus *c, size_t i, int k, double *sims, uint32_t *ia, float *wa,
	  uint32_t *ib, float *wb)
{
	struct vec q = vec_corpus_at(c, i, ia, wa);

	for (size_t r = 0; r < c->n; r++) {
		struct vec v = vec_corpus_at(c, r, ib, wb);
		sims[r] = r == i ? -1 : vec_cosine(&q, &v);
	}
	qsort(sims, c->n, sizeof(*sims), by_sim_desc);
	return sims[k - 1];
}

TEST(knn_index_agrees_with_brute_force)
{
	enum { TOPICS = 40, K = 10, N = 3000 };
	int rows[TOPICS];
	for (int t = 0; t < TOPICS; t++)
		rows[t] = 60 + 5 * (t % 5);	/* 2,800 samples in topics of 60..80 ... */
	rows[0] += N - 2800;		/* ... and one of 260 */
	char *db = topic_project("r.db", TOPICS, rows, 4);
	struct store *st;
	struct vec_corpus c;
	struct err err;
	struct knn_opts o1 = {.k = K, .n_threads = 1}, o2 = {.k = K, .n_threads = 2};

	CHECK(vec_made(db) == N);
	CHECK(store_open(db, 0, &st, &err) == ST_OK);
	CHECK(vec_corpus_load(st, 2, VEC_LOAD_BLOBS, &c, &err) == ST_OK && c.n == N);
	float *d1 = malloc(c.n * sizeof(float)), *d2 = malloc(c.n * sizeof(float));
	int32_t *nbr = malloc(c.n * K * sizeof(int32_t));
	knn_run(&c, &o1, d1, nbr);
	knn_run(&c, &o2, d2, NULL);
	CHECK(memcmp(d1, d2, c.n * sizeof(float)) == 0);	/* same bits on 1 or 2 threads */
	/* recall@10 and the distance error on every 10th sample */
	double *sims = malloc(c.n * sizeof(double)), hits = 0, err_sum = 0;
	uint32_t ia[VEC_MAX_NNZ], ib[VEC_MAX_NNZ];
	float wa[VEC_MAX_NNZ], wb[VEC_MAX_NNZ];
	int nq = 0;
	for (size_t i = 0; i < c.n; i += 10, nq++) {
		double kth = brute_kth(&c, i, K, sims, ia, wa, ib, wb);
		struct vec q = vec_corpus_at(&c, i, ia, wa);
		for (int j = 0; j < K; j++) {
			struct vec v = vec_corpus_at(&c, (size_t)nbr[i * K + j], ib, wb);
			hits += nbr[i * K + j] >= 0 && vec_cosine(&q, &v) >= kth - 1e-6;
		}
		err_sum += fabs(d1[i] - (1 - kth));
	}
	double recall = hits / (nq * K), mean_err = err_sum / nq;
	if (getenv("WINNOW_TEST_FIGURES"))
		fprintf(stderr, "    knn: recall@10 %.3f, mean |knn_dist error| %.4f over %d queries\n",
			recall, mean_err, nq);
	CHECK(recall >= 0.95);
	CHECK(mean_err <= 0.01);
	free(sims);
	free(d1);
	free(d2);
	free(nbr);
	vec_corpus_free(&c);
	store_close(st);
	free(db);
}

/* ---- k-means ---- */

TEST(kmeans_separates_topics_and_is_deterministic_under_a_seed)
{
	enum { TOPICS = 5 };
	int rows[TOPICS] = {60, 60, 60, 60, 40};
	char *a = topic_project("ka.db", TOPICS, rows, 5), *b = topic_project("kb.db", TOPICS, rows, 5);
	struct score_opts o = {.n_threads = 1, .n_clusters = TOPICS, .seed = 42};
	struct score_result res;
	const char *cl = "SELECT cluster FROM scores WHERE sample_id = ?1";
	double of_topic[TOPICS];

	CHECK(score(a, "kmeans", &o, &res) == ST_OK && res.fam[0].n_scored == 280);
	o.n_threads = 2;
	CHECK(score(b, "kmeans", &o, &res) == ST_OK);
	for (int t = 0; t < TOPICS; t++)	/* rows go round the topics: sample t+1 is topic t */
		of_topic[t] = fixture_col(a, cl, t + 1);
	for (int id = 1; id <= 280; id++) {
		int t = id <= 200 ? (id - 1) % TOPICS : (id - 201) % 4;	/* topic 4 runs out at 200 */
		CHECK(fixture_col(a, cl, id) == of_topic[t]);	/* each topic is one cluster */
		CHECK(fixture_col(a, cl, id) == fixture_col(b, cl, id));	/* same seed, any threads */
	}
	for (int t = 0; t < TOPICS; t++)
		for (int u = t + 1; u < TOPICS; u++)
			CHECK(of_topic[t] != of_topic[u]);
	CHECK(of_topic[4] == 4);	/* clusters are numbered by size: the small topic last */
	CHECK(fixture_col(a, "SELECT cluster_size FROM scores WHERE sample_id = ?1", 5) == 40);
	CHECK(fixture_col(a, "SELECT max(cluster_dist) FROM scores", 0) < 1);
	free(a);
	free(b);
}

TEST(kmeans_fit_is_the_same_on_any_thread_count)
{
	enum { N = 2000 };
	float *x = malloc(N * VEC_SKETCH_DIM * sizeof(float));
	uint64_t rng = 11;
	int32_t a1[N], a2[N];
	size_t k1, k2;

	for (size_t i = 0; i < N; i++) {
		double norm = 0;
		for (int j = 0; j < VEC_SKETCH_DIM; j++) {
			x[i * VEC_SKETCH_DIM + j] = (float)((double)(rnd(&rng) % 1000) / 1000 - 0.5 +
							    (j == (int)(i % 8) ? 3 : 0));
			norm += (double)x[i * VEC_SKETCH_DIM + j] * x[i * VEC_SKETCH_DIM + j];
		}
		for (int j = 0; j < VEC_SKETCH_DIM; j++)
			x[i * VEC_SKETCH_DIM + j] = (float)(x[i * VEC_SKETCH_DIM + j] / sqrt(norm));
	}
	struct kmeans_opts o = {.k = 8, .seed = 3, .max_train = 1000, .n_threads = 1};
	float *c1 = kmeans_fit(x, N, &o, &k1);
	o.n_threads = 2;
	float *c2 = kmeans_fit(x, N, &o, &k2);
	CHECK(k1 == 8 && k2 == 8 && memcmp(c1, c2, 8 * VEC_SKETCH_DIM * sizeof(float)) == 0);
	kmeans_assign(c1, k1, x, N, 2, a1, NULL);
	kmeans_assign(c2, k2, x, N, 1, a2, NULL);
	CHECK(memcmp(a1, a2, sizeof(a1)) == 0);
	for (size_t i = 8; i < N; i++)	/* the 8 planted directions, one cluster each */
		CHECK(a1[i] == a1[i % 8]);
	o.seed = 4;
	float *c3 = kmeans_fit(x, N, &o, &k2);
	CHECK(memcmp(c1, c3, 8 * VEC_SKETCH_DIM * sizeof(float)) != 0);	/* the seed matters */
	free(c1);
	free(c2);
	free(c3);
	free(x);
}

/* ---- DSIR ---- */

TEST(dsir_target_like_samples_weigh_more)
{
	int rows[2] = {100, 100};	/* odd ids topic 0, even ids topic 1 */
	char *db = topic_project("d.db", 2, rows, 6), *target = test_path("target.jsonl");
	FILE *fp = fopen(target, "w");
	uint64_t rng = 1234;
	struct score_opts o = {.n_threads = 2};
	struct score_result res;

	for (int i = 0; i < 30; i++)	/* fresh draws from topic 0 */
		topic_row(fp, 0, &rng);
	fclose(fp);
	CHECK(score(db, "dsir", &o, &res) == ST_OK);
	CHECK(res.fam[0].skipped && strstr(res.fam[0].skipped, "--target"));
	CHECK(res.fam[0].n_scored == 0);
	o.target_path = target;
	CHECK(score(db, "dsir", &o, &res) == ST_OK && res.fam[0].n_scored == 200);
	CHECK(!res.fam[0].skipped);
	double min_a = fixture_col(db, "SELECT min(dsir_logw) FROM scores WHERE sample_id % 2 = 1", 0);
	double max_b = fixture_col(db, "SELECT max(dsir_logw) FROM scores WHERE sample_id % 2 = 0", 0);
	/* every target-like sample above every other one (the sign itself depends on the
	 * sizes: add-one smoothing over 10k buckets weighs on a small target set) */
	CHECK(min_a > max_b);
	CHECK(score(db, "dsir", &o, &res) == ST_OK && res.fam[0].n_scored == 0);
	free(db);
	free(target);
}

TEST(dsir_weight_by_hand)
{
	/* target: "a" once; raw: "b" twice. Each feature's weight is
	 * log((c_t + 1) / (T + B)) - log((c_r + 1) / (R + B)), B = 10000, T = 1, R = 2. */
	struct dsir_counts *t = calloc(1, sizeof(*t)), *r = calloc(1, sizeof(*r));
	struct dsir_model *m = malloc(sizeof(*m));
	struct hashfeat f = HASHFEAT_INIT;

	dsir_count(t, &f, "", 0, "a", 1);
	dsir_count(r, &f, "", 0, "b", 1);
	dsir_count(r, &f, "", 0, "b", 1);
	dsir_fit(m, t, r);
	double want_a = log(2.0 / 10001) - log(1.0 / 10002);
	double want_b = log(1.0 / 10001) - log(3.0 / 10002);
	CHECK(NEAR(dsir_logw(m, &f, "", 0, "a", 1), want_a, 1e-9));
	CHECK(NEAR(dsir_logw(m, &f, "", 0, "b", 1), want_b, 1e-9));
	CHECK(NEAR(dsir_logw(m, &f, "a", 1, "a", 1), 2 * want_a, 1e-9));	/* no bigram across */
	CHECK(dsir_logw(m, &f, "", 0, "", 0) == 0);
	hashfeat_free(&f);
	free(t);
	free(r);
	free(m);
}

TEST(dsir_bad_target_file_names_file_and_line)
{
	int rows[1] = {5};
	char *db = topic_project("b.db", 1, rows, 7), *target = test_path("t.jsonl");
	FILE *fp = fopen(target, "w");
	struct score_opts o = {.target_path = target};
	struct score_result res;
	struct engine *e;
	struct err err;
	const char *only[] = {"dsir"};

	fputs("{\"instruction\":\"q\",\"output\":\"a\"}\n{\"instruction\":\"q\",\"output\":[1]}\n", fp);
	fclose(fp);
	o.only = only;
	o.n_only = 1;
	CHECK(engine_open(db, 0, &e, &err) == ST_OK);
	CHECK(engine_score(e, &o, &res, &err) == ST_BADDATA);
	CHECK(strstr(err.msg, "t.jsonl:2: field 'output'") != NULL);
	o.target_path = "/nonexistent/target.jsonl";
	CHECK(engine_score(e, &o, &res, &err) == ST_IO);
	engine_close(e);
	free(db);
	free(target);
}

/* ---- empty samples through every step ---- */

TEST(vector_steps_handle_empty_samples)
{
	char *db = test_path("e.db"), *in = test_path("e.jsonl"), *target = test_path("t.jsonl");
	FILE *fp = fopen(in, "w");
	struct import_opts io = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result ir;
	struct score_opts o = {.n_threads = 2};
	struct score_result res;
	struct engine *e;
	struct err err;

	fputs("{\"instruction\":\"\",\"output\":\"\"}\n{\"instruction\":\"...\",\"output\":\"!?\"}\n", fp);
	for (int i = 0; i < 5; i++)
		fprintf(fp, "{\"instruction\":\"say %d\",\"output\":\"words and more words %d\"}\n", i, i);
	fclose(fp);
	fp = fopen(target, "w");
	fputs("{\"instruction\":\"say\",\"output\":\"words\"}\n", fp);
	fclose(fp);
	o.target_path = target;
	CHECK(engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK);
	CHECK(engine_import(e, (const char *const *)&in, 1, &io, &ir, &err) == ST_OK);
	import_result_free(&ir);
	CHECK(engine_score(e, &o, &res, &err) == ST_OK);
	engine_close(e);
	CHECK(fixture_col(db, "SELECT count(*) FROM vectors", 0) == 7);
	CHECK(fixture_col(db, "SELECT knn_dist FROM scores WHERE sample_id = ?1", 1) == 1);
	CHECK(fixture_col(db, "SELECT cluster FROM scores WHERE sample_id = ?1", 2) == -1);
	CHECK(fixture_col(db, "SELECT cluster_size FROM scores WHERE sample_id = ?1", 2) == 2);
	CHECK(fixture_col(db, "SELECT dsir_logw FROM scores WHERE sample_id = ?1", 1) == 0);
	/* no NULL (SQLite stores NaN as NULL) and nothing out of range */
	CHECK(fixture_col(db, "SELECT count(*) FROM scores WHERE knn_dist IS NULL OR cluster IS NULL"
		  " OR cluster_dist IS NULL OR dsir_logw IS NULL OR knn_dist < 0 OR knn_dist > 1", 0) == 0);
	CHECK(fixture_col(db, "SELECT min(cluster) FROM scores WHERE sample_id > 2", 0) >= 0);
	free(db);
	free(in);
	free(target);
}

/* Says stop at the first report about the knn step itself. */
static bool
stop_at_knn(void *ctx, const struct progress *p)
{
	(void)ctx;
	return !(p->item && strcmp(p->item, "knn") == 0);
}

TEST(knn_cancelled_writes_nothing_and_a_rerun_finishes)
{
	int rows[2] = {30, 30};
	char *db = topic_project("c.db", 2, rows, 8);
	struct score_opts o = {.n_threads = 2, .progress = {stop_at_knn, NULL}};
	struct score_result res;

	CHECK(score(db, "knn", &o, &res) == ST_CANCELLED);
	CHECK(fixture_col(db, "SELECT count(*) FROM vectors", 0) == 60);	/* vec finished first */
	CHECK(fixture_col(db, "SELECT count(knn_dist) FROM scores", 0) == 0);
	o.progress.fn = NULL;
	CHECK(score(db, "knn", &o, &res) == ST_OK && res.fam[0].n_scored == 60);
	CHECK(fixture_col(db, "SELECT count(knn_dist) FROM scores", 0) == 60);
	free(db);
}
