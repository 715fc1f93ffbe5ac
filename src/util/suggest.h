/* suggest.h: "did you mean" for unknown names (filter columns, recipe keys, score names).
 * Owns nothing; pure functions. */
#ifndef WINNOW_SUGGEST_H
#define WINNOW_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance between a and b (bytes), capped at 255. */
size_t
suggest_distance(const char *a, const char *b);

/* The candidate closest to word: the smallest edit distance, where a candidate that
 * contains word as a whole '_'-separated part (refusal -> flag_refusal) counts as 1.
 * Ties go to the earlier candidate. NULL if n == 0. Borrowed from cands. */
const char *
suggest_closest(const char *word, const char *const *cands, size_t n);

#endif
