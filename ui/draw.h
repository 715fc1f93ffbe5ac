/* draw.h: text to screen cells. A view formats each row into a struct line (cells of
 * wide characters with a style each, measured with wcwidth) before anything reaches
 * curses, so clipping, wide (CJK) characters, emoji, combining marks and control
 * characters are handled in one place, and only draw_line paints. Also word wrapping for
 * the pager views and the mapping of styles to curses attributes (colour or NO_COLOR). */
#ifndef WINNOW_UI_DRAW_H
#define WINNOW_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

enum style {
	S_NORMAL,
	S_HEADER,	/* column headers */
	S_SORTCOL,	/* the selected column's header */
	S_STATUS,	/* the status bar */
	S_ERROR,
	S_INFO,
	S_GOOD,		/* a score on its good side */
	S_BAD,		/* a score on its bad side, a fired flag */
	S_HIT,		/* a search term */
	S_RULE,		/* text where a rule fired */
	S_DIM,		/* secondary text */
	S_ROLE,		/* turn labels, section titles */
	S_TITLE,
	S_ACCEPT,
	S_REJECT,
	S_GAUGE,	/* the filled part of a gauge */
	S__COUNT
};

#define CELL_CHARS 3	/* a base character and up to two combining ones */

struct cell {
	wchar_t wc[CELL_CHARS];	/* wc[0] base; 0-terminated if shorter */
	unsigned char width;	/* 1 or 2 columns */
	unsigned char style;
	bool cursor;		/* drawn in reverse video */
};

/* One screen row being built: cells whose widths add up to cols, at most max. */
struct line {
	struct cell *c;
	size_t n, cap;
	int cols;
	int max;
	bool cursor_row;	/* draw_line pads it in reverse video too */
};

/* Start (or restart) a line that may take max columns. */
void line_reset(struct line *l, int max);
void line_free(struct line *l);

/* Append UTF-8 text (invalid bytes become U+FFFD; tabs and line breaks become spaces,
 * other control characters ^X) until the line is full. Returns the columns added. */
int line_puts(struct line *l, const char *s, size_t len, enum style st);
/* line_puts of a NUL-terminated string. */
int line_put(struct line *l, const char *s, enum style st);
int line_printf(struct line *l, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append one wide character (width from wcwidth; nothing if it does not fit). */
void line_putwc(struct line *l, wchar_t wc, enum style st);

/* Pad with spaces up to column col (no-op if already there). */
void line_pad(struct line *l, int col, enum style st);

/* Text cut to at most width columns, with … when cut, then padded to width (left
 * aligned, or right aligned when right). */
void line_field(struct line *l, const char *s, int width, bool right, enum style st);

/* Mark every cell (and the padding draw_line adds) as the cursor row. */
void line_set_cursor(struct line *l);

/* Columns s[0..len) takes on one line (no wrapping, controls as line_puts draws them). */
int text_width(const char *s, size_t len);

/* ---- wrapping ---- */

struct lines {
	struct line *v;
	size_t n, cap;
};

void lines_free(struct lines *ls);
/* Append an empty line of max columns and return it. */
struct line *lines_add(struct lines *ls, int max);

/* Word-wrap UTF-8 text to width columns as new lines of ls, with the style of each byte
 * from styles (NULL: st for all), after indent columns of spaces. Keeps the text's line
 * breaks; breaks long words; tabs to the next multiple of 4. */
void wrap_text(struct lines *ls, const char *s, size_t len, const unsigned char *styles,
	       enum style st, int width, int indent);

/* ---- curses ---- */

/* Set up colour pairs (unless no_color) and the attribute of each style. */
void draw_init(bool no_color);

/* Paint l at row y from column 0, padding to the screen's width. */
void draw_line(int y, const struct line *l);

/* Paint l at row y from column x, without padding (boxes drawn over a view). */
void draw_at(int y, int x, const struct line *l);

/* Append src's cells to l while they fit. */
void line_append(struct line *l, const struct line *src);

/* Print the screen's text (what curses holds) to fp, one line per row, trailing spaces
 * removed: the headless mode's screen dump. */
void draw_dump(FILE *fp);

#endif
