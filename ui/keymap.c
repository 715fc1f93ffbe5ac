/* keymap.c: the action table, the key bindings of each view, key names (see keymap.h). */
#include "keymap.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *const action_helps[A__COUNT] = {
#define ACTION_HELP(name, help) help,
	ACTION_INFO(ACTION_HELP)
#undef ACTION_HELP
};

#define CTRL(c) ((c) & 0x1f)

struct binding {
	int key;
	enum action a;
};

static const struct binding generic[] = {
	{'j', A_DOWN}, {KEY_FN(KEY_DOWN), A_DOWN}, {'k', A_UP}, {KEY_FN(KEY_UP), A_UP},
	{KEY_FN(KEY_NPAGE), A_PAGE_DOWN}, {CTRL('f'), A_PAGE_DOWN}, {' ', A_PAGE_DOWN},
	{KEY_FN(KEY_PPAGE), A_PAGE_UP}, {CTRL('b'), A_PAGE_UP}, {CTRL('d'), A_HALF_DOWN},
	{CTRL('u'), A_HALF_UP}, {'g', A_FIRST}, {KEY_FN(KEY_HOME), A_FIRST}, {'G', A_LAST},
	{KEY_FN(KEY_END), A_LAST}, {'/', A_SEARCH}, {'n', A_SEARCH_NEXT}, {'N', A_SEARCH_PREV},
	{'?', A_HELP}, {KEY_FN(KEY_F(1)), A_HELP}, {CTRL('l'), A_REDRAW}, {'q', A_BACK},
	{'Q', A_QUIT}, {0, A_NONE},
};

static const struct binding list[] = {
	{'\n', A_OPEN}, {'h', A_COL_LEFT}, {KEY_FN(KEY_LEFT), A_COL_LEFT}, {'l', A_COL_RIGHT},
	{KEY_FN(KEY_RIGHT), A_COL_RIGHT}, {'[', A_SORT_ASC}, {']', A_SORT_DESC}, {'=', A_SORT_ID},
	{'&', A_LIMIT}, {':', A_GOTO}, {'C', A_COLUMNS}, {'D', A_CLUSTER}, {'S', A_SCORE},
	{'a', A_ACCEPT}, {'r', A_REJECT}, {'c', A_CLEAR}, {'A', A_ACCEPT_WHY}, {'R', A_REJECT_WHY},
	{'+', A_BULK_ACCEPT}, {'-', A_BULK_REJECT}, {'u', A_UNDO}, {'U', A_REDO},
	{CTRL('r'), A_REDO}, {'f', A_FILTER}, {'v', A_QUEUES}, {'t', A_TUNE}, {'E', A_EVAL}, {0, A_NONE},
};

static const struct binding sample[] = {
	{'J', A_NEXT_SAMPLE}, {'K', A_PREV_SAMPLE}, {'D', A_CLUSTER}, {'a', A_ACCEPT},
	{'r', A_REJECT}, {'c', A_CLEAR}, {'A', A_ACCEPT_WHY}, {'R', A_REJECT_WHY},
	{'u', A_UNDO}, {'U', A_REDO}, {CTRL('r'), A_REDO}, {0, A_NONE},
};

static const struct binding queues[] = {
	{'\n', A_OPEN}, {0, A_NONE},
};

static const struct binding columns[] = {
	{'\n', A_TOGGLE}, {'x', A_TOGGLE}, {'d', A_COLUMNS_DEFAULT}, {'C', A_BACK}, {0, A_NONE},
};

static const struct binding eval[] = {
	{'s', A_EVAL_QUICK}, {'T', A_EVAL_GPT}, {'E', A_BACK}, {0, A_NONE},
};

static const struct binding help[] = {
	{0, A_NONE},
};

/* the thresholds view and the screens it opens (ui/view_thresholds.c, view_curator.c,
 * view_overview.c) */
static const struct binding tune[] = {
	{'\t', A_FOCUS}, {'h', A_CUT_DOWN}, {KEY_FN(KEY_LEFT), A_CUT_DOWN}, {'l', A_CUT_UP},
	{KEY_FN(KEY_RIGHT), A_CUT_UP}, {'H', A_CUT_DOWN_BIG}, {'L', A_CUT_UP_BIG},
	{'%', A_CUT_PERCENTILE}, {'=', A_CUT_VALUE}, {'+', A_FILTER_ADD}, {'x', A_FILTER_REMOVE},
	{KEY_FN(KEY_DC), A_FILTER_REMOVE}, {'!', A_FLAG_FLIP}, {'w', A_RANK}, {'b', A_BUDGET},
	{'s', A_SAVE}, {'E', A_EXPORT}, {'V', A_CURATOR}, {'o', A_OVERVIEW}, {'y', A_APPLY_F1},
	{'Y', A_APPLY_J}, {'\n', A_OPEN}, {'a', A_ACCEPT}, {'r', A_REJECT}, {'c', A_CLEAR},
	{'A', A_ACCEPT_WHY}, {'R', A_REJECT_WHY}, {'u', A_UNDO}, {'U', A_REDO}, {CTRL('r'), A_REDO},
	{0, A_NONE},
};

static const struct binding curator[] = {
	{'y', A_APPLY_F1}, {'Y', A_APPLY_J}, {'o', A_OVERVIEW}, {0, A_NONE},
};

static const struct binding overview[] = {
	{'h', A_COL_LEFT}, {KEY_FN(KEY_LEFT), A_COL_LEFT}, {'l', A_COL_RIGHT},
	{KEY_FN(KEY_RIGHT), A_COL_RIGHT}, {'x', A_SCATTER_X}, {'y', A_SCATTER_Y},
	{'\n', A_SCATTER}, {'p', A_SCATTER}, {0, A_NONE},
};

static const struct binding scatter[] = {
	{'h', A_COL_LEFT}, {KEY_FN(KEY_LEFT), A_COL_LEFT}, {'l', A_COL_RIGHT},
	{KEY_FN(KEY_RIGHT), A_COL_RIGHT}, {'m', A_MARKS}, {0, A_NONE},
};

static const struct binding *const maps[KM__COUNT] = {
	[KM_GENERIC] = generic, [KM_LIST] = list, [KM_SAMPLE] = sample, [KM_COLUMNS] = columns,
	[KM_HELP] = help, [KM_QUEUES] = queues, [KM_TUNE] = tune, [KM_CURATOR] = curator,
	[KM_OVERVIEW] = overview, [KM_SCATTER] = scatter, [KM_EVAL] = eval,
};

static const struct {
	int key;
	const char *name;
} names[] = {
	{'\n', "Enter"}, {KEY_ESC, "Esc"}, {'\t', "Tab"}, {' ', "Space"},
	{KEY_FN(KEY_BACKSPACE), "BS"}, {KEY_FN(KEY_DC), "Del"}, {KEY_FN(KEY_UP), "Up"},
	{KEY_FN(KEY_DOWN), "Down"}, {KEY_FN(KEY_LEFT), "Left"}, {KEY_FN(KEY_RIGHT), "Right"},
	{KEY_FN(KEY_NPAGE), "PgDn"}, {KEY_FN(KEY_PPAGE), "PgUp"}, {KEY_FN(KEY_HOME), "Home"},
	{KEY_FN(KEY_END), "End"}, {KEY_FN(KEY_F(1)), "F1"}, {KEY_FN(KEY_RESIZE), "Resize"},
	{'<', "lt"},
};

#define N_NAMES (sizeof(names) / sizeof(names[0]))

const char *
action_help(enum action a)
{
	return a < A__COUNT ? action_helps[a] : "";
}

static enum action
lookup(const struct binding *b, int key)
{
	for (; b->key; b++)
		if (b->key == key)
			return b->a;
	return A_NONE;
}

enum action
keymap_action(enum keymap_id map, int key)
{
	enum action a = map != KM_GENERIC ? lookup(maps[map], key) : A_NONE;

	return a != A_NONE ? a : lookup(generic, key);
}

const char *
keymap_keys(enum keymap_id map, enum action a, char *buf, size_t size)
{
	size_t used = 0;
	char name[32];

	buf[0] = '\0';
	for (const struct binding *b = maps[map]; b->key; b++) {
		if (b->a != a || (map != KM_GENERIC && lookup(maps[map], b->key) != a))
			continue;
		int n = snprintf(buf + used, size - used, "%s%s", used ? " " : "",
				 key_label(b->key, name, sizeof(name)));
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

const char *
key_label(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < N_NAMES; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "<%s>", names[i].name);
			return buf;
		}
	if (key > 0 && key < 0x20)
		snprintf(buf, size, "<C-%c>", 'a' + key - 1);
	else if (key & KEY_FN(0))
		snprintf(buf, size, "<key%d>", key & ~KEY_FN(0));
	else {
		mbstate_t ps;
		memset(&ps, 0, sizeof(ps));
		char mb[MB_LEN_MAX];
		size_t k = wcrtomb(mb, (wchar_t)key, &ps);
		snprintf(buf, size, "%.*s", k == (size_t)-1 ? 1 : (int)k, k == (size_t)-1 ? "?" : mb);
	}
	return buf;
}

bool
key_parse(const char **s, int *key)
{
	const char *p = *s, *end;

	if (*p == '<' && (end = strchr(p, '>')) && end > p + 1) {
		size_t n = (size_t)(end - p - 1);
		*s = end + 1;
		if (n == 3 && p[1] == 'C' && p[2] == '-') {
			*key = CTRL(p[3]);
			return true;
		}
		for (size_t i = 0; i < N_NAMES; i++)
			if (strlen(names[i].name) == n && strncmp(names[i].name, p + 1, n) == 0) {
				*key = names[i].key;
				return true;
			}
		return false;
	}
	return key_parse_char(s, key);
}

bool
key_parse_char(const char **s, int *key)
{
	wchar_t wc;
	mbstate_t ps;
	size_t k;

	memset(&ps, 0, sizeof(ps));
	k = mbrtowc(&wc, *s, strlen(*s), &ps);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		return false;
	*key = (int)wc;
	*s += k;
	return true;
}

int
key_from_curses(int ret, unsigned wch)
{
	if (ret == KEY_CODE_YES) {
		if (wch == KEY_ENTER)
			return '\n';
		return KEY_FN((int)wch);
	}
	if (wch == '\r')
		return '\n';
	if (wch == 127 || wch == 8)
		return KEY_FN(KEY_BACKSPACE);
	return (int)wch;
}
