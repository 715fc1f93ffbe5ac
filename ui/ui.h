/* ui.h: the curses front end's one entry point. `winnow tui` and `winnow` with no
 * command call ui_run; everything else in ui/ is private to it. */
#ifndef WINNOW_UI_H
#define WINNOW_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine.h"

struct ui_opts {
	const char *project;		/* the project file as the user named it (for display) */
	const char *const *files;	/* dataset files to import and score first */
	size_t n_files;
	bool headless;			/* no terminal: keys from a script, screens to dump */
	const char *keys;		/* headless: the key script ("-": standard input) */
	FILE *dump;			/* headless: where screens go */
	int cols, rows;			/* headless: the screen size */
};

/* Run the TUI on an open project until the user quits (or the key script ends).
 * Returns the process exit code: 0, 2 for a usage error (no terminal, a bad key
 * script), 130 when an import was cancelled; other errors are shown on screen and
 * repeated on stderr after the screen is restored. */
int
ui_run(struct engine *e, const struct ui_opts *o);

#endif
