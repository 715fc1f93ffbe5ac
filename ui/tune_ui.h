/* tune_ui.h: what the tuning screens share (private to ui/): the drawing of histograms
 * as Unicode block bars with a cut marked, tall histograms, braille dots, and the
 * thresholds view's session for the screens it opens. See view_thresholds.c. */
#ifndef WINNOW_UI_TUNE_UI_H
#define WINNOW_UI_TUNE_UI_H

#include "engine_tune.h"
#include "view.h"

/* What view_thresholds.c hands to the screens it opens (borrowed). */
struct tune_ref {
	struct view *thresholds;
	struct tune_session *t;
};

/* What the overview hands to the scatter: two score columns. */
struct scatter_arg {
	struct tune_ref ref;
	size_t x, y;
};

/* The thresholds view's session (borrowed) and a note that the live recipe changed
 * elsewhere (a suggested cut applied): it refreshes when it is shown again. */
struct tune_session *view_thresholds_session(struct view *thresholds);
void view_thresholds_changed(struct view *thresholds, size_t focus);

/* One row of block bars (▁..█), one per bin, scaled to max (0: the largest bin). With
 * cut >= 0 a ┃ is put before bin `cut` (cut == n: after the last); bins on the kept
 * side (keep_right: those after the cut) are drawn in `kept`, the others in S_DIM. */
void bars_row(struct line *l, const uint32_t *bins, size_t n, uint32_t max, long cut,
	      bool keep_right, enum style kept);

/* Row `row` (0 at the top) of a histogram height rows tall, scaled to max, with marks
 * (┃, or ╏ for the second) before bins cut and cut2 (-1: none). */
void bars_tall_row(struct line *l, const uint32_t *bins, size_t n, uint32_t max, int height,
		   int row, enum style st, long cut, long cut2);

/* Where a value falls among n bins over [lo, hi]: the boundary nearest it, 0..n. */
long bars_pos(double v, double lo, double hi, size_t n);

/* The braille character for a 2x4 block of dots (bit 0 top left ... as in the grid
 * rows: dots[y][x], y 0..3, x 0..1). */
wchar_t braille(const bool dots[4][2]);

/* "p12.3" (or "" when unknown). Returns buf. */
const char *fmt_pct(double p, char buf[32]);

/* The largest of bins[0..n). */
uint32_t bars_max(const uint32_t *bins, size_t n);

#endif
