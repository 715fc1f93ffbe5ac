/* headless.c: the key scripts of `winnow tui --headless --keys FILE`. One command a line:
 *   key K...        keys by name: j, G, <Enter>, <C-d>, <Space>, <Esc>, <PgDn>, <lt>
 *   type TEXT       every character of TEXT (after one space) as a key
 *   dump [LABEL]    print "--- LABEL" and the screen's text to the dump file
 *   resize CxR      change the screen size (a KEY_RESIZE follows)
 *   # ...           a comment
 * The TUI ends after the last line. Owns struct script. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "view.h"

#define LINE_MAX_LEN 4096

struct script {
	FILE *fp;
	char *path;
	size_t line_no;
	int *keys;		/* keys of the current key/type line */
	size_t n_keys, at, cap;
	char pending[LINE_MAX_LEN];	/* a line read ahead but not run yet */
	bool has_pending;
};

enum status
script_open(const char *path, struct script **out, struct err *err)
{
	struct script *s;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");

	*out = NULL;
	if (!fp)
		return err_set(err, ST_IO, "%s: cannot open the key script", path);
	s = xcalloc(1, sizeof(*s));
	s->fp = fp;
	s->path = xstrdup(path);
	*out = s;
	return ST_OK;
}

void
script_close(struct script *s)
{
	if (!s)
		return;
	if (s->fp && s->fp != stdin)
		fclose(s->fp);
	free(s->keys);
	free(s->path);
	free(s);
}

static void
push_key(struct script *s, int key)
{
	if (s->n_keys == s->cap)
		s->keys = xrealloc(s->keys, (s->cap = s->cap ? 2 * s->cap : 64) * sizeof(int));
	s->keys[s->n_keys++] = key;
}

static void
script_fail(struct ui *ui, const char *what, const char *arg)
{
	fprintf(stderr, "winnow tui: %s:%zu: %s '%s'\n", ui->script->path, ui->script->line_no,
		what, arg);
	ui->exit_code = 2;
}

/* Parse a key or type line into the key queue. False on an error (reported). */
static bool
parse_keys(struct ui *ui, const char *args, bool literal)
{
	struct script *s = ui->script;
	const char *p = args;

	s->n_keys = s->at = 0;
	while (*p) {
		const char *at = p;
		int key;
		if (!literal && *p == ' ') {
			p++;
			continue;
		}
		if (!(literal ? key_parse_char(&p, &key) : key_parse(&p, &key))) {
			script_fail(ui, "unknown key", at);
			return false;
		}
		push_key(s, key);
	}
	return true;
}

static bool
read_line(struct script *s, char *buf)
{
	if (s->has_pending) {
		memcpy(buf, s->pending, LINE_MAX_LEN);
		s->has_pending = false;
		return true;
	}
	if (!fgets(buf, LINE_MAX_LEN, s->fp))
		return false;
	s->line_no++;
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

static void
do_dump(struct ui *ui, const char *label)
{
	fprintf(ui->dump, "--- %s\n", *label ? label : "screen");
	draw_dump(ui->dump);
	fflush(ui->dump);
}

static bool
do_resize(struct ui *ui, const char *arg)
{
	int cols, rows;

	if (sscanf(arg, "%dx%d", &cols, &rows) != 2 || cols < 1 || rows < 1 || cols > 1000 ||
	    rows > 1000) {
		script_fail(ui, "bad size (expected COLSxROWS)", arg);
		return false;
	}
	resizeterm(rows, cols);
	push_key(ui->script, KEY_FN(KEY_RESIZE));
	return true;
}

/* Run one line; false at the end of the script or on an error. */
static bool
run_line(struct ui *ui)
{
	struct script *s = ui->script;
	char buf[LINE_MAX_LEN];

	s->n_keys = s->at = 0;
	if (!read_line(s, buf))
		return false;
	if (buf[0] == '#' || buf[0] == '\0')
		return true;
	if (strncmp(buf, "key ", 4) == 0)
		return parse_keys(ui, buf + 4, false);
	if (strncmp(buf, "type ", 5) == 0)
		return parse_keys(ui, buf + 5, true);
	if (strcmp(buf, "dump") == 0 || strncmp(buf, "dump ", 5) == 0) {
		do_dump(ui, buf[4] ? buf + 5 : "");
		return true;
	}
	if (strncmp(buf, "resize ", 7) == 0)
		return do_resize(ui, buf + 7);
	script_fail(ui, "unknown command", buf);
	return false;
}

bool
script_next_key(struct ui *ui, int *key)
{
	struct script *s = ui->script;

	while (s->at >= s->n_keys)
		if (!run_line(ui))
			return false;
	*key = s->keys[s->at++];
	return true;
}

bool
script_take_key(struct ui *ui, int key)
{
	struct script *s = ui->script;
	char buf[LINE_MAX_LEN];

	if (!s)
		return false;
	while (s->at >= s->n_keys) {	/* look ahead, but run only key and type lines */
		if (!read_line(s, buf))
			return false;
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		if (strncmp(buf, "key ", 4) != 0 && strncmp(buf, "type ", 5) != 0) {
			memcpy(s->pending, buf, LINE_MAX_LEN);
			s->has_pending = true;
			return false;
		}
		if (!parse_keys(ui, buf + (buf[0] == 'k' ? 4 : 5), buf[0] == 't'))
			return false;
	}
	if (s->keys[s->at] != key)
		return false;
	s->at++;
	return true;
}
