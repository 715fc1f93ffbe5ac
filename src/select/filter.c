/* filter.c: the filter language's lexer and recursive-descent parser (see filter.h).
 * Owns the AST it builds. Regex patterns are compiled once here with PCRE2, only to
 * report a bad pattern at parse time with its offset; matching happens elsewhere. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "filter.h"

#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#define FILTER_MAX_DEPTH 100

enum tok_kind { T_END, T_LPAREN, T_RPAREN, T_COMMA, T_OP, T_AND, T_OR, T_NOT, T_NUM, T_STR,
		T_WORD, T_BAD };

struct tok {
	enum tok_kind kind;
	size_t off, len;	/* in the text */
	enum filter_op op;
	double num;
	char *str;		/* T_STR: unescaped; T_WORD: lower-cased (owned) */
};

struct parser {
	const char *text;
	size_t pos;
	struct tok tok;		/* the current token */
	const struct filter_name *names;
	size_t n_names;
	int depth;
	struct err *err;
	enum status rc;
};

/* ---- lexer ---- */

static enum status
fail(struct parser *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum status
fail(struct parser *p, size_t off, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	if (p->rc != ST_OK)
		return p->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->rc = err_set(p->err, ST_BADQUERY, "filter: offset %zu: %s", off, msg);
	return p->rc;
}

/* 'x' as the user sees the current token ("the end" at the end). */
static const char *
tok_show(const struct parser *p, char buf[48])
{
	if (p->tok.kind == T_END)
		return "the end";
	if (p->tok.kind == T_STR) {	/* already quoted */
		snprintf(buf, 48, "%.*s", (int)(p->tok.len > 40 ? 40 : p->tok.len), p->text + p->tok.off);
		return buf;
	}
	snprintf(buf, 48, "'%.*s'", (int)(p->tok.len > 40 ? 40 : p->tok.len), p->text + p->tok.off);
	return buf;
}

static bool
lex_string(struct parser *p, char q)
{
	struct buf b = BUF_INIT;
	const char *s = p->text;
	size_t i = p->pos + 1;

	for (;; i++) {
		if (!s[i]) {
			buf_free(&b);
			fail(p, p->pos, "unterminated string (no closing %c)", q);
			return false;
		}
		if (s[i] == '\\' && (s[i + 1] == q || s[i + 1] == '\\')) {
			buf_putc(&b, s[++i]);
		} else if (s[i] == q && s[i + 1] == q) {
			buf_putc(&b, q);
			i++;
		} else if (s[i] == q) {
			break;
		} else {
			buf_putc(&b, s[i]);
		}
	}
	p->tok.kind = T_STR;
	p->tok.str = b.data ? buf_take(&b) : xstrdup("");
	p->tok.len = i + 1 - p->pos;
	return true;
}

static bool
lex_number(struct parser *p)
{
	const char *start = p->text + p->pos;
	char *end;
	double v = strtod(start, &end);

	/* strtod also reads "inf", "nan" and hex; a number here is decimal only */
	for (const char *c = start; c < end; c++)
		if (!isdigit((unsigned char)*c) && !strchr(".eE+-", *c))
			end = (char *)c;
	if (end == start || isalnum((unsigned char)*end) || *end == '_' || !isfinite(v)) {
		fail(p, p->pos, "bad number '%.*s'", (int)strcspn(start, " \t\n()!<>=,&|"), start);
		return false;
	}
	p->tok.kind = T_NUM;
	p->tok.num = v;
	p->tok.len = (size_t)(end - start);
	return true;
}

static void
lex_word(struct parser *p)
{
	const char *s = p->text + p->pos;
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	p->tok.len = n;
	p->tok.str = xstrndup(s, n);
	for (char *c = p->tok.str; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strcmp(p->tok.str, "and") == 0)
		p->tok.kind = T_AND;
	else if (strcmp(p->tok.str, "or") == 0)
		p->tok.kind = T_OR;
	else if (strcmp(p->tok.str, "not") == 0)
		p->tok.kind = T_NOT;
	else
		p->tok.kind = T_WORD;
}

/* Two-character operators first, then one-character ones. */
static bool
lex_op(struct parser *p)
{
	static const struct { const char *s; enum tok_kind kind; enum filter_op op; } ops[] = {
		{"<=", T_OP, FOP_LE}, {">=", T_OP, FOP_GE}, {"==", T_OP, FOP_EQ}, {"!=", T_OP, FOP_NE},
		{"<>", T_OP, FOP_NE}, {"&&", T_AND, 0}, {"||", T_OR, 0}, {"<", T_OP, FOP_LT},
		{">", T_OP, FOP_GT}, {"=", T_OP, FOP_EQ}, {"!", T_NOT, 0}, {"(", T_LPAREN, 0},
		{")", T_RPAREN, 0}, {",", T_COMMA, 0},
	};
	const char *s = p->text + p->pos;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);
		if (strncmp(s, ops[i].s, n) == 0) {
			p->tok.kind = ops[i].kind;
			p->tok.op = ops[i].op;
			p->tok.len = n;
			return true;
		}
	}
	return false;
}

/* Advance to the next token; false (p->rc set) on a lexical error. */
static bool
next(struct parser *p)
{
	const char *s = p->text;
	char c;

	free(p->tok.str);
	memset(&p->tok, 0, sizeof(p->tok));
	while (isspace((unsigned char)s[p->pos]))
		p->pos++;
	p->tok.off = p->pos;
	c = s[p->pos];
	if (!c)
		p->tok.kind = T_END;
	else if (c == '\'' || c == '"') {
		if (!lex_string(p, c))
			return false;
	} else if (isdigit((unsigned char)c) || c == '.' ||
		   (c == '-' && (isdigit((unsigned char)s[p->pos + 1]) || s[p->pos + 1] == '.'))) {
		if (!lex_number(p))
			return false;
	} else if (isalpha((unsigned char)c) || c == '_') {
		lex_word(p);
	} else if (!lex_op(p)) {
		fail(p, p->pos, "unexpected character '%c'", c);
		return false;
	}
	p->pos += p->tok.len;
	return true;
}

/* ---- nodes ---- */

static struct filter_node *
node_new(enum filter_node_kind kind, size_t off)
{
	struct filter_node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->offset = off;
	n->slot = -1;
	return n;
}

static void
node_free(struct filter_node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	free(n->column);
	free(n->name);
	free(n->str);
	free(n);
}

static const struct filter_name *
find_name(const struct parser *p, const char *name)
{
	for (size_t i = 0; i < p->n_names; i++)
		if (strcmp(p->names[i].name, name) == 0)
			return &p->names[i];
	return NULL;
}

static enum status
unknown_name(struct parser *p, size_t off, const char *name)
{
	const char **cands = xcalloc(p->n_names + 1, sizeof(*cands));
	const char *best;

	for (size_t i = 0; i < p->n_names; i++)
		cands[i] = p->names[i].name;
	best = suggest_closest(name, cands, p->n_names);
	if (best)
		fail(p, off, "unknown name '%s'; did you mean '%s'? ('winnow scorers' lists the "
			     "scores)", name, best);
	else
		fail(p, off, "unknown name '%s' (no scores yet: run 'winnow score')", name);
	free(cands);
	return p->rc;
}

/* ---- parser ---- */

static struct filter_node *parse_or(struct parser *p);

static bool
expect(struct parser *p, enum tok_kind kind, const char *what)
{
	char buf[48];

	if (p->tok.kind != kind) {
		fail(p, p->tok.off, "expected %s, found %s", what, tok_show(p, buf));
		return false;
	}
	return next(p);
}

static struct filter_node *
parse_regex(struct parser *p, size_t off)
{
	struct filter_node *n = node_new(FN_REGEX, off);
	int code;
	PCRE2_SIZE eoff;
	pcre2_code *re;

	n->col = FCOL_TEXT;
	n->name = xstrdup("regex");
	if (!next(p) || !expect(p, T_LPAREN, "'(' after regex"))
		goto bad;
	if (p->tok.kind != T_WORD || (strcmp(p->tok.str, "prompt") && strcmp(p->tok.str, "response"))) {
		char buf[48];
		fail(p, p->tok.off, "expected prompt or response in regex(), found %s", tok_show(p, buf));
		goto bad;
	}
	n->column = xstrdup(p->tok.str);
	if (!next(p) || !expect(p, T_COMMA, "',' in regex(FIELD, 'PATTERN')"))
		goto bad;
	if (p->tok.kind != T_STR) {
		char buf[48];
		fail(p, p->tok.off, "expected a quoted pattern, found %s", tok_show(p, buf));
		goto bad;
	}
	re = pcre2_compile((PCRE2_SPTR)p->tok.str, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
			   &code, &eoff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		fail(p, p->tok.off, "bad regex: %s at offset %zu of the pattern", (char *)msg,
		     (size_t)eoff);
		goto bad;
	}
	pcre2_code_free(re);
	n->str = p->tok.str;
	p->tok.str = NULL;
	if (!next(p) || !expect(p, T_RPAREN, "')' to close regex("))
		goto bad;
	return n;
bad:
	node_free(n);
	return NULL;
}

/* "accepted" -> "accept" etc.; NULL if not a verdict. */
static const char *
verdict_word(const char *w)
{
	static const char *const map[][2] = {
		{"accept", "accept"}, {"accepted", "accept"}, {"reject", "reject"},
		{"rejected", "reject"}, {"none", "none"}, {"undecided", "none"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(w, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* The value after OP, checked against what the column holds. */
static bool
parse_value(struct parser *p, struct filter_node *n, size_t op_off)
{
	const struct tok *t = &p->tok;
	bool word = t->kind == T_WORD, is_null = word && strcmp(t->str, "null") == 0;
	bool equality = n->op == FOP_EQ || n->op == FOP_NE;
	char buf[48];

	if (is_null) {
		if (!equality || n->col == FCOL_VERDICT || n->col == FCOL_ID || n->col == FCOL_LINE ||
		    n->col == FCOL_DATASET)
			return fail(p, t->off, "'%s' cannot be compared with null", n->name), false;
		n->vtype = FVAL_NULL;
		return next(p);
	}
	switch (n->col) {
	case FCOL_SCORE:
	case FCOL_ID:
	case FCOL_LINE:
		if (t->kind != T_NUM)
			return fail(p, t->off, "expected a number after '%s', found %s",
				    filter_op_text(n->op), tok_show(p, buf)), false;
		break;
	case FCOL_VERDICT:
		if (!equality)
			return fail(p, op_off, "verdict takes == or !=, not '%s'",
				    filter_op_text(n->op)), false;
		if ((t->kind != T_WORD && t->kind != T_STR) || !verdict_word(t->str))
			return fail(p, t->off, "expected accept, reject or none after '%s', found %s",
				    filter_op_text(n->op), tok_show(p, buf)), false;
		n->vtype = FVAL_STR;
		n->str = xstrdup(verdict_word(t->str));
		return next(p);
	case FCOL_DATASET:
	case FCOL_TEXT:
		if (t->kind == T_NUM && n->col == FCOL_DATASET)
			break;
		if (!equality)
			return fail(p, op_off, "'%s' is text: use == or !=, not '%s'", n->name,
				    filter_op_text(n->op)), false;
		if (t->kind != T_STR && t->kind != T_WORD)
			return fail(p, t->off, "expected a quoted string after '%s', found %s",
				    filter_op_text(n->op), tok_show(p, buf)), false;
		n->vtype = FVAL_STR;
		n->str = t->str;
		p->tok.str = NULL;
		return next(p);
	case FCOL_MISSING:
		break;
	}
	n->vtype = FVAL_NUM;
	n->num = t->num;
	return next(p);
}

static struct filter_node *
parse_name(struct parser *p)
{
	const struct filter_name *nm = find_name(p, p->tok.str);
	size_t off = p->tok.off;
	struct filter_node *n;

	if (!nm) {
		unknown_name(p, off, p->tok.str);
		return NULL;
	}
	if (nm->col == FCOL_MISSING) {
		fail(p, off, "%s", nm->why ? nm->why : "that column does not exist yet");
		return NULL;
	}
	n = node_new(FN_TRUTH, off);
	n->col = nm->col;
	n->name = xstrdup(nm->name);
	n->column = nm->column ? xstrdup(nm->column) : NULL;
	if (!next(p))
		goto bad;
	if (p->tok.kind != T_OP) {
		if (n->col == FCOL_SCORE)
			return n;
		fail(p, off, "'%s' needs a comparison, e.g. %s", n->name,
		     n->col == FCOL_VERDICT ? "verdict == accept" :
		     n->col == FCOL_DATASET ? "dataset == 'data.jsonl'" :
		     n->col == FCOL_TEXT ? "note_lang == 'en'" : "id <= 100");
		goto bad;
	}
	n->kind = FN_CMP;
	n->op = p->tok.op;
	size_t op_off = p->tok.off;
	if (!next(p) || !parse_value(p, n, op_off))
		goto bad;
	return n;
bad:
	node_free(n);
	return NULL;
}

static struct filter_node *
parse_primary(struct parser *p)
{
	struct filter_node *n;
	size_t off = p->tok.off;
	char buf[48];

	switch (p->tok.kind) {
	case T_LPAREN:
		if (++p->depth > FILTER_MAX_DEPTH) {
			fail(p, off, "nested too deeply (more than %d levels)", FILTER_MAX_DEPTH);
			return NULL;
		}
		if (!next(p) || !(n = parse_or(p)))
			return NULL;
		p->depth--;
		if (!expect(p, T_RPAREN, "')'")) {
			node_free(n);
			return NULL;
		}
		return n;
	case T_WORD:
		if (strcmp(p->tok.str, "true") == 0 || strcmp(p->tok.str, "false") == 0) {
			n = node_new(FN_CONST, off);
			n->truth = p->tok.str[0] == 't';
			if (!next(p)) {
				node_free(n);
				return NULL;
			}
			return n;
		}
		if (strcmp(p->tok.str, "regex") == 0)
			return parse_regex(p, off);
		return parse_name(p);
	default:
		fail(p, off, "expected a name, 'not' or '(', found %s", tok_show(p, buf));
		return NULL;
	}
}

static struct filter_node *
parse_unary(struct parser *p)
{
	if (p->tok.kind == T_NOT) {
		struct filter_node *n = node_new(FN_NOT, p->tok.off);
		if (++p->depth > FILTER_MAX_DEPTH) {
			fail(p, n->offset, "nested too deeply (more than %d levels)", FILTER_MAX_DEPTH);
			node_free(n);
			return NULL;
		}
		if (!next(p) || !(n->a = parse_unary(p))) {
			node_free(n);
			return NULL;
		}
		p->depth--;
		return n;
	}
	return parse_primary(p);
}

/* Left-associative chains of one binary operator over sub-parsers. */
static struct filter_node *
parse_chain(struct parser *p, enum tok_kind op, enum filter_node_kind kind,
	    struct filter_node *(*sub)(struct parser *))
{
	struct filter_node *left = sub(p);

	while (left && p->tok.kind == op) {
		struct filter_node *n = node_new(kind, p->tok.off);
		n->a = left;
		left = n;
		if (!next(p) || !(n->b = sub(p))) {
			node_free(n);
			return NULL;
		}
	}
	return left;
}

static struct filter_node *
parse_and(struct parser *p)
{
	return parse_chain(p, T_AND, FN_AND, parse_unary);
}

static struct filter_node *
parse_or(struct parser *p)
{
	return parse_chain(p, T_OR, FN_OR, parse_and);
}

enum status
filter_parse(const char *text, const struct filter_name *names, size_t n_names,
	     struct filter **out, struct err *err)
{
	struct parser p = {.text = text, .names = names, .n_names = n_names, .err = err};
	struct filter_node *root = NULL;
	char buf[48];

	*out = NULL;
	if (next(&p)) {
		if (p.tok.kind == T_END)
			fail(&p, 0, "the filter is empty");
		else
			root = parse_or(&p);
	}
	if (root && p.rc == ST_OK && p.tok.kind != T_END)
		fail(&p, p.tok.off, "expected 'and', 'or' or the end, found %s", tok_show(&p, buf));
	free(p.tok.str);
	if (p.rc != ST_OK || !root) {
		node_free(root);
		return p.rc != ST_OK ? p.rc : err_set(err, ST_BADQUERY, "filter: cannot parse");
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->root = root;
	(*out)->text = xstrdup(text);
	return ST_OK;
}

void
filter_free(struct filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	free(f->text);
	free(f);
}

/* ---- walking ---- */

const char *
filter_op_text(enum filter_op op)
{
	static const char *const t[] = {"<", "<=", ">", ">=", "==", "!="};
	return t[op];
}

bool
filter_op_num(enum filter_op op, double a, double b)
{
	switch (op) {
	case FOP_LT: return a < b;
	case FOP_LE: return a <= b;
	case FOP_GT: return a > b;
	case FOP_GE: return a >= b;
	case FOP_EQ: return a == b;
	case FOP_NE: return a != b;
	}
	return false;
}

void
filter_quote(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}

static void
node_text(const struct filter_node *n, struct buf *b)
{
	switch (n->kind) {
	case FN_AND:
	case FN_OR:
		buf_putc(b, '(');
		node_text(n->a, b);
		buf_puts(b, n->kind == FN_AND ? " and " : " or ");
		node_text(n->b, b);
		buf_putc(b, ')');
		break;
	case FN_NOT:
		buf_puts(b, "not ");
		node_text(n->a, b);
		break;
	case FN_CONST:
		buf_puts(b, n->truth ? "true" : "false");
		break;
	case FN_TRUTH:
		buf_puts(b, n->name);
		break;
	case FN_REGEX:
		buf_printf(b, "regex(%s, ", n->column);
		filter_quote(b, n->str);
		buf_putc(b, ')');
		break;
	case FN_CMP:
		buf_printf(b, "%s %s ", n->name, filter_op_text(n->op));
		if (n->vtype == FVAL_NULL)
			buf_puts(b, "null");
		else if (n->vtype == FVAL_NUM)
			buf_printf(b, "%.17g", n->num);
		else if (n->col == FCOL_VERDICT)
			buf_puts(b, n->str);
		else
			filter_quote(b, n->str);
		break;
	}
}

char *
filter_to_text(const struct filter *f)
{
	struct buf b = BUF_INIT;

	node_text(f->root, &b);
	return buf_take(&b);
}

static bool
eval(const struct filter_node *n, filter_leaf_fn leaf, void *ctx)
{
	switch (n->kind) {
	case FN_AND: return eval(n->a, leaf, ctx) && eval(n->b, leaf, ctx);
	case FN_OR: return eval(n->a, leaf, ctx) || eval(n->b, leaf, ctx);
	case FN_NOT: return !eval(n->a, leaf, ctx);
	case FN_CONST: return n->truth;
	default: return leaf(ctx, n);
	}
}

bool
filter_eval(const struct filter *f, filter_leaf_fn leaf, void *ctx)
{
	return eval(f->root, leaf, ctx);
}
