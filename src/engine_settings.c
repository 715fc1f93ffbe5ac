/* engine_settings.c: settings in the project file (see engine_settings.h); the key of a
 * curator's TUI columns is built here and nowhere else. */
#include "engine_settings.h"

#include <stdlib.h>

#include "engine_internal.h"
#include "store_settings.h"
#include "util/buf.h"

/* "tui.columns:<curator>"; the caller frees. */
static char *
columns_key(const char *curator)
{
	struct buf key = BUF_INIT;

	buf_printf(&key, "tui.columns:%s", curator);
	return buf_take(&key);
}

enum status
engine_tui_columns_load(struct engine *e, const char *curator, char **names, struct err *err)
{
	char *key = columns_key(curator);
	enum status rc = store_setting_get(e->store, key, names, err);

	free(key);
	return rc;
}

enum status
engine_tui_columns_save(struct engine *e, const char *curator, const char *const *names,
			size_t n, struct err *err)
{
	char *key = columns_key(curator);
	struct buf value = BUF_INIT;
	enum status rc;

	for (size_t i = 0; i < n; i++)
		buf_printf(&value, "%s%s", i ? " " : "", names[i]);
	rc = store_setting_put(e->store, key, buf_str(&value), err);
	buf_free(&value);
	free(key);
	return rc;
}
