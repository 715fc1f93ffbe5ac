/* json_text.h: JSON string escaping, byte for byte the same as SQLite's json_quote()
 * (and Python's json.dumps(ensure_ascii=False)), so SQL can rebuild what C packed. */
#ifndef WINNOW_JSON_TEXT_H
#define WINNOW_JSON_TEXT_H

#include <stddef.h>

#include "buf.h"

/* Append s[0..n) as a quoted JSON string. */
void
json_quote(struct buf *b, const char *s, size_t n);

/* s quoted as above, or null when s is NULL. */
void
json_quote_or_null(struct buf *b, const char *s);

#endif
