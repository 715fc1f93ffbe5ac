/* store_settings.h: small named settings kept in the project file (table settings, one
 * text value per key), such as a curator's list columns in the TUI. */
#ifndef WINNOW_STORE_SETTINGS_H
#define WINNOW_STORE_SETTINGS_H

#include "store.h"

/* OUT: *value, the caller's string; NULL (and ST_OK) when key was never set. */
enum status
store_setting_get(struct store *st, const char *key, char **value, struct err *err);

/* Set key to value, replacing an older value; committed when it returns unless the caller
 * holds a transaction. ST_DB with SQLite's message when the file cannot be written (a
 * read-only file, a lock held past the busy timeout). */
enum status
store_setting_put(struct store *st, const char *key, const char *value, struct err *err);

#endif
