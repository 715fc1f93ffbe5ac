/* tune_draw.c: the pictures of the tuning screens as cells of a struct line: histograms
 * of block bars (one row, or several rows tall), the cut marked in them, braille dots.
 * No curses calls: draw.c paints the lines. */
#include <math.h>
#include <stdio.h>

#include "tune_ui.h"

uint32_t
bars_max(const uint32_t *bins, size_t n)
{
	uint32_t m = 0;

	for (size_t i = 0; i < n; i++)
		m = bins[i] > m ? bins[i] : m;
	return m;
}

/* 0..8 eighths of a cell for count out of max (a non-empty bin shows at least one). */
static int
eighths(uint64_t count, uint64_t max, int height)
{
	uint64_t full = (uint64_t)height * 8;

	if (!count || !max)
		return 0;
	uint64_t e = (count * full + max - 1) / max;
	return (int)(e > full ? full : e);
}

void
bars_row(struct line *l, const uint32_t *bins, size_t n, uint32_t max, long cut,
	 bool keep_right, enum style kept)
{
	if (!max)
		max = bars_max(bins, n);
	for (size_t i = 0; i <= n; i++) {
		if (cut >= 0 && (size_t)cut == i)
			line_putwc(l, 0x2503, S_TITLE);	/* ┃ */
		if (i == n)
			break;
		int e = eighths(bins[i], max, 1);
		bool right = cut < 0 || (long)i >= cut;
		enum style st = cut < 0 || right == keep_right ? kept : S_DIM;
		line_putwc(l, e ? 0x2580 + e : ' ', st);
	}
}

void
bars_tall_row(struct line *l, const uint32_t *bins, size_t n, uint32_t max, int height,
	      int row, enum style st, long cut, long cut2)
{
	if (!max)
		max = bars_max(bins, n);
	for (size_t i = 0; i <= n; i++) {
		if (cut >= 0 && (size_t)cut == i)
			line_putwc(l, 0x2503, S_TITLE);	/* ┃ */
		else if (cut2 >= 0 && (size_t)cut2 == i)
			line_putwc(l, 0x254F, S_TITLE);	/* ╏ */
		if (i == n)
			break;
		int e = eighths(bins[i], max, height) - (height - 1 - row) * 8;
		e = e < 0 ? 0 : e > 8 ? 8 : e;
		line_putwc(l, e ? 0x2580 + e : ' ', st);
	}
}

long
bars_pos(double v, double lo, double hi, size_t n)
{
	double x;

	if (isnan(v) || hi <= lo)
		return -1;
	x = (v - lo) / (hi - lo) * (double)n;
	return x <= 0 ? 0 : x >= (double)n ? (long)n : lround(x);
}

wchar_t
braille(const bool dots[4][2])
{
	/* Unicode braille: dots 1-2-3 and 4-5-6 down the two columns, 7 and 8 at the bottom */
	static const int bit[4][2] = {{0, 3}, {1, 4}, {2, 5}, {6, 7}};
	int b = 0;

	for (int y = 0; y < 4; y++)
		for (int x = 0; x < 2; x++)
			if (dots[y][x])
				b |= 1 << bit[y][x];
	return (wchar_t)(0x2800 + b);
}

const char *
fmt_pct(double p, char buf[32])
{
	if (isnan(p))
		buf[0] = '\0';
	else if (p >= 99.95 || p < 0.05 || p == floor(p))
		snprintf(buf, 32, "p%.0f", p);
	else
		snprintf(buf, 32, "p%.1f", p);
	return buf;
}
