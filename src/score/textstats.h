/* textstats.h: pure text-statistics scorers (sizes, lexical diversity, Gopher-style
 * repetition, compressibility) over one sample's prompt and response.
 * Owns: struct textstats_scratch (per-thread working memory). Touches nothing else: no
 * globals, no I/O, so several threads may score at once, each with its own scratch.
 *
 * "Words" are maximal runs of word characters: ASCII letters and digits, and every
 * non-ASCII code point except Unicode spaces and punctuation (Latin-1 punctuation,
 * U+2000-U+206F, U+3000-U+303F, fullwidth ASCII punctuation). ASCII is lowercased
 * before words are compared; CJK text without spaces is one long word. Word and n-gram
 * identity is a 64-bit hash of the lowercased bytes (collisions are ignored).
 * Malformed UTF-8 bytes count as one U+FFFD character each. */
#ifndef WINNOW_TEXTSTATS_H
#define WINNOW_TEXTSTATS_H

#include <stddef.h>

#include "score/metric.h"

/* X(enum, name, description, direction, lo, hi). Values are clamped into [lo, hi]. */
#define TEXTSTATS_INFO(X) \
	X(TS_PROMPT_WORDS, "prompt_words", "words in the prompt", DIR_NEUTRAL, 0, 1e9) \
	X(TS_PROMPT_CHARS, "prompt_chars", "code points in the prompt", DIR_NEUTRAL, 0, 1e9) \
	X(TS_PROMPT_TOKENS, "prompt_tokens", \
	  "approximate tokens in the prompt (see resp_tokens)", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_WORDS, "resp_words", "words in the response", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_CHARS, "resp_chars", "code points in the response", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_TOKENS, "resp_tokens", \
	  "approximate tokens: per word ceil(other chars/4) + 1 per CJK/Hangul/astral char, " \
	  "+1 per punctuation char", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_PROMPT_RATIO, "resp_prompt_ratio", \
	  "resp_words / max(1, prompt_words)", DIR_NEUTRAL, 0, 1e9) \
	X(TS_N_TURNS, "n_turns", "conversation turns in the sample", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_TTR, "resp_ttr", \
	  "type-token ratio of lowercased response words; 0 if no words", DIR_HIGHER, 0, 1) \
	X(TS_RESP_MTLD, "resp_mtld", \
	  "MTLD (threshold 0.72, forward/backward mean); under 10 words: distinct words", \
	  DIR_HIGHER, 0, 1e9) \
	X(TS_RESP_MEAN_WORD_LEN, "resp_mean_word_len", \
	  "mean code points per response word; 0 if no words", DIR_NEUTRAL, 0, 1e9) \
	X(TS_RESP_ALPHA_WORDS, "resp_alpha_words", \
	  "share of words with a letter (non-ASCII counts); 0 if no words", DIR_HIGHER, 0, 1) \
	X(TS_RESP_STOPWORD_FRAC, "resp_stopword_frac", \
	  "share of words in the built-in English stop-word list; 0 if no words", \
	  DIR_NEUTRAL, 0, 1) \
	X(TS_RESP_SYMBOL_RATIO, "resp_symbol_ratio", \
	  "('#' + '...' + U+2026) per word; divides by max(1, words)", DIR_LOWER, 0, 1e9) \
	X(TS_RESP_NON_ASCII_FRAC, "resp_non_ascii_frac", \
	  "share of code points above U+007F; 0 if empty", DIR_NEUTRAL, 0, 1) \
	X(TS_RESP_REPLACEMENT_FRAC, "resp_replacement_frac", \
	  "share of code points that are U+FFFD or malformed; 0 if empty", DIR_LOWER, 0, 1) \
	X(TS_RESP_BULLET_LINES, "resp_bullet_lines", \
	  "share of non-empty lines starting with '- ', '* ', U+2022, U+00B7 or '1.'/'1)'", \
	  DIR_NEUTRAL, 0, 1) \
	X(TS_RESP_ELLIPSIS_LINES, "resp_ellipsis_lines", \
	  "share of non-empty lines ending in '...' or U+2026", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP_LINE_FRAC, "resp_dup_line_frac", \
	  "share of non-empty lines repeating an earlier line", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP_LINE_CHAR_FRAC, "resp_dup_line_char_frac", \
	  "share of line characters in lines repeating an earlier line", DIR_LOWER, 0, 1) \
	X(TS_RESP_TOP2GRAM_FRAC, "resp_top2gram_frac", \
	  "share of word chars covered by the most frequent repeated word 2-gram", \
	  DIR_LOWER, 0, 1) \
	X(TS_RESP_TOP3GRAM_FRAC, "resp_top3gram_frac", \
	  "share of word chars covered by the most frequent repeated word 3-gram", \
	  DIR_LOWER, 0, 1) \
	X(TS_RESP_TOP4GRAM_FRAC, "resp_top4gram_frac", \
	  "share of word chars covered by the most frequent repeated word 4-gram", \
	  DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP5GRAM_FRAC, "resp_dup5gram_frac", \
	  "share of word chars in repeats of earlier word 5-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP6GRAM_FRAC, "resp_dup6gram_frac", \
	  "share of word chars in repeats of earlier word 6-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP7GRAM_FRAC, "resp_dup7gram_frac", \
	  "share of word chars in repeats of earlier word 7-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP8GRAM_FRAC, "resp_dup8gram_frac", \
	  "share of word chars in repeats of earlier word 8-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP9GRAM_FRAC, "resp_dup9gram_frac", \
	  "share of word chars in repeats of earlier word 9-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_DUP10GRAM_FRAC, "resp_dup10gram_frac", \
	  "share of word chars in repeats of earlier word 10-grams", DIR_LOWER, 0, 1) \
	X(TS_RESP_COMPRESS_RATIO, "resp_compress_ratio", \
	  "zlib level-6 size / raw size; short texts exceed 1; 1 if empty", DIR_HIGHER, 0, 100)

enum textstats_metric {
#define TEXTSTATS_ENUM(id, name, desc, dir, lo, hi) id,
	TEXTSTATS_INFO(TEXTSTATS_ENUM)
#undef TEXTSTATS_ENUM
	TS__COUNT
};

struct textstats_scratch;

/* The TS__COUNT metric definitions, indexed by enum textstats_metric. Static storage:
 * never freed, safe to share between threads. */
const struct metric_def *
textstats_metrics(void);

/* Working memory for textstats_compute (hash tables, word arrays, zlib buffer). It grows
 * to the largest response seen and is reused. Use one per thread. Never NULL (dies on
 * OOM). Caller frees with textstats_scratch_free. */
struct textstats_scratch *
textstats_scratch_new(void);

/* Frees s; NULL is fine. */
void
textstats_scratch_free(struct textstats_scratch *s);

/* Scores one sample. prompt/response are UTF-8 (not NUL-terminated, may be empty; NULL
 * is fine when the length is 0). n_turns is reported as is (negative becomes 0).
 * OUT: out[TS__COUNT], every value finite and within its metric's [lo, hi]. */
void
textstats_compute(struct textstats_scratch *s, const char *prompt, size_t prompt_len,
		  const char *response, size_t response_len, int n_turns,
		  double out[TS__COUNT]);

#endif
