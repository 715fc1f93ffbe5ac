/* view_help.c: `?`: the keys of the view it was opened from and the keys that work
 * everywhere, generated from the action table and the keymaps (keymap.c), then notes on
 * search syntax, colours and the prompt line. arg: a struct help_arg. */
#include <curses.h>
#include <string.h>

#include "view.h"

struct help {
	struct pager pg;
	struct help_arg arg;
	int width;
};

static const char *const notes[] = {
	"", "search",
	"  / takes a full-text query in FTS5 syntax: words (all must match), \"a phrase\",",
	"  prefix*, OR, NOT, NEAR(a b, 5), prompt:word or response:word. Hits are marked with",
	"  a dot in the list and highlighted in a sample; n and N go to the next and previous",
	"  hit (from a sample too); & shows only the hits. An empty search clears it.",
	"", "decisions",
	"  The v column: ✓ accepted, ✗ rejected by a curator; for the undecided, + kept and -",
	"  left out by the recipe of the latest selection (winnow select), · without one.",
	"  Each decision is written to the project at once (kill winnow and it is there),",
	"  with one audit entry per sample; u undoes your last action (a bulk one as a",
	"  whole) by writing new entries, so the history is kept. The curator is",
	"  $WINNOW_CURATOR, else $USER.",
	"", "filter",
	"  f takes a filter: score comparisons (resp_words >= 5), a bare flag (flag_refusal),",
	"  verdict == accept / reject / none, dataset == 'alpaca.json', lang == 'en', id, line,",
	"  regex(response, '^I'), joined with and, or, not and parentheses. An empty filter",
	"  clears it. + and - decide on every sample the list shows.",
	"", "review queues",
	"  v: everything; undecided only; 50 accepted or 50 rejected samples at random, to",
	"  audit; the 100 samples nearest a threshold of the filter, or without one of the",
	"  latest selection's recipe: how far each must move, in interquartile ranges, to",
	"  change sides.",
	"", "columns",
	"  C chooses the list's score columns: Enter shows or hides one, d goes back to the",
	"  defaults. The choice is saved in the project at once, for each curator, and comes",
	"  back the next time ($WINNOW_TUI_COLUMNS, when set, wins).",
	"", "colours",
	"  A score is red in the worst tenth of the project for its direction (higher or",
	"  lower is better), green in the best tenth; a fired flag is red. Text where a",
	"  built-in rule fired is underlined. NO_COLOR=1 keeps bold and underline only.",
	"", "prompt line",
	"  <Enter> answers, <Esc> cancels, <Up>/<Down> walk the history; <C-a> <C-e> <C-u>",
	"  <C-k> <C-w> edit as in a shell.",
	NULL,
};

static void
heading(struct lines *doc, const char *title, int width)
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

static void
keys_of(struct lines *doc, enum keymap_id map, int width)
{
	char keys[128];

	for (int a = A_NONE + 1; a < A__COUNT; a++) {
		keymap_keys(map, (enum action)a, keys, sizeof(keys));
		if (!keys[0])
			continue;
		struct line *l = lines_add(doc, width);
		line_put(l, "  ", S_NORMAL);
		line_field(l, keys, 20, false, S_TITLE);
		line_put(l, "  ", S_NORMAL);
		line_put(l, action_help((enum action)a), S_NORMAL);
	}
}

static void
build(struct view *v)
{
	struct help *h = v->priv;
	char title[96];

	lines_free(&h->pg.doc);
	h->width = COLS;
	line_put(lines_add(&h->pg.doc, COLS), "winnow: keys (q closes this help)", S_TITLE);
	if (h->arg.map != KM_GENERIC) {
		snprintf(title, sizeof(title), "in the %s view", h->arg.view_name);
		heading(&h->pg.doc, title, COLS);
		keys_of(&h->pg.doc, h->arg.map, COLS);
	}
	heading(&h->pg.doc, "everywhere", COLS);
	keys_of(&h->pg.doc, KM_GENERIC, COLS);
	for (size_t i = 0; notes[i]; i++) {
		if (!notes[i][0]) {
			heading(&h->pg.doc, notes[++i], COLS);
			continue;
		}
		wrap_text(&h->pg.doc, notes[i], strlen(notes[i]), NULL, S_NORMAL, COLS, 0);
	}
	pager_clamp(&h->pg, ui_body_height(v->ui));
}

static enum status
help_open(struct view *v, const void *arg, struct err *err)
{
	struct help *h = v->priv;

	(void)err;
	h->arg = *(const struct help_arg *)arg;
	build(v);
	return ST_OK;
}

static void
help_draw(struct view *v, int height)
{
	struct help *h = v->priv;

	if (h->width != COLS)
		build(v);
	pager_draw(&h->pg, height);
}

static int
help_on_action(struct view *v, enum action a)
{
	struct help *h = v->priv;
	int re = pager_action(&h->pg, a, ui_body_height(v->ui));

	if (re >= 0)
		return re;
	return a == A_BACK ? RE_POP : RE_NONE;
}

static void
help_status(struct view *v, struct line *l)
{
	struct help *h = v->priv;

	line_printf(l, S_STATUS, "keys of the %s view", h->arg.view_name);
}

static void
help_close(struct view *v)
{
	struct help *h = v->priv;

	lines_free(&h->pg.doc);
}

const struct view_ops view_help_ops = {
	.name = "help",
	.keymap = KM_HELP,
	.private_size = sizeof(struct help),
	.open = help_open,
	.draw = help_draw,
	.on_action = help_on_action,
	.status = help_status,
	.close = help_close,
};
