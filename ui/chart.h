/* chart.h: a braille line chart: a canvas of w x h cells, each 2 x 4 dots, onto which
 * series of (x, y) points are drawn as joined lines in data coordinates; each row then
 * becomes a struct line. A cell shows the style of the last series that touched it.
 * Owns its cells (chart_free). */
#ifndef WINNOW_UI_CHART_H
#define WINNOW_UI_CHART_H

#include "draw.h"

struct chart {
	int w, h;			/* cells */
	double x0, x1, y0, y1;		/* the data range shown (y1 at the top) */
	unsigned char *dots;		/* w * h braille bit sets */
	unsigned char *style;		/* w * h */
};

/* A canvas of w x h cells over [x0, x1] x [y0, y1] (empty ranges are widened). */
void chart_init(struct chart *c, int w, int h, double x0, double x1, double y0, double y1);
void chart_free(struct chart *c);

/* Draw the polyline through (x[i], y[i]), i < n, in style st (points outside the range
 * are clipped; one point is a dot). */
void chart_series(struct chart *c, const double *x, const double *y, size_t n, enum style st);

/* The cell row of the dot row for data y (clamped to the canvas). */
int chart_row_of(const struct chart *c, double y);

/* Append cell row `row` to l (w columns; empty cells are spaces). */
void chart_row(const struct chart *c, int row, struct line *l);

#endif
