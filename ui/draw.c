/* draw.c: cells, lines, wrapping and painting (see draw.h). The only file that turns
 * text into curses calls; views never call addstr themselves. */
#include "draw.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define TAB_STOP 4

static attr_t style_attr[S__COUNT];
static short style_pair[S__COUNT];

/* ---- UTF-8 ---- */

/* Decode one code point; invalid or truncated sequences give U+FFFD for one byte. */
static wchar_t
decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned c = s[0], need, cp, min;

	*len = 1;
	if (c < 0x80)
		return (wchar_t)c;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, cp = c & 0x07, min = 0x10000;
	else
		return 0xFFFD;
	if (n < need + 1)
		return 0xFFFD;
	for (unsigned k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*len = need + 1;
	return (wchar_t)cp;
}

/* ---- lines ---- */

void
line_reset(struct line *l, int max)
{
	l->n = 0;
	l->cols = 0;
	l->max = max < 0 ? 0 : max;
	l->cursor_row = false;
}

void
line_free(struct line *l)
{
	free(l->c);
	memset(l, 0, sizeof(*l));
}

static struct cell *
push_cell(struct line *l)
{
	if (l->n == l->cap)
		l->c = xrealloc(l->c, (l->cap = l->cap ? 2 * l->cap : 64) * sizeof(*l->c));
	return &l->c[l->n++];
}

/* Width of wc as drawn: 0 for a combining character, 1 or 2; -1 if not printable. */
static int
wc_width(wchar_t wc)
{
	int w = wcwidth(wc);

	return w > 2 ? 2 : w;
}

void
line_putwc(struct line *l, wchar_t wc, enum style st)
{
	int w = wc_width(wc);

	if (w == 0 && wc != 0) {	/* combining: joins the previous cell */
		if (l->n > 0)
			for (int k = 1; k < CELL_CHARS; k++)
				if (l->c[l->n - 1].wc[k] == 0) {
					l->c[l->n - 1].wc[k] = wc;
					break;
				}
		return;
	}
	if (w < 0) {
		wc = 0xFFFD;
		w = 1;
	}
	if (l->cols + w > l->max)
		return;
	struct cell *c = push_cell(l);
	memset(c, 0, sizeof(*c));
	c->wc[0] = wc;
	c->width = (unsigned char)w;
	c->style = (unsigned char)st;
	l->cols += w;
}

/* One code point as drawn on a single line: controls become ^X, breaks a space.
 * False when it does not fit. */
static bool
put_visible(struct line *l, wchar_t wc, enum style st)
{
	bool ctl = wc < 0x20 || wc == 0x7F;
	int w = ctl ? 2 : wc_width(wc);

	if (wc == '\t' || wc == '\n')
		wc = ' ', w = 1, ctl = false;
	if (wc == '\r')
		return true;
	if (wc >= 0x80 && wc < 0xA0)
		wc = 0xFFFD, w = 1;
	if (l->cols + (w < 0 ? 1 : w) > l->max)
		return false;
	if (ctl) {
		line_putwc(l, '^', S_DIM);
		line_putwc(l, wc == 0x7F ? '?' : '@' + wc, S_DIM);
	} else {
		line_putwc(l, wc, st);
	}
	return true;
}

int
line_puts(struct line *l, const char *s, size_t len, enum style st)
{
	int start = l->cols;
	size_t i = 0, k;

	while (i < len) {
		wchar_t wc = decode((const unsigned char *)s + i, len - i, &k);
		if (!put_visible(l, wc, st))
			break;
		i += k;
	}
	return l->cols - start;
}

int
line_put(struct line *l, const char *s, enum style st)
{
	return line_puts(l, s, strlen(s), st);
}

int
line_printf(struct line *l, enum style st, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return line_puts(l, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1, st);
}

void
line_pad(struct line *l, int col, enum style st)
{
	while (l->cols < col && l->cols < l->max)
		line_putwc(l, ' ', st);
}

int
text_width(const char *s, size_t len)
{
	struct line l = {0};
	int w;

	line_reset(&l, 1 << 30);
	line_puts(&l, s, len, S_NORMAL);
	w = l.cols;
	line_free(&l);
	return w;
}

void
line_field(struct line *l, const char *s, int width, bool right, enum style st)
{
	size_t len = strlen(s);
	int w = text_width(s, len), start = l->cols, saved = l->max;

	if (width <= 0)
		return;
	if (w <= width) {
		if (right)
			line_pad(l, start + width - w, st);
		line_puts(l, s, len, st);
	} else {
		l->max = start + width - 1 < saved ? start + width - 1 : saved;
		line_puts(l, s, len, st);
		l->max = saved;
		line_pad(l, start + width - 1, st);
		line_putwc(l, 0x2026, st);	/* … */
	}
	line_pad(l, start + width, st);
}

void
line_set_cursor(struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->c[i].cursor = true;
	l->cursor_row = true;
}

/* ---- wrapping ---- */

void
lines_free(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		line_free(&ls->v[i]);
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

struct line *
lines_add(struct lines *ls, int max)
{
	if (ls->n == ls->cap)
		ls->v = xrealloc(ls->v, (ls->cap = ls->cap ? 2 * ls->cap : 64) * sizeof(*ls->v));
	memset(&ls->v[ls->n], 0, sizeof(ls->v[0]));
	line_reset(&ls->v[ls->n], max);
	return &ls->v[ls->n++];
}

struct wrap {
	struct lines *ls;
	struct line *cur;
	int width, indent;
	long brk;		/* index of the last space in cur, -1 if none */
};

static void
wrap_newline(struct wrap *w)
{
	w->cur = lines_add(w->ls, w->width);
	line_pad(w->cur, w->indent, S_NORMAL);
	w->brk = -1;
}

/* The line is full: move what follows its last space to a new line (a hard break when
 * it has none). The space itself is dropped. */
static void
wrap_break(struct wrap *w)
{
	long idx = w->cur - w->ls->v, brk = w->brk;
	struct line *old;

	wrap_newline(w);
	old = &w->ls->v[idx];	/* lines_add may have moved it */
	if (brk < 0)
		return;
	for (size_t i = (size_t)brk + 1; i < old->n; i++) {
		*push_cell(w->cur) = old->c[i];
		w->cur->cols += old->c[i].width;
	}
	for (size_t i = (size_t)brk; i < old->n; i++)
		old->cols -= old->c[i].width;
	old->n = (size_t)brk;
}

static void
wrap_put(struct wrap *w, wchar_t wc, enum style st)
{
	int cw = wc_width(wc);

	if (cw == 0 && wc != 0) {
		line_putwc(w->cur, wc, st);
		return;
	}
	if (cw < 0)
		cw = 1;
	if (w->cur->cols + cw > w->width) {
		if (wc == ' ') {	/* a space at the edge is the break itself */
			wrap_newline(w);
			return;
		}
		wrap_break(w);
		if (w->cur->cols + cw > w->width)	/* one word longer than the line */
			wrap_newline(w);
	}
	line_putwc(w->cur, wc, st);
	if (wc == ' ')
		w->brk = (long)w->cur->n - 1;
}

void
wrap_text(struct lines *ls, const char *s, size_t len, const unsigned char *styles,
	  enum style st, int width, int indent)
{
	struct wrap w = {ls, NULL, width < indent + 4 ? indent + 4 : width, indent, -1};
	size_t i = 0, k;

	wrap_newline(&w);
	while (i < len) {
		wchar_t wc = decode((const unsigned char *)s + i, len - i, &k);
		enum style cs = styles ? (enum style)styles[i] : st;
		i += k;
		if (wc == '\n') {
			wrap_newline(&w);
		} else if (wc == '\t') {
			do
				wrap_put(&w, ' ', cs);
			while ((w.cur->cols - w.indent) % TAB_STOP);
		} else if (wc == '\r') {
			continue;
		} else if (wc < 0x20 || wc == 0x7F) {
			wrap_put(&w, '^', S_DIM);
			wrap_put(&w, wc == 0x7F ? '?' : '@' + wc, S_DIM);
		} else {
			wrap_put(&w, wc >= 0x80 && wc < 0xA0 ? 0xFFFD : wc, cs);
		}
	}
}

/* ---- curses ---- */

void
draw_init(bool no_color)
{
	static const struct {
		attr_t mono, colour;
		short fg, bg;
	} t[S__COUNT] = {
		[S_NORMAL] = {A_NORMAL, A_NORMAL, -1, -1},
		[S_HEADER] = {A_REVERSE | A_BOLD, A_BOLD, COLOR_BLACK, COLOR_GREEN},
		[S_SORTCOL] = {A_REVERSE | A_BOLD | A_UNDERLINE, A_BOLD, COLOR_BLACK, COLOR_CYAN},
		[S_STATUS] = {A_REVERSE, A_NORMAL, COLOR_BLACK, COLOR_CYAN},
		[S_ERROR] = {A_BOLD, A_BOLD, COLOR_RED, -1},
		[S_INFO] = {A_NORMAL, A_NORMAL, -1, -1},
		[S_GOOD] = {A_NORMAL, A_NORMAL, COLOR_GREEN, -1},
		[S_BAD] = {A_BOLD, A_NORMAL, COLOR_RED, -1},
		[S_HIT] = {A_BOLD | A_UNDERLINE, A_NORMAL, COLOR_BLACK, COLOR_YELLOW},
		[S_RULE] = {A_UNDERLINE, A_UNDERLINE, COLOR_MAGENTA, -1},
		[S_DIM] = {A_DIM, A_NORMAL, COLOR_BLUE, -1},
		[S_ROLE] = {A_BOLD, A_BOLD, COLOR_CYAN, -1},
		[S_TITLE] = {A_BOLD, A_BOLD, -1, -1},
		[S_ACCEPT] = {A_BOLD, A_BOLD, COLOR_GREEN, -1},
		[S_REJECT] = {A_BOLD, A_BOLD, COLOR_RED, -1},
		[S_GAUGE] = {A_REVERSE, A_NORMAL, COLOR_BLACK, COLOR_GREEN},
	};
	bool colour = !no_color && has_colors() && start_color() == OK;

	if (colour)
		use_default_colors();
	for (int i = 0; i < S__COUNT; i++) {
		style_pair[i] = 0;
		style_attr[i] = colour ? t[i].colour : t[i].mono;
		if (colour && (t[i].fg >= 0 || t[i].bg >= 0) && init_pair((short)(i + 1), t[i].fg, t[i].bg) == OK)
			style_pair[i] = (short)(i + 1);
	}
}

static void
put_cell(const struct cell *c)
{
	cchar_t cc;
	attr_t a = style_attr[c->style] | (c->cursor ? A_REVERSE : 0);

	setcchar(&cc, c->wc, a, style_pair[c->style], NULL);
	add_wch(&cc);
}

void
draw_line(int y, const struct line *l)
{
	static const struct cell blank = {{' '}, 1, S_NORMAL, false};
	int x = 0;

	move(y, 0);
	for (size_t i = 0; i < l->n && x + l->c[i].width <= COLS; i++) {
		put_cell(&l->c[i]);
		x += l->c[i].width;
	}
	for (; x < COLS; x++) {
		struct cell c = blank;
		c.cursor = l->cursor_row;
		put_cell(&c);
	}
}

void
draw_at(int y, int x, const struct line *l)
{
	move(y, x);
	for (size_t i = 0; i < l->n && x + l->c[i].width <= COLS; i++) {
		put_cell(&l->c[i]);
		x += l->c[i].width;
	}
}

void
line_append(struct line *l, const struct line *src)
{
	for (size_t i = 0; i < src->n && l->cols + src->c[i].width <= l->max; i++) {
		*push_cell(l) = src->c[i];
		l->cols += src->c[i].width;
	}
}

void
draw_dump(FILE *fp)
{
	wchar_t *w = xcalloc((size_t)COLS + 1, sizeof(*w));
	char mb[MB_LEN_MAX];

	for (int y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, w, COLS);
		while (n > 0 && w[n - 1] == ' ')
			n--;
		for (int i = 0; i < n; i++) {
			mbstate_t ps;
			memset(&ps, 0, sizeof(ps));
			size_t k = wcrtomb(mb, w[i], &ps);
			if (k != (size_t)-1)
				fwrite(mb, 1, k, fp);
		}
		fputc('\n', fp);
	}
	free(w);
}
