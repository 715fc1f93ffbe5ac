/* chart.c: braille line charts (see chart.h). A braille character U+2800 + bits has
 * eight dots, two columns of four: bits 0 1 2 6 down the left, 3 4 5 7 down the right. */
#include "chart.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const unsigned char dot_bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20},
					     {0x40, 0x80}};

void
chart_init(struct chart *c, int w, int h, double x0, double x1, double y0, double y1)
{
	c->w = w > 1 ? w : 1;
	c->h = h > 1 ? h : 1;
	if (!(x1 > x0))
		x1 = x0 + 1;
	if (!(y1 > y0)) {
		y0 -= 0.5;
		y1 = y0 + 1;
	}
	c->x0 = x0, c->x1 = x1, c->y0 = y0, c->y1 = y1;
	c->dots = xcalloc((size_t)c->w * (size_t)c->h, 1);
	c->style = xcalloc((size_t)c->w * (size_t)c->h, 1);
}

void
chart_free(struct chart *c)
{
	free(c->dots);
	free(c->style);
	c->dots = c->style = NULL;
}

/* Data to dot coordinates (dot 0 is the left / top). */
static void
to_dots(const struct chart *c, double x, double y, long *dx, long *dy)
{
	double fx = (x - c->x0) / (c->x1 - c->x0), fy = (c->y1 - y) / (c->y1 - c->y0);

	*dx = lround(fx * (2 * c->w - 1));
	*dy = lround(fy * (4 * c->h - 1));
}

static void
plot(struct chart *c, long dx, long dy, enum style st)
{
	if (dx < 0 || dy < 0 || dx >= 2L * c->w || dy >= 4L * c->h)
		return;
	size_t cell = (size_t)(dy / 4) * (size_t)c->w + (size_t)(dx / 2);
	c->dots[cell] |= dot_bit[dy % 4][dx % 2];
	c->style[cell] = (unsigned char)st;
}

/* Bresenham from (ax, ay) to (bx, by). */
static void
segment(struct chart *c, long ax, long ay, long bx, long by, enum style st)
{
	long dx = labs(bx - ax), dy = -labs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1;
	long e = dx + dy;

	for (;;) {
		plot(c, ax, ay, st);
		if (ax == bx && ay == by)
			break;
		long e2 = 2 * e;
		if (e2 >= dy)
			e += dy, ax += sx;
		if (e2 <= dx)
			e += dx, ay += sy;
	}
}

void
chart_series(struct chart *c, const double *x, const double *y, size_t n, enum style st)
{
	long px = 0, py = 0;
	bool have = false;

	for (size_t i = 0; i < n; i++) {
		long dx, dy;
		if (!isfinite(x[i]) || !isfinite(y[i]))
			continue;
		to_dots(c, x[i], y[i], &dx, &dy);
		if (!have)
			plot(c, dx, dy, st);
		else
			segment(c, px, py, dx, dy, st);
		px = dx, py = dy;
		have = true;
	}
}

int
chart_row_of(const struct chart *c, double y)
{
	long dx, dy;

	to_dots(c, c->x0, y, &dx, &dy);
	dy /= 4;
	return dy < 0 ? 0 : dy >= c->h ? c->h - 1 : (int)dy;
}

void
chart_row(const struct chart *c, int row, struct line *l)
{
	for (int i = 0; i < c->w; i++) {
		size_t cell = (size_t)row * (size_t)c->w + (size_t)i;
		if (c->dots[cell])
			line_putwc(l, 0x2800 + c->dots[cell], (enum style)c->style[cell]);
		else
			line_putwc(l, ' ', S_NORMAL);
	}
}
