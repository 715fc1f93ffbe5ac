/* list.h: the sample list's state, shared by the files of the list view: view_list.c
 * (opening, columns, drawing, the action dispatch), list_window.c (the window of rows
 * fetched by key), list_find.c (sort, search, filter, queues, limits) and
 * list_decide.c (decisions). Private to ui/. */
#ifndef WINNOW_UI_LIST_H
#define WINNOW_UI_LIST_H

#include "engine_browse.h"
#include "view.h"

#define ID_COL -1

enum { P_SEARCH = 1, P_GOTO, P_FILTER };

struct list_arg {
	int64_t rep;		/* the cluster's representative */
	const int64_t *ids;	/* its members */
	size_t n;
};

struct list {
	struct browse *b;
	struct browse_row *rows;	/* the window, in list order */
	size_t n, cur, top;
	int64_t base;		/* position of rows[0] in the list, -1 unknown */
	bool at_start, at_end;	/* the window reaches the list's first / last row */
	char **cols;		/* shown score columns */
	int *col_idx;		/* their index in engine_columns */
	size_t n_cols;
	int sel;		/* selected column: ID_COL or an index in cols */
	char *sort;		/* NULL: by id */
	bool desc;
	bool limited;		/* only the search hits */
	char *searched;		/* the search applied to b */
	struct terms *terms;	/* its words, for highlighting */
	int64_t *cluster;	/* a cluster list's members */
	size_t n_cluster;
	int64_t rep;
	bool has_flags;
	char *pending_sort;	/* waiting for an index */
	bool pending_desc;
	struct filter *filter;	/* the filter prompt's (NULL: none) */
	char *queue_name;	/* a review queue (NULL: none) */
	int64_t *queue;		/* its samples */
	size_t n_queue;
	/* a bulk decision or an undo running as list_work */
	enum verdict bulk_verdict;
	int64_t bulk_n, bulk_changed;
	bool redo;
	struct undo_result undo;
};

/* list_window.c */
int rows_height(const struct view *v);
size_t page_size(const struct view *v);
void clear_rows(struct list *l);
void keep_visible(struct view *v);
/* Replace the window with the rows around key (NULL: the start; at_end: the end). */
enum status load_around(struct view *v, const struct browse_key *key, bool at_end,
			struct err *err);
/* Move the cursor by delta rows (and the screen by scroll rows), fetching as needed. */
void move_by(struct view *v, long delta, long scroll);
/* Reload around the current sample (after a change of limits). */
void reload(struct view *v);
/* Put the cursor on key's row (NULL: the first row). */
void jump_to(struct view *v, const struct browse_key *key);
/* The window's verdicts again (after a decision or an undo). */
void list_refresh_verdicts(struct view *v);

/* view_list.c */
enum status set_columns(struct view *v, const char *const *names, size_t n, struct err *err);
/* The columns a list opens with: $WINNOW_TUI_COLUMNS, the curator's saved ones, the defaults. */
enum status initial_columns(struct view *v, struct err *err);

/* list_find.c */
void apply_sort(struct view *v, const char *col, bool desc);
int sort_action(struct view *v, bool desc);
bool goto_hit(struct view *v, bool backward, bool from_cursor, bool quiet);
void sync_search(struct view *v);
void goto_id(struct view *v, const char *text);
int limit_action(struct view *v);
/* Apply queue, filter, cluster and (with &) the search to the browse; reload. */
enum status list_apply_limits(struct view *v, struct err *err);
int filter_answer(struct view *v, const char *text);

/* For the queues view: the list's filter (NULL: none) and a new queue (ids NULL: none;
 * name and ids are copied). False with a message when it cannot be applied. */
const struct filter *view_list_filter(struct view *list);
bool view_list_set_filter(struct view *list, const char *text);
void view_list_set_queue(struct view *list, const char *name, const int64_t *ids, size_t n);

/* Run fn (engine calls only) and then done: on a thread with a gauge and Esc when the
 * project is big (filters, bulk decisions and undo take seconds on a million rows),
 * else at once. The list must not change in between: the UI only draws the gauge. */
typedef enum status (*list_work_fn)(struct view *v, struct err *err);
typedef void (*list_done_fn)(struct view *v, enum status rc, const struct err *err);
void list_work(struct view *v, const char *title, list_work_fn fn, list_done_fn done);

/* list_decide.c */
int list_decide_action(struct view *v, enum action a);
int list_decide_prompt(struct view *v, int kind, const char *text);

#endif
