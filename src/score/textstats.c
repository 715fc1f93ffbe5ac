/* textstats.c: text-statistics scorers. Owns the scratch tables and buffers; reads the
 * caller's text, never keeps it. No globals: every table that changes lives in the
 * caller's struct textstats_scratch, so threads with their own scratch never share state.
 *
 * One call makes a fixed number of linear passes: a character scan of each text (sizes,
 * words, symbols), a line pass, an interning pass over the words, one pass per n-gram
 * size while repeats remain, and one zlib compression. The hash table uses generation
 * stamps, so starting a new count costs nothing instead of clearing the table. */
#include "textstats.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/hash.h"
#include "util/xalloc.h"

#define TS_STOP_SLOTS 512	/* power of two, over twice the stop-word count */
#define TS_MTLD_MIN_WORDS 10
#define TS_FNV_OFFSET 0xcbf29ce484222325ULL
#define TS_FNV_PRIME 0x100000001b3ULL

struct textstats_slot {
	uint64_t key;
	uint32_t gen;	/* the slot is live only while this equals its table's gen */
	uint32_t val;
};

struct textstats_table {
	struct textstats_slot *slot;
	size_t cap, mask;	/* mask sizes the current use, which may be below cap */
	uint32_t gen;
};

struct textstats_scratch {
	struct textstats_table tab;	/* words, lines, then each n-gram size in turn */
	struct textstats_slot stop[TS_STOP_SLOTS];	/* stop-word hashes; gen 1 = used */
	size_t cap_words;
	uint64_t *wh;		/* per response word: hash of the lowercased word */
	uint64_t *gh;		/* per position: hash of the n-gram starting there */
	uint32_t *wchars;	/* per word: code points */
	uint32_t *wid;		/* per word: type id, in order of first use */
	uint32_t *nid;		/* per position: n-gram id, in order of first use */
	uint32_t *cnt;		/* per n-gram id: occurrences */
	uint32_t *stamp;	/* per type id: last MTLD segment that saw it */
	unsigned char *z;	/* deflate output, compressBound of the largest response */
	size_t zcap;
	z_stream zs;		/* compress2's deflate state, reset per response */
	bool zs_ready;
};

/* What one character scan of a text found. */
struct textstats_scan {
	struct textstats_scratch *keep;	/* store words here (response only), or NULL */
	size_t n_chars, n_non_ascii, n_repl, n_punct, n_hash, n_ellipsis;
	size_t n_words, n_alpha_words, n_stop_words, n_word_chars, n_tokens;
	size_t dot_run;		/* consecutive '.', for counting "..." like str.count */
	bool in_word, w_alpha;
	uint64_t h;
	size_t w_chars, w_narrow, w_wide;
};

struct textstats_lines {
	size_t n, n_dup, n_bullet, n_ellipsis, chars, dup_chars;
	uint32_t n_ids;
};

enum textstats_cp_class { TS_CP_WORD, TS_CP_SPACE, TS_CP_PUNCT };

/* NLTK's English list without the forms that contain an apostrophe: words are split at
 * apostrophes, so "don't" arrives as "don" + "t", both listed. */
static const char *const textstats_stop_words[] = {
	"i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
	"yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
	"herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves",
	"what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
	"was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does",
	"did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until",
	"while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
	"through", "during", "before", "after", "above", "below", "to", "from", "up", "down",
	"in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here",
	"there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more",
	"most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so",
	"than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now", "d",
	"ll", "m", "o", "re", "ve", "y", "ain", "aren", "couldn", "didn", "doesn", "hadn",
	"hasn", "haven", "isn", "ma", "mightn", "mustn", "needn", "shan", "shouldn", "wasn",
	"weren", "won", "wouldn",
};

static const struct metric_def textstats_defs[TS__COUNT] = {
#define TEXTSTATS_DEF(id, name, desc, dir, lo, hi) [id] = {name, desc, dir, lo, hi},
	TEXTSTATS_INFO(TEXTSTATS_DEF)
#undef TEXTSTATS_DEF
};

/* The fraction slots are filled by n-gram size arithmetic. */
_Static_assert(TS_RESP_TOP4GRAM_FRAC == TS_RESP_TOP2GRAM_FRAC + 2, "top n-gram order");
_Static_assert(TS_RESP_DUP10GRAM_FRAC == TS_RESP_DUP5GRAM_FRAC + 5, "dup n-gram order");

const struct metric_def *
textstats_metrics(void)
{
	return textstats_defs;
}


/* Starts a new count for up to n_keys keys, at load <= 1/2. */
static void
textstats_table_begin(struct textstats_table *t, size_t n_keys)
{
	size_t need = 64;

	while (need < 2 * n_keys)
		need *= 2;
	if (need > t->cap) {
		free(t->slot);
		t->slot = xcalloc(need, sizeof(*t->slot));
		t->cap = need;
	}
	t->mask = need - 1;
	if (++t->gen == 0) {
		/* 2^32 uses later, stale stamps could look live again. */
		memset(t->slot, 0, t->cap * sizeof(*t->slot));
		t->gen = 1;
	}
}

/* Id of key, assigning the next id (*n_ids, then incremented) when it is new. */
static uint32_t
textstats_intern(struct textstats_table *t, uint64_t key, uint32_t *n_ids)
{
	size_t i = key & t->mask;

	for (;;) {
		struct textstats_slot *e = &t->slot[i];
		if (e->gen != t->gen) {
			*e = (struct textstats_slot){key, t->gen, (*n_ids)++};
			return e->val;
		}
		if (e->key == key)
			return e->val;
		i = (i + 1) & t->mask;
	}
}

static bool
textstats_stop_has(const struct textstats_slot *stop, uint64_t key)
{
	for (size_t i = key & (TS_STOP_SLOTS - 1);; i = (i + 1) & (TS_STOP_SLOTS - 1)) {
		if (!stop[i].gen)
			return false;
		if (stop[i].key == key)
			return true;
	}
}

static uint64_t
textstats_hash_word(const char *w)
{
	uint64_t h = TS_FNV_OFFSET;

	for (; *w; w++)
		h = (h ^ (unsigned char)*w) * TS_FNV_PRIME;
	return hash_mix64(h);
}

struct textstats_scratch *
textstats_scratch_new(void)
{
	struct textstats_scratch *s = xcalloc(1, sizeof(*s));
	size_t n = sizeof(textstats_stop_words) / sizeof(textstats_stop_words[0]);

	for (size_t k = 0; k < n; k++) {
		uint64_t key = textstats_hash_word(textstats_stop_words[k]);
		size_t i = key & (TS_STOP_SLOTS - 1);
		while (s->stop[i].gen && s->stop[i].key != key)
			i = (i + 1) & (TS_STOP_SLOTS - 1);
		s->stop[i] = (struct textstats_slot){key, 1, 0};
	}
	return s;
}

void
textstats_scratch_free(struct textstats_scratch *s)
{
	if (!s)
		return;
	free(s->tab.slot);
	free(s->wh);
	free(s->gh);
	free(s->wchars);
	free(s->wid);
	free(s->nid);
	free(s->cnt);
	free(s->stamp);
	free(s->z);
	if (s->zs_ready)
		deflateEnd(&s->zs);
	free(s);
}

/* Room for at least n words; contents are kept (the scan appends as it goes). */
static void
textstats_reserve_words(struct textstats_scratch *s, size_t n)
{
	if (n <= s->cap_words)
		return;
	size_t cap = s->cap_words ? s->cap_words : 256;
	while (cap < n)
		cap *= 2;
	s->wh = xrealloc(s->wh, cap * sizeof(*s->wh));
	s->gh = xrealloc(s->gh, cap * sizeof(*s->gh));
	s->wchars = xrealloc(s->wchars, cap * sizeof(*s->wchars));
	s->wid = xrealloc(s->wid, cap * sizeof(*s->wid));
	s->nid = xrealloc(s->nid, cap * sizeof(*s->nid));
	s->cnt = xrealloc(s->cnt, cap * sizeof(*s->cnt));
	s->stamp = xrealloc(s->stamp, cap * sizeof(*s->stamp));
	s->cap_words = cap;
}

/* Decodes the sequence at p[0] >= 0x80. A malformed byte decodes as U+FFFD of length 1,
 * so corrupt text still advances and shows up in resp_replacement_frac. */
static size_t
textstats_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c = 0;

	if (p[0] < 0xC2 || p[0] > 0xF4)
		len = 0;
	else if (p[0] < 0xE0)
		len = 2, c = p[0] & 0x1F;
	else if (p[0] < 0xF0)
		len = 3, c = p[0] & 0x0F;
	else
		len = 4, c = p[0] & 0x07;
	if (len == 0 || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[k] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Non-ASCII spaces and punctuation end words; everything else non-ASCII is a letter. */
static enum textstats_cp_class
textstats_cp_class(uint32_t c)
{
	if (c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x3000 || c == 0xFEFF ||
	    (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	    c == 0x205F)
		return TS_CP_SPACE;
	if (c >= 0xA1 && c <= 0xBF)	/* Latin-1 signs, minus letters and numbers */
		return (c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 ||
			c == 0xBA || (c >= 0xBC && c <= 0xBE)) ? TS_CP_WORD : TS_CP_PUNCT;
	if ((c >= 0x2010 && c <= 0x206F) || (c >= 0x3001 && c <= 0x303F))
		return TS_CP_PUNCT;
	if ((c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	    (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65))
		return TS_CP_PUNCT;
	return TS_CP_WORD;
}

/* Scripts that BPE vocabularies cover about one token per character: CJK, kana,
 * Hangul, fullwidth forms, and everything astral (emoji, rare CJK). */
static bool
textstats_cp_wide(uint32_t c)
{
	return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x10000;
}

static void
textstats_word_byte(struct textstats_scan *sc, unsigned char b)
{
	if (!sc->in_word) {
		sc->in_word = true;
		sc->h = TS_FNV_OFFSET;
	}
	sc->h = (sc->h ^ b) * TS_FNV_PRIME;
}

static void
textstats_word_end(struct textstats_scan *sc)
{
	if (!sc->in_word)
		return;
	uint64_t key = hash_mix64(sc->h);
	struct textstats_scratch *s = sc->keep;

	sc->n_tokens += sc->w_wide + (sc->w_narrow + 3) / 4;
	sc->n_alpha_words += sc->w_alpha;
	sc->n_word_chars += sc->w_chars;
	if (s) {
		textstats_reserve_words(s, sc->n_words + 1);
		s->wh[sc->n_words] = key;
		s->wchars[sc->n_words] = (uint32_t)sc->w_chars;
		sc->n_stop_words += textstats_stop_has(s->stop, key);
	}
	sc->n_words++;
	sc->in_word = sc->w_alpha = false;
	sc->w_chars = sc->w_narrow = sc->w_wide = 0;
}

static void
textstats_scan_ascii(struct textstats_scan *sc, unsigned char b)
{
	bool digit = b >= '0' && b <= '9';
	bool alpha = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';

	sc->n_chars++;
	if (b != '.')
		sc->dot_run = 0;
	else if (++sc->dot_run == 3) {
		sc->n_ellipsis++;
		sc->dot_run = 0;
	}
	if (digit || alpha) {
		textstats_word_byte(sc, alpha ? (b | 0x20) : b);
		sc->w_chars++;
		sc->w_narrow++;
		sc->w_alpha |= alpha;
		return;
	}
	textstats_word_end(sc);
	if (b > ' ' && b < 0x7F) {	/* controls and spaces are neither words nor tokens */
		sc->n_punct++;
		sc->n_hash += b == '#';
	}
}

static size_t
textstats_scan_utf8(struct textstats_scan *sc, const unsigned char *p, size_t n)
{
	uint32_t cp;
	size_t len = textstats_decode(p, n, &cp);
	enum textstats_cp_class cls = textstats_cp_class(cp);

	sc->n_chars++;
	sc->n_non_ascii++;
	sc->n_repl += cp == 0xFFFD;
	sc->dot_run = 0;
	if (cls == TS_CP_WORD) {
		for (size_t k = 0; k < len; k++)
			textstats_word_byte(sc, p[k]);
		sc->w_chars++;
		sc->w_alpha = true;
		if (textstats_cp_wide(cp))
			sc->w_wide++;
		else
			sc->w_narrow++;
		return len;
	}
	textstats_word_end(sc);
	if (cls == TS_CP_PUNCT) {
		sc->n_punct++;
		sc->n_ellipsis += cp == 0x2026;
	}
	return len;
}

/* keep: store the words in s (the response); otherwise only count (the prompt). */
static void
textstats_scan_text(struct textstats_scratch *keep, const char *text, size_t n,
		    struct textstats_scan *sc)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;

	memset(sc, 0, sizeof(*sc));
	sc->keep = keep;
	while (i < n) {
		if (p[i] < 0x80)
			textstats_scan_ascii(sc, p[i++]);
		else
			i += textstats_scan_utf8(sc, p + i, n - i);
	}
	textstats_word_end(sc);
	sc->n_tokens += sc->n_punct;
}

static double
textstats_frac(size_t part, size_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

/* One MTLD direction: text length over the number of runs ("factors") whose TTR falls
 * to 0.72, the last partial run counting (1 - TTR) / (1 - 0.72). */
static double
textstats_mtld_pass(struct textstats_scratch *s, size_t n, bool backward, uint32_t *seg)
{
	double factors = 0.0;
	size_t tokens = 0, types = 0;

	for (size_t k = 0; k < n; k++) {
		uint32_t id = s->wid[backward ? n - 1 - k : k];
		tokens++;
		if (s->stamp[id] != *seg) {
			s->stamp[id] = *seg;
			types++;
		}
		if (types * 25 <= tokens * 18) {	/* TTR <= 0.72, exact in integers */
			factors += 1.0;
			tokens = types = 0;
			(*seg)++;
		}
	}
	if (tokens)
		factors += (1.0 - (double)types / (double)tokens) / (1.0 - 0.72);
	/* Only an all-distinct text has no factor at all: its run is the whole text. */
	return factors > 0.0 ? (double)n / factors : (double)n;
}

/* MTLD needs ~100 words to be stable and is meaningless under 10; there we report the
 * number of distinct words, which equals what the formula gives an all-distinct text. */
static double
textstats_mtld(struct textstats_scratch *s, size_t n_words, uint32_t n_types)
{
	uint32_t seg = 1;

	if (n_words < TS_MTLD_MIN_WORDS)
		return n_types;
	memset(s->stamp, 0, n_types * sizeof(*s->stamp));
	double fwd = textstats_mtld_pass(s, n_words, false, &seg);
	seg++;
	double bwd = textstats_mtld_pass(s, n_words, true, &seg);
	return (fwd + bwd) / 2.0;
}

static uint32_t
textstats_intern_words(struct textstats_scratch *s, size_t n_words)
{
	uint32_t n_types = 0;

	textstats_table_begin(&s->tab, n_words);
	for (size_t i = 0; i < n_words; i++)
		s->wid[i] = textstats_intern(&s->tab, s->wh[i], &n_types);
	return n_types;
}

static void
textstats_fill_size(double *out, const struct textstats_scan *ps, const struct textstats_scan *rs,
		    int n_turns)
{
	out[TS_PROMPT_WORDS] = (double)ps->n_words;
	out[TS_PROMPT_CHARS] = (double)ps->n_chars;
	out[TS_PROMPT_TOKENS] = (double)ps->n_tokens;
	out[TS_RESP_WORDS] = (double)rs->n_words;
	out[TS_RESP_CHARS] = (double)rs->n_chars;
	out[TS_RESP_TOKENS] = (double)rs->n_tokens;
	out[TS_RESP_PROMPT_RATIO] = (double)rs->n_words / (double)(ps->n_words ? ps->n_words : 1);
	out[TS_N_TURNS] = n_turns;	/* textstats_clamp turns a negative count into 0 */
}

static void
textstats_fill_lexical(struct textstats_scratch *s, const struct textstats_scan *rs,
		       double *out)
{
	size_t nw = rs->n_words;
	uint32_t n_types = textstats_intern_words(s, nw);

	out[TS_RESP_TTR] = textstats_frac(n_types, nw);
	out[TS_RESP_MTLD] = textstats_mtld(s, nw, n_types);
	out[TS_RESP_MEAN_WORD_LEN] = textstats_frac(rs->n_word_chars, nw);
	out[TS_RESP_ALPHA_WORDS] = textstats_frac(rs->n_alpha_words, nw);
	out[TS_RESP_STOPWORD_FRAC] = textstats_frac(rs->n_stop_words, nw);
	out[TS_RESP_SYMBOL_RATIO] = (double)(rs->n_hash + rs->n_ellipsis) / (double)(nw ? nw : 1);
	out[TS_RESP_NON_ASCII_FRAC] = textstats_frac(rs->n_non_ascii, rs->n_chars);
	out[TS_RESP_REPLACEMENT_FRAC] = textstats_frac(rs->n_repl, rs->n_chars);
}

/* Markdown-style items need the space after '-' and '*' ("-5", "**bold**" are text);
 * numbers are 1-3 digits then '.' or ')' then a space or the end ("1.5 kg" is text). */
static bool
textstats_is_bullet(const unsigned char *p, size_t n)
{
	size_t d = 0;

	if ((p[0] == '-' || p[0] == '*') && n >= 2 && (p[1] == ' ' || p[1] == '\t'))
		return true;
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xA2)	/* U+2022 */
		return true;
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xB7)			/* U+00B7 */
		return true;
	while (d < n && d < 4 && p[d] >= '0' && p[d] <= '9')
		d++;
	if (d == 0 || d > 3 || d == n || (p[d] != '.' && p[d] != ')'))
		return false;
	return d + 1 == n || p[d + 1] == ' ' || p[d + 1] == '\t';
}

static bool
textstats_ends_ellipsis(const unsigned char *p, size_t n)
{
	return n >= 3 && ((p[n - 3] == '.' && p[n - 2] == '.' && p[n - 1] == '.') ||
			  (p[n - 3] == 0xE2 && p[n - 2] == 0x80 && p[n - 1] == 0xA6));
}

static bool
textstats_is_space(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* One line, already split at '\n'. Lines compare exactly after trimming ASCII space. */
static void
textstats_line(struct textstats_scratch *s, const unsigned char *p, size_t n,
	       struct textstats_lines *ln)
{
	uint64_t h = TS_FNV_OFFSET;
	size_t chars = 0;

	while (n && textstats_is_space(p[0]))
		p++, n--;
	while (n && textstats_is_space(p[n - 1]))
		n--;
	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * TS_FNV_PRIME;
		chars += (p[i] & 0xC0) != 0x80;
	}
	uint32_t before = ln->n_ids;
	bool dup = textstats_intern(&s->tab, hash_mix64(h), &ln->n_ids) != before;
	ln->n++;
	ln->chars += chars;
	ln->n_dup += dup;
	ln->dup_chars += dup ? chars : 0;
	ln->n_bullet += textstats_is_bullet(p, n);
	ln->n_ellipsis += textstats_ends_ellipsis(p, n);
}

static void
textstats_fill_lines(struct textstats_scratch *s, const char *text, size_t n, double *out)
{
	const unsigned char *p = (const unsigned char *)text;
	struct textstats_lines ln = {0};
	size_t at = 0;

	/* A non-empty line takes a byte and a '\n': at most (n + 1) / 2 of them. */
	textstats_table_begin(&s->tab, n / 2 + 1);
	while (at < n) {
		const unsigned char *nl = memchr(p + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (p + at)) : n - at;
		textstats_line(s, p + at, len, &ln);
		at += len + 1;
	}
	out[TS_RESP_BULLET_LINES] = textstats_frac(ln.n_bullet, ln.n);
	out[TS_RESP_ELLIPSIS_LINES] = textstats_frac(ln.n_ellipsis, ln.n);
	out[TS_RESP_DUP_LINE_FRAC] = textstats_frac(ln.n_dup, ln.n);
	out[TS_RESP_DUP_LINE_CHAR_FRAC] = textstats_frac(ln.dup_chars, ln.chars);
}

/* Extends the hashes in gh from (n-1)-grams to n-grams over the m positions and counts
 * them. Returns the highest count. */
static uint32_t
textstats_ngram_count(struct textstats_scratch *s, size_t n, size_t m)
{
	uint32_t n_ids = 0, max = 0;

	textstats_table_begin(&s->tab, m);
	for (size_t i = 0; i < m; i++) {
		uint32_t before = n_ids;
		s->gh[i] = hash_mix64(s->gh[i] * 0x9E3779B97F4A7C15ULL + s->wh[i + n - 1]);
		uint32_t id = textstats_intern(&s->tab, s->gh[i], &n_ids);
		if (id == before)
			s->cnt[id] = 0;
		if (++s->cnt[id] > max)
			max = s->cnt[id];
		s->nid[i] = id;
	}
	return max;
}

/* Characters of words [i, i + n) not yet covered; *end is the first uncovered word.
 * Positions arrive in order, so this counts every character once. */
static size_t
textstats_cover(const struct textstats_scratch *s, size_t i, size_t n, size_t *end)
{
	size_t chars = 0;

	for (size_t j = i > *end ? i : *end; j < i + n; j++)
		chars += s->wchars[j];
	*end = i + n;
	return chars;
}

/* Characters under every occurrence of the most frequent n-gram; of equally frequent
 * ones, the first to appear. */
static size_t
textstats_top_cover(const struct textstats_scratch *s, size_t n, size_t m, uint32_t max)
{
	size_t i = 0, end = 0, chars = 0;

	while (s->cnt[s->nid[i]] != max)
		i++;
	uint32_t best = s->nid[i];
	for (; i < m; i++)
		if (s->nid[i] == best)
			chars += textstats_cover(s, i, n, &end);
	return chars;
}

/* Characters under n-grams that repeat an earlier one. Ids are handed out in order of
 * first appearance, so a position is a first occurrence exactly when it takes the next id. */
static size_t
textstats_dup_cover(const struct textstats_scratch *s, size_t n, size_t m)
{
	size_t end = 0, chars = 0;
	uint32_t next = 0;

	for (size_t i = 0; i < m; i++) {
		if (s->nid[i] == next)
			next++;
		else
			chars += textstats_cover(s, i, n, &end);
	}
	return chars;
}

static void
textstats_fill_ngrams(struct textstats_scratch *s, size_t n_words, size_t word_chars,
		      double *out)
{
	if (!word_chars)
		return;
	memcpy(s->gh, s->wh, n_words * sizeof(*s->gh));
	for (size_t n = 2; n <= 10 && n <= n_words; n++) {
		size_t m = n_words - n + 1;
		uint32_t max = textstats_ngram_count(s, n, m);
		if (max < 2)
			break;	/* no repeated n-gram: no longer one repeats either */
		if (n <= 4)
			out[TS_RESP_TOP2GRAM_FRAC + n - 2] =
				textstats_frac(textstats_top_cover(s, n, m, max), word_chars);
		else
			out[TS_RESP_DUP5GRAM_FRAC + n - 5] =
				textstats_frac(textstats_dup_cover(s, n, m), word_chars);
	}
}

/* zlib allocates through us, so its OOM dies like ours instead of being a status. */
static voidpf
textstats_zalloc(voidpf opaque, uInt items, uInt size)
{
	return xmalloc((size_t)items * size);
}

static void
textstats_zfree(voidpf opaque, voidpf p)
{
	free(p);
}

/* Feeds text[0..n) in uInt-sized pieces, as compress2 does; returns the output size. */
static size_t
textstats_deflate(z_stream *zs, unsigned char *out, const char *text, size_t n, size_t out_cap)
{
	const uInt max = (uInt)-1;
	int rc;

	zs->next_in = (Bytef *)text;	/* zlib's API is not const; it only reads */
	zs->avail_in = 0;
	zs->next_out = out;
	zs->avail_out = 0;
	do {
		if (zs->avail_out == 0) {
			zs->avail_out = out_cap > max ? max : (uInt)out_cap;
			out_cap -= zs->avail_out;
		}
		if (zs->avail_in == 0) {
			zs->avail_in = n > max ? max : (uInt)n;
			n -= zs->avail_in;
		}
		rc = deflate(zs, n ? Z_NO_FLUSH : Z_FINISH);
	} while (rc == Z_OK);
	return rc == Z_STREAM_END ? (size_t)zs->total_out : 0;
}

/* The level-6 stream, reset, or NULL. compress2 would allocate ~270 KB and clear a 64 KB
 * hash on every call (~50 us on a short text, mostly page faults); deflateInit's
 * parameters and compress2's feeding loop give the same bytes from a kept stream. */
static z_stream *
textstats_zstream(struct textstats_scratch *s)
{
	if (s->zs_ready) {
		deflateReset(&s->zs);
		return &s->zs;
	}
	s->zs = (z_stream){.zalloc = textstats_zalloc, .zfree = textstats_zfree};
	if (deflateInit(&s->zs, 6) != Z_OK)
		return NULL;	/* a zlib version mismatch: our allocator never fails */
	s->zs_ready = true;
	return &s->zs;
}

/* zlib level-6 size over raw size. The zlib header and checksum (6 bytes) count, which
 * is why short texts come out above 1. */
static double
textstats_compress_ratio(struct textstats_scratch *s, const char *text, size_t n)
{
	size_t bound = compressBound((uLong)n), len;
	z_stream *zs;

	if (!n || !(zs = textstats_zstream(s)))
		return 1.0;	/* empty, or no zlib: reads as "not compressible" */
	if (bound > s->zcap) {
		free(s->z);
		s->z = xmalloc(bound);
		s->zcap = bound;
	}
	len = textstats_deflate(zs, s->z, text, n, bound);
	return len ? (double)len / (double)n : 1.0;
}

static void
textstats_clamp(double *out)
{
	for (size_t i = 0; i < TS__COUNT; i++) {
		if (isnan(out[i]) || out[i] < textstats_defs[i].lo)
			out[i] = textstats_defs[i].lo;
		else if (out[i] > textstats_defs[i].hi)
			out[i] = textstats_defs[i].hi;
	}
}

void
textstats_compute(struct textstats_scratch *s, const char *prompt, size_t prompt_len,
		  const char *response, size_t response_len, int n_turns,
		  double out[TS__COUNT])
{
	struct textstats_scan ps, rs;

	for (size_t i = 0; i < TS__COUNT; i++)
		out[i] = 0.0;
	textstats_scan_text(NULL, prompt, prompt_len, &ps);
	textstats_scan_text(s, response, response_len, &rs);
	textstats_fill_size(out, &ps, &rs, n_turns);
	textstats_fill_lexical(s, &rs, out);
	textstats_fill_lines(s, response, response_len, out);
	textstats_fill_ngrams(s, rs.n_words, rs.n_word_chars, out);
	out[TS_RESP_COMPRESS_RATIO] = textstats_compress_ratio(s, response, response_len);
	textstats_clamp(out);
}
