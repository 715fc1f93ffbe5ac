/* rules.c: load a rule file (PCRE2 patterns and built-in checks) and evaluate it on samples.
 * Owns: struct rules (compiled once, then read-only, so threads share it) and struct
 * rules_scratch (each thread's PCRE2 match data, JIT stack and normalisation buffers).
 * Touches nothing else: no globals, no printing. */
#include "score/rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Bump when a built-in check changes behaviour: it is hashed into rules_version(). */
#define RULES_CODE_VERSION "winnow-rules 1\n"
#define RULES_MATCH_LIMIT 1000000	/* a runaway pattern gives up (= no match) */
#define RULES_FLAG_NAME_MAX 48
#define RULES_DESC_MAX 200		/* generated descriptions are cut here */
#define COPIES_PROMPT_MIN_WORDS 6

enum rules_side { SIDE_PROMPT, SIDE_RESPONSE, SIDE_ANY, SIDE_DESC };

enum rules_kind { RK_REGEX, RK_EMPTY, RK_TRUNCATED, RK_COPIES_PROMPT };

static const struct {
	const char *name;
	enum rules_kind kind;
	const char *what;	/* for generated descriptions */
} builtins[] = {
	{"@empty", RK_EMPTY, "is empty"},
	{"@truncated", RK_TRUNCATED, "stops mid-sentence"},
	{"@copies_prompt", RK_COPIES_PROMPT, "has a line starting with the instruction"},
};

static const char *const side_names[] = {"prompt", "response", "any", "desc"};

struct rule {
	size_t flag;
	enum rules_side side;
	enum rules_kind kind;
	pcre2_code *re;		/* RK_REGEX only */
	char *pattern;
	char *id;		/* "flag#k" */
};

struct flag {
	char *name;
	char *metric_name;	/* "flag_<name>" */
	char *desc;		/* NULL until a desc line or the end of loading */
	size_t n_rules;
	struct metric_def def;
};

struct rules {
	struct flag *flags;
	size_t n_flags;
	struct rule *rules;
	size_t n_rules;
	char version[17];
};

struct rules_scratch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct buf instr;	/* normalised instruction, for @copies_prompt */
	struct buf resp;	/* normalised response */
};

/* Where a line's parse is: the rule set being built plus what to name in errors. */
struct loader {
	struct rules *r;
	pcre2_compile_context *cctx;
	const char *source;
	size_t line;
	size_t cap_flags, cap_rules;
};

/* ---- PCRE2 memory and text helpers ------------------------------------------------ */

/* PCRE2 allocates through these, so it dies on OOM like the rest of winnow and nothing
 * it returns is NULL for lack of memory. */
static void *
rules_pcre2_malloc(PCRE2_SIZE n, void *data)
{
	(void)data;
	return xmalloc(n);
}

static void
rules_pcre2_free(void *p, void *data)
{
	(void)data;
	free(p);
}

static pcre2_general_context *
rules_pcre2_context(void)
{
	return pcre2_general_context_create(rules_pcre2_malloc, rules_pcre2_free, NULL);
}

/* Decode one code point at s[*i] (valid UTF-8 assumed; stray bytes read as themselves). */
static unsigned
rules_next_cp(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c = u[(*i)++];
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;

	if (more)
		c &= 0x3F >> more;
	while (more-- > 0 && *i < n && (u[*i] & 0xC0) == 0x80)
		c = (c << 6) | (u[(*i)++] & 0x3F);
	return c;
}

/* The code point ending at s[n); *start gets its first byte. */
static unsigned
rules_prev_cp(const char *s, size_t n, size_t *start)
{
	size_t i = n - 1;

	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	*start = i;
	return rules_next_cp(s, n, &i);
}

static bool
rules_is_space(unsigned c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static bool
rules_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;)
		if (!rules_is_space(rules_next_cp(s, n, &i)))
			return false;
	return true;
}

/* ---- @truncated ------------------------------------------------------------------- */

static bool
rules_is_emoji(unsigned c)
{
	return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
	       (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0x2300 && c <= 0x23FF) || c == 0x20E3 ||
	       c == 0x3030 || c == 0x303D;
}

/* Sentence-final punctuation (several scripts), closing quotes and brackets, backtick. */
static bool
rules_ends_sentence(unsigned c)
{
	static const unsigned enders[] = {
		'.', '!', '?', ';', '"', '\'', ')', ']', '}', '>', '`', 0x2026, 0x203C, 0x2047,
		0x2048, 0x2049, 0x3002, 0xFF01, 0xFF1F, 0xFF61, 0xFF1B, 0x037E, 0x061F, 0x06D4,
		0x0964, 0x0965, 0x1362, 0x0589, 0x201D, 0x2019, 0x00BB, 0x203A, 0x300D, 0x300F,
		0x301E, 0xFF02, 0xFF09, 0xFF3D, 0xFF5D, 0x3011, 0x300B, 0x3009, 0x3015, 0x3017,
		0x3019,
	};

	for (size_t i = 0; i < sizeof(enders) / sizeof(enders[0]); i++)
		if (c == enders[i])
			return true;
	return rules_is_emoji(c);
}

/* Length of s[0..n) without trailing white space, Markdown emphasis (* _ ~), emoji
 * variation selectors and zero-width joiners. */
static size_t
rules_trim_end(const char *s, size_t n)
{
	while (n > 0) {
		size_t start;
		unsigned c = rules_prev_cp(s, n, &start);

		if (!rules_is_space(c) && c != '*' && c != '_' && c != '~' && c != 0xFE0E &&
		    c != 0xFE0F && c != 0x200D)
			break;
		n = start;
	}
	return n;
}

static bool
rules_line_open(const char *s, size_t b, size_t e)
{
	size_t start;

	e = b + rules_trim_end(s + b, e - b);
	return e > b && !rules_ends_sentence(rules_prev_cp(s, e, &start));
}

static size_t
rules_count_words(const char *s, size_t b, size_t e)
{
	size_t n = 0;

	for (size_t i = b; i < e; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
		    (i == b || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' ||
		     s[i - 1] == '\r'))
			n++;
	return n;
}

/* The shape of a response, for telling a cut-off sentence from text that ends without a
 * full stop by nature (labels, lists, tables, code, verse). */
struct rules_shape {
	size_t n_words, n_lines, n_open;	/* n_open: lines before the last not ending a sentence */
	bool has_letter;
	size_t last_b, last_e;			/* the last non-blank line */
};

static void
rules_shape_scan(const char *s, size_t n, struct rules_shape *sh)
{
	memset(sh, 0, sizeof(*sh));
	sh->n_words = rules_count_words(s, 0, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			sh->has_letter = true;
		else if (c >= 0xC3 && c < 0xE2)	/* Latin-1 letters up to U+1FFF: Greek, Cyrillic, ... */
			sh->has_letter = true;
		else if (c >= 0xE3 && c < 0xF0)	/* CJK and the rest of the BMP */
			sh->has_letter = true;
	}
	for (size_t b = 0; b < n;) {
		const char *nl = memchr(s + b, '\n', n - b);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (!rules_is_blank(s + b, e - b)) {
			if (sh->n_lines > 0 && rules_line_open(s, sh->last_b, sh->last_e))
				sh->n_open++;
			sh->n_lines++;
			sh->last_b = b;
			sh->last_e = e;
		}
		b = e + 1;
	}
}

static bool
rules_has_prefix(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && memcmp(s, p, k) == 0;
}

/* A list item, heading or quote: "- x", "* x", "• x", "# x", "> x", "1. x", "b) x". */
static bool
rules_is_list_item(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return false;
	if (strchr("-*+#>", s[0]) || rules_has_prefix(s, n, "\xE2\x80\xA2") ||	/* • */
	    rules_has_prefix(s, n, "\xE2\x80\x93") || rules_has_prefix(s, n, "\xE2\x80\x94"))
		return true;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
		i = 1;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

/* Table rows, code, formulas, "a - b" pairs and "Key: value" lines. */
static bool
rules_is_structured(const char *s, size_t n)
{
	const char *colon;

	for (size_t i = 0; i < n; i++)
		if (strchr("|\t=(){}[]<>+^", s[i]) && s[i] != '\0')
			return true;
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ' ' && (s[i + 1] == '-' || rules_has_prefix(s + i + 1, n - i - 1,
								 "\xE2\x80\x93") ||
				    rules_has_prefix(s + i + 1, n - i - 1, "\xE2\x80\x94")))
			return true;
	colon = memchr(s, ':', n < 40 ? n : 40);
	if (colon && rules_count_words(s, 0, (size_t)(colon - s)) <= 4 &&
	    !rules_is_blank(colon + 1, n - (size_t)(colon - s) - 1))
		return true;
	return false;
}

/* The last word is a #hashtag, a URL or an e-mail address. */
static bool
rules_ends_in_tag(const char *s, size_t n)
{
	size_t b = n;

	while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\t')
		b--;
	if (b == n)
		return false;
	return s[b] == '#' || memchr(s + b, '@', n - b) ||
	       rules_has_prefix(s + b, n - b, "http://") ||
	       rules_has_prefix(s + b, n - b, "https://") || rules_has_prefix(s + b, n - b, "www.");
}

static bool
rules_is_small_word(const char *w, size_t n)
{
	static const char *const small[] = {
		"a", "an", "the", "and", "or", "nor", "but", "for", "of", "in", "on", "to", "with",
		"at", "by", "from", "as", "vs", "via", "into", "onto", "over", "under", "about",
		"after", "before", "up", "out", "off", "per", "than", "that", "amid", "across",
		"van", "von", "de", "da", "der", "du", "la", "le", "di",	/* in names */
	};

	for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		if (strlen(small[i]) == n && memcmp(small[i], w, n) == 0)
			return true;
	return false;
}

/* A headline or name: every word that starts with an ASCII letter is capitalised, apart
 * from function words and name particles, and there are at least two capitalised words. */
static bool
rules_is_title(const char *s, size_t n)
{
	size_t n_caps = 0;

	for (size_t i = 0; i < n;) {
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		if (s[b] >= 'A' && s[b] <= 'Z')
			n_caps++;
		else if (s[b] >= 'a' && s[b] <= 'z' && !rules_is_small_word(s + b, i - b))
			return false;
		while (i < n && s[i] == ' ')
			i++;
	}
	return n_caps >= 2;
}

/* "New York, Venice, Dubai": two or more comma-separated items of at most 3 words. */
static bool
rules_is_comma_list(const char *s, size_t n)
{
	size_t n_items = 0;

	for (size_t b = 0; b <= n;) {
		const char *c = memchr(s + b, ',', n - b);
		size_t e = c ? (size_t)(c - s) : n;
		if (rules_count_words(s, b, e) > 3)
			return false;
		n_items++;
		b = e + 1;
	}
	return n_items >= 2;
}

/* True if the last line has a shape that usually ends without a full stop. */
static bool
rules_last_line_exempt(const char *s, const struct rules_shape *sh)
{
	size_t b = sh->last_b, e = sh->last_b + rules_trim_end(s + sh->last_b,
							       sh->last_e - sh->last_b);

	if (sh->n_lines >= 2 && (s[b] == ' ' || s[b] == '\t'))
		return true;	/* indented: code or a nested item */
	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	if (rules_is_list_item(s + b, e - b) || rules_is_structured(s + b, e - b) ||
	    rules_ends_in_tag(s + b, e - b))
		return true;
	if (sh->n_lines >= 2)
		return rules_count_words(s, b, e) <= 5;	/* signature, chorus, chord line */
	/* one line: a lowercase fragment, a number with a unit, a title, a list of names */
	return (s[b] >= 'a' && s[b] <= 'z') || (s[b] >= '0' && s[b] <= '9') ||
	       rules_is_title(s + b, e - b) ||
	       rules_is_comma_list(s + b, e - b);
}

/* @truncated: non-empty text whose end is not a sentence end, unless its shape says it is
 * a label, list, table, code, verse or title (see the rule file's comment). */
static bool
rules_truncated(const char *s, size_t n)
{
	struct rules_shape sh;
	size_t start;

	n = rules_trim_end(s, n);
	if (n == 0 || rules_ends_sentence(rules_prev_cp(s, n, &start)))
		return false;
	rules_shape_scan(s, n, &sh);
	if (sh.n_words <= 2 || !sh.has_letter)
		return false;	/* a label or a number */
	if (sh.n_lines >= 3 && 2 * sh.n_open >= sh.n_lines - 1)
		return false;	/* verse or a list: most lines end without a stop */
	return !rules_last_line_exempt(s, &sh);
}

/* ---- @copies_prompt --------------------------------------------------------------- */

/* s[0..n) into out: ASCII lowercased; each run of white space (or NUL) becomes one '\n'
 * if it holds a line break, else one ' '; none at the ends. Returns the number of words. */
static size_t
rules_normalise(struct buf *out, const char *s, size_t n)
{
	size_t n_words = 0;
	char gap = 0;

	buf_clear(out);
	buf_reserve(out, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || (c >= '\t' && c <= '\r') || c == '\0') {
			gap = (c == '\n' || gap == '\n') ? '\n' : ' ';
			continue;
		}
		if (gap && out->len > 0)
			buf_putc(out, gap);
		if (gap || out->len == 0)
			n_words++;
		gap = 0;
		buf_putc(out, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
	}
	if (!out->data)
		buf_puts(out, "");
	return n_words;
}

static bool
rules_is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (unsigned char)c >= 0x80;
}

/* t[k] starts a line, or follows only punctuation there (quotes, "# ", '"""', "// "). */
static bool
rules_at_line_start(const char *t, size_t k)
{
	while (k > 0 && t[k - 1] != '\n' && !rules_is_alnum(t[k - 1]))
		k--;
	return k == 0 || t[k - 1] == '\n';
}

/* A line of normalised t starts with the normalised words w, as whole words (a space in one
 * matches a line break in the other). */
static bool
rules_line_starts_with(const char *t, size_t tn, const char *w, size_t wn)
{
	for (size_t k = 0; k + wn <= tn; k++) {
		size_t j = 0;
		while (j < wn && (t[k + j] == w[j] || ((t[k + j] == ' ' || t[k + j] == '\n') &&
						       (w[j] == ' ' || w[j] == '\n'))))
			j++;
		if (j == wn && (k + wn == tn || !rules_is_alnum(t[k + wn]) ||
				!rules_is_alnum(w[wn - 1])) && rules_at_line_start(t, k))
			return true;
	}
	return false;
}

/* The instruction: the prompt up to its first blank line (Alpaca's instruction + blank
 * line + input), as a length. */
static size_t
rules_instruction_len(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
			j++;
		if (j < n && p[j] == '\n')
			return i;
	}
	return n;
}

static bool
rules_copies_prompt(struct rules_scratch *s, const char *p, size_t plen, const char *r,
		    size_t rlen)
{
	size_t n_words = rules_normalise(&s->instr, p, rules_instruction_len(p, plen));

	while (s->instr.len > 0 && strchr(".?!:", s->instr.data[s->instr.len - 1]))
		s->instr.data[--s->instr.len] = '\0';
	if (n_words < COPIES_PROMPT_MIN_WORDS || s->instr.len == 0)
		return false;
	rules_normalise(&s->resp, r, rlen);
	return rules_line_starts_with(s->resp.data, s->resp.len, s->instr.data, s->instr.len);
}

/* ---- loading ---------------------------------------------------------------------- */

static enum status
rules_line_error(const struct loader *ld, struct err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum status
rules_line_error(const struct loader *ld, struct err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(err, ST_BADDATA, fmt, ap);
	va_end(ap);
	if (ld->line)
		err_prefix(err, "%s:%zu", ld->source, ld->line);
	else
		err_prefix(err, "%s", ld->source);
	return ST_BADDATA;
}

/* The next run of non-blank characters at *p (before end); *p moves past it. */
static size_t
rules_next_field(const char **p, const char *end, const char **field)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*field = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*p = s;
	return (size_t)(s - *field);
}

static bool
rules_valid_name(const char *s, size_t n)
{
	if (n == 0 || n > RULES_FLAG_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* The index of flag name[0..n), added at the end if new. */
static size_t
rules_flag_index(struct loader *ld, const char *name, size_t n)
{
	struct rules *r = ld->r;

	for (size_t i = 0; i < r->n_flags; i++)
		if (strlen(r->flags[i].name) == n && memcmp(r->flags[i].name, name, n) == 0)
			return i;
	if (r->n_flags == ld->cap_flags) {
		ld->cap_flags = ld->cap_flags ? 2 * ld->cap_flags : 8;
		r->flags = xrealloc(r->flags, ld->cap_flags * sizeof(*r->flags));
	}
	memset(&r->flags[r->n_flags], 0, sizeof(r->flags[0]));
	r->flags[r->n_flags].name = xstrndup(name, n);
	r->flags[r->n_flags].metric_name = xasprintf("flag_%.*s", (int)n, name);
	return r->n_flags++;
}

static int
rules_side_of(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(side_names) / sizeof(side_names[0]); i++)
		if (strlen(side_names[i]) == n && memcmp(side_names[i], s, n) == 0)
			return (int)i;
	return -1;
}

static enum status
rules_compile(const struct loader *ld, struct rule *ru, struct err *err)
{
	int code;
	PCRE2_SIZE off;

	ru->re = pcre2_compile((PCRE2_SPTR)ru->pattern, PCRE2_ZERO_TERMINATED,
			       PCRE2_UTF | PCRE2_UCP, &code, &off, ld->cctx);
	if (!ru->re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		return rules_line_error(ld, err, "bad pattern /%s/: %s at offset %zu", ru->pattern,
					(char *)msg, (size_t)off);
	}
	/* JIT is only a speed-up: if it is unavailable, pcre2_match interprets. */
	pcre2_jit_compile(ru->re, PCRE2_JIT_COMPLETE);
	return ST_OK;
}

static enum status
rules_builtin(const struct loader *ld, struct rule *ru, struct err *err)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(ru->pattern, builtins[i].name) != 0)
			continue;
		ru->kind = builtins[i].kind;
		if (ru->kind == RK_COPIES_PROMPT && ru->side != SIDE_RESPONSE)
			return rules_line_error(ld, err, "@copies_prompt compares the response "
						"with the prompt: its side must be response");
		return ST_OK;
	}
	return rules_line_error(ld, err, "unknown built-in check '%s' (expected @empty, "
				"@truncated or @copies_prompt; write [@] for a regex)", ru->pattern);
}

static enum status
rules_add_rule(struct loader *ld, size_t flag, enum rules_side side, const char *pat,
	       size_t n, struct err *err)
{
	struct rules *r = ld->r;
	struct flag *f = &r->flags[flag];
	struct rule *ru;

	if (r->n_rules == ld->cap_rules) {
		ld->cap_rules = ld->cap_rules ? 2 * ld->cap_rules : 16;
		r->rules = xrealloc(r->rules, ld->cap_rules * sizeof(*r->rules));
	}
	ru = &r->rules[r->n_rules++];	/* counted now, so rules_free frees it on failure */
	memset(ru, 0, sizeof(*ru));
	ru->flag = flag;
	ru->side = side;
	ru->pattern = xstrndup(pat, n);
	ru->id = xasprintf("%s#%zu", f->name, ++f->n_rules);
	if (pat[0] == '@')
		return rules_builtin(ld, ru, err);
	return rules_compile(ld, ru, err);
}

/* One line: blank, a comment, FLAG desc TEXT, or FLAG SIDE PATTERN. */
static enum status
rules_parse_line(struct loader *ld, const char *p, size_t len, struct err *err)
{
	const char *end = p + len, *name, *side_s;
	size_t n_name, n_side, flag;
	int side;

	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return ST_OK;
	n_name = rules_next_field(&p, end, &name);
	if (!rules_valid_name(name, n_name))
		return rules_line_error(ld, err, "bad flag name '%.*s' (use a-z, 0-9 and _, "
					"starting with a letter, at most %d)", (int)n_name, name,
					RULES_FLAG_NAME_MAX);
	n_side = rules_next_field(&p, end, &side_s);
	side = rules_side_of(side_s, n_side);
	if (n_side > 0 && side < 0)
		return rules_line_error(ld, err, "unknown side '%.*s' (expected prompt, "
					"response, any or desc)", (int)n_side, side_s);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return rules_line_error(ld, err, "flag '%.*s': missing %s", (int)n_name, name,
					n_side == 0 ? "side and pattern" :
					side == SIDE_DESC ? "description" : "pattern");
	flag = rules_flag_index(ld, name, n_name);
	if (side != SIDE_DESC)
		return rules_add_rule(ld, flag, (enum rules_side)side, p, (size_t)(end - p), err);
	if (ld->r->flags[flag].desc)
		return rules_line_error(ld, err, "flag '%.*s' has a second desc line", (int)n_name,
					name);
	ld->r->flags[flag].desc = xstrndup(p, (size_t)(end - p));
	return ST_OK;
}

/* "response matches /x/ or prompt or response is empty", cut at RULES_DESC_MAX bytes. */
static char *
rules_describe(const struct rules *r, size_t flag)
{
	static const char *const side_text[] = {"prompt", "response", "prompt or response"};
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < r->n_rules; i++) {
		const struct rule *ru = &r->rules[i];
		if (ru->flag != flag)
			continue;
		buf_printf(&b, "%s%s ", b.len ? " or " : "", side_text[ru->side]);
		for (size_t k = 0; k < sizeof(builtins) / sizeof(builtins[0]); k++)
			if (ru->kind != RK_REGEX && builtins[k].kind == ru->kind)
				buf_puts(&b, builtins[k].what);
		if (ru->kind == RK_REGEX)
			buf_printf(&b, "matches /%s/", ru->pattern);
	}
	if (b.len > RULES_DESC_MAX) {
		size_t n = RULES_DESC_MAX;
		while (n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
			n--;
		b.len = n;
		buf_puts(&b, "...");
	}
	return buf_take(&b);
}

static enum status
rules_finish(struct loader *ld, struct err *err)
{
	struct rules *r = ld->r;

	ld->line = 0;
	if (r->n_flags == 0)
		return rules_line_error(ld, err, "no rules (every line is blank or a comment)");
	for (size_t i = 0; i < r->n_flags; i++) {
		struct flag *f = &r->flags[i];
		if (f->n_rules == 0)
			return rules_line_error(ld, err, "flag '%s' has a desc line but no rules",
						f->name);
		if (!f->desc)
			f->desc = rules_describe(r, i);
		f->def = (struct metric_def){f->metric_name, f->desc, DIR_FLAG, 0, 1};
	}
	return ST_OK;
}

static void
rules_hash(struct rules *r, const char *text)
{
	struct sha256 h;
	char hex[65];

	sha256_init(&h);
	sha256_update(&h, RULES_CODE_VERSION, strlen(RULES_CODE_VERSION));
	sha256_update(&h, text, strlen(text));
	sha256_final_hex(&h, hex);
	memcpy(r->version, hex, 16);
	r->version[16] = '\0';
}

static enum status
rules_check_utf8(struct loader *ld, const char *text, struct err *err)
{
	size_t bad;

	if (utf8_valid(text, strlen(text), &bad))
		return ST_OK;
	ld->line = 1;
	for (size_t i = 0; i < bad; i++)
		ld->line += text[i] == '\n';
	return rules_line_error(ld, err, "invalid UTF-8 (byte %zu of the file)", bad + 1);
}

enum status
rules_load(const char *text, const char *source_name, struct rules **out, struct err *err)
{
	struct rules *r = xcalloc(1, sizeof(*r));
	pcre2_general_context *gctx = rules_pcre2_context();
	struct loader ld = {r, pcre2_compile_context_create(gctx),
			    source_name ? source_name : "<rules>", 0, 0, 0};
	enum status rc = rules_check_utf8(&ld, text, err);

	*out = NULL;
	for (const char *s = text; rc == ST_OK && *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		ld.line++;
		rc = rules_parse_line(&ld, s, len, err);
		s += len + (nl ? 1 : 0);
	}
	if (rc == ST_OK)
		rc = rules_finish(&ld, err);
	pcre2_compile_context_free(ld.cctx);
	pcre2_general_context_free(gctx);
	if (rc != ST_OK) {
		rules_free(r);
		return rc;
	}
	rules_hash(r, text);
	*out = r;
	return ST_OK;
}

enum status
rules_load_file(const char *path, struct rules **out, struct err *err)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	enum status rc = ST_OK;

	*out = NULL;
	if (!f)
		return err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f))
		rc = err_set(err, ST_IO, "%s: %s", path, strerror(errno));
	else if (memchr(buf_str(&b), '\0', b.len))
		rc = err_set(err, ST_BADDATA, "%s: not a text file (has a NUL byte)", path);
	fclose(f);
	if (rc == ST_OK)
		rc = rules_load(buf_str(&b), path, out, err);
	buf_free(&b);
	return rc;
}

void
rules_free(struct rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rules; i++) {
		pcre2_code_free(r->rules[i].re);
		free(r->rules[i].pattern);
		free(r->rules[i].id);
	}
	for (size_t i = 0; i < r->n_flags; i++) {
		free(r->flags[i].name);
		free(r->flags[i].metric_name);
		free(r->flags[i].desc);
	}
	free(r->rules);
	free(r->flags);
	free(r);
}

size_t
rules_n_flags(const struct rules *r)
{
	return r->n_flags;
}

const struct metric_def *
rules_flag_def(const struct rules *r, size_t i)
{
	assert(i < r->n_flags);
	return &r->flags[i].def;
}

const char *
rules_version(const struct rules *r)
{
	return r->version;
}

/* ---- evaluation ------------------------------------------------------------------- */

struct rules_scratch *
rules_scratch_new(const struct rules *r)
{
	struct rules_scratch *s = xcalloc(1, sizeof(*s));
	pcre2_general_context *gctx = rules_pcre2_context();

	(void)r;	/* nothing is per rule yet; the parameter keeps that open */
	s->md = pcre2_match_data_create(1, gctx);	/* only "did it match" is needed */
	s->mctx = pcre2_match_context_create(gctx);
	s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, gctx);
	pcre2_general_context_free(gctx);
	pcre2_set_match_limit(s->mctx, RULES_MATCH_LIMIT);
	if (s->jit)	/* NULL when PCRE2 has no JIT */
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	s->instr = (struct buf)BUF_INIT;
	s->resp = (struct buf)BUF_INIT;
	return s;
}

void
rules_scratch_free(struct rules_scratch *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	buf_free(&s->instr);
	buf_free(&s->resp);
	free(s);
}

static bool
rules_text_fires(const struct rule *ru, struct rules_scratch *s, const char *t, size_t n,
		 const char *prompt, size_t plen)
{
	switch (ru->kind) {
	case RK_REGEX:
		return pcre2_match(ru->re, (PCRE2_SPTR)(t ? t : ""), n, 0, PCRE2_NO_UTF_CHECK,
				   s->md, s->mctx) >= 0;
	case RK_EMPTY:
		return rules_is_blank(t, n);
	case RK_TRUNCATED:
		return rules_truncated(t, n);
	case RK_COPIES_PROMPT:
		return rules_copies_prompt(s, prompt ? prompt : "", plen, t ? t : "", n);
	}
	return false;
}

static bool
rules_fires(const struct rule *ru, struct rules_scratch *s, const char *prompt, size_t plen,
	    const char *resp, size_t rlen)
{
	if (ru->side != SIDE_RESPONSE && rules_text_fires(ru, s, prompt, plen, prompt, plen))
		return true;
	return ru->side != SIDE_PROMPT && rules_text_fires(ru, s, resp, rlen, prompt, plen);
}

void
rules_eval(const struct rules *r, struct rules_scratch *s, const char *prompt, size_t plen,
	   const char *resp, size_t rlen, double *out, struct buf *fired_ids)
{
	if (fired_ids)
		buf_clear(fired_ids);
	for (size_t i = 0; i < r->n_flags; i++)
		out[i] = 0.0;
	for (size_t i = 0; i < r->n_rules; i++) {
		const struct rule *ru = &r->rules[i];
		if (out[ru->flag] != 0.0 && !fired_ids)
			continue;	/* the flag is up already */
		if (!rules_fires(ru, s, prompt, plen, resp, rlen))
			continue;
		out[ru->flag] = 1.0;
		if (fired_ids) {
			if (fired_ids->len)
				buf_putc(fired_ids, ' ');
			buf_puts(fired_ids, ru->id);
		}
	}
}

/* ---- where a rule fired, for the TUI's highlighting ---------------------------------- */

/* @truncated: the last sentence fragment (after the last line break or sentence end). */
static void
rules_truncated_span(const char *t, size_t n, rules_span_fn fn, void *ctx)
{
	size_t end = rules_trim_end(t, n), start = end;

	while (start > 0 && t[start - 1] != '\n' && t[start - 1] != '.' && t[start - 1] != '!' &&
	       t[start - 1] != '?')
		start--;
	while (start < end && rules_is_space((unsigned char)t[start]))
		start++;
	if (start < end)
		fn(ctx, start, end);
}

bool
rules_spans(const struct rules *r, struct rules_scratch *s, const char *id, bool prompt,
	    const char *text, size_t n, rules_span_fn fn, void *ctx)
{
	const struct rule *ru = NULL;

	for (size_t i = 0; i < r->n_rules && !ru; i++)
		if (strcmp(r->rules[i].id, id) == 0)
			ru = &r->rules[i];
	if (!ru || (prompt ? ru->side == SIDE_RESPONSE : ru->side == SIDE_PROMPT))
		return false;
	if (ru->kind == RK_TRUNCATED && rules_truncated(text, n))
		rules_truncated_span(text, n, fn, ctx);
	if (ru->kind != RK_REGEX)
		return true;
	for (size_t off = 0; off <= n;) {
		if (pcre2_match(ru->re, (PCRE2_SPTR)(text ? text : ""), n, off, PCRE2_NO_UTF_CHECK,
				s->md, s->mctx) < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
		if (ov[1] > ov[0])
			fn(ctx, ov[0], ov[1]);
		off = ov[1] > off ? ov[1] : off + 1;
		while (off < n && ((unsigned char)text[off] & 0xC0) == 0x80)
			off++;	/* never start inside a character */
	}
	return true;
}
