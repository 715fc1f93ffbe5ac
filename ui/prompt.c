/* prompt.c: the prompt line (search, answers): UTF-8 editing with the usual readline
 * keys and a history. Owns nothing but the struct prompt it is given. */
#include <curses.h>
#include <limits.h>
#include <string.h>
#include <wchar.h>

#include "view.h"

#define CTRL(c) ((c) & 0x1f)

/* Byte length of the character ending at p->pos (0 at the start). */
static size_t
prev_len(const struct prompt *p, size_t pos)
{
	size_t i = pos;

	while (i > 0) {
		i--;
		if (((unsigned char)p->text[i] & 0xC0) != 0x80)
			break;
	}
	return pos - i;
}

static size_t
next_len(const struct prompt *p, size_t pos)
{
	size_t i = pos;

	if (i >= p->len)
		return 0;
	i++;
	while (i < p->len && ((unsigned char)p->text[i] & 0xC0) == 0x80)
		i++;
	return i - pos;
}

static void
delete_range(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text + from, p->text + to, p->len - to + 1);
	p->len -= to - from;
	p->pos = from;
}

static void
insert(struct prompt *p, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t ps;
	size_t k;

	memset(&ps, 0, sizeof(ps));
	k = wcrtomb(mb, (wchar_t)key, &ps);
	if (k == (size_t)-1 || p->len + k >= PROMPT_MAX)
		return;
	memmove(p->text + p->pos + k, p->text + p->pos, p->len - p->pos + 1);
	memcpy(p->text + p->pos, mb, k);
	p->len += k;
	p->pos += k;
}

static void
set_text(struct prompt *p, const char *s)
{
	snprintf(p->text, sizeof(p->text), "%s", s);
	p->len = p->pos = strlen(p->text);
}

static void
history(struct prompt *p, int dir)
{
	if (!p->history || p->n_history == 0)
		return;
	if (dir < 0 && p->hist_at > 0)
		p->hist_at--;
	else if (dir > 0 && p->hist_at < p->n_history)
		p->hist_at++;
	set_text(p, p->hist_at < p->n_history ? p->history[p->hist_at] : "");
}

/* Delete the word before the cursor (and the spaces after it). */
static void
delete_word(struct prompt *p)
{
	size_t i = p->pos;

	while (i > 0 && p->text[i - 1] == ' ')
		i--;
	while (i > 0 && p->text[i - 1] != ' ')
		i--;
	delete_range(p, i, p->pos);
}

bool
prompt_key(struct prompt *p, int key, const char **answer)
{
	*answer = NULL;
	switch (key) {
	case '\n': *answer = p->text; p->active = false; return true;
	case KEY_ESC: case CTRL('c'): case CTRL('g'): p->active = false; return true;
	case KEY_FN(KEY_BACKSPACE): delete_range(p, p->pos - prev_len(p, p->pos), p->pos); break;
	case KEY_FN(KEY_DC): case CTRL('d'): delete_range(p, p->pos, p->pos + next_len(p, p->pos)); break;
	case KEY_FN(KEY_LEFT): case CTRL('b'): p->pos -= prev_len(p, p->pos); break;
	case KEY_FN(KEY_RIGHT): case CTRL('f'): p->pos += next_len(p, p->pos); break;
	case KEY_FN(KEY_HOME): case CTRL('a'): p->pos = 0; break;
	case KEY_FN(KEY_END): case CTRL('e'): p->pos = p->len; break;
	case CTRL('u'): delete_range(p, 0, p->pos); break;
	case CTRL('k'): p->text[p->pos] = '\0'; p->len = p->pos; break;
	case CTRL('w'): delete_word(p); break;
	case KEY_FN(KEY_UP): case CTRL('p'): history(p, -1); break;
	case KEY_FN(KEY_DOWN): case CTRL('n'): history(p, 1); break;
	default:
		if (key >= 0x20 && !(key & KEY_FN(0)) && key != 0x7F)
			insert(p, key);
	}
	return false;
}

void
prompt_draw(const struct prompt *p, int y)
{
	struct line l = {0};
	size_t from = 0;
	int label = text_width(p->label, strlen(p->label));

	/* Show the text from a point where the cursor fits on the screen. */
	while (from < p->pos && label + text_width(p->text + from, p->pos - from) >= COLS - 1)
		from += next_len(p, from);
	line_reset(&l, COLS);
	line_puts(&l, p->label, strlen(p->label), S_TITLE);
	line_puts(&l, p->text + from, p->pos - from, S_NORMAL);
	size_t cur = l.n;
	if (p->pos < p->len)
		line_puts(&l, p->text + p->pos, next_len(p, p->pos), S_NORMAL);
	else
		line_putwc(&l, ' ', S_NORMAL);
	if (cur < l.n)
		l.c[cur].cursor = true;
	if (p->pos < p->len)
		line_puts(&l, p->text + p->pos + next_len(p, p->pos),
			  p->len - p->pos - next_len(p, p->pos), S_NORMAL);
	draw_line(y, &l);
	line_free(&l);
}
