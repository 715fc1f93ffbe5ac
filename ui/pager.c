/* pager.c: movement shared by the views: a document of lines scrolled by a top line
 * (sample, help), and a cursor over items (columns). One place for j/k/g/G/paging, so no
 * view copies navigation code. */
#include "view.h"

static size_t
max_top(const struct pager *p, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;

	return p->doc.n > h ? p->doc.n - h : 0;
}

void
pager_clamp(struct pager *p, int height)
{
	if (p->top > max_top(p, height))
		p->top = max_top(p, height);
}

/* Scroll by delta lines (negative: up), staying inside the document. */
static void
scroll_by(struct pager *p, long delta, int height)
{
	long top = (long)p->top + delta;

	p->top = top < 0 ? 0 : (size_t)top;
	pager_clamp(p, height);
}

int
pager_action(struct pager *p, enum action a, int height)
{
	long h = height > 1 ? height : 1;

	switch (a) {
	case A_DOWN: scroll_by(p, 1, height); break;
	case A_UP: scroll_by(p, -1, height); break;
	case A_PAGE_DOWN: scroll_by(p, h - 1, height); break;
	case A_PAGE_UP: scroll_by(p, -(h - 1), height); break;
	case A_HALF_DOWN: scroll_by(p, h / 2, height); break;
	case A_HALF_UP: scroll_by(p, -(h / 2), height); break;
	case A_FIRST: p->top = 0; break;
	case A_LAST: p->top = max_top(p, height); break;
	default: return -1;
	}
	return RE_REDRAW;
}

void
pager_draw(const struct pager *p, int height)
{
	static const struct line empty = {0};

	for (int y = 0; y < height; y++) {
		size_t i = p->top + (size_t)y;
		draw_line(y, i < p->doc.n ? &p->doc.v[i] : &empty);
	}
}

int
nav_action(struct nav *nv, enum action a, int height)
{
	long h = height > 1 ? height : 1, cur = (long)nv->cur, last = (long)nv->n - 1;

	switch (a) {
	case A_DOWN: cur++; break;
	case A_UP: cur--; break;
	case A_PAGE_DOWN: cur += h; break;
	case A_PAGE_UP: cur -= h; break;
	case A_HALF_DOWN: cur += h / 2; break;
	case A_HALF_UP: cur -= h / 2; break;
	case A_FIRST: cur = 0; break;
	case A_LAST: cur = last; break;
	default: return -1;
	}
	nv->cur = cur > last ? (size_t)(last < 0 ? 0 : last) : cur < 0 ? 0 : (size_t)cur;
	if (nv->cur < nv->top)
		nv->top = nv->cur;
	if (nv->cur >= nv->top + (size_t)h)
		nv->top = nv->cur - (size_t)h + 1;
	return RE_REDRAW;
}
