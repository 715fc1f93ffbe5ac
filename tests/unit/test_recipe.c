/* test_recipe.c: recipes: every key, the errors (unknown keys and scores with a
 * suggestion, bad values, whole-recipe rules), canonical JSON that reads back to itself,
 * and the filter steps made from ranges, flags and a regex. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "select/recipe.h"

static const struct recipe_score scores[] = {
	{"resp_words", 0}, {"resp_mtld", +1}, {"resp_ttr", +1}, {"flag_refusal", 0},
	{"flag_dup", 0}, {"dup_rep", +1}, {"resp_symbol_ratio", -1}, {"cluster", 0},
};
#define N_SCORES (sizeof(scores) / sizeof(scores[0]))

/* "OK" or the error message. */
static char *
parse_msg(const char *json)
{
	struct recipe *r = NULL;
	struct err err = {0};
	enum status rc = recipe_parse(json, "r.json", scores, N_SCORES, &r, &err);

	recipe_free(r);
	return strdup(rc == ST_OK ? "OK" : err.msg);
}

#define PARSE_ERR(json, want) \
	do { \
		char *got_ = parse_msg(json); \
		CHECK_STR(got_, want); \
		free(got_); \
	} while (0)

TEST(recipe_errors_name_the_key_and_suggest)
{
	PARSE_ERR("{\"rnak\": \"resp_mtld\"}", "r.json: unknown key 'rnak'; did you mean 'rank'?");
	PARSE_ERR("{\"rank\": \"resp_mtl\"}", "r.json: rank: unknown score 'resp_mtl'; did you mean "
					      "'resp_mtld'? ('winnow scorers' lists them)");
	PARSE_ERR("{\"rank\": [\"resp_mtld\", {\"score\": \"resp_tr\"}]}",
		  "r.json: rank[1].score: unknown score 'resp_tr'; did you mean 'resp_ttr'? "
		  "('winnow scorers' lists them)");
	PARSE_ERR("{\"rank\": [{\"score\": \"resp_mtld\", \"wieght\": 2}]}",
		  "r.json: rank[0]: unknown key 'wieght'; did you mean 'weight'?");
	PARSE_ERR("{\"rank\": \"resp_words\"}",
		  "r.json: rank: say which way 'resp_words' is better: {\"score\": \"resp_words\", "
		  "\"direction\": \"higher\"} (or \"lower\")");
	PARSE_ERR("{\"ranges\": {\"resp_wrds\": {\"min\": 1}}}",
		  "r.json: ranges.resp_wrds: unknown score 'resp_wrds'; did you mean 'resp_words'? "
		  "('winnow scorers' lists them)");
	PARSE_ERR("{\"ranges\": {\"resp_words\": {\"min\": 9, \"max\": 1}}}",
		  "r.json: ranges.resp_words: min (9) is above max (1)");
	PARSE_ERR("{\"ranges\": {\"resp_words\": {\"mni\": 9}}}",
		  "r.json: ranges.resp_words: unknown key 'mni'; did you mean 'min'?");
	PARSE_ERR("{\"flags\": {\"refusal\": false}}",
		  "r.json: flags.refusal: unknown score 'refusal'; did you mean 'flag_refusal'? "
		  "('winnow scorers' lists them)");
	PARSE_ERR("{\"flags\": {\"flag_refusal\": 0}}",
		  "r.json: flags.flag_refusal: expected true (must be set) or false (must not be)");
	PARSE_ERR("{\"budget\": {\"k\": 3, \"fraction\": 0.5}}",
		  "r.json: budget: give k (a number of samples) or fraction, not both");
	PARSE_ERR("{\"budget\": {\"fraction\": 1.5}}",
		  "r.json: budget.fraction: expected a number from 0 to 1");
	PARSE_ERR("{\"budget\": {\"k\": 2.5}}", "r.json: budget.k: expected a whole number from 1");
	PARSE_ERR("{\"diversity\": {\"method\": \"deitta\"}}",
		  "r.json: diversity.method: unknown method 'deitta'; did you mean 'deita'?");
	PARSE_ERR("{\"diversity\": {\"method\": \"kcenter\"}}",
		  "r.json: diversity: kcenter needs a budget: {\"k\": n} or {\"fraction\": f}");
	PARSE_ERR("{\"diversity\": {\"method\": \"cluster\", \"threshold\": 0.2}}",
		  "r.json: diversity.threshold: only deita takes a threshold");
	PARSE_ERR("{\"rank\": \"random\"}",
		  "r.json: budget: rank 'random' needs a budget: {\"k\": n} or {\"fraction\": f}");
	PARSE_ERR("{\"rank\": \"dsir\", \"budget\": {\"k\": 3}}",
		  "r.json: rank: 'dsir' needs the score dsir_logw: run 'winnow score' with a target "
		  "set first (or import it: winnow scores import)");
	PARSE_ERR("{\"seed\": -1}", "r.json: seed: expected a whole number from 0");
	PARSE_ERR("{\"filter\": [\"a\", 3]}", "r.json: filter[1]: expected a filter (a string)");
	PARSE_ERR("{\"regex\": {\"pattern\": \"x\", \"field\": \"body\"}}",
		  "r.json: regex.field: expected prompt, response or any, not 'body'");
	PARSE_ERR("{\"seed\": 1, \"seed\": 2}", "r.json: the key 'seed' appears twice");
	PARSE_ERR("[1]", "r.json: a recipe is a JSON object ({...})");
	PARSE_ERR("{\n\"seed\": 1,\n\"rank\": }", "r.json: line 3: malformed JSON");
	PARSE_ERR("{}", "OK");
}

TEST(recipe_canonical_json_reads_back_the_same)
{
	const char *json =
		"{\"seed\": 9, \"budget\": {\"fraction\": 0.1}, \"description\": \"t\\\"q\","
		" \"rank\": [\"resp_mtld\", {\"score\": \"resp_symbol_ratio\", \"weight\": 0.25}],"
		" \"normalize\": \"minmax\", \"filter\": \"resp_words > 3\","
		" \"ranges\": {\"resp_words\": {\"min\": 5, \"max\": 4000}, \"resp_ttr\": {\"max\": 0.95}},"
		" \"flags\": {\"flag_refusal\": false, \"dup_rep\": true}, \"search\": \"refund\","
		" \"regex\": \"^I\\\\b\", \"diversity\": {\"method\": \"deita\", \"threshold\": 0.15},"
		" \"target\": \"t.jsonl\"}";
	struct recipe *r = NULL, *r2 = NULL;
	struct err err;
	char *a, *b;

	CHECK(recipe_parse(json, "r", scores, N_SCORES, &r, &err) == ST_OK);
	a = recipe_to_json(r);
	CHECK(recipe_parse(a, "r", scores, N_SCORES, &r2, &err) == ST_OK);
	b = recipe_to_json(r2);
	CHECK_STR(a, b);
	CHECK(strstr(a, "{\"score\": \"resp_symbol_ratio\", \"weight\": 0.25, \"direction\": \"lower\"}"));
	CHECK(strstr(a, "\"budget\": {\"fraction\": 0.1}") && strstr(a, "\"seed\": 9\n}\n"));
	CHECK(strstr(a, "\"description\": \"t\\\"q\""));
	/* the steps, in order: filter, ranges, flags, regex */
	CHECK(r->n_steps == 6);
	CHECK_STR(r->steps[0].text, "resp_words > 3");
	CHECK_STR(r->steps[1].text, "resp_words >= 5 and resp_words <= 4000");
	CHECK_STR(r->steps[1].from, "ranges.resp_words");
	CHECK_STR(r->steps[2].text, "resp_ttr <= 0.95");
	CHECK_STR(r->steps[3].text, "not flag_refusal");
	CHECK_STR(r->steps[4].text, "dup_rep");
	CHECK_STR(r->steps[5].text, "(regex(prompt, '^I\\\\b') or regex(response, '^I\\\\b'))");
	CHECK(r->rank == RANK_SCORES && r->n_terms == 2 && r->terms[1].dir == -1);
	CHECK(r->norm == NORM_MINMAX && r->div == DIV_DEITA && r->threshold == 0.15);
	const char *cols[8];
	CHECK(recipe_columns(r, cols, 8) == 2);
	recipe_free(r);
	recipe_free(r2);
	free(a);
	free(b);
}

TEST(recipe_default_parses_and_trusted_parse_skips_names)
{
	struct recipe *r = NULL;
	struct err err;

	CHECK(recipe_parse(recipe_default_json(), "default", scores, N_SCORES, &r, &err) ==
	      ST_BADDATA);	/* needs columns this toy list lacks */
	CHECK(strstr(err.msg, "resp_dup10gram_frac") != NULL);
	CHECK(recipe_parse(recipe_default_json(), "default", NULL, 0, &r, &err) == ST_OK);
	CHECK(r->n_steps == 6 && r->rank == RANK_NONE && r->k == 0);
	recipe_free(r);
}
