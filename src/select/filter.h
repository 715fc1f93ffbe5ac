/* filter.h: the filter language shared by bulk decisions, recipes and the TUI's filter
 * prompt: a lexer and a recursive-descent parser that turn text into an AST whose names
 * are resolved against a table of known columns. db/store_filter.c compiles the AST to
 * SQL with bound parameters; filter_eval evaluates it over in-memory values.
 * Owns: struct filter (the AST, its strings, the text it came from). No SQL, no I/O.
 *
 * Grammar (keywords and names are case-insensitive; names are stored lower-case):
 *   expr    := and ( ('or' | '||') and )*
 *   and     := unary ( ('and' | '&&') unary )*
 *   unary   := ('not' | '!') unary | primary
 *   primary := '(' expr ')' | 'true' | 'false'
 *            | 'regex' '(' ('prompt' | 'response') ',' STRING ')'
 *            | NAME [ OP value ]
 *   OP      := '<' | '<=' | '>' | '>=' | '==' | '=' | '!=' | '<>'
 *   value   := NUMBER | STRING | 'null' | WORD
 *   STRING  := '...' or "..." (a doubled quote or a backslash escapes the quote; \\ is \)
 * A bare NAME is true when the value is non-zero (for a 0/1 flag: when it is 1).
 * A comparison with a value that is not there (not scored yet) is false, so `not`
 * always gives the complement; `x == null` finds the unscored ones. */
#ifndef WINNOW_FILTER_H
#define WINNOW_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/status.h"

/* What a name refers to. */
enum filter_col {
	FCOL_SCORE,	/* a REAL column of scores: numbers */
	FCOL_TEXT,	/* a TEXT column of scores (note_lang, ...): strings */
	FCOL_VERDICT,	/* the curator's verdict: accept, reject, none */
	FCOL_DATASET,	/* the dataset's file name (string) or id (number) */
	FCOL_ID,	/* the sample id */
	FCOL_LINE,	/* the line in its file */
	FCOL_MISSING,	/* a known name whose column does not exist yet (see why) */
};

/* One name the parser accepts. column is the real column (lang -> note_lang). */
struct filter_name {
	const char *name;
	enum filter_col col;
	const char *column;	/* FCOL_SCORE/FCOL_TEXT: the scores column; else NULL */
	const char *why;	/* FCOL_MISSING: the message to give */
};

enum filter_node_kind { FN_AND, FN_OR, FN_NOT, FN_CMP, FN_TRUTH, FN_REGEX, FN_CONST };

enum filter_op { FOP_LT, FOP_LE, FOP_GT, FOP_GE, FOP_EQ, FOP_NE };

enum filter_val { FVAL_NUM, FVAL_STR, FVAL_NULL };

struct filter_node {
	enum filter_node_kind kind;
	struct filter_node *a, *b;	/* AND/OR: both; NOT: a */
	size_t offset;			/* where it starts in the text */
	/* FN_CMP, FN_TRUTH: the column; FN_REGEX: FCOL_TEXT with column "prompt"/"response" */
	enum filter_col col;
	char *column;			/* the real column (owned) */
	char *name;			/* as the user wrote it, lower-case (owned) */
	/* FN_CMP */
	enum filter_op op;
	enum filter_val vtype;
	double num;
	char *str;			/* FVAL_STR value, FN_REGEX pattern (owned) */
	/* FN_CONST */
	bool truth;
	/* free for an evaluator to note where the leaf's values are (filter_parse sets -1) */
	int slot;
};

struct filter {
	struct filter_node *root;
	char *text;			/* the text it was parsed from (owned) */
};

/* Parse text against the names (searched in order). Errors are ST_BADQUERY:
 *   "filter: offset N: expected ..., found '...'"   (N counts bytes from 0)
 *   "filter: offset N: unknown name 'x'; did you mean 'y'? ('winnow scorers' lists them)"
 *   "filter: offset N: bad regex: <PCRE2 message> at offset M of the pattern"
 * OUT: *out (the caller's, free with filter_free), NULL on error. */
enum status
filter_parse(const char *text, const struct filter_name *names, size_t n_names,
	     struct filter **out, struct err *err);

void
filter_free(struct filter *f);

/* s as a string of the filter language: in single quotes, ' and \ escaped. */
struct buf;
void
filter_quote(struct buf *b, const char *s);

/* The AST written back as canonical text (fully parenthesised; for messages and tests).
 * Returned string is the caller's. */
char *
filter_to_text(const struct filter *f);

/* In-memory evaluation: the caller answers each leaf. Returns the leaf's truth: for
 * comparisons with a missing value it must return false (see above). */
typedef bool (*filter_leaf_fn)(void *ctx, const struct filter_node *leaf);

bool
filter_eval(const struct filter *f, filter_leaf_fn leaf, void *ctx);

/* Compare two numbers as op says (a helper for filter_leaf_fn implementations). */
bool
filter_op_num(enum filter_op op, double a, double b);

const char *
filter_op_text(enum filter_op op);

#endif
