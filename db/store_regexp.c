/* store_regexp.c: SQLite's REGEXP operator backed by PCRE2 (UTF-8, Unicode properties).
 * A pattern is compiled (and JIT-compiled) once per statement and kept as SQLite auxdata,
 * so `x REGEXP ?` over a million rows compiles once. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>
#include <stdio.h>

#include "store_internal.h"
#include "util/xalloc.h"

struct compiled {
	pcre2_code *code;
	pcre2_match_data *md;
};

static void
compiled_free(void *p)
{
	struct compiled *c = p;

	if (!c)
		return;
	pcre2_match_data_free(c->md);
	pcre2_code_free(c->code);
	free(c);
}

static struct compiled *
compile(sqlite3_context *ctx, sqlite3_value *pat)
{
	const char *src = (const char *)sqlite3_value_text(pat);
	int errcode;
	PCRE2_SIZE erroff;
	struct compiled *c;

	if (!src)
		return NULL;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, (PCRE2_SIZE)sqlite3_value_bytes(pat),
					 PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		char text[400];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		snprintf(text, sizeof(text), "regex /%s/: %s at offset %zu", src, (char *)msg,
			 (size_t)erroff);
		sqlite3_result_error(ctx, text, -1);
		return NULL;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);	/* falls back to the interpreter */
	c = xcalloc(1, sizeof(*c));
	c->code = code;
	c->md = pcre2_match_data_create_from_pattern(code, NULL);
	return c;
}

static void
regexp_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct compiled *c = sqlite3_get_auxdata(ctx, 0);
	const char *text;
	int rc;

	(void)argc;
	if (!c) {
		c = compile(ctx, argv[0]);
		if (!c)
			return;
		sqlite3_set_auxdata(ctx, 0, c, compiled_free);
		c = sqlite3_get_auxdata(ctx, 0);	/* SQLite may have freed it already */
		if (!c) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	text = (const char *)sqlite3_value_text(argv[1]);
	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	rc = pcre2_match(c->code, (PCRE2_SPTR)text, (PCRE2_SIZE)sqlite3_value_bytes(argv[1]), 0,
			 PCRE2_NO_UTF_CHECK, c->md, NULL);
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
		sqlite3_result_int(ctx, rc >= 0);
		return;
	}
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	sqlite3_result_error(ctx, (const char *)msg, -1);
}

int
store_regexp_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "regexp", 2,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				       regexp_fn, NULL, NULL);
}
