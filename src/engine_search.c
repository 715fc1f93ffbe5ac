/* engine_search.c: full-text and regex search over samples. FTS snippets come from
 * SQLite; for a regex-only search the engine cuts the snippet around the first match. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "util/buf.h"
#include "util/utf8.h"

#define SNIPPET_CONTEXT 60	/* code points shown on each side of a regex match */

struct search_ctx {
	const struct search_query *q;
	pcre2_code *re;
	pcre2_match_data *md;
	hit_fn fn;
	void *ctx;
	struct buf snippet;
};

static enum status
compile_regex(const char *pat, pcre2_code **out, struct err *err)
{
	int code;
	PCRE2_SIZE off;

	*out = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code,
			     &off, NULL);
	if (!*out) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		return err_set(err, ST_BADQUERY, "regex /%s/: %s at offset %zu", pat, (char *)msg,
			       (size_t)off);
	}
	return ST_OK;
}

/* Append text with newlines and tabs folded to spaces, so a hit is one line. */
static void
put_flat(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(b, (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') ? ' ' : s[i]);
}

/* Snippet around the first match of the regex in text; false if no match. */
static bool
regex_snippet(struct search_ctx *sc, const char *text)
{
	size_t len = strlen(text), start, end, from, to;

	if (pcre2_match(sc->re, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, sc->md, NULL) < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
	start = ov[0];
	end = ov[1];
	/* Walk back SNIPPET_CONTEXT code points from start. */
	from = start;
	for (size_t cp = 0; from > 0 && cp < SNIPPET_CONTEXT; cp++) {
		from--;
		while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
			from--;
	}
	to = end + utf8_prefix(text + end, len - end, SNIPPET_CONTEXT);
	buf_clear(&sc->snippet);
	if (from > 0)
		buf_puts(&sc->snippet, "…");
	put_flat(&sc->snippet, text + from, start - from);
	buf_puts(&sc->snippet, sc->q->mark_open ? sc->q->mark_open : "");
	put_flat(&sc->snippet, text + start, end - start);
	buf_puts(&sc->snippet, sc->q->mark_close ? sc->q->mark_close : "");
	put_flat(&sc->snippet, text + end, to - end);
	if (to < len)
		buf_puts(&sc->snippet, "…");
	return true;
}

static enum status
on_row(void *ctx, const struct search_row *row, struct err *err)
{
	struct search_ctx *sc = ctx;
	struct hit h = {row->id, row->dataset_id, row->line, row->dataset, NULL};

	if (row->snippet) {
		buf_clear(&sc->snippet);
		put_flat(&sc->snippet, row->snippet, strlen(row->snippet));
	} else if (!regex_snippet(sc, row->prompt ? row->prompt : "") &&
		   !regex_snippet(sc, row->response ? row->response : "")) {
		buf_clear(&sc->snippet);
	}
	h.snippet = buf_str(&sc->snippet);
	return sc->fn(sc->ctx, &h, err);
}

static void
to_store_opts(const struct search_query *q, struct search_opts *o)
{
	o->fts = q->fts;
	o->regex = q->regex;
	o->limit = q->limit;
	o->rank = q->rank;
	o->mark_open = q->mark_open;
	o->mark_close = q->mark_close;
}

static enum status
check_query(const struct search_query *q, struct err *err)
{
	if (!q->fts && !q->regex)
		return err_set(err, ST_USAGE, "give a full-text query, a --regex, or both");
	if (q->fts && !*q->fts)
		return err_set(err, ST_BADQUERY, "the full-text query is empty");
	return ST_OK;
}

enum status
engine_search(struct engine *e, const struct search_query *q, hit_fn fn, void *ctx,
	      struct err *err)
{
	struct search_ctx sc = {.q = q, .fn = fn, .ctx = ctx, .snippet = BUF_INIT};
	struct search_opts o;
	enum status rc = check_query(q, err);

	if (rc == ST_OK && q->regex)
		rc = compile_regex(q->regex, &sc.re, err);
	if (rc == ST_OK && sc.re)
		sc.md = pcre2_match_data_create_from_pattern(sc.re, NULL);
	to_store_opts(q, &o);
	if (rc == ST_OK)
		rc = store_search(e->store, &o, on_row, &sc, err);
	pcre2_match_data_free(sc.md);
	pcre2_code_free(sc.re);
	buf_free(&sc.snippet);
	return rc;
}

enum status
engine_search_count(struct engine *e, const struct search_query *q, int64_t *n, struct err *err)
{
	struct search_opts o;
	pcre2_code *re = NULL;
	enum status rc = check_query(q, err);

	*n = 0;
	if (rc == ST_OK && q->regex)
		rc = compile_regex(q->regex, &re, err);
	pcre2_code_free(re);
	to_store_opts(q, &o);
	if (rc == ST_OK)
		rc = store_search_count(e->store, &o, n, err);
	return rc;
}
