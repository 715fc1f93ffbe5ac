/* recipe.c: parsing, checking and writing selection recipes (see recipe.h). The cJSON
 * tree lives only inside recipe_parse; the canonical JSON is written by hand so that its
 * layout never depends on the library's version. */
#include "recipe.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select/filter.h"
#include "util/buf.h"
#include "util/json_text.h"
#include "util/suggest.h"
#include "util/xalloc.h"

struct rp {
	const char *source;
	const struct recipe_score *scores;
	size_t n_scores;
	struct recipe *r;
	struct err *err;
	enum status rc;
};

static enum status
bad(struct rp *p, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum status
bad(struct rp *p, const char *path, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	if (p->rc != ST_OK)
		return p->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->rc = err_set(p->err, ST_BADDATA, "%s: %s%s%s", p->source, path ? path : "",
			path ? ": " : "", msg);
	return p->rc;
}

/* Every key of obj is one of allowed[] and appears once. */
static bool
check_keys(struct rp *p, const cJSON *obj, const char *path, const char *const *allowed,
	   size_t n)
{
	for (const cJSON *c = obj->child; c; c = c->next) {
		size_t i = 0;
		while (i < n && strcmp(c->string, allowed[i]) != 0)
			i++;
		if (i == n) {
			bad(p, path, "unknown key '%s'; did you mean '%s'?", c->string,
			    suggest_closest(c->string, allowed, n));
			return false;
		}
		for (const cJSON *d = c->next; d; d = d->next)
			if (strcmp(c->string, d->string) == 0) {
				bad(p, path, "the key '%s' appears twice", c->string);
				return false;
			}
	}
	return true;
}

/* The score named name, or NULL after an error suggesting the closest. */
static const struct recipe_score *
find_score(struct rp *p, const char *name, const char *path)
{
	static const struct recipe_score trusted = {"", 1};
	const char **names;
	const char *best;

	if (!p->scores)	/* a recipe stored when it ran: its names were checked then */
		return &trusted;
	for (size_t i = 0; i < p->n_scores; i++)
		if (strcmp(p->scores[i].name, name) == 0)
			return &p->scores[i];
	names = xcalloc(p->n_scores + 1, sizeof(*names));
	for (size_t i = 0; i < p->n_scores; i++)
		names[i] = p->scores[i].name;
	best = suggest_closest(name, names, p->n_scores);
	if (best)
		bad(p, path, "unknown score '%s'; did you mean '%s'? ('winnow scorers' lists them)",
		    name, best);
	else
		bad(p, path, "unknown score '%s' (the project has no scores yet: run 'winnow score')",
		    name);
	free(names);
	return NULL;
}

static bool
has_score(const struct rp *p, const char *name)
{
	if (!p->scores)
		return true;
	for (size_t i = 0; i < p->n_scores; i++)
		if (strcmp(p->scores[i].name, name) == 0)
			return true;
	return false;
}

static bool
is_null(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

/* A string value, or NULL (an error unless the value is absent or null). */
static char *
get_string(struct rp *p, const cJSON *v, const char *path)
{
	if (is_null(v))
		return NULL;
	if (!cJSON_IsString(v) || !*v->valuestring) {
		bad(p, path, "expected a non-empty string");
		return NULL;
	}
	return xstrdup(v->valuestring);
}

static bool
get_number(struct rp *p, const cJSON *v, const char *path, double lo, double hi, double *out)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
	    v->valuedouble > hi) {
		bad(p, path, "expected a number from %g to %g", lo, hi);
		return false;
	}
	*out = v->valuedouble;
	return true;
}

static bool
get_count(struct rp *p, const cJSON *v, const char *path, int64_t lo, int64_t *out)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < (double)lo ||
	    v->valuedouble > 9007199254740992.0 || v->valuedouble != floor(v->valuedouble)) {
		bad(p, path, "expected a whole number from %lld", (long long)lo);
		return false;
	}
	*out = (int64_t)v->valuedouble;
	return true;
}

/* The shortest text that reads back as the same double. */
static void
num_text(char out[40], double v)
{
	if (v == floor(v) && fabs(v) < 1e15) {	/* whole numbers without an exponent */
		snprintf(out, 40, "%.0f", v);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(out, 40, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

void
recipe_number(char out[40], double v)
{
	num_text(out, v);
}

/* ---- filter, ranges, flags, regex ---- */

static void
parse_filter(struct rp *p, const cJSON *v)
{
	struct recipe *r = p->r;
	char path[32];

	if (is_null(v))
		return;
	if (cJSON_IsString(v)) {
		r->filters = xcalloc(1, sizeof(*r->filters));
		if ((r->filters[0] = get_string(p, v, "filter")))
			r->n_filters = 1;
		return;
	}
	if (!cJSON_IsArray(v)) {
		bad(p, "filter", "expected a filter or a list of filters");
		return;
	}
	r->filters = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->filters));
	for (const cJSON *c = v->child; c && p->rc == ST_OK; c = c->next) {
		snprintf(path, sizeof(path), "filter[%zu]", r->n_filters);
		if (!cJSON_IsString(c))
			bad(p, path, "expected a filter (a string)");
		else if ((r->filters[r->n_filters] = get_string(p, c, path)))
			r->n_filters++;
	}
}

static void
parse_range(struct rp *p, const cJSON *c, struct recipe_range *g)
{
	static const char *const keys[] = {"min", "max"};
	char path[128];
	const cJSON *lo = cJSON_GetObjectItemCaseSensitive(c, "min");
	const cJSON *hi = cJSON_GetObjectItemCaseSensitive(c, "max");

	snprintf(path, sizeof(path), "ranges.%s", c->string);
	if (!find_score(p, c->string, path))
		return;
	if (!cJSON_IsObject(c) || !check_keys(p, c, path, keys, 2))
		return (void)bad(p, path, "expected {\"min\": x, \"max\": y}");
	g->score = xstrdup(c->string);
	if ((g->has_min = !is_null(lo)))
		get_number(p, lo, path, -INFINITY, INFINITY, &g->min);
	if ((g->has_max = !is_null(hi)))
		get_number(p, hi, path, -INFINITY, INFINITY, &g->max);
	if (p->rc == ST_OK && !g->has_min && !g->has_max)
		bad(p, path, "give min, max or both");
	if (p->rc == ST_OK && g->has_min && g->has_max && g->min > g->max)
		bad(p, path, "min (%g) is above max (%g)", g->min, g->max);
}

static void
parse_ranges(struct rp *p, const cJSON *v)
{
	struct recipe *r = p->r;

	if (is_null(v))
		return;
	if (!cJSON_IsObject(v))
		return (void)bad(p, "ranges", "expected {\"score\": {\"min\": x, \"max\": y}, ...}");
	r->ranges = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->ranges));
	for (const cJSON *c = v->child; c && p->rc == ST_OK; c = c->next) {
		for (const cJSON *d = c->next; d; d = d->next)
			if (strcmp(c->string, d->string) == 0)
				return (void)bad(p, "ranges", "'%s' appears twice", c->string);
		parse_range(p, c, &r->ranges[r->n_ranges]);
		if (r->ranges[r->n_ranges].score)
			r->n_ranges++;
	}
}

static void
parse_flags(struct rp *p, const cJSON *v)
{
	struct recipe *r = p->r;
	char path[128];

	if (is_null(v))
		return;
	if (!cJSON_IsObject(v))
		return (void)bad(p, "flags", "expected {\"flag\": true|false, ...}");
	r->flags = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*r->flags));
	for (const cJSON *c = v->child; c && p->rc == ST_OK; c = c->next) {
		snprintf(path, sizeof(path), "flags.%s", c->string);
		for (const cJSON *d = c->next; d; d = d->next)
			if (strcmp(c->string, d->string) == 0)
				return (void)bad(p, "flags", "'%s' appears twice", c->string);
		if (!find_score(p, c->string, path))
			return;
		if (!cJSON_IsBool(c))
			return (void)bad(p, path, "expected true (must be set) or false (must not be)");
		r->flags[r->n_flags++] = (struct recipe_flag){xstrdup(c->string), cJSON_IsTrue(c)};
	}
}

static void
parse_regex(struct rp *p, const cJSON *v)
{
	static const char *const keys[] = {"pattern", "field"};
	struct recipe *r = p->r;
	const cJSON *field;

	if (is_null(v))
		return;
	if (cJSON_IsString(v)) {
		r->regex = get_string(p, v, "regex");
		r->regex_field = xstrdup("any");
		return;
	}
	if (!cJSON_IsObject(v) || !check_keys(p, v, "regex", keys, 2))
		return (void)bad(p, "regex", "expected a pattern or {\"pattern\": ..., \"field\": ...}");
	r->regex = get_string(p, cJSON_GetObjectItemCaseSensitive(v, "pattern"), "regex.pattern");
	if (p->rc == ST_OK && !r->regex)
		return (void)bad(p, "regex", "missing pattern");
	field = cJSON_GetObjectItemCaseSensitive(v, "field");
	r->regex_field = is_null(field) ? xstrdup("any") : get_string(p, field, "regex.field");
	if (p->rc == ST_OK && strcmp(r->regex_field, "prompt") && strcmp(r->regex_field, "response") &&
	    strcmp(r->regex_field, "any"))
		bad(p, "regex.field", "expected prompt, response or any, not '%s'", r->regex_field);
}

/* ---- rank ---- */

static void
parse_term(struct rp *p, const cJSON *c, const char *path, struct recipe_term *t)
{
	static const char *const keys[] = {"score", "weight", "direction"};
	const cJSON *s = c, *w = NULL, *d = NULL;
	const struct recipe_score *sc;
	char sub[96];

	if (cJSON_IsObject(c)) {
		if (!check_keys(p, c, path, keys, 3))
			return;
		s = cJSON_GetObjectItemCaseSensitive(c, "score");
		w = cJSON_GetObjectItemCaseSensitive(c, "weight");
		d = cJSON_GetObjectItemCaseSensitive(c, "direction");
	}
	snprintf(sub, sizeof(sub), "%s%s", path, cJSON_IsObject(c) ? ".score" : "");
	if (!cJSON_IsString(s))
		return (void)bad(p, sub, "expected a score name");
	if (!(sc = find_score(p, s->valuestring, sub)))
		return;
	t->score = xstrdup(s->valuestring);
	t->weight = 1;
	t->dir = sc->dir;
	snprintf(sub, sizeof(sub), "%s.weight", path);
	if (!is_null(w) && get_number(p, w, sub, 0, 1e9, &t->weight) && t->weight <= 0)
		bad(p, sub, "expected a weight above 0");
	snprintf(sub, sizeof(sub), "%s.direction", path);
	if (cJSON_IsString(d) && strcmp(d->valuestring, "higher") == 0)
		t->dir = +1;
	else if (cJSON_IsString(d) && strcmp(d->valuestring, "lower") == 0)
		t->dir = -1;
	else if (!is_null(d))
		bad(p, sub, "expected higher or lower");
	if (p->rc == ST_OK && t->dir == 0)
		bad(p, path, "say which way '%s' is better: {\"score\": \"%s\", \"direction\": "
			     "\"higher\"} (or \"lower\")", t->score, t->score);
}

static void
parse_rank(struct rp *p, const cJSON *v)
{
	struct recipe *r = p->r;
	char path[32];
	size_t n;

	if (is_null(v))
		return;
	if (cJSON_IsString(v) && (strcmp(v->valuestring, "random") == 0 ||
				  strcmp(v->valuestring, "dsir") == 0)) {
		r->rank = v->valuestring[0] == 'r' ? RANK_RANDOM : RANK_DSIR;
		if (r->rank == RANK_DSIR && !has_score(p, "dsir_logw"))
			bad(p, "rank", "'dsir' needs the score dsir_logw: run 'winnow score' with a "
				       "target set first (or import it: winnow scores import)");
		return;
	}
	r->rank = RANK_SCORES;
	n = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 1;
	if (n == 0)
		return (void)bad(p, "rank", "the list is empty");
	if (n > RECIPE_MAX_TERMS)
		return (void)bad(p, "rank", "%zu scores; at most %d", n, RECIPE_MAX_TERMS);
	r->terms = xcalloc(n, sizeof(*r->terms));
	if (!cJSON_IsArray(v)) {
		parse_term(p, v, "rank", &r->terms[0]);
		r->n_terms = r->terms[0].score ? 1 : 0;
		return;
	}
	for (const cJSON *c = v->child; c && p->rc == ST_OK; c = c->next) {
		snprintf(path, sizeof(path), "rank[%zu]", r->n_terms);
		parse_term(p, c, path, &r->terms[r->n_terms]);
		if (r->terms[r->n_terms].score)
			r->n_terms++;
	}
}

static void
parse_norm(struct rp *p, const cJSON *v)
{
	if (is_null(v))
		p->r->norm = NORM_RANK;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "rank") == 0)
		p->r->norm = NORM_RANK;
	else if (cJSON_IsString(v) && strcmp(v->valuestring, "minmax") == 0)
		p->r->norm = NORM_MINMAX;
	else
		bad(p, "normalize", "expected rank (percentiles) or minmax");
}

/* ---- diversity, budget, seed ---- */

static void
parse_diversity(struct rp *p, const cJSON *v)
{
	static const char *const keys[] = {"method", "threshold", "per_cluster"};
	static const char *const methods[] = {"deita", "kcenter", "cluster"};
	struct recipe *r = p->r;
	const cJSON *m, *t, *q;

	if (is_null(v))
		return;
	if (!cJSON_IsObject(v) || !check_keys(p, v, "diversity", keys, 3))
		return (void)bad(p, "diversity", "expected {\"method\": \"deita\"|\"kcenter\"|\"cluster\", ...}");
	m = cJSON_GetObjectItemCaseSensitive(v, "method");
	t = cJSON_GetObjectItemCaseSensitive(v, "threshold");
	q = cJSON_GetObjectItemCaseSensitive(v, "per_cluster");
	if (!cJSON_IsString(m))
		return (void)bad(p, "diversity.method", "expected deita, kcenter or cluster");
	for (size_t i = 0; i < 3; i++)
		if (strcmp(m->valuestring, methods[i]) == 0)
			r->div = (enum recipe_div)(i + 1);
	if (r->div == DIV_NONE)
		return (void)bad(p, "diversity.method", "unknown method '%s'; did you mean '%s'?",
				 m->valuestring, suggest_closest(m->valuestring, methods, 3));
	if (!is_null(t) && r->div != DIV_DEITA)
		return (void)bad(p, "diversity.threshold", "only deita takes a threshold");
	if (!is_null(q) && r->div != DIV_CLUSTER)
		return (void)bad(p, "diversity.per_cluster", "only cluster takes per_cluster");
	r->threshold = 0.1;
	if (!is_null(t))
		get_number(p, t, "diversity.threshold", 0, 1, &r->threshold);
	if (!is_null(q))
		get_count(p, q, "diversity.per_cluster", 1, &r->per_cluster);
	if (r->div == DIV_CLUSTER && !has_score(p, "cluster"))
		bad(p, "diversity", "'cluster' needs the score cluster: run 'winnow score' with "
				    "vectors first (or import it: winnow scores import --name cluster)");
}

static void
parse_budget(struct rp *p, const cJSON *v)
{
	static const char *const keys[] = {"k", "fraction"};
	const cJSON *k, *f;

	if (is_null(v))
		return;
	if (!cJSON_IsObject(v) || !check_keys(p, v, "budget", keys, 2))
		return (void)bad(p, "budget", "expected {\"k\": n} or {\"fraction\": f}");
	k = cJSON_GetObjectItemCaseSensitive(v, "k");
	f = cJSON_GetObjectItemCaseSensitive(v, "fraction");
	if (is_null(k) == is_null(f))
		return (void)bad(p, "budget", "give k (a number of samples) or fraction, not both");
	if (!is_null(k))
		get_count(p, k, "budget.k", 1, &p->r->k);
	else if (get_number(p, f, "budget.fraction", 0, 1, &p->r->fraction) && p->r->fraction <= 0)
		bad(p, "budget.fraction", "expected a number above 0, at most 1");
}

static void
check_whole(struct rp *p)
{
	struct recipe *r = p->r;

	if (r->div == DIV_KCENTER && r->k == 0 && r->fraction == 0)
		bad(p, "diversity", "kcenter needs a budget: {\"k\": n} or {\"fraction\": f}");
	if (r->rank == RANK_RANDOM && r->div != DIV_NONE)
		bad(p, "diversity", "a random subset takes no diversity step");
	if (r->rank == RANK_DSIR && r->div != DIV_NONE)
		bad(p, "diversity", "DSIR resampling takes no diversity step");
	if ((r->rank == RANK_RANDOM || r->rank == RANK_DSIR) && r->k == 0 && r->fraction == 0)
		bad(p, "budget", "rank '%s' needs a budget: {\"k\": n} or {\"fraction\": f}",
		    r->rank == RANK_RANDOM ? "random" : "dsir");
}

/* ---- steps ---- */

static void
add_step(struct recipe *r, char *text, const char *from)
{
	r->steps = xrealloc(r->steps, (r->n_steps + 1) * sizeof(*r->steps));
	r->steps[r->n_steps++] = (struct recipe_step){text, xstrdup(from)};
}

static void
build_steps(struct recipe *r)
{
	struct buf b = BUF_INIT;
	char from[128];

	for (size_t i = 0; i < r->n_filters; i++) {
		snprintf(from, sizeof(from), "filter[%zu]", i);
		add_step(r, xstrdup(r->filters[i]), from);
	}
	for (size_t i = 0; i < r->n_ranges; i++) {
		const struct recipe_range *g = &r->ranges[i];
		char lo[40], hi[40];
		num_text(lo, g->min);
		num_text(hi, g->max);
		if (g->has_min)
			buf_printf(&b, "%s >= %s", g->score, lo);
		if (g->has_min && g->has_max)
			buf_puts(&b, " and ");
		if (g->has_max)
			buf_printf(&b, "%s <= %s", g->score, hi);
		snprintf(from, sizeof(from), "ranges.%s", g->score);
		add_step(r, buf_take(&b), from);
	}
	for (size_t i = 0; i < r->n_flags; i++) {
		buf_printf(&b, "%s%s", r->flags[i].value ? "" : "not ", r->flags[i].score);
		snprintf(from, sizeof(from), "flags.%s", r->flags[i].score);
		add_step(r, buf_take(&b), from);
	}
	if (r->regex) {
		bool any = strcmp(r->regex_field, "any") == 0;
		buf_printf(&b, "%sregex(%s, ", any ? "(" : "", any ? "prompt" : r->regex_field);
		filter_quote(&b, r->regex);
		if (any) {
			buf_puts(&b, ") or regex(response, ");
			filter_quote(&b, r->regex);
			buf_putc(&b, ')');
		}
		buf_putc(&b, ')');
		add_step(r, buf_take(&b), "regex");
	}
}

/* ---- the document ---- */

/* 1-based line of the byte at off. */
static int
line_of(const char *s, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && s[i]; i++)
		line += s[i] == '\n';
	return line;
}

static void
parse_root(struct rp *p, const cJSON *root)
{
	static const char *const keys[] = {"description", "filter", "ranges", "flags", "search",
					   "regex", "rank", "normalize", "diversity", "budget",
					   "target", "seed"};
	struct recipe *r = p->r;
	int64_t seed = 0;
	const cJSON *v;

#define KEY(k) cJSON_GetObjectItemCaseSensitive(root, k)
	if (!check_keys(p, root, NULL, keys, sizeof(keys) / sizeof(keys[0])))
		return;
	r->description = get_string(p, KEY("description"), "description");
	parse_filter(p, KEY("filter"));
	parse_ranges(p, KEY("ranges"));
	parse_flags(p, KEY("flags"));
	r->search = get_string(p, KEY("search"), "search");
	parse_regex(p, KEY("regex"));
	parse_rank(p, KEY("rank"));
	parse_norm(p, KEY("normalize"));
	parse_diversity(p, KEY("diversity"));
	parse_budget(p, KEY("budget"));
	r->target = get_string(p, KEY("target"), "target");
	if (!is_null(v = KEY("seed")) && get_count(p, v, "seed", 0, &seed))
		r->seed = (uint64_t)seed;
#undef KEY
	if (p->rc == ST_OK)
		check_whole(p);
}

enum status
recipe_parse(const char *json, const char *source, const struct recipe_score *scores,
	     size_t n_scores, struct recipe **out, struct err *err)
{
	struct rp p = {source, scores, n_scores, xcalloc(1, sizeof(struct recipe)), err, ST_OK};
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithOpts(json, &end, true);

	*out = NULL;
	if (!root)
		bad(&p, NULL, "line %d: malformed JSON", line_of(json, end ? (size_t)(end - json) : 0));
	else if (!cJSON_IsObject(root))
		bad(&p, NULL, "a recipe is a JSON object ({...})");
	else
		parse_root(&p, root);
	cJSON_Delete(root);
	if (p.rc != ST_OK) {
		recipe_free(p.r);
		return p.rc;
	}
	build_steps(p.r);
	*out = p.r;
	return ST_OK;
}

void
recipe_free(struct recipe *r)
{
	if (!r)
		return;
	free(r->description);
	for (size_t i = 0; i < r->n_filters; i++)
		free(r->filters[i]);
	free(r->filters);
	for (size_t i = 0; i < r->n_ranges; i++)
		free(r->ranges[i].score);
	free(r->ranges);
	for (size_t i = 0; i < r->n_flags; i++)
		free(r->flags[i].score);
	free(r->flags);
	free(r->regex);
	free(r->regex_field);
	for (size_t i = 0; i < r->n_steps; i++) {
		free(r->steps[i].text);
		free(r->steps[i].from);
	}
	free(r->steps);
	free(r->search);
	for (size_t i = 0; i < r->n_terms; i++)
		free(r->terms[i].score);
	free(r->terms);
	free(r->target);
	free(r);
}

/* ---- writing ---- */

static void
put_num(struct buf *b, double v)
{
	char tmp[40];

	num_text(tmp, v);
	buf_puts(b, tmp);
}

static void
put_filters_ranges_flags(struct buf *b, const struct recipe *r)
{
	buf_puts(b, ",\n  \"filter\": ");
	if (r->n_filters == 0)
		buf_puts(b, "null");
	for (size_t i = 0; i < r->n_filters; i++) {
		buf_puts(b, i ? ", " : "[");
		json_quote_or_null(b, r->filters[i]);
	}
	buf_puts(b, r->n_filters ? "]" : "");
	buf_puts(b, ",\n  \"ranges\": ");
	buf_puts(b, r->n_ranges ? "{" : "null");
	for (size_t i = 0; i < r->n_ranges; i++) {
		const struct recipe_range *g = &r->ranges[i];
		buf_puts(b, i ? ",\n    " : "\n    ");
		json_quote_or_null(b, g->score);
		buf_puts(b, ": {");
		if (g->has_min) {
			buf_puts(b, "\"min\": ");
			put_num(b, g->min);
		}
		buf_puts(b, g->has_min && g->has_max ? ", " : "");
		if (g->has_max) {
			buf_puts(b, "\"max\": ");
			put_num(b, g->max);
		}
		buf_putc(b, '}');
	}
	buf_puts(b, r->n_ranges ? "\n  }" : "");
	buf_puts(b, ",\n  \"flags\": ");
	buf_puts(b, r->n_flags ? "{" : "null");
	for (size_t i = 0; i < r->n_flags; i++) {
		buf_puts(b, i ? ", " : "");
		json_quote_or_null(b, r->flags[i].score);
		buf_puts(b, r->flags[i].value ? ": true" : ": false");
	}
	buf_puts(b, r->n_flags ? "}" : "");
}

static void
put_rank(struct buf *b, const struct recipe *r)
{
	buf_puts(b, ",\n  \"rank\": ");
	if (r->rank == RANK_NONE)
		buf_puts(b, "null");
	else if (r->rank == RANK_RANDOM)
		buf_puts(b, "\"random\"");
	else if (r->rank == RANK_DSIR)
		buf_puts(b, "\"dsir\"");
	for (size_t i = 0; r->rank == RANK_SCORES && i < r->n_terms; i++) {
		buf_puts(b, i ? ",\n    {\"score\": " : "[\n    {\"score\": ");
		json_quote_or_null(b, r->terms[i].score);
		buf_puts(b, ", \"weight\": ");
		put_num(b, r->terms[i].weight);
		buf_puts(b, r->terms[i].dir > 0 ? ", \"direction\": \"higher\"}" :
						  ", \"direction\": \"lower\"}");
	}
	buf_puts(b, r->rank == RANK_SCORES ? "\n  ]" : "");
	buf_puts(b, r->norm == NORM_MINMAX ? ",\n  \"normalize\": \"minmax\"" :
					     ",\n  \"normalize\": \"rank\"");
}

static void
put_diversity_budget(struct buf *b, const struct recipe *r)
{
	buf_puts(b, ",\n  \"diversity\": ");
	if (r->div == DIV_NONE)
		buf_puts(b, "null");
	else if (r->div == DIV_DEITA) {
		buf_puts(b, "{\"method\": \"deita\", \"threshold\": ");
		put_num(b, r->threshold);
		buf_putc(b, '}');
	} else if (r->div == DIV_KCENTER)
		buf_puts(b, "{\"method\": \"kcenter\"}");
	else if (r->per_cluster)
		buf_printf(b, "{\"method\": \"cluster\", \"per_cluster\": %lld}",
			   (long long)r->per_cluster);
	else
		buf_puts(b, "{\"method\": \"cluster\"}");
	buf_puts(b, ",\n  \"budget\": ");
	if (r->k)
		buf_printf(b, "{\"k\": %lld}", (long long)r->k);
	else if (r->fraction > 0) {
		buf_puts(b, "{\"fraction\": ");
		put_num(b, r->fraction);
		buf_putc(b, '}');
	} else
		buf_puts(b, "null");
}

char *
recipe_to_json(const struct recipe *r)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "{\n  \"description\": ");
	json_quote_or_null(&b, r->description);
	put_filters_ranges_flags(&b, r);
	buf_puts(&b, ",\n  \"search\": ");
	json_quote_or_null(&b, r->search);
	buf_puts(&b, ",\n  \"regex\": ");
	if (r->regex) {
		buf_puts(&b, "{\"pattern\": ");
		json_quote_or_null(&b, r->regex);
		buf_puts(&b, ", \"field\": ");
		json_quote_or_null(&b, r->regex_field);
		buf_putc(&b, '}');
	} else {
		buf_puts(&b, "null");
	}
	put_rank(&b, r);
	put_diversity_budget(&b, r);
	buf_puts(&b, ",\n  \"target\": ");
	json_quote_or_null(&b, r->target);
	buf_printf(&b, ",\n  \"seed\": %llu\n}\n", (unsigned long long)r->seed);
	return buf_take(&b);
}

size_t
recipe_columns(const struct recipe *r, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_terms && n < max; i++)
		names[n++] = r->terms[i].score;
	if (r->rank == RANK_DSIR && n < max)
		names[n++] = "dsir_logw";
	if (r->div == DIV_CLUSTER && n < max)
		names[n++] = "cluster";
	return n;
}

const char *
recipe_default_json(void)
{
	/* Each rule is explained in README.md, "The default recipe". */
	return "{\n"
	       "  \"description\": \"winnow's default: drop what the built-in scores show to be "
	       "broken, keep everything else\",\n"
	       "  \"ranges\": {\n"
	       "    \"resp_dup10gram_frac\": {\"max\": 0.5},\n"
	       "    \"resp_replacement_frac\": {\"max\": 0}\n"
	       "  },\n"
	       "  \"flags\": {\"flag_dup\": false, \"flag_empty\": false, \"flag_placeholder\": false,"
	       " \"flag_refusal\": false}\n"
	       "}\n";
}
