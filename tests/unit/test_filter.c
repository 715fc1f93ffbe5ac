/* test_filter.c: the filter language: parsing, precedence, errors with offsets, name
 * suggestions, in-memory evaluation; and the edit-distance suggestion itself. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "select/filter.h"
#include "util/suggest.h"

static const struct filter_name names[] = {
	{"verdict", FCOL_VERDICT, NULL, NULL},
	{"dataset", FCOL_DATASET, NULL, NULL},
	{"id", FCOL_ID, NULL, NULL},
	{"lang", FCOL_TEXT, "note_lang", NULL},
	{"cluster", FCOL_MISSING, NULL, "no 'cluster' column yet"},
	{"resp_words", FCOL_SCORE, "resp_words", NULL},
	{"resp_ttr", FCOL_SCORE, "resp_ttr", NULL},
	{"flag_refusal", FCOL_SCORE, "flag_refusal", NULL},
	{"dup_rep", FCOL_SCORE, "dup_rep", NULL},
	{"note_lang", FCOL_TEXT, "note_lang", NULL},
};
#define N_NAMES (sizeof(names) / sizeof(names[0]))

/* The canonical text of a parse, or "ERR <message>". Caller frees. */
static char *
parse(const char *text)
{
	struct filter *f = NULL;
	struct err err = {0};
	char *s;

	if (filter_parse(text, names, N_NAMES, &f, &err) != ST_OK) {
		CHECK(f == NULL && err.code == ST_BADQUERY);
		size_t n = strlen(err.msg) + 8;
		s = malloc(n);
		snprintf(s, n, "ERR %s", err.msg);
		return s;
	}
	s = filter_to_text(f);
	filter_free(f);
	return s;
}

#define PARSES(text, want) \
	do { \
		char *got_ = parse(text); \
		CHECK_STR(got_, want); \
		free(got_); \
	} while (0)

TEST(filter_parses_comparisons_flags_and_precedence)
{
	PARSES("resp_words >= 5", "resp_words >= 5");
	PARSES("RESP_WORDS>=5", "resp_words >= 5");
	PARSES("resp_ttr < 0.25 and not flag_refusal", "(resp_ttr < 0.25 and not flag_refusal)");
	/* and binds tighter than or; both are left-associative */
	PARSES("dup_rep or flag_refusal and resp_words > 1",
	       "(dup_rep or (flag_refusal and resp_words > 1))");
	PARSES("(dup_rep or flag_refusal) and resp_words > 1",
	       "((dup_rep or flag_refusal) and resp_words > 1)");
	PARSES("dup_rep && !flag_refusal || id = 3", "((dup_rep and not flag_refusal) or id == 3)");
	PARSES("resp_words <> -1.5e2", "resp_words != -150");
	PARSES("not not dup_rep", "not not dup_rep");
	PARSES("verdict == accepted", "verdict == accept");
	PARSES("verdict != 'none'", "verdict != none");
	PARSES("dataset == 'a.jsonl' or dataset == 2", "(dataset == 'a.jsonl' or dataset == 2)");
	PARSES("lang == en", "lang == 'en'");
	PARSES("note_lang != \"it's\"", "note_lang != 'it\\'s'");
	PARSES("lang == 'it''s'", "lang == 'it\\'s'");
	PARSES("resp_words == null or lang != null", "(resp_words == null or lang != null)");
	PARSES("regex(response, '^I (?i)can')", "regex(response, '^I (?i)can')");
	PARSES("true and not false", "(true and not false)");
}

TEST(filter_errors_name_the_offset)
{
	PARSES("", "ERR filter: offset 0: the filter is empty");
	PARSES("resp_words >", "ERR filter: offset 12: expected a number after '>', found the end");
	PARSES("resp_words >= 'x'",
	       "ERR filter: offset 14: expected a number after '>=', found 'x'");
	PARSES("(dup_rep", "ERR filter: offset 8: expected ')', found the end");
	PARSES("dup_rep flag_refusal",
	       "ERR filter: offset 8: expected 'and', 'or' or the end, found 'flag_refusal'");
	PARSES("dup_rep and", "ERR filter: offset 11: expected a name, 'not' or '(', found the end");
	PARSES("resp_words > 5abc", "ERR filter: offset 13: bad number '5abc'");
	PARSES("lang == 'en", "ERR filter: offset 8: unterminated string (no closing ')");
	PARSES("dup_rep # x", "ERR filter: offset 8: unexpected character '#'");
	PARSES("verdict > accept", "ERR filter: offset 8: verdict takes == or !=, not '>'");
	PARSES("verdict == maybe",
	       "ERR filter: offset 11: expected accept, reject or none after '==', found 'maybe'");
	PARSES("lang", "ERR filter: offset 0: 'lang' needs a comparison, e.g. note_lang == 'en'");
	PARSES("lang < 'en'", "ERR filter: offset 5: 'lang' is text: use == or !=, not '<'");
	PARSES("verdict == null", "ERR filter: offset 11: 'verdict' cannot be compared with null");
	PARSES("cluster == 3", "ERR filter: offset 0: no 'cluster' column yet");
	PARSES("regex(text, 'a')",
	       "ERR filter: offset 6: expected prompt or response in regex(), found 'text'");
	PARSES("dup_rep and regex(prompt, '(a')",
	       "ERR filter: offset 26: bad regex: missing closing parenthesis at offset 2 of the "
	       "pattern");
	PARSES("resp_words > inf", "ERR filter: offset 13: expected a number after '>', found 'inf'");
}

TEST(filter_unknown_names_suggest_the_closest)
{
	PARSES("resp_word > 3", "ERR filter: offset 0: unknown name 'resp_word'; did you mean "
				"'resp_words'? ('winnow scorers' lists the scores)");
	PARSES("dup_rep and refusal", "ERR filter: offset 12: unknown name 'refusal'; did you mean "
				      "'flag_refusal'? ('winnow scorers' lists the scores)");
	PARSES("verdcit == accept", "ERR filter: offset 0: unknown name 'verdcit'; did you mean "
				    "'verdict'? ('winnow scorers' lists the scores)");
}

TEST(filter_nesting_is_bounded)
{
	char deep[1000];
	size_t i;

	for (i = 0; i < 400; i++)
		deep[i] = '(';
	strcpy(deep + i, "dup_rep");
	char *got = parse(deep);
	CHECK(strstr(got, "nested too deeply") != NULL);
	free(got);
	for (i = 0; i < 400; i++)
		memcpy(deep + 2 * i, "! ", 2);
	strcpy(deep + 2 * i, "dup_rep");
	got = parse(deep);
	CHECK(strstr(got, "nested too deeply") != NULL);
	free(got);
}

/* Leaves answered from a tiny row: resp_words, flag_refusal; a missing value is NAN. */
struct row {
	double words, refusal;
};

static bool
leaf(void *ctx, const struct filter_node *n)
{
	const struct row *r = ctx;
	double v = strcmp(n->column, "resp_words") == 0 ? r->words : r->refusal;

	if (v != v)	/* not scored: every comparison is false */
		return n->kind == FN_CMP && n->vtype == FVAL_NULL && n->op == FOP_EQ;
	if (n->kind == FN_TRUTH)
		return v != 0;
	if (n->vtype == FVAL_NULL)
		return n->op == FOP_NE;
	return filter_op_num(n->op, v, n->num);
}

TEST(filter_eval_in_memory)
{
	struct filter *f = NULL;
	struct err err;
	struct row rows[] = {{10, 0}, {2, 0}, {10, 1}, {0.0 / 0.0, 0}};
	bool want[] = {true, false, false, false};
	bool want_not[] = {false, true, true, true};

	CHECK(filter_parse("resp_words >= 5 and not flag_refusal", names, N_NAMES, &f, &err) == ST_OK);
	for (int i = 0; i < 4; i++)
		CHECK(filter_eval(f, leaf, &rows[i]) == want[i]);
	filter_free(f);
	/* not is the complement, even for a row that is not scored */
	CHECK(filter_parse("not (resp_words >= 5 and not flag_refusal)", names, N_NAMES, &f,
			   &err) == ST_OK);
	for (int i = 0; i < 4; i++)
		CHECK(filter_eval(f, leaf, &rows[i]) == want_not[i]);
	filter_free(f);
	CHECK(filter_parse("resp_words == null", names, N_NAMES, &f, &err) == ST_OK);
	CHECK(!filter_eval(f, leaf, &rows[0]) && filter_eval(f, leaf, &rows[3]));
	filter_free(f);
}

TEST(suggest_distance_and_closest)
{
	const char *cands[] = {"resp_words", "resp_ttr", "flag_refusal", "flag_empty"};

	CHECK(suggest_distance("", "abc") == 3);
	CHECK(suggest_distance("kitten", "sitting") == 3);
	CHECK(suggest_distance("same", "same") == 0);
	CHECK_STR(suggest_closest("resp_ttl", cands, 4), "resp_ttr");
	CHECK_STR(suggest_closest("empty", cands, 4), "flag_empty");
	CHECK_STR(suggest_closest("refusal", cands, 4), "flag_refusal");
	CHECK(suggest_closest("x", cands, 0) == NULL);
}
