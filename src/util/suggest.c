/* suggest.c: edit distance and the closest-name suggestion (see suggest.h). */
#include "suggest.h"

#include <stdbool.h>
#include <string.h>

#define SUGGEST_MAX 64	/* longer words are compared on their first 64 bytes */

size_t
suggest_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), row[SUGGEST_MAX + 1];

	na = na > SUGGEST_MAX ? SUGGEST_MAX : na;
	nb = nb > SUGGEST_MAX ? SUGGEST_MAX : nb;
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb] > 255 ? 255 : row[nb];
}

/* word is one of cand's '_'-separated parts, or a run of them (resp_ttr in x_resp_ttr). */
static bool
is_part(const char *word, const char *cand)
{
	size_t n = strlen(word);

	if (n == 0 || strcmp(word, cand) == 0)
		return false;
	for (const char *p = strstr(cand, word); p; p = strstr(p + 1, word))
		if ((p == cand || p[-1] == '_') && (p[n] == '\0' || p[n] == '_'))
			return true;
	return false;
}

const char *
suggest_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	for (size_t i = 0; i < n; i++) {
		size_t d = is_part(word, cands[i]) ? 1 : suggest_distance(word, cands[i]);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best;
}
