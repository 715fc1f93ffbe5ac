/* keymap.h: the actions a key can trigger (one table, with the help text each shows in
 * `?`), the key bindings of each view with a generic map as the fallback, and key names
 * ("j", "<C-d>", "<PgDn>") for the help screen and the headless key scripts. */
#ifndef WINNOW_UI_KEYMAP_H
#define WINNOW_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

/* X(name, help). Order is the order of the help screen. */
#define ACTION_INFO(X) \
	X(NONE, "") \
	X(DOWN, "Move down one line") \
	X(UP, "Move up one line") \
	X(PAGE_DOWN, "Move down one page") \
	X(PAGE_UP, "Move up one page") \
	X(HALF_DOWN, "Move down half a page") \
	X(HALF_UP, "Move up half a page") \
	X(FIRST, "Go to the top") \
	X(LAST, "Go to the bottom") \
	X(OPEN, "Open the sample under the cursor") \
	X(GOTO, "Go to a sample by its id") \
	X(NEXT_SAMPLE, "Show the next sample of the list") \
	X(PREV_SAMPLE, "Show the previous sample of the list") \
	X(ACCEPT, "Accept the sample, then go to the next") \
	X(REJECT, "Reject the sample, then go to the next") \
	X(CLEAR, "Clear the sample's decision, then go to the next") \
	X(ACCEPT_WHY, "Accept with a reason and a note") \
	X(REJECT_WHY, "Reject with a reason and a note") \
	X(BULK_ACCEPT, "Accept every sample of the list (asks first, with the count)") \
	X(BULK_REJECT, "Reject every sample of the list (asks first, with the count)") \
	X(UNDO, "Undo your last decision (a bulk one as a whole)") \
	X(REDO, "Redo what you undid") \
	X(FILTER, "Filter: score conditions, flags, verdict, dataset, regex") \
	X(QUEUES, "Review queues: undecided, audit samples, least certain") \
	X(SEARCH, "Search: a full-text query (FTS5 syntax); hits are marked") \
	X(SEARCH_NEXT, "Go to the next search hit") \
	X(SEARCH_PREV, "Go to the previous search hit") \
	X(LIMIT, "Show only the search hits / show everything again") \
	X(COL_LEFT, "Select the column to the left") \
	X(COL_RIGHT, "Select the column to the right") \
	X(SORT_ASC, "Sort by the selected column, lowest first") \
	X(SORT_DESC, "Sort by the selected column, highest first") \
	X(SORT_ID, "Sort by id (file order)") \
	X(COLUMNS, "Choose the list's score columns; see every distribution") \
	X(TOGGLE, "Show or hide this column in the sample list") \
	X(COLUMNS_DEFAULT, "Show the default columns again (your choice is saved per project)") \
	X(CLUSTER, "List this sample's duplicate cluster") \
	X(SCORE, "Compute the missing scores (as winnow score does)") \
	X(TUNE, "Tune the recipe: its cuts over the histograms, the margin, the selection") \
	X(FOCUS, "Switch between the filters and the margin list") \
	X(CUT_DOWN, "Move the cut one step down (left on its histogram)") \
	X(CUT_UP, "Move the cut one step up (right on its histogram)") \
	X(CUT_DOWN_BIG, "Move the cut ten steps down") \
	X(CUT_UP_BIG, "Move the cut ten steps up") \
	X(CUT_PERCENTILE, "Move the cut to a percentile of its score") \
	X(CUT_VALUE, "Set the cut's value") \
	X(FILTER_ADD, "Add a filter: score op value, a flag, not flag, any filter") \
	X(FILTER_REMOVE, "Remove the filter under the cursor") \
	X(FLAG_FLIP, "Flip a flag filter: must be set / must not be") \
	X(RANK, "Change the ranking: scores with weights, random, dsir") \
	X(BUDGET, "Change the budget: a count, a percentage, or nothing for all") \
	X(SAVE, "Save the recipe under a name") \
	X(EXPORT, "Run the selection and export it with its manifest") \
	X(CURATOR, "The scores against the curator's decisions: AUC, confusion, suggested cuts") \
	X(OVERVIEW, "Every score's distribution on one screen; a scatter of two") \
	X(APPLY_F1, "Apply the suggested cut: the best F1 against the curator") \
	X(APPLY_J, "Apply the suggested cut: the best Youden's J") \
	X(SCATTER_X, "Plot this score across (x)") \
	X(SCATTER_Y, "Plot this score up (y)") \
	X(SCATTER, "Show the scatter of the two chosen scores") \
	X(MARKS, "Show every sample / the accepted / the rejected / the undecided") \
	X(EVAL, "Evaluation: runs comparing models trained on the selection, all, random") \
	X(EVAL_QUICK, "Start a quick comparison (n-gram) from the latest stored selection") \
	X(EVAL_GPT, "Start a transformer comparison (asks for the token budget)") \
	X(HELP, "Show this help") \
	X(REDRAW, "Redraw the screen") \
	X(BACK, "Close this view (in the sample list: quit)") \
	X(QUIT, "Quit winnow")

enum action {
#define ACTION_ENUM(name, help) A_##name,
	ACTION_INFO(ACTION_ENUM)
#undef ACTION_ENUM
	A__COUNT
};

enum keymap_id {
	KM_GENERIC, KM_LIST, KM_SAMPLE, KM_COLUMNS, KM_HELP, KM_QUEUES,
	KM_TUNE, KM_CURATOR, KM_OVERVIEW, KM_SCATTER, KM_EVAL,
	KM__COUNT
};

/* Keys: a Unicode code point, or KEY_FN(curses KEY_* code) for a function key. Enter is
 * always '\n', Backspace KEY_FN(KEY_BACKSPACE). */
#define KEY_FN(k) (0x40000000 | (k))
#define KEY_ESC 27

const char *action_help(enum action a);

/* The action key triggers in map (falling back to the generic map). */
enum action keymap_action(enum keymap_id map, int key);

/* The keys bound to a in map only (not the generic map), as "j <Down>"; "" if none.
 * Returns buf. */
const char *keymap_keys(enum keymap_id map, enum action a, char *buf, size_t size);

/* A key's name: "j", "<Space>", "<C-d>", "<PgDn>". Returns buf. */
const char *key_label(int key, char *buf, size_t size);

/* Parse one key name at *s (a name in <>, or one UTF-8 character), advancing *s.
 * Returns false on an unknown <name>. */
bool key_parse(const char **s, int *key);

/* One UTF-8 character at *s as a key, advancing *s. */
bool key_parse_char(const char **s, int *key);

/* Normalise a key from wget_wch (ret is its return value): Enter, Backspace. */
int key_from_curses(int ret, unsigned wch);

#endif
