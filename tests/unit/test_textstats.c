/* test_textstats.c: text-statistics scorers on hand-checked examples. Each expected value
 * is worked out in the comment next to it. */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

#include "check.h"
#include "score/textstats.h"
#include "util/xalloc.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

/* Scores response (and prompt) with a fresh scratch into out. */
static void
score(const char *prompt, const char *resp, double out[TS__COUNT])
{
	struct textstats_scratch *s = textstats_scratch_new();

	textstats_compute(s, prompt, strlen(prompt), resp, strlen(resp), 1, out);
	textstats_scratch_free(s);
}

/* Every value finite and inside its declared range. */
static int
all_in_range(const double out[TS__COUNT])
{
	const struct metric_def *defs = textstats_metrics();

	for (size_t i = 0; i < TS__COUNT; i++) {
		if (!isfinite(out[i]) || out[i] < defs[i].lo || out[i] > defs[i].hi) {
			fprintf(stderr, "      %s = %g\n", defs[i].name, out[i]);
			return 0;
		}
	}
	return 1;
}

TEST(textstats_metric_table_names_and_directions)
{
	const struct metric_def *d = textstats_metrics();

	CHECK(TS__COUNT == 30);
	CHECK_STR(d[TS_PROMPT_WORDS].name, "prompt_words");
	CHECK_STR(d[TS_RESP_TOP3GRAM_FRAC].name, "resp_top3gram_frac");
	CHECK_STR(d[TS_RESP_DUP10GRAM_FRAC].name, "resp_dup10gram_frac");
	CHECK_STR(d[TS_RESP_COMPRESS_RATIO].name, "resp_compress_ratio");
	CHECK(d[TS_RESP_WORDS].dir == DIR_NEUTRAL);
	CHECK(d[TS_RESP_MTLD].dir == DIR_HIGHER && d[TS_RESP_ALPHA_WORDS].dir == DIR_HIGHER);
	CHECK(d[TS_RESP_DUP5GRAM_FRAC].dir == DIR_LOWER);
	CHECK(d[TS_RESP_REPLACEMENT_FRAC].dir == DIR_LOWER);
	CHECK(d[TS_RESP_COMPRESS_RATIO].dir == DIR_HIGHER);
	for (size_t i = 0; i < TS__COUNT; i++) {
		CHECK(d[i].name && d[i].desc && d[i].lo <= d[i].hi);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(d[i].name, d[j].name) != 0);
	}
}

TEST(textstats_sizes_and_ttr)
{
	double o[TS__COUNT];

	/* Prompt "Hello, world!": words hello, world; 13 code points; tokens
	 * ceil(5/4) + ceil(5/4) + 2 punctuation = 6. Response "a b c a": 4 words, 7 chars,
	 * 4 tokens, types {a,b,c} so TTR 3/4; ratio 4/2. */
	score("Hello, world!", "a b c a", o);
	CHECK(o[TS_PROMPT_WORDS] == 2 && o[TS_PROMPT_CHARS] == 13 && o[TS_PROMPT_TOKENS] == 6);
	CHECK(o[TS_RESP_WORDS] == 4 && o[TS_RESP_CHARS] == 7 && o[TS_RESP_TOKENS] == 4);
	CHECK(o[TS_RESP_PROMPT_RATIO] == 2.0);
	CHECK(o[TS_N_TURNS] == 1);
	CHECK(NEAR(o[TS_RESP_TTR], 0.75));
	/* Under 10 words MTLD is the number of distinct words: 3. */
	CHECK(o[TS_RESP_MTLD] == 3);
	/* ASCII is lowercased before comparing: "A a" is one type, TTR 1/2. */
	score("", "A a", o);
	CHECK(NEAR(o[TS_RESP_TTR], 0.5));
	/* "internationalization": 20 chars, one word, ceil(20/4) = 5 tokens; empty prompt
	 * divides by 1. */
	score("", "internationalization", o);
	CHECK(o[TS_RESP_TOKENS] == 5 && o[TS_RESP_PROMPT_RATIO] == 1.0);
}

TEST(textstats_mtld_known_text)
{
	double o[TS__COUNT];

	/* Forward: a b c a (TTR 3/4) b (3/5 <= .72: factor 1), d d (1/2: factor 2),
	 * e f g h i (TTR 1, partial 0): 12 / 2 = 6.
	 * Backward: i h g f e d d b a c b a never drops to .72, ends at 9/12;
	 * partial (1 - .75) / .28, so 12 * .28 / .25 = 13.44. Mean 9.72. */
	score("", "a b c a b d d e f g h i", o);
	CHECK(NEAR(o[TS_RESP_MTLD], 9.72));
	/* Ten distinct words: no factor either way, so the whole text is one run: 10. */
	score("", "a b c d e f g h i j", o);
	CHECK(NEAR(o[TS_RESP_MTLD], 10.0));
}

TEST(textstats_word_shares_and_symbols)
{
	double o[TS__COUNT];

	/* the, is, on, the are stop words; cat, mat are not: 4/6. */
	score("", "The cat is on the mat", o);
	CHECK(NEAR(o[TS_RESP_STOPWORD_FRAC], 4.0 / 6.0));
	/* Words abc, 123, x9: two have a letter; lengths 3+3+2 over 3 words. */
	score("", "abc 123 x9 !!", o);
	CHECK(NEAR(o[TS_RESP_ALPHA_WORDS], 2.0 / 3.0));
	CHECK(NEAR(o[TS_RESP_MEAN_WORD_LEN], 8.0 / 3.0));
	/* Two '#', one "...", one U+2026 over the words title, end: 4/2. */
	score("", "## Title ... end\xe2\x80\xa6", o);
	CHECK(o[TS_RESP_WORDS] == 2);
	CHECK(NEAR(o[TS_RESP_SYMBOL_RATIO], 2.0));
}

TEST(textstats_non_ascii_and_replacement)
{
	double o[TS__COUNT];

	/* "héllo": 5 code points, one above U+007F. */
	score("", "h\xc3\xa9llo", o);
	CHECK(o[TS_RESP_CHARS] == 5 && o[TS_RESP_WORDS] == 1);
	CHECK(NEAR(o[TS_RESP_NON_ASCII_FRAC], 0.2));
	CHECK(o[TS_RESP_REPLACEMENT_FRAC] == 0);
	/* "ab", U+FFFD, "d": 4 code points, 1 replacement (also non-ASCII). */
	score("", "ab\xef\xbf\xbd" "d", o);
	CHECK(NEAR(o[TS_RESP_REPLACEMENT_FRAC], 0.25));
	CHECK(NEAR(o[TS_RESP_NON_ASCII_FRAC], 0.25));
	/* A malformed byte counts as one U+FFFD: "ab\xff" is 3 chars, 1 replacement. */
	score("", "ab\xff", o);
	CHECK(o[TS_RESP_CHARS] == 3);
	CHECK(NEAR(o[TS_RESP_REPLACEMENT_FRAC], 1.0 / 3.0));
}

TEST(textstats_bullet_and_ellipsis_lines)
{
	double o[TS__COUNT];

	/* 9 non-empty lines; bullets: "- ", "* ", U+2022, U+00B7, "1.", "12)" = 6.
	 * "-5 degrees" and "1.5 kg" are text. 6/9. */
	score("", "Intro:\n- one\n* two\n\xe2\x80\xa2three\n\xc2\xb7 four\n1. five\n"
	      "12) six\n-5 degrees\n1.5 kg\n\n", o);
	CHECK(NEAR(o[TS_RESP_BULLET_LINES], 2.0 / 3.0));
	CHECK(o[TS_RESP_ELLIPSIS_LINES] == 0);
	/* 4 non-empty lines (the blank one is skipped); "Wait..." and "And then…" end in
	 * an ellipsis: 2/4. */
	score("", "Wait...\nOkay.\nAnd then\xe2\x80\xa6\n  \nDone", o);
	CHECK(NEAR(o[TS_RESP_ELLIPSIS_LINES], 0.5));
	CHECK(o[TS_RESP_BULLET_LINES] == 0);
}

TEST(textstats_duplicate_lines)
{
	double o[TS__COUNT];

	/* Three identical lines: the 2nd and 3rd repeat the 1st. */
	score("", "same\nsame\nsame", o);
	CHECK(NEAR(o[TS_RESP_DUP_LINE_FRAC], 2.0 / 3.0));
	CHECK(NEAR(o[TS_RESP_DUP_LINE_CHAR_FRAC], 2.0 / 3.0));
	/* Lines ab, abcd, ab, "abcd  " (trimmed: a repeat), x: 2 of 5 repeat;
	 * chars 2+4+2+4+1 = 13, repeated 2+4 = 6. */
	score("", "ab\nabcd\nab\n\nabcd  \nx", o);
	CHECK(NEAR(o[TS_RESP_DUP_LINE_FRAC], 0.4));
	CHECK(NEAR(o[TS_RESP_DUP_LINE_CHAR_FRAC], 6.0 / 13.0));
}

TEST(textstats_ngram_repetition_cat_sat)
{
	double o[TS__COUNT];

	/* Words w0..w8 = the cat sat x3, 27 word chars.
	 * 2-grams: "the cat" and "cat sat" both occur 3 times; "the cat" comes first and
	 * covers the, cat three times: 18/27.
	 * 3-grams: "the cat sat" occurs 3 times and covers everything: 27/27.
	 * 4-grams: each occurs twice; "the cat sat the" at 0 and 3 covers w0..w6: 21/27.
	 * 5-grams: positions 3 and 4 repeat 0 and 1, covering w3..w8 once: 18/27.
	 * 6-grams: position 3 repeats 0, covering w3..w8: 18/27.
	 * 7-grams: three positions, all distinct: 0. */
	score("", "the cat sat the cat sat the cat sat", o);
	CHECK(NEAR(o[TS_RESP_TOP2GRAM_FRAC], 2.0 / 3.0));
	CHECK(NEAR(o[TS_RESP_TOP3GRAM_FRAC], 1.0));
	CHECK(NEAR(o[TS_RESP_TOP4GRAM_FRAC], 7.0 / 9.0));
	CHECK(NEAR(o[TS_RESP_DUP5GRAM_FRAC], 2.0 / 3.0));
	CHECK(NEAR(o[TS_RESP_DUP6GRAM_FRAC], 2.0 / 3.0));
	CHECK(o[TS_RESP_DUP7GRAM_FRAC] == 0 && o[TS_RESP_DUP10GRAM_FRAC] == 0);
}

TEST(textstats_ngram_repetition_repeated_ten_words)
{
	double o[TS__COUNT];

	/* one..ten = 3+3+5+4+4+3+5+5+4+3 = 39 chars, twice, with "eleven" (6) between:
	 * 84 word chars. Every n-gram of the second copy repeats one of the first, so
	 * dup5..dup10 = 39/84. Top 2-gram (first of the count-2 ones) "one two": 12/84;
	 * "one two three": 22/84; "one two three four": 30/84. */
	score("", "one two three four five six seven eight nine ten eleven "
	      "one two three four five six seven eight nine ten", o);
	CHECK(NEAR(o[TS_RESP_TOP2GRAM_FRAC], 12.0 / 84.0));
	CHECK(NEAR(o[TS_RESP_TOP3GRAM_FRAC], 22.0 / 84.0));
	CHECK(NEAR(o[TS_RESP_TOP4GRAM_FRAC], 30.0 / 84.0));
	CHECK(NEAR(o[TS_RESP_DUP5GRAM_FRAC], 39.0 / 84.0));
	CHECK(NEAR(o[TS_RESP_DUP10GRAM_FRAC], 39.0 / 84.0));
	/* No repeated 2-gram at all: every repetition metric is 0. */
	score("", "one two three four five six seven eight nine ten", o);
	CHECK(o[TS_RESP_TOP2GRAM_FRAC] == 0 && o[TS_RESP_DUP5GRAM_FRAC] == 0);
}

TEST(textstats_empty_texts_are_defined)
{
	double o[TS__COUNT];
	struct textstats_scratch *s = textstats_scratch_new();

	for (size_t i = 0; i < TS__COUNT; i++)
		o[i] = NAN;
	textstats_compute(s, NULL, 0, NULL, 0, -2, o);
	CHECK(all_in_range(o));
	CHECK(o[TS_RESP_WORDS] == 0 && o[TS_PROMPT_TOKENS] == 0 && o[TS_N_TURNS] == 0);
	CHECK(o[TS_RESP_TTR] == 0 && o[TS_RESP_MTLD] == 0 && o[TS_RESP_DUP_LINE_FRAC] == 0);
	CHECK(o[TS_RESP_COMPRESS_RATIO] == 1.0);
	textstats_scratch_free(s);
	textstats_scratch_free(NULL);
}

TEST(textstats_all_punctuation)
{
	double o[TS__COUNT];

	/* No words; 15 punctuation chars are 15 tokens; one "..." over max(1, 0) words. */
	score("", "!!!???...,,,;;;", o);
	CHECK(all_in_range(o));
	CHECK(o[TS_RESP_WORDS] == 0 && o[TS_RESP_CHARS] == 15 && o[TS_RESP_TOKENS] == 15);
	CHECK(o[TS_RESP_TTR] == 0 && o[TS_RESP_ALPHA_WORDS] == 0);
	CHECK(o[TS_RESP_SYMBOL_RATIO] == 1.0);
}

TEST(textstats_cjk_and_emoji)
{
	double o[TS__COUNT];

	/* 你好世界 + U+1F642: one word of 5 code points, each one token. */
	score("", "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c\xf0\x9f\x99\x82", o);
	CHECK(all_in_range(o));
	CHECK(o[TS_RESP_WORDS] == 1 && o[TS_RESP_CHARS] == 5 && o[TS_RESP_TOKENS] == 5);
	CHECK(o[TS_RESP_NON_ASCII_FRAC] == 1.0 && o[TS_RESP_ALPHA_WORDS] == 1.0);
	/* 日本語、テスト。: the ideographic comma and full stop split two words (3 and 3
	 * chars); tokens 3 + 3 + 2 punctuation = 8. */
	score("", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x80\x81"
	      "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88\xe3\x80\x82", o);
	CHECK(o[TS_RESP_WORDS] == 2 && o[TS_RESP_CHARS] == 8 && o[TS_RESP_TOKENS] == 8);
	CHECK(NEAR(o[TS_RESP_MEAN_WORD_LEN], 3.0));
}

TEST(textstats_compress_ratio)
{
	double o[TS__COUNT];
	char *rep = xmalloc(5121);

	for (size_t i = 0; i < 5120; i++)
		rep[i] = "the quick brown fox. "[i % 21];
	rep[5120] = '\0';
	score("", rep, o);
	CHECK(o[TS_RESP_COMPRESS_RATIO] < 0.5);
	CHECK(o[TS_RESP_COMPRESS_RATIO] > 0.0);
	/* 3 bytes cannot shrink: 2 header + 5 block + 4 checksum bytes = 11/3. */
	score("", "abc", o);
	CHECK(o[TS_RESP_COMPRESS_RATIO] > 1.0);
	/* The kept stream must give compress2's own size, short text and long. */
	const char *texts[] = {"abc", "The quick brown fox jumps over the lazy dog. Twice: "
			       "the quick brown fox jumps over the lazy dog.", rep};
	unsigned char *z = xmalloc(compressBound(5120));
	for (size_t i = 0; i < 3; i++) {
		uLongf len = compressBound(5120);
		CHECK(compress2(z, &len, (const Bytef *)texts[i], strlen(texts[i]), 6) == Z_OK);
		score("", texts[i], o);
		CHECK(o[TS_RESP_COMPRESS_RATIO] == (double)len / (double)strlen(texts[i]));
	}
	free(z);
	free(rep);
}

/* Deterministic pseudo-random words (LCG), n bytes. Caller frees. */
static char *
random_text(size_t n)
{
	char *t = xmalloc(n + 1);
	uint32_t x = 12345;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		unsigned r = (x >> 16) % 32;
		t[i] = r < 5 ? ' ' : r == 5 ? '\n' : (char)('a' + r % 26);
	}
	t[n] = '\0';
	return t;
}

TEST(textstats_one_megabyte_response)
{
	double o[TS__COUNT];
	size_t n = 1u << 20;
	char *t = random_text(n);

	score("prompt", t, o);
	CHECK(all_in_range(o));
	CHECK(o[TS_RESP_CHARS] == (double)n);
	CHECK(o[TS_RESP_WORDS] > 10000);
	free(t);
}

TEST(textstats_scratch_reuse_gives_same_values)
{
	double a[TS__COUNT], b[TS__COUNT];
	const char *r = "the cat sat on the mat\nthe cat sat on the mat\n- and so on...";
	struct textstats_scratch *s = textstats_scratch_new();
	char *big = random_text(200000);

	textstats_compute(s, "p q", 3, r, strlen(r), 2, a);
	textstats_compute(s, "", 0, big, strlen(big), 1, b);
	textstats_compute(s, "p q", 3, r, strlen(r), 2, b);
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(NEAR(a[TS_RESP_DUP_LINE_FRAC], 1.0 / 3.0));	/* 2nd of 3 lines repeats */
	free(big);
	textstats_scratch_free(s);
}
