/* json_text.c: JSON string escaping (see json_text.h). */
#include "json_text.h"

#include <string.h>

void
json_quote(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	buf_reserve(b, n + 2);
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *short_esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
				      : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '\b' ? "\\b"
				      : c == '\f' ? "\\f" : NULL;
		if (short_esc) {
			buf_append(b, short_esc, 2);
		} else if (c < 0x20) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_append(b, e, 6);
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

void
json_quote_or_null(struct buf *b, const char *s)
{
	if (s)
		json_quote(b, s, strlen(s));
	else
		buf_puts(b, "null");
}
