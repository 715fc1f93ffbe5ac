/* test_lm.c: the lm and rel families on small topical corpora where the right answer is
 * known: misaligned pairs, unrelated responses, the held-out property, determinism and
 * degenerate inputs. The families are called directly (cfg_new, fit, score). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine.h"
#include "score/family.h"
#include "score/score_run.h"
#include "store.h"

enum { LM_PPL, LM_COND_PPL, LM_IFD, LM_MISALIGNED, LM_OOV };
enum { REL_RELEVANCE, REL_COS, REL_UNRELATED };

#define N_TOPICS 12
#define N_VARIANTS 2
#define N_BACKGROUND 120

static const char *const topics[N_TOPICS][4] = {
	{"volcano", "lava", "magma", "eruption"}, {"piano", "keys", "chords", "melody"},
	{"garden", "tomatoes", "soil", "compost"}, {"rocket", "orbit", "fuel", "launch"},
	{"bread", "flour", "yeast", "oven"}, {"river", "delta", "current", "flood"},
	{"camera", "lens", "shutter", "exposure"}, {"chess", "bishop", "knight", "checkmate"},
	{"whale", "ocean", "krill", "migration"}, {"ledger", "bitcoin", "mining", "wallet"},
	{"glacier", "ice", "crevasse", "moraine"}, {"violin", "bow", "strings", "rosin"},
};

static void
prompt_of(int t, int v, char *out, size_t n)
{
	static const char *const forms[] = {"Tell me about the %s and its %s.",
					    "Explain how the %s relates to %s.",
					    "What should I know about %s and %s?"};
	snprintf(out, n, forms[v % 3], topics[t][v % 2], topics[t][2 + v % 2]);
}

static void
response_of(int t, int v, char *out, size_t n)
{
	const char *const *w = topics[t];
	static const char *const forms[] = {
		"The %s is known for its %s. Many people study the %s and the %s in detail.",
		"A %s needs %s to work well, and the %s shapes the %s over time.",
		"When the %s meets the %s, the %s and the %s both change a lot.",
	};
	snprintf(out, n, forms[v % 3], w[v % 4], w[(v + 1) % 4], w[(v + 2) % 4], w[(v + 3) % 4]);
}

/* A project of every topic x variant, many background rows about nothing in particular
 * (so a topic's words are rare, as in real data), plus extra JSONL rows; as a store. */
static struct store *
corpus(const char *name, const char *extra)
{
	char *db = test_path(name), *in = test_path("in.jsonl"), p[200], r[300];
	FILE *fp = fopen(in, "w");
	struct import_opts o = {.format = FMT_AUTO, .max_row = IMPORT_DEFAULT_MAX_ROW};
	struct import_result res;
	struct engine *e = NULL;
	struct store *st = NULL;
	struct err err;

	for (int t = 0; t < N_TOPICS; t++)
		for (int v = 0; v < N_VARIANTS; v++) {
			prompt_of(t, v, p, sizeof(p));
			response_of(t, v, r, sizeof(r));
			fprintf(fp, "{\"instruction\":\"%s\",\"output\":\"%s\"}\n", p, r);
		}
	for (int i = 0; i < N_BACKGROUND; i++)
		fprintf(fp, "{\"instruction\":\"What should I know about fact %d, and how does it "
			"relate to the list?\",\"output\":\"Fact %d is that the %s is %s and the %s is "
			"%s, to a degree, over time.\"}\n", i, i,
			i % 3 ? "sky" : "sea", i % 2 ? "blue" : "calm", i % 5 ? "day" : "night",
			i % 7 ? "long" : "short");
	if (extra)
		fputs(extra, fp);
	fclose(fp);
	if (engine_open(db, ENGINE_CREATE, &e, &err) == ST_OK &&
	    engine_import(e, (const char *const *)&in, 1, &o, &res, &err) == ST_OK)
		import_result_free(&res);
	engine_close(e);
	CHECK(store_open(db, 0, &st, &err) == ST_OK);
	free(db);
	free(in);
	return st;
}

/* The family's cfg, fitted on st (or on o->reference_path). */
static void *
fitted(const struct family *f, struct store *st, const struct score_opts *o)
{
	struct err err;
	void *cfg = NULL;

	CHECK(f->cfg_new(o, &cfg, &err) == ST_OK);
	CHECK(f->fit(st, cfg, o, &err) == ST_OK);
	return cfg;
}

static void
score(const struct family *f, const void *cfg, const char *p, const char *r, double *out)
{
	void *s = f->scratch_new(cfg);
	struct score_input in = {p, strlen(p), r, strlen(r), 2};
	char note[FAMILY_NOTE_MAX];

	f->score(cfg, s, &in, out, note);
	f->scratch_free(s);
}

TEST(lm_misaligned_pair_has_higher_ifd)
{
	const struct family *f = registry_find("lm");
	struct score_opts o = {0};
	struct store *st = corpus("a.db", NULL);
	void *cfg = fitted(f, st, &o);
	char p[200], r[300], r2[300];
	double al[5], mis[5];
	int higher = 0, flagged_al = 0, flagged_mis = 0;

	for (int t = 0; t < N_TOPICS; t++) {
		prompt_of(t, 0, p, sizeof(p));
		response_of(t, 3, r, sizeof(r));		/* its own topic */
		response_of((t + 5) % N_TOPICS, 3, r2, sizeof(r2));	/* another topic */
		score(f, cfg, p, r, al);
		score(f, cfg, p, r2, mis);
		higher += mis[LM_IFD] > al[LM_IFD];
		flagged_al += al[LM_MISALIGNED] == 1;
		flagged_mis += mis[LM_MISALIGNED] == 1;
		CHECK(al[LM_COND_PPL] < al[LM_PPL]);	/* the prompt helps its own response */
	}
	CHECK(higher == N_TOPICS);
	CHECK(flagged_al == 0);
	CHECK(flagged_mis == N_TOPICS);
	f->cfg_free(cfg);
	store_close(st);
}

TEST(rel_unrelated_response_is_less_relevant)
{
	const struct family *f = registry_find("rel");
	struct score_opts o = {.seed = 3};
	struct store *st = corpus("r.db", NULL);
	void *cfg = fitted(f, st, &o);
	char p[200], r[300], r2[300];
	double al[3], mis[3];
	int lower = 0, flagged_al = 0, flagged_mis = 0;

	for (int t = 0; t < N_TOPICS; t++) {
		prompt_of(t, 1, p, sizeof(p));
		response_of(t, 4, r, sizeof(r));
		response_of((t + 7) % N_TOPICS, 4, r2, sizeof(r2));
		score(f, cfg, p, r, al);
		score(f, cfg, p, r2, mis);
		lower += mis[REL_RELEVANCE] < al[REL_RELEVANCE];
		flagged_al += al[REL_UNRELATED] == 1;
		flagged_mis += mis[REL_UNRELATED] == 1;
		CHECK(al[REL_COS] > 0 && al[REL_RELEVANCE] > 0);
	}
	CHECK(lower == N_TOPICS);
	CHECK(flagged_al < flagged_mis);	/* a random prompt can share its topic */
	CHECK(flagged_mis == N_TOPICS);
	f->cfg_free(cfg);
	store_close(st);
}

/* A sample's own words never score it: its perplexity is the same whether or not it is
 * in the corpus the model was fitted on, while a model that saw it (a reference file
 * holding it) finds it far more likely. */
TEST(lm_held_out_own_words_do_not_help)
{
	static const char x_p[] = "Describe the zorblax.";
	static const char x_r[] = "Zorblax quintaflep morvish zorblax quintaflep morvish";
	char extra[256];
	const struct family *f = registry_find("lm");
	struct score_opts o = {0};
	double with[5], without[5], seen[5];

	snprintf(extra, sizeof(extra), "{\"instruction\":\"%s\",\"output\":\"%s\"}\n", x_p, x_r);
	struct store *a = corpus("with.db", extra), *b = corpus("without.db", NULL);
	void *ca = fitted(f, a, &o), *cb = fitted(f, b, &o);
	score(f, ca, x_p, x_r, with);
	score(f, cb, x_p, x_r, without);
	CHECK(fabs(with[LM_PPL] - without[LM_PPL]) <= 1e-9 * without[LM_PPL]);
	CHECK(with[LM_OOV] == 1 && without[LM_OOV] == 1);	/* no other sample has its words */
	/* A model that saw x: fitted on a reference file (the corpus with x). */
	struct store *c = corpus("ref.db", extra);	/* writes in.jsonl with x in it */
	o.reference_path = test_path("in.jsonl");
	void *cr = fitted(f, c, &o);
	score(f, cr, x_p, x_r, seen);
	CHECK(seen[LM_PPL] < with[LM_PPL] / 10 && seen[LM_OOV] == 0);
	free((char *)o.reference_path);
	f->cfg_free(ca);
	f->cfg_free(cb);
	f->cfg_free(cr);
	store_close(a);
	store_close(b);
	store_close(c);
}

TEST(lm_rel_deterministic)
{
	const char *names[] = {"lm", "rel"};
	struct score_opts o = {.seed = 11};
	struct store *st = corpus("d.db", NULL);
	char p[200], r[300];

	for (int k = 0; k < 2; k++) {
		const struct family *f = registry_find(names[k]);
		void *c1 = fitted(f, st, &o), *c2 = fitted(f, st, &o);
		CHECK(strcmp(f->version(c1), f->version(c2)) == 0);
		for (int t = 0; t < N_TOPICS; t++) {
			double a[8], b[8];
			prompt_of(t, 2, p, sizeof(p));
			response_of((t * 5) % N_TOPICS, 1, r, sizeof(r));
			score(f, c1, p, r, a);
			score(f, c2, p, r, b);
			CHECK(memcmp(a, b, f->n_metrics(c1) * sizeof(double)) == 0);
		}
		f->cfg_free(c1);
		f->cfg_free(c2);
	}
	store_close(st);
}

TEST(lm_rel_degenerate_inputs_are_finite)
{
	const char *names[] = {"lm", "rel"};
	struct score_opts o = {0};
	struct store *st = corpus("e.db", NULL);
	size_t big = 1 << 20;
	char *mb = malloc(big + 1), *one_word = malloc(big + 1);

	for (size_t i = 0; i < big; i++) {
		mb[i] = "lava flows. "[i % 12];
		one_word[i] = 'x';
	}
	mb[big] = one_word[big] = '\0';
	const char *cases[][2] = {
		{"Tell me about lava.", ""}, {"", "Lava is hot."}, {"", ""},
		{"Tell me about lava.", mb}, {mb, "Lava."}, {"Why?", one_word},
		{"?!", "!!! ... ,,, ??? ;;; --- ((( )))"}, {"中文提示", "这是一个回答。🙂"},
	};
	for (int k = 0; k < 2; k++) {
		const struct family *f = registry_find(names[k]);
		void *cfg = fitted(f, st, &o);
		for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			double out[8];
			score(f, cfg, cases[c][0], cases[c][1], out);
			for (size_t m = 0; m < f->n_metrics(cfg); m++) {
				if (!isfinite(out[m]))
					fprintf(stderr, "      %s case %zu metric %zu: %g\n", names[k], c, m,
						out[m]);
				CHECK(isfinite(out[m]));
			}
		}
		f->cfg_free(cfg);
	}
	free(mb);
	free(one_word);
	store_close(st);
}
