/* thresholds.h: the thresholds view's state, shared by view_thresholds.c (opening, keys,
 * prompts, the margin's decisions) and thresholds_draw.c (the screen). Private to ui/. */
#ifndef WINNOW_UI_THRESHOLDS_H
#define WINNOW_UI_THRESHOLDS_H

#include "tune_ui.h"

/* The histogram of one column as last drawn (recounting never changes it). */
struct hist_cache {
	size_t col, bins;
	double lo, hi;
	uint32_t *b;
};

struct thresholds {
	struct tune_session *t;	/* owned: closed with the view */
	size_t cur, top;	/* the filter under the cursor, the first one shown */
	bool in_margin;		/* the cursor is in the margin list */
	/* the margin of filter m_for, in value order: rows [0, n_above) above the cut's
	 * line, the rest below it */
	struct tune_margin_row *mrows;
	char **mprev;		/* each row's prompt, for the eye */
	size_t n_m, n_above, mcur, m_for, m_k;
	unsigned m_gen;
	bool m_valid;
	unsigned gen;		/* counts changes of the live recipe */
	struct hist_cache *hc;
	size_t n_hc;
	bool quit_armed;	/* q once with unsaved changes */
	char *export_path;	/* the file to export to once the recipe is saved */
};

/* Rows of the body the filters take, given its height. */
size_t thresholds_filter_rows(struct view *v, int height);
/* Rows the margin list takes (including its heading and the cut's line). */
int thresholds_margin_rows(struct view *v, int height);
/* Compute the margin of the filter under the cursor again if it is stale, for k rows a
 * side. */
void thresholds_margin(struct view *v, size_t k);
void thresholds_draw(struct view *v, int height);

#endif
