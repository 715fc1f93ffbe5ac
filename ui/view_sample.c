/* view_sample.c: one sample, as a scrolling document: every turn labelled by role and
 * wrapped to the window, with search words and the places where built-in rules fired
 * highlighted; the fired flags; its duplicate cluster; every score with its description
 * and percentile. J/K and n/N walk the list it was opened from.
 * arg: a struct sample_ref (the list and the sample's id). */
#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_browse.h"
#include "util/xalloc.h"
#include "view.h"

enum { P_SEARCH = 1 };

struct sample_view {
	struct view *list;
	int64_t id;
	struct pager pg;
	struct sample s;
	bool have_sample;
	struct sample_score *scores;
	size_t n_scores;
	char *rules, *lang;	/* the notes of those families, NULL: none */
	bool builtin;		/* rules from the built-in file: their places can be shown */
	int64_t rep, size, *members;
	size_t n_members;
	char *searched;
	struct terms *terms;
	int width;		/* the document was wrapped for this many columns */
	enum verdict verdict;
};

static void
unload(struct sample_view *sv)
{
	if (sv->have_sample)
		sample_free(&sv->s);
	sv->have_sample = false;
	free(sv->scores);
	free(sv->rules);
	free(sv->lang);
	free(sv->members);
	sv->scores = NULL;
	sv->rules = sv->lang = NULL;
	sv->members = NULL;
	sv->n_scores = sv->n_members = 0;
}

static enum status
load(struct view *v, int64_t id, struct err *err)
{
	struct sample_view *sv = v->priv;
	struct engine *e = v->ui->e;
	enum status rc;

	unload(sv);
	sv->id = id;
	rc = engine_sample_get(e, id, &sv->s, err);
	sv->have_sample = rc == ST_OK;
	if (rc == ST_OK)
		rc = engine_sample_scores(e, id, &sv->scores, &sv->n_scores, err);
	if (rc == ST_OK)
		rc = engine_sample_note(e, id, "rules", &sv->rules, err);
	if (rc == ST_OK)
		rc = engine_sample_note(e, id, "lang", &sv->lang, err);
	if (rc == ST_OK)
		rc = engine_cluster(e, id, 12, &sv->rep, &sv->members, &sv->n_members, &sv->size, err);
	if (rc == ST_OK)
		rc = engine_verdict(e, id, &sv->verdict, err);
	sv->builtin = rc == ST_OK && sv->rules && engine_rules_builtin(e, id);
	return rc;
}

/* ---- building the document ---- */

static void
section(struct lines *doc, const char *title, int width)
{
	struct line *l;

	lines_add(doc, width);
	l = lines_add(doc, width);
	line_put(l, "── ", S_ROLE);
	line_put(l, title, S_ROLE);
	line_putwc(l, ' ', S_ROLE);
	while (l->cols < width)
		line_putwc(l, 0x2500, S_DIM);
}

struct mark {
	unsigned char *styles;
	enum style st;
};

static void
mark(void *ctx, size_t start, size_t end)
{
	struct mark *m = ctx;

	memset(m->styles + start, m->st, end - start);
}

/* The turn the response is: the last assistant turn, else the last turn. */
static size_t
response_turn(const struct sample *s)
{
	for (size_t i = s->n_turns; i-- > 0;)
		if (strcmp(s->turns[i].role, "assistant") == 0)
			return i;
	return s->n_turns ? s->n_turns - 1 : 0;
}

/* A turn longer than this is shown up to here (a cell per character would take
 * hundreds of MB for a 16 MB row); winnow show prints it all. */
#define TURN_SHOWN (256 * 1024)

static void
add_turn(struct view *v, const struct turn *t, bool response, int width)
{
	struct sample_view *sv = v->priv;
	size_t full = strlen(t->text), len = full;

	while (len > TURN_SHOWN)	/* cut at a character boundary */
		for (len = TURN_SHOWN; len > 0 && ((unsigned char)t->text[len] & 0xC0) == 0x80;)
			len--;
	unsigned char *styles = xcalloc(len + 1, 1);
	struct mark m = {styles, S_RULE};

	section(&sv->pg.doc, t->role, width);
	if (sv->builtin) {	/* where each fired rule matched, on this side of the sample */
		char *ids = xstrdup(sv->rules);
		for (char *id = strtok(ids, " "); id; id = strtok(NULL, " "))
			engine_rule_spans(v->ui->e, id, !response, t->text, len, mark, &m);
		free(ids);
	}
	m.st = S_HIT;
	engine_term_spans(sv->terms, t->text, len, mark, &m);
	if (len == 0)
		line_put(lines_add(&sv->pg.doc, width), "  (empty)", S_DIM);
	else
		wrap_text(&sv->pg.doc, t->text, len, styles, S_NORMAL, width, 2);
	if (len < full)
		line_printf(lines_add(&sv->pg.doc, width), S_DIM, "  … %zu more bytes (winnow show %lld "
			    "prints them)", full - len, (long long)sv->id);
	free(styles);
}

static void
add_header(struct view *v, int width)
{
	struct sample_view *sv = v->priv;
	struct line *l = lines_add(&sv->pg.doc, width);
	char a[32];

	line_printf(l, S_TITLE, "#%s", fmt_count(sv->id, a));
	line_printf(l, S_NORMAL, "  %s line %lld · %s · %zu turn%s", sv->s.dataset,
		    (long long)sv->s.line, sv->s.format, sv->s.n_turns, sv->s.n_turns == 1 ? "" : "s");
	if (sv->lang)
		line_printf(l, S_NORMAL, " · language %s", sv->lang);
	line_put(l, " · ", S_NORMAL);
	if (sv->verdict == VERDICT_ACCEPT)
		line_put(l, "✓ accepted", S_ACCEPT);
	else if (sv->verdict == VERDICT_REJECT)
		line_put(l, "✗ rejected", S_REJECT);
	else
		line_put(l, "undecided", S_DIM);
	int keeps = sv->verdict == VERDICT_NONE ? ui_selection_keeps(v->ui, sv->id) : -1;
	if (keeps >= 0)
		line_printf(lines_add(&sv->pg.doc, width), S_DIM,
			    "%s by the latest selection, '%s' (recipe %s)",
			    keeps ? "Kept" : "Left out", v->ui->sel.name,
			    v->ui->sel.recipe ? v->ui->sel.recipe : "default");
}

struct history {
	struct lines *doc;
	int width;
	size_t n;
};

static enum status
add_entry(void *ctx, const struct audit_entry *a, struct err *err)
{
	struct history *h = ctx;
	struct line *l = lines_add(h->doc, h->width);

	(void)err;
	line_printf(l, S_DIM, "  %s  ", a->at);
	line_printf(l, S_NORMAL, "%s  ", a->curator);
	line_printf(l, a->new_verdict == VERDICT_ACCEPT ? S_ACCEPT
		       : a->new_verdict == VERDICT_REJECT ? S_REJECT : S_NORMAL,
		    "%s", verdict_name(a->new_verdict));
	line_printf(l, S_DIM, " (was %s", verdict_name(a->old_verdict));
	if (strcmp(a->kind, "decide") != 0)
		line_printf(l, S_DIM, "; %s of action %lld", a->kind, (long long)a->target);
	line_put(l, ")", S_DIM);
	if (a->reason)
		line_printf(l, S_NORMAL, "  reason: %s", a->reason);
	if (a->note)
		line_printf(l, S_NORMAL, "  note: %s", a->note);
	if (a->query)
		line_printf(l, S_DIM, "  [bulk: %s]", a->query);
	h->n++;
	return ST_OK;
}

static void
add_history(struct view *v, int width)
{
	struct sample_view *sv = v->priv;
	struct audit_filter f = {NULL, NULL, sv->id, 20};
	struct history h = {&sv->pg.doc, width, 0};
	struct err err;

	section(&sv->pg.doc, "decisions (newest first)", width);
	if (engine_audit_each(v->ui->e, &f, add_entry, &h, &err) != ST_OK)
		line_put(lines_add(&sv->pg.doc, width), err.msg, S_ERROR);
	else if (h.n == 0)
		line_put(lines_add(&sv->pg.doc, width), "  none yet (a accepts, r rejects)", S_DIM);
}

static const struct column_info *
col_of(struct view *v, size_t i)
{
	const struct column_info *cols;
	size_t n;
	struct err err;

	if (engine_columns(v->ui->e, &cols, &n, &err) != ST_OK || i >= n)
		return NULL;
	return &cols[i];
}

/* The description of flag column flag_<name> for a rule id "name#k". */
static const char *
flag_desc(struct view *v, const char *rule_id)
{
	char col[96];
	int len = (int)strcspn(rule_id, "#"), i;

	snprintf(col, sizeof(col), "flag_%.*s", len, rule_id);
	i = engine_column_find(v->ui->e, col);
	return i >= 0 ? col_of(v, (size_t)i)->desc : "";
}

static void
add_flags(struct view *v, int width)
{
	struct sample_view *sv = v->priv;
	size_t n = 0;

	section(&sv->pg.doc, "flags", width);
	if (sv->rules) {
		char *ids = xstrdup(sv->rules);
		for (char *id = strtok(ids, " "); id; id = strtok(NULL, " "), n++) {
			struct line *l = lines_add(&sv->pg.doc, width);
			line_printf(l, S_BAD, "  %-18s ", id);
			line_printf(l, S_DIM, "%s", flag_desc(v, id));
		}
		free(ids);
		if (n && !sv->builtin)
			line_put(lines_add(&sv->pg.doc, width),
				 "  (scored with another rule file: the places are not shown)", S_DIM);
	}
	for (size_t i = 0; i < sv->n_scores; i++) {	/* flags that are not rules */
		const struct column_info *c = col_of(v, i);
		if (!c || c->dir != DIR_FLAG || sv->scores[i].nul || sv->scores[i].value < 0.5 ||
		    strcmp(c->family, "rules") == 0)
			continue;
		struct line *l = lines_add(&sv->pg.doc, width);
		line_printf(l, S_BAD, "  %-18s ", c->name);
		line_printf(l, S_DIM, "%s", c->desc);
		n++;
	}
	if (n == 0)
		line_put(lines_add(&sv->pg.doc, width), "  none", S_DIM);
}

static void
add_cluster(struct view *v, int width)
{
	struct sample_view *sv = v->priv;
	struct line *l;
	char a[32];

	if (engine_column_find(v->ui->e, "dup_cluster") < 0)
		return;
	section(&sv->pg.doc, "duplicates", width);
	l = lines_add(&sv->pg.doc, width);
	if (sv->size <= 1) {
		line_put(l, "  unique: no duplicates", S_DIM);
		return;
	}
	line_printf(l, S_NORMAL, "  %s copies; ", fmt_count(sv->size, a));
	if (sv->rep == sv->id)
		line_printf(l, S_GOOD, "this one is kept (the representative)");
	else
		line_printf(l, S_BAD, "a copy of #%s", fmt_count(sv->rep, a));
	l = lines_add(&sv->pg.doc, width);
	line_put(l, "  ", S_NORMAL);
	for (size_t i = 0; i < sv->n_members; i++)
		line_printf(l, sv->members[i] == sv->id ? S_TITLE : S_NORMAL, "#%s ",
			    fmt_count(sv->members[i], a));
	if ((int64_t)sv->n_members < sv->size)
		line_printf(l, S_DIM, "… ");
	line_printf(l, S_DIM, "(D lists them)");
}

static void
add_score(struct view *v, const struct column_info *c, const struct sample_score *sc,
	  struct line *l)
{
	char a[32];
	int fill = isnan(sc->pct) ? -1 : (int)(sc->pct / 10 + 0.5);

	line_printf(l, S_NORMAL, "  %-24.24s ", c->name);
	if (sc->nul) {
		line_field(l, "·", 9, true, S_DIM);
	} else {
		line_field(l, fmt_value(sc->value, a), 9, true,
			   ui_score_style(v->ui->e, (int)sc->col, sc->value));
	}
	if (fill >= 0 && c->dir != DIR_FLAG) {
		line_printf(l, S_DIM, "  p%-3.0f ", sc->pct > 99 && sc->pct < 100 ? 99 : sc->pct);
		for (int k = 0; k < 10; k++)
			line_putwc(l, k < fill ? 0x2588 : 0x2591, k < fill ? S_ROLE : S_DIM);
	} else {
		line_pad(l, l->cols + 16, S_NORMAL);
	}
	line_printf(l, S_DIM, "  %s", c->desc);
}

static void
add_scores(struct view *v, int width)
{
	struct sample_view *sv = v->priv;
	struct dist_summary ds;

	section(&sv->pg.doc, "scores (value, percentile in the project)", width);
	if (sv->n_scores == 0)
		line_put(lines_add(&sv->pg.doc, width), "  not scored yet (S in the list scores)",
			 S_DIM);
	for (size_t i = 0; i < sv->n_scores; i++) {
		const struct column_info *c = col_of(v, i);
		if (c && c->dir != DIR_FLAG)
			add_score(v, c, &sv->scores[i], lines_add(&sv->pg.doc, width));
	}
	engine_dist_summary(v->ui->e, 0, &ds);
	if (ds.sampled)
		line_printf(lines_add(&sv->pg.doc, width), S_DIM, "  (percentiles from %d samples "
			    "spread evenly over the project)", DIST_SAMPLE);
}

/* Scroll so the first search hit in the text is on screen. */
static void
show_first_hit(struct sample_view *sv, int height)
{
	for (size_t i = 0; sv->terms && i < sv->pg.doc.n; i++)
		for (size_t k = 0; k < sv->pg.doc.v[i].n; k++)
			if (sv->pg.doc.v[i].c[k].style == S_HIT) {
				if (i >= (size_t)height)
					sv->pg.top = i - 2;
				return;
			}
}

static void
build(struct view *v, bool to_hit)
{
	struct sample_view *sv = v->priv;
	int width = COLS;
	size_t resp = response_turn(&sv->s);

	lines_free(&sv->pg.doc);
	sv->width = width;
	add_header(v, width);
	for (size_t i = 0; i < sv->s.n_turns; i++)
		add_turn(v, &sv->s.turns[i], i == resp, width);
	add_flags(v, width);
	add_history(v, width);
	add_cluster(v, width);
	add_scores(v, width);
	if (to_hit) {
		sv->pg.top = 0;
		show_first_hit(sv, ui_body_height(v->ui));
	}
	pager_clamp(&sv->pg, ui_body_height(v->ui));
}

static void
set_terms(struct view *v)
{
	struct sample_view *sv = v->priv;

	free(sv->searched);
	engine_terms_free(sv->terms);
	sv->searched = v->ui->search ? xstrdup(v->ui->search) : NULL;
	sv->terms = sv->searched ? engine_terms_new(sv->searched) : NULL;
}

/* ---- the view ---- */

static enum status
sample_open(struct view *v, const void *arg, struct err *err)
{
	struct sample_view *sv = v->priv;
	const struct sample_ref *ref = arg;
	enum status rc;

	sv->list = ref->list;
	set_terms(v);
	rc = load(v, ref->id, err);
	if (rc == ST_OK)
		build(v, true);
	return rc;
}

static void
sample_close(struct view *v)
{
	struct sample_view *sv = v->priv;

	unload(sv);
	lines_free(&sv->pg.doc);
	free(sv->searched);
	engine_terms_free(sv->terms);
}

static void
sample_draw(struct view *v, int height)
{
	struct sample_view *sv = v->priv;

	if (sv->width != COLS)
		build(v, false);
	pager_draw(&sv->pg, height);
}

static void
goto_sample(struct view *v, int dir, bool hit)
{
	struct sample_view *sv = v->priv;
	struct err err;
	int64_t id;

	if (!sv->list || !view_list_step(sv->list, dir, hit, &id)) {
		if (!hit && !v->ui->msg[0])
			ui_message(v->ui, S_INFO, "no %s sample in the list", dir > 0 ? "next" : "previous");
		return;
	}
	if (load(v, id, &err) != ST_OK)
		ui_error(v->ui, &err);
	build(v, true);
}

/* After a decision: the next sample of the list, or this one again at the end. */
static void
decided(struct view *v, bool move)
{
	struct sample_view *sv = v->priv;
	struct err err;
	int64_t id;

	if (move && sv->list && view_list_step(sv->list, 1, false, &id)) {
		if (load(v, id, &err) != ST_OK)
			ui_error(v->ui, &err);
		build(v, true);
		return;
	}
	if (load(v, sv->id, &err) != ST_OK)
		ui_error(v->ui, &err);
	build(v, false);
}

static int
decide_action(struct view *v, enum action a)
{
	struct sample_view *sv = v->priv;
	enum verdict verdict = a == A_ACCEPT || a == A_ACCEPT_WHY ? VERDICT_ACCEPT
			       : a == A_REJECT || a == A_REJECT_WHY ? VERDICT_REJECT : VERDICT_NONE;

	switch (a) {
	case A_ACCEPT: case A_REJECT: case A_CLEAR:
		if (ui_decide(v->ui, &sv->id, 1, verdict, NULL, NULL, NULL, &sv->verdict))
			decided(v, true);
		return RE_REDRAW;
	case A_ACCEPT_WHY: case A_REJECT_WHY:
		ui_decide_ask(v->ui, v, sv->id, verdict);
		return RE_REDRAW;
	case A_UNDO: case A_REDO:
		ui_undo(v->ui, a == A_REDO);
		decided(v, false);
		return RE_REDRAW;
	default:
		return RE_NONE;
	}
}

static int
sample_on_prompt(struct view *v, int kind, const char *text)
{
	struct sample_view *sv = v->priv;

	if (kind >= P_REASON) {
		if (ui_decide_answer(v->ui, v, kind, text))
			decided(v, true);
		return RE_REDRAW;
	}
	if (kind != P_SEARCH || !text || !sv->list || !view_list_search(sv->list, text))
		return RE_REDRAW;
	set_terms(v);
	build(v, true);
	return RE_REDRAW;
}

static int
sample_on_action(struct view *v, enum action a)
{
	struct sample_view *sv = v->priv;
	int re = pager_action(&sv->pg, a, ui_body_height(v->ui));

	if (re >= 0)
		return re;
	switch (a) {
	case A_NEXT_SAMPLE: goto_sample(v, 1, false); return RE_REDRAW;
	case A_PREV_SAMPLE: goto_sample(v, -1, false); return RE_REDRAW;
	case A_SEARCH_NEXT: goto_sample(v, 1, true); return RE_REDRAW;
	case A_SEARCH_PREV: goto_sample(v, -1, true); return RE_REDRAW;
	case A_SEARCH: ui_prompt(v->ui, v, P_SEARCH, "/", NULL, true); return RE_REDRAW;
	case A_CLUSTER: view_list_open_cluster(v->ui, sv->id); return RE_REDRAW;
	case A_BACK: return RE_POP;
	default: return decide_action(v, a);
	}
}

static void
sample_status(struct view *v, struct line *l)
{
	struct sample_view *sv = v->priv;
	size_t h = (size_t)ui_body_height(v->ui);
	char a[32];

	line_printf(l, S_STATUS, "#%s · %s:%lld", fmt_count(sv->id, a), sv->s.dataset,
		    (long long)sv->s.line);
	if (sv->pg.doc.n > h)
		line_printf(l, S_STATUS, " · %zu%%", (sv->pg.top + h) * 100 / sv->pg.doc.n);
	if (sv->searched)
		line_printf(l, S_STATUS, " · /%s", sv->searched);
}

static void
sample_resume(struct view *v)
{
	struct sample_view *sv = v->priv;
	const char *want = v->ui->search;

	if ((want == NULL) != (sv->searched == NULL) || (want && strcmp(want, sv->searched))) {
		set_terms(v);
		build(v, false);
	}
}

const struct view_ops view_sample_ops = {
	.name = "sample",
	.keymap = KM_SAMPLE,
	.private_size = sizeof(struct sample_view),
	.open = sample_open,
	.draw = sample_draw,
	.on_action = sample_on_action,
	.on_prompt = sample_on_prompt,
	.status = sample_status,
	.resume = sample_resume,
	.close = sample_close,
};
