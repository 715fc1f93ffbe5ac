/* engine_settings.h: settings kept in the project file (a key and a text value each), and
 * the one the TUI keeps there: each curator's list columns. */
#ifndef WINNOW_ENGINE_SETTINGS_H
#define WINNOW_ENGINE_SETTINGS_H

#include <stddef.h>

#include "engine.h"

/* OUT: *value, the caller's string; NULL (and ST_OK) when key was never set. */
enum status
engine_setting_get(struct engine *e, const char *key, char **value, struct err *err);

/* Set key to value (replacing it), committed when it returns. ST_DB with SQLite's message
 * when the project file cannot be written (read-only, locked past the 5 s timeout). */
enum status
engine_setting_put(struct engine *e, const char *key, const char *value, struct err *err);

/* The list columns curator chose last in this project (setting tui.columns:<curator>): the
 * names separated by spaces, in display order. The names are not checked against the
 * project's score columns. OUT: *names, the caller's; NULL when nothing was saved. */
enum status
engine_tui_columns_load(struct engine *e, const char *curator, char **names, struct err *err);

/* Save names[0..n) as curator's list columns, committed when it returns. Errors as
 * engine_setting_put. */
enum status
engine_tui_columns_save(struct engine *e, const char *curator, const char *const *names,
			size_t n, struct err *err);

#endif
