/* engine_highlight.c: the words of an FTS5 query and where they occur in a text, so a
 * front end can highlight search hits in a whole sample (FTS5's own highlight() covers
 * only the indexed prompt and response, not each turn). Tokens follow FTS5's unicode61
 * tokenizer closely enough for highlighting: runs of letters and digits, case folded
 * (ASCII and Latin-1); diacritics are not folded. Pure functions; owns struct terms. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "util/xalloc.h"

#define TERM_MAX 64	/* code points kept of one word */
#define TERMS_MAX 32

struct term {
	uint32_t cp[TERM_MAX];
	size_t n;
	bool prefix;
};

struct terms {
	struct term t[TERMS_MAX];
	size_t n;
};

/* Decode one code point at s[*i] (valid UTF-8 assumed; a stray byte is itself). */
static uint32_t
next_cp(const char *s, size_t n, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;

	if (c >= 0x80 && c < 0xC0)
		len = 1;
	for (int k = 1; k < len && *i + (size_t)k < n; k++)
		cp = (cp << 6) | ((unsigned char)s[*i + (size_t)k] & 0x3F);
	*i += (size_t)len;
	return cp;
}

static bool
is_token_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (c < 0xC0)
		return c == 0xAA || c == 0xB5 || c == 0xBA;
	if (c == 0xD7 || c == 0xF7)
		return false;
	return !((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
		 (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF00 && c <= 0xFF0F) ||
		 (c >= 0x1F000 && c <= 0x1FAFF) || c == 0x200D);
}

static uint32_t
fold(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 0x20;
	return c;
}

static bool
is_keyword(const char *w, size_t n)
{
	static const char *const kw[] = {"AND", "OR", "NOT", "NEAR"};

	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i]) == n && memcmp(kw[i], w, n) == 0)
			return true;
	return false;
}

/* Split s[0..n) into token words and add each as a term. */
static void
add_words(struct terms *t, const char *s, size_t n, bool prefix_last)
{
	size_t i = 0;

	while (i < n && t->n < TERMS_MAX) {
		size_t at = i;
		uint32_t c = next_cp(s, n, &i);
		if (!is_token_cp(c))
			continue;
		struct term *w = &t->t[t->n];
		w->n = 0;
		for (i = at; i < n;) {
			size_t here = i;
			c = next_cp(s, n, &i);
			if (!is_token_cp(c)) {
				i = here;
				break;
			}
			if (w->n < TERM_MAX)
				w->cp[w->n++] = fold(c);
		}
		w->prefix = prefix_last && i >= n;
		t->n++;
	}
}

/* A bare word of the query: up to white space or a special character. */
static size_t
bareword_len(const char *q)
{
	size_t n = 0;

	while (q[n] && !strchr(" \t\n\"():*^+{},-", q[n]))
		n++;
	return n;
}

struct terms *
engine_terms_new(const char *fts)
{
	struct terms *t = xcalloc(1, sizeof(*t));
	const char *q = fts ? fts : "";

	while (*q) {
		if (*q == '"') {	/* a phrase: "" is a quote inside it */
			const char *end = q + 1;
			while (*end && !(end[0] == '"' && end[1] != '"'))
				end += end[0] == '"' ? 2 : 1;
			add_words(t, q + 1, (size_t)(end - q - 1), end[0] == '"' && end[1] == '*');
			q = *end ? end + 1 : end;
			continue;
		}
		size_t n = bareword_len(q);
		if (n == 0) {
			q++;
			continue;
		}
		if (q[n] != ':' && !is_keyword(q, n))	/* col: filters and operators are no words */
			add_words(t, q, n, q[n] == '*');
		q += n;
	}
	return t;
}

void
engine_terms_free(struct terms *t)
{
	free(t);
}

/* tok[0..n) is a token's folded code points (cut at TERM_MAX, as terms are). */
static bool
term_matches(const struct term *w, const uint32_t *tok, size_t n)
{
	if (w->n == 0 || n < w->n || (!w->prefix && n != w->n))
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (tok[i] != w->cp[i])
			return false;
	return true;
}

void
engine_term_spans(const struct terms *t, const char *text, size_t len, span_fn fn, void *ctx)
{
	uint32_t tok[TERM_MAX];
	size_t i = 0;

	if (!t || t->n == 0)
		return;
	while (i < len) {
		size_t start = i, n = 0, end;
		uint32_t c = next_cp(text, len, &i);
		if (!is_token_cp(c))
			continue;
		for (i = start; i < len;) {
			size_t here = i;
			c = next_cp(text, len, &i);
			if (!is_token_cp(c)) {
				i = here;
				break;
			}
			if (n < TERM_MAX)
				tok[n] = fold(c);
			n++;
		}
		end = i;
		for (size_t k = 0; k < t->n; k++)
			if (term_matches(&t->t[k], tok, n < TERM_MAX ? n : TERM_MAX)) {
				fn(ctx, start, end);
				break;
			}
	}
}
