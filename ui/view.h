/* view.h: the TUI's framework, shared by the files of ui/: struct ui (the screen, the
 * stack of views, the prompt, the running job, the current search), struct view_ops
 * (what each screen implements), reaction flags, and the helpers views use. The loop in
 * ui.c owns drawing: handlers change state and return RE_* flags. */
#ifndef WINNOW_UI_VIEW_H
#define WINNOW_UI_VIEW_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "draw.h"
#include "engine.h"
#include "engine_decide.h"
#include "keymap.h"

#define MIN_COLS 40
#define MIN_ROWS 10
#define MAX_VIEWS 8

struct ui;
struct view;

enum reaction {
	RE_NONE = 0,
	RE_REDRAW = 1,	/* draw again */
	RE_POP = 2,	/* close the view that handled the action */
	RE_QUIT = 4,	/* leave winnow */
};

struct view_ops {
	const char *name;	/* shown in the status bar */
	enum keymap_id keymap;
	size_t private_size;	/* the framework allocates (zeroed) and frees it */
	/* arg is the opener's (views document what they take). */
	enum status (*open)(struct view *v, const void *arg, struct err *err);
	/* Draw the body rows [0, height) of the screen. */
	void (*draw)(struct view *v, int height);
	int (*on_action)(struct view *v, enum action a);
	/* The prompt this view opened was answered (text) or cancelled (NULL). */
	int (*on_prompt)(struct view *v, int kind, const char *text);
	/* The view's part of the status bar. */
	void (*status)(struct view *v, struct line *l);
	/* The screen changed size (optional). */
	void (*resize)(struct view *v);
	/* Another view above this one closed (optional): refresh what it may have changed. */
	void (*resume)(struct view *v);
	void (*close)(struct view *v);
	/* A view other than the list that opens samples (optional): move its cursor to the
	 * next/previous sample as view_list_step does. */
	bool (*step)(struct view *v, int dir, bool hit, int64_t *id);
};

struct view {
	const struct view_ops *ops;
	struct ui *ui;
	void *priv;
};

/* ---- the prompt line ---- */

#define PROMPT_MAX 1024

struct prompt {
	bool active;
	struct view *owner;
	int kind;		/* the owner's number for it */
	char label[64];
	char text[PROMPT_MAX];	/* UTF-8 */
	size_t len, pos;	/* bytes; pos is the cursor */
	char **history;		/* the owner's search history (borrowed) */
	size_t n_history, hist_at;
};

/* ---- long work on a thread ---- */

/* Runs on the worker thread: only the engine and the sink; no curses, no struct ui. */
typedef enum status (*job_fn)(struct engine *e, void *arg, struct progress_sink sink,
			      struct err *err);
/* Runs on the UI thread when the job ends. */
typedef void (*job_done_fn)(struct ui *ui, void *arg, enum status rc, const struct err *err);

struct job {
	bool active;
	char title[128];
	job_fn fn;
	job_done_fn done;
	void *arg;
	bool interruptible;	/* Esc also interrupts the running SQL statement */
	bool live;		/* the view stays on screen and draws the progress itself */
	bool resized;		/* the screen changed size while it ran */
	int64_t total_hint;	/* rows per step when the engine reports no total (0: none) */
	pthread_t tid;
	pthread_mutex_t mu;
	struct progress last;	/* guarded by mu; strings copied below */
	char what[32], item[256], stage[128];
	bool have_progress;
	atomic_bool cancel, finished;
	enum status rc;
	struct err err;
	double t0;
};

/* ---- the UI ---- */

struct script;

struct ui {
	struct engine *e;
	const char *project;	/* as the user named it */
	struct view *views[MAX_VIEWS];
	size_t n_views;
	bool headless;
	struct script *script;	/* headless: where keys come from */
	FILE *dump;		/* headless: where screens go */
	bool too_small;
	bool quit;
	struct prompt prompt;
	struct job job;
	char msg[ERR_MSG_MAX + 64];
	enum style msg_style;
	char *search;		/* the current search (FTS5), NULL: none */
	char *history[32];	/* searches, newest last */
	size_t n_history;
	int64_t n_samples;
	int exit_code;
	const char *curator;	/* who decides (decide_default_curator) */
	struct verdict_counts counts;	/* for the status bar */
	uint64_t seed;		/* audit samples */
	FILE *timing;		/* $WINNOW_TUI_TIMING: per-key times (make bench) */
	struct {		/* the latest stored selection: the recipe's verdicts */
		char *name, *recipe;	/* NULL: no selection stored */
		int64_t *ids;		/* its final samples, ascending */
		size_t n;
	} sel;
	double t_start;
	struct {		/* a decision waiting for its reason and note */
		int64_t id;
		enum verdict v;
		char reason[PROMPT_MAX];
	} pending;
};

/* Push a new view of ops onto the stack (it is drawn from now on). On failure shows the
 * error in the message line and returns NULL. */
struct view *ui_push(struct ui *ui, const struct view_ops *ops, const void *arg);

/* The view below v, or NULL. */
struct view *ui_below(struct ui *ui, struct view *v);

/* A message in the message line until the next key. */
void ui_message(struct ui *ui, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct err *err);

/* Ask for a line of text; the answer goes to v->ops->on_prompt(v, kind, text). */
void ui_prompt(struct ui *ui, struct view *v, int kind, const char *label, const char *initial,
	       bool with_history);

/* Start long work: fn on a thread, a gauge on screen, Esc to cancel; done when it ends.
 * title is copied. */
void ui_job(struct ui *ui, const char *title, job_fn fn, void *arg, job_done_fn done,
	    bool interruptible, int64_t total_hint);

/* ui_job for a view that shows the work itself (the evaluation view's curves): no gauge;
 * the view is drawn every 100 ms (from what it copied off the worker, never the engine);
 * keys other than Esc wait until the job ends. */
void ui_job_live(struct ui *ui, const char *title, job_fn fn, void *arg, job_done_fn done);

/* Body height: the screen minus the status bar and the message line. */
int ui_body_height(const struct ui *ui);

/* Set the search (NULL: clear) and remember it in the history. */
void ui_set_search(struct ui *ui, const char *fts);

/* ---- decisions (decide.c) ---- */

/* Prompt kinds of decide.c; a view's on_prompt passes them to ui_decide_answer. */
enum { P_REASON = 100, P_NOTE, P_CONFIRM_ACCEPT, P_CONFIRM_REJECT };

/* Write a decision on ids[0..n) now (committed before it returns) and say what it did in
 * the message line. query: how a bulk action chose the ids, for the log (NULL: none).
 * old: the one sample's verdict before, to update the counts without a recount (NULL:
 * recount). True when it was written. */
bool ui_decide(struct ui *ui, const int64_t *ids, size_t n, enum verdict v, const char *reason,
	       const char *note, const char *query, const enum verdict *old);
/* Ask for a reason, then a note, for verdict v on sample id; owner's on_prompt hands the
 * answers to ui_decide_answer. */
void ui_decide_ask(struct ui *ui, struct view *owner, int64_t id, enum verdict v);
/* True when this answer completed a decision (the owner then moves on). */
bool ui_decide_answer(struct ui *ui, struct view *owner, int kind, const char *text);
void ui_undo(struct ui *ui, bool redo);
/* The messages of ui_decide and ui_undo, for callers that ran the engine themselves. */
void ui_decide_report(struct ui *ui, enum verdict v, int64_t n, int64_t changed, int64_t id);
void ui_undo_report(struct ui *ui, bool redo, enum status rc, const struct undo_result *r,
		    const struct err *err);
/* Recount accepted / rejected / undecided for the status bar. */
void ui_counts_refresh(struct ui *ui);
/* Load the latest stored selection (winnow select), for the recipe's verdicts. */
void ui_selection_load(struct ui *ui);
void ui_selection_free(struct ui *ui);
/* Whether the latest selection keeps sample id: 1 kept, 0 left out, -1 no selection. */
int ui_selection_keeps(const struct ui *ui, int64_t id);

/* ---- the prompt (prompt.c) ---- */
/* Handle one key while the prompt is open. Returns true when it closed (answered or
 * cancelled): *answer is then the text or NULL. */
bool prompt_key(struct prompt *p, int key, const char **answer);
void prompt_draw(const struct prompt *p, int y);

/* ---- the gauge (gauge.c) ---- */
void job_start(struct ui *ui);
/* True once the job's thread has finished (then call job_finish). */
bool job_poll(struct ui *ui);
void job_finish(struct ui *ui);
void job_cancel(struct ui *ui);
void gauge_draw(struct ui *ui);
/* Headless: run the job here, reading Esc from the script between progress calls. */
void job_run_inline(struct ui *ui);

/* ---- headless (headless.c) ---- */
/* Open a key script. ST_IO/ST_USAGE with the file and line on errors. */
enum status script_open(const char *path, struct script **out, struct err *err);
void script_close(struct script *s);
/* The next key, running script commands (dump, resize) on the way. Returns false at the
 * end of the script. */
bool script_next_key(struct ui *ui, int *key);
/* True if the next thing in the script is the key `key` (consumes it). */
bool script_take_key(struct ui *ui, int key);

/* ---- a scrolling document of lines (pager.c), for the sample and help views ---- */
struct pager {
	struct lines doc;
	size_t top;
};
/* Scroll for a movement action: RE_REDRAW, or -1 when a is not one. */
int pager_action(struct pager *p, enum action a, int height);
void pager_draw(const struct pager *p, int height);
/* Keep top within the document after a change of height or content. */
void pager_clamp(struct pager *p, int height);

/* ---- a cursor over n items (pager.c), for the columns view ---- */
struct nav {
	size_t cur, top, n;
};
int nav_action(struct nav *nv, enum action a, int height);

/* ---- views ---- */
extern const struct view_ops view_list_ops, view_sample_ops, view_help_ops, view_columns_ops,
	view_queues_ops, view_eval_ops;
/* threshold tuning (view_thresholds.c, view_curator.c, view_overview.c) */
extern const struct view_ops view_thresholds_ops, view_curator_ops, view_overview_ops,
	view_scatter_ops;
/* Load every score into memory (a job with a gauge), then open the thresholds view. */
void view_tune_start(struct ui *ui);

/* The list view's API for the views it opens (view_list.c). */
struct sample_ref {
	struct view *list;	/* the list that opened it */
	int64_t id;
};
/* Move the list's cursor to the next/previous row (hit: the next/previous search hit).
 * OUT: *id of the new current sample. False if there is none (the cursor stays). */
bool view_list_step(struct view *list, int dir, bool hit, int64_t *id);
/* Search (FTS5; "" clears it) and move to the first hit from the cursor. False (with a
 * message) for a bad query, which leaves the old search. */
bool view_list_search(struct view *list, const char *text);
/* Open a list of the duplicate cluster of sample id (or say it has none). */
void view_list_open_cluster(struct ui *ui, int64_t id);
/* The colour of a score value: where it stands for its scorer (view_list.c). */
enum style ui_score_style(struct engine *e, int col, double v);

/* The list's score columns (borrowed), and a new set of them (copied) for every list on
 * the stack, saved in the project as the curator's choice (a failure is a message). */
void view_list_columns(struct view *list, const char *const **names, size_t *n);
void view_list_set_columns(struct view *list, const char *const *names, size_t n);
/* view_list_set_columns with the defaults (resp_words resp_ttr resp_compress_ratio dup_size). */
void view_list_default_columns(struct view *list);

/* The job behind S (and the start-up): engine_score with the defaults. */
enum status ui_job_score(struct engine *e, void *arg, struct progress_sink sink,
			 struct err *err);

/* For the help view: the keymap of the view it was opened from. */
struct help_arg {
	enum keymap_id map;
	const char *view_name;
};

/* Counts with thousands separators ("1,234,567"); returns buf. */
const char *fmt_count(int64_t n, char buf[32]);
/* A score value in at most 8 characters: integers as such, else 3 significant digits. */
const char *fmt_value(double v, char buf[32]);

#endif
