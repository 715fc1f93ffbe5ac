/* engine_settings.h: what the TUI keeps in the project file's settings table (a key and a
 * text value each; db/store_settings.h): each curator's list columns. */
#ifndef WINNOW_ENGINE_SETTINGS_H
#define WINNOW_ENGINE_SETTINGS_H

#include <stddef.h>

#include "engine.h"

/* The list columns curator chose last in this project (setting tui.columns:<curator>): the
 * names separated by spaces, in display order. The names are not checked against the
 * project's score columns. OUT: *names, the caller's; NULL when nothing was saved. */
enum status
engine_tui_columns_load(struct engine *e, const char *curator, char **names, struct err *err);

/* Save names[0..n) as curator's list columns, committed when it returns. ST_DB with
 * SQLite's message when the project file cannot be written (read-only, or locked past the
 * 5 s busy timeout). */
enum status
engine_tui_columns_save(struct engine *e, const char *curator, const char *const *names,
			size_t n, struct err *err);

#endif
